"""Least squares and Huber M-estimates for many short series at once (the engine of :mod:`.trends`).

Every series is a row of a padded 2-D array (years × values, NaN where a
series is shorter than the longest), so one pass of NumPy fits all of them:

- **OLS** in closed form on centred years: slope ``Sxy / Sxx``, intercept,
  residual variance ``s² = SSR / (n − 2)``, the slope's t-interval and r²,
  as statsmodels ``OLS`` gives them.
- **RLM** (Huber's T, ``t = 1.345``, MAD scale about 0, convergence on the
  deviance with ``tol = 1e-8``, at most 50 iterations: statsmodels' defaults)
  by the same iteratively reweighted least squares statsmodels runs, step for
  step, on all series still iterating.  A series whose standardised OLS
  residuals are all within ``t`` gets weights 1: its robust fit *is* the OLS
  fit and it stops after one step, so robust work is spent only where it can
  change the answer.  On an exact line (every OLS residual within 1e-8, the
  test the trends have always used) every weighting returns the line, so the
  robust slope is the OLS slope.  Where the MAD scale is zero (more than half
  the residuals on the line) the iteration stops with the current line, as
  statsmodels' does; a weighted fit without residual (NaN deviance) counts as
  converged, as there.  A series whose iteration ever produced a non-finite
  slope or scale would be handed to statsmodels' ``RLM`` itself
  (``needs_reference``); none of the real or synthetic series is.

Nothing here is public; :func:`cchc_analysis.trends.fit_trends` and
:func:`~cchc_analysis.trends.fit_trend` use it.
"""
from __future__ import annotations

import warnings

import numpy as np
from scipy import stats

HUBER_T = 1.345
MAD_C = float(stats.norm.ppf(0.75))  # statsmodels' Gaussian consistency constant of the MAD
RLM_TOL = 1e-8
RLM_MAXITER = 50


def pad(codes: np.ndarray, n_series: int, *columns: np.ndarray) -> list[np.ndarray]:
    """Return each column as an (n_series, longest) array, NaN-padded; ``codes`` sorted ascending."""
    counts = np.bincount(codes, minlength=n_series)
    width = int(counts.max()) if len(counts) else 0
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    pos = np.arange(len(codes)) - starts[codes]
    out = []
    for col in columns:
        a = np.full((n_series, max(width, 1)), np.nan)
        a[codes, pos] = col
        out.append(a)
    return out


def _huber_rho(z: np.ndarray) -> np.ndarray:
    a = np.abs(z)
    return np.where(a <= HUBER_T, 0.5 * z * z, a * HUBER_T - 0.5 * HUBER_T ** 2)


def _huber_weights(z: np.ndarray) -> np.ndarray:
    a = np.abs(z)
    inside = a <= HUBER_T
    a = np.where(inside, 1.0, a)
    return np.where(inside, 1.0, HUBER_T / a)


def _wls(x, y, w, df):
    """Weighted least squares of each row: (slope, resid, weighted residual variance).

    Rows have no padding (see :func:`huber_slopes`).
    """
    sw = w.sum(axis=1)
    xw = (w * x).sum(axis=1) / sw
    yw = (w * y).sum(axis=1) / sw
    dx = x - xw[:, None]
    wdx = w * dx
    slope = (wdx * (y - yw[:, None])).sum(axis=1) / (wdx * dx).sum(axis=1)
    resid = y - (yw[:, None] + slope[:, None] * dx)
    s = (w * resid * resid).sum(axis=1) / df
    return slope, resid, s


def ols(x: np.ndarray, y: np.ndarray, alpha: float) -> dict:
    """OLS of every row of padded ``x``, ``y``; returns arrays keyed like the trend columns."""
    valid = ~np.isnan(y)
    n = valid.sum(axis=1).astype(float)
    df = n - 2
    xbar = np.nansum(x, axis=1) / n
    ybar = np.nansum(y, axis=1) / n
    dx = x - xbar[:, None]
    dy = y - ybar[:, None]
    sxx = np.nansum(dx * dx, axis=1)
    slope = np.nansum(dx * dy, axis=1) / sxx
    intercept = ybar - slope * xbar
    resid = dy - slope[:, None] * dx
    ssr = np.nansum(resid * resid, axis=1)
    tss = np.nansum(dy * dy, axis=1)
    s2 = ssr / df
    half = stats.t.ppf(1 - alpha / 2, df) * np.sqrt(s2 / sxx)
    mean = np.nanmean(y, axis=1)
    flat = np.all((np.abs(y - mean[:, None]) <= 1e-8 + 1e-5 * np.abs(mean)[:, None]) | ~valid, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        r2 = np.where(flat, np.nan, 1 - ssr / tss)
    exact = np.all((np.abs(resid) <= 1e-8) | ~valid, axis=1)  # np.allclose(resid, 0)
    return {"slope": slope, "slope_ci_low": slope - half, "slope_ci_high": slope + half, "intercept": intercept,
            "r_squared": r2, "n_obs": n, "year_mean": xbar, "year_ss": sxx, "resid_var": s2,
            "_resid": resid, "_exact": exact}


def _mad(resid: np.ndarray) -> np.ndarray:
    """``median(|resid|) / MAD_C`` of each row (rows without padding), as ``statsmodels.robust.scale.mad(center=0)``."""
    return np.median(np.abs(resid), axis=1) / MAD_C


def huber_slopes(x: np.ndarray, y: np.ndarray, fit: dict) -> tuple[np.ndarray, np.ndarray]:
    """Return (RLM slopes, needs_reference): statsmodels' Huber-T IRLS run on all rows at once.

    Rows are taken by their number of observations, so each batch is as wide as its
    series (no work on padding).  ``needs_reference`` marks rows whose iteration met a
    non-finite slope or scale; their slope is NaN here and must come from statsmodels itself.
    """
    counts = (~np.isnan(y)).sum(axis=1)
    slope, needs = fit["slope"].copy(), np.zeros(len(x), dtype=bool)
    for width in np.unique(counts):
        rows = np.flatnonzero(counts == width)
        part = {k: fit[k][rows] for k in ("slope", "_exact", "n_obs", "resid_var")}
        part["_resid"] = fit["_resid"][rows, :width]
        slope[rows], needs[rows] = _irls(x[rows, :width], y[rows, :width], part)
    return slope, needs


def _irls(x: np.ndarray, y: np.ndarray, fit: dict) -> tuple[np.ndarray, np.ndarray]:
    """The IRLS of :func:`huber_slopes` on rows without padding."""
    slope = fit["slope"].copy()
    exact = fit["_exact"]  # an exact line: every weighting returns the line, statsmodels' RLM included
    needs = np.zeros(len(x), dtype=bool)
    resid, df = fit["_resid"].copy(), fit["n_obs"] - 2
    with np.errstate(divide="ignore", invalid="ignore"):
        dev = _huber_rho(resid / fit["resid_var"][:, None]).sum(axis=1)
        scale = _mad(resid)
    active = ~exact
    iteration = 1
    while active.any():
        idx = np.flatnonzero(active)
        idx = idx[scale[idx] != 0]  # statsmodels stops here ("a perfect fit of the weighted data")
        if not len(idx):
            break
        xi, yi = x[idx], y[idx]
        w = _huber_weights(resid[idx] / scale[idx, None])
        with np.errstate(divide="ignore", invalid="ignore"):
            b, r, s = _wls(xi, yi, w, df[idx])
            new_dev = _huber_rho(r / s[:, None]).sum(axis=1)
        slope[idx], resid[idx] = b, r
        scale[idx] = _mad(r)
        broken = ~(np.isfinite(b) & np.isfinite(scale[idx]))  # never seen: statsmodels decides
        needs[idx[broken]] = True
        iteration += 1
        done = ~(np.abs(new_dev - dev[idx]) > RLM_TOL) | (iteration >= RLM_MAXITER)
        dev[idx] = new_dev
        active[:] = False
        active[idx[~done & ~broken]] = True
    slope[needs] = np.nan
    return slope, needs


def reference_rlm_slope(years, values, ols_slope: float, exact: bool) -> float:
    """statsmodels' RLM (Huber T) slope of one series, as the trend has always computed it."""
    from statsmodels.robust.norms import HuberT
    from statsmodels.robust.robust_linear_model import RLM
    from statsmodels.tools.tools import add_constant

    x, y = np.asarray(years, float), np.asarray(values, float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            slope = float(RLM(y, add_constant(x), M=HuberT()).fit().params[1])
        except (ValueError, ZeroDivisionError, np.linalg.LinAlgError):
            slope = np.nan
    if np.isnan(slope) and exact:
        slope = float(ols_slope)  # an exact line: every M-estimator agrees
    return slope


def prediction(year: np.ndarray, fit: dict, alpha: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (predicted, pi_low, pi_high) of each row at ``year`` from the stored OLS statistics."""
    slope, xbar = fit["slope"], fit["year_mean"]
    n, sxx, s2 = fit["n_obs"], fit["year_ss"], fit["resid_var"]
    predicted = fit["intercept"] + slope * year
    half = stats.t.ppf(1 - alpha / 2, n - 2) * np.sqrt(s2 * (1 + 1 / n + (year - xbar) ** 2 / sxx))
    return predicted, predicted - half, predicted + half
