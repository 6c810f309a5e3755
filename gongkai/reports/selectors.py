"""Reads for the annual report: the figures each module contributes, the visible reports,
the district roll-up and the deadline state (G16).

Table 2 (第二十条第（一）项) is counted from the document registry: 行政规范性文件 are documents
flagged ``is_normative``; 规章 are documents of the genre 命令（令） (规章 are promulgated by 政府令,
立法法第九十三条; a district government makes none, so its row is 0). Dates decide, so a
report on a past year is the same whenever it is generated:

- 2021 format: 本年制发 = published in the year; 本年废止 = 废止日期 in the year; 现行有效 =
  published by 31 December and neither repealed nor expired by then;
- 2019 format: 本年新制作 = 成文日期 in the year (issued or published); 本年新公开 = published in
  the year; 对外公开总数量 = published by 31 December.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.documents.models import Document, Genre
from gongkai.documents.selectors import documents_public
from gongkai.documents.workflow import Status as DocumentStatus
from gongkai.inforequests.stats import inforequest_fees_collected
from gongkai.interpretations.models import Interpretation
from gongkai.lib.annual_report import Table4, table4_from_cases
from gongkai.organizations.models import Organ, OrganKind
from gongkai.reports import permissions as perms
from gongkai.reports.models import AnnualReport, RemedyCase
from gongkai.reports.workflow import Result, Status

_PUBLISHED = DocumentStatus.PUBLISHED


def _kinds() -> dict[str, Q]:
    return {
        "rules": Q(genre=Genre.ORDER, is_normative=False),
        "normative": Q(is_normative=True),
    }


def table2_from_documents(*, organ: Organ, year: int, version: str) -> dict[str, dict[str, int]]:
    """The 第二十条第（一）项 rows of Table 2 from the document registry, in one query."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    published_by_end = Q(status=_PUBLISHED, published_date__lte=last)
    published_in_year = Q(status=_PUBLISHED, published_date__gte=first, published_date__lte=last)
    if version == "2021":
        columns = {
            "issued": published_in_year,
            "repealed": Q(repealed_date__gte=first, repealed_date__lte=last),
            "in_force": published_by_end
            & (Q(repealed_date__isnull=True) | Q(repealed_date__gt=last))
            & (Q(expires_on__isnull=True) | Q(expires_on__gt=last)),
        }
    else:
        columns = {
            "made": Q(
                status__in=[DocumentStatus.ISSUED, _PUBLISHED],
                written_date__gte=first,
                written_date__lte=last,
            ),
            "published": published_in_year,
            "public_total": published_by_end,
        }
    aggregates = {
        # COUNT of organ_id (never NULL): a column of the covering index, unlike the id on
        # PostgreSQL.
        f"{row}__{col}": Count("organ", filter=kind & cond)
        for row, kind in _kinds().items()
        for col, cond in columns.items()
    }
    # The WHERE repeats the condition of the partial index document_table2 (规章 or
    # 行政规范性文件), so the count reads that small covering index alone.
    counts = (
        Document.objects.filter(organ=organ)
        .filter(Q(is_normative=True) | Q(genre=Genre.ORDER))
        .aggregate(**aggregates)
    )
    out: dict[str, dict[str, int]] = {}
    for key, n in counts.items():
        row, col = key.split("__")
        out.setdefault(row, {})[col] = int(n or 0)
    return out


def remedy_cases_of_year(*, organ: Organ, year: int) -> QuerySet[RemedyCase]:
    return RemedyCase.objects.filter(organ=organ, filed_on__year=year)


def table4(*, organ: Organ, year: int) -> Table4:
    """Table 4 from the register: cases filed in the year, by route; a case not concluded by
    31 December counts as 尚未审结 whatever happened later."""
    last = date(year, 12, 31)
    cases = []
    for route, result, concluded in remedy_cases_of_year(organ=organ, year=year).values_list(
        "route", "result", "concluded_on"
    ):
        cases.append((route, result if concluded and concluded <= last else Result.PENDING))
    return table4_from_cases(cases)


@dataclass(frozen=True)
class Figures:
    """The system's own figures quoted in the narrative (sections 一, 二, 六)."""

    documents_published: int
    normative_published: int
    interpretations_published: int
    fees_collected: int  # yuan
    self_inspection: dict[str, int]
    priorities: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents_published": self.documents_published,
            "normative_published": self.normative_published,
            "interpretations_published": self.interpretations_published,
            "fees_collected": self.fees_collected,
            "self_inspection": dict(self.self_inspection),
            "priorities": dict(self.priorities),
        }


def figures(*, organ: Organ, year: int) -> Figures:
    from gongkai.reports.inspection import inspection_results
    from gongkai.reports.priorities import priorities_summary

    published = Document.objects.filter(
        organ=organ, status=_PUBLISHED, published_date__year=year
    ).aggregate(all=Count("id"), normative=Count("id", filter=Q(is_normative=True)))
    interpretations = Interpretation.objects.filter(organ=organ, published_date__year=year).count()
    return Figures(
        documents_published=int(published["all"] or 0),
        normative_published=int(published["normative"] or 0),
        interpretations_published=interpretations,
        fees_collected=inforequest_fees_collected(organ=organ, year=year),
        self_inspection=inspection_results(organ=organ, year=year),
        priorities=priorities_summary(organ=organ, year=year),
    )


def annual_reports_visible_to(user: Any) -> QuerySet[AnnualReport]:
    return perms.scope_annual_reports(user, AnnualReport.objects.select_related("organ"))


def annual_reports_public() -> QuerySet[AnnualReport]:
    """Published reports, every year kept (条例第五十条; domain.md §4.5), newest first."""
    return AnnualReport.objects.filter(status=Status.PUBLISHED).select_related("organ")


def legacy_annual_reports() -> QuerySet[Document]:
    """年报 uploaded as documents (the genre 年报: reports of the years before the platform,
    or written outside it), published."""
    return documents_public().filter(genre=Genre.ANNUAL_REPORT)


_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d\d)\s*年")


def report_year_of(document: Document) -> int:
    """The year an uploaded 年报 reports on: the year its title names (“……2023年政府信息公开
    工作年度报告”); failing that, the year before its publication (reports are published by
    31 March of the following year, 条例第四十九条)."""
    found = _YEAR_IN_TITLE.search(document.title)
    if found:
        return int(found.group(1))
    day = document.published_date or document.written_date
    return (day.year - 1) if day else 0


@dataclass(frozen=True)
class ColumnEntry:
    """One line of the 政府信息公开年报 column: a report generated here or an uploaded 年报."""

    year: int
    title: str
    path: str
    organ_name: str
    published: date | None
    generated: bool


def annual_report_column() -> list[ColumnEntry]:
    """The one 政府信息公开年报 column: the reports published here and the uploaded 年报
    documents, year by year (newest first), then by organ."""
    entries = [
        ColumnEntry(
            year=r.year,
            title=r.title,
            path=reverse("ndbg:detail", args=[r.organ.slug, r.year]),
            organ_name=r.organ.name,
            published=r.published_date,
            generated=True,
        )
        for r in annual_reports_public()
    ]
    entries += [
        ColumnEntry(
            year=report_year_of(d),
            title=d.title,
            path=reverse("portal:document_detail", args=[d.uid]),
            organ_name=d.organ.name,
            published=d.published_date,
            generated=False,
        )
        for d in legacy_annual_reports()
    ]
    entries.sort(key=lambda e: (-e.year, e.organ_name, e.title))
    return entries


def deadline(organ: Organ, year: int) -> date:
    """G16 (条例第四十九条): departments publish the report on ``year`` by 31 January of the next
    year; the people's government (its openness office compiles it) by 31 March."""
    if organ.kind == OrganKind.DISTRICT_GOVERNMENT:
        return date(year + 1, 3, 31)
    return date(year + 1, 1, 31)


def is_late(report: AnnualReport | None, organ: Organ, year: int, today: date) -> bool:
    due = deadline(organ, year)
    if report is not None and report.published_date is not None:
        return report.published_date > due
    return today > due


@dataclass(frozen=True)
class RollupRow:
    organ: Organ
    report: AnnualReport | None
    due: date
    late: bool
    figures: dict[str, Any]


def rollup(user: Any, year: int, today: date) -> list[RollupRow]:
    """Every organ the user oversees, with its report on ``year`` (or none yet), its status,
    deadline and key figures side by side (the office's district roll-up)."""
    organ_ids = perms.visible_organ_ids(user)
    organs = Organ.objects.exclude(kind=OrganKind.GOVERNMENT_OFFICE).order_by("kind", "name")
    if organ_ids is not None:
        organs = organs.filter(pk__in=organ_ids)
    reports = {r.organ_id: r for r in AnnualReport.objects.filter(year=year, organ__in=organs)}
    rows = []
    for organ in organs:
        report = reports.get(organ.pk)
        rows.append(
            RollupRow(
                organ=organ,
                report=report,
                due=deadline(organ, year),
                late=is_late(report, organ, year, today),
                figures=key_figures(report) if report else {},
            )
        )
    return rows


def key_figures(report: AnnualReport) -> dict[str, Any]:
    t3 = report.tables.get("table3", {}).get("cells", {})
    t4 = report.tables.get("table4", {}).get("cells", {})
    fig = report.tables.get("figures", {})

    def total(row: str) -> int:
        return int((t3.get(row) or {}).get("total") or 0)

    return {
        "documents_published": fig.get("documents_published", 0),
        "requests_new": total("new"),
        "requests_closed": total("total"),
        "carried_out": total("carried_out"),
        "reviews": int((t4.get("review") or {}).get("total") or 0),
        "litigation": int((t4.get("direct") or {}).get("total") or 0)
        + int((t4.get("after_review") or {}).get("total") or 0),
        "fees_collected": Decimal(fig.get("fees_collected", 0)),
    }


def section_titles(version: str) -> list[tuple[str, str]]:
    from gongkai.lib.annual_report import headings

    return headings(version)


@dataclass(frozen=True)
class Due:
    organ: Organ
    year: int
    due: date
    late: bool
    report: AnnualReport | None


# Reminders start a month before the statutory date: on 1 January for departments (due 31
# January) and on 1 March for the government (due 31 March); 条例第四十九条.
REMIND_DAYS_BEFORE = 31


def reports_due(user: Any, today: date) -> list[Due]:
    """Reports on last year that the user's organs still have to publish, from a month before
    the deadline (G16), overdue ones marked late."""
    organ_ids = perms.visible_organ_ids(user)
    if organ_ids is not None and not organ_ids:
        return []
    return reports_due_in(organ_ids, today)


def reports_due_in(organ_ids: Any, today: date) -> list[Due]:
    """:func:`reports_due` over the organs ``organ_ids`` (None: every organ; the reminder job)."""
    year = today.year - 1
    if year < 2019:
        return []
    organs = Organ.objects.all().order_by("name")
    if organ_ids is not None:
        organs = organs.filter(pk__in=organ_ids)
    published = set(
        AnnualReport.objects.filter(year=year, status=Status.PUBLISHED).values_list(
            "organ_id", flat=True
        )
    )
    reports = {r.organ_id: r for r in AnnualReport.objects.filter(year=year, organ__in=organs)}
    out = []
    for organ in organs:
        if organ.pk in published or organ.kind == OrganKind.GOVERNMENT_OFFICE:
            continue  # the office compiles the government's report; it has none of its own
        due = deadline(organ, year)
        if (due - today).days > REMIND_DAYS_BEFORE:
            continue
        out.append(Due(organ, year, due, today > due, reports.get(organ.pk)))
    return out


ROLLUP_HEADER = [
    _("机关"),
    _("报告年度"),
    _("状态"),
    _("发布日期"),
    _("法定期限"),
    _("是否逾期"),
    _("主动公开政府信息（条）"),
    _("新收申请（件）"),
    _("办结申请（件）"),
    _("结转下年度（件）"),
    _("行政复议（件）"),
    _("行政诉讼（件）"),
    _("信息处理费（元）"),
]


def rollup_csv_row(row: RollupRow) -> list[Any]:
    report = row.report
    fig = row.figures
    return [
        row.organ.name,
        report.year if report else "",
        report.get_status_display() if report else gettext("未编制"),
        report.published_date.isoformat() if report and report.published_date else "",
        row.due.isoformat(),
        gettext("是") if row.late else gettext("否"),
        fig.get("documents_published", ""),
        fig.get("requests_new", ""),
        fig.get("requests_closed", ""),
        fig.get("carried_out", ""),
        fig.get("reviews", ""),
        fig.get("litigation", ""),
        fig.get("fees_collected", ""),
    ]
