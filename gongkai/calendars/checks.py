"""System checks of the calendar data (healthchecks style)."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.db import DatabaseError, connection
from django.utils import timezone

from gongkai.calendars.selectors import year_has_official_schedule
from gongkai.core.database import sqlite_file_missing

# The State Council publishes next year's arrangement around November (stack-notes.md §2);
# from then on deadlines that reach into the new year would be provisional.
WARN_FROM_MONTH = 11


@checks.register(checks.Tags.compatibility)
def check_next_year_calendar(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    today = timezone.localdate()
    if today.month < WARN_FROM_MONTH:
        return []
    next_year = today.year + 1
    if sqlite_file_missing(connection):
        return []  # `gongkai check` on a fresh install: connecting would create an empty file
    try:
        known = year_has_official_schedule(next_year)
    except DatabaseError:
        return []  # tables not migrated yet (e.g. during the first migrate)
    if known:
        return []
    return [
        checks.Warning(
            f"{next_year}年节假日安排尚未录入：chinesecalendar 不含该年数据，管理员也未录入。",
            hint=(
                f"国务院办公厅发布《关于{next_year}年部分节假日安排的通知》后，在系统管理"
                f"“节假日安排年度”中录入；在此之前，跨入{next_year}年的期限均为暂定。"
            ),
            obj="calendars.CalendarYear",
            id="gongkai.W030",
        )
    ]
