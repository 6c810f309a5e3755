"""舆情: what `actions_for` offers is exactly what the services accept.

Every status is reached through the services (from a detection time, a severity and a
response publication drawn by Hypothesis); then each member of the cast tries every action
through its service in a rolled-back savepoint (kit.testing.assert_offered_is_accepted).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.concerns import services
from gongkai.concerns.models import OpinionCase, OpinionResponse
from gongkai.concerns.tests.factories import new_case, respond
from gongkai.concerns.workflow import ResponseForm, Severity
from gongkai.core.exceptions import TransitionNotAllowed
from gongkai.core.kit.testing import assert_offered_is_accepted

pytestmark = pytest.mark.django_db


def _collected(c: Any, when: Any, severity: str) -> OpinionCase:
    return new_case(c.gov_office, when, severity=severity, organs=[c.district.education])


def _consulting(c: Any, when: Any, severity: str) -> OpinionCase:
    case = _collected(c, when, severity)
    return services.case_allocate(actor=c.gov_office, case=case, organ=c.district.education)


def _disputed(c: Any, when: Any, severity: str) -> OpinionCase:
    return services.case_dispute(
        actor=c.reviewer, case=_consulting(c, when, severity), reason="职责不符"
    )


def _analysing(c: Any, when: Any, severity: str) -> OpinionCase:
    return services.case_consult(actor=c.head, case=_consulting(c, when, severity), note="会商口径")


def _responding(c: Any, when: Any, severity: str) -> OpinionCase:
    return services.case_analyse(actor=c.head, case=_analysing(c, when, severity), note="研判")


def _answered(c: Any, when: Any, severity: str) -> OpinionCase:
    case = _responding(c, when, severity)
    respond(c.reviewer, case, when + timedelta(hours=1))
    return case


def _evaluating(c: Any, when: Any, severity: str) -> OpinionCase:
    return services.case_finish(actor=c.head, case=_answered(c, when, severity))


def _closed(c: Any, when: Any, severity: str) -> OpinionCase:
    return services.case_evaluate(
        actor=c.gov_office, case=_evaluating(c, when, severity), evaluation="平息"
    )


def _dismissed(c: Any, when: Any, severity: str) -> OpinionCase:
    case = _collected(c, when, severity)
    respond(c.gov_office, case, when + timedelta(minutes=30))
    return services.case_dismiss(actor=c.gov_office, case=case, reason="非政务舆情")


BUILDERS: list[Callable[[Any, Any, str], OpinionCase]] = [
    _collected, _consulting, _disputed, _analysing, _responding, _answered, _evaluating,
    _closed, _dismissed,
]  # fmt: skip


def _response(case: OpinionCase, published: bool | None) -> OpinionResponse:
    qs = case.responses.order_by("pk")
    if published is not None:
        qs = qs.filter(published_at__isnull=not published)
    found = qs.first() or case.responses.order_by("pk").first()
    if found is None:
        raise TransitionNotAllowed("该舆情尚无回应。")
    return found


def calls(c: Any) -> dict[str, Callable[[Any, OpinionCase], Any]]:
    d = c.district
    return {
        "allocate": lambda u, o: services.case_allocate(actor=u, case=o, organ=d.education),
        "dispute": lambda u, o: services.case_dispute(actor=u, case=o, reason="不属本部门职责"),
        "decide": lambda u, o: services.case_decide(
            actor=u, case=o, organ=d.finance, reason="裁定"
        ),
        "consult": lambda u, o: services.case_consult(actor=u, case=o, note="会商"),
        "analyse": lambda u, o: services.case_analyse(actor=u, case=o, note="研判"),
        "respond": lambda u, o: services.response_add(
            actor=u,
            case=o,
            data=services.ResponseData(
                form=ResponseForm.RELEASE,
                title="情况通报",
                content="经核查……",
                occurred_at=o.detected_at + timedelta(hours=2),
            ),  # fmt: skip
        ),
        "publish_response": lambda u, o: services.response_publish(
            actor=u, response=_response(o, False)
        ),
        "unpublish_response": lambda u, o: services.response_unpublish(
            actor=u, response=_response(o, True), reason="撤下"
        ),
        "finish": lambda u, o: services.case_finish(actor=u, case=o),
        "evaluate": lambda u, o: services.case_evaluate(actor=u, case=o, evaluation="评估"),
        "dismiss": lambda u, o: services.case_dismiss(actor=u, case=o, reason="非政务舆情"),
        "regrade": lambda u, o: services.case_regrade(
            actor=u,
            case=o,
            severity="ordinary" if o.severity != "ordinary" else "major",
            reason="研判后调整",
        ),
    }


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    builder=st.sampled_from(BUILDERS),
    severity=st.sampled_from(Severity.values),
    hours_ago=st.integers(min_value=3, max_value=24 * 60),
    publish=st.booleans(),
)
def test_offered_is_accepted(cast, builder, severity, hours_ago, publish):  # type: ignore[no-untyped-def]
    when = timezone.now() - timedelta(hours=hours_ago)
    case = builder(cast, when, severity)
    if publish and case.responses.exists() and case.status != "dismissed":
        services.response_publish(actor=cast.gov_office, response=case.responses.first())
    users = {
        "gov_office": cast.gov_office,
        "press_desk": cast.press_desk,
        "head": cast.head,
        "reviewer": cast.reviewer,
        "clerk": cast.clerk,
        "other_reviewer": cast.other_reviewer,
        "citizen": cast.citizen,
        "anonymous": AnonymousUser(),
    }
    assert_offered_is_accepted(case, users, calls(cast))
