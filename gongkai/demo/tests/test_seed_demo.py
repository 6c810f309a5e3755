"""seed_demo: the demo district, built through the services, idempotently."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.accounts.models import Membership, Role, User
from gongkai.core.models import AuditEvent, events_for
from gongkai.demo.services import DEMO_PASSWORD, USERS, build_demo_district
from gongkai.documents import lists as document_lists
from gongkai.documents.models import Document, DocumentReturn, Validity
from gongkai.documents.selectors import overdue_publications
from gongkai.documents.workflow import Status
from gongkai.lib.indexno import is_valid_uscc
from gongkai.organizations.models import Organ, OrganKind

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "organs": Organ.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "documents": Document.objects.count(),
        "events": AuditEvent.objects.count(),
    }


def test_seed_demo_twice_creates_everything_once():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = counts()
    call_command("seed_demo", stdout=StringIO())
    assert counts() == first
    assert first["organs"] >= 8 and first["users"] == len(USERS)
    # The user table: username / role / organ.
    text = out.getvalue()
    assert "username" in text and "edu_clerk" in text and "起草人员" in text
    assert "admin" in text and "系统管理员" in text


def test_seed_demo_produces_every_status_and_validity():
    build_demo_district(with_corpus=False)
    statuses = set(Document.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    validities = set(Document.objects.values_list("validity", flat=True))
    assert validities == set(Validity.values)
    today = timezone.localdate()
    assert overdue_publications(Document.objects.all(), today).exists()
    returned = Document.objects.get(status=Status.RETURNED)
    assert DocumentReturn.objects.get(document=returned).reason.startswith("面向市场主体")


def test_seed_demo_fills_the_annual_report_column():
    build_demo_district(with_corpus=False)

    assert document_lists.annual_reports().count() == 1
    # The 31 January deadline is 条例第四十九条's; 第五十条 sets the content.
    report = document_lists.annual_reports().get()
    assert "第四十九条、第五十条" in report.body


def test_seed_demo_fills_the_openness_rules_column():
    """Issue 15: the 制度 column of the demo is not empty, even without the corpus."""
    build_demo_district(with_corpus=False)
    titles = list(document_lists.openness_rules().values_list("title", flat=True))
    assert any("政府信息公开工作规定" in title for title in titles), titles


def test_demo_organs_name_their_remedy_bodies():
    from gongkai.inforequests.letters import remedies

    build_demo_district(with_corpus=False)
    government = Organ.objects.get(slug="gov")
    assert government.reconsideration_organ == "示范市人民政府"
    assert government.court == "示范市中级人民法院"
    for organ in Organ.objects.exclude(slug="gov"):
        assert organ.reconsideration_organ == "示范区人民政府" and organ.court, organ
    text = remedies(Organ.objects.get(slug="edu"))
    assert "向示范区人民政府申请行政复议" in text and "向示范区人民法院提起行政诉讼" in text


def test_demo_documents_have_a_real_audit_trail():
    build_demo_district(with_corpus=False)
    published = Document.objects.get(client_token="demo:published")
    actions = list(events_for(published).values_list("action", "actor__username"))
    assert ("document.created", "edu_clerk") in actions
    assert ("document.signed_off", "edu_head") in actions
    assert ("document.confidentiality_reviewed", "secrecy") in actions
    assert ("document.published", "edu_openness") in actions


def test_demo_district_has_valid_usccs_contacts_and_every_role():
    build_demo_district(with_corpus=False)
    organs = Organ.objects.all()
    assert {o.kind for o in organs} >= {
        OrganKind.DISTRICT_GOVERNMENT,
        OrganKind.GOVERNMENT_OFFICE,
        OrganKind.DEPARTMENT,
        OrganKind.SUBDISTRICT,
    }
    assert organs.filter(kind=OrganKind.SUBDISTRICT).count() == 2
    for organ in organs:
        assert is_valid_uscc(organ.uscc), organ
        assert organ.office_phone and organ.office_address and organ.office_email
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert User.objects.get(username="edu_clerk").check_password(DEMO_PASSWORD)


def test_missing_corpus_folder_is_skipped_with_a_message(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_CORPUS_DIR", str(tmp_path / "nowhere"))
    report = build_demo_district()
    assert report.corpus is None
    assert "not found" in report.corpus_message
    assert not Document.objects.filter(source__startswith="import:").exists()


def test_demo_interpretations_cover_draft_sign_off_and_publication():
    from gongkai.interpretations.models import Interpretation
    from gongkai.interpretations.workflow import Status as InterpretationStatus

    build_demo_district(with_corpus=False)
    statuses = dict(Interpretation.objects.values_list("client_token", "status"))
    assert statuses == {
        "demo:interpretation_published": InterpretationStatus.PUBLISHED,
        "demo:interpretation_signed_off": InterpretationStatus.SIGNED_OFF,
        "demo:interpretation_draft": InterpretationStatus.DRAFT,
    }
    published = Interpretation.objects.get(client_token="demo:interpretation_published")
    # 谁起草谁解读: the drafting department interprets its own published document.
    document = published.documents.get()
    assert document.client_token == "demo:published" and published.organ == document.organ
    actions = set(events_for(published).values_list("action", "actor__username"))
    assert ("interpretation.signed_off", "edu_head") in actions


def test_demo_requests_go_through_the_services_and_count_in_table3():
    from gongkai.inforequests.models import InfoRequest
    from gongkai.inforequests.stats import table3_report
    from gongkai.inforequests.workflow import Status as RequestStatus

    build_demo_district(with_corpus=False)
    assert set(InfoRequest.objects.values_list("status", flat=True)) == {
        RequestStatus.SUBMITTED,
        RequestStatus.RECEIVED,
        RequestStatus.REPLIED,
    }
    replied = InfoRequest.objects.get(status=RequestStatus.REPLIED)
    assert events_for(replied).filter(action="inforequest.replied").exists()
    year = replied.received_date.year
    report = table3_report(organ=replied.organ, year=year)
    assert [v for v in report.violations if v.severity == "error"] == []


def test_every_organ_that_handles_requests_has_an_openness_office_head():
    """条例第三十三条第二款: an extension needs the head of the organ's openness office."""
    from gongkai.accounts.permissions import organs_for_role
    from gongkai.inforequests.selectors import inforequests_visible_to

    build_demo_district(with_corpus=False)
    handling = {m.organ_id for m in Membership.objects.filter(role=Role.OPENNESS_OFFICER)}
    heads = {m.organ_id for m in Membership.objects.filter(role=Role.OPENNESS_OFFICE_HEAD)}
    assert handling and handling <= heads
    for membership in Membership.objects.filter(role=Role.OPENNESS_OFFICE_HEAD):
        user = membership.user
        assert membership.organ_id in organs_for_role(user, Role.OPENNESS_OFFICE_HEAD)
        cases = inforequests_visible_to(user).filter(organ=membership.organ)
        officer_cases = inforequests_visible_to(
            Membership.objects.filter(role=Role.OPENNESS_OFFICER, organ=membership.organ)
            .first()
            .user
        )
        assert set(cases) == set(officer_cases.filter(organ=membership.organ))
