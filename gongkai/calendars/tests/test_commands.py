"""`gongkai deadline` and `recompute_deadlines`."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.calendars.models import CalendarDay, CalendarYear, DayKind
from gongkai.lib.official_calendar import packaged_schedule

pytestmark = pytest.mark.django_db


def deadline(*args: str) -> list[str]:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().splitlines()


# domain.md §9.2 worked examples (receipt day = day 0): 7 working days (补正 notice),
# 20 (reply), 20 + 20 (extended reply).
SECTION_9_2 = [
    ("2025-01-20", "2025-02-05", "2025-02-21", "2025-03-21"),
    ("2025-04-25", "2025-05-08", "2025-05-27", "2025-06-25"),
    ("2025-09-25", "2025-10-11", "2025-10-29", "2025-11-26"),
    ("2024-09-27", "2024-10-12", "2024-10-30", "2024-11-27"),
]


@pytest.mark.parametrize(("start", "notice", "reply", "extended"), SECTION_9_2)
def test_deadline_prints_the_section_9_2_due_dates_on_the_last_line(start, notice, reply, extended):
    assert deadline("--start", start, "--days", "7")[-1] == notice
    assert deadline("--start", start, "--days", "20")[-1] == reply
    assert deadline("--start", start, "--days", "20", "--extend", "20")[-1] == extended


def test_deadline_explains_in_chinese_by_default():
    lines = deadline("--start", "2025-09-25", "--days", "20")
    assert lines == [
        "2025年9月25日收到申请，当日不计入，自次日起计算20个工作日。",
        "2025年9月28日（星期日）为调休上班日，计入工作日。",
        "2025年10月1日至2025年10月8日为节假日休息（含调休及周末），共8天，不计入工作日。",
        "2025年10月11日（星期六）为调休上班日，计入工作日。",
        "期限届满日为2025年10月29日（星期三）。",
        "2025-10-29",
    ]


def test_deadline_with_pause_restart_and_extension():
    # Received 09-25, corrected application 09-30 (fresh 20 days, 条例第三十条), third-party
    # consultation 10-09..10-15 (5 working days excluded incl. make-up Saturday 10-11), base
    # due 11-11, extended by 20 working days to 12-09.
    args = ["--start", "2025-09-25", "--days", "20", "--pause", "2025-10-09:2025-10-15"]
    args += ["--restart", "2025-09-30", "--extend", "20"]
    lines = deadline(*args)
    assert lines[-1] == "2025-12-09"
    assert any("条例第三十条" in line for line in lines)
    assert any("征求第三方意见" in line and "5个工作日不计入期限" in line for line in lines)
    assert "未延长的期限届满日为2025年11月11日（星期二）。" in lines
    english = deadline(*args, "--lang", "en")
    assert english[-1] == "2025-12-09"
    assert english[-2] == "The deadline is Tuesday 9 December 2025."


def test_deadline_pause_kinds_and_several_pauses():
    # domain.md §11 scenario 6 (another organ consulted, 7 working days excluded, due 04-10),
    # then a fee notice on 04-08 paid on 04-10: 04-09 and 04-10 excluded too.
    lines = deadline(
        "--start",
        "2025-03-03",
        "--pause",
        "2025-03-10:2025-03-19:other_organ",
        "--pause",
        "2025-04-08:2025-04-10:fee",
    )
    assert any("征求其他机关意见" in line and "7个工作日不计入" in line for line in lines)
    assert any("收费通知至缴费" in line and "2个工作日不计入" in line for line in lines)
    assert lines[-1] == "2025-04-14"


def test_deadline_into_an_unknown_year_is_provisional():
    lines = deadline("--start", "2026-12-20")
    assert "2027年节假日安排尚未公布，本期限为暂定。" in lines
    assert lines[-1] == "2027-01-18"


def test_deadline_uses_the_calendar_in_force():
    # An administrator re-entered 2025 with an extra rest day on Friday 2025-10-10.
    calendar_year = CalendarYear.objects.create(year=2025, source_notice="测试")
    schedule = packaged_schedule(2025)
    rows = [(d, DayKind.HOLIDAY_REST) for d, _ in schedule.rest_days]
    rows += [(d, DayKind.MAKEUP_WORKDAY) for d, _ in schedule.makeup_workdays]
    rows.append((date(2025, 10, 10), DayKind.HOLIDAY_REST))
    CalendarDay.objects.bulk_create(
        [CalendarDay(year=calendar_year, date=d, kind=k) for d, k in rows]
    )
    assert deadline("--start", "2025-09-25")[-1] == "2025-10-30"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2025-02-30"], "不是有效日期"),
        (["--start", "25/09/2025"], "不是有效日期"),
        (["--start", "2025-09-25", "--extend", "21"], "1 到 20 个工作日"),
        (["--start", "2025-09-25", "--extend", "0"], "1 到 20 个工作日"),
        (["--start", "2025-09-25", "--days", "-1"], "不能为负数"),
        (["--start", "2025-09-25", "--pause", "2025-10-09"], "格式应为"),
        (["--start", "2025-09-25", "--pause", "2025-10-09:"], "格式应为"),
        (["--start", "2025-09-25", "--pause", "2025-10-09:2025-10-32"], "不是有效日期"),
        (["--start", "2025-09-25", "--pause", "2025-10-09:2025-10-15:phone"], "类型“phone”无效"),
        (["--start", "2025-09-25", "--pause", "2025-10-15:2025-10-09"], "早于开始日期"),
        (["--start", "2025-09-25", "--pause", "2025-09-20:2025-09-22"], "begins before start"),
        (["--start", "2025-09-25", "--restart", "2025-09-01"], "cannot be before start"),
    ],
)
def test_deadline_rejects_bad_input_with_a_clear_error(args, message):
    with pytest.raises(CommandError, match=message):
        deadline(*args)
