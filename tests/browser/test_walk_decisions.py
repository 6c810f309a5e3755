"""Role walks of 重大行政决策 (issue 12), in Chinese and in English, each from the role's 待办:

- the 承办单位's clerk (起草): the decision waiting for its consultation → the 意见征集 notice
  drafted and published; a citizen comments on an article of the draft (portal, Chinese);
  the comment to moderate → approved; the period ends; the comments to rule → ruled; the
  adoption report (意见采纳情况) → published (on the portal, without the commenter's contact
  details); the decision now clear of gate G9 → submitted to 合法性审查;
- the legal reviewer (合法性审查): the decision waiting for review → passed;
- the 区政府办公室: the decision waiting for 集体讨论决定 → recorded → published; the public
  trail on the portal.

Preconditions are set with the services (factories); the browser walks only the work. These
walks are issue 12's end-to-end browser test (they replaced the one that went by URL).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from gongkai.decisions.models import Comment, MajorDecision, PublicConsultation
from gongkai.decisions.tests import factories as f
from gongkai.organizations.models import Organ
from tests.browser.walk import LANGUAGES, Desk, citizen_page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    cache.clear()


def _data(*texts: str) -> list[str]:
    return [*texts, *Organ.objects.values_list("name", flat=True)]


def _status(desk: Desk, selector: str) -> str:
    return str(desk.page.get_attribute(selector, "data-status"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_clerk_runs_the_consultation_to_legality_review(
    live_server: Any, district: Any, clerk: Any, browser: Any, language: str
) -> None:
    decision = f.to_participation(clerk, district.education)
    notice = f"关于《{decision.title}》公开征求意见的公告"
    desk = Desk(browser, live_server, "clerk", language, data=_data(decision.title, notice))

    # The decision waits for its consultation: draft the notice (≥ 30 days) and publish it.
    desk.open_task("decisions.consult", decision.title)
    assert desk.page.input_value("#id_consultation-period_days") == "30"
    desk.act("[data-action='consultation']")
    consultation = PublicConsultation.objects.get(decision=decision)
    assert consultation.title == notice  # data of the portal, whatever the UI language
    assert consultation.how_to_comment.startswith("请通过本网站")
    desk.act("[data-action='announce']")
    assert _status(desk, "#consultation-status") == "open"

    # A citizen comments on the second article of the draft.
    citizen = citizen_page(browser)
    citizen.goto(live_server.url + reverse("yjzj:detail", args=[consultation.uid]))
    with citizen.expect_navigation():
        citizen.click("[data-article='2']")
    citizen.fill("#id_body", "建议明确残疾人专用泊位免费。")
    citizen.fill("#id_contact", "13700000000")
    with citizen.expect_navigation():
        citizen.click("#comment-form button[type=submit]")
    comment = Comment.objects.get(consultation=consultation)
    assert comment.number in citizen.inner_text("#receipt")
    assert comment.article is not None and comment.article.number == 2

    # The comment to moderate, from the 待办.
    desk.open_task("decisions.moderate", notice)
    desk.act(f"tr[data-comment='{comment.number}'] [data-action='approve']")
    comment.refresh_from_db()
    assert comment.status == "approved"

    # The period ends (the daily job closes it); the comments to rule.
    consultation.refresh_from_db()
    f.close(consultation)
    desk.open_task("decisions.rule", notice)
    rule = desk.page.locator(f"form[data-rule='{comment.number}']")
    rule.locator("select[name=disposition]").select_option("partly")
    rule.locator("input[name=reason]").fill("残疾人泊位另行规定")
    desk.act(f"form[data-rule='{comment.number}'] [data-action='rule']")
    assert desk.page.inner_text("#unruled") == "0"

    # Every comment ruled: the adoption report to publish.
    desk.open_task("decisions.report", notice)
    desk.page.fill("#id_report-summary", "共收到意见1条，部分采纳。")
    desk.act("[data-action='report']")
    assert _status(desk, "#consultation-status") == "reported"

    # The adoption report is on the portal; the contact details are not.
    citizen.goto(live_server.url + reverse("yjzj:detail", args=[consultation.uid]))
    assert "残疾人泊位另行规定" in citizen.inner_text("#report")
    assert "13700000000" not in citizen.content()

    # Gate G9 satisfied: the decision to submit to 合法性审查.
    desk.open_task("decisions.submit_review", decision.title)
    assert desk.page.locator("#g9-problems").count() == 0
    desk.act("[data-action='submit_review']")
    assert _status(desk, "#decision-status") == "legality"


@pytest.mark.parametrize("language", LANGUAGES)
def test_legal_review_then_the_office_decides_and_publishes(
    live_server: Any,
    district: Any,
    clerk: Any,
    legal_reviewer: Any,
    gov_office: Any,
    browser: Any,
    language: str,
) -> None:
    decision = f.to_review(clerk, district.education)
    data = _data(decision.title)

    # 合法性审查: the decision waiting for review → passed, with the opinion.
    legal = Desk(browser, live_server, "legal", language, data=data)
    legal.open_task("decisions.legality", decision.title)
    legal.page.fill("#id_review_pass-opinion", "符合法律、法规规定。")
    legal.act("[data-action='review_pass']")
    assert _status(legal, "#decision-status") == "discussion"
    legal.inbox()
    assert "decisions.legality" not in legal.task_keys()

    # The 区政府办公室: record the executive meeting's decision, then publish.
    office = Desk(browser, live_server, "gov_office", language, data=data)
    office.open_task("decisions.decide", decision.title)
    office.page.select_option("#id_decide-meeting_kind", "executive")
    office.page.fill("#id_decide-meeting_date", decision.created_at.date().isoformat())
    office.page.fill("#id_decide-meeting_name", "区政府第5次常务会议")
    office.page.fill("#id_decide-minutes", "会议审议通过。")
    office.page.fill("#id_decide-decision_text", "同意印发《示范区城市道路停车收费管理办法》。")
    office.act("[data-action='decide']")
    office.act("[data-action='publish']")
    assert _status(office, "#decision-status") == "published"

    # The public trail, in Chinese whatever language the staff worked in.
    decision = MajorDecision.objects.get(pk=decision.pk)
    citizen = citizen_page(browser)
    citizen.goto(live_server.url + reverse("zdjc:detail", args=[decision.uid]))
    stages = citizen.locator("#trail > li").evaluate_all("els => els.map(e => e.dataset.stage)")
    assert stages[-3:] == ["legality", "discussion", "published"]
    legality = citizen.inner_text("[data-stage='legality']")
    assert "合法性审查意见（通过）" in legality and "符合法律、法规规定。" in legality
    assert "区政府第5次常务会议" in citizen.inner_text("[data-stage='discussion']")
