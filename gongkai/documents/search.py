"""The search provider of published documents (公文): what the full-text index holds of
each (title, 索引号, 文号, summary, keywords, body, attachment texts, organs, topic, validity).
Registered from DocumentsConfig.ready; the search app indexes and queries what it says."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from django.urls import reverse
from django.utils import timezone

from gongkai.core.kit.search import EntryData, SearchProvider, register
from gongkai.documents.models import Document
from gongkai.documents.selectors import documents_public

DOCUMENT = "document"


def document_entry(object_id: int) -> EntryData | None:
    """The searchable view of a published document; None if it is not public."""
    return document_entries([object_id]).get(object_id)


def document_entries(object_ids: Iterable[int]) -> dict[int, EntryData]:
    """The searchable views of the public documents among ``object_ids`` (three queries)."""
    documents = documents_public().filter(pk__in=list(object_ids))
    today = timezone.localdate()
    return {
        document.pk: _entry(document, today)
        for document in documents.prefetch_related("co_organs", "attachments")
    }


def _entry(document: Document, today: date) -> EntryData:
    # 索引号 is searchable (a visitor copies it from a page or a letter).
    parts = [document.index_number or "", document.summary, document.keywords, document.body]
    for attachment in document.attachments.all():
        parts += [attachment.title, attachment.text]
    return EntryData(
        title=document.title,
        url=reverse("portal:document_detail", args=[document.uid]),
        reference=document.doc_number,
        body="\n".join(part for part in parts if part),
        organ_id=document.organ_id,
        co_organ_ids=tuple(organ.pk for organ in document.co_organs.all()),
        topic_id=document.topic_id,
        published_date=document.published_date,
        validity=document.effective_validity(today),
    )


def public_document_ids(object_ids: Iterable[int]) -> set[int]:
    return set(documents_public().filter(pk__in=list(object_ids)).values_list("pk", flat=True))


def all_public_document_ids() -> Iterator[int]:
    return documents_public().order_by("pk").values_list("pk", flat=True).iterator(chunk_size=2000)


def register_provider() -> None:
    register(
        SearchProvider(
            kind=DOCUMENT,
            label="政策文件",
            entry_for=document_entry,
            entries_for=document_entries,
            public_ids=public_document_ids,
            all_ids=all_public_document_ids,
            model=Document,
        )
    )
