"""The search provider of 政府会议 (registered from MeetingsConfig.ready): a public meeting's
title, kind, place, open agenda items and, once published, its decisions and press release."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone

from gongkai.core.kit.search import EntryData, SearchProvider, register
from gongkai.meetings.columns import detail_path
from gongkai.meetings.models import Meeting
from gongkai.meetings.selectors import meetings_public
from gongkai.meetings.workflow import Status

SEARCH_KIND = "meeting"


def meeting_entry(object_id: int) -> Any:
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


def register_provider() -> None:
    register(
        SearchProvider(
            kind=SEARCH_KIND,
            label="政府会议",
            entry_for=meeting_entry,
            public_ids=public_meeting_ids,
            all_ids=all_public_meeting_ids,
            model=Meeting,
        )
    )
