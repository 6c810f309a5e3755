"""Staff lists: search by 文号/索引号/title and date range, XLSX/CSV export (formula-safe),
batch sign-off and publish where each document passes every gate (issue 15 §8)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.core.kit.exports import safe_cell
from gongkai.core.models import events_for
from gongkai.documents import services
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status
from gongkai.staff.tests.conftest import valid_data

pytestmark = pytest.mark.django_db
LIST = reverse("staff:document_list")


def _titles(response):
    return [row.document.title for row in response.context["rows"]]


def test_search_by_doc_number_index_number_and_date_range(client, reviewer, district):
    DocumentFactory(
        organ=district.education,
        status=Status.PUBLISHED,
        title="甲通知",
        doc_number="示教发〔2026〕7号",
        index_number="000014349/2026-00007",
        published_date=date(2026, 3, 1),
        written_date=date(2026, 2, 20),
    )
    DocumentFactory(
        organ=district.education,
        status=Status.PUBLISHED,
        title="乙通知",
        doc_number="示教发〔2025〕9号",
        index_number="000014349/2025-00009",
        published_date=date(2025, 6, 1),
        written_date=date(2025, 5, 20),
    )
    client.force_login(reviewer)
    assert _titles(client.get(LIST, {"q": "〔2026〕7号"})) == ["甲通知"]
    assert _titles(client.get(LIST, {"q": "2025-00009"})) == ["乙通知"]
    assert _titles(client.get(LIST, {"date_from": "2026-01-01"})) == ["甲通知"]
    assert _titles(client.get(LIST, {"date_to": "2025-12-31"})) == ["乙通知"]
    bad = client.get(LIST, {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert "结束日期不能早于开始日期" in bad.content.decode()


def test_export_is_formula_safe_in_csv_and_xlsx(client, reviewer, district):
    DocumentFactory(organ=district.education, status=Status.ISSUED, title='=HYPERLINK("http://x")')
    client.force_login(reviewer)
    response = client.get(LIST, {"export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "标题" and rows[1][0] == '\'=HYPERLINK("http://x")'
    response = client.get(LIST, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == '\'=HYPERLINK("http://x")'
    assert safe_cell("+1") == "'+1" and safe_cell(5, typed=True) == 5 and safe_cell("-") == "'-"


def test_batch_sign_off_passes_every_gate_and_audits_each(client, head, clerk, district):
    ok = services.document_create(actor=clerk, organ=district.education, data=valid_data())
    services.document_submit(actor=clerk, document=ok)
    other = services.document_create(
        actor=clerk, organ=district.education, data=valid_data(title="另一件通知")
    )
    services.document_submit(actor=clerk, document=other)
    # A policy document without its interpretation fails G8 (同步审签) and is reported.
    policy = services.document_create(
        actor=clerk,
        organ=district.education,
        data=valid_data(title="政策性文件", is_policy=True),
    )
    services.document_submit(actor=clerk, document=policy)
    client.force_login(head)
    response = client.post(
        reverse("staff:document_batch"),
        {"action": "sign_off", "documents": [ok.pk, other.pk, policy.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "已处理 2 件" in html and "《政策性文件》" in html
    for document in (ok, other):
        document.refresh_from_db()
        assert document.status == Status.ISSUED
        assert events_for(document).filter(action="document.signed_off").count() == 1
    policy.refresh_from_db()
    assert policy.status == Status.SIGNOFF


def test_batch_publish_refuses_what_is_not_reviewed(client, reviewer, issued):
    client.force_login(reviewer)
    response = client.post(
        reverse("staff:document_batch"),
        {"action": "publish", "documents": [issued.pk]},
        follow=True,
    )
    issued.refresh_from_db()
    assert issued.status == Status.ISSUED
    assert "保密审查" in response.content.decode()
