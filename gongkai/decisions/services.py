"""Every write of 重大行政决策: lock → permission → transition → save → audit → public change.

All keyword-only; refusals are NotPermitted (403), TransitionNotAllowed (409),
GateRefused (422, gates G9/G10) or InvalidInput (400), each message naming its rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.calendars.models import Clock
from gongkai.calendars.services import clock_close, clock_open
from gongkai.core.exceptions import GateRefused, InvalidInput, TransitionNotAllowed
from gongkai.core.kit import steps
from gongkai.core.kit.audit import record_event
from gongkai.core.kit.hooks import announce_public_change
from gongkai.core.kit.querycodes import created_once
from gongkai.core.kit.serials import next_serial
from gongkai.decisions import gates
from gongkai.decisions import permissions as perms
from gongkai.decisions.clocks import MIN_COMMENT_DAYS, MIN_REVIEW_WORKDAYS, ClockKind
from gongkai.decisions.models import (
    CatalogueAdjustment,
    CatalogueItem,
    Comment,
    CommentCluster,
    DecisionRecord,
    DraftArticle,
    Hearing,
    LegalityReview,
    MajorDecision,
    PublicConsultation,
)
from gongkai.decisions.workflow import (
    CONSULTATION_MACHINE,
    MACHINE,
    CommentStatus,
    ConsultationEvent,
    ConsultationStatus,
    Disposition,
    Event,
    HearingStatus,
    MeetingKind,
    RecordKind,
    Status,
)
from gongkai.lib.draftarticles import split_articles
from gongkai.lib.plaintext import clean_plain_text
from gongkai.lib.similar import cluster, fingerprint

COMMENT_MAX_CHARS = 5000
NAME_MAX_CHARS = 60
CONTACT_MAX_CHARS = 120
DECISION_FIELDS = (
    "title",
    "proposal",
    "requires_public_participation",
    "specialised",
    "stability_risk",
    "draft_text",
    "explanation",
)
CONSULTATION_FIELDS = (
    "title",
    "draft_text",
    "explanation",
    "how_to_comment",
    "opens_on",
    "period_days",
    "urgency_reason",
)
EDITABLE_STATES = (Status.INITIATED, Status.DRAFTING, Status.PARTICIPATION)


def _site_text(text: Any, **params: Any) -> str:
    """Text the service stores as data for the portal (a record's title on the public
    trail): in the site's language, whatever the language of the actor's back office."""
    with translation.override(settings.LANGUAGE_CODE):
        value = str(text)
    return value % params if params else value


def _refuse_run() -> str:
    return _("只有决策承办单位可以办理此事项。")


def _text(data: dict[str, Any], key: str, *, required: bool = False, label: str = "") -> str:
    value = str(data.get(key) or "").strip()
    if required and not value:
        raise InvalidInput(_("请填写“%(label)s”。") % {"label": label or key}, field=key)
    return value


# --- decisions ---------------------------------------------------------------------------------


def _apply_decision_fields(decision: MajorDecision, data: dict[str, Any]) -> list[str]:
    changed = []
    for name in DECISION_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in ("requires_public_participation", "specialised", "stability_risk"):
            value = bool(value)
        else:
            value = str(value or "").strip()
        if getattr(decision, name) != value:
            setattr(decision, name, value)
            changed.append(name)
    if not decision.title:
        raise InvalidInput(_("请填写“决策事项名称”。"), field="title")
    return changed


@transaction.atomic
def decision_create(
    *, actor: Any, organ: Any, data: dict[str, Any], client_token: str | None = None
) -> MajorDecision:
    """启动 (决策条例第十—十一条)."""
    steps.require_permission(
        perms.can_create_decision(actor, organ.pk),
        _("只有本单位的起草人员或负责人可以启动重大行政决策。"),
    )

    def create() -> MajorDecision:
        decision = MajorDecision(organ=organ, created_by=actor, client_token=client_token or None)
        _apply_decision_fields(decision, {"title": "", **data})
        item = data.get("catalogue_item")
        if item is not None:
            # The catalogue of the 决策机关 lists the items its departments undertake.
            if organ.pk not in item.organ.descendant_ids():
                raise InvalidInput(_("所选目录事项不属于本单位。"), field="catalogue_item")
            decision.catalogue_item = item
        decision.save()
        record_event(
            action="decision.created", subject=decision, actor=actor, to_state=decision.status
        )
        return decision

    return created_once(MajorDecision, actor, client_token, create)


@transaction.atomic
def decision_update(*, actor: Any, decision: MajorDecision, data: dict[str, Any]) -> MajorDecision:
    decision = steps.lock(decision)
    steps.require_permission(perms.can_run_decision(actor, decision), _refuse_run())
    if decision.status not in EDITABLE_STATES:
        raise TransitionNotAllowed(
            _("决策已进入“%(status)s”阶段，不能再修改草案。")
            % {"status": decision.get_status_display()}
        )
    changed = _apply_decision_fields(decision, data)
    if changed:
        decision.save(update_fields=[*changed, "updated_at"])
        record_event(
            action="decision.updated", subject=decision, actor=actor, data={"fields": changed}
        )
    return decision


def _record(
    decision: MajorDecision,
    *,
    actor: Any,
    kind: str,
    title: str,
    body: str,
    stage: str | None = None,
    signed_by: str = "",
    on: date | None = None,
    public: bool = True,
) -> DecisionRecord:
    return DecisionRecord.objects.create(
        decision=decision,
        stage=stage or decision.status,
        kind=kind,
        title=title,
        body=body,
        signed_by=signed_by,
        on=on or steps.today(),
        public=public,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


@transaction.atomic
def decision_add_record(
    *,
    actor: Any,
    decision: MajorDecision,
    kind: str,
    title: str,
    body: str,
    signed_by: str = "",
    on: date | None = None,
    public: bool = True,
) -> DecisionRecord:
    """A record of the current stage: expert opinions signed by the experts (第二十一条),
    the risk-assessment report (第二十四条), other materials (第三十三条)."""
    decision = steps.lock(decision)
    steps.require_permission(perms.can_run_decision(actor, decision), _refuse_run())
    if decision.status in (Status.LEGALITY, Status.DISCUSSION):
        raise TransitionNotAllowed(_("合法性审查和集体讨论期间，由审查部门和决策机关登记材料。"))
    if kind not in RecordKind.values or kind in (
        RecordKind.LEGALITY_OPINION,
        RecordKind.MINUTES,
        RecordKind.DECISION,
    ):
        raise InvalidInput(_("材料类型不正确。"), field="kind")
    if not title.strip() or not body.strip():
        raise InvalidInput(_("请填写材料的标题和内容。"), field="body")
    if kind == RecordKind.EXPERT_OPINION and not signed_by.strip():
        raise InvalidInput(
            _("专家论证意见应当由专家签字（决策条例第二十一条）：请填写签名专家。"),
            field="signed_by",
        )
    if kind == RecordKind.EXPERT_OPINION and decision.status != Status.EXPERT:
        raise TransitionNotAllowed(_("专家论证意见在“专家论证”阶段登记。"))
    if kind == RecordKind.RISK_REPORT and decision.status != Status.RISK:
        raise TransitionNotAllowed(_("风险评估报告在“风险评估”阶段登记。"))
    record = _record(
        decision,
        actor=actor,
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        signed_by=signed_by.strip(),
        on=on,
        public=public,
    )
    record_event(
        action="decision.record_added",
        subject=decision,
        actor=actor,
        data={"record": record.pk, "kind": kind},
    )
    if decision.status in (Status.PUBLISHED, Status.IMPLEMENTING, Status.EVALUATED) and public:
        announce_public_change(decision, "updated")
    return record


@transaction.atomic
def decision_draft(
    *, actor: Any, decision: MajorDecision, draft_text: str = "", explanation: str = ""
) -> MajorDecision:
    """决策草案拟订 (第十二—十三条)."""
    step = steps.begin(
        decision,
        actor=actor,
        allowed=perms.can_run_decision,
        refusal=_refuse_run(),
        machine=MACHINE,
        event=Event.DRAFT,
    )
    decision = step.obj
    fields = []
    if draft_text.strip():
        decision.draft_text = draft_text.strip()
        fields.append("draft_text")
    if explanation.strip():
        decision.explanation = explanation.strip()
        fields.append("explanation")
    return step.finish(action="decision.drafted", fields=fields)  # type: ignore[no-any-return]


@transaction.atomic
def decision_participate(*, actor: Any, decision: MajorDecision) -> MajorDecision:
    """公众参与 (第十四—十八条): needs the draft and its explanation to publish."""
    step = steps.begin(
        decision,
        actor=actor,
        allowed=perms.can_run_decision,
        refusal=_refuse_run(),
        machine=MACHINE,
        event=Event.PARTICIPATE,
    )
    if not step.obj.draft_text.strip() or not step.obj.explanation.strip():
        raise InvalidInput(
            _("公众参与须公布决策草案及其说明（决策条例第十五条）：请先填写草案和起草说明。"),
            field="draft_text",
        )
    return step.finish(action="decision.participation")  # type: ignore[no-any-return]


def _stage_gate(decision: MajorDecision, event: str) -> None:
    if event == Event.EXPERT and not decision.specialised:
        raise InvalidInput(_("该事项未标记为需专家论证（决策条例第十九条）。"), field="specialised")
    if event == Event.RISK and not decision.stability_risk:
        raise InvalidInput(
            _("该事项未标记为需风险评估（决策条例第二十二条）。"), field="stability_risk"
        )
    if decision.status == Status.DRAFTING and decision.requires_public_participation:
        raise GateRefused(
            "G9", _("决策事项需公众参与：请先公开征求意见（决策条例第十四条、第十五条）。")
        )


@transaction.atomic
def decision_expert(*, actor: Any, decision: MajorDecision) -> MajorDecision:
    """专家论证 (第十九—二十一条)."""
    step = steps.begin(
        decision,
        actor=actor,
        allowed=perms.can_run_decision,
        refusal=_refuse_run(),
        machine=MACHINE,
        event=Event.EXPERT,
    )
    _stage_gate(step.obj, Event.EXPERT)
    return step.finish(action="decision.expert")  # type: ignore[no-any-return]


@transaction.atomic
def decision_risk(*, actor: Any, decision: MajorDecision) -> MajorDecision:
    """风险评估 (第二十二—二十四条)."""
    step = steps.begin(
        decision,
        actor=actor,
        allowed=perms.can_run_decision,
        refusal=_refuse_run(),
        machine=MACHINE,
        event=Event.RISK,
    )
    _stage_gate(step.obj, Event.RISK)
    if step.obj.specialised and step.obj.status == Status.EXPERT:
        kinds = set(step.obj.records.values_list("kind", flat=True))
        if RecordKind.EXPERT_OPINION not in kinds:
            raise InvalidInput(_("请先登记专家签名的论证意见（决策条例第二十一条）。"))
    return step.finish(action="decision.risk")  # type: ignore[no-any-return]


@dataclass(frozen=True)
class ReviewPeriod:
    workdays: int
    due_date: date
    short: bool


@transaction.atomic
def decision_submit_review(
    *,
    actor: Any,
    decision: MajorDecision,
    workdays: int = MIN_REVIEW_WORKDAYS,
    short_period_reason: str = "",
) -> LegalityReview:
    """送请合法性审查 (第二十五—二十六条). Gate G9; the reviewer gets at least 7 working days
    (第二十六条第二款 "一般不少于7个工作日"): fewer only with a stated reason, shown as a
    warning."""
    step = steps.begin(
        decision,
        actor=actor,
        allowed=perms.can_run_decision,
        refusal=_refuse_run(),
        machine=MACHINE,
        event=Event.SUBMIT_REVIEW,
    )
    decision = step.obj
    gates.check_g9_review(decision)
    if workdays < 1:
        raise InvalidInput(_("审查时间至少为1个工作日。"), field="workdays")
    if workdays < MIN_REVIEW_WORKDAYS and not short_period_reason.strip():
        raise InvalidInput(
            _(
                "送请合法性审查应当保证必要的审查时间，一般不少于7个工作日"
                "（决策条例第二十六条第二款）：少于7个工作日须说明理由。"
            ),
            field="workdays",
        )
    today = steps.today()
    clock = clock_open(
        subject=decision, kind=ClockKind.LEGALITY_REVIEW, start=today, days=workdays, actor=actor
    )
    review = LegalityReview.objects.create(
        decision=decision,
        submitted_on=today,
        due_date=clock.due_date or today,
        workdays=workdays,
        short_period_reason=short_period_reason.strip(),
    )
    step.finish(
        action="decision.review_submitted",
        workdays=workdays,
        due=review.due_date.isoformat(),
        short=workdays < MIN_REVIEW_WORKDAYS,
    )
    return review


def _open_review(decision: MajorDecision) -> LegalityReview:
    review = decision.legality_reviews.filter(passed__isnull=True).order_by("-id").first()
    if review is None:  # the table allows LEGALITY only through submit_review
        raise TransitionNotAllowed(_("没有待审查的送审记录。"))
    return review


def _close_clock(subject: MajorDecision, kind: str, on: date) -> None:
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(subject, for_concrete_model=False)
    for clock in Clock.objects.filter(
        subject_type=ct, subject_id=subject.pk, kind=kind, closed_on__isnull=True
    ):
        clock_close(clock=clock, on=on)


@transaction.atomic
def decision_review(
    *, actor: Any, decision: MajorDecision, passed: bool, opinion: str
) -> MajorDecision:
    """合法性审查意见 (第二十七—二十八条)."""
    step = steps.begin(
        decision,
        actor=actor,
        allowed=perms.can_review_legality,
        refusal=_("只有负责合法性审查的部门可以出具审查意见。"),
        machine=MACHINE,
        event=Event.REVIEW_PASS if passed else Event.REVIEW_FAIL,
    )
    if not opinion.strip():
        raise InvalidInput(_("请填写合法性审查意见（决策条例第二十八条）。"), field="opinion")
    decision = step.obj
    review = _open_review(decision)
    today = steps.today()
    review.passed = passed
    review.opinion = opinion.strip()
    review.reviewed_on = today
    review.reviewer = actor
    review.save(update_fields=["passed", "opinion", "reviewed_on", "reviewer"])
    _close_clock(decision, ClockKind.LEGALITY_REVIEW, today)
    _record(
        decision,
        actor=actor,
        kind=RecordKind.LEGALITY_OPINION,
        stage=Status.LEGALITY,
        title=_site_text(
            gettext_lazy("合法性审查意见（通过）")
            if passed
            else gettext_lazy("合法性审查意见（不通过）")
        ),
        body=opinion.strip(),
    )
    return step.finish(  # type: ignore[no-any-return]
        action="decision.review_passed" if passed else "decision.review_failed",
        reason=opinion.strip(),
    )


@transaction.atomic
def decision_decide(
    *,
    actor: Any,
    decision: MajorDecision,
    meeting_kind: str,
    meeting_date: date,
    meeting_name: str,
    minutes: str,
    decision_text: str,
) -> MajorDecision:
    """集体讨论决定 (第三十—三十一条): gate G9 (a passed legality review)."""
    step = steps.begin(
        decision,
        actor=actor,
        allowed=perms.can_decide_decision,
        refusal=_("只有决策机关（区政府办公室或本单位负责人）可以登记集体讨论决定。"),
        machine=MACHINE,
        event=Event.DECIDE,
    )
    decision = step.obj
    gates.check_g9_discussion(decision)
    if meeting_kind not in MeetingKind.values:
        raise InvalidInput(
            _("请选择会议类型（常务会议、全体会议或部务会议）。"), field="meeting_kind"
        )
    if meeting_date > steps.today():
        raise InvalidInput(_("会议日期不能晚于今天。"), field="meeting_date")
    if not minutes.strip():
        raise InvalidInput(_("请填写会议纪要（决策条例第三十一条）。"), field="minutes")
    if not decision_text.strip():
        raise InvalidInput(_("请填写决策内容。"), field="decision_text")
    decision.meeting_kind = meeting_kind
    decision.meeting_date = meeting_date
    decision.meeting_name = meeting_name.strip()
    decision.minutes = minutes.strip()
    decision.decision_text = decision_text.strip()
    decision.decided_on = meeting_date
    _record(
        decision,
        actor=actor,
        kind=RecordKind.MINUTES,
        stage=Status.DISCUSSION,
        title=meeting_name.strip() or _site_text(MeetingKind(meeting_kind).label),
        body=minutes.strip(),
        on=meeting_date,
    )
    return step.finish(  # type: ignore[no-any-return]
        action="decision.decided",
        fields=[
            "meeting_kind",
            "meeting_date",
            "meeting_name",
            "minutes",
            "decision_text",
            "decided_on",
        ],
        meeting_kind=meeting_kind,
    )


@transaction.atomic
def decision_return(*, actor: Any, decision: MajorDecision, reason: str) -> MajorDecision:
    step = steps.begin(
        decision,
        actor=actor,
        allowed=perms.can_decide_decision,
        refusal=_("只有决策机关可以退回决策草案。"),
        machine=MACHINE,
        event=Event.RETURN,
    )
    if not reason.strip():
        raise InvalidInput(_("请填写退回理由。"), field="reason")
    return step.finish(action="decision.returned", reason=reason.strip())  # type: ignore[no-any-return]


@transaction.atomic
def decision_publish(*, actor: Any, decision: MajorDecision) -> MajorDecision:
    """公布 (第三十二条): the decision goes to the portal with its whole trail."""
    step = steps.begin(
        decision,
        actor=actor,
        allowed=perms.can_publish_decision,
        refusal=_("只有决策机关可以公布决策。"),
        machine=MACHINE,
        event=Event.PUBLISH,
    )
    decision = step.obj
    decision.published_date = steps.today()
    decision.published_at = timezone.now()
    _record(
        decision,
        actor=actor,
        kind=RecordKind.DECISION,
        stage=Status.PUBLISHED,
        title=decision.title,
        body=decision.decision_text,
    )
    return step.finish(  # type: ignore[no-any-return]
        action="decision.published",
        fields=["published_date", "published_at"],
        public_change="published",
    )


@transaction.atomic
def decision_implement(*, actor: Any, decision: MajorDecision) -> MajorDecision:
    step = steps.begin(
        decision,
        actor=actor,
        allowed=perms.can_run_decision,
        refusal=_refuse_run(),
        machine=MACHINE,
        event=Event.IMPLEMENT,
    )
    return step.finish(action="decision.implementing", public_change="updated")  # type: ignore[no-any-return]


@transaction.atomic
def decision_evaluate(*, actor: Any, decision: MajorDecision, report: str) -> MajorDecision:
    """决策后评估 (第三十六条)."""
    step = steps.begin(
        decision,
        actor=actor,
        allowed=perms.can_run_decision,
        refusal=_refuse_run(),
        machine=MACHINE,
        event=Event.EVALUATE,
    )
    if not report.strip():
        raise InvalidInput(_("请填写后评估报告（决策条例第三十六条）。"), field="report")
    _record(
        step.obj,
        actor=actor,
        kind=RecordKind.EVALUATION,
        stage=Status.EVALUATED,
        title=_site_text(gettext_lazy("决策后评估报告")),
        body=report.strip(),
    )
    return step.finish(action="decision.evaluated", public_change="updated")  # type: ignore[no-any-return]


# --- public consultation ------------------------------------------------------------------------


def _check_period(period_days: int, urgency_reason: str) -> None:
    if period_days < 1:
        raise InvalidInput(_("征集期限至少为1日。"), field="period_days")
    if period_days < MIN_COMMENT_DAYS and not urgency_reason.strip():
        raise InvalidInput(
            _(
                "公开征求意见的期限一般不少于30日；因情况紧急等原因需要缩短期限的，"
                "应当在征求意见时予以说明（重大行政决策程序暂行条例第十五条）。"
            ),
            field="period_days",
        )


def _consultation_data(data: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for name in ("title", "draft_text", "explanation", "how_to_comment", "urgency_reason"):
        if name in data:
            clean[name] = str(data[name] or "").strip()
    if "opens_on" in data:
        if not isinstance(data["opens_on"], date):
            raise InvalidInput(_("请填写开始日期。"), field="opens_on")
        clean["opens_on"] = data["opens_on"]
    if "period_days" in data:
        try:
            clean["period_days"] = int(data["period_days"])
        except (TypeError, ValueError):
            raise InvalidInput(_("征集期限须为天数。"), field="period_days") from None
    return clean


NOTICE_TITLE = "关于《{title}》公开征求意见的公告"


@transaction.atomic
def consultation_create(
    *, actor: Any, decision: MajorDecision, data: dict[str, Any]
) -> PublicConsultation:
    """A consultation notice (draft) of a decision in 公众参与; the draft and its explanation
    are the decision's unless given."""
    decision = steps.lock(decision)
    steps.require_permission(perms.can_run_decision(actor, decision), _refuse_run())
    if decision.status != Status.PARTICIPATION:
        raise TransitionNotAllowed(_("决策进入“公众参与”阶段后才能公开征求意见。"))
    clean = _consultation_data(data)
    consultation = PublicConsultation(
        decision=decision,
        # The notice is published on the (Chinese) portal: its default title is data, never
        # in the language of the clerk's UI.
        title=clean.get("title") or NOTICE_TITLE.format(title=decision.title),
        draft_text=clean.get("draft_text") or decision.draft_text,
        explanation=clean.get("explanation") or decision.explanation,
        how_to_comment=clean.get("how_to_comment", ""),
        opens_on=clean.get("opens_on") or steps.today(),
        period_days=clean.get("period_days", MIN_COMMENT_DAYS),
        urgency_reason=clean.get("urgency_reason", ""),
    )
    _validate_consultation(consultation)
    consultation.save()
    record_event(action="consultation.created", subject=consultation, actor=actor)
    return consultation


def _validate_consultation(c: PublicConsultation) -> None:
    if not c.draft_text.strip():
        raise InvalidInput(_("请填写征求意见稿。"), field="draft_text")
    if not c.explanation.strip():
        raise InvalidInput(_("请填写起草说明（决策条例第十五条）。"), field="explanation")
    if not c.how_to_comment.strip():
        raise InvalidInput(_("请写明提出意见的方式（决策条例第十五条）。"), field="how_to_comment")
    _check_period(c.period_days, c.urgency_reason)


@transaction.atomic
def consultation_update(
    *, actor: Any, consultation: PublicConsultation, data: dict[str, Any]
) -> PublicConsultation:
    consultation = steps.lock(consultation)
    steps.require_permission(perms.can_manage_consultation(actor, consultation), _refuse_run())
    if consultation.status != ConsultationStatus.DRAFT:
        raise TransitionNotAllowed(_("征集公告发布后不能修改。"))
    for name, value in _consultation_data(data).items():
        setattr(consultation, name, value)
    _validate_consultation(consultation)
    consultation.save()
    record_event(action="consultation.updated", subject=consultation, actor=actor)
    return consultation


def _opens_now(consultation: PublicConsultation, today: date) -> bool:
    return consultation.opens_on <= today


@transaction.atomic
def consultation_announce(*, actor: Any, consultation: PublicConsultation) -> PublicConsultation:
    """发布征集公告: the notice, the draft, its explanation, how and until when to comment
    (第十五条). The calendar-day clock fixes the closing day; the consultation opens at once
    when its opening day has come, otherwise the daily job opens it."""
    step = steps.begin(
        consultation,
        actor=actor,
        allowed=perms.can_manage_consultation,
        refusal=_refuse_run(),
        machine=CONSULTATION_MACHINE,
        event=ConsultationEvent.ANNOUNCE,
    )
    c = step.obj
    today = steps.today()
    if c.decision.status != Status.PARTICIPATION:
        raise TransitionNotAllowed(_("决策不在“公众参与”阶段，不能发布征集公告。"))
    _validate_consultation(c)
    if c.opens_on < today:
        raise InvalidInput(_("开始日期不能早于今天。"), field="opens_on")
    clock = clock_open(
        subject=c, kind=ClockKind.COMMENT_PERIOD, start=c.opens_on, days=c.period_days, actor=actor
    )
    c.closes_on = clock.due_date
    c.announced_at = timezone.now()
    c.articles.all().delete()
    DraftArticle.objects.bulk_create(
        DraftArticle(consultation=c, number=a.number, label=a.label, text=a.text)
        for a in split_articles(c.draft_text)
    )
    step.finish(
        action="consultation.announced",
        fields=["closes_on", "announced_at"],
        public_change="published",
        closes_on=c.closes_on.isoformat() if c.closes_on else None,
        period_days=c.period_days,
        urgency_reason=c.urgency_reason,
    )
    if _opens_now(c, today):
        _open(c, actor=actor)
    return c  # type: ignore[no-any-return]


def _open(c: PublicConsultation, *, actor: Any) -> None:
    target = CONSULTATION_MACHINE.require(c.status, ConsultationEvent.OPEN)
    source = c.status
    c.status = target
    c.opened_at = timezone.now()
    c.save(update_fields=["status", "opened_at", "updated_at"])
    record_event(
        action="consultation.opened", subject=c, actor=actor, from_state=source, to_state=target
    )
    announce_public_change(c, "opened")


def closing_moment(consultation: PublicConsultation) -> datetime | None:
    """The end of the closing day, local time (comments are taken through that day)."""
    if consultation.closes_on is None:
        return None
    return timezone.make_aware(
        datetime.combine(consultation.closes_on + timedelta(days=1), time.min)
    )


def period_over(consultation: PublicConsultation, today: date) -> bool:
    return consultation.closes_on is not None and today > consultation.closes_on


@transaction.atomic
def consultation_open(
    *, actor: Any, consultation: PublicConsultation, today: date | None = None
) -> PublicConsultation:
    """开始征集 on the opening day (the job; staff may trigger it on that day too)."""
    c = steps.lock(consultation)
    if getattr(actor, "is_authenticated", False):
        steps.require_permission(perms.can_manage_consultation(actor, c), _refuse_run())
    CONSULTATION_MACHINE.require(c.status, ConsultationEvent.OPEN)
    if not _opens_now(c, today or steps.today()):
        raise TransitionNotAllowed(
            _("征集自%(date)s开始，尚未到开始日期。") % {"date": c.opens_on.isoformat()}
        )
    _open(c, actor=actor)
    return c


@transaction.atomic
def consultation_close(
    *, actor: Any, consultation: PublicConsultation, today: date | None = None
) -> PublicConsultation:
    """截止 after the last day of the period (never earlier: 第十五条)."""
    c = steps.lock(consultation)
    if getattr(actor, "is_authenticated", False):
        steps.require_permission(perms.can_manage_consultation(actor, c), _refuse_run())
    target = CONSULTATION_MACHINE.require(c.status, ConsultationEvent.CLOSE)
    day = today or steps.today()
    if not period_over(c, day):
        raise TransitionNotAllowed(
            _("征集期限至%(date)s届满，届满前不能截止（决策条例第十五条）。")
            % {"date": c.closes_on.isoformat() if c.closes_on else "—"}
        )
    source = c.status
    c.status = target
    c.closed_at = timezone.now()
    c.save(update_fields=["status", "closed_at", "updated_at"])
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(c)
    for clock in Clock.objects.filter(
        subject_type=ct, subject_id=c.pk, kind=ClockKind.COMMENT_PERIOD, closed_on__isnull=True
    ):
        clock_close(clock=clock, on=day)
    record_event(
        action="consultation.closed", subject=c, actor=actor, from_state=source, to_state=target
    )
    announce_public_change(c, "closed")
    return c


def consultations_tick(*, today: date, dry_run: bool = False) -> tuple[int, int]:
    """The daily job: open those whose day has come, close those whose period is over.
    Returns (opened, closed)."""
    to_open = PublicConsultation.objects.filter(
        status=ConsultationStatus.ANNOUNCED, opens_on__lte=today
    )
    to_close = PublicConsultation.objects.filter(
        status=ConsultationStatus.OPEN, closes_on__lt=today
    )
    if dry_run:
        return to_open.count(), to_close.count()
    opened = closed = 0
    for c in list(to_open):
        try:
            consultation_open(actor="close_consultations", consultation=c, today=today)
            opened += 1
        except TransitionNotAllowed:
            pass
    for c in list(to_close):
        try:
            consultation_close(actor="close_consultations", consultation=c, today=today)
            closed += 1
        except TransitionNotAllowed:
            pass
    # The countdown of open consultations changes daily: republish their pages.
    for c in PublicConsultation.objects.filter(status=ConsultationStatus.OPEN):
        announce_public_change(c, "countdown")
    return opened, closed


# --- comments -----------------------------------------------------------------------------------


# --- comment counts kept on the consultation row -------------------------------------------

COUNT_FIELDS = ("pending_count", "approved_count", "hidden_count", "unruled_count")


def _tally(status: str, disposition: str) -> dict[str, int]:
    """What one comment in this state adds to the consultation's counters."""
    row = {f"{status}_count": 1}
    if status != CommentStatus.HIDDEN and not disposition:
        row["unruled_count"] = 1
    return row


def _shift_counts(
    consultation: PublicConsultation,
    before: tuple[str, str] | None,
    after: tuple[str, str] | None,
    n: int = 1,
) -> None:
    """Move `n` comments from state `before` to `after` ((status, disposition), None = absent)
    in the consultation's counters, with one UPDATE in the caller's transaction."""
    delta: dict[str, int] = dict.fromkeys(COUNT_FIELDS, 0)
    for key, value in (_tally(*before) if before else {}).items():
        delta[key] -= value * n
    for key, value in (_tally(*after) if after else {}).items():
        delta[key] += value * n
    changes = {key: F(key) + value for key, value in delta.items() if value}
    if changes:
        PublicConsultation.objects.filter(pk=consultation.pk).update(**changes)


def comment_counts_actual(consultation: PublicConsultation) -> dict[str, int]:
    """The counters as the comments say (one aggregate query)."""
    shown = ~Q(status=CommentStatus.HIDDEN)
    return Comment.objects.filter(consultation=consultation).aggregate(
        pending_count=Count("id", filter=Q(status=CommentStatus.PENDING)),
        approved_count=Count("id", filter=Q(status=CommentStatus.APPROVED)),
        hidden_count=Count("id", filter=Q(status=CommentStatus.HIDDEN)),
        unruled_count=Count("id", filter=shown & Q(disposition="")),
    )


def recount_comments(consultation: PublicConsultation) -> bool:
    """Recompute the counters from the comments (after bulk loads or a repair); returns
    whether they had drifted."""
    with transaction.atomic():
        c = PublicConsultation.objects.select_for_update().get(pk=consultation.pk)
        actual = comment_counts_actual(c)
        drifted = any(getattr(c, key) != actual[key] for key in COUNT_FIELDS)
        if drifted:
            PublicConsultation.objects.filter(pk=c.pk).update(**actual)
    for key in COUNT_FIELDS:
        setattr(consultation, key, actual[key])
    return drifted


@transaction.atomic
def comment_submit(
    *,
    consultation: PublicConsultation,
    body: str,
    article_id: int | None = None,
    name: str = "",
    contact: str = "",
    source: str = "",
    now: datetime | None = None,
) -> Comment:
    """A member of the public comments (on an article or generally). Stored before the
    acknowledgement: the caller acknowledges with the returned number after commit."""
    c = PublicConsultation.objects.select_for_update(of=("self",)).get(pk=consultation.pk)
    moment = now or timezone.now()
    closing = closing_moment(c)
    if c.status in (ConsultationStatus.CLOSED, ConsultationStatus.REPORTED) or (
        c.status == ConsultationStatus.OPEN and closing is not None and moment >= closing
    ):
        raise InvalidInput(
            _("本次意见征集已于%(date)s 24:00截止，不再接收意见。")
            % {"date": c.closes_on.isoformat() if c.closes_on else "—"},
            field="body",
        )
    if c.status != ConsultationStatus.OPEN:
        raise InvalidInput(
            _("本次意见征集自%(date)s开始，尚未开始接收意见。") % {"date": c.opens_on.isoformat()},
            field="body",
        )
    text = clean_plain_text(body)
    if not text:
        raise InvalidInput(_("请填写意见内容。"), field="body")
    if len(text) > COMMENT_MAX_CHARS:
        raise InvalidInput(_("意见内容不能超过%(n)d字。") % {"n": COMMENT_MAX_CHARS}, field="body")
    name = clean_plain_text(name)
    contact = clean_plain_text(contact)
    if len(name) > NAME_MAX_CHARS:
        raise InvalidInput(_("姓名过长。"), field="name")
    if len(contact) > CONTACT_MAX_CHARS:
        raise InvalidInput(_("联系方式过长。"), field="contact")
    article = None
    if article_id is not None:
        article = DraftArticle.objects.filter(consultation=c, pk=article_id).first()
        if article is None:
            raise InvalidInput(_("所选条款不属于本征求意见稿。"), field="article")
    year = timezone.localdate(moment).year
    serial = next_serial("decisions.comment", year=year, key=c.pk)
    comment = Comment.objects.create(
        consultation=c,
        article=article,
        number=f"YJ{c.pk:04d}-{serial:06d}",
        body=text,
        name=name,
        contact=contact,
        source=source[:64],
        fingerprint=fingerprint(text),
    )
    _shift_counts(c, None, (comment.status, comment.disposition))
    return comment


def _comment_consultation(comment: Comment, actor: Any) -> PublicConsultation:
    c = steps.lock(comment.consultation)
    steps.require_permission(perms.can_manage_consultation(actor, c), _refuse_run())
    return c


@transaction.atomic
def comment_moderate(*, actor: Any, comment: Comment, approve: bool, reason: str = "") -> Comment:
    """Moderation: hidden comments need a reason (shown to staff; the comment stays on
    record and still counts in the report's totals as not shown)."""
    c = _comment_consultation(comment, actor)
    if c.status == ConsultationStatus.REPORTED:
        raise TransitionNotAllowed(_("采纳情况已公布，意见不能再审核。"))
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not approve and not reason.strip():
        raise InvalidInput(_("不予显示须说明理由。"), field="reason")
    before = (comment.status, comment.disposition)
    comment.status = CommentStatus.APPROVED if approve else CommentStatus.HIDDEN
    comment.hide_reason = "" if approve else reason.strip()
    comment.save(update_fields=["status", "hide_reason"])
    _shift_counts(c, before, (comment.status, comment.disposition))
    record_event(
        action="comment.moderated",
        subject=c,
        actor=actor,
        reason=comment.hide_reason,
        data={"comment": comment.number, "status": comment.status},
    )
    return comment


@transaction.atomic
def consultation_cluster(
    *, actor: Any, consultation: PublicConsultation, threshold: float = 0.8
) -> int:
    """Group near-duplicate comments (organised campaigns); returns the number of clusters.
    Rebuilds the grouping of comments not yet ruled."""
    c = steps.lock(consultation)
    steps.require_permission(perms.can_manage_consultation(actor, c), _refuse_run())
    if c.status not in (ConsultationStatus.OPEN, ConsultationStatus.CLOSED):
        raise TransitionNotAllowed(_("只有征集中或已截止的意见可以归并。"))
    # Comments staff grouped or split by hand stay where they were put.
    rows = list(
        Comment.objects.filter(consultation=c, disposition="", cluster_fixed=False)
        .exclude(status=CommentStatus.HIDDEN)
        .order_by("id")
        .values_list("id", "body")
    )
    Comment.objects.filter(consultation=c, disposition="", cluster_fixed=False).update(cluster=None)
    _refresh_cluster_sizes(c)
    CommentCluster.objects.filter(consultation=c, comments__isnull=True).delete()
    groups = cluster([body for _id, body in rows], threshold=threshold)
    for group in groups:
        ids = [rows[i][0] for i in group]
        made = CommentCluster.objects.create(
            consultation=c, representative_id=ids[0], size=len(ids)
        )
        Comment.objects.filter(pk__in=ids).update(cluster=made)
    CommentCluster.objects.filter(consultation=c, comments__isnull=True).delete()
    record_event(
        action="consultation.clustered",
        subject=c,
        actor=actor,
        data={"clusters": len(groups), "comments": sum(len(g) for g in groups)},
    )
    return len(groups)


def _refresh_cluster_sizes(c: PublicConsultation) -> None:
    """Recount the clusters' members (one aggregate query): a cluster left with fewer than
    two goes (its last member with it), one whose representative left gets its first
    remaining member."""
    stats = {
        row["cluster_id"]: (row["n"], row["first"])
        for row in Comment.objects.filter(consultation=c, cluster__isnull=False)
        .values("cluster_id")
        .annotate(n=Count("id"), first=Min("id"))
    }
    clusters = list(CommentCluster.objects.filter(consultation=c))
    home = dict(
        Comment.objects.filter(pk__in=[cl.representative_id for cl in clusters]).values_list(
            "id", "cluster_id"
        )
    )
    gone = []
    for cl in clusters:
        n, first = stats.get(cl.pk, (0, None))
        if n < 2:
            gone.append(cl.pk)
            continue
        changed = []
        if cl.size != n:
            cl.size = n
            changed.append("size")
        if home.get(cl.representative_id) != cl.pk:
            cl.representative_id = first
            changed.append("representative")
        if changed:
            cl.save(update_fields=changed)
    if gone:
        Comment.objects.filter(cluster_id__in=gone).update(cluster=None)
        CommentCluster.objects.filter(pk__in=gone).delete()


def _adjustable(c: PublicConsultation, actor: Any) -> None:
    steps.require_permission(perms.can_manage_consultation(actor, c), _refuse_run())
    if c.status not in (ConsultationStatus.OPEN, ConsultationStatus.CLOSED):
        raise TransitionNotAllowed(_("只有征集中或已截止的意见可以调整相似意见组。"))


@transaction.atomic
def comment_split(*, actor: Any, comment: Comment) -> Comment:
    """Take one comment out of its near-duplicate cluster (人工调整): it is then ruled on its
    own, and the automatic re-clustering leaves it alone."""
    c = steps.lock(comment.consultation)
    _adjustable(c, actor)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.cluster_id is None:
        raise InvalidInput(_("该意见不在相似意见组中。"), field="comment")
    cluster_id = comment.cluster_id
    comment.cluster = None
    comment.cluster_fixed = True
    comment.save(update_fields=["cluster", "cluster_fixed"])
    _refresh_cluster_sizes(c)
    record_event(
        action="cluster.split",
        subject=c,
        actor=actor,
        data={"comment": comment.number, "cluster": cluster_id},
    )
    return comment


@transaction.atomic
def clusters_merge(
    *, actor: Any, cluster_obj: CommentCluster, other: CommentCluster
) -> CommentCluster:
    """Merge `other` into `cluster_obj` (人工合并): one ruling then answers both."""
    c = steps.lock(cluster_obj.consultation)
    _adjustable(c, actor)
    if other.consultation_id != c.pk:
        raise InvalidInput(_("只能合并同一次意见征集的相似意见组。"), field="other")
    if other.pk == cluster_obj.pk:
        raise InvalidInput(_("请选择另一个相似意见组。"), field="other")
    target = CommentCluster.objects.select_for_update().get(pk=cluster_obj.pk)
    moved = Comment.objects.filter(cluster_id__in=[target.pk, other.pk]).update(
        cluster=target, cluster_fixed=True
    )
    CommentCluster.objects.filter(pk=other.pk).delete()
    _refresh_cluster_sizes(c)
    record_event(
        action="cluster.merged",
        subject=c,
        actor=actor,
        data={"cluster": target.pk, "merged": other.pk, "comments": moved},
    )
    target.refresh_from_db()
    return target


def _check_ruling(disposition: str, reason: str) -> None:
    if disposition not in Disposition.values:
        raise InvalidInput(_("请选择采纳、部分采纳或未采纳。"), field="disposition")
    if disposition != Disposition.ADOPTED and not reason.strip():
        raise InvalidInput(
            _("部分采纳或未采纳的意见须说明理由（决策条例第十八条）。"), field="reason"
        )


def _rulable(c: PublicConsultation) -> None:
    if c.status != ConsultationStatus.CLOSED:
        raise TransitionNotAllowed(_("意见征集截止后、采纳情况公布前处理意见。"))


@transaction.atomic
def comment_rule(*, actor: Any, comment: Comment, disposition: str, reason: str = "") -> Comment:
    c = _comment_consultation(comment, actor)
    _rulable(c)
    _check_ruling(disposition, reason)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    before = (comment.status, comment.disposition)
    if comment.status == CommentStatus.PENDING:
        comment.status = CommentStatus.APPROVED
    comment.disposition = disposition
    comment.ruling_reason = reason.strip()
    comment.ruled_at = timezone.now()
    comment.save(update_fields=["status", "disposition", "ruling_reason", "ruled_at"])
    _shift_counts(c, before, (comment.status, comment.disposition))
    record_event(
        action="comment.ruled",
        subject=c,
        actor=actor,
        reason=comment.ruling_reason,
        data={"comment": comment.number, "disposition": disposition},
    )
    return comment


@transaction.atomic
def cluster_rule(
    *, actor: Any, cluster_obj: CommentCluster, disposition: str, reason: str = ""
) -> int:
    """One ruling for every comment of a cluster (hidden ones stay hidden). Returns the count."""
    c = steps.lock(cluster_obj.consultation)
    steps.require_permission(perms.can_manage_consultation(actor, c), _refuse_run())
    _rulable(c)
    _check_ruling(disposition, reason)
    members = Comment.objects.filter(cluster=cluster_obj).exclude(status=CommentStatus.HIDDEN)
    # The counters move by state: pending become approved, unruled become ruled.
    for row in members.values("status", "disposition").annotate(n=Count("id")):
        _shift_counts(
            c,
            (row["status"], row["disposition"]),
            (CommentStatus.APPROVED, disposition),
            row["n"],
        )
    members.filter(status=CommentStatus.PENDING).update(status=CommentStatus.APPROVED)
    count = members.update(
        disposition=disposition, ruling_reason=reason.strip(), ruled_at=timezone.now()
    )
    record_event(
        action="cluster.ruled",
        subject=c,
        actor=actor,
        reason=reason.strip(),
        data={"cluster": cluster_obj.pk, "comments": count, "disposition": disposition},
    )
    return count


def unruled_count(consultation: PublicConsultation) -> int:
    """Shown comments without a disposition, from the counter kept on the row."""
    return int(
        PublicConsultation.objects.filter(pk=consultation.pk)
        .values_list("unruled_count", flat=True)
        .get()
    )


@transaction.atomic
def consultation_report(
    *, actor: Any, consultation: PublicConsultation, summary: str
) -> PublicConsultation:
    """公布意见采纳情况 (第十八条; materials of 第二十九条): every shown comment ruled."""
    step = steps.begin(
        consultation,
        actor=actor,
        allowed=perms.can_manage_consultation,
        refusal=_refuse_run(),
        machine=CONSULTATION_MACHINE,
        event=ConsultationEvent.REPORT,
    )
    c = step.obj
    # The gate counts the comments themselves (once per report), not the kept counter.
    left = comment_counts_actual(c)["unruled_count"]
    if left:
        raise InvalidInput(
            _("尚有%(n)d条意见未作采纳处理，不能公布采纳情况（决策条例第十八条）。") % {"n": left},
            field="summary",
        )
    if not summary.strip():
        raise InvalidInput(_("请填写意见采纳情况说明。"), field="summary")
    c.report_summary = summary.strip()
    c.reported_at = timezone.now()
    step.finish(
        action="consultation.reported",
        fields=["report_summary", "reported_at"],
        public_change="reported",
    )
    announce_public_change(c.decision, "updated")
    return c  # type: ignore[no-any-return]


# --- hearings ----------------------------------------------------------------------------------


@transaction.atomic
def hearing_plan(
    *, actor: Any, decision: MajorDecision, held_on: date, place: str, selection_method: str
) -> Hearing:
    decision = steps.lock(decision)
    steps.require_permission(perms.can_run_decision(actor, decision), _refuse_run())
    if decision.status != Status.PARTICIPATION:
        raise TransitionNotAllowed(_("听证在“公众参与”阶段举行（决策条例第十六条）。"))
    if held_on <= steps.today():
        raise InvalidInput(_("听证日期应在今天之后（须提前公告）。"), field="held_on")
    if not place.strip() or not selection_method.strip():
        raise InvalidInput(_("请填写听证地点和参加人遴选办法（决策条例第十六条）。"), field="place")
    hearing = Hearing.objects.create(
        decision=decision,
        held_on=held_on,
        place=place.strip(),
        selection_method=selection_method.strip(),
    )
    record_event(
        action="hearing.planned", subject=decision, actor=actor, data={"hearing": hearing.pk}
    )
    return hearing


def _hearing(hearing: Hearing, actor: Any) -> Hearing:
    steps.lock(hearing.decision)
    steps.require_permission(perms.can_run_decision(actor, hearing.decision), _refuse_run())
    return Hearing.objects.select_for_update().get(pk=hearing.pk)


@transaction.atomic
def hearing_notice(*, actor: Any, hearing: Hearing, participants: str) -> Hearing:
    """Publish the notice (time, place, draft, selection method) and the participant list."""
    hearing = _hearing(hearing, actor)
    today = steps.today()
    if hearing.status == HearingStatus.HELD or today >= hearing.held_on:
        raise TransitionNotAllowed(_("听证公告须在听证日前发布（决策条例第十六条）。"))
    if not participants.strip():
        raise InvalidInput(_("请填写听证参加人名单（决策条例第十六条）。"), field="participants")
    hearing.participants = participants.strip()
    hearing.noticed_on = hearing.noticed_on or today
    hearing.participants_published_on = today
    hearing.status = HearingStatus.NOTICED
    hearing.save()
    record_event(
        action="hearing.noticed",
        subject=hearing.decision,
        actor=actor,
        data={"hearing": hearing.pk},
    )
    announce_public_change(hearing.decision, "hearing")
    return hearing


@transaction.atomic
def hearing_materials_sent(*, actor: Any, hearing: Hearing, on: date) -> Hearing:
    hearing = _hearing(hearing, actor)
    if on > steps.today():
        raise InvalidInput(_("送达日期不能晚于今天。"), field="on")
    hearing.materials_sent_on = on
    hearing.save(update_fields=["materials_sent_on"])
    record_event(
        action="hearing.materials_sent",
        subject=hearing.decision,
        actor=actor,
        data={"hearing": hearing.pk, "on": on.isoformat()},
    )
    return hearing


@transaction.atomic
def hearing_record(*, actor: Any, hearing: Hearing, record: str, signed_by: str) -> Hearing:
    """The hearing record, confirmed and signed by the participants (第十七条); gate G10."""
    hearing = _hearing(hearing, actor)
    if hearing.status == HearingStatus.HELD:
        raise TransitionNotAllowed(_("听证笔录已登记。"))
    if steps.today() < hearing.held_on:
        raise TransitionNotAllowed(_("听证尚未举行。"))
    gates.check_g10(hearing)
    if not record.strip() or not signed_by.strip():
        raise InvalidInput(
            _("听证笔录须经参加人确认签字（决策条例第十七条）：请填写笔录和签字人。"),
            field="record",
        )
    hearing.record = record.strip()
    hearing.signed_by = signed_by.strip()
    hearing.status = HearingStatus.HELD
    hearing.save()
    _record(
        hearing.decision,
        actor=actor,
        kind=RecordKind.OTHER,
        stage=Status.PARTICIPATION,
        title=_site_text(gettext_lazy("听证笔录（%(date)s）"), date=hearing.held_on.isoformat()),
        body=hearing.record,
        signed_by=hearing.signed_by,
        on=hearing.held_on,
    )
    record_event(
        action="hearing.held", subject=hearing.decision, actor=actor, data={"hearing": hearing.pk}
    )
    return hearing


# --- catalogue ---------------------------------------------------------------------------------

CATALOGUE_FIELDS = (
    "title",
    "undertaking_unit",
    "basis",
    "participation_methods",
    "planned_completion",
)


def _snapshot(item: CatalogueItem) -> dict[str, Any]:
    return {name: getattr(item, name) for name in CATALOGUE_FIELDS}


@transaction.atomic
def catalogue_add(*, actor: Any, organ: Any, year: int, data: dict[str, Any]) -> CatalogueItem:
    steps.require_permission(
        perms.can_manage_catalogue(actor, organ.pk), _("只有决策机关可以编制决策事项目录。")
    )
    item = CatalogueItem(organ=organ, year=year)
    for name in CATALOGUE_FIELDS:
        setattr(item, name, str(data.get(name) or "").strip())
    if not item.title or not item.undertaking_unit:
        raise InvalidInput(_("请填写决策事项和承办单位。"), field="title")
    item.sort_order = CatalogueItem.objects.filter(organ=organ, year=year).count() + 1
    item.save()
    CatalogueAdjustment.objects.create(
        item=item, kind="added", after=_snapshot(item), on=steps.today()
    )
    record_event(action="catalogue.added", subject=item, actor=actor)
    announce_public_change(item, "published")
    return item


@transaction.atomic
def catalogue_adjust(
    *, actor: Any, item: CatalogueItem, data: dict[str, Any], reason: str
) -> CatalogueItem:
    """调整 (第三条第三款) with history: the adjustment keeps the fields before."""
    item = steps.lock(item)
    steps.require_permission(
        perms.can_edit_catalogue_item(actor, item), _("只有决策机关可以调整决策事项目录。")
    )
    if item.removed_on:
        raise TransitionNotAllowed(_("该事项已调出目录。"))
    if not reason.strip():
        raise InvalidInput(_("请填写调整理由。"), field="reason")
    before = _snapshot(item)
    for name in CATALOGUE_FIELDS:
        if name in data:
            setattr(item, name, str(data[name] or "").strip())
    if not item.title or not item.undertaking_unit:
        raise InvalidInput(_("请填写决策事项和承办单位。"), field="title")
    after = _snapshot(item)
    if after == before:
        raise InvalidInput(_("没有需要调整的内容。"))
    item.save()
    CatalogueAdjustment.objects.create(
        item=item,
        kind="adjusted",
        before=before,
        after=after,
        reason=reason.strip(),
        on=steps.today(),
    )
    record_event(action="catalogue.adjusted", subject=item, actor=actor, reason=reason.strip())
    announce_public_change(item, "updated")
    return item


@transaction.atomic
def catalogue_remove(*, actor: Any, item: CatalogueItem, reason: str) -> CatalogueItem:
    item = steps.lock(item)
    steps.require_permission(
        perms.can_edit_catalogue_item(actor, item), _("只有决策机关可以调整决策事项目录。")
    )
    if item.removed_on:
        raise TransitionNotAllowed(_("该事项已调出目录。"))
    if not reason.strip():
        raise InvalidInput(_("请填写调出理由。"), field="reason")
    item.removed_on = steps.today()
    item.removal_reason = reason.strip()
    item.save(update_fields=["removed_on", "removal_reason", "updated_at"])
    CatalogueAdjustment.objects.create(
        item=item, kind="removed", before=_snapshot(item), reason=reason.strip(), on=item.removed_on
    )
    record_event(action="catalogue.removed", subject=item, actor=actor, reason=reason.strip())
    announce_public_change(item, "updated")
    return item
