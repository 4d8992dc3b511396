"""Tests of cchc_analysis.peers: ranks by hand, and refusals that name the difference."""
import math

import pandas as pd
import pytest

from cchc_analysis.errors import IncomparableError, ParameterError
from cchc_analysis.indicators import derive_panel
from cchc_analysis.peers import PEER_COLUMNS, compare_peers

CATALOG = pd.DataFrame({
    "unit": ["pct", "dossiers", "dossiers", "persons"],
    "higher_is_better": [True, False, None, None],
    "formula": [None, None, None, None],
}, index=["satisfaction_pct", "dossiers_late", "dossiers_received", "staff_reduced"])


def facts(rows):
    """Facts from (district, indicator, scope, level, start, end, value, kind) tuples."""
    cols = ["district_code", "indicator", "scope", "level", "period_start", "period_end", "value", "kind"]
    df = pd.DataFrame(rows, columns=cols)
    return df.assign(fact_id=[f"f:{i:03d}" for i in range(len(df))], source_id="s", quote="quoted", note="")


SATISFACTION = facts([
    ("297", "satisfaction_pct", "", "district_and_commune", 2021, 2021, 90.0, "actual"),
    ("396", "satisfaction_pct", "", "district_and_commune", 2021, 2021, 95.0, "actual"),
    ("397", "satisfaction_pct", "", "district_and_commune", 2021, 2021, 90.0, "actual"),  # tie with 297
    ("477", "satisfaction_pct", "", "district_and_commune", 2021, 2021, 80.0, "actual"),
    ("477", "satisfaction_pct", "", "district_and_commune", 2025, 2025, 95.0, "target"),  # not an actual
])


def test_rank_percentile_median_by_hand():
    r = compare_peers(SATISFACTION, indicator="satisfaction_pct", catalog=CATALOG)
    assert list(r.columns) == PEER_COLUMNS
    assert r["district_code"].tolist() == ["396", "297", "397", "477"]
    assert r["rank"].tolist() == [1, 2, 2, 4]  # ties share the better rank
    assert r["percentile"].tolist() == [100.0, 100 * 2 / 3, 100 * 2 / 3, 0.0]  # 100·(n − rank)/(n − 1), n = 4
    assert set(r["peer_median"]) == {90.0} and set(r["n_peers"]) == {4}
    assert set(r["ranked_by"]) == {"value, descending (higher is better)"}


def test_lower_is_better_ranks_ascending():
    f = facts([("297", "dossiers_late", "", "district", 2020, 2020, 3.0, "actual"),
               ("396", "dossiers_late", "", "district", 2020, 2020, 0.0, "actual")])
    r = compare_peers(f, indicator="dossiers_late", catalog=CATALOG)
    assert r["district_code"].tolist() == ["396", "297"] and r["rank"].tolist() == [1, 2]


def test_unknown_direction_ranks_descending_and_says_so():
    f = facts([("297", "dossiers_received", "", "district", 2020, 2020, 100.0, "actual"),
               ("396", "dossiers_received", "", "district", 2020, 2020, 2629.0, "actual")])
    r = compare_peers(f, indicator="dossiers_received", catalog=CATALOG)
    assert r["district_code"].tolist() == ["396", "297"]
    assert "does not say whether higher is better" in r.at[0, "ranked_by"]


def test_single_peer_percentile_nan():
    r = compare_peers(SATISFACTION, indicator="satisfaction_pct", kind="target", catalog=CATALOG)
    assert r["n_peers"].item() == 1 and r["rank"].item() == 1 and math.isnan(r["percentile"].item())


def test_level_mixture_refused_with_reason():
    f = facts([("297", "dossiers_received", "", "district", 2020, 2020, 27427.0, "actual"),
               ("849", "dossiers_received", "", "district_and_commune", 2020, 2020, 232636.0, "actual")])
    with pytest.raises(IncomparableError, match=r"level differs: district \(297\) vs district_and_commune \(849\)"):
        compare_peers(f, indicator="dossiers_received", catalog=CATALOG)
    assert compare_peers(f, indicator="dossiers_received", level="district", catalog=CATALOG)["n_peers"].item() == 1


def test_period_mixture_refused_with_reason():
    f = facts([("297", "dossiers_received", "", "district", 2016, 2020, 27427.0, "actual"),  # five-year total
               ("396", "dossiers_received", "", "district", 2020, 2020, 2629.0, "actual")])
    with pytest.raises(IncomparableError, match=r"period differs: 2016–2020 \(297\) vs 2020 \(396\); "
                                                r"choose one with period=\(2016, 2020\) or year=2020"):
        compare_peers(f, indicator="dossiers_received", catalog=CATALOG)
    assert compare_peers(f, indicator="dossiers_received", period=(2016, 2020), catalog=CATALOG)["value"].item() == 27427
    assert compare_peers(f, indicator="dossiers_received", year=2020, catalog=CATALOG)["value"].item() == 2629


def test_scope_mixture_refused_when_scope_is_open():
    f = facts([("849", "staff_reduced", "civil_servants", "district", 2020, 2020, 12.0, "actual"),
               ("297", "staff_reduced", "public_employees", "district", 2020, 2020, 90.0, "actual")])
    with pytest.raises(IncomparableError, match=r"scope differs: civil_servants \(849\) vs public_employees \(297\)"):
        compare_peers(f, indicator="staff_reduced", scope=None, catalog=CATALOG)


def test_conflicting_values_of_one_district_refused():
    f = facts([("849", "staff_reduced", "", "district", 2021, 2021, 1656.0, "actual"),
               ("849", "staff_reduced", "", "district", 2021, 2021, 1670.0, "actual"),  # the document contradicts itself
               ("297", "staff_reduced", "", "district", 2021, 2021, 50.0, "actual")])
    with pytest.raises(IncomparableError, match=r"district 849 states staff_reduced twice with different values: "
                                                r"1656 \(f:000\), 1670 \(f:001\)"):
        compare_peers(f, indicator="staff_reduced", catalog=CATALOG)
    # the same value stated twice is one figure
    f.loc[1, "value"] = 1656.0
    r = compare_peers(f, indicator="staff_reduced", catalog=CATALOG)
    assert r.loc[r["district_code"] == "849", "fact_ids"].item() == "f:000;f:001"


def test_nothing_to_compare_lists_what_exists():
    with pytest.raises(ParameterError, match=r"no figure with kind='actual', scope='x'.*scope=''"):
        compare_peers(SATISFACTION, indicator="satisfaction_pct", scope="x", catalog=CATALOG)
    with pytest.raises(ParameterError, match="no district reports it"):
        compare_peers(SATISFACTION, indicator="nope", catalog=CATALOG)
    with pytest.raises(ParameterError, match="either year or period"):
        compare_peers(SATISFACTION, indicator="satisfaction_pct", year=2021, period=(2021, 2021), catalog=CATALOG)


def test_districts_filter():
    r = compare_peers(SATISFACTION, indicator="satisfaction_pct", districts=["477", 396], catalog=CATALOG)
    assert r["district_code"].tolist() == ["396", "477"]


def test_panel_annual_average_is_not_a_single_year():
    f = facts([("297", "dossiers_received", "", "district", 2016, 2020, 27427.0, "actual"),
               ("396", "dossiers_received", "", "district", 2020, 2020, 2629.0, "actual")])
    panel = derive_panel(f, catalog=CATALOG, annualise=True)
    with pytest.raises(IncomparableError, match=r"period differs: 2016–2020 \(297\) vs 2020 \(396\)"):
        compare_peers(panel, indicator="dossiers_received", year=2020, catalog=CATALOG)
