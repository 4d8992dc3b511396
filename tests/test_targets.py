"""Tests of cchc_analysis.targets: attainment statuses for hand-built cases."""
import math

import pandas as pd
import pytest

from cchc_analysis.errors import ParameterError
from cchc_analysis.targets import STATUSES, TARGET_COLUMNS, assess_targets, read_bound

CATALOG = pd.DataFrame({
    "unit": ["pct", "rank", "dossiers", "count"],
    "higher_is_better": [True, False, False, None],
    "formula": [None, None, None, None],
}, index=["satisfaction_pct", "par_index_rank", "dossiers_late", "communes_count"])


def facts(rows):
    """Facts from (indicator, year, value, kind, note) tuples for district 297; a year may be (start, end)."""
    out = []
    for i, (indicator, year, value, kind, note) in enumerate(rows):
        start, end = year if isinstance(year, tuple) else (year, year)
        out.append({"fact_id": f"g:{i:03d}", "district_code": "297", "indicator": indicator, "scope": "",
                    "level": "district_and_commune", "period_start": start, "period_end": end,
                    "value": float(value), "kind": kind, "source_id": "g", "quote": "quoted", "note": note})
    return pd.DataFrame(out)


def one(rows, **kw):
    r = assess_targets(facts(rows), catalog=CATALOG, **kw)
    assert list(r.columns) == TARGET_COLUMNS and set(r["status"]) <= set(STATUSES)
    return r


def test_met_by_latest_actual_at_least():
    r = one([("satisfaction_pct", 2019, 80, "actual", ""),
             ("satisfaction_pct", 2020, 86, "actual", ""),
             ("satisfaction_pct", 2021, 85, "target", "at least")])
    row = r.iloc[0]
    assert (row["status"], row["basis"], row["bound"]) == ("met", "latest actual", "at least")
    assert (row["latest_actual"], row["latest_actual_year"], row["gap"]) == (86.0, 2020, 1.0)  # 86 − 85


def test_missed_in_target_year_is_off_track():
    r = one([("satisfaction_pct", 2021, 83, "actual", ""),
             ("satisfaction_pct", 2021, 85, "target", "at least")])
    assert (r.at[0, "status"], r.at[0, "basis"], r.at[0, "gap"]) == ("off track", "latest actual", -2.0)


def test_projection_on_track():
    # 70, 74, 78 in 2018–2020: slope 4 a year, so 2025 projects to 98 ≥ 95
    r = one([("satisfaction_pct", y, v, "actual", "") for y, v in [(2018, 70), (2019, 74), (2020, 78)]]
            + [("satisfaction_pct", 2025, 95, "target", "")])
    row = r.iloc[0]
    assert row["status"] == "on track" and row["basis"] == "projection to 2025 (linear trend, n=3)"
    assert row["projected"] == pytest.approx(98.0)
    assert row["gap"] == pytest.approx(78 - 95)  # the gap is always from the latest actual


def test_projection_off_track():
    # 70, 71, 72: slope 1, 2025 projects to 77 < 95
    r = one([("satisfaction_pct", y, v, "actual", "") for y, v in [(2018, 70), (2019, 71), (2020, 72)]]
            + [("satisfaction_pct", 2025, 95, "target", "")])
    assert (r.at[0, "status"], r.at[0, "projected"]) == ("off track", pytest.approx(77.0))


def test_no_actual_reported():
    r = one([("satisfaction_pct", 2025, 95, "target", "at least")])
    assert (r.at[0, "status"], r.at[0, "basis"]) == ("no data to judge", "no actual reported")
    assert math.isnan(r.at[0, "latest_actual"]) and math.isnan(r.at[0, "gap"])


def test_two_actuals_not_met_no_data_to_judge():
    r = one([("satisfaction_pct", 2019, 70, "actual", ""), ("satisfaction_pct", 2020, 80, "actual", ""),
             ("satisfaction_pct", 2025, 95, "target", "")])
    assert r.at[0, "status"] == "no data to judge"
    assert r.at[0, "basis"] == "latest actual (too few years for a trend, n=2)"
    assert math.isnan(r.at[0, "projected"])


def test_at_most_bound_and_lower_is_better():
    r = one([("par_index_rank", 2020, 7, "actual", ""),
             ("par_index_rank", (2021, 2025), 5, "target", "at most: rank within the top 5"),  # plan period
             ("dossiers_late", 2020, 3, "actual", ""),
             ("dossiers_late", 2022, 0, "target", "")])  # no bound: the catalog says lower is better
    rank = r[r["indicator"] == "par_index_rank"].iloc[0]
    assert (rank["bound"], rank["target_year"], rank["gap"]) == ("at most", 2025, -2.0)  # 5 − 7
    late = r[r["indicator"] == "dossiers_late"].iloc[0]
    assert (late["bound"], late["gap"], late["status"]) == ("", -3.0, "no data to judge")


def test_unknown_direction_says_so():
    r = one([("communes_count", 2020, 18, "actual", ""), ("communes_count", 2025, 18, "target", "")])
    assert r.at[0, "status"] == "no data to judge" and r.at[0, "basis"].startswith("direction unknown")
    assert r.at[0, "latest_actual"] == 18.0


def test_actuals_after_target_year_do_not_count_as_met():
    r = one([("satisfaction_pct", 2019, 80, "actual", ""), ("satisfaction_pct", 2023, 99, "actual", ""),
             ("satisfaction_pct", 2021, 85, "target", "")])
    assert r.at[0, "latest_actual_year"] == 2019 and r.at[0, "status"] != "met"


def test_as_of_ignores_later_actuals():
    rows = [("satisfaction_pct", 2024, 96, "actual", ""), ("satisfaction_pct", 2025, 95, "target", "")]
    assert one(rows).at[0, "status"] == "met"
    assert one(rows, as_of=2023).at[0, "basis"] == "no actual reported"


def test_conflicting_actuals_use_less_favourable():
    r = one([("satisfaction_pct", 2020, 84, "actual", "contradiction"),
             ("satisfaction_pct", 2020, 90, "actual", "contradiction"),  # the same year printed twice
             ("satisfaction_pct", 2020, 85, "target", "")])
    assert (r.at[0, "latest_actual"], r.at[0, "status"]) == (84.0, "off track")
    assert "sources disagree" in r.at[0, "basis"]


def test_given_trends_table_is_used():
    rows = [("satisfaction_pct", 2020, 80, "actual", ""), ("satisfaction_pct", 2025, 95, "target", "")]
    trends = pd.DataFrame([{"district_code": "297", "indicator": "satisfaction_pct", "scope": "",
                            "level": "district_and_commune", "n_points": 5, "status": "fitted",
                            "intercept": -8000.0, "slope": 4.0}])  # 2025 → 100
    r = one(rows, trends=trends)
    assert (r.at[0, "status"], r.at[0, "projected"]) == ("on track", 100.0)
    assert r.at[0, "basis"] == "projection to 2025 (linear trend, n=5)"


def test_panel_input_bound_from_catalog():
    from cchc_analysis.indicators import derive_panel

    f = facts([("satisfaction_pct", 2020, 86, "actual", ""), ("satisfaction_pct", 2021, 85, "target", "at least")])
    r = assess_targets(derive_panel(f, catalog=CATALOG), catalog=CATALOG)
    assert (r.at[0, "bound"], r.at[0, "status"]) == ("", "met")


def test_neither_facts_nor_panel():
    with pytest.raises(ParameterError, match="expected a facts table"):
        assess_targets(pd.DataFrame({"x": [1]}), catalog=CATALOG)


@pytest.mark.parametrize("note, bound", [
    ("at least", "at least"),
    ("each year; at least; yearly increase", "at least"),
    ("At least 90% by 2025", "at least"),
    ("at most: rank within the top 5", "at most"),
    ("upper bound of the range '30% - 50%' (the lower bound is the 'at least' row)", ""),  # mentions, not states
    ("", ""),
    (None, ""),
])
def test_read_bound(note, bound):
    assert read_bound(note) == bound


# --- the basis in the reports' Vietnamese ------------------------------------------------------

ENGLISH = ("actual", "trend", "projection", "reported", "sources", "favourable", "direction", "unknown")
EVERY_BASIS = [  # one hand-built case per way assess_targets can state its basis
    [("satisfaction_pct", 2019, 80, "actual", ""), ("satisfaction_pct", 2021, 75, "target", "")],
    [("satisfaction_pct", y, v, "actual", "") for y, v in ((2019, 80), (2020, 82), (2021, 85))]
    + [("satisfaction_pct", 2025, 95, "target", "")],
    [("satisfaction_pct", 2025, 95, "target", "")],
    [("satisfaction_pct", 2019, 70, "actual", ""), ("satisfaction_pct", 2025, 95, "target", "")],
    [("satisfaction_pct", 2026, 70, "actual", ""), ("satisfaction_pct", 2025, 95, "target", "")],
    [("communes_count", 2020, 18, "actual", ""), ("communes_count", 2025, 18, "target", "")],
    [("satisfaction_pct", 2020, 84.5, "actual", "contradiction"), ("satisfaction_pct", 2020, 90, "actual", "c"),
     ("satisfaction_pct", 2020, 85, "target", "")],
]


@pytest.mark.parametrize("rows", EVERY_BASIS)
def test_every_basis_reads_in_vietnamese(rows):
    from cchc_analysis.report import basis_text

    basis = one(rows, as_of=2026).at[0, "basis"]
    vi = basis_text(basis, "vi")
    assert not [w for w in ENGLISH if w in vi], (basis, vi)
    assert basis_text(basis, "en") == basis


def test_real_targets_basis_reads_in_vietnamese():
    from cchc_analysis import load_facts
    from cchc_analysis.report import basis_text

    bases = set(assess_targets(load_facts())["basis"])
    assert bases, "the real facts hold targets"
    left = {b: basis_text(b, "vi") for b in bases if [w for w in ENGLISH if w in basis_text(b, "vi")]}
    assert not left, left


def test_every_basis_template_has_a_vietnamese_one_with_the_same_fields():
    import string

    from cchc_analysis._text import BASIS_VI
    from cchc_analysis.targets import BASIS

    def fields(template):
        return {f for _, f, _, _ in string.Formatter().parse(template) if f}

    assert set(BASIS) == set(BASIS_VI)
    assert all(fields(BASIS[k]) == fields(BASIS_VI[k]) for k in BASIS), {k: (BASIS[k], BASIS_VI[k]) for k in BASIS}
