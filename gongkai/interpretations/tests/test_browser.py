"""End to end on the portal: a document page links to its interpretation (相关解读), which
links back (关联文件). Drives Debian's chromium through Playwright."""

from __future__ import annotations

import os
import re
from datetime import date

import pytest
from django.urls import reverse

from gongkai.documents import services as document_services
from gongkai.interpretations import services

from .factories import png_bytes, upload

# Playwright's sync API runs an event loop in this thread; the ORM calls between browser
# steps are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_document_and_interpretation_link_to_each_other(
    live_server,
    policy_document,
    make_interpretation,
    clerk,
    head,
    reviewer,
    confidentiality_passed,
    page,  # last: Playwright's event loop starts here
):
    interpretation = make_interpretation(
        policy_document,
        title="一图读懂《示范区学前教育资助办法》",
        forms=["text", "graphic"],
    )
    services.media_add(
        actor=clerk, interpretation=interpretation, upload=upload("一图读懂.png", png_bytes())
    )
    services.interpretation_sign_off(actor=head, interpretation=interpretation)
    confidentiality_passed(policy_document)
    document_services.document_publish(
        actor=reviewer, document=policy_document, today=date(2026, 11, 20)
    )
    interpretation.refresh_from_db()

    document_url = live_server.url + reverse("portal:document_detail", args=[policy_document.uid])
    interpretation_url = live_server.url + reverse("zcjd:detail", args=[interpretation.uid])

    page.goto(document_url)
    related = page.locator("#related-interpretations")
    assert related.get_by_role("heading", name="相关解读").is_visible()
    related.get_by_role("link", name=interpretation.title).click()

    page.wait_for_url(interpretation_url)
    assert page.get_by_role("heading", level=1).inner_text() == interpretation.title
    assert page.locator("#interpreter-name").inner_text() == "李老师"
    assert page.locator("#interpreter-phone").inner_text() == "0411-8888 1234"
    assert page.locator("#interpretation-forms").inner_text() == "文字、图解"
    # The 图解 is served and allowed by the page's Content-Security-Policy.
    image = page.get_by_role("img", name="一图读懂")
    image.wait_for()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 1

    documents = page.locator("#related-documents")
    assert documents.get_by_role("heading", name="关联文件").is_visible()
    documents.get_by_role("link", name=re.compile(re.escape(policy_document.title))).click()

    page.wait_for_url(document_url)
    assert page.get_by_role("heading", level=1).inner_text() == policy_document.title
