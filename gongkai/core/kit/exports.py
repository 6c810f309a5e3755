"""Exports to CSV and XLSX that are safe to open in a spreadsheet program.

One module for every export: what the public wrote (comments, messages, survey answers) and
the staff lists (documents, 依申请公开 cases).

A cell that a spreadsheet would read as a formula (starting with = + - @, their full-width
forms, or a tab or carriage return, also after leading blanks) is neutralised with a leading
apostrophe (OWASP CSV injection); control characters other than newline and tab are dropped.

- ``typed=False`` (the default, for what the public wrote): every cell is text, so nothing
  typed by the public ever becomes a formula, a link, a number or a date.
- ``typed=True`` (staff lists): numbers and dates stay typed in XLSX (and are written as
  ISO dates in CSV); booleans become 是/否; text is neutralised as above.

CSV is UTF-8 with a BOM, so spreadsheet programs read Chinese.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse

from gongkai.lib.plaintext import drop_control_characters

__all__ = ["export_response", "safe_cell", "to_csv", "to_xlsx"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe_text(text: str) -> str:
    text = drop_control_characters(text)
    if text.startswith(FORMULA_STARTS) or text.lstrip(" \t").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_cell(value: Any, *, typed: bool = False) -> Any:
    """The value to write: text that could start a formula is neutralised."""
    if value is None:
        return ""
    if typed:
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, int | float | date | datetime):
            return value
    return _safe_text(str(value))


def _csv_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]], *, typed: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL if typed else csv.QUOTE_ALL)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([_csv_value(safe_cell(v, typed=typed)) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "Sheet",
    typed: bool = False,
) -> bytes:
    """One sheet; text cells are strings (data type 's'), neutralised as for CSV."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
    from openpyxl.cell.cell import TYPE_STRING  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "Sheet")
    for index, row in enumerate([header, *rows]):
        cells = []
        for value in row:
            cell_value = safe_cell(value, typed=typed and index > 0)
            if isinstance(cell_value, datetime) and cell_value.tzinfo is not None:
                cell_value = cell_value.replace(tzinfo=None)
            cell = WriteOnlyCell(sheet, value=cell_value)
            if isinstance(cell_value, str):
                cell.data_type = TYPE_STRING
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_response(
    fmt: str, filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """A staff list as a download: ``fmt`` is "csv" or "xlsx"; ``filename`` without its
    extension. Numbers and dates stay typed (``typed=True``)."""
    if fmt == "xlsx":
        body = to_xlsx(header, rows, title=filename, typed=True)
        response = HttpResponse(body, content_type=XLSX)
    else:
        fmt = "csv"
        response = HttpResponse(
            to_csv(header, rows, typed=True), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = (
        f"attachment; filename=\"export.{fmt}\"; filename*=UTF-8''{quote(f'{filename}.{fmt}')}"
    )
    return response
