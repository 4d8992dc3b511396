"""Derived comparisons in the comparative report: annual averages and rates per inhabitants appear only
labelled as derived (in both languages), and only between like periods and levels."""
from unittest import mock

import pandas as pd
import pytest

from cchc_analysis import comparative as comp
from cchc_analysis.errors import IncomparableError, ParameterError


@pytest.fixture(scope="module")
def real():
    return comp.prepare_comparative()


def test_no_average_across_unlike_periods_on_the_real_data(real):
    # Gia Lộc (297) trained 1,000 people in 2016–2020, Trà Cú (849) 867 in 2017–2021: an annual
    # average of each is still an average of a different period
    with pytest.raises(IncomparableError, match=r"period differs: 2016–2020 \(297\) vs 2017–2021 \(849\)"):
        comp.compare_derived(real, "training_participants", "annual_average")


def test_no_average_across_unlike_levels_on_the_real_data(real):
    # dossiers: Gia Lộc's district office (district, 2016–2020) and Trà Cú's district and communes (2017–2021)
    with pytest.raises(IncomparableError, match="level differs"):
        comp.compare_derived(real, "dossiers_received", "annual_average")
    # one level chosen, the periods still differ
    with pytest.raises(IncomparableError, match="period differs"):
        comp.compare_derived(real, "training_participants", "annual_average", level="district_and_commune")


def test_the_real_report_shows_no_derived_comparison(real):
    assert comp.comparable_derived(real).empty


def test_annual_averages_are_labelled_and_computed_from_the_stated_total(real):
    d = comp.derived_figures(real, "annual_average", indicators=["training_participants"])
    whole = d[d["scope"] == ""].set_index("district_code")
    assert whole.at["297", "value"] == 1000 / 5 and whole.at["849", "value"] == pytest.approx(867 / 5)
    assert whole.at["297", "derivation"] == "annual average of the 2016–2020 total"
    assert (whole["period_start"].tolist(), whole["period_end"].tolist()) == ([2016, 2017], [2020, 2021])  # the total's period kept


def test_stocks_and_shares_are_never_averaged(real):
    d = comp.derived_figures(real, "annual_average")
    units = d["indicator"].map(real.catalog["unit"])
    assert not d["indicator"].isin(["communes_count", "population", "staff_quota"]).any()
    assert not units.isin(["pct", "score", "rank", "days", "ha"]).any()
    assert (d["kind"] == "actual").all() and ((d["period_end"] - d["period_start"]) >= 1).all()


def test_an_unknown_derivation_is_refused(real):
    with pytest.raises(ParameterError, match="valid: annual_average, per_capita"):
        comp.derived_figures(real, "per_household")


def _synthetic() -> pd.DataFrame:
    """Synthetic facts (not real data): Gia Lộc's real 2016–2020 training total copied to two other
    districts with other values, and populations of one year for a per-capita rate."""
    from cchc_analysis import load_facts

    facts = load_facts()
    row = facts[(facts["indicator"] == "training_participants") & (facts["district_code"] == "297")
                & (facts["scope"] == "")].iloc[[0]]
    pop = facts[facts["indicator"] == "population"].iloc[[0]]
    dossiers = facts[(facts["indicator"] == "dossiers_received") & (facts["district_code"] == "396")].iloc[[0]]
    rows = [row.assign(district_code=c, value=v, fact_id=f"synthetic:t{c}") for c, v in (("297", 1000.0), ("397", 600.0),
                                                                                        ("849", 800.0))]
    year = int(dossiers["period_start"].iloc[0])
    rows += [pop.assign(district_code=c, value=v, period_start=year, period_end=year, fact_id=f"synthetic:p{c}")
             for c, v in (("396", 100_000.0), ("397", 50_000.0))]
    rows += [dossiers.assign(district_code=c, value=v, fact_id=f"synthetic:d{c}") for c, v in (("396", 2000.0), ("397", 2000.0))]
    return pd.concat(rows, ignore_index=True)


@pytest.fixture(scope="module")
def synthetic():
    return _synthetic()


def test_like_periods_and_levels_are_compared_labelled(synthetic):
    for language, label in (("vi", "số suy ra: bình quân năm của tổng 2016–2020"),
                            ("en", "derived: annual average of the 2016–2020 total")):
        ctx = comp.prepare_comparative(facts=synthetic, language=language)
        r = comp.compare_derived(ctx, "training_participants", "annual_average")
        assert r.set_index("district_code")["value"].to_dict() == {"297": 200.0, "849": 160.0, "397": 120.0}
        assert set(r["label"]) == {label}
        assert r["peer_median"].iloc[0] == 160.0


def test_per_capita_uses_the_same_years_population_and_is_labelled(synthetic):
    ctx = comp.prepare_comparative(facts=synthetic, language="en")
    r = comp.compare_derived(ctx, "dossiers_received", "per_capita")
    assert r.set_index("district_code")["value"].to_dict() == {"397": 400.0, "396": 200.0}  # 10,000 * 2,000 / population
    assert set(r["label"]) == {"derived: per 10,000 inhabitants"}
    assert all("population (same year)" in d for d in r["derivation"])
    # a population of another year is never used
    moved = synthetic.copy()
    moved.loc[moved["fact_id"] == "synthetic:p397", ["period_start", "period_end"]] += 1
    d = comp.derived_figures(comp.prepare_comparative(facts=moved), "per_capita")
    assert set(d["district_code"]) == {"396"}


def test_the_report_shows_derived_rows_only_labelled(synthetic):
    for language, word in (("vi", "số suy ra"), ("en", "derived")):
        ctx = comp.prepare_comparative(facts=synthetic, language=language)
        d = comp.comparable_derived(ctx)
        assert len(d) == 3 + 2 and d["label"].str.startswith(word).all()
        assert d["peer_median"].notna().all() and "rank" not in d
        shown = []
        with mock.patch("IPython.display.display", side_effect=lambda *a, **k: shown.extend(a)):
            comp.show_comparable(ctx)
        tables = [o.frame for o in shown if hasattr(o, "frame")]
        derived = [t for t in tables if any(str(c) in ("Số suy ra", "Derived") for c in t.columns)]
        assert len(derived) == 1
        column = "Số suy ra" if language == "vi" else "Derived"
        assert derived[0][column].str.startswith(word).all() and len(derived[0]) == 5
        # the stated totals are in the ranked table, not marked derived
        assert not any(column in t.columns for t in tables if t is not derived[0])
