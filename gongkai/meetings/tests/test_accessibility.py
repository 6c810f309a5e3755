"""The 政府会议 pages follow the accessibility and 适老化 rules of the other columns: axe-core
finds no serious or critical WCAG 2.1 A/AA violation in standard and elder mode, and the
pages fit a phone screen. axe-core comes from npm (`npm ci`); without it the test skips
locally and fails under CI=true."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from gongkai.meetings.workflow import Status
from gongkai.portal.tests.test_accessibility import violations

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe() -> Path:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE} is missing: run `npm ci` at the repository root")
        pytest.skip("axe-core not installed (npm ci)")
    return AXE


@pytest.fixture
def pages(build: Any) -> list[str]:
    upcoming = build(Status.ANNOUNCED)
    held = build(Status.PUBLISHED)
    item = upcoming.items.get(openness="open")
    return [
        reverse("zfhy:list"),
        reverse("zfhy:detail", args=[upcoming.uid]),
        reverse("zfhy:detail", args=[held.uid]),
        reverse("zfhy:apply", args=[item.pk]),
    ]


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        yield page
    finally:
        context.close()


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_meeting_pages_have_no_serious_accessibility_violations(
    live_server: Any, pages: list[str], axe: Path, tab: Any, elder: bool
) -> None:
    if elder:
        tab.goto(f"{live_server.url}/elder-mode/?on=1&next=/")
    found = {path: violations(tab, axe, f"{live_server.url}{path}") for path in pages}
    assert {path: v for path, v in found.items() if v} == {}


def test_meeting_pages_fit_a_phone_screen(live_server: Any, pages: list[str], browser: Any) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (path, width)
    page.close()
