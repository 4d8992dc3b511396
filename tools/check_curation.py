"""Check a curation part before it is merged into data/facts.csv.

Usage: python tools/check_curation.py data/curation/<stem>.facts.csv [data/curation/<stem>.indicators.yaml]

Prints every row whose quote is not verbatim in the seed text, whose value is not among the
numbers of its quote, or whose indicator/scope is not in data/indicators.yaml or the part's yaml.
"""
import csv
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from cchc_analysis.loaders import FACT_COLUMNS as COLUMNS  # noqa: E402
from cchc_analysis.numbers import extract_numbers  # noqa: E402
from cchc_analysis.sources import quote_in_text, read_source_text  # noqa: E402



def _seed_files(part: Path, root: Path) -> dict:
    """Map source_id → seed file, from the part's .source.csv and data/sources.csv."""
    seeds = {}
    for path in (root / "data/sources.csv", part.with_name(part.name.replace(".facts.csv", ".source.csv"))):
        if path.exists():
            with open(path, encoding="utf-8", newline="") as f:
                seeds.update({r["source_id"]: r["seed_file"] for r in csv.DictReader(f)})
    return seeds


def main(path, extra_yaml=None):
    root = Path(__file__).resolve().parent.parent
    cat = yaml.safe_load((root / "data/indicators.yaml").read_text(encoding="utf-8"))
    slugs, scopes = set(cat["indicators"]), set(cat["scopes"])
    if extra_yaml:
        extra = yaml.safe_load(Path(extra_yaml).read_text(encoding="utf-8")) or {}
        slugs |= set(extra.get("indicators") or {})
        scopes |= set(extra.get("scopes") or {})
    seed_of = _seed_files(Path(path), root)
    bad = 0
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLUMNS:
            print("header must be:", ",".join(COLUMNS)); return 2
        rows = list(reader)
    ids = set()
    for i, r in enumerate(rows, start=2):
        errs = []
        if r["fact_id"] in ids: errs.append("duplicate fact_id")
        ids.add(r["fact_id"])
        if r["source_id"] not in seed_of:
            print(f"{path}:{i} {r['fact_id']}: unknown source {r['source_id']!r}: add its .source.csv row")
            bad += 1
            continue
        text = read_source_text(seed_of[r["source_id"]])
        if not quote_in_text(r["quote"], text): errs.append("quote not verbatim in seed")
        try:
            v = float(r["value"])
            if not any(abs(v - n) < 1e-9 for n in extract_numbers(r["quote"])):
                errs.append(f"value {r['value']} not among numbers of quote {extract_numbers(r['quote'])}")
        except ValueError:
            errs.append("value not a plain number (use 232636 / 98.7)")
        if r["indicator"] not in slugs: errs.append(f"unknown indicator {r['indicator']}")
        if r["scope"] and r["scope"] not in scopes: errs.append(f"unknown scope {r['scope']}")
        if r["level"] not in ("district", "commune", "district_and_commune"): errs.append("bad level")
        if r["kind"] not in ("actual", "target", "baseline"): errs.append("bad kind")
        if errs:
            bad += 1
            print(f"{path}:{i} {r['fact_id']}: " + "; ".join(errs))
    print(f"{len(rows)} rows, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
