"""Display helpers: due dates in working days, labels, which action forms are shown."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.documents import presenters
from gongkai.documents.workflow import Status
from gongkai.lib.workdays import WorkCalendar
from gongkai.staff.templatetags.staff_tags import paragraphs, zh_date

# 2026-01-01 (Thursday) is a holiday; 2026-01-04 (Sunday) a make-up working day.
CAL = WorkCalendar(
    holidays=frozenset({date(2026, 1, 1)}), makeup_workdays=frozenset({date(2026, 1, 4)})
)


@pytest.mark.parametrize(
    "today, due, left, overdue, overdue_by",
    [
        (date(2025, 12, 31), date(2026, 1, 5), 3, False, 0),  # skips 1 Jan, counts Sunday 4 Jan
        (date(2026, 1, 5), date(2026, 1, 5), 0, False, 0),
        (date(2026, 1, 6), date(2026, 1, 5), 0, True, 1),
        (date(2026, 1, 12), date(2026, 1, 5), 0, True, 5),
    ],
)
def test_due_info_counts_working_days(today, due, left, overdue, overdue_by, settings):
    settings.GONGKAI_DUE_SOON_WORKDAYS = 3
    info = presenters.due_info(due, today, CAL)
    assert (info.left, info.overdue, info.overdue_by) == (left, overdue, overdue_by)
    assert info.soon == (not overdue and left <= 3)


def test_due_info_without_due_date_is_none():
    assert presenters.due_info(None, date(2026, 1, 5), CAL) is None


def test_action_and_state_labels():
    assert presenters.action_label("document.submitted") == "报送审签"
    assert presenters.action_label("something.new") == "something.new"
    assert presenters.state_label(Status.RETURNED) == "已退文"
    assert presenters.state_label("repealed") == "废止"
    assert presenters.state_label("") == ""


def test_body_paragraphs_are_escaped():
    html = paragraphs("各学校：\n<script>alert(1)</script>\n\n")
    assert html == "<p>各学校：</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_zh_date():
    assert zh_date(date(2026, 3, 5)) == "2026年3月5日"
    assert zh_date(None) == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "user, expected",
    [
        ("clerk", set()),
        ("head", {"sign_off", "return"}),
        ("reviewer", set()),
        ("secrecy_reviewer", set()),
    ],
)
def test_actions_shown_in_signoff(request, in_signoff, user, expected):
    actor = request.getfixturevalue(user)
    assert presenters.available_actions(actor, in_signoff) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "user, expected",
    [
        ("clerk", {"manage_attachments"}),
        ("head", set()),
        ("reviewer", {"publish", "manage_attachments"}),
        ("secrecy_reviewer", {"review_confidentiality"}),
    ],
)
def test_actions_shown_when_issued(request, issued, user, expected):
    actor = request.getfixturevalue(user)
    assert presenters.available_actions(actor, issued) == expected


@pytest.mark.django_db
def test_clerk_may_edit_submit_and_upload_on_a_draft(clerk, draft):
    assert presenters.available_actions(clerk, draft) == {"submit", "update", "manage_attachments"}


@pytest.mark.django_db
def test_confidentiality_items_are_labelled(issued):
    from gongkai.documents.models import Attachment

    attachment = Attachment.objects.create(
        document=issued,
        title="招生计划表",
        original_name="plan.docx",
        kind="docx",
        size=1,
        sha256="ab" * 32,
        file="x.docx",
    )
    assert presenters.confidentiality_choices(issued) == [
        ("body", "正文"),
        (f"attachment:{attachment.pk}:{'ab' * 32}", "附件：招生计划表"),
    ]
