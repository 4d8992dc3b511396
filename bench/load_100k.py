"""Time ``load_facts`` (strict reading + every validation) on 100,000 SYNTHETIC facts.

Usage: python bench/load_100k.py [--repeats N]

Writes ``bench/out/facts_synthetic_100k.csv`` (seeded, git-ignored, never under ``data/``) and
prints, best of N, the plain ``pandas.read_csv`` of the file (all columns as text), and
``load_facts`` with the quote check on (``"auto"``: the synthetic source has no text, so it is
skipped) and off, with their ratios to ``read_csv`` measured in the same run.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd  # noqa: E402

import synthetic  # noqa: E402
from cchc_analysis.loaders import load_catalog, load_facts  # noqa: E402
from cchc_analysis.registry import load_districts  # noqa: E402


def best(fn, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    facts = synthetic.make_facts(560, seed=0).head(100_000)
    path = synthetic.write_facts(facts, synthetic.OUT_DIR / "facts_synthetic_100k.csv")
    catalog, districts, sources = load_catalog(), load_districts(), synthetic.make_sources()
    read_s, _ = best(lambda: pd.read_csv(path, dtype=str, keep_default_na=False), args.repeats)
    for mode in ("auto", False):
        load_s, out = best(lambda: load_facts(path, catalog=catalog, sources=sources, districts=districts,
                                              check_quotes=mode), args.repeats)
        assert len(out) == len(facts)
        print(f"ratio load_facts_100k[check_quotes={mode}]: load_facts / read_csv = {load_s / read_s:.2f} "
              f"({load_s:.3f} s vs {read_s:.3f} s, {len(facts)} SYNTHETIC facts, best of {args.repeats})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
