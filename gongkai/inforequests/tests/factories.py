"""Factories and helpers of the inforequests tests.

`InfoRequestFactory` writes rows directly (for statistics and selectors); `application()`
gives valid service input and `received()` registers a request through the services, so
workflow tests start from a state the services produced.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from gongkai.inforequests import services
from gongkai.inforequests.codes import hash_query_code
from gongkai.inforequests.intake import applicant_key
from gongkai.inforequests.models import (
    ApplicantType,
    Delivery,
    IdType,
    InfoRequest,
    ProvisionForm,
)
from gongkai.inforequests.workflow import Channel, Status
from gongkai.organizations.tests.factories import OrganFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
VALID_ID = "11010519491231002X"


def at(d: date, hour: int = 10) -> datetime:
    """A local (Asia/Shanghai) datetime on ``d``."""
    return datetime.combine(d, time(hour), tzinfo=SHANGHAI)


class InfoRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InfoRequest

    case_number = factory.Sequence(lambda n: f"YSQ-2099-{n:06d}")
    query_code_hash = factory.LazyAttribute(
        lambda o: hash_query_code(o.case_number, "TESTCODE2345")
    )
    organ = factory.SubFactory(OrganFactory)
    status = Status.RECEIVED
    applicant_type = ApplicantType.NATURAL
    organisation_type = ""
    applicant_name = "王小明"
    id_type = IdType.RESIDENT_ID
    id_number = VALID_ID
    phone = "13812345678"
    email = "wang@example.com"
    address = "辽宁省大连市示范区人民路100号"
    postcode = "116000"
    applicant_key = factory.LazyAttribute(
        lambda o: applicant_key(id_type=o.id_type, id_number=o.id_number, name=o.applicant_name)
    )
    info_title = factory.Sequence(lambda n: f"示范区第{n}号项目环境影响评价批复")
    provision_form = ProvisionForm.PAPER
    delivery = Delivery.POST
    channel = Channel.ONLINE
    submitted_at = factory.LazyAttribute(
        lambda o: at(o.received_date) if o.received_date else timezone.now()
    )
    received_date = None


def application(**overrides: Any) -> dict[str, Any]:
    """Valid `data` for services.inforequest_submit (a natural person, by post)."""
    data: dict[str, Any] = {
        "applicant_type": ApplicantType.NATURAL,
        "organisation_type": "",
        "applicant_name": "王小明",
        "id_type": IdType.RESIDENT_ID,
        "id_number": VALID_ID,
        "phone": "13812345678",
        "email": "wang@example.com",
        "address": "辽宁省大连市示范区人民路100号",
        "postcode": "116000",
        "info_title": "2024年示范街道房屋征收补偿方案",
        "info_doc_number": "",
        "info_description": "示范街道2024年房屋征收项目的补偿安置方案",
        "provision_form": ProvisionForm.PAPER,
        "delivery": Delivery.POST,
    }
    data.update(overrides)
    return data


def received(officer: Any, organ: Any, on: date, **overrides: Any) -> InfoRequest:
    """A request received in person on ``on`` (receipt date = submission date)."""
    result = services.inforequest_submit(
        organ=organ,
        channel=Channel.IN_PERSON,
        data=application(**overrides),
        actor=officer,
        submitted_at=at(on),
    )
    return result.info_request


def release_reviewed(officer: Any, info_request: InfoRequest, *items: str) -> Any:
    """A passed 保密审查 of the material to be provided (needed before 予以公开/部分公开)."""
    return services.inforequest_review_release(
        actor=officer,
        info_request=info_request,
        items=list(items) or [info_request.info_title or "申请公开的政府信息"],
    )
