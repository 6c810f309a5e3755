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
from dataclasses import asdict, dataclass
from datetime import date, datetime

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
]


def _column(applicant_type: str, organisation_type: str) -> str:
    return "natural" if applicant_type == ApplicantType.NATURAL else organisation_type


def _by_column(qs: QuerySet[InfoRequest]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for row in qs.values("applicant_type", "organisation_type").annotate(n=Count("id")):
        counts[_column(row["applicant_type"], row["organisation_type"])] += row["n"]
    return dict(counts)


def _received(organ: Organ) -> QuerySet[InfoRequest]:
    return InfoRequest.objects.filter(organ=organ, received_date__isnull=False)


def inforequest_outcome_counts(*, organ: Organ, year: int) -> dict[str, dict[str, int]]:
    """Requests closed in ``year``: {2021 Table 3 leaf: {column: count}} (for the reports app)."""
    results: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    closed = _received(organ).filter(closed_on__year=year)
    rows = closed.values("outcome", "applicant_type", "organisation_type").annotate(n=Count("id"))
    for row in rows:
        if not row["outcome"]:
            # A closed request always has an outcome (services set it); guard against bad data.
            raise ValueError("a closed request without an outcome cannot be counted in Table 3")
        leaf = OUTCOME_ROW[row["outcome"]]
        results[leaf][_column(row["applicant_type"], row["organisation_type"])] += row["n"]
    return {leaf: dict(cols) for leaf, cols in results.items()}


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


def table3(*, organ: Organ, year: int, version: str | None = None) -> Table3:
    first, last = date(year, 1, 1), date(year, 12, 31)
    base = _received(organ)
    return build_table3(
        version or default_version(year),
        new=_by_column(base.filter(received_date__gte=first, received_date__lte=last)),
        carried_in=_by_column(
            base.filter(received_date__lt=first).filter(
                Q(closed_on__isnull=True) | Q(closed_on__gte=first)
            )
        ),
        results=inforequest_outcome_counts(organ=organ, year=year),
        carried_out=_by_column(
            base.filter(received_date__lte=last).filter(
                Q(closed_on__isnull=True) | Q(closed_on__gt=last)
            )
        ),
    )


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
    current = table3(organ=organ, year=year, version=version)
    previous = table3(organ=organ, year=year - 1, version=version)
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
