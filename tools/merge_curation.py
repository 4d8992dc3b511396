"""Merge curation parts (data/curation/<source_id>.*) into the curated data files.

Usage: python tools/merge_curation.py [data/curation]

For each source with a part:
- its rows in data/facts.csv are replaced by the part's rows (other sources untouched);
- its row in data/sources.csv is replaced, with the sha256 of the seed text filled in;
- new slugs and scopes of the part's yaml are added to data/indicators.yaml (a slug
  defined twice with different fields is reported, and the first definition kept).
The files are written to a temporary name and moved into place, so an interrupted
merge never leaves half a file. Run the test suite afterwards.
"""
from __future__ import annotations

import csv
import io
import os
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from cchc_analysis.loaders import AREAS, FACT_COLUMNS, SOURCE_COLUMNS  # noqa: E402
from cchc_analysis.sources import file_sha256, source_text_path  # noqa: E402

HEADER = """\
# Indicator catalog of cchc_analysis: every slug used in facts.csv is defined here,
# and every slug defined here is used (tests/test_catalog.py checks both ways).
#
# Naming: suffix _pct for shares on a 0–100 scale, _count for counts, _ha for hectares,
# _vnd_bn for billions of đồng, _score / _rank for index results.
# Fields of each indicator:
#   name_vi, name_en   labels shown in reports
#   unit               count, persons, dossiers, pct, ha, vnd_bn, score, rank, documents, …
#   area               institutions | administrative_procedures | apparatus | civil_service |
#                      public_finance | e_government | outcomes | context
#   higher_is_better   true / false / null (neither: context figures)
#   formula            derived indicators only: an expression over other slugs
#   description        what is counted, and anything a reader must know
# This file is rewritten by tools/merge_curation.py (grouped by area); edit it freely,
# keeping that shape.
"""


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _read_rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _csv_text(rows: list[dict], columns: list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def dump_catalog(cat: dict) -> str:
    """Return the catalog as YAML text, indicators grouped by area, Vietnamese readable."""
    out = [HEADER]
    dump = lambda d: yaml.safe_dump(d, allow_unicode=True, sort_keys=False, width=100)  # noqa: E731
    out.append(dump({"areas": cat["areas"]}))
    out.append("# Scopes narrow what a figure covers (empty scope = the whole district/level).\n")
    out.append(dump({"scopes": cat["scopes"]}))
    out.append("indicators:\n")
    for area in AREAS:
        entries = {k: v for k, v in cat["indicators"].items() if v.get("area") == area}
        if not entries:
            continue
        out.append(f"  # --- {area} " + "-" * (70 - len(area)) + "\n")
        text = dump(entries)
        out.append("".join("  " + line if line.strip() else line for line in text.splitlines(True)))
    others = {k: v for k, v in cat["indicators"].items() if v.get("area") not in AREAS}
    if others:
        out.append("  # --- area not recognised: fix these ---\n")
        out.append("".join("  " + line for line in dump(others).splitlines(True)))
    return "".join(out)


def main(parts_dir: str = "data/curation") -> int:
    parts = Path(parts_dir)
    data = ROOT / "data"
    facts = _read_rows(data / "facts.csv")
    sources = _read_rows(data / "sources.csv")
    cat = yaml.safe_load((data / "indicators.yaml").read_text(encoding="utf-8"))
    cat.setdefault("scopes", {})
    problems = []
    for part in sorted(parts.glob("*.facts.csv")):
        sid = part.name[: -len(".facts.csv")]
        rows = _read_rows(part)
        facts = [r for r in facts if r["source_id"] != sid] + rows
        for src in _read_rows(parts / f"{sid}.source.csv"):
            path = source_text_path(src["seed_file"])
            src["sha256"] = file_sha256(path) if path.exists() else src.get("sha256", "")
            sources = [s for s in sources if s["source_id"] != src["source_id"]] + [src]
        extra_path = parts / f"{sid}.indicators.yaml"
        extra = yaml.safe_load(extra_path.read_text(encoding="utf-8")) if extra_path.exists() else {}
        for section in ("indicators", "scopes"):
            for slug, spec in ((extra or {}).get(section) or {}).items():
                have = cat[section].get(slug)
                if have is None:
                    cat[section][slug] = spec
                elif have != spec:
                    problems.append(f"{extra_path.name}: {section[:-1]} {slug!r} differs from the catalog; kept the catalog's")
        print(f"{sid}: {len(rows)} facts")
    order = {s["source_id"]: i for i, s in enumerate(sources)}
    facts.sort(key=lambda r: (order.get(r["source_id"], 99), r["fact_id"]))
    _write_atomic(data / "facts.csv", _csv_text(facts, FACT_COLUMNS))
    _write_atomic(data / "sources.csv", _csv_text(sources, SOURCE_COLUMNS))
    _write_atomic(data / "indicators.yaml", dump_catalog(cat))
    print(f"facts.csv: {len(facts)} rows; sources.csv: {len(sources)} rows; "
          f"catalog: {len(cat['indicators'])} indicators, {len(cat['scopes'])} scopes")
    for p in problems:
        print("WARNING", p)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
