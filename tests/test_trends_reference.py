"""The vectorised trends equal statsmodels' per-series fits to 1e-9, on the real and the synthetic panel.

The reference is computed here, independently of :mod:`cchc_analysis._trendfit`: one statsmodels
``OLS`` (slope, interval, r²), ``RLM`` (Huber T) and ``get_prediction`` per series, as the trends
module did before it was vectorised.  Every column of :func:`fit_trends` and :func:`project`
and :meth:`TrendResult.predict` is compared.
"""
from __future__ import annotations

import importlib.util
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.regression.linear_model import OLS
from statsmodels.robust.norms import HuberT
from statsmodels.robust.robust_linear_model import RLM
from statsmodels.tools.tools import add_constant

from cchc_analysis.indicators import SERIES_KEY, derive_panel
from cchc_analysis.loaders import load_catalog, load_facts
from cchc_analysis.trends import TREND_COLUMNS, fit_trend, fit_trends, project

RTOL = ATOL = 1e-9
BENCH = Path(__file__).resolve().parent.parent / "bench"


def _synthetic():
    spec = importlib.util.spec_from_file_location("bench_synthetic_ref", BENCH / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reference_fit(x, y, alpha=0.05, min_points=3):
    """statsmodels, one series: the trend's numbers and the fitted OLS model (None if not fitted)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    n = len(np.unique(x))
    row = {"n_points": n, "first_year": x.min(), "last_year": x.max()}
    if n < min_points:
        return row | {"status": "insufficient data"} | dict.fromkeys(
            ["slope", "slope_ci_low", "slope_ci_high", "intercept", "rlm_slope", "r_squared",
             "n_obs", "year_mean", "year_ss", "resid_var"], math.nan), None
    X = add_constant(x)
    ols = OLS(y, X).fit()
    ci = ols.conf_int(alpha=alpha)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            rlm = float(RLM(y, X, M=HuberT()).fit().params[1])
        except (ValueError, ZeroDivisionError, np.linalg.LinAlgError):
            rlm = math.nan
    if math.isnan(rlm) and np.allclose(ols.resid, 0):
        rlm = float(ols.params[1])
    r2 = float(ols.rsquared) if not np.allclose(y, y.mean()) else math.nan
    return row | {"status": "fitted", "slope": ols.params[1], "slope_ci_low": ci[1, 0], "slope_ci_high": ci[1, 1],
                  "intercept": ols.params[0], "rlm_slope": rlm, "r_squared": r2, "n_obs": float(ols.nobs),
                  "year_mean": x.mean(), "year_ss": float(((x - x.mean()) ** 2).sum()),
                  "resid_var": float(ols.scale)}, ols


def reference(panel, to_year, alpha=0.05):
    """(trends, projections) of every actual series of a panel, one statsmodels fit per series."""
    rows = panel[(panel["kind"] == "actual") & ~panel["derivation"].str.startswith("annual average")]
    rows = rows[rows["value"].notna()]
    trends, projections = [], []
    for key, g in rows.groupby(SERIES_KEY, sort=True):
        row, ols = reference_fit(g["year"], g["value"], alpha)
        trends.append(dict(zip(SERIES_KEY, key)) | row)
        last = int(g["year"].max())
        years = np.array((list(range(last + 1, to_year + 1)) or [to_year]) if ols is not None else [to_year], float)
        p = pd.DataFrame({"year": years.astype(int), "predicted": math.nan, "pi_low": math.nan, "pi_high": math.nan})
        if ols is not None:
            frame = ols.get_prediction(add_constant(years, has_constant="add")).summary_frame(alpha=alpha)
            p["predicted"], p["pi_low"], p["pi_high"] = (frame[c].to_numpy() for c in ("mean", "obs_ci_lower", "obs_ci_upper"))
        p["status"] = "projected" if ols is not None else "insufficient data"
        projections.append(p.assign(**dict(zip(SERIES_KEY, key))))
    return pd.DataFrame(trends), pd.concat(projections, ignore_index=True)


def max_differences(new: pd.DataFrame, ref: pd.DataFrame) -> dict[str, float]:
    """Compare frames column by column and return the largest absolute difference of each number column.

    Labels must be equal, NaN in the same rows, and numbers within 1e-9 relative:
    ``|a − b| ≤ 1e-9 · (1 + size)``, where ``size`` is ``|b|``, and for an interval bound
    ``predicted ± half`` the larger of ``|predicted|`` and ``|b|`` (the terms subtracted: statsmodels
    computes the half-width from ``x0ᵀ (XᵀX)⁻¹ x0`` on uncentred years, whose rounding is relative to
    those terms; see ``test_fast_path_is_nearer_exact_arithmetic``).
    """
    assert len(new) == len(ref)
    out = {}
    for c in ref.columns:
        a, b = new[c].reset_index(drop=True), ref[c].reset_index(drop=True)
        if not pd.api.types.is_numeric_dtype(b):
            assert a.astype(str).tolist() == b.astype(str).tolist(), c
            continue
        a, b = a.to_numpy(float), b.to_numpy(float)
        assert np.array_equal(np.isnan(a), np.isnan(b)), f"{c}: NaN in different rows"
        size = np.abs(b)
        if c in ("pi_low", "pi_high"):
            size = np.fmax(size, np.abs(ref["predicted"].to_numpy(float)))
        ok = ~np.isnan(b)
        diff = np.abs(a[ok] - b[ok])
        assert np.all(diff <= ATOL + RTOL * size[ok]), (c, float(diff.max()))
        out[c] = float(diff.max()) if diff.size else 0.0
    return out


def check(panel, to_year=2025):
    ref_trends, ref_proj = reference(panel, to_year)
    trends = fit_trends(panel)
    assert list(trends.columns) == TREND_COLUMNS
    diffs = max_differences(trends, ref_trends[TREND_COLUMNS])
    fitted = trends[trends["status"] == "fitted"]
    for proj in (project(panel, to_year=to_year), project(panel, to_year=to_year, trends=trends)):
        diffs |= {f"projection {k}": v for k, v in max_differences(proj, ref_proj[proj.columns]).items()}
    assert len(fitted) > 0
    return diffs


@pytest.fixture(scope="module")
def real_panel():
    return derive_panel(load_facts(), catalog=load_catalog())


def test_real_panel_equals_statsmodels(real_panel):
    diffs = check(real_panel)
    assert set(diffs) >= {"slope", "rlm_slope", "r_squared", "projection pi_low"}


def test_synthetic_panel_equals_statsmodels():
    synthetic = _synthetic()
    facts = synthetic.make_facts(40, seed=3)
    check(derive_panel(facts, catalog=load_catalog()))


def test_edge_cases_equal_statsmodels():
    def rows(code, values, years=None):
        years = years or list(range(2016, 2016 + len(values)))
        return [(code, y, v) for y, v in zip(years, values)]
    data = (rows("a", [10.0, 12.0, 14.0, 16.0, 60.0, 20.0, 22.0])      # an outlier: IRLS iterates
            + rows("b", [1.0, 3.0, 5.0])                               # an exact line: zero scale
            + rows("c", [5.0, 5.0, 5.0, 5.0])                          # constant: r² NaN
            + rows("d", [1.0, 2.0, 2.5, 7.0], [2016, 2017, 2017, 2020])  # a repeated year
            + rows("e", [3.0, 4.0])                                    # two points: insufficient
            + rows("f", [232636.0, 240001.0, 251234.0, 249000.0, 400000.0, 260500.0])  # large counts
            + rows("g", [1.0, 1.0, 1.0, 9.0, 1.0]))                    # most residuals equal
    df = pd.DataFrame(data, columns=["district_code", "year", "value"])
    panel = df.assign(indicator="x", scope="", level="district", kind="actual", derived=False, derivation="",
                      period_start=df["year"], period_end=df["year"], fact_ids="f")
    check(panel, to_year=2030)


def test_single_series_and_predict_equal_statsmodels():
    x, y = [2016, 2017, 2019, 2020, 2021], [61.0, 64.5, 63.0, 90.0, 71.5]
    ref, ols = reference_fit(x, y, alpha=0.1)
    r = fit_trend(x, y, alpha=0.1)
    for c, v in ref.items():
        assert (getattr(r, c) == v) if isinstance(v, str) else getattr(r, c) == pytest.approx(v, rel=RTOL, abs=ATOL), c
    frame = ols.get_prediction(add_constant(np.array([2025.0, 2030.0]), has_constant="add")).summary_frame(alpha=0.1)
    p = r.predict([2025, 2030])
    np.testing.assert_allclose(p["pi_low"], frame["obs_ci_lower"], rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(p["pi_high"], frame["obs_ci_upper"], rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(p["predicted"], frame["mean"], rtol=RTOL, atol=ATOL)


def test_fast_path_is_nearer_exact_arithmetic():
    # three synthetic points where statsmodels' interval is off by ~7e-7 (df = 1, t = 12.7):
    # exact rational arithmetic decides, and the vectorised fit is within 1e-9 of it
    from fractions import Fraction

    from scipy import stats

    x, y = [2021, 2023, 2024], [3977.0, 6495.0, 8611.0]
    xs, ys = [Fraction(v) for v in x], [Fraction(v) for v in y]
    n = len(xs)
    xbar, ybar = sum(xs) / n, sum(ys) / n
    sxx = sum((v - xbar) ** 2 for v in xs)
    slope = sum((a - xbar) * (b - ybar) for a, b in zip(xs, ys)) / sxx
    intercept = ybar - slope * xbar
    s2 = sum((b - intercept - slope * a) ** 2 for a, b in zip(xs, ys)) / (n - 2)
    predicted = intercept + slope * 2025
    half = stats.t.ppf(0.975, n - 2) * math.sqrt(s2 * (1 + Fraction(1, n) + (2025 - xbar) ** 2 / sxx))
    p = fit_trend(x, y).predict([2025])
    assert p.at[0, "predicted"] == pytest.approx(float(predicted), abs=1e-9)
    assert p.at[0, "pi_low"] == pytest.approx(float(predicted) - half, abs=1e-9)
    _, ols = reference_fit(x, y)
    sm = ols.get_prediction(np.array([[1.0, 2025.0]])).summary_frame(alpha=0.05)
    assert abs(sm["obs_ci_lower"].iloc[0] - (float(predicted) - half)) > abs(p.at[0, "pi_low"] - (float(predicted) - half))
