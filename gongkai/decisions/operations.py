"""Each action on a decision or a consultation: its form and its one service call.

The staff pages and the API share this table, so both validate the same input and call
the same services: `DECISION_OPERATIONS[name].call(actor, decision, cleaned_data)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.decisions import forms, services
from gongkai.decisions.clocks import MIN_REVIEW_WORKDAYS
from gongkai.decisions.models import MajorDecision, PublicConsultation


@dataclass(frozen=True)
class Operation:
    title: Any
    form: type[forms.Form] | None
    call: Callable[[Any, Any, dict[str, Any]], Any]
    success: Any
    help: Any = ""


def _decision_data(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in services.DECISION_FIELDS}


DECISION_OPERATIONS: dict[str, Operation] = {
    "draft": Operation(
        _("拟订决策草案"),
        None,
        lambda a, d, c: services.decision_draft(actor=a, decision=d),
        _("已进入草案拟订阶段。"),
        _("决策承办单位拟订决策草案（决策条例第十二—十三条）。"),
    ),
    "participate": Operation(
        _("进入公众参与"),
        None,
        lambda a, d, c: services.decision_participate(actor=a, decision=d),
        _("已进入公众参与阶段，可以发布意见征集公告。"),
        _("公布决策草案及其说明，公开征求意见（决策条例第十四—十五条）。"),
    ),
    "expert": Operation(
        _("进入专家论证"),
        None,
        lambda a, d, c: services.decision_expert(actor=a, decision=d),
        _("已进入专家论证阶段。"),
        _("专业性、技术性较强的决策事项组织专家论证（决策条例第十九条）。"),
    ),
    "risk": Operation(
        _("进入风险评估"),
        None,
        lambda a, d, c: services.decision_risk(actor=a, decision=d),
        _("已进入风险评估阶段。"),
        _("可能影响社会稳定、公共安全的事项开展风险评估（决策条例第二十二条）。"),
    ),
    "submit_review": Operation(
        _("提交合法性审查"),
        forms.SubmitReviewForm,
        lambda a, d, c: services.decision_submit_review(
            actor=a,
            decision=d,
            workdays=c.get("workdays") or MIN_REVIEW_WORKDAYS,
            short_period_reason=c.get("short_period_reason", ""),
        ),
        _("已送请合法性审查。"),
        _("送请合法性审查应当保证必要的审查时间，一般不少于7个工作日（决策条例第二十六条）。"),
    ),
    "review_pass": Operation(
        _("合法性审查通过"),
        forms.ReviewForm,
        lambda a, d, c: services.decision_review(
            actor=a, decision=d, passed=True, opinion=c["opinion"]
        ),
        _("已出具合法性审查意见（通过）。"),
    ),
    "review_fail": Operation(
        _("合法性审查不通过"),
        forms.ReviewForm,
        lambda a, d, c: services.decision_review(
            actor=a, decision=d, passed=False, opinion=c["opinion"]
        ),
        _("已出具合法性审查意见（不通过），草案退回承办单位。"),
    ),
    "decide": Operation(
        _("登记集体讨论决定"),
        forms.DecideForm,
        lambda a, d, c: services.decision_decide(
            actor=a,
            decision=d,
            meeting_kind=c["meeting_kind"],
            meeting_date=c["meeting_date"],
            meeting_name=c.get("meeting_name", ""),
            minutes=c["minutes"],
            decision_text=c["decision_text"],
        ),
        _("已登记集体讨论决定。"),
        _("决策草案经常务会议或者全体会议讨论，由行政首长作出决定（决策条例第三十条）。"),
    ),
    "return": Operation(
        _("集体讨论退回"),
        forms.ReasonForm,
        lambda a, d, c: services.decision_return(actor=a, decision=d, reason=c["reason"]),
        _("已退回承办单位。"),
    ),
    "publish": Operation(
        _("公布决策"),
        None,
        lambda a, d, c: services.decision_publish(actor=a, decision=d),
        _("决策已公布，决策全过程记录在门户网站公开。"),
        _("决策机关应当通过本级人民政府公报和政府网站及时公布重大行政决策（决策条例第三十二条）。"),
    ),
    "implement": Operation(
        _("开始执行"),
        None,
        lambda a, d, c: services.decision_implement(actor=a, decision=d),
        _("已进入执行阶段。"),
    ),
    "evaluate": Operation(
        _("完成后评估"),
        forms.EvaluateForm,
        lambda a, d, c: services.decision_evaluate(actor=a, decision=d, report=c["report"]),
        _("已登记后评估报告。"),
        _("决策后评估（决策条例第三十六条）。"),
    ),
    "edit": Operation(
        _("修改决策信息"),
        forms.DecisionForm,
        lambda a, d, c: services.decision_update(actor=a, decision=d, data=_decision_data(c)),
        _("已保存。"),
    ),
    "add_record": Operation(
        _("登记过程材料"),
        forms.RecordForm,
        lambda a, d, c: services.decision_add_record(
            actor=a,
            decision=d,
            kind=c["kind"],
            title=c["title"],
            body=c["body"],
            signed_by=c.get("signed_by", ""),
            public=bool(c.get("public")),
        ),
        _("已登记。"),
        _("专家论证意见须由专家签字（第二十一条）；风险评估报告在风险评估阶段登记（第二十四条）。"),
    ),
}


def _consultation_data(c: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in c.items() if k in services.CONSULTATION_FIELDS and v is not None}


CONSULTATION_OPERATIONS: dict[str, Operation] = {
    "announce": Operation(
        _("发布征集公告"),
        None,
        lambda a, c, d: services.consultation_announce(actor=a, consultation=c),
        _("征集公告已发布。"),
        _("公告将公布征求意见稿、起草说明、意见反馈方式和期限（决策条例第十五条）。"),
    ),
    "open": Operation(
        _("开始征集"),
        None,
        lambda a, c, d: services.consultation_open(actor=a, consultation=c),
        _("已开始征集意见。"),
    ),
    "close": Operation(
        _("截止征集"),
        None,
        lambda a, c, d: services.consultation_close(actor=a, consultation=c),
        _("意见征集已截止。"),
    ),
    "report": Operation(
        _("公布意见采纳情况"),
        forms.ReportForm,
        lambda a, c, d: services.consultation_report(actor=a, consultation=c, summary=d["summary"]),
        _("意见采纳情况已公布。"),
        _("所有显示的意见均须作出采纳、部分采纳或未采纳的处理（决策条例第十八条）。"),
    ),
    "edit": Operation(
        _("修改征集公告"),
        forms.ConsultationForm,
        lambda a, c, d: services.consultation_update(
            actor=a, consultation=c, data=_consultation_data(d)
        ),
        _("已保存。"),
    ),
}

OPERATIONS: dict[type, dict[str, Operation]] = {
    MajorDecision: DECISION_OPERATIONS,
    PublicConsultation: CONSULTATION_OPERATIONS,
}
