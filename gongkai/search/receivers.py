"""Keep the index in step with documents (connected in SearchConfig.ready).

documents announces every public change after commit (published, withdrawn, repealed,
expired, updated: gongkai.documents.signals.document_public_change); the index entry is
then rebuilt from what documents.selectors says is public, or removed.
"""

from __future__ import annotations

import logging
from typing import Any

from gongkai.documents.models import Document
from gongkai.documents.signals import document_public_change
from gongkai.search.providers import DOCUMENT
from gongkai.search.services import search_entry_refresh

logger = logging.getLogger(__name__)

DISPATCH_UID = "gongkai.search.document"


def on_document_public_change(sender: Any, document: Document, change: str, **kwargs: Any) -> None:
    try:
        search_entry_refresh(kind=DOCUMENT, object_id=document.pk)
    except Exception:  # noqa: BLE001 — committed already; reindex_all repairs, and the
        # selector never shows an entry whose document is not public.
        logger.exception("search index of document %s after %s", document.pk, change)


def connect() -> None:
    document_public_change.connect(on_document_public_change, dispatch_uid=DISPATCH_UID)
