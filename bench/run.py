"""Measure the speed of cchc_analysis as RATIOS taken in one run, on SYNTHETIC data.

Usage::

    python bench/run.py            # full: 5 vs 696 districts, 4 notebooks (a few minutes)
    python bench/run.py --quick    # small: 5 vs 10 districts, 2 notebooks (well under 20 s)

Each comparison prints one line::

    ratio <name>: <a> / <b> = <x.xx> (<a_s> s vs <b_s> s, n=…)

Both sides of a ratio are timed in the same run, so the ratio says something
on any machine; the seconds are shown for context only and are never a
pass/fail threshold.  Times are the best of several repeats where a repeat is
cheap (``--repeats``, within a time budget per measurement).  The facts are
made by ``bench/synthetic.py`` and written to ``bench/out/`` (git-ignored);
the batch part executes the fixture notebook ``ok_minimal.ipynb`` for real
districts with curated data, in a temporary directory.  See ``bench/README.md``.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
FIXTURE = REPO / "tests" / "fixtures" / "notebooks" / "ok_minimal.ipynb"
#: Real districts with curated data: the batch jobs' ``district`` parameter.
BATCH_DISTRICTS = ["Triệu Sơn", "Thường Xuân", "Gia Lộc", "Quảng Điền"]


def best_of(fn, *, repeats: int, budget: float):
    """Return (best seconds, runs, last result): run ``fn`` up to ``repeats`` times within ``budget`` s."""
    times, out = [], None
    while True:
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
        if len(times) >= repeats or sum(times) >= budget:
            return min(times), len(times), out


def _num(x: float) -> str:
    """Write a ratio with two decimals; a ratio below 0.01 keeps two significant digits."""
    return f"{x:.2f}" if x >= 0.01 or x == 0 else f"{x:.2g}"


def ratio(name: str, a: str, b: str, a_s: float, b_s: float, n: str) -> float:
    """Print one ratio line and return the ratio."""
    x = a_s / b_s if b_s > 0 else float("inf")
    print(f"ratio {name}: {a} / {b} = {_num(x)} ({a_s:.4g} s vs {b_s:.4g} s, n={n})", flush=True)
    return x


def bench_data(sizes: tuple[int, int], *, repeats: int, budget: float, seed: int) -> None:
    """Time loading, the panel with trends, and the consistency checks at two sizes."""
    import pandas as pd

    from cchc_analysis.consistency import check_consistency, default_relations
    from cchc_analysis.indicators import derive_panel
    from cchc_analysis.loaders import load_catalog, load_facts
    from cchc_analysis.registry import load_districts
    from cchc_analysis.trends import fit_trends

    import synthetic

    catalog, districts, sources = load_catalog(), load_districts(), synthetic.make_sources()
    relations = default_relations(catalog=catalog)  # set up once: the ratio is about the facts
    facts, paths = {}, {}
    for n in sizes:
        facts[n] = synthetic.make_facts(n, seed=seed)
        paths[n] = synthetic.write_facts(facts[n], synthetic.OUT_DIR / f"facts_synthetic_{n}.csv")
        print(f"# synthetic facts: {n} districts -> {len(facts[n])} rows in "
              f"{paths[n].relative_to(REPO)}", flush=True)

    for n in sizes:
        read_s, read_k, _ = best_of(lambda: pd.read_csv(paths[n]), repeats=repeats, budget=budget)
        load_s, load_k, loaded = best_of(
            lambda: load_facts(paths[n], catalog=catalog, sources=sources, districts=districts),
            repeats=repeats, budget=budget)
        assert len(loaded) == len(facts[n])
        ratio(f"load_facts_{n}", "load_facts", "read_csv", load_s, read_s,
              f"{n} synthetic districts, {len(facts[n])} facts, best of {load_k} vs {read_k}")

    small, large = sizes
    grow = len(facts[large]) / len(facts[small])

    def scaling(name, label, fn, unit):
        (s_s, s_k, s_out), (l_s, l_k, l_out) = (best_of(lambda: fn(facts[n]), repeats=repeats, budget=budget)
                                                for n in sizes)
        x = ratio(name, f"{label}[{large}]", f"{label}[{small}]", l_s, s_s,
                  f"{large} vs {small} synthetic districts, {len(facts[large])} vs {len(facts[small])} facts, "
                  f"{len(l_out)} vs {len(s_out)} {unit}, best of {l_k} vs {s_k}")
        print(f"#   {name}: {x / grow:.2f} per fact ({grow:.1f}x the facts; 1.00 = linear)", flush=True)

    scaling("panel_trends_scaling", "derive_panel+fit_trends",
            lambda f: fit_trends(derive_panel(f, catalog=catalog)), "trend rows")
    scaling("consistency_scaling", "check_consistency",
            lambda f: check_consistency(f, relations=relations), "flags")


def bench_batch(n_notebooks: int, *, rounds: int) -> bool:
    """Time build_reports serial vs process (2 workers), then an unchanged rerun; return success."""
    from cchc_analysis.batch import build_reports, make_job
    from cchc_analysis.loaders import load_facts

    with_data = set(load_facts()["district_code"])  # checked once, not per job
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        tmp = Path(tmp)
        jobs = []
        for i, district in enumerate(BATCH_DISTRICTS[:n_notebooks]):
            copy = tmp / "notebooks" / f"ok_minimal_{i}.ipynb"
            copy.parent.mkdir(exist_ok=True)
            shutil.copy(FIXTURE, copy)
            jobs.append(make_job(copy, {"district": district}, districts_with_data=with_data))
        best = {}
        for _ in range(rounds):  # interleaved, so a busy moment hurts both sides alike
            for executor in ("serial", "process"):
                start = time.perf_counter()
                result = build_reports(jobs, out_dir=tmp / executor, executor=executor, workers=2,
                                       force=True, progress=False)
                seconds = time.perf_counter() - start
                if not result.ok:
                    print(f"# FAILED batch ({executor}): {result.summary()}", flush=True)
                    return False
                best[executor] = min(best.get(executor, seconds), seconds)
        n = f"{len(jobs)} copies of {FIXTURE.name} for real districts (no synthetic data), best of {rounds}"
        ratio("batch_parallel", "serial", "process x2", best["serial"], best["process"], n)
        start = time.perf_counter()
        again = build_reports(jobs, out_dir=tmp / "process", executor="process", workers=2, progress=False)
        skip_s = time.perf_counter() - start
        if len(again.skipped) != len(jobs):
            print(f"# FAILED: an unchanged rerun rebuilt reports: {again!r}", flush=True)
            return False
        ratio("batch_skip", "unchanged rerun", "first build", skip_s, best["process"],
              f"{len(jobs)} notebooks, {len(again.skipped)} skipped")
    return True


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark and print its ratio lines; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: runs in well under 20 s")
    parser.add_argument("--repeats", type=int, default=None, help="best of this many repeats where cheap")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic facts")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(BENCH))
    import pandas as pd

    if args.quick:
        sizes, notebooks, rounds, repeats, budget = (5, 10), 2, 1, args.repeats or 2, 0.25
    else:
        sizes, notebooks, rounds, repeats, budget = (5, 696), 4, 2, args.repeats or 5, 3.0
    print(f"# cchc_analysis benchmarks on SYNTHETIC data (bench/synthetic.py, seed {args.seed}): "
          "not real figures; ratios from this one run", flush=True)
    print(f"# {'quick' if args.quick else 'full'} run; {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"pandas {pd.__version__}", flush=True)
    start = time.perf_counter()
    bench_data(sizes, repeats=repeats, budget=budget, seed=args.seed)
    ok = bench_batch(notebooks, rounds=rounds)
    print(f"# done in {time.perf_counter() - start:.1f} s (synthetic data)", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":  # the process executor spawns interpreters that import this file
    sys.exit(main())
