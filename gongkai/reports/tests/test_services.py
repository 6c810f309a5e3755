"""Annual-report services: generation, staff edits, figures with sources, the workflow and
its G16 refusals."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gongkai.core.exceptions import GateRefused, InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.models import events_for
from gongkai.reports import services
from gongkai.reports.content import report_content
from gongkai.reports.models import AnnualReport, ManualFigure
from gongkai.reports.tests.conftest import YEAR
from gongkai.reports.workflow import Status

MANUAL_2021 = {
    ("licensing", "decisions"): "120",
    ("penalty", "decisions"): "8",
    ("enforcement", "decisions"): "0",
    ("fees", "amount"): "0",
}


def fill_manual(report: AnnualReport, user: Any) -> None:
    for (row, column), value in MANUAL_2021.items():
        services.annual_report_set_figure(
            actor=user,
            report=report,
            row=row,
            column=column,
            value=value,
            source="区政务服务审批系统台账",
        )


@pytest.fixture
def report(year_of_work: Any, reviewer: Any) -> AnnualReport:
    return services.annual_report_create(actor=reviewer, organ=year_of_work, year=YEAR)


def test_tables_come_from_the_registers(report: AnnualReport) -> None:
    content = report_content(report)
    assert report.version == "2021"
    assert content.table2.cells["normative"] == {"issued": 2, "repealed": 1, "in_force": 2}
    assert content.table2.cells["rules"] == {"issued": 0, "repealed": 0, "in_force": 0}
    t3 = content.table3
    assert (t3.value("new", "total"), t3.value("carried_in", "total")) == (3, 1)
    assert (t3.value("total", "total"), t3.value("carried_out", "total")) == (3, 1)
    assert t3.value("partial", "commercial") == 1
    t4 = content.table4
    assert t4.value("review", "upheld") == 1 and t4.value("review", "total") == 1
    # Concluded after 31 December: 尚未审结 in the 2025 report.
    assert t4.value("direct", "pending") == 1 and t4.value("direct", "corrected") == 0
    overview = content.section_text("overview")
    assert "主动公开政府信息3条" in overview and "其中行政规范性文件2件" in overview
    assert "予以公开及部分公开3件" in overview
    assert "未收取信息处理费" in content.section_text("other")
    assert not [v for v in content.violations() if v.rule == "narrative"]


def test_2019_format_by_year_and_override(year_of_work: Any, reviewer: Any) -> None:
    old = services.annual_report_create(actor=reviewer, organ=year_of_work, year=2020)
    assert old.version == "2019" and not old.version_overridden
    assert set(old.tables["table2_documents"]["normative"]) == {"made", "published", "public_total"}
    forced = services.annual_report_create(
        actor=reviewer, organ=year_of_work, year=2024, version="2019"
    )
    assert forced.version == "2019" and forced.version_overridden
    with pytest.raises(InvalidInput):
        services.annual_report_create(actor=reviewer, organ=year_of_work, year=2018)
    with pytest.raises(InvalidInput):
        services.annual_report_create(actor=reviewer, organ=year_of_work, year=2024)  # exists
    with pytest.raises(InvalidInput):
        services.annual_report_create(actor=reviewer, organ=year_of_work, year=2031, version="2021")


def test_a_figure_without_source_is_refused(report: AnnualReport, reviewer: Any) -> None:
    with pytest.raises(InvalidInput) as exc:
        services.annual_report_set_figure(
            actor=reviewer,
            report=report,
            row="licensing",
            column="decisions",
            value="3",
            source=" ",
        )
    assert exc.value.field == "source" and "来源" in exc.value.message
    for row, column, value in (
        ("licensing", "decisions", "-1"),
        ("licensing", "decisions", "两件"),
        ("normative", "issued", "3"),  # counted from the documents, not entered
    ):
        with pytest.raises(InvalidInput):
            services.annual_report_set_figure(
                actor=reviewer, report=report, row=row, column=column, value=value, source="台账"
            )
    assert not ManualFigure.objects.exists()
    services.annual_report_set_figure(
        actor=reviewer,
        report=report,
        row="licensing",
        column="decisions",
        value="3",
        source="审批系统",
    )
    content = report_content(report)
    assert content.table2.value("licensing", "decisions") == 3
    assert content.sources[("licensing", "decisions")].entered_by == reviewer.get_full_name()
    assert content.sources[("licensing", "decisions")].source == "审批系统"


def test_regenerating_keeps_staff_edits_unless_asked(
    report: AnnualReport, reviewer: Any, district: Any
) -> None:
    services.annual_report_edit_section(
        actor=reviewer, report=report, key="problems", text="一是解读形式单一。"
    )
    from gongkai.reports.tests.conftest import published

    published(district.education, date(YEAR, 8, 1))  # the figures change
    services.annual_report_edit_section(
        actor=reviewer, report=report, key="overview", text="本机关主动公开政府信息3条。"
    )
    kept = services.annual_report_regenerate(actor=reviewer, report=report)
    report.refresh_from_db()
    assert kept == ["overview"]
    assert report.sections["overview"]["text"] == "本机关主动公开政府信息3条。"
    assert "主动公开政府信息4条" in report.sections["overview"]["draft"]
    assert report.sections["problems"]["text"] == "一是解读形式单一。"
    # The kept text now contradicts the figures: flagged.
    narrative = [v for v in report_content(report).violations() if v.rule == "narrative"]
    assert narrative and "主动公开政府信息3条" in narrative[0].message
    services.annual_report_regenerate(actor=reviewer, report=report, overwrite=["overview"])
    report.refresh_from_db()
    assert "主动公开政府信息4条" in report.sections["overview"]["text"]
    assert report.sections["overview"]["edited"] is False


def test_workflow_to_publication(
    report: AnnualReport, reviewer: Any, head: Any, clerk: Any
) -> None:
    fill_manual(report, reviewer)
    with pytest.raises(NotPermitted):
        services.annual_report_sign_off(actor=clerk, report=report)
    with pytest.raises(TransitionNotAllowed):
        services.annual_report_sign_off(actor=head, report=report)
    services.annual_report_check(actor=clerk, report=report)
    with pytest.raises(TransitionNotAllowed):
        services.annual_report_edit_section(actor=reviewer, report=report, key="other", text="无。")
    services.annual_report_sign_off(actor=head, report=report, opinion="同意发布")
    services.annual_report_publish(actor=reviewer, report=report, today=date(YEAR + 1, 1, 20))
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED and report.published_date == date(YEAR + 1, 1, 20)
    actions = [e.action for e in events_for(report)]
    assert "annual_report.published" in actions and "annual_report.signed_off" in actions
    published_event = next(e for e in events_for(report) if e.action == "annual_report.published")
    assert published_event.data["late"] is False


def test_a_broken_identity_is_refused_naming_it(
    report: AnnualReport, reviewer: Any, head: Any
) -> None:
    fill_manual(report, reviewer)
    tables = dict(report.tables)
    cells = tables["table3"]["cells"]
    cells["carried_out"]["natural"] = 5
    cells["carried_out"]["total"] = 5
    AnnualReport.objects.filter(pk=report.pk).update(tables=tables)
    with pytest.raises(GateRefused) as exc:
        services.annual_report_check(actor=reviewer, report=report)
    assert exc.value.gate == "G16"
    assert "“自然人”列：第一项加第二项之和" in exc.value.message
    report.refresh_from_db()
    assert report.status == Status.DRAFT


def test_carry_over_from_last_years_published_report(
    year_of_work: Any, reviewer: Any, head: Any
) -> None:
    last = services.annual_report_create(actor=reviewer, organ=year_of_work, year=YEAR - 1)
    fill_manual(last, reviewer)
    services.annual_report_check(actor=reviewer, report=last)
    services.annual_report_sign_off(actor=head, report=last)
    services.annual_report_publish(actor=reviewer, report=last)
    # Last year's report said 3 carried out; the registers now say 1.
    tables = dict(last.tables)
    tables["table3"]["cells"]["carried_out"].update(natural=3, total=3)
    AnnualReport.objects.filter(pk=last.pk).update(tables=tables)
    report = services.annual_report_create(actor=reviewer, organ=year_of_work, year=YEAR)
    carry = [v for v in report_content(report).violations() if v.rule == "carry_over"]
    assert carry and "上一年度报告结转下年度3件" in carry[0].message


def test_strangers_cannot_compile(year_of_work: Any, other_clerk: Any, citizen: Any) -> None:
    for user in (other_clerk, citizen):
        with pytest.raises(NotPermitted):
            services.annual_report_create(actor=user, organ=year_of_work, year=YEAR)


@pytest.mark.django_db
def test_the_demo_seeder_publishes_a_report_idempotently() -> None:
    from gongkai.demo.services import build_demo_district
    from gongkai.reports.models import SelfInspection, WorkPriority

    build_demo_district(with_corpus=False)
    build_demo_district(with_corpus=False)
    published = AnnualReport.objects.filter(status=Status.PUBLISHED)
    assert published.count() == 1 and published[0].organ.slug == "edu"
    assert AnnualReport.objects.filter(status=Status.DRAFT, organ__slug="fin").exists()
    assert SelfInspection.objects.filter(organ__slug="edu").exists()
    assert WorkPriority.objects.filter(organ__slug="edu").count() == 3
