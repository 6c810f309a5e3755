"""The annual self-inspection (G17): the worklist, decisions, conversion through the document
gates, and the results in the report."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.management import call_command

from gongkai.core.exceptions import GateRefused, InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.models import AuditEvent
from gongkai.documents import gates
from gongkai.documents import services as document_services
from gongkai.documents.models import Attribute, ReasonCode, ReviewOutcome, SecrecyLevel
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status as DocumentStatus
from gongkai.inforequests.models import ApplicantType, Outcome
from gongkai.reports import inspection, services
from gongkai.reports.content import report_content
from gongkai.reports.models import Decision, InspectionItem, ItemKind, SelfInspection
from gongkai.reports.tests.conftest import YEAR, closed_request


def withheld(organ: Any, **kw: Any) -> Any:
    defaults = {
        "status": DocumentStatus.ISSUED,
        "attribute": Attribute.NOT_DISCLOSED,
        "reason_codes": [ReasonCode.PROCESS_INFO],
        "legal_explanation": "属于内部研究过程中的过程性信息。",
        "written_date": date(YEAR, 4, 1),
        "marking": "（此件不予公开）",
    }
    defaults.update(kw)
    return DocumentFactory(organ=organ, **defaults)


@pytest.fixture
def worklist(district: Any, reviewer: Any) -> Any:
    edu = district.education
    doc = withheld(edu, title="示范区教育局关于学区划分调整的研究意见")
    secret = withheld(
        edu,
        title="示范区教育局考试保密工作方案",
        reason_codes=[ReasonCode.STATE_SECRET],
        secrecy_level=SecrecyLevel.SECRET,
    )
    for n, name in enumerate(["张三", "李四", "王五"]):
        closed_request(
            edu,
            date(YEAR, 5, 1 + n),
            date(YEAR, 5, 20),
            Outcome.OPEN,
            applicant_name=name,
            id_number=f"11010519491231{n:03d}X",
            applicant_key=f"key-{n}",
            info_title="2025年示范区义务教育招生学区划分图",
            applicant_type=ApplicantType.NATURAL,
        )
    generated, added = inspection.self_inspection_generate(actor=reviewer, organ=edu, year=YEAR)
    return generated, doc, secret, added


def test_the_worklist_lists_withheld_documents_and_frequent_requests(
    worklist: Any, reviewer: Any
) -> None:
    generated, doc, secret, added = worklist
    items = {i.key: i for i in generated.items.all()}
    assert added == 3
    item = items[f"doc:{doc.pk}"]
    assert item.kind == ItemKind.WITHHELD and item.reasons == [ReasonCode.PROCESS_INFO]
    assert item.written_date == date(YEAR, 4, 1)
    frequent = [i for i in items.values() if i.kind == ItemKind.FREQUENT]
    assert len(frequent) == 1 and frequent[0].applicant_count == 3
    assert len(frequent[0].requests) == 3
    # Generating again adds nothing and keeps decisions.
    inspection.inspection_item_decide(
        actor=reviewer, item=item, decision=Decision.KEEP, note="仍属过程性信息，决策尚未作出。"
    )
    again, added_again = inspection.self_inspection_generate(
        actor=reviewer, organ=doc.organ, year=YEAR
    )
    assert added_again == 0 and again.items.get(pk=item.pk).decision == Decision.KEEP


def test_converting_starts_the_publication_path_through_every_gate(
    worklist: Any, reviewer: Any, secrecy_reviewer: Any, head: Any
) -> None:
    generated, doc, secret, _added = worklist
    item = generated.items.get(document=doc)
    inspection.inspection_item_decide(
        actor=reviewer,
        item=item,
        decision=Decision.CONVERT,
        note="学区划分已确定，社会公众广泛关注。",
    )
    doc.refresh_from_db()
    assert doc.attribute == Attribute.PROACTIVE and doc.marking == "（此件公开发布）"
    assert doc.reason_codes == [] and doc.status == DocumentStatus.ISSUED
    # The conversion leaves a 公开属性审查 record: passed, by the openness office, of the new
    # attribute, with the basis and the reason.
    [review] = doc.disclosure_reviews.all()
    assert review.reviewer == reviewer and review.outcome == ReviewOutcome.PASS
    assert review.attribute == Attribute.PROACTIVE
    assert "条例第十八条" in review.opinion and "学区划分已确定" in review.opinion
    event = AuditEvent.objects.get(action="document.converted_to_proactive")
    assert event.data["disclosure_review"] == review.pk
    # Not published yet: 保密审查 (G6) comes first.
    with pytest.raises(GateRefused) as exc:
        document_services.document_publish(actor=reviewer, document=doc)
    assert exc.value.gate == "G6"
    document_services.document_review_confidentiality(
        actor=secrecy_reviewer, document=doc, approve=True, items=gates.confidentiality_items(doc)
    )
    document_services.document_publish(actor=reviewer, document=doc)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.PUBLISHED
    assert inspection.progress(generated, date(YEAR + 1, 1, 1))["published"] == 1
    with pytest.raises(TransitionNotAllowed):
        inspection.inspection_item_decide(
            actor=reviewer, item=item, decision=Decision.KEEP, note="x"
        )
    # A classified document cannot be converted before declassification (G5).
    with pytest.raises(GateRefused) as g5:
        inspection.inspection_item_decide(
            actor=reviewer,
            item=generated.items.get(document=secret),
            decision=Decision.CONVERT,
            note="x",
        )
    assert g5.value.gate == "G5"
    # The results are written into the report.
    report = services.annual_report_create(actor=reviewer, organ=doc.organ, year=YEAR)
    overview = report_content(report).section_text("overview")
    assert (
        "转为主动公开1项" in overview
        and "清理不予公开、依申请公开及多次被申请公开的信息3项" in overview
    )


def test_bad_decisions(worklist: Any, reviewer: Any, clerk: Any) -> None:
    generated, doc, _secret, _added = worklist
    item = generated.items.get(document=doc)
    with pytest.raises(NotPermitted):
        inspection.inspection_item_decide(
            actor=clerk, item=item, decision=Decision.CONVERT, note="x"
        )
    with pytest.raises(InvalidInput):
        inspection.inspection_item_decide(
            actor=reviewer, item=item, decision=Decision.KEEP, note=" "
        )
    with pytest.raises(InvalidInput):
        inspection.inspection_item_decide(actor=reviewer, item=item, decision="maybe", note="x")
    frequent = generated.items.get(kind=ItemKind.FREQUENT)
    with pytest.raises(InvalidInput) as exc:
        inspection.inspection_item_decide(actor=reviewer, item=frequent, decision=Decision.PUBLISH)
    assert exc.value.field == "note"


def test_the_yearly_command_builds_every_worklist(district: Any) -> None:
    withheld(district.finance, title="示范区财政局内部审计报告")
    call_command("self_inspection", "--year", str(YEAR), "--today", f"{YEAR}-12-20")
    assert SelfInspection.objects.filter(year=YEAR).count() >= 1
    assert InspectionItem.objects.filter(inspection__organ=district.finance).count() == 1


def test_the_worklist_page_preselects_no_decision_and_shows_why_one_is_refused(
    client: Any, worklist: Any, reviewer: Any
) -> None:
    generated, doc, _secret, _added = worklist
    item = generated.items.get(document=doc)
    client.force_login(reviewer)
    url = f"/staff/reports/inspections/{generated.pk}/"
    page = client.get(url).content.decode()
    # A converted document cannot be taken back here: nothing is chosen for the user.
    assert f'<select name="decision" id="decision-{item.pk}" required><option value="">' in page
    # The grounds by their statutory names, not their codes.
    assert "属于四类过程性信息" in page and "PROCESS_INFO" not in page

    blank = client.post(f"{url}decide/", {"item": item.pk, "decision": "", "note": ""})
    assert blank.status_code == 400
    keep = client.post(f"{url}decide/", {"item": item.pk, "decision": Decision.KEEP, "note": " "})
    assert keep.status_code == 400
    assert "继续不予公开或部分公开的，须写明复核后的理由和依据。" in keep.content.decode()
    item.refresh_from_db()
    assert item.decision == Decision.PENDING


def test_another_departments_openness_office_may_not_build_or_time_the_worklist(
    district: Any, other_reviewer: Any, gov_office: Any, reviewer: Any
) -> None:
    """财政局's openness office builds 财政局's worklist, not 教育局's (the API took the organ
    from the body and let any openness office build any organ's list); the 区政府办公室 may."""
    edu = district.education
    with pytest.raises(NotPermitted):
        inspection.self_inspection_generate(actor=other_reviewer, organ=edu, year=YEAR)
    assert not SelfInspection.objects.filter(organ=edu).exists()
    built, _added = inspection.self_inspection_generate(actor=gov_office, organ=edu, year=YEAR)
    with pytest.raises(NotPermitted):
        inspection.self_inspection_set_due(
            actor=other_reviewer, inspection=built, due_date=date(YEAR + 1, 1, 20)
        )
    inspection.self_inspection_set_due(
        actor=reviewer, inspection=built, due_date=date(YEAR + 1, 1, 20)
    )
    built.refresh_from_db()
    assert built.due_date == date(YEAR + 1, 1, 20)
