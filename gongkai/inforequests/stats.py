"""Annual-report Table 3 (收到和处理政府信息公开申请情况) of one organ for one year.

The counting rules, all derived from dates (domain.md §4.3, §10.3):

- 一、本年新收: 收到申请之日 in the year (a submission never received is not counted);
- 二、上年结转: received before the year and not closed (办结) before it began;
- 三、办理结果: closed in the year — replied (答复日期) or terminated — by outcome leaf;
- 四、结转下年度: received by 31 December and not closed by then.

A request is counted in one column (its applicant type) and, once closed, in one result
leaf, so identity 1 of lib.table3 holds whenever every closed request has an outcome.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.exceptions import InvalidInput
from gongkai.inforequests.models import OUTCOME_ROW, ApplicantType, InfoRequest
from gongkai.lib.table3 import (
    COLUMNS,
    FIRST_YEAR,
    HEADER_NOTE,
    TOTAL,
    Table3,
    Violation,
    build_table3,
    check_table3,
    csv_rows,
    default_version,
    table_rows,
)
from gongkai.organizations.models import Organ

__all__ = [
    "Table3Report",
    "inforequest_fees_collected",
    "inforequest_outcome_counts",
    "inforequests_unconfirmed_at_year_end",
    "table3",
    "table3_report",
    "table3_with_previous",
]


def _column(applicant_type: str, organisation_type: str) -> str:
    return "natural" if applicant_type == ApplicantType.NATURAL else organisation_type


@dataclass
class _YearCounts:
    """The four kinds of Table 3 count of one year, per applicant column (and per result
    leaf for the requests closed in the year)."""

    new: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    carried_in: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    results: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    carried_out: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _open_at(day: date) -> Q:
    """Not closed (办结) before ``day``."""
    return Q(closed_on__isnull=True) | Q(closed_on__gte=day)


# What the conditional counts count: a column of the covering index that is never NULL (the
# id is not in the index on PostgreSQL, and Django refuses COUNT(*) with a filter).
_ANY = "organ"


def _table3_counts(*, organ: Organ, years: Iterable[int]) -> dict[int, _YearCounts]:
    """Table 3 counts of ``organ`` for each of ``years`` in ONE pass over its requests.

    One ``GROUP BY applicant_type, organisation_type, outcome`` with four conditional counts
    per year (new, carried in, closed in the year, carried out); only requests not closed
    before the first 1 January are read (no count needs the others). The covering index
    ``inforequest_table3`` holds every column read, in the grouping order, so the database
    reads that index alone, in order, without sorting.
    """
    wanted = sorted(set(years))
    if not wanted:
        return {}
    aggregates: dict[str, Count] = {}
    for year in wanted:
        first, last = date(year, 1, 1), date(year, 12, 31)
        aggregates[f"new_{year}"] = Count(
            _ANY, filter=Q(received_date__gte=first, received_date__lte=last)
        )
        aggregates[f"in_{year}"] = Count(_ANY, filter=Q(received_date__lt=first) & _open_at(first))
        aggregates[f"closed_{year}"] = Count(
            _ANY,
            filter=Q(received_date__isnull=False, closed_on__gte=first, closed_on__lte=last),
        )
        aggregates[f"out_{year}"] = Count(
            _ANY, filter=Q(received_date__lte=last) & _open_at(last + timedelta(days=1))
        )
    # The WHERE names only the organ and the closing date: a range on received_date would
    # make SQLite prefer the (organ, received_date) index and sort for the GROUP BY, where
    # the covering index is read in the grouping order with no sort at all.
    rows = (
        InfoRequest.objects.filter(organ=organ)
        .filter(_open_at(date(wanted[0], 1, 1)))
        .order_by()
        .values("applicant_type", "organisation_type", "outcome")
        .annotate(**aggregates)
    )
    out = {year: _YearCounts() for year in wanted}
    row: dict[str, Any]
    for row in rows:  # type: ignore[assignment]  # the annotated keys are not literals
        column = _column(row["applicant_type"], row["organisation_type"])
        for year, counts in out.items():
            counts.new[column] += row[f"new_{year}"]
            counts.carried_in[column] += row[f"in_{year}"]
            counts.carried_out[column] += row[f"out_{year}"]
            if row[f"closed_{year}"]:
                if not row["outcome"]:
                    # A closed request always has an outcome (services set it); guard
                    # against bad data.
                    raise ValueError(
                        "a closed request without an outcome cannot be counted in Table 3"
                    )
                counts.results[OUTCOME_ROW[row["outcome"]]][column] += row[f"closed_{year}"]
    return out


def _plain(counts: dict[str, int]) -> dict[str, int]:
    return {column: n for column, n in counts.items() if n}


def inforequest_outcome_counts(*, organ: Organ, year: int) -> dict[str, dict[str, int]]:
    """Requests closed in ``year``: {2021 Table 3 leaf: {column: count}} (for the reports app)."""
    results = _table3_counts(organ=organ, years=[year])[year].results
    return {leaf: _plain(cols) for leaf, cols in results.items()}


def inforequest_fees_collected(*, organ: Organ, year: int) -> int:
    """信息处理费 collected in ``year`` (yuan, by the day paid), for the annual report's
    section on fees (2021 format 六; 条例第四十二条, 国办函〔2020〕109号)."""
    total = InfoRequest.objects.filter(
        organ=organ, fee_paid_on__year=year, fee_amount__isnull=False
    ).aggregate(total=Sum("fee_amount"))["total"]
    return int(total or 0)


def inforequests_unconfirmed_at_year_end(*, organ: Organ, year: int) -> QuerySet[InfoRequest]:
    """Applications that arrived by 31 December whose receipt date was still not confirmed
    then (条例第三十一条): Table 3 cannot count them in any row."""
    first_next = datetime(year + 1, 1, 1, tzinfo=timezone.get_current_timezone())
    last = date(year, 12, 31)
    return (
        InfoRequest.objects.filter(organ=organ, submitted_at__lt=first_next)
        .filter(Q(received_date__isnull=True) | Q(received_date__gt=last))
        .exclude(closed_on__lte=last)
    )


def _build(counts: _YearCounts, version: str) -> Table3:
    return build_table3(
        version,
        new=_plain(counts.new),
        carried_in=_plain(counts.carried_in),
        results={leaf: _plain(cols) for leaf, cols in counts.results.items()},
        carried_out=_plain(counts.carried_out),
    )


def table3(*, organ: Organ, year: int, version: str | None = None) -> Table3:
    """Table 3 of ``organ`` for ``year`` (one query)."""
    return _build(_table3_counts(organ=organ, years=[year])[year], version or default_version(year))


def table3_with_previous(
    *, organ: Organ, year: int, version: str | None = None
) -> tuple[Table3, Table3]:
    """Table 3 of ``year`` and of ``year - 1`` in the same format, from ONE query (the annual
    report checks 二 of this year against 四 of last year)."""
    version = version or default_version(year)
    counts = _table3_counts(organ=organ, years=[year - 1, year])
    return _build(counts[year], version), _build(counts[year - 1], version)


@dataclass(frozen=True)
class Table3Report:
    organ: Organ
    year: int
    table: Table3
    violations: list[Violation]

    @property
    def title(self) -> str:
        return f"{self.organ.name} {self.year}年 表三（{self.table.version}年格式）"

    def csv_rows(self) -> list[list[str | int | None]]:
        return csv_rows(self.table, self.title)

    def as_dict(self) -> dict[str, object]:
        return {
            "organ": {"slug": self.organ.slug, "name": self.organ.name},
            "year": self.year,
            "version": self.table.version,
            "note": HEADER_NOTE,
            "columns": [{"key": c.key, "label": c.label, "group": c.group} for c in COLUMNS],
            "rows": table_rows(self.table),
            "violations": [asdict(v) for v in self.violations],
        }


def table3_report(*, organ: Organ, year: int, version: str | None = None) -> Table3Report:
    """Table 3 with the §4.3 checks, including the carry-over from the previous year."""
    if year < FIRST_YEAR:
        raise InvalidInput(
            _("年报表三自%(year)d年度报告起适用（国办公开办函〔2019〕60号）。")
            % {"year": FIRST_YEAR},
            field="year",
        )
    version = version or default_version(year)
    current, previous = table3_with_previous(organ=organ, year=year, version=version)
    violations = check_table3(current, previous)
    unconfirmed = list(
        inforequests_unconfirmed_at_year_end(organ=organ, year=year).values_list(
            "case_number", flat=True
        )
    )
    if unconfirmed:
        violations.append(
            Violation(
                "unconfirmed_receipt",
                "error",
                f"{len(unconfirmed)}件申请截至{year}年12月31日仍未确认收到申请之日（条例第三十一条），"
                f"未计入本表：{'、'.join(unconfirmed[:20])}"
                f"{'等' if len(unconfirmed) > 20 else ''}。",
                "new",
                TOTAL,
                None,
                len(unconfirmed),
            )
        )
    return Table3Report(organ, year, current, violations)
