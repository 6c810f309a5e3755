from __future__ import annotations

import pytest

from gongkai.documents import permissions as perms
from gongkai.documents.selectors import documents_visible_to
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def edu_draft(district):
    return DocumentFactory(organ=district.education, status=Status.DRAFT)


def test_clerk_sees_own_draft(clerk, edu_draft):
    assert perms.can_view_document(clerk, edu_draft)


def test_other_clerk_never_sees_another_departments_draft(other_clerk, edu_draft):
    assert not perms.can_view_document(other_clerk, edu_draft)
    assert edu_draft not in documents_visible_to(other_clerk)


def test_other_clerk_cannot_edit(other_clerk, edu_draft):
    assert not perms.can_edit_document(other_clerk, edu_draft)


def test_citizen_sees_no_staff_documents(citizen, edu_draft):
    assert not documents_visible_to(citizen).exists()


def test_openness_officer_does_not_see_drafts_but_sees_reviews(reviewer, edu_draft, district):
    assert not perms.can_view_document(reviewer, edu_draft)
    in_review = DocumentFactory(organ=district.education, status=Status.DISCLOSURE_REVIEW)
    assert perms.can_view_document(reviewer, in_review)
    assert perms.can_review_disclosure(reviewer, in_review)


def test_other_organs_openness_officer_cannot_review(other_reviewer, district):
    doc = DocumentFactory(organ=district.education, status=Status.DISCLOSURE_REVIEW)
    assert not perms.can_review_disclosure(other_reviewer, doc)
    assert not perms.can_publish_document(other_reviewer, doc)


def test_clerk_cannot_sign_off_or_publish(clerk, district):
    doc = DocumentFactory(organ=district.education, status=Status.SIGNOFF)
    assert not perms.can_sign_off_document(clerk, doc)
    assert not perms.can_publish_document(clerk, doc)


def test_government_office_sees_only_submissions_in_governments_name(gov_office, district):
    own = DocumentFactory(organ=district.education, status=Status.SIGNOFF)
    daini = DocumentFactory(
        organ=district.education, status=Status.GOVERNMENT_OFFICE, for_government=True
    )
    visible = set(documents_visible_to(gov_office))
    assert daini in visible and own not in visible


def test_district_confidentiality_reviewer_covers_departments(secrecy_reviewer, district):
    doc = DocumentFactory(organ=district.finance, status=Status.ISSUED)
    assert perms.can_review_confidentiality(secrecy_reviewer, doc)
