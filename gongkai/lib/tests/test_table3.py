"""Annual-report Table 3 structure and identities (domain.md §4.3, §11 scenarios 8–9)."""

import pytest

from gongkai.lib.table3 import (
    APPLICANT_COLUMNS,
    COLUMNS,
    RESULT_LEAVES_2021,
    TOTAL,
    build_table3,
    check_table3,
    default_version,
    fold_leaf,
    result_leaves,
    rows_for,
    table_rows,
)


def test_columns_in_official_order():
    assert [c.label for c in COLUMNS] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert [c.group for c in COLUMNS][1:6] == ["法人或其他组织"] * 5


@pytest.mark.parametrize(("version", "span", "leaves"), [("2019", 20, 19), ("2021", 22, 21)])
def test_row_spans_of_both_formats(version, span, leaves):
    rows = rows_for(version)
    results = rows[rows.index(next(r for r in rows if r.key == "results")) + 1 : -1]
    # “三、本年度办理结果” spans its leaves plus （七）总计 (domain.md §4.3 row-span facts).
    assert sum(1 for r in results if r.kind != "group") == span
    assert len(result_leaves(version)) == leaves
    assert rows[0].label == "一、本年新收政府信息公开申请数量"
    assert rows[-1].label == "四、结转下年度继续办理"


def test_other_row_is_one_row_in_2019_and_three_in_2021():
    other_2019 = [r for r in rows_for("2019") if r.key.startswith("other")]
    assert [(r.label, r.kind) for r in other_2019] == [("（六）其他处理", "count")]
    other_2021 = [r for r in rows_for("2021") if r.key.startswith("other")]
    assert [r.kind for r in other_2021] == ["group", "count", "count", "count"]
    assert other_2021[3].label == "3.其他"


def test_fold_leaf():
    assert fold_leaf("other_no_fee", "2019") == "other"
    assert fold_leaf("other_no_fee", "2021") == "other_no_fee"
    assert fold_leaf("deny_secret", "2019") == "deny_secret"
    with pytest.raises(ValueError):
        fold_leaf("other", "2021")


def test_default_version_by_year():
    assert default_version(2019) == "2019"
    assert default_version(2020) == "2019"
    assert default_version(2021) == "2021"


@pytest.mark.parametrize("year", [2018, 2008, 0])
def test_default_version_refuses_years_before_2019(year):
    with pytest.raises(ValueError, match="2019"):
        default_version(year)


def _sample(version):
    return build_table3(
        version,
        new={"natural": 5, "commercial": 2, "legal_services": 1},
        carried_in={"natural": 1, "research": 1},
        results={
            "open": {"natural": 3, "commercial": 1},
            "deny_third": {"natural": 1},
            "other_no_correction": {"natural": 1},
            "other_other": {"research": 1, "legal_services": 1},
        },
        carried_out={"natural": 1, "commercial": 1},
    )


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_built_table_satisfies_the_identities(version):
    table = _sample(version)
    assert check_table3(table) == []
    assert table.value(TOTAL, "natural") == 5
    assert table.value(TOTAL, TOTAL) == 8
    assert table.value("new", TOTAL) == 8


def test_2019_folds_other_results_into_one_row():
    table = _sample("2019")
    assert table.value("other", "natural") == 1
    assert table.value("other", TOTAL) == 3
    assert "other_other" not in table.cells


def test_identity_violation_is_reported_per_column():
    table = _sample("2021")
    table.cells["carried_out"]["natural"] = 2
    table.cells["carried_out"][TOTAL] = 3
    found = check_table3(table)
    assert [(v.rule, v.column) for v in found] == [("identity", "natural"), ("identity", TOTAL)]
    assert found[0].expected == 6 and found[0].actual == 7


def test_results_total_and_total_column_checks():
    table = _sample("2021")
    table.cells["open"]["natural"] = 4  # leaf changed without the totals
    rules = {(v.rule, v.row, v.column) for v in check_table3(table)}
    assert ("results_total", TOTAL, "natural") in rules
    assert ("column_total", "open", TOTAL) in rules


def test_blank_cells_warn_and_negative_cells_are_errors():
    table = _sample("2021")
    table.cells["np_mass"][TOTAL] = None
    table.cells["np_mass"]["natural"] = -1
    found = check_table3(table)
    assert ("blank", "warning") in {(v.rule, v.severity) for v in found}
    assert ("negative", "error") in {(v.rule, v.severity) for v in found}


def test_carry_over_must_match_previous_year():
    previous = _sample("2021")
    current = build_table3(
        "2021",
        new={},
        carried_in={"natural": 1, "commercial": 1},
        results={"open": {"natural": 1, "commercial": 1}},
        carried_out={},
    )
    assert check_table3(current, previous) == []
    current.cells["carried_in"]["natural"] = 0
    assert {v.rule for v in check_table3(current, previous)} >= {"carry_over"}


def test_shanghai_2019_total_column_identity():
    # 859 + 18 = 805 + 72 (domain.md §4.3 worked check), one column only.
    table = build_table3(
        "2019",
        new={"natural": 859},
        carried_in={"natural": 18},
        results={"open": {"natural": 258}, "na_not_held": {"natural": 547}},
        carried_out={"natural": 72},
    )
    assert [v for v in check_table3(table) if v.severity == "error"] == []


def test_table_rows_for_rendering():
    rows = table_rows(_sample("2021"))
    assert rows[2] == {
        "key": "results",
        "label": "三、本年度办理结果",
        "level": 0,
        "kind": "group",
        "values": None,
    }
    assert rows[0]["values"]["natural"] == 5
    assert set(APPLICANT_COLUMNS) < set(rows[0]["values"])
    assert len(RESULT_LEAVES_2021) == 21


def test_unknown_column_is_refused():
    with pytest.raises(ValueError):
        build_table3("2021", new={"aliens": 1}, carried_in={}, results={}, carried_out={})
