"""Safe exports of what the public wrote (comments, survey answers) to CSV and XLSX.

A cell that a spreadsheet would read as a formula (starting with = + - @, or a tab or
carriage return before one) is neutralised with a leading apostrophe (OWASP CSV injection);
control characters other than newline and tab are dropped. Values are written as text, so
nothing the public typed ever becomes a formula, a link or a date.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    text = "".join(ch for ch in text if ch in "\n\t" or ord(ch) >= 32)
    if text.startswith(FORMULA_STARTS) or text.lstrip(" \t").startswith(FORMULA_STARTS[:4]):
        return "'" + text
    return text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with BOM (so spreadsheet programs read Chinese), every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "Sheet") -> bytes:
    """One sheet; every cell a string (data type 's'), neutralised as for CSV."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
    from openpyxl.cell.cell import TYPE_STRING  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "Sheet")
    for row in [header, *rows]:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=safe_cell(value))
            cell.data_type = TYPE_STRING
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
