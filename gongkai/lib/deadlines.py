"""The statutory clock engine for 依申请公开 (and any other working-day period).

Rules implemented (政府信息公开条例, 国务院令第711号; domain.md §3.5, §3.6, §9):

- 条例第三十三条第二款: reply within 20 working days of receipt; the head of the openness office
  (政府信息公开工作机构负责人) may extend by at most 20 working days.
- 期间开始之日不计入 (domain.md §9.1): the start date is day 0, counting begins the next day.
- 条例第三十条: after 补正 the period is counted afresh from receipt of the corrected
  application; pauses before that date no longer matter.
- 条例第三十三条第三款: time spent consulting a third party (第三十二条) or another organ
  (第三十四条) is not counted; likewise the time from a fee notice to payment (《政府信息公开
  信息处理费管理办法》, 国办函〔2020〕109号). A pause [start, end] excludes the working days d with
  start < d <= end: the day the letter goes out has elapsed, counting resumes the working day
  after the reply. Overlapping pauses are merged, never excluded twice.

Every result carries plain-language steps in Chinese and English so that a clerk, an applicant
or a court can follow the count. Pure Python: no Django, no clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from gongkai.lib.workdays import (
    WorkCalendar,
    add_calendar_days,
    add_hours,
    add_workdays,
    holidays_between,
    makeup_workdays_between,
    next_workday_on_or_after,
    workdays_between,
)

__all__ = [
    "MAX_EXTENSION_DAYS",
    "Deadline",
    "Extension",
    "Pause",
    "PauseKind",
    "Step",
    "Unit",
    "calendar_day_deadline",
    "compute_deadline",
    "hour_deadline",
]

# 条例第三十三条第二款: 延长的期限最长不得超过20个工作日.
MAX_EXTENSION_DAYS = 20

_ONE_DAY = timedelta(days=1)


class PauseKind(StrEnum):
    THIRD_PARTY = "third_party"  # 第三方意见征询, 条例第三十二条, 第三十三条第三款
    OTHER_ORGAN = "other_organ"  # 征求其他机关意见, 条例第三十四条, 第三十三条第三款
    FEE = "fee"  # 收费通知至缴费, 政府信息公开信息处理费管理办法 (国办函〔2020〕109号)


# kind -> (Chinese name, legal basis in Chinese, English name, legal basis in English)
_PAUSE_TEXT: dict[PauseKind, tuple[str, str, str, str]] = {
    PauseKind.THIRD_PARTY: (
        "征求第三方意见",
        "条例第三十二条、第三十三条第三款",
        "Third-party consultation",
        "Regulations, Articles 32 and 33(3)",
    ),
    PauseKind.OTHER_ORGAN: (
        "征求其他机关意见",
        "条例第三十四条、第三十三条第三款",
        "Consultation of another organ",
        "Regulations, Articles 34 and 33(3)",
    ),
    PauseKind.FEE: (
        "收费通知至缴费",
        "《政府信息公开信息处理费管理办法》",
        "Fee notice until payment",
        "Fee Measures, 国办函〔2020〕109号",
    ),
}


@dataclass(frozen=True)
class Pause:
    """A period during which the clock stops. ``end`` None: still paused (clock stopped)."""

    start: date
    end: date | None
    kind: PauseKind

    def __post_init__(self) -> None:
        # Accept the stored string value (e.g. from a model field).
        object.__setattr__(self, "kind", PauseKind(self.kind))
        if self.end is not None and self.end < self.start:
            raise ValueError(
                f"pause end {self.end.isoformat()} is before its start {self.start.isoformat()}"
            )


@dataclass(frozen=True)
class Extension:
    """条例第三十三条第二款: approved by the openness-office head, notified, at most 20 working days."""

    days: int
    approved_by: str = ""
    approved_on: date | None = None

    def __post_init__(self) -> None:
        _check_extension_days(self.days)


def _check_extension_days(days: int) -> None:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ValueError(
            f"an extension must be 1 to {MAX_EXTENSION_DAYS} working days "
            f"(条例第三十三条第二款), got {days!r}"
        )


@dataclass(frozen=True)
class Step:
    """One line of the explanation. ``code`` is stable, for templates and tests."""

    code: str
    zh: str
    en: str
    on: date | None = None


@dataclass(frozen=True)
class Deadline:
    due: date | None  # None while a pause is open: the clock is stopped
    base_due: date | None  # due date without the extension
    steps: tuple[Step, ...]
    provisional: bool  # a counted day lies in a year without an official holiday schedule
    provisional_years: tuple[int, ...]
    paused: bool


# --- text helpers ---------------------------------------------------------------------------

_WEEKDAY_ZH = "一二三四五六日"
_WEEKDAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _zh(d: date, weekday: bool = False) -> str:
    text = f"{d.year}年{d.month}月{d.day}日"
    return f"{text}（星期{_WEEKDAY_ZH[d.weekday()]}）" if weekday else text


def _en(d: date, weekday: bool = False) -> str:
    text = f"{d.day} {_MONTH_EN[d.month - 1]} {d.year}"
    return f"{_WEEKDAY_EN[d.weekday()]} {text}" if weekday else text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# --- the clock ------------------------------------------------------------------------------

# A merged pause interval (start, end]; end None = open.
_Interval = tuple[date, date | None]


@dataclass(frozen=True)
class _Run:
    due: date | None  # None: stopped by an open pause
    stopped_at: date | None  # start of the open pause that stopped the clock
    remaining: int  # working days still to count when stopped


def _merge(pauses: Sequence[Pause]) -> list[_Interval]:
    merged: list[_Interval] = []
    for p in sorted(pauses, key=_pause_key):
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None:
                continue
            if p.start <= last_end:
                end = None if p.end is None else max(last_end, p.end)
                merged[-1] = (last_start, end)
                continue
        merged.append((p.start, p.end))
    return merged


def _pause_key(p: Pause) -> tuple[date, date, str]:
    return (p.start, p.end or date.max, p.kind.value)


def _run(cal: WorkCalendar, clock_start: date, n: int, merged: list[_Interval]) -> _Run:
    """Count n working days after clock_start, skipping the working days inside the pauses.

    Pauses are taken in order; a pause only matters if it starts before the due date reached
    so far (a letter sent on or after that date cannot move it).
    """
    cursor, remaining = clock_start, n
    for pause_start, pause_end in merged:
        candidate = add_workdays(cal, cursor, remaining)
        if candidate <= pause_start:
            return _Run(candidate, None, 0)
        remaining -= workdays_between(cal, cursor, pause_start)
        if pause_end is None:
            return _Run(None, pause_start, remaining)
        cursor = pause_end
    return _Run(add_workdays(cal, cursor, remaining), None, 0)


def _excluded_workdays(cal: WorkCalendar, p: Pause, earlier: list[Pause]) -> int:
    """Working days of a closed pause not already excluded by the earlier pauses."""
    if p.end is None:
        return 0
    count = workdays_between(cal, p.start, p.end)
    for a, b in _merge(earlier):  # disjoint, so nothing is subtracted twice
        lo = max(a, p.start)
        hi = p.end if b is None else min(b, p.end)
        count -= workdays_between(cal, lo, hi)
    return count


def _counted_segments(
    clock_start: date, end: date, merged: list[_Interval]
) -> list[tuple[date, date]]:
    """The ranges (a, b] of days that the count walks through, pauses cut out."""
    segments: list[tuple[date, date]] = []
    cursor = clock_start
    for a, b in merged:
        if a >= end:
            break
        segments.append((cursor, a))
        if b is None:
            return segments
        cursor = b
    segments.append((cursor, end))
    return [(a, b) for a, b in segments if b > a]


def _calendar_steps(
    cal: WorkCalendar, segments: list[tuple[date, date]]
) -> list[tuple[date, int, Step]]:
    """Holiday spans skipped and make-up weekend days counted, within the counted ranges.

    A holiday span is a maximal run of non-working days (inside the counted range) holding at
    least one holiday. Only the calendar's special days are visited, found by bisection, so
    the cost does not grow with the length of the period.
    """
    events: list[tuple[date, int, Step]] = []
    for seg_start, seg_end in segments:
        for d in makeup_workdays_between(cal, seg_start, seg_end):
            if d.weekday() >= 5:
                step = Step(
                    "makeup_workday",
                    f"{_zh(d, True)}为调休上班日，计入工作日。",
                    f"{_en(d, True)} is a make-up working day (调休上班日) and is counted.",
                    d,
                )
                events.append((d, 2, step))
        covered = seg_start  # end of the last span reported
        for holiday in holidays_between(cal, seg_start, seg_end):
            if holiday <= covered:
                continue
            first = last = holiday
            while first - _ONE_DAY > seg_start and not cal.is_workday(first - _ONE_DAY):
                first -= _ONE_DAY
            while last + _ONE_DAY <= seg_end and not cal.is_workday(last + _ONE_DAY):
                last += _ONE_DAY
            events.append((first, 1, _holiday_step(cal, first, last)))
            covered = last
    return events


def _holiday_step(cal: WorkCalendar, first: date, last: date) -> Step:
    days = (last - first).days + 1
    if days == 1:
        zh = f"{_zh(first, True)}为法定节假日休息日，不计入工作日。"
        en = f"{_en(first, True)} is a public-holiday rest day and is not counted."
    else:
        zh = f"{_zh(first)}至{_zh(last)}为节假日休息（含调休及周末），共{days}天，不计入工作日。"
        en = (
            f"{_en(first)} to {_en(last)} ({days} days) are public-holiday rest days "
            f"(including 调休 and weekends) and are not counted."
        )
    unofficial = sorted({first.year, last.year} - cal.official_years)
    if unofficial:
        zh += "（该年节假日安排尚未公布，按放假办法推算。）"
        en += (
            " (The year's official schedule is not yet published; computed from the holiday rules.)"
        )
    return Step("holiday", zh, en, first)


def compute_deadline(
    cal: WorkCalendar,
    *,
    start: date,
    days: int,
    pauses: Sequence[Pause] = (),
    restart: date | None = None,
    extension: Extension | None = None,
    start_label: tuple[str, str] = ("收到申请", "Application received"),
    explain: bool = True,
) -> Deadline:
    """Compute a working-day deadline with pauses, a 补正 restart and an extension.

    ``start`` is the receipt date (day 0; 条例第三十一条 decides which date that is) and ``days``
    the period (20 for a reply, 条例第三十三条; 7 for a 补正 notice, 第三十条). ``start_label``
    names the start event in the first step, in Chinese and English, e.g.
    ``("信息形成", "Information created")`` for the proactive-disclosure clock (第二十六条).

    ``explain=False`` is the fast path for bulk recomputation: the same ``due``, ``base_due``,
    ``provisional`` and ``paused``, but ``steps`` is empty (building the text is most of the
    cost). Build the full explanation only for the deadlines that changed.
    """
    _validate(start=start, days=days, pauses=pauses, restart=restart, extension=extension)
    if not explain:
        return _due_only(cal, start, days, pauses, restart, extension)
    label_zh, label_en = start_label
    head = [
        Step(
            "start",
            f"{_zh(start)}{label_zh}，当日不计入，自次日起计算{days}个工作日。",
            f"{label_en} on {_en(start)}; that day is not counted "
            f"(期间开始之日不计入), {_plural(days, 'working day')} are counted from the next day.",
            start,
        )
    ]
    clock_start, effective = start, sorted(pauses, key=_pause_key)
    if restart is not None:
        clock_start = restart
        head += _restart_steps(restart, days, effective)
        effective = _restart_pauses(restart, effective)

    merged = _merge(effective)
    total = days + (extension.days if extension else 0)
    base = _run(cal, clock_start, days, merged)
    final = _run(cal, clock_start, total, merged) if extension else base
    # The last day looked at: the due date, or the day the open pause began.
    end = final.due or final.stopped_at or clock_start

    events = _calendar_steps(cal, _counted_segments(clock_start, end, merged))
    events += _pause_steps(cal, effective, final, total, extension)
    if extension is not None:
        events += _extension_steps(extension, base.due, end)
    steps = head + [step for _, _, step in sorted(events, key=lambda e: (e[0], e[1]))]

    provisional_years = _provisional_years(cal, clock_start, end)
    if provisional_years:
        steps.append(_provisional_step(provisional_years))
    steps.append(_final_step(final, total))
    return Deadline(
        due=final.due,
        base_due=base.due,
        steps=tuple(steps),
        provisional=bool(provisional_years),
        provisional_years=provisional_years,
        paused=final.due is None,
    )


def _due_only(
    cal: WorkCalendar,
    start: date,
    days: int,
    pauses: Sequence[Pause],
    restart: date | None,
    extension: Extension | None,
) -> Deadline:
    """compute_deadline without the explanation: the same count, no text."""
    clock_start, effective = start, list(pauses)
    if restart is not None:
        clock_start = restart
        effective = _restart_pauses(restart, effective)
    merged = _merge(effective) if effective else []
    base = _run(cal, clock_start, days, merged)
    final = _run(cal, clock_start, days + extension.days, merged) if extension else base
    end = final.due or final.stopped_at or clock_start
    provisional_years = _provisional_years(cal, clock_start, end)
    return Deadline(
        due=final.due,
        base_due=base.due,
        steps=(),
        provisional=bool(provisional_years),
        provisional_years=provisional_years,
        paused=final.due is None,
    )


def _provisional_years(cal: WorkCalendar, clock_start: date, end: date) -> tuple[int, ...]:
    """Years of the counted days (clock_start, end] without an official holiday schedule."""
    if end <= clock_start:
        return ()
    counted_years = range((clock_start + _ONE_DAY).year, end.year + 1)
    return tuple(y for y in counted_years if y not in cal.official_years)


def _restart_pauses(restart: date, pauses: Sequence[Pause]) -> list[Pause]:
    """条例第三十条: count afresh from the corrected application; earlier pauses no longer matter.

    A pause still running at the restart date keeps excluding the days after it.
    """
    effective: list[Pause] = []
    for p in pauses:
        if p.start >= restart:
            effective.append(p)
        elif p.end is None or p.end > restart:
            effective.append(Pause(restart, p.end, p.kind))
    return sorted(effective, key=_pause_key)


def _restart_steps(restart: date, days: int, pauses: Sequence[Pause]) -> list[Step]:
    """The 补正 restart and what it does to each earlier pause (see _restart_pauses)."""
    steps = [
        Step(
            "restart",
            f"{_zh(restart, True)}收到补正后的申请。依据条例第三十条，答复期限自收到补正的"
            f"申请之日起重新计算：当日不计入，自次日起计算{days}个工作日。",
            f"Corrected application received on {_en(restart, True)}. Under Article 30 of "
            f"the Regulations (条例第三十条) the period is counted afresh from that date: that "
            f"day is not counted, {_plural(days, 'working day')} are counted from the next day.",
            restart,
        )
    ]
    for p in pauses:
        if p.start >= restart:
            continue
        name_zh, _, name_en, _ = _PAUSE_TEXT[p.kind]
        if p.end is not None and p.end <= restart:
            steps.append(
                Step(
                    "pause_dropped",
                    f"{name_zh}（{_zh(p.start)}至{_zh(p.end)}）在补正之前，补正后期限重新"
                    f"计算，该期间不再影响期限。",
                    f"{name_en} ({_en(p.start)} to {_en(p.end)}) took place before the "
                    f"correction; as the period restarts, it no longer affects the deadline.",
                    p.start,
                )
            )
        else:
            steps.append(
                Step(
                    "pause_clipped",
                    f"{name_zh}自{_zh(p.start)}开始，跨越补正日；补正后仅{_zh(restart)}"
                    f"之后的部分不计入期限。",
                    f"{name_en} began on {_en(p.start)}, before the correction; only the "
                    f"part after {_en(restart)} is excluded from the restarted period.",
                    p.start,
                )
            )
    return steps


def _provisional_step(years: tuple[int, ...]) -> Step:
    listed = "、".join(f"{y}年" for y in years)
    years_en = ", ".join(str(y) for y in years)
    return Step(
        "provisional",
        f"{listed}节假日安排尚未公布，本期限为暂定。",
        f"The official holiday schedule for {years_en} has not been published yet; "
        f"this deadline is provisional.",
    )


def _final_step(final: _Run, total: int) -> Step:
    if final.due is not None:
        return Step(
            "due",
            f"期限届满日为{_zh(final.due, True)}。",
            f"The deadline is {_en(final.due, True)}.",
            final.due,
        )
    used = total - final.remaining
    return Step(
        "paused",
        f"期限中止计算：已用{used}个工作日，尚余{final.remaining}个工作日，"
        f"恢复计算后另行确定届满日。",
        f"The clock is stopped: {_plural(used, 'working day')} used, "
        f"{_plural(final.remaining, 'working day')} remaining; the due date will be set "
        f"when counting resumes.",
        final.stopped_at,
    )


def _validate(
    *,
    start: date,
    days: int,
    pauses: Sequence[Pause],
    restart: date | None,
    extension: Extension | None,
) -> None:
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise ValueError(f"days must be a whole number of working days >= 0, got {days!r}")
    if restart is not None and restart < start:
        raise ValueError(
            f"restart {restart.isoformat()} (补正) cannot be before start {start.isoformat()}"
        )
    for p in pauses:
        if p.start < start:
            raise ValueError(
                f"pause starting {p.start.isoformat()} begins before start {start.isoformat()}"
            )
        if p.end is not None and p.end < p.start:
            raise ValueError(
                f"pause end {p.end.isoformat()} is before its start {p.start.isoformat()}"
            )
    if extension is not None:
        _check_extension_days(extension.days)


def _pause_steps(
    cal: WorkCalendar,
    pauses: list[Pause],
    final: _Run,
    total: int,
    extension: Extension | None,
) -> list[tuple[date, int, Step]]:
    events: list[tuple[date, int, Step]] = []
    earlier: list[Pause] = []
    for p in sorted(pauses, key=_pause_key):
        name_zh, basis_zh, name_en, basis_en = _PAUSE_TEXT[p.kind]
        if final.due is not None and p.start >= final.due:
            zh = f"{name_zh}于{_zh(p.start)}开始，在期限届满日或之后，不影响期限。"
            en = (
                f"{name_en} began on {_en(p.start)}, on or after the due date, so it does not "
                f"change the deadline."
            )
            events.append((p.start, 3, Step("pause_irrelevant", zh, en, p.start)))
            continue
        if final.stopped_at is not None and p.start > final.stopped_at:
            zh = f"{name_zh}于{_zh(p.start)}开始，与尚未结束的中止期间重叠，不另行扣除。"
            en = (
                f"{name_en} began on {_en(p.start)}, inside a pause that is still open; "
                f"nothing further is excluded."
            )
            events.append((p.start, 3, Step("pause", zh, en, p.start)))
            continue
        if p.end is None:
            used = total - final.remaining
            with_ext = f"（含延长的{extension.days}个工作日）" if extension else ""
            with_ext_en = f" (including the {extension.days}-day extension)" if extension else ""
            zh = (
                f"{name_zh}（{basis_zh}）自{_zh(p.start)}开始，尚未结束，期限中止计算。"
                f"开始当日计入；截至该日已用{used}个工作日，尚余{final.remaining}个工作日{with_ext}。"
            )
            en = (
                f"{name_en} ({basis_en}) began on {_en(p.start)} and has not ended, so the clock is "
                f"stopped. The day it began counts; {_plural(used, 'working day')} used so far, "
                f"{_plural(final.remaining, 'working day')} remaining{with_ext_en}."
            )
            events.append((p.start, 3, Step("pause_open", zh, en, p.start)))
            earlier.append(p)
            continue
        excluded = _excluded_workdays(cal, p, earlier)
        overlap_zh = overlap_en = ""
        if excluded < workdays_between(cal, p.start, p.end):
            overlap_zh = "（与此前的中止期间重叠部分不重复扣除）"
            overlap_en = " (days already excluded by an earlier pause are not excluded twice)"
        zh = (
            f"{name_zh}（{basis_zh}）：{_zh(p.start)}开始，{_zh(p.end)}结束；开始当日计入，"
            f"其后{excluded}个工作日不计入期限{overlap_zh}，自{_zh(p.end)}次日起恢复计算。"
        )
        en = (
            f"{name_en} ({basis_en}): from {_en(p.start)} to {_en(p.end)}. The first day "
            f"counts; the following {_plural(excluded, 'working day')} up to the end are not "
            f"counted{overlap_en}; counting resumes the day after {_en(p.end)}."
        )
        events.append((p.start, 3, Step("pause", zh, en, p.start)))
        earlier.append(p)
    return events


def _extension_steps(
    extension: Extension, base_due: date | None, end: date
) -> list[tuple[date, int, Step]]:
    who = extension.approved_by or "政府信息公开工作机构负责人"
    who_en = extension.approved_by or "the head of the openness office"
    when = _zh(extension.approved_on) if extension.approved_on else ""
    when_en = f" on {_en(extension.approved_on)}" if extension.approved_on else ""
    if base_due is None:
        # The open pause began before the original due date: both are still unknown.
        from_zh, from_en, at = "原期限届满", "the original due date", end
        base_step = None
    else:
        from_zh, from_en, at = _zh(base_due), _en(base_due), base_due
        base_step = Step(
            "base_due",
            f"未延长的期限届满日为{_zh(base_due, True)}。",
            f"Without the extension the period ends on {_en(base_due, True)}.",
            base_due,
        )
    ext = Step(
        "extension",
        f"{when}经{who}同意并告知申请人，延长{extension.days}个工作日（条例第三十三条第二款，"
        f"延长的期限最长不得超过20个工作日），自{from_zh}次日起继续计算。",
        f"Extended by {_plural(extension.days, 'working day')} with the approval of {who_en}"
        f"{when_en}, notified to the applicant (Article 33(2) of the Regulations, at most 20 "
        f"working days); counting continues from the day after {from_en}.",
        extension.approved_on,
    )
    events = [(at, 8, base_step)] if base_step else []
    events.append((at, 9, ext))
    return events


# --- units -----------------------------------------------------------------------------------


class Unit(StrEnum):
    """What a clock counts: working days (条例), natural days (征求意见不少于30日), or clock
    hours (政务舆情回应 5h / 24h / 48h)."""

    WORKDAYS = "workdays"
    CALENDAR_DAYS = "calendar_days"
    HOURS = "hours"


# --- calendar-day clocks (征求意见等) ----------------------------------------------------------


def calendar_day_deadline(
    cal: WorkCalendar, start: date, days: int, *, roll_over_rest_days: bool = True
) -> Deadline:
    """A period of natural days, with its explanation.

    The start day is not counted (民法典第二百零一条第一款). Weekends and holidays inside the
    period count. With `roll_over_rest_days`, a period whose last day is a rest day ends on
    the next working day (民法典第二百零三条第一款: 期间的最后一日是法定休假日的，以法定休假日
    结束的次日为期间的最后一日); the calendar then matters, and an unofficial year makes the
    end provisional.
    """
    if days < 0:
        raise ValueError(f"days must be >= 0, got {days}")
    last = add_calendar_days(start, days)
    steps = [
        Step(
            "start",
            f"自{_zh(start)}次日起计算{days}日（自然日，节假日照常计算）。",
            f"{_plural(days, 'day')} counted from the day after {_en(start)} (calendar days, "
            f"weekends and holidays included).",
            start,
        )
    ]
    due = last
    provisional_years: tuple[int, ...] = ()
    if roll_over_rest_days:
        due = next_workday_on_or_after(cal, last)
        provisional_years = tuple(
            y for y in sorted({last.year, due.year}) if y not in cal.official_years
        )
        if due != last:
            steps.append(
                Step(
                    "rolled_over",
                    f"第{days}日{_zh(last, True)}为休息日，期限顺延至其后第一个工作日"
                    "（民法典第二百零三条第一款）。",
                    f"Day {days}, {_en(last, True)}, is a rest day: the period ends on the next "
                    "working day (Article 203(1) of the Civil Code).",
                    last,
                )
            )
    if provisional_years:
        steps.append(_provisional_step(provisional_years))
    steps.append(Step("due", f"期限届满日为{_zh(due, True)}。", f"Due on {_en(due, True)}.", due))
    return Deadline(
        due=due,
        base_due=due,
        steps=tuple(steps),
        provisional=bool(provisional_years),
        provisional_years=provisional_years,
        paused=False,
    )


# --- hour clocks (政务舆情回应) ----------------------------------------------------------------

# hours -> (rule in Chinese, rule in English); domain.md §8.3.
_HOUR_RULES: dict[int, tuple[str, str]] = {
    5: (
        "特别重大、重大突发事件相关政务舆情，最迟5小时内发布权威信息（国办发〔2016〕80号细则）",
        "major emergencies: authoritative information within 5 hours (国办发〔2016〕80号)",
    ),
    24: (
        "特别重大、重大突发事件相关政务舆情，最迟应在24小时内举行新闻发布会（国办发〔2016〕61号）",
        "major emergencies: a press conference within 24 hours at the latest (国办发〔2016〕61号)",
    ),
    48: (
        "其他政务舆情应在48小时内予以回应（国办发〔2016〕61号）",
        "other public-opinion cases: respond within 48 hours (国办发〔2016〕61号)",
    ),
}


def _zh_time(dt: datetime) -> str:
    return f"{_zh(dt.date())}{dt.hour:02d}:{dt.minute:02d}"


def _en_time(dt: datetime) -> str:
    offset = dt.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hh, mm = divmod(abs(minutes), 60)
    return f"{_en(dt.date())} {dt.hour:02d}:{dt.minute:02d} (UTC{sign}{hh:02d}:{mm:02d})"


def hour_deadline(start: datetime, hours: int) -> tuple[datetime, tuple[Step, ...]]:
    """A clock-hour deadline (5h / 24h / 48h, domain.md §8.3), with its explanation.

    Hours run continuously through nights, weekends and holidays. ``start`` must be
    timezone-aware (Asia/Shanghai).
    """
    due = add_hours(start, hours)
    rule_zh, rule_en = _HOUR_RULES.get(hours, ("", ""))
    steps = (
        Step(
            "start",
            f"自{_zh_time(start)}起计算{hours}小时，按自然时间连续计算，夜间及节假日照常计算"
            + (f"。依据：{rule_zh}。" if rule_zh else "。"),
            f"{_plural(hours, 'hour')} counted from {_en_time(start)}, continuously, including "
            f"nights, weekends and holidays." + (f" Rule: {rule_en}." if rule_en else ""),
            start.date(),
        ),
        Step(
            "due",
            f"应于{_zh_time(due)}前完成。",
            f"Due by {_en_time(due)}.",
            due.date(),
        ),
    )
    return due, steps
