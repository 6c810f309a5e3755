"""Search providers of 意见征集 and 重大行政决策 (registered from DecisionsConfig.ready)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.urls import reverse

from gongkai.core.kit.search import EntryData, SearchProvider, register
from gongkai.decisions.models import MajorDecision, PublicConsultation
from gongkai.decisions.selectors import consultations_public, decisions_public


def consultation_entry(object_id: int) -> EntryData | None:
    c = consultations_public().filter(pk=object_id).first()
    if c is None:
        return None
    return EntryData(
        title=c.title,
        url=reverse("yjzj:detail", args=[c.uid]),
        body="\n".join([c.explanation, c.draft_text, c.report_summary]),
        organ_id=c.decision.organ_id,
        published_date=c.announced_at.date() if c.announced_at else c.opens_on,
    )


def decision_entry(object_id: int) -> EntryData | None:
    d = decisions_public().filter(pk=object_id).first()
    if d is None:
        return None
    return EntryData(
        title=d.title,
        url=reverse("zdjc:detail", args=[d.uid]),
        body="\n".join([d.explanation, d.decision_text or d.draft_text]),
        organ_id=d.organ_id,
        published_date=d.published_date,
    )


def _ids(qs: object, object_ids: Iterable[int]) -> set[int]:
    return set(qs.filter(pk__in=list(object_ids)).values_list("pk", flat=True))  # type: ignore[attr-defined]


def _all(qs: object) -> Iterator[int]:
    return iter(list(qs.order_by("pk").values_list("pk", flat=True)))  # type: ignore[attr-defined]


def register_providers() -> None:
    register(
        SearchProvider(
            kind="consultation",
            label="意见征集",
            entry_for=consultation_entry,
            public_ids=lambda ids: _ids(consultations_public(), ids),
            all_ids=lambda: _all(consultations_public()),
            model=PublicConsultation,
        )
    )
    register(
        SearchProvider(
            kind="major_decision",
            label="重大行政决策",
            entry_for=decision_entry,
            public_ids=lambda ids: _ids(decisions_public(), ids),
            all_ids=lambda: _all(decisions_public()),
            model=MajorDecision,
        )
    )
