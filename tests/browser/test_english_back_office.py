"""The English back office, in chromium (issue 15): a user with every role switches the
language to English and opens every page of the staff menu; each answers 200 and its UI
chrome (navigation, headings, column heads, labels, buttons, help) has no Chinese left.
Data (organ names, titles) may stay Chinese, so only the chrome is read."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import UserFactory
from gongkai.organizations.models import Organ
from tests.browser.walk import chrome_left_in_chinese

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_staff_menu_page_is_english(live_server: Any, district: Any, browser: Any) -> None:
    organ = district.education
    UserFactory(
        username="everyone",
        first_name="Amy",
        last_name="Lee",
        roles=[
            (organ, Role.CLERK),
            (organ, Role.HEAD),
            (organ, Role.OPENNESS_OFFICER),
            (organ, Role.OPENNESS_OFFICE_HEAD),
            (district.office, Role.GOVERNMENT_OFFICE),
            (district.government, Role.CONFIDENTIALITY),
            (district.government, Role.LEGAL),
            (district.office, Role.PROPAGANDA),
            (district.government, Role.ADMINISTRATOR),
        ],
    )
    context = browser.new_context(locale="en-GB", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "everyone")
    page.fill("#id_password", "gongkai-demo")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/"))
    with page.expect_navigation():
        page.click(".language-switcher button[value=en]")
    assert page.evaluate("document.documentElement.lang").startswith("en")

    # Organ names are data (a choice of 发文机关 is labelled with the organ's name).
    organ_names = set(Organ.objects.values_list("name", flat=True))
    links = page.eval_on_selector_all("nav.main-nav a", "els => els.map(a => a.href)")
    assert len(links) >= 8, links
    problems: dict[str, list[str]] = {}
    for url in links:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        left = chrome_left_in_chinese(page, organ_names)
        if left:
            problems[url] = left
    assert problems == {}, "\n".join(f"{url}: {texts}" for url, texts in problems.items())
