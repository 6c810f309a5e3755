"""What `actions_for` offers on an annual report is exactly what its services accept.

Every status is reached through the services (draft → checked → signed off → published); the
tables are drawn consistent or with a broken identity (then 核验 and 发布 may be refused by gate
G16, never with NotPermitted/TransitionNotAllowed when offered). Each attempt runs in a
savepoint that is rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.kit.testing import assert_offered_is_accepted
from gongkai.reports import services
from gongkai.reports.models import AnnualReport
from gongkai.reports.workflow import Status

pytestmark = pytest.mark.django_db(transaction=False)

CAST = (
    "clerk",
    "head",
    "reviewer",
    "gov_office",
    "secrecy_reviewer",
    "other_clerk",
    "other_reviewer",
    "administrator",
    "citizen",
)
CALLS: dict[str, Callable[[Any, AnnualReport], Any]] = {
    "edit": lambda user, r: services.annual_report_edit_section(
        actor=user, report=r, key="problems", text="一是解读不够及时。"
    ),
    "regenerate": lambda user, r: services.annual_report_regenerate(actor=user, report=r),
    "figure": lambda user, r: services.annual_report_set_figure(
        actor=user, report=r, row="licensing", column="decisions", value="7", source="审批系统"
    ),
    "check": lambda user, r: services.annual_report_check(actor=user, report=r),
    "sign_off": lambda user, r: services.annual_report_sign_off(actor=user, report=r),
    "publish": lambda user, r: services.annual_report_publish(actor=user, report=r),
    "reopen": lambda user, r: services.annual_report_reopen(
        actor=user, report=r, reason="数据需更正"
    ),
}
PATH = [Status.DRAFT, Status.CHECKED, Status.SIGNED_OFF, Status.PUBLISHED]


@pytest.fixture
def cast(request: pytest.FixtureRequest, district: Any) -> dict[str, Any]:
    users = {name: request.getfixturevalue(name) for name in CAST}
    users["anonymous"] = AnonymousUser()
    return users


def _reach(report: AnnualReport, status: str, cast: dict[str, Any]) -> AnnualReport:
    steps = {
        Status.CHECKED: lambda: services.annual_report_check(actor=cast["reviewer"], report=report),
        Status.SIGNED_OFF: lambda: services.annual_report_sign_off(
            actor=cast["head"], report=report
        ),
        Status.PUBLISHED: lambda: services.annual_report_publish(
            actor=cast["reviewer"], report=report
        ),
    }
    for state in PATH[1 : PATH.index(Status(status)) + 1]:
        steps[state]()
    report.refresh_from_db()
    return report


@given(status=st.sampled_from(PATH), broken=st.booleans(), year=st.sampled_from([2020, 2025]))
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_offered_actions_are_accepted(
    cast: dict[str, Any], district: Any, status: str, broken: bool, year: int
) -> None:
    AnnualReport.objects.filter(organ=district.education, year=year).delete()
    report = services.annual_report_create(
        actor=cast["reviewer"], organ=district.education, year=year
    )
    report = _reach(report, status, cast)
    assert report.status == status
    if broken:
        tables = dict(report.tables)
        tables["table3"]["cells"]["new"]["natural"] = 4
        tables["table3"]["cells"]["new"]["total"] = 4
        AnnualReport.objects.filter(pk=report.pk).update(tables=tables)
    assert_offered_is_accepted(report, cast, CALLS)
