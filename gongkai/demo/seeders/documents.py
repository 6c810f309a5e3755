"""Demo documents in every workflow state, and the real corpus texts (documents module).

Each demo document carries a client token (``demo:<key>``), so a second run finds it and
skips its scenario. Documents go through ``documents.services`` with the demo users as
actors, so their audit trails are real; the corpus texts go through the import service.
Dates are relative to today.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from gongkai.accounts.models import User
from gongkai.demo.registry import DemoContext, Seeder, register
from gongkai.documents import gates, services
from gongkai.documents.importing import corpus_dir, import_corpus_folder
from gongkai.documents.models import (
    Attribute,
    Document,
    Genre,
    OnRequestReason,
    ReasonCode,
    ReturnCategory,
    SecrecyLevel,
    Topic,
)
from gongkai.documents.services import statutory_item_tag
from gongkai.organizations.models import Organ


@dataclass
class Cast:
    organs: dict[str, Organ]
    users: dict[str, User]
    today: date

    def days_ago(self, n: int) -> date:
        return self.today - timedelta(days=n)

    def topic(self, parent: str, name: str) -> Topic | None:
        # From the 0002_topics data migration; None if an administrator removed it.
        return Topic.objects.filter(parent__name=parent, name=name).first()

    def create(self, key: str, organ: str, **data: Any) -> Document:
        clerk = self.users[f"{organ}_clerk"]
        data.setdefault("attribute", Attribute.PROACTIVE)
        data.setdefault("genre", Genre.NOTICE)
        data.setdefault("body", f"各有关单位：\n{data['summary']}现将有关事项通知如下。")
        return services.document_create(
            actor=clerk, organ=self.organs[organ], data=data, client_token=f"demo:{key}"
        )

    def issue(self, document: Document, organ: str) -> Document:
        services.document_submit(actor=self.users[f"{organ}_clerk"], document=document)
        return services.document_sign_off(
            actor=self.users[f"{organ}_head"], document=document, opinion="同意。"
        )

    def publish(self, document: Document, organ: str, on: date) -> Document:
        self.issue(document, organ)
        services.document_review_confidentiality(
            actor=self.users["secrecy"],
            document=document,
            approve=True,
            items=gates.confidentiality_items(document),
            opinion="经逐项审查，不涉及国家秘密、工作秘密和个人隐私。",
        )
        return services.document_publish(
            actor=self.users[f"{organ}_openness"], document=document, today=on
        )


def _draft(c: Cast) -> None:
    c.create(
        "draft",
        "edu",
        title=f"示范区教育局关于做好{c.today.year}年义务教育阶段招生入学工作的通知",
        summary="部署本年度义务教育阶段招生入学工作，明确划片范围、报名时间和材料要求。",
        topic=c.topic("科技、教育", "教育"),
    )


def _disclosure_review(c: Cast) -> None:
    # G3: a policy document proposed as not proactive goes to the openness office first.
    doc = c.create(
        "disclosure_review",
        "edu",
        title="示范区教育局关于调整学校布局规划的意见（征求意见稿）",
        summary="对全区中小学布局调整提出意见，尚在内部研究论证阶段。",
        genre=Genre.OPINION,
        is_policy=True,
        attribute=Attribute.NOT_DISCLOSED,
        reason_codes=[ReasonCode.PROCESS_INFO],
        legal_explanation="属于研究论证中的过程稿，依据条例第十六条第二款暂不公开。",
    )
    services.document_submit(actor=c.users["edu_clerk"], document=doc)


def _signoff(c: Cast) -> None:
    doc = c.create(
        "signoff",
        "fin",
        title=f"示范区财政局关于做好{c.today.year}年预算执行工作的通知",
        summary="加强预算执行管理，规范资金拨付流程。",
        topic=c.topic("财政、金融、审计", "财政"),
    )
    services.document_submit(actor=c.users["fin_clerk"], document=doc)


def _legality_review(c: Cast) -> None:
    # 行政规范性文件: 合法性审核 by the legal reviewer before sign-off (国办发〔2018〕37号).
    doc = c.create(
        "legality_review",
        "market",
        title="示范区市场监督管理局关于规范小微企业登记注册行为的若干规定",
        summary="明确小微企业登记注册的材料要求、办理时限和监督检查，涉及市场主体权利义务。",
        genre=Genre.OPINION,
        is_policy=True,
        is_normative=True,
        topic=c.topic("市场监管、安全生产监管", "市场监管"),
    )
    services.document_submit(actor=c.users["market_clerk"], document=doc)


def _government_office(c: Cast) -> None:
    # 代拟稿: drafted by 民政局 for issue in the government's name.
    doc = c.create(
        "government_office",
        "civil",
        title="示范区人民政府关于进一步加强困难群众基本生活保障工作的实施意见",
        summary="完善分层分类社会救助体系，提高困难群众基本生活保障水平。",
        genre=Genre.OPINION,
        for_government=True,
        topic=c.topic("民政、乡村振兴、救灾", "社会救助"),
    )
    c.issue(doc, "civil")


def _returned(c: Cast) -> None:
    # G4 退文: the government office sends back a 代拟稿 whose non-disclosure reason is unlawful.
    doc = c.create(
        "returned",
        "market",
        title="示范区人民政府关于优化营商环境加强市场主体服务的若干措施",
        summary="提出优化营商环境、服务市场主体的若干措施。",
        genre=Genre.SCHEME,
        for_government=True,
        attribute=Attribute.NOT_DISCLOSED,
        reason_codes=[ReasonCode.INTERNAL_AFFAIRS],
        legal_explanation="内部工作安排。",
        topic=c.topic("市场监管、安全生产监管", "市场监管"),
    )
    c.issue(doc, "market")
    services.document_return(
        actor=c.users["gov_office"],
        document=doc,
        category=ReturnCategory.UNLAWFUL_REASON,
        reason="面向市场主体的政策措施涉及公众切身利益，应当主动公开；“内部工作安排”不属于"
        "条例第十六条规定的内部事务信息，拟不公开理由不成立，请重新确定公开属性后报送。",
    )


def _issued_pending(c: Cast) -> None:
    doc = c.create(
        "issued_pending",
        "edu",
        title="示范区教育局关于开展校园安全隐患排查整治工作的通知",
        summary="组织各中小学、幼儿园开展校园安全隐患排查整治。",
        written_date=c.days_ago(2),
        topic=c.topic("科技、教育", "教育"),
    )
    c.issue(doc, "edu")


def _issued_overdue(c: Cast) -> None:
    # G7: 成文 60 days ago (well over 20 working days) and still not published.
    doc = c.create(
        "issued_overdue",
        "fin",
        title="示范区财政局关于规范政府采购意向公开工作的通知",
        summary="规范政府采购意向公开的内容、时间和渠道。",
        written_date=c.days_ago(60),
        topic=c.topic("财政、金融、审计", "财政"),
    )
    c.issue(doc, "fin")


def _issued_withheld(c: Cast) -> None:
    doc = c.create(
        "issued_on_request",
        "edu",
        title="示范区教育局关于同意示范区第一中学开设职业技术教育选修课程的批复",
        summary="同意示范区第一中学自下学期起开设职业技术教育选修课程。",
        genre=Genre.REPLY,
        attribute=Attribute.ON_REQUEST,
        on_request_reason=OnRequestReason.SPECIFIC_SUBJECTS,
        legal_explanation="仅涉及示范区第一中学一所学校，不需要社会公众广泛知晓或者参与决策，"
        "不属于条例第十九条至第二十一条规定的主动公开范围。",
        written_date=c.days_ago(15),
    )
    c.issue(doc, "edu")


def _classified(c: Cast) -> None:
    # G5: a classified document is 不予公开 for reason 属于国家秘密 and can never be published.
    doc = c.create(
        "classified",
        "fin",
        title="示范区财政局关于应急物资储备资金安排的请示",
        summary="（涉密，摘要不公开）",
        genre=Genre.REQUEST,
        secrecy_level=SecrecyLevel.SECRET,
        secrecy_period="5年",
        attribute=Attribute.NOT_DISCLOSED,
        reason_codes=[ReasonCode.STATE_SECRET],
        legal_explanation="经定密属于国家秘密（条例第十四条）。",
        written_date=c.days_ago(20),
    )
    c.issue(doc, "fin")


def _published(c: Cast) -> None:
    doc = c.create(
        "published",
        "edu",
        title=f"示范区教育局关于公布{c.today.year}年义务教育阶段学校招生范围的通知",
        summary="公布全区公办小学、初中招生片区范围。",
        keywords="招生 学区 义务教育",
        written_date=c.days_ago(12),
        topic=c.topic("科技、教育", "教育"),
    )
    c.publish(doc, "edu", c.days_ago(5))
    # 法定主动公开内容: the office files it under 条例第二十一条 “公共服务” from the document page.
    statutory_item_tag(actor=c.users["edu_openness"], document=doc, item_code="21-02")


def _annual_report(c: Cast) -> None:
    # 条例第四十九条: a department submits and publishes last year's report by 31 January
    # (its content: 第五十条).
    year = c.today.year - 1
    published_on = min(date(c.today.year, 1, 26), c.today)
    doc = c.create(
        "annual_report",
        "edu",
        title=f"示范区教育局{year}年政府信息公开工作年度报告",
        summary=f"示范区教育局{year}年政府信息公开工作的总体情况、主动公开、依申请公开等情况。",
        genre=Genre.ANNUAL_REPORT,
        keywords="政府信息公开 年度报告",
        written_date=published_on - timedelta(days=6),
        topic=c.topic("综合政务", "政务公开"),
        body=(
            f"本报告根据《中华人民共和国政府信息公开条例》第四十九条、第五十条的规定编制。"
            f"本报告中所列数据统计期限从{year}年1月1日到12月31日止。\n"
            "一、总体情况\n"
            "本局坚持以公开为常态、不公开为例外，围绕教育重点工作做好政府信息公开。\n"
            "二、主动公开政府信息情况\n"
            "三、收到和处理政府信息公开申请情况\n"
            "四、政府信息公开行政复议、行政诉讼情况\n"
            "五、存在的主要问题及改进情况\n"
            "六、其他需要报告的事项"
        ),
    )
    c.publish(doc, "edu", published_on)


def _openness_rules(c: Cast) -> None:
    # 政府信息公开制度 (平台规范): an organ's own openness rules — a 规定 under 综合政务/政务公开,
    # so the 制度 column of the demo is not empty without the corpus.
    doc = c.create(
        "openness_rules",
        "edu",
        title="示范区教育局关于印发《示范区教育局政府信息公开工作规定》的通知",
        summary="明确本局政府信息主动公开、依申请公开、保密审查和监督保障的工作制度。",
        genre=Genre.PROVISIONS,
        keywords="政府信息公开 工作制度",
        written_date=c.days_ago(60),
        topic=c.topic("综合政务", "政务公开"),
        body=(
            "各科室、局属各单位：\n"
            "为规范本局政府信息公开工作，根据《中华人民共和国政府信息公开条例》，"
            "制定《示范区教育局政府信息公开工作规定》，现印发给你们，请遵照执行。\n"
            "第一条 本局政府信息公开工作由办公室（政府信息公开工作机构）具体承办。\n"
            "第二条 拟公开的政府信息，公开前依法进行保密审查。\n"
            "第三条 收到政府信息公开申请，按照条例第三十三条规定的期限答复。"
        ),
    )
    c.publish(doc, "edu", c.days_ago(55))


def _withdrawn(c: Cast) -> None:
    doc = c.create(
        "withdrawn",
        "fin",
        title="示范区财政局关于拨付老旧小区改造补助资金的公告",
        summary="公布老旧小区改造补助资金拨付情况。",
        genre=Genre.ANNOUNCEMENT,
        written_date=c.days_ago(40),
        topic=c.topic("城乡建设、环境保护", "城乡建设"),
    )
    c.publish(doc, "fin", c.days_ago(35))
    services.document_withdraw(
        actor=c.users["fin_openness"],
        document=doc,
        reason="附表中误含申请人身份证号码，撤回后删除个人信息再行发布（条例第十五条）。",
    )


def _repealed(c: Cast) -> None:
    doc = c.create(
        "repealed",
        "civil",
        title="示范区民政局关于印发《示范区临时救助实施办法》的通知",
        summary="规定临时救助的对象、标准和程序。",
        written_date=c.days_ago(400),
        topic=c.topic("民政、乡村振兴、救灾", "社会救助"),
    )
    c.publish(doc, "civil", c.days_ago(395))
    services.document_repeal(
        actor=c.users["civil_openness"],
        document=doc,
        reason="已被新修订的《示范区临时救助实施办法》替代。",
        repealed_date=c.days_ago(30),
    )


def _expired(c: Cast) -> None:
    # G14: “有效期1年” counted from publication; expired some weeks ago.
    doc = c.create(
        "expired",
        "market",
        title="示范区市场监督管理局关于开展食品安全专项整治行动的通知",
        summary="在全区开展为期一年的食品安全专项整治行动。",
        validity_years=1,
        written_date=c.days_ago(430),
        topic=c.topic("市场监管、安全生产监管", "食品药品监管"),
    )
    c.publish(doc, "market", c.days_ago(425))
    services.documents_expire(today=c.today)


SCENARIOS: dict[str, Callable[[Cast], None]] = {
    "draft": _draft,
    "disclosure_review": _disclosure_review,
    "signoff": _signoff,
    "legality_review": _legality_review,
    "government_office": _government_office,
    "returned": _returned,
    "issued_pending": _issued_pending,
    "issued_overdue": _issued_overdue,
    "issued_on_request": _issued_withheld,
    "classified": _classified,
    "published": _published,
    "annual_report": _annual_report,
    "openness_rules": _openness_rules,
    "withdrawn": _withdrawn,
    "repealed": _repealed,
    "expired": _expired,
}


def seed_documents(context: DemoContext) -> int:
    cast = Cast(organs=context.organs, users=context.users, today=context.today)
    created = 0
    for key, scenario in SCENARIOS.items():
        if Document.objects.filter(client_token=f"demo:{key}").exists():
            continue
        with transaction.atomic():
            scenario(cast)
        created += 1
    if context.with_corpus:
        _seed_corpus(context)
    return created


def _seed_corpus(context: DemoContext) -> None:
    """The real corpus texts, imported into the 区政府 by the administrator."""
    if context.corpus is None:
        folder = corpus_dir()
    else:
        folder = context.corpus if context.corpus.is_dir() else None
    if folder is None:
        context.messages.append(
            "corpus folder not found (set GONGKAI_CORPUS_DIR): real documents skipped"
        )
        return
    report = import_corpus_folder(folder, organ=context.organs["gov"], actor=context.users["admin"])
    context.results["corpus"] = report
    context.messages.append(f"corpus {folder}: {report.summary()}")
    context.warnings.extend(f"corpus failed: {where}: {why}" for where, why in report.failed)


register(Seeder("documents", "demo documents", seed_documents, after=("accounts",)))
