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


def _check_relation(rel: dict, index: dict, tolerance: float, shares_tolerance: float, printed_precision: bool) -> list[dict]:
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


def _duplicate_flags(f: pd.DataFrame) -> list[dict]:
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
    f = facts.copy()
    for col in ("source_id", "quote", "note", "scope"):
        f[col] = f[col].fillna("").astype(str) if col in f else ""
    f = f.astype({"period_start": int, "period_end": int, "value": float})
    flags = _duplicate_flags(f) if "duplicate_conflict" in rules else []
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
            flags += _check_relation(rel, index, tolerance, shares_tolerance, printed_precision)
    out = pd.DataFrame(flags, columns=FLAG_COLUMNS)
    return out.sort_values(["rule", "district_code", "indicator", "period_start"], kind="stable").reset_index(drop=True)


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v == ""
