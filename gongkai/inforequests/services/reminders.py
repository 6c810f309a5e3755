"""Deadline reminders to the handlers of a case (send_deadline_reminders).

Idempotent and safe to run as several instances at once (STYLE.md §4, the healthchecks
compare-and-set pattern), the same way as the 舆情 alerts (kit.outbox.queue_once):

1. the candidates are derived from the open reply clocks today (a missed run catches up);
2. each (case, clock, kind, due date) is *claimed* by inserting a ReminderSent row; the unique
   constraint lets exactly one instance win, the others skip it;
3. in the same transaction the winner queues one e-mail per handler address and one SMS per
   handler phone in the durable outbox (keys ``inforequests:reminder:<case>:<clock>:<kind>:
   <due date>:<channel>:<recipient>``); the `send_outbox` job delivers them, retrying a
   failed mail server or SMS gateway with back-off, each message once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from gongkai.calendars.selectors import current_calendar
from gongkai.core.kit.outbox import Notice, queue_once
from gongkai.inforequests import notifications
from gongkai.inforequests.models import InfoRequest, ReminderKind, ReminderSent
from gongkai.inforequests.selectors import DueReminder, case_handlers, deadline_reminders_due
from gongkai.lib.workdays import workdays_between

__all__ = ["ReminderRun", "reminders_send"]


@dataclass
class ReminderRun:
    due: int = 0  # candidates found
    claimed: int = 0  # claimed by this run
    skipped: int = 0  # already claimed (by an earlier run or another instance)
    sent: int = 0  # queued in the outbox (delivered by send_outbox)
    emails: int = 0
    sms: int = 0


def _workdays(kind: str, due_date: date, today: date) -> int:
    cal = current_calendar(today)
    if kind == ReminderKind.OVERDUE:
        return workdays_between(cal, due_date, today)
    return workdays_between(cal, today, due_date)


def _queue(candidate: DueReminder, today: date, now: datetime) -> ReminderSent | None:
    info_request = InfoRequest.objects.select_related("organ").get(pk=candidate.info_request_id)

    def claim() -> ReminderSent:
        return ReminderSent.objects.create(
            info_request=info_request,
            clock_id=candidate.clock_id,
            kind=candidate.kind,
            due_date=candidate.due_date,
            claimed_at=now,
        )

    def compose(reminder: Any) -> Notice:
        message = notifications.Reminder(
            info_request=info_request,
            kind=reminder.kind,
            due_date=reminder.due_date,
            workdays=_workdays(reminder.kind, reminder.due_date, today),
        )
        handlers = case_handlers(info_request)
        emails = sorted({u.email for u in handlers if u.email})
        phones = sorted({u.phone.strip() for u in handlers if u.phone.strip()})
        email = notifications.reminder_email(message, emails)
        return Notice(
            emails=emails,
            subject=str(email.subject),
            body=str(email.body),
            phones=phones,
            text=notifications.reminder_sms_text(message) if phones else "",
        )

    key = (
        f"inforequests:reminder:{candidate.info_request_id}:{candidate.clock_id}:"
        f"{candidate.kind}:{candidate.due_date.isoformat()}"
    )
    result = queue_once(claim, compose, key=key, about=info_request)
    return result if isinstance(result, ReminderSent) else None


def reminders_send(
    *, today: date | None = None, workdays: int | None = None, dry_run: bool = False
) -> ReminderRun:
    """Queue the reminders due today; returns what happened (or, dry run, what would)."""
    today = today or timezone.localdate()
    now = timezone.now()
    run = ReminderRun()
    candidates = deadline_reminders_due(today, workdays)
    run.due = len(candidates)
    if dry_run:
        claimed = {
            (r.clock_id, r.kind, r.due_date)
            for r in ReminderSent.objects.filter(clock_id__in=[c.clock_id for c in candidates])
        }
        run.skipped = sum((c.clock_id, c.kind, c.due_date) in claimed for c in candidates)
        return run
    for candidate in candidates:
        reminder = _queue(candidate, today, now)
        if reminder is None:
            run.skipped += 1
            continue
        run.claimed += 1
        run.sent += 1
        run.emails += reminder.emails
        run.sms += reminder.sms
    return run
