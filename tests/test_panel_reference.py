"""The vectorised panel equals the panel of the loop implementation it replaced (kept below, verbatim).

``old_derive_panel`` is ``cchc_analysis.indicators.derive_panel`` as of commit 12821eb (before it was
vectorised); only its name and the helpers' names changed.  ``_annualisable`` (which slugs to
spread) did not change and is imported.  Both are run on the real facts and on a
synthetic panel with every option, and the frames compared exactly (the new ``qualifier`` column
aside, which the old code did not have).
"""
from __future__ import annotations

import importlib.util
import itertools
import math
from pathlib import Path

import pandas as pd
import pytest

from cchc_analysis.errors import ParameterError
from cchc_analysis.indicators import (FACT_REQUIRED, PANEL_COLUMNS, SERIES_KEY, _annualisable, _check_columns,
                                      derive_panel, parse_formula)
from cchc_analysis.loaders import load_catalog, load_facts

BENCH = Path(__file__).resolve().parent.parent / "bench"


# --- the implementation of 12821eb ------------------------------------------------------------------
def old_finish(rows) -> pd.DataFrame:
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
        return old_finish([])
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


def old_derive_panel(facts: pd.DataFrame, *, catalog: pd.DataFrame | None = None, start_year: int = 2016,
                 end_year: int = 2025, annualise: bool | list[str] = False) -> pd.DataFrame:
    """The derive_panel of 12821eb."""
    _check_columns(facts, FACT_REQUIRED, "facts")
    if start_year > end_year:
        raise ParameterError("start_year", start_year, f"start_year must not be after end_year ({end_year})")
    catalog = catalog
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
    return old_finish(panel)



# --- the comparison ---------------------------------------------------------------------------------

def _synthetic_facts(n, seed):
    spec = importlib.util.spec_from_file_location("bench_synthetic_panel", BENCH / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_facts(n, seed=seed)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def real():
    return load_facts()


OPTIONS = [{}, {"annualise": True}, {"start_year": 2015, "end_year": 2024}, {"annualise": ["dossiers_received"]}]


def assert_same(facts, catalog, **options):
    new = derive_panel(facts, catalog=catalog, **options)
    old = old_derive_panel(facts, catalog=catalog, **options)
    assert new["qualifier"].eq("").all()  # no qualifiers in these facts
    pd.testing.assert_frame_equal(new[PANEL_COLUMNS], old, check_exact=True)
    assert len(new) > 0
    return new


@pytest.mark.parametrize("options", OPTIONS, ids=str)
def test_real_facts_same_panel(real, catalog, options):
    assert_same(real.drop(columns=[c for c in ("qualifier", "date_start", "date_end") if c in real]), catalog, **options)


@pytest.mark.parametrize("options", OPTIONS[:2], ids=str)
def test_synthetic_facts_same_panel(catalog, options):
    new = assert_same(_synthetic_facts(25, seed=5), catalog, **options)
    assert new["derived"].any() and (~new["derived"]).any()


def test_duplicates_and_formula_combinations_same_panel(catalog):
    # a share stated twice with two values, its counts stated twice with one: every combination, in order
    rows = [("x:001", "on", 2020, 90.0), ("x:002", "on", 2020, 91.0), ("x:003", "res", 2020, 100.0),
            ("x:004", "res", 2020, 100.0), ("x:005", "res", 2020, 0.0), ("x:006", "on", 2021, 5.0)]
    slugs = {"on": "dossiers_on_time", "res": "dossiers_resolved"}
    f = pd.DataFrame([(i, "297", slugs[s], "", "district", y, y, v, "actual") for i, s, y, v in rows],
                     columns=FACT_REQUIRED)
    new = assert_same(f, catalog)
    # (90, 91) × (100, 0): two shares, 90% and 91%; the two divisions by zero give no row
    assert sorted(new.loc[new["derived"], "value"]) == [90.0, 91.0]
    assert set(new.loc[new["derived"], "fact_ids"]) == {"x:001;x:003;x:004", "x:002;x:003;x:004"}
