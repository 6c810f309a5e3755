"""Reads of documents: staff visibility, inboxes (待办) and the public list."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import has_role, organs_for_role
from gongkai.calendars.models import Clock
from gongkai.documents import gates
from gongkai.documents.clocks import ClockKind
from gongkai.documents.models import (
    Attachment,
    Attribute,
    ConfidentialityReview,
    Document,
    ReviewOutcome,
    StatutoryItem,
    Topic,
)
from gongkai.documents.permissions import scope_documents
from gongkai.documents.workflow import CONFIDENTIALITY_REVIEW_STATES, Status
from gongkai.organizations.models import Organ


def documents_visible_to(user: Any) -> QuerySet[Document]:
    return scope_documents(user, Document.objects.all()).select_related(
        "organ", "drafting_organ", "topic"
    )


def _publication_clocks() -> QuerySet[Clock]:
    return Clock.objects.filter(
        subject_type=ContentType.objects.get_for_model(Document),
        subject_id=OuterRef("pk"),
        kind=ClockKind.PUBLICATION,
        closed_on__isnull=True,
    )


def with_publication_due(qs: QuerySet[Document]) -> QuerySet[Document]:
    from django.db.models import Subquery

    return qs.annotate(publication_due=Subquery(_publication_clocks().values("due_date")[:1]))


def overdue_publications(qs: QuerySet[Document], today: date) -> QuerySet[Document]:
    """G7: issued proactive documents past their 20-working-day publication deadline."""
    return with_publication_due(qs.filter(status=Status.ISSUED)).filter(publication_due__lt=today)


@dataclass
class InboxSection:
    key: str
    title: Any
    documents: list[Document] = field(default_factory=list)


def inbox_for(user: Any, today: date) -> list[InboxSection]:
    """The 待办 of each role the user holds, most urgent first."""
    base = with_publication_due(documents_visible_to(user))
    sections: list[InboxSection] = []

    def add(key: str, title: Any, qs: QuerySet[Document]) -> None:
        sections.append(InboxSection(key, title, list(qs.order_by("updated_at")[:200])))

    clerk_organs = organs_for_role(user, Role.CLERK)
    if clerk_organs:
        add(
            "returned",
            _("被退回待修改"),
            base.filter(organ_id__in=clerk_organs, status=Status.RETURNED),
        )
        add("drafts", _("草稿"), base.filter(organ_id__in=clerk_organs, status=Status.DRAFT))
    openness = organs_for_role(user, Role.OPENNESS_OFFICER)
    if openness:
        add(
            "disclosure_review",
            _("待公开属性审查"),
            base.filter(organ_id__in=openness, status=Status.DISCLOSURE_REVIEW),
        )
        passed = ConfidentialityReview.objects.filter(
            document=OuterRef("pk"), outcome=ReviewOutcome.PASS
        )
        add(
            "to_publish",
            _("待发布（已通过保密审查）"),
            _still_reviewed(
                base.filter(
                    organ_id__in=openness, status=Status.ISSUED, attribute=Attribute.PROACTIVE
                ).filter(Exists(passed))
            ),
        )
        add(
            "overdue",
            _("超过20个工作日未发布"),
            overdue_publications(base.filter(organ_id__in=openness), today),
        )
    legal = organs_for_role(user, Role.LEGAL)
    if legal:
        add(
            "legality",
            _("待合法性审核"),
            base.filter(organ_id__in=legal, status=Status.LEGALITY_REVIEW),
        )
    heads = organs_for_role(user, Role.HEAD)
    if heads:
        add("signoff", _("待审签"), base.filter(organ_id__in=heads, status=Status.SIGNOFF))
        issued = base.filter(organ_id__in=heads, status=Status.ISSUED)
        add(
            "re_sign_off",
            _("成文后有变动待重新审签"),
            issued.filter(pk__in=[d.pk for d in issued if gates.changed_since_signed(d)]),
        )
    if has_role(user, Role.GOVERNMENT_OFFICE):
        add("government_office", _("待审核代拟稿"), base.filter(status=Status.GOVERNMENT_OFFICE))
    confidentiality = organs_for_role(user, Role.CONFIDENTIALITY)
    if confidentiality:
        candidates = base.filter(
            organ_id__in=confidentiality,
            status__in=CONFIDENTIALITY_REVIEW_STATES,
            attribute=Attribute.PROACTIVE,
        )
        add(
            "confidentiality",
            _("待保密审查"),
            candidates.filter(pk__in=[d.pk for d in candidates if needs_confidentiality_review(d)]),
        )
    return sections


def _still_reviewed(qs: QuerySet[Document]) -> QuerySet[Document]:
    """Those whose passed review still covers every current item."""
    return qs.filter(pk__in=[d.pk for d in qs if not needs_confidentiality_review(d)])


def needs_confidentiality_review(document: Document) -> bool:
    """No review yet, or the latest one does not cover the current body and attachments
    (an attachment added or replaced after 保密审查 needs a new review: 逐项审查, G6)."""
    latest = document.confidentiality_reviews.order_by("-created_at", "-id").first()
    if latest is None:
        return True
    return bool(set(gates.confidentiality_items(document)) - set(latest.items))


def documents_public() -> QuerySet[Document]:
    """The only home of public visibility: published documents."""
    return Document.objects.filter(status=Status.PUBLISHED).select_related(
        "organ", "drafting_organ", "topic"
    )


@dataclass(frozen=True)
class PublicFilters:
    organ: int | None = None
    topic: int | None = None
    year: int | None = None
    validity: str | None = None


def documents_public_list(filters: PublicFilters, today: date) -> QuerySet[Document]:
    qs = documents_public()
    if filters.organ:
        qs = qs.filter(Q(organ_id=filters.organ) | Q(co_organs=filters.organ)).distinct()
    if filters.topic:
        qs = qs.filter(Q(topic_id=filters.topic) | Q(topic__parent_id=filters.topic))
    if filters.year:
        qs = qs.filter(published_date__year=filters.year)
    if filters.validity:
        from gongkai.documents.models import Validity

        if filters.validity == Validity.VALID:
            qs = qs.filter(validity=Validity.VALID).filter(
                Q(expires_on__isnull=True) | Q(expires_on__gt=today)
            )
        elif filters.validity == Validity.EXPIRED:
            qs = qs.filter(
                Q(validity=Validity.EXPIRED) | Q(validity=Validity.VALID, expires_on__lte=today)
            )
        else:
            qs = qs.filter(validity=filters.validity)
    return qs.order_by("-published_date", "-id")


def public_document(index_or_pk: str, **annotations: Any) -> Document | None:
    """The published document with this uid, with what its page shows beside it (organ,
    topic and its 大类) and any `annotations`: one query, no ORDER BY on a unique lookup."""
    if len(index_or_pk) != 36:
        return None
    found = documents_public().select_related("topic__parent").filter(uid=index_or_pk)
    return next(iter(found.annotate(**annotations).order_by()[:1]), None)


def public_attachment(attachment_id: int) -> Attachment | None:
    """An attachment of a published document, or None (drafts, withdrawn: never served)."""
    return (
        Attachment.objects.select_related("document")
        .filter(pk=attachment_id, document__in=documents_public().values("pk"))
        .first()
    )


# The filter options below answer "which organs / topics / years have a published
# document?" with one index probe per candidate (EXISTS on the (status, …) indexes of
# Document) instead of a scan of every public document: a district has tens of organs and
# topics and a portal tens of years, while it may hold a million documents.


def _published(**lookups: Any) -> Exists:
    return Exists(Document.objects.filter(status=Status.PUBLISHED, **lookups))


def public_organs() -> list[Organ]:
    """Lead and joint issuing organs (发文机关) of published documents."""
    joint = Document.co_organs.through.objects.filter(
        organ_id=OuterRef("pk"), document__status=Status.PUBLISHED
    )
    return list(
        Organ.objects.filter(_published(organ_id=OuterRef("pk")) | Exists(joint)).order_by(
            "sort_order", "id"
        )
    )


def public_topics() -> list[Topic]:
    """主题分类 used by published documents, each 大类 followed by its 小类.

    A 大类 is listed even when only its 小类 are used: filtering by it matches both.
    """
    used = list(
        Topic.objects.filter(_published(topic_id=OuterRef("pk"))).values_list("pk", "parent_id")
    )
    wanted = {pk for pk, _ in used} | {parent for _, parent in used if parent}
    topics = list(Topic.objects.select_related("parent").filter(pk__in=wanted))
    by_id = {topic.pk: topic for topic in topics}

    def key(topic: Topic) -> tuple[int, int, int, int]:
        parent = by_id.get(topic.parent_id) if topic.parent_id else None
        if parent is None:
            return (topic.sort_order, topic.pk, -1, 0)
        return (parent.sort_order, parent.pk, topic.sort_order, topic.pk)

    return sorted(topics, key=key)


def public_years() -> list[int]:
    """Years of 发布日期 that have published documents, newest first."""
    published = Document.objects.filter(status=Status.PUBLISHED, published_date__isnull=False)
    dates = published.values_list("published_date", flat=True)
    first, last = (
        dates.order_by("published_date").first(),
        dates.order_by("-published_date").first(),
    )
    if first is None or last is None:
        return []
    return [
        year
        for year in range(last.year, first.year - 1, -1)
        if published.filter(
            published_date__gte=date(year, 1, 1), published_date__lte=date(year, 12, 31)
        ).exists()
    ]


def statutory_items_of(document: Document) -> list[str]:
    """Item codes the document is filed under, in statutory order."""
    codes = set(document.statutory_tags.values_list("item_code", flat=True))
    return [code for code in StatutoryItem.values if code in codes]


def statutory_labels_of(document: Document) -> list[str]:
    labels = dict(StatutoryItem.choices)
    return [str(labels[code]) for code in statutory_items_of(document)]
