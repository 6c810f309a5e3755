"""Rendering to files: same bytes as Django, atomic writes, gzip, the full rebuild, the queue."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from gongkai.publishing import publisher
from gongkai.publishing.models import JobOutcome, PublishJob

from .conftest import written

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(published: Any, openness_topic: Any) -> dict[str, Any]:
    from gongkai.documents.models import StatutoryItemTag

    normal = published(title="关于做好政务公开工作的通知", summary="部署政务公开工作。")
    normative = published(title="示范区行政规范性文件管理办法", is_normative=True)
    rule = published(title="示范区政府信息公开工作办法", topic=openness_topic, genre="办法")
    StatutoryItemTag.objects.create(document=normal, item_code="20-07")
    published(title="草稿不发布", status="draft", index_number=None, published_date=None)
    return {"normal": normal, "normative": normative, "rule": rule}


def test_full_rebuild_writes_every_public_page_and_nothing_else(
    content: dict[str, Any], root: Path
) -> None:
    result = publisher.publish_all()

    assert not result.failed
    uids = {d.uid for d in content.values()}
    assert written(root) == {
        "/",
        "/xxgk/",
        "/xxgk/guide/",
        "/xxgk/rules/",
        "/xxgk/fdzdgk/",
        "/xxgk/fdzdgk/20-07/",
        "/xxgk/documents/",
        "/xxgk/documents/normative/",
        "/xxgk/catalogue/",
        "/zcjd/",
        "/hdjl/",  # 互动交流 and 留言选登 (gongkai.mailbox)
        "/hdjl/lyxd/",
        "/ndbg/",  # 政府信息公开工作年度报告 (gongkai.reports), listed even before the first report
        *{f"/xxgk/documents/{uid}/" for uid in uids},
        *{
            f"/feeds/{key}/{kind}.xml"
            for key in ("rules", "statutory", "documents", "normative", "zcjd", "lyxd")
            for kind in ("rss", "atom")
        },
        "/sitemap.xml",
        "/sitemap-columns.xml",
        "/sitemap-documents-1.xml",
        # Registered sections are listed even while empty (回应关切: gongkai.concerns).
        "/sitemap-concerns.xml",
        "/sitemap-consultations.xml",
        "/sitemap-decisions.xml",
        "/sitemap-interpretations.xml",
        # 政府会议 registers its sitemap section (empty here: no public meeting).
        "/sitemap-meetings.xml",
        "/sitemap-messages.xml",
        "/sitemap-solicitations.xml",  # 征集调查: its column waits for a public survey
    }


def test_static_bytes_equal_the_dynamic_response(
    content: dict[str, Any], root: Path, client: Client
) -> None:
    publisher.publish_all()

    for path in sorted(written(root)):
        file = publisher.file_for(path, root)
        assert file is not None
        response = client.get(path)
        assert response.status_code == 200, path
        assert file.read_bytes() == response.content, path
        assert gzip.decompress(file.with_name(file.name + ".gz").read_bytes()) == response.content


def test_rebuild_is_idempotent_and_leaves_unchanged_files_alone(
    content: dict[str, Any], root: Path
) -> None:
    publisher.publish_all()
    mtimes = {f: f.stat().st_mtime_ns for f in root.rglob("*") if f.is_file()}

    result = publisher.publish_all()

    assert result.written == set()
    assert {f: f.stat().st_mtime_ns for f in root.rglob("*") if f.is_file()} == mtimes


def test_full_rebuild_deletes_stale_files(content: dict[str, Any], root: Path) -> None:
    publisher.publish_all()
    stale = root / "xxgk" / "documents" / "00000000-0000-0000-0000-000000000000" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("旧页面")

    result = publisher.publish_all()

    assert not stale.exists() and not stale.parent.exists()
    assert result.deleted == {"/xxgk/documents/00000000-0000-0000-0000-000000000000/"}


def test_writes_are_atomic_and_leave_no_temporary_files(
    content: dict[str, Any], root: Path
) -> None:
    publisher.publish_all()

    assert not [f for f in root.rglob("*") if f.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "index.html"),
        ("/xxgk/documents/", "xxgk/documents/index.html"),
        ("/sitemap.xml", "sitemap.xml"),
        ("/feeds/documents/rss.xml", "feeds/documents/rss.xml"),
        ("/../etc/passwd", None),
        ("/xxgk/../../x/", None),
        ("/.state/columns.json", None),
        ("/xxgk/?page=2", None),
        ("relative/", None),
    ],
)
def test_file_for_maps_paths_inside_the_root_only(
    path: str, expected: str | None, root: Path
) -> None:
    target = publisher.file_for(path, root)
    assert (target.relative_to(root).as_posix() if target else None) == expected


def test_the_queue_keeps_one_pending_row_per_path(db: Any) -> None:
    publisher.enqueue(["/", "/xxgk/"], "first")
    publisher.enqueue(["/", "/xxgk/guide/"], "second")

    assert sorted(PublishJob.objects.values_list("path", flat=True)) == [
        "/",
        "/xxgk/",
        "/xxgk/guide/",
    ]


def test_a_claimed_row_is_not_claimed_twice(db: Any) -> None:
    publisher.enqueue(["/"], "x")

    first = publisher.claim()
    second = publisher.claim()

    assert [j.path for j in first] == ["/"] and second == []
    # A change after the claim queues the path again (the claimed render may be stale).
    assert publisher.enqueue(["/"], "again") == 1
    assert [j.path for j in publisher.claim()] == ["/"]


def test_a_failing_page_is_retried_then_given_up(db: Any, district: Any, monkeypatch: Any) -> None:
    def broken(path: str, renderer: Any) -> str:
        raise RuntimeError("template error")

    monkeypatch.setattr(publisher, "publish_path", broken)
    publisher.enqueue(["/"], "x")

    for _ in range(publisher.MAX_ATTEMPTS):
        result = publisher.process_pending()
        assert result.failed == {"/": "template error"}
        # Not again in the same run; again once the claim is stale.
        assert publisher.process_pending().failed == {}
        PublishJob.objects.update(claimed_at=timezone.now() - publisher.STALE_CLAIM)

    job = PublishJob.objects.get()
    assert job.outcome == JobOutcome.FAILED and job.attempts == publisher.MAX_ATTEMPTS
    assert publisher.process_pending().failed == {}


def test_publish_site_pending_processes_the_queue(content: dict[str, Any], root: Path) -> None:
    publisher.enqueue(["/", f"/xxgk/documents/{content['normal'].uid}/"], "test")

    call_command("publish_site", "--pending")

    assert written(root) == {"/", f"/xxgk/documents/{content['normal'].uid}/"}
    assert not PublishJob.objects.filter(done_at__isnull=True).exists()
    call_command("publish_site", "--pending")  # idempotent: nothing left to do


def test_publish_site_needs_a_mode(db: Any) -> None:
    with pytest.raises(CommandError):
        call_command("publish_site")


def test_publish_site_full(content: dict[str, Any], root: Path) -> None:
    call_command("publish_site", "--full")

    assert f"/xxgk/documents/{content['rule'].uid}/" in written(root)


def test_deferred_publishing_only_queues(content: dict[str, Any], root: Path) -> None:
    with publisher.deferred():
        assert publisher.publish_changed(["/"], "bulk import") is None

    assert written(root) == set()
    assert list(PublishJob.objects.values_list("path", flat=True)) == ["/"]
    assert publisher.publish_changed([], "later") is not None
    assert "/" in written(root)
