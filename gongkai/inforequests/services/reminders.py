"""Deadline reminders to the handlers of a case (send_deadline_reminders).

Idempotent and safe to run as several instances at once (STYLE.md §4, the healthchecks
compare-and-set pattern):

1. the candidates are derived from the open reply clocks today (a missed run catches up);
2. each (case, clock, kind, due date) is *claimed* by inserting a ReminderSent row; the unique
   constraint lets exactly one instance win, the others skip it;
3. the winner sends one e-mail (all handlers as recipients) and one SMS per handler phone,
   then marks the row sent;
4. a claim whose sending failed is retried by a later run once it is older than
   GONGKAI_REMINDER_RETRY_SECONDS, re-claimed with a conditional UPDATE on its claim time
   (only one instance wins that too). A channel that already went out is not sent again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gongkai.calendars.models import Clock
from gongkai.calendars.selectors import current_calendar
from gongkai.inforequests import notifications
from gongkai.inforequests.conf import setting
from gongkai.inforequests.models import InfoRequest, ReminderKind, ReminderSent
from gongkai.inforequests.selectors import DueReminder, case_handlers, deadline_reminders_due
from gongkai.lib.workdays import workdays_between

__all__ = ["ReminderRun", "reminders_send"]

MAX_ATTEMPTS = 5


@dataclass
class ReminderRun:
    due: int = 0  # candidates found
    claimed: int = 0  # claimed by this run (new or retried)
    skipped: int = 0  # already claimed (by an earlier run or another instance)
    sent: int = 0
    failed: int = 0
    emails: int = 0
    sms: int = 0


def _claim(candidate: DueReminder, now: datetime) -> ReminderSent | None:
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(
                info_request_id=candidate.info_request_id,
                clock_id=candidate.clock_id,
                kind=candidate.kind,
                due_date=candidate.due_date,
                claimed_at=now,
                attempts=1,
            )
    except IntegrityError:
        return None


def _reclaim(reminder: ReminderSent, now: datetime) -> bool:
    won = ReminderSent.objects.filter(
        pk=reminder.pk, sent_at__isnull=True, claimed_at=reminder.claimed_at
    ).update(claimed_at=now, attempts=F("attempts") + 1)
    if won:
        reminder.refresh_from_db()
    return bool(won)


def _workdays(reminder: ReminderSent, today: date) -> int:
    cal = current_calendar(today)
    if reminder.kind == ReminderKind.OVERDUE:
        return workdays_between(cal, reminder.due_date, today)
    return workdays_between(cal, today, reminder.due_date)


def _deliver(reminder: ReminderSent, today: date, run: ReminderRun, sms: Any) -> None:
    info_request = InfoRequest.objects.select_related("organ").get(pk=reminder.info_request_id)
    message = notifications.Reminder(
        info_request=info_request,
        kind=reminder.kind,
        due_date=reminder.due_date,
        workdays=_workdays(reminder, today),
    )
    handlers = case_handlers(info_request)
    emails = sorted({u.email for u in handlers if u.email})
    phones = sorted({u.phone.strip() for u in handlers if u.phone.strip()})
    try:
        if emails and not reminder.emails:
            notifications.reminder_email(message, emails).send(fail_silently=False)
            reminder.emails = 1
            ReminderSent.objects.filter(pk=reminder.pk).update(emails=1)
            run.emails += 1
        if phones and not reminder.sms:
            text = notifications.reminder_sms_text(message)
            for phone in phones:
                sms.send(phone=phone, text=text)
            reminder.sms = len(phones)
            ReminderSent.objects.filter(pk=reminder.pk).update(sms=len(phones))
            run.sms += len(phones)
    except Exception as exc:  # noqa: BLE001 - any mail or gateway failure is retried later
        ReminderSent.objects.filter(pk=reminder.pk).update(error=str(exc)[:2000])
        run.failed += 1
        return
    ReminderSent.objects.filter(pk=reminder.pk).update(sent_at=timezone.now(), error="")
    run.sent += 1


def _still_due(reminder: ReminderSent) -> bool:
    """A retried reminder is still worth sending: same open, running clock and due date."""
    return Clock.objects.filter(
        pk=reminder.clock_id, closed_on__isnull=True, paused=False, due_date=reminder.due_date
    ).exists()


def reminders_send(
    *, today: date | None = None, workdays: int | None = None, dry_run: bool = False
) -> ReminderRun:
    """Send the reminders due today; returns what happened (or, dry run, what would)."""
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
    sms = notifications.sms_backend()
    for candidate in candidates:
        reminder = _claim(candidate, now)
        if reminder is None:
            run.skipped += 1
            continue
        run.claimed += 1
        _deliver(reminder, today, run, sms)
    stale = now - timedelta(seconds=int(setting("GONGKAI_REMINDER_RETRY_SECONDS")))
    retry = ReminderSent.objects.filter(
        sent_at__isnull=True, claimed_at__lt=stale, attempts__lt=MAX_ATTEMPTS
    ).order_by("pk")
    for reminder in retry:
        if _still_due(reminder) and _reclaim(reminder, now):
            run.claimed += 1
            _deliver(reminder, today, run, sms)
    return run
