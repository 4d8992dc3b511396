"""Find where the documents contradict themselves: a table of flags with the quotes involved.

Four rules (:data:`RULES`):

``pct_mismatch``
    A stated share does not match the share computed from its own counts in
    the same source (``77,86%`` printed for 204 of 263 = 77,57%).
``parts_vs_total``
    Parts do not add up to their stated total (on time + late ≠ resolved), or
    the parts that are stated already exceed it.
``duplicate_conflict``
    The same key (district, indicator, scope, level, period, kind) is stated
    with different values (two 2021 quotas, 1.656 and 1.670).  Two rows whose
    notes call them the lower and upper bound of a printed range are a range,
    not a conflict.
``shares_sum``
    The shares of one breakdown sum far from 100 (or, when only some are
    stated, already above it).

The first, second and fourth rules are *relations* declared as data: a table
with columns ``rule``, ``relation`` (``"lhs = rhs"`` or ``"lhs <= rhs"`` over
slugs, in the formula language of
:func:`cchc_analysis.formulas.parse_formula`), optional ``tolerance``,
``source_id`` (restrict to one source) and ``note``.  :func:`default_relations`
gathers the small table :data:`RELATIONS` below, the catalog's formulas (as
``pct_mismatch``) and the ``relations:`` list of ``data/checks.yaml`` if it
has one.  All terms of a relation are looked up in the same district, source,
period and kind; an unpinned term shares the scope and level of the others.

Examples
--------
>>> import pandas as pd
>>> facts = pd.DataFrame({"fact_id": ["t:074", "t:075", "t:076"], "district_code": "849",
...     "indicator": ["tthc_published_count", "online_services_level3_count", "online_services_level3_pct"],
...     "scope": "", "level": "district", "period_start": 2022, "period_end": 2022,
...     "value": [263.0, 204.0, 77.86], "kind": "actual", "source_id": "tra-cu-2022-bc",
...     "quote": "263 thủ tục (TTHC trực tuyến mức độ 3: 204 thủ tục, đạt 77,86%)"})
>>> flags = check_consistency(facts, catalog=pd.DataFrame(columns=["unit", "formula"]))
>>> flags[["rule", "indicator", "expected"]].round(2)
           rule                   indicator  expected
0  pct_mismatch  online_services_level3_pct     77.57
"""
from __future__ import annotations

import ast
import itertools
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from . import settings
from .errors import ParameterError
from .formulas import Formula, _fmt, parse_formula
from .indicators import FACT_REQUIRED, _catalog, _check_columns

__all__ = ["RULES", "RELATIONS", "FLAG_COLUMNS", "default_relations", "check_consistency"]

RULES = ("pct_mismatch", "parts_vs_total", "duplicate_conflict", "shares_sum")
FLAG_COLUMNS = [
    "rule", "district_code", "indicator", "period_start", "period_end", "fact_ids", "values", "expected",
    "message", "quotes",
]
_QUALIFICATIONS = ["qualification_postgraduate", "qualification_university", "qualification_college",
                   "qualification_intermediate", "qualification_other", "qualification_none"]
_POLITICAL = ["political_theory_advanced", "political_theory_intermediate", "political_theory_elementary"]


def _breakdown(slug: str, scopes: list[str], op: str = "=") -> str:
    return " + ".join(f"{slug}[{s}]" for s in scopes) + f" {op} 100"


#: Relations that hold in any source (the data can add its own in data/checks.yaml).
RELATIONS = pd.DataFrame([
    ("pct_mismatch", "online_services_level3_pct = 100 * online_services_level3_count / tthc_published_count"),
    ("pct_mismatch", "online_services_level4_pct = 100 * online_services_level4_count / tthc_published_count"),
    ("parts_vs_total", "dossiers_resolved = dossiers_on_time + dossiers_late"),
    ("parts_vs_total", "dossiers_on_time = dossiers_early + dossiers_on_time_only"),
    ("parts_vs_total", "communes_count[_] = communes_count[rural_communes] + communes_count[townships]"),
    ("parts_vs_total", "people_committee_members_count[_] = people_committee_members_count[chairs]"
                       " + people_committee_members_count[vice_chairs] + people_committee_members_count[commissioners]"),
    ("parts_vs_total", "staff_decrease_count = staff_reduced + staff_retired_count + staff_deceased_count"
                       " + staff_resigned_count"),
    ("shares_sum", _breakdown("staff_professional_qualification_pct", _QUALIFICATIONS)),
    ("shares_sum", _breakdown("public_employees_qualification_pct", _QUALIFICATIONS)),
    ("shares_sum", _breakdown("staff_political_theory_pct", _POLITICAL)),
    ("shares_sum", _breakdown("public_employees_political_theory_pct", _POLITICAL)),
    ("shares_sum", "dossiers_early_pct + dossiers_on_time_only_pct + dossiers_late_pct <= 100"),
], columns=["rule", "relation"]).assign(tolerance=math.nan, source_id="", note="")
_RANGE_LOW = re.compile(r"\blower bound\b", re.IGNORECASE)
_RANGE_HIGH = re.compile(r"\bupper bound\b", re.IGNORECASE)


def default_relations(*, catalog: pd.DataFrame | None = None, checks_path: str | Path | None = None) -> pd.DataFrame:
    """Return the declared relations: :data:`RELATIONS`, catalog formulas and ``checks.yaml``.

    Parameters
    ----------
    catalog : DataFrame, optional
        Its share formulas become ``pct_mismatch`` relations; default the project's catalog.
    checks_path : str or Path, optional
        Default ``data/checks.yaml``; its optional ``relations:`` list holds dicts
        with ``rule``, ``relation`` and optionally ``tolerance``, ``source_id``, ``note``.

    Returns
    -------
    DataFrame
        Columns ``rule, relation, tolerance, source_id, note``, without duplicates.

    Examples
    --------
    >>> import pandas as pd
    >>> cat = pd.DataFrame({"unit": ["pct"], "formula": ["100 * online_dossiers / dossiers_received"]},
    ...     index=["online_dossiers_pct"])
    >>> rel = default_relations(catalog=cat, checks_path="/nonexistent.yaml")
    >>> rel.loc[rel["relation"].str.startswith("online_dossiers_pct"), "rule"].tolist()
    ['pct_mismatch']
    """
    catalog = _catalog(catalog)
    frames = [RELATIONS]
    if "formula" in catalog.columns:
        pct = [(s, f) for s, f in catalog["formula"].dropna().items()
               if str(f).strip() and (catalog.at[s, "unit"] == "pct" if "unit" in catalog.columns else s.endswith("_pct"))]
        frames.append(pd.DataFrame({"rule": "pct_mismatch", "relation": [f"{s} = {f}" for s, f in pct]}))
    path = Path(checks_path) if checks_path else settings.data_dir() / "checks.yaml"
    if path.is_file():
        declared = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("relations") or []
        frames.append(pd.DataFrame(declared))
    out = pd.concat(frames, ignore_index=True)
    for col, empty in (("tolerance", math.nan), ("source_id", ""), ("note", "")):
        out[col] = out[col].fillna(empty) if col in out else empty
    out["relation"] = out["relation"].str.split().str.join(" ")
    return out.drop_duplicates(["rule", "relation", "source_id"]).reset_index(drop=True)


def _parse_relation(rule: str, text: str) -> tuple[Formula, str, Formula]:
    if rule not in RULES or rule == "duplicate_conflict":
        raise ParameterError("rule", rule, "a relation's rule", choices=[r for r in RULES if r != "duplicate_conflict"])
    parts = re.split(r"\s*(<=|=)\s*", str(text))
    if len(parts) != 3:
        raise ParameterError("relation", text, "write 'lhs = rhs' or 'lhs <= rhs' with one comparison",
                             choices=["dossiers_resolved = dossiers_on_time + dossiers_late"])
    lhs, op, rhs = parse_formula(parts[0]), parts[1], parse_formula(parts[2])
    if rule == "pct_mismatch" and (len(lhs.terms) != 1 or not isinstance(lhs.tree.body, (ast.Name, ast.Subscript))):
        raise ParameterError("relation", text, "a pct_mismatch relation states one share on the left: 'x_pct = 100 * a / b'")
    if rule == "shares_sum" and not _is_sum(lhs):
        raise ParameterError("relation", text, "a shares_sum relation adds shares on the left: 'a_pct + b_pct = 100'")
    return lhs, op, rhs


def _is_sum(f: Formula) -> bool:
    def ok(node):
        if isinstance(node, ast.BinOp):
            return isinstance(node.op, ast.Add) and ok(node.left) and ok(node.right)
        return isinstance(node, (ast.Name, ast.Subscript))
    return ok(f.tree.body)


def _decimals(value: float) -> int:
    text = f"{abs(value):.10f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def _describe(district, t, scope, level, start, end, kind) -> str:
    period = str(start) if start == end else f"{start}–{end}"
    return f"{district} {t}{f' [{scope}]' if scope else ''} ({level}, {period}, {kind})"


_BASE = ["district_code", "source_id", "period_start", "period_end", "kind", "date_start", "date_end"]
_KEY = _BASE + ["indicator", "scope", "level"]
_TEXT = [c for c in _KEY if c not in ("period_start", "period_end")]


class _Encoded:
    """The facts' keys as integers: a *base* id per (district, source, period, kind, dates) and codes
    for indicator, scope and level, so that finding and joining the terms of a relation is integer work."""

    def __init__(self, f: pd.DataFrame):
        self.uniques, self._lookup, codes = {}, {}, {}
        for c in _TEXT:
            codes[c], uniques = pd.factorize(f[c].to_numpy(dtype=object))
            self.uniques[c] = np.asarray(uniques, dtype=object)
            self._lookup[c] = {v: i for i, v in enumerate(self.uniques[c])}
        frame = pd.DataFrame(codes | {"period_start": f["period_start"].to_numpy(),
                                      "period_end": f["period_end"].to_numpy()})
        self.base = frame.groupby(_BASE, sort=False).ngroup().to_numpy()
        self.bases = frame.drop_duplicates(_BASE)[_BASE].reset_index(drop=True)  # base id → its columns
        self.ind, self.scope, self.level = codes["indicator"], codes["scope"], codes["level"]
        self.n_scope, self.n_level = len(self.uniques["scope"]) + 1, len(self.uniques["level"]) + 1
        self.value = f["value"].to_numpy(float)
        self.frame = frame

    def code(self, column: str, value) -> int:
        return self._lookup[column].get(value, -2)  # -2 matches nothing

    def keys(self) -> dict[str, np.ndarray]:
        """One entry per key of the facts: base, indicator, scope, level, number of distinct values, first value."""
        n_ind = len(self.uniques["indicator"]) + 1
        key = ((self.base.astype(np.int64) * n_ind + self.ind) * self.n_scope + self.scope) * self.n_level + self.level
        distinct = pd.DataFrame({"key": key, "value": self.value}).drop_duplicates()
        g = distinct.groupby("key", sort=False)["value"].agg(["size", "first"])
        k = g.index.to_numpy()
        level, k = k % self.n_level, k // self.n_level
        scope, k = k % self.n_scope, k // self.n_scope
        return {"base": k // n_ind, "indicator": k % n_ind, "scope": scope, "level": level,
                "n": g["size"].to_numpy(), "v": g["first"].to_numpy(float)}

    def project(self, base, scope, level, with_scope: bool, with_level: bool) -> np.ndarray:
        """One integer per (base[, scope][, level])."""
        return ((base * self.n_scope + (scope if with_scope else 0)) * self.n_level + (level if with_level else 0))


def _contexts(rel: dict, terms, keys: dict, enc: _Encoded, free_scope: bool, free_level: bool) -> np.ndarray:
    """The (district, source, period, kind, dates[, scope][, level]) where a relation has a term stated,
    as :meth:`_Encoded.project` integers."""
    found = []
    for t in terms:
        if (free_scope and t.scope is not None) or (free_level and t.level is not None):
            continue  # a context takes its scope and level from a term that is free in them
        m = keys["indicator"] == enc.code("indicator", t.slug)
        if rel.get("source_id"):
            m &= enc.bases["source_id"].to_numpy()[keys["base"]] == enc.code("source_id", rel["source_id"])
        if t.scope is not None:
            m &= keys["scope"] == enc.code("scope", t.scope)
        if t.level is not None:
            m &= keys["level"] == enc.code("level", t.level)
        found.append(enc.project(keys["base"][m], keys["scope"][m], keys["level"][m], free_scope, free_level))
    return np.unique(np.concatenate(found)) if found else np.array([], dtype=np.int64)


def _maybe_broken(rel, lhs, op, rhs, n: dict, v: dict, tolerance, shares_tolerance, printed_precision) -> np.ndarray:
    """Decide :func:`_evaluate` for every context whose terms each state one value at most, vectorised.

    ``n[t]`` and ``v[t]`` are each context's number of distinct values of term ``t`` and the first.
    Returns a mask of the contexts that :func:`_evaluate` must look at (broken here, or a term
    stated with several values); every other context passes, exactly as it would there.
    """
    rule, terms = rel["rule"], list(n)
    size = len(next(iter(n.values())))
    present = {t: n[t] > 0 for t in terms}
    multi = np.zeros(size, dtype=bool)
    for t in terms:
        multi |= n[t] > 1
    lhs_ok = np.logical_and.reduce([present[t] for t in lhs.terms])
    rhs_ok = np.logical_and.reduce([present[t] for t in rhs.terms])
    if rule == "shares_sum":
        run = np.sum([present[t] for t in terms], axis=0) >= 2
        partial = ~lhs_ok
    else:
        some_rhs = np.logical_or.reduce([present[t] for t in rhs.terms])
        sum_ok = rule == "parts_vs_total" and _is_sum(rhs)
        run = lhs_ok & (rhs_ok | (sum_ok & some_rhs))
        partial = lhs_ok & ~rhs_ok
    full = {t: np.where(present[t], v[t], 0.0) for t in terms}
    with np.errstate(all="ignore"):
        left, right = lhs.evaluate_many(full), rhs.evaluate_many(full)
    left, right = np.broadcast_to(left, (size,)), np.broadcast_to(right, (size,))
    run &= ~(np.isnan(left) | np.isnan(right))
    diff = left - right
    if not math.isnan(rel.get("tolerance", math.nan)):
        tol = np.full(size, float(rel["tolerance"]))
    elif rule == "pct_mismatch":
        tol = np.full(size, float(tolerance))
        if printed_precision:
            near = run & (np.abs(diff) <= tolerance)  # only there can the printed precision matter
            tol[near] = np.minimum(tolerance, [10.0 ** -_decimals(x) for x in left[near]])
    elif rule == "shares_sum":
        tol = np.full(size, float(shares_tolerance))
    else:
        tol = np.zeros(size)
    excess = diff if rule == "shares_sum" else right - left
    with np.errstate(invalid="ignore"):
        broken = np.where(partial | (op == "<="), excess > tol, np.abs(diff) > tol)
        broken &= np.abs(diff) > 1e-9 * np.maximum(1.0, np.maximum(np.abs(left), np.abs(right)))
    return multi | (run & broken)


def _check_relation(rel: dict, keys: dict, enc: _Encoded, f: pd.DataFrame, tolerance: float,
                    shares_tolerance: float, printed_precision: bool) -> list[dict]:
    lhs, op, rhs = _parse_relation(rel["rule"], rel["relation"])
    terms = list(dict.fromkeys(lhs.terms + rhs.terms))
    free_scope = any(t.scope is None for t in terms)
    free_level = any(t.level is None for t in terms)
    mine = np.isin(keys["indicator"], [enc.code("indicator", t.slug) for t in terms])
    keys = {k: a[mine] for k, a in keys.items()}
    ctx = _contexts(rel, terms, keys, enc, free_scope, free_level)
    if not len(ctx):
        return []
    ctx_level, rest = ctx % enc.n_level, ctx // enc.n_level
    ctx_scope, ctx_base = rest % enc.n_scope, rest // enc.n_scope
    n, v = {}, {}
    for t in terms:
        m = keys["indicator"] == enc.code("indicator", t.slug)
        if t.scope is not None:
            m &= keys["scope"] == enc.code("scope", t.scope)
        if t.level is not None:
            m &= keys["level"] == enc.code("level", t.level)
        have = pd.Index(enc.project(keys["base"][m], keys["scope"][m], keys["level"][m], t.scope is None, t.level is None))
        at = have.get_indexer(enc.project(ctx_base, ctx_scope, ctx_level, t.scope is None, t.level is None))
        found = at >= 0
        n[t], v[t] = np.zeros(len(ctx), dtype=int), np.full(len(ctx), np.nan)
        n[t][found], v[t][found] = keys["n"][m][at[found]], keys["v"][m][at[found]]
    look = _maybe_broken(rel, lhs, op, rhs, n, v, tolerance, shares_tolerance, printed_precision)
    if not look.any():
        return []
    bases = enc.bases.iloc[ctx_base[look]].reset_index(drop=True)
    index = _index(f.iloc[np.flatnonzero(np.isin(enc.base, ctx_base[look]))])
    scopes, levels = enc.uniques["scope"], enc.uniques["level"]
    contexts = [(enc.uniques["district_code"][b.district_code], enc.uniques["source_id"][b.source_id],
                 int(b.period_start), int(b.period_end), enc.uniques["kind"][b.kind],
                 scopes[sc] if free_scope else None, levels[lv] if free_level else None,
                 enc.uniques["date_start"][b.date_start], enc.uniques["date_end"][b.date_end])
                for b, sc, lv in zip(bases.itertuples(index=False), ctx_scope[look], ctx_level[look])]
    flags = []
    for d, src, ps, pe, kind, scope, level, ds, de in sorted(contexts, key=lambda c: (str(c[:7]), c[7:])):
        present = {}
        for t in terms:
            rows = index.get((d, src, ps, pe, kind, ds, de, t.slug, scope if t.scope is None else t.scope,
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


def _index(f: pd.DataFrame) -> dict[tuple, list[dict]]:
    """Map each key to its rows (as dicts, in order), one row per distinct value."""
    index: dict[tuple, list[dict]] = {}
    for r in f.to_dict("records"):
        r["period_start"], r["period_end"], r["value"] = int(r["period_start"]), int(r["period_end"]), float(r["value"])
        rows = index.setdefault(tuple(r[c] for c in _KEY), [])
        if all(x["value"] != r["value"] for x in rows):
            rows.append(r)
    return index


def _evaluate(rel, lhs, op, rhs, present, tolerance, shares_tolerance, printed_precision) -> dict | None:
    rule = rel["rule"]
    lhs_ok = all(t in present for t in lhs.terms)
    rhs_ok = all(t in present for t in rhs.terms)
    partial = False
    if rule == "shares_sum":
        if len(present) < 2:
            return None
        partial = not lhs_ok
    elif not lhs_ok:
        return None
    elif not rhs_ok:
        if rule != "parts_vs_total" or not _is_sum(rhs) or not any(t in present for t in rhs.terms):
            return None
        partial = True
    terms = [t for t in dict.fromkeys(lhs.terms + rhs.terms) if t in present]
    best = None
    for combo in itertools.product(*(present[t] for t in terms)):
        values = {t: r["value"] for t, r in zip(terms, combo)}
        full = {t: values.get(t, 0.0) for t in lhs.terms + rhs.terms}
        left, right = lhs.evaluate(full), rhs.evaluate(full)
        if math.isnan(left) or math.isnan(right):
            return None
        if not math.isnan(rel.get("tolerance", math.nan)):
            tol, why = float(rel["tolerance"]), f"allowed {rel['tolerance']:g}"
        elif rule == "pct_mismatch":
            unit = 10.0 ** -_decimals(left) if printed_precision else math.inf
            tol = min(tolerance, unit)
            why = (f"allowed {tol:g} for a share printed with {_decimals(left)} decimal(s)" if tol < tolerance
                   else f"allowed {tol:g}")
        elif rule == "shares_sum":
            tol, why = shares_tolerance, f"allowed {shares_tolerance:g}"
        else:
            tol, why = 0.0, "parts must add up exactly"
        diff = left - right
        excess = diff if rule == "shares_sum" else right - left
        broken = (excess > tol) if (partial or op == "<=") else abs(diff) > tol
        broken = broken and abs(diff) > 1e-9 * max(1.0, abs(left), abs(right))
        if not broken:
            return None  # some choice among the stated figures satisfies the relation
        if best is None:
            best = (combo, terms, values, left, right, diff, why)
    combo, terms, values, left, right, diff, why = best
    shown = {t: values[t] for t in terms}
    unit = " percentage points" if rule in ("pct_mismatch", "shares_sum") else ""
    if rule == "shares_sum":
        missing = [str(t) for t in lhs.terms if t not in present]
        msg = (f"shares {' + '.join(_fmt(v) for t, v in shown.items() if t in lhs.terms)} = {left:.2f}"
               + (f", already above {right:g} with {', '.join(missing)} not stated" if partial else f", not {right:g}")
               + f": off by {abs(diff):.2f}{unit} ({why})")
    elif partial:
        msg = (f"stated {_fmt(left)}, but the parts stated alone add up to {_fmt(right)} "
               f"({' + '.join(f'{t}={_fmt(v)}' for t, v in shown.items() if t in rhs.terms)}), above the total")
    else:
        msg = (f"stated {_fmt(left)} but {rhs.text} = {rhs.substitute(values)} = "
               f"{f'{right:.2f}' if unit else _fmt(right)}, "
               f"off by {abs(diff):.4g}{unit} ({why})")
    return {"rule": rule, "fact_ids": ";".join(r["fact_id"] for r in combo),
            "values": "; ".join(f"{t}={_fmt(v)}" for t, v in shown.items()),
            "expected": right, "message": msg, "quotes": " | ".join(dict.fromkeys(r["quote"] for r in combo if r["quote"]))}


def _duplicate_flags(f: pd.DataFrame, enc: _Encoded) -> list[dict]:
    key = ["district_code", "indicator", "scope", "level", "period_start", "period_end", "kind", "date_start",
           "date_end"]
    flags = []
    f = f[enc.frame.duplicated(key, keep=False).to_numpy()]  # only repeated keys can conflict (most are single)
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


def check_consistency(facts: pd.DataFrame, *, tolerance: float = 0.5, shares_tolerance: float = 1.0,
                      printed_precision: bool = True, relations: pd.DataFrame | None = None,
                      catalog: pd.DataFrame | None = None, rules=RULES) -> pd.DataFrame:
    """Check facts against each other and return a table of flags with their quotes.

    Parameters
    ----------
    facts : DataFrame
        As returned by :func:`~cchc_analysis.loaders.load_facts` (``source_id``,
        ``quote`` and ``note`` are used when present).
    tolerance : float
        Largest allowed gap, in percentage points, between a stated share and
        the share computed from its counts.
    shares_tolerance : float
        Largest allowed distance from 100 of a breakdown's shares (rounding of
        each share adds up).
    printed_precision : bool
        Also hold a share to the precision it is printed with: ``77.86`` (two
        decimals) must match its counts within 0.01, ``98.7`` within 0.1; never
        looser than ``tolerance``.  So 204 of 263 printed as 77,86% (off by 0.29)
        is caught, while a share printed as ``78`` may be off by ``tolerance``.
    relations : DataFrame, optional
        Columns ``rule, relation`` (and optionally ``tolerance``, ``source_id``,
        ``note``); default :func:`default_relations`.  A per-relation tolerance
        replaces the rule's.
    catalog : DataFrame, optional
        Passed to :func:`default_relations` when ``relations`` is None.
    rules : sequence of str
        Which of :data:`RULES` to run.

    Returns
    -------
    DataFrame
        Columns :data:`FLAG_COLUMNS`: the rule, district, indicator (the share,
        the total or the first share of a breakdown), period, the facts involved,
        their values, the expected value (the computed share, the sum of the
        parts, 100; NaN for duplicates), a message and the quotes.  Empty when
        everything agrees.  Where a term is stated with several values, a relation is
        flagged only if no choice among them satisfies it.

    Raises
    ------
    ParameterError
        For an unknown rule, a malformed relation, or missing columns.

    Examples
    --------
    >>> import pandas as pd
    >>> facts = pd.DataFrame({"fact_id": ["t:011", "t:056"], "district_code": "849",
    ...     "indicator": "staff_quota", "scope": "public_employees", "level": "district",
    ...     "period_start": 2021, "period_end": 2021, "value": [1656.0, 1670.0], "kind": "actual"})
    >>> flags = check_consistency(facts, relations=pd.DataFrame(columns=["rule", "relation"]))
    >>> print(flags.loc[0, "message"])
    849 staff_quota [public_employees] (district, 2021, actual) is stated with 2 different values: 1656 (t:011), 1670 (t:056)
    """
    _check_columns(facts, FACT_REQUIRED, "facts")
    unknown = sorted(set(rules) - set(RULES))
    if unknown:
        raise ParameterError("rules", unknown, "unknown rule", choices=RULES)
    f = facts[[c for c in FACT_REQUIRED + ["source_id", "quote", "note", "date_start", "date_end"] if c in facts]].copy()
    for col in ("source_id", "quote", "note", "scope", "date_start", "date_end"):
        f[col] = f[col].fillna("").astype(str) if col in f else ""
    f = f.astype({"period_start": int, "period_end": int, "value": float})
    enc = _Encoded(f)
    flags = _duplicate_flags(f, enc) if "duplicate_conflict" in rules else []
    if relations is None:
        relations = default_relations(catalog=catalog)
    _check_columns(relations, ["rule", "relation"], "relations")
    for rel in relations.to_dict("records"):
        _parse_relation(rel["rule"], rel["relation"])  # every declared relation must be valid, run or not
    relations = relations[relations["rule"].isin(rules)]
    if len(relations):
        keys = enc.keys()
        for rel in relations.to_dict("records"):
            rel = {"tolerance": math.nan, "source_id": ""} | {k: v for k, v in rel.items() if not _missing(v)}
            flags += _check_relation(rel, keys, enc, f, tolerance, shares_tolerance, printed_precision)
    out = pd.DataFrame(flags, columns=FLAG_COLUMNS)
    return out.sort_values(["rule", "district_code", "indicator", "period_start"], kind="stable").reset_index(drop=True)


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v == ""
