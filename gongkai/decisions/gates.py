"""Gates G9 and G10 of 重大行政决策 (domain.md §10.2), each refusal naming its rule.

- G9 (决策条例第十五条、第二十五条; 大连细则 一(二)): a decision that requires public
  participation enters 合法性审查 only after its consultation has closed (a period of at
  least 30 days, or a shorter one with its urgency reason published) and the adoption report
  (意见采纳情况) is out; specialised matters need signed expert opinions (第十九—二十一条),
  matters with stability risks the risk-assessment report (第二十二—二十四条); without a
  passed legality review no collective discussion (第二十五条第二款).
- G10 (第十六条): hearing materials reach the participants at least 7 days before the
  hearing; the participant list is published before it.

`*_problems(obj)` read without writing (the staff pages and action guards show them);
`check_*` raise GateRefused with the first problem.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext as _

from gongkai.core.exceptions import GateRefused
from gongkai.decisions.models import Hearing, MajorDecision
from gongkai.decisions.workflow import ConsultationStatus, RecordKind

HEARING_MATERIALS_DAYS = 7


def review_problems(decision: MajorDecision) -> list[str]:
    problems: list[str] = []
    if not decision.draft_text.strip():
        problems.append(_("尚无决策草案（决策条例第二十六条：送审应当提供决策草案）。"))
    if decision.requires_public_participation:
        consultations = list(decision.consultations.all())
        if not consultations:
            problems.append(
                _(
                    "决策事项需公众参与，尚未公开征求意见，不得进行合法性审查"
                    "（决策条例第十五条、第二十五条）。"
                )
            )
        elif not any(c.status == ConsultationStatus.REPORTED for c in consultations):
            if any(
                c.status in (ConsultationStatus.ANNOUNCED, ConsultationStatus.OPEN)
                for c in consultations
            ):
                problems.append(
                    _("公开征求意见尚未截止，不得进行合法性审查（决策条例第十五条、第二十五条）。")
                )
            else:
                problems.append(
                    _("意见采纳情况尚未公布，不得进行合法性审查（决策条例第十八条、第二十五条）。")
                )
    kinds = set(decision.records.values_list("kind", flat=True))
    if decision.specialised and RecordKind.EXPERT_OPINION not in kinds:
        problems.append(
            _("专业性较强的决策事项须有专家签名的论证意见（决策条例第十九—二十一条）。")
        )
    if decision.stability_risk and RecordKind.RISK_REPORT not in kinds:
        problems.append(
            _("可能影响社会稳定的决策事项须有风险评估报告（决策条例第二十二—二十四条）。")
        )
    return problems


def check_g9_review(decision: MajorDecision) -> None:
    problems = review_problems(decision)
    if problems:
        raise GateRefused("G9", problems[0])


def discussion_problems(decision: MajorDecision) -> list[str]:
    latest = decision.legality_reviews.order_by("-submitted_on", "-id").first()
    if latest is None or latest.passed is not True:
        return [
            _(
                "决策草案未经合法性审查或者经审查不合法，不得提交集体讨论"
                "（决策条例第二十五条第二款）。"
            )
        ]
    return []


def check_g9_discussion(decision: MajorDecision) -> None:
    problems = discussion_problems(decision)
    if problems:
        raise GateRefused("G9", problems[0])


def hearing_problems(hearing: Hearing) -> list[str]:
    problems: list[str] = []
    if hearing.noticed_on is None or hearing.noticed_on >= hearing.held_on:
        problems.append(_("听证的时间、地点和决策草案应当提前公布（决策条例第十六条）。"))
    if (
        hearing.participants_published_on is None
        or hearing.participants_published_on >= hearing.held_on
    ):
        problems.append(_("听证参加人名单应当提前向社会公布（决策条例第十六条）。"))
    latest: date = hearing.held_on - timedelta(days=HEARING_MATERIALS_DAYS)
    if hearing.materials_sent_on is None or hearing.materials_sent_on > latest:
        problems.append(
            _(
                "听证会材料应当于召开听证会7日前（%(date)s 之前）送达听证参加人（决策条例第十六条）。"
            )
            % {"date": latest.isoformat()}
        )
    return problems


def check_g10(hearing: Hearing) -> None:
    problems = hearing_problems(hearing)
    if problems:
        raise GateRefused("G10", problems[0])
