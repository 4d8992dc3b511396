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

Every parameter is checked before any kernel starts; exit status 2 on a bad
parameter or a document that cannot be read (with the message), 1 when a
report failed (after building the others), 0 otherwise.

Examples
--------
>>> build_parser().parse_args(["report", "--district", "Gia Lộc", "-p", "language=en"]).params
['language=en']
"""
from __future__ import annotations

import argparse
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

    parser = argparse.ArgumentParser(
        prog="cchc", description="Reports on Vietnam's district-level administrative reform (CCHC), 2016–2025.")
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
    rep.add_argument("--out", default=None, metavar="DIR", help="output folder (default: reports/)")
    rep.add_argument("--notebooks", default=None, metavar="DIR",
                     help=f"folder with {DISTRICT_NOTEBOOK} and {COMPARATIVE_NOTEBOOK} (default: notebooks/)")
    rep.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")

    ext = sub.add_parser("extract", help="propose candidate facts from a source document, or score the extractor",
                         description="Read a source document (.txt, .md, .docx, .pdf), propose every figure in it "
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
              resolve=None, districts_with_data=None) -> list:
    """Return the checked jobs of one ``cchc report`` run.

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
    from .params import _did_you_mean, load_parameter_model

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
    lookups = {"resolve": resolve, "districts_with_data": districts_with_data}
    jobs = []
    if not districts:
        comparative = nb_dir / COMPARATIVE_NOTEBOOK
        values = {k: v for k, v in overrides.items() if k in models[comparative].names}
        jobs.append(make_job(comparative, values, **lookups))
    district_nb = nb_dir / DISTRICT_NOTEBOOK
    values = {k: v for k, v in overrides.items() if k in models[district_nb].names}
    for d in districts or list(districts_with_data):
        jobs.append(make_job(district_nb, {**values, "district": d}, **lookups))
    return jobs


def _report(args) -> int:
    from .batch import build_reports, write_index
    from .params import parse_assignment

    try:
        overrides = dict(parse_assignment(p) for p in args.params)
        jobs = plan_jobs(args.district, overrides, notebooks_dir=args.notebooks)
        if args.provinces is not None:  # issue 10: province profiles (planned apart, see provinces.plan_province_jobs)
            from .provinces import plan_province_jobs

            jobs += plan_province_jobs(args.provinces, overrides, notebooks_dir=args.notebooks)
    except (CchcError, FileNotFoundError) as exc:
        print(f"cchc report: error: {exc}", file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 1:
        print(f"cchc report: error: --workers={args.workers}: at least 1", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else settings.reports_dir()
    result = build_reports(jobs, out_dir=out, executor=args.executor, workers=args.workers,
                           force=args.force, dry_run=args.dry_run, progress=args.progress)
    if not args.progress:
        print(result.summary())
    if args.dry_run:
        return 0
    index = write_index(result, out)
    print(f"index: {index}")
    return 1 if result.failed else 0


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
    except CchcError as exc:
        print(f"cchc extract: error: {exc}", file=sys.stderr)
        return 2
    period = (int(row["period_start"]), int(row["period_end"])) if row is not None else None
    if args.source_id is not None and row is None:
        print(f"cchc extract: note: source {source_id!r} is not in data/sources.csv, "
              "so no curated fact can match its candidates", file=sys.stderr)
    date = str(row["date"]) if row is not None else ""

    def progress(n):
        print(f"cchc extract: {n} paragraphs read …", file=sys.stderr, flush=True)

    try:
        text = readers.iter_document(args.path)
        candidates = extract_candidates(
            text, source_id=source_id, district_code=district.district_code if district else "000",
            catalog=load_catalog(), period=period, level="province" if province else "district",
            document_year=int(date[:4]) if date[:4].isdigit() else None,
            doc_type=row["doc_type"] if row is not None else None, progress=progress)
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
             f"period      {span}", f"candidates  {len(candidates)}", f"labelled    {labelled}",
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
