"""Staff pages at /staff/inforequests/: access, list, case page, actions, letters, statistics."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import UserFactory
from gongkai.core.models import events_for
from gongkai.inforequests import selectors, services
from gongkai.inforequests.forms import outcome_choices
from gongkai.inforequests.models import InfoRequest, Letter, LetterKind, Outcome
from gongkai.inforequests.tests.factories import (
    VALID_ID,
    application,
    at,
    received,
    release_reviewed,
)
from gongkai.inforequests.workflow import Channel, Status

pytestmark = pytest.mark.django_db
D = date
LIST = reverse("inforequests:list")


@pytest.fixture
def ir(district, reviewer):
    return received(reviewer, district.education, D(2025, 12, 10))


def url(name: str, ir: Any, *args: Any) -> str:
    return reverse(f"inforequests:{name}", args=[ir.pk, *args])


# --- access -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["list", "register", "frequent", "table3"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(f"inforequests:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_citizen_gets_403_everywhere(client, citizen, ir):
    client.force_login(citizen)
    for target in (LIST, url("detail", ir), reverse("inforequests:register")):
        response = client.get(target)
        assert response.status_code == 403
        assert "仅限机关工作人员" in response.content.decode()
    assert client.post(url("decide", ir), {"outcome": "open"}).status_code == 403
    ir.refresh_from_db()
    assert ir.status == Status.RECEIVED


def test_another_department_learns_nothing(client, other_clerk, other_reviewer, ir):
    for user in (other_clerk, other_reviewer):
        client.force_login(user)
        assert ir.case_number not in client.get(LIST).content.decode()
        assert client.get(url("detail", ir)).status_code == 404
        assert client.post(url("decide", ir), {"outcome": "open"}).status_code == 404
        assert client.post(url("archive", ir)).status_code == 404
    ir.refresh_from_db()
    assert ir.status == Status.RECEIVED and ir.outcome == ""


def test_staff_nav_links_to_the_module(client, reviewer):
    client.force_login(reviewer)
    html = client.get(reverse("staff:inbox")).content.decode()
    assert f'href="{LIST}"' in html and "依申请公开" in html


def test_main_inbox_shows_the_cases_waiting_with_links_to_the_filtered_list(
    client, district, reviewer
):
    received(reviewer, district.education, D(2025, 11, 3), info_title="已经超期的申请")
    received(reviewer, district.education, D(2025, 12, 12), info_title="刚收到的申请")
    client.force_login(reviewer)

    response = client.get(reverse("staff:inbox"))

    tasks = {t.title: t for t, _items in response.context["other_tasks"]}
    assert tasks["已超过答复期限"].count == 1 and tasks["已超过答复期限"].urgent
    assert tasks["待分办"].count == 2 and not tasks["待分办"].urgent
    assert response.context["other_tasks"][0][0].urgent  # urgent lines first
    # The cases themselves are listed inline with their deadlines (not behind a count).
    overdue_items = {t.title: items for t, items in response.context["other_tasks"]}[
        "已超过答复期限"
    ]
    ((item, due),) = overdue_items
    assert "已经超期的申请" in item.label and due.overdue
    assert "已经超期的申请" in response.content.decode()
    html = response.content.decode()
    assert f'href="{LIST}?overdue=on"' in html
    assert f'href="{LIST}?status=received"' in html
    # The linked list shows exactly what the line counts.
    assert len(client.get(LIST, {"overdue": "on"}).context["rows"]) == 1


def test_main_inbox_has_no_other_tasks_for_someone_without_cases(client, district, clerk):
    client.force_login(clerk)

    response = client.get(reverse("staff:inbox"))

    assert response.context["other_tasks"] == []
    assert 'id="inbox-other"' not in response.content.decode()


# --- list ---------------------------------------------------------------------------------


def test_list_shows_working_days_left_and_marks(client, district, reviewer):
    soon = received(reviewer, district.education, D(2025, 11, 17), info_title="即将到期的申请")
    late = received(reviewer, district.education, D(2025, 11, 3), info_title="已经超期的申请")
    fresh = received(reviewer, district.education, D(2025, 12, 12), info_title="刚收到的申请")
    client.force_login(reviewer)
    response = client.get(LIST)
    html = response.content.decode()
    assert all(x.case_number in html for x in (soon, late, fresh))
    assert "已超期" in html and "剩余" in html
    rows = {ir.pk: due for ir, _view, due in response.context["rows"]}
    assert rows[late.pk].overdue and rows[late.pk].overdue_by > 0
    assert rows[soon.pk].soon and not rows[soon.pk].overdue
    assert not rows[fresh.pk].soon and rows[fresh.pk].left > 3
    overdue = client.get(LIST, {"overdue": "on"}).context["rows"]
    assert [ir.pk for ir, *_ in overdue] == [late.pk]
    due_soon = client.get(LIST, {"due_soon": "on"}).context["rows"]
    assert [ir.pk for ir, *_ in due_soon] == [soon.pk]
    chips = {s.key: len(s.info_requests) for s, _link in response.context["sections"]}
    assert chips["overdue"] == 1 and chips["due_soon"] == 1


def test_list_filters_by_status_year_text_and_pages(client, district, reviewer, settings):
    settings.GONGKAI_PAGE_SIZE = 2
    cases = [
        received(reviewer, district.education, D(2025, 12, 1), info_title=f"第{i}号信息")
        for i in range(3)
    ]
    release_reviewed(reviewer, cases[0])
    services.inforequest_decide(actor=reviewer, info_request=cases[0], outcome=Outcome.OPEN)
    client.force_login(reviewer)
    decided = client.get(LIST, {"status": Status.DECIDED}).context["rows"]
    assert [ir.pk for ir, *_ in decided] == [cases[0].pk]
    assert client.get(LIST, {"q": "第2号"}).context["page"].paginator.count == 1
    assert client.get(LIST, {"year": "2024"}).context["page"].paginator.count == 0
    first = client.get(LIST)
    assert first.context["page"].paginator.num_pages == 2
    assert "page=2" in first.content.decode()
    assert len(client.get(LIST, {"page": 2}).context["rows"]) == 1


# --- case page ------------------------------------------------------------------------------


def test_case_page_shows_clear_data_to_the_office(client, reviewer, ir):
    client.force_login(reviewer)
    response = client.get(url("detail", ir))
    html = response.content.decode()
    assert VALID_ID in html and "13812345678" in html
    assert 'id="masked-note"' not in html
    assert "答复期限（条例第三十三条）" in html  # the clock with its explanation
    assert "计算过程" in html
    assert "确认收到申请" in html  # the audit history
    assert {"assign", "correction_notice", "decide", "consult", "withdraw"} <= response.context[
        "actions"
    ]
    assert "extend" not in response.context["actions"]  # only the office head


def test_co_handling_department_sees_masked_data_and_no_actions(client, district, reviewer, ir):
    services.inforequest_assign(
        actor=reviewer,
        info_request=ir,
        department=district.finance,
        co_departments=[district.office],
    )
    office_clerk = UserFactory(username="office_clerk", roles=[(district.office, Role.CLERK)])
    client.force_login(office_clerk)
    response = client.get(url("detail", ir))
    html = response.content.decode()
    assert response.status_code == 200
    assert VALID_ID not in html and "1101**********002X" in html
    assert 'id="masked-note"' in html
    assert response.context["actions"] == frozenset()
    assert client.post(url("decide", ir), {"outcome": "open"}).status_code == 403


def test_confirm_receipt_of_a_fax(client, district, reviewer):
    result = services.inforequest_submit(
        organ=district.education,
        channel=Channel.FAX,
        data=application(),
        actor=reviewer,
        submitted_at=at(D(2025, 12, 12)),
    )
    case = result.info_request
    client.force_login(reviewer)
    assert "confirm" in client.get(url("detail", case)).context["actions"]
    response = client.post(
        url("confirm", case), {"received_date": "2025-12-15", "note": "电话确认"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.RECEIVED and case.received_date == D(2025, 12, 15)


def test_service_refusals_come_back_on_the_page(client, reviewer, ir):
    client.force_login(reviewer)
    response = client.post(url("decide", ir), {"outcome": Outcome.PARTIAL, "reasons": ""})
    assert response.status_code == 400
    assert "请说明理由和依据" in response.content.decode()
    stale = client.post(url("reply", ir), {"delivery": "post"})
    assert stale.status_code == 409


def test_extension_is_for_the_office_head_only(client, reviewer, office_head, ir):
    client.force_login(reviewer)
    response = client.post(url("extend", ir), {"days": 20, "reason": "需要调档"})
    assert response.status_code == 403
    client.force_login(office_head)
    assert "extend" in client.get(url("detail", ir)).context["actions"]
    response = client.post(url("extend", ir), {"days": 20, "reason": "需要调档"})
    assert response.status_code == 302
    ir.refresh_from_db()
    assert ir.extension_days == 20 and ir.extension_approved_by == office_head


def test_correction_notice_then_received_by_post(client, reviewer, ir):
    client.force_login(reviewer)
    client.post(
        url("correction_notice", ir), {"items": "请写明文号\n请写明年份", "period_days": 10}
    )
    ir.refresh_from_db()
    assert ir.status == Status.CORRECTION and ir.correction_items == ["请写明文号", "请写明年份"]
    client.post(url("correction", ir), {"info_doc_number": "示教发〔2024〕3号"})
    ir.refresh_from_db()
    assert ir.status == Status.RECEIVED and ir.info_doc_number == "示教发〔2024〕3号"


def test_consultation_and_answer(client, reviewer, ir):
    client.force_login(reviewer)
    client.post(url("consult", ir), {"kind": "third_party", "party": "示范建设有限公司"})
    ir.refresh_from_db()
    assert ir.status == Status.PAUSED_THIRD_PARTY
    consultation = ir.consultations.get()
    page = client.get(url("detail", ir)).content.decode()
    assert f'id="form-consult-answer-{consultation.pk}"' in page
    client.post(url("consult_answer", ir), {"consultation": consultation.pk, "position": "object"})
    ir.refresh_from_db()
    assert ir.status == Status.IN_PROCESS


def test_fee_notice_and_payment(client, reviewer, ir):
    client.force_login(reviewer)
    # 条例第四十二条: without the finding the notice is refused on the page.
    response = client.post(url("fee_notice", ir), {"mode": "per_volume", "pages": 150})
    assert response.status_code == 400
    ir.refresh_from_db()
    assert ir.status == Status.RECEIVED
    client.post(
        url("fee_notice", ir),
        {"mode": "per_volume", "pages": 150, "excess_finding": "本月第三次申请调取全部档案。"},
    )
    ir.refresh_from_db()
    assert ir.status == Status.PAUSED_FEE and ir.fee_amount == 1700
    assert ir.fee_excess_finding == "本月第三次申请调取全部档案。"
    client.post(url("fee_paid", ir), {"receipt_number": "NO.123"})
    ir.refresh_from_db()
    assert ir.status == Status.IN_PROCESS and ir.fee_receipt_number == "NO.123"


def test_decide_letter_edit_send_reply_archive(client, reviewer, ir):
    client.force_login(reviewer)
    # 部分公开 without the ground of the withheld part is refused on the page.
    response = client.post(url("decide", ir), {"outcome": Outcome.PARTIAL, "reasons": "涉及隐私。"})
    assert response.status_code == 400
    assert "部分公开须选择不予公开部分的依据" in response.content.decode()
    grounds = [Outcome.THIRD_PARTY_RIGHTS]
    # With its ground, still refused until the material passed 保密审查 (条例第十七条).
    response = client.post(
        url("decide", ir),
        {"outcome": Outcome.PARTIAL, "reasons": "涉及隐私。", "withheld_grounds": grounds},
    )
    assert response.status_code == 422 and "保密审查" in response.content.decode()
    client.post(
        url("release_review", ir),
        {"items": "批复正文（第1-2页）", "failed_items": "附件3（涉及个人隐私）"},
    )
    assert ir.release_reviews.get().outcome == "fail"
    client.post(url("release_review", ir), {"items": "批复正文（第1-2页）"})
    assert ir.release_reviews.last().outcome == "pass"
    client.post(
        url("decide", ir),
        {"outcome": Outcome.PARTIAL, "reasons": "涉及个人隐私。", "withheld_grounds": grounds},
    )
    response = client.post(url("letter_create", ir), {"kind": LetterKind.REPLY})
    letter = Letter.objects.get()
    assert response["Location"] == url("letter", ir, letter.pk)
    page = client.get(url("letter", ir, letter.pk))
    assert "第三十七条" in page.content.decode() and "第十五条" in page.content.decode()
    detail = client.get(url("detail", ir)).content.decode()
    assert "不予公开部分的依据：（三）4.保护第三方合法权益" in detail
    preview = client.get(url("letter_file", ir, letter.pk, "pdf"))
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF")
    body = page.context["form"].initial["body"] + "\n附件：政府信息一份（3页）。"
    client.post(url("letter", ir, letter.pk), {"addressee": "王小明", "body": body})
    letter.refresh_from_db()
    assert letter.body.endswith("附件：政府信息一份（3页）。")
    client.post(url("letter_send", ir, letter.pk), {"method": "post"})
    letter.refresh_from_db()
    assert letter.is_sent and letter.reference == "教育局依申请公开〔2025〕第1号"
    edit = client.post(url("letter", ir, letter.pk), {"addressee": "x", "body": "y"})
    assert edit.status_code == 409
    archived = client.get(url("letter_file", ir, letter.pk, "docx"))
    assert archived.status_code == 200
    client.post(url("reply", ir), {"delivery": "post"})
    client.post(url("archive", ir))
    ir.refresh_from_db()
    assert ir.status == Status.ARCHIVED
    actions = {e.action for e in events_for(ir)}
    assert {"inforequest.letter_sent", "inforequest.replied", "inforequest.archived"} <= actions


def test_letters_of_another_case_are_not_reachable_through_this_one(client, district, reviewer, ir):
    other = received(reviewer, district.education, D(2025, 12, 10))
    release_reviewed(reviewer, other)
    services.inforequest_decide(actor=reviewer, info_request=other, outcome=Outcome.OPEN)
    letter = services.letter_draft(actor=reviewer, info_request=other, kind=LetterKind.REPLY)
    client.force_login(reviewer)
    assert client.get(url("letter", ir, letter.pk)).status_code == 404
    assert client.get(url("letter_file", ir, letter.pk, "pdf")).status_code == 404


def test_withdraw(client, reviewer, ir):
    client.force_login(reviewer)
    client.post(url("withdraw", ir), {"reason": "申请人电话撤回"})
    ir.refresh_from_db()
    assert ir.status == Status.TERMINATED and ir.outcome == Outcome.OTHER_OTHER


def test_transfer(client, reviewer, ir):
    client.force_login(reviewer)
    client.post(url("transfer", ir), {"organ_name": "示范区自然资源局"})
    ir.refresh_from_db()
    assert ir.outcome == Outcome.NA_NOT_HELD and ir.transferred_to_name == "示范区自然资源局"


# --- registration of offline applications -------------------------------------------------


def register_data(district: Any, **overrides: Any) -> dict[str, Any]:
    data = application()
    data.update(
        organ=district.education.pk,
        channel=Channel.IN_PERSON,
        submitted_at="2025-12-15T09:30",
        received_date="",
        client_token="reg-1",
    )
    data.update(overrides)
    return data


def test_in_person_application_is_received_on_the_day(client, district, reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("inforequests:register"), register_data(district))
    case = InfoRequest.objects.get()
    assert response["Location"] == url("receipt", case)
    assert case.status == Status.RECEIVED and case.received_date == D(2025, 12, 15)
    assert case.created_by == reviewer
    assert "查询码" in client.get(response["Location"]).content.decode()


def test_an_offline_application_gets_a_printable_receipt_with_the_code_once(
    client, district, reviewer
):
    """Issue 15 §10: a 受理回执 to hand or post to the applicant of an offline application."""
    client.force_login(reviewer)
    response = client.post(reverse("inforequests:register"), register_data(district))
    case = InfoRequest.objects.get()
    html = client.get(response["Location"]).content.decode()
    assert "政府信息公开申请受理回执" in html and case.case_number in html
    code = re.search(r'id="receipt-query-code"><strong>([^<]+)</strong>', html)
    assert code is not None
    assert selectors.inforequest_for_tracking(case.case_number, code.group(1)) is not None
    assert "2025年12月15日" in html and "条例第三十一条第一项" in html
    assert "data-print" in html and reverse("inforequests_public:track") in html
    # A reprint: the code is not kept, so it is not shown again.
    again = client.get(url("receipt", case)).content.decode()
    assert "政府信息公开申请受理回执" in again and code.group(1) not in again
    assert "登记时已告知申请人" in again
    detail = client.get(url("detail", case)).content.decode()
    assert 'id="offline-receipt-link"' in detail


def test_registered_post_takes_the_signing_date(client, district, reviewer):
    client.force_login(reviewer)
    client.post(
        reverse("inforequests:register"),
        register_data(
            district,
            channel=Channel.REGISTERED_POST,
            submitted_at="2025-12-11T09:00",
            received_date="2025-12-12",
        ),
    )
    case = InfoRequest.objects.get()
    assert case.received_date == D(2025, 12, 12) and "签收之日" in case.receipt_basis


def test_ordinary_letter_waits_for_confirmation(client, district, reviewer):
    client.force_login(reviewer)
    client.post(
        reverse("inforequests:register"),
        register_data(district, channel=Channel.ORDINARY_LETTER),
    )
    assert InfoRequest.objects.get().status == Status.SUBMITTED


def test_in_person_with_another_receipt_date_is_refused(client, district, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("inforequests:register"), register_data(district, received_date="2025-12-12")
    )
    assert response.status_code == 400
    assert "以提交之日为收到申请之日" in response.content.decode()
    assert not InfoRequest.objects.exists()


def test_only_the_office_registers(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("inforequests:register")).status_code == 403


def test_registration_form_shows_the_receipt_rules(client, reviewer):
    client.force_login(reviewer)
    html = client.get(reverse("inforequests:register")).content.decode()
    for channel in ("当面提交", "传真", "电子邮件", "口头申请（代为填写）", "平信"):
        assert channel in html
    assert "条例第三十一条" in html


# --- statistics --------------------------------------------------------------------------------


def test_frequent_requests_suggest_proactive_disclosure(client, district, reviewer):
    for name, number in (("王小明", VALID_ID), ("李四", "110101199003070011")):
        case = received(
            reviewer,
            district.education,
            D(2025, 11, 3),
            applicant_name=name,
            id_number=number,
            info_title="示范街道2024年房屋征收补偿方案",
        )
        release_reviewed(reviewer, case)
        services.inforequest_decide(actor=reviewer, info_request=case, outcome=Outcome.OPEN)
    client.force_login(reviewer)
    response = client.get(
        reverse("inforequests:frequent"), {"organ": district.education.pk, "year": 2025}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "建议转为主动公开（条例第四十四条）" in html
    assert response.context["groups"][0].applicant_count == 2


def test_table3_in_both_formats_and_as_csv(client, district, reviewer):
    case = received(reviewer, district.education, D(2025, 11, 3))
    release_reviewed(reviewer, case)
    services.inforequest_decide(actor=reviewer, info_request=case, outcome=Outcome.OPEN)
    services.inforequest_reply(actor=reviewer, info_request=case, delivery="post")
    client.force_login(reviewer)
    target = reverse("inforequests:table3")
    query = {"organ": district.education.pk, "year": 2025}
    html_2021 = client.get(target, {**query, "version": "2021"}).content.decode()
    assert "1.申请人无正当理由逾期不补正" in html_2021
    assert "勾稽关系检查通过" in html_2021
    html_2019 = client.get(target, {**query, "version": "2019"}).content.decode()
    assert "1.申请人无正当理由逾期不补正" not in html_2019 and "（六）其他处理" in html_2019
    csv = client.get(target, {**query, "version": "2021", "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert "（一）予以公开,1" in csv.content.decode("utf-8-sig")


def test_table3_shows_identity_violations(client, district, reviewer, monkeypatch):
    from gongkai.inforequests import views_staff
    from gongkai.inforequests.stats import table3_report as real
    from gongkai.lib.table3 import Violation

    def broken(**kwargs: Any) -> Any:
        report = real(**kwargs)
        report.violations.append(
            Violation(
                "identity",
                "error",
                "“自然人”列：第一项加第二项之和（3）不等于（2）。",
                "total",
                "natural",
                3,
                2,
            )
        )
        return report

    monkeypatch.setattr(views_staff, "table3_report", broken)
    client.force_login(reviewer)
    response = client.get(
        reverse("inforequests:table3"), {"organ": district.education.pk, "year": 2025}
    )
    html = response.content.decode()
    assert 'id="violations"' in html and "第一项加第二项之和（3）不等于（2）" in html
    assert "ir-t3-bad" in html


def test_statistics_of_another_organ_are_refused(client, district, other_reviewer):
    client.force_login(other_reviewer)
    response = client.get(
        reverse("inforequests:table3"), {"organ": district.education.pk, "year": 2025}
    )
    assert response.status_code == 400  # not among the organs offered


def test_the_case_page_renders_in_english(client, reviewer, ir, settings):
    # The outcome choices were grouped by looking for “）” in the translated label (HTTP 500).
    client.force_login(reviewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url("detail", ir))
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert "(1) Disclosed" in html and "(3) 1. State secret" in html
    with translation.override("en"):
        choices = outcome_choices()
    groups = [str(label) for label, options in choices if isinstance(options, list)]
    assert len(groups) == 4 and all("（" not in g for g in groups), groups


# --- extension: the officer asks, the head approves in their 待办 (条例第三十三条第二款) -------


@pytest.fixture
def pure_head(district):
    """The head of 教育局's openness office holding only that role (as in the demo)."""
    return UserFactory(
        username="edu_openness_head", roles=[(district.education, Role.OPENNESS_OFFICE_HEAD)]
    )


def test_the_officer_requests_an_extension_and_the_head_approves_from_the_inbox(
    client, reviewer, pure_head, ir
):
    client.force_login(reviewer)
    page = client.get(url("detail", ir))
    assert "extension_request" in page.context["actions"]
    assert "extend" not in page.context["actions"]
    response = client.post(url("extension_request", ir), {"days": 15, "reason": "需要调取档案"})
    assert response.status_code == 302
    ir.refresh_from_db()
    assert ir.extension_pending and ir.extension_requested_by == reviewer
    assert ir.extension_days == 0
    # Asked once: no second request while the first awaits the head.
    assert (
        client.post(url("extension_request", ir), {"days": 5, "reason": "再申请"}).status_code
        == 409
    )

    # The head sees the organ's cases and the request in the 待办.
    client.force_login(pure_head)
    inbox = client.get(reverse("staff:inbox")).content.decode()
    assert "待审批延期申请" in inbox
    listed = client.get(LIST, {"extension_pending": "on"})
    assert [row[0].pk for row in listed.context["rows"]] == [ir.pk]
    assert client.get(LIST).context["page"].paginator.count == 1
    page = client.get(url("detail", ir))
    assert page.status_code == 200
    assert {"extend", "extension_refuse"} <= page.context["actions"]
    assert "decide" not in page.context["actions"]
    assert page.context["forms"]["extend"].initial["days"] == 15
    assert "需要调取档案" in page.content.decode()
    response = client.post(
        url("extend", ir), {"days": 15, "reason": "需要调取档案", "method": "email"}
    )
    assert response.status_code == 302
    ir.refresh_from_db()
    assert ir.extension_days == 15 and ir.extension_approved_by == pure_head
    assert not ir.extension_pending
    assert "待审批延期申请" not in client.get(reverse("staff:inbox")).content.decode()
    actions = [e.action for e in events_for(ir)]
    assert "inforequest.extension_requested" in actions and "inforequest.extended" in actions
    notice = ir.notices.get(kind="extension")
    assert notice.issued_on <= D(2026, 1, 13)


def test_the_head_may_refuse_the_extension_request(client, reviewer, pure_head, ir):
    services.inforequest_request_extension(
        actor=reviewer, info_request=ir, days=20, reason="需要调取档案"
    )
    client.force_login(pure_head)
    assert client.post(url("extension_refuse", ir), {"opinion": ""}).status_code == 400
    assert (
        client.post(url("extension_refuse", ir), {"opinion": "原期限内可以答复"}).status_code == 302
    )
    ir.refresh_from_db()
    assert not ir.extension_pending and ir.extension_days == 0
    assert events_for(ir).filter(action="inforequest.extension_refused").exists()
    # The officer may ask again with better reasons.
    client.force_login(reviewer)
    assert "extension_request" in client.get(url("detail", ir)).context["actions"]


def test_the_officer_cannot_approve_and_another_organs_head_sees_nothing(
    client, reviewer, district, ir
):
    services.inforequest_request_extension(
        actor=reviewer, info_request=ir, days=20, reason="需要调取档案"
    )
    client.force_login(reviewer)
    assert client.post(url("extend", ir), {"days": 20, "reason": "x"}).status_code == 403
    stranger = UserFactory(
        username="fin_openness_head", roles=[(district.finance, Role.OPENNESS_OFFICE_HEAD)]
    )
    client.force_login(stranger)
    assert client.get(url("detail", ir)).status_code == 404


def test_case_list_filters_by_receipt_dates_and_exports_without_personal_data(
    client, district, reviewer
):
    import csv
    import io

    received(reviewer, district.education, D(2025, 11, 3), info_title="=SUM(A1:A9)")
    received(reviewer, district.education, D(2025, 12, 12), info_title="刚收到的申请")
    client.force_login(reviewer)
    listed = client.get(LIST, {"received_from": "2025-12-01"})
    assert [row[0].info_title for row in listed.context["rows"]] == ["刚收到的申请"]
    response = client.get(LIST, {"received_to": "2025-11-30", "export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "申请编号" and len(rows) == 2
    assert rows[1][2] == "'=SUM(A1:A9)"
    assert "王小明" not in response.content.decode("utf-8-sig")
    xlsx = client.get(LIST, {"export": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_case_list_finds_requests_by_the_requested_documents_numbers(client, district, reviewer):
    """Issue 15: the list searches by the request's own number and by the 文号 / 索引号 of the
    requested document (as typed, with other brackets, or of the linked document)."""
    from gongkai.documents.tests.factories import DocumentFactory

    by_number = received(
        reviewer, district.education, D(2025, 12, 1), info_doc_number="示教发〔2025〕3号"
    )
    linked = received(reviewer, district.education, D(2025, 12, 2), info_title="学区划分")
    linked.document = DocumentFactory(
        organ=district.education,
        title="示范区教育局关于公布2025年学区划分的通知",
        doc_number="示教发〔2025〕9号",
        status="published",
        index_number="000000003/2025-00017",
    )
    linked.save(update_fields=["document"])
    other = received(reviewer, district.education, D(2025, 12, 3), info_title="其他信息")
    client.force_login(reviewer)

    def found(q: str) -> set[int]:
        return {row[0].pk for row in client.get(LIST, {"q": q}).context["rows"]}

    assert found("示教发[2025]3号") == {by_number.pk}
    assert found("000000003/2025-00017") == {linked.pk}
    assert found("示教发〔2025〕9号") == {linked.pk}
    assert found(other.case_number) == {other.pk}
