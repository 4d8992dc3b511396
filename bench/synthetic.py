"""Generate SYNTHETIC facts for benchmarks and scale tests — never for reports.

The curated fact base covers five districts; the benchmarks need all 696.
:func:`make_facts` fills the exact ``data/facts.csv`` schema
(:data:`cchc_analysis.loaders.FACT_COLUMNS`) with made-up but plausible
figures for real district codes and real catalog slugs:

- shares lie in 0–100, counts are whole and never negative;
- counts and shares agree with each other as the catalog's formulas and
  :data:`cchc_analysis.consistency.RELATIONS` say (``dossiers_on_time_pct =
  100 * dossiers_on_time / dossiers_resolved`` rounded to two decimals,
  resolved = on time + late, on time = early + on time only, communes =
  rural communes + townships), so ``check_consistency`` finds nothing to flag;
- some shares are left out so that ``derive_panel`` computes them, some years
  are left out (gaps stay gaps), and there are targets, baselines and
  five-year totals, as in the real data.

Every row says it is synthetic: ``source_id`` is ``"synthetic"``, the quote
starts with ``"SYNTHETIC"`` and the note is ``"synthetic"``.  ``fact_id`` is
``synthetic-<district>:<nnn>`` because the schema's ``<prefix>:<nnn>`` allows
999 facts per prefix.  Synthetic data never goes under ``data/``:
:func:`write_facts` writes to ``bench/out/`` (git-ignored) and refuses
``data/``.

Examples
--------
>>> facts = make_facts(2, seed=1)
>>> facts["source_id"].unique().tolist(), facts["note"].unique().tolist()
(['synthetic'], ['synthetic'])
>>> bool(facts["quote"].str.startswith("SYNTHETIC").all())
True
>>> make_facts(2, seed=1).equals(facts)
True
"""
from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd

from cchc_analysis import settings
from cchc_analysis.loaders import FACT_COLUMNS, SOURCE_COLUMNS, load_catalog
from cchc_analysis.registry import load_districts

__all__ = ["SOURCE_ID", "OUT_DIR", "make_facts", "make_sources", "write_facts"]

SOURCE_ID = "synthetic"
NOTE = "synthetic"
OUT_DIR = Path(__file__).resolve().parent / "out"
#: The five districts with curated data come first, so small runs look like the real fact base.
_WITH_DATA = ["397", "396", "297", "477", "849"]
_COUNT_UNITS = {"count", "persons", "dossiers", "documents"}
#: Slugs the fixed series below generate (kept out of the random extras).
_FIXED = {
    "dossiers_received", "dossiers_resolved", "dossiers_on_time", "dossiers_late", "dossiers_early",
    "dossiers_on_time_only", "dossiers_on_time_pct", "online_dossiers", "online_dossiers_pct",
    "tthc_published_count", "online_services_level3_count", "online_services_level3_pct",
    "satisfaction_pct", "complaints_received", "complaints_resolved", "complaints_resolved_pct",
    "staff_quota", "communes_count", "training_participants",
}
_LEVELS = ("district", "commune", "district_and_commune")


@functools.lru_cache(maxsize=1)
def _related_slugs() -> frozenset[str]:
    """Return every slug a consistency relation or a catalog formula ties to others."""
    from cchc_analysis.consistency import default_relations
    from cchc_analysis.indicators import parse_formula

    slugs = set()
    for text in default_relations()["relation"]:
        for side in str(text).replace("<=", "=").split("="):
            slugs |= {t.slug for t in parse_formula(side).terms}
    return frozenset(slugs)


def _vi(value: float, unit: str) -> str:
    """Write a number the Vietnamese way: ``232.636`` for a count, ``98,7%`` for a share."""
    if unit == "pct":
        return f"{value:g}".replace(".", ",") + "%"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


class _District:
    """Collect one district's synthetic rows, numbering its facts."""

    def __init__(self, code: str, catalog: pd.DataFrame, rows: list[dict]):
        self.code, self.catalog, self.rows, self.n = code, catalog, rows, 0

    def add(self, indicator, value, year, *, level="district", scope="", kind="actual", end=None):
        self.n += 1
        unit = self.catalog.at[indicator, "unit"]
        end = year if end is None else end
        period = str(year) if end == year else f"{year}–{end}"
        what = {"actual": "", "target": "mục tiêu ", "baseline": "mức xuất phát "}[kind]
        self.rows.append({
            "fact_id": f"{SOURCE_ID}-{self.code}:{self.n:03d}", "district_code": self.code,
            "indicator": indicator, "scope": scope, "level": level, "period_start": int(year),
            "period_end": int(end), "value": float(value), "kind": kind, "source_id": SOURCE_ID,
            "quote": (f"SYNTHETIC (dữ liệu giả lập, không có trong văn bản nào): {what}"
                      f"{self.catalog.at[indicator, 'name_vi']} năm {period}: {_vi(value, unit)}"),
            "note": NOTE, "date_start": "", "date_end": "", "qualifier": "",
        })


def _share(a: float, b: float) -> float:
    return round(100 * a / b, 2)


def _district_rows(d: _District, rng: np.random.Generator, years: list[int], extras: list[str]) -> None:
    size = rng.lognormal(0.0, 0.4)  # how big the district is, relative to a typical one
    t = np.arange(len(years))
    keep = lambda p: rng.random(len(years)) < p  # noqa: E731 - which years a document states
    received_at = {}
    # one-stop shops: counts at district and commune level, with their shares
    for level, base in (("district", 6000.0), ("commune", 15000.0)):
        growth = rng.uniform(0.98, 1.08)
        on_time_rate = np.clip(rng.uniform(0.88, 0.96) + t * rng.uniform(0.0, 0.01), 0, 0.999)
        for i in np.flatnonzero(keep(0.8)):
            y = years[i]
            received = max(1.0, round(base * size * growth ** i * rng.uniform(0.9, 1.1)))
            resolved = round(received * rng.uniform(0.92, 0.995))
            on_time = round(resolved * on_time_rate[i])
            received_at[(level, y)] = received
            d.add("dossiers_received", received, y, level=level)
            d.add("dossiers_resolved", resolved, y, level=level)
            d.add("dossiers_on_time", on_time, y, level=level)
            d.add("dossiers_late", resolved - on_time, y, level=level)
            if level == "district":
                early = round(on_time * rng.uniform(0.2, 0.6))
                d.add("dossiers_early", early, y, level=level)
                d.add("dossiers_on_time_only", on_time - early, y, level=level)
            if rng.random() < 0.5 and resolved:  # else derive_panel computes it
                d.add("dossiers_on_time_pct", _share(on_time, resolved), y, level=level)
    # e-government: online dossiers from the fourth year on, services of level 3
    online_rate = rng.uniform(0.02, 0.1)
    for i, y in enumerate(years):
        if i >= 3 and ("district", y) in received_at and rng.random() < 0.8:
            received = received_at[("district", y)]
            online = round(received * min(0.95, online_rate * (i - 2)))
            d.add("online_dossiers", online, y)
            if rng.random() < 0.5:
                d.add("online_dossiers_pct", _share(online, received), y)
    published = rng.integers(250, 400)
    for i in np.flatnonzero(keep(0.6)):
        level3 = round(published * min(1.0, 0.2 + 0.08 * i * rng.uniform(0.5, 1.5)))
        d.add("tthc_published_count", published, years[i])
        d.add("online_services_level3_count", level3, years[i])
        if rng.random() < 0.5:
            d.add("online_services_level3_pct", _share(level3, published), years[i])
    # outcomes
    start = rng.uniform(78, 88)
    for i in np.flatnonzero(keep(0.7)):
        d.add("satisfaction_pct", round(min(100.0, start + 1.2 * i + rng.normal(0, 1.5)), 1), years[i],
              level="district_and_commune")
    for i in np.flatnonzero(keep(0.5)):
        complaints = int(rng.poisson(40 * size)) + 1
        solved = int(rng.binomial(complaints, 0.9))
        d.add("complaints_received", complaints, years[i])
        d.add("complaints_resolved", solved, years[i])
        d.add("complaints_resolved_pct", _share(solved, complaints), years[i])
    # apparatus: staff quotas shrinking (Resolution 39-NQ/TW), commune mergers in the third year
    for scope, base in (("civil_servants", 90.0), ("public_employees", 1500.0)):
        quota = base * size
        for i in np.flatnonzero(keep(0.6)):
            d.add("staff_quota", round(quota * (1 - 0.015 * i)), years[i], scope=scope)
    rural, towns = int(rng.integers(12, 35)), int(rng.integers(1, 3))
    for i in sorted({0, min(3, len(years) - 1)}):
        if i:
            rural -= int(rng.integers(0, 4))
        d.add("communes_count", rural + towns, years[i], level="commune")
        d.add("communes_count", rural, years[i], level="commune", scope="rural_communes")
        d.add("communes_count", towns, years[i], level="commune", scope="townships")
    # plans: baselines, targets for the last year, five-year totals
    first, last = years[0], years[-1]
    d.add("satisfaction_pct", round(start, 1), first, level="district_and_commune", kind="baseline")
    d.add("satisfaction_pct", 90.0, last, level="district_and_commune", kind="target")
    d.add("dossiers_on_time_pct", 98.0, last, kind="target")
    d.add("online_dossiers_pct", 50.0, last, kind="target")
    if len(years) >= 3:
        end = years[min(5, len(years) - 1)]
        total = sum(v for (lvl, y), v in received_at.items() if years[1] <= y <= end)
        d.add("dossiers_received", total, years[1], end=end, level="district_and_commune")
        d.add("training_participants", int(rng.integers(200, 2000)), years[1], end=end)
    # a few other catalog indicators, each stated in some years
    for slug in extras:
        unit = d.catalog.at[slug, "unit"]
        level = _LEVELS[int(rng.integers(0, 3))]
        base = rng.lognormal(3.5, 1.0)
        for i in np.flatnonzero(keep(0.4)):
            if unit == "pct":
                value = round(float(np.clip(rng.uniform(40, 95) + rng.normal(0, 5), 0, 100)), 1)
            elif unit in _COUNT_UNITS:
                value = float(round(base * rng.uniform(0.8, 1.2)))
            elif unit == "rank":
                value = float(rng.integers(1, 64))
            else:  # days, money, areas, lengths: positive, two decimals
                value = round(base * rng.uniform(0.8, 1.2), 2)
            d.add(slug, value, years[i], level=level)


def make_facts(n_districts: int, *, years=range(2016, 2026), seed: int = 0, n_extra: int = 6) -> pd.DataFrame:
    """Generate SYNTHETIC facts in the ``data/facts.csv`` schema for ``n_districts`` real districts.

    Parameters
    ----------
    n_districts : int
        1 to 696: the five districts with curated data first, then the others
        in the registry's order.
    years : iterable of int
        The years stated (default 2016–2025); at least one.
    seed : int
        Seed of :func:`numpy.random.default_rng`: the same seed gives the same frame.
    n_extra : int
        Other catalog indicators stated per district (drawn from the slugs no
        consistency relation ties to others).

    Returns
    -------
    DataFrame
        Columns :data:`cchc_analysis.loaders.FACT_COLUMNS` with the dtypes of
        :func:`cchc_analysis.loaders.load_facts`; about 190 rows per district
        over ten years.  ``attrs["synthetic"]`` is True.

    Raises
    ------
    ValueError
        When ``n_districts`` is not between 1 and 696 or ``years`` is empty.

    Examples
    --------
    >>> f = make_facts(1, years=range(2020, 2023), seed=3)
    >>> f["district_code"].unique().tolist(), int(f["period_end"].max())
    (['397'], 2022)
    >>> row = f[f["indicator"] == "dossiers_late"].iloc[0]
    >>> row["quote"][:9], bool(row["value"] >= 0)
    ('SYNTHETIC', True)
    """
    years = sorted(int(y) for y in years)
    codes = list(dict.fromkeys(_WITH_DATA + sorted(load_districts()["district_code"])))
    if not 1 <= n_districts <= len(codes) or not years:
        raise ValueError(f"n_districts={n_districts!r} must lie between 1 and {len(codes)}, and years must "
                         f"not be empty (got {years!r})")
    catalog = load_catalog()
    pool = sorted(s for s in catalog.index if s not in _FIXED and s not in _related_slugs()
                  and not catalog.at[s, "formula"])
    rng = np.random.default_rng(seed)
    rows: list[dict] = []
    for code in codes[:n_districts]:
        extras = [pool[i] for i in rng.choice(len(pool), size=min(n_extra, len(pool)), replace=False)]
        d = _District(code, catalog, rows)
        _district_rows(d, rng, years, extras)
        if d.n > 999:
            raise ValueError(f"district {code}: {d.n} facts exceed the 999 a fact_id prefix allows")
    df = pd.DataFrame(rows, columns=FACT_COLUMNS)
    df = df.astype({"period_start": int, "period_end": int, "value": float})
    for col in ("fact_id", "district_code", "indicator", "scope", "level", "kind", "source_id", "quote", "note"):
        df[col] = df[col].astype(str)
    df.attrs["synthetic"] = True
    return df


def make_sources() -> pd.DataFrame:
    """Return the one SYNTHETIC source every synthetic fact cites (the ``load_sources`` schema).

    Examples
    --------
    >>> make_sources()[["source_id", "issuer"]].iloc[0].tolist()
    ['synthetic', 'SYNTHETIC – bench/synthetic.py']
    """
    row = {"source_id": SOURCE_ID, "district_code": "000", "issuer": "SYNTHETIC – bench/synthetic.py",
           "number": "", "date": "2025", "doc_type": "report",
           "title": "SYNTHETIC facts for benchmarks (not a document)", "period_start": 2016,
           "period_end": 2025, "seed_file": "bench/synthetic.py", "sha256": "0" * 64, "note": NOTE}
    return pd.DataFrame([row], columns=SOURCE_COLUMNS)


def write_facts(facts: pd.DataFrame, path: str | Path | None = None) -> Path:
    """Write synthetic facts as CSV (default ``bench/out/facts_synthetic.csv``); never under ``data/``.

    Raises
    ------
    ValueError
        When the path lies under the curated data directory, or a row is not synthetic.

    Examples
    --------
    >>> write_facts(make_facts(1), settings.data_dir() / "facts.csv")
    Traceback (most recent call last):
    ...
    ValueError: ... synthetic facts never go under .../data; write them under bench/out/
    """
    path = Path(path) if path is not None else OUT_DIR / "facts_synthetic.csv"
    data = settings.data_dir().resolve()
    if path.resolve() == data or data in path.resolve().parents:
        raise ValueError(f"path {str(path)!r}: synthetic facts never go under {data}; write them under bench/out/")
    if not (facts["source_id"] == SOURCE_ID).all():
        raise ValueError(f"facts: every row must have source_id {SOURCE_ID!r} (this writer is for synthetic data)")
    path.parent.mkdir(parents=True, exist_ok=True)
    facts[FACT_COLUMNS].to_csv(path, index=False, encoding="utf-8")
    return path
