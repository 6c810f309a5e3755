"""Writes: statutory clocks, administrator calendar edits, and recomputing open clocks.

A calendar edit (`calendar_year_changed`, `calendar_year_delete`) records `calendar.year_changed`
(or `calendar.year_deleted`) with the diff and, in the same transaction, a `PendingRecompute` row.
After commit `recompute_pending()` recomputes every open clock; the `recompute_deadlines
--pending` command (cron) catches up if that run was lost, so a calendar change is never left
unapplied (STYLE.md §3, §4).
"""

from __future__ import annotations

import json
import logging
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone

from gongkai.calendars.clocktypes import clock_type
from gongkai.calendars.models import (
    CalendarDay,
    CalendarYear,
    Clock,
    ClockUnit,
    DayKind,
    PendingRecompute,
)
from gongkai.calendars.selectors import (
    calendar_in_force,
    calendar_version,
    current_calendar,
    pending_recomputes,
)
from gongkai.core.kit import hooks
from gongkai.core.kit.audit import record_event, record_events_bulk
from gongkai.lib.deadlines import (
    Deadline,
    Extension,
    Pause,
    PauseKind,
    Unit,
    calendar_day_deadline,
    compute_deadline,
    hour_deadline,
)
from gongkai.lib.official_calendar import packaged_schedule
from gongkai.lib.workdays import WorkCalendar

logger = logging.getLogger(__name__)

# --- clocks ----------------------------------------------------------------------------------


def _pauses(raw: Sequence[dict[str, Any]]) -> list[Pause]:
    return [
        Pause(
            start=date.fromisoformat(p["start"]),
            end=date.fromisoformat(p["end"]) if p.get("end") else None,
            kind=PauseKind(p["kind"]),
        )
        for p in raw
    ]


def _extension(days: int, approved_by: str, approved_on: date | None) -> Extension | None:
    if not days:
        return None
    return Extension(days=days, approved_by=approved_by, approved_on=approved_on)


def _compute(
    cal: WorkCalendar,
    *,
    unit: str,
    kind: str,
    start: date,
    days: int,
    pauses: list[Pause],
    restart: date | None,
    extension: Extension | None,
    explain: bool,
) -> Deadline:
    """A day clock's deadline by its unit (hour clocks: `compute_hours`)."""
    if unit == ClockUnit.CALENDAR_DAYS:
        return calendar_day_deadline(
            cal, restart or start, days + (extension.days if extension else 0)
        )
    return compute_deadline(
        cal,
        start=start,
        days=days,
        pauses=pauses,
        restart=restart,
        extension=extension,
        start_label=clock_type(kind).start_label,
        explain=explain,
    )


def compute_for(clock: Clock, cal: WorkCalendar, *, explain: bool = True) -> Deadline:
    """The deadline of a clock under ``cal``; ``explain=False`` skips the explanation text."""
    if clock.unit == ClockUnit.HOURS:
        return compute_hours(clock)
    return _compute(
        cal,
        unit=clock.unit,
        kind=clock.kind,
        start=clock.start_date,
        days=clock.days,
        pauses=_pauses(clock.pauses),
        restart=clock.restart_date,
        extension=_extension(
            clock.extension_days, clock.extension_approved_by, clock.extension_approved_on
        ),
        explain=explain,
    )


def compute_hours(clock: Clock) -> Deadline:
    """An hour clock: due at start_at + hours, through nights and holidays (sets due_at)."""
    if clock.start_at is None:
        raise ValueError("an hour clock needs start_at")
    due_at, steps = hour_deadline(timezone.localtime(clock.start_at), clock.days)
    clock.due_at = due_at
    due = timezone.localdate(due_at)
    return Deadline(
        due=due, base_due=due, steps=steps, provisional=False, provisional_years=(), paused=False
    )


def _explanation(deadline: Deadline) -> list[dict[str, Any]]:
    # Written out rather than dataclasses.asdict, which deep-copies and is 10x slower.
    return [
        {"code": s.code, "zh": s.zh, "en": s.en, "on": s.on.isoformat() if s.on else None}
        for s in deadline.steps
    ]


def _apply(clock: Clock, deadline: Deadline) -> bool:
    """Copy a computed (explained) deadline onto the clock; True if the due date moved."""
    moved = clock.due_date != deadline.due
    clock.due_date = deadline.due
    clock.base_due_date = deadline.base_due
    clock.provisional = deadline.provisional
    clock.paused = deadline.paused
    clock.explanation = _explanation(deadline)
    return moved


CLOCK_FIELDS = ["due_date", "base_due_date", "provisional", "paused", "explanation", "updated_at"]


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@transaction.atomic
def clock_open(
    *,
    subject: models.Model,
    kind: str,
    start: date | datetime,
    days: int | None = None,
    actor: Any = None,
) -> Clock:
    """Open a clock of a registered kind: `days` is its length in the type's unit (the
    type's statutory amount when omitted); an hour clock starts at a moment (`start` is an
    aware datetime)."""
    kind_type = clock_type(kind)
    amount = days if days is not None else kind_type.amount
    if amount is None:
        raise ValueError(f"clock kind {kind!r} has no statutory amount: pass days")
    start_at = None
    if kind_type.unit == Unit.HOURS:
        if not isinstance(start, datetime):
            raise ValueError("an hour clock starts at a datetime")
        start_at, start = start, timezone.localdate(start)
    elif isinstance(start, datetime):
        raise ValueError("a day clock starts on a date")
    clock = Clock(
        subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
        subject_id=subject.pk,
        kind=kind,
        unit=kind_type.unit,
        start_date=start,
        start_at=start_at,
        days=amount,
    )
    _apply(clock, compute_for(clock, current_calendar()))
    clock.save()
    record_event(
        action="clock.opened",
        subject=subject,
        actor=actor,
        data={
            "kind": kind,
            "start": (start_at or start).isoformat(),
            "days": amount,
            "unit": kind_type.unit,
            "due": _iso(clock.due_at or clock.due_date),
            "provisional": clock.provisional,
        },
    )
    return clock


@transaction.atomic
def clock_change(
    *,
    clock: Clock,
    actor: Any = None,
    reason: str = "",
    pause_start: tuple[date, PauseKind] | None = None,
    pause_end: date | None = None,
    restart: date | None = None,
    extension: Extension | None = None,
) -> Clock:
    """Record one event on a clock (pause, resume, 补正 restart, extension) and recompute."""
    clock = Clock.objects.select_for_update().get(pk=clock.pk)
    if pause_start is not None:
        start, kind = pause_start
        clock.pauses = [*clock.pauses, {"start": start.isoformat(), "end": None, "kind": kind}]
    if pause_end is not None:
        open_pauses = [p for p in clock.pauses if not p.get("end")]
        if not open_pauses:
            raise ValueError("no open pause to end")
        open_pauses[-1]["end"] = pause_end.isoformat()
    if restart is not None:
        clock.restart_date = restart
    if extension is not None:
        clock.extension_days = extension.days
        clock.extension_approved_by = extension.approved_by
        clock.extension_approved_on = extension.approved_on
    before = clock.due_date
    _apply(clock, compute_for(clock, current_calendar()))
    clock.save()
    subject = clock.subject
    if subject is None:
        raise ValueError(f"clock {clock.pk} has lost its subject")
    record_event(
        action="clock.changed",
        subject=subject,
        actor=actor,
        reason=reason,
        data={
            "kind": clock.kind,
            "from_due": _iso(before),
            "to_due": _iso(clock.due_date),
            "provisional": clock.provisional,
        },
    )
    return clock


def clock_close(*, clock: Clock, on: date) -> None:
    Clock.objects.filter(pk=clock.pk, closed_on__isnull=True).update(closed_on=on)
    clock.closed_on = on


def clock_reopen(*, clock: Clock) -> None:
    """Run a closed clock again with its start and due moment unchanged (a 舆情 case graded
    up again after a downgrade): the same row, so what was sent for it is not sent again."""
    Clock.objects.filter(pk=clock.pk, closed_on__isnull=False).update(closed_on=None)
    clock.closed_on = None


# --- calendar edits ------------------------------------------------------------------------------

_YEAR_FIELDS = ("year", "source_notice", "source_title", "note")


@dataclass(frozen=True)
class YearSnapshot:
    """A calendar year as stored, and the calendar in force, taken before an edit."""

    year: int | None
    fields: dict[str, Any]
    days: dict[str, tuple[str, str]]  # ISO date -> (kind, name)
    calendar: WorkCalendar


def calendar_year_snapshot(calendar_year: CalendarYear | None) -> YearSnapshot:
    """Read the stored state of ``calendar_year`` (None or unsaved: a year being added)."""
    cal = current_calendar()
    if calendar_year is None or calendar_year.pk is None:
        return YearSnapshot(None, {}, {}, cal)
    stored = CalendarYear.objects.filter(pk=calendar_year.pk).values(*_YEAR_FIELDS).first()
    if stored is None:
        return YearSnapshot(None, {}, {}, cal)
    days = {
        d.isoformat(): (kind, name)
        for d, kind, name in CalendarDay.objects.filter(year_id=calendar_year.pk).values_list(
            "date", "kind", "name"
        )
    }
    return YearSnapshot(stored["year"], stored, days, cal)


def _diff(before: YearSnapshot, after: YearSnapshot) -> dict[str, Any]:
    fields = {
        name: [before.fields.get(name), after.fields.get(name)]
        for name in _YEAR_FIELDS
        if before.fields.get(name) != after.fields.get(name)
    }
    added = [[d, *after.days[d]] for d in sorted(after.days.keys() - before.days.keys())]
    removed = [[d, *before.days[d]] for d in sorted(before.days.keys() - after.days.keys())]
    changed = [
        [d, *before.days[d], *after.days[d]]
        for d in sorted(before.days.keys() & after.days.keys())
        if before.days[d] != after.days[d]
    ]
    diff: dict[str, Any] = {}
    for key, value in (("fields", fields), ("added", added), ("removed", removed)):
        if value:
            diff[key] = value
    if changed:
        diff["changed"] = changed  # [date, old kind, old name, new kind, new name]
    return diff


def _changed_dates(old: WorkCalendar, new: WorkCalendar, years: Iterable[int]) -> list[date]:
    """Days of ``years`` whose working status or holiday flag differs between two calendars."""
    changed = []
    for year in sorted(set(years)):
        d, last = date(year, 1, 1), date(year, 12, 31)
        while d <= last:
            if old.is_workday(d) != new.is_workday(d) or (d in old.holidays) != (d in new.holidays):
                changed.append(d)
            d += timedelta(days=1)
    return changed


def _request_recompute(*, year: int, changed: list[date], actor: Any) -> PendingRecompute:
    marker = PendingRecompute.objects.create(
        year=year,
        changed_dates=[d.isoformat() for d in changed],
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    # robust: a failing recompute must not turn the committed edit into an error page; the
    # marker stays pending and `recompute_deadlines --pending` retries it.
    transaction.on_commit(_recompute_on_commit, robust=True)
    return marker


def _recompute_on_commit() -> None:
    result = recompute_pending()
    if result is not None:
        logger.info("calendar edit: %s open clocks checked, %s moved", result.checked, result.moved)


def calendar_year_changed(
    *, calendar_year: CalendarYear, actor: Any, before: YearSnapshot
) -> PendingRecompute | None:
    """After an administrator saved a year and its days: audit the diff, request a recompute.

    Call inside the edit's transaction, with the snapshot taken before the edit. Returns the
    pending-recompute row, or None if nothing that matters changed.
    """
    after = calendar_year_snapshot(calendar_year)
    diff = _diff(before, after)
    years = {y for y in (before.year, after.year) if y is not None}
    changed = _changed_dates(before.calendar, after.calendar, years)
    official_changed = before.calendar.official_years != after.calendar.official_years
    if diff:
        record_event(
            action="calendar.year_changed",
            subject=calendar_year,
            actor=actor,
            reason=calendar_year.source_notice,
            data={
                "year": calendar_year.year,
                "created": before.year is None,
                **diff,
                # Days whose working status (or holiday flag) changed in the calendar in force.
                "changed_dates": [d.isoformat() for d in changed],
            },
        )
    if not changed and not official_changed:
        return None
    return _request_recompute(year=calendar_year.year, changed=changed, actor=actor)


@transaction.atomic
def calendar_year_delete(*, calendar_year: CalendarYear, actor: Any) -> PendingRecompute | None:
    """Delete an entered year: the packaged data (or the provisional fallback) applies again."""
    before = calendar_year_snapshot(calendar_year)
    year = calendar_year.year
    record_event(
        action="calendar.year_deleted",
        subject=calendar_year,
        actor=actor,
        reason=calendar_year.source_notice,
        data={
            "year": year,
            "removed": [[d, *before.days[d]] for d in sorted(before.days)],
        },
    )
    calendar_year.delete()
    after = current_calendar()
    changed = _changed_dates(before.calendar, after, [year])
    if not changed and before.calendar.official_years == after.official_years:
        return None
    return _request_recompute(year=year, changed=changed, actor=actor)


def calendar_year_prefill(*, calendar_year: CalendarYear) -> list[CalendarDay]:
    """预填: add the packaged schedule's dates that the year does not list yet.

    From chinesecalendar if it covers the year, else the ``holidays`` package's computed
    statutory days (to be checked against the notice: no 调休上班日). Rest days are copied as the
    notices list them, weekend days of a holiday span included, so re-entering a packaged year
    unchanged changes nothing. The caller records the change (calendar_year_changed).
    """
    schedule = packaged_schedule(calendar_year.year)
    existing = set(calendar_year.days.values_list("date", flat=True))
    rows = [
        CalendarDay(year=calendar_year, date=d, kind=DayKind.HOLIDAY_REST, name=name)
        for d, name in schedule.rest_days
        if d not in existing
    ]
    rows += [
        CalendarDay(year=calendar_year, date=d, kind=DayKind.MAKEUP_WORKDAY, name=name)
        for d, name in schedule.makeup_workdays
        if d.weekday() >= 5 and d not in existing
    ]
    return CalendarDay.objects.bulk_create(sorted(rows, key=lambda r: r.date))


def isolated_weekend_rest_days(calendar_year: CalendarYear) -> list[date]:
    """Weekend rest days not joined to any weekday rest day by a run of rest days.

    A weekend day is a rest day anyway; the notices list weekend days only as part of a holiday
    span (e.g. 10月1日至8日). One standing alone changes nothing and is probably a mistyped
    date or a make-up day entered with the wrong type.
    """
    rest = set(calendar_year.days.filter(kind=DayKind.HOLIDAY_REST).values_list("date", flat=True))
    one = timedelta(days=1)
    isolated = []
    for d in sorted(rest):
        if d.weekday() < 5:
            continue
        joined = False
        for step in (one, -one):
            e = d + step
            while e in rest and not joined:
                joined = e.weekday() < 5
                e += step
        if not joined:
            isolated.append(d)
    return isolated


# --- recomputing open clocks ----------------------------------------------------------------------

# The columns the fast path needs; the stored explanation (the bulk of a row) is never read.
_INPUT_COLUMNS = (
    "pk",
    "subject_type_id",
    "subject_id",
    "kind",
    "start_date",
    "days",
    "pauses",
    "restart_date",
    "extension_days",
    "extension_approved_by",
    "extension_approved_on",
    "due_date",
    "base_due_date",
    "provisional",
    "paused",
    "unit",
)


@dataclass
class RecomputeResult:
    checked: int = 0  # open clocks looked at
    moved: int = 0  # due date or provisional flag changed: saved, one clock.recomputed event each
    refreshed: int = 0  # same deadline, explanation rebuilt (it counts a changed day)
    aborted: bool = False  # the calendar changed again meanwhile; the newer run takes over
    moved_ids: list[int] = field(default_factory=list, repr=False)


def recompute_open_clocks(
    *,
    actor: Any = "recompute_deadlines",
    changed_dates: Iterable[date] | None = None,
    batch_size: int = 2000,
    today: date | None = None,
) -> RecomputeResult:
    """Recompute every open clock against the calendar in force.

    Each chunk is one transaction that locks its clocks (so a concurrent `clock_change` is
    never overwritten with stale inputs) and first checks that the calendar is still the one
    this run started with; if an administrator changed it meanwhile the run stops (``aborted``)
    and the run of that newer edit, or cron, recomputes everything. Hence the result is the
    same however runs interleave, and running it again changes nothing (idempotent).

    The fast path computes due dates only; the full explanation is built for clocks whose due
    date or provisional flag moved (saved, one `clock.recomputed` event on the clock's subject
    each) and for clocks that count one of ``changed_dates`` (explanation refreshed, no event:
    the deadline did not move).
    """
    state = calendar_in_force(today)
    run = _Run(
        cal=state.calendar,
        changed=sorted(set(changed_dates or ())),
        actor=actor,
        result=RecomputeResult(),
    )
    last_pk = 0
    # Hour clocks run through holidays: a calendar edit never moves them.
    base = Clock.objects.open().exclude(unit=ClockUnit.HOURS).order_by("pk").select_for_update()
    while True:
        with transaction.atomic():
            rows = _fetch(base.filter(pk__gt=last_pk).values_list(*_INPUT_COLUMNS)[:batch_size])
            if not rows:
                break
            if calendar_version() != state.version:
                run.result.aborted = True
                break
            last_pk = rows[-1][0]
            run.result.checked += len(rows)
            _recompute_chunk(run, rows)
    return run.result


@dataclass
class _Run:
    cal: WorkCalendar
    changed: list[date]
    actor: Any  # a user, or the name of the job
    result: RecomputeResult


def _fetch(qs: models.QuerySet[Any]) -> list[tuple[Any, ...]]:
    """Rows of ``qs`` as the driver returns them, without Django's per-value converters.

    The converters (date parsing on SQLite, JSON decoding) cost four times the query itself on
    100,000 rows; _recompute_chunk converts the few values it needs (_as_date, _as_json).
    """
    sql, params = qs.query.sql_with_params()
    with _connection().cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def _connection() -> Any:
    # The connection itself, not the django.db.connection proxy: the value adapters below look
    # up connection attributes once per value, and each proxy lookup goes through asgiref.
    return connections[DEFAULT_DB_ALIAS]


def _as_date(value: Any) -> date | None:
    # SQLite returns ISO strings, PostgreSQL date objects.
    return date.fromisoformat(value) if isinstance(value, str) else value


def _as_start_date(value: Any) -> date:
    start = _as_date(value)
    if start is None:  # the column is NOT NULL
        raise ValueError("a clock without a start date cannot be recomputed")
    return start


def _as_json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _recompute_chunk(run: _Run, rows: list[tuple[Any, ...]]) -> None:
    cal, changed = run.cal, run.changed
    updates: list[tuple[int, Deadline]] = []
    events: list[tuple[int, str, dict[str, Any]]] = []
    for row in rows:
        (pk, subject_type_id, subject_id, kind, start, days, pauses, restart) = row[:8]
        (ext_days, ext_by, ext_on, due, base_due, provisional, paused, unit) = row[8:]
        start, restart, due, base_due = (
            _as_start_date(start),
            _as_date(restart),
            _as_date(due),
            _as_date(base_due),
        )
        pause_list = _pauses(_as_json(pauses)) if pauses not in ("[]", [], None) else []
        extension = _extension(ext_days, ext_by, _as_date(ext_on))
        inputs = {
            "unit": unit,
            "kind": kind,
            "start": start,
            "days": days,
            "pauses": pause_list,
            "restart": restart,
            "extension": extension,
        }
        fast = _compute(cal, **inputs, explain=False)
        moved = fast.due != due or fast.provisional != bool(provisional)
        same = not moved and fast.base_due == base_due and fast.paused == bool(paused)
        if same and not (changed and _counts_a_changed_day(start, fast.due, changed)):
            continue
        full = _compute(cal, **inputs, explain=True)
        updates.append((pk, full))
        if not moved:
            run.result.refreshed += 1
            continue
        run.result.moved += 1
        run.result.moved_ids.append(pk)
        events.append(
            (
                subject_type_id,
                str(subject_id),
                {
                    "clock": pk,
                    "kind": kind,
                    "from_due": _iso(due),
                    "to_due": _iso(full.due),
                    "from_provisional": bool(provisional),
                    "provisional": full.provisional,
                },
            )
        )
    if updates:
        _save_recomputed(updates)
    if events:
        record_events_bulk(
            action="clock.recomputed", rows=events, actor=run.actor, reason=RECOMPUTED_REASON
        )


RECOMPUTED_REASON = "节假日安排变更，期限重新计算"


def _concrete_field(name: str) -> models.Field[Any, Any]:
    field = Clock._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"Clock.{name} is not a concrete field")
    return field


def _save_recomputed(updates: list[tuple[int, Deadline]]) -> None:
    """UPDATE the recomputed columns, one parameterised statement run for all rows.

    QuerySet.bulk_update builds a CASE WHEN per column and row, which dominated the recompute
    (about 1 ms a row); executemany of a plain UPDATE runs as a prepared statement on SQLite and
    in pipeline mode on psycopg 3. Values are adapted by the model fields themselves.
    """
    connection = _connection()
    meta = Clock._meta
    fields = [_concrete_field(name) for name in CLOCK_FIELDS]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608 (quoted model metadata; values are parameters)
    due_f, base_f, prov_f, paused_f, expl_f, updated_f = fields
    now = updated_f.get_db_prep_save(timezone.now(), connection)
    params = [
        (
            due_f.get_db_prep_save(d.due, connection),
            base_f.get_db_prep_save(d.base_due, connection),
            d.provisional,
            d.paused,
            expl_f.get_db_prep_save(_explanation(d), connection),
            now,
            pk,
        )
        for pk, d in updates
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    clock_ids = [pk for pk, _d in updates]
    for refresh in hooks.registered("clocks_recomputed"):
        refresh(clock_ids)


def _counts_a_changed_day(start: date, due: date | None, changed: list[date]) -> bool:
    """True if a changed day lies in (start, due]: the explanation may mention it."""
    i = bisect_right(changed, start)
    return i < len(changed) and (due is None or changed[i] <= due)


def recompute_pending(*, actor: Any = None) -> RecomputeResult | None:
    """Run the pending recomputes (after commit of an edit, or from cron); None if none pending.

    The pending rows are read before the calendar, so the calendar used includes their edits;
    they are marked done only when the run completed.
    """
    pending = list(pending_recomputes().select_related("requested_by"))
    if not pending:
        return None
    if actor is None:
        actor = pending[-1].requested_by or "recompute_deadlines"
    changed = sorted({date.fromisoformat(d) for p in pending for d in p.changed_dates})
    result = recompute_open_clocks(actor=actor, changed_dates=changed)
    if not result.aborted:
        PendingRecompute.objects.filter(
            pk__in=[p.pk for p in pending], done_at__isnull=True
        ).update(done_at=timezone.now(), moved=result.moved)
    return result
