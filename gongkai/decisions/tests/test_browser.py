"""End to end in a browser: a citizen comments on an article of a draft; staff rule the
comments; the adoption report is published; legality review becomes possible; the decision
is published with its trail. Drives Debian's chromium through Playwright."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django.urls import reverse

from gongkai.decisions.models import Comment
from gongkai.decisions.tests import factories as f

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def new_page(browser: Any) -> Any:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(20000)
    return page


def login(browser: Any, live_server: Any, username: str) -> Any:
    page = new_page(browser)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "gongkai-demo")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/"))
    return page


def act(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_comment_rule_report_review_publish(
    live_server: Any, district: Any, clerk: Any, legal: Any, gov_office: Any, browser: Any
) -> None:
    decision = f.to_participation(clerk, district.education)
    consultation = f.open_consultation(clerk, decision)

    # 1. A citizen reads the draft and comments on its second article.
    citizen = new_page(browser)
    citizen.goto(live_server.url + reverse("yjzj:list"))
    citizen.click(f"text={consultation.title}")
    assert "剩余" in citizen.inner_text("#consultation-status")
    act(citizen, "[data-article='2']")
    citizen.fill("#id_body", "建议明确残疾人专用泊位免费。<b>谢谢</b>")
    citizen.fill("#id_contact", "13700000000")
    act(citizen, "#comment-form button[type=submit]")
    receipt = citizen.inner_text("#receipt")
    comment = Comment.objects.get()
    assert comment.number in receipt
    assert comment.article is not None and comment.article.number == 2

    # 2. The period ends (the daily job closes the consultation).
    f.close(consultation)

    # 3. Staff: legality review not yet possible; rule the comment; publish the report.
    staff = login(browser, live_server, "clerk")
    staff.goto(live_server.url + reverse("decisions:detail", args=[decision.pk]))
    assert "意见采纳情况尚未公布" in staff.inner_text("#g9-problems")
    staff.goto(live_server.url + reverse("decisions:consultation", args=[consultation.pk]))
    form = staff.locator(f"form[data-rule='{comment.number}']")
    form.locator("select[name=disposition]").select_option("partly")
    form.locator("input[name=reason]").fill("残疾人泊位另行规定")
    with staff.expect_navigation():
        form.locator("button").click()
    assert staff.inner_text("#unruled") == "0"
    staff.fill("#id_report-summary", "共收到意见1条，部分采纳。")
    act(staff, "[data-action='report']")
    assert staff.get_attribute("#consultation-status", "data-status") == "reported"

    # The adoption report is on the portal; contact details are not.
    citizen.goto(live_server.url + reverse("yjzj:detail", args=[consultation.uid]))
    report = citizen.inner_text("#report")
    assert "残疾人泊位另行规定" in report and "13700000000" not in citizen.content()

    # 4. Legality review is now possible.
    staff.goto(live_server.url + reverse("decisions:detail", args=[decision.pk]))
    assert staff.locator("#g9-problems").count() == 0
    act(staff, "[data-action='submit_review']")
    assert staff.get_attribute("#decision-status", "data-status") == "legality"

    reviewer = login(browser, live_server, "legal")
    reviewer.goto(live_server.url + reverse("decisions:detail", args=[decision.pk]))
    reviewer.fill("#id_review_pass-opinion", "符合法律、法规规定。")
    act(reviewer, "[data-action='review_pass']")

    # 5. The government office records the executive meeting and publishes.
    office = login(browser, live_server, "gov_office")
    office.goto(live_server.url + reverse("decisions:detail", args=[decision.pk]))
    office.select_option("#id_decide-meeting_kind", "executive")
    office.fill("#id_decide-meeting_date", decision.created_at.date().isoformat())
    office.fill("#id_decide-meeting_name", "区政府第5次常务会议")
    office.fill("#id_decide-minutes", "会议审议通过。")
    office.fill("#id_decide-decision_text", "同意印发《示范区城市道路停车收费管理办法》。")
    act(office, "[data-action='decide']")
    act(office, "[data-action='publish']")
    assert office.get_attribute("#decision-status", "data-status") == "published"

    # 6. The public page shows the whole trail.
    citizen.goto(live_server.url + reverse("zdjc:list"))
    citizen.click(f"text={decision.title}")
    stages = citizen.locator("#trail > li").evaluate_all("els => els.map(e => e.dataset.stage)")
    assert stages == [
        "initiated",
        "drafting",
        "participation",
        "legality",
        "discussion",
        "published",
    ]
    assert "符合法律、法规规定。" in citizen.inner_text("[data-stage='legality']")
    assert "区政府第5次常务会议" in citizen.inner_text("[data-stage='discussion']")
    assert citizen.locator("[data-link='consultation']").count() == 1
