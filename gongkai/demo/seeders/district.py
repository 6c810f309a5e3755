"""The demo district “示范区”: organs (organizations) and a user for every role (accounts).

Organs are looked up by slug and users by username, and left alone when they exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from gongkai.accounts.models import Membership, Role, User
from gongkai.demo.registry import DemoContext, Seeder, register
from gongkai.lib.indexno import is_valid_uscc, uscc_check_char
from gongkai.organizations.models import Organ, OrganKind

DEMO_PASSWORD = "gongkai-demo"  # noqa: S105 (the published demo password)
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
    # 宣传部门: coordinates 政务舆情回应 with the office (国办发〔2016〕61号; concerns module).
    OrganSpec("propaganda", "中共示范区委宣传部", "区委宣传部", OrganKind.DEPARTMENT, "gov",
              "76440009", "示范区人民路1号", "0411-86000009"),
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
    UserSpec("edu_openness_head", "钱芳", Role.OPENNESS_OFFICE_HEAD, "edu"),
    UserSpec("fin_clerk", "陈晓", Role.CLERK, "fin"),
    UserSpec("fin_head", "刘志强", Role.HEAD, "fin"),
    UserSpec("fin_openness", "孙丽", Role.OPENNESS_OFFICER, "fin"),
    UserSpec("fin_openness_head", "褚伟", Role.OPENNESS_OFFICE_HEAD, "fin"),
    UserSpec("civil_clerk", "周平", Role.CLERK, "civil"),
    UserSpec("civil_head", "吴海", Role.HEAD, "civil"),
    UserSpec("civil_openness", "郑红", Role.OPENNESS_OFFICER, "civil"),
    UserSpec("civil_openness_head", "卫东", Role.OPENNESS_OFFICE_HEAD, "civil"),
    UserSpec("market_clerk", "冯涛", Role.CLERK, "market"),
    UserSpec("market_head", "何军", Role.HEAD, "market"),
    UserSpec("market_openness", "高洁", Role.OPENNESS_OFFICER, "market"),
    UserSpec("market_openness_head", "蒋玲", Role.OPENNESS_OFFICE_HEAD, "market"),
    UserSpec("gov_openness", "林静", Role.OPENNESS_OFFICER, "gov"),
    UserSpec("gov_openness_head", "唐明", Role.OPENNESS_OFFICE_HEAD, "gov"),
    UserSpec("gov_office", "马骏", Role.GOVERNMENT_OFFICE, "office"),
    UserSpec("secrecy", "罗刚", Role.CONFIDENTIALITY, "gov"),
    UserSpec("legal", "梁雪", Role.LEGAL, "gov"),
    UserSpec("propaganda", "宋杨", Role.PROPAGANDA, "office"),
    UserSpec("admin", "管理员", Role.ADMINISTRATOR, "gov"),
)


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


def seed_organs(context: DemoContext) -> int:
    """The 区政府, its office, four departments and two 街道, each with its 政务公开 office."""
    organs = context.organs
    created_count = 0
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
        created_count += created
        organs[spec.slug] = organ
    return created_count


def seed_users(context: DemoContext) -> int:
    """A user for every role (password :data:`DEMO_PASSWORD`), each a member of one organ."""
    organs, users = context.organs, context.users
    table = context.results.setdefault("users", [])
    created_count = 0
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
        created_count += created
        users[spec.username] = user
        table.append((spec.username, str(Role(spec.role).label), organs[spec.organ].name))
    return created_count


register(Seeder("organizations", "organs", transaction.atomic(seed_organs)))
register(Seeder("accounts", "users", transaction.atomic(seed_users), after=("organizations",)))
