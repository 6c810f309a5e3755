"""Staff pages (待办 by remaining hours, intake, actions, dashboard, the document panel), the
main inbox line, and the portal column 回应关切 (feeds, sitemap, search, escaping)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from gongkai.concerns import services
from gongkai.concerns.tests.conftest import at
from gongkai.concerns.tests.factories import new_case, respond
from gongkai.concerns.workflow import Severity, Status
from gongkai.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_todo_marks_under_one_hour_red(client, cast):  # type: ignore[no-untyped-def]
    soon = new_case(cast.gov_office, timezone.now() - timedelta(hours=4, minutes=30), severity=Severity.MAJOR,
                    topic="半小时内到期")  # fmt: skip
    later = new_case(cast.gov_office, timezone.now() - timedelta(hours=1), topic="还有47小时")
    client.force_login(cast.gov_office)
    page = client.get("/staff/concerns/").content.decode()
    assert page.index("半小时内到期") < page.index("还有47小时")
    row_soon = page[page.index(f'data-case="{soon.pk}"') :][:400]
    row_later = page[page.index(f'data-case="{later.pk}"') :][:400]
    assert "due-urgent" in row_soon and 'data-urgent="1"' in row_soon
    assert "due-urgent" not in row_later
    inbox = client.get("/staff/").content.decode()
    assert "1小时内到期" in inbox


def test_staff_intake_form_and_chinese_errors(client, cast):  # type: ignore[no-untyped-def]
    client.force_login(cast.gov_office)
    r = client.post("/staff/concerns/new/", {"detected_at": "2025-06-10T09:00", "source": "微博",
                                             "topic": "", "summary": "x", "severity": "major"})  # fmt: skip
    assert r.status_code == 400
    assert "提交的内容有误" in r.content.decode()
    r = client.post("/staff/concerns/new/", {
        "detected_at": "2025-06-10T09:00", "source": "微博", "topic": "校车超载", "summary": "帖文称……",
        "severity": "major", "organs": [cast.district.education.pk],
    })  # fmt: skip
    assert r.status_code == 302
    detail = client.get(r["Location"]).content.decode()
    assert "2025-06-10 14:00" in detail and "2025-06-11 09:00" in detail
    assert 'data-action="allocate"' in detail
    client.force_login(cast.clerk)
    assert client.get("/staff/concerns/new/").status_code == 403


def test_action_forms_run_the_services(client, cast):  # type: ignore[no-untyped-def]
    case = new_case(cast.gov_office, at("2025-06-10 09:00"), organs=[cast.district.education])
    client.force_login(cast.gov_office)
    r = client.post(
        f"/staff/concerns/{case.pk}/allocate/", {"allocate-organ": cast.district.finance.pk}
    )
    assert r.status_code == 400
    assert "变更建议的第一责任主体须说明理由" in r.content.decode()
    r = client.post(
        f"/staff/concerns/{case.pk}/allocate/", {"allocate-organ": cast.district.education.pk}
    )
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CONSULTING
    r = client.post(f"/staff/concerns/{case.pk}/evaluate/", {"evaluate-evaluation": "x"})
    assert r.status_code == 409
    client.force_login(cast.other_reviewer)
    assert (
        client.post(f"/staff/concerns/{case.pk}/dispute/", {"dispute-reason": "x"}).status_code
        == 404
    )


def test_dashboard_monthly_figures(client, cast):  # type: ignore[no-untyped-def]
    case = new_case(cast.gov_office, at("2025-06-10 09:00"), organs=[cast.district.education])
    services.case_allocate(actor=cast.gov_office, case=case, organ=cast.district.education)
    respond(cast.head, case, at("2025-06-13 09:00"))  # 72 h: late
    client.force_login(cast.gov_office)
    page = client.get("/staff/concerns/dashboard/?year=2025&month=6").content.decode()
    assert "示范区教育局" in page and "0.0%" in page
    client.force_login(cast.clerk)
    assert client.get("/staff/concerns/dashboard/").status_code == 403


def test_case_shows_on_the_documents_staff_page(client, cast):  # type: ignore[no-untyped-def]
    policy = DocumentFactory(organ=cast.district.education, is_policy=True)
    case = new_case(
        cast.gov_office, at("2025-06-10 09:00"), documents=[policy], topic="招生政策引发热议"
    )
    client.force_login(cast.clerk)  # the interpreting department sees the case
    r = client.get(f"/staff/documents/{policy.pk}/")
    assert r.status_code == 200
    page = r.content.decode()
    assert 'id="opinion-cases"' in page and "招生政策引发热议" in page
    assert "待解疑释惑" in client.get("/staff/").content.decode()
    assert client.get(f"/staff/concerns/{case.pk}/").status_code == 200
    assert "待解疑释惑" not in client.get("/staff/").content.decode()  # seen


def test_portal_column_feeds_sitemap_and_search(client, cast, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    case = new_case(cast.gov_office, at("2025-06-10 09:00"), organs=[cast.district.education])
    services.case_allocate(actor=cast.gov_office, case=case, organ=cast.district.education)
    old = respond(cast.head, case, at("2025-06-10 10:00"))
    new = respond(cast.head, case, at("2025-06-10 12:00"), form="website")
    hidden = respond(cast.head, case, at("2025-06-10 13:00"), form="new_media")
    with django_capture_on_commit_callbacks(execute=True):
        services.response_publish(actor=cast.gov_office, response=old)
        services.response_publish(actor=cast.gov_office, response=new)
    page = client.get("/hygz/").content.decode()
    assert page.index(str(new.uid)) < page.index(str(old.uid))  # newest first
    assert str(hidden.uid) not in page
    assert client.get(f"/hygz/{hidden.uid}/").status_code == 404
    detail = client.get(f"/hygz/{new.uid}/")
    assert detail.status_code == 200 and "Content-Security-Policy" in detail.headers
    assert client.get("/feeds/hygz/rss.xml").status_code in (200, 404)
    from django.urls import reverse

    rss = client.get(reverse("portal:feed_rss", kwargs={"key": "hygz"}))
    assert rss.status_code == 200 and str(new.uid) in rss.content.decode()
    sitemap = client.get(reverse("portal:sitemap_section", kwargs={"section": "concerns"}))
    assert str(new.uid) in sitemap.content.decode()
    from gongkai.search.models import SearchEntry

    assert set(SearchEntry.objects.filter(kind="concern_response").values_list("object_id", flat=True)) == {
        old.pk, new.pk,
    }  # fmt: skip
    home = client.get("/").content.decode()
    assert "回应关切" in home
