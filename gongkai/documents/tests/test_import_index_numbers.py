"""索引号 collisions on import (issue 16): a number already taken is skipped, never a cascade.

Imported rows never bring an 索引号 (the table's 索引号 column is ignored with a warning): the
import numbers a published row from the organ's serial of its year, as publication does. When
the serial is behind the numbers in the database (documents numbered elsewhere: an earlier
system, a restored backup, an organ sharing the 前段码), the taken numbers are skipped and the
rows take the next free ones, in row order; the counter moves past them. Before, the first
taken number failed the chunk's bulk insert, and in the row-by-row retry every later row of
that organ and year took the same number again (the failed row's savepoint gave it back) and
failed too, chunk after chunk.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gongkai.core.kit.serials import last_serial
from gongkai.documents import importing, services
from gongkai.documents.importing import ImportReport, import_key, run_import
from gongkai.documents.management.commands.import_documents import import_table
from gongkai.documents.models import Attribute, Document
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status

pytestmark = pytest.mark.django_db

PREFIX = "000000003"  # 教育局's 前段码 in the district fixture


def _taken(organ, serial: int, year: int = 2015) -> Any:
    """A published document numbered outside the serial (the counter does not know it)."""
    return DocumentFactory(
        organ=organ,
        status=Status.PUBLISHED,
        index_number=f"{PREFIX}/{year}-{serial:05d}",
        published_date=date(year, 1, 1),
    )


def _table(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["标题", "文号", "成文日期", "发布日期", "公开属性", "索引号"])
        for n in range(rows):
            day = date(2015, 3, 1 + n % 28)
            # The 索引号 column of the old system is ignored: numbers come from the serial.
            writer.writerow(
                [f"关于第{n}号事项的通知", f"示教发〔2015〕{n + 1}号", str(day), str(day),
                 "主动公开", f"{PREFIX}/2015-00001"]
            )  # fmt: skip
    return path


def _serials(organ) -> list[int]:
    numbers = Document.objects.filter(organ=organ, source__startswith="import:").values_list(
        "index_number", flat=True
    )
    return sorted(int(str(n).rsplit("-", 1)[1]) for n in numbers)


def test_bulk_import_skips_taken_index_numbers_and_imports_every_row(district, tmp_path):
    organ = district.education
    for serial in (3, 4, 9, 30):
        _taken(organ, serial)
    report = import_table(_table(tmp_path / "old.csv", 40), organ=organ, chunk_size=8)

    assert report.failed == [] and len(report.imported) == 40
    assert report.warnings == ["忽略未知的列“索引号”"]
    free = [n for n in range(1, 45) if n not in (3, 4, 9, 30)]
    assert _serials(organ) == free
    # Deterministic: row order takes the free numbers in order.
    first = Document.objects.get(doc_number="示教发〔2015〕1号")
    third = Document.objects.get(doc_number="示教发〔2015〕3号")
    assert (first.index_number, third.index_number) == (
        f"{PREFIX}/2015-00001",
        f"{PREFIX}/2015-00005",
    )
    assert last_serial(services.INDEX_SERIES, year=2015, key=organ.pk) == 44


def test_a_second_import_after_the_collision_goes_on_from_the_counter(district, tmp_path):
    organ = district.education
    _taken(organ, 2)
    import_table(_table(tmp_path / "a.csv", 3), organ=organ)
    _taken(organ, 5)  # numbered elsewhere meanwhile, just ahead of the counter (4)
    path = tmp_path / "b.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["标题", "文号", "成文日期", "发布日期", "公开属性"])
        writer.writerow(
            ["第二批的通知", "示教发〔2015〕99号", "2015-05-01", "2015-05-02", "主动公开"]
        )
        writer.writerow(
            ["第二批的另一通知", "示教发〔2015〕98号", "2015-05-01", "2015-05-02", "主动公开"]
        )
    report = import_table(path, organ=organ)
    assert report.failed == [] and len(report.imported) == 2
    assert _serials(organ) == [1, 3, 4, 6, 7]


def test_single_import_and_publication_skip_a_taken_index_number(district, administrator):
    organ = district.education
    _taken(organ, 1, 2024)
    imported = importing.document_import(
        actor=None,
        organ=organ,
        data={
            "title": "关于印发办法的通知",
            "written_date": date(2024, 3, 1),
            "attribute": Attribute.PROACTIVE,
        },
        published=True,
        published_date=date(2024, 3, 5),
        source=import_key("oa", "1"),
    )
    assert imported.index_number == f"{PREFIX}/2024-00002"
    _taken(organ, 3, 2024)
    draft = DocumentFactory(organ=organ, status=Status.ISSUED)
    assert services.next_index_number(draft, 2024) == f"{PREFIX}/2024-00004"


def test_a_collision_the_skip_cannot_see_fails_that_row_alone_in_chinese(district, monkeypatch):
    """A number taken between the check and the insert (a concurrent publication in another
    organ with the same 前段码): that row is reported with the 索引号 named, the next rows go on."""
    organ = district.education
    taken = _taken(organ, 7, 2024)
    real = importing.next_index_number
    calls = iter([taken.index_number])
    monkeypatch.setattr(
        importing, "next_index_number", lambda doc, year: next(calls, None) or real(doc, year)
    )
    report = ImportReport()
    for n in range(3):
        run_import(
            report,
            f"第{n + 2}行",
            actor=None,
            organ=organ,
            data={
                "title": f"第{n}个通知",
                "written_date": date(2024, 3, 1),
                "attribute": Attribute.PROACTIVE,
            },
            published=True,
            published_date=date(2024, 3, 5),
            source=import_key("t.csv", str(n)),
        )
    assert report.imported == ["第3行", "第4行"]
    assert report.failed == [
        (
            "第2行",
            f"[索引号] 索引号“{taken.index_number}”已被其他公文使用，未导入；"
            "重新导入即可取得下一个可用的索引号。",
        )
    ]
