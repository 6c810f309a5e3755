"""G16 reminders go through the durable outbox, once per organ, report year, kind and
recipient, from the `send_report_reminders` job; `send_outbox` delivers them."""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import UserFactory
from gongkai.core.kit.outbox import deliver_pending
from gongkai.core.models import OutboxMessage
from gongkai.reports import services
from gongkai.reports.reminders import reminders_enqueue
from gongkai.reports.workflow import Status

pytestmark = pytest.mark.django_db

YEAR = 2025


def _keys() -> list[str]:
    return sorted(OutboxMessage.objects.values_list("key", flat=True))


def test_reminders_exactly_once_per_organ_year_kind_and_recipient(
    settings: Any, district: Any, reviewer: Any, gov_office: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reviewer.email, gov_office.email = "edu-office@example.gov.cn", "gov-office@example.gov.cn"
    reviewer.save()
    gov_office.save()
    # 财政局 has no openness office of its own and none above it: nobody to remind.
    # 10 January: 教育局 and 财政局 are due; the government (31 March) is not yet.
    run = reminders_enqueue(today=date(YEAR + 1, 1, 10))
    assert (run.due, run.queued, run.already, run.no_recipient) == (2, 1, 0, 1)
    edu = district.education.pk
    assert _keys() == [f"reports:g16:{edu}:{YEAR}:due_soon:{reviewer.pk}"]
    # Every later run the same month sends nothing again.
    again = reminders_enqueue(today=date(YEAR + 1, 1, 20))
    assert (again.queued, again.already) == (0, 1)
    assert OutboxMessage.objects.count() == 1
    # Delivered by the outbox job, not by the reminder job.
    assert mail.outbox == []
    assert deliver_pending().sent == 1
    assert [m.to for m in mail.outbox] == [["edu-office@example.gov.cn"]]
    assert "即将到期" in mail.outbox[0].subject and "2026年1月31日前发布" in mail.outbox[0].body
    # After 31 January: one "late" reminder more, once; and the government's report (due 31
    # March) reaches the government office from 1 March.
    reminders_enqueue(today=date(YEAR + 1, 2, 3))
    reminders_enqueue(today=date(YEAR + 1, 2, 4))
    late_key = f"reports:g16:{edu}:{YEAR}:late:{reviewer.pk}"
    assert late_key in _keys() and len(_keys()) == 2
    reminders_enqueue(today=date(YEAR + 1, 3, 2))
    gov = district.government.pk
    assert f"reports:g16:{gov}:{YEAR}:due_soon:{gov_office.pk}" in _keys()
    assert deliver_pending().sent == 2
    late = next(m for m in mail.outbox if "逾期" in m.subject)
    assert late.to == ["edu-office@example.gov.cn"]


def test_a_published_report_is_not_reminded_and_dry_run_writes_nothing(
    district: Any, reviewer: Any
) -> None:
    reviewer.email = "edu-office@example.gov.cn"
    reviewer.save()
    dry = reminders_enqueue(today=date(YEAR + 1, 1, 10), dry_run=True)
    assert dry.queued == 1 and not OutboxMessage.objects.exists()
    report = services.annual_report_create(actor=reviewer, organ=district.education, year=YEAR)
    report.status = Status.PUBLISHED
    report.published_date = date(YEAR + 1, 1, 5)
    report.save()
    assert reminders_enqueue(today=date(YEAR + 1, 1, 10)).due == 1  # 财政局 only
    assert not OutboxMessage.objects.exists()


def test_department_without_office_reminds_the_office_above(district: Any) -> None:
    office: Any = UserFactory(
        username="district_office",
        email="district-office@example.gov.cn",
        roles=[(district.government, Role.OPENNESS_OFFICER)],
    )
    reminders_enqueue(today=date(YEAR + 1, 1, 10))
    recipients = set(OutboxMessage.objects.values_list("recipient", "key"))
    assert {r for r, _k in recipients} == {"district-office@example.gov.cn"}
    # One message per organ (教育局, 财政局) for the same person: the keys differ by organ.
    assert len(recipients) == 2
    assert all(k.endswith(f":due_soon:{office.pk}") for _r, k in recipients)


def test_job_command(district: Any, reviewer: Any) -> None:
    reviewer.email = "edu-office@example.gov.cn"
    reviewer.save()
    out = StringIO()
    call_command("send_report_reminders", "--today", "2026-01-10", "--dry-run", stdout=out)
    assert "（试运行）" in out.getvalue() and "新提醒 1 条" in out.getvalue()
    assert not OutboxMessage.objects.exists()
    call_command("send_report_reminders", "--today", "2026-01-10", stdout=out)
    call_command("send_report_reminders", "--today", "2026-01-11", stdout=out)
    assert OutboxMessage.objects.count() == 1
    assert "已提醒过 1 条" in out.getvalue()
