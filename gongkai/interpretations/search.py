"""The search provider of published 政策解读 (title, body, the titles and 文号 of the public
documents it interprets). Registered from InterpretationsConfig.ready."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.urls import reverse

from gongkai.core.kit.search import EntryData, SearchProvider, register
from gongkai.interpretations.models import Interpretation
from gongkai.interpretations.selectors import interpretations_public

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


def register_provider() -> None:
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
