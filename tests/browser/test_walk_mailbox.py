"""互动交流, each role's day from its 待办, in Chinese and in English (walk.py).

留言: a citizen leaves a message on the portal and keeps the receipt; the department's
clerk opens it from the 待办 line of its remaining working days, accepts and replies; the
openness office opens the consented reply from "mailbox.publish" and publishes it; 留言选登
shows the reply without the writer's name or telephone; the writer follows it with the
query code and rates the reply (with the form's bad-input check, in the Chinese walk only:
the citizen's side is the same in both).

征集调查: the department's clerk creates a survey from the staff menu and publishes it; a
citizen answers it on the portal; the job closes it at its closing time; the clerk opens it
from "mailbox.solicitations" and publishes the 结果反馈, which the portal shows with the
counts.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.mailbox import services
from gongkai.mailbox.models import PublicMessage, Solicitation
from gongkai.mailbox.workflow import SolicitationStatus, Status
from gongkai.organizations.models import Organ
from tests.browser.walk import Desk, citizen_page, language  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBJECT = "孩子入学报名需要哪些材料"
WRITER, PHONE = "王小明", "13812345678"
SURVEY = "校车服务满意度调查"
QUESTIONS = """[单选] 您对校车服务是否满意？
满意
基本满意
不满意

[填空] 其他意见和建议（选答）"""


def organ_names() -> list[str]:
    return [name for organ in Organ.objects.all() for name in (organ.name, organ.short_name)]


def test_walk_a_message_to_liuyan_xuandeng(
    live_server: Any,
    district: Any,
    clerk: Any,
    reviewer: Any,
    browser: Any,
    language: str,  # noqa: F811 - walk.language, parametrised zh-hans / en
) -> None:
    # The citizen leaves a message (the portal is in Chinese) and keeps the receipt.
    citizen = citizen_page(browser)
    citizen.goto(live_server.url + reverse("mailbox_public:form"))
    citizen.select_option("#id_organ", str(district.education.pk))
    citizen.check("input[name=kind][value=consultation]")
    citizen.fill("#id_subject", SUBJECT)
    citizen.fill("#id_text", f"我是{WRITER}，孩子今年入学，电话{PHONE}，请问报名需要哪些材料？")
    citizen.fill("#id_writer_name", WRITER)
    if language == "zh-hans":  # the citizen's side is the same in both walks: once
        # Bad input first: without a contact the message is not stored, the page says why.
        with citizen.expect_navigation():
            citizen.click("#submit-message")
        assert "请至少填写一种联系方式" in citizen.inner_text("#error-summary")
        assert PublicMessage.objects.count() == 0
    citizen.fill("#id_phone", PHONE)
    citizen.check("#id_consent_publish")
    with citizen.expect_navigation():
        citizen.click("#submit-message")
    number = citizen.inner_text("#message-number").strip()
    code = citizen.inner_text("#query-code").strip()
    assert len(code) == 12
    message = PublicMessage.objects.get(number=number)
    data = [SUBJECT, number, WRITER, *organ_names()]

    # The clerk of 教育局 opens it from the 待办 (due within a working day), accepts, replies.
    worker = Desk(browser, live_server, "clerk", language, data=data)
    page = worker.open_task("mailbox.soon", number)
    worker.act("button[data-action='accept']")
    assert page.get_attribute("#message-status", "data-status") == Status.ACCEPTED
    page.fill("#id_reply-reply", f"{WRITER}您好：报名需携带户口簿、房产证明和儿童预防接种证。")
    worker.act("button[data-action='reply']")
    assert page.get_attribute("#message-status", "data-status") == Status.REPLIED
    assert page.locator("button[data-action='publish']").count() == 0  # the office's

    # The openness office publishes it from its 待办; the proposed copy is masked.
    office = Desk(browser, live_server, "reviewer", language, data=data)
    page = office.open_task("mailbox.publish", number)
    proposed = page.input_value("#id_publish-public_text")
    assert PHONE not in proposed and WRITER not in proposed
    office.act("button[data-action='publish']")
    assert page.get_attribute("#message-status", "data-status") == Status.PUBLISHED
    office.inbox()
    assert "mailbox.publish" not in office.task_keys()

    # 留言选登 shows the reply without personal data.
    citizen.goto(live_server.url + reverse("mailbox_public:list"))
    with citizen.expect_navigation():
        citizen.click(f"#message-list a:has-text('{SUBJECT}')")
    detail = citizen.inner_text("#message-detail")
    assert "户口簿" in detail and "教育局" in detail
    assert WRITER not in detail and PHONE not in detail
    message.refresh_from_db()
    assert message.status == Status.PUBLISHED
    if language != "zh-hans":
        return
    # The writer follows the message with the query code and rates the reply.
    citizen.goto(live_server.url + reverse("mailbox_public:track"))
    citizen.fill("#id_number", number)
    citizen.fill("#id_query_code", code)
    with citizen.expect_navigation():
        citizen.click("#track-submit")
    assert "户口簿" in citizen.inner_text("#reply")
    citizen.check("input[name=rating][value='3']")
    with citizen.expect_navigation():
        citizen.click("#rate-submit")
    message.refresh_from_db()
    assert message.rating == 3


def test_walk_a_survey_from_the_staff_menu_to_its_results(
    live_server: Any,
    district: Any,
    clerk: Any,
    browser: Any,
    language: str,  # noqa: F811 - walk.language, parametrised zh-hans / en
) -> None:
    data = [SURVEY, *organ_names()]
    worker = Desk(browser, live_server, "clerk", language, data=data)
    page = worker.page
    # From the staff menu: 征集调查 → new.
    with page.expect_navigation():
        page.click(f"nav.main-nav a[href='{reverse('mailbox:solicitations')}']")
    worker.check_chrome()
    with page.expect_navigation():
        page.click("#new-solicitation")
    worker.check_chrome()
    now = timezone.localtime()
    page.select_option("#id_organ", str(district.education.pk))
    page.select_option("#id_kind", "survey")
    page.fill("#id_title", SURVEY)
    page.fill("#id_description", "请您花一分钟填写。")
    page.fill("#id_opens_at", (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_closes_at", (now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_questions", QUESTIONS)
    worker.act("button[data-action='save']")
    survey = Solicitation.objects.get()
    data.append(f"{survey.number} {SURVEY}")
    worker.data.update(data)
    assert survey.status == SolicitationStatus.DRAFT
    worker.act("button[data-action='publish']")
    survey.refresh_from_db()
    assert survey.status == SolicitationStatus.OPEN  # its opening time has come

    # A citizen answers on the portal.
    citizen = citizen_page(browser)
    citizen.goto(live_server.url + reverse("mailbox_public:solicitations"))
    with citizen.expect_navigation():
        citizen.click(f"#solicitation-list a:has-text('{SURVEY}')")
    with citizen.expect_navigation():
        citizen.click("#answer-link")
    single, text = list(survey.questions.prefetch_related("options"))
    citizen.check(f"#id_q{single.pk}_{single.options.all()[0].pk}")
    citizen.fill(f"#id_q{text.pk}", "希望增加东线班次。")
    with citizen.expect_navigation():
        citizen.click("#answer-form button[type=submit]")
    assert citizen.locator("#answer-receipt").count() == 1

    # Its closing time passes: the job (sweep_solicitations) closes it.
    Solicitation.objects.filter(pk=survey.pk).update(closes_at=timezone.now())
    assert services.solicitations_tick() == (0, 1)

    # The clerk publishes the results from the 待办.
    page = worker.open_task("mailbox.solicitations", SURVEY)
    page.fill("#id_report-results_text", "共收到答卷1份，满意度100%。将研究增加东线班次。")
    worker.act("button[data-action='report']")
    survey.refresh_from_db()
    assert survey.status == SolicitationStatus.REPORTED
    worker.inbox()
    assert "mailbox.solicitations" not in worker.task_keys()

    citizen.goto(live_server.url + reverse("mailbox_public:solicitation", args=[survey.number]))
    assert "增加东线班次" in citizen.inner_text("#results-text")
    assert citizen.inner_text("#response-count").strip() == "1"
