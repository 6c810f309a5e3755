"""Every write of the meetings module (政府会议): lock → permission → transition → save →
audit → on-commit public change (gongkai.core.kit.steps).

All keyword-only; they raise NotPermitted (403), TransitionNotAllowed (409) or
InvalidInput (400) from gongkai.core.exceptions. The staff views, the API and the demo
seeder call these functions and nothing else.
"""

from __future__ import annotations

import random
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.exceptions import InvalidInput, TransitionNotAllowed
from gongkai.core.kit.audit import record_event
from gongkai.core.kit.hooks import announce_public_change
from gongkai.core.kit.querycodes import created_once
from gongkai.core.kit.serials import next_serial
from gongkai.core.kit.steps import begin, lock, require_permission
from gongkai.decisions import gates as decision_gates
from gongkai.decisions import services as decision_services
from gongkai.decisions.models import MajorDecision, PublicConsultation
from gongkai.decisions.workflow import ConsultationStatus
from gongkai.decisions.workflow import MeetingKind as DecisionMeetingKind
from gongkai.meetings import permissions as perms
from gongkai.meetings.conf import setting
from gongkai.meetings.models import (
    AgendaItem,
    AttendanceApplication,
    Meeting,
    MeetingLink,
    Selection,
)
from gongkai.meetings.workflow import (
    GOVERNMENT_KINDS,
    MACHINE,
    PLAN_EDITABLE,
    RESULTS_EDITABLE,
    ApplicationStatus,
    Attendee,
    Event,
    LinkKind,
    MeetingKind,
    OpenMethod,
    Openness,
    SelectionMethod,
    Status,
    is_safe_url,
)
from gongkai.organizations.models import Organ, OrganKind

MEETING_FIELDS = (
    "kind",
    "title",
    "starts_at",
    "location",
    "chair",
    "applications_close_at",
    "public_interest",
    "live_stream_url",
)
ITEM_FIELDS = (
    "order",
    "title",
    "summary",
    "sponsor",
    "invite",
    "openness",
    "open_methods",
    "closed_reason",
    "public_seats",
    "major_decision",
    "consulted",
    "consultation",
    "adoption_explanation",
)
APPLICATION_FIELDS = ("name", "phone", "email", "category", "work_unit", "reason")

MAX_REASON = 500
PHONE = re.compile(r"^\+?[0-9][0-9\- ]{5,18}[0-9]$")


NOT_ORGANISER = gettext_lazy("只有会议承办单位的工作人员可以办理。")


def _now() -> datetime:
    return timezone.now()


def _text(data: Mapping[str, Any], name: str, *, label: str, required: bool, limit: int) -> str:
    value = str(data.get(name) or "").strip()
    if required and not value:
        raise InvalidInput(_("请填写%(label)s。") % {"label": label}, field=name)
    if len(value) > limit:
        raise InvalidInput(
            _("%(label)s不能超过%(limit)d个字。") % {"label": label, "limit": limit}, field=name
        )
    return value


def _url(value: Any, *, field: str, label: str) -> str:
    text = str(value or "").strip()
    if text and not is_safe_url(text):
        raise InvalidInput(
            _("%(label)s须为以 http:// 或 https:// 开头的网址。") % {"label": label}, field=field
        )
    return text


# --- the plan ------------------------------------------------------------------------------


def _kind_fits(kind: str, organ: Organ) -> bool:
    if kind == MeetingKind.DEPARTMENTAL:
        return organ.kind != OrganKind.DISTRICT_GOVERNMENT
    if kind in (MeetingKind.EXECUTIVE, MeetingKind.PLENARY):
        return organ.kind == OrganKind.DISTRICT_GOVERNMENT
    return kind in GOVERNMENT_KINDS


def _clean_meeting(data: Mapping[str, Any], organ: Organ, now: datetime) -> dict[str, Any]:
    kind = str(data.get("kind") or "")
    if kind not in MeetingKind.values:
        raise InvalidInput(_("请选择会议类型。"), field="kind")
    if not _kind_fits(kind, organ):
        raise InvalidInput(
            _("%(organ)s不能召开%(kind)s。")
            % {"organ": organ.name, "kind": MeetingKind(kind).label},
            field="kind",
        )
    starts_at = data.get("starts_at")
    if not isinstance(starts_at, datetime):
        raise InvalidInput(_("请填写会议时间。"), field="starts_at")
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if starts_at <= now:
        raise InvalidInput(_("会议时间不能早于当前时间。"), field="starts_at")
    close_at = data.get("applications_close_at")
    if close_at is None:
        close_at = starts_at - timedelta(hours=int(setting("GONGKAI_MEETING_APPLY_CLOSE_HOURS")))
        close_at = max(close_at, min(now + timedelta(hours=1), starts_at))
    elif not isinstance(close_at, datetime):
        raise InvalidInput(_("列席报名截止时间有误。"), field="applications_close_at")
    if timezone.is_naive(close_at):
        close_at = timezone.make_aware(close_at)
    if close_at > starts_at:
        raise InvalidInput(_("列席报名截止时间不能晚于会议时间。"), field="applications_close_at")
    return {
        "kind": kind,
        "title": _text(data, "title", label=_("会议名称"), required=True, limit=200),
        "starts_at": starts_at,
        "location": _text(data, "location", label=_("会议地点"), required=True, limit=200),
        "chair": _text(data, "chair", label=_("主持人"), required=False, limit=100),
        "applications_close_at": close_at,
        "public_interest": bool(data.get("public_interest")),
        "live_stream_url": _url(
            data.get("live_stream_url"), field="live_stream_url", label=_("直播地址")
        ),
    }


@transaction.atomic
def meeting_create(
    *, actor: Any, organ: Organ, data: Mapping[str, Any], client_token: str | None = None
) -> Meeting:
    """Draft a meeting plan (会议方案). Idempotent on `client_token`."""
    require_permission(perms.can_create_meeting(actor, organ.pk), _("您不能为该机关拟订会议方案。"))

    def create() -> Meeting:
        values = _clean_meeting(data, organ, _now())
        meeting = Meeting.objects.create(
            organ=organ, created_by=actor, client_token=client_token or None, **values
        )
        record_event(
            action="meeting.created", subject=meeting, actor=actor, to_state=meeting.status
        )
        return meeting

    return created_once(Meeting, actor, client_token, create)


@transaction.atomic
def meeting_update(*, actor: Any, meeting: Meeting, data: Mapping[str, Any]) -> Meeting:
    meeting = lock(meeting)
    require_permission(perms.can_organise_meeting(actor, meeting), NOT_ORGANISER)
    if meeting.status not in PLAN_EDITABLE:
        raise TransitionNotAllowed(_("会议方案已报送，不能修改；请先退回修改。"))
    merged = {name: getattr(meeting, name) for name in MEETING_FIELDS}
    merged.update({k: v for k, v in data.items() if k in MEETING_FIELDS})
    values = _clean_meeting(merged, meeting.organ, _now())
    changed = [name for name, value in values.items() if getattr(meeting, name) != value]
    for name in changed:
        setattr(meeting, name, values[name])
    meeting.save(update_fields=[*changed, "updated_at"])
    record_event(action="meeting.updated", subject=meeting, actor=actor, data={"fields": changed})
    return meeting


def _clean_item(data: Mapping[str, Any]) -> dict[str, Any]:
    invite = [v for v in dict.fromkeys(data.get("invite") or []) if v in Attendee.values]
    if len(invite) != len(set(data.get("invite") or [])):
        raise InvalidInput(_("邀请列席的类别有误。"), field="invite")
    openness = str(data.get("openness") or Openness.OPEN)
    if openness not in Openness.values:
        raise InvalidInput(_("请选择是否公开。"), field="openness")
    methods = [v for v in dict.fromkeys(data.get("open_methods") or []) if v in OpenMethod.values]
    if len(methods) != len(set(data.get("open_methods") or [])):
        raise InvalidInput(_("公开方式有误。"), field="open_methods")
    try:
        seats = int(data.get("public_seats") or 0)
    except (TypeError, ValueError):
        raise InvalidInput(_("公众列席名额须为整数。"), field="public_seats") from None
    if not 0 <= seats <= 200:
        raise InvalidInput(_("公众列席名额须在0至200之间。"), field="public_seats")
    closed_reason = _text(data, "closed_reason", label=_("不公开理由"), required=False, limit=1000)
    if openness == Openness.CLOSED:
        if not closed_reason:
            raise InvalidInput(
                _("不公开的议题须说明理由（如涉及国家秘密、工作秘密）。"), field="closed_reason"
            )
        if methods:
            raise InvalidInput(_("不公开的议题不能设置公开方式。"), field="open_methods")
        if {Attendee.PUBLIC, Attendee.MEDIA} & set(invite):
            raise InvalidInput(_("不公开的议题不能邀请公众代表或媒体列席。"), field="invite")
        seats = 0
    else:
        if not methods:
            raise InvalidInput(_("公开的议题须选择公开方式。"), field="open_methods")
        closed_reason = ""
    if OpenMethod.ATTENDANCE in methods:
        if seats < 1:
            raise InvalidInput(
                _("接受公众申请列席的议题须设置公众列席名额。"), field="public_seats"
            )
        if Attendee.PUBLIC not in invite:
            invite.append(Attendee.PUBLIC)
    elif seats:
        raise InvalidInput(
            _("只有接受公众申请列席的议题才设置公众列席名额。"), field="public_seats"
        )
    consultation = _consultation_of(data.get("consultation"))
    consulted = bool(data.get("consulted")) or consultation is not None
    if consulted and consultation is None:
        raise InvalidInput(
            _("已公开征求意见的议题须选择对应的意见征集（决策条例第二十九条）。"),
            field="consultation",
        )
    explanation = _text(
        data, "adoption_explanation", label=_("意见采纳情况说明"), required=False, limit=5000
    )
    if consultation is not None and not explanation:
        # Defaults from the adoption report (意见采纳情况) published with the consultation.
        explanation = consultation.report_summary
    major_decision = _decision_of(data.get("major_decision"))
    if major_decision is None and consultation is not None:
        major_decision = consultation.decision
    if (
        major_decision is not None
        and consultation is not None
        and consultation.decision_id != major_decision.pk
    ):
        raise InvalidInput(_("所选意见征集不是该重大行政决策的意见征集。"), field="consultation")
    try:
        order = int(data.get("order") or 1)
    except (TypeError, ValueError):
        raise InvalidInput(_("序号须为整数。"), field="order") from None
    return {
        "order": max(order, 1),
        "title": _text(data, "title", label=_("议题"), required=True, limit=300),
        "summary": _text(data, "summary", label=_("议题说明"), required=False, limit=5000),
        "sponsor": _text(data, "sponsor", label=_("汇报单位"), required=False, limit=200),
        "invite": invite,
        "openness": openness,
        "open_methods": methods,
        "closed_reason": closed_reason,
        "public_seats": seats,
        "major_decision": major_decision,
        "consulted": consulted,
        "consultation": consultation,
        "adoption_explanation": explanation if consulted else "",
    }


def _consultation_of(value: Any) -> PublicConsultation | None:
    """The 意见征集 an item was consulted on: its adoption report must be published, since
    it goes with the meeting materials (决策条例第二十九条)."""
    if value in (None, "", 0):
        return None
    pk = value.pk if isinstance(value, PublicConsultation) else value
    try:
        found = PublicConsultation.objects.select_related("decision").filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise InvalidInput(_("所选意见征集不存在。"), field="consultation")
    if found.status != ConsultationStatus.REPORTED:
        raise InvalidInput(
            _("该意见征集尚未公布意见采纳情况，不能作为会议材料（决策条例第二十九条）。"),
            field="consultation",
        )
    return found


def _decision_of(value: Any) -> MajorDecision | None:
    if value in (None, "", 0):
        return None
    pk = value.pk if isinstance(value, MajorDecision) else value
    try:
        found = MajorDecision.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise InvalidInput(_("所选重大行政决策不存在。"), field="major_decision")
    return found


def _editable_plan(actor: Any, meeting: Meeting) -> Meeting:
    meeting = lock(meeting)
    require_permission(perms.can_organise_meeting(actor, meeting), NOT_ORGANISER)
    if meeting.status not in PLAN_EDITABLE:
        raise TransitionNotAllowed(_("会议方案已报送，不能修改议题；请先退回修改。"))
    return meeting


@transaction.atomic
def item_add(*, actor: Any, meeting: Meeting, data: Mapping[str, Any]) -> AgendaItem:
    meeting = _editable_plan(actor, meeting)
    values = _clean_item({"order": meeting.items.count() + 1, **data})
    item = AgendaItem.objects.create(meeting=meeting, **values)
    record_event(action="meeting.item_added", subject=meeting, actor=actor, data={"item": item.pk})
    return item


@transaction.atomic
def item_update(*, actor: Any, item: AgendaItem, data: Mapping[str, Any]) -> AgendaItem:
    _editable_plan(actor, item.meeting)
    item.refresh_from_db()
    merged = {name: getattr(item, name) for name in ITEM_FIELDS}
    merged.update({k: v for k, v in data.items() if k in ITEM_FIELDS})
    values = _clean_item(merged)
    for name, value in values.items():
        setattr(item, name, value)
    item.save(update_fields=list(values))
    record_event(
        action="meeting.item_updated", subject=item.meeting, actor=actor, data={"item": item.pk}
    )
    return item


@transaction.atomic
def item_remove(*, actor: Any, item: AgendaItem) -> None:
    meeting = _editable_plan(actor, item.meeting)
    if item.applications.exists():
        raise InvalidInput(_("该议题已有列席申请，不能删除。"))
    title = item.title
    item.delete()
    record_event(action="meeting.item_removed", subject=meeting, actor=actor, data={"title": title})


# --- workflow steps ------------------------------------------------------------------------


@transaction.atomic
def meeting_submit(*, actor: Any, meeting: Meeting) -> Meeting:
    """报送会议方案 to the organ's head, with the openness proposal of each item."""
    step = begin(
        meeting,
        actor=actor,
        allowed=perms.can_submit_meeting,
        refusal=NOT_ORGANISER,
        machine=MACHINE,
        event=Event.SUBMIT,
    )
    if not meeting.items.exists():
        raise TransitionNotAllowed(_("会议方案至少须有一个议题。"))
    return step.finish(action="meeting.submitted")  # type: ignore[no-any-return]


@transaction.atomic
def meeting_approve(*, actor: Any, meeting: Meeting, opinion: str = "") -> Meeting:
    """审定会议方案: the head approves the plan and, with it, each item's openness proposal."""
    step = begin(
        meeting,
        actor=actor,
        allowed=perms.can_approve_meeting,
        refusal=_("只有本机关负责人可以审定会议方案。"),
        machine=MACHINE,
        event=Event.APPROVE,
    )
    meeting.approved_by = actor
    meeting.approved_at = _now()
    meeting.approval_opinion = opinion.strip()[:2000]
    meeting.session = next_serial(
        "meetings.session",
        year=timezone.localtime(meeting.starts_at).year,
        key=f"{meeting.organ_id}:{meeting.kind}",
    )
    proposal = [
        {
            "item": item.pk,
            "openness": item.openness,
            "open_methods": item.open_methods,
            "invite": item.invite,
            "public_seats": item.public_seats,
        }
        for item in meeting.items.all()
    ]
    return step.finish(  # type: ignore[no-any-return]
        action="meeting.approved",
        reason=meeting.approval_opinion,
        fields=["approved_by", "approved_at", "approval_opinion", "session"],
        proposal=proposal,
        session=meeting.session,
    )


@transaction.atomic
def meeting_reopen(*, actor: Any, meeting: Meeting, reason: str) -> Meeting:
    step = begin(
        meeting,
        actor=actor,
        allowed=perms.can_reopen_meeting,
        refusal=_("只有本机关负责人可以退回会议方案。"),
        machine=MACHINE,
        event=Event.REOPEN,
    )
    if not reason.strip():
        raise InvalidInput(_("请说明退回理由。"), field="reason")
    meeting.approved_by = None
    meeting.approved_at = None
    return step.finish(  # type: ignore[no-any-return]
        action="meeting.reopened", reason=reason.strip(), fields=["approved_by", "approved_at"]
    )


@transaction.atomic
def meeting_announce(*, actor: Any, meeting: Meeting) -> Meeting:
    """发布会议预告 on the portal (政府会议): time, place, open items, how to attend."""
    step = begin(
        meeting,
        actor=actor,
        allowed=perms.can_announce_meeting,
        refusal=_("只有政务公开工作机构可以发布会议预告。"),
        machine=MACHINE,
        event=Event.ANNOUNCE,
    )
    now = _now()
    if meeting.starts_at <= now:
        raise TransitionNotAllowed(_("会议时间已过，不能再发布会议预告。"))
    if meeting.public_interest and not meeting.live_stream_url:
        raise InvalidInput(
            _("涉及重大公共利益的会议须通过网络直播，请先填写直播地址。"),
            field="live_stream_url",
        )
    meeting.announced_at = now
    return step.finish(  # type: ignore[no-any-return]
        action="meeting.announced", fields=["announced_at"], public_change="announced"
    )


@transaction.atomic
def meeting_hold(*, actor: Any, meeting: Meeting) -> Meeting:
    step = begin(
        meeting,
        actor=actor,
        allowed=perms.can_hold_meeting,
        refusal=NOT_ORGANISER,
        machine=MACHINE,
        event=Event.HOLD,
    )
    now = _now()
    if meeting.starts_at > now:
        raise TransitionNotAllowed(_("会议尚未开始。"))
    meeting.held_at = now
    return step.finish(  # type: ignore[no-any-return]
        action="meeting.held", fields=["held_at"], public_change="held"
    )


@transaction.atomic
def meeting_record_results(
    *,
    actor: Any,
    meeting: Meeting,
    press_release: str,
    decisions: Mapping[int, str],
) -> Meeting:
    """新闻通稿 and 议定事项 per item, after the meeting (editable after publication too)."""
    meeting = lock(meeting)
    require_permission(perms.can_organise_meeting(actor, meeting), NOT_ORGANISER)
    if meeting.status not in RESULTS_EDITABLE:
        raise TransitionNotAllowed(_("会议召开后才能录入会议结果。"))
    text = _text(
        {"press_release": press_release},
        "press_release",
        label=_("新闻通稿"),
        required=False,
        limit=20000,
    )
    items = {item.pk: item for item in meeting.items.all()}
    for pk in decisions:
        if pk not in items:
            raise InvalidInput(_("议题不属于本次会议。"), field="decisions")
    changed_items = []
    for pk, value in decisions.items():
        cleaned = _text(
            {"decision": value}, "decision", label=_("议定事项"), required=False, limit=5000
        )
        if items[pk].decision != cleaned:
            items[pk].decision = cleaned
            items[pk].save(update_fields=["decision"])
            changed_items.append(pk)
    meeting.press_release = text
    meeting.save(update_fields=["press_release", "updated_at"])
    record_event(
        action="meeting.results_recorded",
        subject=meeting,
        actor=actor,
        data={"items": changed_items},
    )
    if meeting.status == Status.PUBLISHED:
        announce_public_change(meeting, "updated")
    return meeting


# 集体讨论决定 (决策条例第三十条): 常务会议 or 全体会议 of the government, 部务会议 of a department.
DECIDING_KINDS = {
    MeetingKind.EXECUTIVE: DecisionMeetingKind.EXECUTIVE,
    MeetingKind.PLENARY: DecisionMeetingKind.PLENARY,
    MeetingKind.DEPARTMENTAL: DecisionMeetingKind.DEPARTMENT,
}


@transaction.atomic
def item_decide(*, actor: Any, item: AgendaItem, minutes: str, decision_text: str) -> AgendaItem:
    """Record at this meeting the 集体讨论决定 of the item's 重大行政决策: the decision's
    services apply their gate (G9: a passed 合法性审查, 决策条例第二十八条) and permission, and
    the decision's trail links this meeting and item."""
    meeting = lock(item.meeting)
    # Whoever may see the meeting; the decision's own permission (决策机关: the organ's head
    # or the government office) is enforced by its service.
    require_permission(perms.can_view_meeting(actor, meeting), NOT_ORGANISER)
    item.refresh_from_db()
    major = item.major_decision
    if major is None:
        raise InvalidInput(_("该议题未关联重大行政决策。"), field="item")
    if meeting.status not in (Status.HELD, Status.PUBLISHED):
        raise TransitionNotAllowed(_("会议召开后才能登记集体讨论决定。"))
    kind = DECIDING_KINDS.get(MeetingKind(meeting.kind))
    if kind is None:
        raise InvalidInput(
            _(
                "重大行政决策应当经决策机关常务会议或者全体会议（部门为部务会议）讨论"
                "（决策条例第三十条），%(kind)s不能作出决定。"
            )
            % {"kind": meeting.get_kind_display()},
            field="item",
        )
    # Gate G9 first, so a decision whose legality review has not passed is refused with its
    # rule (决策条例第二十五条第二款) whatever stage it is in.
    decision_gates.check_g9_discussion(major)
    decision = decision_services.decision_decide(
        actor=actor,
        decision=major,
        meeting_kind=kind,
        meeting_date=timezone.localdate(meeting.starts_at),
        meeting_name=f"{meeting.title}（{item.title}）",
        minutes=minutes,
        decision_text=decision_text,
    )
    record_event(
        action="meeting.item_decided",
        subject=meeting,
        actor=actor,
        data={"item": item.pk, "decision": str(decision.uid)},
    )
    if meeting.status == Status.PUBLISHED:
        announce_public_change(meeting, "updated")
    return item


@transaction.atomic
def meeting_publish(*, actor: Any, meeting: Meeting) -> Meeting:
    """发布会议结果: the 新闻通稿 and the 议定事项 of the open items go to 政府会议."""
    step = begin(
        meeting,
        actor=actor,
        allowed=perms.can_publish_meeting,
        refusal=_("只有政务公开工作机构可以发布会议结果。"),
        machine=MACHINE,
        event=Event.PUBLISH,
    )
    if not meeting.press_release.strip():
        raise TransitionNotAllowed(_("请先录入新闻通稿。"))
    missing = [
        item.title for item in meeting.items.all() if item.is_open and not item.decision.strip()
    ]
    if missing:
        raise InvalidInput(
            _("以下公开议题尚未录入议定事项：%(items)s") % {"items": "；".join(missing)},
            field="decisions",
        )
    now = _now()
    meeting.published_at = now
    meeting.published_date = timezone.localdate(now)
    return step.finish(  # type: ignore[no-any-return]
        action="meeting.published",
        fields=["published_at", "published_date"],
        public_change="published",
    )


@transaction.atomic
def meeting_cancel(*, actor: Any, meeting: Meeting, reason: str) -> Meeting:
    step = begin(
        meeting,
        actor=actor,
        allowed=perms.can_cancel_meeting,
        refusal=_("只有本机关负责人可以取消会议。"),
        machine=MACHINE,
        event=Event.CANCEL,
    )
    was_public = step.source == Status.ANNOUNCED
    if not reason.strip():
        raise InvalidInput(_("请说明取消原因。"), field="reason")
    meeting.cancel_reason = reason.strip()[:2000]
    return step.finish(  # type: ignore[no-any-return]
        action="meeting.cancelled",
        reason=meeting.cancel_reason,
        fields=["cancel_reason"],
        public_change="cancelled" if was_public else None,
    )


# --- links after the meeting ----------------------------------------------------------------


@transaction.atomic
def link_add(
    *,
    actor: Any,
    meeting: Meeting,
    kind: str,
    title: str,
    url: str,
    source: str = "",
    item: AgendaItem | None = None,
) -> MeetingLink:
    """A media report (媒体报道) or an interpretation (解读) of what was decided."""
    meeting = lock(meeting)
    require_permission(perms.can_organise_meeting(actor, meeting), NOT_ORGANISER)
    if meeting.status not in RESULTS_EDITABLE:
        raise TransitionNotAllowed(_("会议召开后才能增加报道或解读。"))
    if kind not in LinkKind.values:
        raise InvalidInput(_("请选择类型。"), field="kind")
    if item is not None and item.meeting_id != meeting.pk:
        raise InvalidInput(_("议题不属于本次会议。"), field="item")
    clean_url = _url(url, field="url", label=_("链接"))
    if not clean_url:
        raise InvalidInput(_("请填写链接。"), field="url")
    link = MeetingLink.objects.create(
        meeting=meeting,
        item=item,
        kind=kind,
        title=_text({"title": title}, "title", label=_("标题"), required=True, limit=300),
        url=clean_url,
        source=_text({"source": source}, "source", label=_("来源"), required=False, limit=100),
    )
    record_event(
        action="meeting.link_added",
        subject=meeting,
        actor=actor,
        data={"link": link.pk, "kind": kind, "url": clean_url},
    )
    if meeting.status == Status.PUBLISHED:
        announce_public_change(meeting, "updated")
    return link


@transaction.atomic
def link_remove(*, actor: Any, link: MeetingLink) -> None:
    meeting = lock(link.meeting)
    require_permission(perms.can_organise_meeting(actor, meeting), NOT_ORGANISER)
    data = {"link": link.pk, "title": link.title, "url": link.url}
    link.delete()
    record_event(action="meeting.link_removed", subject=meeting, actor=actor, data=data)
    if meeting.status == Status.PUBLISHED:
        announce_public_change(meeting, "updated")


# --- public attendance (列席) ----------------------------------------------------------------


def applications_open(item: AgendaItem, now: datetime) -> bool:
    meeting = item.meeting
    close_at = meeting.applications_close_at or meeting.starts_at
    return (
        meeting.status == Status.ANNOUNCED
        and item.takes_applications
        and now < close_at
        and not Selection.objects.filter(item=item).exists()
    )


def _clean_application(data: Mapping[str, Any]) -> dict[str, Any]:
    phone = _text(data, "phone", label=_("联系电话"), required=True, limit=30)
    if not PHONE.match(phone):
        raise InvalidInput(_("请填写正确的联系电话。"), field="phone")
    email = _text(data, "email", label=_("电子邮箱"), required=False, limit=254)
    if email and not re.match(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$", email):
        raise InvalidInput(_("请填写正确的电子邮箱。"), field="email")
    category = str(data.get("category") or Attendee.PUBLIC)
    if category not in (Attendee.PUBLIC, Attendee.STAKEHOLDERS):
        raise InvalidInput(_("请选择列席身份。"), field="category")
    return {
        "name": _text(data, "name", label=_("姓名"), required=True, limit=60),
        "phone": phone,
        "email": email,
        "category": category,
        "work_unit": _text(data, "work_unit", label=_("工作单位或职业"), required=False, limit=200),
        "reason": _text(data, "reason", label=_("申请理由"), required=False, limit=MAX_REASON),
    }


@transaction.atomic
def application_submit(
    *,
    item: AgendaItem,
    data: Mapping[str, Any],
    client_token: str | None = None,
    remote_ip: str | None = None,
) -> AttendanceApplication:
    """A member of the public applies to attend an open item. Committed before the receipt
    (its number) is shown; a repeated submit with the same token returns the same
    application."""
    if client_token:
        existing = AttendanceApplication.objects.filter(client_token=client_token).first()
        if existing is not None:
            return existing
    values = _clean_application(data)
    meeting = lock(item.meeting)
    item.refresh_from_db()
    now = _now()
    if not applications_open(item, now):
        close_at = timezone.localtime(meeting.applications_close_at or meeting.starts_at)
        if meeting.status == Status.ANNOUNCED and item.takes_applications:
            raise TransitionNotAllowed(
                _("该议题列席报名已于%(time)s截止。")
                % {"time": close_at.strftime("%Y-%m-%d %H:%M")}
            )
        raise TransitionNotAllowed(_("该议题不接受公众申请列席。"))
    if item.applications.filter(phone=values["phone"]).exists():
        raise InvalidInput(_("该联系电话已报名列席本议题，请勿重复报名。"), field="phone")
    year = timezone.localdate(now).year
    number = f"LX{year}{next_serial('meetings.application', year=year):06d}"
    application = AttendanceApplication.objects.create(
        item=item,
        number=number,
        client_token=client_token or None,
        remote_ip=remote_ip or None,
        **values,
    )
    record_event(
        action="meeting.application_received",
        subject=meeting,
        data={"application": application.number, "item": item.pk},
    )
    return application


@dataclass(frozen=True)
class Draw:
    """A reproducible random draw: the candidates in their fixed order and the seed."""

    candidates: tuple[str, ...]
    seed: str
    seats: int

    def winners(self) -> list[str]:
        """Python's Mersenne Twister seeded with the seed string samples `seats` of the
        candidates (sorted by 报名编号): anyone can repeat it with the published seed."""
        rng = random.Random(self.seed)  # noqa: S311 - reproducibility is the point; the seed is secret until the draw
        count = min(self.seats, len(self.candidates))
        return sorted(rng.sample(list(self.candidates), count))


@transaction.atomic
def attendees_select(
    *,
    actor: Any,
    item: AgendaItem,
    method: str,
    seats: int | None = None,
    chosen: Iterable[str] = (),
    note: str = "",
    seed: str | None = None,
) -> Selection:
    """遴选列席人员 for one item, with the method recorded (随机抽取 keeps its seed and the
    candidate list; 综合遴选 names the chosen applications and its reasons)."""
    meeting = lock(item.meeting)
    require_permission(perms.can_organise_meeting(actor, meeting), NOT_ORGANISER)
    if meeting.status != Status.ANNOUNCED:
        raise TransitionNotAllowed(_("会议预告发布后、会议召开前才能遴选列席人员。"))
    item.refresh_from_db()
    if item.meeting_id != meeting.pk or not item.takes_applications:
        raise TransitionNotAllowed(_("该议题不接受公众申请列席。"))
    if Selection.objects.filter(item=item).exists():
        raise TransitionNotAllowed(_("该议题已完成列席人员遴选。"))
    applications = list(item.applications.order_by("number"))
    if not applications:
        raise TransitionNotAllowed(_("该议题暂无列席申请。"))
    if method not in SelectionMethod.values:
        raise InvalidInput(_("请选择遴选方式。"), field="method")
    seats = item.public_seats if seats is None else int(seats)
    if not 1 <= seats <= item.public_seats:
        raise InvalidInput(_("名额须在1至%(n)d之间。") % {"n": item.public_seats}, field="seats")
    numbers = [a.number for a in applications]
    used_seed = ""
    if method == SelectionMethod.RANDOM:
        used_seed = seed or secrets.token_hex(16)
        winners = Draw(tuple(numbers), used_seed, seats).winners()
    elif method == SelectionMethod.ORDER:
        by_time = sorted(applications, key=lambda a: (a.submitted_at, a.pk))
        winners = sorted(a.number for a in by_time[:seats])
    else:
        winners = sorted(set(chosen))
        if not winners or not set(winners) <= set(numbers):
            raise InvalidInput(_("请从报名名单中选择列席人员。"), field="chosen")
        if len(winners) > seats:
            raise InvalidInput(_("选定人数超过名额。"), field="chosen")
        if not note.strip():
            raise InvalidInput(_("综合遴选须说明遴选理由。"), field="note")
    selection = Selection.objects.create(
        item=item,
        method=method,
        seats=seats,
        seed=used_seed,
        candidates=numbers,
        selected=winners,
        note=note.strip()[:2000],
        performed_by=actor,
        performed_at=_now(),
    )
    item.applications.filter(number__in=winners).update(status=ApplicationStatus.SELECTED)
    item.applications.exclude(number__in=winners).update(status=ApplicationStatus.NOT_SELECTED)
    record_event(
        action="meeting.attendees_selected",
        subject=meeting,
        actor=actor,
        reason=selection.note,
        data={
            "item": item.pk,
            "method": method,
            "seats": seats,
            "seed": used_seed,
            "candidates": numbers,
            "selected": winners,
        },
    )
    # The notices go into the durable outbox in this transaction: committed with the
    # selection or not at all, then delivered once each by `send_outbox`.
    _queue_notices(
        AttendanceApplication.objects.filter(
            item=item,
            status__in=[ApplicationStatus.SELECTED, ApplicationStatus.NOT_SELECTED],
            notified_at__isnull=True,
        ),
        actor=actor,
    )
    return selection


def _queue_notices(applications: Any, *, actor: Any, now: datetime | None = None) -> int:
    """Queue the notice of each decided application not queued yet and mark it queued
    (notified_at), in the caller's transaction; one audit event per meeting."""
    from gongkai.meetings.notifications import enqueue_selection_notice

    now = now or _now()
    queued: dict[int, list[str]] = {}
    for application in applications.select_related("item__meeting").order_by("pk"):
        # The conditional UPDATE claims it: a concurrent catch-up run queues nothing twice
        # (and the outbox keys are idempotent besides).
        claimed = AttendanceApplication.objects.filter(
            pk=application.pk, notified_at__isnull=True
        ).update(notified_at=now, notify_error="")
        if not claimed:
            continue
        enqueue_selection_notice(application)
        queued.setdefault(application.item.meeting_id, []).append(application.number)
    for meeting in Meeting.objects.filter(pk__in=list(queued)):
        record_event(
            action="meeting.attendees_notified",
            subject=meeting,
            actor=actor,
            data={"applications": queued[meeting.pk]},
        )
    return sum(len(numbers) for numbers in queued.values())


@transaction.atomic
def notify_attendees(*, meeting_id: int | None = None, now: datetime | None = None) -> int:
    """Catch-up: queue in the outbox the notice of every decided application whose notice
    was never queued (selections recorded before the outbox carried them). Returns how many
    applications were queued; delivery is the outbox's (`send_outbox`)."""
    pending = AttendanceApplication.objects.filter(
        notified_at__isnull=True,
        status__in=[ApplicationStatus.SELECTED, ApplicationStatus.NOT_SELECTED],
        item__meeting__status=Status.ANNOUNCED,
    )
    if meeting_id is not None:
        pending = pending.filter(item__meeting_id=meeting_id)
    return _queue_notices(pending, actor="notify_meeting_attendees", now=now)
