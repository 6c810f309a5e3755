"""Demo 重大行政决策: the year's decision catalogue (one item adjusted), a decision published
with its whole trail (consultation, adoption report, legality review, executive meeting), one
whose draft is open for comment, and one in legality review.

Each decision carries a client token ``demo:decision_<key>``; a second run skips it.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from gongkai.decisions import services
from gongkai.decisions.models import CatalogueItem, MajorDecision, PublicConsultation
from gongkai.decisions.workflow import Disposition
from gongkai.demo.registry import DemoContext, Seeder, register

PARKING_DRAFT = """第一条 为规范本区城市道路停车泊位管理，缓解中心城区停车难问题，根据有关法律法规，结合本区实际，制定本办法。
第二条 本办法适用于本区行政区域内城市道路范围内停车泊位的设置、使用和收费管理。
第三条 城市道路停车泊位实行分区域、分时段差别化收费，具体收费标准由区发展改革部门会同有关部门另行公布。
第四条 残疾人驾驶的机动车、执行任务的特种车辆在城市道路停车泊位停放的，免收停车费。
第五条 本办法自公布之日起施行，有效期5年。"""
PARKING_EXPLANATION = (
    "一、起草背景：中心城区机动车保有量持续增长，道路停车泊位供需矛盾突出。\n"
    "二、主要内容：明确泊位设置原则、差别化收费和免费情形。\n"
    "三、依据：《重大行政决策程序暂行条例》及本市机动车停车管理有关规定。"
)
SCHOOL_DRAFT = """第一条 为优化义务教育学校布局，保障适龄儿童少年就近入学，制定本规划。
第二条 规划期内新建小学3所、初中1所，改扩建学校5所。
第三条 新建学校选址应当避开交通干道和污染源，服务半径小学不超过1公里。
第四条 学校建设资金列入区级财政预算，分年度安排。"""
SCHOOL_EXPLANATION = (
    "为落实教育强区建设要求，区教育局起草了学校布局规划（征求意见稿），现公开征求社会意见。"
)
COMMENTS = [
    (2, "建议将老旧小区周边道路纳入泊位设置范围，方便居民夜间停车。"),
    (3, "收费标准应当先举行价格听证，再行公布。"),
    (3, "强烈反对停车收费上涨，请保留老城区夜间免费停车！"),
    (3, "强烈反对停车收费上涨，请保留老城区夜间免费停车！！"),
    (3, "强烈反对停车收费上涨，请保留老城区夜间免费停车。谢谢"),
    (4, "建议将新能源汽车短时停放纳入优惠范围。"),
    (None, "总体赞成，建议加强违停执法。"),
]


def _catalogue(context: DemoContext) -> None:
    year = context.today.year
    government = context.organs["gov"]
    if CatalogueItem.objects.filter(organ=government, year=year).exists():
        return
    office = context.users["gov_office"]
    items = [
        (
            "示范区城市道路停车泊位设置和收费管理办法",
            "区城市管理局",
            "《重大行政决策程序暂行条例》第三条",
            "公开征求意见、听证",
            f"{year}年9月",
        ),
        (
            "示范区义务教育学校布局规划（2026—2030年）",
            "区教育局",
            "《中华人民共和国义务教育法》",
            "公开征求意见、专家论证",
            f"{year}年12月",
        ),
        (
            "示范区老旧小区改造三年行动计划",
            "区住房城乡建设局",
            "国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见",
            "公开征求意见、座谈会",
            f"{year}年10月",
        ),
    ]
    created = []
    for title, unit, basis, methods, planned in items:
        created.append(
            services.catalogue_add(
                actor=office, organ=government, year=year,
                data={"title": title, "undertaking_unit": unit, "basis": basis,
                      "participation_methods": methods, "planned_completion": planned},
            )
        )  # fmt: skip
    services.catalogue_adjust(
        actor=office,
        item=created[2],
        data={"planned_completion": f"{year + 1}年3月"},
        reason="需补充入户调查，完成时间顺延。",
    )


def _participation(context: DemoContext, organ: str, key: str, title: str, draft: str, explanation: str, **flags: object) -> MajorDecision:  # fmt: skip
    clerk = context.users[f"{organ}_clerk"]
    item = CatalogueItem.objects.filter(
        title__startswith=title[:8], year=context.today.year
    ).first()
    decision = services.decision_create(
        actor=clerk,
        organ=context.organs[organ],
        data={"title": title, "draft_text": draft, "explanation": explanation,
              "catalogue_item": item, **flags},
        client_token=f"demo:decision_{key}",
    )  # fmt: skip
    services.decision_draft(actor=clerk, decision=decision)
    services.decision_participate(actor=clerk, decision=decision)
    return decision


def _consult(context: DemoContext, decision: MajorDecision, comments: bool) -> PublicConsultation:
    clerk = context.users[f"{decision.organ.slug}_clerk"]
    c = services.consultation_create(
        actor=clerk,
        decision=decision,
        data={"how_to_comment": "请通过本网站“意见征集”栏目在线提出意见，也可发送电子邮件至 yjzj@example.gov.cn。",
              "opens_on": context.today},
    )  # fmt: skip
    c = services.consultation_announce(actor=clerk, consultation=c)
    if comments:
        articles = {a.number: a.pk for a in c.articles.all()}
        for number, body in COMMENTS:
            services.comment_submit(
                consultation=c, body=body, article_id=articles.get(number) if number else None,
                source="demo",
            )  # fmt: skip
    return c


def _published(context: DemoContext) -> None:
    clerk = context.users["market_clerk"]
    d = _participation(context, "market", "published", "示范区城市道路停车泊位设置和收费管理办法", PARKING_DRAFT, PARKING_EXPLANATION)  # fmt: skip
    c = _consult(context, d, comments=True)
    services.consultation_cluster(actor=clerk, consultation=c)
    if c.closes_on is None:  # announce always fixes it
        return
    services.consultation_close(actor="close_consultations", consultation=c, today=c.closes_on + timedelta(days=1))  # fmt: skip
    for cluster in c.clusters.all():
        services.cluster_rule(actor=clerk, cluster_obj=cluster, disposition=Disposition.NOT_ADOPTED,
                              reason="收费标准将经价格听证后公布，夜间优惠时段已在第三条授权中统筹考虑。")  # fmt: skip
    for comment in c.comments.filter(disposition=""):
        if "听证" in comment.body or "执法" in comment.body:
            services.comment_rule(actor=clerk, comment=comment, disposition=Disposition.ADOPTED)
        else:
            services.comment_rule(actor=clerk, comment=comment, disposition=Disposition.PARTLY,
                                  reason="纳入后续泊位设置方案研究。")  # fmt: skip
    services.consultation_report(
        actor=clerk, consultation=c,
        summary="征求意见期间共收到意见7条，其中相似意见3条已归并处理。对价格听证、加强执法的意见予以采纳。",
    )  # fmt: skip
    services.decision_submit_review(actor=clerk, decision=d)
    services.decision_review(actor=context.users["legal"], decision=d, passed=True,
                             opinion="决策草案符合法律、法规规定，程序合法。")  # fmt: skip
    office = context.users["gov_office"]
    services.decision_decide(
        actor=office, decision=d, meeting_kind="executive", meeting_date=context.today,
        meeting_name="区政府第18次常务会议", minutes="会议审议并原则通过《办法》，由区城市管理局按程序印发。",
        decision_text="原则通过《示范区城市道路停车泊位设置和收费管理办法》，自公布之日起施行。",
    )  # fmt: skip
    services.decision_publish(actor=office, decision=d)


def _open(context: DemoContext) -> None:
    d = _participation(context, "edu", "open", "示范区义务教育学校布局规划（2026—2030年）", SCHOOL_DRAFT, SCHOOL_EXPLANATION, specialised=True)  # fmt: skip
    _consult(context, d, comments=False)
    c = d.consultations.get()
    articles = {a.number: a.pk for a in c.articles.all()}
    services.comment_submit(consultation=c, body="建议在城东新区增设一所九年一贯制学校。", article_id=articles[2], source="demo")  # fmt: skip
    services.comment_submit(consultation=c, body="服务半径1公里对郊区偏小，建议区分城区和郊区。", article_id=articles[3], source="demo")  # fmt: skip


def _review(context: DemoContext) -> None:
    clerk = context.users["edu_clerk"]
    d = services.decision_create(
        actor=clerk, organ=context.organs["edu"],
        data={"title": "示范区中小学课后服务收费标准调整", "draft_text": "第一条 课后服务收费标准调整为每生每学期300元。",
              "explanation": "依据市发展改革委有关规定调整。", "requires_public_participation": False},
        client_token="demo:decision_review",  # noqa: S106 (an idempotency token)
    )  # fmt: skip
    services.decision_draft(actor=clerk, decision=d)
    services.decision_submit_review(actor=clerk, decision=d)


SCENARIOS = {"published": _published, "open": _open, "review": _review}


def seed_decisions(context: DemoContext) -> int:
    created = 0
    with transaction.atomic():
        _catalogue(context)
    for key, scenario in SCENARIOS.items():
        if MajorDecision.objects.filter(client_token=f"demo:decision_{key}").exists():
            continue
        with transaction.atomic():
            scenario(context)
        created += 1
    return created


register(Seeder("decisions", "demo major decisions", seed_decisions, after=("documents",)))
