"""What every report of a run shares, computed once per process: panel, trends, projections, targets, flags.

Every district report compares its district with the same peers (by default
every district with data), so each one would derive the same panel and fit the
same trends again: a cost that grows with the number of districts, paid once
per report.  :func:`shared_analysis` computes it once and keeps it, keyed by a
digest of the facts and catalog given and the years, so a kept kernel
(:mod:`cchc_analysis.kernels`) hands it to every later report; different facts
or years give a different key, never another report's results.  Each call
returns copies, so a report that changes a table changes only its own.

What else every report reads is kept the same way: :func:`loaded_facts` reads
and validates the data folder's facts once per version of its files (instead of
twice per report: parameter check, then ``prepare``), and
:func:`peer_comparison` keeps each peer table (``compare_peers`` over every
district) for the next report that asks for the same figure.  With those, a
report's own work is proportional to its one district.

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

__all__ = ["shared_analysis", "shared_peer_tables", "loaded_facts", "peer_comparison", "cache_info", "clear_cache"]

_CACHE: OrderedDict = OrderedDict()
_MAX_ENTRIES = 4  # a run uses one; a notebook session may try a few year windows
_FACTS: dict = {}  # version of the data files -> (facts, key); one entry
_PEERS: OrderedDict = OrderedDict()  # (facts key, arguments) -> peer table or the error it raised
_MAX_PEERS = 4096
_PEER_TABLES: OrderedDict = OrderedDict()  # all peer tables of a facts table, apart: they never push an analysis out


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


def _files_version() -> tuple:
    """Return what the validated facts depend on: every file of the data folder and the seed texts (name, mtime, size)."""
    from pathlib import Path

    from . import settings

    version = []
    for folder in (settings.data_dir(), settings.seeds_dir()):
        folder = Path(folder)
        if not folder.is_dir():
            version.append((str(folder), None))
            continue
        for path in sorted(folder.iterdir()):
            if path.is_file():
                st = path.stat()
                version.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(version)


def loaded_facts() -> tuple[pd.DataFrame, str]:
    """Return ``load_facts()`` of the data folder, read and validated once per version of its files, and its key.

    The key is a digest of the files' names, times and sizes: the same facts give
    the same key, so :func:`shared_analysis` and :func:`peer_comparison` need not
    hash the frame again.  The frame returned is a copy.

    Examples
    --------
    >>> a, key = loaded_facts()
    >>> b, again = loaded_facts()
    >>> a.equals(b), a is b, key == again
    (True, False, True)
    """
    from .loaders import load_facts

    version = _files_version()
    if version not in _FACTS:
        _FACTS.clear()
        facts = load_facts()
        _FACTS[version] = (facts, hashlib.sha256(repr(version).encode()).hexdigest())
    facts, key = _FACTS[version]
    return facts.copy(), key


def subset_key(files_key: str, district_codes) -> str:
    """Return the key of the facts of ``district_codes`` taken from :func:`loaded_facts` (whose key is ``files_key``).

    District and comparative reports name the same facts the same way, so they share one analysis.

    Examples
    --------
    >>> subset_key("k", ["849", "297"]) == subset_key("k", ("297", "849"))
    True
    """
    import hashlib

    return hashlib.sha256(f"{files_key}:{','.join(sorted(district_codes))}".encode()).hexdigest()


def peer_comparison(facts: pd.DataFrame, facts_key: str | None, **kwargs) -> pd.DataFrame:
    """Return ``compare_peers(facts, **kwargs)``, kept per process for the next report asking the same.

    Parameters
    ----------
    facts : DataFrame
        The peers' facts.
    facts_key : str or None
        What identifies ``facts`` (e.g. from :func:`loaded_facts` and the peers);
        None: a digest of the frame.
    **kwargs
        Keyword arguments of :func:`cchc_analysis.peers.compare_peers`
        (``catalog`` is keyed by its digest).

    Raises
    ------
    Exception
        Whatever ``compare_peers`` raised for these arguments (raised again on
        every later call).

    Examples
    --------
    >>> from cchc_analysis.loaders import load_catalog, load_facts
    >>> facts = load_facts()
    >>> a = peer_comparison(facts, None, indicator="communes_count", period=(2021, 2021), kind="baseline",
    ...                     catalog=load_catalog())
    >>> a.equals(peer_comparison(facts, None, indicator="communes_count", period=(2021, 2021), kind="baseline",
    ...                          catalog=load_catalog()))
    True
    """
    from .peers import compare_peers

    catalog = kwargs.get("catalog")
    args = tuple(sorted((k, repr(v)) for k, v in kwargs.items() if k != "catalog"))
    key = (facts_key or _digest(facts), None if catalog is None else _digest(catalog.astype(str)), args)
    if key not in _PEERS:
        try:
            _PEERS[key] = (compare_peers(facts, **kwargs), None)
        except Exception as exc:  # noqa: BLE001 - kept and raised again, as compare_peers would
            _PEERS[key] = (None, exc)
        while len(_PEERS) > _MAX_PEERS:
            _PEERS.popitem(last=False)
    _PEERS.move_to_end(key)
    table, error = _PEERS[key]
    if error is not None:
        raise error
    return table.copy()


def shared_analysis(facts: pd.DataFrame, catalog: pd.DataFrame, start_year: int, end_year: int, *,
                    facts_key: str | None = None) -> dict:
    """Return panel, trends, projections, targets and flags of ``facts``, computed once per process.

    Parameters
    ----------
    facts, catalog : DataFrame
        The peers' facts and the indicator catalog.
    start_year, end_year : int
    facts_key : str, optional
        What identifies ``facts`` (see :func:`loaded_facts`); default a digest of the frame.

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
    key = (facts_key or _digest(facts), _digest(catalog.astype(str)), int(start_year), int(end_year))
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
    if key not in _PEER_TABLES:
        _PEER_TABLES[key] = peer_tables(facts, catalog=catalog, min_peers=1)
        while len(_PEER_TABLES) > _MAX_ENTRIES:
            _PEER_TABLES.popitem(last=False)
    _PEER_TABLES.move_to_end(key)
    return _PEER_TABLES[key].copy()


def cache_info() -> dict:
    """Return how many analyses are kept.

    Examples
    --------
    >>> clear_cache(); cache_info()
    {'entries': 0}
    """
    return {"entries": len(_CACHE)}


def clear_cache() -> None:
    """Forget every kept analysis, the kept facts and the kept peer tables.

    Examples
    --------
    >>> clear_cache()
    """
    _CACHE.clear()
    _FACTS.clear()
    _PEERS.clear()
    _PEER_TABLES.clear()
