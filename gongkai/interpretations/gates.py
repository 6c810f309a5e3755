"""Gate G8: no policy document goes public without its signed-off interpretation.

80号细则 二 (谁起草谁解读; 三同步: 同步组织、同步审签、同步部署) and the Dalian text: a
政策性文件 or 行政规范性文件 to be published proactively (主动公开) is accepted in the
government's name and published only together with an interpretation signed off by the head
of the interpreting department (domain.md §2.2, §10.2 G8). The document services call these
checks through the hooks registered in InterpretationsConfig.ready().
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongkai.core.exceptions import GateRefused
from gongkai.documents.models import Attribute, Document, ReturnCategory
from gongkai.interpretations.workflow import COUNTS_FOR_G8

MISSING_INTERPRETATION_REASON = "缺少经审签的政策解读材料（谁起草谁解读，《实施细则》二）"


def requires_interpretation(document: Document) -> bool:
    return (
        document.is_policy or document.is_normative
    ) and document.attribute == Attribute.PROACTIVE


def has_signed_off_interpretation(document: Document) -> bool:
    if document.pk is None:
        return False
    # 谁起草谁解读: only the interpretation of the lead organ (or of the drafting department of
    # an adopted 代拟稿) counts; a co-issuer's does not.
    return document.interpretations.filter(
        status__in=COUNTS_FOR_G8, organ_id=document.interpreting_organ_id
    ).exists()


def missing_interpretation_reason(document: Document) -> str | None:
    """The 退文 reason the government office can use (ReturnCategory.MISSING_INTERPRETATION),
    or None when the document needs no interpretation or has a signed-off one."""
    if requires_interpretation(document) and not has_signed_off_interpretation(document):
        return MISSING_INTERPRETATION_REASON
    return None


def suggested_return(document: Document) -> dict[str, str]:
    """Initial values of the government office's 退文 form for a submission lacking its
    interpretation ({} otherwise): category MISSING_INTERPRETATION and the reason text."""
    reason = missing_interpretation_reason(document)
    if reason is None:
        return {}
    return {"category": ReturnCategory.MISSING_INTERPRETATION.value, "reason": reason}


def check_g8_at_sign_off(document: Document) -> None:
    # 三同步 (80号细则 二; Dalian seed 二): the interpretation is signed off together with the
    # document (同步审签), so the department head signs the document only once its
    # interpretation has been signed off.
    if missing_interpretation_reason(document):
        raise GateRefused(
            "G8",
            _(
                "政策性文件、行政规范性文件须与政策解读同步审签（《实施细则》二）："
                "请先起草并审签解读材料，再审签文件。"
            ),
            field="interpretations",
        )


def check_g8_for_government(document: Document) -> None:
    if missing_interpretation_reason(document):
        raise GateRefused(
            "G8",
            _(
                "政策性文件、行政规范性文件须与经审签的政策解读同步报送（谁起草谁解读，《实施细则》二）；"
                "请退文并说明缺少政策解读材料。"
            ),
            field="interpretations",
        )


def check_g8_before_publish(document: Document) -> None:
    if missing_interpretation_reason(document):
        raise GateRefused(
            "G8",
            _(
                "政策性文件、行政规范性文件须与经审签的政策解读同步发布（《实施细则》二）；"
                "请先由起草单位负责人审签解读材料。"
            ),
            field="interpretations",
        )
