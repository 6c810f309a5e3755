"""Reads of interpretations: staff visibility, the public column, copy checks, monitoring."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from gongkai.documents.models import Document
from gongkai.documents.selectors import documents_public
from gongkai.interpretations.models import Interpretation
from gongkai.interpretations.permissions import monitored_organs, scope_interpretations
from gongkai.interpretations.workflow import Status, missing_core_elements
from gongkai.lib.overlap import Overlap, copied_share
from gongkai.lib.workdays import WorkCalendar, workdays_between

DEFAULT_COPY_WARN = 0.5
DEFAULT_MAX_DELAY_WORKDAYS = 0


def copy_warn_threshold() -> float:
    return float(getattr(settings, "GONGKAI_INTERPRETATION_COPY_WARN", DEFAULT_COPY_WARN))


def max_delay_workdays() -> int:
    return int(
        getattr(settings, "GONGKAI_INTERPRETATION_MAX_DELAY_WORKDAYS", DEFAULT_MAX_DELAY_WORKDAYS)
    )


# --- staff ------------------------------------------------------------------------------------


def interpretations_visible_to(user: Any) -> QuerySet[Interpretation]:
    return scope_interpretations(user, Interpretation.objects.all()).select_related(
        "organ", "signed_off_by"
    )


def interpretations_for_document(user: Any, document: Document) -> QuerySet[Interpretation]:
    return interpretations_visible_to(user).filter(documents=document).order_by("created_at", "id")


# --- 避免简单摘抄 ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CopyCheck:
    overlap: Overlap
    threshold: float

    @property
    def warns(self) -> bool:
        return self.overlap.total > 0 and self.overlap.ratio > self.threshold

    @property
    def percent(self) -> int:
        return self.overlap.percent

    @property
    def message(self) -> str:
        return (
            f"解读正文约{self.percent}%的内容与所解读文件原文相同，"
            f"超过{round(self.threshold * 100)}%的提示线。政策解读应阐释背景依据、目标任务、"
            "执行标准等，避免简单摘抄文件内容（《实施细则》二）。"
        )


def source_texts(interpretation: Interpretation) -> list[str]:
    """The documents' bodies and attachment texts the interpretation is compared with."""
    texts: list[str] = []
    for document in interpretation.documents.prefetch_related("attachments"):
        texts.append(document.body)
        texts.extend(a.text for a in document.attachments.all() if a.text)
    return texts


def copy_check(interpretation: Interpretation) -> CopyCheck:
    overlap = copied_share(interpretation.body, source_texts(interpretation))
    return CopyCheck(overlap=overlap, threshold=copy_warn_threshold())


def review_warnings(interpretation: Interpretation, check: CopyCheck | None = None) -> list[str]:
    """Warnings (never refusals) shown to the head at sign-off and after it."""
    check = check or copy_check(interpretation)
    warnings = [check.message] if check.warns else []
    missing = missing_core_elements(interpretation.elements)
    if missing:
        names = "、".join(str(e.label) for e in missing)
        warnings.append(f"解读未勾选以下基本内容要素：{names}。")
    return warnings


# --- the public column 政策性文件解读 ------------------------------------------------------------


def interpretations_public() -> QuerySet[Interpretation]:
    """The only home of public visibility: published interpretations."""
    return Interpretation.objects.filter(status=Status.PUBLISHED).select_related("organ")


def public_interpretations_list() -> QuerySet[Interpretation]:
    return (
        interpretations_public()
        .prefetch_related(
            Prefetch("documents", queryset=documents_public().order_by("-published_date", "-id"))
        )
        .order_by("-published_date", "-published_at", "-id")
    )


def public_interpretation(uid: str) -> Interpretation | None:
    return interpretations_public().filter(uid=uid).prefetch_related("media").first()


def public_documents_of(interpretation: Interpretation) -> QuerySet[Document]:
    """关联文件 shown on the portal: only the linked documents that are public themselves."""
    return (
        documents_public().filter(interpretations=interpretation).order_by("-published_date", "-id")
    )


def published_interpretations_for(document: Document) -> QuerySet[Interpretation]:
    """相关解读 of a public document page."""
    return interpretations_public().filter(documents=document).order_by("published_at", "id")


def has_published_interpretation() -> Exists:
    """For annotating documents (``OuterRef("pk")``): whether one has a published 解读.
    The portal's detail page asks it with the document and skips 相关解读 without one."""
    return Exists(_published_interpretation_of_document())


# --- monitoring --------------------------------------------------------------------------------


def _published_interpretation_of_document() -> QuerySet[Interpretation]:
    return Interpretation.objects.filter(documents=OuterRef("pk"), status=Status.PUBLISHED)


def policy_documents_lacking_interpretation(user: Any) -> QuerySet[Document]:
    """Published 政策性/规范性 documents without a published interpretation (G8 after the fact)."""
    qs = documents_public().filter(Q(is_policy=True) | Q(is_normative=True))
    organs = monitored_organs(user)
    if organs is not None:
        # An adopted 代拟稿 is the government's, but its drafting department interprets it.
        qs = qs.filter(Q(organ_id__in=organs) | Q(drafting_organ_id__in=organs))
    return qs.filter(~Exists(_published_interpretation_of_document())).order_by(
        "-published_date", "-id"
    )


@dataclass
class LateInterpretation:
    interpretation: Interpretation
    document: Document
    delay_workdays: int
    documents: list[Document] = field(default_factory=list)


def late_interpretations(user: Any, cal: WorkCalendar) -> list[LateInterpretation]:
    """Interpretations published more than the allowed working days after their document.

    The delay is counted from the earliest publication of a linked document
    (settings.GONGKAI_INTERPRETATION_MAX_DELAY_WORKDAYS; 0 means the same day, 三同步).
    """
    limit = max_delay_workdays()
    qs = interpretations_public().filter(published_date__isnull=False)
    organs = monitored_organs(user)
    if organs is not None:
        qs = qs.filter(organ_id__in=organs)
    qs = qs.prefetch_related(
        Prefetch(
            "documents",
            queryset=Document.objects.filter(published_date__isnull=False).order_by(
                "published_date", "id"
            ),
            to_attr="dated_documents",
        )
    ).order_by("-published_date", "-id")
    rows: list[LateInterpretation] = []
    for interpretation in qs:
        dated: list[Document] = interpretation.dated_documents  # type: ignore[attr-defined]
        if not dated:
            continue
        first = dated[0]
        published: date = interpretation.published_date  # type: ignore[assignment]
        delay = workdays_between(cal, first.published_date, published)  # type: ignore[arg-type]
        if delay > limit:
            rows.append(LateInterpretation(interpretation, first, delay, dated))
    return rows
