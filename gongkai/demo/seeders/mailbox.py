"""Demo 互动交流 (mailbox module): messages in every state, through the mailbox services.

Each message carries the client token ``demo:message_<key>`` (scoped by the services to its
writer); a second run finds it and skips the scenario. Dates are the demo's: the messages
are written “today”, so the 待办 shows them by remaining working days.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.demo.registry import DemoContext, Seeder, register
from gongkai.mailbox import services

# (key, organ, kind, subject, text, writer, phone, consent, what happens)
MESSAGES: tuple[tuple[str, str, str, str, str, str, str, bool, str], ...] = (
    (
        "enrolment",
        "edu",
        "consultation",
        "户籍在本区、房产在外区的孩子如何报名入学",
        "我家孩子今年9月上小学，户籍在本区东城街道，房产在外区。请问应到哪所学校报名？"
        "需要准备哪些材料？我的电话13812345678。",
        "王小明",
        "13812345678",
        True,
        "published",
    ),
    (
        "bus",
        "market",
        "suggestion",
        "建议在人民路农贸市场增设公平秤",
        "人民路农贸市场部分摊位电子秤不准，建议市场入口增设公平秤，方便群众复秤。",
        "李华",
        "13900001111",
        True,
        "replied",
    ),
    (
        "noise",
        "civil",
        "complaint",
        "小区夜间施工噪音扰民",
        "西城街道幸福小区旁工地连续一周夜间施工到凌晨，严重影响休息。",
        "赵敏",
        "13700002222",
        False,
        "accepted",
    ),
    (
        "subsidy",
        "fin",
        "consultation",
        "申请公开2025年惠民补贴资金分配明细",
        "请提供本区2025年城乡居民惠民补贴资金的分配明细表。",
        "钱伟",
        "13600003333",
        False,
        "converted",
    ),
    (
        "petition",
        "gov",
        "complaint",
        "对房屋征收补偿决定不服",
        "本人对东城街道房屋征收补偿决定不服，多次反映未果，请求重新处理。",
        "孙丽",
        "13500004444",
        False,
        "referred",
    ),
    (
        "transfer",
        "edu",
        "suggestion",
        "建议延长社区图书室开放时间",
        "社区图书室晚上6点关门，上班族无法借阅，建议周末和晚间延长开放。",
        "周杰",
        "13400005555",
        True,
        "submitted",
    ),
)


def _reply(organ: str) -> str:
    return {
        "edu": "您好：根据本区义务教育招生政策，户籍与房产不一致的，按户籍所在学区报名，"
        "须提供户口簿和实际居住证明。具体以当年招生通知为准。感谢您的来信。",
        "market": "您好：您的建议已采纳，区市场监督管理局已在人民路农贸市场入口设置公平秤，"
        "并对市场内电子秤开展专项检定。感谢您的监督。",
    }.get(organ, "您好：来信收悉，已按规定办理。")


def _scenario(context: DemoContext, row: tuple[Any, ...]) -> int:
    key, organ, kind, subject, text, writer, phone, consent, outcome = row
    result = services.message_submit(
        organ=context.organs[organ],
        data={
            "kind": kind,
            "subject": subject,
            "text": text,
            "writer_name": writer,
            "phone": phone,
            "consent_publish": consent,
        },
        client_token=f"demo:message_{key}",
    )
    if not result.created:
        return 0
    if outcome == "submitted":
        return 1
    message = result.message
    handler = context.users[f"{organ}_openness"]
    if outcome == "converted":
        services.message_convert(actor=handler, message=message)
        return 1
    if outcome == "referred":
        services.message_refer(
            actor=handler, message=message, note="属信访事项，已转区信访局依法办理。"
        )
        return 1
    services.message_accept(actor=handler, message=message)
    if outcome == "accepted":
        return 1
    services.message_reply(actor=handler, message=message, reply=_reply(organ))
    if outcome == "published":
        services.message_publish(actor=handler, message=message)
    return 1


def seed_mailbox(context: DemoContext) -> int:
    created = 0
    for row in MESSAGES:
        if row[1] not in context.organs or f"{row[1]}_openness" not in context.users:
            context.warnings.append(f"mailbox: no organ or openness officer {row[1]!r}")
            continue
        with transaction.atomic():
            created += _scenario(context, row)
    return created


register(Seeder("mailbox", "demo messages (互动交流)", seed_mailbox, after=("accounts",)))
