"""Importing historical documents: the service, the corpus folder and CSV/XLSX tables.

The real corpus lives outside the repository (``$GONGKAI_CORPUS_DIR``, by default
``../shared/corpus`` beside it). Without it those tests are skipped locally and fail under
``CI=true``, so CI cannot pass by silently testing nothing.
"""

from __future__ import annotations

import csv
import importlib
import os
import shutil
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from gongkai.core.exceptions import InvalidInput, NotPermitted
from gongkai.core.models import AuditEvent, events_for
from gongkai.documents import services
from gongkai.documents.clocks import ClockKind
from gongkai.documents.importing import corpus_dir, document_import, import_key
from gongkai.documents.models import (
    MARKINGS,
    Attribute,
    Document,
    OnRequestReason,
    ReasonCode,
    SecrecyLevel,
    Topic,
    Validity,
)
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status
from gongkai.organizations.tests.factories import OrganFactory

pytestmark = pytest.mark.django_db

ANSHUN = "anshun-municipal-grain-reserve-measures-2023.txt"
CHONGQING = "chongqing-grain-report-reward-rules-2023.txt"


@pytest.fixture
def corpus() -> Path:
    folder = corpus_dir()
    if folder is None:
        message = "corpus folder not found (set GONGKAI_CORPUS_DIR)"
        if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    return folder


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def base_data(**extra):
    return {
        "title": "示范区教育局关于印发学生资助管理办法的通知",
        "doc_number": "示教发〔2024〕3号",
        "written_date": date(2024, 3, 1),
        "attribute": Attribute.PROACTIVE,
        "body": "各学校：现将《学生资助管理办法》印发给你们。",
    } | extra


# ---------------------------------------------------------------------------------------------
# The real corpus


def test_import_corpus_creates_published_documents_from_the_real_texts(
    corpus, district, administrator
):
    files = len(list(corpus.glob("*.txt")))
    out, err = run("import_corpus", str(corpus), "--organ", "gov", "--actor", "admin")
    assert f"imported {files}, skipped 0, failed 0" in out
    assert err == ""
    assert Document.objects.count() == files

    anshun = Document.objects.get(source=import_key(ANSHUN))
    assert anshun.status == Status.PUBLISHED
    assert anshun.attribute == Attribute.PROACTIVE
    assert anshun.marking == "（此件公开发布）"
    assert anshun.written_date == date(2023, 9, 5)
    assert anshun.published_date == date(2023, 9, 5)
    assert anshun.doc_number == ""  # not in the source: never invented
    assert anshun.organ == district.government
    assert anshun.index_number.startswith(f"{district.government.index_prefix}/2023-")
    event = events_for(anshun).get(action="document.imported")
    assert event.actor == administrator
    assert event.data["source"] == import_key(ANSHUN)
    assert "anshun.gov.cn" in event.data["provenance"]

    chongqing = Document.objects.get(source=import_key(CHONGQING))
    assert chongqing.doc_number == "渝粮规范〔2023〕2号"
    assert chongqing.validity_years == 5
    assert chongqing.expires_on == date(2028, 12, 31)
    assert chongqing.genre == "通知"
    assert not Document.objects.filter(source__icontains="README").exists()


def test_reimporting_the_corpus_skips_every_file(corpus, district):
    files = len(list(corpus.glob("*.txt")))
    run("import_corpus", str(corpus), "--organ", "gov")
    events = AuditEvent.objects.filter(action="document.imported").count()
    out, _ = run("import_corpus", str(corpus), "--organ", "gov")
    assert f"imported 0, skipped {files}, failed 0" in out
    assert Document.objects.count() == files
    assert AuditEvent.objects.filter(action="document.imported").count() == events


def test_import_corpus_links_co_issuers_that_exist_as_organs(corpus, district, tmp_path):
    shutil.copy(corpus / CHONGQING, tmp_path / CHONGQING)
    grain = OrganFactory(slug="cq-grain", name="重庆市粮食局")
    finance = OrganFactory(slug="cq-finance", name="重庆市财政局")
    run("import_corpus", str(tmp_path), "--organ", "cq-grain")
    document = Document.objects.get()
    assert document.organ == grain
    assert list(document.co_organs.all()) == [finance]


def test_import_corpus_dry_run_writes_nothing(corpus, district):
    out, _ = run("import_corpus", str(corpus), "--organ", "gov", "--dry-run")
    assert "imported" in out and "dry run" in out
    assert not Document.objects.exists()
    assert not AuditEvent.objects.filter(action="document.imported").exists()


# ---------------------------------------------------------------------------------------------
# Corpus-shaped files written by the test


def corpus_file(folder: Path, name: str, *, marking: str = "", number: str = "—") -> None:
    header = (
        "标题: 示范区民政局关于做好冬季救助工作的通知\n"
        "发布机关: 示范区民政局\n"
        f"文号: {number}\n"
        "日期: 成文日期 2024-11-20\n"
        "来源: 测试\n" + "=" * 20 + "\n"
    )
    (folder / name).write_text(
        header + f"各街道：\n做好冬季救助工作。\n示范区民政局\n2024年11月20日\n{marking}\n",
        encoding="utf-8",
    )


def test_non_proactive_marking_without_reason_fails_with_exit_status_1(district, tmp_path):
    corpus_file(tmp_path, "a.txt", marking="（此件依申请公开）")
    corpus_file(tmp_path, "b.txt")
    (tmp_path / "README.md").write_text("not a document", encoding="utf-8")
    out, err = run_failing("import_corpus", str(tmp_path), "--organ", "edu")
    assert "imported 1, skipped 0, failed 1" in out
    assert "a.txt" in err and "[依申请公开理由]" in err
    assert Document.objects.get().source == import_key("b.txt")


def test_default_attribute_on_request_with_reasons_imports_as_issued(district, tmp_path):
    corpus_file(tmp_path, "a.txt")
    run(
        "import_corpus", str(tmp_path), "--organ", "edu",
        "--default-attribute", "on_request",
        "--on-request-reason", "SPECIFIC_SUBJECTS",
        "--legal-explanation", "仅涉及特定学校，不需要社会公众广泛知晓。",
    )  # fmt: skip
    document = Document.objects.get()
    assert document.status == Status.ISSUED
    assert document.attribute == Attribute.ON_REQUEST
    assert document.on_request_reason == OnRequestReason.SPECIFIC_SUBJECTS
    assert document.reason_codes == []
    assert document.marking == MARKINGS[Attribute.ON_REQUEST]
    assert document.index_number is None


# ---------------------------------------------------------------------------------------------
# The service


def test_published_import_takes_the_next_index_number_of_its_year(district, administrator):
    first = document_import(
        actor=administrator,
        organ=district.education,
        data=base_data(),
        published=True,
        published_date=date(2024, 3, 5),
        source=import_key("oa", "1"),
    )
    second = document_import(
        actor=None,
        organ=district.education,
        data=base_data(doc_number="示教发〔2024〕4号"),
        published=True,
        published_date=date(2024, 6, 1),
        source=import_key("oa", "2"),
    )
    assert first.index_number == "000000003/2024-00001"
    assert second.index_number == "000000003/2024-00002"
    assert first.published_at.date() == date(2024, 3, 5)
    assert events_for(second).get(action="document.imported").actor_label == "系统导入"


def test_reimport_of_the_same_source_returns_the_first_document(district):
    kwargs = {
        "actor": None,
        "organ": district.education,
        "data": base_data(),
        "published": True,
        "published_date": date(2024, 3, 5),
        "source": import_key("oa", "1"),
    }
    first = document_import(**kwargs)
    again = document_import(**kwargs | {"data": base_data(title="改过的标题")})
    assert again.pk == first.pk
    assert again.title == first.title
    assert Document.objects.count() == 1
    assert AuditEvent.objects.filter(action="document.imported").count() == 1


def test_import_expires_a_document_whose_validity_has_run_out(district):
    published = timezone.localdate() - timedelta(days=800)
    document = document_import(
        actor=None,
        organ=district.education,
        data=base_data(written_date=published, validity_years=2),
        published=True,
        published_date=published,
        source="import:x",
    )
    assert document.validity == Validity.EXPIRED


def test_proactive_import_not_yet_published_continues_through_the_workflow(
    district, reviewer, secrecy_reviewer
):
    written = timezone.localdate() - timedelta(days=3)
    document = document_import(
        actor=None,
        organ=district.education,
        data=base_data(written_date=written),
        published=False,
        source="import:x",
    )
    assert document.status == Status.ISSUED
    assert document.index_number is None
    clock = document.publication_clock()
    assert clock.kind == ClockKind.PUBLICATION and clock.start_date == written
    services.document_review_confidentiality(
        actor=secrecy_reviewer, document=document, approve=True, items=["body"]
    )
    services.document_publish(actor=reviewer, document=document)
    assert document.status == Status.PUBLISHED
    assert document.index_number.startswith("000000003/")


@pytest.mark.parametrize(
    ("data", "published", "field"),
    [
        # G5: a classified document is never public.
        (
            {"secrecy_level": SecrecyLevel.SECRET, "reason_codes": [ReasonCode.STATE_SECRET]},
            True,
            "secrecy_level",
        ),
        # G2: not proactive without a reason.
        ({"attribute": Attribute.ON_REQUEST}, False, "on_request_reason"),
        # 依申请公开 is not a refusal: a 第十四—十六条 ground is not its reason.
        ({"attribute": Attribute.ON_REQUEST, "reason_codes": ["PROCESS_INFO"],
          "legal_explanation": "过程稿"}, False, "reason_codes"),
        # 条例第二十条第（一）项: a 行政规范性文件 is always 主动公开.
        ({"attribute": Attribute.NOT_DISCLOSED, "reason_codes": ["PROCESS_INFO"],
          "legal_explanation": "过程稿", "is_normative": True}, False, "attribute"),
        ({"attribute": Attribute.NOT_DISCLOSED, "reason_codes": ["PROCESS_INFO"]}, False,
         "legal_explanation"),
        # Only 主动公开 documents are published.
        ({"attribute": Attribute.ON_REQUEST, "on_request_reason": "SPECIFIC_SUBJECTS",
          "legal_explanation": "仅涉及特定对象"}, True, "published_date"),
        ({"doc_number": "示教发2024-3"}, True, "doc_number"),
        ({"written_date": date(2024, 3, 9)}, True, "published_date"),
    ],
)  # fmt: skip
def test_import_refuses_invalid_documents(district, data, published, field):
    with pytest.raises(InvalidInput) as exc:
        document_import(
            actor=None,
            organ=district.education,
            data=base_data(**data),
            published=published,
            published_date=date(2024, 3, 5) if published else None,
            source="import:x",
        )
    assert exc.value.field == field
    assert not Document.objects.exists()


def test_classified_not_disclosed_document_imports_as_issued(district):
    document = document_import(
        actor=None,
        organ=district.education,
        data=base_data(
            attribute=Attribute.NOT_DISCLOSED,
            secrecy_level=SecrecyLevel.SECRET,
            reason_codes=[ReasonCode.STATE_SECRET],
            legal_explanation="经定密属于国家秘密。",
        ),
        published=False,
        source="import:x",
    )
    assert document.status == Status.ISSUED
    assert document.marking == MARKINGS[Attribute.NOT_DISCLOSED]


def test_only_the_openness_office_or_an_administrator_may_import(district, clerk, reviewer):
    kwargs = {
        "organ": district.education,
        "data": base_data(),
        "published": True,
        "published_date": date(2024, 3, 5),
    }
    with pytest.raises(NotPermitted):
        document_import(actor=clerk, source="import:a", **kwargs)
    assert document_import(actor=reviewer, source="import:b", **kwargs).created_by == reviewer


def test_a_draft_with_the_same_source_text_is_not_mistaken_for_an_import(district):
    DocumentFactory(organ=district.education, source="OA系统")
    document = document_import(
        actor=None,
        organ=district.education,
        data=base_data(),
        published=True,
        published_date=date(2024, 3, 5),
        source=import_key("OA系统"),
    )
    assert Document.objects.count() == 2
    assert document.source == "import:OA系统"


def test_long_import_keys_are_shortened_but_stay_distinct():
    a, b = import_key("f.csv", "题" * 300 + "甲"), import_key("f.csv", "题" * 300 + "乙")
    assert len(a) <= 200 and len(b) <= 200 and a != b


# ---------------------------------------------------------------------------------------------
# Tables

HEADER = [
    "标题", "文号", "成文日期", "发布日期", "公开属性", "不予公开理由", "依据说明",
    "主题分类", "体裁", "内容概述", "主题词", "施行日期", "有效期（年）", "正文",
]  # fmt: skip


def table_rows():
    return [
        # row 2: published
        ["示范区教育局关于印发学生资助管理办法的通知", "示教发[2024]3号", "2024-03-01",
         "2024年3月5日", "主动公开", "", "", "科技、教育\\教育", "通知", "资助办法", "资助",
         "2024-04-01", "5", "正文一"],
        # row 3: malformed 文号
        ["示范区教育局关于开展资助核查的通知", "示教发2024-4", "2024-03-02", "2024-03-06",
         "主动公开", "", "", "", "通知", "", "", "", "", ""],
        # row 4: 依申请公开 with a reason given by its label
        ["示范区教育局关于调整内设机构职责的通知", "", "2024-03-03", "", "不予公开",
         "属于三类内部事务信息", "人事管理事项。", "", "通知", "", "", "", "", ""],
        # row 5: bad date
        ["示范区教育局关于召开会议的通知", "", "2024-02-30", "", "主动公开", "", "", "", "",
         "", "", "", "", ""],
    ]  # fmt: skip


def test_csv_import_reports_bad_rows_and_imports_the_good_ones(district, tmp_path):
    path = tmp_path / "历史公文.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(table_rows())
    out, err = run_failing("import_documents", str(path), "--organ", "edu")
    assert "imported 2, skipped 0, failed 2" in out
    assert "第3行: [文号]" in err
    assert "第5行: [成文日期]" in err

    published = Document.objects.get(doc_number="示教发〔2024〕3号")
    assert published.status == Status.PUBLISHED
    assert published.published_date == date(2024, 3, 5)
    assert published.expires_on == date(2029, 3, 5)
    assert str(published.topic) == "科技、教育\\教育"
    assert published.source == import_key("历史公文.csv", "示教发〔2024〕3号")
    withheld = Document.objects.get(attribute=Attribute.NOT_DISCLOSED)
    assert withheld.status == Status.ISSUED
    assert withheld.reason_codes == [ReasonCode.INTERNAL_AFFAIRS]

    out, _ = run_failing("import_documents", str(path), "--organ", "edu")
    assert "imported 0, skipped 2, failed 2" in out
    assert Document.objects.count() == 2


def test_xlsx_import_reads_date_cells_and_reports_an_unknown_topic(district, tmp_path):
    path = tmp_path / "docs.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([*HEADER[:5], "有效期(年)", "主题分类", "备注"])
    sheet.append(
        [
            "示范区财政局关于预算公开的通知",
            "示财发〔2024〕1号",
            date(2024, 1, 10),
            date(2024, 1, 12),
            "主动公开",
            3,
            "",
            "x",
        ]
    )
    sheet.append(
        [
            "示范区财政局关于另一事项的通知",
            "示财发〔2024〕2号",
            date(2024, 1, 10),
            None,
            "主动公开",
            None,
            "不存在的分类",
            "",
        ]
    )
    sheet.append([None] * 8)  # an empty row is ignored
    workbook.save(path)  # fmt: skip
    out, err = run_failing("import_documents", str(path), "--organ", "fin")
    assert "imported 1, skipped 0, failed 1" in out
    assert "第3行: [主题分类]" in err
    assert "备注" in err  # unknown column reported as a warning
    document = Document.objects.get()
    assert document.written_date == date(2024, 1, 10)
    assert document.validity_years == 3


def test_table_without_required_headers_is_refused(district, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("名称,日期\nx,2024-01-01\n", encoding="utf-8")
    with pytest.raises(CommandError, match="标题"):
        call_command("import_documents", str(path), "--organ", "edu", stdout=StringIO())


def test_gbk_csv_is_read(district, tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes(
        "标题,公开属性,发布日期\n示范区关于某事的通知,主动公开,2024-01-02\n".encode("gbk")
    )
    out, _ = run("import_documents", str(path), "--organ", "edu")
    assert "imported 1, skipped 0, failed 0" in out


# ---------------------------------------------------------------------------------------------
# Topics (data migration 0002)


def test_topic_migration_creates_the_22_top_level_topics_idempotently():
    assert Topic.objects.filter(parent=None).count() == 22
    assert Topic.objects.filter(parent__name="综合政务", name="政务公开").exists()
    before = Topic.objects.count()
    migration = importlib.import_module("gongkai.documents.migrations.0002_topics")
    migration.create_topics(apps, None)
    assert Topic.objects.count() == before
