"""The statutory clock engine: domain.md §3.5, §3.6, §9 and the §11 scenarios."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.lib.deadlines import (
    Deadline,
    Extension,
    Pause,
    PauseKind,
    compute_deadline,
    hour_deadline,
)
from gongkai.lib.official_calendar import calendar_for, load_official_calendar
from gongkai.lib.workdays import WorkCalendar, add_workdays

D = date
CAL = load_official_calendar()
SHANGHAI = ZoneInfo("Asia/Shanghai")
THIRD, ORGAN, FEE = PauseKind.THIRD_PARTY, PauseKind.OTHER_ORGAN, PauseKind.FEE


def codes(deadline: Deadline) -> list[str]:
    return [s.code for s in deadline.steps]


def step(deadline: Deadline, code: str):
    (found,) = [s for s in deadline.steps if s.code == code]
    return found


def oracle(cal: WorkCalendar, clock_start: date, n: int, pauses) -> date | None:
    """Day by day: count working days outside every (pause.start, pause.end]."""
    d, counted = clock_start, 0
    while counted < n:
        d += timedelta(days=1)
        if any(p.end is None and d > p.start for p in pauses):
            return None  # reached an open pause: the clock is stopped
        if any(p.start < d <= p.end for p in pauses if p.end is not None):
            continue
        counted += cal.is_workday(d)
    return d


# --- worked examples --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "base_due", "extended_due"),
    [
        (D(2025, 1, 20), D(2025, 2, 21), D(2025, 3, 21)),
        (D(2025, 4, 25), D(2025, 5, 27), D(2025, 6, 25)),
        (D(2025, 9, 25), D(2025, 10, 29), D(2025, 11, 26)),
        (D(2024, 9, 27), D(2024, 10, 30), D(2024, 11, 27)),
        (D(2026, 9, 18), D(2026, 10, 22), D(2026, 11, 19)),  # stack-notes.md §2
    ],
)
def test_reply_and_extended_due_dates(received, base_due, extended_due):
    plain = compute_deadline(CAL, start=received, days=20)
    assert (plain.due, plain.base_due) == (base_due, base_due)
    extended = compute_deadline(CAL, start=received, days=20, extension=Extension(20))
    assert (extended.due, extended.base_due) == (extended_due, base_due)
    assert not extended.provisional and not extended.paused


@pytest.mark.parametrize(
    ("received", "notice_due"),
    [
        (D(2025, 1, 20), D(2025, 2, 5)),
        (D(2025, 4, 25), D(2025, 5, 8)),
        (D(2025, 9, 25), D(2025, 10, 11)),  # Saturday make-up day
        (D(2024, 9, 27), D(2024, 10, 12)),  # Saturday make-up day
    ],
)
def test_correction_notice_due_in_7_working_days(received, notice_due):
    # 条例第三十条: 补正 notice within 7 working days of receipt.
    assert compute_deadline(CAL, start=received, days=7).due == notice_due


@pytest.mark.parametrize(
    ("start", "pauses", "expected"),
    [
        # Spring Festival 2026 (rest 02-15..02-23, make-up Saturdays 02-14 and 02-28).
        (D(2026, 2, 9), [], D(2026, 3, 13)),
        # Year boundary into 2026 (rest 01-01..01-03, make-up Sunday 01-04).
        (D(2025, 12, 20), [], D(2026, 1, 19)),
        # A third-party consultation spanning National Day 2025: 6 days used before it,
        # 7 working days inside it (incl. make-up Saturday 10-11), 14 after it.
        (D(2025, 9, 22), [Pause(D(2025, 9, 29), D(2025, 10, 15), THIRD)], D(2025, 11, 4)),
        # Fee notice over Spring Festival 2026: 5 days used, then 02-10..02-27 excluded
        # (9 working days incl. make-up Saturday 02-14), then 15 from make-up Saturday 02-28.
        (D(2026, 2, 2), [Pause(D(2026, 2, 9), D(2026, 2, 27), FEE)], D(2026, 3, 19)),
        # A pause starting on the receipt day itself.
        (D(2025, 3, 3), [Pause(D(2025, 3, 3), D(2025, 3, 5), ORGAN)], D(2025, 4, 2)),
    ],
)
def test_due_dates_across_holidays_and_pauses(start, pauses, expected):
    result = compute_deadline(CAL, start=start, days=20, pauses=pauses)
    assert result.due == expected
    assert result.due == oracle(CAL, start, 20, pauses)


def test_scenario_5_correction_restarts_the_clock():
    # domain.md §11 scenario 5: received 09-25, notice 09-30, corrected application 10-20.
    result = compute_deadline(CAL, start=D(2025, 9, 25), days=20, restart=D(2025, 10, 20))
    assert result.due == add_workdays(CAL, D(2025, 10, 20), 20) == D(2025, 11, 17)
    assert codes(result)[:2] == ["start", "restart"]
    assert "条例第三十条" in step(result, "restart").zh


def test_scenario_6_third_party_pause_days_do_not_count():
    # domain.md §11 scenario 6: letter sent on (working) day 5, reply on day 12.
    start = D(2025, 3, 3)
    day5, day12 = add_workdays(CAL, start, 5), add_workdays(CAL, start, 12)
    assert (day5, day12) == (D(2025, 3, 10), D(2025, 3, 19))
    result = compute_deadline(CAL, start=start, days=20, pauses=[Pause(day5, day12, THIRD)])
    assert result.due == add_workdays(CAL, start, 27) == D(2025, 4, 10)  # after 清明 04-04..06
    assert compute_deadline(CAL, start=start, days=20).due == D(2025, 3, 31)
    pause_step = step(result, "pause")
    assert "7个工作日不计入期限" in pause_step.zh
    assert "条例第三十二条" in pause_step.zh


def test_restart_after_a_pause_drops_the_earlier_pause():
    result = compute_deadline(
        CAL,
        start=D(2025, 9, 25),
        days=20,
        pauses=[
            Pause(D(2025, 9, 26), D(2025, 9, 30), THIRD),  # before the restart: dropped
            Pause(D(2025, 10, 22), D(2025, 10, 24), ORGAN),  # after it: 10-23, 10-24 excluded
        ],
        restart=D(2025, 10, 20),
    )
    assert result.due == add_workdays(CAL, D(2025, 10, 20), 22) == D(2025, 11, 19)
    assert codes(result) == ["start", "restart", "pause_dropped", "pause", "due"]


def test_pause_running_over_the_restart_only_excludes_days_after_it():
    result = compute_deadline(
        CAL,
        start=D(2025, 3, 3),
        days=20,
        pauses=[Pause(D(2025, 3, 5), D(2025, 3, 12), ORGAN)],
        restart=D(2025, 3, 10),
    )
    # (03-10, 03-12]: 2 working days excluded after the restart.
    assert result.due == add_workdays(CAL, D(2025, 3, 10), 22)
    assert "pause_clipped" in codes(result)


def test_overlapping_pauses_are_not_excluded_twice():
    start = D(2025, 3, 3)
    union = compute_deadline(
        CAL, start=start, days=20, pauses=[Pause(D(2025, 3, 5), D(2025, 3, 14), THIRD)]
    )
    both = compute_deadline(
        CAL,
        start=start,
        days=20,
        pauses=[
            Pause(D(2025, 3, 5), D(2025, 3, 12), THIRD),
            Pause(D(2025, 3, 10), D(2025, 3, 14), ORGAN),
        ],
    )
    assert both.due == union.due == add_workdays(CAL, start, 27)
    second = [s for s in both.steps if s.code == "pause"][1]
    assert "2个工作日不计入期限" in second.zh and "不重复扣除" in second.zh


def test_pause_starting_on_or_after_the_due_date_changes_nothing():
    start = D(2025, 9, 25)
    for pause_start in (D(2025, 10, 29), D(2025, 11, 3)):
        result = compute_deadline(CAL, start=start, days=20, pauses=[Pause(pause_start, None, FEE)])
        assert result.due == D(2025, 10, 29)
        assert not result.paused
        assert "pause_irrelevant" in codes(result)


def test_open_pause_stops_the_clock():
    start = D(2025, 3, 3)
    result = compute_deadline(
        CAL, start=start, days=20, pauses=[Pause(D(2025, 3, 10), None, THIRD)]
    )
    assert result.due is None and result.base_due is None
    assert result.paused
    assert codes(result)[-1] == "paused"
    assert "已用5个工作日，尚余15个工作日" in step(result, "paused").zh
    assert "5 working days used, 15 working days remaining" in step(result, "paused").en


def test_open_pause_during_the_extension_keeps_the_base_due_date():
    result = compute_deadline(
        CAL,
        start=D(2025, 9, 25),
        days=20,
        pauses=[Pause(D(2025, 11, 5), None, FEE)],
        extension=Extension(20),
    )
    assert result.base_due == D(2025, 10, 29)
    assert result.due is None and result.paused
    assert "尚余15个工作日" in step(result, "paused").zh


def test_extension_is_counted_from_the_base_due_date():
    start = D(2025, 1, 20)
    for days in (1, 5, 20):
        result = compute_deadline(CAL, start=start, days=20, extension=Extension(days))
        assert result.due == add_workdays(CAL, result.base_due, days)
    result = compute_deadline(
        CAL,
        start=start,
        days=20,
        extension=Extension(10, approved_by="李主任", approved_on=D(2025, 2, 18)),
    )
    ext = step(result, "extension")
    assert "李主任" in ext.zh and "条例第三十三条第二款" in ext.zh and ext.on == D(2025, 2, 18)
    assert codes(result).index("base_due") < codes(result).index("extension")


@pytest.mark.parametrize("days", [0, 21, -1, 40])
def test_extension_outside_1_to_20_is_rejected(days):
    with pytest.raises(ValueError, match="1 to 20 working days"):
        Extension(days)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"days": -1}, "days must be"),
        ({"days": 20, "restart": D(2025, 9, 24)}, "restart 2025-09-24"),
        ({"days": 20, "pauses": [Pause(D(2025, 9, 24), None, FEE)]}, "begins before start"),
    ],
)
def test_invalid_input_is_rejected(kwargs, message):
    with pytest.raises(ValueError, match=message):
        compute_deadline(CAL, start=D(2025, 9, 25), **kwargs)


def test_pause_ending_before_it_starts_is_rejected():
    with pytest.raises(ValueError, match="before its start"):
        Pause(D(2025, 10, 5), D(2025, 10, 1), THIRD)


def test_pause_kind_accepts_the_stored_string():
    assert Pause(D(2025, 10, 5), None, "fee").kind is PauseKind.FEE


# --- steps --------------------------------------------------------------------------------------


def test_steps_explain_holidays_and_makeup_days():
    result = compute_deadline(CAL, start=D(2025, 9, 25), days=20)
    assert codes(result) == ["start", "makeup_workday", "holiday", "makeup_workday", "due"]
    texts = [s.zh for s in result.steps]
    assert texts[0] == "2025年9月25日收到申请，当日不计入，自次日起计算20个工作日。"
    assert texts[1] == "2025年9月28日（星期日）为调休上班日，计入工作日。"
    assert texts[2].startswith("2025年10月1日至2025年10月8日")
    assert texts[3] == "2025年10月11日（星期六）为调休上班日，计入工作日。"
    assert texts[4] == "期限届满日为2025年10月29日（星期三）。"
    assert all(s.en for s in result.steps)


def test_steps_are_deterministic_and_independent_of_pause_order():
    pauses = [
        Pause(D(2025, 10, 22), D(2025, 10, 24), ORGAN),
        Pause(D(2025, 9, 29), D(2025, 10, 15), THIRD),
    ]
    a = compute_deadline(CAL, start=D(2025, 9, 22), days=20, pauses=pauses)
    b = compute_deadline(CAL, start=D(2025, 9, 22), days=20, pauses=list(reversed(pauses)))
    assert a == b


def test_custom_start_label():
    result = compute_deadline(
        CAL, start=D(2025, 9, 25), days=20, start_label=("信息形成", "Information created")
    )
    assert result.steps[0].zh.startswith("2025年9月25日信息形成")
    assert result.steps[0].en.startswith("Information created on 25 September 2025")


# --- provisional years (domain.md §11 scenario 12) ---------------------------------------------


def test_scenario_12_a_2027_deadline_is_provisional():
    cal = calendar_for([2026, 2027])
    result = compute_deadline(cal, start=D(2026, 12, 20), days=20)
    assert result.provisional
    assert result.provisional_years == (2027,)
    assert "2027年节假日安排尚未公布，本期限为暂定。" in [s.zh for s in result.steps]
    assert codes(result)[-2:] == ["provisional", "due"]


def test_a_2026_deadline_is_not_provisional():
    result = compute_deadline(calendar_for([2026, 2027]), start=D(2026, 11, 2), days=20)
    assert not result.provisional and result.provisional_years == ()
    assert "provisional" not in codes(result)


def test_admin_confirmed_2027_calendar_is_not_provisional():
    cal = calendar_for([2027], overrides=[(D(2027, 1, 4), False)], override_years=[2027])
    result = compute_deadline(cal, start=D(2026, 12, 20), days=20)
    assert not result.provisional
    assert result.due == add_workdays(cal, D(2026, 12, 20), 20)


def test_override_changes_a_2027_deadline():
    base = calendar_for([2027])
    moved = calendar_for([2027], overrides=[(D(2027, 1, 12), False)])
    before = compute_deadline(base, start=D(2027, 1, 11), days=5).due
    after = compute_deadline(moved, start=D(2027, 1, 11), days=5).due
    assert after == add_workdays(base, before, 1)


# --- hour clocks (domain.md §8.3, §11 scenario 11) ----------------------------------------------


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (5, datetime(2025, 9, 25, 14, 0, tzinfo=SHANGHAI)),
        (24, datetime(2025, 9, 26, 9, 0, tzinfo=SHANGHAI)),
        (48, datetime(2025, 9, 27, 9, 0, tzinfo=SHANGHAI)),
    ],
)
def test_scenario_11_public_opinion_clocks(hours, expected):
    due, steps = hour_deadline(datetime(2025, 9, 25, 9, 0, tzinfo=SHANGHAI), hours)
    assert due == expected
    assert [s.code for s in steps] == ["start", "due"]
    assert "国办发〔2016〕" in steps[0].zh
    assert (
        steps[1].zh
        == f"应于{expected.year}年{expected.month}月{expected.day}日{expected:%H:%M}前完成。"
    )


def test_hour_deadline_rejects_naive_datetimes():
    with pytest.raises(ValueError, match="timezone-aware"):
        hour_deadline(datetime(2025, 9, 25, 9, 0), 5)  # noqa: DTZ001


# --- properties ---------------------------------------------------------------------------------

starts = st.dates(min_value=D(2023, 1, 1), max_value=D(2026, 6, 30))


@st.composite
def pause_lists(draw, start):
    pauses = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        offset = draw(st.integers(min_value=0, max_value=60))
        length = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=40)))
        p_start = start + timedelta(days=offset)
        p_end = None if length is None else p_start + timedelta(days=length)
        pauses.append(Pause(p_start, p_end, draw(st.sampled_from(list(PauseKind)))))
    return pauses


@st.composite
def cases(draw):
    start = draw(starts)
    return start, draw(st.integers(min_value=0, max_value=40)), draw(pause_lists(start))


@given(case=cases())
def test_due_date_matches_day_by_day_count(case):
    start, days, pauses = case
    result = compute_deadline(CAL, start=start, days=days, pauses=pauses)
    assert result.due == oracle(CAL, start, days, pauses)
    assert result.paused == (result.due is None)


@given(case=cases())
def test_pauses_never_make_the_due_date_earlier(case):
    start, days, pauses = case
    without = compute_deadline(CAL, start=start, days=days).due
    with_pauses = compute_deadline(CAL, start=start, days=days, pauses=pauses).due
    assert with_pauses is None or with_pauses >= without


@given(case=cases())
def test_due_date_is_a_workday(case):
    start, days, pauses = case
    due = compute_deadline(CAL, start=start, days=max(days, 1), pauses=pauses).due
    assert due is None or CAL.is_workday(due)


@given(case=cases(), extra=st.integers(min_value=1, max_value=20))
def test_extension_equals_a_longer_period(case, extra):
    start, days, pauses = case
    extended = compute_deadline(
        CAL, start=start, days=days, pauses=pauses, extension=Extension(extra)
    )
    longer = compute_deadline(CAL, start=start, days=days + extra, pauses=pauses)
    assert extended.due == longer.due
    if extended.base_due is not None and extended.due is not None:
        assert extended.due > extended.base_due


# --- the fast path (bulk recomputation) ---------------------------------------------------------

YEAR_END_CAL = calendar_for([2026, 2027])


@given(
    case=cases(),
    restart_offset=st.one_of(st.none(), st.integers(min_value=0, max_value=50)),
    extra=st.one_of(st.none(), st.integers(min_value=1, max_value=20)),
    late=st.booleans(),
)
def test_explain_false_gives_the_same_deadline_without_steps(case, restart_offset, extra, late):
    start, days, pauses = case
    if late:  # move the case to the year end, where 2027 is provisional
        shift = D(2026, 11, 1) - D(2023, 1, 1)
        start = start + shift
        pauses = [Pause(p.start + shift, p.end and p.end + shift, p.kind) for p in pauses]
    kwargs = {
        "start": start,
        "days": days,
        "pauses": pauses,
        "restart": None if restart_offset is None else start + timedelta(days=restart_offset),
        "extension": None if extra is None else Extension(extra),
    }
    full = compute_deadline(YEAR_END_CAL, **kwargs)
    fast = compute_deadline(YEAR_END_CAL, explain=False, **kwargs)
    assert fast.steps == ()
    assert (fast.due, fast.base_due, fast.provisional, fast.provisional_years, fast.paused) == (
        full.due,
        full.base_due,
        full.provisional,
        full.provisional_years,
        full.paused,
    )


def test_explain_false_still_validates():
    with pytest.raises(ValueError, match="cannot be before start"):
        compute_deadline(CAL, start=D(2025, 9, 25), days=20, restart=D(2025, 9, 1), explain=False)


def _calendar_steps_day_by_day(cal, segments):
    """The original walk over every day, kept as the oracle for _calendar_steps."""
    found = []
    for seg_start, seg_end in segments:
        d = seg_start + timedelta(days=1)
        while d <= seg_end:
            if cal.is_workday(d):
                if d.weekday() >= 5:
                    found.append(("makeup_workday", d, d))
                d += timedelta(days=1)
                continue
            run_start, has_holiday = d, False
            while d <= seg_end and not cal.is_workday(d):
                has_holiday = has_holiday or d in cal.holidays
                d += timedelta(days=1)
            if has_holiday:
                found.append(("holiday", run_start, d - timedelta(days=1)))
    return sorted(found)


@given(
    start=st.dates(min_value=D(2023, 1, 1), max_value=D(2026, 12, 31)),
    lengths=st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=4),
)
def test_calendar_steps_match_a_day_by_day_walk(start, lengths):
    from gongkai.lib.deadlines import _calendar_steps

    segments, cursor = [], start
    for i, length in enumerate(lengths):
        if i % 2 == 0:
            segments.append((cursor, cursor + timedelta(days=length)))
        cursor += timedelta(days=length)
    steps = _calendar_steps(YEAR_END_CAL, segments)
    got = []
    for first, _, s in steps:
        if s.code == "makeup_workday":
            got.append(("makeup_workday", first, first))
        else:
            # the holiday step names its span; recover the last day from the day count
            days = 1 if "共" not in s.zh else int(s.zh.split("共")[1].split("天")[0])
            got.append(("holiday", first, first + timedelta(days=days - 1)))
    assert sorted(got) == _calendar_steps_day_by_day(YEAR_END_CAL, segments)
