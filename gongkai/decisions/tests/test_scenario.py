"""domain.md §11 scenario 10, end to end through the services, and the gates G9/G10."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gongkai.core.exceptions import GateRefused, InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.kit import steps
from gongkai.core.kit.audit import events_for
from gongkai.decisions import selectors, services
from gongkai.decisions.models import PublicConsultation
from gongkai.decisions.tests import factories as f
from gongkai.decisions.workflow import ConsultationStatus, Disposition, RecordKind, Status

pytestmark = pytest.mark.django_db


def test_scenario_10(clerk, district, legal, gov_office):
    d = f.to_participation(clerk, district.education)
    # 20 days without an urgency reason: refused, naming 第十五条.
    with pytest.raises(InvalidInput) as refused:
        services.consultation_create(
            actor=clerk,
            decision=d,
            data={"how_to_comment": "在线", "opens_on": steps.today(), "period_days": 20},
        )
    assert "第十五条" in refused.value.message and refused.value.field == "period_days"
    assert not PublicConsultation.objects.exists()
    # With a reason: allowed, and the reason is published with the notice.
    c = f.open_consultation(clerk, d, period_days=20, urgency_reason="汛期前须完成泊位调整")
    assert c.status == ConsultationStatus.OPEN
    assert (c.closes_on - c.opens_on).days >= 20
    # Legality review before the consultation closes: blocked by G9.
    with pytest.raises(GateRefused) as blocked:
        services.decision_submit_review(actor=clerk, decision=d)
    assert blocked.value.gate == "G9" and "第二十五条" in blocked.value.message
    services.comment_submit(consultation=c, body="建议夜间免费", article_id=c.articles.first().pk)
    f.close(c)
    # Closed, but no adoption report yet: still blocked.
    with pytest.raises(GateRefused, match="意见采纳情况"):
        services.decision_submit_review(actor=clerk, decision=d)
    comment = c.comments.get()
    services.comment_rule(
        actor=clerk, comment=comment, disposition=Disposition.PARTLY, reason="夜间22时后免费"
    )
    services.consultation_report(actor=clerk, consultation=c, summary="已研究。")
    review = services.decision_submit_review(actor=clerk, decision=d)
    assert review.workdays == 7 and review.due_date > steps.today()
    # No collective discussion without a passed legality review.
    with pytest.raises(TransitionNotAllowed):
        services.decision_decide(
            actor=gov_office,
            decision=d,
            meeting_kind="executive",
            meeting_date=steps.today(),
            meeting_name="",
            minutes="m",
            decision_text="t",
        )
    services.decision_review(actor=legal, decision=d, passed=True, opinion="合法")
    services.decision_decide(
        actor=gov_office,
        decision=d,
        meeting_kind="executive",
        meeting_date=steps.today(),
        meeting_name="常务会议",
        minutes="同意",
        decision_text="通过",
    )
    services.decision_publish(actor=gov_office, decision=d)
    d.refresh_from_db()
    assert d.status == Status.PUBLISHED
    kinds = [r.kind for r in d.records.all()]
    assert (
        RecordKind.LEGALITY_OPINION in kinds
        and RecordKind.MINUTES in kinds
        and RecordKind.DECISION in kinds
    )
    trail = selectors.trail(d, public=True)
    reached = [s.status for s in trail if s.reached]
    assert reached == [
        Status.INITIATED,
        Status.DRAFTING,
        Status.PARTICIPATION,
        Status.LEGALITY,
        Status.DISCUSSION,
        Status.PUBLISHED,
    ]
    assert {e.action for e in events_for(d)} >= {
        "decision.review_submitted",
        "decision.decided",
        "decision.published",
    }


def test_failed_review_blocks_discussion_and_returns_draft(clerk, district, legal, gov_office):
    d = f.to_review(clerk, district.education)
    services.decision_review(actor=legal, decision=d, passed=False, opinion="超越权限")
    d.refresh_from_db()
    assert d.status == Status.DRAFTING
    services.decision_participate(actor=clerk, decision=d)
    # The earlier adoption report still satisfies G9; the failed review blocks discussion.
    from gongkai.decisions.gates import discussion_problems

    assert discussion_problems(d)


def test_short_review_period_needs_reason(clerk, district):
    d = f.to_participation(clerk, district.education)
    f.reported(clerk, d)
    with pytest.raises(InvalidInput, match="7个工作日"):
        services.decision_submit_review(actor=clerk, decision=d, workdays=3)
    review = services.decision_submit_review(
        actor=clerk, decision=d, workdays=3, short_period_reason="上级督办"
    )
    assert review.workdays == 3


def test_specialised_needs_signed_expert_opinion(clerk, district):
    d = f.to_participation(clerk, district.education, specialised=True)
    f.reported(clerk, d)
    with pytest.raises(GateRefused, match="专家"):
        services.decision_submit_review(actor=clerk, decision=d)
    services.decision_expert(actor=clerk, decision=d)
    with pytest.raises(InvalidInput, match="签字"):
        services.decision_add_record(
            actor=clerk, decision=d, kind=RecordKind.EXPERT_OPINION, title="意见", body="可行"
        )
    services.decision_add_record(
        actor=clerk,
        decision=d,
        kind=RecordKind.EXPERT_OPINION,
        title="意见",
        body="可行",
        signed_by="王五",
    )
    services.decision_submit_review(actor=clerk, decision=d)


def test_no_participation_needed_skips_consultation(clerk, district):
    d = f.decision(clerk, district.education, requires_public_participation=False)
    services.decision_draft(actor=clerk, decision=d)
    services.decision_submit_review(actor=clerk, decision=d)
    d.refresh_from_db()
    assert d.status == Status.LEGALITY


def test_permissions(clerk, other_clerk, district, legal):
    d = f.to_review(clerk, district.education)
    with pytest.raises(NotPermitted):
        services.decision_review(actor=clerk, decision=d, passed=True, opinion="x")
    with pytest.raises(NotPermitted):
        services.decision_update(actor=other_clerk, decision=d, data={"title": "x"})


def test_consultation_opens_and_closes_by_itself(clerk, district):
    d = f.to_participation(clerk, district.education)
    c = services.consultation_create(
        actor=clerk,
        decision=d,
        data={"how_to_comment": "在线", "opens_on": steps.today() + timedelta(days=2)},
    )
    services.consultation_announce(actor=clerk, consultation=c)
    c.refresh_from_db()
    assert c.status == ConsultationStatus.ANNOUNCED
    with pytest.raises(InvalidInput, match="尚未开始"):
        services.comment_submit(consultation=c, body="x")
    assert services.consultations_tick(today=steps.today()) == (0, 0)
    assert services.consultations_tick(today=c.opens_on) == (1, 0)
    c.refresh_from_db()
    assert c.status == ConsultationStatus.OPEN
    assert services.consultations_tick(today=c.closes_on) == (0, 0)
    assert services.consultations_tick(today=c.closes_on + timedelta(days=1)) == (0, 1)
    c.refresh_from_db()
    assert c.status == ConsultationStatus.CLOSED


def test_comment_after_close_refused_with_closing_time(clerk, district):
    d = f.to_participation(clerk, district.education)
    c = f.open_consultation(clerk, d)
    closing = services.closing_moment(c)
    with pytest.raises(InvalidInput) as late:
        services.comment_submit(
            consultation=c, body="迟到的意见", now=closing + timedelta(seconds=1)
        )
    assert "截止" in late.value.message and c.closes_on.strftime("%Y-%m-%d") in late.value.message
    f.close(c)
    with pytest.raises(InvalidInput, match="截止"):
        services.comment_submit(consultation=c, body="迟到的意见")


def test_clustering_and_cluster_ruling(clerk, district):
    d = f.to_participation(clerk, district.education)
    c = f.open_consultation(clerk, d)
    campaign = "坚决反对停车收费上涨，请保留老城区免费停车位，保障居民生活便利！"
    for suffix in ["", "!!", "（居民）", " 谢谢"]:
        services.comment_submit(consultation=c, body=campaign + suffix)
    services.comment_submit(consultation=c, body="建议在学校周边设置临时停车区。")
    assert services.consultation_cluster(actor=clerk, consultation=c) == 1
    cluster = c.clusters.get()
    assert cluster.size == 4
    f.close(c)
    assert (
        services.cluster_rule(
            actor=clerk,
            cluster_obj=cluster,
            disposition=Disposition.NOT_ADOPTED,
            reason="收费标准已听证",
        )
        == 4
    )
    assert services.unruled_count(c) == 1
    with pytest.raises(InvalidInput, match="1条"):
        services.consultation_report(actor=clerk, consultation=c, summary="x")


def test_moderation_and_report_counts(clerk, district):
    d = f.to_participation(clerk, district.education)
    c = f.open_consultation(clerk, d)
    a1, a2 = list(c.articles.all())[:2]
    x = services.comment_submit(
        consultation=c, body="好", article_id=a1.pk, name="张三", contact="13800000000"
    )
    y = services.comment_submit(consultation=c, body="广告 http://spam", article_id=a2.pk)
    z = services.comment_submit(consultation=c, body="总体赞成")
    with pytest.raises(InvalidInput, match="理由"):
        services.comment_moderate(actor=clerk, comment=y, approve=False)
    services.comment_moderate(actor=clerk, comment=y, approve=False, reason="广告")
    f.close(c)
    services.comment_rule(actor=clerk, comment=x, disposition=Disposition.ADOPTED)
    with pytest.raises(InvalidInput, match="理由"):
        services.comment_rule(actor=clerk, comment=z, disposition=Disposition.NOT_ADOPTED)
    services.comment_rule(
        actor=clerk, comment=z, disposition=Disposition.NOT_ADOPTED, reason="不属于本办法"
    )
    services.consultation_report(actor=clerk, consultation=c, summary="已研究")
    report = selectors.adoption_report(c)
    assert (report.total, report.shown, report.hidden) == (3, 2, 1)
    assert report.by_disposition == {"adopted": 1, "partly": 0, "not_adopted": 1}
    assert report.by_article[0][0] == a1.label and report.by_article[-1][0] == ""
    assert ("", "未采纳", "不属于本办法", 1) in report.reasons


def test_hearing_gate_g10(clerk, district, monkeypatch):
    d = f.to_participation(clerk, district.education)
    today = steps.today()
    h = services.hearing_plan(
        actor=clerk,
        decision=d,
        held_on=today + timedelta(days=10),
        place="区政府301",
        selection_method="自愿报名、随机抽取",
    )
    services.hearing_notice(actor=clerk, hearing=h, participants="居民代表甲、乙")
    services.hearing_materials_sent(actor=clerk, hearing=h, on=today)
    monkeypatch.setattr(steps, "today", lambda: today + timedelta(days=10))
    services.hearing_record(actor=clerk, hearing=h, record="笔录", signed_by="甲、乙")
    h2 = services.hearing_plan(
        actor=clerk, decision=d, held_on=today + timedelta(days=15), place="x", selection_method="y"
    )
    monkeypatch.setattr(steps, "today", lambda: today + timedelta(days=11))
    services.hearing_notice(actor=clerk, hearing=h2, participants="丙")
    services.hearing_materials_sent(actor=clerk, hearing=h2, on=today + timedelta(days=11))
    monkeypatch.setattr(steps, "today", lambda: today + timedelta(days=15))
    with pytest.raises(GateRefused) as refused:
        services.hearing_record(actor=clerk, hearing=h2, record="笔录", signed_by="丙")
    assert refused.value.gate == "G10" and "7日前" in refused.value.message


def test_catalogue_history(gov_office, district):
    item = services.catalogue_add(
        actor=gov_office,
        organ=district.government,
        year=2026,
        data={
            "title": "停车收费调整",
            "undertaking_unit": "区发展改革委",
            "planned_completion": "2026年6月",
        },
    )
    services.catalogue_adjust(
        actor=gov_office, item=item, data={"planned_completion": "2026年9月"}, reason="延期听证"
    )
    services.catalogue_remove(actor=gov_office, item=item, reason="并入市级事项")
    kinds = list(item.adjustments.values_list("kind", flat=True))
    assert kinds == ["added", "adjusted", "removed"]
    assert item.adjustments.get(kind="adjusted").before["planned_completion"] == "2026年6月"
