"""The annual-report checks (lib.annual_report): domain.md §11 scenarios 8 and 9."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.lib.annual_report import (
    T2_BLOCKS,
    Table2,
    Table4,
    check_narrative,
    check_report,
    check_table2,
    check_table4,
    headings,
    parse_value,
    table4_from_cases,
)
from gongkai.lib.table3 import APPLICANT_COLUMNS, TOTAL, Table3, build_table3, rows_for

# The Shanghai government office's 2019 report (domain.md §4.3): 859 new + 18 carried in =
# 805 closed + 72 carried out; natural persons 821 + 18 = 767 + 72.
NATURAL_RESULTS = {
    "open": 258,
    "partial": 3,
    "deny_third": 14,
    "deny_internal": 5,
    "deny_process": 3,
    "deny_query": 10,
    "na_not_held": 252,
    "na_need_create": 44,
    "na_unclear": 25,
    "np_repeat": 148,
    "other_other": 5,
}
ORG_NEW = {
    "commercial": 30,
    "research": 2,
    "public_interest": 1,
    "legal_services": 3,
    "other_org": 2,
}


def shanghai_2019(*, blank_totals: bool = False) -> Table3:
    results = {leaf: {"natural": n} for leaf, n in NATURAL_RESULTS.items()}
    results["open"] = {"natural": 258, **ORG_NEW}
    table = build_table3(
        "2019",
        new={"natural": 821, **ORG_NEW},
        carried_in={"natural": 18},
        results=results,
        carried_out={"natural": 72},
    )
    if blank_totals:
        # The real report leaves the 总计 column blank on most result rows.
        for row in ("deny_third", "deny_internal", "np_repeat"):
            table.cells[row][TOTAL] = None
    return table


def test_scenario_8_identities_hold_on_the_rebuilt_2019_table() -> None:
    table = shanghai_2019()
    assert table.value("new", TOTAL) + table.value("carried_in", TOTAL) == 877
    assert table.value(TOTAL, TOTAL) + table.value("carried_out", TOTAL) == 877
    assert table.value(TOTAL, "natural") == 767
    t2 = Table2(
        "2019",
        {
            "rules": {"made": 13, "published": 13, "public_total": 524},
            "normative": {"made": 60, "published": 60, "public_total": 368},
            "licensing": {"previous": 0, "change": 0, "decisions": 0},
            "other_services": {"previous": 0, "change": 0, "decisions": 0},
            "penalty": {"previous": 0, "change": 0, "decisions": 0},
            "enforcement": {"previous": 0, "change": 0, "decisions": 0},
            "fees": {"previous": 0, "change": 0},
            "procurement": {"items": 6, "amount": Decimal("251000")},
        },
    )
    t4 = Table4(
        {
            "review": {"upheld": 5, "corrected": 0, "other": 0, "pending": 2, TOTAL: 7},
            "direct": {"upheld": 8, "corrected": 0, "other": 0, "pending": 1, TOTAL: 9},
            "after_review": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, TOTAL: 0},
        }
    )
    found = check_report(
        table2=t2,
        table3=table,
        table4=t4,
        sections={
            "overview": "全年新收政府信息公开申请859件，上年结转18件。行政复议7件。",
            "problems": "无。",
            "other": "无。",
        },
    )
    assert [v for v in found if v.severity == "error"] == []
    assert [v.rule for v in found] == []


def test_scenario_8_blank_total_cells_warn_and_narrative_mismatch_is_flagged() -> None:
    table = shanghai_2019(blank_totals=True)
    found = check_report(
        table2=Table2("2019"),
        table3=table,
        table4=table4_from_cases([]),
        sections={
            "overview": "全年共答复申请805件，其中予以公开及部分公开258件。",
            "problems": "x",
            "other": "x",
        },
    )
    blanks = [v for v in found if v.rule == "blank" and v.row in ("deny_third", "np_repeat")]
    assert blanks and all(v.severity == "warning" for v in blanks)
    narrative = [v for v in found if v.rule == "narrative"]
    assert len(narrative) == 1
    assert "予以公开及部分公开258件" in narrative[0].message
    # 296 予以公开 (258 natural persons + 38 organisations) + 3 部分公开 in the table.
    assert "299" in narrative[0].message
    # Blank 总计 cells break the per-row total identity: errors name the row.
    assert any(v.rule == "column_total" and v.row == "deny_third" for v in found)


def test_the_narrative_agrees_when_it_quotes_the_table() -> None:
    table = shanghai_2019()
    assert (
        check_narrative(
            {
                "overview": "予以公开及部分公开299件，予以公开296件，结转下年度继续办理72件，上年结转18件。"
            },
            table,
            table4_from_cases([]),
        )
        == []
    )


def test_scenario_9_2021_format_table2_table3_and_fee_claim() -> None:
    assert [c for c, _ in T2_BLOCKS["2021"][0].columns] == ["issued", "repealed", "in_force"]
    assert [b.header for b in T2_BLOCKS["2021"]] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    keys = [r.key for r in rows_for("2021")]
    assert {"other_no_correction", "other_no_fee", "other_other"} <= set(keys)
    assert headings("2021")[4] == ("problems", "五、存在的主要问题及改进情况")
    table = build_table3(
        "2021", new={"natural": 2}, carried_in={}, results={"open": {"natural": 2}}, carried_out={}
    )
    found = check_narrative(
        {"other": "本年度共收取信息处理费300元。"},
        table,
        table4_from_cases([]),
        {"fees_collected": 200},
    )
    assert len(found) == 1 and "信息处理费300元" in found[0].message


def test_table2_checks_and_values() -> None:
    t2 = Table2("2019", {"rules": {"made": 1, "published": 5, "public_total": 3}})
    found = check_table2(t2)
    assert any(v.rule == "t2_public_total" and v.severity == "error" for v in found)
    assert any(v.rule == "blank" and v.row == "licensing" for v in found)
    assert parse_value("2019", "licensing", "change", "-3") == -3
    assert parse_value("2021", "fees", "amount", "12.345") == Decimal("12.35")
    for bad in ("-1", "1.5", "abc", "NaN"):
        with pytest.raises(ValueError):
            parse_value("2021", "licensing", "decisions", bad)
    with pytest.raises(ValueError):
        parse_value("2021", "procurement", "items", "1")  # no 政府集中采购 in the 2021 format


def test_table4_identity_per_group() -> None:
    t4 = table4_from_cases([("review", "upheld"), ("review", "pending"), ("direct", "corrected")])
    assert t4.value("review", TOTAL) == 2 and t4.value("direct", TOTAL) == 1
    assert check_table4(t4) == []
    t4.cells["review"][TOTAL] = 3
    (violation,) = check_table4(t4)
    assert violation.rule == "t4_total" and "行政复议" in violation.message
    with pytest.raises(ValueError):
        table4_from_cases([("review", "won")])


def test_every_applicant_column_counts_in_the_narrative_figure() -> None:
    table = shanghai_2019()
    assert sum(table.value("open", c) for c in APPLICANT_COLUMNS) == 296
