"""Compare one figure across districts: rank, percentile and the peer median.

Peers compare only figures with identical indicator, scope, level, period
(``period_start``, ``period_end``) and kind.  Anything else is refused with
:class:`~cchc_analysis.errors.IncomparableError` naming the difference and
the districts on each side, e.g. ``level differs: district (297) vs
district_and_commune (849)``: a district's own dossiers are not its
district's and communes' dossiers, and a five-year total is not a year.

Examples
--------
>>> import pandas as pd
>>> facts = pd.DataFrame({"fact_id": ["a:001", "b:001", "c:001"], "district_code": ["297", "396", "849"],
...     "indicator": "staff_reduced", "scope": "", "level": "district_and_commune",
...     "period_start": 2020, "period_end": 2020, "value": [30.0, 48.0, 12.0], "kind": "actual"})
>>> catalog = pd.DataFrame({"higher_is_better": [None], "unit": ["persons"]}, index=["staff_reduced"])
>>> compare_peers(facts, indicator="staff_reduced", catalog=catalog)[["district_code", "value", "rank", "percentile"]]
  district_code  value  rank  percentile
0           396   48.0     1       100.0
1           297   30.0     2        50.0
2           849   12.0     3         0.0
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import IncomparableError, ParameterError
from .indicators import FACT_REQUIRED, PANEL_COLUMNS, _catalog

__all__ = ["PEER_COLUMNS", "PEER_KEY", "compare_peers", "peer_tables"]

PEER_COLUMNS = [
    "district_code", "indicator", "scope", "level", "period_start", "period_end", "kind", "value",
    "rank", "percentile", "peer_median", "n_peers", "ranked_by", "fact_ids",
]
_ROW = ["district_code", "indicator", "scope", "level", "period_start", "period_end", "kind", "value", "fact_ids"]
#: What two figures must share to be compared (a sub-year window, when the facts have one, too).
PEER_KEY = ["indicator", "scope", "level", "period_start", "period_end", "kind"]
_WINDOW = ["date_start", "date_end"]


def _period_label(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


def _refuse_mixture(rows: pd.DataFrame, what: str, columns: list[str]) -> None:
    """Raise IncomparableError when rows differ in ``columns``, listing each side's districts."""
    groups = rows.groupby(columns, sort=True)["district_code"].apply(lambda s: ", ".join(sorted(set(s))))
    if len(groups) <= 1:
        return
    sides, choices = [], []
    for k, d in groups.items():
        if what == "period":
            sides.append(f"{_period_label(*k)} ({d})")
            choices.append(f"year={k[0]}" if k[0] == k[1] else f"period=({k[0]}, {k[1]})")
        else:
            value = k if isinstance(k, str) else k[0]
            sides.append(f"{value or repr(value)} ({d})")
            choices.append(f"{what}={value!r}")
    raise IncomparableError(f"{what} differs: {' vs '.join(sides)}; choose one with {' or '.join(choices)}")


def _window(df: pd.DataFrame) -> pd.DataFrame:
    """The date window columns of facts, empty strings where absent."""
    return pd.DataFrame({c: df[c].fillna("").astype(str) if c in df.columns else "" for c in _WINDOW}, index=df.index)


def _rows(df: pd.DataFrame, year, period, indicator=None, kind=None) -> pd.DataFrame:
    if set(PANEL_COLUMNS) <= set(df.columns):
        rows = df if year is None else df[df["year"] == year]
    elif set(FACT_REQUIRED) <= set(df.columns):
        rows = df.rename(columns={"fact_id": "fact_ids"})
        if year is not None:
            whole = (_window(rows) == "").all(axis=1)  # a year's figure, not a quarter of it
            rows = rows[(rows["period_start"] == year) & (rows["period_end"] == year) & whole]
    else:
        raise ParameterError("facts_or_panel", f"<DataFrame with columns {list(df.columns)}>",
                             "expected a facts table (load_facts) or a panel (derive_panel)",
                             choices=["facts: " + ", ".join(FACT_REQUIRED), "panel: " + ", ".join(PANEL_COLUMNS)])
    if period is not None:
        start, end = period
        rows = rows[(rows["period_start"] == start) & (rows["period_end"] == end)]
    if indicator is not None:
        rows = rows[(rows["indicator"] == indicator) & (rows["kind"] == kind)]
    return pd.concat([rows.assign(scope=rows["scope"].fillna(""))[_ROW], _window(rows)], axis=1)


def _direction(catalog: pd.DataFrame, indicator: str) -> tuple[bool, str]:
    """Return (lower is better, the ``ranked_by`` sentence) of an indicator."""
    hib = catalog["higher_is_better"].get(indicator) if "higher_is_better" in catalog.columns else None
    lower_better = hib is False or hib is np.False_
    if hib is None or (isinstance(hib, float) and np.isnan(hib)):
        return lower_better, "value, descending (the catalog does not say whether higher is better: rank 1 is the largest)"
    return lower_better, ("value, ascending (lower is better)" if lower_better else "value, descending (higher is better)")


def compare_peers(facts_or_panel: pd.DataFrame, *, indicator: str, year: int | None = None,
                  period: tuple[int, int] | None = None, scope: str | None = "", level: str | None = None,
                  kind: str = "actual", districts: list[str] | None = None,
                  catalog: pd.DataFrame | None = None) -> pd.DataFrame:
    """Compare an indicator across districts: rank, percentile, peer median.

    Parameters
    ----------
    facts_or_panel : DataFrame
        Facts (:func:`~cchc_analysis.loaders.load_facts`) or a panel
        (:func:`~cchc_analysis.indicators.derive_panel`).
    indicator : str
        The slug to compare.
    year : int, optional
        A single year: facts of that year only (facts), or panel rows of that year.
    period : (int, int), optional
        ``(period_start, period_end)``, e.g. ``(2017, 2021)`` for five-year totals.
    scope : str or None
        ``""`` (default) = the whole; None = whatever scope, if all peers share it.
    level : str, optional
        ``district``, ``commune`` or ``district_and_commune``; default: the one
        level all peers share.
    kind : str
        ``actual`` (default), ``target`` or ``baseline``.
    districts : list of str, optional
        District codes to compare; default all that report the figure.
    catalog : DataFrame, optional
        Indexed by slug with ``higher_is_better``; default the project's catalog.

    Returns
    -------
    DataFrame
        Columns :data:`PEER_COLUMNS`, sorted by rank.  ``rank`` 1 is the best
        (the largest value when higher is better, the smallest when lower is
        better; ties share the better rank).  Where the catalog does not say
        which is better, rank 1 is the largest value and ``ranked_by`` says so.
        ``percentile = 100 * (n_peers - rank) / (n_peers - 1)``: 100 for the
        best, 0 for the worst, NaN alone.  ``peer_median`` is the median of all
        peers' values, the district's own included.

    Raises
    ------
    IncomparableError
        When the selected figures differ in level, scope or period, or a
        district states the figure twice with different values.
    ParameterError
        When nothing matches (the message lists what exists), or both ``year``
        and ``period`` are given.

    Examples
    --------
    >>> import pandas as pd
    >>> facts = pd.DataFrame({"fact_id": ["a:001", "c:001"], "district_code": ["297", "849"],
    ...     "indicator": "dossiers_received", "scope": "", "level": ["district", "district_and_commune"],
    ...     "period_start": [2016, 2017], "period_end": [2020, 2021], "value": [27427.0, 232636.0],
    ...     "kind": "actual"})
    >>> catalog = pd.DataFrame({"higher_is_better": [None], "unit": ["dossiers"]}, index=["dossiers_received"])
    >>> compare_peers(facts, indicator="dossiers_received", catalog=catalog)
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.IncomparableError: refusing to compare: level differs: district (297) vs district_and_commune (849); ...
    """
    if year is not None and period is not None:
        raise ParameterError("year", year, f"give either year or period, not both (period={period!r})")
    catalog = _catalog(catalog)
    rows = _rows(facts_or_panel, year, period, indicator, kind)
    if scope is not None:
        rows = rows[rows["scope"] == scope]
    if level is not None:
        rows = rows[rows["level"] == level]
    if districts is not None:
        rows = rows[rows["district_code"].isin([str(d) for d in districts])]
    if rows.empty:
        available = _rows(facts_or_panel, year, period)
        have = available[available["indicator"] == indicator]
        choices = sorted({f"kind={r.kind!r} scope={r.scope!r} level={r.level!r} period={_period_label(r.period_start, r.period_end)} "
                          f"({r.district_code})" for r in have.itertuples()})
        if not choices:
            raise ParameterError("indicator", indicator, "no district reports it (with these year/period filters)",
                                 choices=sorted(available["indicator"].unique()))
        raise ParameterError("indicator", indicator, f"no figure with kind={kind!r}, scope={scope!r}, level={level!r}, "
                             f"year={year!r}, period={period!r}", choices=choices)
    _refuse_mixture(rows, "scope", ["scope"])
    _refuse_mixture(rows, "level", ["level"])
    _refuse_mixture(rows, "period", ["period_start", "period_end"])
    _refuse_mixture(rows.assign(window=rows["date_start"] + "–" + rows["date_end"]), "date window", ["window"])
    peers = []
    for district, g in rows.groupby("district_code", sort=True):
        values = g["value"].unique()
        if len(values) > 1:
            shown = ", ".join(f"{v:g} ({';'.join(g.loc[g['value'] == v, 'fact_ids'])})" for v in values)
            raise IncomparableError(f"district {district} states {indicator} twice with different values: {shown}; "
                                    "the figure to compare is ambiguous (see check_consistency); drop one with districts= "
                                    "or pass a table holding one of them")
        peers.append(g.iloc[0].to_dict() | {"fact_ids": ";".join(g["fact_ids"])})
    out = pd.DataFrame(peers, columns=_ROW)
    lower_better, ranked_by = _direction(catalog, indicator)
    n = len(out)
    out["rank"] = out["value"].rank(method="min", ascending=lower_better).astype(int)
    out["percentile"] = 100.0 * (n - out["rank"]) / (n - 1) if n > 1 else np.nan
    out["peer_median"] = float(out["value"].median())
    out["n_peers"] = n
    out["ranked_by"] = ranked_by
    return out.sort_values(["rank", "district_code"], kind="stable").reset_index(drop=True)[PEER_COLUMNS]


def peer_tables(facts_or_panel: pd.DataFrame, *, catalog: pd.DataFrame | None = None,
                min_peers: int = 1) -> pd.DataFrame:
    """Rank every comparable figure across districts at once: what :func:`compare_peers` gives, for all keys.

    A key is :data:`PEER_KEY` (indicator, scope, level, period, kind; and the
    date window when the facts have one), so every table is comparable by
    construction.  Run it once for many reports and select a district's rows,
    instead of calling :func:`compare_peers` per figure and report.

    Parameters
    ----------
    facts_or_panel : DataFrame
        Facts (:func:`~cchc_analysis.loaders.load_facts`) or a panel
        (:func:`~cchc_analysis.indicators.derive_panel`).
    catalog : DataFrame, optional
        Indexed by slug with ``higher_is_better``; default the project's catalog.
    min_peers : int
        Keep only keys stated by at least this many districts.

    Returns
    -------
    DataFrame
        Columns :data:`PEER_COLUMNS`, sorted by key then rank; for each key the
        same numbers as ``compare_peers(…, indicator=, period=, scope=, level=,
        kind=)``.  A key that some district states with two different values
        is left out (there :func:`compare_peers` refuses: the figure to compare
        is ambiguous).

    Examples
    --------
    >>> import pandas as pd
    >>> facts = pd.DataFrame({"fact_id": ["a:001", "b:001", "c:001", "c:002"],
    ...     "district_code": ["297", "396", "849", "849"], "indicator": "staff_reduced", "scope": "",
    ...     "level": "district_and_commune", "period_start": [2020, 2020, 2020, 2021],
    ...     "period_end": [2020, 2020, 2020, 2021], "value": [30.0, 48.0, 12.0, 5.0], "kind": "actual"})
    >>> catalog = pd.DataFrame({"higher_is_better": [None], "unit": ["persons"]}, index=["staff_reduced"])
    >>> t = peer_tables(facts, catalog=catalog, min_peers=2)
    >>> t[["district_code", "period_start", "rank", "peer_median", "n_peers"]]
      district_code  period_start  rank  peer_median  n_peers
    0           396          2020     1         30.0        3
    1           297          2020     2         30.0        3
    2           849          2020     3         30.0        3
    """
    catalog = _catalog(catalog)
    rows = _rows(facts_or_panel, None, None)
    rows = rows[rows["value"].notna()]
    key = PEER_KEY + _WINDOW
    by_district = rows.groupby(key + ["district_code"], sort=False)
    peers = by_district.agg(value=("value", "first"), n_values=("value", "nunique"),
                            fact_ids=("fact_ids", ";".join)).reset_index()
    ambiguous = peers.groupby(key, sort=False)["n_values"].transform("max") > 1
    peers = peers[~ambiguous]
    n = peers.groupby(key, sort=False)["district_code"].transform("size")
    peers = peers[n >= min_peers].assign(n_peers=n[n >= min_peers])
    if peers.empty:
        return pd.DataFrame(columns=PEER_COLUMNS)
    direction = {s: _direction(catalog, s) for s in peers["indicator"].unique()}
    lower = peers["indicator"].map(lambda s: direction[s][0]).astype(bool)
    signed = peers["value"].where(lower, -peers["value"])
    peers["rank"] = signed.groupby([peers[c] for c in key], sort=False).rank(method="min").astype(int)
    many = peers["n_peers"] > 1
    peers["percentile"] = np.where(many, 100.0 * (peers["n_peers"] - peers["rank"]) / (peers["n_peers"] - 1).where(many, 1),
                                   np.nan)
    peers["peer_median"] = peers.groupby(key, sort=False)["value"].transform("median").astype(float)
    peers["ranked_by"] = peers["indicator"].map(lambda s: direction[s][1])
    out = peers.sort_values(key + ["rank", "district_code"], kind="stable").reset_index(drop=True)
    return out[PEER_COLUMNS]
