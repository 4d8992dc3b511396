"""Time the 63 province reports: the engine against a plain papermill + nbconvert loop, as a RATIO.

Usage::

    python bench/provinces.py                 # engine on all 63, plain loop on 8 of them, scaled to 63
    python bench/provinces.py --plain-subset 63   # the plain loop on all 63 too (twice as long)
    python bench/provinces.py --workers 2 --out bench/out/provinces

REAL data (``data/reference/papi.csv``), not synthetic: these are the reports readers get.
Both sides build the same reports (``notebooks/province_report.ipynb``, Vietnamese, every
province) in the same run, into temporary folders:

- **engine**: :func:`cchc_analysis.batch.build_reports` of
  :func:`cchc_analysis.provinces.plan_province_jobs` (parallel, ``--workers``, default one per core;
  ``force=True`` so nothing is skipped; the national page is not timed);
- **plain**: for each province, ``papermill`` then ``jupyter nbconvert --to html --no-input``, one
  after the other, as a user would script it; on ``--plain-subset`` provinces (default 8, the first
  in name order), the time scaled by 63 / subset, which the line says.

Prints::

    ratio provinces_63: engine / plain loop = <x.xx> (<a> s vs <b> s, n=63 engine, <k> plain scaled ×<f>)

The machine may be shared: the seconds are context, the ratio is the measurement.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))


def engine(out: Path, workers: int | None) -> tuple[float, int, int]:
    """Build the 63 province reports with the engine; return (seconds, built, failed)."""
    from cchc_analysis.batch import build_reports
    from cchc_analysis.provinces import list_provinces, plan_province_jobs

    jobs = plan_province_jobs(list(list_provinces()["name"]))
    start = time.perf_counter()
    result = build_reports(jobs, out_dir=out, workers=workers, force=True, progress=False)
    return time.perf_counter() - start, len(result.built), len(result.failed)


def plain(out: Path, names: list[str]) -> float:
    """Run papermill then nbconvert --no-input for each province, one by one; return seconds."""
    from cchc_analysis.provinces import province_report_name

    nb = REPO / "notebooks" / "province_report.ipynb"
    bindir = Path(sys.executable).parent
    start = time.perf_counter()
    for name in names:
        executed = out / f"{province_report_name(name)}.ipynb"
        subprocess.run([str(bindir / "papermill"), str(nb), str(executed), "-p", "province", name,
                        "--cwd", str(REPO / "notebooks"), "--no-progress-bar", "--log-level", "ERROR"],
                       check=True, capture_output=True)
        subprocess.run([str(bindir / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
                       check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv=None) -> int:
    """Run both sides and print the ratio line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plain-subset", type=int, default=8, help="provinces the plain loop builds (scaled to 63)")
    ap.add_argument("--workers", type=int, default=None, help="engine workers (default: one per core)")
    ap.add_argument("--out", default=None, help="folder for the outputs (default: a temporary folder)")
    args = ap.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    from cchc_analysis.provinces import list_provinces
    from cchc_analysis.registry import fold

    names = sorted(list_provinces()["name"], key=fold)
    root = Path(args.out or tempfile.mkdtemp(prefix="cchc-prov-bench-"))
    (root / "engine").mkdir(parents=True, exist_ok=True)
    (root / "plain").mkdir(parents=True, exist_ok=True)
    print(f"# {len(names)} province reports, real PAPI data; cores={os.cpu_count()}; out={root}", flush=True)
    a, built, failed = engine(root / "engine", args.workers)
    print(f"# engine: {built} built, {failed} failed in {a:.1f} s", flush=True)
    k = max(1, min(args.plain_subset, len(names)))
    b_k = plain(root / "plain", names[:k])
    scale = len(names) / k
    b = b_k * scale
    print(f"# plain loop: {k} reports in {b_k:.1f} s ({b_k / k:.1f} s each), scaled ×{scale:.2f} to {b:.1f} s", flush=True)
    x = a / b if b > 0 else float("inf")
    print(f"ratio provinces_63: engine / plain loop = {x:.2f} ({a:.4g} s vs {b:.4g} s, n={len(names)} engine, "
          f"{k} plain scaled ×{scale:.2f})", flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
