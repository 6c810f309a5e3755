"""Escalation alerts of the hour clocks (gate G15): before and at each deadline, to the
responsible body and the coordinators, by e-mail and SMS (sweep_concern_alerts).

Exactly once, durably, and safe under several sweeps at once (the claim pattern of the
依申请公开 reminders):

1. the candidates are derived from the open hour clocks and the time now: an alert whose
   moment has passed and that has no row yet — so a sweep after a missed run (or a stopped
   scheduler) catches up on everything missed, the "before" alert of a clock already past
   due included;
2. each (case, clock, kind) is claimed by inserting a CaseAlert row; the unique constraint
   lets one sweep win, the others skip it;
3. in the same transaction the winner queues one e-mail per address and one SMS per phone
   in the durable outbox (`kit.outbox.queue_once`, keys
   ``concerns:alert:<case>:<clock>:<kind>:<channel>:<recipient>``) and marks the alert
   queued (`queued_at`); the `send_outbox` job delivers them, retrying failures with back-off,
   each message once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.utils import timezone

from gongkai.calendars.models import Clock
from gongkai.concerns import notifications
from gongkai.concerns.clocks import SHORT, ClockKind
from gongkai.concerns.conf import setting
from gongkai.concerns.models import AlertKind, CaseAlert, OpinionCase
from gongkai.core.kit.outbox import Notice, queue_once

KINDS = tuple(k.value for k in ClockKind)


@dataclass
class AlertRun:
    due: int = 0  # alerts whose moment has come and that no sweep has claimed yet
    claimed: int = 0
    skipped: int = 0  # claimed meanwhile by another sweep
    sent: int = 0  # queued in the outbox (delivered by send_outbox)
    failed: int = 0
    emails: int = 0
    sms: int = 0


@dataclass(frozen=True)
class Candidate:
    case_id: int
    clock_id: int
    kind: str
    due_at: datetime


def lead(kind: str) -> timedelta:
    hours = dict(setting("GONGKAI_CONCERNS_ALERT_LEAD_HOURS")).get(SHORT[ClockKind(kind)], 1)
    return timedelta(hours=float(hours))


def alerts_due(now: datetime) -> list[Candidate]:
    """The alerts whose moment has passed and that have no claim yet (a catch-up included).

    One query per clock kind and alert kind; the coarse `due_date` bound lets the database
    use the open-clock index (closed_on, due_date), and NOT EXISTS on the alert index keeps
    the clocks already alerted out of the answer."""
    ct = ContentType.objects.get_for_model(OpinionCase)
    found = []
    for kind in KINDS:
        for alert_kind, moment in ((AlertKind.BEFORE, now + lead(kind)), (AlertKind.DUE, now)):
            already = CaseAlert.objects.filter(clock_id=OuterRef("pk"), kind=alert_kind)
            rows = (
                Clock.objects.filter(
                    closed_on__isnull=True,
                    due_date__lte=timezone.localdate(moment),
                    subject_type=ct,
                    kind=kind,
                    due_at__lte=moment,
                )
                .filter(~Exists(already))
                .values_list("pk", "subject_id", "due_at")
            )
            found += [
                Candidate(case_id, clock_id, alert_kind, due_at)
                for clock_id, case_id, due_at in rows
                if due_at is not None  # always, by due_at__lte; narrows the type
            ]
    return found


def _queue(candidate: Candidate, now: datetime, run: AlertRun) -> bool:
    """Claim the alert and queue its messages in the durable outbox, in one transaction
    (kit.outbox.queue_once): the unique claim row lets one sweep win; the outbox (idempotent
    keys, retries with back-off, the `send_outbox` job) sends each e-mail and SMS once.
    False if another sweep claimed it first."""
    case = OpinionCase.objects.select_related("responsible_organ", "proposed_organ").get(
        pk=candidate.case_id
    )

    def claim() -> CaseAlert:
        return CaseAlert.objects.create(
            case_id=candidate.case_id,
            clock_id=candidate.clock_id,
            kind=candidate.kind,
            due_at=candidate.due_at,
            claimed_at=now,
        )

    def compose(alert: Any) -> Notice:
        clock = Clock.objects.get(pk=alert.clock_id)
        people = notifications.alert_recipients(case)
        emails = sorted({u.email for u in people if u.email})
        phones = sorted({u.phone.strip() for u in people if u.phone.strip()})
        message = (
            notifications.alert_email(case, clock, alert.kind, now, emails) if emails else None
        )
        return Notice(
            emails=emails,
            subject=str(message.subject) if message else "",
            body=str(message.body) if message else "",
            phones=phones,
            text=notifications.alert_text(case, clock, alert.kind, now) if phones else "",
        )

    key = f"concerns:alert:{candidate.case_id}:{candidate.clock_id}:{candidate.kind}"
    alert = queue_once(claim, compose, key=key, about=case)
    if alert is None:
        return False
    run.emails += alert.emails
    run.sms += alert.sms
    return True


def alerts_sweep(*, now: datetime | None = None, dry_run: bool = False) -> AlertRun:
    """Send every alert whose moment has come (once), retry failed ones; what happened."""
    now = now or timezone.now()
    run = AlertRun()
    candidates = alerts_due(now)
    run.due = len(candidates)
    if dry_run:
        return run
    for candidate in candidates:
        if not _queue(candidate, now, run):
            run.skipped += 1
            continue
        run.claimed += 1
        run.sent += 1
    return run
