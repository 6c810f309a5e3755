"""Bulk import (issue 16, item 8): chunks, one index pass and one queue pass per chunk,
resumable, and a cost per row that does not grow with the rows before it.

Speed itself is measured in bench/bulk_import.py (docs/benchmarks.md), not here.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.core.kit import hooks
from gongkai.documents.management.commands.import_documents import import_table
from gongkai.documents.models import Document
from gongkai.documents.workflow import Status
from gongkai.publishing.models import PublishJob
from gongkai.search.models import SearchEntry
from gongkai.search.selectors import search

pytestmark = pytest.mark.django_db

HEADER = ["标题", "文号", "成文日期", "发布日期", "公开属性", "正文"]
WORDS = ["粮食", "储备", "轮换", "资助", "审批", "公开", "监督", "定密", "教育", "卫生"]


def write_table(path: Path, rows: int, *, start: int = 0, bad_every: int = 0) -> Path:
    """A table of ``rows`` published documents with distinct 文号 and searchable bodies."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for n in range(start, start + rows):
            day = date(2015, 1, 1) + timedelta(days=n % 3000)
            words = "".join(WORDS[(n * 7 + k) % len(WORDS)] for k in range(4))
            written = "2015-02-30" if bad_every and n % bad_every == bad_every - 1 else str(day)
            writer.writerow(
                [
                    f"示范区关于第{n}号事项{words}的通知",
                    f"示发〔{day.year}〕{n + 1}号",
                    written,
                    str(day),
                    "主动公开",
                    f"各单位：现将第{n}号事项{words}通知如下。编号Q{n:06d}。",
                ]
            )
    return path


def test_every_imported_row_is_indexed_and_its_pages_queued_once(district, tmp_path):
    path = write_table(tmp_path / "historical.csv", 230, bad_every=50)
    done: list[tuple[int, int]] = []
    report = import_table(
        path,
        organ=district.education,
        chunk_size=40,
        progress=lambda n, total, rate: done.append((n, total)),
    )
    assert len(report.imported) == 226 and len(report.failed) == 4
    assert done[-1] == (230, 230) and len(done) == 6  # after each chunk of 40, and the end

    published = Document.objects.filter(status=Status.PUBLISHED)
    assert published.count() == 226
    entries = SearchEntry.objects.filter(kind="document")
    assert set(entries.values_list("object_id", flat=True)) == set(
        published.values_list("pk", flat=True)
    )
    # Searchable at once, by a word of the body that straddles words (编号Q000123).
    document = published.get(doc_number="示发〔2015〕124号")
    results = search("号q000123")
    assert [hit.object_id for hit in results.hits] == [document.pk]

    pending = PublishJob.objects.filter(done_at__isnull=True)
    paths = Counter(pending.values_list("path", flat=True))
    assert max(paths.values()) == 1  # one pending row per path, though each chunk queued lists
    details = {reverse("portal:document_detail", args=[d.uid]) for d in published}
    assert details <= set(paths)
    assert reverse("portal:document_list") in paths
    assert reverse("portal:home") in paths
    assert reverse("portal:sitemap") in paths


def test_an_interrupted_import_resumes_without_duplicates_or_missing_entries(district, tmp_path):
    path = write_table(tmp_path / "historical.csv", 150)

    def stop_after_two_chunks(done: int, total: int, rate: float) -> None:
        if done >= 100:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_table(path, organ=district.education, chunk_size=50, progress=stop_after_two_chunks)
    # The chunks finished before the interruption are committed whole: rows and entries.
    assert Document.objects.count() == 100
    assert SearchEntry.objects.count() == 100

    report = import_table(path, organ=district.education, chunk_size=50)
    assert (len(report.imported), len(report.skipped)) == (50, 100)
    assert Document.objects.count() == 150
    assert SearchEntry.objects.count() == 150
    assert search("号q000149").total == 1


def test_a_failure_inside_a_chunk_rolls_back_that_chunk_only(district, tmp_path, monkeypatch):
    path = write_table(tmp_path / "historical.csv", 90)
    calls = {"n": 0}
    real = hooks.send_public_changes

    def failing_second_chunk(changes):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("index unavailable")
        real(changes)

    monkeypatch.setattr(hooks, "send_public_changes", failing_second_chunk)
    with pytest.raises(RuntimeError):
        import_table(path, organ=district.education, chunk_size=30)
    assert Document.objects.count() == SearchEntry.objects.count() == 30


def test_dry_run_writes_no_documents_entries_or_jobs(district, tmp_path):
    path = write_table(tmp_path / "historical.csv", 20)
    out, err = StringIO(), StringIO()
    call_command(
        "import_documents", str(path), "--organ", "edu", "--dry-run", stdout=out, stderr=err
    )
    assert "imported 20" in out.getvalue()
    assert not Document.objects.exists()
    assert not SearchEntry.objects.exists()
    assert not PublishJob.objects.exists()


def test_the_command_shows_progress(district, tmp_path):
    path = write_table(tmp_path / "historical.csv", 25)
    out, err = StringIO(), StringIO()
    call_command(
        "import_documents", str(path), "--organ", "edu", "--chunk-size", "10", stdout=out,
        stderr=err,
    )  # fmt: skip
    lines = [line for line in err.getvalue().splitlines() if "rows/s" in line]
    assert [line.split()[0] for line in lines] == ["10/25", "20/25", "25/25"]


def queries_per_chunk(district, tmp_path: Path, rows: int, start: int, chunk: int) -> list[int]:
    """The SQL statements of each chunk of an import of ``rows`` rows from row ``start``."""
    path = write_table(tmp_path / f"rows-{start}.csv", rows, start=start)
    marks: list[int] = []
    with CaptureQueriesContext(connection) as captured:
        report = import_table(
            path,
            organ=district.education,
            chunk_size=chunk,
            progress=lambda done, total, rate: marks.append(len(captured.captured_queries)),
        )
    assert len(report.imported) == rows
    return [b - a for a, b in zip([0, *marks], marks, strict=False)]


def test_the_cost_of_a_chunk_does_not_grow_with_the_rows_imported_before(district, tmp_path):
    """Linear: every chunk issues the same statements, whatever came before it (each row used
    to re-render every list page and count every list, then cost a dozen statements of its
    own). All rows here fall in 2015, so every chunk reserves 索引号 serials of one year."""
    queries_per_chunk(district, tmp_path, 50, 0, 50)  # the 2015 serial counter exists now
    per_chunk = queries_per_chunk(district, tmp_path, 300, 50, 50)
    assert len(per_chunk) == 6
    assert len(set(per_chunk)) == 1, per_chunk
    # Written a chunk at a time, not a row at a time: far fewer statements than rows.
    assert per_chunk[0] < 50, per_chunk


def test_a_chunk_the_database_refuses_is_retried_row_by_row(district, tmp_path, monkeypatch):
    """A constraint only the database checks (here an 索引号 taken between the chunk's check
    and its insert, by a document entered outside the counter: simulated): the chunk's bulk
    insert fails, and the chunk is imported row by row instead, each row numbered again —
    every row goes in (the taken number skipped, documents/tests/test_import_index_numbers.py),
    indexed once; nothing is lost silently."""
    from django.conf import settings

    from gongkai.documents import importing
    from gongkai.lib.indexno import format_index_number

    organ = district.education
    taken = format_index_number(
        settings.GONGKAI_INDEX_PATTERN, org_code=organ.index_prefix, year=2015, serial=3
    )
    Document.objects.create(
        organ=organ, title="手工录入", status=Status.ISSUED, attribute="proactive",
        index_number=taken,
    )  # fmt: skip
    real = importing._free_index_numbers
    monkeypatch.setattr(importing, "_free_index_numbers", lambda *args: [taken, *real(*args)[1:]])
    path = write_table(tmp_path / "historical.csv", 5)  # all published in 2015
    report = import_table(path, organ=organ, chunk_size=50)
    assert len(report.imported) == 5 and report.failed == []
    imported = Document.objects.filter(source__startswith="import:")
    assert imported.count() == 5
    assert taken not in set(imported.values_list("index_number", flat=True))
    assert SearchEntry.objects.filter(kind="document").count() == 5
