"""Fit linear trends over years, with a robust alternative, and project them.

A trend needs at least three distinct years (``min_points``): with fewer the
result says ``"insufficient data"`` and every number is NaN, so a line through
two points is never presented as a trend.  The slope comes from ordinary least
squares (statsmodels ``OLS``) with its confidence interval and r²; a robust
slope from ``RLM`` with Huber's T norm shows whether one odd year drives it.
Projections carry OLS *prediction* intervals (for a new observation), which
widen with the distance from the observed years.

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
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import OLS
from statsmodels.robust.norms import HuberT
from statsmodels.robust.robust_linear_model import RLM
from statsmodels.tools.tools import add_constant

from .errors import ParameterError
from .indicators import PANEL_COLUMNS, SERIES_KEY, _check_columns

__all__ = ["TREND_COLUMNS", "PROJECTION_COLUMNS", "TrendResult", "fit_trend", "fit_trends", "project"]

TREND_COLUMNS = SERIES_KEY + [
    "n_points", "first_year", "last_year", "status", "slope", "slope_ci_low", "slope_ci_high",
    "intercept", "rlm_slope", "r_squared",
]
PROJECTION_COLUMNS = SERIES_KEY + ["year", "predicted", "pi_low", "pi_high", "status"]
FITTED = "fitted"
INSUFFICIENT = "insufficient data"
PROJECTED = "projected"
_NAN = float("nan")


@dataclass(frozen=True)
class TrendResult:
    """A linear trend of one series: ``value = intercept + slope * year``.

    ``status`` is ``"fitted"`` or ``"insufficient data"`` (then the numbers are NaN).
    ``n_points`` counts distinct years; ``years`` and ``values`` keep the data fitted.
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
        model = OLS(np.asarray(self.values, float), add_constant(np.asarray(self.years, float))).fit()
        frame = model.get_prediction(add_constant(years, has_constant="add")).summary_frame(
            alpha=self.alpha if alpha is None else alpha)
        out["predicted"] = frame["mean"].to_numpy()
        out["pi_low"] = frame["obs_ci_lower"].to_numpy()
        out["pi_high"] = frame["obs_ci_upper"].to_numpy()
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
    if min_points < 3:
        raise ParameterError("min_points", min_points, "a trend needs at least 3 years; two points always fit a line",
                             choices=[3, 4, 5])
    _check_alpha(alpha)
    x = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    keep = ~np.isnan(y) & ~np.isnan(x)
    x, y = x[keep], y[keep]
    n = int(len(np.unique(x)))
    first, last = (float(x.min()), float(x.max())) if len(x) else (_NAN, _NAN)
    if n < min_points:
        return TrendResult(INSUFFICIENT, n, first, last, *[_NAN] * 6, alpha=alpha,
                           years=tuple(x.tolist()), values=tuple(y.tolist()))
    X = add_constant(x)
    ols = OLS(y, X).fit()
    ci = ols.conf_int(alpha=alpha)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            rlm_slope = float(RLM(y, X, M=HuberT()).fit().params[1])
        except (ValueError, ZeroDivisionError, np.linalg.LinAlgError):
            rlm_slope = _NAN
    if math.isnan(rlm_slope) and np.allclose(ols.resid, 0):
        rlm_slope = float(ols.params[1])  # an exact line: every M-estimator agrees
    r2 = float(ols.rsquared) if not np.allclose(y, y.mean()) else _NAN
    return TrendResult(FITTED, n, first, last, float(ols.params[1]), float(ci[1, 0]), float(ci[1, 1]),
                       float(ols.params[0]), rlm_slope, r2, alpha=alpha,
                       years=tuple(x.tolist()), values=tuple(y.tolist()))


def _series(panel: pd.DataFrame):
    """Yield (key, group) for every actual series, annual averages of period totals left out."""
    _check_columns(panel, PANEL_COLUMNS, "panel")
    rows = panel[(panel["kind"] == "actual") & ~panel["derivation"].str.startswith("annual average")]
    rows = rows[rows["value"].notna()]
    return rows.groupby(SERIES_KEY, sort=True)


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
        Columns :data:`TREND_COLUMNS`, one row per series; ``status`` is
        ``"fitted"`` or ``"insufficient data"`` (numbers NaN).

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
    out = []
    for key, g in _series(panel):
        r = fit_trend(g["year"], g["value"], min_points=min_points, alpha=alpha)
        out.append(dict(zip(SERIES_KEY, key)) | {c: getattr(r, c) for c in TREND_COLUMNS[len(SERIES_KEY):]})
    df = pd.DataFrame(out, columns=TREND_COLUMNS)
    return df.astype({"n_points": int}) if len(df) else df


def project(panel: pd.DataFrame, *, to_year: int, alpha: float = 0.05, min_points: int = 3) -> pd.DataFrame:
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
    frames = []
    for key, g in _series(panel):
        r = fit_trend(g["year"], g["value"], min_points=min_points, alpha=alpha)
        last = int(g["year"].max())
        years = list(range(last + 1, int(to_year) + 1)) or [int(to_year)]
        if r.status != FITTED:
            years = [int(to_year)]
        pred = r.predict(years, alpha=alpha)
        pred["status"] = PROJECTED if r.status == FITTED else INSUFFICIENT
        for col, value in zip(SERIES_KEY, key):
            pred[col] = value
        frames.append(pred)
    if not frames:
        return pd.DataFrame(columns=PROJECTION_COLUMNS)
    return pd.concat(frames, ignore_index=True)[PROJECTION_COLUMNS]
