"""The annual report over the JSON API (every action) and the staff and portal pages."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

from django.test import Client
from docx import Document as read_docx

from gongkai.accounts.models import ApiToken
from gongkai.reports.models import AnnualReport, RemedyCase
from gongkai.reports.tests.conftest import YEAR, published

BASE = "/api/v1/annual-reports"


class Api:
    def __init__(self, user: Any) -> None:
        _, raw = ApiToken.issue(user=user, name="OA")
        self.client = Client(headers={"Authorization": f"Bearer {raw}"})

    def get(self, path: str = "", **params: str | int) -> Any:
        return self.client.get(BASE + path, params)

    def send(self, method: str, path: str = "", body: Any = None) -> Any:
        return getattr(self.client, method)(
            BASE + path, data=json.dumps(body or {}), content_type="application/json"
        )


FIGURES = [
    ("licensing", "decisions", "12"),
    ("penalty", "decisions", "3"),
    ("enforcement", "decisions", "0"),
    ("fees", "amount", "0"),
]


def test_the_whole_workflow_over_the_api(year_of_work: Any, reviewer: Any, head: Any) -> None:
    office, boss = Api(reviewer), Api(head)
    created = office.send("post", "", {"organ": year_of_work.pk, "year": YEAR})
    assert created.status_code == 201, created.content
    body = created.json()
    report_id = body["id"]
    assert body["version"] == "2021" and body["status"] == "draft"
    assert {"edit", "figure", "check", "regenerate"} <= set(body["allowed_actions"])
    assert any(c["text"] == "行政规范性文件" for c in body["tables"]["table2"])
    refused = office.send(
        "post", f"/{report_id}/figures", {"row": "licensing", "column": "decisions", "value": "12"}
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["field"] == "source"
    for row, column, value in FIGURES:
        ok = office.send(
            "post",
            f"/{report_id}/figures",
            {"row": row, "column": column, "value": value, "source": "区审批系统"},
        )
        assert ok.status_code == 200, ok.content
    edited = office.send("put", f"/{report_id}/sections/problems", {"text": "一是平台功能待完善。"})
    assert edited.status_code == 200
    regenerated = office.send("post", f"/{report_id}/regenerate", {})
    assert regenerated.status_code == 200
    problems = next(s for s in regenerated.json()["sections"] if s["key"] == "problems")
    assert problems["text"] == "一是平台功能待完善。" and problems["edited"]
    assert boss.send("post", f"/{report_id}/sign-off").status_code == 409
    checked = office.send("post", f"/{report_id}/check")
    assert checked.status_code == 200 and checked.json()["status"] == "checked"
    assert office.send("post", f"/{report_id}/sign-off").status_code == 403
    assert (
        boss.send("post", f"/{report_id}/sign-off", {"opinion": "同意"}).json()["status"]
        == "signed_off"
    )
    published = office.send("post", f"/{report_id}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    docx = office.get(f"/{report_id}/document.docx")
    assert docx.status_code == 200
    text = "\n".join(p.text for p in read_docx(io.BytesIO(docx.content)).paragraphs)
    assert "一是平台功能待完善。" in text
    assert office.get(f"/{report_id}/document.exe").status_code == 400
    rollup = office.get("/rollup", year=YEAR)
    assert rollup.status_code == 200
    row = next(r for r in rollup.json() if r["organ"] == year_of_work.pk)
    assert row["status"] == "published" and row["figures"]["requests_new"] == 3


def test_a_broken_identity_is_refused_over_the_api(year_of_work: Any, reviewer: Any) -> None:
    office = Api(reviewer)
    report_id = office.send("post", "", {"organ": year_of_work.pk, "year": YEAR}).json()["id"]
    report = AnnualReport.objects.get(pk=report_id)
    tables = dict(report.tables)
    tables["table4"]["cells"]["review"]["total"] = 9
    AnnualReport.objects.filter(pk=report_id).update(tables=tables)
    refused = office.send("post", f"/{report_id}/check")
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["gate"] == "G16" and "表四“行政复议”" in error["message"]


def test_bad_input_over_the_api(year_of_work: Any, reviewer: Any, other_clerk: Any) -> None:
    office = Api(reviewer)
    assert office.send("post", "", {"organ": year_of_work.pk, "year": 2017}).status_code in (
        400,
        422,
    )
    assert office.send("post", "", {"organ": 999999, "year": YEAR}).status_code == 400
    report_id = office.send("post", "", {"organ": year_of_work.pk, "year": YEAR}).json()["id"]
    assert Api(other_clerk).get(f"/{report_id}").status_code == 404
    assert office.send("put", f"/{report_id}/sections/seventh", {"text": "x"}).status_code == 400
    case = office.send(
        "post",
        "/remedy-cases/",
        {
            "organ": year_of_work.pk,
            "case_number": "示复〔2025〕9号",
            "route": "review",
            "filed_on": "2025-05-01",
            "result": "upheld",
        },
    )
    assert case.status_code == 400 and case.json()["error"]["field"] == "concluded_on"
    ok = office.send(
        "post",
        "/remedy-cases/",
        {
            "organ": year_of_work.pk,
            "case_number": "示复〔2025〕9号",
            "route": "review",
            "filed_on": "2025-05-01",
        },
    )
    assert ok.status_code == 201
    assert RemedyCase.objects.filter(case_number="示复〔2025〕9号", result="pending").exists()


def test_staff_pages_and_the_portal_page(
    client: Client, year_of_work: Any, reviewer: Any, head: Any, gov_office: Any
) -> None:
    client.force_login(reviewer)
    page = client.post("/staff/reports/new/", {"organ": year_of_work.pk, "year": YEAR})
    assert page.status_code == 302
    report = AnnualReport.objects.get(organ=year_of_work, year=YEAR)
    detail = client.get(f"/staff/reports/{report.pk}/")
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "一、总体情况" in html and "表二人工填报数据" in html and 'data-action="check"' in html
    refused = client.post(
        f"/staff/reports/{report.pk}/figure/",
        {"cell": "licensing:decisions", "value": "5", "source": ""},
    )
    assert refused.status_code == 400 and "没有来源的数据不能填报" in refused.content.decode()
    for row, column, value in FIGURES:
        client.post(
            f"/staff/reports/{report.pk}/figure/",
            {"cell": f"{row}:{column}", "value": value, "source": "台账"},
        )
    assert client.post(f"/staff/reports/{report.pk}/check/").status_code == 302
    client.force_login(head)
    assert client.post(f"/staff/reports/{report.pk}/sign-off/", {"opinion": ""}).status_code == 302
    client.force_login(reviewer)
    assert client.post(f"/staff/reports/{report.pk}/publish/").status_code == 302
    report.refresh_from_db()
    assert report.status == "published"
    public = Client().get(f"/ndbg/{year_of_work.slug}/{YEAR}/")
    assert public.status_code == 200
    assert "收到和处理政府信息公开申请情况" in public.content.decode()
    # The one 政府信息公开年报 column: this report and an uploaded 年报 of an earlier year,
    # year by year; the old column path redirects to it.
    legacy = published(
        year_of_work,
        date(YEAR - 1, 1, 20),
        title="示范区教育局2023年政府信息公开工作年度报告",
        genre="年报",
    )
    listing = Client().get("/ndbg/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert html.index('id="year-2025"') < html.index(report.title) < html.index('id="year-2023"')
    assert html.index('id="year-2023"') < html.index(legacy.title)
    assert f'href="/xxgk/documents/{legacy.uid}/"' in html
    moved = Client().get("/xxgk/reports/")
    assert moved.status_code == 301 and moved["Location"] == "/ndbg/"
    feed = Client().get("/feeds/ndbg/rss.xml").content.decode()
    assert report.title in feed and legacy.title in feed
    assert Client().get(f"/ndbg/{year_of_work.slug}/{YEAR}/report.xlsx").status_code == 200
    client.force_login(gov_office)
    rollup = client.get("/staff/reports/rollup/", {"year": YEAR})
    assert rollup.status_code == 200 and year_of_work.name in rollup.content.decode()
    export = client.get("/staff/reports/rollup/", {"year": str(YEAR), "format": "csv"})
    assert export.status_code == 200 and "示范区教育局" in export.content.decode("utf-8-sig")


def test_self_inspection_and_priorities_over_the_api(district: Any, reviewer: Any) -> None:
    from datetime import date

    from gongkai.documents.models import Attribute
    from gongkai.documents.tests.factories import DocumentFactory
    from gongkai.documents.workflow import Status as DocumentStatus

    doc: Any = DocumentFactory(
        organ=district.education,
        status=DocumentStatus.ISSUED,
        attribute=Attribute.ON_REQUEST,
        on_request_reason="SPECIFIC_SUBJECTS",
        legal_explanation="仅涉及特定学校。",
        written_date=date(YEAR, 3, 1),
    )
    office = Api(reviewer)
    made = office.send("post", "/inspections/", {"organ": district.education.pk, "year": YEAR})
    assert made.status_code == 200 and made.json()["added"] == 1
    body = made.json()
    item = body["items"][0]
    assert item["document"] == doc.pk and item["reasons"] == ["SPECIFIC_SUBJECTS"]
    refused = office.send(
        "post", f"/inspections/{body['id']}/items/{item['id']}/decision", {"decision": "keep"}
    )
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "note"
    done = office.send(
        "post",
        f"/inspections/{body['id']}/items/{item['id']}/decision",
        {"decision": "convert", "note": "涉及面已扩大到全区学校。"},
    )
    assert done.status_code == 200 and done.json()["items"][0]["decision"] == "convert"
    doc.refresh_from_db()
    assert doc.attribute == Attribute.PROACTIVE
    added = office.send(
        "post",
        "/priorities/",
        {
            "organ": district.education.pk,
            "year": YEAR,
            "title": "推进招生信息公开",
            "responsible_unit": "基教科",
            "deadline": f"{YEAR}-06-30",
        },
    )
    assert added.status_code == 201
    updated = office.send("patch", f"/priorities/{added.json()['id']}", {"progress": "done"})
    assert updated.status_code == 200 and updated.json()["progress"] == "done"
