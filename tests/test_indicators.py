"""Tests of cchc_analysis.indicators: the formula language, the panel, per-capita rates, quota change."""
import math

import pandas as pd
import pytest

from cchc_analysis.errors import ParameterError
from cchc_analysis.indicators import (
    PANEL_COLUMNS, Term, derive_panel, derive_per_capita, derive_quota_change, parse_formula,
)

CATALOG = pd.DataFrame({
    "unit": ["dossiers", "dossiers", "dossiers", "pct", "persons", "persons", "pct", "count"],
    "higher_is_better": [True, None, None, True, None, None, True, None],
    "formula": [None, None, None, "100 * dossiers_on_time / dossiers_resolved", None, None, None, None],
}, index=["dossiers_on_time", "dossiers_resolved", "dossiers_received", "dossiers_on_time_pct",
          "population", "staff_quota", "satisfaction_pct", "communes_count"])


def facts(rows):
    """Build a facts frame from (fact_id, district, indicator, scope, level, start, end, value, kind) tuples."""
    cols = ["fact_id", "district_code", "indicator", "scope", "level", "period_start", "period_end", "value", "kind"]
    df = pd.DataFrame(rows, columns=cols)
    return df.assign(source_id="s", quote="quoted text", note="")


# --- the formula language ---------------------------------------------------------------

def test_formula_evaluates_by_hand():
    f = parse_formula("100 * dossiers_on_time / dossiers_resolved")
    assert f.terms == (Term("dossiers_on_time"), Term("dossiers_resolved"))
    assert f.evaluate({"dossiers_on_time": 2595, "dossiers_resolved": 2629}) == pytest.approx(100 * 2595 / 2629)


def test_formula_pins_scope_and_level():
    f = parse_formula("communes_count[_] - communes_count[townships, commune] + -2")
    assert f.terms == (Term("communes_count", "", None), Term("communes_count", "townships", "commune"))
    assert f.evaluate({Term("communes_count", ""): 36, Term("communes_count", "townships", "commune"): 1}) == 33
    assert str(f.terms[1]) == "communes_count[townships, commune]"


def test_formula_division_by_zero_is_nan():
    assert math.isnan(parse_formula("a / b").evaluate({"a": 1, "b": 0}))


def test_formula_substitutes_values():
    f = parse_formula("100 * a[x] / b")
    assert f.substitute({Term("a", "x"): 204, "b": 263}) == "100 * 204 / 263"


@pytest.mark.parametrize("text, why", [
    ("__import__('os').system('ls')", "'Call' is not allowed"),
    ("a.b", "'Attribute' is not allowed"),
    ("a ** 2", "'Pow' is not allowed"),
    ("'text'", "'Constant' is not allowed"),
    ("a[x, nowhere]", "level 'nowhere' is not one of"),
    ("Dossiers + 1", "'Dossiers' is not a snake_case slug"),
    ("a +", "syntax error"),
])
def test_formula_refuses_anything_but_arithmetic(text, why):
    with pytest.raises(ParameterError, match=why):
        parse_formula(text)


# --- derive_panel --------------------------------------------------------------------------

def test_single_year_facts_become_rows():
    f = facts([("s:001", "397", "satisfaction_pct", "", "district", 2020, 2020, 90.5, "actual")])
    p = derive_panel(f, catalog=CATALOG)
    assert list(p.columns) == PANEL_COLUMNS + ["qualifier"]
    row = p.iloc[0]
    assert (row["year"], row["value"], row["derived"], row["derivation"], row["fact_ids"]) == (2020, 90.5, False, "", "s:001")
    assert (row["period_start"], row["period_end"]) == (2020, 2020)


def test_formula_derived_where_inputs_exist():
    f = facts([
        ("s:001", "396", "dossiers_on_time", "", "district", 2020, 2020, 2595, "actual"),
        ("s:002", "396", "dossiers_resolved", "", "district", 2020, 2020, 2629, "actual"),
        ("s:003", "396", "dossiers_resolved", "", "commune", 2020, 2020, 500, "actual"),  # no on-time at commune level
        ("s:004", "396", "dossiers_on_time", "", "district", 2021, 2021, 10, "actual"),  # no resolved in 2021
    ])
    p = derive_panel(f, catalog=CATALOG)
    d = p[p["derived"]]
    assert len(d) == 1
    row = d.iloc[0]
    assert row["indicator"] == "dossiers_on_time_pct" and row["level"] == "district" and row["year"] == 2020
    assert row["value"] == pytest.approx(259500 / 2629)  # 98.707…, by hand
    assert row["derivation"] == "100 * dossiers_on_time / dossiers_resolved"
    assert row["fact_ids"] == "s:001;s:002"


def test_formula_not_derived_where_stated():
    f = facts([
        ("s:001", "396", "dossiers_on_time", "", "district", 2020, 2020, 2595, "actual"),
        ("s:002", "396", "dossiers_resolved", "", "district", 2020, 2020, 2629, "actual"),
        ("s:003", "396", "dossiers_on_time_pct", "", "district", 2020, 2020, 98.0, "actual"),  # stated, disagrees
    ])
    p = derive_panel(f, catalog=CATALOG)
    pct = p[p["indicator"] == "dossiers_on_time_pct"]
    assert len(pct) == 1 and pct["value"].item() == 98.0 and not pct["derived"].item()


def test_formula_needs_same_kind_and_scope():
    f = facts([
        ("s:001", "396", "dossiers_on_time", "", "district", 2020, 2020, 90, "target"),
        ("s:002", "396", "dossiers_resolved", "", "district", 2020, 2020, 100, "actual"),
        ("s:003", "396", "dossiers_on_time", "x", "district", 2020, 2020, 90, "actual"),  # other scope
    ])
    assert not derive_panel(f, catalog=CATALOG)["derived"].any()


def test_period_totals_left_out_unless_annualised():
    f = facts([
        ("s:001", "849", "dossiers_received", "", "district_and_commune", 2017, 2021, 232636, "actual"),
        ("s:002", "849", "dossiers_received", "", "district_and_commune", 2019, 2019, 50000, "actual"),  # stated year
    ])
    assert derive_panel(f, catalog=CATALOG)["year"].tolist() == [2019]
    p = derive_panel(f, catalog=CATALOG, annualise=True)
    avg = p[p["derived"]]
    assert avg["year"].tolist() == [2017, 2018, 2020, 2021]  # 2019 keeps its stated figure
    assert avg["value"].tolist() == [232636 / 5] * 4
    assert set(avg["derivation"]) == {"annual average of the 2017–2021 total"}
    assert set(zip(avg["period_start"], avg["period_end"])) == {(2017, 2021)}
    assert p.loc[~p["derived"], "value"].tolist() == [50000]


def test_annualise_skips_stocks_and_shares():
    f = facts([
        ("s:001", "397", "communes_count", "", "commune", 2016, 2019, 36, "actual"),  # a stock, not a total
        ("s:002", "397", "satisfaction_pct", "", "district", 2016, 2020, 95, "actual"),  # a share
    ])
    assert derive_panel(f, catalog=CATALOG, annualise=True).empty
    with pytest.raises(ParameterError, match="satisfaction_pct is not a total"):
        derive_panel(f, catalog=CATALOG, annualise=["satisfaction_pct"])
    # a list names exactly what to annualise, e.g. a count the stock list would skip
    assert len(derive_panel(f, catalog=CATALOG, annualise=["communes_count"])) == 4


def test_years_outside_span_dropped_and_gaps_stay_gaps():
    f = facts([
        ("s:001", "297", "satisfaction_pct", "", "district", 2015, 2015, 80, "actual"),  # before 2016
        ("s:002", "297", "satisfaction_pct", "", "district", 2018, 2018, 85, "actual"),
        ("s:003", "297", "satisfaction_pct", "", "district", 2020, 2020, 88, "actual"),  # 2019 missing
        ("s:004", "297", "satisfaction_pct", "", "district", 2026, 2026, 95, "target"),  # after 2025
    ])
    p = derive_panel(f, catalog=CATALOG)
    assert p["year"].tolist() == [2018, 2020]
    assert derive_panel(f, catalog=CATALOG, start_year=2015, end_year=2026)["year"].tolist() == [2015, 2018, 2020, 2026]


def test_duplicates_same_value_collapse_different_values_kept():
    f = facts([
        ("s:001", "849", "staff_quota", "public_employees", "district", 2021, 2021, 1656, "actual"),
        ("s:002", "849", "staff_quota", "public_employees", "district", 2021, 2021, 1670, "actual"),  # contradiction
        ("s:003", "849", "staff_quota", "public_employees", "district", 2021, 2021, 1670, "actual"),  # repeated
    ])
    p = derive_panel(f, catalog=CATALOG)
    assert p[["value", "fact_ids"]].values.tolist() == [[1656.0, "s:001"], [1670.0, "s:002;s:003"]]


def test_panel_does_not_mutate_input():
    f = facts([("s:001", "297", "satisfaction_pct", None, "district", 2018, 2018, 85, "actual")])  # scope None
    before = f.copy()
    derive_panel(f, catalog=CATALOG)
    pd.testing.assert_frame_equal(f, before)


def test_panel_missing_column_named():
    with pytest.raises(ParameterError, match="missing column.*kind"):
        derive_panel(facts([]).drop(columns="kind"), catalog=CATALOG)


# --- per-capita rates and quota change --------------------------------------------------------

POP_FACTS = facts([
    ("s:001", "849", "dossiers_received", "", "district_and_commune", 2021, 2021, 3108, "actual"),
    ("s:002", "849", "dossiers_received", "", "district_and_commune", 2022, 2022, 4662, "actual"),
    ("s:003", "849", "population", "", "district_and_commune", 2022, 2022, 155400, "actual"),
])


def test_per_capita_same_year_only_by_default():
    p = derive_per_capita(derive_panel(POP_FACTS, catalog=CATALOG), indicators=["dossiers_received"])
    rate = p[p["indicator"] == "dossiers_received_per_10k"]
    assert rate["year"].tolist() == [2022]  # 2021 has no population: a gap, not a guess
    assert rate["value"].item() == pytest.approx(10000 * 4662 / 155400)  # = 300
    assert rate["derivation"].item() == "10000 * dossiers_received / population"
    assert rate["fact_ids"].item() == "s:002;s:003"


def test_per_capita_nearest_year_named():
    p = derive_per_capita(derive_panel(POP_FACTS, catalog=CATALOG), indicators=["dossiers_received"], max_year_gap=1)
    r2021 = p[(p["indicator"] == "dossiers_received_per_10k") & (p["year"] == 2021)]
    assert r2021["value"].item() == pytest.approx(200.0)  # 10000 * 3108 / 155400
    assert r2021["derivation"].item().endswith("(population of 2022)")


def test_per_capita_given_population():
    panel = derive_panel(POP_FACTS, catalog=CATALOG)
    p = derive_per_capita(panel, indicators=["dossiers_received"], population={"849": 100000}, per=1000)
    assert p.loc[p["indicator"] == "dossiers_received_per_1k", "value"].tolist() == pytest.approx([31.08, 46.62])


def test_quota_change_by_hand():
    f = facts([
        ("s:001", "849", "staff_quota", "civil_servants", "district", 2015, 2015, 101, "actual"),
        ("s:002", "849", "staff_quota", "civil_servants", "district", 2021, 2021, 88, "actual"),
        ("s:003", "849", "staff_quota", "public_employees", "district", 2015, 2015, 1710, "actual"),
        ("s:004", "849", "staff_quota", "public_employees", "district", 2021, 2021, 1656, "actual"),
        ("s:005", "849", "staff_quota", "public_employees", "district", 2021, 2021, 1670, "actual"),  # contradiction
    ])
    p = derive_quota_change(derive_panel(f, catalog=CATALOG, start_year=2015))
    pct = p[p["indicator"] == "staff_quota_change_pct"].set_index(["scope", "fact_ids"])["value"]
    assert pct[("civil_servants", "s:001;s:002")] == pytest.approx(100 * (88 - 101) / 101)  # -12.87
    assert pct[("public_employees", "s:003;s:004")] == pytest.approx(100 * (1656 - 1710) / 1710)
    assert pct[("public_employees", "s:003;s:005")] == pytest.approx(100 * (1670 - 1710) / 1710)  # each value its row
    change = p[p["indicator"] == "staff_quota_change"]
    assert sorted(change["value"]) == [-54, -40, -13]
    assert set(change["period_start"]) == {2015} and set(change["period_end"]) == {2021}
    assert change["derivation"].iloc[0] == "staff_quota[2021] − staff_quota[2015]"


# --- year window, sub-year windows, qualifiers (issues 9 and 8) ------------------------------

def test_year_window_default_leaves_2015_out_and_says_so():
    f = facts([("w:001", "849", "staff_quota", "civil_servants", "district", 2015, 2015, 101.0, "actual"),
               ("w:002", "849", "staff_quota", "civil_servants", "district", 2021, 2021, 88.0, "actual"),
               ("w:003", "849", "staff_quota", "civil_servants", "district", 2026, 2026, 80.0, "target")])
    p = derive_panel(f, catalog=CATALOG)
    assert p["year"].tolist() == [2021]
    assert p.attrs["year_window"] == (2016, 2025)
    assert p.attrs["years_left_out"] == [2015, 2026] and p.attrs["rows_left_out"] == 2
    wide = derive_panel(f, catalog=CATALOG, start_year=2015)
    assert wide["year"].tolist() == [2015, 2021] and wide.attrs["years_left_out"] == [2026]
    every = derive_panel(f, catalog=CATALOG, start_year=None, end_year=None)
    assert sorted(every["year"]) == [2015, 2021, 2026] and every.attrs["year_window"] == (2015, 2026)
    assert every.attrs["rows_left_out"] == 0


def test_sub_year_facts_stay_out_of_the_annual_panel():
    from cchc_analysis.indicators import sub_year_facts

    f = facts([("q:001", "477", "dossiers_received", "", "district", 2021, 2021, 900.0, "actual"),
               ("q:002", "477", "dossiers_received", "", "district", 2021, 2021, 4000.0, "actual"),
               ("q:003", "477", "dossiers_received", "", "district", 2022, 2023, 5000.0, "actual")])
    f["date_start"] = ["2021-01-01", None, "2022-12-01"]
    f["date_end"] = ["2021-03-31", "", "2023-11-30"]
    p = derive_panel(f, catalog=CATALOG, annualise=True)
    assert p["fact_ids"].tolist() == ["q:002"]  # the quarter and the reporting window are not years
    assert p.attrs["sub_year_facts"] == 2
    assert sub_year_facts(f)["fact_id"].tolist() == ["q:001", "q:003"]
    assert derive_panel(f.drop(columns=["date_start", "date_end"]), catalog=CATALOG).attrs["sub_year_facts"] == 0


def test_qualifier_carried_into_panel_rows():
    f = facts([("b:001", "396", "dossiers_on_time", "", "district", 2020, 2020, 950.0, "actual"),
               ("b:002", "396", "dossiers_resolved", "", "district", 2020, 2020, 1000.0, "actual"),
               ("b:003", "396", "dossiers_received", "", "district", 2020, 2020, 1000.0, "actual"),
               ("b:004", "396", "dossiers_received", "", "district", 2020, 2020, 1000.0, "actual"),
               ("b:005", "396", "dossiers_received", "", "district", 2017, 2019, 3000.0, "actual")])
    f["qualifier"] = ["at_least", "", "", "about", "more_than"]
    p = derive_panel(f, catalog=CATALOG, annualise=["dossiers_received"]).set_index(["indicator", "year", "fact_ids"])
    assert p.loc[("dossiers_on_time", 2020, "b:001"), "qualifier"] == "at_least"
    # the same value stated exactly and as "about": two rows, nothing merged away
    assert p.loc[("dossiers_received", 2020, "b:003"), "qualifier"] == ""
    assert p.loc[("dossiers_received", 2020, "b:004"), "qualifier"] == "about"
    assert p.loc[("dossiers_on_time_pct", 2020, "b:001;b:002"), "qualifier"] == "about"  # 95% from a bound
    assert p.loc[("dossiers_received", 2018, "b:005"), "qualifier"] == "more_than"  # an average of "more than 3000"
    assert p.loc[("dossiers_received", 2018, "b:005"), "value"] == 1000.0
