"""Scheduled runs: one run per output folder, stopped cleanly by a signal, summarised and logged.

- :func:`output_lock` holds ``<out_dir>/.cchc-lock`` (:mod:`filelock`, released
  by the system even when the process is killed) and writes who holds it to
  ``.cchc-lock.json``; a second run gets :class:`RunLocked` naming the holder
  (pid, host, start time), or waits.
- :func:`stop_on_signals` turns SIGINT and SIGTERM into :class:`RunInterrupted`,
  which :func:`cchc_analysis.batch.build_reports` catches: it stops every worker
  and kernel, and returns what was done, so the index and the manifest can be
  written to match the reports on disk.
- :func:`check_writable` says in words why an output folder cannot be written.
- :func:`write_run_summary` writes ``run.json`` (start, end, one entry per
  report) and :func:`open_log` appends timestamped lines to ``run.log``.

Exit codes of ``cchc report`` (:data:`EXIT_CODES`, also in the README).

Examples
--------
>>> import tempfile
>>> d = tempfile.mkdtemp()
>>> with output_lock(d):
...     try:
...         with output_lock(d):
...             pass
...     except RunLocked as exc:
...         print(str(exc).split(" (")[0])
another cchc report run holds the output folder ...
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import json
import logging
import os
import signal
import socket
import tempfile
from pathlib import Path

from .errors import CchcError

__all__ = ["EXIT_CODES", "LOCK_NAME", "SUMMARY_NAME", "LOG_NAME", "RunLocked", "RunInterrupted",
           "OutputNotWritable", "output_lock", "stop_on_signals", "check_writable", "write_run_summary",
           "open_log", "now"]

LOCK_NAME = ".cchc-lock"
SUMMARY_NAME = "run.json"
LOG_NAME = "run.log"
#: Exit codes of ``cchc report``.
EXIT_CODES = {
    0: "every report built or up to date",
    1: "at least one report failed or timed out (the others were built)",
    2: "bad input: a parameter, a notebook, the data, or an output folder that cannot be written",
    3: "another run holds the output folder's lock (without --wait)",
    130: "stopped by SIGINT (Ctrl-C); workers and kernels stopped, index and manifest consistent",
    143: "stopped by SIGTERM; workers and kernels stopped, index and manifest consistent",
}
SUMMARY_SCHEMA = 1


def now() -> str:
    """Return the current local time, ISO 8601 with its UTC offset (seconds).

    Examples
    --------
    >>> len(now()) >= 25 and now()[10] == "T"
    True
    """
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


class RunLocked(CchcError, RuntimeError):
    """Another run holds the output folder."""

    def __init__(self, out_dir, holder=None):
        self.out_dir = str(out_dir)
        self.holder = dict(holder or {})
        super().__init__(self.out_dir, self.holder)

    def __str__(self):
        h = self.holder
        who = (f"pid {h.get('pid', '?')} on {h.get('host', '?')}, started {h.get('started', '?')}"
               if h else "holder unknown")
        return (f"another cchc report run holds the output folder {self.out_dir} ({who}); "
                "wait for it, or give --wait to queue behind it")


class RunInterrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived; ``signum`` says which (exit code 128 + signum).

    Like :class:`KeyboardInterrupt` (and unlike the toolkit's errors) it is not
    an :class:`Exception`, so no ``except Exception`` of a report swallows it.
    """

    def __init__(self, signum):
        self.signum = int(signum)
        super().__init__(self.signum)

    def __str__(self):
        return f"stopped by {signal.Signals(self.signum).name}"


class OutputNotWritable(CchcError, OSError):
    """The output folder cannot be created or written."""

    def __init__(self, path, reason):
        self.path = str(path)
        self.reason = str(reason)
        super().__init__(self.path, self.reason)

    def __str__(self):
        return f"cannot write to the output folder {self.path}: {self.reason}"


def _reason(exc: OSError) -> str:
    words = {errno.ENOSPC: "no space left on the device", errno.EROFS: "the file system is read-only",
             errno.EACCES: "permission denied", errno.EPERM: "operation not permitted",
             errno.ENOTDIR: "a part of the path is a file, not a folder",
             errno.EEXIST: "it exists and is not a folder", errno.EDQUOT: "disk quota exceeded"}
    return words.get(exc.errno, exc.strerror or str(exc))


def check_writable(out_dir) -> Path:
    """Create ``out_dir`` if needed and prove a file can be written in it; return it.

    Raises
    ------
    OutputNotWritable
        With the reason in words (a file in the way, read-only, no space, ...).

    Examples
    --------
    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "a-file")
    >>> _ = open(f, "w").close()
    >>> check_writable(f)
    Traceback (most recent call last):
    ...
    cchc_analysis.runs.OutputNotWritable: cannot write to the output folder ...a-file: it exists and is not a folder
    """
    path = Path(out_dir)
    try:
        if path.exists() and not path.is_dir():
            raise FileExistsError(errno.EEXIST, "exists", str(path))
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=path, prefix=".cchc-probe.", suffix=".tmp")
        try:
            os.write(fd, b"x" * 4096)
            os.fsync(fd)
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        raise OutputNotWritable(path, _reason(exc)) from None
    return path


def describe_os_error(exc: OSError, path=None) -> str:
    """Return an OSError in words, naming its file.

    Examples
    --------
    >>> import errno
    >>> describe_os_error(OSError(errno.ENOSPC, "No space left on device"), "reports/index.html")
    'cannot write reports/index.html: no space left on the device'
    """
    where = path or getattr(exc, "filename", None) or "a file"
    return f"cannot write {where}: {_reason(exc)}"


@contextlib.contextmanager
def output_lock(out_dir, *, wait: bool = False, poll: float = 0.5):
    """Hold the output folder's lock for a run (see the module's doc).

    Parameters
    ----------
    out_dir : str or Path
        Must exist.
    wait : bool, default False
        Wait for the holder to finish instead of raising :class:`RunLocked`.

    Examples
    --------
    >>> import tempfile, json, os
    >>> d = tempfile.mkdtemp()
    >>> with output_lock(d):
    ...     json.loads(open(os.path.join(d, ".cchc-lock.json")).read())["pid"] == os.getpid()
    True
    >>> os.path.exists(os.path.join(d, ".cchc-lock.json"))
    False
    """
    from filelock import FileLock, Timeout

    out_dir = Path(out_dir)
    info = out_dir / f"{LOCK_NAME}.json"
    lock = FileLock(str(out_dir / LOCK_NAME), is_singleton=False)
    try:
        lock.acquire(timeout=-1 if wait else 0, poll_interval=poll)
    except Timeout:
        try:
            holder = json.loads(info.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            holder = {}
        raise RunLocked(out_dir, holder) from None
    try:
        from .render import write_text_atomic

        write_text_atomic(info, json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "started": now()}))
        yield lock
    finally:
        with contextlib.suppress(OSError):
            info.unlink()
        lock.release()


@contextlib.contextmanager
def stop_on_signals():
    """Raise :class:`RunInterrupted` in the main thread on SIGINT or SIGTERM, inside the block.

    A second signal while the run is already stopping is ignored, so the
    clean-up (stop workers, write the index) finishes.

    Examples
    --------
    >>> import os, signal
    >>> try:
    ...     with stop_on_signals():
    ...         os.kill(os.getpid(), signal.SIGTERM)
    ... except RunInterrupted as exc:
    ...     print(exc, 128 + exc.signum)
    stopped by SIGTERM 143
    """
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    state = {"stopping": False}

    def handler(signum, frame):
        if state["stopping"]:
            return
        state["stopping"] = True
        raise RunInterrupted(signum)

    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield state
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def write_run_summary(path, *, started: str, finished: str, status: str, exit_code: int, result=None,
                      settings: dict | None = None, error: str = "") -> Path:
    """Write the run summary (``run.json``) atomically and return its path.

    Schema (``"schema": 1``): ``started``, ``finished`` (ISO 8601 with offset),
    ``status`` (``ok``, ``failed``, ``interrupted``, ``error``), ``exit_code``,
    ``tool``, ``version``, ``host``, ``pid``, ``settings`` (what the run was
    asked), ``error``, ``counts`` (per status), and ``reports``: one entry per
    job with ``name``, ``label``, ``status`` (built, skipped, failed,
    interrupted, planned), ``seconds``, ``fingerprint`` (of the job's inputs),
    ``html`` (path of the report, relative to the folder; empty when none),
    ``notebook`` (kept failed notebook) and ``error``.

    Examples
    --------
    >>> import tempfile, os, json
    >>> p = write_run_summary(os.path.join(tempfile.mkdtemp(), "run.json"), started="a", finished="b",
    ...                       status="ok", exit_code=0)
    >>> sorted(json.loads(open(p).read()))[:4]
    ['counts', 'error', 'exit_code', 'finished']
    """
    from .render import toolkit_version, write_text_atomic

    reports = []
    for r in (result.records if result is not None else ()):
        reports.append({"name": r.name, "label": r.label, "status": r.status, "seconds": r.seconds,
                        "fingerprint": r.fingerprint, "html": r.html, "notebook": r.notebook, "error": r.error})
    counts: dict[str, int] = {}
    for r in reports:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    data = {"schema": SUMMARY_SCHEMA, "tool": "cchc_analysis", "version": toolkit_version(),
            "started": started, "finished": finished, "status": status, "exit_code": exit_code,
            "host": socket.gethostname(), "pid": os.getpid(), "settings": settings or {}, "error": error,
            "counts": counts, "reports": reports}
    return write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")


def open_log(path) -> logging.Handler:
    """Append timestamped lines of the ``cchc_analysis`` loggers to ``path``; return the handler.

    Remove it with ``logging.getLogger("cchc_analysis").removeHandler(handler)``
    and ``handler.close()``.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "run.log")
    >>> h = open_log(path)
    >>> logging.getLogger("cchc_analysis.batch").info("hello")
    >>> logging.getLogger("cchc_analysis").removeHandler(h); h.close()
    >>> open(path).read().split(" ", 1)[1].startswith("INFO [pid ")
    True
    """
    handler = logging.FileHandler(path, encoding="utf-8", delay=False)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s [pid %(process)d] %(message)s",
                                           datefmt="%Y-%m-%dT%H:%M:%S%z"))
    logger = logging.getLogger("cchc_analysis")
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    return handler
