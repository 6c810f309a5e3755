"""成文: the 附注 and 密级 mark for every attribute, and an adopted 代拟稿 becomes the
government's document (issue 11 items 15 and 16)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import UserFactory
from gongkai.core.exceptions import InvalidInput
from gongkai.core.models import events_for
from gongkai.documents import services
from gongkai.documents.models import (
    MARKINGS,
    Attribute,
    Document,
    OnRequestReason,
    ReasonCode,
    SecrecyLevel,
)
from gongkai.documents.permissions import can_view_document
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status
from gongkai.organizations.tests.factories import OrganFactory

pytestmark = pytest.mark.django_db


def issue(district, clerk, head, **data):
    doc = services.document_create(
        actor=clerk, organ=district.education, data={"title": "关于某事项的通知", **data}
    )
    services.document_submit(actor=clerk, document=doc)
    return services.document_sign_off(actor=head, document=doc)


@pytest.mark.parametrize(
    ("data", "marking", "secrecy_mark"),
    [
        ({"attribute": Attribute.PROACTIVE}, "（此件公开发布）", ""),
        (
            {
                "attribute": Attribute.ON_REQUEST,
                "on_request_reason": OnRequestReason.SPECIFIC_SUBJECTS,
                "legal_explanation": "仅涉及特定对象。",
            },
            "（此件依申请公开）",
            "",
        ),
        (
            {
                "attribute": Attribute.NOT_DISCLOSED,
                "reason_codes": [ReasonCode.INTERNAL_AFFAIRS],
                "legal_explanation": "内部事务。",
            },
            "（此件不予公开）",
            "",
        ),
        (
            {
                "attribute": Attribute.NOT_DISCLOSED,
                "reason_codes": [ReasonCode.STATE_SECRET],
                "legal_explanation": "经定密属于国家秘密。",
                "secrecy_level": SecrecyLevel.CONFIDENTIAL,
                "secrecy_period": "1年",
            },
            "（此件不予公开）",
            "机密★1年",
        ),
        (
            {
                "attribute": Attribute.NOT_DISCLOSED,
                "reason_codes": [ReasonCode.STATE_SECRET],
                "legal_explanation": "经定密属于国家秘密。",
                "secrecy_level": SecrecyLevel.SECRET,
            },
            "（此件不予公开）",
            "秘密",
        ),
    ],
)
def test_marking_and_secrecy_mark_are_fixed_at_sign_off(
    district, clerk, head, data, marking, secrecy_mark
):
    doc = issue(district, clerk, head, **data)
    doc.refresh_from_db()
    assert doc.status == Status.ISSUED
    assert doc.marking == marking
    assert doc.secrecy_mark == secrecy_mark


def test_publication_keeps_the_marking_of_sign_off(
    district, clerk, head, reviewer, secrecy_reviewer
):
    doc = issue(district, clerk, head, attribute=Attribute.PROACTIVE)
    assert doc.marking == MARKINGS[Attribute.PROACTIVE]
    services.document_review_confidentiality(
        actor=secrecy_reviewer, document=doc, approve=True, items=["body"]
    )
    services.document_publish(actor=reviewer, document=doc, today=date(2026, 11, 20))
    assert doc.marking == "（此件公开发布）"


def _adopted(district, clerk, head, gov_office):
    doc = services.document_create(
        actor=clerk,
        organ=district.education,
        data={
            "title": "示范区人民政府关于做好学前教育工作的通知",
            "attribute": Attribute.PROACTIVE,
            "for_government": True,
        },
    )
    services.document_submit(actor=clerk, document=doc)
    services.document_sign_off(actor=head, document=doc)
    assert doc.status == Status.GOVERNMENT_OFFICE
    assert doc.organ == district.education  # the department's until adopted
    return services.document_accept_for_government(actor=gov_office, document=doc)


def test_adopted_dai_ni_gao_is_issued_in_the_governments_name(district, clerk, head, gov_office):
    doc = _adopted(district, clerk, head, gov_office)
    doc.refresh_from_db()
    assert doc.status == Status.ISSUED
    assert doc.organ == district.government
    assert doc.drafting_organ == district.education
    assert doc.interpreting_organ_id == district.education.pk
    assert doc.marking == "（此件公开发布）"
    event = events_for(doc).get(action="document.accepted")
    assert event.data == {
        "organ": district.government.pk,
        "drafting_organ": district.education.pk,
    }
    # The drafting department keeps sight of its draft.
    assert can_view_document(clerk, doc)


def test_adopted_dai_ni_gao_takes_the_governments_index_number(
    district, clerk, head, gov_office, secrecy_reviewer
):
    doc = _adopted(district, clerk, head, gov_office)
    publisher = UserFactory(
        username="gov_openness", roles=[(district.government, Role.OPENNESS_OFFICER)]
    )
    services.document_review_confidentiality(
        actor=secrecy_reviewer, document=doc, approve=True, items=["body"]
    )
    services.document_publish(actor=publisher, document=doc, today=date(2026, 11, 20))
    assert doc.index_number.startswith(f"{district.government.index_prefix}/2026-")
    assert not doc.index_number.startswith(f"{district.education.index_prefix}/")


def test_dai_ni_gao_of_an_organ_without_a_government_is_not_adopted(district, gov_office):
    orphan = OrganFactory(slug="orphan", name="某独立机构", org_code="000000009")
    doc = DocumentFactory(organ=orphan, for_government=True, status=Status.GOVERNMENT_OFFICE)
    with pytest.raises(InvalidInput) as exc:
        services.document_accept_for_government(actor=gov_office, document=doc)
    assert exc.value.field == "organ" and "某独立机构" in exc.value.message
    doc.refresh_from_db()
    assert doc.status == Status.GOVERNMENT_OFFICE and doc.organ == orphan
    assert doc.drafting_organ is None


def test_database_keeps_drafting_organ_for_dai_ni_gao_only(district):
    doc = DocumentFactory(organ=district.government)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=doc.pk).update(drafting_organ=district.education)
