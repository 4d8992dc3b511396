"""Time the data layer per 100,000 facts on the seeded SYNTHETIC national panel.

Usage::

    python bench/data_layer.py                  # 696 synthetic districts (~125k facts), best of 3
    python bench/data_layer.py --districts 50 --repeats 1
    python bench/data_layer.py --reference      # also today's loop/statsmodels path, same run

Stages, each the best of ``--repeats`` runs (wall-clock and CPU seconds):

- ``load+validate``: :func:`cchc_analysis.loaders.load_facts` of the synthetic CSV
  (read, convert, schema, cross-file rules);
- ``panel``: :func:`~cchc_analysis.indicators.derive_panel`;
- ``trends``: :func:`~cchc_analysis.trends.fit_trends` and
  :func:`~cchc_analysis.trends.project` (to 2025, reusing the fit);
- ``consistency``: :func:`~cchc_analysis.consistency.check_consistency` with its
  default relations.

Each line reads ``data_layer <stage>: <s> s per 100k facts (wall <w> s, cpu <c> s, n=…)``; the
``total`` line adds the stages.  With ``--reference`` the implementations these replaced run
in the same process (the loop ``derive_panel`` and ``check_consistency`` kept in
``tests/test_panel_reference.py`` and ``tests/test_consistency_reference.py``, one statsmodels
fit per series from ``tests/test_trends_reference.py``) and ``ratio`` lines give the speed-up,
with the largest difference of the vectorised trends from statsmodels.  All data is synthetic
(``bench/synthetic.py``), written to ``bench/out/``.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def best_of(fn, repeats: int):
    """Return (best wall s, cpu s of that run, result) over ``repeats`` runs."""
    best = None
    for _ in range(max(1, repeats)):
        w0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        w, c = time.perf_counter() - w0, time.process_time() - c0
        if best is None or w < best[0]:
            best = (w, c, out)
    return best


def line(stage: str, wall: float, cpu: float, n_facts: int, note: str) -> None:
    per = 100_000 / n_facts
    print(f"data_layer {stage}: {wall * per:.3f} s per 100k facts (wall {wall:.3f} s, cpu {cpu:.3f} s, "
          f"n={n_facts} synthetic facts{note})", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--districts", type=int, default=696)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--reference", action="store_true",
                    help="also time the loop/statsmodels implementations these replaced (slow: ~1 min at 696)")
    args = ap.parse_args(argv)

    from cchc_analysis.consistency import check_consistency
    from cchc_analysis.indicators import derive_panel
    from cchc_analysis.loaders import load_catalog, load_facts
    from cchc_analysis.registry import load_districts
    from cchc_analysis.trends import fit_trends, project

    import synthetic

    catalog, districts, sources = load_catalog(), load_districts(), synthetic.make_sources()
    facts = synthetic.make_facts(args.districts, seed=args.seed)
    path = synthetic.write_facts(facts, synthetic.OUT_DIR / f"facts_synthetic_{args.districts}.csv")
    n = len(facts)
    print(f"# synthetic facts: {args.districts} districts, seed {args.seed} -> {n} rows in {path.relative_to(REPO)}",
          flush=True)

    def trends_of(panel):
        t = fit_trends(panel)
        return t, project(panel, to_year=2025, trends=t)

    stages = [
        ("load+validate", lambda _: load_facts(path, catalog=catalog, sources=sources, districts=districts)),
        ("panel", lambda f: derive_panel(f, catalog=catalog)),
        ("trends", trends_of),
        ("consistency", lambda f: check_consistency(f, catalog=catalog)),
    ]
    total_w = total_c = 0.0
    loaded = panel = None
    results = {}
    for stage, fn in stages:
        arg = {"load+validate": None, "panel": loaded, "trends": panel, "consistency": loaded}[stage]
        w, c, out = best_of(lambda: fn(arg), args.repeats)
        results[stage] = (w, out, c)
        total_w, total_c = total_w + w, total_c + c
        if stage == "load+validate":
            loaded = out
        if stage == "panel":
            panel = out
        extra = {"panel": lambda: f", {len(out)} panel rows", "trends": lambda: f", {len(out[0])} series",
                 "consistency": lambda: f", {len(out)} flags"}.get(stage, lambda: "")()
        line(stage, w, c, n, f", best of {args.repeats}{extra}")
    line("total", total_w, total_c, n, f", load+validate+panel+trends+consistency")
    mine = ("panel", "trends", "consistency")
    line("panel+trends+consistency", sum(results[s][0] for s in mine), sum(results[s][2] for s in mine), n, "")

    if args.reference:
        tests = REPO / "tests"
        old_panel = _load(tests / "test_panel_reference.py", "bench_old_panel").old_derive_panel
        old_flags = _load(tests / "test_consistency_reference.py", "bench_old_consistency").old_check_consistency
        trends_ref = _load(tests / "test_trends_reference.py", "bench_trends_reference")
        for stage, fn, arg in [("panel", lambda f: old_panel(f, catalog=catalog), loaded),
                               ("trends", lambda p: trends_ref.reference(p, 2025), panel),
                               ("consistency", lambda f: old_flags(f, catalog=catalog), loaded)]:
            w, _, out = best_of(lambda: fn(arg), 1)
            new_w = results[stage][0]
            print(f"ratio {stage}_speedup: reference / vectorised = {w / new_w:.1f} ({w:.4g} s vs {new_w:.4g} s, "
                  f"n={n} synthetic facts)", flush=True)
            if stage == "trends":
                new_trends, new_proj = results["trends"][1]
                diffs = trends_ref.max_differences(new_trends, out[0][new_trends.columns])
                diffs |= trends_ref.max_differences(new_proj, out[1][new_proj.columns])
                worst = max(diffs, key=diffs.get)
                print(f"# trends vs statsmodels: largest absolute difference {diffs[worst]:.3g} ({worst}); "
                      f"every column within 1e-9 relative", flush=True)
    print("# done (synthetic data)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
