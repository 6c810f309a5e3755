"""政府会议 plugs into the site like every column: static publishing learns its pages from
its hooks, search indexes a public meeting on its public change, the column has feeds and a
sitemap section, and the notification job catches up."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from gongkai.core.kit.columns import section_path
from gongkai.meetings import columns, services
from gongkai.meetings.models import AttendanceApplication
from gongkai.meetings.workflow import Status
from gongkai.publishing.dependencies import paths_for_change
from gongkai.search.models import SearchEntry

from .conftest import apply

pytestmark = pytest.mark.django_db


def test_a_public_change_names_the_meetings_pages(build):
    meeting = build(Status.PUBLISHED)
    paths = paths_for_change(meeting, "published")
    assert reverse("zfhy:detail", args=[meeting.uid]) in paths
    assert reverse("zfhy:list") in paths
    assert reverse("portal:feed_rss", kwargs={"key": "zfhy"}) in paths
    assert set(columns.static_paths()) == {
        reverse("zfhy:list"),
        reverse("zfhy:detail", args=[meeting.uid]),
    }


def test_published_pages_carry_no_form_token(client, build):
    """The list and meeting pages are published as static files: the form is elsewhere."""
    meeting = build(Status.ANNOUNCED)
    for path in (reverse("zfhy:list"), reverse("zfhy:detail", args=[meeting.uid])):
        response = client.get(path)
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert "private" not in response.headers.get("Cache-Control", "")
    form = client.get(reverse("zfhy:apply", args=[meeting.items.get(openness="open").pk]))
    assert "csrfmiddlewaretoken" in form.content.decode()
    assert "no-store" in form.headers["Cache-Control"]


def test_search_indexes_the_meeting_and_its_results(
    build, reviewer, django_capture_on_commit_callbacks
):
    meeting = build(Status.HELD)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish(actor=reviewer, meeting=meeting)
    entry = SearchEntry.objects.get(kind="meeting", object_id=meeting.pk)
    assert "原则通过" in entry.body and "干部任免事项" not in entry.body
    assert entry.title == meeting.title


def test_a_cancelled_announcement_stays_public_with_its_reason(client, build, head):
    meeting = build(Status.ANNOUNCED)
    services.meeting_cancel(actor=head, meeting=meeting, reason="会议改期，另行通知。")
    page = client.get(reverse("zfhy:detail", args=[meeting.uid])).content.decode()
    assert "本次会议已取消" in page and "会议改期" in page


def test_feed_and_sitemap_list_the_meeting(client, build):
    meeting = build(Status.PUBLISHED)
    rss = client.get(reverse("portal:feed_rss", kwargs={"key": "zfhy"}))
    assert rss.status_code == 200 and meeting.title in rss.content.decode()
    sitemap = client.get(section_path(columns.SITEMAP_SECTION))
    assert str(meeting.uid) in sitemap.content.decode()


def test_the_job_notifies_what_was_not_sent(build, clerk, settings):
    settings.GONGKAI_SMS_BACKEND = "gongkai.meetings.tests.test_services.FailingSms"
    meeting = build(Status.ANNOUNCED)
    item = meeting.items.get(openness="open")
    apply(item, 2)
    services.attendees_select(actor=clerk, item=item, method="order", seats=1)
    services.notify_attendees()
    out = StringIO()
    call_command("notify_meeting_attendees", "--dry-run", stdout=out)
    assert "待通知 2 人" in out.getvalue()
    settings.GONGKAI_SMS_BACKEND = "gongkai.meetings.tests.test_services.RecordingSms"
    call_command("notify_meeting_attendees", stdout=out)
    assert "已通知 2 人" in out.getvalue()
    assert not AttendanceApplication.objects.filter(notified_at__isnull=True).exists()
