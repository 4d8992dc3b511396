"""Assess every target against the actuals: met, on track, off track, or no data to judge.

A target (``kind == "target"``) is compared with the actuals of the same
district, indicator, scope and level (baselines count as actuals: they are
observed values a plan starts from).  The rules, in order:

1. no actual at all → ``"no data to judge"``, basis ``"no actual reported"``;
2. the latest actual in or before the target year reaches the target →
   ``"met"``, basis ``"latest actual"``;
3. an actual *in* the target year misses it → ``"off track"``, basis
   ``"latest actual"``;
4. a linear trend can be fitted (at least three years of actuals) → the
   projection to the target year decides ``"on track"`` or ``"off track"``,
   basis ``"projection to 2025 (linear trend, n=4)"``;
5. otherwise ``"no data to judge"``, and the basis says why.

"Reaches" follows the target's bound: the note ``at least`` (or a catalog
``higher_is_better`` of true) means the actual must be at or above it,
``at most`` (or ``higher_is_better`` false) at or below.  ``gap`` is signed
so that positive is the good side: ``gap = actual − target`` when higher is
better, ``target − actual`` when lower is better.

Examples
--------
>>> import pandas as pd
>>> facts = pd.DataFrame({"fact_id": ["g:001", "g:002", "g:003"], "district_code": "297",
...     "indicator": "satisfaction_pct", "scope": "", "level": "district_and_commune",
...     "period_start": [2020, 2021, 2025], "period_end": [2020, 2021, 2025],
...     "value": [86.0, 85.0, 95.0], "kind": ["actual", "target", "target"],
...     "note": ["", "at least", "at least"]})
>>> catalog = pd.DataFrame({"unit": ["pct"], "higher_is_better": [True], "formula": [None]},
...     index=["satisfaction_pct"])
>>> r = assess_targets(facts, catalog=catalog)
>>> r[["target_year", "target_value", "gap", "status"]]
   target_year  target_value  gap            status
0         2021          85.0  1.0               met
1         2025          95.0 -9.0  no data to judge
>>> r.loc[1, "basis"]
'latest actual (too few years for a trend, n=1)'
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .errors import ParameterError
from .indicators import FACT_REQUIRED, PANEL_COLUMNS, SERIES_KEY, _catalog, derive_panel
from .trends import FITTED, fit_trends

__all__ = ["TARGET_COLUMNS", "STATUSES", "BASIS", "assess_targets", "read_bound"]

TARGET_COLUMNS = SERIES_KEY + [
    "target_year", "target_value", "bound", "latest_actual", "latest_actual_year", "gap", "status",
    "basis", "projected", "fact_ids",
]
STATUSES = ("met", "on track", "off track", "no data to judge")
#: How a status is justified (column ``basis``): one template per case, ``; ``-joined
#: with ``disagree`` when sources state different actuals.  Reports translate by key
#: (:data:`cchc_analysis._text.BASIS_VI` holds the same keys and fields).
BASIS = {
    "no_actual": "no actual reported",
    "no_actual_by_year": "no actual reported in or before {year} and too few years for a trend (n={n})",
    "latest": "latest actual",
    "latest_no_trend": "latest actual (too few years for a trend, n={n})",
    "projection": "projection to {year} (linear trend, n={n})",
    "direction_unknown": "direction unknown: the note states no bound and higher_is_better is not set",
    "disagree": "sources disagree ({values}): the less favourable is used",
}
_AT_LEAST = re.compile(r"(?:^|;\s*)at least\b", re.IGNORECASE)
_AT_MOST = re.compile(r"(?:^|;\s*)at most\b", re.IGNORECASE)


#: The bound a fact's ``qualifier`` gives a target.
_QUALIFIER_BOUND = {"at_least": "at least", "more_than": "at least", "at_most": "at most", "less_than": "at most"}


def read_bound(note: str) -> str:
    """Read a target's bound from its note: ``"at least"``, ``"at most"`` or ``""``.

    The bound must open the note or one of its ``;``-separated parts, so a note
    that merely mentions "the 'at least' row" is not read as a bound.

    Parameters
    ----------
    note : str or None
        A fact's ``note``.

    Returns
    -------
    str
        ``"at least"``, ``"at most"`` or ``""`` (no bound stated).

    Examples
    --------
    >>> read_bound("each year; at least; yearly increase")
    'at least'
    >>> read_bound("at most: rank within the top 5")
    'at most'
    >>> read_bound("upper bound of the range (the lower bound is the 'at least' row)")
    ''
    """
    note = "" if note is None or (isinstance(note, float) and np.isnan(note)) else str(note).strip()
    if _AT_LEAST.search(note):
        return "at least"
    if _AT_MOST.search(note):
        return "at most"
    return ""


def _split(facts_or_panel: pd.DataFrame, catalog) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (targets, panel): targets with key, target_year, target_value, bound, fact_ids."""
    df = facts_or_panel
    if set(PANEL_COLUMNS) <= set(df.columns):
        panel = df
        t = df[df["kind"] == "target"].rename(columns={"year": "target_year", "value": "target_value"})
        t = t.assign(bound="")
    elif set(FACT_REQUIRED) <= set(df.columns):
        years = pd.concat([df["period_start"], df["period_end"]]).astype(int)
        lo, hi = (int(years.min()), int(years.max())) if len(years) else (2016, 2025)
        panel = derive_panel(df, catalog=catalog, start_year=lo, end_year=hi)
        t = df[df["kind"] == "target"].rename(columns={"period_end": "target_year", "value": "target_value",
                                                       "fact_id": "fact_ids"})
        notes = t["note"] if "note" in t.columns else pd.Series("", index=t.index)
        bound = notes.map(read_bound)
        if "qualifier" in t.columns:  # the 2026 column (loaders.QUALIFIERS) wins over a note
            bound = t["qualifier"].map(_QUALIFIER_BOUND).fillna(bound)
        t = t.assign(bound=bound, scope=t["scope"].fillna(""))
    else:
        raise ParameterError("facts_or_panel", f"<DataFrame with columns {list(df.columns)}>",
                             "expected a facts table (load_facts) or a panel (derive_panel)",
                             choices=["facts: " + ", ".join(FACT_REQUIRED), "panel: " + ", ".join(PANEL_COLUMNS)])
    t = t[SERIES_KEY + ["target_year", "target_value", "bound", "fact_ids"]].astype({"target_year": int})
    return t.reset_index(drop=True), panel


def _direction(bound: str, hib) -> int | None:
    if bound == "at least":
        return 1
    if bound == "at most":
        return -1
    if hib is True or hib is np.True_:
        return 1
    if hib is False or hib is np.False_:
        return -1
    return None


def _trend_lookup(panel: pd.DataFrame, trends: pd.DataFrame | None, as_of: int, wanted: pd.DataFrame) -> dict:
    """Map the series key of each target (``wanted``) to its trend row, fitting only those series."""
    if trends is None:
        own = panel[panel["year"] <= as_of].merge(wanted, on=SERIES_KEY)
        trends = fit_trends(own)
    else:
        trends = trends.merge(wanted, on=SERIES_KEY)
    return {tuple(r[k] for k in SERIES_KEY): r for r in trends.to_dict("records")}


def _assess_one(t: dict, acts: pd.DataFrame, direction, trend) -> dict:
    out = {"latest_actual": np.nan, "latest_actual_year": pd.NA, "gap": np.nan, "projected": np.nan}
    if acts.empty:
        return out | {"status": "no data to judge", "basis": BASIS["no_actual"]}
    before = acts[acts["year"] <= t["target_year"]]
    note = ""
    if not before.empty:
        year = int(before["year"].max())
        values = before.loc[before["year"] == year, "value"].unique()
        latest = float(values.min() if direction == 1 else values.max()) if direction else float(values[0])
        if len(values) > 1:
            note = "; " + BASIS["disagree"].format(values=", ".join(f"{v:g}" for v in values))
        out |= {"latest_actual": latest, "latest_actual_year": year}
    if direction is None:
        return out | {"status": "no data to judge", "basis": BASIS["direction_unknown"]}
    if not before.empty:
        out["gap"] = direction * (out["latest_actual"] - t["target_value"])
        if out["gap"] >= 0:
            return out | {"status": "met", "basis": BASIS["latest"] + note}
        if out["latest_actual_year"] == t["target_year"]:
            return out | {"status": "off track", "basis": BASIS["latest"] + note}
    if trend is not None and trend["status"] == FITTED:
        projected = trend["intercept"] + trend["slope"] * t["target_year"]
        status = "on track" if direction * (projected - t["target_value"]) >= 0 else "off track"
        return out | {"projected": projected, "status": status,
                      "basis": BASIS["projection"].format(year=t["target_year"], n=int(trend["n_points"]))}
    n = int(acts.loc[acts["kind"] == "actual", "year"].nunique())
    why = (BASIS["latest_no_trend"].format(n=n) if not before.empty
           else BASIS["no_actual_by_year"].format(year=t["target_year"], n=n))
    return out | {"status": "no data to judge", "basis": why + note}


def assess_targets(facts_or_panel: pd.DataFrame, *, trends: pd.DataFrame | None = None, as_of: int = 2025,
                   catalog: pd.DataFrame | None = None) -> pd.DataFrame:
    """Assess every target: the latest actual, the gap and a status, saying on what basis.

    Parameters
    ----------
    facts_or_panel : DataFrame
        Facts (:func:`~cchc_analysis.loaders.load_facts`; targets over a plan
        period are judged at its last year, and the bound is read from the
        note) or a panel (:func:`~cchc_analysis.indicators.derive_panel`; no
        notes, so the bound comes from the catalog only).
    trends : DataFrame, optional
        From :func:`~cchc_analysis.trends.fit_trends`; default: fitted here on
        the actuals up to ``as_of``.  A projection is ``intercept + slope * year``.
    as_of : int
        Actuals after this year are ignored.
    catalog : DataFrame, optional
        Indexed by slug with ``higher_is_better``; default the project's catalog.

    Returns
    -------
    DataFrame
        One row per target, columns :data:`TARGET_COLUMNS`; ``status`` is one of
        :data:`STATUSES`; ``projected`` is the trend's value in the target year
        when a projection was used; ``fact_ids`` names the target's facts.

    Raises
    ------
    ParameterError
        If the table is neither facts nor a panel.

    Examples
    --------
    >>> import pandas as pd
    >>> panel = pd.DataFrame({"district_code": "477", "indicator": "online_dossiers_pct", "scope": "",
    ...     "level": "district", "year": [2019, 2020, 2021, 2025], "value": [20.0, 30.0, 40.0, 60.0],
    ...     "kind": ["actual", "actual", "actual", "target"], "derived": False, "derivation": "",
    ...     "period_start": 0, "period_end": 0, "fact_ids": ["q:1", "q:2", "q:3", "q:4"]})
    >>> catalog = pd.DataFrame({"higher_is_better": [True], "unit": ["pct"], "formula": [None]},
    ...     index=["online_dossiers_pct"])
    >>> r = assess_targets(panel, catalog=catalog)
    >>> r[["target_value", "latest_actual", "projected", "status"]]
       target_value  latest_actual  projected    status
    0          60.0           40.0       80.0  on track
    >>> r.loc[0, "basis"]
    'projection to 2025 (linear trend, n=3)'
    """
    catalog = _catalog(catalog)
    targets, panel = _split(facts_or_panel, catalog)
    hib = catalog["higher_is_better"].to_dict() if "higher_is_better" in catalog.columns else {}
    wanted = targets[SERIES_KEY].drop_duplicates()
    actuals = panel[panel["kind"].isin(["actual", "baseline"]) & (panel["year"] <= as_of) & panel["value"].notna()]
    actuals = actuals.merge(wanted, on=SERIES_KEY)  # only the series a target is about
    by_series = {k: g for k, g in actuals.groupby(SERIES_KEY)}
    trend_of = _trend_lookup(panel, trends, as_of, wanted)
    empty = actuals.iloc[0:0]
    rows = []
    for t in targets.to_dict("records"):
        key = tuple(t[k] for k in SERIES_KEY)
        direction = _direction(t["bound"], hib.get(t["indicator"]))
        rows.append(t | _assess_one(t, by_series.get(key, empty), direction, trend_of.get(key)))
    out = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    out["latest_actual_year"] = out["latest_actual_year"].astype("Int64")
    return out.sort_values(SERIES_KEY + ["target_year"], kind="stable").reset_index(drop=True)
