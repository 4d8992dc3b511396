"""Score the extractor against curated facts: the seeds (``data/facts.csv``) and the development set.

The strict rule: a candidate finds a fact when district, indicator, level,
period (first and last year), kind and value are all the same, and dates and
qualifier too where both have them; each fact and each candidate is used once.
Recall = facts found / facts; precision = candidates that found a fact /
candidates given one of the scored slugs (by default :data:`CORE_SLUGS`: the
core slugs of ``shared/DESIGN.md`` plus ``par_index_score``).

Examples
--------
>>> cand = pd.DataFrame({"district_code": ["397"] * 2, "indicator": ["population", "population"],
...     "level": "district_and_commune", "period_start": 2021, "period_end": 2021, "kind": "actual",
...     "value": [155400.0, 3.0]})
>>> facts = cand.iloc[:1].copy()
>>> score(cand, facts).loc["all", ["recall", "precision"]].tolist()
[1.0, 0.5]
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import settings

__all__ = ["CORE_SLUGS", "score", "evaluate_seeds", "evaluate_devset", "format_score"]

CORE_SLUGS = (
    "communes_count villages_count population area_ha specialized_agencies_count civil_servants_count "
    "public_employees_count commune_officials_count staff_quota staff_reduced training_participants "
    "tthc_published_count tthc_fields_count dossiers_received dossiers_on_time dossiers_early dossiers_late "
    "dossiers_on_time_pct dossiers_late_pct online_dossiers online_dossiers_pct online_services_level3_count "
    "online_services_level4_count satisfaction_pct surveys_count complaints_received complaints_resolved "
    "complaints_resolved_pct par_index_score par_index_rank legal_documents_issued").split()
_KEY = ["district_code", "indicator", "level", "period_start", "period_end", "kind"]


def _text(v) -> str:
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA else str(v)


def _years(row) -> tuple:
    return tuple(None if _text(row.get(c)) == "" else int(row.get(c)) for c in ("period_start", "period_end"))


def _key(row) -> tuple:
    return (_text(row.get("district_code")), row.get("indicator"), row.get("level")) + _years(row) + (
        row.get("kind"), round(float(row.get("value")), 6))


def _compatible(a, b) -> bool:
    for col in ("date_start", "date_end", "qualifier"):
        x, y = _text(a.get(col)), _text(b.get(col))
        if x and y and x != y:
            return False
    return True


def score(candidates: pd.DataFrame, facts: pd.DataFrame, slugs=CORE_SLUGS) -> pd.DataFrame:
    """Return recall and precision per indicator and overall (row ``"all"``), by the strict rule.

    Parameters
    ----------
    candidates, facts : DataFrame
        With the columns of :data:`_KEY` and ``value`` (``date_start``,
        ``date_end``, ``qualifier`` optional).
    slugs : collection of str
        The indicators scored.

    Examples
    --------
    >>> c = pd.DataFrame({"district_code": "1", "indicator": ["dossiers_late"], "level": "district",
    ...                   "period_start": 2020, "period_end": 2020, "kind": "actual", "value": [0.0]})
    >>> float(score(c, c).loc["dossiers_late", "recall"])
    1.0
    """
    slugs = set(slugs)
    cands = [r for r in candidates.to_dict("records") if r.get("indicator") in slugs]
    truth = [r for r in facts.to_dict("records") if r.get("indicator") in slugs]
    pool: dict[tuple, list] = {}
    for c in cands:
        pool.setdefault(_key(c), []).append(c)
    found: dict[str, int] = {}
    missed = []
    for f in truth:
        hits = pool.get(_key(f), [])
        hit = next((c for c in hits if _compatible(c, f)), None)
        if hit is not None:
            hits.remove(hit)
            found[f["indicator"]] = found.get(f["indicator"], 0) + 1
        else:
            missed.append(f)
    rows = []
    names = sorted({r["indicator"] for r in truth} | {r["indicator"] for r in cands})
    for slug in names + ["all"]:
        n_facts = sum(1 for r in truth if slug in ("all", r["indicator"]))
        n_cands = sum(1 for r in cands if slug in ("all", r["indicator"]))
        n_found = sum(found.values()) if slug == "all" else found.get(slug, 0)
        rows.append({"indicator": slug, "facts": n_facts, "candidates": n_cands, "found": n_found,
                     "recall": n_found / n_facts if n_facts else float("nan"),
                     "precision": n_found / n_cands if n_cands else float("nan")})
    table = pd.DataFrame(rows).set_index("indicator")
    table.attrs["misses"] = _why_missed(missed, [c for hits in pool.values() for c in hits])
    return table


#: why a fact was not found, in the order a near candidate is checked; and a candidate left over
MISS_REASONS = {"indicator": "another indicator", "level": "another level", "period": "another period",
                "kind": "another kind", "dates": "other dates or qualifier",
                "none": "no candidate of its value", "extra": "candidates that match no fact"}


def _why_missed(missed: list[dict], left: list[dict]) -> pd.Series:
    """Count, for each fact not found, how the nearest left-over candidate of its value differs.

    A candidate of the same district and value is near; the one differing in the fewest of
    indicator, level, period, kind is taken (once), and the first of these it differs in is
    the reason. A fact with no such candidate is "none"; candidates left after that are "extra".
    """
    counts = dict.fromkeys(MISS_REASONS, 0)
    left = list(left)
    for f in missed:
        near = [c for c in left if _text(c.get("district_code")) == _text(f.get("district_code"))
                and round(float(c["value"]), 6) == round(float(f["value"]), 6)]
        if not near:
            counts["none"] += 1
            continue
        best = min(near, key=lambda c: len(_differences(c, f)))
        left.remove(best)
        counts[(_differences(best, f) or ["dates"])[0]] += 1
    counts["extra"] = len(left)
    return pd.Series(counts, name="count")


def _differences(c: dict, f: dict) -> list[str]:
    """The parts of the strict key (beside district and value) in which candidate ``c`` and fact ``f`` differ."""
    return [name for name, same in (("indicator", c.get("indicator") == f.get("indicator")),
                                    ("level", c.get("level") == f.get("level")),
                                    ("period", _years(c) == _years(f)),
                                    ("kind", c.get("kind") == f.get("kind"))) if not same]


def evaluate_seeds(facts: pd.DataFrame | None = None, sources: pd.DataFrame | None = None,
                   seeds_dir: str | Path | None = None, slugs=CORE_SLUGS) -> pd.DataFrame:
    """Extract every seed document and score its candidates against ``data/facts.csv``.

    Raises
    ------
    SourceTextMissingError
        When a seed text is not in ``seeds_dir`` (``CCHC_SEEDS_DIR``).

    Examples
    --------
    >>> evaluate_seeds(seeds_dir="/nowhere")   # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.SourceTextMissingError: source text /nowhere/... not found. ...
    """
    from ..loaders import load_catalog, load_facts, load_sources
    from ..sources import read_source_text
    from .candidates import extract_candidates

    facts = load_facts() if facts is None else facts
    sources = load_sources() if sources is None else sources
    catalog = load_catalog()
    parts = []
    for src in sources.to_dict("records"):
        if not _text(src.get("seed_file")):
            continue
        text = read_source_text(src["seed_file"], Path(seeds_dir) if seeds_dir else None)
        date = _text(src.get("date"))
        parts.append(extract_candidates(
            text, source_id=src["source_id"], district_code=str(src["district_code"]), catalog=catalog,
            period=(int(src["period_start"]), int(src["period_end"])),
            document_year=int(date[:4]) if date[:4].isdigit() else None, doc_type=src.get("doc_type")))
    return score(pd.concat(parts, ignore_index=True), facts, slugs)


def load_devset(path: str | Path | None = None) -> list[dict]:
    """Return the passages of ``data/devset/passages.yaml`` (see ``SPEC_SHARED.md`` §3).

    Examples
    --------
    >>> load_devset("/nowhere.yaml")
    Traceback (most recent call last):
    ...
    FileNotFoundError: development set /nowhere.yaml not found
    """
    import yaml

    path = Path(path) if path else settings.data_dir() / "devset" / "passages.yaml"
    if not path.is_file():
        raise FileNotFoundError(f"development set {path} not found")
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def evaluate_devset(path: str | Path | None = None, split: str = "dev", slugs=CORE_SLUGS) -> pd.DataFrame:
    """Extract every passage of one split of the development set and score it.

    Each passage is read as its own document: a province's page (``district:
    null``) at level ``province``, its year from ``published``, its ``title``
    (the page's headline) as the context above its text. A page that shows no
    date gives no year to figures stating none, so the passages that show one
    are also scored apart (``table.attrs["dated"]``, printed by :func:`format_score`).

    Examples
    --------
    >>> evaluate_devset("/nowhere.yaml")
    Traceback (most recent call last):
    ...
    FileNotFoundError: development set /nowhere.yaml not found
    """
    from ..loaders import load_catalog
    from .candidates import extract_candidates

    catalog = load_catalog()
    cands, facts, dated = [], [], set()
    for i, p in enumerate(x for x in load_devset(path) if x.get("split") == split):
        code = f"{i:03d}"
        published = _text(p.get("published"))
        if published[:4].isdigit():
            dated.add(code)
        c = extract_candidates(p.get("text") or "", source_id=p["id"], district_code=code, catalog=catalog,
                               title=_text(p.get("title")) or None,
                               level="district" if p.get("district") else "province",
                               document_year=int(published[:4]) if published[:4].isdigit() else None)
        cands.append(c)
        for f in p.get("facts") or []:
            facts.append({**f, "district_code": code, "kind": f.get("kind") or "actual"})
    cand = pd.concat(cands, ignore_index=True) if cands else pd.DataFrame(columns=_KEY + ["value"])
    facts = pd.DataFrame(facts, columns=_KEY + ["value", "date_start", "date_end", "qualifier"])
    table = score(cand, facts, slugs)
    # a page that shows no date gives no year to the figures that state none: scored apart as well
    if dated and len(dated) < len(cands):
        part = score(cand[cand["district_code"].isin(dated)], facts[facts["district_code"].isin(dated)], slugs)
        table.attrs["dated"] = {"passages": len(dated), "of": len(cands), **part.loc["all"].to_dict()}
    return table


def format_score(table: pd.DataFrame, title: str) -> str:
    """Return a score table as aligned text, the overall row last.

    Examples
    --------
    >>> t = pd.DataFrame({"facts": [1], "candidates": [2], "found": [1], "recall": [1.0],
    ...                   "precision": [0.5]}, index=pd.Index(["all"], name="indicator"))
    >>> print(format_score(t, "demo"))
    demo
    indicator  facts  candidates  found  recall  precision
          all      1           2      1  100.0%      50.0%
    """
    shown = table.copy()
    for col in ("recall", "precision"):
        shown[col] = shown[col].map(lambda v: "—" if pd.isna(v) else f"{100 * v:.1f}%")
    text = title + "\n" + shown.reset_index().to_string(index=False)
    misses = table.attrs.get("misses")
    if misses is not None and misses.sum():
        text += "\nfacts not found: " + ", ".join(
            f"{n} {MISS_REASONS[k]}" for k, n in misses.items() if n and k != "extra")
        text += f"; {misses['extra']} {MISS_REASONS['extra']}"
    if (d := table.attrs.get("dated")):
        text += (f"\npassages that show a date ({d['passages']} of {d['of']}): {d['facts']:.0f} facts, "
                 f"{d['candidates']:.0f} candidates, {d['found']:.0f} found, recall {100 * d['recall']:.1f}%, "
                 f"precision {100 * d['precision']:.1f}%")
    return text
