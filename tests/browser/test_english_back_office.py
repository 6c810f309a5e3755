"""The English back office, in chromium (issue 15): a user with every role switches the
language to English and opens every page of the staff menu; each answers 200 and its UI
chrome (navigation, headings, column heads, labels, buttons, help) has no Chinese left.
Data (organ names, titles) may stay Chinese, so only the chrome is read."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django.conf import settings

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import UserFactory
from gongkai.organizations.models import Organ

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HAN = re.compile(r"[\u4e00-\u9fff]")
# The house style keeps a legal term's Chinese name beside its English one: "Disclosure on
# request (依申请公开)". Only Chinese outside such brackets is untranslated.
BESIDE = re.compile(r"\([^()]*\)|（[^（）]*）|“[^”]*”|《[^》]*》")


def untranslated(text: str, site_name: str) -> bool:
    text = text.replace(site_name, "")
    return bool(HAN.search(BESIDE.sub("", text)))


# The chrome of a page; a language switcher's own buttons carry their lang attribute and the
# site's name and the user's name are data.
CHROME = """() => {
  const selectors = [
    "nav.main-nav a", "main h1", "main h2", "main th[scope=col]", "main label",
    "main button", "main .help", "main legend", "main summary", "title"
  ];
  const texts = [];
  for (const selector of selectors) {
    for (const element of document.querySelectorAll(selector)) {
      if (element.closest("[lang^=zh], .language-switcher, [data-data]")) continue;
      // A label or heading may quote data in an inner element (a title, an organ).
      const clone = element.cloneNode(true);
      clone.querySelectorAll("select, option, .data-value, [data-data]").forEach(n => n.remove());
      const text = clone.textContent.replace(/\\s+/g, " ").trim();
      if (text) texts.push(selector + " → " + text);
    }
  }
  return texts;
}"""


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

    site_name = str(settings.SITE_NAME)
    # Organ names are data (a choice of 发文机关 is labelled with the organ's name).
    organ_names = set(Organ.objects.values_list("name", flat=True))
    links = page.eval_on_selector_all("nav.main-nav a", "els => els.map(a => a.href)")
    assert len(links) >= 8, links
    problems: dict[str, list[str]] = {}
    for url in links:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        left = [
            text
            for text in page.evaluate(CHROME)
            if untranslated(text, site_name) and text.split(" → ", 1)[1] not in organ_names
        ]
        if left:
            problems[url] = left
    assert problems == {}, "\n".join(f"{url}: {texts}" for url, texts in problems.items())
