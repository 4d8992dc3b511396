"""The vectorised consistency checks flag exactly what the loop implementation they replaced flagged.

``old_check_consistency`` is ``cchc_analysis.consistency.check_consistency`` as of commit 12821eb
(before it was vectorised), kept below with its helpers; only the names changed.  ``_evaluate`` (one
context's verdict and message) did not change and is imported.  Both run on the
real facts, on synthetic facts with seeded errors planted in them, and the flag tables are compared
exactly.
"""
from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cchc_analysis.consistency import (_RANGE_HIGH, _RANGE_LOW, FLAG_COLUMNS, RULES, _describe, _evaluate, _missing,
                                       _parse_relation, check_consistency, default_relations)
from cchc_analysis.errors import ParameterError
from cchc_analysis.formulas import _fmt
from cchc_analysis.indicators import FACT_REQUIRED, _check_columns
from cchc_analysis.loaders import load_catalog, load_facts

BENCH = Path(__file__).resolve().parent.parent / "bench"


# --- the implementation of 12821eb ------------------------------------------------------------------
def old_check_relation(rel: dict, index: dict, tolerance: float, shares_tolerance: float, printed_precision: bool) -> list[dict]:
    lhs, op, rhs = _parse_relation(rel["rule"], rel["relation"])
    terms = list(dict.fromkeys(lhs.terms + rhs.terms))
    free_scope = any(t.scope is None for t in terms)
    free_level = any(t.level is None for t in terms)
    contexts = set()
    for (d, src, ps, pe, kind, slug, scope, level) in index:
        if rel.get("source_id") and src != rel["source_id"]:
            continue
        for t in terms:
            if t.slug != slug or t.scope not in (None, scope) or t.level not in (None, level):
                continue
            if (free_scope and t.scope is not None) or (free_level and t.level is not None):
                continue  # a context takes its scope and level from a term that is free in them
            contexts.add((d, src, ps, pe, kind, scope if free_scope else None, level if free_level else None))
    flags = []
    for d, src, ps, pe, kind, scope, level in sorted(contexts, key=str):
        present = {}
        for t in terms:
            rows = index.get((d, src, ps, pe, kind, t.slug, scope if t.scope is None else t.scope,
                              level if t.level is None else t.level))
            if rows:
                present[t] = rows
        flag = _evaluate(rel, lhs, op, rhs, present, tolerance, shares_tolerance, printed_precision)
        if flag:
            anchor = (present.get(lhs.terms[0]) or next(iter(present.values())))[0]
            shown_scope = "" if rel["rule"] == "shares_sum" else anchor["scope"]
            where = _describe(d, lhs.terms[0].slug, shown_scope, anchor["level"], ps, pe, kind)
            flags.append(flag | {"district_code": d, "indicator": lhs.terms[0].slug, "period_start": ps,
                                 "period_end": pe, "message": f"{where}: {flag['message']}"})
    return flags


def old_duplicate_flags(f: pd.DataFrame) -> list[dict]:
    key = ["district_code", "indicator", "scope", "level", "period_start", "period_end", "kind"]
    flags = []
    f = f[f.duplicated(key, keep=False)]  # only repeated keys can conflict (and most keys are single)
    for k, g in f.groupby(key, sort=True):
        if g["value"].nunique() < 2:
            continue
        g = g.sort_values("value")
        if (len(g) == 2 and _RANGE_LOW.search(g["note"].iloc[0]) and _RANGE_HIGH.search(g["note"].iloc[1])):
            continue  # the two bounds of a printed range
        shown = ", ".join(f"{_fmt(v)} ({'; '.join(gg['fact_id'])})" for v, gg in g.groupby("value", sort=False))
        flags.append({"rule": "duplicate_conflict", "district_code": k[0], "indicator": k[1], "period_start": k[4],
                      "period_end": k[5], "fact_ids": ";".join(g["fact_id"]),
                      "values": "; ".join(_fmt(v) for v in g["value"].unique()), "expected": math.nan,
                      "message": f"{_describe(k[0], k[1], k[2], k[3], k[4], k[5], k[6])} is stated with "
                                 f"{g['value'].nunique()} different values: {shown}",
                      "quotes": " | ".join(dict.fromkeys(q for q in g["quote"] if q))})
    return flags


def old_check_consistency(facts: pd.DataFrame, *, tolerance: float = 0.5, shares_tolerance: float = 1.0,
                      printed_precision: bool = True, relations: pd.DataFrame | None = None,
                      catalog: pd.DataFrame | None = None, rules=RULES) -> pd.DataFrame:
    """The check_consistency of 12821eb."""
    _check_columns(facts, FACT_REQUIRED, "facts")
    unknown = sorted(set(rules) - set(RULES))
    if unknown:
        raise ParameterError("rules", unknown, "unknown rule", choices=RULES)
    f = facts.copy()
    for col in ("source_id", "quote", "note", "scope"):
        f[col] = f[col].fillna("").astype(str) if col in f else ""
    f = f.astype({"period_start": int, "period_end": int, "value": float})
    flags = old_duplicate_flags(f) if "duplicate_conflict" in rules else []
    if relations is None:
        relations = default_relations(catalog=catalog)
    _check_columns(relations, ["rule", "relation"], "relations")
    for rel in relations.to_dict("records"):
        _parse_relation(rel["rule"], rel["relation"])  # every declared relation must be valid, run or not
    relations = relations[relations["rule"].isin(rules)]
    if len(relations):
        index: dict[tuple, list[dict]] = {}
        for r in f.to_dict("records"):
            k = (r["district_code"], r["source_id"], r["period_start"], r["period_end"], r["kind"],
                 r["indicator"], r["scope"], r["level"])
            rows = index.setdefault(k, [])
            if all(x["value"] != r["value"] for x in rows):
                rows.append(r)
        for rel in relations.to_dict("records"):
            rel = {"tolerance": math.nan, "source_id": ""} | {k: v for k, v in rel.items() if not _missing(v)}
            flags += old_check_relation(rel, index, tolerance, shares_tolerance, printed_precision)
    out = pd.DataFrame(flags, columns=FLAG_COLUMNS)
    return out.sort_values(["rule", "district_code", "indicator", "period_start"], kind="stable").reset_index(drop=True)



# --- the comparison ---------------------------------------------------------------------------------

def _synthetic_facts(n, seed):
    spec = importlib.util.spec_from_file_location("bench_synthetic_consistency", BENCH / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_facts(n, seed=seed)


def planted(facts: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Synthetic facts with errors planted: shifted shares and counts, and conflicting duplicates."""
    rng = np.random.default_rng(seed)
    f = facts.copy()
    pick = rng.choice(len(f), size=len(f) // 25, replace=False)
    f.loc[f.index[pick], "value"] = f["value"].iloc[pick].to_numpy() + rng.choice([-3.0, -0.3, 0.004, 1.0, 7.0], len(pick))
    dup = f.iloc[rng.choice(len(f), size=len(f) // 50, replace=False)].copy()
    dup["fact_id"] = dup["fact_id"] + "-dup"
    dup["value"] = dup["value"] + rng.choice([0.0, 1.0, 2.5], len(dup))  # some repeat the value: no conflict
    shares = []  # breakdowns of shares: complete and far from 100, partial and above it, and a good one
    for i, (d, values) in enumerate([("397", [60.0, 30.0, 20.0]), ("396", [70.0, 40.0, None]),
                                     ("297", [50.0, 45.5, 4.5])]):
        for slug, v in zip(["dossiers_early_pct", "dossiers_on_time_only_pct", "dossiers_late_pct"], values):
            if v is not None:
                shares.append(f.iloc[0].to_dict() | {"fact_id": f"shares-{d}:{slug}", "district_code": d,
                                                     "indicator": slug, "scope": "", "level": "district",
                                                     "period_start": 2020, "period_end": 2020, "value": v,
                                                     "kind": "actual"})
        shares.append(shares[-1] | {"fact_id": f"shares-{d}:q", "indicator": "staff_professional_qualification_pct",
                                    "scope": "qualification_university", "value": 70.0 + 20 * i})
        shares.append(shares[-1] | {"fact_id": f"shares-{d}:r", "scope": "qualification_college", "value": 25.0})
    return pd.concat([f, dup, pd.DataFrame(shares)], ignore_index=True)


def assert_same_flags(facts, **options):
    new = check_consistency(facts, **options)
    old = old_check_consistency(facts, **options)
    pd.testing.assert_frame_equal(new, old, check_exact=True)
    return new


def test_real_facts_same_flags():
    # The loop implementation predates date windows: compare both on the facts as they were, undated.
    undated = load_facts().assign(date_start="", date_end="")
    flags = assert_same_flags(undated)
    assert len(flags) > 0 and set(flags["rule"]) >= {"pct_mismatch", "duplicate_conflict"}


def test_a_count_before_and_after_a_dated_merger_is_no_conflict():
    # Gia Lộc: 23 communes "Trước tháng 12 năm 2019", 18 "kể từ 01/12/2019" (dated 2019-12-01):
    # undated, the two 2019 figures look like a contradiction; with the date they are two stocks.
    facts = load_facts()
    gia_loc = facts[(facts["district_code"] == "297") & (facts["indicator"] == "communes_count")]
    assert set(gia_loc.loc[gia_loc["period_start"] == 2019, "value"]) >= {23.0, 18.0}
    undated = check_consistency(facts.assign(date_start="", date_end=""))
    dated = check_consistency(facts)
    def conflicts(flags):
        return flags[(flags["rule"] == "duplicate_conflict") & (flags["district_code"] == "297")
                     & (flags["indicator"] == "communes_count")]
    assert len(conflicts(undated)) > 0
    assert conflicts(dated).empty


@pytest.mark.parametrize("seed", [1, 2])
def test_synthetic_facts_with_planted_errors_same_flags(seed):
    facts = planted(_synthetic_facts(20, seed=seed), seed)
    relations = default_relations(catalog=load_catalog())
    flags = assert_same_flags(facts, relations=relations)
    assert set(flags["rule"]) == set(RULES)
    assert_same_flags(facts, relations=relations, printed_precision=False, tolerance=0.2, shares_tolerance=0.5)


def test_per_relation_tolerance_and_source_same_flags():
    facts = planted(_synthetic_facts(8, seed=4), 4)
    relations = pd.DataFrame({"rule": ["parts_vs_total", "pct_mismatch"],
                              "relation": ["dossiers_resolved = dossiers_on_time + dossiers_late",
                                           "online_dossiers_pct = 100 * online_dossiers / dossiers_received"],
                              "tolerance": [2.0, math.nan], "source_id": ["synthetic", ""]})
    assert len(assert_same_flags(facts, relations=relations, rules=["parts_vs_total", "pct_mismatch"])) > 0
