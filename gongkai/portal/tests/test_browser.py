"""End-to-end checks in Debian's chromium: 适老化 toggle with JavaScript, skip link, mobile layout."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def document(publish: Any) -> Any:
    return publish(
        title="示范区人民政府关于印发示范区推进政务公开标准化规范化工作实施方案的通知",
        doc_number="示政发〔2024〕12号",
        validity="repealed",
        repealed_date=date(2024, 9, 30),
        body="各街道办事处，区政府各部门：\n" + "现将实施方案印发给你们，请认真贯彻执行。" * 8,
    )


def test_elder_mode_button_toggles_class_and_persists(
    live_server: Any, document: Any, browser: Any
) -> None:
    page = browser.new_page()
    page.goto(f"{live_server.url}/xxgk/documents/{document.uid}/")
    base_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")

    button = page.get_by_role("button", name="适老化大字模式")
    button.click()

    assert page.evaluate("document.documentElement.classList.contains('elder')")
    assert button.get_attribute("aria-pressed") == "true"
    assert (
        page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") > base_size
    )
    page.reload()
    assert page.evaluate("document.documentElement.className") == "elder"
    assert page.get_by_role("button", name="适老化大字模式").get_attribute("aria-pressed") == "true"


def test_first_tab_reveals_the_skip_link(live_server: Any, district: Any, browser: Any) -> None:
    page = browser.new_page()
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.textContent")
    box = page.locator(".skip-link").bounding_box()

    assert focused == "跳到主要内容"
    assert box is not None and box["y"] >= 0


@pytest.mark.parametrize("elder", [False, True])
def test_pages_fit_a_phone_screen(
    live_server: Any, document: Any, elder: bool, browser: Any
) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    if elder:
        page.goto(f"{live_server.url}/elder-mode/?on=1&next=/")
    for path in ("/", "/xxgk/", "/xxgk/documents/", f"/xxgk/documents/{document.uid}/"):
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (path, width)


def _body_size(page: Any) -> float:
    return float(
        page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.document__body')).fontSize)"
        )
    )


@pytest.mark.parametrize("javascript", [True, False])
def test_document_toolbar_prints_and_changes_the_text_size(
    live_server: Any, document: Any, browser: Any, javascript: bool
) -> None:
    """Issue 15 §10: 打印/字号 on document pages, plain links that work without JavaScript."""
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}/xxgk/documents/{document.uid}/")
    tools = page.get_by_role("navigation", name="文档工具")
    normal = _body_size(page)
    tools.get_by_role("link", name="大").click()
    assert _body_size(page) > normal
    tools.get_by_role("link", name="小").click()
    assert _body_size(page) < normal
    tools.get_by_role("link", name="中").click()
    assert _body_size(page) == normal
    if javascript:
        page.evaluate("window.print = () => { window.__printed = true; }")
        tools.get_by_role("link", name="打印").click()
        assert page.evaluate("window.__printed === true")
    else:
        tools.get_by_role("link", name="打印").click()
        # The print view: the document alone, with a hint to print.
        assert not page.locator(".site-header").is_visible()
        assert page.locator(".doc-tools__print-hint").is_visible()
        assert page.locator(".document__title").is_visible()
    context.close()
