"""The report's outputs: the HTML page (portal and PDF), DOCX laid out as a 公文 (GB/T 9704:
仿宋_GB2312 三号 text, 黑体 headings, 宋体 二号 title, A4 with 37/35/28/26 mm margins), PDF with
embedded CJK fonts, and the XLSX of the tables. The 公文 page and PDF machinery are shared with
the 依申请公开 letters (:mod:`gongkai.lib.officedoc`)."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from gongkai.lib.officedoc import (
    BODY_FONT,
    HEADING_FONT,
    TITLE_FONT,
    TITLE_SIZE,
    new_document,
    paragraph,
    render_html_pdf,
    save,
    set_fonts,
)
from gongkai.reports.content import ReportContent
from gongkai.reports.grids import Grid, placed, table2_grid, table3_grid, table4_grid, width

TABLE_TITLES = {
    "table2": "表二",
    "table3": "表三",
    "table4": "表四",
}
TABLE_SIZE = Pt(9)


def grids(content: ReportContent) -> dict[str, Grid]:
    return {
        "table2": table2_grid(content.table2),
        "table3": table3_grid(content.table3),
        "table4": table4_grid(content.table4),
    }


def _date_text(content: ReportContent) -> str:
    day = content.report.published_date
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def context(content: ReportContent) -> dict[str, Any]:
    all_grids = grids(content)
    sections = []
    for key, title, text, table in content.sections():
        sections.append(
            {
                "key": key,
                "title": title,
                "paragraphs": [p for p in text.split("\n") if p.strip()],
                "grid": _html_rows(all_grids[table]) if table else None,
            }
        )
    return {
        "report": content.report,
        "title": content.report.title,
        "sections": sections,
        "date_text": _date_text(content),
    }


def _html_rows(grid: Grid) -> list[list[Any]]:
    return [list(line) for line in grid]


def render_html(content: ReportContent) -> str:
    """The full, self-contained HTML document (for the PDF)."""
    return render_to_string("reports/report_document.html", context(content))


def render_pdf(content: ReportContent) -> bytes:
    return render_html_pdf(render_html(content))


def _docx_table(document: Any, grid: Grid) -> None:
    cols = width(grid)
    table = document.add_table(rows=len(grid), cols=cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # table.cell(r, c) walks the whole grid on every call; the cells are read once, before
    # any merge (a merge keeps the top-left cell's element, which is all that is used later).
    cells = [list(row.cells) for row in table.rows]
    for r, c, cell in placed(grid):
        target = cells[r][c]
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(cells[r + cell.rowspan - 1][c + cell.colspan - 1])
        para = target.paragraphs[0]
        para.alignment = (
            WD_ALIGN_PARAGRAPH.CENTER if cell.head or cell.number else WD_ALIGN_PARAGRAPH.LEFT
        )
        if cell.level:
            para.paragraph_format.left_indent = Pt(TABLE_SIZE.pt * cell.level)
        if cell.text:
            set_fonts(
                para.add_run(cell.text),
                HEADING_FONT if cell.head else BODY_FONT,
                TABLE_SIZE,
            )


def render_docx(content: ReportContent) -> bytes:
    report = content.report
    document = new_document(title=report.title, author=report.organ.name)
    paragraph(
        document,
        report.title,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        east_asia=TITLE_FONT,
        size=TITLE_SIZE,
        bold=True,
        space_after=Pt(18),
    )
    all_grids = grids(content)
    for _key, title, text, table in content.sections():
        paragraph(document, title, indent=True, east_asia=HEADING_FONT)
        for line in text.split("\n"):
            if line.strip():
                paragraph(document, line.strip(), align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
        if table:
            _docx_table(document, all_grids[table])
            paragraph(document, "")
    paragraph(document, "")
    right = Pt(16 * 4)
    paragraph(document, report.organ.name, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent=right)
    if report.published_date:
        paragraph(document, _date_text(content), align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent=right)
    return save(document)


def render_xlsx(content: ReportContent) -> bytes:
    import openpyxl

    Workbook = openpyxl.Workbook
    Alignment, Border = openpyxl.styles.Alignment, openpyxl.styles.Border
    Font, Side = openpyxl.styles.Font, openpyxl.styles.Side

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    titles = {
        "table2": "表二 主动公开政府信息情况",
        "table3": "表三 收到和处理政府信息公开申请情况",
        "table4": "表四 政府信息公开行政复议、行政诉讼情况",
    }
    for key, grid in grids(content).items():
        sheet = book.create_sheet(TABLE_TITLES[key])
        cols = width(grid)
        sheet.cell(row=1, column=1, value=f"{content.report.title} {titles[key]}").font = Font(
            bold=True
        )
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=cols)
        for r, c, cell in placed(grid):
            row, col = r + 2, c + 1
            value: Any = cell.text
            if cell.number and cell.text:
                try:
                    value = int(cell.text)
                except ValueError:
                    value = float(cell.text)
            target = sheet.cell(row=row, column=col, value=value if value != "" else None)
            target.border = border
            target.alignment = Alignment(
                horizontal="center" if cell.head or cell.number else "left",
                vertical="center",
                wrap_text=True,
                indent=cell.level,
            )
            if cell.head:
                target.font = Font(bold=True)
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(
                    start_row=row,
                    start_column=col,
                    end_row=row + cell.rowspan - 1,
                    end_column=col + cell.colspan - 1,
                )
        sheet.column_dimensions["A"].width = 48 if key == "table3" else 24
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
