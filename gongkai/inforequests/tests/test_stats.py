"""Annual-report Table 3 on a constructed year, both formats, and the `report table3` command."""

import csv
import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.inforequests.models import ApplicantType, Outcome
from gongkai.inforequests.stats import (
    inforequest_fees_collected,
    inforequest_outcome_counts,
    table3,
    table3_report,
)
from gongkai.inforequests.tests.factories import InfoRequestFactory, at
from gongkai.inforequests.workflow import Status
from gongkai.lib.table3 import TOTAL

pytestmark = pytest.mark.django_db
D = date
ORG = ApplicantType.ORGANISATION


@pytest.fixture
def year_2025(district):
    organ = district.education

    def make(received, closed=None, outcome="", column="natural", **kw):
        org = {} if column == "natural" else {"applicant_type": ORG, "organisation_type": column}
        status = Status.REPLIED if closed else Status.IN_PROCESS
        return InfoRequestFactory(
            organ=organ,
            received_date=received,
            closed_on=closed,
            outcome=outcome,
            status=status,
            **org,
            **kw,
        )

    # carried in from 2024
    make(D(2024, 12, 20), D(2025, 1, 10), Outcome.OPEN)
    make(D(2024, 12, 28), D(2025, 2, 3), Outcome.OTHER_NO_FEE, "commercial")
    make(D(2024, 6, 1), D(2024, 6, 20), Outcome.OPEN)  # closed in 2024: not in 2025
    # received in 2025
    make(D(2025, 3, 1), D(2025, 3, 20), Outcome.PARTIAL)
    make(D(2025, 5, 1), D(2025, 5, 25), Outcome.STATE_SECRET)
    make(D(2025, 6, 1), D(2025, 6, 10), Outcome.NA_NOT_HELD, "research")
    make(D(2025, 7, 1), D(2025, 7, 5), Outcome.NP_REPEAT, "public_interest")
    make(D(2025, 8, 1), D(2025, 8, 20), Outcome.OTHER_NO_CORRECTION, "legal_services")
    make(D(2025, 9, 1), D(2025, 9, 3), Outcome.OTHER_OTHER, "other_org")
    make(D(2025, 12, 20))  # carried out, still open
    make(
        D(2025, 12, 22), D(2026, 1, 5), Outcome.OPEN, "commercial"
    )  # carried out, closed next year
    # not counted: arrived in 2026, receipt not yet confirmed; another organ
    InfoRequestFactory(
        organ=organ, status=Status.SUBMITTED, received_date=None, submitted_at=at(D(2026, 1, 2))
    )
    InfoRequestFactory(organ=district.finance, received_date=D(2025, 3, 3))
    return organ


def test_table3_2021_counts(year_2025):
    t = table3(organ=year_2025, year=2025, version="2021")
    assert t.cells["new"] == {
        "natural": 3,
        "commercial": 1,
        "research": 1,
        "public_interest": 1,
        "legal_services": 1,
        "other_org": 1,
        TOTAL: 8,
    }
    assert (
        t.value("carried_in", "natural"),
        t.value("carried_in", "commercial"),
        t.value("carried_in", TOTAL),
    ) == (1, 1, 2)
    assert t.value("open", "natural") == 1
    assert t.value("partial", "natural") == 1
    assert t.value("deny_secret", "natural") == 1
    assert t.value("na_not_held", "research") == 1
    assert t.value("np_repeat", "public_interest") == 1
    assert t.value("other_no_fee", "commercial") == 1
    assert t.value("other_no_correction", "legal_services") == 1
    assert t.value("other_other", "other_org") == 1
    assert t.value(TOTAL, TOTAL) == 8
    assert (t.value("carried_out", "natural"), t.value("carried_out", "commercial")) == (1, 1)


def test_table3_2019_folds_other_processing(year_2025):
    t = table3(organ=year_2025, year=2025, version="2019")
    assert t.value("other", TOTAL) == 3
    assert t.value("other", "commercial") == 1
    assert "other_no_fee" not in t.cells


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_identities_hold_including_carry_over_from_2024(year_2025, version):
    report = table3_report(organ=year_2025, year=2025, version=version)
    assert report.violations == []
    previous = table3(organ=year_2025, year=2024, version=version)
    assert previous.value("carried_out", TOTAL) == report.table.value("carried_in", TOTAL) == 2
    following = table3(organ=year_2025, year=2026, version=version)
    assert following.value("carried_in", TOTAL) == 2
    assert following.value(TOTAL, "commercial") == 1


def test_outcome_counts_for_the_reports_app(year_2025):
    counts = inforequest_outcome_counts(organ=year_2025, year=2025)
    assert counts["other_no_fee"] == {"commercial": 1}
    assert sum(sum(c.values()) for c in counts.values()) == 8


def test_report_table3_command_json(year_2025):
    out, err = StringIO(), StringIO()
    call_command(
        "report",
        "table3",
        "--organ",
        "edu",
        "--year",
        "2025",
        "--format",
        "json",
        stdout=out,
        stderr=err,
    )
    body = json.loads(out.getvalue())
    assert body["version"] == "2021" and body["year"] == 2025
    assert body["organ"] == {"slug": "edu", "name": "示范区教育局"}
    rows = {r["key"]: r for r in body["rows"]}
    assert rows["new"]["values"]["total"] == 8
    assert rows["results"]["values"] is None
    assert body["violations"] == []
    assert err.getvalue() == ""


def test_report_table3_command_csv_2019(year_2025):
    out = StringIO()
    call_command(
        "report",
        "table3",
        "--organ=edu",
        "--year=2025",
        "--format=csv",
        "--version=2019",
        stdout=out,
    )
    rows = list(csv.reader(StringIO(out.getvalue())))
    assert "2019年格式" in rows[0][0]
    assert rows[2][1:] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    labels = [r[0].strip("　") for r in rows[3:]]
    assert (
        labels[0] == "一、本年新收政府信息公开申请数量" and labels[-1] == "四、结转下年度继续办理"
    )
    other = next(r for r in rows if r[0].strip("　") == "（六）其他处理")
    assert other[1:] == ["0", "1", "0", "0", "1", "1", "3"]


def test_report_table3_alias_and_errors(year_2025):
    out = StringIO()
    call_command("report_table3", "--organ", "edu", "--year", "2025", stdout=out)
    assert json.loads(out.getvalue())["version"] == "2021"
    with pytest.raises(CommandError, match="机关不存在"):
        call_command("report", "table3", "--organ", "nope", "--year", "2025")
    # No Table 3 format before the 2019 reports (国办公开办函〔2019〕60号).
    with pytest.raises(CommandError, match="2019年度"):
        call_command("report", "table3", "--organ", "edu", "--year", "2018")


def test_application_unconfirmed_at_year_end_is_reported(year_2025):
    """条例第三十一条: a fax that arrived in December and was never confirmed is in no row of
    Table 3; the check names it so the office can confirm it before reporting."""
    fax = InfoRequestFactory(
        organ=year_2025,
        status=Status.SUBMITTED,
        received_date=None,
        channel="fax",
        submitted_at=at(D(2025, 12, 30)),
    )
    report = table3_report(organ=year_2025, year=2025, version="2021")
    [violation] = report.violations
    assert violation.rule == "unconfirmed_receipt" and violation.actual == 1
    assert fax.case_number in violation.message
    # Confirmed in January: at 31 December it was still unconfirmed.
    fax.received_date, fax.status = D(2026, 1, 4), Status.RECEIVED
    fax.save()
    assert [v.rule for v in table3_report(organ=year_2025, year=2025).violations] == [
        "unconfirmed_receipt"
    ]
    later = table3_report(organ=year_2025, year=2026).violations
    assert fax.case_number not in " ".join(v.message for v in later)


def test_fees_collected_per_year_for_the_annual_report(district):
    organ = district.education
    InfoRequestFactory(
        organ=organ,
        received_date=D(2025, 3, 1),
        fee_mode="per_request",
        fee_ordinal=11,
        fee_amount=100,
        fee_paid_on=D(2025, 3, 20),
    )
    InfoRequestFactory(
        organ=organ,
        received_date=D(2025, 12, 1),
        fee_mode="per_volume",
        fee_pages=40,
        fee_amount=100,
        fee_paid_on=D(2026, 1, 6),
    )
    # Notified but never paid: nothing collected.
    InfoRequestFactory(
        organ=organ,
        received_date=D(2025, 5, 1),
        fee_mode="per_request",
        fee_ordinal=12,
        fee_amount=100,
    )
    InfoRequestFactory(
        organ=district.finance,
        received_date=D(2025, 3, 1),
        fee_mode="per_request",
        fee_ordinal=11,
        fee_amount=100,
        fee_paid_on=D(2025, 3, 20),
    )
    assert inforequest_fees_collected(organ=organ, year=2025) == 100
    assert inforequest_fees_collected(organ=organ, year=2026) == 100
    assert inforequest_fees_collected(organ=organ, year=2024) == 0
