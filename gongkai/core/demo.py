"""The demo district “示范区”: organs, users for every role, and documents in every state.

Used by ``manage.py seed_demo``. Everything is idempotent: organs and users are looked up by
slug/username and left alone when they exist, and each demo document carries a client token
(``demo:<key>``), so a second run finds it and skips its scenario. Documents go through
``documents.services`` with the demo users as actors, so their audit trails are real; the
real corpus texts go through the import service. Dates are relative to today.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Membership, Role, User
from gongkai.documents import gates, services
from gongkai.documents.importing import ImportReport, import_corpus_folder
from gongkai.documents.models import (
    Attribute,
    Document,
    Genre,
    ReasonCode,
    ReturnCategory,
    SecrecyLevel,
    Topic,
)
from gongkai.lib.indexno import is_valid_uscc, uscc_check_char
from gongkai.organizations.models import Organ, OrganKind

DEMO_PASSWORD = "gongkai-demo"
# 登记管理机关行政区划码 of the fictional district. 2102xx are Dalian's districts; 210299 is
# not assigned to any real one.
REGION_CODE = "210299"


def org_code(base8: str) -> str:
    """A 组织机构代码 (GB 11714-1997): 8 characters plus their check character."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    values = [int(c) if c.isdigit() else ord(c) - ord("A") + 10 for c in base8]
    check = 11 - sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def demo_uscc(base8: str) -> str:
    """A 统一社会信用代码 (GB 32100-2015) of a 机关: 登记管理部门码 1 (机构编制), 机构类别码 1
    (机关), the region code, the 组织机构代码 and the computed check character."""
    first17 = f"11{REGION_CODE}{base8}{org_code(base8)}"
    uscc = first17 + uscc_check_char(first17)
    if not is_valid_uscc(uscc):
        raise RuntimeError(f"demo USCC {uscc} does not validate")
    return uscc


@dataclass(frozen=True)
class OrganSpec:
    slug: str
    name: str
    short_name: str
    kind: str
    parent: str | None
    code: str  # first 8 characters of the 组织机构代码
    address: str
    phone: str


ORGANS = (
    OrganSpec("gov", "示范区人民政府", "区政府", OrganKind.DISTRICT_GOVERNMENT, None,
              "76440001", "示范区人民路1号", "0411-86000001"),
    OrganSpec("office", "示范区人民政府办公室", "区政府办", OrganKind.GOVERNMENT_OFFICE, "gov",
              "76440002", "示范区人民路1号", "0411-86000002"),
    OrganSpec("edu", "示范区教育局", "教育局", OrganKind.DEPARTMENT, "gov",
              "76440003", "示范区学府路8号", "0411-86000003"),
    OrganSpec("fin", "示范区财政局", "财政局", OrganKind.DEPARTMENT, "gov",
              "76440004", "示范区人民路3号", "0411-86000004"),
    OrganSpec("civil", "示范区民政局", "民政局", OrganKind.DEPARTMENT, "gov",
              "76440005", "示范区和平街12号", "0411-86000005"),
    OrganSpec("market", "示范区市场监督管理局", "市场监管局", OrganKind.DEPARTMENT, "gov",
              "76440006", "示范区建设路20号", "0411-86000006"),
    OrganSpec("east", "示范区东城街道办事处", "东城街道", OrganKind.SUBDISTRICT, "gov",
              "76440007", "示范区东城路5号", "0411-86000007"),
    OrganSpec("west", "示范区西城街道办事处", "西城街道", OrganKind.SUBDISTRICT, "gov",
              "76440008", "示范区西城路9号", "0411-86000008"),
)  # fmt: skip


@dataclass(frozen=True)
class UserSpec:
    username: str
    name: str  # family name first, as Chinese names are written
    role: str
    organ: str


USERS = (
    UserSpec("edu_clerk", "李文", Role.CLERK, "edu"),
    UserSpec("edu_head", "王建国", Role.HEAD, "edu"),
    UserSpec("edu_openness", "赵敏", Role.OPENNESS_OFFICER, "edu"),
    UserSpec("fin_clerk", "陈晓", Role.CLERK, "fin"),
    UserSpec("fin_head", "刘志强", Role.HEAD, "fin"),
    UserSpec("fin_openness", "孙丽", Role.OPENNESS_OFFICER, "fin"),
    UserSpec("civil_clerk", "周平", Role.CLERK, "civil"),
    UserSpec("civil_head", "吴海", Role.HEAD, "civil"),
    UserSpec("civil_openness", "郑红", Role.OPENNESS_OFFICER, "civil"),
    UserSpec("market_clerk", "冯涛", Role.CLERK, "market"),
    UserSpec("market_head", "何军", Role.HEAD, "market"),
    UserSpec("market_openness", "高洁", Role.OPENNESS_OFFICER, "market"),
    UserSpec("gov_openness", "林静", Role.OPENNESS_OFFICER, "gov"),
    UserSpec("gov_openness_head", "唐明", Role.OPENNESS_OFFICE_HEAD, "gov"),
    UserSpec("gov_office", "马骏", Role.GOVERNMENT_OFFICE, "office"),
    UserSpec("secrecy", "罗刚", Role.CONFIDENTIALITY, "gov"),
    UserSpec("legal", "梁雪", Role.LEGAL, "gov"),
    UserSpec("propaganda", "宋杨", Role.PROPAGANDA, "office"),
    UserSpec("admin", "管理员", Role.ADMINISTRATOR, "gov"),
)


@dataclass
class DemoReport:
    organs_created: int = 0
    users_created: int = 0
    documents_created: int = 0
    corpus: ImportReport | None = None
    corpus_message: str = ""
    users: list[tuple[str, str, str]] = field(default_factory=list)
    """(username, role, organ) of every demo user, for the table printed at the end."""


# ---------------------------------------------------------------------------------------------
# Organs and users


def _remedy_bodies(spec: OrganSpec) -> dict[str, str]:
    """Who hears a complaint, a reconsideration and a lawsuit against the organ (条例第五十一条;
    行政复议法第二十四条; 行政诉讼法第十四条、第十五条第（一）项)."""
    if spec.kind == OrganKind.DISTRICT_GOVERNMENT:
        return {
            "reconsideration_organ": "示范市人民政府",
            "court": "示范市中级人民法院",
            "complaint_organ": "示范市人民政府办公室",
        }
    return {
        "reconsideration_organ": "示范区人民政府",
        "court": "示范区人民法院",
        # The office is itself the competent department: complaints go one level up.
        "complaint_organ": ""
        if spec.kind == OrganKind.GOVERNMENT_OFFICE
        else "示范区人民政府办公室",
    }


def _ensure_organs(report: DemoReport) -> dict[str, Organ]:
    organs: dict[str, Organ] = {}
    for position, spec in enumerate(ORGANS, start=1):
        organ, created = Organ.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "short_name": spec.short_name,
                "kind": spec.kind,
                "parent": organs.get(spec.parent or ""),
                "uscc": demo_uscc(spec.code),
                "sort_order": position * 10,
                "office_name": f"{spec.name}政务公开办公室",
                "office_address": spec.address,
                "office_hours": "工作日 上午8:30—12:00，下午13:30—17:00（法定节假日除外）",
                "office_phone": spec.phone,
                "office_fax": spec.phone[:-1] + "9",
                "office_email": f"gongkai.{spec.slug}@shifanqu.example.gov.cn",
                "office_postcode": "116000",
                "website": f"https://www.shifanqu.example.gov.cn/{spec.slug}/",
                **_remedy_bodies(spec),
            },
        )
        report.organs_created += created
        organs[spec.slug] = organ
    return organs


def _ensure_users(report: DemoReport, organs: dict[str, Organ]) -> dict[str, User]:
    users: dict[str, User] = {}
    for spec in USERS:
        is_admin = spec.role == Role.ADMINISTRATOR
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "last_name": spec.name[:1],
                "first_name": spec.name[1:],
                "email": f"{spec.username}@shifanqu.example.gov.cn",
                "is_staff": is_admin,
                "is_superuser": is_admin,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(user=user, organ=organs[spec.organ], role=spec.role)
        report.users_created += created
        users[spec.username] = user
        report.users.append((spec.username, str(Role(spec.role).label), organs[spec.organ].name))
    return users


# ---------------------------------------------------------------------------------------------
# Documents in every workflow state


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
        attribute=Attribute.ON_REQUEST,
        reason_codes=[ReasonCode.PROCESS_INFO],
        legal_explanation="属于研究论证中的过程稿，依据条例第十六条第二款暂不主动公开。",
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
        title="示范区教育局关于调整局机关内设科室工作分工的通知",
        summary="调整局机关内设科室工作分工。",
        attribute=Attribute.ON_REQUEST,
        reason_codes=[ReasonCode.INTERNAL_AFFAIRS],
        legal_explanation="属于人事管理、内部工作流程等内部事务信息（条例第十六条第一款）。",
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
    "government_office": _government_office,
    "returned": _returned,
    "issued_pending": _issued_pending,
    "issued_overdue": _issued_overdue,
    "issued_on_request": _issued_withheld,
    "classified": _classified,
    "published": _published,
    "annual_report": _annual_report,
    "withdrawn": _withdrawn,
    "repealed": _repealed,
    "expired": _expired,
}


def _seed_documents(report: DemoReport, cast: Cast) -> None:
    for key, scenario in SCENARIOS.items():
        if Document.objects.filter(client_token=f"demo:{key}").exists():
            continue
        with transaction.atomic():
            scenario(cast)
        report.documents_created += 1


# ---------------------------------------------------------------------------------------------
# Corpus


def corpus_dir() -> Path | None:
    """GONGKAI_CORPUS_DIR, or ../shared/corpus beside the repository; None if missing."""
    configured = os.environ.get("GONGKAI_CORPUS_DIR", "").strip()
    folder = (
        Path(configured) if configured else Path(settings.BASE_DIR).parent / "shared" / "corpus"
    )
    return folder if folder.is_dir() else None


def _seed_corpus(report: DemoReport, organ: Organ, actor: User, folder: Path | None) -> None:
    if folder is None:
        report.corpus_message = (
            "corpus folder not found (set GONGKAI_CORPUS_DIR): real documents skipped"
        )
        return
    report.corpus = import_corpus_folder(folder, organ=organ, actor=actor)
    report.corpus_message = f"corpus {folder}: {report.corpus.summary()}"


def build_demo_district(
    *, today: date | None = None, with_corpus: bool = True, corpus: Path | None = None
) -> DemoReport:
    """Create (or complete) the demo district; import the corpus from ``corpus`` or, by
    default, from :func:`corpus_dir`, into the 区政府."""
    report = DemoReport()
    today = today or timezone.localdate()
    with transaction.atomic():
        organs = _ensure_organs(report)
        users = _ensure_users(report, organs)
    _seed_documents(report, Cast(organs=organs, users=users, today=today))
    if with_corpus:
        folder = corpus_dir() if corpus is None else (corpus if corpus.is_dir() else None)
        _seed_corpus(report, organs["gov"], users["admin"], folder)
    return report
