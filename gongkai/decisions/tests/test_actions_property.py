"""Offered actions = accepted actions, for every stage reached through the services, and the
fixed cast (kit.testing.assert_offered_is_accepted)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.kit import steps
from gongkai.core.kit.testing import assert_offered_is_accepted
from gongkai.decisions import services
from gongkai.decisions.actions import ACTIONS, CONSULTATION_ACTIONS
from gongkai.decisions.tests import factories as f
from gongkai.decisions.workflow import RecordKind

pytestmark = pytest.mark.django_db

STAGES = (
    "initiated",
    "drafting",
    "participation",
    "expert",
    "legality",
    "discussion",
    "decided",
    "published",
    "implementing",
    "evaluated",
)

CALLS = {
    "draft": lambda u, d: services.decision_draft(actor=u, decision=d),
    "participate": lambda u, d: services.decision_participate(actor=u, decision=d),
    "expert": lambda u, d: services.decision_expert(actor=u, decision=d),
    "risk": lambda u, d: services.decision_risk(actor=u, decision=d),
    "submit_review": lambda u, d: services.decision_submit_review(actor=u, decision=d),
    "review_pass": lambda u, d: services.decision_review(
        actor=u, decision=d, passed=True, opinion="合法"
    ),
    "review_fail": lambda u, d: services.decision_review(
        actor=u, decision=d, passed=False, opinion="不合法"
    ),
    "decide": lambda u, d: services.decision_decide(
        actor=u,
        decision=d,
        meeting_kind="executive",
        meeting_date=steps.today(),
        meeting_name="",
        minutes="m",
        decision_text="t",
    ),
    "return": lambda u, d: services.decision_return(actor=u, decision=d, reason="再研究"),
    "publish": lambda u, d: services.decision_publish(actor=u, decision=d),
    "implement": lambda u, d: services.decision_implement(actor=u, decision=d),
    "evaluate": lambda u, d: services.decision_evaluate(actor=u, decision=d, report="良好"),
    "edit": lambda u, d: services.decision_update(actor=u, decision=d, data={"title": "新名称"}),
    "add_record": lambda u, d: services.decision_add_record(
        actor=u, decision=d, kind=RecordKind.OTHER, title="材料", body="内容"
    ),
}
CONSULTATION_CALLS = {
    "announce": lambda u, c: services.consultation_announce(actor=u, consultation=c),
    "open": lambda u, c: services.consultation_open(actor=u, consultation=c),
    "close": lambda u, c: services.consultation_close(actor=u, consultation=c),
    "report": lambda u, c: services.consultation_report(actor=u, consultation=c, summary="已研究"),
    "edit": lambda u, c: services.consultation_update(
        actor=u, consultation=c, data={"title": "新标题"}
    ),
}


def _reach(stage, clerk, organ, legal, gov):
    flags = {"specialised": True} if stage == "expert" else {}
    if stage == "initiated":
        return f.decision(clerk, organ)
    if stage == "drafting":
        d = f.decision(clerk, organ)
        services.decision_draft(actor=clerk, decision=d)
        return d
    if stage in ("participation", "expert"):
        d = f.to_participation(clerk, organ, **flags)
        if stage == "expert":
            f.reported(clerk, d)
            services.decision_expert(actor=clerk, decision=d)
        return d
    if stage == "legality":
        return f.to_review(clerk, organ)
    if stage == "discussion":
        return f.to_discussion(clerk, organ, legal)
    d = f.to_decided(clerk, organ, legal, gov)
    if stage in ("published", "implementing", "evaluated"):
        services.decision_publish(actor=gov, decision=d)
    if stage in ("implementing", "evaluated"):
        services.decision_implement(actor=clerk, decision=d)
    if stage == "evaluated":
        services.decision_evaluate(actor=clerk, decision=d, report="良好")
    return d


@settings(
    max_examples=len(STAGES) * 2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(stage=st.sampled_from(STAGES))
def test_decision_actions(stage, clerk, other_clerk, head, legal, gov_office, citizen, district):
    from django.db import transaction

    sid = transaction.savepoint()
    try:
        d = _reach(stage, clerk, district.education, legal, gov_office)
        assert d.status == stage or stage == "decided"
        users = {
            "clerk": clerk,
            "other_clerk": other_clerk,
            "head": head,
            "legal": legal,
            "gov_office": gov_office,
            "citizen": citizen,
        }
        assert_offered_is_accepted(d, users, CALLS)
    finally:
        transaction.savepoint_rollback(sid)


C_STAGES = ("draft", "announced", "open", "closed", "reported")


def _consultation(stage, clerk, organ):
    from datetime import timedelta

    d = f.to_participation(clerk, organ)
    opens = steps.today() + (timedelta(days=3) if stage == "announced" else timedelta())
    c = services.consultation_create(
        actor=clerk, decision=d, data={"how_to_comment": "在线", "opens_on": opens}
    )
    if stage == "draft":
        return c
    if stage == "reported":
        return f.reported(clerk, d) if False else _reported(clerk, c)
    c = services.consultation_announce(actor=clerk, consultation=c)
    if stage == "closed":
        f.close(c)
    return c


def _reported(clerk, c):
    c = services.consultation_announce(actor=clerk, consultation=c)
    f.close(c)
    return services.consultation_report(actor=clerk, consultation=c, summary="无意见")


@settings(
    max_examples=len(C_STAGES) * 2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(stage=st.sampled_from(C_STAGES))
def test_consultation_actions(stage, clerk, other_clerk, legal, citizen, district):
    from django.db import transaction

    sid = transaction.savepoint()
    try:
        c = _consultation(stage, clerk, district.education)
        assert c.status == stage
        users = {"clerk": clerk, "other_clerk": other_clerk, "legal": legal, "citizen": citizen}
        assert_offered_is_accepted(c, users, CONSULTATION_CALLS)
    finally:
        transaction.savepoint_rollback(sid)


def test_every_action_has_a_call():
    assert set(ACTIONS.names()) == set(CALLS)
    assert set(CONSULTATION_ACTIONS.names()) == set(CONSULTATION_CALLS)
