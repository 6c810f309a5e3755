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
3. the winner sends one e-mail (all recipients) and one SMS per phone, then marks it sent;
4. a claim whose sending failed is retried after GONGKAI_CONCERNS_ALERT_RETRY_SECONDS by a
   conditional UPDATE on its claim time (one sweep wins that too), never a channel twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from gongkai.calendars.models import Clock
from gongkai.concerns import notifications
from gongkai.concerns.clocks import SHORT, ClockKind
from gongkai.concerns.conf import setting
from gongkai.concerns.models import AlertKind, CaseAlert, OpinionCase

MAX_ATTEMPTS = 5
KINDS = tuple(k.value for k in ClockKind)


@dataclass
class AlertRun:
    due: int = 0  # alerts whose moment has come and that no sweep has claimed yet
    claimed: int = 0
    skipped: int = 0  # claimed meanwhile by another sweep
    sent: int = 0
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


def _claim(candidate: Candidate, now: datetime) -> CaseAlert | None:
    try:
        with transaction.atomic():
            return CaseAlert.objects.create(
                case_id=candidate.case_id,
                clock_id=candidate.clock_id,
                kind=candidate.kind,
                due_at=candidate.due_at,
                claimed_at=now,
                attempts=1,
            )
    except IntegrityError:
        return None


def _reclaim(alert: CaseAlert, now: datetime) -> bool:
    won = CaseAlert.objects.filter(
        pk=alert.pk, sent_at__isnull=True, claimed_at=alert.claimed_at
    ).update(claimed_at=now, attempts=F("attempts") + 1)
    if won:
        alert.refresh_from_db()
    return bool(won)


def _deliver(alert: CaseAlert, now: datetime, run: AlertRun, sms: Any) -> None:
    case = OpinionCase.objects.select_related("responsible_organ", "proposed_organ").get(
        pk=alert.case_id
    )
    clock = Clock.objects.get(pk=alert.clock_id)
    people = notifications.alert_recipients(case)
    emails = sorted({u.email for u in people if u.email})
    phones = sorted({u.phone.strip() for u in people if u.phone.strip()})
    try:
        if emails and not alert.emails:
            notifications.alert_email(case, clock, alert.kind, now, emails).send(
                fail_silently=False
            )
            alert.emails = 1
            CaseAlert.objects.filter(pk=alert.pk).update(emails=1)
            run.emails += 1
        if phones and not alert.sms:
            text = notifications.alert_text(case, clock, alert.kind, now)
            for phone in phones:
                sms.send(phone=phone, text=text)
            alert.sms = len(phones)
            CaseAlert.objects.filter(pk=alert.pk).update(sms=len(phones))
            run.sms += len(phones)
    except Exception as exc:  # noqa: BLE001 - any mail or gateway failure is retried later
        CaseAlert.objects.filter(pk=alert.pk).update(error=str(exc)[:2000])
        run.failed += 1
        return
    CaseAlert.objects.filter(pk=alert.pk).update(sent_at=timezone.now(), error="")
    run.sent += 1


def alerts_sweep(*, now: datetime | None = None, dry_run: bool = False) -> AlertRun:
    """Send every alert whose moment has come (once), retry failed ones; what happened."""
    now = now or timezone.now()
    run = AlertRun()
    candidates = alerts_due(now)
    run.due = len(candidates)
    if dry_run:
        return run
    sms = notifications.sms_backend() if candidates else None
    for candidate in candidates:
        alert = _claim(candidate, now)
        if alert is None:
            run.skipped += 1
            continue
        run.claimed += 1
        _deliver(alert, now, run, sms)
    stale = now - timedelta(seconds=int(setting("GONGKAI_CONCERNS_ALERT_RETRY_SECONDS")))
    retry = CaseAlert.objects.filter(
        sent_at__isnull=True, claimed_at__lt=stale, attempts__lt=MAX_ATTEMPTS
    ).order_by("pk")
    for alert in retry:
        still_open = Clock.objects.filter(pk=alert.clock_id, closed_on__isnull=True).exists()
        if still_open and _reclaim(alert, now):
            run.claimed += 1
            sms = sms or notifications.sms_backend()
            _deliver(alert, now, run, sms)
    return run
