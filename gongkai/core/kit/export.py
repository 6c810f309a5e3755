"""Exporting a staff list as CSV or XLSX (the same rows), safe to open in a spreadsheet.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be read
as a formula by Excel/WPS (CSV injection, OWASP): such a text is prefixed with an apostrophe.
Numbers and dates stay typed in XLSX. The CSV is UTF-8 with a BOM, so Excel reads Chinese.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse

__all__ = ["export_response", "safe_cell"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Any) -> Any:
    """The value to write: text that could start a formula is neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float | date | datetime):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _disposition(filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1]
    return f"attachment; filename=\"export.{extension}\"; filename*=UTF-8''{quote(filename)}"


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([_text(safe_cell(v)) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _text(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Sheet1")
    sheet.append([safe_cell(h) for h in header])
    for row in rows:
        values = []
        for value in row:
            cell = safe_cell(value)
            if isinstance(cell, datetime) and cell.tzinfo is not None:
                cell = cell.replace(tzinfo=None)
            values.append(cell)
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(
    fmt: str, filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """``fmt`` is "csv" or "xlsx"; ``filename`` without its extension."""
    if fmt == "xlsx":
        response = HttpResponse(_xlsx(header, rows, filename), content_type=XLSX)
    else:
        response = HttpResponse(_csv(header, rows), content_type="text/csv; charset=utf-8")
        fmt = "csv"
    response["Content-Disposition"] = _disposition(f"{filename}.{fmt}")
    return response
