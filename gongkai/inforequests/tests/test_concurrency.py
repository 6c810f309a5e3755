"""Case numbers under concurrent submissions (PostgreSQL only: SQLite serialises writers)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from gongkai.inforequests import services
from gongkai.inforequests.models import InfoRequest
from gongkai.inforequests.tests.factories import application
from gongkai.inforequests.workflow import Channel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


def _submit(organ, token):
    try:
        return services.inforequest_submit(
            organ=organ, channel=Channel.ONLINE, data=application(), client_token=token
        ).info_request.case_number
    finally:
        connections.close_all()


def test_concurrent_submissions_get_distinct_serials(district):
    with ThreadPoolExecutor(max_workers=6) as pool:
        numbers = list(pool.map(lambda i: _submit(district.education, None), range(12)))
    assert sorted(numbers) == [f"YSQ-2025-{n:06d}" for n in range(1, 13)]


def test_concurrent_double_submission_creates_one_case(district):
    with ThreadPoolExecutor(max_workers=4) as pool:
        numbers = set(pool.map(lambda i: _submit(district.education, "same-click"), range(4)))
    assert len(numbers) == 1
    assert InfoRequest.objects.count() == 1


def _remind():
    try:
        return services.reminders_send()
    finally:
        connections.close_all()


def test_two_reminder_instances_send_each_reminder_once(district, reviewer):
    from datetime import date

    from django.core import mail

    from gongkai.inforequests.models import ReminderSent
    from gongkai.inforequests.tests.factories import received

    # Reply due today (received 17 November 2025) and one overdue (3 November).
    received(reviewer, district.education, date(2025, 11, 17))
    received(reviewer, district.education, date(2025, 11, 3))
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = list(pool.map(lambda i: _remind(), range(4)))
    assert sum(run.sent for run in runs) == 2
    assert sum(run.skipped for run in runs) == 6
    assert ReminderSent.objects.count() == 2
    from gongkai.core.kit import outbox

    outbox.deliver_pending()
    assert len([m for m in mail.outbox if "答复期限" in m.subject]) == 2
