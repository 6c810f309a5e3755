"""Demo 舆情 cases (concerns module), relative to the moment of seeding: one 重大 case with
under an hour left on its 5-hour clock (red on the 待办), one answered and closed with its
release and press conference published in 回应关切 (linked to the published enrolment
notice and its 政策解读), an ordinary case in 会商, a disputed allocation, and a case pushed by
the monitoring service that concerns two 街道. Each carries a client token
``demo:concern_<key>``; a second run skips it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from gongkai.concerns import services
from gongkai.concerns.models import OpinionCase
from gongkai.concerns.workflow import Channel, ResponseForm, Severity
from gongkai.demo.registry import DemoContext, Seeder, register
from gongkai.documents.models import Document


def _case(context: DemoContext, key: str, detected: datetime, severity: str, topic: str,
          summary: str, organs: list[str], documents: list[Document] | None = None,
          channel: str = Channel.STAFF) -> OpinionCase:  # fmt: skip
    return services.case_create(
        actor=context.users["gov_office"],
        data=services.CaseData(
            detected_at=detected,
            source="网络论坛" if channel == Channel.STAFF else "舆情监测服务",
            link="https://bbs.example.com/thread/2041",
            summary=summary,
            topic=topic,
            severity=severity,
            organs=[context.organs[o] for o in organs],
            documents=documents or [],
        ),
        channel=channel,
        client_token=f"demo:concern_{key}",  # noqa: S106 - an idempotency token
    )


def _allocate(context: DemoContext, case: OpinionCase, organ: str) -> OpinionCase:
    return services.case_allocate(
        actor=context.users["gov_office"], case=case, organ=context.organs[organ]
    )


def _urgent(context: DemoContext, now: datetime) -> None:
    case = _case(
        context, "urgent", now - timedelta(hours=4, minutes=20), Severity.MAJOR,
        "网传示范区某小学校车超载",
        "某论坛帖文配图称示范区某小学校车严重超载，帖文转发逾千次，家长关注度高。",
        ["edu"],
    )  # fmt: skip
    _allocate(context, case, "edu")
    services.case_consult(
        actor=context.users["edu_head"], case=case,
        note="与区委宣传部、区交通运输部门会商，统一回应口径，由教育局发布权威信息。",
        participants="区教育局、区委宣传部、区政府办公室",
    )  # fmt: skip


def _answered(context: DemoContext, now: datetime) -> None:
    notice = Document.objects.filter(client_token="demo:published").first()  # noqa: S106
    detected = now - timedelta(days=2, hours=3)
    case = _case(
        context, "answered", detected, Severity.MAJOR,
        "义务教育招生片区划分引发家长质疑",
        "多名家长在政务留言板和社交媒体质疑新公布的招生片区划分不合理，称部分小区被划出原对口学校。",
        ["edu"], [notice] if notice else [],
    )  # fmt: skip
    _allocate(context, case, "edu")
    head, openness = context.users["edu_head"], context.users["edu_openness"]
    services.case_consult(actor=head, case=case, note="会商确认片区调整依据和过渡安排。")
    services.case_analyse(
        actor=openness, case=case, note="研判：属对政策的误读，需解读片区划分依据。"
    )
    release = services.response_add(
        actor=openness, case=case,
        data=services.ResponseData(
            form=ResponseForm.RELEASE,
            title="示范区教育局关于义务教育招生片区划分有关情况的说明",
            content="今年招生片区根据学位供给和适龄儿童分布调整。已在原片区就读的兄弟姐妹可申请随读，"
                    "对调整涉及的小区设置两年过渡期。咨询电话：0411-86000003。",
            occurred_at=detected + timedelta(hours=4),
            link="https://www.example.gov.cn/jyj/tzgg/2041.html",
        ),
    )  # fmt: skip
    conference = services.response_add(
        actor=head, case=case,
        data=services.ResponseData(
            form=ResponseForm.PRESS_CONFERENCE,
            title="示范区义务教育招生工作新闻发布会",
            content="区教育局局长介绍片区划分原则、过渡安排和学位保障措施，并回答记者提问。",
            occurred_at=detected + timedelta(hours=20),
            speaker="王建国", speaker_title="区教育局局长",
        ),
    )  # fmt: skip
    for response in (release, conference):
        services.response_publish(actor=openness, response=response)
    services.case_finish(actor=head, case=case, note="权威信息和发布会均按时完成。")
    services.case_evaluate(
        actor=context.users["gov_office"], case=case,
        evaluation="5小时内发布权威信息、24小时内召开发布会，留言量明显回落，舆情平稳。",
    )  # fmt: skip


def _consulting(context: DemoContext, now: datetime) -> None:
    case = _case(
        context, "consulting", now - timedelta(hours=10), Severity.ORDINARY,
        "市民反映某农贸市场电子秤缺斤短两",
        "短视频平台有用户反映在某农贸市场购买蔬菜时电子秤不准，评论区有类似反映。",
        ["market"],
    )  # fmt: skip
    _allocate(context, case, "market")


def _disputed(context: DemoContext, now: datetime) -> None:
    case = _case(
        context, "disputed", now - timedelta(hours=6), Severity.LARGE,
        "网传低保资格审核材料繁多",
        "有网民发帖称申请低保需提交十余项证明材料，质疑基层“奇葩证明”。",
        ["fin"],
    )  # fmt: skip
    _allocate(context, case, "fin")
    services.case_dispute(
        actor=context.users["fin_openness"], case=case,
        reason="低保审核由区民政局负责，财政局仅负责资金拨付，建议由民政局作为第一责任主体。",
    )  # fmt: skip


def _pushed(context: DemoContext, now: datetime) -> None:
    _case(
        context, "pushed", now - timedelta(minutes=40), Severity.ORDINARY,
        "东城、西城街道多个小区反映夜间施工噪声扰民",
        "舆情监测服务发现：多个小区业主群和本地论坛集中反映夜间施工噪声，涉及东城、西城两个街道。",
        ["east", "west", "civil"], channel=Channel.WEBHOOK,
    )  # fmt: skip


SCENARIOS: dict[str, Callable[[DemoContext, datetime], None]] = {
    "urgent": _urgent,
    "answered": _answered,
    "consulting": _consulting,
    "disputed": _disputed,
    "pushed": _pushed,
}


def seed_concerns(context: DemoContext) -> int:
    now = timezone.now()
    created = 0
    for key, scenario in SCENARIOS.items():
        if OpinionCase.objects.filter(client_token=f"demo:concern_{key}").exists():
            continue
        with transaction.atomic():
            scenario(context, now)
        created += 1
    return created


register(Seeder("concerns", "demo opinion cases", seed_concerns, after=("interpretations",)))
