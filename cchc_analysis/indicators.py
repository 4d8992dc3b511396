"""Turn curated facts into the district × year panel, with derived indicators.

The panel is a long table, one row per district × indicator × scope × level ×
year × kind, with the columns in :data:`PANEL_COLUMNS`.  Stated figures keep
``derived=False`` and an empty ``derivation``; everything computed here says
how (``"100 * dossiers_on_time / dossiers_resolved"``, ``"annual average of
the 2017–2021 total"``) and which facts it rests on (``fact_ids``).  Gaps stay
gaps: no year is interpolated or filled.

Formulas (the catalog's ``formula`` field, the relations of
:mod:`cchc_analysis.consistency`) are parsed, never ``eval``-ed: only slugs,
numbers, ``+ - * /`` and parentheses are allowed, and a slug may be pinned to
a scope and level with ``slug[scope]`` or ``slug[scope, level]`` (``_`` is
the whole, empty scope).

Examples
--------
>>> parse_formula("100 * dossiers_on_time / dossiers_resolved").evaluate(
...     {"dossiers_on_time": 2595, "dossiers_resolved": 2629})
98.70673259794599
"""
from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .errors import ParameterError
from .formulas import LEVELS, Formula, Term, parse_formula  # noqa: F401 - re-exported from their home, formulas.py

__all__ = ["PANEL_COLUMNS", "DEFAULT_YEARS", "Term", "Formula", "parse_formula", "derive_panel", "sub_year_facts",
           "derive_per_capita", "derive_quota_change"]

PANEL_COLUMNS = [
    "district_code", "indicator", "scope", "level", "year", "kind", "value", "derived",
    "derivation", "period_start", "period_end", "fact_ids",
]
#: Columns a facts table must have to become a panel.
FACT_REQUIRED = [
    "fact_id", "district_code", "indicator", "scope", "level", "period_start", "period_end",
    "value", "kind",
]
#: The key of one figure: its row in the panel is this plus ``year``.
SERIES_KEY = ["district_code", "indicator", "scope", "level"]
#: Units whose period totals may be spread over the years as an annual average.
ADDITIVE_UNITS = frozenset({"count", "persons", "dossiers", "documents", "vnd", "vnd_bn"})
#: Units that are never totals (a share, a score, a rank, a length or an area).
NON_ADDITIVE_UNITS = frozenset({"pct", "score", "rank", "days", "ha"})
#: Additive-unit indicators that are stocks (a level at a date), never period totals.
STOCK_INDICATORS = frozenset({
    "communes_count", "villages_count", "population", "staff_quota", "civil_servants_count",
    "public_employees_count", "commune_officials_count", "specialized_agencies_count",
    "government_staff_count", "contract_workers_count", "people_committee_members_count",
    "tthc_published_count", "tthc_fields_count", "online_services_level3_count",
    "online_services_level4_count",
})


def _check_columns(df: pd.DataFrame, required: list[str], name: str) -> None:
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise ParameterError(name, f"<DataFrame with columns {list(df.columns)}>",
                             f"missing column(s) {', '.join(missing)}", choices=required)


def _catalog(catalog):
    if catalog is None:
        from .loaders import load_catalog

        catalog = load_catalog()
    return catalog


def _finish(rows) -> pd.DataFrame:
    """Return panel rows (a frame or a list of dicts) with panel dtypes, sorted.

    ``qualifier`` is kept (empty where a row has none) whenever the rows carry it.
    """
    df = pd.DataFrame(rows, columns=PANEL_COLUMNS) if not isinstance(rows, pd.DataFrame) else rows
    cols = PANEL_COLUMNS + (["qualifier"] if "qualifier" in df.columns else [])
    df = df[cols]
    if "qualifier" in cols:
        df = df.assign(qualifier=df["qualifier"].fillna("").astype(str))
    df = df.astype({"district_code": str, "indicator": str, "scope": str, "level": str, "kind": str,
                    "derivation": str, "fact_ids": str, "year": int, "period_start": int, "period_end": int,
                    "value": float, "derived": bool})
    order = ["district_code", "indicator", "scope", "level", "kind", "year", "derived", "value"]
    return df.sort_values(order, kind="stable").reset_index(drop=True)


def _blank(facts: pd.DataFrame, column: str) -> pd.Series:
    """Return a text column with missing values (or a missing column) as empty strings."""
    if column not in facts.columns:
        return pd.Series("", index=facts.index, dtype=object)
    values = facts[column].fillna("").astype(str).to_numpy(dtype=object)
    out = values.copy()
    filled = np.flatnonzero(values != "")  # most are empty: strip only the others (``.str.strip`` is 10x slower)
    out[filled] = [v.strip() for v in values[filled]]
    return pd.Series(out, index=facts.index, dtype=object)


def sub_year_facts(facts: pd.DataFrame) -> pd.DataFrame:
    """Return the facts about a window shorter than whole calendar years (a quarter, a month, "as of" a day).

    A fact with a non-empty ``date_start`` or ``date_end`` covers such a window
    (``data/facts.csv``; the columns may be absent, which means none).  The
    annual panel (:func:`derive_panel`) and the trends leave these out, so a
    quarter's count is never read as a year's; show them in tables with their
    window instead.

    Parameters
    ----------
    facts : DataFrame
        As returned by :func:`cchc_analysis.loaders.load_facts`.

    Returns
    -------
    DataFrame
        The rows of ``facts`` with a date window, unchanged.

    Examples
    --------
    >>> import pandas as pd
    >>> facts = pd.DataFrame({"fact_id": ["q:001", "q:002"], "date_start": ["2021-01-01", ""],
    ...     "date_end": ["2021-03-31", ""]})
    >>> sub_year_facts(facts)["fact_id"].tolist()
    ['q:001']
    >>> len(sub_year_facts(facts.drop(columns=["date_start", "date_end"])))
    0
    """
    return facts[(_blank(facts, "date_start") != "") | (_blank(facts, "date_end") != "")]


def _stated_rows(facts: pd.DataFrame) -> pd.DataFrame:
    """Single-year facts as panel rows; identical duplicates (same value and qualifier) collapse into one row."""
    single = facts[facts["period_start"] == facts["period_end"]]
    key = ["district_code", "indicator", "scope", "level", "period_start", "kind", "value", "qualifier"]
    if single.empty:
        return _finish(pd.DataFrame(columns=PANEL_COLUMNS + ["qualifier"]))
    code = _row_key(single, key)
    repeated = code.duplicated(keep=False).to_numpy()
    out = single[~code.duplicated().to_numpy()][key + ["fact_id", "period_end"]].rename(columns={"fact_id": "fact_ids"})
    if repeated.any():  # the few keys stated more than once name all their facts, in order
        joined = (single[repeated].groupby(key, sort=False, dropna=False)["fact_id"].agg(";".join)
                  .rename("joined").reset_index())
        out = out.merge(joined, on=key, how="left", sort=False)
        out["fact_ids"] = out["joined"].fillna(out["fact_ids"])
    out = out.assign(year=out["period_start"], derived=False, derivation="")
    return out[PANEL_COLUMNS + ["qualifier"]].reset_index(drop=True)


_ANCHOR = ["district_code", "year", "kind", "scope", "level"]


def _row_key(df: pd.DataFrame, columns: list[str]) -> pd.Series:
    """One integer per distinct combination of ``columns`` (NaN equal to NaN), for fast duplicate tests."""
    code = np.zeros(len(df), dtype=np.int64)
    for c in columns:
        codes, uniques = pd.factorize(df[c].to_numpy(dtype=object if df[c].dtype != float else float),
                                      use_na_sentinel=False)
        code = code * (len(uniques) + 1) + codes
        if code.max(initial=0) > 2 ** 40:  # keep the product small: renumber what is there so far
            code = pd.factorize(code)[0].astype(np.int64)
    return pd.Series(code, index=df.index)


def _formula_rows(stated: pd.DataFrame, catalog: pd.DataFrame) -> pd.DataFrame:
    """Rows computed from the catalog's formulas where all inputs exist and the figure is not stated.

    An anchor is a (district, year, kind, scope, level) with any stated row; a
    formula is computed at every anchor where its slug is not stated, from the
    stated rows of its terms (an unpinned term in the anchor's scope and level),
    one row per combination of the terms' stated values, in the order of the
    stated rows.  The qualifier is empty when every input is exact, else
    ``about`` (a bound does not survive arithmetic).  Keys are joined as integers.
    """
    empty = pd.DataFrame(columns=PANEL_COLUMNS + ["qualifier"])
    if "formula" not in catalog.columns or stated.empty:
        return empty
    st = stated.reset_index(drop=True)
    codes, lookup = {}, {}
    for c in ("district_code", "kind", "scope", "level", "indicator"):
        codes[c], uniques = pd.factorize(st[c].to_numpy(dtype=object))
        lookup[c] = {v: i for i, v in enumerate(uniques)}
    year = st["year"].to_numpy() - st["year"].min()
    n_year, n_kind = int(year.max()) + 1, len(lookup["kind"])
    n_scope, n_level = len(lookup["scope"]) + 1, len(lookup["level"]) + 1

    def key(d, y, k, scope, level):
        return (((d.astype(np.int64) * n_year + y) * n_kind + k) * n_scope + scope) * n_level + level

    full = key(codes["district_code"], year, codes["kind"], codes["scope"], codes["level"])
    _, first_at = np.unique(full, return_index=True)
    at = np.sort(first_at)  # the first stated row of each anchor: anchors in order of appearance
    first = full[at]
    anchor = {c: codes[c][at] for c in ("district_code", "kind", "scope", "level")}
    anchor_year = year[at]
    value, ids, qual = st["value"].to_numpy(float), st["fact_ids"].to_numpy(object), st["qualifier"].to_numpy(object)
    frames = []
    for slug, text in catalog["formula"].dropna().items():
        if not str(text).strip():
            continue
        formula = parse_formula(text)
        if any(t.slug not in lookup["indicator"] for t in formula.terms):
            continue
        keep = np.ones(len(first), dtype=bool)
        if slug in lookup["indicator"]:  # the stated figure wins; a mismatch is consistency's job
            keep = ~np.isin(first, full[codes["indicator"] == lookup["indicator"][slug]])
        cur = pd.DataFrame({"_apos": np.flatnonzero(keep)})
        for j, t in enumerate(formula.terms):
            m = codes["indicator"] == lookup["indicator"][t.slug]
            if t.scope is not None:
                m &= codes["scope"] == lookup["scope"].get(t.scope, -2)
            if t.level is not None:
                m &= codes["level"] == lookup["level"].get(t.level, -2)
            free_s, free_l = t.scope is None, t.level is None
            right = pd.DataFrame({"_k": key(codes["district_code"][m], year[m], codes["kind"][m],
                                            codes["scope"][m] if free_s else 0, codes["level"][m] if free_l else 0),
                                  f"_p{j}": np.flatnonzero(m)})
            ap = cur["_apos"].to_numpy()
            cur["_k"] = key(anchor["district_code"][ap], anchor_year[ap], anchor["kind"][ap],
                            anchor["scope"][ap] if free_s else 0, anchor["level"][ap] if free_l else 0)
            cur = cur.merge(right, on="_k", how="inner").drop(columns="_k")
            if cur.empty:
                break
        if cur.empty:
            continue
        n = len(formula.terms)
        cur = cur.sort_values(["_apos"] + [f"_p{j}" for j in range(n)], kind="stable")
        pos = [cur[f"_p{j}"].to_numpy() for j in range(n)]
        values = formula.evaluate_many({t: value[pos[j]] for j, t in enumerate(formula.terms)})
        ok = ~np.isnan(values)
        if not ok.any():
            continue
        pos = [p[ok] for p in pos]
        rows = at[cur["_apos"].to_numpy()[ok]]  # a stated row of each anchor: its district, year, kind, scope, level
        fact_ids = pd.Series(ids[pos[0]]).str.cat([pd.Series(ids[p]) for p in pos[1:]], sep=";") if n > 1 else ids[pos[0]]
        exact = np.logical_and.reduce([qual[p] == "" for p in pos])
        frames.append(pd.DataFrame({
            "district_code": st["district_code"].to_numpy(object)[rows], "indicator": slug,
            "scope": st["scope"].to_numpy(object)[rows], "level": st["level"].to_numpy(object)[rows],
            "year": st["year"].to_numpy()[rows], "kind": st["kind"].to_numpy(object)[rows], "value": values[ok],
            "derived": True, "derivation": formula.text, "period_start": st["year"].to_numpy()[rows],
            "period_end": st["year"].to_numpy()[rows], "fact_ids": np.asarray(fact_ids, dtype=object),
            "qualifier": np.where(exact, "", "about")}))
    return pd.concat(frames, ignore_index=True) if frames else empty


def _annualisable(annualise, catalog: pd.DataFrame) -> set[str] | None:
    units = catalog["unit"].to_dict() if "unit" in catalog.columns else {}
    if annualise is True:
        return {s for s, u in units.items() if u in ADDITIVE_UNITS and s not in STOCK_INDICATORS}
    if not annualise:
        return None
    slugs = {annualise} if isinstance(annualise, str) else set(annualise)
    bad = sorted(s for s in slugs if units.get(s) in NON_ADDITIVE_UNITS)
    if bad:
        raise ParameterError("annualise", sorted(slugs), f"{', '.join(bad)} is not a total (unit "
                             f"{units[bad[0]]!r}): only counts, persons, dossiers, documents and money add up over years",
                             choices=sorted(s for s, u in units.items() if u in ADDITIVE_UNITS))
    return slugs


def _annual_rows(facts: pd.DataFrame, slugs: set[str], stated: pd.DataFrame) -> pd.DataFrame:
    """Each period total of ``slugs`` spread evenly over its years, except years with a stated figure."""
    period = facts[(facts["period_start"] < facts["period_end"]) & facts["indicator"].isin(slugs)]
    period = period.reset_index(drop=True)
    n = (period["period_end"] - period["period_start"] + 1).to_numpy()
    rep = np.repeat(np.arange(len(period)), n)
    offset = np.arange(len(rep)) - np.repeat(np.cumsum(n) - n, n)
    rows = period.iloc[rep].reset_index(drop=True)
    rows["year"] = rows["period_start"].to_numpy() + offset
    key = SERIES_KEY + ["year", "kind"]
    taken = stated[key].drop_duplicates().assign(_stated=True)
    rows = rows.merge(taken, on=key, how="left", sort=False)
    rows = rows[rows["_stated"].isna()]
    span = rows["period_start"].astype(str) + "–" + rows["period_end"].astype(str)
    return pd.DataFrame({
        "district_code": rows["district_code"], "indicator": rows["indicator"], "scope": rows["scope"],
        "level": rows["level"], "year": rows["year"], "kind": rows["kind"],
        "value": rows["value"] / (rows["period_end"] - rows["period_start"] + 1), "derived": True,
        "derivation": "annual average of the " + span + " total", "period_start": rows["period_start"],
        "period_end": rows["period_end"], "fact_ids": rows["fact_id"], "qualifier": rows["qualifier"]})


#: The panel's default years: the span of the reports (2016–2025).  Earlier figures, such as the
#: 2015 base of the staff-reduction resolution (39-NQ/TW), stay out unless ``start_year`` says so.
DEFAULT_YEARS = (2016, 2025)


def derive_panel(facts: pd.DataFrame, *, catalog: pd.DataFrame | None = None,
                 start_year: int | None = DEFAULT_YEARS[0], end_year: int | None = DEFAULT_YEARS[1],
                 annualise: bool | list[str] = False) -> pd.DataFrame:
    """Derive the district × year panel from facts: stated figures, formulas, optional annual averages.

    Parameters
    ----------
    facts : DataFrame
        As returned by :func:`cchc_analysis.loaders.load_facts` (at least the
        columns in :data:`FACT_REQUIRED`; ``qualifier``, ``date_start`` and
        ``date_end`` are used when present).
    catalog : DataFrame, optional
        Indexed by slug with ``unit`` and ``formula``; default
        :func:`~cchc_analysis.loaders.load_catalog`.
    start_year, end_year : int or None
        The panel's years, both included.  Default 2016–2025
        (:data:`DEFAULT_YEARS`, the years of the reports): rows of other years
        are left out — a 2015 figure, such as the base year of the
        staff-reduction resolution 39-NQ/TW, needs ``start_year=2015``.  None
        means the facts' own first (or last) year.  What was left out is said
        in ``attrs`` (see Returns).
    annualise : bool or list of str
        Period totals (``period_start < period_end``) are left out of the yearly
        panel unless asked: ``True`` spreads every period total of an additive
        unit (counts, persons, dossiers, documents, money; not the stocks in
        :data:`STOCK_INDICATORS`) evenly over its years; a list names the slugs.
        Such rows are ``derived=True`` with derivation ``"annual average of the
        2017–2021 total"``, and are not placed in a year that has a stated figure.

    Returns
    -------
    DataFrame
        Columns :data:`PANEL_COLUMNS` and ``qualifier`` (empty for an exact
        figure, else the fact's ``at_least``, ``about``…; a formula row with a
        qualified input is ``about``; an annual average keeps its total's).
        A single-year fact becomes one row; the same figure stated twice becomes
        one row whose ``fact_ids`` names both; a key stated with *different*
        values keeps one row per value (the panel never chooses between
        contradicting figures; :func:`cchc_analysis.consistency.check_consistency`
        flags them).  A catalog formula is computed where all its inputs exist
        for the same district, scope, level, year and kind and the figure is not
        stated.  Facts about a window shorter than whole years (non-empty
        ``date_start``/``date_end``: a quarter, a month, "as of" a day) are left
        out: :func:`sub_year_facts` returns them for tables.

        ``attrs`` says what the window left out: ``year_window`` (start, end),
        ``years_left_out`` (the years of the rows dropped, sorted),
        ``rows_left_out`` (how many) and ``sub_year_facts`` (how many facts
        were left out for their date window).

    Raises
    ------
    ParameterError
        When a required column is missing, a formula is not valid, or
        ``annualise`` names a share, score or rank.

    Examples
    --------
    >>> import pandas as pd
    >>> facts = pd.DataFrame({"fact_id": ["b:001", "b:002"], "district_code": ["849", "849"],
    ...     "indicator": ["dossiers_received", "dossiers_received"], "scope": ["", ""],
    ...     "level": ["district", "district"], "period_start": [2017, 2022],
    ...     "period_end": [2021, 2022], "value": [5000.0, 1200.0], "kind": ["actual", "actual"]})
    >>> catalog = pd.DataFrame({"unit": ["dossiers"], "formula": [None]}, index=["dossiers_received"])
    >>> derive_panel(facts, catalog=catalog)[["year", "value", "derived"]]
       year   value  derived
    0  2022  1200.0    False
    >>> p = derive_panel(facts, catalog=catalog, annualise=True)
    >>> p[["year", "value", "derivation"]].head(2)
       year   value                           derivation
    0  2017  1000.0  annual average of the 2017–2021 total
    1  2018  1000.0  annual average of the 2017–2021 total
    >>> derive_panel(facts, catalog=catalog, end_year=2021).attrs["years_left_out"]
    [2022]
    """
    _check_columns(facts, FACT_REQUIRED, "facts")
    catalog = _catalog(catalog)
    windowed = sub_year_facts(facts)
    f = facts.loc[~facts.index.isin(windowed.index), FACT_REQUIRED].copy() if len(windowed) else facts[FACT_REQUIRED].copy()
    f["qualifier"] = _blank(facts, "qualifier").loc[f.index]
    f["scope"] = f["scope"].fillna("").astype(str)
    f = f.astype({"period_start": int, "period_end": int, "value": float})
    years = pd.concat([f["period_start"], f["period_end"]])
    start_year = int(years.min()) if start_year is None and len(years) else (DEFAULT_YEARS[0] if start_year is None else start_year)
    end_year = int(years.max()) if end_year is None and len(years) else (DEFAULT_YEARS[1] if end_year is None else end_year)
    if start_year > end_year:
        raise ParameterError("start_year", start_year, f"start_year must not be after end_year ({end_year})")
    stated = _stated_rows(f)
    parts = [stated, _formula_rows(stated, catalog)]
    slugs = _annualisable(annualise, catalog)
    if slugs:
        parts.append(_annual_rows(f, slugs, stated))
    parts = [p for p in parts if len(p)]
    panel = pd.concat(parts, ignore_index=True) if len(parts) > 1 else (parts[0] if parts else stated)
    inside = (panel["year"] >= start_year) & (panel["year"] <= end_year)
    out = _finish(panel[inside])
    out.attrs = {"year_window": (int(start_year), int(end_year)),
                 "years_left_out": sorted(int(y) for y in panel.loc[~inside, "year"].unique()),
                 "rows_left_out": int((~inside).sum()), "sub_year_facts": int(len(windowed))}
    return out


def _population_lookup(panel: pd.DataFrame, population) -> dict[str, dict[int, tuple[float, str]]]:
    """Map district → year → (population, fact_ids); ambiguous years are left out."""
    if population is None:
        pop = panel[(panel["indicator"] == "population") & (panel["kind"] == "actual") & (panel["scope"] == "")]
        out: dict[str, dict[int, tuple[float, str]]] = {}
        for (d, y), g in pop.groupby(["district_code", "year"]):
            if g["value"].nunique() == 1:
                out.setdefault(d, {})[int(y)] = (float(g["value"].iloc[0]), ";".join(g["fact_ids"]))
        return out
    if isinstance(population, pd.DataFrame):
        _check_columns(population, ["district_code", "year", "value"], "population")
        out = {}
        for r in population.itertuples(index=False):
            out.setdefault(str(r.district_code), {})[int(r.year)] = (float(r.value), getattr(r, "fact_ids", ""))
        return out
    if not isinstance(population, Mapping):
        population = dict.fromkeys(panel["district_code"].unique(), population)
    return {str(d): {y: (float(v), "") for y in range(1990, 2041)} for d, v in population.items()}


def derive_per_capita(panel: pd.DataFrame, *, indicators: list[str], population=None, per: int = 10_000,
                      max_year_gap: int = 0) -> pd.DataFrame:
    """Derive rates per ``per`` inhabitants and return the panel with them added.

    Parameters
    ----------
    panel : DataFrame
        A panel from :func:`derive_panel`.
    indicators : list of str
        Slugs to express per inhabitants; the new slug is ``<slug>_per_10k``
        (``per=10_000``) or ``<slug>_per_<per>``.
    population : None, number, mapping or DataFrame
        None: the panel's own ``population`` rows (kind actual, whole scope);
        a number for every district and year; a mapping district code → number;
        or a frame with ``district_code``, ``year``, ``value``.
    per : int
        Rate base (10,000 inhabitants).
    max_year_gap : int
        Use a population figure up to this many years away when the same year
        has none (the nearest, earlier first); the derivation names its year.
        Default 0: same year only, so gaps stay gaps.

    Returns
    -------
    DataFrame
        The panel plus one derived row per input row that found a population.

    Examples
    --------
    >>> import pandas as pd
    >>> facts = pd.DataFrame({"fact_id": ["c:001", "c:002"], "district_code": ["849", "849"],
    ...     "indicator": ["dossiers_received", "population"], "scope": ["", ""],
    ...     "level": ["district", "district_and_commune"], "period_start": [2022, 2022],
    ...     "period_end": [2022, 2022], "value": [3108.0, 155400.0], "kind": ["actual", "actual"]})
    >>> catalog = pd.DataFrame({"unit": ["dossiers", "persons"], "formula": [None, None]},
    ...     index=["dossiers_received", "population"])
    >>> p = derive_panel(facts, catalog=catalog).pipe(derive_per_capita, indicators=["dossiers_received"])
    >>> p.loc[p["derived"], ["indicator", "value", "derivation"]]
                       indicator  value                              derivation
    1  dossiers_received_per_10k  200.0  10000 * dossiers_received / population
    """
    _check_columns(panel, PANEL_COLUMNS, "panel")
    if per <= 0:
        raise ParameterError("per", per, "a rate base is a positive number of inhabitants", choices=[1000, 10_000, 100_000])
    pops = _population_lookup(panel, population)
    suffix = f"_per_{per // 1000}k" if per % 1000 == 0 else f"_per_{per}"
    rows = []
    for r in panel[panel["indicator"].isin(indicators)].itertuples(index=False):
        years = pops.get(r.district_code, {})
        found = next((y for gap in range(max_year_gap + 1) for y in (r.year - gap, r.year + gap) if y in years), None)
        if found is None or years[found][0] <= 0:
            continue
        pop, pop_ids = years[found]
        derivation = f"{per} * {r.indicator} / population"
        if found != r.year:
            derivation += f" (population of {found})"
        if r.derivation:
            derivation += f" [{r.indicator}: {r.derivation}]"
        rows.append({**r._asdict(), "indicator": r.indicator + suffix, "value": per * r.value / pop,
                     "derived": True, "derivation": derivation,
                     "fact_ids": ";".join(x for x in (r.fact_ids, pop_ids) if x)})
    return _finish(pd.concat([panel, pd.DataFrame(rows, columns=PANEL_COLUMNS)], ignore_index=True)) if rows else panel.copy()


def derive_quota_change(panel: pd.DataFrame, *, base_year: int | None = None,
                        indicator: str = "staff_quota") -> pd.DataFrame:
    """Derive the change of the staff quota against a base year and return the panel with it added.

    For every district, scope and level with quota figures (kind actual), each
    later year gets ``<indicator>_change`` (persons, later − base) and
    ``<indicator>_change_pct`` (100 × change / base).  Their ``period_start`` is
    the base year, ``period_end`` the later year.  Where a year's quota is stated
    twice with different values, each value gets its own row.

    Parameters
    ----------
    panel : DataFrame
        A panel from :func:`derive_panel`.
    base_year : int, optional
        Default: each series' first year (e.g. 2015, the base of Resolution 39-NQ/TW,
        when the panel starts there).
    indicator : str
        The quota slug.

    Returns
    -------
    DataFrame
        The panel plus the derived rows.

    Examples
    --------
    >>> import pandas as pd
    >>> facts = pd.DataFrame({"fact_id": ["d:001", "d:002"], "district_code": ["849", "849"],
    ...     "indicator": ["staff_quota", "staff_quota"], "scope": ["civil_servants"] * 2,
    ...     "level": ["district", "district"], "period_start": [2015, 2021],
    ...     "period_end": [2015, 2021], "value": [101.0, 88.0], "kind": ["actual", "actual"]})
    >>> catalog = pd.DataFrame({"unit": ["persons"], "formula": [None]}, index=["staff_quota"])
    >>> p = derive_panel(facts, catalog=catalog, start_year=2015).pipe(derive_quota_change)
    >>> p.loc[p["derived"], ["indicator", "year", "value"]].round(2)
                    indicator  year  value
    2      staff_quota_change  2021 -13.00
    3  staff_quota_change_pct  2021 -12.87
    """
    _check_columns(panel, PANEL_COLUMNS, "panel")
    quota = panel[(panel["indicator"] == indicator) & (panel["kind"] == "actual")]
    rows = []
    for key, g in quota.groupby(["district_code", "scope", "level"]):
        base = g["year"].min() if base_year is None else base_year
        bases = g[g["year"] == base]
        for b, r in itertools.product(bases.itertuples(index=False), g[g["year"] > base].itertuples(index=False)):
            common = {"district_code": key[0], "scope": key[1], "level": key[2], "year": r.year, "kind": "actual",
                      "derived": True, "period_start": base, "period_end": r.year,
                      "fact_ids": f"{b.fact_ids};{r.fact_ids}"}
            diff = f"{indicator}[{r.year}] − {indicator}[{base}]"
            rows.append({**common, "indicator": f"{indicator}_change", "value": r.value - b.value, "derivation": diff})
            if b.value:
                rows.append({**common, "indicator": f"{indicator}_change_pct", "value": 100 * (r.value - b.value) / b.value,
                             "derivation": f"100 * ({diff}) / {indicator}[{base}]"})
    return _finish(pd.concat([panel, pd.DataFrame(rows, columns=PANEL_COLUMNS)], ignore_index=True)) if rows else panel.copy()
