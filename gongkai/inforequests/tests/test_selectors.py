"""Lists, inbox, overdue/due soon, repeats and frequently requested information."""

from datetime import date

import pytest

from gongkai.documents.tests.factories import DocumentFactory
from gongkai.inforequests import selectors, services
from gongkai.inforequests.models import Outcome
from gongkai.inforequests.selectors import ListFilters
from gongkai.inforequests.tests.factories import InfoRequestFactory, received, release_reviewed
from gongkai.inforequests.workflow import Status

pytestmark = pytest.mark.django_db
D = date


def test_overdue_and_due_soon_are_derived_from_the_reply_clock(district, reviewer):
    late = received(reviewer, district.education, D(2025, 9, 25))  # due 29 October
    soon = received(reviewer, district.education, D(2025, 11, 14))  # due 12 December
    later = received(reviewer, district.education, D(2025, 12, 1))  # due 29 December
    today = D(2025, 12, 10)
    assert list(selectors.overdue(selectors.inforequests_visible_to(reviewer), today)) == [late]
    assert list(selectors.due_soon(selectors.inforequests_visible_to(reviewer), today)) == [soon]
    listed = selectors.inforequest_list(reviewer, ListFilters(overdue=True), today)
    assert [ir.pk for ir in listed] == [late.pk]
    assert listed[0].reply_due == D(2025, 10, 29)
    release_reviewed(reviewer, late)
    services.inforequest_decide(actor=reviewer, info_request=late, outcome=Outcome.OPEN)
    services.inforequest_reply(actor=reviewer, info_request=late, delivery="post")
    assert not selectors.overdue(selectors.inforequests_visible_to(reviewer), today).exists()
    assert later.status == Status.RECEIVED


def test_list_filters(district, reviewer):
    a = received(reviewer, district.education, D(2025, 9, 25), applicant_name="张三")
    received(reviewer, district.education, D(2025, 9, 26), applicant_name="李四")
    qs = selectors.inforequest_list(reviewer, ListFilters(q="张三"), D(2025, 12, 1))
    assert list(qs) == [a]
    qs = selectors.inforequest_list(
        reviewer, ListFilters(status="received", year=2025), D(2025, 12, 1)
    )
    assert qs.count() == 2
    assert selectors.inforequest_list(reviewer, ListFilters(year=2024), D(2025, 12, 1)).count() == 0


def test_inbox_sections(district, reviewer, other_clerk):
    ir = received(reviewer, district.education, D(2025, 12, 1))
    sections = {s.key: s.info_requests for s in selectors.inbox_for(reviewer, D(2025, 12, 10))}
    assert sections["to_assign"] == [ir]
    services.inforequest_assign(actor=reviewer, info_request=ir, department=district.finance)
    assigned = {s.key: s.info_requests for s in selectors.inbox_for(other_clerk, D(2025, 12, 10))}
    assert [x.pk for x in assigned["assigned"]] == [ir.pk]


def test_repeat_request_of_answered_information_suggests_not_processing(district, reviewer):
    first = received(
        reviewer, district.education, D(2025, 9, 1), info_title="2024年示范街道房屋征收补偿方案"
    )
    release_reviewed(reviewer, first)
    services.inforequest_decide(
        actor=reviewer, info_request=first, outcome=Outcome.OPEN, decided_on=D(2025, 9, 9)
    )
    services.inforequest_reply(
        actor=reviewer, info_request=first, delivery="post", replied_on=D(2025, 9, 10)
    )
    again = received(
        reviewer,
        district.education,
        D(2025, 10, 9),
        info_title="请公开2024年示范街道房屋征收补偿方案",
    )
    check = selectors.repeat_check(again)
    assert check.is_repeat and check.earlier == [first]
    assert check.suggested_outcome == Outcome.NP_REPEAT
    other_person = received(
        reviewer, district.education, D(2025, 10, 9), id_type="passport", id_number="E12345678"
    )
    assert not selectors.repeat_check(other_person).is_repeat
    other_info = received(
        reviewer,
        district.education,
        D(2025, 10, 9),
        info_title="区教育局2025年部门预算",
        info_description="",
    )
    assert not selectors.repeat_check(other_info).is_repeat


def test_frequently_requested_information(district):
    organ = district.education
    document = DocumentFactory(
        organ=organ, status="issued", attribute="on_request", title="示范区学区划分方案"
    )
    for n, (doc, title) in enumerate(
        [
            (document, "学区划分"),
            (None, "示范区学区划分方案"),
            (None, "示范区学区划分方案全文"),
            (None, "区教育局2025年部门预算"),
        ]
    ):
        InfoRequestFactory(
            organ=organ,
            received_date=D(2025, 3, n + 1),
            document=doc,
            info_title=title,
            id_type="passport",
            id_number=f"E{n:08d}",
            outcome=Outcome.OPEN if n == 1 else "",
        )
    same_person_twice = InfoRequestFactory(
        organ=organ, received_date=D(2025, 4, 1), info_title="区教育局2025年部门预算"
    )
    InfoRequestFactory(
        organ=organ,
        received_date=D(2025, 4, 2),
        info_title="区教育局2025年部门预算",
        applicant_key=same_person_twice.applicant_key,
    )
    found = selectors.frequently_requested(organ=organ, year=2025)
    assert [(f.applicant_count, len(f.info_requests)) for f in found] == [(3, 3), (2, 3)]
    top = found[0]
    assert top.label == "示范区学区划分方案" and top.document_id == document.pk
    assert top.disclosed and top.suggest_proactive
    assert not found[1].suggest_proactive  # nothing disclosed yet
    assert selectors.frequently_requested(organ=organ, year=2025, min_applicants=3) == [top]
    assert selectors.frequently_requested(organ=organ, year=2024) == []


def test_carried_over_is_derived_from_dates(district):
    organ = district.education
    open_case = InfoRequestFactory(organ=organ, received_date=D(2025, 12, 20))
    closed_next_year = InfoRequestFactory(
        organ=organ, received_date=D(2025, 12, 22), closed_on=D(2026, 1, 8), outcome=Outcome.OPEN
    )
    InfoRequestFactory(
        organ=organ, received_date=D(2025, 12, 1), closed_on=D(2025, 12, 31), outcome=Outcome.OPEN
    )
    assert set(selectors.carried_over(organ, 2025)) == {open_case, closed_next_year}
