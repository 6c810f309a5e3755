"""The report as one object: its tables rebuilt from what generation stored plus the staff's
Table 2 figures, its sections, and the checks (lib.annual_report) — what the staff page, the
API, the portal page and the DOCX/PDF/XLSX renderers all show."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from gongkai.lib.annual_report import (
    SECTIONS,
    Table2,
    Table4,
    check_report,
    headings,
    t2_cells,
)
from gongkai.lib.table3 import Table3, Violation
from gongkai.reports.drafts import PROMPT_MARK
from gongkai.reports.models import AnnualReport, ManualFigure


def _number(value: Any) -> int | Decimal | None:
    if value is None:
        return None
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else number


@dataclass(frozen=True)
class Source:
    source: str
    entered_by: str
    entered_at: str


@dataclass
class ReportContent:
    report: AnnualReport
    table2: Table2
    table3: Table3
    table4: Table4
    previous_table3: Table3 | None
    figures: dict[str, Any]
    sources: dict[tuple[str, str], Source]

    @property
    def version(self) -> str:
        return self.report.version

    def section_text(self, key: str) -> str:
        return str((self.report.sections.get(key) or {}).get("text") or "")

    def sections(self) -> list[tuple[str, str, str, str]]:
        """(key, "一、总体情况", text, table key) in order."""
        tables = {s.key: s.table for s in SECTIONS}
        return [
            (key, title, self.section_text(key), tables[key])
            for key, title in headings(self.version)
        ]

    def violations(self) -> list[Violation]:
        texts = {key: self.section_text(key) for key, _t in headings(self.version)}
        found = check_report(
            table2=self.table2,
            table3=self.table3,
            table4=self.table4,
            sections=texts,
            previous_table3=self.previous_table3,
            figures=self.figures,
        )
        for key, title in headings(self.version):
            if PROMPT_MARK in texts[key]:
                found.append(
                    Violation(
                        "prompt_left",
                        "warning",
                        f"“{title}”部分仍有待填写的提示文字（以“（请”开头）。",
                        key,
                    )
                )
        return found


def _table3(data: dict[str, Any] | None, version: str) -> Table3 | None:
    if not data:
        return None
    return Table3(data.get("version", version), {r: dict(c) for r, c in data["cells"].items()})


def report_content(report: AnnualReport) -> ReportContent:
    stored = report.tables or {}
    cells: dict[str, dict[str, int | Decimal | None]] = {}
    for row, columns in (stored.get("table2_documents") or {}).items():
        cells[row] = {c: _number(v) for c, v in columns.items()}
    sources: dict[tuple[str, str], Source] = {}
    manual = {(row.key, c) for _b, row, c in t2_cells(report.version, source="manual")}
    for figure in ManualFigure.objects.filter(report=report).select_related("entered_by"):
        if (figure.row, figure.column) not in manual:
            continue  # a figure of the other format, kept if the format is switched back
        cells.setdefault(figure.row, {})[figure.column] = _number(figure.value)
        sources[(figure.row, figure.column)] = Source(
            figure.source,
            figure.entered_by.get_full_name() or figure.entered_by.get_username(),
            figure.entered_at.isoformat(),
        )
    table3 = _table3(stored.get("table3"), report.version) or Table3(report.version)  # type: ignore[arg-type]
    t4 = stored.get("table4") or {}
    return ReportContent(
        report=report,
        table2=Table2(report.version, cells),  # type: ignore[arg-type]
        table3=table3,
        table4=Table4({g: dict(c) for g, c in (t4.get("cells") or {}).items()}),
        previous_table3=_table3(stored.get("previous_table3"), report.version),
        figures=dict(stored.get("figures") or {}),
        sources=sources,
    )


def violations_as_dicts(found: list[Violation]) -> list[dict[str, Any]]:
    return [asdict(v) for v in found]
