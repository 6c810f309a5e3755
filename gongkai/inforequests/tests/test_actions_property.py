"""依申请公开: what `actions_for` offers is exactly what the services accept.

Every status is reached through the services themselves (so the clocks, notices and
consultations are those the services leave), from a receipt date drawn by Hypothesis; then
every member of the fixed cast tries every action through its service, in a savepoint that
is rolled back. An offered action is never refused with NotPermitted/TransitionNotAllowed (a
gate or bad input may still refuse it); an action not offered always is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.exceptions import TransitionNotAllowed
from gongkai.core.kit.testing import assert_offered_is_accepted
from gongkai.inforequests import services
from gongkai.inforequests.models import (
    ConsultationKind,
    ConsultationPosition,
    Delivery,
    FeeMode,
    InfoRequest,
    LetterKind,
    Outcome,
)
from gongkai.inforequests.selectors import CONSULTATION_LETTER, letter_kinds_available
from gongkai.inforequests.tests.factories import application, at, received
from gongkai.inforequests.workflow import Channel, Status

pytestmark = pytest.mark.django_db

EXCESS = "同一申请人本月第11件以上申请，数量明显超过合理范围。"

CAST = (
    "clerk",
    "head",
    "reviewer",
    "office_head",
    "gov_office",
    "secrecy_reviewer",
    "other_clerk",
    "other_reviewer",
    "administrator",
    "citizen",
)


# --- reaching each status through the services ----------------------------------------------


def _submitted(ctx: dict[str, Any], on: date) -> InfoRequest:
    # An online application is received at submission (条例第三十一条); a case waiting for
    # its receipt date is a fax registered by the openness office without one.
    return services.inforequest_submit(
        organ=ctx["district"].education,
        channel=Channel.FAX,
        data=application(),
        actor=ctx["reviewer"],
        submitted_at=at(on),
    ).info_request


def _received(ctx: dict[str, Any], on: date) -> InfoRequest:
    return received(ctx["reviewer"], ctx["district"].education, on)


def _correction(ctx: dict[str, Any], on: date) -> InfoRequest:
    ir = _received(ctx, on)
    return services.inforequest_notify_correction(
        actor=ctx["reviewer"],
        info_request=ir,
        items=["请补充所需信息的名称"],
        period_days=15,
        notified_on=on,
    )


def _in_process(ctx: dict[str, Any], on: date) -> InfoRequest:
    ir = _received(ctx, on)
    return services.inforequest_assign(
        actor=ctx["reviewer"], info_request=ir, department=ctx["district"].education
    )


def _consulting(kind: str) -> Callable[[dict[str, Any], date], InfoRequest]:
    def build(ctx: dict[str, Any], on: date) -> InfoRequest:
        ir = _in_process(ctx, on)
        services.consultation_start(
            actor=ctx["reviewer"],
            info_request=ir,
            kind=kind,
            party="示范区某建设有限公司",
            sent_on=on,
            delivered_on=on,
        )
        return InfoRequest.objects.get(pk=ir.pk)

    return build


def _paused_fee(ctx: dict[str, Any], on: date) -> InfoRequest:
    ir = _in_process(ctx, on)
    return services.inforequest_fee_notice(
        actor=ctx["reviewer"],
        info_request=ir,
        mode=FeeMode.PER_VOLUME,
        pages=120,
        issued_on=on,
        received_on=on,
        excess_finding=EXCESS,
    )


def _decided(ctx: dict[str, Any], on: date) -> InfoRequest:
    ir = _in_process(ctx, on)
    services.inforequest_review_release(
        actor=ctx["reviewer"], info_request=ir, items=[ir.info_title], reviewed_on=on
    )
    return services.inforequest_decide(
        actor=ctx["reviewer"], info_request=ir, outcome=Outcome.OPEN, decided_on=on
    )


def _replied(ctx: dict[str, Any], on: date) -> InfoRequest:
    ir = _decided(ctx, on)
    return services.inforequest_reply(
        actor=ctx["reviewer"], info_request=ir, delivery=Delivery.POST, replied_on=on
    )


def _terminated(ctx: dict[str, Any], on: date) -> InfoRequest:
    ir = _received(ctx, on)
    return services.inforequest_withdraw(
        actor=ctx["reviewer"], info_request=ir, withdrawn_on=on, reason="申请人书面撤回"
    )


def _archived(ctx: dict[str, Any], on: date) -> InfoRequest:
    ir = _replied(ctx, on)
    return services.inforequest_archive(actor=ctx["reviewer"], info_request=ir)


BUILDERS: dict[str, Callable[[dict[str, Any], date], InfoRequest]] = {
    Status.SUBMITTED: _submitted,
    Status.RECEIVED: _received,
    Status.CORRECTION: _correction,
    Status.IN_PROCESS: _in_process,
    Status.PAUSED_THIRD_PARTY: _consulting(ConsultationKind.THIRD_PARTY),
    Status.PAUSED_OTHER_ORGAN: _consulting(ConsultationKind.OTHER_ORGAN),
    Status.PAUSED_FEE: _paused_fee,
    Status.DECIDED: _decided,
    Status.REPLIED: _replied,
    Status.TERMINATED: _terminated,
    Status.ARCHIVED: _archived,
}


# --- one service call per action --------------------------------------------------------------


def _open_consultation(ir: InfoRequest) -> Any:
    return ir.consultations.filter(answered_on__isnull=True).first() or ir.consultations.first()


def _consult_answer(user: Any, ir: InfoRequest) -> Any:
    consultation = _open_consultation(ir)
    if consultation is None:
        # Nothing to answer: the form has no consultation to post for.
        raise TransitionNotAllowed("没有待答复的征求意见。")
    return services.consultation_answer(
        actor=user,
        consultation=consultation,
        position=ConsultationPosition.AGREE,
        summary="同意公开",
    )


def _objecting_party(ir: InfoRequest) -> Any:
    objecting = [c for c in ir.consultations.all() if c.objected]
    consultation = objecting[0] if objecting else ir.consultations.first()
    if consultation is None:
        # Nothing to notify: the form has no consultation to post for.
        raise TransitionNotAllowed("没有不同意公开的第三方。")
    return consultation


def _disclosure_notice(user: Any, ir: InfoRequest) -> Any:
    return services.consultation_disclosure_notice(
        actor=user,
        consultation=_objecting_party(ir),
        content="环评批复全文",
        reasons="不公开会对公共利益造成重大影响。",
    )


def _disclosure_delivered(user: Any, ir: InfoRequest) -> Any:
    return services.consultation_disclosure_notice_delivered(
        actor=user, consultation=_objecting_party(ir)
    )


def _draft_letter(user: Any, ir: InfoRequest) -> Any:
    kinds = letter_kinds_available(ir) or [LetterKind.REPLY]
    consultation = ir.consultations.first() if kinds[0] in CONSULTATION_LETTER.values() else None
    return services.letter_draft(
        actor=user, info_request=ir, kind=kinds[0], consultation=consultation
    )


CALLS: dict[str, Callable[[Any, InfoRequest], Any]] = {
    "confirm": lambda user, ir: services.inforequest_confirm_receipt(
        actor=user, info_request=ir, received_date=ir.submitted_at.date()
    ),
    "correction_notice": lambda user, ir: services.inforequest_notify_correction(
        actor=user, info_request=ir, items=["请补充所需信息的名称"], period_days=15
    ),
    "correction": lambda user, ir: services.inforequest_receive_correction(
        actor=user, info_request=ir
    ),
    "correction_delivered": lambda user, ir: services.inforequest_correction_notice_delivered(
        actor=user, info_request=ir, received_on=ir.correction_notified_on or timezone.localdate()
    ),
    "correction_lapse": lambda user, ir: services.inforequest_close_correction_overdue(
        actor=user, info_request=ir, note="电话核实，申请人无正当理由"
    ),
    "assign": lambda user, ir: services.inforequest_assign(
        actor=user, info_request=ir, department=ir.organ
    ),
    "department_report": lambda user, ir: services.inforequest_department_report(
        actor=user, info_request=ir, findings="本单位掌握该信息，可以公开"
    ),
    "extension_request": lambda user, ir: services.inforequest_request_extension(
        actor=user, info_request=ir, days=10, reason="需要调取档案"
    ),
    "extension_refuse": lambda user, ir: services.inforequest_refuse_extension(
        actor=user, info_request=ir, opinion="原期限内可以答复"
    ),
    "extend": lambda user, ir: services.inforequest_extend(
        actor=user, info_request=ir, days=10, reason="需要调取档案"
    ),
    "consult": lambda user, ir: services.consultation_start(
        actor=user, info_request=ir, kind=ConsultationKind.THIRD_PARTY, party="示范区某公司"
    ),
    "consult_answer": _consult_answer,
    "fee_notice": lambda user, ir: services.inforequest_fee_notice(
        actor=user, info_request=ir, mode=FeeMode.PER_VOLUME, pages=120, excess_finding=EXCESS
    ),
    "fee_paid": lambda user, ir: services.inforequest_fee_paid(actor=user, info_request=ir),
    "decide": lambda user, ir: services.inforequest_decide(
        actor=user, info_request=ir, outcome=Outcome.OPEN
    ),
    "transfer": lambda user, ir: services.inforequest_transfer(
        actor=user, info_request=ir, organ_name="示范区财政局"
    ),
    "release_review": lambda user, ir: services.inforequest_review_release(
        actor=user, info_request=ir, items=[ir.info_title]
    ),
    "reasons_request": lambda user, ir: services.inforequest_request_reasons(
        actor=user, info_request=ir, matters="本月已提出20件内容相近的申请，请说明理由"
    ),
    "delayed_deadline": lambda user, ir: services.inforequest_set_delayed_deadline(
        actor=user, info_request=ir, days=20, reason="申请数量大，需逐件检索"
    ),
    "disclosure_notice": _disclosure_notice,
    "disclosure_delivered": _disclosure_delivered,
    "reply": lambda user, ir: services.inforequest_reply(
        actor=user, info_request=ir, delivery=Delivery.POST
    ),
    "archive": lambda user, ir: services.inforequest_archive(actor=user, info_request=ir),
    "withdraw": lambda user, ir: services.inforequest_withdraw(
        actor=user, info_request=ir, reason="申请人书面撤回"
    ),
    "letters": lambda user, ir: _draft_letter(user, ir),
}


@pytest.fixture
def cast(request: pytest.FixtureRequest, district: Any) -> dict[str, Any]:
    users = {name: request.getfixturevalue(name) for name in CAST}
    users["anonymous"] = AnonymousUser()
    return users


@pytest.mark.parametrize("status", list(BUILDERS))
@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(on=st.dates(min_value=date(2025, 11, 3), max_value=date(2025, 12, 15)))
def test_inforequests_offered_actions_are_exactly_the_accepted_ones(
    district: Any, cast: dict[str, Any], status: str, on: date
) -> None:
    with transaction.atomic():
        ir = BUILDERS[status]({"district": district, **cast}, on)
        assert ir.status == status
        assert_offered_is_accepted(ir, cast, CALLS)
        transaction.set_rollback(True)
