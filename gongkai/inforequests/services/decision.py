"""Decision, reply, archive, withdrawal (条例第三十六条、第四十五条)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gongkai.core.exceptions import GateRefused, InvalidInput
from gongkai.inforequests.clocks import ClockKind
from gongkai.inforequests.models import (
    DISCLOSED,
    SYSTEM_OUTCOMES,
    WITHHOLDING_GROUNDS,
    Consultation,
    ConsultationKind,
    Delivery,
    InfoRequest,
    NoticeKind,
    Outcome,
)
from gongkai.inforequests.services._common import (
    _clock,
    _close_clocks,
    _day,
    _iso,
    _lock,
    _notice,
    _record,
    _require_handler,
    _save,
    _terminate,
    _transition,
    _user,
)
from gongkai.inforequests.services.mass import check_reasons_requested
from gongkai.inforequests.services.review import check_release_review
from gongkai.inforequests.workflow import Event


def objecting_third_parties(info_request: InfoRequest) -> list[Consultation]:
    """Third parties consulted under 条例第三十二条 who did not agree to disclosure."""
    return [
        c
        for c in info_request.consultations.filter(kind=ConsultationKind.THIRD_PARTY)
        if c.objected
    ]


def _public_interest(
    info_request: InfoRequest, outcome: Outcome, finding: str, third_party_part_withheld: bool
) -> str:
    """条例第三十二条: disclosing over a third party's objection needs the finding that not
    disclosing would seriously affect the public interest (or, for 部分公开, the objected
    part is the part withheld)."""
    finding = (finding or "").strip()
    if outcome not in DISCLOSED or not objecting_third_parties(info_request):
        return ""
    if outcome == Outcome.PARTIAL and third_party_part_withheld and not finding:
        return ""
    if not finding:
        raise GateRefused(
            "G12",
            _(
                "第三方不同意公开。决定公开的，应当认定不公开会对公共利益造成重大影响并记录理由"
                "（条例第三十二条）。"
            ),
            field="public_interest_finding",
        )
    return finding


# --- decision, reply, archive (条例第三十六条、第四十五条) ----------------------------------------


def _withheld_grounds(outcome: Outcome, grounds: Sequence[str]) -> list[str]:
    """部分公开 (条例第三十七条) states why the rest is withheld: at least one ground of
    第十四条至第十六条; other outcomes carry none."""
    chosen = list(dict.fromkeys(str(g) for g in grounds or ()))
    if outcome != Outcome.PARTIAL:
        if chosen:
            raise InvalidInput(
                _("只有部分公开需要选择不予公开部分的依据。"), field="withheld_grounds"
            )
        return []
    if not chosen:
        raise InvalidInput(
            _("部分公开须选择不予公开部分的依据（条例第十四条至第十六条）。"),
            field="withheld_grounds",
        )
    if any(g not in WITHHOLDING_GROUNDS for g in chosen):
        raise InvalidInput(_("不予公开部分的依据无效。"), field="withheld_grounds")
    return chosen


def _decide(
    info_request: InfoRequest,
    *,
    actor: Any,
    outcome: Outcome | str,
    reasons: str,
    decided_on: date | None,
    transferred_to: tuple[str, str] = ("", ""),
    action: str = "decided",
    public_interest_finding: str = "",
    third_party_part_withheld: bool = False,
    withheld_grounds: Sequence[str] = (),
) -> InfoRequest:
    _require_handler(actor, info_request)
    target = _transition(info_request, Event.DECIDE)
    if outcome not in Outcome.values:
        raise InvalidInput(_("办理结果无效。"), field="outcome")
    outcome = Outcome(outcome)
    if outcome in SYSTEM_OUTCOMES:
        raise InvalidInput(_("逾期不补正、逾期未缴费由系统在期限届满后自动办结。"), field="outcome")
    reasons = (reasons or "").strip()
    if outcome != Outcome.OPEN and not reasons:
        raise InvalidInput(_("请说明理由和依据（条例第三十六条）。"), field="reasons")
    if outcome == Outcome.NA_UNCLEAR and info_request.corrected_on is None:
        raise InvalidInput(_("“补正后申请内容仍不明确”只适用于已经补正的申请。"), field="outcome")
    grounds = _withheld_grounds(outcome, withheld_grounds)
    decided_on = _day(
        decided_on,
        field="decided_on",
        label=pgettext("in error message", "决定日期"),
        not_before=info_request.received_date,
        not_before_label=pgettext("in error message", "收到申请之日"),
    )
    if outcome == Outcome.NP_MASS:
        check_reasons_requested(info_request, decided_on)
    review = check_release_review(info_request) if outcome in DISCLOSED else None
    finding = _public_interest(
        info_request, outcome, public_interest_finding, third_party_part_withheld
    )
    from_state = info_request.status
    info_request.status = target
    info_request.outcome = outcome
    info_request.decision_reasons = reasons
    info_request.withheld_grounds = grounds
    info_request.decided_on = decided_on
    info_request.decided_by = _user(actor)
    info_request.transferred_to_name, info_request.transferred_to_contact = transferred_to
    info_request.public_interest_finding = finding
    _close_clocks(info_request, decided_on, [ClockKind.CORRECTION_NOTICE])
    _save(
        info_request,
        "status",
        "outcome",
        "decision_reasons",
        "withheld_grounds",
        "decided_on",
        "decided_by",
        "transferred_to_name",
        "transferred_to_contact",
        "public_interest_finding",
    )
    data: dict[str, Any] = {"outcome": outcome.value, "decided_on": decided_on.isoformat()}
    if review is not None:
        data["release_review"] = review.pk
    if finding:
        data["public_interest_finding"] = finding
    if transferred_to[0]:
        data["transferred_to"] = transferred_to[0]
    if grounds:
        data["withheld_grounds"] = grounds
    _record(info_request, action, actor=actor, from_state=from_state, reason=reasons, data=data)
    return info_request


@transaction.atomic
def inforequest_decide(
    *,
    actor: Any,
    info_request: InfoRequest,
    outcome: Outcome | str,
    reasons: str = "",
    decided_on: date | None = None,
    public_interest_finding: str = "",
    third_party_part_withheld: bool = False,
    withheld_grounds: Sequence[str] = (),
) -> InfoRequest:
    """The decision: exactly one Table 3 leaf, with reasons (all but 予以公开); a 部分公开
    names the grounds of its withheld part (条例第三十七条).

    予以公开 and 部分公开 need a passed 保密审查 of the material (条例第十七条) and, over a
    third party's objection, the public-interest finding (第三十二条); 第三十五条 不予处理
    needs the request for reasons.
    """
    info_request = _lock(info_request)
    return _decide(
        info_request,
        actor=actor,
        outcome=outcome,
        reasons=reasons,
        decided_on=decided_on,
        public_interest_finding=public_interest_finding,
        third_party_part_withheld=third_party_part_withheld,
        withheld_grounds=withheld_grounds,
    )


@transaction.atomic
def inforequest_transfer(
    *,
    actor: Any,
    info_request: InfoRequest,
    organ_name: str,
    organ_contact: str = "",
    reasons: str = "",
    decided_on: date | None = None,
) -> InfoRequest:
    """Not this organ's information: name the responsible organ (条例第三十六条第五项, 年报（四）1)."""
    info_request = _lock(info_request)
    organ_name = (organ_name or "").strip()
    if not organ_name:
        raise InvalidInput(_("请填写负责公开该政府信息的行政机关名称。"), field="organ_name")
    reasons = (
        reasons or ""
    ).strip() or f"该政府信息不属于本机关负责公开，负责公开的机关为{organ_name}。"
    return _decide(
        info_request,
        actor=actor,
        outcome=Outcome.NA_NOT_HELD,
        reasons=reasons,
        decided_on=decided_on,
        transferred_to=(organ_name[:200], (organ_contact or "").strip()[:200]),
        action="transferred",
    )


@transaction.atomic
def inforequest_reply(
    *,
    actor: Any,
    info_request: InfoRequest,
    delivery: Delivery | str,
    replied_on: date | None = None,
    summary: str = "",
) -> InfoRequest:
    """The written reply reached the applicant: the reply clock stops, the request is 办结."""
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    target = _transition(info_request, Event.REPLY)
    if delivery not in Delivery.values:
        raise InvalidInput(_("答复送达方式无效。"), field="delivery")
    replied_on = _day(
        replied_on,
        field="replied_on",
        label=pgettext("in error message", "答复日期"),
        not_before=info_request.decided_on,
        not_before_label=pgettext("in error message", "决定日期"),
    )
    if info_request.public_interest_finding:
        _check_disclosure_notices(info_request, replied_on)
    reply = _clock(info_request, ClockKind.REPLY)
    on_time = reply is None or reply.due_date is None or replied_on <= reply.due_date
    _close_clocks(info_request, replied_on)
    from_state = info_request.status
    info_request.status = target
    info_request.replied_on = replied_on
    info_request.reply_delivery = delivery
    info_request.closed_on = replied_on
    _save(info_request, "status", "replied_on", "reply_delivery", "closed_on")
    _notice(
        info_request,
        NoticeKind.REPLY,
        actor=actor,
        issued_on=replied_on,
        method=delivery,
        summary=(summary or "").strip(),
        data={"outcome": info_request.outcome},
    )
    _record(
        info_request,
        "replied",
        actor=actor,
        from_state=from_state,
        data={
            "replied_on": replied_on.isoformat(),
            "delivery": delivery,
            "reply_due": _iso(reply.due_date) if reply else None,
            "on_time": on_time,
        },
    )
    return info_request


def _check_disclosure_notices(info_request: InfoRequest, replied_on: date) -> None:
    """条例第三十二条: the release waits until each objecting third party has received the
    written notice of the content and the reasons (决定公开告知书)."""
    waiting = [
        c.party
        for c in objecting_third_parties(info_request)
        if c.disclosure_notice_delivered_on is None or c.disclosure_notice_delivered_on > replied_on
    ]
    if waiting:
        raise GateRefused(
            "G12",
            _(
                "决定公开的内容和理由应当书面告知第三方（条例第三十二条）；向%(parties)s发出的"
                "决定公开告知书尚未送达，暂不能提供信息。"
            )
            % {"parties": "、".join(waiting)},
            field="replied_on",
        )


@transaction.atomic
def inforequest_archive(*, actor: Any, info_request: InfoRequest) -> InfoRequest:
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    target = _transition(info_request, Event.ARCHIVE)
    from_state = info_request.status
    info_request.status = target
    info_request.archived_at = timezone.now()
    _save(info_request, "status", "archived_at")
    _record(info_request, "archived", actor=actor, from_state=from_state)
    return info_request


@transaction.atomic
def inforequest_withdraw(
    *, actor: Any, info_request: InfoRequest, withdrawn_on: date | None = None, reason: str = ""
) -> InfoRequest:
    """The applicant withdrew the application (年报 其他处理 3.其他)."""
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    _transition(info_request, Event.WITHDRAW)
    start = info_request.received_date or timezone.localdate(info_request.submitted_at)
    withdrawn_on = _day(
        withdrawn_on,
        field="withdrawn_on",
        label=pgettext("in error message", "撤回日期"),
        not_before=start,
        not_before_label=pgettext("in error message", "申请日期"),
    )
    reasons = "申请人撤回申请。" + ((reason or "").strip())
    _terminate(
        info_request,
        event=Event.WITHDRAW,
        outcome=Outcome.OTHER_OTHER,
        closed_on=withdrawn_on,
        actor=actor,
        action="withdrawn",
        reasons=reasons,
    )
    return info_request
