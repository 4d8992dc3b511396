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


def test_ranks_of_the_shared_peer_tables_do_not_leak(comp):
    """The shared peer tables rank every key (a size count by the largest); the report ranks none of those."""
    from cchc_analysis.comparative import _analysis

    ctx = prepare_comparative()
    peers = _analysis(ctx)["peers"]
    sizes = peers[peers["indicator"].eq("communes_count") & peers["kind"].eq("baseline") & (peers["n_peers"] >= 2)]
    assert sizes["rank"].notna().all(), "the shared table ranks it; the report must not"
    shown = comp[comp["indicator"].eq("communes_count")]
    assert len(shown) == len(sizes) and shown["rank"].isna().all()


@pytest.mark.parametrize("language, column, rank_column, words", [
    ("vi", "Chiều xếp hạng", "Hạng", {"target": "không xếp hạng: mục tiêu",
                                      "none": "không xếp hạng: số quy mô, không có chiều tốt"}),
    ("en", "Ranking", "Rank", {"target": "not ranked: a target", "none": "not ranked: a size figure, no better direction"}),
])
def test_the_direction_used_is_shown_beside_every_figure(language, column, rank_column, words, comp):
    from unittest import mock

    from cchc_analysis.comparative import show_comparable

    shown = []
    with mock.patch("IPython.display.display", side_effect=lambda *a, **k: shown.extend(a)):
        show_comparable(prepare_comparative(language=language))
    table = next(o.frame for o in shown if hasattr(o, "frame"))
    assert len(table) == len(comp)
    assert table[column].tolist() == [words[d] for d in comp["direction"]]
    assert (table[rank_column] == "–").all()  # nothing on the real data is a ranked performance figure


@pytest.mark.parametrize("language, words", [("vi", "thấp hơn là tốt hơn"), ("en", "lower is better")])
def test_a_ranked_figure_shows_its_rank_and_direction(language, words):
    from unittest import mock

    from cchc_analysis.comparative import show_comparable

    ctx = prepare_comparative(facts=_synthetic("dossiers_late_pct", {"297": 3.0, "397": 9.0, "849": 1.5}), language=language)
    shown = []
    with mock.patch("IPython.display.display", side_effect=lambda *a, **k: shown.extend(a)):
        show_comparable(ctx)
    table = next(o.frame for o in shown if hasattr(o, "frame"))
    rank = "Hạng" if language == "vi" else "Rank"
    district = "Huyện" if language == "vi" else "District"
    assert dict(zip(table[district], table[rank])) == {"Trà Cú": "1/3", "Gia Lộc": "2/3", "Triệu Sơn": "3/3"}
    assert set(table["Chiều xếp hạng" if language == "vi" else "Ranking"]) == {words}
