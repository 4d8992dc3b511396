"""Time (or profile) a district report's cells in one process, as a kept kernel runs them, on SYNTHETIC data.

Usage::

    python bench/report_cells.py                  # 5 districts of the synthetic 696-district panel
    python bench/report_cells.py -n 3 --profile 2 # cProfile the 2nd report, top 40 by cumulative time

The code cells of ``notebooks/district_report.ipynb`` run in order, for the
first ``-n`` districts of the panel, in this one process (the parameter check
is called on the parameters, as the notebook does on its namespace); displays
are dropped.  The data folder is the one ``bench/engine.py`` writes
(``--data``, default ``bench/out/data_synthetic_696``, made when missing).
Every line says SYNTHETIC.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(BENCH / "out" / "data_synthetic_696"))
    ap.add_argument("-n", type=int, default=5, help="districts, one report each (default 5)")
    ap.add_argument("--profile", type=int, default=0, metavar="K", help="cProfile the K-th report (1-based)")
    args = ap.parse_args(argv)
    data = Path(args.data).resolve()
    if not (data / "facts.csv").is_file():
        import engine

        engine.make_data_dir(data)
    os.environ["CCHC_DATA_DIR"] = str(data)
    os.environ.setdefault("MPLBACKEND", "agg")
    import IPython.display
    import pandas as pd

    IPython.display.display = lambda *a, **k: None  # the cells import display from here
    from cchc_analysis.report import check_notebook_parameters

    nb = json.loads((REPO / "notebooks" / "district_report.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    cells = [c for c in cells if "check_notebook_parameters(globals())" not in c][1:]  # parameters given below
    codes = list(dict.fromkeys(pd.read_csv(data / "facts.csv", usecols=["district_code"], dtype=str)["district_code"]))
    for k, code in enumerate(codes[:args.n], start=1):
        ns = {"district": code, "start_year": 2016, "end_year": 2025, "peers": None, "language": "vi"}
        prof = cProfile.Profile() if k == args.profile else None
        spent: dict = {}
        start = time.perf_counter()
        if prof:
            prof.enable()
        t = time.perf_counter()
        check_notebook_parameters(dict(ns))
        spent["check"] = time.perf_counter() - t
        for cell in cells:
            t = time.perf_counter()
            exec(cell, ns)  # noqa: S102 - the project's own notebook
            name = "show_area" if "show_area" in cell else cell.strip().splitlines()[-1].split("(")[0]
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
        if prof:
            prof.disable()
        top = ", ".join(f"{n} {s:.2f}" for n, s in sorted(spent.items(), key=lambda x: -x[1]) if s >= 0.2)
        print(f"report {k} ({code}): {time.perf_counter() - start:.2f} s{' (under cProfile)' if prof else ''}; "
              f"{top} (SYNTHETIC data)", flush=True)
        if prof:
            pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
    return 0


if __name__ == "__main__":
    sys.exit(main())
