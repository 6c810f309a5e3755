"""Statutory gates of the document workflow (domain.md §10.2).

Each check raises GateRefused naming the gate and the rule it enforces. Services call
these; they read the document and related records but never write.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.utils.translation import gettext as _

from gongkai.core.exceptions import GateRefused
from gongkai.documents.models import (
    MARKINGS,
    STATE_SECRET,
    Attribute,
    ConfidentialityReview,
    Document,
    OnRequestReason,
    ReasonCode,
    ReviewOutcome,
    SecrecyLevel,
)
from gongkai.documents.workflow import Status


def reason_required(document: Document) -> bool:
    if document.attribute == Attribute.NOT_DISCLOSED:
        return True
    return (
        document.attribute == Attribute.ON_REQUEST
        and settings.GONGKAI_REASON_REQUIRED_FOR_ON_REQUEST
    )


def check_g1_attribute(document: Document) -> None:
    # 80号细则 一(一)1: every document carries a disclosure attribute when it goes for sign-off.
    if not document.attribute:
        raise GateRefused(
            "G1",
            _(
                "公文未确定公开属性。按照《实施细则》一（一），公文起草时须明确主动公开、依申请公开或不予公开，"
                "随公文一并报批。"
            ),
            field="attribute",
        )
    check_normative_proactive(document)


def check_normative_proactive(document: Document) -> None:
    # 条例第二十条第（一）项: 行政法规、规章和规范性文件 are disclosed proactively, always.
    if document.is_normative and document.attribute not in ("", Attribute.PROACTIVE):
        raise GateRefused(
            "G1",
            _(
                "行政规范性文件应当主动公开（条例第二十条第（一）项），公开属性只能确定为“主动公开”。"
            ),
            field="attribute",
        )


def check_reason_lists(document: Document) -> None:
    """Each attribute has its own list of reasons (80号细则 一(一)2; 条例第十三条).

    依申请公开 is not a refusal: its reason says why the information falls outside the proactive
    scope (条例第十九条至第二十一条), never a withholding ground of 第十四条至第十六条; a
    主动公开 document needs no reason at all.
    """
    attribute = document.attribute
    if attribute == Attribute.ON_REQUEST and document.reason_codes:
        raise GateRefused(
            "G2",
            _(
                "依申请公开的信息是可以公开的信息，不能以条例第十四条至第十六条的不予公开理由作为理由；"
                "请改选依申请公开理由，或将公开属性确定为“不予公开”。"
            ),
            field="reason_codes",
        )
    if attribute == Attribute.NOT_DISCLOSED and document.on_request_reason:
        raise GateRefused(
            "G2",
            _("不予公开的公文须以条例第十四条至第十六条的不予公开理由说明，依申请公开理由不适用。"),
            field="on_request_reason",
        )
    if attribute == Attribute.PROACTIVE and (document.reason_codes or document.on_request_reason):
        raise GateRefused(
            "G2",
            _("主动公开的公文无须说明不公开理由，请清除所选理由。"),
            field="reason_codes" if document.reason_codes else "on_request_reason",
        )


def check_consistent(document: Document) -> None:
    """What a draft may never hold, even unfinished: checked on every save."""
    check_secrecy_pairing(document)
    check_normative_proactive(document)
    check_reason_lists(document)


def check_g2_reason(document: Document) -> None:
    # 80号细则 一(一)2: "拟不公开的，要依法依规说明理由".
    check_reason_lists(document)
    if not reason_required(document):
        return
    if document.attribute == Attribute.ON_REQUEST:
        if document.on_request_reason not in OnRequestReason.values:
            raise GateRefused(
                "G2",
                _(
                    "拟依申请公开的公文须说明理由：该信息不属于条例第十九条至第二十一条规定的"
                    "主动公开范围，仅涉及特定对象。请选择依申请公开理由。"
                ),
                field="on_request_reason",
            )
    else:
        valid = {code.value for code in ReasonCode}
        if not [c for c in document.reason_codes if c in valid]:
            raise GateRefused(
                "G2",
                _("拟不予公开的公文须选择法定理由（条例第十四条、第十五条、第十六条）。"),
                field="reason_codes",
            )
    if not document.legal_explanation.strip():
        raise GateRefused(
            "G2",
            _("拟不主动公开的公文须依法依规说明理由，请填写依据说明。"),
            field="legal_explanation",
        )


def check_secrecy_pairing(document: Document) -> None:
    """A 密级 requires the ground 属于国家秘密 and that ground requires a 密级: a document is
    withheld as a state secret only once it is classified (定密) at one of the three levels of
    保守国家秘密法第十四条. The database holds the same rule (secrecy_level_iff_state_secret)."""
    classified = document.secrecy_level != SecrecyLevel.NONE
    state_secret = STATE_SECRET in document.reason_codes
    if classified and not state_secret:
        raise GateRefused(
            "G5",
            _("标有密级的公文须以“属于国家秘密”（条例第十四条）为不予公开理由。"),
            field="reason_codes",
        )
    if state_secret and not classified:
        raise GateRefused(
            "G5",
            _("以“属于国家秘密”为理由的，须标明密级（秘密、机密或绝密，保守国家秘密法第十四条）。"),
            field="secrecy_level",
        )
    if classified and document.attribute not in ("", Attribute.NOT_DISCLOSED):
        raise GateRefused(
            "G5",
            _("标有密级的公文只能确定为“不予公开”（保守国家秘密法）。"),
            field="attribute",
        )


def check_g5_secrecy(document: Document) -> None:
    # 保守国家秘密法: a classified document is 不予公开 for reason STATE_SECRET, never published.
    check_secrecy_pairing(document)
    if document.secrecy_level == SecrecyLevel.NONE:
        return
    if document.attribute != Attribute.NOT_DISCLOSED:
        raise GateRefused(
            "G5",
            _("标有密级的公文只能确定为“不予公开”，理由为“属于国家秘密”（保守国家秘密法）。"),
            field="secrecy_level",
        )


# The printed mark is Chinese whatever the user's language.
SECRECY_MARKS = {
    SecrecyLevel.SECRET: "秘密",
    SecrecyLevel.CONFIDENTIAL: "机密",
    SecrecyLevel.TOP_SECRET: "绝密",
}


def marks_at_issue(document: Document) -> tuple[str, str]:
    """The 附注 and the 密级 mark fixed at 成文, for every attribute (80号细则 一(一);
    GB/T 9704-2012: 附注 below the 成文日期, 密级★保密期限 at the top left of the 版头)."""
    marking = MARKINGS[Attribute(document.attribute)] if document.attribute else ""
    if document.secrecy_level == SecrecyLevel.NONE:
        return marking, ""
    level = SECRECY_MARKS[SecrecyLevel(document.secrecy_level)]
    period = document.secrecy_period.strip()
    return marking, f"{level}★{period}" if period else level


def needs_disclosure_review(document: Document) -> bool:
    # 80号细则 一(一)3: policy documents proposed as not proactive go to the openness office.
    return document.is_policy and document.attribute != Attribute.PROACTIVE


def needs_legality_review(document: Document) -> bool:
    # 国办发〔2018〕37号: every 行政规范性文件 passes 合法性审核 before it is signed.
    return bool(document.is_normative)


def check_g9_legality(document: Document) -> None:
    """G18: a 行政规范性文件 is signed only after a passed 合法性审核 of the version submitted
    (the latest review, made after the latest submission, passed)."""
    if not needs_legality_review(document):
        return
    latest = document.legality_reviews.order_by("-created_at", "-id").first()
    returned = document.returns.order_by("-created_at", "-id").first()
    if (
        latest is None
        or latest.outcome != ReviewOutcome.PASS
        or (returned is not None and returned.created_at > latest.created_at)
    ):
        raise GateRefused(
            "G18",
            _(
                "行政规范性文件须经合法性审核通过后方可审签（国办发〔2018〕37号：未经合法性审核或者审核不合格的，不得提交审签）。"
            ),
        )


def check_g3_review(document: Document) -> None:
    if not needs_disclosure_review(document):
        return
    latest = document.disclosure_reviews.order_by("-created_at", "-id").first()
    if (
        latest is None
        or latest.outcome != ReviewOutcome.PASS
        or latest.attribute != document.attribute
    ):
        raise GateRefused(
            "G3",
            _(
                "拟不主动公开的政策性文件，报批前须经本单位政务公开工作机构审查通过（《实施细则》一（一））。"
            ),
        )


def confidentiality_items(document: Document) -> list[str]:
    """The items a confidentiality review must cover one by one (逐项审查)."""
    items = ["body"]
    items += [f"attachment:{a.pk}:{a.sha256}" for a in document.attachments.all()]
    return items


def check_g6_confidentiality(document: Document) -> ConfidentialityReview:
    # 条例第十七条; 保密法实施条例第四十二条: 先审查、后公开, item by item.
    latest = document.confidentiality_reviews.order_by("-created_at", "-id").first()
    if latest is None or latest.outcome != ReviewOutcome.PASS:
        raise GateRefused(
            "G6",
            _(
                "公开发布前须经保密审查通过（条例第十七条，保密法实施条例第四十二条“先审查、后公开”）。"
            ),
        )
    missing = set(confidentiality_items(document)) - set(latest.items)
    if missing:
        raise GateRefused(
            "G6",
            _("保密审查须逐项进行：审查后新增或更换的附件尚未审查，请重新进行保密审查。"),
        )
    return latest


def signed_content_digest(document: Document) -> str:
    """The digest of what a head signs: title, 文号, body and every attachment (by digest)."""
    content = {
        "title": document.title,
        "doc_number": document.doc_number or "",
        "body": document.body or "",
        "attachments": [f"{a.original_name}:{a.sha256}" for a in document.attachments.all()],
    }
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


def changed_since_signed(document: Document) -> bool:
    """成文 content changed since the latest sign-off (an attachment added, replaced, removed)."""
    if document.status != Status.ISSUED:
        return False
    latest = document.signoffs.order_by("-created_at", "-id").first()
    if latest is None or not latest.content_sha256:
        return False
    return latest.content_sha256 != signed_content_digest(document)


def check_g10_signed(document: Document) -> None:
    """G19: what was signed stays signed — a 成文 document changed since its sign-off is
    published only after the head signs the change (重新审签)."""
    if changed_since_signed(document):
        raise GateRefused(
            "G19",
            _("成文后正文或附件有变动，须经负责人重新审签后方可发布。"),
        )


def check_publishable(document: Document) -> None:
    check_g10_signed(document)
    check_g5_secrecy(document)
    if document.secrecy_level != SecrecyLevel.NONE:
        raise GateRefused("G5", _("标有密级的公文不得公开发布（保守国家秘密法）。"))
    if document.attribute != Attribute.PROACTIVE:
        raise GateRefused(
            "G1",
            _("只有公开属性为“主动公开”的公文才能在平台发布；依申请公开和不予公开的公文不发布。"),
        )
    check_g6_confidentiality(document)
