"""The search providers of published documents (公文) and 政策解读, reading their modules'
selectors only."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from django.urls import reverse
from django.utils import timezone

from gongkai.core.kit.search import EntryData, SearchProvider, register
from gongkai.documents.models import Document
from gongkai.documents.selectors import documents_public
from gongkai.interpretations.models import Interpretation
from gongkai.interpretations.selectors import interpretations_public

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


def register_document_provider() -> None:
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


INTERPRETATION = "interpretation"


def interpretation_entry(object_id: int) -> EntryData | None:
    """The searchable view of a published 政策解读; None if it is not public."""
    interpretation = (
        interpretations_public().filter(pk=object_id).prefetch_related("documents").first()
    )
    if interpretation is None:
        return None
    public_documents = [d for d in interpretation.documents.all() if d.status == "published"]
    parts = [interpretation.body, *(d.title for d in public_documents)]
    return EntryData(
        title=interpretation.title,
        url=reverse("zcjd:detail", args=[interpretation.uid]),
        reference="、".join(d.doc_number for d in public_documents if d.doc_number),
        body="\n".join(part for part in parts if part),
        organ_id=interpretation.organ_id,
        published_date=interpretation.published_date,
    )


def public_interpretation_ids(object_ids: Iterable[int]) -> set[int]:
    return set(
        interpretations_public().filter(pk__in=list(object_ids)).values_list("pk", flat=True)
    )


def all_public_interpretation_ids() -> Iterator[int]:
    return (
        interpretations_public()
        .order_by("pk")
        .values_list("pk", flat=True)
        .iterator(chunk_size=2000)
    )


def register_interpretation_provider() -> None:
    register(
        SearchProvider(
            kind=INTERPRETATION,
            label="政策解读",
            entry_for=interpretation_entry,
            public_ids=public_interpretation_ids,
            all_ids=all_public_interpretation_ids,
            model=Interpretation,
        )
    )
