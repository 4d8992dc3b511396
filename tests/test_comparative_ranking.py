"""The comparative report ranks only performance figures with a stated direction (issue 9, deliver 4)."""
from __future__ import annotations

import pandas as pd
import pytest

from cchc_analysis.comparative import comparable_figures, prepare_comparative, ranking_direction


@pytest.fixture(scope="module")
def comp():
    return comparable_figures(prepare_comparative())


@pytest.fixture(scope="module")
def catalog():
    from cchc_analysis import load_catalog

    return load_catalog()


def test_targets_are_never_ranked(comp):
    targets = comp[comp["kind"] == "target"]
    assert len(targets), "the data hold comparable targets (e.g. satisfaction) to check the rule on"
    assert targets["rank"].isna().all() and (targets["direction"] == "target").all()


def test_size_counts_are_never_ranked(comp, catalog):
    sizes = comp[comp["indicator"].isin(["communes_count", "specialized_agencies_count", "population", "area_ha"])]
    assert len(sizes), "the data hold comparable size counts to check the rule on"
    assert sizes["rank"].isna().all() and (sizes["direction"] == "none").all()
    no_direction = comp[comp["indicator"].map(catalog["higher_is_better"]).isna()]
    assert no_direction["rank"].isna().all()


def test_ranked_rows_follow_the_stated_direction(comp, catalog):
    ranked = comp[comp["rank"].notna()]
    for _, g in ranked.groupby(["indicator", "scope", "level", "period_start", "period_end", "kind"]):
        higher = bool(catalog.at[g["indicator"].iloc[0], "higher_is_better"])
        best = g.loc[g["rank"].idxmin(), "value"]
        assert best == (g["value"].max() if higher else g["value"].min())
        assert set(g["direction"]) == {"higher" if higher else "lower"}
        assert (g["kind"] == "actual").all()


def test_direction_rules_on_a_small_catalog():
    catalog = pd.DataFrame({"higher_is_better": [True, False, None]}, index=["a_pct", "late_pct", "units"])
    assert ranking_direction(catalog, "a_pct") == "higher"
    assert ranking_direction(catalog, "late_pct") == "lower"
    assert ranking_direction(catalog, "units") == "none"
    assert ranking_direction(catalog, "a_pct", "target") == "target"
    assert ranking_direction(catalog, "a_pct", "baseline") == "none"
    assert ranking_direction(catalog, "unknown_slug") == "none"


def _synthetic(indicator: str, values: dict) -> pd.DataFrame:
    """Synthetic facts (not real data): one real row of ``indicator`` copied to districts with ``values``."""
    from cchc_analysis import load_facts

    facts = load_facts()
    row = facts[(facts["indicator"] == indicator) & (facts["kind"] == "actual")].iloc[[0]]
    rows = [row.assign(district_code=code, value=float(v), fact_id=f"synthetic:{code}") for code, v in values.items()]
    return pd.concat(rows, ignore_index=True)


@pytest.mark.parametrize("indicator, best", [("satisfaction_pct", "397"), ("dossiers_late_pct", "849")])
def test_synthetic_performance_figures_are_ranked_best_first(indicator, best, catalog):
    values = {"297": 90.0, "397": 97.5, "849": 80.0} if indicator == "satisfaction_pct" else {"297": 3.0, "397": 9.0, "849": 1.5}
    comp = comparable_figures(prepare_comparative(facts=_synthetic(indicator, values)))
    assert len(comp) == 3 and comp["rank"].notna().all()
    assert comp.set_index("district_code").at[best, "rank"] == 1
    assert set(comp["direction"]) == {"higher" if catalog.at[indicator, "higher_is_better"] else "lower"}


def test_equal_values_share_the_best_rank():
    comp = comparable_figures(prepare_comparative(facts=_synthetic("satisfaction_pct", {"297": 95, "397": 95, "849": 80})))
    assert comp.set_index("district_code")["rank"].to_dict() == {"297": 1, "397": 1, "849": 3}


def test_a_synthetic_target_is_not_ranked():
    facts = _synthetic("satisfaction_pct", {"297": 95, "397": 90}).assign(kind="target")
    comp = comparable_figures(prepare_comparative(facts=facts))
    assert len(comp) == 2 and comp["rank"].isna().all() and set(comp["direction"]) == {"target"}
