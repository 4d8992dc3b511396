"""Merge curation parts (data/curation/<source_id>.*) into data/: a thin wrapper of ``cchc facts add``.

Usage: python tools/merge_curation.py [data/curation] [--dry-run]

For each part ``<source_id>.facts.csv`` (with ``<source_id>.source.csv`` and
``<source_id>.indicators.yaml`` when present) this runs
:func:`cchc_analysis.curation.add_facts`: every row is checked as the loader
does, nothing curated is replaced or deleted (a part that restates a curated
fact with another value is refused, with its rows), and the files are written
all or nothing, with a backup under ``data/.backup/``.  The first refused part
stops the merge (the parts before it are merged).
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from cchc_analysis.curation import add_facts, dump_catalog  # noqa: E402,F401 - dump_catalog kept for old imports
from cchc_analysis.errors import FactValidationError  # noqa: E402


def main(parts_dir: str = "data/curation", *flags: str) -> int:
    parts = Path(parts_dir)
    dry_run = "--dry-run" in flags
    for part in sorted(parts.glob("*.facts.csv")):
        sid = part.name[: -len(".facts.csv")]
        source = parts / f"{sid}.source.csv"
        extra = parts / f"{sid}.indicators.yaml"
        try:
            result = add_facts(part, sources=source if source.exists() else None,
                               catalog=extra if extra.exists() else None, dry_run=dry_run)
        except FactValidationError as exc:
            print(f"{sid}: refused\n{exc}", file=sys.stderr)
            return 2
        print(f"{sid}: {result.summary()}")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main(*([a for a in args if not a.startswith("--")] or ["data/curation"]),
                  *[a for a in args if a.startswith("--")]))
