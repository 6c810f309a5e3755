"""Every write of the 舆情 module: lock → permission → transition → save → audit → on-commit
public change (kit.steps). Hour clocks open at intake (gate G15) and close when a response
meets them; alerts are the sweep's job (gongkai.concerns.alerts)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.calendars.models import Clock
from gongkai.calendars.services import clock_close, clock_open, clock_reopen
from gongkai.concerns import allocation, clocks
from gongkai.concerns import permissions as perms
from gongkai.concerns.conf import setting
from gongkai.concerns.models import CaseNotice, CaseStep, OpinionCase, OpinionResponse
from gongkai.concerns.workflow import (
    MACHINE,
    OPEN_STATES,
    SPOKEN_FORMS,
    Channel,
    Event,
    ResponseForm,
    Severity,
    Status,
    StepKind,
)
from gongkai.core.exceptions import InvalidInput, TransitionNotAllowed
from gongkai.core.kit.audit import record_event
from gongkai.core.kit.hooks import announce_public_change
from gongkai.core.kit.serials import next_serial
from gongkai.core.kit.steps import after_commit, begin, lock, require_permission
from gongkai.documents.models import Document
from gongkai.organizations.models import Organ

__all__ = [
    "CaseData",
    "ResponseData",
    "case_allocate",
    "case_analyse",
    "case_consult",
    "case_create",
    "case_decide",
    "case_dismiss",
    "case_dispute",
    "case_evaluate",
    "case_finish",
    "response_add",
    "response_publish",
    "response_unpublish",
]

# A detection time this far in the future is a typo or a wrong clock, not a case.
FUTURE_SLACK = timedelta(minutes=5)
LIMITS = {"source": 100, "topic": 200, "summary": 5000, "link": 500}


@dataclass(frozen=True)
class CaseData:
    detected_at: datetime
    source: str
    summary: str
    topic: str
    severity: str
    link: str = ""
    organs: Sequence[Organ] = ()
    documents: Sequence[Document] = ()


@dataclass(frozen=True)
class ResponseData:
    form: str
    title: str
    content: str
    occurred_at: datetime
    link: str = ""
    speaker: str = ""
    speaker_title: str = ""


def _minute(moment: datetime) -> datetime:
    if timezone.is_naive(moment):
        raise InvalidInput(_("发现时间须带时区（北京时间）。"), field="detected_at")
    return timezone.localtime(moment).replace(second=0, microsecond=0)


def _text(value: str, field: str, label: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("请填写%(label)s。") % {"label": label}, field=field)
    limit = LIMITS.get(field)
    if limit and len(value) > limit:
        raise InvalidInput(
            _("%(label)s不能超过%(limit)s个字符。") % {"label": label, "limit": limit}, field=field
        )
    return value


def _link(value: str, field: str = "link") -> str:
    value = (value or "").strip()
    if value and not value.startswith(("http://", "https://")):
        raise InvalidInput(_("链接须以 http:// 或 https:// 开头。"), field=field)
    if len(value) > LIMITS["link"]:
        raise InvalidInput(_("链接过长。"), field=field)
    return value


def validate_case_data(data: CaseData) -> CaseData:
    detected_at = _minute(data.detected_at)
    if detected_at > timezone.now() + FUTURE_SLACK:
        raise InvalidInput(_("发现时间不能晚于当前时间。"), field="detected_at")
    if data.severity not in Severity.values:
        raise InvalidInput(_("请选择舆情等级。"), field="severity")
    return CaseData(
        detected_at=detected_at,
        source=_text(data.source, "source", _("来源")),
        summary=_text(data.summary, "summary", _("舆情摘要")),
        topic=_text(data.topic, "topic", _("主题")),
        severity=data.severity,
        link=_link(data.link),
        organs=list(data.organs),
        documents=list(data.documents),
    )


def _number(detected_at: datetime) -> str:
    year = timezone.localtime(detected_at).year
    serial = next_serial("concerns.case", year=year)
    return f"{setting('GONGKAI_CONCERNS_CASE_PREFIX')}-{year}-{serial:05d}"


@transaction.atomic
def case_create(
    *,
    actor: Any,
    data: CaseData,
    channel: str = Channel.STAFF,
    external_id: str | None = None,
    client_token: str | None = None,
    check_permission: bool = True,
) -> OpinionCase:
    """Register a case (staff intake or the monitoring webhook): propose the first
    responsible body, open the hour clocks from the detection time, record 收集, and tell
    the departments interpreting policy documents concerned. Idempotent on client_token
    (staff/API) and on external_id (the monitoring service's id)."""
    if check_permission:
        require_permission(
            perms.can_create_case(actor), _("只有区政府办公室或宣传部门可以登记舆情。")
        )
    if client_token:
        existing = OpinionCase.objects.filter(client_token=client_token).first()
        if existing is not None:
            return existing
    if external_id:
        existing = OpinionCase.objects.filter(external_id=external_id).first()
        if existing is not None:
            return existing
    data = validate_case_data(data)
    proposal = allocation.propose(list(data.organs))
    case = OpinionCase(
        number=_number(data.detected_at),
        detected_at=data.detected_at,
        source=data.source,
        link=data.link,
        summary=data.summary,
        topic=data.topic,
        severity=data.severity,
        channel=channel,
        proposed_organ=proposal.organ,
        allocation_rule=proposal.rule,
        external_id=external_id or None,
        client_token=client_token or None,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        # A concurrent delivery of the same event (or the same token) won the insert.
        found = OpinionCase.objects.filter(external_id=external_id).first() if external_id else None
        if found is None and client_token:
            found = OpinionCase.objects.filter(client_token=client_token).first()
        if found is None:
            raise
        return found
    case.organs.set(data.organs)
    case.documents.set(data.documents)
    case.co_responders.set(proposal.co_responders)
    case.coordinators.set(proposal.coordinators)
    opened = [
        clock_open(subject=case, kind=kind, start=case.detected_at, actor=actor)
        for kind in clocks.kinds_for(case.severity)
    ]
    case.next_due_at = min(c.due_at for c in opened if c.due_at is not None)
    OpinionCase.objects.filter(pk=case.pk).update(next_due_at=case.next_due_at)
    CaseStep.objects.create(
        case=case,
        kind=StepKind.COLLECTION,
        note=_("来源：%(source)s。%(summary)s") % {"source": case.source, "summary": case.summary},
        at=case.detected_at,
        **_by(actor),
    )
    record_event(
        action="opinion_case.created",
        subject=case,
        actor=actor,
        to_state=case.status,
        data={
            "channel": channel,
            "severity": case.severity,
            "detected_at": case.detected_at.isoformat(),
            "proposed_organ": proposal.organ.pk if proposal.organ else None,
            "rule": proposal.rule,
            "external_id": external_id or "",
        },
    )
    _notify_interpreters(case, data.documents)
    return case


def _by(actor: Any) -> dict[str, Any]:
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = ""
    if user is not None:
        label = user.get_full_name() or user.get_username()
    elif isinstance(actor, str):
        label = actor
    return {"by": user, "by_label": label}


def _notify_interpreters(case: OpinionCase, documents: Iterable[Document]) -> None:
    """80号 二 (解疑释惑): a case concerning a policy document is told to the department
    that interprets it (谁起草谁解读); the e-mail goes after commit."""
    created: list[int] = []
    for document in documents:
        if not (document.is_policy or document.is_normative):
            continue
        notice, new = CaseNotice.objects.get_or_create(
            case=case, document=document, organ_id=document.interpreting_organ_id
        )
        if new:
            created.append(notice.pk)
            record_event(
                action="opinion_case.interpreter_notified",
                subject=case,
                actor="system",
                data={"document": document.pk, "organ": document.interpreting_organ_id},
            )
    if created:
        from gongkai.concerns.notifications import send_notices

        after_commit(lambda: send_notices(created))


def _organ_required(organ: Organ | None, field: str = "organ") -> Organ:
    if organ is None:
        raise InvalidInput(_("请选择第一责任主体。"), field=field)
    return organ


@transaction.atomic
def case_allocate(
    *,
    actor: Any,
    case: OpinionCase,
    organ: Organ | None,
    reason: str = "",
    co_responders: Sequence[Organ] | None = None,
) -> OpinionCase:
    """The office confirms the proposed first responsible body, or names another with a
    reason."""
    step = begin(
        case,
        actor=actor,
        allowed=perms.can_allocate_case,
        refusal=_("只有区政府办公室或宣传部门可以确认第一责任主体。"),
        machine=MACHINE,
        event=Event.ALLOCATE,
    )
    case = step.obj
    chosen = _organ_required(organ)
    reason = (reason or "").strip()
    changed = chosen.pk != case.proposed_organ_id
    if changed and not reason:
        raise InvalidInput(_("变更建议的第一责任主体须说明理由。"), field="reason")
    case.responsible_organ = chosen
    case.allocation_reason = reason if changed else ""
    case.allocated_at = timezone.now()
    if co_responders is not None:
        case.co_responders.set([o for o in co_responders if o.pk != chosen.pk])
    else:
        case.co_responders.remove(chosen)
    step.finish(
        action="opinion_case.allocated",
        reason=reason,
        fields=["responsible_organ", "allocation_reason", "allocated_at"],
        organ=chosen.pk,
        proposed=case.proposed_organ_id,
        changed=changed,
    )
    return case


@transaction.atomic
def case_dispute(*, actor: Any, case: OpinionCase, reason: str) -> OpinionCase:
    """The responsible department disputes the allocation; the office decides."""
    step = begin(
        case,
        actor=actor,
        allowed=perms.can_dispute_case,
        refusal=_("只有第一责任主体的负责人或政务公开工作机构可以提出异议。"),
        machine=MACHINE,
        event=Event.DISPUTE,
    )
    case = step.obj
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("请说明异议理由。"), field="reason")
    case.dispute_reason = reason
    case.disputed_by = case.responsible_organ
    step.finish(
        action="opinion_case.disputed",
        reason=reason,
        fields=["dispute_reason", "disputed_by"],
        organ=case.responsible_organ_id,
    )
    return case


@transaction.atomic
def case_decide(*, actor: Any, case: OpinionCase, organ: Organ | None, reason: str) -> OpinionCase:
    """The office decides a dispute: keeps the body or names another, with its reasons."""
    step = begin(
        case,
        actor=actor,
        allowed=perms.can_decide_dispute,
        refusal=_("只有区政府办公室可以裁定责任主体。"),
        machine=MACHINE,
        event=Event.DECIDE,
    )
    case = step.obj
    chosen = _organ_required(organ)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("请说明裁定理由。"), field="reason")
    before = case.responsible_organ_id
    case.responsible_organ = chosen
    case.co_responders.remove(chosen)
    step.finish(
        action="opinion_case.dispute_decided",
        reason=reason,
        fields=["responsible_organ"],
        organ=chosen.pk,
        previous=before,
        changed=chosen.pk != before,
    )
    return case


def _record_step(
    *,
    actor: Any,
    case: OpinionCase,
    event: Event,
    kind: StepKind,
    note: str,
    participants: str,
    action: str,
    refusal: str,
    allowed: Any = perms.can_record_step,
) -> OpinionCase:
    step = begin(case, actor=actor, allowed=allowed, refusal=refusal, machine=MACHINE, event=event)
    case = step.obj
    note = (note or "").strip()
    if not note:
        raise InvalidInput(_("请填写%(step)s记录。") % {"step": kind.label}, field="note")
    participants = (participants or "").strip()[:500]
    record = CaseStep.objects.create(
        case=case, kind=kind, note=note, participants=participants, at=timezone.now(), **_by(actor)
    )
    step.finish(action=action, step=record.pk)
    return case


@transaction.atomic
def case_consult(
    *, actor: Any, case: OpinionCase, note: str, participants: str = ""
) -> OpinionCase:
    return _record_step(
        actor=actor,
        case=case,
        event=Event.CONSULT,
        kind=StepKind.CONSULTATION,
        note=note,
        participants=participants,
        action="opinion_case.consulted",
        refusal=_("只有责任主体或协调单位可以记录会商。"),
    )


@transaction.atomic
def case_analyse(
    *, actor: Any, case: OpinionCase, note: str, participants: str = ""
) -> OpinionCase:
    return _record_step(
        actor=actor,
        case=case,
        event=Event.ANALYSE,
        kind=StepKind.ANALYSIS,
        note=note,
        participants=participants,
        action="opinion_case.analysed",
        refusal=_("只有责任主体或协调单位可以记录研判。"),
    )


@transaction.atomic
def case_finish(*, actor: Any, case: OpinionCase, note: str = "") -> OpinionCase:
    step = begin(
        case,
        actor=actor,
        allowed=perms.can_record_step,
        refusal=_("只有责任主体或协调单位可以结束回应。"),
        machine=MACHINE,
        event=Event.FINISH,
    )
    case = step.obj
    if not case.responses.exists():
        raise TransitionNotAllowed(_("尚未记录任何回应，不能转入评估。"))
    step.finish(action="opinion_case.response_finished", reason=(note or "").strip())
    return case


@transaction.atomic
def case_evaluate(*, actor: Any, case: OpinionCase, evaluation: str) -> OpinionCase:
    step = begin(
        case,
        actor=actor,
        allowed=perms.can_evaluate_case,
        refusal=_("只有区政府办公室或宣传部门可以评估办结。"),
        machine=MACHINE,
        event=Event.EVALUATE,
    )
    case = step.obj
    evaluation = (evaluation or "").strip()
    if not evaluation:
        raise InvalidInput(_("请填写评估意见。"), field="evaluation")
    now = timezone.now()
    case.evaluation = evaluation
    case.closed_at = now
    CaseStep.objects.create(
        case=case, kind=StepKind.EVALUATION, note=evaluation, at=now, **_by(actor)
    )
    _close_clocks(case, None, timezone.localtime(now))
    step.finish(action="opinion_case.evaluated", fields=["evaluation", "closed_at"])
    return case


@transaction.atomic
def case_dismiss(*, actor: Any, case: OpinionCase, reason: str) -> OpinionCase:
    """Not 政务舆情 after all: the clocks stop and published responses leave 回应关切."""
    step = begin(
        case,
        actor=actor,
        allowed=perms.can_dismiss_case,
        refusal=_("只有区政府办公室可以认定不属于政务舆情。"),
        machine=MACHINE,
        event=Event.DISMISS,
    )
    case = step.obj
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("请说明理由。"), field="reason")
    case.closed_at = timezone.now()
    _close_clocks(case, None, timezone.localtime(case.closed_at))
    step.finish(action="opinion_case.dismissed", reason=reason, fields=["closed_at"])
    for response in case.responses.filter(published_at__isnull=False):
        announce_public_change(response, "withdrawn")
    return case


def case_clocks(case: OpinionCase) -> list[Clock]:
    ct = ContentType.objects.get_for_model(OpinionCase)
    return list(Clock.objects.filter(subject_type=ct, subject_id=case.pk).order_by("due_at", "pk"))


def _close_clocks(case: OpinionCase, kinds: frozenset[str] | None, moment: datetime) -> None:
    open_due = []
    for clock in case_clocks(case):
        if clock.closed_on is None and (kinds is None or clock.kind in kinds):
            clock_close(clock=clock, on=timezone.localdate(moment))
        if clock.closed_on is None and clock.due_at is not None:
            open_due.append(clock.due_at)
    case.next_due_at = min(open_due) if open_due else None
    OpinionCase.objects.filter(pk=case.pk).update(next_due_at=case.next_due_at)


MET_FIELDS = {
    clocks.ClockKind.RELEASE: "release_met_at",
    clocks.ClockKind.PRESS: "press_met_at",
    clocks.ClockKind.RESPONSE: "response_met_at",
}


@transaction.atomic
def case_regrade(*, actor: Any, case: OpinionCase, severity: str, reason: str) -> OpinionCase:
    """Change the severity (研判 may find a case graver or lighter than at intake) and
    recompute its hour clocks from the detection time (G15):

    - a clock the new grade needs and the old one did not is opened from ``detected_at``
      (一般 → 重大: the 5 h and 24 h clocks, possibly already overdue); if a response
      already met it, it is closed at once on the day it was met; if the case had it before
      a downgrade, that same clock runs again, so alerts already sent for it are not resent;
    - a clock the new grade no longer needs is closed today (重大 → 一般: 5 h and 24 h;
      一般 → 重大: the 48 h), which stops its alerts.
    """
    case = lock(case)
    require_permission(
        perms.can_allocate_case(actor, case), _("只有区政府办公室或宣传部门可以调整舆情等级。")
    )
    if case.status not in OPEN_STATES:
        raise TransitionNotAllowed(_("舆情事件已办结，不能调整等级。"))
    if severity not in Severity.values:
        raise InvalidInput(_("请选择舆情等级。"), field="severity")
    if severity == case.severity:
        raise InvalidInput(_("新等级与当前等级相同。"), field="severity")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("调整等级须说明理由。"), field="reason")
    if len(reason) > 2000:
        raise InvalidInput(_("理由不能超过2000个字符。"), field="reason")
    before = set(clocks.kinds_for(case.severity))
    after = set(clocks.kinds_for(severity))
    now = timezone.now()
    existing = {c.kind: c for c in case_clocks(case)}  # one per kind (ordered by due)
    opened, closed = [], []
    for kind in sorted(after - before):
        clock = existing.get(kind)
        met = getattr(case, MET_FIELDS[clocks.ClockKind(kind)])
        if clock is None:
            clock = clock_open(subject=case, kind=kind, start=case.detected_at, actor=actor)
            if met is not None:
                clock_close(clock=clock, on=timezone.localdate(met))
        elif clock.closed_on is not None and met is None:
            clock_reopen(clock=clock)
        opened.append(kind)
    for kind in sorted(before - after):
        clock = existing.get(kind)
        if clock is not None and clock.closed_on is None:
            clock_close(clock=clock, on=timezone.localdate(now))
        closed.append(kind)
    previous = case.severity
    case.severity = severity
    case.save(update_fields=["severity", "updated_at"])
    _close_clocks(case, frozenset(), now)  # recompute next_due_at from the open clocks
    CaseStep.objects.create(
        case=case,
        kind=StepKind.ANALYSIS,
        note=_("舆情等级由“%(old)s”调整为“%(new)s”：%(reason)s")
        % {
            "old": Severity(previous).label,
            "new": Severity(severity).label,
            "reason": reason,
        },
        at=now,
        **_by(actor),
    )
    record_event(
        action="opinion_case.regraded",
        subject=case,
        actor=actor,
        reason=reason,
        data={"from": previous, "to": severity, "opened": opened, "closed": closed},
    )
    return case


def validate_response(case: OpinionCase, data: ResponseData) -> ResponseData:
    if data.form not in ResponseForm.values:
        raise InvalidInput(_("请选择回应形式。"), field="form")
    title = _text(data.title, "title", _("标题"))
    if len(title) > 300:
        raise InvalidInput(_("标题不能超过300个字符。"), field="title")
    content = _text(data.content, "content", _("回应内容"))
    if timezone.is_naive(data.occurred_at):
        raise InvalidInput(_("回应时间须带时区（北京时间）。"), field="occurred_at")
    occurred = timezone.localtime(data.occurred_at).replace(second=0, microsecond=0)
    if occurred < case.detected_at:
        raise InvalidInput(_("回应时间不能早于舆情发现时间。"), field="occurred_at")
    if occurred > timezone.now() + FUTURE_SLACK:
        raise InvalidInput(_("回应时间不能晚于当前时间。"), field="occurred_at")
    speaker = (data.speaker or "").strip()[:60]
    if case.is_major and data.form in SPOKEN_FORMS and not speaker:
        raise InvalidInput(
            _("特别重大、重大舆情的新闻发布会、吹风会和媒体采访须记录发声的负责同志。"),
            field="speaker",
        )
    return ResponseData(
        form=data.form,
        title=title,
        content=content,
        occurred_at=occurred,
        link=_link(data.link),
        speaker=speaker,
        speaker_title=(data.speaker_title or "").strip()[:100],
    )


@transaction.atomic
def response_add(*, actor: Any, case: OpinionCase, data: ResponseData) -> OpinionResponse:
    """Record one response (回应); it meets the clocks its form answers (5 h: authoritative
    information; 24 h: a press conference; 48 h: any response)."""
    step = begin(
        case,
        actor=actor,
        allowed=perms.can_respond_case,
        refusal=_("只有责任主体或协调单位可以记录回应。"),
        machine=MACHINE,
        event=Event.RESPOND,
    )
    case = step.obj
    data = validate_response(case, data)
    organ = case.responsible_organ or case.proposed_organ
    if organ is None:
        raise InvalidInput(_("请先确认第一责任主体。"), field="form")
    response = OpinionResponse.objects.create(
        case=case,
        form=data.form,
        title=data.title,
        content=data.content,
        link=data.link,
        occurred_at=data.occurred_at,
        organ=organ,
        speaker=data.speaker,
        speaker_title=data.speaker_title,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    CaseStep.objects.create(
        case=case,
        kind=StepKind.RESPONSE,
        note=f"{ResponseForm(data.form).label}：{data.title}",
        at=data.occurred_at,
        **_by(actor),
    )
    met = clocks.closes(data.form)
    fields = []
    for kind in met:
        name = MET_FIELDS[kind]
        current = getattr(case, name)
        if current is None or data.occurred_at < current:
            setattr(case, name, data.occurred_at)
            fields.append(name)
    _close_clocks(case, frozenset(met), data.occurred_at)
    step.finish(
        action="opinion_case.responded",
        fields=fields,
        response=response.pk,
        form=data.form,
        occurred_at=data.occurred_at.isoformat(),
        speaker=data.speaker,
    )
    return response


@transaction.atomic
def response_publish(*, actor: Any, response: OpinionResponse) -> OpinionResponse:
    """Publish a response in the portal's 回应关切."""
    case = lock(response.case)
    require_permission(
        perms.can_publish_response(actor, case),
        _("只有第一责任主体的负责人、政务公开工作机构或协调单位可以发布回应。"),
    )
    response = lock(response)
    if response.published_at is not None:
        raise TransitionNotAllowed(_("该回应已在“回应关切”发布。"))
    if case.status == Status.DISMISSED:
        raise TransitionNotAllowed(_("已认定不属于政务舆情的事件不能发布回应。"))
    response.published_at = timezone.now()
    response.save(update_fields=["published_at", "updated_at"])
    record_event(
        action="opinion_case.response_published",
        subject=case,
        actor=actor,
        data={"response": response.pk},
    )
    announce_public_change(response, "published")
    return response


@transaction.atomic
def response_unpublish(*, actor: Any, response: OpinionResponse, reason: str) -> OpinionResponse:
    """Take a response out of 回应关切 (a wrong attachment, a superseded text), with a reason."""
    case = lock(response.case)
    require_permission(
        perms.can_publish_response(actor, case),
        _("只有第一责任主体的负责人、政务公开工作机构或协调单位可以撤下回应。"),
    )
    response = lock(response)
    if response.published_at is None:
        raise TransitionNotAllowed(_("该回应尚未发布。"))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("请说明撤下理由。"), field="reason")
    response.published_at = None
    response.save(update_fields=["published_at", "updated_at"])
    record_event(
        action="opinion_case.response_unpublished",
        subject=case,
        actor=actor,
        reason=reason,
        data={"response": response.pk},
    )
    announce_public_change(response, "withdrawn")
    return response
