"""What every report of a run shares, computed once per process: panel, trends, projections, targets, flags.

Every district report compares its district with the same peers (by default
every district with data), so each one would derive the same panel and fit the
same trends again: a cost that grows with the number of districts, paid once
per report.  :func:`shared_analysis` computes it once and keeps it, keyed by a
digest of the facts and catalog given and the years, so a kept kernel
(:mod:`cchc_analysis.kernels`) hands it to every later report; different facts
or years give a different key, never another report's results.  Each call
returns copies, so a report that changes a table changes only its own.

Examples
--------
>>> from cchc_analysis.loaders import load_catalog, load_facts
>>> facts, catalog = load_facts(), load_catalog()
>>> a = shared_analysis(facts, catalog, 2016, 2025)
>>> b = shared_analysis(facts, catalog, 2016, 2025)
>>> sorted(a), a["trends"].equals(b["trends"]), a["trends"] is b["trends"], cache_info()["entries"] >= 1
(['flags', 'panel', 'projections', 'targets', 'trends'], True, False, True)
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict

import pandas as pd

__all__ = ["shared_analysis", "shared_peer_tables", "cache_info", "clear_cache"]

_CACHE: OrderedDict = OrderedDict()
_MAX_ENTRIES = 4  # a run uses one; a notebook session may try a few year windows
_PEERS: OrderedDict = OrderedDict()  # peer tables, apart: they never push an analysis out


def _digest(df: pd.DataFrame) -> str:
    h = hashlib.sha256(pd.util.hash_pandas_object(df, index=False).values.tobytes())
    h.update(",".join(map(str, df.columns)).encode())
    return h.hexdigest()


def _compute(facts: pd.DataFrame, catalog: pd.DataFrame, start_year: int, end_year: int) -> dict:
    from .consistency import check_consistency
    from .indicators import derive_panel
    from .targets import assess_targets
    from .trends import fit_trends, project

    from ._wording import supported

    panel = derive_panel(facts, catalog=catalog, start_year=start_year, end_year=end_year)
    trends = fit_trends(panel)
    trends = trends.assign(supported=[supported(r) for r in trends.to_dict("records")])
    # a projection (and its band) only where the fit supports a direction
    fitted = trends.loc[trends["supported"], ["district_code", "indicator", "scope", "level"]]
    return {
        "panel": panel, "trends": trends,
        "projections": project(panel.merge(fitted), to_year=end_year, trends=trends),  # supported fits, not refitted
        "targets": assess_targets(facts, trends=trends, as_of=end_year, catalog=catalog),
        "flags": check_consistency(facts, catalog=catalog),
    }


def shared_analysis(facts: pd.DataFrame, catalog: pd.DataFrame, start_year: int, end_year: int) -> dict:
    """Return panel, trends, projections, targets and flags of ``facts``, computed once per process.

    Parameters
    ----------
    facts, catalog : DataFrame
        The peers' facts and the indicator catalog.
    start_year, end_year : int

    Returns
    -------
    dict
        Fresh copies of the kept tables (keys ``panel``, ``trends``,
        ``projections``, ``targets``, ``flags``).

    Examples
    --------
    >>> from cchc_analysis.loaders import load_catalog, load_facts
    >>> facts = load_facts()
    >>> shared_analysis(facts, load_catalog(), 2016, 2025)["trends"]["district_code"].nunique() >= 1
    True
    """
    key = (_digest(facts), _digest(catalog.astype(str)), int(start_year), int(end_year))
    if key not in _CACHE:
        _CACHE[key] = _compute(facts, catalog, int(start_year), int(end_year))
        while len(_CACHE) > _MAX_ENTRIES:
            _CACHE.popitem(last=False)
    _CACHE.move_to_end(key)
    return {k: (v.copy() if hasattr(v, "copy") else v) for k, v in _CACHE[key].items()}


def shared_peer_tables(facts: pd.DataFrame, catalog: pd.DataFrame) -> pd.DataFrame:
    """Return :func:`~cchc_analysis.peers.peer_tables` of ``facts`` (every key, ``min_peers=1``), computed once per process.

    Kept like :func:`shared_analysis`, keyed by a digest of the facts and catalog, in a
    memo of its own; each call returns a copy.

    Examples
    --------
    >>> from cchc_analysis.loaders import load_catalog, load_facts
    >>> facts, catalog = load_facts(), load_catalog()
    >>> a, b = shared_peer_tables(facts, catalog), shared_peer_tables(facts, catalog)
    >>> a.equals(b), a is b
    (True, False)
    """
    from .peers import peer_tables

    key = (_digest(facts), _digest(catalog.astype(str)))
    if key not in _PEERS:
        _PEERS[key] = peer_tables(facts, catalog=catalog, min_peers=1)
        while len(_PEERS) > _MAX_ENTRIES:
            _PEERS.popitem(last=False)
    _PEERS.move_to_end(key)
    return _PEERS[key].copy()


def cache_info() -> dict:
    """Return how many analyses are kept.

    Examples
    --------
    >>> clear_cache(); cache_info()
    {'entries': 0}
    """
    return {"entries": len(_CACHE)}


def clear_cache() -> None:
    """Forget every kept analysis (and peer table).

    Examples
    --------
    >>> clear_cache()
    """
    _CACHE.clear()
    _PEERS.clear()
