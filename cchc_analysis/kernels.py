"""Execute notebooks in a kernel kept across runs, reset between them, within a time limit.

A :class:`KernelSession` starts one Jupyter kernel (retrying a start-up that lost
a port race, see :func:`cchc_analysis.batch.start_with_retries`), imports the
report stack in it once (``preload``), and then runs notebook after notebook in
it with :mod:`nbclient`.  Between two runs the kernel is reset by
:func:`cchc_analysis._kernel.reset` (names, history, execution count, figures,
matplotlib settings, working folder, environment, warning filters), so a report
built in a reused kernel equals one built in a fresh kernel (a test checks it).
After a failure the kernel is killed and started again, because a failed
notebook may leave anything behind.

Each run has a deadline: every cell gets the time left (nbclient's
``timeout_func``); past it the run fails with :class:`NotebookTimeout` and the
kernel is killed.  Parameters are injected as papermill does
(:func:`papermill.parameterize.parameterize_notebook`), so a notebook behaves
as under ``papermill``.

Kernels run in their own session (process group); :meth:`KernelSession.kill`
kills the whole group, and :func:`kill_all` every kernel of this process (the
batch's signal handler calls it).

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 6 * 7\\nprint(x)")],
...     metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}})
>>> with KernelSession() as ks:
...     out = ks.run(nb, {}, timeout=60)
...     again = ks.run(nb, {}, timeout=60)
>>> out.cells[-1].outputs[0]["text"], again.cells[-1].execution_count
('42\\n', 1)
"""
from __future__ import annotations

import copy
import os
import signal
import time
import weakref
from collections.abc import Mapping

from .errors import CchcError

__all__ = ["KernelSession", "NotebookTimeout", "kill_all", "DEFAULT_TIMEOUT"]

#: Seconds a notebook may run before it fails (``cchc report --timeout``).
DEFAULT_TIMEOUT = 600
_SESSIONS: weakref.WeakSet = weakref.WeakSet()


class NotebookTimeout(CchcError, TimeoutError):
    """A notebook ran longer than its time limit; the kernel was stopped."""

    def __init__(self, seconds, cell=None):
        self.seconds = seconds
        self.cell = cell
        super().__init__(seconds, cell)

    def __str__(self):
        where = f" (stopped in cell [{self.cell}])" if self.cell else ""
        return f"the notebook ran longer than the time limit of {self.seconds:g} s (--timeout){where}"


class KernelSession:
    """One kernel for several notebook runs: started ahead of need, reset between runs.

    Parameters
    ----------
    kernel_name : str, default "python3"
    cwd : str, optional
        Where the kernel runs (default the current folder).
    preload : str, optional
        Code run once in each new kernel, silently, before the first notebook
        (e.g. ``"import cchc_analysis.report"``), so every report finds the stack
        already imported.
    """

    def __init__(self, kernel_name: str = "python3", cwd: str | None = None, preload: str = ""):
        self.kernel_name = kernel_name
        self.cwd = str(cwd or os.getcwd())
        self.preload = preload
        self.km = None
        self.kc = None
        self.runs = 0  # notebooks run in the current kernel
        _SESSIONS.add(self)

    # --- life cycle ----------------------------------------------------------------------------
    @property
    def pid(self) -> int | None:
        """Return the kernel's process id (None when no kernel runs)."""
        proc = getattr(getattr(self.km, "provisioner", None), "process", None)
        return getattr(proc, "pid", None)

    def start(self) -> KernelSession:
        """Start the kernel (no-op when one runs), then run ``preload`` and take the reset snapshot."""
        if self.km is not None:
            return self
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        from .batch import start_with_retries

        async def start():
            km = AsyncKernelManager(kernel_name=self.kernel_name)
            await km.start_kernel(cwd=self.cwd, extra_arguments=["--IPKernelApp.log_level=ERROR"])
            kc = km.client()
            kc.start_channels()
            try:
                await kc.wait_for_ready(timeout=60)
            except BaseException:
                kc.stop_channels()
                _kill_group(km)
                raise
            return km, kc

        (self.km, self.kc), _ = start_with_retries(lambda: self._start_once(run_sync(start)))
        self.runs = 0
        code = f"{self.preload}\nimport cchc_analysis._kernel as _cchc_k\n_cchc_k.snapshot()\ndel _cchc_k"
        self._silent(code, timeout=300)
        return self

    def _start_once(self, start):
        """Start one kernel (``start()`` returns the manager and client); tests replace it."""
        return start()

    def kill(self) -> None:
        """Kill the kernel's whole process group at once and forget it."""
        km, kc, self.km, self.kc = self.km, self.kc, None, None
        if kc is not None:
            try:
                kc.stop_channels()
            except Exception:  # noqa: BLE001 - a dead channel is fine
                pass
        if km is not None:
            _kill_group(km)

    def shutdown(self) -> None:
        """Stop the kernel (at once: it holds no state worth a polite goodbye)."""
        self.kill()

    def __enter__(self) -> KernelSession:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.shutdown()

    # --- running -------------------------------------------------------------------------------
    def _silent(self, code: str, *, timeout: float) -> None:
        """Run code without history or output; raise RuntimeError when it fails."""
        from jupyter_core.utils import run_sync

        reply = run_sync(self.kc.execute_interactive)(code, silent=True, store_history=False, timeout=timeout,
                                                      output_hook=lambda msg: None)
        if reply["content"].get("status") != "ok":
            c = reply["content"]
            raise RuntimeError(f"kernel set-up failed: {c.get('ename')}: {c.get('evalue')}")

    def run(self, notebook, parameters: Mapping | None = None, *, timeout: float | None = DEFAULT_TIMEOUT):
        """Return the executed copy of ``notebook`` with ``parameters`` injected.

        Parameters
        ----------
        notebook : str, Path or NotebookNode
        parameters : mapping, optional
            Injected after the cell tagged ``parameters``, as papermill does.
        timeout : float, optional
            Seconds the whole notebook may take (None: no limit).

        Raises
        ------
        NotebookTimeout
            Past the deadline (the kernel is killed).
        nbclient.exceptions.CellExecutionError
            When a cell raises; ``ename``, ``evalue`` name the error.
        """
        import nbformat
        from nbclient.exceptions import CellTimeoutError
        from papermill.parameterize import parameterize_notebook

        if isinstance(notebook, (str, os.PathLike)):
            nb = nbformat.read(os.fspath(notebook), as_version=4)
        else:
            nb = copy.deepcopy(notebook)
        for cell in nb.cells:  # as papermill's loader: every cell has tags, the notebook papermill's metadata
            cell.metadata.setdefault("tags", [])
        nb.metadata.setdefault("papermill", {"default_parameters": {}, "parameters": {},
                                             "environment_variables": {}})
        if parameters:
            nb = parameterize_notebook(nb, dict(parameters), kernel_name=self.kernel_name, language="python")
            for cell in nb.cells:  # papermill gives the injected cell a random id: make reports reproducible
                if "injected-parameters" in cell.metadata.get("tags", []):
                    cell["id"] = "injected-parameters"
        self.start()
        if self.runs:
            self._silent("import cchc_analysis._kernel as _cchc_k\n_cchc_k.reset()", timeout=60)
        self.runs += 1
        deadline = None if not timeout else time.monotonic() + float(timeout)

        def left(cell):
            return None if deadline is None else max(1, int(deadline - time.monotonic() + 0.999))

        client = _KeptKernelClient(nb, km=self.km, kernel_name=self.kernel_name, timeout_func=left,
                                resources={"metadata": {"path": self.cwd}}, allow_errors=False)
        client.kc = self.kc
        try:
            client.execute()
        except BaseException as exc:
            self.kill()  # a timed-out, dead or failed kernel is never reused
            cell = next((c.get("execution_count") for c in reversed(nb.cells)
                         if c.get("cell_type") == "code" and c.get("execution_count")), None)
            if isinstance(exc, CellTimeoutError):
                exc = NotebookTimeout(float(timeout), cell)
            elif not isinstance(exc, Exception):
                raise
            elif getattr(exc, "ename", None) and getattr(exc, "exec_count", None) is None:
                exc.exec_count = cell
            exc.notebook = nb  # the executed part, kept for debugging
            raise exc from None
        return nb


def _client_class():
    """Return nbclient's NotebookClient without its own kernel set-up.

    ``NotebookClient.async_setup_kernel`` installs SIGINT/SIGTERM handlers (and
    leaves SIG_DFL behind), and an atexit hook, even for a kernel it does not
    own; the kernel here is started and stopped by :class:`KernelSession`, and
    the signals belong to the batch (its workers kill their kernels on SIGTERM).
    """
    import contextlib

    from nbclient import NotebookClient

    class KeptKernelClient(NotebookClient):
        @contextlib.asynccontextmanager
        async def async_setup_kernel(self, **kwargs):
            yield

    return KeptKernelClient


def _KeptKernelClient(*args, **kwargs):
    global _KeptKernelClient_cls
    try:
        cls = _KeptKernelClient_cls
    except NameError:
        cls = _KeptKernelClient_cls = _client_class()
    return cls(*args, **kwargs)


def _kill_group(km) -> None:
    """Kill a kernel's process group (it runs in its own session), then reap it."""
    proc = getattr(getattr(km, "provisioner", None), "process", None)
    pid = getattr(proc, "pid", None)
    if pid:
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            proc.wait(timeout=5)
        except Exception:  # noqa: BLE001
            pass
    try:
        from jupyter_core.utils import run_sync

        run_sync(km.cleanup_resources)()
    except Exception:  # noqa: BLE001
        pass


def kill_all() -> None:
    """Kill every kernel this process started (used when a run is stopped by a signal).

    Examples
    --------
    >>> kill_all()  # nothing runs: nothing happens
    """
    for session in list(_SESSIONS):
        session.kill()
