"""政府会议 on the portal (80号细则 一（二）: the website's 政府会议 column): its column, feed,
sitemap section and static pages (its search provider: gongkai.meetings.search).

Registered from MeetingsConfig.ready (`columns.register()`). The list (/zfhy/) and each
meeting's page are published as static files; the attendance form (/zfhy/apply/…) carries
a form token and is always served by Django. A public change of a meeting (announced,
held, published, updated, cancelled) re-renders its page, the list, the feeds and the
sitemap, and refreshes its search entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit import hooks
from gongkai.core.kit.columns import (
    CanonicalSitemap,
    Column,
    FeedEntry,
    feed_paths,
    register_sitemap,
    section_path,
)
from gongkai.decisions.models import MajorDecision
from gongkai.decisions.selectors import decisions_public
from gongkai.meetings.models import Meeting
from gongkai.meetings.selectors import meetings_public
from gongkai.meetings.workflow import Status

KEY = "zfhy"
SITEMAP_SECTION = "meetings"


def detail_path(meeting: Meeting) -> str:
    return reverse("zfhy:detail", args=[meeting.uid])


def _feed_date(meeting: Meeting) -> Any:
    return meeting.published_at or meeting.held_at or meeting.announced_at or meeting.updated_at


def feed(limit: int) -> Sequence[FeedEntry]:
    entries = []
    meetings = meetings_public().exclude(status=Status.CANCELLED).order_by("-updated_at", "-id")
    for meeting in meetings[:limit]:
        published = _feed_date(meeting)
        text = meeting.press_release if meeting.status == Status.PUBLISHED else ""
        entries.append(
            FeedEntry(
                title=meeting.title,
                path=detail_path(meeting),
                description=Truncator(" ".join(text.split())).chars(200)
                or timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M ")
                + meeting.location,
                published=published,
                updated=max(published, meeting.updated_at),
                uid=str(meeting.uid),
                author=meeting.organ.name,
                categories=(str(meeting.get_kind_display()),),
            )
        )
    return entries


class MeetingSitemap(CanonicalSitemap):
    def items(self) -> Any:
        return meetings_public().select_related(None).order_by("pk").only("pk", "uid", "updated_at")

    def location(self, item: Meeting) -> str:
        return detail_path(item)

    def lastmod(self, item: Meeting) -> Any:
        return item.updated_at


def _column_paths() -> set[str]:
    return {
        reverse("zfhy:list"),
        *feed_paths(KEY),
        section_path(SITEMAP_SECTION),
        reverse("portal:sitemap"),
    }


def static_paths() -> Iterable[str]:
    """The column's published pages: none until a meeting is public (the column is not
    shown before); page 1 of the list and every public meeting's page."""
    uids = list(meetings_public().order_by("pk").values_list("uid", flat=True))
    if uids:
        yield reverse("zfhy:list")
    for uid in uids:
        yield reverse("zfhy:detail", args=[uid])


def change_paths(instance: Any, change: str) -> set[str]:
    """Hook `public_change_paths`: the pages a public change affects. A meeting: its page, the
    column's list, feeds and sitemap, and the public pages of the 重大行政决策 its items
    discuss (their trail links the meeting). A decision: the public meetings whose items
    discuss it (their pages link the decision)."""
    if isinstance(instance, Meeting):
        decision_ids = {
            pk for pk in instance.items.values_list("major_decision_id", flat=True) if pk
        }
        decisions = (
            decisions_public().filter(pk__in=decision_ids).values_list("uid", flat=True)
            if decision_ids
            else []
        )
        return (
            {detail_path(instance)}
            | _column_paths()
            | {reverse("zdjc:detail", args=[uid]) for uid in decisions}
        )
    if isinstance(instance, MajorDecision):
        meetings = meetings_public().filter(items__major_decision=instance).distinct()
        return {detail_path(meeting) for meeting in meetings}
    return set()


def has_meetings() -> bool:
    return meetings_public().exclude(status=Status.CANCELLED).exists()


def register() -> None:
    """Called from MeetingsConfig.ready(); idempotent."""
    from django.apps import apps

    hooks.register(
        "portal_columns",
        Column(
            key=KEY,
            title=_("政府会议"),
            url_name="zfhy:list",
            parent="xxgk",
            order=55,
            nav=35,
            description=_(
                "政府常务会议、全体会议、专题会议和部门部务会议的预告、公众列席报名和会议结果。"
            ),
            available=has_meetings,
            feed=feed,
        ),
        key=KEY,
    )
    register_sitemap(SITEMAP_SECTION, MeetingSitemap)
    if apps.is_installed("gongkai.publishing"):
        hooks.register("public_change_paths", change_paths, key="meetings")
        hooks.register("public_paths", static_paths, key="meetings")
