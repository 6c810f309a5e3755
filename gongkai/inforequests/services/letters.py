"""Letters (告知书): draft from the case data, edit, send (number, render, archive), discard.

A draft is composed from the case as it stands (letters.compose); staff edit its text; sending
gives it the organ's next reference number (〔2026〕第N号), renders the edited text to DOCX
and PDF, stores both in private storage with the case and records ``inforequest.letter_sent``.
A sent letter is never changed (条例第四十五条: the reply is part of the case record).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gongkai.core.exceptions import InvalidInput, TransitionNotAllowed
from gongkai.core.kit.serials import next_serial
from gongkai.inforequests.letters import LetterContent, compose, format_reference
from gongkai.inforequests.letters.docx import render_docx
from gongkai.inforequests.letters.pdf import render_pdf
from gongkai.inforequests.models import (
    Consultation,
    ConsultationKind,
    Delivery,
    InfoRequest,
    Letter,
    LetterKind,
)
from gongkai.inforequests.selectors import CONSULTATION_LETTER, letter_kinds_available
from gongkai.inforequests.services._common import (
    _day,
    _lock,
    _record,
    _require_handler,
    _user,
)

__all__ = [
    "letter_content",
    "letter_discard",
    "letter_draft",
    "letter_send",
    "letter_update",
]


def letter_content(letter: Letter, *, preview_date: date | None = None) -> LetterContent:
    """What the letter shows: a sent letter as sent, a draft dated ``preview_date`` (unsent)."""
    return LetterContent(
        title=letter.title,
        reference=letter.reference,
        addressee=letter.addressee,
        body=letter.body,
        signatory=letter.signatory,
        letter_date=letter.letter_date or preview_date,
        draft=not letter.is_sent,
    )


def _check_kind(
    info_request: InfoRequest, kind: LetterKind, consultation: Consultation | None
) -> None:
    if kind not in letter_kinds_available(info_request):
        messages = {
            LetterKind.REPLY: _("尚未作出决定，不能制作答复告知书。"),
            LetterKind.CORRECTION: _("尚未告知补正，不能制作补正告知书。"),
            LetterKind.EXTENSION: _("答复期限未延长，不能制作延期答复告知书。"),
            LetterKind.THIRD_PARTY: _("本申请没有征求第三方意见，不能制作征询函。"),
            LetterKind.OTHER_ORGAN: _("本申请没有征求其他机关意见，不能制作征求意见函。"),
            LetterKind.FEE: _("尚未发出收费通知，不能制作收费通知书。"),
            LetterKind.DISCLOSURE: _(
                "没有第三方不同意公开而决定公开的情形，不能制作决定公开告知书。"
            ),
        }
        raise TransitionNotAllowed(messages[kind])
    if kind in (LetterKind.THIRD_PARTY, LetterKind.OTHER_ORGAN, LetterKind.DISCLOSURE):
        if consultation is None or consultation.info_request_id != info_request.pk:
            raise InvalidInput(_("请选择要发函的意见征询。"), field="consultation")
        if kind == LetterKind.DISCLOSURE:
            if consultation.kind != ConsultationKind.THIRD_PARTY or not consultation.objected:
                raise InvalidInput(
                    _("决定公开告知书只发给不同意公开的第三方。"), field="consultation"
                )
        elif CONSULTATION_LETTER[ConsultationKind(consultation.kind)] != kind:
            raise InvalidInput(_("所选意见征询与文书类型不符。"), field="consultation")


@transaction.atomic
def letter_draft(
    *,
    actor: Any,
    info_request: InfoRequest,
    kind: LetterKind | str,
    consultation: Consultation | None = None,
) -> Letter:
    """A new draft of ``kind`` composed from the case data (letters.compose)."""
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    if kind not in LetterKind.values:
        raise InvalidInput(_("文书类型无效。"), field="kind")
    kind = LetterKind(kind)
    if kind not in (LetterKind.THIRD_PARTY, LetterKind.OTHER_ORGAN, LetterKind.DISCLOSURE):
        consultation = None
    elif consultation is not None:
        # The letter states the consultation as recorded (answer, 决定公开告知书 content).
        consultation = Consultation.objects.filter(pk=consultation.pk).first()
    _check_kind(info_request, kind, consultation)
    draft = compose(info_request, kind, consultation)
    letter = Letter.objects.create(
        info_request=info_request,
        kind=kind,
        outcome=draft.outcome,
        consultation=consultation,
        title=draft.title,
        addressee=draft.addressee[:200],
        body=draft.body,
        signatory=draft.signatory[:200],
        created_by=_user(actor),
    )
    _record(
        info_request,
        "letter_drafted",
        actor=actor,
        from_state=info_request.status,
        data={"letter": letter.pk, "kind": kind.value, "outcome": draft.outcome},
    )
    return letter


def _lock_letter(letter: Letter) -> tuple[InfoRequest, Letter]:
    info_request = _lock(letter.info_request)
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.sent_at is not None:
        raise TransitionNotAllowed(_("该文书已经发出，不能修改。"))
    return info_request, letter


@transaction.atomic
def letter_update(*, actor: Any, letter: Letter, addressee: str, body: str) -> Letter:
    """Staff edit a draft; the edited text is what will be sent."""
    info_request, letter = _lock_letter(letter)
    _require_handler(actor, info_request)
    addressee = (addressee or "").strip()
    body = "\n".join(line.strip() for line in (body or "").splitlines() if line.strip())
    if not addressee:
        raise InvalidInput(_("请填写主送对象。"), field="addressee")
    if len(addressee) > 200:
        raise InvalidInput(_("主送对象过长（最多200个字符）。"), field="addressee")
    if not body:
        raise InvalidInput(_("正文不能为空。"), field="body")
    if len(body) > 20000:
        raise InvalidInput(_("正文过长（最多20000个字符）。"), field="body")
    changed = [
        name
        for name, value in (("addressee", addressee), ("body", body))
        if getattr(letter, name) != value
    ]
    letter.addressee = addressee
    letter.body = body
    letter.save(update_fields=["addressee", "body", "updated_at"])
    if changed:
        _record(
            info_request,
            "letter_edited",
            actor=actor,
            from_state=info_request.status,
            data={"letter": letter.pk, "kind": letter.kind, "fields": changed},
        )
    return letter


LETTER_SERIES = "inforequests.letter"  # 告知书编号: per organ, per year


def _next_serial(info_request: InfoRequest, year: int) -> int:
    return next_serial(LETTER_SERIES, year=year, key=info_request.organ_id)


@transaction.atomic
def letter_send(
    *, actor: Any, letter: Letter, sent_on: date | None = None, method: str = ""
) -> Letter:
    """Number, date, render (DOCX + PDF of the text as edited) and archive the letter."""
    info_request, letter = _lock_letter(letter)
    _require_handler(actor, info_request)
    if method and method not in Delivery.values:
        raise InvalidInput(_("送达方式无效。"), field="method")
    start = info_request.received_date or timezone.localdate(info_request.submitted_at)
    sent_on = _day(
        sent_on,
        field="sent_on",
        label=pgettext("in error message", "发出日期"),
        not_before=start,
        not_before_label=pgettext("in error message", "申请日期"),
    )
    serial = _next_serial(info_request, sent_on.year)
    letter.year, letter.serial = sent_on.year, serial
    letter.reference = format_reference(info_request.organ, sent_on.year, serial)[:80]
    letter.letter_date = sent_on
    # The letter as sent: numbered and dated, without the draft watermark.
    content = replace(letter_content(letter), draft=False)
    pdf = render_pdf(content)
    docx = render_docx(content)
    stem = f"{info_request.case_number}-{letter.kind}-{serial}"
    letter.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    letter.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
    letter.sent_at = timezone.now()
    letter.sent_by = _user(actor)
    letter.sent_method = method
    try:
        letter.save(
            update_fields=[
                "year",
                "serial",
                "reference",
                "letter_date",
                "pdf",
                "docx",
                "sent_at",
                "sent_by",
                "sent_method",
                "updated_at",
            ]
        )
        _record(
            info_request,
            "letter_sent",
            actor=actor,
            from_state=info_request.status,
            data={
                "letter": letter.pk,
                "kind": letter.kind,
                "outcome": letter.outcome,
                "reference": letter.reference,
                "sent_on": sent_on.isoformat(),
                "method": method,
                "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
                "docx_sha256": hashlib.sha256(docx).hexdigest(),
            },
        )
    except BaseException:
        # The row is not saved: do not leave its files behind.
        for stored in (letter.pdf, letter.docx):
            if stored.name:
                stored.storage.delete(stored.name)
        raise
    return letter


@transaction.atomic
def letter_discard(*, actor: Any, letter: Letter) -> None:
    """Delete an unsent draft (a sent letter stays with the case for ever)."""
    info_request, letter = _lock_letter(letter)
    _require_handler(actor, info_request)
    pk, kind = letter.pk, letter.kind
    letter.delete()
    _record(
        info_request,
        "letter_discarded",
        actor=actor,
        from_state=info_request.status,
        data={"letter": pk, "kind": kind},
    )
