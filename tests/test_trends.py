"""Tests of cchc_analysis.trends against closed-form least squares computed by hand."""
import dataclasses
import math

import pandas as pd
import pytest
from cchc_analysis.errors import ParameterError
from cchc_analysis.trends import TREND_COLUMNS, fit_trend, fit_trends, project

T_975_DF4 = 2.7764451051977987  # Student t, 97.5% quantile, 4 degrees of freedom (t table)
YEARS = [2016, 2017, 2018, 2019, 2020, 2021]
VALUES = [61.0, 64.5, 63.0, 70.0, 71.5, 75.0]


def closed_form(xs, ys):
    """Least squares by hand: slope, intercept, residual variance and Sxx."""
    n = len(xs)
    xbar, ybar = sum(xs) / n, sum(ys) / n
    sxx = sum((x - xbar) ** 2 for x in xs)
    slope = sum((x - xbar) * (y - ybar) for x, y in zip(xs, ys)) / sxx
    intercept = ybar - slope * xbar
    sse = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys))
    sst = sum((y - ybar) ** 2 for y in ys)
    return slope, intercept, sse / (n - 2), sxx, 1 - sse / sst, xbar


def panel(rows):
    """Panel rows from (district, indicator, year, value, kind, derivation) tuples."""
    df = pd.DataFrame(rows, columns=["district_code", "indicator", "year", "value", "kind", "derivation"])
    return df.assign(scope="", level="district", derived=df["derivation"] != "", period_start=df["year"],
                     period_end=df["year"], fact_ids="f")


def test_slope_equals_closed_form():
    slope, intercept, s2, sxx, r2, _ = closed_form(YEARS, VALUES)
    r = fit_trend(YEARS, VALUES)
    assert r.status == "fitted" and r.n_points == 6
    assert r.slope == pytest.approx(slope, rel=1e-9)
    assert r.intercept == pytest.approx(intercept, rel=1e-9)
    assert r.r_squared == pytest.approx(r2, rel=1e-9)
    half = T_975_DF4 * math.sqrt(s2 / sxx)  # t(n-2) × standard error of the slope
    assert (r.slope_ci_low, r.slope_ci_high) == pytest.approx((slope - half, slope + half), rel=1e-9)


def test_two_points_insufficient_never_a_line():
    r = fit_trend([2019, 2020], [10.0, 20.0])
    assert r.status == "insufficient data" and r.n_points == 2
    assert all(math.isnan(getattr(r, c)) for c in ("slope", "slope_ci_low", "slope_ci_high", "intercept",
                                                   "rlm_slope", "r_squared"))
    assert r.predict([2025])["predicted"].isna().all()


def test_repeated_year_counts_once():
    # three rows but two distinct years (two sources for 2020): still not a trend
    assert fit_trend([2019, 2020, 2020], [1.0, 2.0, 2.5]).status == "insufficient data"


def test_nan_values_dropped():
    r = fit_trend([2016, 2017, 2018, 2019], [1.0, float("nan"), 3.0, 4.0])
    assert r.n_points == 3 and r.slope == pytest.approx(closed_form([2016, 2018, 2019], [1.0, 3.0, 4.0])[0])


def test_min_points_below_three_refused():
    with pytest.raises(ParameterError, match="at least 3 years"):
        fit_trend(YEARS, VALUES, min_points=2)
    with pytest.raises(ParameterError, match="between 0 and 1"):
        fit_trend(YEARS, VALUES, alpha=5)


def test_rlm_resists_an_outlier():
    ys = [10.0, 12.0, 14.0, 16.0, 60.0, 20.0, 22.0]  # 2020 is a typo-like outlier on a slope-2 line
    r = fit_trend(range(2016, 2023), ys)
    assert abs(r.rlm_slope - 2.0) < abs(r.slope - 2.0)
    assert r.rlm_slope == pytest.approx(2.0, abs=0.2)


def test_exact_line_has_rlm_slope():
    r = fit_trend([2016, 2017, 2018], [1.0, 3.0, 5.0])
    assert r.slope == pytest.approx(2.0) and r.rlm_slope == pytest.approx(2.0)


def test_result_is_frozen_with_frame_and_repr():
    r = fit_trend(YEARS, VALUES)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.slope = 0
    frame = r.to_frame()
    assert list(frame.columns) == TREND_COLUMNS[4:] and len(frame) == 1
    assert repr(r) == "TrendResult(fitted: n=6, 2016–2021, slope=+2.8 per year [95% CI 1.61, 3.99], r²=0.91)"


def test_prediction_interval_closed_form_and_widening():
    slope, intercept, s2, sxx, _, xbar = closed_form(YEARS, VALUES)
    pred = fit_trend(YEARS, VALUES).predict([2026, 2030]).set_index("year")
    for year in (2026, 2030):
        half = T_975_DF4 * math.sqrt(s2 * (1 + 1 / 6 + (year - xbar) ** 2 / sxx))
        assert pred.at[year, "predicted"] == pytest.approx(intercept + slope * year)
        assert pred.at[year, "pi_high"] - pred.at[year, "predicted"] == pytest.approx(half)
    width = pred["pi_high"] - pred["pi_low"]
    assert width[2030] > width[2026]


def test_fit_trends_per_series_actuals_only():
    p = panel(
        [("297", "satisfaction_pct", y, v, "actual", "") for y, v in zip(YEARS, VALUES)]
        + [("297", "satisfaction_pct", 2025, 95.0, "target", "")]  # a target is not a point of the trend
        + [("849", "dossiers_received", y, 46527.2, "actual", "annual average of the 2017–2021 total")
           for y in range(2017, 2022)]  # one figure spread over years: not a series
        + [("849", "satisfaction_pct", 2020, 98.0, "actual", ""), ("849", "satisfaction_pct", 2021, 99.0, "actual", "")]
    )
    t = fit_trends(p).set_index(["district_code", "indicator"])
    assert list(t.reset_index().columns) == TREND_COLUMNS
    assert t.loc[("297", "satisfaction_pct"), "slope"] == pytest.approx(closed_form(YEARS, VALUES)[0])
    assert t.loc[("297", "satisfaction_pct"), "n_points"] == 6
    assert t.loc[("849", "satisfaction_pct"), "status"] == "insufficient data"
    assert math.isnan(t.loc[("849", "satisfaction_pct"), "slope"])
    assert ("849", "dossiers_received") not in t.index


def test_project_rows_and_insufficient_series():
    p = panel([("297", "satisfaction_pct", y, v, "actual", "") for y, v in zip(YEARS, VALUES)]
              + [("849", "satisfaction_pct", 2021, 99.0, "actual", "")])  # one point
    out = project(p, to_year=2030)
    good = out[out["district_code"] == "297"]
    assert good["year"].tolist() == list(range(2022, 2031)) and set(good["status"]) == {"projected"}
    assert (good["pi_high"] - good["pi_low"]).is_monotonic_increasing
    bad = out[out["district_code"] == "849"]
    assert bad["year"].tolist() == [2030] and bad["status"].item() == "insufficient data"
    assert bad[["predicted", "pi_low", "pi_high"]].isna().all(axis=None)


def test_project_wider_at_2030_than_2026():
    p = panel([("297", "satisfaction_pct", y, v, "actual", "") for y, v in zip(YEARS, VALUES)])
    a = project(p, to_year=2026).set_index("year")
    b = project(p, to_year=2030).set_index("year")
    assert b.at[2030, "pi_high"] - b.at[2030, "pi_low"] > a.at[2026, "pi_high"] - a.at[2026, "pi_low"]


def test_fit_trends_keeps_a_series_with_nan_scope():
    """A hand-built panel whose scope is NaN used to crash in _fit_table (NaN group keys)."""
    import numpy as np
    import pandas as pd

    from cchc_analysis.trends import fit_trends, project

    years = [2018, 2019, 2020, 2021]
    base = {"district_code": "297", "indicator": "satisfaction_pct", "level": "district", "kind": "actual",
            "derived": False, "derivation": "", "fact_ids": "x:001"}
    panel = pd.concat([
        pd.DataFrame({**base, "scope": np.nan, "year": years, "value": [80.0, 82.0, 85.0, 86.0],
                      "period_start": years, "period_end": years}),
        pd.DataFrame({**base, "scope": "province", "year": years, "value": [70.0, 70.0, 71.0, 75.0],
                      "period_start": years, "period_end": years}),
    ], ignore_index=True)
    t = fit_trends(panel)
    assert len(t) == 2
    nan_row = t[t["scope"].isna()]
    assert len(nan_row) == 1 and nan_row["status"].item() == "fitted"
    assert nan_row["slope"].item() == pytest.approx(2.1)
    assert t.loc[t["scope"] == "province", "slope"].item() == pytest.approx(1.6)  # Sxy 8 / Sxx 5
    p = project(panel, to_year=2023, trends=t)
    assert len(p) == 4 and (p["status"] == "projected").all()
