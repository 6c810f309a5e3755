"""回应关切 follows the accessibility rules of the other portal columns: no serious or
critical axe-core violation (WCAG 2.1 AA tags) on its list and detail pages, standard and
elder mode."""

from __future__ import annotations

import os
from typing import Any

import pytest

from gongkai.concerns import services
from gongkai.concerns.tests.conftest import at
from gongkai.concerns.tests.factories import new_case, respond
from gongkai.portal.tests.test_accessibility import AXE, violations

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_hygz_pages_have_no_serious_accessibility_violations(live_server, cast, browser, elder):  # type: ignore[no-untyped-def]
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE} is missing: run `npm ci` at the repository root")
        pytest.skip("axe-core not installed (npm ci)")
    case = new_case(cast.gov_office, at("2025-06-10 09:00"), organs=[cast.district.education])
    services.case_allocate(actor=cast.gov_office, case=case, organ=cast.district.education)
    response = respond(cast.head, case, at("2025-06-10 11:00"), form="press_conference")
    services.response_publish(actor=cast.gov_office, response=response)
    context = browser.new_context(locale="zh-CN", bypass_csp=True)
    tab = context.new_page()
    tab.set_default_timeout(15000)
    try:
        if elder:
            tab.goto(f"{live_server.url}/elder-mode/?on=1&next=/")
        found: dict[str, Any] = {
            path: violations(tab, AXE, f"{live_server.url}{path}")
            for path in ("/hygz/", f"/hygz/{response.uid}/")
        }
    finally:
        context.close()
    assert {path: v for path, v in found.items() if v} == {}
