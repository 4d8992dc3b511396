"""Scheduled runs: one run per output folder, SIGTERM stops everything cleanly, time limits, run summaries,
and every bad parameter or unwritable output folder ends in words (exit 2), never a traceback."""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cchc_analysis import runs
from cchc_analysis.cli import COMPARATIVE_NOTEBOOK, DISTRICT_NOTEBOOK, main

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
REPO = Path(__file__).resolve().parent.parent
CCHC = [sys.executable, "-m", "cchc_analysis.cli"]
#: The five districts with curated data; the hanging fixture hangs for Trà Cú only.
OTHERS = {"gia-loc", "thuong-xuan", "trieu-son", "quang-dien", "comparative_report"}


def notebooks(tmp_path, district_fixture):
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir(exist_ok=True)
    shutil.copy(FIXTURES / district_fixture, nb_dir / DISTRICT_NOTEBOOK)
    shutil.copy(FIXTURES / "comparative_minimal.ipynb", nb_dir / COMPARATIVE_NOTEBOOK)
    return nb_dir


def cchc(*args, **kw):
    return subprocess.Popen([*CCHC, *args], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            **kw)


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (kernels run in their own session, but their parent is still a worker)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.add(c)
            todo.append(c)
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def manifest_names(out: Path) -> set[str]:
    try:
        return set(json.loads((out / ".cchc-manifest.json").read_text(encoding="utf-8"))["reports"])
    except (OSError, ValueError):
        return set()


# --- overlapping runs and SIGTERM midway -----------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to follow processes")
def test_a_second_run_is_refused_and_sigterm_stops_everything_leaving_a_consistent_site(tmp_path):
    nb_dir = notebooks(tmp_path, "hangs_for_one_district.ipynb")
    out = tmp_path / "out"
    first = cchc("report", "--notebooks", str(nb_dir), "--out", str(out), "--workers", "2", "--no-progress",
                 "--timeout", "0")
    try:
        wait_for(lambda: manifest_names(out) >= OTHERS or first.poll() is not None, 240, "the other reports")
        assert first.poll() is None, first.communicate()
        # the second run: refused at once, naming the holder, and touching nothing
        before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
        second = subprocess.run([*CCHC, "report", "--notebooks", str(nb_dir), "--out", str(out), "--force"],
                                cwd=REPO, capture_output=True, text=True, timeout=120)
        assert second.returncode == 3, second.stderr
        assert f"holds the output folder {out} (pid {first.pid} on " in second.stderr
        assert "Traceback" not in second.stderr + second.stdout
        assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before
        # SIGTERM while Trà Cú hangs: every worker and kernel stops
        procs = descendants(first.pid)
        assert len(procs) >= 3, procs  # two workers and at least the hanging kernel
        first.send_signal(signal.SIGTERM)
        stdout, stderr = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 143, stderr
    assert "Traceback" not in stderr + stdout
    wait_for(lambda: not any(alive(p) for p in procs), 10, f"processes {procs} to end")
    assert [p.name for p in out.rglob("*") if p.name.endswith(".tmp")] == []
    html = {p.stem for p in out.glob("*.html")} - {"index"}
    assert html == OTHERS == manifest_names(out)
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in OTHERS:
        assert f'href="{name}.html"' in index
    assert 'id="report-tra-cu"' in index and 'href="tra-cu.html"' not in index
    assert "bị dừng" in index
    summary = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert summary["status"] == "interrupted" and summary["exit_code"] == 143
    assert {r["name"]: r["status"] for r in summary["reports"]}["tra-cu"] == "interrupted"
    assert not (out / ".cchc-lock.json").exists()
    # the next run recovers: only Trà Cú is left to build
    again = subprocess.run([*CCHC, "report", "--notebooks", str(nb_dir), "--out", str(out), "--dry-run",
                            "--no-progress"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "dry run: 1 to build, 5 up to date" in again.stdout, again.stdout


@pytest.mark.slow
def test_wait_queues_behind_the_holder(tmp_path):
    nb_dir = notebooks(tmp_path, "ok_minimal.ipynb")
    out = tmp_path / "out"
    out.mkdir()
    with runs.output_lock(out):
        waiting = cchc("report", "--notebooks", str(nb_dir), "--out", str(out), "--district", "Gia Lộc",
                       "--wait", "--executor", "serial", "--no-progress")
        try:
            time.sleep(4)
            assert waiting.poll() is None and not (out / "gia-loc.html").exists()
        except BaseException:
            waiting.kill()
            raise
    stdout, stderr = waiting.communicate(timeout=180)
    assert waiting.returncode == 0, stderr
    assert (out / "gia-loc.html").is_file()


# --- the time limit, the run summary and the log ------------------------------------------------------

@pytest.mark.slow
def test_a_cell_past_the_time_limit_fails_that_district_only_and_the_run_is_summarised(tmp_path, capsys):
    nb_dir = notebooks(tmp_path, "hangs_for_one_district.ipynb")
    out = tmp_path / "out"
    code = main(["report", "--notebooks", str(nb_dir), "--out", str(out), "--executor", "serial",
                 "--no-progress", "--timeout", "4", "--district", "Trà Cú", "--district", "Gia Lộc"])
    assert code == 1
    printed = capsys.readouterr().out
    assert re.search(r"FAILED tra-cu: NotebookTimeout: the notebook ran longer than the time limit of 4 s "
                     r"\(--timeout\) \(stopped in cell \[\d\]\)", printed), printed
    assert (out / "gia-loc.html").is_file() and not (out / "tra-cu.html").exists()
    summary = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert summary["schema"] == 1 and summary["exit_code"] == 1 and summary["status"] == "failed"
    for key in ("started", "finished"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", summary[key])
    assert summary["started"] <= summary["finished"]
    assert summary["settings"]["timeout"] == 4
    reports = {r["name"]: r for r in summary["reports"]}
    assert set(reports) == {"tra-cu", "gia-loc"}
    for r in reports.values():
        assert set(r) == {"name", "label", "status", "seconds", "fingerprint", "html", "notebook", "error"}
        assert re.fullmatch(r"[0-9a-f]{64}", r["fingerprint"]) and isinstance(r["seconds"], float)
    assert reports["gia-loc"]["status"] == "built" and reports["gia-loc"]["html"] == "gia-loc.html"
    assert reports["tra-cu"]["status"] == "failed" and reports["tra-cu"]["html"] == ""
    assert reports["tra-cu"]["error"].startswith("NotebookTimeout: ")
    assert 3.5 <= reports["tra-cu"]["seconds"] < 60
    assert Path(reports["tra-cu"]["notebook"]).is_file()
    log = (out / "run.log").read_text(encoding="utf-8").splitlines()
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} (INFO|WARNING) \[pid \d+\] ", line) for line in log)
    assert any("tra-cu" in line and "NotebookTimeout" in line for line in log)
    assert "run finished: failed, exit code 1" in log[-1]


# --- bad parameters: exit 2, words, no traceback (the CLI as a subprocess) ----------------------------

BAD = [
    (["-p", "distrct=Gia Lộc"], r"'distrct'='Gia Lộc': is not a parameter of any report notebook"),
    (["--district", "Gia Lộc", "-p", "start_year='2018'"], r"'start_year'='2018': must be a whole year"),
    (["--district", "Gia Lộc", "-p", "start_year=2030"], r"a year between 2016 and 2025"),
    (["--district", "Gia Lộc", "-p", "start_year=2021", "-p", "end_year=2019"], "must not be after end_year"),
    (["--district", "Nowhere Land"], r"'district'='Nowhere Land': is not a known district"),
    (["--district", "Ba Đình"], r"has no data"),
    (["--executor", "threads"], r"invalid choice: 'threads'"),
    (["--workers", "0"], r"--workers=0: at least 1"),
    (["--workers", "two"], r"argument --workers: invalid int value: 'two'"),
    (["--timeout", "-5"], r"--timeout=-5: seconds ≥ 0"),
    (["--timeout", "soon"], r"argument --timeout: invalid float value: 'soon'"),
    (["--scheduler", "tcp://127.0.0.1:1"], r"--scheduler tcp://127.0.0.1:1: only with --executor dask"),
    (["--data", "/no/such/folder"], r"--data /no/such/folder: not a folder with facts.csv"),
    (["-p", "language=fr"], r"a report language; valid: vi, en"),
]


@pytest.mark.slow
def test_bad_parameters_exit_2_in_words_without_a_traceback(tmp_path):
    nb_dir = notebooks(tmp_path, "ok_minimal.ipynb")
    procs = [(args, message, cchc("report", "--notebooks", str(nb_dir), "--out", str(tmp_path / "out"), *args))
             for args, message in BAD]
    for args, message, proc in procs:
        stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 2, (args, stderr)
        assert "Traceback" not in stdout + stderr, (args, stderr)
        assert re.search(message, stderr), (args, stderr)
    assert not (tmp_path / "out").exists()  # nothing ran, nothing was written


@pytest.mark.slow
def test_the_same_district_twice_is_one_report(tmp_path):
    nb_dir = notebooks(tmp_path, "ok_minimal.ipynb")
    done = subprocess.run([*CCHC, "report", "--notebooks", str(nb_dir), "--out", str(tmp_path / "out"),
                           "--district", "Gia Lộc", "--district", "297", "--dry-run", "--no-progress"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "dry run: 1 to build" in done.stdout and done.stdout.count("would build gia-loc") == 1


# --- output folders that cannot be written -------------------------------------------------------------

def _report(tmp_path, out, *extra):
    nb_dir = tmp_path / "notebooks"
    if not nb_dir.exists():
        notebooks(tmp_path, "ok_minimal.ipynb")
    return main(["report", "--notebooks", str(nb_dir), "--out", str(out), "--executor", "serial",
                 "--no-progress", "--district", "Gia Lộc", *extra])


@pytest.mark.slow
def test_unwritable_output_folders_exit_2_in_words_without_a_traceback(tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    nb_dir = notebooks(tmp_path, "ok_minimal.ipynb")
    cases = [(a_file, "it exists and is not a folder"), (a_file / "sub", "a part of the path is a file")]
    procs = [(out, reason, cchc("report", "--notebooks", str(nb_dir), "--out", str(out), "--district", "Gia Lộc"))
             for out, reason in cases]
    for out, reason, proc in procs:
        stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 2 and "Traceback" not in stdout + stderr, stderr
        assert f"cannot write to the output folder {out}: {reason}" in stderr
    assert a_file.read_text() == "x"


@pytest.mark.parametrize("code, words", [(errno.EROFS, "the file system is read-only"),
                                         (errno.EACCES, "permission denied")])
def test_a_read_only_output_folder_exits_2(tmp_path, monkeypatch, capsys, code, words):
    real = Path.mkdir

    def refuse(self, *args, **kwargs):
        if "ro" in self.parts:
            raise OSError(code, os.strerror(code), str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", refuse)
    assert _report(tmp_path, tmp_path / "ro" / "out") == 2
    assert f"cannot write to the output folder {tmp_path / 'ro' / 'out'}: {words}" in capsys.readouterr().err


def test_a_full_disk_before_the_run_exits_2(tmp_path, monkeypatch, capsys):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    assert _report(tmp_path, tmp_path / "out") == 2
    assert "no space left on the device" in capsys.readouterr().err


@pytest.mark.slow
def test_a_disk_that_fills_during_the_run_leaves_no_truncated_file(tmp_path, monkeypatch, capsys):
    from cchc_analysis import render

    out = tmp_path / "out"
    assert _report(tmp_path, out) == 0  # a first, good run
    good = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.suffix in (".json", ".html")}
    real_replace = os.replace

    def full(src, dst):  # every write reaches the disk's end: the temporary file is never put in place
        if str(dst).startswith(str(out)):
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(render.os, "replace", full)
    code = _report(tmp_path, out, "--force")
    err = capsys.readouterr().err
    assert code in (1, 2) and "Traceback" not in err
    assert "no space left on the device" in err or "No space left" in capsys.readouterr().out
    for name, content in good.items():  # every JSON and HTML file is still whole: the old one
        assert (out / name).read_bytes() == content, name
    for p in out.glob("*.json"):
        json.loads(p.read_text(encoding="utf-8"))
    assert [p.name for p in out.rglob("*.tmp")] == []


def test_write_index_survives_a_broken_manifest_and_kept_notebook(tmp_path):
    from cchc_analysis.batch import BatchResult, ReportRecord, write_index

    (tmp_path / ".cchc-manifest.json").write_text('{"reports": {"gia-loc": {"fingerp', encoding="utf-8")
    (tmp_path / "_failed").mkdir()
    (tmp_path / "_failed" / "tra-cu.ipynb").write_text('{"cells": [', encoding="utf-8")
    result = BatchResult((ReportRecord("tra-cu", "Trà Cú", "failed", error="ValueError: x",
                                       notebook=str(tmp_path / "_failed" / "tra-cu.ipynb")),), str(tmp_path))
    page = write_index(result, vintage="v").read_text(encoding="utf-8")
    assert "ValueError: x" in page and "_failed/tra-cu.ipynb" in page


# --- planning at national scale ------------------------------------------------------------------------

@pytest.mark.slow
def test_a_dry_run_on_the_696_district_synthetic_panel_plans_696_distinct_reports(tmp_path, capsys):
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import engine
    finally:
        sys.path.remove(str(REPO / "bench"))
    data = engine.make_data_dir(tmp_path / "data_synthetic")
    env = os.environ.get("CCHC_DATA_DIR")
    try:
        code = main(["report", "--data", str(data), "--dry-run", "--no-progress", "--out", str(tmp_path / "out")])
    finally:
        if env is None:
            os.environ.pop("CCHC_DATA_DIR", None)
        else:
            os.environ["CCHC_DATA_DIR"] = env
    printed = capsys.readouterr().out
    assert code == 0, printed
    names = re.findall(r"^  would build (\S+)$", printed, re.M)
    districts = [n for n in names if n != "comparative_report"]
    assert len(districts) == 696 == len(set(districts))
    assert {"an-lao-binh-dinh", "an-lao-hai-phong"} <= set(districts)
    assert not (tmp_path / "out").exists()
