"""``--executor dask --scheduler tcp://HOST:PORT``: runs sent to a scheduler that already runs give the
same reports as the local executor."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cchc_analysis import executors
from cchc_analysis.batch import build_reports, make_job

pytest.importorskip("distributed")

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
DASK = Path(sys.executable).with_name("dask")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(procs):
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(5)


@pytest.fixture
def cluster(tmp_path):
    """A ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1, always stopped afterwards."""
    if not DASK.exists():
        pytest.skip("the dask command is not installed beside this Python")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path / "dask-logs"
    logs.mkdir()
    procs = []
    try:
        procs.append(subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                       "--no-dashboard"], stdout=subprocess.DEVNULL,
                                      stderr=open(logs / "scheduler.log", "w")))
        for i in range(2):
            procs.append(subprocess.Popen([str(DASK), "worker", address, "--nthreads", "1", "--nworkers", "1",
                                           "--no-dashboard", "--name", f"w{i}"],
                                          stdout=subprocess.DEVNULL, stderr=open(logs / f"worker{i}.log", "w"),
                                          cwd=str(Path(__file__).resolve().parent.parent)))
        from distributed import Client

        deadline = time.monotonic() + 120
        while True:
            try:
                with Client(address, timeout="5s") as client:
                    client.wait_for_workers(2, timeout=max(1, deadline - time.monotonic()))
                break
            except Exception:  # noqa: BLE001 - not up yet
                if time.monotonic() > deadline:
                    raise AssertionError("the dask cluster did not start: "
                                         + "".join(p.read_text() for p in logs.iterdir()))
                time.sleep(1)
        yield address
    finally:
        stop(procs)


def _strip_dates(html: str) -> str:
    return re.sub(r"\d{4}-\d\d-\d\d", "DATE", html)


@pytest.mark.slow
def test_a_running_scheduler_builds_the_same_reports_as_the_local_executor(tmp_path, cluster, monkeypatch):
    jobs = [make_job(FIXTURES / "ok_minimal.ipynb", {"district": d}) for d in ("Gia Lộc", "Trà Cú")]
    local = build_reports(jobs, out_dir=tmp_path / "local", executor="serial", progress=False)
    monkeypatch.setitem(executors.DASK_SCHEDULER, "address", cluster)
    remote = build_reports(jobs, out_dir=tmp_path / "dask", executor="dask", workers=2, progress=False)
    assert local.built == remote.built == ("gia-loc", "tra-cu"), (local, remote)
    for name in remote.built:
        a = (tmp_path / "local" / f"{name}.html").read_text(encoding="utf-8")
        b = (tmp_path / "dask" / f"{name}.html").read_text(encoding="utf-8")
        assert _strip_dates(a) == _strip_dates(b)
    pids = {r.name for r in remote.records}
    assert pids == {"gia-loc", "tra-cu"}
