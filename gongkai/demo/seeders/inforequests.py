"""Demo 依申请公开 requests (inforequests module): awaiting receipt, in process, replied.

Each request is registered through ``inforequests.services`` (in person by the openness
office, or online by the applicant) and recognised on a second run by its organ and title.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.demo.registry import DemoContext, Seeder, register
from gongkai.inforequests import services
from gongkai.inforequests.models import (
    ApplicantType,
    Channel,
    Delivery,
    IdType,
    InfoRequest,
    Outcome,
    ProvisionForm,
)

# A fictional applicant; the 身份证号码 carries a valid check digit (GB 11643-1999).
APPLICANT: dict[str, Any] = {
    "applicant_type": ApplicantType.NATURAL,
    "organisation_type": "",
    "applicant_name": "张明",
    "id_type": IdType.RESIDENT_ID,
    "id_number": "11010519491231002X",
    "phone": "13800000000",
    "email": "zhangming@example.com",
    "address": "辽宁省大连市示范区和平街1号",
    "postcode": "116000",
    "info_doc_number": "",
    "provision_form": ProvisionForm.PAPER,
    "delivery": Delivery.POST,
}


def _at(context: DemoContext, days_ago: int) -> datetime:
    day = context.days_ago(days_ago)
    return datetime.combine(day, time(10), tzinfo=timezone.get_current_timezone())


def _data(title: str, description: str) -> dict[str, Any]:
    return {**APPLICANT, "info_title": title, "info_description": description}


def _online(context: DemoContext, organ: str, title: str, description: str) -> None:
    # An ordinary letter (平信) registered on arrival two days ago: 条例第三十一条 makes the
    # date confirmed with the applicant the receipt date, and the office has not confirmed it
    # yet. (Online applications are received at submission, so they never wait here.)
    services.inforequest_submit(
        organ=context.organs[organ],
        channel=Channel.ORDINARY_LETTER,
        data=_data(title, description),
        actor=context.users[f"{organ}_openness"],
        submitted_at=_at(context, 2),
    )


def _in_person(context: DemoContext, organ: str, title: str, description: str,
               days_ago: int) -> InfoRequest:  # fmt: skip
    return services.inforequest_submit(
        organ=context.organs[organ],
        channel=Channel.IN_PERSON,
        data=_data(title, description),
        actor=context.users[f"{organ}_openness"],
        submitted_at=_at(context, days_ago),
    ).info_request


REQUESTS: dict[str, tuple[str, str, str]] = {
    # key: (organ, 所需信息名称, 描述)
    "awaiting_receipt": ("civil", "示范区2025年城乡低保资金发放情况", "全区城乡低保资金的发放总额和人数"),
    "in_process": ("edu", "示范区东城学区划片依据", "东城学区招生片区划定的依据和调整程序"),
    "replied": ("fin", "示范区2025年老旧小区改造补助资金分配表", "各街道补助资金的分配明细"),
}  # fmt: skip


def _scenario(key: str) -> Callable[[DemoContext], None]:
    organ, title, description = REQUESTS[key]

    def run(context: DemoContext) -> None:
        if key == "awaiting_receipt":
            _online(context, organ, title, description)
            return
        days_ago = 3 if key == "in_process" else 30
        info_request = _in_person(context, organ, title, description, days_ago)
        if key == "replied":
            officer = context.users[f"{organ}_openness"]
            # 条例第十七条: the material provided passes 保密审查 item by item first.
            services.inforequest_review_release(
                actor=officer,
                info_request=info_request,
                items=[{"item": title, "passed": True}],
                reviewed_on=context.days_ago(13),
            )
            services.inforequest_decide(
                actor=officer,
                info_request=info_request,
                outcome=Outcome.OPEN,
                decided_on=context.days_ago(12),
            )
            services.inforequest_reply(
                actor=officer,
                info_request=info_request,
                delivery=Delivery.POST,
                replied_on=context.days_ago(10),
            )

    return run


def seed_inforequests(context: DemoContext) -> int:
    created = 0
    for key, (organ, title, _description) in REQUESTS.items():
        if InfoRequest.objects.filter(organ=context.organs[organ], info_title=title).exists():
            continue
        with transaction.atomic():
            _scenario(key)(context)
        created += 1
    return created


register(Seeder("inforequests", "demo requests", seed_inforequests, after=("accounts",)))
