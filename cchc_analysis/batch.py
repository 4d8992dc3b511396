"""Build the report site: execute notebooks per district with papermill, render them to HTML.

One :class:`ReportJob` is one notebook run (notebook + checked parameters + output
name).  :func:`build_reports` runs the jobs whose inputs changed, in parallel,
through an executor from a small registry (``serial``, ``process``, ``dask``;
:func:`register_executor` adds more), and returns a :class:`BatchResult`:

- each report is rendered in-process (:func:`cchc_analysis.render.render_html`)
  and written atomically: a temporary file in the same folder, then
  :func:`os.replace`, so an interrupted run never leaves a half-written report;
- a failing run does not stop the others: its error is recorded and its executed
  notebook kept as ``<out_dir>/_failed/<name>.ipynb`` for debugging;
- a job whose fingerprint (notebook, parameters, every file under ``data/``, the
  package's source, the versions of key packages) equals that of its last
  successful build is skipped; ``force=True`` rebuilds, ``dry_run=True`` only says
  what would happen.  Fingerprints live in ``<out_dir>/.cchc-manifest.json``.

:func:`write_index` then writes ``<out_dir>/index.html`` linking every report with
its status.

Examples
--------
>>> sorted(known_executors())
['dask', 'process', 'serial']
>>> _executor("threads")
Traceback (most recent call last):
...
cchc_analysis.errors.ParameterError: parameter 'executor'='threads': is not a known executor; valid: dask, process, serial
"""
from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import json
import os
import platform
import logging
import re
import signal
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import settings
from .errors import ParameterError
from .executors import _executor, known_executors, register_executor  # the last two re-exported
from .names import _default_resolve, report_name  # report_name is also part of this module's API
from .render import write_text_atomic

__all__ = [
    "MANIFEST_NAME",
    "FAILED_DIR",
    "ReportJob",
    "ReportRecord",
    "BatchResult",
    "register_executor",
    "known_executors",
    "make_job",
    "fingerprint_job",
    "build_reports",
    "write_index",
    "write_text_atomic",
    "start_with_retries",
    "START_ATTEMPTS",
]

MANIFEST_NAME = ".cchc-manifest.json"
FAILED_DIR = "_failed"
_WORK_DIR = ".cchc-work"  # used by earlier versions; removed when found
_LOG = logging.getLogger("cchc_analysis.batch")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: Packages whose version changes what a report shows.
KEY_PACKAGES = ("cchc_analysis", "pandas", "numpy", "scipy", "statsmodels", "matplotlib", "seaborn",
                "pandera", "vietnamadminunits", "papermill", "nbconvert", "nbformat", "ipykernel")


# --- jobs and results ------------------------------------------------------------------------

@dataclass(frozen=True)
class ReportJob:
    """One notebook run: the notebook, its checked parameters and the report's name.

    Make jobs with :func:`make_job`, which checks the parameters; the report is
    written to ``<out_dir>/<name>.html``.
    """

    notebook: str
    parameters: Mapping = field(default_factory=dict)
    name: str = ""
    title: str = ""
    label: str = ""
    footer: str = ""
    district: str = ""

    def __post_init__(self):
        object.__setattr__(self, "notebook", str(self.notebook))
        object.__setattr__(self, "parameters", dict(self.parameters))
        name = self.name or Path(self.notebook).stem
        if not _NAME.match(name):
            raise ParameterError("name", name, "a report name is letters, digits, '.', '_' or '-'")
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "title", self.title or name)
        object.__setattr__(self, "label", self.label or self.title)

    @property
    def language(self) -> str:
        """Return the report's language (its ``language`` parameter, default ``"vi"``)."""
        return self.parameters.get("language", "vi")


@dataclass(frozen=True)
class ReportRecord:
    """What happened to one job: ``status`` is built, skipped, failed or planned (dry run)."""

    name: str
    label: str
    status: str
    html: str = ""
    error: str = ""
    notebook: str = ""
    seconds: float = 0.0
    fingerprint: str = ""


@dataclass(frozen=True)
class BatchResult:
    """The outcome of :func:`build_reports`: one record per job, in the jobs' order.

    Examples
    --------
    >>> r = BatchResult((ReportRecord("a", "A", "built"), ReportRecord("b", "B", "failed", error="ValueError: x")),
    ...                 out_dir="reports")
    >>> r
    BatchResult(built=['a'], skipped=[], failed=['b: ValueError: x'], out_dir='reports')
    >>> r.ok, r.executed
    (False, 2)
    """

    records: tuple[ReportRecord, ...]
    out_dir: str = ""
    dry_run: bool = False
    interrupted: int = 0  # the signal that stopped the run, 0 when it ran to its end

    def _names(self, status: str) -> tuple[str, ...]:
        return tuple(r.name for r in self.records if r.status == status)

    @property
    def built(self) -> tuple[str, ...]:
        """Return the names of the reports built in this run."""
        return self._names("built")

    @property
    def skipped(self) -> tuple[str, ...]:
        """Return the names of the reports that were up to date."""
        return self._names("skipped")

    @property
    def planned(self) -> tuple[str, ...]:
        """Return the names a dry run would build."""
        return self._names("planned")

    @property
    def failed(self) -> tuple[ReportRecord, ...]:
        """Return the failed records, each with its error and kept notebook."""
        return tuple(r for r in self.records if r.status == "failed")

    @property
    def executed(self) -> int:
        """Return how many notebooks were executed (built or failed)."""
        return len(self.built) + len(self.failed)

    @property
    def ok(self) -> bool:
        """Return True when no report failed."""
        return not self.failed

    def to_frame(self) -> pd.DataFrame:
        """Return one row per job: name, label, status, html, error, notebook, seconds, fingerprint."""
        return pd.DataFrame([r.__dict__ for r in self.records], columns=list(ReportRecord.__dataclass_fields__))

    def summary(self) -> str:
        """Return a few readable lines: the counts, then each failure with its kept notebook."""
        if self.dry_run:
            head = f"dry run: {len(self.planned)} to build, {len(self.skipped)} up to date (nothing executed)"
            lines = [head] + [f"  would build {n}" for n in self.planned]
        else:
            head = (f"reports: {len(self.built)} built, {len(self.skipped)} skipped (up to date), "
                    f"{len(self.failed)} failed → {self.out_dir}")
            lines = [head]
            for r in self.failed:
                kept = f" (executed notebook kept: {r.notebook})" if r.notebook else ""
                lines.append(f"  FAILED {r.name}: {_first_line(r.error)}{kept}")
            if self.interrupted:
                left = sum(r.status == "interrupted" for r in self.records)
                lines.append(f"  STOPPED by {signal.Signals(self.interrupted).name}: {left} report(s) not run; "
                             "the next run builds them")
        return "\n".join(lines)

    def __repr__(self) -> str:
        failed = [f"{r.name}: {_first_line(r.error)}" for r in self.failed]
        extra = f", planned={list(self.planned)}" if self.dry_run else ""
        return (f"BatchResult(built={list(self.built)}, skipped={list(self.skipped)}, "
                f"failed={failed}{extra}, out_dir={self.out_dir!r})")


def make_job(notebook: str | Path, parameters: Mapping | None = None, *, name: str | None = None,
             title: str | None = None, label: str | None = None, note: str = "", district=None,
             model=None, resolve: Callable | None = None,
             districts_with_data: Iterable[str] | None = None) -> ReportJob:
    """Return a job with checked parameters (see :mod:`cchc_analysis.params`).

    The engine knows nothing of what a report says: ``title``, ``label`` and
    ``note`` (the footer line) come from the report side
    (:func:`cchc_analysis.site.describe_job`, passed in by the command line);
    without them the title and label are the report's name and the district's.

    Parameters
    ----------
    notebook : str or Path
    parameters : mapping, optional
        ``district`` may be a name, a code or a resolved district (then it is
        not resolved again).
    name : str, optional
        Default :func:`report_name`: the district's slug, made unique by its
        province when another unit has the same name (``an-lao-binh-dinh``),
        else the notebook's stem; ``-en`` is appended to English reports.
    title, label, note : str, optional
    district : District, optional
        The resolved district, when the caller resolved it already.
    model : ParameterModel, optional
        The notebook's parameter model, when already read.
    resolve, districts_with_data
        Lookups, as in :meth:`cchc_analysis.params.ParameterModel.validate`.

    Raises
    ------
    ParameterError
        On an unknown name, a wrong type, an unknown district or a year out of range.

    Examples
    --------
    >>> import nbformat, tempfile, os
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     'district = "Triệu Sơn"\\nlanguage = "vi"', metadata={"tags": ["parameters"]})],
    ...     metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}})
    >>> path = os.path.join(tempfile.mkdtemp(), "district_report.ipynb")
    >>> nbformat.write(nb, path)
    >>> job = make_job(path, {"district": "gia loc", "language": "en"}, districts_with_data={"297"})
    >>> job.name, job.parameters["district"], job.label, job.district
    ('gia-loc-en', 'Gia Lộc', 'Gia Lộc (Hải Dương)', '297')
    """
    from .params import load_parameter_model

    parameters = dict(parameters or {})
    resolve = resolve or _default_resolve()
    if district is None and parameters.get("district") is not None and not hasattr(parameters["district"],
                                                                                     "district_code"):
        from .params import _Lookups

        parameters["district"] = district = _Lookups(resolve, districts_with_data).resolved("district",
                                                                                           parameters["district"])
    elif district is None:
        district = parameters.get("district")
    elif "district" in parameters:
        parameters["district"] = district
    model = model or load_parameter_model(notebook)
    values = model.validate(parameters, resolve=resolve, districts_with_data=districts_with_data)
    if district is not None:
        province = getattr(district, "province", "")
        default_label = f"{district.name} ({province})" if province else district.name
    else:
        default_label = Path(notebook).stem.replace("_", " ")
    job_name = name or report_name(notebook, values.get("language", "vi"), district, resolve)
    return ReportJob(str(notebook), values, name=job_name, title=title or job_name,
                     label=label or default_label, footer=note,
                     district=getattr(district, "district_code", ""))


# --- fingerprints and the manifest -----------------------------------------------------------

def _hash_files(h, root: Path, pattern: str = "**/*") -> None:
    for path in sorted(p for p in root.glob(pattern) if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")


@functools.lru_cache(maxsize=1)
def _package_digest() -> str:
    """Return the sha256 of the package's source, read once per process (the code that is running)."""
    h = hashlib.sha256()
    _hash_files(h, Path(__file__).resolve().parent)
    return h.hexdigest()


def _shared_fingerprint(data_dir: Path | None = None) -> str:
    """Return the sha256 of what every job depends on: data, package source, key versions."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256()
    data_dir = Path(data_dir) if data_dir is not None else settings.data_dir()
    if data_dir.is_dir():
        _hash_files(h, data_dir)
    h.update(_package_digest().encode())
    h.update(f"python {platform.python_version()}".encode())
    for pkg in KEY_PACKAGES:
        try:
            h.update(f"{pkg} {version(pkg)}".encode())
        except PackageNotFoundError:
            h.update(f"{pkg} missing".encode())
    return h.hexdigest()


def fingerprint_job(job: ReportJob, *, shared: str | None = None) -> str:
    """Return the sha256 of a job's inputs: notebook file, parameters, name and ``shared``.

    ``shared`` is the fingerprint of the data, the package's source and key
    package versions (computed when not given).

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "nb.ipynb")
    >>> _ = open(path, "w").write("{}")
    >>> a = fingerprint_job(ReportJob(path, {"start_year": 2016}), shared="x")
    >>> b = fingerprint_job(ReportJob(path, {"start_year": 2017}), shared="x")
    >>> len(a), a == b
    (64, False)
    """
    h = hashlib.sha256()
    h.update(Path(job.notebook).read_bytes())
    h.update(json.dumps(job.parameters, sort_keys=True, ensure_ascii=False, default=str).encode())
    h.update(f"{job.name}\0{job.title}".encode())
    h.update((shared if shared is not None else _shared_fingerprint()).encode())
    return h.hexdigest()


def _read_manifest(out_dir: Path) -> dict:
    path = out_dir / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data.get("reports"), dict) else {"reports": {}}
    except (OSError, ValueError):
        return {"reports": {}}


def _write_manifest(out_dir: Path, manifest: dict) -> None:
    write_text_atomic(out_dir / MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))


# --- one run (in a worker) -------------------------------------------------------------------

def _describe(exc: BaseException) -> str:
    """Return an error's readable text: papermill's cell errors as ``Name: value (cell n)``."""
    ename = getattr(exc, "ename", None)
    if ename:
        cell = getattr(exc, "exec_count", None)
        return f"{ename}: {getattr(exc, 'evalue', '')}" + (f" (in cell [{cell}])" if cell else "")
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _first_line(text: str) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""


#: Messages of jupyter_client when a kernel never answered its first request: no cell ran.
_STARTUP_FAILURES = ("Kernel died before replying to kernel_info", "Kernel didn't respond in")
#: Attempts to start a kernel before a run counts as failed.
START_ATTEMPTS = 3


def _is_startup_failure(exc: BaseException) -> bool:
    """Return True when ``exc`` says the kernel died or hung before running any cell.

    Kernels started at the same moment by parallel workers can race for the same
    free TCP port (jupyter_client picks ports before the kernel binds them;
    nteract/papermill#511), and the loser dies at start-up.  Nothing ran, so the
    run can safely be tried again.

    Examples
    --------
    >>> _is_startup_failure(RuntimeError("Kernel died before replying to kernel_info"))
    True
    >>> _is_startup_failure(RuntimeError("Kernel died"))
    False
    """
    return isinstance(exc, RuntimeError) and any(m in str(exc) for m in _STARTUP_FAILURES)


def start_with_retries(run: Callable[[], object]) -> tuple[object, int]:
    """Call ``run`` (which starts a kernel), again after a start-up failure; return its result and the attempts.

    Up to :data:`START_ATTEMPTS` attempts; any other error is raised at once. When
    every attempt failed at start-up, the RuntimeError says how many were made.

    Examples
    --------
    >>> calls = []
    >>> def flaky():
    ...     calls.append(1)
    ...     if len(calls) < 2:
    ...         raise RuntimeError("Kernel died before replying to kernel_info")
    ...     return "ran"
    >>> start_with_retries(flaky)
    ('ran', 2)
    """
    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            return run(), attempt
        except Exception as exc:
            if not _is_startup_failure(exc):
                raise
            if attempt == START_ATTEMPTS:
                raise RuntimeError(f"{exc} (kernel start tried {attempt} times)") from exc
            time.sleep(0.2 * attempt)  # let the racing kernel take its ports
    raise AssertionError("unreachable")  # pragma: no cover


_SESSION: dict = {}  # this process's kept kernel, one per (kernel name, cwd, preload)


def _session(payload: dict):
    """Return this process's kernel session for the payload's kernel, started ahead of need."""
    from .kernels import KernelSession

    key = (payload["kernel_name"], payload["cwd"], payload.get("preload", ""))
    ks = _SESSION.get(key)
    if ks is None:
        close_sessions()
        ks = _SESSION[key] = KernelSession(*key)
        if _in_worker():
            import multiprocessing.util

            multiprocessing.util.Finalize(ks, ks.shutdown, exitpriority=10)  # the worker's normal exit
    return ks


def _in_worker() -> bool:
    import multiprocessing

    return multiprocessing.parent_process() is not None


def close_sessions() -> None:
    """Shut down the kernels this process keeps (a no-op when there are none).

    Examples
    --------
    >>> close_sessions()
    """
    while _SESSION:
        _SESSION.popitem()[1].shutdown()


def _execute(payload: dict):
    """Run the job's notebook in this process's kept kernel; return the executed notebook."""
    job = payload["job"]
    ks = _session(payload)
    try:
        return ks.run(job["notebook"], job["parameters"], timeout=payload.get("timeout"))
    finally:
        if not payload.get("reuse", True):
            close_sessions()


def _keep_failed(nb, path: Path) -> str:
    """Write a failed run's executed notebook atomically; return its path ('' when it cannot be written)."""
    import nbformat

    try:
        write_text_atomic(path, nbformat.writes(nb))
    except (OSError, ValueError):
        return ""
    return str(path)


def _run_one(payload: dict) -> dict:
    """Execute one job, render it and write it; never raise (the error is returned)."""
    job, out_dir = payload["job"], Path(payload["out_dir"])
    failed_nb = out_dir / FAILED_DIR / f"{job['name']}.ipynb"
    start = time.monotonic()
    outcome = {"name": job["name"], "status": "built", "error": "", "notebook": "",
               "html": f"{job['name']}.html", "pid": os.getpid()}
    nb = None
    try:
        try:
            nb = _execute(payload)
        except Exception as exc:
            nb = getattr(exc, "notebook", None)
            raise
        page = payload["render"](nb, title=job["title"], language=job["parameters"].get("language", "vi"),
                                 note=job.get("footer", ""))
        write_text_atomic(out_dir / outcome["html"], page)
    except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the batch
        outcome.update(status="failed", error=_describe(exc))
        if nb is not None:
            outcome["notebook"] = _keep_failed(nb, failed_nb)
    else:
        try:
            failed_nb.unlink(missing_ok=True)
        except OSError:
            pass
    outcome["seconds"] = round(time.monotonic() - start, 2)
    return outcome


# --- the batch -------------------------------------------------------------------------------

def build_reports(jobs: Iterable[ReportJob], *, out_dir: str | Path | None = None, executor: str = "process",
                  workers: int | None = None, force: bool = False, dry_run: bool = False,
                  progress: bool = True, kernel_name: str = "python3", cwd: str | Path | None = None,
                  render: Callable | None = None, timeout: float | None = None, preload: str = "",
                  reuse_kernels: bool | None = None) -> BatchResult:
    """Execute the jobs whose inputs changed and write their HTML reports.

    Parameters
    ----------
    jobs : iterable of ReportJob
        Made with :func:`make_job` (parameters already checked); names must be unique.
    out_dir : str or Path, optional
        Default :func:`cchc_analysis.settings.reports_dir`.
    executor : {"process", "serial", "dask"} or a registered name
    workers : int, optional
        Parallel runs; default ``os.cpu_count()`` (never more than the jobs to run).
    force : bool, default False
        Rebuild even the reports that are up to date.
    dry_run : bool, default False
        Only say what would be built and skipped; execute nothing, write nothing.
    progress : bool, default True
        Show a progress bar (stderr) and print a summary.
    kernel_name : str, default "python3"
    cwd : str or Path, optional
        Where the kernels run; default the repository root, so notebooks import the package.
    render : callable, optional
        ``render(executed, *, title, language, note) -> str`` (``executed`` is the
        executed notebook node); default :func:`cchc_analysis.render.render_html`.
        Must be picklable for the process and dask executors.
    timeout : float, optional
        Seconds one notebook may run (default :data:`cchc_analysis.kernels.DEFAULT_TIMEOUT`;
        0 or None after an explicit ``timeout=0``: no limit); past it that report
        fails and the others go on.
    preload : str, optional
        Code each new kernel runs once before its first notebook (imports).
    reuse_kernels : bool, optional
        Keep one kernel per worker across reports, reset between them (default:
        True, except with ``dask``, whose workers outlive the run).

    Returns
    -------
    BatchResult
        ``interrupted`` is the signal number when SIGINT/SIGTERM stopped the run
        (every worker and kernel is then stopped; records not run are ``interrupted``).

    Raises
    ------
    ParameterError
        On an unknown executor or two jobs with the same name (before anything runs).

    Examples
    --------
    >>> import tempfile
    >>> build_reports([], out_dir=tempfile.mkdtemp(), progress=False)
    BatchResult(built=[], skipped=[], failed=[], out_dir='...')
    """
    from tqdm.auto import tqdm

    from .kernels import DEFAULT_TIMEOUT
    from .render import render_html

    jobs = list(jobs)
    run = _executor(executor)
    names = [j.name for j in jobs]
    dupes = sorted({n for n in names if names.count(n) > 1}) if len(set(names)) < len(names) else []
    if dupes:
        raise ParameterError("name", dupes[0], "two jobs would write the same report; give them distinct names")
    out_dir = Path(out_dir) if out_dir is not None else settings.reports_dir()
    shared = _shared_fingerprint()
    manifest = _read_manifest(out_dir)
    prints = {j.name: fingerprint_job(j, shared=shared) for j in jobs}
    records: dict[str, ReportRecord] = {}
    todo = []
    for j in jobs:
        last = manifest["reports"].get(j.name, {})
        fresh = last.get("fingerprint") == prints[j.name] and (out_dir / f"{j.name}.html").is_file()
        if fresh and not force:
            records[j.name] = ReportRecord(j.name, j.label, "skipped", html=f"{j.name}.html",
                                           fingerprint=prints[j.name])
        elif dry_run:
            records[j.name] = ReportRecord(j.name, j.label, "planned", fingerprint=prints[j.name])
        else:
            todo.append(j)
    if dry_run or not todo:
        result = BatchResult(tuple(records[n] for n in names), str(out_dir), dry_run)
        if progress:
            print(result.summary())
        return result

    out_dir.mkdir(parents=True, exist_ok=True)
    clean_leftovers(out_dir)
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    by_name = {j.name: j for j in todo}
    reuse = executor != "dask" if reuse_kernels is None else bool(reuse_kernels)
    payloads = [{"job": {"name": j.name, "notebook": j.notebook, "parameters": j.parameters, "title": j.title,
                         "footer": j.footer},
                 "out_dir": str(out_dir), "cwd": str(cwd or settings.REPO_ROOT), "kernel_name": kernel_name,
                 "render": render or render_html, "preload": preload, "reuse": reuse,
                 "timeout": DEFAULT_TIMEOUT if timeout is None else (timeout or None)} for j in todo]
    # the bar only on a terminal (disable=None); logs of scheduled runs get one line per report
    bar = tqdm(total=len(todo), desc="reports", unit="report", disable=None if progress else True,
               file=sys.stderr)
    head = (f"building {len(todo)} report(s) with {executor} × {workers}; "
            f"{len(jobs) - len(todo)} up to date")
    _LOG.info(head)
    if progress:
        bar.write(head, file=sys.stderr)
    interrupted = 0
    outcomes = run(_run_one, payloads, workers=workers)
    try:
        for done, out in enumerate(outcomes, start=1):
            job = by_name[out["name"]]
            rec = ReportRecord(job.name, job.label, out["status"], html=out["html"] if out["status"] == "built"
                               else "", error=out["error"], notebook=out["notebook"], seconds=out["seconds"],
                               fingerprint=prints[job.name])
            records[job.name] = rec
            if rec.status == "built":
                manifest["reports"][job.name] = {
                    "fingerprint": rec.fingerprint, "html": rec.html, "label": job.label,
                    "notebook": job.notebook, "parameters": job.parameters,
                    "built_at": _dt.datetime.now().isoformat(timespec="seconds"),
                }
                _write_manifest(out_dir, manifest)
            mark = "ok" if rec.status == "built" else f"FAILED: {_first_line(rec.error)}"
            line = f"  [{done}/{len(todo)}] {job.name} ({rec.seconds:.1f} s) {mark}"
            (_LOG.info if rec.status == "built" else _LOG.warning)(line.strip() + f" [worker pid {out.get('pid')}]")
            bar.set_postfix_str(job.name)
            if progress:
                bar.write(line, file=sys.stderr)
            bar.update(1)
    except KeyboardInterrupt as exc:  # SIGINT, or SIGTERM through cchc_analysis.runs.stop_on_signals
        interrupted = getattr(exc, "signum", signal.SIGINT)
        _LOG.warning(f"stopped by {signal.Signals(interrupted).name}: stopping every worker and kernel")
    finally:
        outcomes.close()  # stops the workers and their kernels when the loop did not finish
        if executor == "serial" or interrupted:
            close_sessions()
        bar.close()
        clean_leftovers(out_dir)
    for j in todo:
        if j.name not in records:
            records[j.name] = ReportRecord(j.name, j.label, "interrupted", fingerprint=prints[j.name],
                                           error="not run: the run was stopped")
    result = BatchResult(tuple(records[n] for n in names), str(out_dir), False, interrupted)
    if progress:
        print(result.summary())
    return result


def clean_leftovers(out_dir: str | Path) -> list[str]:
    """Remove what an interrupted run may leave: temporary files and the old work folder; return their names.

    Only call it while holding the output folder (one run at a time).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / ".index.html.x1.tmp").write_text("<p>half")
    >>> clean_leftovers(d), sorted(p.name for p in d.iterdir())
    (['.index.html.x1.tmp'], [])
    """
    import shutil

    out_dir = Path(out_dir)
    gone = []
    for folder in (out_dir, out_dir / FAILED_DIR):
        if folder.is_dir():
            for p in folder.glob(".*.tmp"):
                try:
                    p.unlink()
                    gone.append(p.name)
                except OSError:
                    pass
    if (out_dir / _WORK_DIR).is_dir():
        shutil.rmtree(out_dir / _WORK_DIR, ignore_errors=True)
        gone.append(_WORK_DIR)
    return gone


# --- the index page --------------------------------------------------------------------------

def write_index(result: BatchResult, out_dir: str | Path | None = None, *, vintage: str = "",
                title: str = "cchc_analysis") -> Path:
    """Write ``<out_dir>/index.html``: every report with its status, the data vintage, the version.

    Reports built by earlier runs (in the manifest, not in ``result``) are listed
    too.  The page is self-contained (no scripts, no external resources), in
    Vietnamese (``lang="vi"``) with English glosses.  What the site is about
    (``title``, ``vintage``) comes from the report side
    (:func:`cchc_analysis.site.index_texts`).

    Parameters
    ----------
    result : BatchResult
    out_dir : str or Path, optional
        Default ``result.out_dir``.
    vintage : str, optional
        One sentence on the data.
    title : str

    Returns
    -------
    Path
        The index file (written atomically).

    Examples
    --------
    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> r = BatchResult((ReportRecord("gia-loc", "Gia Lộc (Hải Dương)", "failed", error="ValueError: x\\ny"),), d)
    >>> page = write_index(r, vintage="Dữ liệu thử.").read_text(encoding="utf-8")
    >>> '<html lang="vi">' in page, "ValueError: x" in page, "<script" in page
    (True, True, False)
    """
    from .render import render_index

    out_dir = Path(out_dir if out_dir is not None else result.out_dir)
    manifest = _read_manifest(out_dir)["reports"]
    rows = []
    for r in result.records:
        has_html = (out_dir / f"{r.name}.html").is_file()
        entry = manifest.get(r.name, {}) if isinstance(manifest.get(r.name), dict) else {}
        try:
            notebook = os.path.relpath(r.notebook, out_dir) if r.notebook else ""
        except ValueError:
            notebook = str(r.notebook)
        rows.append({"name": r.name, "label": r.label, "status": r.status,
                     "href": f"{r.name}.html" if has_html else "", "error": _first_line(r.error),
                     "kept_old": has_html, "seconds": r.seconds,
                     "built_at": str(entry.get("built_at", "")).replace("T", " "), "notebook": notebook})
    seen = {r.name for r in result.records}
    for name, entry in sorted(manifest.items()):
        if name not in seen and isinstance(entry, dict) and _NAME.match(name) and (out_dir / f"{name}.html").is_file():
            rows.append({"name": name, "label": str(entry.get("label", name)), "status": "earlier",
                         "href": f"{name}.html", "error": "", "kept_old": True, "seconds": 0.0,
                         "built_at": str(entry.get("built_at", "")).replace("T", " "), "notebook": ""})
    page = render_index(rows, title=title, vintage=vintage)
    return write_text_atomic(out_dir / "index.html", page)
