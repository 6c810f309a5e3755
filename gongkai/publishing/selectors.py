"""Reads for the public site beyond the documents' lists (gongkai.documents.lists): the
指南's organs and topics, and a document's position in a list (static publishing).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gongkai.documents.models import Document, Topic
from gongkai.organizations.models import Organ


def openness_offices() -> list[Organ]:
    """Organs whose 政府信息公开工作机构 the 指南 lists (条例第十二条), in the organs' order."""
    return list(
        Organ.objects.filter(is_active=True).select_related("parent").order_by("sort_order", "id")
    )


def topic_tree() -> list[tuple[Topic, list[Topic]]]:
    """主题分类 (大类 with their 小类) as administrators keep them: the 指南's classification."""
    topics = list(Topic.objects.filter(is_active=True).order_by("sort_order", "id"))
    children: dict[int, list[Topic]] = {}
    for topic in topics:
        if topic.parent_id:
            children.setdefault(topic.parent_id, []).append(topic)
    return [(t, children.get(t.pk, [])) for t in topics if t.parent_id is None]


def rank_in(members: QuerySet[Document], document: Document, *, limit: int | None = None) -> int:
    """How many members of a newest-first list come before `document` (its 0-based position,
    or the position it had before it left the list); at most ``limit`` when given (a
    position past the published pages, the feed and the home page is just "deep", and
    counting a million rows to say so costs a tenth of a second)."""
    if document.published_date is None:
        return 0
    before = Q(published_date__gt=document.published_date) | Q(
        published_date=document.published_date, pk__gt=document.pk
    )
    newer = members.filter(before).order_by()  # counted, not listed: no sort
    if limit is not None:
        newer = newer[:limit]
    return newer.count()
