"""Bring a decision to each stage through the services (never by setting the status)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from gongkai.core.kit import steps
from gongkai.decisions import services
from gongkai.decisions.models import MajorDecision, PublicConsultation
from gongkai.decisions.workflow import Disposition, RecordKind

DRAFT = """第一条 为规范本区城市道路停车收费管理，制定本办法。
第二条 本办法适用于本区行政区域内城市道路停车泊位的设置和收费。
第三条 停车收费实行分时段差别化收费，具体标准由区发展改革部门另行公布。
第四条 本办法自公布之日起施行。"""
EXPLANATION = "为缓解中心城区停车难问题，依据有关规定起草本办法。"


def decision(clerk: Any, organ: Any, **flags: Any) -> MajorDecision:
    return services.decision_create(
        actor=clerk,
        organ=organ,
        data={
            "title": "示范区城市道路停车收费管理办法",
            "draft_text": DRAFT,
            "explanation": EXPLANATION,
            **flags,
        },
    )


def to_participation(clerk: Any, organ: Any, **flags: Any) -> MajorDecision:
    d = decision(clerk, organ, **flags)
    services.decision_draft(actor=clerk, decision=d)
    services.decision_participate(actor=clerk, decision=d)
    return d


def open_consultation(clerk: Any, d: MajorDecision, **data: Any) -> PublicConsultation:
    c = services.consultation_create(
        actor=clerk,
        decision=d,
        data={"how_to_comment": "在线提交", "opens_on": steps.today(), **data},
    )
    return services.consultation_announce(actor=clerk, consultation=c)


def close(c: PublicConsultation) -> PublicConsultation:
    assert c.closes_on is not None
    return services.consultation_close(
        actor="test", consultation=c, today=c.closes_on + timedelta(days=1)
    )


def reported(clerk: Any, d: MajorDecision, comments: int = 2) -> PublicConsultation:
    c = open_consultation(clerk, d)
    article = c.articles.get(number=1)
    for i in range(comments):
        services.comment_submit(consultation=c, body=f"建议延长免费时段 {i}", article_id=article.pk)
    close(c)
    for comment in c.comments.all():
        services.comment_rule(
            actor=clerk, comment=comment, disposition=Disposition.NOT_ADOPTED, reason="与上位法不符"
        )
    return services.consultation_report(
        actor=clerk, consultation=c, summary="共收到意见，已逐条研究。"
    )


def to_review(clerk: Any, organ: Any, **flags: Any) -> MajorDecision:
    d = to_participation(clerk, organ, **flags)
    reported(clerk, d)
    if d.specialised:
        services.decision_expert(actor=clerk, decision=d)
        services.decision_add_record(
            actor=clerk,
            decision=d,
            kind=RecordKind.EXPERT_OPINION,
            title="专家论证意见",
            body="方案可行。",
            signed_by="张三、李四",
        )
    services.decision_submit_review(actor=clerk, decision=d)
    return d


def to_discussion(clerk: Any, organ: Any, legal: Any) -> MajorDecision:
    d = to_review(clerk, organ)
    services.decision_review(actor=legal, decision=d, passed=True, opinion="合法。")
    return d


def to_decided(clerk: Any, organ: Any, legal: Any, gov: Any) -> MajorDecision:
    d = to_discussion(clerk, organ, legal)
    services.decision_decide(
        actor=gov,
        decision=d,
        meeting_kind="executive",
        meeting_date=steps.today(),
        meeting_name="区政府第12次常务会议",
        minutes="会议同意。",
        decision_text="通过《办法》。",
    )
    return d
