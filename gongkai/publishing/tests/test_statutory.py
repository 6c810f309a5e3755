"""法定主动公开内容: filing documents under 条例第二十条/第二十一条 items."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from gongkai.core.exceptions import InvalidInput, NotPermitted
from gongkai.core.models import AuditEvent
from gongkai.documents import lists as selectors
from gongkai.documents import services
from gongkai.documents.models import StatutoryItem, StatutoryItemTag
from gongkai.publishing import publisher
from gongkai.publishing.models import JobOutcome, PublishJob

pytestmark = pytest.mark.django_db


def test_items_are_the_fifteen_of_article_20_and_the_seven_of_article_21() -> None:
    codes = StatutoryItem.values
    assert [c for c in codes if c.startswith("20-")] == [f"20-{n:02d}" for n in range(1, 16)]
    assert len([c for c in codes if c.startswith("21-")]) == 7
    assert StatutoryItem("20-07").label == "（七）财政预算、决算信息"
    assert StatutoryItem.article("21-03") == 21


def test_openness_office_tags_a_document_with_audit_and_idempotence(
    published: Any, reviewer: Any
) -> None:
    document = published(title="2024年部门预算")

    services.statutory_item_tag(actor=reviewer, document=document, item_code="20-07")
    services.statutory_item_tag(actor=reviewer, document=document, item_code="20-07")

    assert list(StatutoryItemTag.objects.values_list("item_code", flat=True)) == ["20-07"]
    events = AuditEvent.objects.filter(action="document.statutory_item_tagged")
    assert events.count() == 1


def test_only_the_organs_openness_office_may_tag(published: Any, other_reviewer: Any) -> None:
    document = published(title="教育局的文件")
    with pytest.raises(NotPermitted):
        services.statutory_item_tag(actor=other_reviewer, document=document, item_code="20-07")
    assert not StatutoryItemTag.objects.exists()


def test_unknown_items_are_refused(published: Any, reviewer: Any) -> None:
    with pytest.raises(InvalidInput):
        services.statutory_item_tag(
            actor=reviewer, document=published(title="x"), item_code="20-16"
        )


def test_only_items_with_public_content_are_listed(published: Any) -> None:
    public = published(title="预算公开")
    draft = published(title="草稿", status="draft", index_number=None)
    StatutoryItemTag.objects.create(document=public, item_code="20-07")
    StatutoryItemTag.objects.create(document=draft, item_code="20-01")

    items = selectors.statutory_items_with_content()

    assert [(i.code, i.count) for i in items] == [("20-07", 1)]


def test_the_portal_links_items_with_content_only(published: Any, client: Client) -> None:
    assert client.get("/xxgk/fdzdgk/").status_code == 200
    document = published(title="2024年区级部门预算")
    StatutoryItemTag.objects.create(document=document, item_code="20-07")
    StatutoryItemTag.objects.create(document=document, item_code="21-07")

    index = client.get("/xxgk/fdzdgk/").content.decode()
    item = client.get("/xxgk/fdzdgk/20-07/").content.decode()
    detail = client.get(f"/xxgk/documents/{document.uid}/").content.decode()

    assert "（七）财政预算、决算信息" in index and "社会救助" in index
    assert 'href="/xxgk/fdzdgk/20-01/"' not in index and "（一）行政法规" in index
    assert "2024年区级部门预算" in item
    assert client.get("/xxgk/fdzdgk/20-01/").status_code == 404
    assert client.get("/xxgk/fdzdgk/99-99/").status_code == 404
    assert "法定主动公开事项" in detail and "（七）财政预算、决算信息" in detail


def test_tagging_a_published_document_republishes_its_pages(
    published: Any, reviewer: Any, run_on_commit: Any, root: Path
) -> None:
    other = published(title="已在事项中的文件")
    StatutoryItemTag.objects.create(document=other, item_code="20-07")
    document = published(title="新标注的预算文件")
    publisher.publish_all()

    run_on_commit(services.statutory_item_tag, actor=reviewer, document=document, item_code="20-07")

    done = set(PublishJob.objects.filter(outcome=JobOutcome.WRITTEN).values_list("path", flat=True))
    assert done == {
        f"/xxgk/documents/{document.uid}/",
        "/xxgk/fdzdgk/",
        "/xxgk/fdzdgk/20-07/",
        "/feeds/statutory/rss.xml",
        "/feeds/statutory/atom.xml",
    }
    assert "新标注的预算文件" in (root / "xxgk" / "fdzdgk" / "20-07" / "index.html").read_text()


def test_the_admin_tags_through_the_service(
    published: Any, administrator: Any, client: Client
) -> None:
    document = published(title="通过管理后台标注")
    client.force_login(administrator)

    response = client.post(
        "/admin/documents/statutoryitemtag/add/",
        {"document": document.pk, "item_code": "20-05"},
    )

    assert response.status_code == 302
    assert StatutoryItemTag.objects.get().created_by == administrator
    assert AuditEvent.objects.filter(action="document.statutory_item_tagged").exists()
