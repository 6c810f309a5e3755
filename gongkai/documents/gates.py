"""Statutory gates of the document workflow (domain.md §10.2).

Each check raises GateRefused naming the gate and the rule it enforces. Services call
these; they read the document and related records but never write.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from gongkai.core.exceptions import GateRefused
from gongkai.documents.models import (
    Attribute,
    ConfidentialityReview,
    Document,
    ReasonCode,
    ReviewOutcome,
    SecrecyLevel,
)


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


def check_g2_reason(document: Document) -> None:
    # 80号细则 一(一)2: "拟不公开的，要依法依规说明理由".
    if not reason_required(document):
        return
    valid = {code.value for code in ReasonCode}
    codes = [c for c in document.reason_codes if c in valid]
    if not codes:
        raise GateRefused(
            "G2",
            _("拟不主动公开的公文须选择法定理由（条例第十四条、第十五条、第十六条）。"),
            field="reason_codes",
        )
    if not document.legal_explanation.strip():
        raise GateRefused(
            "G2",
            _("拟不主动公开的公文须依法依规说明理由，请填写依据说明。"),
            field="legal_explanation",
        )


def check_g5_secrecy(document: Document) -> None:
    # 保守国家秘密法: a classified document is 不予公开 for reason STATE_SECRET, never published.
    if document.secrecy_level == SecrecyLevel.NONE:
        return
    if document.attribute != Attribute.NOT_DISCLOSED or (
        ReasonCode.STATE_SECRET not in document.reason_codes
    ):
        raise GateRefused(
            "G5",
            _("标有密级的公文只能确定为“不予公开”，理由为“属于国家秘密”（保守国家秘密法）。"),
            field="secrecy_level",
        )


def needs_disclosure_review(document: Document) -> bool:
    # 80号细则 一(一)3: policy documents proposed as not proactive go to the openness office.
    return document.is_policy and document.attribute != Attribute.PROACTIVE


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


def check_publishable(document: Document) -> None:
    check_g5_secrecy(document)
    if document.secrecy_level != SecrecyLevel.NONE:
        raise GateRefused("G5", _("标有密级的公文不得公开发布（保守国家秘密法）。"))
    if document.attribute != Attribute.PROACTIVE:
        raise GateRefused(
            "G1",
            _("只有公开属性为“主动公开”的公文才能在平台发布；依申请公开和不予公开的公文不发布。"),
        )
    check_g6_confidentiality(document)
