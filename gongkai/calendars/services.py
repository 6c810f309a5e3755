"""Writes: opening, changing, closing and recomputing statutory clocks."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from gongkai.calendars.models import Clock, ClockKind
from gongkai.calendars.selectors import current_calendar
from gongkai.core.models import AuditEvent, record_event
from gongkai.lib.deadlines import Deadline, Extension, Pause, PauseKind, compute_deadline
from gongkai.lib.workdays import WorkCalendar


def _pauses(clock: Clock) -> list[Pause]:
    return [
        Pause(
            start=date.fromisoformat(p["start"]),
            end=date.fromisoformat(p["end"]) if p.get("end") else None,
            kind=PauseKind(p["kind"]),
        )
        for p in clock.pauses
    ]


def compute_for(clock: Clock, cal: WorkCalendar) -> Deadline:
    extension = None
    if clock.extension_days:
        extension = Extension(
            days=clock.extension_days,
            approved_by=clock.extension_approved_by,
            approved_on=clock.extension_approved_on,
        )
    return compute_deadline(
        cal,
        start=clock.start_date,
        days=clock.days,
        pauses=_pauses(clock),
        restart=clock.restart_date,
        extension=extension,
    )


def _apply(clock: Clock, deadline: Deadline) -> bool:
    """Copy a computed deadline onto the clock; True if the due date moved."""
    moved = clock.due_date != deadline.due
    clock.due_date = deadline.due
    clock.base_due_date = deadline.base_due
    clock.provisional = deadline.provisional
    clock.paused = deadline.paused
    clock.explanation = [
        {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(step).items()}
        for step in deadline.steps
    ]
    return moved


CLOCK_FIELDS = ["due_date", "base_due_date", "provisional", "paused", "explanation", "updated_at"]


def clock_open(
    *, subject: models.Model, kind: ClockKind, start: date, days: int, actor: Any = None
) -> Clock:
    clock = Clock(
        subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
        subject_id=subject.pk,
        kind=kind,
        start_date=start,
        days=days,
    )
    _apply(clock, compute_for(clock, current_calendar()))
    clock.save()
    record_event(
        action="clock.opened",
        subject=subject,
        actor=actor,
        data={"kind": kind, "start": start.isoformat(), "days": days, "due": _iso(clock.due_date)},
    )
    return clock


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


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
    record_event(
        action="clock.changed",
        subject=clock.subject,
        actor=actor,
        reason=reason,
        data={"kind": clock.kind, "from_due": _iso(before), "to_due": _iso(clock.due_date)},
    )
    return clock


def clock_close(*, clock: Clock, on: date) -> None:
    Clock.objects.filter(pk=clock.pk, closed_on__isnull=True).update(closed_on=on)
    clock.closed_on = on


def recompute_open_clocks(*, actor: Any = None, batch_size: int = 2000) -> int:
    """Recompute every open clock against the calendar in force.

    Each clock whose due date moves is saved and gets a `clock.recomputed` audit event
    on its subject. Returns the number of clocks that moved.
    """
    cal = current_calendar()
    moved_total = 0
    qs = Clock.objects.open().order_by("pk")
    last_pk = 0
    while True:
        chunk = list(qs.filter(pk__gt=last_pk)[:batch_size])
        if not chunk:
            break
        last_pk = chunk[-1].pk
        changed: list[Clock] = []
        events: list[AuditEvent] = []
        for clock in chunk:
            before = clock.due_date
            before_provisional = clock.provisional
            if _apply(clock, compute_for(clock, cal)) or before_provisional != clock.provisional:
                changed.append(clock)
                events.append(
                    AuditEvent(
                        action="clock.recomputed",
                        subject_type_id=clock.subject_type_id,
                        subject_id=str(clock.subject_id),
                        actor=actor if getattr(actor, "is_authenticated", False) else None,
                        actor_label="" if actor is None else str(actor),
                        reason="节假日安排变更，期限重新计算",
                        data={
                            "kind": clock.kind,
                            "from_due": _iso(before),
                            "to_due": _iso(clock.due_date),
                            "provisional": clock.provisional,
                        },
                    )
                )
        with transaction.atomic():
            Clock.objects.bulk_update(changed, CLOCK_FIELDS, batch_size=500)
            AuditEvent.objects.bulk_create(events, batch_size=500)
        moved_total += len(changed)
    return moved_total
