"""Issue 6: a search from the portal's home page opens a result."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import transaction

from gongkai.documents.tests.factories import DocumentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_from_home_page_opens_the_result(
    live_server: Any, district: Any, browser: Any
) -> None:
    with transaction.atomic():
        document = DocumentFactory(
            organ=district.education,
            status="published",
            index_number="000000003/2026-00042",
            published_date=date(2026, 11, 20),
            title="示范区教育局关于推进政务公开标准化规范化工作的通知",
            body="各学校：现就推进政务公开标准化规范化工作通知如下。",
        )
        # Published through the factory, so send the signal the services send.
        from gongkai.core.kit.hooks import announce_public_change

        announce_public_change(document, "published")
    page = browser.new_page()
    page.goto(f"{live_server.url}/")
    page.fill("#q", "政务公开")
    page.press("#q", "Enter")
    page.wait_for_url("**/search/**")
    page.click("text=推进政务公开标准化规范化工作的通知")
    page.wait_for_url(f"**/xxgk/documents/{document.uid}/")
    assert page.inner_text("#index-number").strip() == "000000003/2026-00042"
