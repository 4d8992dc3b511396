"""Run a function over payloads through a registry of executors (``serial``, ``process``, ``dask``).

An executor is ``fn(func, payloads, *, workers)`` yielding ``func(p)`` for each
payload, in any order (as they finish).  :func:`register_executor` adds one under
a name, :func:`known_executors` lists the names, and an unknown name is an error
that lists the known ones.  :func:`cchc_analysis.batch.build_reports` picks its
executor here; both public functions are also importable from
:mod:`cchc_analysis.batch`.

Built-in executors:

``serial``
    One payload after the other, in this process.
``process``
    A :class:`concurrent.futures.ProcessPoolExecutor` with the ``spawn`` start
    method (a fresh interpreter per worker).
``dask``
    A ``distributed`` cluster: the running scheduler at
    ``DASK_SCHEDULER["address"]`` (``cchc report --scheduler tcp://HOST:PORT``),
    else a local cluster, one thread per worker process (imported only when used).

A worker of ``process`` ignores Ctrl-C (the parent handles it) and on SIGTERM
kills its kernels before it exits; when the consumer stops early (a signal in
the parent), every worker is stopped (:func:`stop_processes`).

Examples
--------
>>> sorted(known_executors())
['dask', 'process', 'serial']
>>> list(_executor("serial")(len, ["ab", "c"], workers=1))
[2, 1]
>>> _executor("threads")
Traceback (most recent call last):
...
cchc_analysis.errors.ParameterError: parameter 'executor'='threads': is not a known executor; valid: dask, process, serial
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable

from .errors import ParameterError

__all__ = ["register_executor", "known_executors"]

_EXECUTORS: dict[str, Callable] = {}


def register_executor(name: str, fn: Callable) -> None:
    """Register an executor: ``fn(func, payloads, *, workers)`` yields ``func(p)`` for each payload.

    Results may come in any order (as they finish).

    Examples
    --------
    >>> register_executor("reversed", lambda func, items, *, workers: map(func, reversed(list(items))))
    >>> list(_executor("reversed")(str, [1, 2], workers=1))
    ['2', '1']
    >>> _EXECUTORS.pop("reversed") is not None
    True
    """
    if not callable(fn):
        raise TypeError(f"executor {name!r} must be callable, not {type(fn).__name__}")
    _EXECUTORS[name] = fn


def known_executors() -> list[str]:
    """Return the names of the registered executors.

    Examples
    --------
    >>> known_executors()
    ['dask', 'process', 'serial']
    """
    return sorted(_EXECUTORS)


def _executor(name: str) -> Callable:
    try:
        return _EXECUTORS[name]
    except KeyError:
        raise ParameterError("executor", name, "is not a known executor", known_executors()) from None


def _serial(func, payloads, *, workers):
    for p in payloads:
        yield func(p)


def _worker_init() -> None:
    """Set up a worker process: Ctrl-C is the parent's business; SIGTERM kills the worker's kernels, then it."""
    import signal

    from ._startup import defer_iri_grammar

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _die)
    defer_iri_grammar()  # before the first job imports nbformat


def _die(signum, frame) -> None:
    import os

    from .kernels import kill_all

    try:
        kill_all()
    finally:
        os._exit(128 + signum)


def stop_processes(procs, *, grace: float = 5.0) -> None:
    """Send SIGTERM to worker processes, wait ``grace`` seconds, then kill what still runs.

    Examples
    --------
    >>> stop_processes([])
    """
    procs = [p for p in procs if p.is_alive()]
    for p in procs:
        p.terminate()
    for p in procs:
        p.join(grace)
    for p in procs:
        if p.is_alive():
            p.kill()
            p.join(grace)


def _process(func, payloads, *, workers):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # spawn: a fresh interpreter per worker, safe with threads and zmq in the parent
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_worker_init)
    try:
        futures = [pool.submit(func, p) for p in payloads]
        for f in as_completed(futures):
            yield f.result()
    except BaseException:  # a signal, or the consumer stopped early: stop every worker and its kernels
        procs = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        stop_processes(procs)
        raise
    pool.shutdown(wait=True)


#: ``--scheduler`` of the dask executor: the address of a running ``distributed`` scheduler.
DASK_SCHEDULER: dict = {"address": None}


def _dask(func, payloads, *, workers):
    from distributed import Client, LocalCluster, as_completed

    address = DASK_SCHEDULER.get("address")
    with contextlib.ExitStack() as stack:
        if address:
            client = stack.enter_context(Client(address, timeout="30s"))
        else:
            cluster = stack.enter_context(LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                       dashboard_address=None))
            client = stack.enter_context(Client(cluster))
        futures = client.map(func, list(payloads), pure=False)
        try:
            for f in as_completed(futures):
                yield f.result()
        except BaseException:
            client.cancel(futures, force=True)
            raise


register_executor("serial", _serial)
register_executor("process", _process)
register_executor("dask", _dask)
