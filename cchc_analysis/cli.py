"""The ``cchc`` command: build the report site, propose facts from a document, list the districts.

::

    cchc report                          # every district with data + the comparative report
    cchc report --district "Gia Lộc" --force
    cchc report -p language=en -p start_year=2018 --dry-run
    cchc report --provinces              # + the 63 province PAPI profiles and the national page
    cchc extract bao_cao_2020.docx --source-id thuong-xuan-2020-bc --out candidates.csv
    cchc extract bao_cao.txt --district "Triệu Sơn"   # a document not yet in sources.csv
    cchc extract bao_cao_tinh.pdf --province "Lâm Đồng" --out c.csv --force
    cchc extract --evaluate --split both  # score the extractor: seeds, development set
    cchc districts                       # the districts that have data
    cchc facts add reviewed.csv --sources new.source.csv --dry-run
    cchc facts remove tra-cu-2022-bc:017 --reason "…"

Every parameter is checked before any kernel starts.  Exit status of
``cchc report`` (:data:`cchc_analysis.runs.EXIT_CODES`): 0 all built or up to
date, 1 a report failed or timed out (after building the others), 2 bad input
(a parameter, a notebook, the data, an output folder that cannot be written),
3 another run holds the output folder (without ``--wait``), 130/143 stopped by
SIGINT/SIGTERM.  ``cchc extract`` exits 2 on a document that cannot be read.

Examples
--------
>>> build_parser().parse_args(["report", "--district", "Gia Lộc", "-p", "language=en"]).params
['language=en']
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from . import settings
from .errors import CchcError, FactValidationError, ParameterError

__all__ = ["DISTRICT_NOTEBOOK", "COMPARATIVE_NOTEBOOK", "build_parser", "plan_jobs", "main"]

DISTRICT_NOTEBOOK = "district_report.ipynb"
COMPARATIVE_NOTEBOOK = "comparative_report.ipynb"


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``cchc``.

    Examples
    --------
    >>> build_parser().parse_args(["report", "--force"]).executor
    'process'
    """
    from .batch import known_executors
    from .kernels import DEFAULT_TIMEOUT
    from .render import toolkit_version

    parser = argparse.ArgumentParser(
        prog="cchc", description="Reports on Vietnam's district-level administrative reform (CCHC), 2016–2025.")
    parser.add_argument("--version", action="version", version=f"cchc_analysis {toolkit_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="{report,extract,districts,facts}")

    rep = sub.add_parser("report", help="build the HTML reports and reports/index.html",
                         description="Execute the report notebooks per district and render them to HTML. "
                                     "Without --district: every district with data plus the comparative report.")
    rep.add_argument("--district", "-d", action="append", default=[], metavar="D",
                     help="a district (name or GSO code); repeat for several; only district reports are built")
    rep.add_argument("--provinces", nargs="*", default=None, metavar="P",
                     help="also build province PAPI profiles: all 63 and the national page, or only the provinces named")
    rep.add_argument("--param", "-p", dest="params", action="append", default=[], metavar="NAME=VALUE",
                     help="set a notebook parameter, e.g. -p language=en -p start_year=2018")
    rep.add_argument("--force", action="store_true", help="rebuild reports that are up to date")
    rep.add_argument("--dry-run", action="store_true", help="list what would be built or skipped; run nothing")
    rep.add_argument("--workers", type=int, default=None, metavar="N",
                     help="parallel runs (default: one per core)")
    rep.add_argument("--executor", default="process", choices=known_executors(),
                     help="how runs are spread (default: process)")
    rep.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                     help="with --executor dask: the address of a running dask scheduler "
                          "(default: start a local cluster)")
    rep.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                     help=f"time limit of one notebook; past it that report fails and the others go on "
                          f"(default {DEFAULT_TIMEOUT}; 0: no limit)")
    rep.add_argument("--wait", action="store_true",
                     help="when another run holds the output folder, wait for it (default: exit 3)")
    rep.add_argument("--data", default=None, metavar="DIR",
                     help="folder of curated data (facts.csv, sources.csv, ...); default $CCHC_DATA_DIR, else data/")
    rep.add_argument("--out", default=None, metavar="DIR",
                     help="output folder (default: $CCHC_REPORTS_DIR, else reports/)")
    rep.add_argument("--notebooks", default=None, metavar="DIR",
                     help=f"folder with {DISTRICT_NOTEBOOK} and {COMPARATIVE_NOTEBOOK} (default: notebooks/)")
    rep.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")

    ext = sub.add_parser("extract", help="propose candidate facts from a source document, or score the extractor",
                         description="Read a source document (.txt, .md, .docx, .pdf, .html), propose every figure in it "
                                     "as a candidate fact, and mark those already curated in data/facts.csv. "
                                     "Nothing is written to data/. With --evaluate: score the extractor on the "
                                     "seed documents and the development set instead.")
    ext.add_argument("path", metavar="PATH", nargs="?", help="the document (not with --evaluate)")
    ext.add_argument("--source-id", default=None, metavar="ID",
                     help="its source_id in data/sources.csv (gives the district and period); "
                          "default: the file name without suffix")
    ext.add_argument("--district", "-d", default=None, metavar="D",
                     help="the district (name or GSO code); required unless --source-id names a known source "
                          "or --province is given")
    ext.add_argument("--province", default=None, metavar="NAME",
                     help="a province-level document: figures whose text names no level are level 'province'")
    ext.add_argument("--title", default=None, metavar="TEXT",
                     help="the document's title when the file does not hold it (a web page's headline): "
                          "its year and level are the context of the text; its own figures are not proposed")
    ext.add_argument("--date", default=None, metavar="YYYY[-MM-DD]",
                     help="the document's date when data/sources.csv does not give it (a web page's own date "
                          "by default): figures stating no year take its year, a later year is a target")
    ext.add_argument("--out", default=None, metavar="FILE",
                     help="also write the candidates, with their status, to this UTF-8 CSV (formula-safe; "
                          "default: print the summary only)")
    ext.add_argument("--force", action="store_true", help="replace an existing --out file")
    ext.add_argument("--max-mb", type=float, default=None, metavar="MB",
                     help="largest document (text or decompressed content) read, in MB (default 64)")
    ext.add_argument("--evaluate", action="store_true",
                     help="score the extractor: seeds against data/facts.csv and the development set")
    ext.add_argument("--devset", default=None, metavar="FILE",
                     help="development set for --evaluate (default data/devset/passages.yaml)")
    ext.add_argument("--split", default="dev", choices=["dev", "test", "both"],
                     help="which development-set split --evaluate scores (default dev)")

    sub.add_parser("districts", help="list the districts that have data")
    from .curation import add_facts_parser

    add_facts_parser(sub)  # cchc facts add|remove (curation.py)
    return parser


def plan_jobs(districts=(), overrides=None, *, notebooks_dir: str | Path | None = None,
              resolve=None, districts_with_data=None, describe=None, notes: bool = True) -> list:
    """Return the checked jobs of one ``cchc report`` run.

    Every district is resolved once, here; a district asked for twice (by name
    and by code) gives one report.  Report names are unique by construction
    (:func:`cchc_analysis.batch.report_name`).

    Parameters
    ----------
    districts : sequence of str
        Districts asked for; empty means every district with data plus the
        comparative report.
    overrides : mapping, optional
        Parameters for every notebook that declares them (``-p``); a name that no
        notebook of the run declares is an error.
    notebooks_dir : str or Path, optional
        Default ``notebooks/`` at the repository root.
    resolve, districts_with_data
        Lookups, as in :meth:`cchc_analysis.params.ParameterModel.validate`.
    describe : callable, optional
        ``describe(kind, values, district, note=...) -> {"title", "label", "note"}``,
        what a report says about itself; default :func:`cchc_analysis.site.describe_job`.
    notes : bool, default True
        Compute the footer lines (a dry run does not need them).

    Returns
    -------
    list of ReportJob

    Raises
    ------
    ParameterError
        On any bad parameter, before anything runs.
    FileNotFoundError
        When a notebook is missing.

    Examples
    --------
    >>> plan_jobs(["Gia Lộc"], notebooks_dir="no/such/dir")
    Traceback (most recent call last):
    ...
    FileNotFoundError: notebook no/such/dir/district_report.ipynb not found
    """
    from .batch import make_job
    from .params import _did_you_mean, _Lookups, load_parameter_model
    from .site import describe_job

    describe = describe or describe_job
    overrides = dict(overrides or {})
    districts = list(districts)
    if "district" in overrides:
        value = overrides.pop("district")
        districts += value if isinstance(value, list) else [value]
    nb_dir = Path(notebooks_dir) if notebooks_dir is not None else settings.REPO_ROOT / "notebooks"
    wanted = [nb_dir / DISTRICT_NOTEBOOK] + ([] if districts else [nb_dir / COMPARATIVE_NOTEBOOK])
    for path in wanted:
        if not path.is_file():
            raise FileNotFoundError(f"notebook {path} not found")
    models = {path: load_parameter_model(path) for path in wanted}
    declared = sorted({n for m in models.values() for n in m.names})
    for name, value in overrides.items():
        if name not in declared:
            raise ParameterError(name, value, f"is not a parameter of any report notebook"
                                 f"{_did_you_mean(name, declared)}", declared)
    if districts_with_data is None:
        from .loaders import load_facts

        districts_with_data = sorted(load_facts()["district_code"].astype(str).unique())
    districts_with_data = sorted(str(c) for c in districts_with_data)
    lookups = {"resolve": resolve, "districts_with_data": districts_with_data}
    resolver = _Lookups(resolve, districts_with_data)

    def job(path, values, district=None):
        model = models[path]
        values = {k: v for k, v in values.items() if k in model.names}
        if district is not None:
            values["district"] = district
        checked = model.validate(values, **lookups)
        texts = describe(path.stem, checked, district, note=notes)
        return make_job(path, values, district=district, model=model, title=texts["title"],
                        label=texts["label"], note=texts["note"], **lookups)

    jobs = []
    if not districts:
        jobs.append(job(nb_dir / COMPARATIVE_NOTEBOOK, overrides))
    seen = set()
    for query in districts or districts_with_data:
        d = resolver.resolved("district", query)
        if d.district_code in seen:
            continue  # the same district asked for twice (name and code): one report
        seen.add(d.district_code)
        jobs.append(job(nb_dir / DISTRICT_NOTEBOOK, overrides, d))
    return jobs


#: Code each new kernel runs once before its first report: the stack, imported once per kernel.
PRELOAD = "import cchc_analysis.report, cchc_analysis.comparative, cchc_analysis.plots"


def _report(args) -> int:
    """Run ``cchc report`` and return its exit code (see :data:`cchc_analysis.runs.EXIT_CODES`)."""
    from .runs import RunInterrupted, stop_on_signals

    try:
        with stop_on_signals():
            return _report_run(args)
    except RunInterrupted as exc:  # before the build started (planning, waiting for the lock)
        print(f"cchc report: {exc}", file=sys.stderr)
        return 128 + exc.signum


def _fail(message: str, code: int = 2) -> int:
    print(f"cchc report: error: {message}", file=sys.stderr)
    return code


def _report_run(args) -> int:
    import logging

    from . import executors, runs
    from .batch import build_reports, write_index
    from .params import parse_assignment
    from .site import index_texts

    if args.data is not None:
        data = Path(args.data).resolve()
        if not data.is_dir() or not (data / "facts.csv").is_file():
            return _fail(f"--data {args.data}: not a folder with facts.csv")
        os.environ["CCHC_DATA_DIR"] = str(data)  # the workers and kernels inherit it
    if args.workers is not None and args.workers < 1:
        return _fail(f"--workers={args.workers}: at least 1")
    if args.timeout is not None and (args.timeout < 0 or args.timeout != args.timeout):
        return _fail(f"--timeout={args.timeout:g}: seconds ≥ 0 (0: no limit)")
    if args.scheduler and args.executor != "dask":
        return _fail(f"--scheduler {args.scheduler}: only with --executor dask")
    if args.scheduler and not re.match(r"^(tcp|tls|inproc|ucx|ws|wss)://[^\s/]+$", args.scheduler):
        return _fail(f"--scheduler {args.scheduler}: an address like tcp://HOST:PORT")
    try:
        overrides = dict(parse_assignment(p) for p in args.params)
        jobs = plan_jobs(args.district, overrides, notebooks_dir=args.notebooks, notes=not args.dry_run)
        if args.provinces is not None:  # issue 10: province profiles (planned apart, see provinces.plan_province_jobs)
            from .provinces import plan_province_jobs

            jobs += plan_province_jobs(args.provinces, overrides, notebooks_dir=args.notebooks)
    except (CchcError, FileNotFoundError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot read the notebooks or the data: {exc}")
    out = Path(args.out) if args.out else settings.reports_dir()
    os.environ["CCHC_REPORTS_DIR"] = str(out.resolve())  # the kernels link a report to its other language there
    executors.DASK_SCHEDULER["address"] = args.scheduler
    settings_used = {"out": str(out), "data": str(settings.data_dir()), "executor": args.executor,
                     "scheduler": args.scheduler, "workers": args.workers, "timeout": args.timeout,
                     "force": args.force, "districts": list(args.district), "params": list(args.params)}
    if args.dry_run:
        result = build_reports(jobs, out_dir=out, executor=args.executor, workers=args.workers,
                               force=args.force, dry_run=True, progress=args.progress)
        if not args.progress:
            print(result.summary())
        return 0
    try:
        runs.check_writable(out)
    except runs.OutputNotWritable as exc:
        return _fail(str(exc))
    try:
        lock = runs.output_lock(out, wait=args.wait)
        lock.__enter__()
    except runs.RunLocked as exc:
        return _fail(str(exc), 3)
    except OSError as exc:
        return _fail(runs.describe_os_error(exc, out / runs.LOCK_NAME))
    log = None
    started, result, code, error = runs.now(), None, 2, ""
    try:
        log = runs.open_log(out / runs.LOG_NAME)
        logging.getLogger("cchc_analysis.cli").info(
            f"run started: pid {os.getpid()}, {len(jobs)} report(s), {' '.join(sys.argv[1:]) or 'report'}")
        result = build_reports(jobs, out_dir=out, executor=args.executor, workers=args.workers,
                               force=args.force, progress=args.progress, timeout=args.timeout, preload=PRELOAD)
        if not args.progress:
            print(result.summary())
        texts = index_texts()
        index = write_index(result, out, title=texts["title"], vintage=texts["vintage"])
        print(f"index: {index}")
        code = 128 + result.interrupted if result.interrupted else (1 if result.failed else 0)
    except OSError as exc:
        error = runs.describe_os_error(exc)
        print(f"cchc report: error: {error}", file=sys.stderr)
        code = 2
    finally:
        status = {0: "ok", 1: "failed", 2: "error"}.get(code, "interrupted")
        try:
            runs.write_run_summary(out / runs.SUMMARY_NAME, started=started, finished=runs.now(), status=status,
                                   exit_code=code, result=result, settings=settings_used, error=error)
            logging.getLogger("cchc_analysis.cli").info(f"run finished: {status}, exit code {code}")
        except OSError as exc:
            print(f"cchc report: error: {runs.describe_os_error(exc, out / runs.SUMMARY_NAME)}", file=sys.stderr)
            code = code or 2
        if log is not None:
            logging.getLogger("cchc_analysis").removeHandler(log)
            log.close()
        lock.__exit__(None, None, None)
    return code


def _extract_target(args) -> tuple:
    """Return (source_id, District or None, source row or None) of ``cchc extract``."""
    from .loaders import load_sources
    from .params import _did_you_mean
    from .registry import resolve_district

    sources = load_sources()
    known = sources[sources["source_id"] == args.source_id]
    district = resolve_district(args.district) if args.district is not None else None
    if not known.empty:
        row = known.iloc[0]
        code = str(row["district_code"])
        if district is not None and district.district_code != code:
            raise ParameterError("district", args.district, f"is {district.name} ({district.district_code}), but "
                                 f"source {args.source_id!r} in data/sources.csv is about district {code}; "
                                 "drop --district or give another --source-id")
        return args.source_id, district or resolve_district(code), row
    if district is None and args.province is None:
        ids = sorted(sources["source_id"])
        if args.source_id is None:
            raise ParameterError("district", None, "is required unless --source-id names a source of "
                                 f"data/sources.csv (one of {', '.join(ids)}), which gives the district, "
                                 "or --province is given")
        raise ParameterError("source_id", args.source_id, "is not in data/sources.csv, so --district is required "
                             f"for its district{_did_you_mean(args.source_id, ids)}", ids)
    return args.source_id or Path(args.path).stem, district, None


def _province_name(name: str) -> str:
    from .registry import fold as fold_name
    from .registry import load_districts

    provinces = sorted(set(load_districts()["province"]))
    wanted = fold_name(name).removeprefix("tinh ").strip()
    for p in provinces:
        if fold_name(p) == wanted:
            return p
    raise ParameterError("province", name, "is not a province name", provinces)


def _extract_evaluate(args) -> int:
    from .extract.evaluate import evaluate_devset, evaluate_seeds, format_score

    try:
        print(format_score(evaluate_seeds(), "seeds: strict rule against data/facts.csv"))
    except CchcError as exc:
        print(f"cchc extract: error: {exc}", file=sys.stderr)
        return 2
    splits = ["dev", "test"] if args.split == "both" else [args.split]
    for split in splits:
        try:
            table = evaluate_devset(args.devset, split)
        except (FileNotFoundError, CchcError) as exc:
            print(f"cchc extract: note: {exc}; no development-set score", file=sys.stderr)
            break
        print()
        print(format_score(table, f"development set, split {split}: strict rule"))
    return 0


def _extract(args) -> int:
    from .extract import compare_with_facts, extract_candidates, readers
    from .extract.csvio import write_candidates
    from .loaders import load_catalog, load_facts

    if args.max_mb is not None:
        if args.max_mb <= 0:
            print(f"cchc extract: error: --max-mb={args.max_mb}: must be positive", file=sys.stderr)
            return 2
        readers.MAX_DOCUMENT_BYTES = int(args.max_mb * 1048576)
    if args.evaluate:
        return _extract_evaluate(args)
    if args.path is None:
        print("cchc extract: error: give the document PATH (or --evaluate)", file=sys.stderr)
        return 2
    if args.out and Path(args.out).is_dir():
        print(f"cchc extract: error: cannot write {args.out}: is a folder; give a file name", file=sys.stderr)
        return 2
    if args.out and Path(args.out).exists() and not args.force:
        print(f"cchc extract: error: {args.out} exists; give --force to replace it, or another --out",
              file=sys.stderr)
        return 2
    try:
        source_id, district, row = _extract_target(args)
        province = _province_name(args.province) if args.province else None
        if args.date is not None and not re.fullmatch(r"(19|20)\d\d(-\d\d(-\d\d)?)?", args.date):
            raise ParameterError("--date", args.date, "a date is YYYY, YYYY-MM or YYYY-MM-DD", ["2022", "2022-12-31"])
    except CchcError as exc:
        print(f"cchc extract: error: {exc}", file=sys.stderr)
        return 2
    period = (int(row["period_start"]), int(row["period_end"])) if row is not None else None
    if args.source_id is not None and row is None:
        print(f"cchc extract: note: source {source_id!r} is not in data/sources.csv, "
              "so no curated fact can match its candidates", file=sys.stderr)
    listed = str(row["date"]) if row is not None and str(row["date"])[:4].isdigit() else ""

    def progress(n):
        print(f"cchc extract: {n} paragraphs read …", file=sys.stderr, flush=True)

    try:
        text, page = readers.read_page(args.path)   # a web page says its own headline and date;
        # what the command line or sources.csv says comes first
        date = args.date or listed or page["date"]
        title = args.title or page["title"] or None
        candidates = extract_candidates(
            text, source_id=source_id, district_code=district.district_code if district else "000",
            catalog=load_catalog(), period=period, level="province" if province else "district",
            document_year=int(date[:4]) if date[:4].isdigit() else None,
            doc_type=row["doc_type"] if row is not None else None, progress=progress, title=title)
    except (CchcError, OSError, MemoryError) as exc:
        reason = str(exc) if str(exc).startswith(str(args.path)) else f"{args.path}: {exc}"
        print(f"cchc extract: error: cannot read {reason}", file=sys.stderr)
        return 2
    candidates = compare_with_facts(candidates, load_facts())
    if args.out:
        try:
            write_candidates(candidates, args.out, force=args.force)
        except (CchcError, OSError) as exc:
            print(f"cchc extract: error: cannot write {args.out}: {exc}", file=sys.stderr)
            return 2
    curated = int((candidates["status"] == "curated").sum())
    span = f"{period[0]}–{period[1]}" if period else "none (years from the text only)"
    where = (f"{district.district_code} {district.name} ({district.province})" if district
             else f"province {province}")
    labelled = int((candidates["indicator"] != "").sum())
    lines = [f"document    {args.path}", f"source_id   {source_id}", f"district    {where}",
             f"period      {span}"]
    if date[:4].isdigit():
        lines.append(f"date        {date}" + (" (the page's)" if not (args.date or listed) else ""))
    if title:
        lines.append(f"title       {title}" + (" (the page's)" if not args.title else ""))
    lines += [f"candidates  {len(candidates)}", f"labelled    {labelled}",
             f"curated     {curated}", f"new         {len(candidates) - curated}"]
    if args.out:
        lines.append(f"written     {args.out}")
    print("\n".join(lines))
    return 0


def _districts(args) -> int:
    import pandas as pd

    from .params import load_districts_with_data

    table = load_districts_with_data()
    with pd.option_context("display.width", 200):
        print(table.to_string(index=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run ``cchc`` with ``argv`` (default ``sys.argv[1:]``) and return the exit status.

    Examples
    --------
    >>> main(["districts"])
    district_code ... n_facts
    ...297...Gia Lộc...Hải Dương...
    0
    """
    from ._startup import defer_iri_grammar

    defer_iri_grammar()  # ≈ 0.85 s of start-up that no command needs (see cchc_analysis._startup)
    args = build_parser().parse_args(argv)
    try:
        if args.command == "report":
            return _report(args)
        if args.command == "extract":
            return _extract(args)
        if args.command == "facts":
            from .curation import run_facts_command

            return run_facts_command(args)
        return _districts(args)
    except FactValidationError as exc:  # a bad data file: its lines and fields, no traceback
        print(f"cchc {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
