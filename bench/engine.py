"""The report engine against the plain tools, on a SYNTHETIC national panel, as ratios taken in one run.

Usage::

    python bench/engine.py --make-data bench/out/data_synthetic_696   # the data folder only
    python bench/engine.py                       # N = 8, 32, 128 (~35 min on 2 busy cores, see README)
    python bench/engine.py --sizes 8 32 --plain-max 8 --workers 2

The data folder is ``data/`` with its ``facts.csv`` and ``sources.csv`` replaced
by the seeded synthetic panel of ``bench/synthetic.py`` (696 districts ×
2016–2025, every fact citing the one SYNTHETIC source, so every report's
sources, footer and data vintage say "SYNTHETIC" on their face).  It lives
under ``bench/out/`` (git-ignored), never under ``data/``, and reaches the
toolkit only through ``cchc report --data DIR``.

For each N the district notebook is built for the first N districts:

- ``ours``: ``cchc report --data DIR --district … --force --out …`` (one
  process, kept kernels, ``--workers`` workers);
- ``plain``: for each district ``papermill notebooks/district_report.ipynb
  out.ipynb -p district CODE`` then ``jupyter nbconvert --to html --no-input``,
  one after the other, with ``CCHC_DATA_DIR=DIR`` — what a team would script
  without this toolkit, serial, with no cache of ours.  The plain loop is timed
  in full for every N up to ``--plain-max`` (default 32); for a larger N it
  takes the per-report time of the largest N timed in full (or, when none was,
  times the first M and scales), and the printed line says so: an estimate is
  never shown as a measurement.

The two sides run one after the other, their order swapped at every size, and
each line gives the load average before and after (the machine is shared).

Each size prints::

    ratio engine_N: plain / ours = <x.xx> (<plain s/report> vs <ours s/report>, n=…)

and a last ``#`` line compares our seconds per report at the largest N with
the smallest (1.00 = flat).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

BIN = Path(sys.executable).parent


def make_data_dir(dest: str | Path, n_districts: int = 696, seed: int = 0) -> Path:
    """Write a SYNTHETIC data folder: ``data/`` with synthetic facts and their one synthetic source."""
    import synthetic

    from cchc_analysis import settings

    dest = Path(dest).resolve()
    data = settings.data_dir().resolve()
    if dest == data or data in dest.parents:
        raise ValueError(f"{dest}: synthetic data never goes under {data}")
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(data, dest, ignore=shutil.ignore_patterns("facts.csv", "sources.csv", "devset"))
    synthetic.write_facts(synthetic.make_facts(n_districts, seed=seed), dest / "facts.csv")
    synthetic.make_sources().to_csv(dest / "sources.csv", index=False, encoding="utf-8")
    (dest / "README.md").write_text("SYNTHETIC data made by bench/engine.py (bench/synthetic.py, seed "
                                    f"{seed}); not curated facts.\n", encoding="utf-8")
    return dest


def _codes(data_dir: Path, n: int) -> list[str]:
    import pandas as pd

    codes = pd.read_csv(data_dir / "facts.csv", usecols=["district_code"], dtype=str)["district_code"]
    return list(dict.fromkeys(codes))[:n]


def time_ours(data_dir: Path, codes: list[str], workers: int, out: Path) -> float:
    args = [str(BIN / "cchc"), "report", "--data", str(data_dir), "--out", str(out), "--force", "--no-progress",
            "--workers", str(workers), "--timeout", "0"]
    for c in codes:
        args += ["--district", c]
    start = time.perf_counter()
    done = subprocess.run(args, cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"cchc report exited {done.returncode}: {done.stderr[-2000:]}{done.stdout[-2000:]}")
    return seconds


def time_plain(data_dir: Path, codes: list[str], out: Path) -> float:
    env = {**os.environ, "CCHC_DATA_DIR": str(data_dir)}
    nb = REPO / "notebooks" / "district_report.ipynb"
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for c in codes:
        executed = out / f"{c}.ipynb"
        subprocess.run([str(BIN / "papermill"), str(nb), str(executed), "-p", "district", c, "--cwd", str(REPO),
                        "--no-progress-bar", "--log-level", "ERROR"], cwd=REPO, env=env, check=True,
                       capture_output=True)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
                       cwd=REPO, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=None, help="synthetic data folder (default bench/out/data_synthetic_<districts>)")
    ap.add_argument("--make-data", metavar="DIR", help="only write the synthetic data folder DIR")
    ap.add_argument("--sizes", type=int, nargs="+", default=[8, 32, 128],
                    help="numbers of reports N to build, in this order (default 8 32 128)")
    ap.add_argument("--plain-max", type=int, default=32,
                    help="time the plain loop in full up to this N; beyond it use the per-report time of the "
                         "largest N measured in full, or time the first M and scale (0: no limit; default 32)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--districts", type=int, default=696,
                    help="districts in the synthetic panel (default 696; a smaller panel for a quick run)")
    args = ap.parse_args(argv)
    if args.make_data:
        print(f"# SYNTHETIC data folder: {make_data_dir(args.make_data, args.districts, seed=args.seed)}")
        return 0
    data = Path(args.data or BENCH / "out" / f"data_synthetic_{args.districts}")
    if not (data / "facts.csv").is_file():
        make_data_dir(data, args.districts, seed=args.seed)
        print(f"# SYNTHETIC data folder written: {data}", flush=True)
    per_report, totals = {}, {}
    plain_sample = None  # (reports, seconds) of the largest plain loop measured in full
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        for i, n in enumerate(args.sizes):
            codes = _codes(data, n)
            m = min(n, args.plain_max) if args.plain_max else n
            load0 = os.getloadavg()
            sides = {}

            def run_ours():
                sides["ours"] = time_ours(data, codes, args.workers, Path(tmp) / f"ours{n}")

            def run_plain():
                sides["plain"] = time_plain(data, codes[:m], Path(tmp) / f"plain{n}")

            if m < n and plain_sample is not None:  # already measured in full at a smaller N: reuse it
                run_ours()
                k, secs = plain_sample
                plain = secs / k * n
                how = f", plain loop per-report time from the N={k} measurement (not measured at N={n})"
            else:
                for side in ((run_plain, run_ours) if i % 2 == 0 else (run_ours, run_plain)):  # interleaved
                    side()
                plain = sides["plain"] * n / m
                how = f", plain loop timed on {m} and scaled ×{n / m:.2f}" if m < n else ""
                if m == n:
                    plain_sample = (n, sides["plain"])
            ours = sides["ours"]
            per_report[n], totals[n] = ours / n, ours
            load1 = os.getloadavg()
            print(f"ratio engine_{n}: plain / ours = {plain / ours:.2f} ({plain / n:.3g} s vs {ours / n:.3g} s "
                  f"per report, n={n} SYNTHETIC district reports on a {args.districts}-district panel, "
                  f"{args.workers} workers for ours, plain loop serial{how}; "
                  f"load average {load0[0]:.1f} before, {load1[0]:.1f} after)", flush=True)
    lo, hi = min(per_report), max(per_report)
    if hi != lo:
        print(f"#   engine per-report time at N={hi} / at N={lo} = {per_report[hi] / per_report[lo]:.2f} "
              "(1.00 = flat; SYNTHETIC data)")
    for line in cost_lines(totals):
        print(line)
    return 0


def cost_lines(totals: dict) -> list[str]:
    """Return the '#' lines that split our run time into a fixed part and a cost per report.

    ``totals`` maps N to our wall seconds.  The fixed part (start-up of the command, the
    workers and their kernels, each kernel's first analysis) is the intercept of a
    least-squares line through the points; the marginal time of each step from one N
    to the next says whether the cost grows linearly (equal steps).

    >>> cost_lines({8: 40.0, 32: 112.0, 128: 400.0})[0]
    '#   engine cost: 16.0 s once + 3.00 s per report (least squares over N=8, 32, 128; SYNTHETIC data)'
    >>> cost_lines({8: 40.0, 32: 112.0, 128: 400.0})[1]
    '#   engine marginal time per report: N=8→32 3.00 s, N=32→128 3.00 s (last / first = 1.00; 1.00 = linear)'
    >>> cost_lines({8: 40.0})
    []
    """
    sizes = sorted(totals)
    if len(sizes) < 2:
        return []
    mean_n = sum(sizes) / len(sizes)
    mean_t = sum(totals[n] for n in sizes) / len(sizes)
    slope = (sum((n - mean_n) * (totals[n] - mean_t) for n in sizes)
             / sum((n - mean_n) ** 2 for n in sizes))
    fixed = mean_t - slope * mean_n
    steps = [(a, b, (totals[b] - totals[a]) / (b - a)) for a, b in zip(sizes, sizes[1:])]
    listed = ", ".join(f"N={a}→{b} {m:.2f} s" for a, b, m in steps)
    return [f"#   engine cost: {fixed:.1f} s once + {slope:.2f} s per report (least squares over "
            f"N={', '.join(map(str, sizes))}; SYNTHETIC data)",
            f"#   engine marginal time per report: {listed} (last / first = {steps[-1][2] / steps[0][2]:.2f}; "
            "1.00 = linear)"]


if __name__ == "__main__":
    sys.exit(main())
