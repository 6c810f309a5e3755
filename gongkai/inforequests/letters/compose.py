"""Drafting the text of a letter from the case data.

The wording follows the 条例 (国务院令第711号) article by article: every reply letter names
the article its decision rests on and, for 不予公开, quotes the article of the reason
(第十四条, 第十五条, 第十六条), and for 部分公开 the ground of the withheld part. The
remedies depend on the outcome (a refusal goes to reconsideration first) and name the bodies
recorded on the organ (organizations.selectors.remedy_bodies). Every wording is a template
that a deployment may override (GONGKAI_INFOREQUEST_LETTER_TEMPLATE_DIRS). Staff edit the
draft before sending; what they send is what the DOCX and PDF show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template import Context, Engine
from django.urls import reverse
from django.utils import timezone

from gongkai.calendars.selectors import year_has_official_schedule
from gongkai.documents.selectors import documents_public
from gongkai.inforequests.conf import setting
from gongkai.inforequests.models import (
    DENIALS,
    ApplicantType,
    Consultation,
    ConsultationKind,
    FeeMode,
    InfoRequest,
    LetterKind,
    NoticeKind,
    Outcome,
)
from gongkai.organizations.models import Organ
from gongkai.organizations.selectors import remedy_bodies

__all__ = [
    "DENIAL_BASIS",
    "REPLY_TEMPLATES",
    "Draft",
    "LetterContent",
    "compose",
    "format_reference",
    "remedies",
    "zh_date",
    "zh_deadline",
]

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=4)
def _engine(extra_dirs: tuple[str, ...]) -> Engine:
    return Engine(dirs=[*extra_dirs, str(TEMPLATES)], autoescape=False)


def text_engine() -> Engine:
    """The wording templates: a deployment's own folders (setting
    GONGKAI_INFOREQUEST_LETTER_TEMPLATE_DIRS) come before the built-in ones, so any file —
    e.g. ``remedies/refusal.txt`` — can be reworded without touching the code."""
    return _engine(tuple(str(d) for d in setting("GONGKAI_INFOREQUEST_LETTER_TEMPLATE_DIRS")))


REGULATIONS = "《中华人民共和国政府信息公开条例》"

# 不予公开 (条例第三十六条第三项): what the information is, the article, and its text.
DENIAL_BASIS: dict[str, tuple[str, str, str]] = {
    Outcome.STATE_SECRET: (
        "依法确定为国家秘密的政府信息",
        "第十四条",
        "依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息，以及公开后可能危及"
        "国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开。",
    ),
    Outcome.LAW_PROHIBITS: (
        "法律、行政法规禁止公开的政府信息",
        "第十四条",
        "依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息，以及公开后可能危及"
        "国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开。",
    ),
    Outcome.THREE_SAFETY_ONE_STABILITY: (
        "公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息",
        "第十四条",
        "依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息，以及公开后可能危及"
        "国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开。",
    ),
    Outcome.THIRD_PARTY_RIGHTS: (
        "涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息",
        "第十五条",
        "涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关不得公开。"
        "但是，第三方同意公开或者行政机关认为不公开会对公共利益造成重大影响的，予以公开。",
    ),
    Outcome.INTERNAL_AFFAIRS: (
        "行政机关的内部事务信息",
        "第十六条第一款",
        "行政机关的内部事务信息，包括人事管理、后勤管理、内部工作流程等方面的信息，可以不予公开。",
    ),
    Outcome.PROCESS_INFO: (
        "行政机关在履行行政管理职能过程中形成的过程性信息",
        "第十六条第二款",
        "行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息"
        "以及行政执法案卷信息，可以不予公开。法律、法规、规章规定上述信息应当公开的，从其规定。",
    ),
    Outcome.ENFORCEMENT_FILE: (
        "行政执法案卷信息",
        "第十六条第二款",
        "行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息"
        "以及行政执法案卷信息，可以不予公开。法律、法规、规章规定上述信息应当公开的，从其规定。",
    ),
}

# Reply letters: the outcomes that share one wording share one template.
REPLY_TEMPLATES: dict[str, str] = {
    Outcome.OPEN: "reply/open.txt",
    Outcome.PARTIAL: "reply/partial.txt",
    **dict.fromkeys(DENIAL_BASIS, "reply/deny.txt"),
    Outcome.ADMIN_QUERY: "reply/admin_query.txt",
    Outcome.NA_NOT_HELD: "reply/not_held.txt",
    Outcome.NA_NEED_CREATE: "reply/need_create.txt",
    Outcome.NA_UNCLEAR: "reply/unclear.txt",
    Outcome.NP_PETITION: "reply/petition.txt",
    Outcome.NP_REPEAT: "reply/repeat.txt",
    Outcome.NP_PUBLICATION: "reply/publication.txt",
    Outcome.NP_MASS: "reply/mass.txt",
    Outcome.NP_CONFIRM: "reply/confirm.txt",
    Outcome.OTHER_NO_CORRECTION: "reply/no_correction.txt",
    Outcome.OTHER_NO_FEE: "reply/no_fee.txt",
    Outcome.OTHER_OTHER: "reply/other.txt",
}

KIND_TEMPLATES: dict[str, str] = {
    LetterKind.REPLY: "reply.txt",
    LetterKind.CORRECTION: "correction.txt",
    LetterKind.EXTENSION: "extension.txt",
    LetterKind.THIRD_PARTY: "third_party.txt",
    LetterKind.OTHER_ORGAN: "other_organ.txt",
    LetterKind.FEE: "fee.txt",
    LetterKind.DISCLOSURE: "disclosure.txt",
}

_CN_NUMBERS = "一二三四五六七八九十"


def zh_date(value: date | None) -> str:
    """2026-03-05 → 2026年3月5日 (公文 dates, GB/T 9704-2012 7.3.5.3)."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def zh_deadline(value: date | None) -> str:
    """A computed deadline: 暂定 when its year has no published holiday schedule yet (国务院
    办公厅关于部分节假日安排的通知), since the date may still move (domain.md §9.2)."""
    if value is None:
        return ""
    if not year_has_official_schedule(value.year):
        return f"{zh_date(value)}（暂定）"
    return zh_date(value)


def _cn_ordinal(n: int) -> str:
    if n <= 10:
        return _CN_NUMBERS[n - 1]
    if n < 20:
        return "十" + _CN_NUMBERS[n - 11]
    tens, ones = divmod(n, 10)
    return _CN_NUMBERS[tens - 1] + "十" + (_CN_NUMBERS[ones - 1] if ones else "")


@dataclass(frozen=True)
class LetterContent:
    """What a rendered letter shows: the text as staff left it, plus the reference and date."""

    title: str
    reference: str  # "" for a draft: the number is given when the letter is sent
    addressee: str
    body: str  # one paragraph per line
    signatory: str
    letter_date: date | None
    seal: bool = True
    # An unsent letter: every rendering (HTML preview, DOCX, PDF) carries a 草稿 watermark,
    # so a preview is never mistaken for the letter sent (issue 15 §10).
    draft: bool = False

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]

    @property
    def salutation(self) -> str:
        name = self.addressee.strip().rstrip("：:")
        return f"{name}：" if name else ""

    @property
    def date_text(self) -> str:
        return zh_date(self.letter_date) if self.letter_date else "　　年　月　日"

    @property
    def reference_text(self) -> str:
        return self.reference or "〔　　〕第　　号（发出时编号）"


@dataclass(frozen=True)
class Draft:
    kind: str
    outcome: str
    title: str
    addressee: str
    body: str
    signatory: str


def format_reference(organ: Organ, year: int, serial: int) -> str:
    pattern = str(setting("GONGKAI_INFOREQUEST_LETTER_REFERENCE"))
    return pattern.format(
        year=year,
        serial=serial,
        organ_short=organ.short_name or organ.name,
        organ_slug=organ.slug,
    )


def _remedy_names(organ: Organ) -> dict[str, str]:
    """The bodies the remedies name: the organ's record, the hierarchy, then the settings."""
    bodies = remedy_bodies(organ)
    if bodies.reconsideration:
        reconsideration = bodies.reconsideration
    elif organ.vertically_managed:
        reconsideration = str(setting("GONGKAI_INFOREQUEST_VERTICAL_RECONSIDERATION_ORGAN"))
    else:
        reconsideration = str(setting("GONGKAI_INFOREQUEST_RECONSIDERATION_ORGAN"))
    if bodies.court:
        court = bodies.court
    elif bodies.intermediate_court:
        court = str(setting("GONGKAI_INFOREQUEST_INTERMEDIATE_COURT"))
    else:
        court = str(setting("GONGKAI_INFOREQUEST_COURT"))
    return {"reconsideration": reconsideration, "court": court, "complaint": bodies.complaint}


def remedies(
    organ: Organ,
    *,
    outcome: str = "",
    what: str = "本答复",
    document: str = "本告知书",
    you: str = "您",
) -> str:
    """The remedies statement of a letter, one paragraph per line.

    - a refusal to disclose (every （三） outcome) goes to reconsideration first (行政复议法
      2023 第二十三条第一款第（四）项), then to court within 15 days (行政诉讼法第四十五条);
    - 部分公开: the same for the withheld part, the choice below for the rest;
    - any other act: reconsideration within 60 days (行政复议法第二十条) or a lawsuit within
      6 months (行政诉讼法第四十六条), at the applicant's choice;
    - always: the complaint to the openness competent department (条例第五十一条).
    """
    if outcome in DENIALS:
        template = "remedies/refusal.txt"
    elif outcome == Outcome.PARTIAL:
        template = "remedies/partial.txt"
    else:
        template = "remedies/choice.txt"
    context = {
        **_remedy_names(organ),
        "what": what,
        "document": document,
        "you": you,
        "regs": REGULATIONS,
    }
    return "\n".join((_render(template, context), _render("remedies/complaint.txt", context)))


def _information(ir: InfoRequest) -> str:
    """The requested information as the letter names it: “名称”（文号）, else the description."""
    title = ir.info_title.strip()
    number = ir.info_doc_number.strip()
    if title and number:
        return f"“{title}”（{number}）"
    if title:
        return f"“{title}”"
    if number:
        return f"文号为{number}的政府信息"
    description = " ".join(ir.info_description.split())
    if len(description) > 80:
        description = description[:80] + "……"
    return f"“{description}”" if description else "相关政府信息"


def _published(ir: InfoRequest) -> dict[str, str] | None:
    """The linked document, if it is already proactively published (条例第三十六条第（一）项):
    where the applicant finds it (the portal page) and its 索引号."""
    if ir.document_id is None:
        return None
    document = documents_public().filter(pk=ir.document_id).first()
    if document is None or not document.index_number:
        return None
    return {
        "title": document.title,
        "doc_number": document.doc_number,
        "index_number": document.index_number,
        "date": zh_date(document.published_date),
        "site": str(settings.SITE_NAME) + "门户网站",
        "url": settings.SITE_URL + reverse("portal:document_detail", args=[document.uid]),
    }


def _notice_data(ir: InfoRequest, kind: NoticeKind) -> dict[str, Any]:
    notice = ir.notices.filter(kind=kind).order_by("-issued_on", "-pk").first()
    return dict(notice.data) if notice else {}


def _context(ir: InfoRequest, consultation: Consultation | None) -> dict[str, Any]:
    natural = ir.applicant_type == ApplicantType.NATURAL
    you = "您" if natural else "贵单位"
    extension = _notice_data(ir, NoticeKind.EXTENSION)
    fee = _notice_data(ir, NoticeKind.FEE)
    correction = _notice_data(ir, NoticeKind.CORRECTION)
    kinds = set(ir.consultations.values_list("kind", flat=True))
    consulted = "、".join(
        label
        for value, label in (
            (ConsultationKind.THIRD_PARTY, "第三方"),
            (ConsultationKind.OTHER_ORGAN, "有关行政机关"),
        )
        if value in kinds
    )
    organ = ir.organ
    contact = "；".join(
        part
        for part in (
            f"联系电话：{organ.office_phone}" if organ.office_phone else "",
            f"通信地址：{organ.office_address}" if organ.office_address else "",
        )
        if part
    )
    return {
        "ir": ir,
        "you": you,
        "regs": REGULATIONS,
        "case_number": ir.case_number,
        "organ": organ.name,
        "office": organ.office_name or f"{organ.name}政府信息公开工作机构",
        "office_contact": contact,
        "information": _information(ir),
        "received": zh_date(ir.received_date),
        "submitted": zh_date(timezone.localdate(ir.submitted_at)) if ir.submitted_at else "",
        "corrected": zh_date(ir.corrected_on),
        "correction_notified": zh_date(ir.correction_notified_on),
        "correction_items": [
            f"（{_cn_ordinal(i)}）{item}" for i, item in enumerate(ir.correction_items, 1)
        ],
        "correction_days": ir.correction_period_days,
        "correction_due": zh_deadline(_iso_date(correction.get("due"))),
        "extension_days": ir.extension_days,
        "extension_reason": ir.extension_reason.strip().rstrip("。"),
        "extension_due": zh_deadline(_iso_date(extension.get("reply_due"))),
        "consulted": consulted,
        "fee_mode": dict(FeeMode.choices).get(ir.fee_mode, ""),
        "fee_amount": ir.fee_amount,
        "fee_lines": [str(line) for line in fee.get("lines", [])],
        "fee_due": zh_deadline(_iso_date(fee.get("payment_due"))),
        "fee_notice": zh_date(ir.fee_notice_on),
        "fee_payment_method": setting("GONGKAI_INFOREQUEST_FEE_PAYMENT_METHOD"),
        "outcome": ir.outcome,
        "reasons": [line.strip() for line in ir.decision_reasons.splitlines() if line.strip()],
        "transferred_to": ir.transferred_to_name,
        "transferred_contact": ir.transferred_to_contact,
        "provision_form": ir.get_provision_form_display(),
        # The files of the information provided (ProvidedFile), named after “见附件”.
        "attachments": [f"{i}.{f.filename}" for i, f in enumerate(ir.provided_files.all(), 1)],
        "delivery": ir.get_delivery_display(),
        "denial": DENIAL_BASIS.get(ir.outcome),
        # 部分公开: the ground of each withheld part (第十四条至第十六条), in the order chosen.
        "withheld": [DENIAL_BASIS[g] for g in ir.withheld_grounds if g in DENIAL_BASIS],
        "consultation": consultation,
        "remedies": remedies(organ, outcome=ir.outcome, you=you),
        "fee_remedies": remedies(organ, what="本通知", document="本通知书", you=you),
    }


def _iso_date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _render(template: str, context: dict[str, Any]) -> str:
    text = text_engine().get_template(template).render(Context(context))
    # One paragraph per line: the templates may wrap for readability, blank lines are dropped.
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def compose(
    info_request: InfoRequest, kind: LetterKind | str, consultation: Consultation | None = None
) -> Draft:
    """The draft text of a letter of ``kind`` for the case as it stands now.

    The caller (services.letter_draft) checks that the case has what the letter states
    (a decision, a correction notice…).
    """
    kind = LetterKind(kind)
    ir = info_request
    context = _context(ir, consultation)
    if kind == LetterKind.REPLY:
        context["decision_template"] = REPLY_TEMPLATES[ir.outcome]
        if ir.outcome == Outcome.OPEN:
            context["published"] = _published(ir)
            if context["published"]:
                # Already proactively disclosed: say where (条例第三十六条第（一）项); Table 3
                # still counts it as （一）予以公开.
                context["decision_template"] = "reply/published.txt"
    if kind in (LetterKind.THIRD_PARTY, LetterKind.OTHER_ORGAN, LetterKind.DISCLOSURE):
        if consultation is None:
            raise ValueError(f"a {kind} letter needs the consultation it answers")
        addressee = consultation.party
    else:
        addressee = ir.applicant_name
    return Draft(
        kind=kind.value,
        outcome=ir.outcome if kind == LetterKind.REPLY else "",
        title=kind.label,
        addressee=addressee,
        body=_render(KIND_TEMPLATES[kind], context),
        signatory=ir.organ.name,
    )
