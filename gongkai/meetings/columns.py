"""政府会议 on the portal (80号细则 一（二）: the website's 政府会议 column): its column, feed,
sitemap section, static pages and search provider.

Registered from MeetingsConfig.ready (`columns.register()`). The list (/zfhy/) and each
meeting's page are published as static files; the attendance form (/zfhy/apply/…) carries
a form token and is always served by Django. A public change of a meeting (announced,
held, published, updated, cancelled) re-renders its page, the list, the feeds and the
sitemap, and refreshes its search entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
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
from gongkai.meetings.models import Meeting
from gongkai.meetings.selectors import meetings_public
from gongkai.meetings.workflow import Status

KEY = "zfhy"
SITEMAP_SECTION = "meetings"
SEARCH_KIND = "meeting"


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
    """Hook `public_change_paths`: the pages of this column a public change affects."""
    if isinstance(instance, Meeting):
        return {detail_path(instance)} | _column_paths()
    return set()


def has_meetings() -> bool:
    return meetings_public().exclude(status=Status.CANCELLED).exists()


# --- search --------------------------------------------------------------------------------


def meeting_entry(object_id: int) -> Any:
    from gongkai.core.kit.search import EntryData

    meeting = meetings_public().filter(pk=object_id).prefetch_related("items").first()
    if meeting is None:
        return None
    parts = [meeting.get_kind_display(), meeting.location]
    for item in meeting.items.all():
        if item.is_open:
            parts += [item.title, item.summary]
            if meeting.status == Status.PUBLISHED:
                parts.append(item.decision)
    if meeting.status == Status.PUBLISHED:
        parts.append(meeting.press_release)
    date = meeting.published_date or timezone.localdate(meeting.announced_at or meeting.updated_at)
    return EntryData(
        title=meeting.title,
        url=detail_path(meeting),
        body="\n".join(str(p) for p in parts if p),
        organ_id=meeting.organ_id,
        published_date=date,
    )


def public_meeting_ids(object_ids: Iterable[int]) -> set[int]:
    return set(meetings_public().filter(pk__in=list(object_ids)).values_list("pk", flat=True))


def all_public_meeting_ids() -> Iterator[int]:
    return meetings_public().order_by("pk").values_list("pk", flat=True).iterator(chunk_size=2000)


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
    if apps.is_installed("gongkai.search"):
        from gongkai.core.kit.search import SearchProvider
        from gongkai.core.kit.search import register as register_search

        register_search(
            SearchProvider(
                kind=SEARCH_KIND,
                label="政府会议",
                entry_for=meeting_entry,
                public_ids=public_meeting_ids,
                all_ids=all_public_meeting_ids,
                model=Meeting,
            )
        )
