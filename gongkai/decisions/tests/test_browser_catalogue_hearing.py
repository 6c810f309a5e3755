"""In a browser: the 重大行政决策事项目录 (staff list an item, remove it with a reason; the
portal page shows the item, the removal and the history), and a hearing (听证, 决策条例第十六—
十七条): staff plan it and publish the notice with the participant list, the portal shows
both, and recording the hearing with materials sent under 7 days before is refused with
gate G10's rule. Drives Debian's chromium through Playwright."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse

from gongkai.core.kit import steps
from gongkai.decisions.models import CatalogueItem, Hearing
from gongkai.decisions.tests import factories as f
from tests.browser.walk import PASSWORD, new_page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser: Any, live_server: Any, username: str) -> Any:
    page = new_page(browser)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/"))
    return page


def act(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_catalogue_listed_removed_and_published(
    live_server: Any, district: Any, gov_office: Any, browser: Any
) -> None:
    year = steps.today().year
    staff = login(browser, live_server, "gov_office")
    staff.goto(live_server.url + reverse("decisions:catalogue"))
    form = staff.locator("#catalogue-form")
    form.locator("#id_year").fill(str(year))
    form.locator("#id_title").fill("老旧小区改造三年行动计划")
    form.locator("#id_undertaking_unit").fill("区住房和城乡建设局")
    form.locator("#id_participation_methods").fill("公开征求意见、听证")
    form.locator("#id_planned_completion").fill("12月")
    with staff.expect_navigation():
        form.locator("button[type=submit]").click()
    item = CatalogueItem.objects.get(title="老旧小区改造三年行动计划")
    row = staff.locator(f"#catalogue-table tr[data-item='{item.pk}']")
    assert "区住房和城乡建设局" in row.inner_text()
    citizen = new_page(browser)
    citizen.goto(live_server.url + reverse("zdjc:catalogue", args=[year]))
    listed = citizen.inner_text(f"#item-{item.pk}")
    assert "老旧小区改造三年行动计划" in listed and "公开征求意见、听证" in listed
    # Removed with a reason: the portal keeps the item struck through, with the reason.
    row.locator("input[name=reason]").fill("并入城市更新专项规划")
    with staff.expect_navigation():
        row.locator("button").click()
    citizen.goto(live_server.url + reverse("zdjc:catalogue", args=[year]))
    assert citizen.locator(f"#item-{item.pk} del").inner_text() == "老旧小区改造三年行动计划"
    assert "并入城市更新专项规划" in citizen.inner_text(f"#item-{item.pk}")
    assert "并入城市更新专项规划" in citizen.inner_text("#catalogue-history")


def test_hearing_notice_participants_and_g10(
    live_server: Any, district: Any, clerk: Any, browser: Any
) -> None:
    decision = f.to_participation(clerk, district.education)
    f.open_consultation(clerk, decision)  # the decision's page is public from here on
    held_on = steps.today() + timedelta(days=10)
    staff = login(browser, live_server, "clerk")
    staff.goto(live_server.url + reverse("decisions:detail", args=[decision.pk]))
    staff.fill("#id_hearing-held_on", held_on.isoformat())
    staff.fill("#id_hearing-place", "区政府第一会议室")
    staff.fill("#id_hearing-selection_method", "公开报名，按利益相关程度分类随机抽取15人")
    act(staff, "[data-action='hearing']")
    hearing = Hearing.objects.get(decision=decision)
    staff.fill(f"#id_hn{hearing.pk}-participants", "张某（车主代表）\n李某（商户代表）")
    act(staff, "[data-action='hearing-notice']")
    hearing.refresh_from_db()
    assert hearing.noticed_on == steps.today() and hearing.participants_published_on
    # The portal: the notice (time, place, selection method) and the participant list.
    citizen = new_page(browser)
    citizen.goto(live_server.url + reverse("zdjc:detail", args=[decision.uid]))
    shown = citizen.inner_text("section[aria-labelledby='hearings-heading']")
    assert "区政府第一会议室" in shown and "随机抽取15人" in shown and "李某（商户代表）" in shown
    # Time passes: the hearing day has come, the materials went out only 3 days before.
    Hearing.objects.filter(pk=hearing.pk).update(
        noticed_on=steps.today() - timedelta(days=12),
        participants_published_on=steps.today() - timedelta(days=12),
        held_on=steps.today(),
        materials_sent_on=steps.today() - timedelta(days=3),
    )
    staff.goto(live_server.url + reverse("decisions:detail", args=[decision.pk]))
    warning = staff.inner_text(f"[data-hearing='{hearing.pk}'] .warning")
    assert "7日前" in warning
    staff.fill(f"#id_hr{hearing.pk}-record", "听证会听取了参加人意见。")
    staff.fill(f"#id_hr{hearing.pk}-signed_by", "张某、李某")
    act(staff, "[data-action='hearing-record']")
    refusal = staff.inner_text(".messages")
    assert "7日前" in refusal and "第十六条" in refusal
    # The record form carries its own title only (no help text of another form).
    assert "第十五条" not in staff.inner_text("#form-hearing-record")
    hearing.refresh_from_db()
    assert hearing.status != "held" and hearing.record == ""
