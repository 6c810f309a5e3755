"""Keep the index in step with every module's public items (connected in SearchConfig.ready).

Modules announce every public change after commit through the kit's generic signal
(gongkai.core.kit.hooks.public_change: published, withdrawn, repealed, expired, updated);
the entry of each search provider registered for the sender's model is then rebuilt from
what the provider says is public, or removed.
"""

from __future__ import annotations

import logging
from typing import Any

from gongkai.core.kit.hooks import public_change, public_changes
from gongkai.core.kit.search import providers
from gongkai.search.services import search_entries_refresh, search_entry_refresh

logger = logging.getLogger(__name__)

DISPATCH_UID = "gongkai.search.public_change"


def on_public_change(sender: Any, instance: Any, change: str, **kwargs: Any) -> None:
    if kwargs.get("batched"):
        return  # handled by on_public_changes
    for provider in providers():
        if provider.model is None or not isinstance(instance, provider.model):
            continue
        try:
            search_entry_refresh(kind=provider.kind, object_id=instance.pk)
        except Exception:  # noqa: BLE001 — committed already; reindex_all repairs, and the
            # selector never shows an entry whose item is not public.
            logger.exception("search index of %s %s after %s", provider.kind, instance.pk, change)


def on_public_changes(sender: Any, changes: list[tuple[Any, str]], **kwargs: Any) -> None:
    """A chunk of bulk work (kit.hooks.send_public_changes): each kind indexed in one pass,
    inside the caller's transaction (an error rolls the chunk back: nothing half-indexed)."""
    for provider in providers():
        model = provider.model
        if model is None:
            continue
        ids = [instance.pk for instance, _change in changes if isinstance(instance, model)]
        if ids:
            search_entries_refresh(kind=provider.kind, object_ids=ids)


def connect() -> None:
    public_change.connect(on_public_change, dispatch_uid=DISPATCH_UID)
    public_changes.connect(on_public_changes, dispatch_uid=f"{DISPATCH_UID}s")
