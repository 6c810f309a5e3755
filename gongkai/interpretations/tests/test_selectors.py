"""Selectors: copy check (避免简单摘抄), public visibility and monitoring."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.calendars.selectors import current_calendar
from gongkai.documents.models import Attribute
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status as DocumentStatus
from gongkai.interpretations import selectors
from gongkai.interpretations.tests.factories import InterpretationFactory
from gongkai.interpretations.workflow import Status
from gongkai.lib.tests.overlap_samples import COPIED_INTERPRETATION, DOCUMENT, REAL_INTERPRETATION

pytestmark = pytest.mark.django_db

FRIDAY = date(2026, 11, 20)
TUESDAY = date(2026, 11, 24)


def published_document(organ, published_date=FRIDAY, **kwargs):
    published_document.serial += 1
    return DocumentFactory(
        organ=organ,
        status=DocumentStatus.PUBLISHED,
        attribute=Attribute.PROACTIVE,
        index_number=f"TEST/{published_document.serial}",
        published_date=published_date,
        **kwargs,
    )


published_document.serial = 0


def published_interpretation(head, documents, published_date=FRIDAY, **kwargs):
    kwargs.setdefault("status", Status.PUBLISHED)
    return InterpretationFactory(
        organ=documents[0].organ,
        signed_off_by=head,
        published_date=published_date,
        documents=documents,
        **kwargs,
    )


# --- copy check -----------------------------------------------------------------------------


def test_copy_warning_fires_on_copied_text(policy_document, make_interpretation):
    interpretation = make_interpretation(policy_document, body=COPIED_INTERPRETATION)
    check = selectors.copy_check(interpretation)
    assert check.warns
    assert check.percent >= 85
    assert f"约{check.percent}%" in check.message
    assert check.message in selectors.review_warnings(interpretation)


def test_copy_warning_quiet_on_a_real_interpretation(policy_document, make_interpretation):
    interpretation = make_interpretation(policy_document, body=REAL_INTERPRETATION)
    check = selectors.copy_check(interpretation)
    assert not check.warns
    assert check.percent < 10
    assert selectors.review_warnings(interpretation) == []


def test_copy_threshold_is_configurable(settings, policy_document, make_interpretation):
    interpretation = make_interpretation(policy_document, body=REAL_INTERPRETATION)
    settings.GONGKAI_INTERPRETATION_COPY_WARN = 0.01
    assert selectors.copy_check(interpretation).warns
    settings.GONGKAI_INTERPRETATION_COPY_WARN = 0.99
    interpretation.body = COPIED_INTERPRETATION
    assert not selectors.copy_check(interpretation).warns


def test_attachment_text_counts_as_document_text(district, policy_document, make_interpretation):
    policy_document.body = "全文见附件。"
    policy_document.save()
    policy_document.attachments.create(
        title="办法全文",
        original_name="办法.pdf",
        kind="pdf",
        size=1,
        sha256="0" * 64,
        file="x.pdf",
        text=DOCUMENT,
    )
    interpretation = make_interpretation(policy_document, body=COPIED_INTERPRETATION)
    assert selectors.copy_check(interpretation).warns


def test_missing_core_elements_are_a_warning(policy_document, make_interpretation):
    interpretation = make_interpretation(policy_document, elements=["background", "benefits"])
    warnings = selectors.review_warnings(interpretation)
    assert warnings == ["解读未勾选以下基本内容要素：目标任务、主要内容、涉及范围、执行标准。"]


# --- public -------------------------------------------------------------------------------


def test_only_published_interpretations_are_public(
    district, head, policy_document, make_interpretation
):
    draft = make_interpretation(policy_document)
    doc = published_document(district.education)
    public = published_interpretation(head, [doc])
    assert list(selectors.interpretations_public()) == [public]
    assert selectors.public_interpretation(str(draft.uid)) is None
    assert selectors.public_interpretation(str(public.uid)) == public
    assert list(selectors.published_interpretations_for(doc)) == [public]
    assert list(selectors.published_interpretations_for(policy_document)) == []


def test_public_page_links_only_public_documents(district, head, policy_document):
    doc = published_document(district.education)
    interpretation = published_interpretation(head, [doc, policy_document])
    assert list(selectors.public_documents_of(interpretation)) == [doc]


# --- monitoring -----------------------------------------------------------------------------


def test_published_policy_documents_lacking_interpretation(
    district, head, reviewer, other_reviewer, gov_office
):
    lacking = published_document(district.education, is_policy=True)
    covered = published_document(district.education, is_normative=True)
    published_interpretation(head, [covered])
    published_document(district.education)  # not a policy document
    withdrawn_cover = published_document(district.education, is_policy=True)
    published_interpretation(head, [withdrawn_cover], status=Status.WITHDRAWN)

    assert set(selectors.policy_documents_lacking_interpretation(reviewer)) == {
        lacking,
        withdrawn_cover,
    }
    assert set(selectors.policy_documents_lacking_interpretation(gov_office)) == {
        lacking,
        withdrawn_cover,
    }
    assert list(selectors.policy_documents_lacking_interpretation(other_reviewer)) == []


def test_adopted_dai_ni_gao_lacking_interpretation_is_monitored_by_its_drafting_department(
    district, reviewer, other_reviewer
):
    adopted = published_document(
        district.government, drafting_organ=district.education, for_government=True, is_policy=True
    )
    assert list(selectors.policy_documents_lacking_interpretation(reviewer)) == [adopted]
    assert list(selectors.policy_documents_lacking_interpretation(other_reviewer)) == []


def test_late_interpretations_counted_in_working_days(
    settings, district, head, reviewer, other_reviewer, gov_office
):
    on_time = published_document(district.education, is_policy=True)
    published_interpretation(head, [on_time], FRIDAY)
    late_doc = published_document(district.education, is_policy=True)
    late = published_interpretation(head, [late_doc], TUESDAY)  # Mon 23, Tue 24: 2 working days
    weekend_doc = published_document(district.education, is_policy=True)
    published_interpretation(head, [weekend_doc], date(2026, 11, 22))  # Sunday: 0 working days

    cal = current_calendar(FRIDAY)
    rows = selectors.late_interpretations(reviewer, cal)
    assert [(r.interpretation, r.document, r.delay_workdays) for r in rows] == [(late, late_doc, 2)]
    assert len(selectors.late_interpretations(gov_office, cal)) == 1
    assert selectors.late_interpretations(other_reviewer, cal) == []

    settings.GONGKAI_INTERPRETATION_MAX_DELAY_WORKDAYS = 2
    assert selectors.late_interpretations(reviewer, cal) == []


def test_delay_counts_from_the_first_published_document(district, head, reviewer):
    first = published_document(district.education, published_date=date(2026, 11, 16))
    second = published_document(district.education, published_date=TUESDAY)
    interpretation = published_interpretation(head, [second, first], TUESDAY)
    rows = selectors.late_interpretations(reviewer, current_calendar(FRIDAY))
    assert [(r.interpretation, r.document, r.delay_workdays) for r in rows] == [
        (interpretation, first, 6)
    ]
