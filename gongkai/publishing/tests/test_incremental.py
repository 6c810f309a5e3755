"""Incremental publishing re-renders exactly the pages that show the changed item."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gongkai.documents import services as document_services
from gongkai.documents.models import Document, Genre
from gongkai.documents.workflow import Status
from gongkai.publishing.models import JobOutcome, PublishJob

from .conftest import written

pytestmark = pytest.mark.django_db


def detail(document: Document) -> str:
    return f"/xxgk/documents/{document.uid}/"


def outcomes() -> dict[str, str]:
    return dict(PublishJob.objects.filter(done_at__isnull=False).values_list("path", "outcome"))


def with_outcome(*kinds: str) -> set[str]:
    """Paths that had this outcome (a path queued twice is rendered twice: written, then
    unchanged)."""
    return set(
        PublishJob.objects.filter(done_at__isnull=False, outcome__in=kinds).values_list(
            "path", flat=True
        )
    )


DOCUMENT_PAGES = {
    "/",
    "/xxgk/documents/",
    "/xxgk/catalogue/",
    "/feeds/documents/rss.xml",
    "/feeds/documents/atom.xml",
    # Its sitemap section; the index lists sections, and this one already existed.
    "/sitemap-documents-1.xml",
}


def test_publishing_a_document_renders_its_page_lists_home_feeds_and_sitemap(
    published: Any, issued: Any, reviewer: Any, run_on_commit: Any, site: Any, root: Path
) -> None:
    published(title="已有文件一")
    published(title="已有文件二")
    site()
    document = issued(title="示范区教育局关于做好2024年秋季开学工作的通知")

    run_on_commit(document_services.document_publish, actor=reviewer, document=document)

    assert with_outcome(JobOutcome.WRITTEN) == {detail(document)} | DOCUMENT_PAGES
    assert set(outcomes()) == {detail(document)} | DOCUMENT_PAGES
    assert PublishJob.objects.filter(done_at__isnull=True).count() == 0
    listing = (root / "xxgk" / "documents" / "index.html").read_text()
    assert "示范区教育局关于做好2024年秋季开学工作的通知" in listing


def test_the_first_document_of_a_sitemap_section_adds_it_to_the_index(
    issued: Any, reviewer: Any, run_on_commit: Any, site: Any, root: Path
) -> None:
    site()
    document = issued(title="第一件文件")

    run_on_commit(document_services.document_publish, actor=reviewer, document=document)

    assert {"/sitemap.xml", "/sitemap-documents-1.xml"} <= with_outcome(JobOutcome.WRITTEN)
    assert "sitemap-documents-1.xml" in (root / "sitemap.xml").read_text()


def test_publishing_a_normative_document_also_renders_the_normative_list_and_its_interpretation(
    published: Any,
    issued: Any,
    reviewer: Any,
    run_on_commit: Any,
    site: Any,
    signed_interpretation: Any,
) -> None:
    published(title="已有规范性文件", is_normative=True)
    site()
    document = issued(title="示范区学前教育资助办法", is_normative=True, genre=Genre.MEASURES)
    # G8: a normative document is published together with its signed-off interpretation.
    interpretation = signed_interpretation(document, "《示范区学前教育资助办法》政策解读")

    run_on_commit(document_services.document_publish, actor=reviewer, document=document)

    normative = {
        "/xxgk/documents/normative/",
        "/feeds/normative/rss.xml",
        "/feeds/normative/atom.xml",
    }
    zcjd = {
        f"/zcjd/{interpretation.uid}/",
        "/zcjd/",
        "/feeds/zcjd/rss.xml",
        "/feeds/zcjd/atom.xml",
        "/sitemap-interpretations.xml",
    }
    assert with_outcome(JobOutcome.WRITTEN) == (
        {detail(document)} | DOCUMENT_PAGES | normative | zcjd
    )


def test_publishing_an_annual_report_renders_the_report_column_and_its_feeds(
    published: Any, issued: Any, reviewer: Any, run_on_commit: Any, site: Any, root: Path
) -> None:
    published(title="示范区2023年政府信息公开工作年度报告", genre=Genre.ANNUAL_REPORT)
    site()
    report = issued(title="示范区2024年政府信息公开工作年度报告", genre=Genre.ANNUAL_REPORT)

    run_on_commit(document_services.document_publish, actor=reviewer, document=report)

    # The one 政府信息公开年报 column (/ndbg/) lists uploaded 年报 too.
    reports = {"/ndbg/", "/feeds/ndbg/rss.xml", "/feeds/ndbg/atom.xml"}
    assert with_outcome(JobOutcome.WRITTEN) == {detail(report)} | DOCUMENT_PAGES | reports
    listing = (root / "ndbg" / "index.html").read_text()
    assert "示范区2024年政府信息公开工作年度报告" in listing


def test_the_first_annual_report_adds_its_column_to_the_pages_that_list_columns(
    issued: Any, reviewer: Any, run_on_commit: Any, site: Any, root: Path
) -> None:
    site()
    assert "政府信息公开年报" not in (root / "xxgk" / "index.html").read_text()
    report = issued(title="示范区2024年政府信息公开工作年度报告", genre=Genre.ANNUAL_REPORT)

    run_on_commit(document_services.document_publish, actor=reviewer, document=report)

    assert {"/xxgk/", "/ndbg/", "/sitemap-columns.xml"} <= with_outcome(JobOutcome.WRITTEN)
    assert "政府信息公开年报" in (root / "xxgk" / "index.html").read_text()


def test_withdrawing_deletes_the_page_and_rerenders_what_listed_it(
    published: Any, issued: Any, reviewer: Any, run_on_commit: Any, site: Any, root: Path
) -> None:
    published(title="留下的文件")
    document = issued(title="将被撤回的文件")
    run_on_commit(document_services.document_publish, actor=reviewer, document=document)
    site()
    assert detail(document) in written(root)
    PublishJob.objects.all().delete()

    run_on_commit(
        document_services.document_withdraw, actor=reviewer, document=document, reason="内容有误"
    )

    assert with_outcome(JobOutcome.DELETED) == {detail(document)}
    assert with_outcome(JobOutcome.WRITTEN) == DOCUMENT_PAGES
    # A removal may empty the last page: the page after the new last one is checked too.
    assert with_outcome(JobOutcome.ABSENT) == {
        "/xxgk/documents/page/2/",
        "/xxgk/catalogue/page/2/",
    }
    assert detail(document) not in written(root)
    assert not (root / "xxgk" / "documents" / str(document.uid)).exists()
    assert "将被撤回的文件" not in (root / "index.html").read_text()


def test_withdrawn_page_answers_404_dynamically(
    client: Any, issued: Any, reviewer: Any, run_on_commit: Any
) -> None:
    document = issued(title="撤回后不可访问")
    run_on_commit(document_services.document_publish, actor=reviewer, document=document)
    run_on_commit(
        document_services.document_withdraw, actor=reviewer, document=document, reason="撤回"
    )

    assert client.get(detail(document)).status_code == 404


def test_repeal_rerenders_the_page_its_list_page_and_the_normative_list(
    published: Any, reviewer: Any, run_on_commit: Any, site: Any
) -> None:
    other = published(title="其他规范性文件", is_normative=True)
    document = published(title="将被废止的规范性文件", is_normative=True)
    site()

    run_on_commit(
        document_services.document_repeal, actor=reviewer, document=document, reason="已修订"
    )

    assert other.pk
    assert set(outcomes()) == {
        detail(document),
        # In place on 政策文件 and 目录: only the page it sits on.
        "/xxgk/documents/",
        "/xxgk/catalogue/",
        # It leaves 现行有效规范性文件 (whose last page may empty).
        "/xxgk/documents/normative/",
        "/xxgk/documents/normative/page/2/",
        "/feeds/normative/rss.xml",
        "/feeds/normative/atom.xml",
        "/feeds/documents/rss.xml",
        "/feeds/documents/atom.xml",
        "/",
        "/sitemap-documents-1.xml",
    }
    # Pages that do not show 有效性 (home, 目录) are rendered again but not rewritten.
    assert with_outcome(JobOutcome.UNCHANGED) >= {"/", "/xxgk/catalogue/"}
    assert with_outcome(JobOutcome.WRITTEN) >= {
        detail(document),
        "/xxgk/documents/",
        "/xxgk/documents/normative/",
        "/feeds/normative/rss.xml",
    }


def test_an_old_document_off_the_home_page_leaves_the_home_page_alone(
    published: Any, site: Any, settings: Any, run_on_commit: Any, reviewer: Any
) -> None:
    settings.GONGKAI_FEED_ITEMS = 5
    for day in range(1, 13):
        published(title=f"五月文件{day}", published_date=date(2024, 5, day))
    published(title="另一件规范性文件", published_date=date(2020, 1, 2), is_normative=True)
    old = published(title="二〇一九年的文件", published_date=date(2019, 1, 2), is_normative=True)
    site()

    run_on_commit(document_services.document_repeal, actor=reviewer, document=old, reason="已修订")

    changed = with_outcome(JobOutcome.WRITTEN)
    assert "/" not in changed
    assert "/feeds/documents/rss.xml" not in changed
    assert {detail(old), "/xxgk/documents/", "/xxgk/documents/normative/"} <= changed


def test_an_edit_of_an_unrelated_draft_writes_nothing(
    published: Any, clerk: Any, district: Any, site: Any, root: Path, run_on_commit: Any
) -> None:
    published(title="已发布")
    site()
    snapshot = {f: f.stat().st_mtime_ns for f in root.rglob("*") if f.is_file()}
    draft = Document.objects.create(
        title="草稿", organ=district.education, status=Status.DRAFT, created_by=clerk
    )

    run_on_commit(
        document_services.document_update, actor=clerk, document=draft, data={"title": "改过的草稿"}
    )

    assert PublishJob.objects.count() == 0
    assert {f: f.stat().st_mtime_ns for f in root.rglob("*") if f.is_file()} == snapshot


def test_the_last_normative_document_leaving_removes_the_column_everywhere(
    published: Any, reviewer: Any, run_on_commit: Any, site: Any, root: Path
) -> None:
    document = published(title="唯一的规范性文件", is_normative=True)
    site()
    assert "/xxgk/documents/normative/" in written(root)
    assert "现行有效规范性文件" in (root / "xxgk" / "index.html").read_text()

    run_on_commit(
        document_services.document_repeal, actor=reviewer, document=document, reason="已废止"
    )

    assert {"/xxgk/documents/normative/", "/feeds/normative/rss.xml"} <= with_outcome(
        JobOutcome.DELETED
    )
    assert {"/xxgk/", "/xxgk/guide/", "/sitemap-columns.xml"} <= with_outcome(JobOutcome.WRITTEN)
    assert "现行有效规范性文件" not in (root / "xxgk" / "index.html").read_text()
    assert "现行有效规范性文件" not in (root / "xxgk" / "documents" / "index.html").read_text()


def test_published_list_pages_offer_the_filters_of_the_new_document(
    published: Any,
    issued: Any,
    other_reviewer: Any,
    run_on_commit: Any,
    site: Any,
    root: Path,
    client: Any,
    district: Any,
) -> None:
    published(title="二〇二三年的文件", published_date=date(2023, 3, 1))
    site()
    client.get("/xxgk/documents/?year=2023")  # caches the filter options of that moment
    document = issued(title="财政局的新文件", organ=district.finance)

    run_on_commit(document_services.document_publish, actor=other_reviewer, document=document)

    listing = (root / "xxgk" / "documents" / "index.html").read_text()
    assert f'<option value="{district.finance.pk}">示范区财政局</option>' in listing
