"""Role walks in chromium: one role's day, from its 待办 (the staff home page) to the work
done, in Chinese and in English.

A walk logs a user in, picks the language with the page's own switcher, starts at the 待办,
follows the task the walk is about (``Desk.open_task``), acts with the page's buttons and
checks, on every page it reaches, that the UI chrome is in the walk's language
(``Desk.check_chrome``): in English, no Chinese is left in navigation, headings, column
heads, labels, buttons or help, except a legal term's Chinese name beside its English one
and data (titles, organ names). Selectors use ids and data attributes, never visible
text, so the same walk runs in both languages.

The public portal has no English catalogue: citizens' steps run in Chinese
(``citizen_page``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pytest
from django.conf import settings

# CI runs the English walks in the SQLite suite and the Chinese ones in the PostgreSQL suite
# (markers walk_en / walk_zh, Makefile test-ci), to stay within its budget; `make test` runs
# both on any database. Use as `@pytest.mark.parametrize("language", LANGUAGES)` or the
# `language` fixture.
LANGUAGES = [
    pytest.param("zh-hans", marks=pytest.mark.walk_zh, id="zh-hans"),
    pytest.param("en", marks=pytest.mark.walk_en, id="en"),
]
PASSWORD = "gongkai-demo"

HAN = re.compile(r"[\u4e00-\u9fff]")
# The house style keeps a legal term's Chinese name beside its English one: "Disclosure on
# request (依申请公开)". Only Chinese outside such brackets is untranslated.
BESIDE = re.compile(r"\([^()]*\)|（[^（）]*）|“[^”]*”|《[^》]*》")

# The chrome of a page; a language switcher's own buttons carry their lang attribute, and
# the site's name, the user's name and data marked [data-data] or .data-value are data.
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


def untranslated(text: str, site_name: str) -> bool:
    text = text.replace(site_name, "")
    return bool(HAN.search(BESIDE.sub("", text)))


def chrome_left_in_chinese(page: Any, data: Iterable[str] = ()) -> list[str]:
    """The chrome texts of the page that still carry Chinese outside brackets. `data` are
    texts known to be data (a title quoted in a heading, an organ's name as a choice
    label); they are taken out before the check."""
    site_name = str(settings.SITE_NAME)
    known = sorted({value for value in data if value}, key=len, reverse=True)
    left = []
    for text in page.evaluate(CHROME):
        shown = text.split(" → ", 1)[1]
        for value in known:
            shown = shown.replace(value, "")
        if untranslated(shown, site_name):
            left.append(text)
    return left


@pytest.fixture(params=LANGUAGES)
def language(request: Any) -> str:
    return str(request.param)


def new_page(browser: Any) -> Any:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(20000)
    return page


def citizen_page(browser: Any) -> Any:
    """A citizen's browser: the portal is in Chinese."""
    return new_page(browser)


class Desk:
    """One staff user's browser, in one language.

    ``data`` collects texts the walk knows to be data (titles, organ names, people's names)
    so that a heading quoting a title does not count as untranslated chrome.
    """

    def __init__(
        self, browser: Any, live_server: Any, username: str, language: str, data: Iterable[str] = ()
    ) -> None:
        self.live_server = live_server
        self.language = language
        self.data: set[str] = set(data)
        self.errors: list[str] = []
        self.page = new_page(browser)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(f"{live_server.url}/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(re.compile(r"/staff/"))
        if language != "zh-hans":
            with self.page.expect_navigation():
                self.page.click(f".language-switcher button[value={language}]")
        self.check_chrome()

    # --- navigation -------------------------------------------------------------------
    def inbox(self) -> Any:
        """The 待办, checked."""
        self.page.goto(f"{self.live_server.url}/staff/")
        self.check_chrome()
        return self.page

    def task(self, key: str) -> Any:
        """The 待办 line of one module's section (``data-task`` = the InboxLink key); in
        English the lines' own texts (module: section, the items' notes) are checked too."""
        self.inbox()
        line = self.page.locator(f"[data-task='{key}']")
        assert line.count() == 1, f"no 待办 line {key!r} for this user: {self.task_keys()}"
        if self.language != "zh-hans":
            texts = self.page.eval_on_selector_all(
                "[data-task] > a, [data-task] .task-items .muted",
                "els => els.map(e => e.innerText)",
            )
            left = self.left_in_chinese(texts)
            assert left == [], f"untranslated 待办 lines {left}"
        return line

    def task_keys(self) -> list[str]:
        return list(
            self.page.eval_on_selector_all("[data-task]", "els => els.map(e => e.dataset.task)")
        )

    def open_task(self, key: str, label: str) -> Any:
        """From the 待办, open the task of section `key` whose link text contains `label`
        (a title or case number): the walk reaches its work the way the user does."""
        line = self.task(key)
        link = line.locator("a", has_text=label).first
        assert link.count() == 1, f"{label!r} is not among the 待办 items of {key!r}"
        with self.page.expect_navigation():
            link.click()
        self.check_chrome()
        return self.page

    def goto(self, path: str) -> Any:
        response = self.page.goto(self.live_server.url + path)
        assert response is not None and response.status == 200, path
        self.check_chrome()
        return self.page

    def act(self, selector: str) -> Any:
        """Click a button that submits and wait for the next page, then check it and, in
        English, the confirmation it shows (the flash message)."""
        with self.page.expect_navigation():
            self.page.click(selector)
        self.check_chrome()
        if self.language != "zh-hans":
            flashes = self.page.eval_on_selector_all(
                "ul.messages li", "els => els.map(e => e.innerText)"
            )
            left = self.left_in_chinese(flashes)
            assert left == [], f"{self.page.url}: untranslated message {left}"
        return self.page

    # --- checks ------------------------------------------------------------------------
    def left_in_chinese(self, texts: Iterable[str]) -> list[str]:
        """The texts still in Chinese once the walk's known data is taken out."""
        known = sorted((value for value in self.data if value), key=len, reverse=True)
        left = []
        for text in texts:
            shown = text
            for value in known:
                shown = shown.replace(value, "")
            if untranslated(shown, str(settings.SITE_NAME)):
                left.append(text)
        return left

    def check_chrome(self) -> None:
        lang = self.page.evaluate("document.documentElement.lang")
        if self.language == "en":
            assert lang.startswith("en"), (self.page.url, lang)
            left = chrome_left_in_chinese(self.page, self.data)
            assert left == [], f"{self.page.url}: untranslated chrome {left}"
        else:
            assert lang.startswith("zh"), (self.page.url, lang)
        assert self.errors == [], f"{self.page.url}: script errors {self.errors}"
