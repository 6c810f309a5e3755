"""What the applicant is told, by e-mail or SMS, through the kit's durable outbox.

The services call :func:`notify` inside their transaction (from ``_record``, for every audit
action of a case; the receipt from the submission itself, which alone knows the query code).
A message goes to the applicant's e-mail address when one was given, otherwise by SMS to the
phone number; with neither, nothing is sent (the letters go by post or in person). Each
message has a stable key (``inforequests:<pk>:<what>``), so it is sent once.

Told: the receipt with the query code (条例第三十一条), the 补正 notice (第三十条), an extension
(第三十三条第二款, within the original period), the decision and the reply (第三十六条). When the
applicant chose e-mail delivery (获取方式：电子邮件), the reply carries the sent reply letter
and the released files (条例第四十条).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from gongkai.calendars.models import Clock
from gongkai.core.kit.outbox import Attachment, enqueue
from gongkai.core.models import OutboxChannel
from gongkai.inforequests.clocks import ClockKind
from gongkai.inforequests.models import Delivery, InfoRequest, Letter, LetterKind

__all__ = ["notify", "notify_receipt", "notify_received", "plain_outcome", "released_attachments"]

# The groups of Table 3 as an applicant reads them (no row codes).
_GROUPS = {
    "一": "予以公开",
    "二": "部分公开",
    "三": "不予公开",
    "四": "无法提供",
    "五": "不予处理",
    "六": "终止办理",
}
_CODE = re.compile(r"^（([一二三四五六])）(?:\d+\.)?(.*)$")


def plain_outcome(label: str) -> str:
    """“（三）1.属于国家秘密” → “不予公开（属于国家秘密）”; “（一）予以公开” → “予以公开”."""
    match = _CODE.match(str(label))
    if not match:
        return str(label)
    group, rest = _GROUPS[match.group(1)], match.group(2).strip()
    return group if not rest or rest == group else f"{group}（{rest}）"


def _zh(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "—"


def _contact(ir: InfoRequest) -> tuple[str, str] | None:
    if ir.email:
        return OutboxChannel.EMAIL, ir.email
    if ir.phone:
        return OutboxChannel.SMS, ir.phone
    return None


def _track_url() -> str:
    try:
        return settings.SITE_URL + reverse("inforequests_public:track")
    except NoReverseMatch:  # a URLconf without the portal (the API alone)
        return settings.SITE_URL


def _send(
    ir: InfoRequest,
    what: str,
    title: str,
    lines: list[str],
    *,
    sensitive: bool = False,
    attachments: list[Attachment] | None = None,
) -> None:
    contact = _contact(ir)
    if contact is None:
        return
    channel, recipient = contact
    head = f"【{settings.SITE_NAME}】"
    if channel == OutboxChannel.SMS:
        # One short text; attachments never go by SMS.
        body = head + f"您的政府信息公开申请（{ir.case_number}）" + "".join(lines[:2])
        attachments = None
    else:
        body = "\n".join(
            [
                f"{ir.applicant_name}：",
                "",
                *lines,
                "",
                f"申请编号：{ir.case_number}",
                f"受理机关：{ir.organ.name}",
                f"办理进度查询：{_track_url()}（凭申请编号和查询码）",
                "",
                "（本邮件由政务公开平台自动发送，请勿直接回复。）",
            ]
        )
    enqueue(
        key=f"inforequests:{ir.pk}:{what}",
        channel=channel,
        recipient=recipient,
        subject=f"{head}{title}（{ir.case_number}）",
        body=body,
        sensitive=sensitive,
        attachments=attachments or (),
        about=ir,
    )


def _reply_due(ir: InfoRequest) -> date | None:
    clock = Clock.objects.open().for_subject(ir).filter(kind=ClockKind.REPLY).first()
    return clock.due_date if clock else None


def notify_receipt(ir: InfoRequest, query_code: str | None) -> None:
    """条例第三十一条: the application was received; the query code, shown once, goes along."""
    lines = ["已收到。"]
    if query_code:
        lines.append(f"查询码：{query_code}（请妥善保存，凭申请编号和查询码查询办理进度）。")
    if ir.received_date:
        lines.append(
            f"收到申请之日为{_zh(ir.received_date)}，答复期限至{_zh(_reply_due(ir))}"
            "（条例第三十三条）。"
        )
    else:
        lines.append("收到申请之日将由受理机关与您确认（条例第三十一条）。")
    _send(ir, "receipt", "政府信息公开申请已收到", lines, sensitive=bool(query_code))


def notify_received(ir: InfoRequest) -> None:
    """A fax, e-mail or letter application whose receipt date was confirmed later."""
    _send(
        ir,
        "received",
        "已确认收到申请之日",
        [
            f"已确认收到申请之日为{_zh(ir.received_date)}，"
            f"答复期限至{_zh(_reply_due(ir))}（条例第三十一条、第三十三条）。"
        ],
    )


def _letter_attachments(ir: InfoRequest, kind: str) -> list[Attachment]:
    letters = Letter.objects.filter(info_request=ir, kind=kind, sent_at__isnull=False)
    return [
        Attachment(f"{letter.title}.pdf", str(letter.pdf.name), "application/pdf")
        for letter in letters.order_by("sent_at", "pk")
        if letter.pdf
    ]


def released_attachments(ir: InfoRequest) -> list[Attachment]:
    """The files of the information provided (见附件), stripped of metadata at upload."""
    return [
        Attachment(f.filename, str(f.file.name), f.content_type)
        for f in ir.provided_files.order_by("sort_order", "pk")
    ]


def notify(ir: InfoRequest, action: str, data: dict[str, Any]) -> None:
    """The applicant's message for one audit action of the case, if there is one."""
    if action == "correction_notified":
        items = "；".join(ir.correction_items or [])
        _send(
            ir,
            "correction",
            "政府信息公开申请补正告知",
            [
                f"您的申请内容需要补正：{items}。",
                f"请在{ir.correction_period_days}个工作日内补正，可在办理进度查询页面提交"
                "（条例第三十条）。无正当理由逾期不补正的，视为放弃申请。",
            ],
        )
    elif action == "extended":
        _send(
            ir,
            "extension",
            "政府信息公开申请延期答复告知",
            [
                f"经政府信息公开工作机构负责人同意，答复期限延长{ir.extension_days}个工作日，"
                f"延长后的答复期限为{_zh(_reply_due(ir))}（条例第三十三条第二款）。",
                f"延期理由：{ir.extension_reason}",
            ],
        )
    elif action in ("decided", "transferred"):
        lines = [f"已作出决定：{plain_outcome(ir.get_outcome_display())}。"]
        if ir.transferred_to_name:
            lines.append(
                f"负责公开该信息的机关：{ir.transferred_to_name} {ir.transferred_to_contact}"
            )
        lines.append("书面答复将按您选择的方式送达。")
        _send(ir, "decision", "政府信息公开申请已作出决定", lines)
    elif action == "replied":
        attachments: list[Attachment] = []
        by_email = Delivery.EMAIL in (ir.delivery, ir.reply_delivery)
        lines = [f"已答复：{plain_outcome(ir.get_outcome_display())}。"]
        if by_email:
            attachments = _letter_attachments(ir, LetterKind.REPLY) + released_attachments(ir)
            if attachments:
                lines.append(
                    "答复书及提供的信息见附件：" + "、".join(a.name for a in attachments) + "。"
                )
        else:
            lines.append("书面答复书按您选择的获取方式送达，也可在办理进度查询页面查看。")
        _send(ir, "reply", "政府信息公开申请答复", lines, attachments=attachments)
    elif (
        action == "letter_sent"
        and data.get("kind") == LetterKind.REPLY
        and ir.replied_on is not None
        and Delivery.EMAIL in (ir.delivery, ir.reply_delivery)
    ):
        # The reply letter was sent after the reply was recorded: it follows by e-mail.
        letter = Letter.objects.get(pk=data["letter"])
        _send(
            ir,
            f"reply_letter:{letter.pk}",
            "政府信息公开申请答复书",
            [f"答复书见附件：{letter.title}.pdf。"],
            attachments=[
                Attachment(f"{letter.title}.pdf", str(letter.pdf.name), "application/pdf")
            ],
        )
