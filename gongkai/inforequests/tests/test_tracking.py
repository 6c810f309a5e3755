"""Applicant tracking at /ysqgk/track/: look-up, throttling, no personal data, one case only,
letters, and the correction (补正) submitted by the applicant."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from gongkai.calendars.models import Clock
from gongkai.core.exceptions import NotPermitted
from gongkai.core.models import events_for
from gongkai.inforequests import services
from gongkai.inforequests.clocks import ClockKind
from gongkai.inforequests.models import LetterKind, Outcome
from gongkai.inforequests.permissions import CaseApplicant
from gongkai.inforequests.tests.factories import VALID_ID, application, at, release_reviewed
from gongkai.inforequests.workflow import Channel, Status

pytestmark = pytest.mark.django_db

TRACK = reverse("inforequests_public:track")
CASE = reverse("inforequests_public:case")
D = date


RECEIVED_ON = D(2025, 12, 10)


def online(organ: Any, *, on: date = RECEIVED_ON, **overrides: Any) -> tuple[Any, str]:
    result = services.inforequest_submit(
        organ=organ, channel=Channel.ONLINE, data=application(**overrides), submitted_at=at(on)
    )
    assert result.query_code
    return result.info_request, result.query_code


@pytest.fixture
def case(district, reviewer):
    # Online applications are acknowledged on submission (条例第三十一条).
    info_request, code = online(district.education)
    assert info_request.received_date == D(2025, 12, 10)
    return info_request, code


def look_up(client: Any, number: str, code: str, **extra: Any) -> Any:
    return client.post(TRACK, {"case_number": number, "query_code": code}, **extra)


def test_correct_code_binds_the_session_to_the_case(client, case):
    info_request, code = case
    response = look_up(client, info_request.case_number, code.lower())
    assert response.status_code == 302 and response["Location"] == CASE
    page = client.get(CASE)
    html = page.content.decode()
    assert info_request.case_number in html
    assert "已受理" in html
    assert client.session["gongkai.ysqgk.case"]["id"] == info_request.pk


def test_deadline_is_shown_with_its_chinese_steps_and_provisional_mark(client, case):
    info_request, code = case
    look_up(client, info_request.case_number, code)
    page = client.get(CASE)
    view = page.context["case"]
    reply = Clock.objects.open().for_subject(info_request).get(kind=ClockKind.REPLY)
    assert view.reply_due == reply.due_date
    assert view.reply_steps == [step["zh"] for step in reply.explanation]
    html = page.content.decode()
    assert "期限计算过程" in html
    assert reply.explanation[0]["zh"] in html
    assert view.reply_due_provisional is False


def test_deadline_in_a_year_without_official_schedule_is_marked_provisional(
    client, district, reviewer
):
    import time_machine

    with time_machine.travel("2026-12-10 10:00 +08:00", tick=False):
        info_request, code = online(district.education, on=D(2026, 12, 10))
        look_up(client, info_request.case_number, code)
        html = client.get(CASE).content.decode()
    assert 'id="due-provisional"' in html
    assert "暂定" in html


def test_no_personal_data_on_the_tracking_page(client, case):
    info_request, code = case
    look_up(client, info_request.case_number, code)
    html = client.get(CASE).content.decode()
    for value in (VALID_ID, "13812345678", "wang@example.com", "人民路100号", "王小明"):
        assert value not in html
    assert "王**" in html


def test_wrong_code_gives_one_generic_message(client, case, settings):
    info_request, _ = case
    wrong_code = look_up(client, info_request.case_number, "AAAAAAAAAAAA")
    no_case = look_up(client, "YSQ-2025-999999", "AAAAAAAAAAAA")
    for response in (wrong_code, no_case):
        assert response.status_code == 400
        assert "申请编号或查询码不正确" in response.content.decode()
    assert "gongkai.ysqgk.case" not in client.session


def test_guessing_is_throttled_after_n_failures_even_with_the_right_code(client, case, settings):
    settings.GONGKAI_INFOREQUEST_TRACK_MAX_FAILURES = 3
    info_request, code = case
    statuses = [
        look_up(client, info_request.case_number, f"WRONG{i}").status_code for i in range(3)
    ]
    assert statuses == [400, 400, 429]
    blocked = look_up(client, info_request.case_number, code)
    assert blocked.status_code == 429
    assert "查询失败次数过多" in blocked.content.decode()
    # Another address is not affected.
    assert (
        look_up(client, info_request.case_number, code, REMOTE_ADDR="10.0.0.9").status_code == 302
    )


def test_case_pages_need_a_look_up_first(client, case):
    response = client.get(CASE)
    assert response.status_code == 302 and response["Location"] == TRACK


def test_another_case_is_never_reachable(client, district, reviewer, case):
    info_request, code = case
    other, _ = online(district.education, applicant_name="李四", id_number="110101199003070011")
    release_reviewed(reviewer, other)
    services.inforequest_decide(actor=reviewer, info_request=other, outcome=Outcome.OPEN)
    letter = services.letter_draft(actor=reviewer, info_request=other, kind=LetterKind.REPLY)
    services.letter_send(actor=reviewer, letter=letter)
    look_up(client, info_request.case_number, code)
    html = client.get(CASE).content.decode()
    assert other.case_number not in html
    for fmt in ("pdf", "docx"):
        url = reverse("inforequests_public:letter", args=[letter.pk, fmt])
        assert client.get(url).status_code == 404


def test_sent_letters_to_the_applicant_are_listed_and_downloadable(client, reviewer, case):
    info_request, code = case
    release_reviewed(reviewer, info_request)
    services.inforequest_decide(actor=reviewer, info_request=info_request, outcome=Outcome.OPEN)
    draft = services.letter_draft(actor=reviewer, info_request=info_request, kind=LetterKind.REPLY)
    look_up(client, info_request.case_number, code)
    assert client.get(CASE).context["letters"] == []  # a draft is not shown
    assert (
        client.get(reverse("inforequests_public:letter", args=[draft.pk, "pdf"])).status_code == 404
    )
    services.letter_send(actor=reviewer, letter=draft)
    page = client.get(CASE)
    assert [letter.pk for letter in page.context["letters"]] == [draft.pk]
    pdf = client.get(reverse("inforequests_public:letter", args=[draft.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    docx = client.get(reverse("inforequests_public:letter", args=[draft.pk, "docx"]))
    assert docx.status_code == 200 and b"".join(docx.streaming_content)[:2] == b"PK"


def test_consultation_letters_are_not_shown_to_the_applicant(client, reviewer, case):
    info_request, code = case
    consultation = services.consultation_start(
        actor=reviewer, info_request=info_request, kind="third_party", party="示范建设有限公司"
    )
    letter = services.letter_draft(
        actor=reviewer,
        info_request=info_request,
        kind=LetterKind.THIRD_PARTY,
        consultation=consultation,
    )
    services.letter_send(actor=reviewer, letter=letter)
    look_up(client, info_request.case_number, code)
    assert client.get(CASE).context["letters"] == []
    assert (
        client.get(reverse("inforequests_public:letter", args=[letter.pk, "pdf"])).status_code
        == 404
    )


def test_applicant_submits_the_correction_on_the_tracking_page(client, reviewer, case):
    info_request, code = case
    services.inforequest_notify_correction(
        actor=reviewer, info_request=info_request, items=["请写明征收项目名称"], period_days=10
    )
    look_up(client, info_request.case_number, code)
    page = client.get(CASE).content.decode()
    assert "请写明征收项目名称" in page and 'id="correction-form"' in page
    response = client.post(
        reverse("inforequests_public:correction"),
        {"text": "示范街道棚户区改造一期项目", "info_title": "棚户区改造一期补偿方案"},
    )
    assert response.status_code == 302
    info_request.refresh_from_db()
    assert info_request.status == Status.RECEIVED
    assert info_request.corrected_on == D(2025, 12, 15)  # today
    assert info_request.info_title == "棚户区改造一期补偿方案"
    assert info_request.info_description.endswith("【申请人补正】示范街道棚户区改造一期项目")
    reply = Clock.objects.open().for_subject(info_request).get(kind=ClockKind.REPLY)
    assert reply.restart_date == D(2025, 12, 15)
    event = events_for(info_request).get(action="inforequest.corrected")
    assert event.actor is None and event.actor_label == "申请人（查询码）"
    assert "补正已提交" in client.get(CASE).content.decode()


def test_correction_is_refused_when_none_is_pending(client, case):
    info_request, code = case
    look_up(client, info_request.case_number, code)
    response = client.post(reverse("inforequests_public:correction"), {"text": "补充说明"})
    assert response.status_code == 302
    info_request.refresh_from_db()
    assert info_request.corrected_on is None
    assert "不能执行“收到补正”" in client.get(CASE).content.decode()


def test_empty_correction_is_a_field_error(client, reviewer, case):
    info_request, code = case
    services.inforequest_notify_correction(
        actor=reviewer, info_request=info_request, items=["请写明文号"], period_days=10
    )
    look_up(client, info_request.case_number, code)
    response = client.post(reverse("inforequests_public:correction"), {"text": ""})
    assert response.status_code == 400
    assert response.context["correction_form"].errors["text"] == ["请填写补正内容。"]


def test_case_applicant_may_correct_only_its_own_case_and_only_today(district, reviewer, case):
    info_request, _ = case
    services.inforequest_notify_correction(
        actor=reviewer, info_request=info_request, items=["请写明文号"], period_days=10
    )
    other, _ = online(district.education, applicant_name="李四", id_number="110101199003070011")
    with pytest.raises(NotPermitted):
        services.inforequest_receive_correction(
            actor=CaseApplicant(other.pk), info_request=info_request, changes={}
        )
    with pytest.raises(NotPermitted):
        services.inforequest_receive_correction(
            actor=CaseApplicant(info_request.pk),
            info_request=info_request,
            corrected_on=D(2025, 12, 12),
        )
    assert not events_for(info_request).filter(action="inforequest.corrected").exists()


def test_ending_the_look_up_unbinds_the_session(client, case):
    info_request, code = case
    look_up(client, info_request.case_number, code)
    client.post(reverse("inforequests_public:track_end"))
    assert client.get(CASE).status_code == 302


def test_the_binding_expires(client, case, settings):
    import time_machine

    info_request, code = case
    look_up(client, info_request.case_number, code)
    with time_machine.travel("2025-12-15 11:00 +08:00", tick=False):
        assert client.get(CASE).status_code == 302
