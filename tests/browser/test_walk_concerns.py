"""舆情 (回应关切), each role's day from its 待办, in Chinese and in English (walk.py).

1. A monitoring service reports a case through the signed webhook (set up, not walked);
2. the propaganda department's desk (宣传联络, a coordinator) opens it from its 待办 line
   "concerns.allocate", grades it 重大 and confirms the proposed first responsible body;
3. the responsible department's clerk finds it in "concerns.running" (hours left), records
   the 会商 and 研判 and the authoritative release, which meets the 5-hour clock;
4. the department head finds the response in "concerns.publish" and publishes it; the
   clerk declares the response done and the desk evaluates and closes the case from
   "concerns.evaluate" (收集 → 会商 → 研判 → 回应 → 评估, each step recorded);
5. a citizen reads it in 回应关切 on the portal.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.concerns.models import OpinionCase
from gongkai.concerns.tests.conftest import press_desk, propaganda  # noqa: F401 - fixtures
from gongkai.concerns.webhook import process_pending, signature
from gongkai.concerns.workflow import Severity, Status
from gongkai.organizations.models import Organ
from tests.browser.walk import Desk, citizen_page, language  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


SECRET = "walk-secret"
TOPIC = "网传示范区某小学校车超载"
RELEASE = "关于网传某小学校车超载情况的通报"


def report_by_webhook(detected: Any) -> OpinionCase:
    """The monitoring service's signed call, then the job that turns it into a case."""
    body = json.dumps(
        {
            "id": "walk-0001",
            "detected_at": detected.isoformat(),
            "source": "某网络论坛",
            "link": "https://bbs.example.com/t/1",
            "topic": TOPIC,
            "summary": "帖文称某小学校车严重超载，转发量较大。",
            "severity": "一般",
            "organs": ["edu"],
        },
        ensure_ascii=False,
    ).encode()
    stamp = str(int(time.time()))
    answer = Client().post(
        "/api/v1/concerns/webhook",
        data=body,
        content_type="application/json",
        headers={
            "X-Gongkai-Timestamp": stamp,
            "X-Gongkai-Signature": signature(SECRET, stamp, body),
            "X-Gongkai-Sender": "monitor",
        },
    )
    assert answer.status_code == 202, answer.content
    process_pending()
    return OpinionCase.objects.get()


def test_walk_a_case_from_the_webhook_to_hygz(
    live_server: Any,
    district: Any,
    clerk: Any,
    head: Any,
    press_desk: Any,  # noqa: F811 - the concerns fixture
    settings: Any,
    browser: Any,
    language: str,  # noqa: F811 - walk.language, parametrised zh-hans / en
) -> None:
    settings.GONGKAI_CONCERNS_WEBHOOK_SECRET = SECRET
    case = report_by_webhook(timezone.localtime() - timedelta(minutes=30))
    assert case.status == Status.COLLECTED and case.proposed_organ == district.education
    data = [TOPIC, RELEASE, case.number, *Organ.objects.values_list("name", flat=True)]

    # 2. The propaganda desk grades the case 重大 (5-hour and 24-hour clocks) and confirms
    # the proposed first responsible body.
    desk = Desk(browser, live_server, "press_desk", language, data=data)
    page = desk.open_task("concerns.allocate", case.number)
    page.select_option("#id_regrade-severity", Severity.MAJOR)
    page.fill("#id_regrade-reason", "转发量迅速上升，涉及学生安全。")
    desk.act("button[data-action='regrade']")
    assert page.input_value("#id_allocate-organ") == str(district.education.pk)
    desk.act("button[data-action='allocate']")
    case.refresh_from_db()
    assert (case.severity, case.status) == (Severity.MAJOR, Status.CONSULTING)
    assert case.responsible_organ == district.education
    assert page.locator("#clocks tr[data-kind='opinion_press']").count() == 1

    # 3. The department's clerk records the 会商 and 研判 and answers within the 5 hours: the
    # authoritative release.
    worker = Desk(browser, live_server, "clerk", language, data=data)
    page = worker.open_task("concerns.running", case.number)
    page.fill("#id_consult-note", "与区委宣传部、涉事学校会商，核查校车核载和实载人数。")
    worker.act("button[data-action='consult']")
    page.fill("#id_analyse-note", "网传情况与事实不符，须在5小时内发布权威信息。")
    worker.act("button[data-action='analyse']")
    page.select_option("#id_respond-form", "release")
    page.fill("#id_respond-title", RELEASE)
    page.fill("#id_respond-content", "经核查，涉事校车核载19人，当日实载17人，未超载。")
    page.fill("#id_respond-link", "https://www.example.gov.cn/xwfb/1.html")
    worker.act("button[data-action='respond']")
    assert page.locator("#clocks tr[data-kind='opinion_release'] .overdue").count() == 0
    case.refresh_from_db()
    assert case.release_met_at is not None
    assert page.locator("button[data-action='publish_response']").count() == 0  # the head's

    # 4. The head publishes it in 回应关切 from the 待办.
    boss = Desk(browser, live_server, "head", language, data=data)
    page = boss.open_task("concerns.publish", RELEASE)
    boss.act("button[data-action='publish_response']")
    assert page.locator("#responses .status-published").count() == 1
    boss.inbox()
    assert "concerns.publish" not in boss.task_keys()

    # The press conference has taken place (its clock stays on the case): the clerk, from the
    # 待办 again, declares the response done; the propaganda desk evaluates and closes.
    page = worker.open_task("concerns.running", case.number)
    page.fill("#id_finish-note", "已通报核查结果。")
    worker.act("button[data-action='finish']")
    page = desk.open_task("concerns.evaluate", case.number)
    page.fill("#id_evaluate-evaluation", "回应及时，网络讨论随之平息。")
    desk.act("button[data-action='evaluate']")
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    # (the regrade is recorded as a 研判 of its own)
    assert list(case.steps.values_list("kind", flat=True)) == [
        "collection", "analysis", "consultation", "analysis", "response", "evaluation",
    ]  # fmt: skip

    # 5. The citizen reads it in 回应关切.
    public = citizen_page(browser)
    public.goto(live_server.url + reverse("hygz:list"))
    with public.expect_navigation():
        public.click(f"#response-list a:has-text('{RELEASE}')")
    assert TOPIC in public.inner_text("#response-topic")
    assert "未超载" in public.inner_text("#response-content")
    assert public.inner_text("#response-organ") == "示范区教育局"
