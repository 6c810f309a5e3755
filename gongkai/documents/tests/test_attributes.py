"""公开属性 rules of issue 11: 规范性文件 are always 主动公开 (条例第二十条第（一）项), each
attribute has its own reasons, and a 密级 goes with the ground 属于国家秘密 both ways."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from gongkai.core.exceptions import GateRefused, InvalidInput
from gongkai.documents import services
from gongkai.documents.models import (
    Attribute,
    Document,
    OnRequestReason,
    ReasonCode,
    SecrecyLevel,
)
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status

pytestmark = pytest.mark.django_db


def create(district, clerk, **data):
    return services.document_create(
        actor=clerk, organ=district.education, data={"title": "关于某事项的通知", **data}
    )


# --- item 5: 行政规范性文件 are always 主动公开 -------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {
            "attribute": Attribute.ON_REQUEST,
            "on_request_reason": OnRequestReason.SPECIFIC_SUBJECTS,
            "legal_explanation": "仅涉及特定对象。",
        },
        {
            "attribute": Attribute.NOT_DISCLOSED,
            "reason_codes": [ReasonCode.PROCESS_INFO],
            "legal_explanation": "过程稿。",
        },
    ],
)
def test_normative_document_cannot_be_saved_other_than_proactive(district, clerk, data):
    with pytest.raises(GateRefused) as exc:
        create(district, clerk, is_normative=True, **data)
    assert exc.value.gate == "G1"
    assert exc.value.field == "attribute"
    assert "条例第二十条第（一）项" in exc.value.message
    assert not Document.objects.exists()


def test_marking_a_withheld_draft_normative_is_refused(district, clerk):
    doc = create(
        district,
        clerk,
        attribute=Attribute.NOT_DISCLOSED,
        reason_codes=[ReasonCode.PROCESS_INFO],
        legal_explanation="过程稿。",
    )
    with pytest.raises(GateRefused):
        services.document_update(actor=clerk, document=doc, data={"is_normative": True})
    doc.refresh_from_db()
    assert doc.is_normative is False


def test_submit_and_sign_off_refuse_a_normative_document_not_proactive(district, clerk, head):
    # Rows changed behind the services' back are still refused at each gate.
    doc = DocumentFactory(
        organ=district.education,
        is_normative=True,
        attribute=Attribute.ON_REQUEST,
        on_request_reason=OnRequestReason.SPECIFIC_SUBJECTS,
        legal_explanation="仅涉及特定对象。",
    )
    with pytest.raises(GateRefused) as exc:
        services.document_submit(actor=clerk, document=doc)
    assert exc.value.gate == "G1"
    Document.objects.filter(pk=doc.pk).update(status=Status.SIGNOFF)
    with pytest.raises(GateRefused) as exc:
        services.document_sign_off(actor=head, document=doc)
    assert exc.value.gate == "G1"
    assert not doc.signoffs.exists()


def test_normative_proactive_document_is_accepted(district, clerk, legal_reviewer):
    doc = create(district, clerk, is_normative=True, attribute=Attribute.PROACTIVE)
    services.document_submit(actor=clerk, document=doc)
    # 国办发〔2018〕37号: 合法性审核 first, then the head.
    assert doc.status == Status.LEGALITY_REVIEW
    services.document_review_legality(actor=legal_reviewer, document=doc, approve=True)
    assert doc.status == Status.SIGNOFF


# --- item 6: separate reason lists -------------------------------------------------------------


def test_on_request_needs_its_own_reason_not_a_withholding_ground(district, clerk):
    with pytest.raises(GateRefused) as exc:
        create(
            district,
            clerk,
            attribute=Attribute.ON_REQUEST,
            reason_codes=[ReasonCode.INTERNAL_AFFAIRS],
            legal_explanation="内部事务。",
        )
    assert exc.value.gate == "G2" and exc.value.field == "reason_codes"
    assert "第十四条至第十六条" in exc.value.message


def test_on_request_without_its_reason_is_refused_at_submit(district, clerk):
    doc = create(district, clerk, attribute=Attribute.ON_REQUEST, legal_explanation="说明")
    with pytest.raises(GateRefused) as exc:
        services.document_submit(actor=clerk, document=doc)
    assert exc.value.gate == "G2" and exc.value.field == "on_request_reason"
    assert "第十九条至第二十一条" in exc.value.message


def test_on_request_with_its_reason_is_submitted(district, clerk):
    doc = create(
        district,
        clerk,
        attribute=Attribute.ON_REQUEST,
        on_request_reason=OnRequestReason.SPECIFIC_NEEDS,
        legal_explanation="仅与特定申请人的特殊需要相关。",
    )
    services.document_submit(actor=clerk, document=doc)
    assert doc.status == Status.SIGNOFF


def test_not_disclosed_cannot_use_the_on_request_reason(district, clerk):
    with pytest.raises(GateRefused) as exc:
        create(
            district,
            clerk,
            attribute=Attribute.NOT_DISCLOSED,
            on_request_reason=OnRequestReason.SPECIFIC_SUBJECTS,
            legal_explanation="说明",
        )
    assert exc.value.field == "on_request_reason"


def test_proactive_document_carries_no_reason(district, clerk):
    with pytest.raises(GateRefused) as exc:
        create(
            district, clerk, attribute=Attribute.PROACTIVE, reason_codes=[ReasonCode.PROCESS_INFO]
        )
    assert exc.value.gate == "G2"


def test_admin_query_is_no_longer_a_reason_to_withhold_a_document(district, clerk):
    # 行政查询事项 is a request outcome (条例第三十六条第（七）项), not a withholding ground.
    assert "ADMIN_QUERY" not in ReasonCode.values
    with pytest.raises(InvalidInput) as exc:
        create(
            district,
            clerk,
            attribute=Attribute.NOT_DISCLOSED,
            reason_codes=["ADMIN_QUERY"],
            legal_explanation="查询事项。",
        )
    assert exc.value.field == "reason_codes"


def test_unknown_on_request_reason_is_refused(district, clerk):
    with pytest.raises(InvalidInput) as exc:
        create(district, clerk, attribute=Attribute.ON_REQUEST, on_request_reason="BECAUSE")
    assert exc.value.field == "on_request_reason"


# --- item 6: 密级 ⇔ 属于国家秘密 ---------------------------------------------------------------


def test_state_secret_ground_requires_a_secrecy_level(district, clerk):
    with pytest.raises(GateRefused) as exc:
        create(
            district,
            clerk,
            attribute=Attribute.NOT_DISCLOSED,
            reason_codes=[ReasonCode.STATE_SECRET],
            legal_explanation="属于国家秘密。",
        )
    assert exc.value.gate == "G5" and exc.value.field == "secrecy_level"


def test_secrecy_level_requires_the_state_secret_ground(district, clerk):
    with pytest.raises(GateRefused) as exc:
        create(
            district,
            clerk,
            attribute=Attribute.NOT_DISCLOSED,
            reason_codes=[ReasonCode.PROCESS_INFO],
            legal_explanation="过程稿。",
            secrecy_level=SecrecyLevel.SECRET,
        )
    assert exc.value.gate == "G5" and exc.value.field == "reason_codes"


def test_classified_state_secret_document_is_saved(district, clerk):
    doc = create(
        district,
        clerk,
        attribute=Attribute.NOT_DISCLOSED,
        reason_codes=[ReasonCode.STATE_SECRET],
        legal_explanation="经定密属于国家秘密。",
        secrecy_level=SecrecyLevel.CONFIDENTIAL,
        secrecy_period="10年",
    )
    services.document_submit(actor=clerk, document=doc)
    assert doc.status == Status.SIGNOFF


@pytest.mark.parametrize(
    "values",
    [
        {"secrecy_level": SecrecyLevel.SECRET, "reason_codes": [ReasonCode.PROCESS_INFO]},
        {"secrecy_level": "", "reason_codes": [ReasonCode.STATE_SECRET]},
    ],
)
def test_database_holds_secrecy_level_iff_state_secret(district, values):
    doc = DocumentFactory(organ=district.education, attribute=Attribute.NOT_DISCLOSED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=doc.pk).update(**values)


def test_database_accepts_a_classified_state_secret_row(district):
    doc = DocumentFactory(organ=district.education, attribute=Attribute.NOT_DISCLOSED)
    Document.objects.filter(pk=doc.pk).update(
        secrecy_level=SecrecyLevel.TOP_SECRET,
        reason_codes=[ReasonCode.STATE_SECRET, ReasonCode.LAW_PROHIBITS],
    )
    doc.refresh_from_db()
    assert doc.secrecy_level == SecrecyLevel.TOP_SECRET
