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
import math
from collections.abc import Mapping

import pandas as pd

from .errors import ParameterError
from .formulas import LEVELS, Formula, Term, parse_formula  # noqa: F401 - re-exported from their home, formulas.py

__all__ = ["PANEL_COLUMNS", "Term", "Formula", "parse_formula", "derive_panel", "derive_per_capita",
           "derive_quota_change"]

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
    """Return panel rows (a frame or a list of dicts) with panel dtypes, sorted."""
    df = pd.DataFrame(rows, columns=PANEL_COLUMNS) if not isinstance(rows, pd.DataFrame) else rows[PANEL_COLUMNS]
    df = df.astype({"district_code": str, "indicator": str, "scope": str, "level": str, "kind": str,
                    "derivation": str, "fact_ids": str, "year": int, "period_start": int, "period_end": int,
                    "value": float, "derived": bool})
    order = ["district_code", "indicator", "scope", "level", "kind", "year", "derived", "value"]
    return df.sort_values(order, kind="stable").reset_index(drop=True)


def _stated_rows(facts: pd.DataFrame) -> pd.DataFrame:
    """Single-year facts as panel rows; identical duplicates collapse into one row."""
    single = facts[facts["period_start"] == facts["period_end"]]
    key = ["district_code", "indicator", "scope", "level", "period_start", "kind", "value"]
    if single.empty:
        return _finish([])
    out = (single.groupby(key, sort=False, dropna=False)
           .agg(fact_ids=("fact_id", ";".join), period_end=("period_end", "first")).reset_index())
    out["year"] = out["period_start"]
    out["derived"] = False
    out["derivation"] = ""
    return out[PANEL_COLUMNS]


def _formula_rows(stated: pd.DataFrame, catalog: pd.DataFrame) -> list[dict]:
    """Rows computed from the catalog's formulas where all inputs exist and the figure is not stated."""
    if "formula" not in catalog.columns or stated.empty:
        return []
    index: dict[tuple, list] = {}
    for r in stated.itertuples(index=False):
        index.setdefault((r.district_code, r.year, r.kind, r.indicator, r.scope, r.level), []).append(r)
    anchors = stated[["district_code", "year", "kind", "scope", "level"]].drop_duplicates()
    rows = []
    for slug, text in catalog["formula"].dropna().items():
        if not str(text).strip():
            continue
        formula = parse_formula(text)
        for a in anchors.itertuples(index=False):
            if (a.district_code, a.year, a.kind, slug, a.scope, a.level) in index:
                continue  # the stated figure wins; a mismatch is consistency's job
            inputs = [index.get((a.district_code, a.year, a.kind, t.slug,
                                 a.scope if t.scope is None else t.scope,
                                 a.level if t.level is None else t.level)) for t in formula.terms]
            if any(i is None for i in inputs):
                continue
            for combo in itertools.product(*inputs):
                value = formula.evaluate(dict(zip(formula.terms, (c.value for c in combo))))
                if math.isnan(value):
                    continue
                rows.append({"district_code": a.district_code, "indicator": slug, "scope": a.scope,
                             "level": a.level, "year": a.year, "kind": a.kind, "value": value,
                             "derived": True, "derivation": formula.text, "period_start": a.year,
                             "period_end": a.year, "fact_ids": ";".join(c.fact_ids for c in combo)})
    return rows


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


def _annual_rows(facts: pd.DataFrame, slugs: set[str], stated_keys: set[tuple]) -> list[dict]:
    rows = []
    period = facts[(facts["period_start"] < facts["period_end"]) & facts["indicator"].isin(slugs)]
    for r in period.itertuples(index=False):
        n = r.period_end - r.period_start + 1
        for year in range(r.period_start, r.period_end + 1):
            if (r.district_code, r.indicator, r.scope, r.level, year, r.kind) in stated_keys:
                continue
            rows.append({"district_code": r.district_code, "indicator": r.indicator, "scope": r.scope,
                         "level": r.level, "year": year, "kind": r.kind, "value": r.value / n,
                         "derived": True,
                         "derivation": f"annual average of the {r.period_start}–{r.period_end} total",
                         "period_start": r.period_start, "period_end": r.period_end, "fact_ids": r.fact_id})
    return rows


def derive_panel(facts: pd.DataFrame, *, catalog: pd.DataFrame | None = None, start_year: int = 2016,
                 end_year: int = 2025, annualise: bool | list[str] = False) -> pd.DataFrame:
    """Derive the district × year panel from facts: stated figures, formulas, optional annual averages.

    Parameters
    ----------
    facts : DataFrame
        As returned by :func:`cchc_analysis.loaders.load_facts` (at least the
        columns in :data:`FACT_REQUIRED`).
    catalog : DataFrame, optional
        Indexed by slug with ``unit`` and ``formula``; default
        :func:`~cchc_analysis.loaders.load_catalog`.
    start_year, end_year : int
        Rows outside this span are dropped.
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
        Columns :data:`PANEL_COLUMNS`.  A single-year fact becomes one row; the
        same figure stated twice becomes one row whose ``fact_ids`` names both;
        a key stated with *different* values keeps one row per value (the panel
        never chooses between contradicting figures;
        :func:`cchc_analysis.consistency.check_consistency` flags them).  A
        catalog formula is computed where all its inputs exist for the same
        district, scope, level, year and kind and the figure is not stated.

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
    """
    _check_columns(facts, FACT_REQUIRED, "facts")
    if start_year > end_year:
        raise ParameterError("start_year", start_year, f"start_year must not be after end_year ({end_year})")
    catalog = _catalog(catalog)
    f = facts[FACT_REQUIRED].copy()
    f["scope"] = f["scope"].fillna("").astype(str)
    f = f.astype({"period_start": int, "period_end": int, "value": float})
    stated = _stated_rows(f)
    stated_keys = set(map(tuple, stated[SERIES_KEY + ["year", "kind"]].itertuples(index=False)))
    rows = _formula_rows(stated, catalog)
    slugs = _annualisable(annualise, catalog)
    if slugs:
        rows += _annual_rows(f, slugs, stated_keys)
    panel = pd.concat([stated, pd.DataFrame(rows, columns=PANEL_COLUMNS)], ignore_index=True) if rows else stated
    panel = panel[(panel["year"] >= start_year) & (panel["year"] <= end_year)]
    return _finish(panel)


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
