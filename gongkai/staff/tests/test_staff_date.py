"""Back-office dates follow the UI language; 公文 dates (zh_date) stay Chinese."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from gongkai.staff.templatetags.staff_tags import staff_date, zh_date


def test_staff_date_follows_the_ui_language() -> None:
    day = date(2026, 12, 4)
    with translation.override("zh-hans"):
        assert staff_date(day) == "2026年12月4日"
    with translation.override("en"):
        assert staff_date(day) == "2026-12-04"
        assert zh_date(day) == "2026年12月4日"
    assert staff_date(None) == ""
