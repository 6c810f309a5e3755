"""The report's DOCX, PDF and XLSX open with the Chinese text and the tables' figures."""

from __future__ import annotations

import io
import shutil
import subprocess
from typing import Any

import pytest
from docx import Document as read_docx
from openpyxl import load_workbook

from gongkai.reports import render, services
from gongkai.reports.content import report_content
from gongkai.reports.tests.conftest import YEAR


@pytest.fixture
def content(year_of_work: Any, reviewer: Any) -> Any:
    report = services.annual_report_create(actor=reviewer, organ=year_of_work, year=YEAR)
    services.annual_report_set_figure(
        actor=reviewer,
        report=report,
        row="licensing",
        column="decisions",
        value="120",
        source="审批系统",
    )
    return report_content(report)


def test_docx_is_a_gbt9704_document_with_the_tables(content: Any) -> None:
    data = render.render_docx(content)
    doc = read_docx(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "示范区教育局2025年政府信息公开工作年度报告" in text
    assert "一、总体情况" in text and "五、存在的主要问题及改进情况" in text
    assert "予以公开及部分公开3件" in text
    section = doc.sections[0]
    assert section.top_margin is not None and section.left_margin is not None
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert len(doc.tables) == 3
    t2, t3, t4 = doc.tables
    assert t2.cell(0, 0).text == "第二十条第（一）项"
    assert [c.text for c in t2.rows[3].cells] == ["行政规范性文件", "2", "1", "2"]
    assert "120" in [c.text for c in t2.rows[6].cells]
    assert t3.cell(0, 0).text.startswith("（本列数据的勾稽关系")
    assert "（七）总计" in [r.cells[0].text for r in t3.rows]
    assert t4.cell(0, 0).text == "行政复议" and len(t4.columns) == 15
    fonts = doc.element.xpath("//w:rFonts/@w:eastAsia")
    assert "仿宋_GB2312" in fonts and "黑体" in fonts


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_embeds_cjk_fonts_and_text(content: Any, tmp_path: Any) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(render.render_pdf(content))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = "".join(text.split())  # lines wrap anywhere in Chinese text
    assert (
        "示范区教育局2025年政府信息公开工作年度报告" in text
        and "收到和处理政府信息公开申请情况" in text
    )
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk)  # embedded


def test_xlsx_holds_the_three_tables(content: Any) -> None:
    book = load_workbook(io.BytesIO(render.render_xlsx(content)))
    assert book.sheetnames == ["表二", "表三", "表四"]
    t3 = book["表三"]
    labels = [t3.cell(row=r, column=1).value for r in range(1, t3.max_row + 1)]
    assert "一、本年新收政府信息公开申请数量" in labels
    row = labels.index("一、本年新收政府信息公开申请数量") + 1
    assert t3.cell(row=row, column=8).value == 3  # 总计
    assert any(str(m) == "C2:G2" for m in t3.merged_cells.ranges)  # 法人或其他组织
