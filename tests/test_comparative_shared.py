"""The comparative report takes targets, flags and peers from the analysis shared with the district
reports (issue "engine at scale"): computed once per process, and the result is the same as when the
report computed them itself (equal DataFrames on the real data, for several year windows)."""
from unittest import mock

import pandas as pd
import pytest

from cchc_analysis import analysis
from cchc_analysis import comparative as comp
from cchc_analysis.consistency import check_consistency
from cchc_analysis.errors import IncomparableError
from cchc_analysis.peers import compare_peers
from cchc_analysis.targets import assess_targets

WINDOWS = [(2016, 2025), (2021, 2025), (2016, 2021), (2020, 2022), (2024, 2025)]


def before_comparable(ctx) -> pd.DataFrame:
    """The comparable figures as the report computed them before: compare_peers key by key."""
    f = ctx.facts
    n = f.groupby(comp.KEY)["district_code"].transform("nunique")
    out = []
    for key, g in f[n >= 2].groupby(comp.KEY, sort=True):
        k = dict(zip(comp.KEY, key))
        try:
            r = compare_peers(g, indicator=k["indicator"], period=(k["period_start"], k["period_end"]),
                              scope=k["scope"], level=k["level"], kind=k["kind"], catalog=ctx.catalog)
        except IncomparableError:
            continue
        direction = comp.ranking_direction(ctx.catalog, k["indicator"], k["kind"])
        r = r.assign(n_districts=len(r), direction=direction)
        if direction not in ("higher", "lower"):
            r["rank"] = float("nan")
        else:
            r["rank"] = r["value"].rank(ascending=direction == "lower", method="min")
        out.append(r)
    cols = comp.KEY + ["district_code", "value", "rank", "direction", "peer_median", "n_districts", "fact_ids"]
    return pd.concat(out, ignore_index=True)[cols] if out else pd.DataFrame(columns=cols)


@pytest.mark.parametrize("start, end", WINDOWS)
def test_comparable_figures_are_unchanged(start, end):
    ctx = comp.prepare_comparative(start_year=start, end_year=end)
    expected = before_comparable(ctx)
    got = comp.comparable_figures(ctx)
    assert len(expected), "the window holds comparable figures to check"
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False)
    assert got["n_districts"].dtype.kind == "i" and got["rank"].dtype.kind == "f"


@pytest.mark.parametrize("start, end", WINDOWS)
def test_targets_and_flags_are_unchanged(start, end):
    ctx = comp.prepare_comparative(start_year=start, end_year=end)
    a = comp._analysis(ctx)
    pd.testing.assert_frame_equal(a["targets"], assess_targets(ctx.facts, as_of=end, catalog=ctx.catalog).reset_index(drop=True))
    pd.testing.assert_frame_equal(a["flags"], check_consistency(ctx.facts, catalog=ctx.catalog).reset_index(drop=True))


def test_the_real_data_hold_what_the_comparison_is_about():
    """Guards the tests above: they compare non-empty tables (targets, flags) on the real data."""
    a = comp._analysis(comp.prepare_comparative())
    assert len(a["targets"]) > 50 and len(a["flags"]) > 5
    # the shared analysis holds targets outside the report's years: keeping to them matters
    ctx = comp.prepare_comparative()
    every = analysis.shared_analysis(ctx.all_facts, ctx.catalog, 2016, 2025)["targets"]
    assert len(every) > len(a["targets"])


def test_the_analysis_is_computed_once_for_the_district_reports_and_the_comparative_report():
    from cchc_analysis import report

    analysis.clear_cache()
    real_compute, real_peers = analysis._compute, comp_peer_tables()
    with mock.patch.object(analysis, "_compute", side_effect=real_compute) as compute, \
            mock.patch("cchc_analysis.peers.peer_tables", side_effect=real_peers) as peers:
        district = report.prepare("Trà Cú")  # every district with data as peers, 2016–2025
        report._analysis(district)
        assert compute.call_count == 1
        for language in ("vi", "en"):  # both comparative reports of a run
            ctx = comp.prepare_comparative(language=language)
            comp.comparable_figures(ctx)
            comp._analysis(ctx)
        assert compute.call_count == 1, "the comparative report computed the district reports' analysis again"
        assert peers.call_count == 1
    analysis.clear_cache()


def comp_peer_tables():
    from cchc_analysis import peers

    return peers.peer_tables
