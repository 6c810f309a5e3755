"""待办 per role, with the publication deadline of issued documents."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gongkai.calendars.services import clock_open
from gongkai.documents.clocks import ClockKind
from gongkai.documents.models import Document
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status

pytestmark = pytest.mark.django_db


def _section(response, key):
    blocks = {block.key: block for block in response.context["blocks"]}
    return blocks[key]


def _titles(block):
    return [row.document.title for row in block.rows]


def test_clerk_inbox_lists_drafts_and_shows_roles(client, clerk, draft):
    client.force_login(clerk)
    response = client.get(reverse("staff:inbox"))
    assert response.status_code == 200
    assert response.context["roles"] == ["教育局 · 起草人员"]
    assert _titles(_section(response, "drafts")) == [draft.title]
    html = response.content.decode()
    assert "教育局 · 起草人员" in html
    assert 'id="inbox-drafts"' in html
    assert draft.title in html


def test_head_inbox_lists_documents_to_sign(client, head, in_signoff):
    client.force_login(head)
    response = client.get(reverse("staff:inbox"))
    assert _titles(_section(response, "signoff")) == [in_signoff.title]
    assert "待审签" in response.content.decode()


def test_secrecy_reviewer_inbox_lists_issued_documents_with_due_date(
    client, secrecy_reviewer, issued
):
    client.force_login(secrecy_reviewer)
    response = client.get(reverse("staff:inbox"))
    row = _section(response, "confidentiality").rows[0]
    assert row.document == issued
    clock = issued.publication_clock()
    assert row.due is not None and row.due.due == clock.due_date
    assert not row.due.overdue
    assert row.due.left > 0
    html = response.content.decode()
    assert f"剩余 {row.due.left} 个工作日" in html


def test_reviewer_inbox_marks_overdue_publication(client, reviewer, district):
    doc = DocumentFactory(organ=district.education, status=Status.ISSUED)
    clock_open(subject=doc, kind=ClockKind.PUBLICATION, start=date(2025, 1, 2), days=20)
    client.force_login(reviewer)
    response = client.get(reverse("staff:inbox"))
    row = _section(response, "overdue").rows[0]
    assert row.document == doc
    assert row.due.overdue and row.due.overdue_by > 0
    html = response.content.decode()
    assert 'data-overdue="true"' in html
    assert "已超期" in html


def test_reviewer_inbox_is_sectioned_by_role(client, reviewer, draft):
    client.force_login(reviewer)
    response = client.get(reverse("staff:inbox"))
    keys = [block.key for block in response.context["blocks"]]
    assert keys == ["disclosure_review", "to_publish", "overdue"]
    # A draft still at the drafting desk is not the openness office's business.
    assert draft.title not in response.content.decode()


def test_document_list_filters_and_paginates(client, clerk, district, settings):
    settings.GONGKAI_PAGE_SIZE = 2
    for n in range(3):
        DocumentFactory(organ=district.education, title=f"草稿{n}")
    DocumentFactory(organ=district.education, title="已发文", status=Status.ISSUED)
    client.force_login(clerk)
    first = client.get(reverse("staff:document_list"))
    assert first.context["page"].paginator.count == 4
    assert len(first.context["rows"]) == 2
    second = client.get(reverse("staff:document_list"), {"page": 2, "status": "draft"})
    assert second.context["page"].paginator.count == 3
    assert len(second.context["rows"]) == 1
    assert "status=draft" in second.content.decode()
    issued = client.get(reverse("staff:document_list"), {"status": "issued"})
    assert [row.document.title for row in issued.context["rows"]] == ["已发文"]
    organ = client.get(reverse("staff:document_list"), {"organ": district.finance.pk})
    # 财政局 is not among the organs the clerk can see documents of: an invalid choice
    # does not widen the list.
    assert (
        organ.context["page"].paginator.count
        == Document.objects.filter(organ=district.education).count()
    )
