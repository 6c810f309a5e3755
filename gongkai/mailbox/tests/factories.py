"""Messages built through the services (the only writers)."""

from __future__ import annotations

from typing import Any

from gongkai.mailbox import services
from gongkai.mailbox.models import PublicMessage
from gongkai.organizations.models import Organ

TEXT = "我家孩子明年上小学，户籍在本区但房产在外区，请问应到哪所学校报名？联系电话13812345678。"


def message_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "consultation",
        "subject": "适龄儿童入学报名咨询",
        "text": TEXT,
        "writer_name": "王小明",
        "phone": "13812345678",
        "email": "",
        "consent_publish": True,
    }
    data.update(overrides)
    return data


def submit(organ: Organ, **overrides: Any) -> PublicMessage:
    return services.message_submit(organ=organ, data=message_data(**overrides)).message


def replied(organ: Organ, handler: Any, **overrides: Any) -> PublicMessage:
    message = submit(organ, **overrides)
    services.message_accept(actor=handler, message=message)
    services.message_reply(
        actor=handler, message=message, reply="王小明您好：请于5月到户籍所在学区学校报名。"
    )
    return message
