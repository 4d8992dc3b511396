"""Fit linear trends over years, with a robust alternative, and project them.

A trend needs at least three distinct years (``min_points``): with fewer the
result says ``"insufficient data"`` and every number is NaN, so a line through
two points is never presented as a trend.  The slope comes from ordinary least
squares with its confidence interval and r²; a robust slope (an M-estimate
with Huber's T norm, as statsmodels ``RLM`` computes it) shows whether one odd
year drives it.  Projections carry OLS *prediction* intervals (for a new
observation), which widen with the distance from the observed years.

All series of a panel are fitted at once, vectorised (:mod:`._trendfit`): OLS
in closed form, the Huber IRLS step by step on the series still iterating (a
series with no residual beyond Huber's t stops after one step: there the
robust fit is the OLS fit), statsmodels ``RLM`` itself only for a degenerate
series (zero MAD scale, an exact line).  The results equal statsmodels'
``OLS``/``RLM``/``get_prediction`` to 1e-9 (``tests/test_trends_reference.py``).
Each trend is fitted once: the table keeps :data:`FIT_STATISTICS`, from which
:func:`project` and :meth:`TrendResult.predict` draw their intervals.

Only actuals enter a trend (``kind == "actual"``); annual averages spread from
a period total are left out (they are one figure repeated, not a series).

Examples
--------
>>> r = fit_trend([2016, 2017, 2018, 2019], [10.0, 12.0, 13.0, 15.0])
>>> r
TrendResult(fitted: n=4, 2016–2019, slope=+1.6 per year [95% CI 0.992, 2.21], r²=0.98)
>>> fit_trend([2016, 2017], [10.0, 12.0]).status
'insufficient data'
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _trendfit
from .errors import ParameterError
from .indicators import PANEL_COLUMNS, SERIES_KEY, _check_columns

__all__ = ["TREND_COLUMNS", "FIT_STATISTICS", "PROJECTION_COLUMNS", "TrendResult", "fit_trend", "fit_trends",
           "project"]

#: What a prediction interval needs besides slope and intercept: kept so nothing is refitted.
FIT_STATISTICS = ["n_obs", "year_mean", "year_ss", "resid_var"]
TREND_COLUMNS = SERIES_KEY + [
    "n_points", "first_year", "last_year", "status", "slope", "slope_ci_low", "slope_ci_high",
    "intercept", "rlm_slope", "r_squared",
] + FIT_STATISTICS
PROJECTION_COLUMNS = SERIES_KEY + ["year", "predicted", "pi_low", "pi_high", "status"]
FITTED = "fitted"
INSUFFICIENT = "insufficient data"
PROJECTED = "projected"
_NAN = float("nan")
_NUMBERS = ["slope", "slope_ci_low", "slope_ci_high", "intercept", "rlm_slope", "r_squared"]


@dataclass(frozen=True)
class TrendResult:
    """A linear trend of one series: ``value = intercept + slope * year``.

    ``status`` is ``"fitted"`` or ``"insufficient data"`` (then the numbers are NaN).
    ``n_points`` counts distinct years; ``years`` and ``values`` keep the data fitted.
    ``n_obs`` (observations, a repeated year counted each time), ``year_mean``,
    ``year_ss`` (sum of squared year deviations) and ``resid_var`` (``SSR / (n_obs − 2)``)
    are what :meth:`predict` needs, so a prediction never refits.
    """

    status: str
    n_points: int
    first_year: float
    last_year: float
    slope: float
    slope_ci_low: float
    slope_ci_high: float
    intercept: float
    rlm_slope: float
    r_squared: float
    alpha: float
    years: tuple = ()
    values: tuple = ()
    n_obs: float = _NAN
    year_mean: float = _NAN
    year_ss: float = _NAN
    resid_var: float = _NAN

    def __repr__(self):
        if self.status != FITTED:
            span = f", {self.first_year:.0f}–{self.last_year:.0f}" if self.n_points else ""
            return f"TrendResult({self.status}: n={self.n_points}{span})"
        level = round(100 * (1 - self.alpha))
        return (f"TrendResult(fitted: n={self.n_points}, {self.first_year:.0f}–{self.last_year:.0f}, "
                f"slope={self.slope:+.3g} per year [{level}% CI {self.slope_ci_low:.3g}, {self.slope_ci_high:.3g}], "
                f"r²={self.r_squared:.2f})")

    def to_frame(self) -> pd.DataFrame:
        """Return the result as a one-row DataFrame with the trend columns (without the series key).

        Examples
        --------
        >>> fit_trend([2016, 2017, 2018], [1.0, 2.0, 3.0]).to_frame()[["status", "slope", "r_squared"]]
           status  slope  r_squared
        0  fitted    1.0        1.0
        """
        cols = [c for c in TREND_COLUMNS if c not in SERIES_KEY]
        return pd.DataFrame([{c: getattr(self, c) for c in cols}], columns=cols)

    def predict(self, years, *, alpha: float | None = None) -> pd.DataFrame:
        """Return predictions with prediction intervals for the given years.

        The OLS prediction interval for a new observation,
        ``predicted ± t(1 − alpha/2, n_obs − 2) · sqrt(s² (1 + 1/n_obs + (year − year_mean)² / year_ss))``,
        from the statistics kept by the fit (nothing is refitted).

        Parameters
        ----------
        years : int or list of int
        alpha : float, optional
            Default: the alpha the trend was fitted with (0.05 → 95% intervals).

        Returns
        -------
        DataFrame
            ``year, predicted, pi_low, pi_high``; NaN when the trend is not fitted.

        Examples
        --------
        >>> r = fit_trend([2016, 2017, 2018, 2019], [10.0, 12.0, 13.0, 15.0])
        >>> p = r.predict([2026, 2030])
        >>> bool((p["pi_high"] - p["pi_low"]).is_monotonic_increasing)
        True
        """
        years = np.atleast_1d(np.asarray(years, dtype=float))
        out = pd.DataFrame({"year": years.astype(int), "predicted": _NAN, "pi_low": _NAN, "pi_high": _NAN})
        if self.status != FITTED:
            return out
        alpha = self.alpha if alpha is None else alpha
        _check_alpha(alpha)
        src = self if not math.isnan(self.resid_var) else fit_trend(self.years, self.values, alpha=self.alpha)
        fit = {k: np.array([getattr(src, k)]) for k in ["slope", "intercept"] + FIT_STATISTICS}
        predicted, low, high = _trendfit.prediction(years[None, :], {k: v[:, None] for k, v in fit.items()}, alpha)
        out["predicted"], out["pi_low"], out["pi_high"] = predicted[0], low[0], high[0]
        return out


def _check_alpha(alpha: float) -> None:
    if not 0 < alpha < 1:
        raise ParameterError("alpha", alpha, "a significance level between 0 and 1 (0.05 → 95% intervals)",
                             choices=[0.01, 0.05, 0.1])


def fit_trend(years, values, *, min_points: int = 3, alpha: float = 0.05) -> TrendResult:
    """Fit a linear trend to one series of yearly values.

    Parameters
    ----------
    years, values : sequence of numbers
        Pairs with a NaN value are dropped.  A year may repeat (two sources).
    min_points : int
        Least number of distinct years for a trend (at least 3).
    alpha : float
        Significance level of the slope's confidence interval.

    Returns
    -------
    TrendResult
        OLS slope, its ``1 - alpha`` confidence interval, intercept and r²;
        RLM (Huber T) slope.  Fewer than ``min_points`` years: status
        ``"insufficient data"`` and NaN numbers.

    Raises
    ------
    ParameterError
        If ``min_points < 3`` (two points always fit a line exactly) or alpha
        is outside (0, 1).

    Examples
    --------
    >>> r = fit_trend([2016, 2018, 2020], [2.0, 4.0, 9.0])
    >>> round(r.slope, 3), round(r.rlm_slope, 3)
    (1.75, 1.75)
    >>> fit_trend([2016, 2018], [2.0, 4.0])
    TrendResult(insufficient data: n=2, 2016–2018)
    """
    _check_min_points(min_points)
    _check_alpha(alpha)
    x = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    keep = ~np.isnan(y) & ~np.isnan(x)
    x, y = x[keep], y[keep]
    kept = {"years": tuple(x.tolist()), "values": tuple(y.tolist())}
    if not len(x):
        return TrendResult(INSUFFICIENT, 0, _NAN, _NAN, *[_NAN] * 6, alpha=alpha, **kept)
    r = _fit_arrays(np.zeros(len(x), dtype=int), 1, x, y, min_points, alpha)
    numbers = {c: float(r[c][0]) for c in _NUMBERS + FIT_STATISTICS}
    return TrendResult(str(r["status"][0]), int(r["n_points"][0]), float(r["first_year"][0]),
                       float(r["last_year"][0]), alpha=alpha, **numbers, **kept)


def _check_min_points(min_points: int) -> None:
    if min_points < 3:
        raise ParameterError("min_points", min_points, "a trend needs at least 3 years; two points always fit a line",
                             choices=[3, 4, 5])


def _fit_arrays(codes: np.ndarray, n_series: int, x: np.ndarray, y: np.ndarray, min_points: int,
                alpha: float) -> dict:
    """Fit series ``0..n_series-1`` (``codes`` sorted, every code present) and return column arrays."""
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    first, last = np.minimum.reduceat(x, starts), np.maximum.reduceat(x, starts)
    order = np.lexsort((x, codes))
    cx, xx = codes[order], x[order]
    new_year = np.r_[True, (cx[1:] != cx[:-1]) | (xx[1:] != xx[:-1])]
    n_points = np.bincount(cx[new_year], minlength=n_series)
    fitted = n_points >= min_points
    out = {"n_points": n_points, "first_year": first, "last_year": last,
           "status": np.where(fitted, FITTED, INSUFFICIENT).astype(object)}
    for c in _NUMBERS + FIT_STATISTICS:
        out[c] = np.full(n_series, _NAN)
    if fitted.any():
        rows = fitted[codes]
        sub = np.cumsum(fitted) - 1  # code → row among the fitted series
        fcodes, fx, fy = sub[codes[rows]], x[rows], y[rows]
        px, py = _trendfit.pad(fcodes, int(fitted.sum()), fx, fy)
        fit = _trendfit.ols(px, py, alpha)
        rlm, needs = _trendfit.huber_slopes(px, py, fit)
        for i in np.flatnonzero(needs):  # degenerate: statsmodels decides, as it always has
            sel = fcodes == i
            rlm[i] = _trendfit.reference_rlm_slope(fx[sel], fy[sel], fit["slope"][i], bool(fit["_exact"][i]))
        fit["rlm_slope"] = rlm
        for c in _NUMBERS + FIT_STATISTICS:
            out[c][fitted] = fit[c]
    return out


def _series_rows(panel: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of every actual series, annual averages of period totals left out."""
    _check_columns(panel, PANEL_COLUMNS, "panel")
    derivation = panel["derivation"]
    spread = [d for d in derivation.unique() if isinstance(d, str) and d.startswith("annual average")]
    rows = panel[(panel["kind"] == "actual") & ~derivation.isin(spread)]  # a few distinct texts: test those
    return rows[rows["value"].notna() & rows["year"].notna()]


def _fit_table(rows: pd.DataFrame, min_points: int, alpha: float) -> pd.DataFrame:
    """Fit every series of ``rows`` at once; one row per series in key order, columns TREND_COLUMNS."""
    if rows.empty:
        return pd.DataFrame(columns=TREND_COLUMNS)
    # dropna=False: a series with an empty (NaN) scope is its own series, not dropped or a crash
    groups = rows.groupby(SERIES_KEY, sort=True, dropna=False)
    codes = groups.ngroup().to_numpy(dtype=np.int64)
    keys = groups.size().index.to_frame(index=False)
    order = np.argsort(codes, kind="stable")
    r = _fit_arrays(codes[order], len(keys), rows["year"].to_numpy(float)[order],
                    rows["value"].to_numpy(float)[order], min_points, alpha)
    df = keys.assign(**{c: r[c] for c in TREND_COLUMNS[len(SERIES_KEY):]})
    df["status"] = df["status"].astype(str)
    return df.astype({"n_points": int})[TREND_COLUMNS]


def fit_trends(panel: pd.DataFrame, *, min_points: int = 3, alpha: float = 0.05) -> pd.DataFrame:
    """Fit a linear trend per district, indicator, scope and level of a panel's actuals.

    Parameters
    ----------
    panel : DataFrame
        From :func:`cchc_analysis.indicators.derive_panel`.
    min_points : int
        Least number of distinct years for a trend (at least 3).
    alpha : float
        Significance level of the slope's confidence interval.

    Returns
    -------
    DataFrame
        Columns :data:`TREND_COLUMNS`, one row per series in key order;
        ``status`` is ``"fitted"`` or ``"insufficient data"`` (numbers NaN).
        :data:`FIT_STATISTICS` (``n_obs``, ``year_mean``, ``year_ss``,
        ``resid_var``) are what :func:`project` needs for its intervals.

    Examples
    --------
    >>> import pandas as pd
    >>> panel = pd.DataFrame({"district_code": "297", "indicator": "satisfaction_pct", "scope": "",
    ...     "level": "district", "year": [2018, 2019, 2020], "kind": "actual",
    ...     "value": [80.0, 84.0, 85.0], "derived": False, "derivation": "",
    ...     "period_start": [2018, 2019, 2020], "period_end": [2018, 2019, 2020], "fact_ids": ["x:001", "x:002", "x:003"]})
    >>> fit_trends(panel)[["indicator", "n_points", "status", "slope"]]
              indicator  n_points  status  slope
    0  satisfaction_pct         3  fitted    2.5
    """
    _check_min_points(min_points)
    _check_alpha(alpha)
    return _fit_table(_series_rows(panel), min_points, alpha)


def project(panel: pd.DataFrame, *, to_year: int, alpha: float = 0.05, min_points: int = 3,
            trends: pd.DataFrame | None = None) -> pd.DataFrame:
    """Project each actual series of a panel to a year, with OLS prediction intervals.

    Parameters
    ----------
    panel : DataFrame
        From :func:`cchc_analysis.indicators.derive_panel`.
    to_year : int
        Last year projected; every year after a series' last observed year up to
        it gets a row (so a plot can draw the band).  If ``to_year`` is not
        after the last year, the one row is ``to_year`` itself.
    alpha : float
        ``1 - alpha`` prediction intervals.
    min_points : int
        Least number of distinct years for a trend.
    trends : DataFrame, optional
        The panel's :func:`fit_trends` table: its :data:`FIT_STATISTICS` give
        the intervals, so nothing is refitted.  Default (or a table lacking a
        series of the panel or those columns): every series is fitted once here.

    Returns
    -------
    DataFrame
        Columns :data:`PROJECTION_COLUMNS`; ``status`` ``"projected"`` or
        ``"insufficient data"`` (one row at ``to_year`` with NaN numbers).

    Examples
    --------
    >>> import pandas as pd
    >>> panel = pd.DataFrame({"district_code": "297", "indicator": "satisfaction_pct", "scope": "",
    ...     "level": "district", "year": [2017, 2018, 2019, 2020], "kind": "actual",
    ...     "value": [80.0, 83.0, 84.0, 86.0], "derived": False, "derivation": "",
    ...     "period_start": 0, "period_end": 0, "fact_ids": ""})
    >>> p = project(panel, to_year=2025)
    >>> p[["year", "status"]].iloc[[0, -1]]
       year     status
    0  2021  projected
    4  2025  projected
    >>> bool(p["pi_high"].sub(p["pi_low"]).is_monotonic_increasing)
    True
    """
    _check_alpha(alpha)
    _check_min_points(min_points)
    rows = _series_rows(panel)
    if rows.empty:
        return pd.DataFrame(columns=PROJECTION_COLUMNS)
    t = None
    if trends is not None and set(TREND_COLUMNS) <= set(trends.columns):
        keys = rows[SERIES_KEY].drop_duplicates()
        t = keys.merge(trends[TREND_COLUMNS], on=SERIES_KEY, how="left")
        t = None if t["status"].isna().any() else t.sort_values(SERIES_KEY, kind="stable").reset_index(drop=True)
    if t is None:  # no (complete) trend table given: fit every series once, here
        t = _fit_table(rows, min_points, alpha)
    fitted = (t["status"] == FITTED).to_numpy()
    last = t["last_year"].to_numpy(float)
    to_year = int(to_year)
    ahead = fitted & (last < to_year)
    counts = np.where(ahead, to_year - np.where(ahead, last, 0), 1).astype(int)
    start = np.where(ahead, last + 1, to_year).astype(int)
    rep = np.repeat(np.arange(len(t)), counts)
    offsets = np.r_[0, np.cumsum(counts)[:-1]]
    years = start[rep] + (np.arange(len(rep)) - offsets[rep])
    stats = {c: t[c].to_numpy(float)[rep] for c in ["slope", "intercept"] + FIT_STATISTICS}
    predicted, low, high = _trendfit.prediction(years.astype(float), stats, alpha)
    on = fitted[rep]
    out = t.loc[rep, SERIES_KEY].reset_index(drop=True)
    out["year"] = years.astype(int)
    out["predicted"] = np.where(on, predicted, _NAN)
    out["pi_low"] = np.where(on, low, _NAN)
    out["pi_high"] = np.where(on, high, _NAN)
    out["status"] = np.where(on, PROJECTED, INSUFFICIENT)
    out["status"] = out["status"].astype(str)
    return out[PROJECTION_COLUMNS]
