"""Batch builds: failures isolated, unchanged reports skipped, writes atomic, executors pluggable."""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from cchc_analysis import batch, executors, kernels
from cchc_analysis.batch import (
    FAILED_DIR,
    MANIFEST_NAME,
    BatchResult,
    ReportJob,
    ReportRecord,
    build_reports,
    fingerprint_job,
    known_executors,
    make_job,
    register_executor,
    write_index,
    write_text_atomic,
)
from cchc_analysis.errors import ParameterError, UnknownDistrictError

NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"


@dataclass(frozen=True)
class FakeDistrict:
    district_code: str
    name: str
    province: str


FAKE = {  # three districts with data
    "297": FakeDistrict("297", "Gia Lộc", "Hải Dương"),
    "849": FakeDistrict("849", "Trà Cú", "Trà Vinh"),
    "397": FakeDistrict("397", "Triệu Sơn", "Thanh Hóa"),
}


def fake_resolve(query):
    for code, d in FAKE.items():
        if str(query) in (code, d.name):
            return d
    raise UnknownDistrictError(query, list(FAKE))


LOOKUPS = {"resolve": fake_resolve, "districts_with_data": set(FAKE)}


def job(fixture, district=None, **params):
    from cchc_analysis.site import describe_job

    if district is not None:
        params["district"] = district
    d = fake_resolve(district) if district is not None else None
    texts = describe_job(Path(fixture).stem, {"start_year": 2016, "end_year": 2025, **params}, d, note=False)
    return make_job(NOTEBOOKS / fixture, params, title=texts["title"], label=texts["label"], **LOOKUPS)


def leftovers(out_dir):
    """Temporary files or work folders a finished build must not leave behind."""
    return [p.name for p in Path(out_dir).rglob("*") if p.name.endswith(".tmp") or p.name == ".cchc-work"]


def no_kernel(*args, **kwargs):
    raise AssertionError("a notebook was executed")


# --- one build of four jobs, two of which fail (process executor, two workers) -------------------

@pytest.fixture(scope="module")
def first(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    jobs = [job("comparative_minimal.ipynb"),
            job("raises_in_cell.ipynb", "Trà Cú"),
            job("ok_minimal.ipynb", "Gia Lộc"),
            job("kernel_dies.ipynb", "Triệu Sơn")]
    result = build_reports(jobs, out_dir=out, executor="process", workers=2, progress=False)
    return out, jobs, result


@pytest.mark.slow
def test_a_failing_notebook_does_not_stop_the_others(first):
    out, jobs, result = first
    assert result.built == ("comparative_minimal", "gia-loc")
    assert [r.name for r in result.failed] == ["tra-cu", "trieu-son"]
    assert result.executed == 4 and not result.ok
    assert (out / "gia-loc.html").is_file() and (out / "comparative_minimal.html").is_file()
    assert not (out / "tra-cu.html").exists() and not (out / "trieu-son.html").exists()


@pytest.mark.slow
def test_failure_is_reported_with_its_error_and_kept_notebook(first):
    out, _, result = first
    raised, died = result.failed
    assert raised.error.startswith("ValueError: deliberate failure for Trà Cú (in cell [")
    assert died.error.startswith("DeadKernelError")
    assert raised.notebook == str(out / FAILED_DIR / "tra-cu.ipynb")
    kept = nbformat.read(raised.notebook, as_version=4)
    errors = [o for c in kept.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors and errors[0]["ename"] == "ValueError"  # the executed notebook, traceback included
    assert "FAILED tra-cu: ValueError: deliberate failure for Trà Cú" in result.summary()
    assert "(executed notebook kept: " in result.summary()


@pytest.mark.slow
def test_reports_are_html_without_code(first):
    out, _, _ = first
    page = (out / "gia-loc.html").read_text(encoding="utf-8")
    assert "Huyện Gia Lộc, 2016–2025, ngôn ngữ vi" in page  # parameters reached the kernel
    assert "INPUT_MARKER_7f3a" not in page and "<script src" not in page
    assert "<title>Cải cách hành chính – Gia Lộc (Hải Dương), 2016–2025</title>" in page


@pytest.mark.slow
def test_manifest_holds_successes_only_and_nothing_is_left_behind(first):
    out, _, _ = first
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["reports"]
    assert sorted(manifest) == ["comparative_minimal", "gia-loc"]
    assert manifest["gia-loc"]["parameters"]["district"] == "Gia Lộc"
    assert leftovers(out) == []


@pytest.mark.slow
def test_second_run_with_nothing_changed_executes_nothing(first, monkeypatch):
    out, jobs, _ = first
    monkeypatch.setattr(kernels.KernelSession, "run", no_kernel)
    ok_jobs = [jobs[0], jobs[2]]
    before = (out / "gia-loc.html").stat().st_mtime_ns
    again = build_reports(ok_jobs, out_dir=out, executor="serial", progress=False)
    assert again.executed == 0
    assert again.skipped == ("comparative_minimal", "gia-loc")
    assert (out / "gia-loc.html").stat().st_mtime_ns == before


@pytest.mark.slow
def test_failed_jobs_are_tried_again(first, monkeypatch):
    out, jobs, _ = first
    calls = []
    monkeypatch.setattr(kernels.KernelSession, "run", lambda *a, **k: calls.append(a[1]) or no_kernel())
    again = build_reports(jobs, out_dir=out, executor="serial", progress=False, dry_run=True)
    assert again.planned == ("tra-cu", "trieu-son") and calls == []  # dry run: planned, not run
    assert again.executed == 0
    assert "dry run: 2 to build, 2 up to date" in again.summary()


@pytest.mark.slow
def test_index_lists_every_report_with_its_status(first):
    out, _, result = first
    page = write_index(result, out, vintage="Dữ liệu: 451 số liệu.").read_text(encoding="utf-8")
    assert '<html lang="vi">' in page
    assert '<a href="gia-loc.html">Gia Lộc (Hải Dương)</a>' in page
    assert '<a href="comparative_minimal.html">' in page
    assert 'href="tra-cu.html"' not in page  # a failed report has nothing to link to
    assert "ValueError: deliberate failure for Trà Cú" in page
    assert "_failed/tra-cu.ipynb" in page
    assert "Dữ liệu: 451 số liệu." in page and "cchc_analysis " in page
    assert "<script" not in page and "http://" not in page and "https://" not in page


# --- kernels that die at start-up (parallel workers racing for ports) ----------------------------

def _flaky_start(failures, message="Kernel died before replying to kernel_info"):
    """A kernel start whose kernel dies at start-up ``failures`` times, then starts for real."""
    real, calls = kernels.KernelSession._start_once, []

    def execute(*args, **kwargs):
        calls.append(args[0])
        if len(calls) <= failures:
            raise RuntimeError(message)
        return real(*args, **kwargs)
    return execute, calls


@pytest.mark.slow
def test_a_kernel_that_dies_at_start_up_is_started_again(tmp_path, monkeypatch, capsys):
    execute, calls = _flaky_start(failures=2)
    monkeypatch.setattr(kernels.KernelSession, "_start_once", execute)
    result = build_reports([job("ok_minimal.ipynb", "Gia Lộc")], out_dir=tmp_path, executor="serial")
    assert result.built == ("gia-loc",) and len(calls) == 3
    assert (tmp_path / "gia-loc.html").is_file()
    # progress off a terminal (a log file): one plain line per report with its count, no bar redraws
    err = capsys.readouterr().err
    assert "\r" not in err and "reports:" not in err
    assert re.search(r"^  \[1/1\] gia-loc \(\d+\.\d s\) ok$", err, re.M), err


def test_a_kernel_that_never_starts_fails_after_the_last_attempt(tmp_path, monkeypatch):
    execute, calls = _flaky_start(failures=99, message="Kernel didn't respond in 60 seconds")
    monkeypatch.setattr(kernels.KernelSession, "_start_once", execute)
    result = build_reports([job("ok_minimal.ipynb", "Gia Lộc")], out_dir=tmp_path, executor="serial",
                           progress=False)
    assert len(calls) == batch.START_ATTEMPTS
    (failed,) = result.failed
    assert failed.error == (f"RuntimeError: Kernel didn't respond in 60 seconds "
                            f"(kernel start tried {batch.START_ATTEMPTS} times)")


def test_an_error_inside_a_cell_is_not_retried(tmp_path, monkeypatch):
    execute, calls = _flaky_start(failures=99, message="Kernel died")  # died mid-run: cells had run
    monkeypatch.setattr(kernels.KernelSession, "_start_once", execute)
    result = build_reports([job("ok_minimal.ipynb", "Gia Lộc")], out_dir=tmp_path, executor="serial",
                           progress=False)
    assert len(calls) == 1 and result.failed[0].error == "RuntimeError: Kernel died"


# --- skipping, forcing, fingerprints --------------------------------------------------------------

@pytest.mark.slow
def test_force_rebuilds_and_a_changed_notebook_rebuilds(tmp_path):
    nb = tmp_path / "nb.ipynb"
    shutil.copy(NOTEBOOKS / "comparative_minimal.ipynb", nb)
    out = tmp_path / "out"
    first = build_reports([make_job(nb)], out_dir=out, executor="serial", progress=False)
    assert first.built == ("nb",)
    assert build_reports([make_job(nb)], out_dir=out, executor="serial", progress=False).executed == 0
    forced = build_reports([make_job(nb)], out_dir=out, executor="serial", progress=False, force=True)
    assert forced.built == ("nb",) and forced.executed == 1
    # edit the notebook: its fingerprint changes, so it is built again
    doc = nbformat.read(str(nb), as_version=4)
    doc.cells.append(nbformat.v4.new_code_cell('print("một ô mới")'))
    nbformat.write(doc, str(nb))
    assert build_reports([make_job(nb)], out_dir=out, executor="serial", progress=False).built == ("nb",)


def test_a_deleted_report_is_planned_again(tmp_path, monkeypatch):
    out = tmp_path / "out"
    j = job("ok_minimal.ipynb", "Gia Lộc")
    shared = batch._shared_fingerprint()
    out.mkdir()
    (out / MANIFEST_NAME).write_text(json.dumps(
        {"reports": {"gia-loc": {"fingerprint": fingerprint_job(j, shared=shared)}}}), encoding="utf-8")
    (out / "gia-loc.html").write_text("<p>cũ</p>", encoding="utf-8")
    assert build_reports([j], out_dir=out, dry_run=True, progress=False).skipped == ("gia-loc",)
    (out / "gia-loc.html").unlink()
    assert build_reports([j], out_dir=out, dry_run=True, progress=False).planned == ("gia-loc",)


def test_dry_run_executes_and_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(kernels.KernelSession, "run", no_kernel)
    out = tmp_path / "out"
    result = build_reports([job("ok_minimal.ipynb", "Gia Lộc"), job("comparative_minimal.ipynb")],
                           out_dir=out, dry_run=True)
    assert result.planned == ("gia-loc", "comparative_minimal") and result.executed == 0
    assert not out.exists()
    printed = capsys.readouterr().out
    assert "would build gia-loc" in printed and "nothing executed" in printed


def test_fingerprint_follows_parameters_notebook_and_data(tmp_path, monkeypatch):
    a = job("ok_minimal.ipynb", "Gia Lộc")
    b = job("ok_minimal.ipynb", "Gia Lộc", start_year=2017)
    assert fingerprint_job(a, shared="s") == fingerprint_job(a, shared="s")
    assert fingerprint_job(a, shared="s") != fingerprint_job(b, shared="s")
    assert fingerprint_job(a, shared="s") != fingerprint_job(a, shared="t")
    # the shared part covers every file under data/
    data = tmp_path / "data"
    (data / "reference").mkdir(parents=True)
    (data / "facts.csv").write_text("fact_id\n", encoding="utf-8")
    monkeypatch.setenv("CCHC_DATA_DIR", str(data))
    before = batch._shared_fingerprint()
    (data / "reference" / "papi.csv").write_text("x\n", encoding="utf-8")  # a new file deep down
    assert batch._shared_fingerprint() != before
    # and the versions of key packages
    monkeypatch.setattr(batch, "KEY_PACKAGES", batch.KEY_PACKAGES + ("no-such-package",))
    assert batch._shared_fingerprint() != before


# --- atomic writes ---------------------------------------------------------------------------------

def test_atomic_write_leaves_no_partial_file(tmp_path):
    target = tmp_path / "r.html"

    def pieces():
        yield "<html>nửa "
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_text_atomic(target, pieces())
    assert list(tmp_path.iterdir()) == []  # neither the report nor a temporary file
    target.write_text("bản cũ", encoding="utf-8")
    with pytest.raises(OSError):
        write_text_atomic(target, pieces())
    assert target.read_text(encoding="utf-8") == "bản cũ"  # the old report is intact
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def broken_render(path, *, title, language, note=""):
    raise RuntimeError("render broke")


@pytest.mark.slow
def test_rendering_that_raises_keeps_the_old_report_and_no_partial_file(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "gia-loc.html").write_text("<p>bản cũ</p>", encoding="utf-8")
    result = build_reports([job("ok_minimal.ipynb", "Gia Lộc")], out_dir=out, executor="serial",
                           progress=False, render=broken_render)
    (failure,) = result.failed
    assert failure.error == "RuntimeError: render broke"
    assert (out / "gia-loc.html").read_text(encoding="utf-8") == "<p>bản cũ</p>"
    assert Path(failure.notebook).is_file()  # executed fine; kept for debugging
    assert leftovers(out) == []
    assert not (out / MANIFEST_NAME).exists()


# --- executors, jobs, results ------------------------------------------------------------------------

def test_unknown_executor_lists_the_known_ones(tmp_path):
    with pytest.raises(ParameterError, match=r"'executor'='threads': is not a known executor; "
                                             r"valid: dask, process, serial"):
        build_reports([], out_dir=tmp_path, executor="threads")


def test_a_registered_executor_is_used(tmp_path, monkeypatch):
    seen = []

    def recording(func, payloads, *, workers):
        for p in payloads:
            seen.append((p["job"]["name"], workers))
            yield {"name": p["job"]["name"], "status": "failed", "error": "E: not really run",
                   "notebook": "", "html": "", "seconds": 0.0}

    monkeypatch.setattr(executors, "_EXECUTORS", dict(executors._EXECUTORS))  # the registry is restored afterwards
    register_executor("recording", recording)
    assert "recording" in known_executors()
    result = build_reports([job("ok_minimal.ipynb", "Gia Lộc")], out_dir=tmp_path, executor="recording",
                           workers=8, progress=False)
    assert seen == [("gia-loc", 1)]  # workers never exceed the jobs to run
    assert result.failed[0].error == "E: not really run"
    with pytest.raises(TypeError, match="must be callable"):
        register_executor("bad", "serial")


@pytest.mark.slow
def test_dask_executor_builds(tmp_path):
    pytest.importorskip("distributed")
    result = build_reports([job("comparative_minimal.ipynb")], out_dir=tmp_path, executor="dask",
                           workers=1, progress=False)
    assert result.built == ("comparative_minimal",), result


def test_two_jobs_with_one_name_are_refused(tmp_path):
    a = job("ok_minimal.ipynb", "Gia Lộc")
    with pytest.raises(ParameterError, match="two jobs would write the same report"):
        build_reports([a, a], out_dir=tmp_path)


def test_make_job_names_titles_and_labels():
    vi = job("ok_minimal.ipynb", "297")
    assert (vi.name, vi.label, vi.language) == ("gia-loc", "Gia Lộc (Hải Dương)", "vi")
    assert vi.parameters["district"] == "Gia Lộc"
    en = job("ok_minimal.ipynb", "Trà Cú", language="en", start_year=2018)
    assert en.name == "tra-cu-en"
    assert en.title == "Administrative reform – Trà Cú (Trà Vinh), 2018–2025"
    comp = job("comparative_minimal.ipynb")
    assert (comp.name, comp.label) == ("comparative_minimal", "So sánh các huyện")
    assert make_job(NOTEBOOKS / "ok_minimal.ipynb", {"district": "Gia Lộc"}, name="x", **LOOKUPS).name == "x"


def test_make_job_checks_parameters_first():
    with pytest.raises(ParameterError, match="did you mean 'district'"):
        make_job(NOTEBOOKS / "ok_minimal.ipynb", {"distrct": "Gia Lộc"}, **LOOKUPS)


@pytest.mark.parametrize("name", ["../escape", "a b", ""])
def test_report_names_are_safe_file_names(name):
    if name == "":  # empty falls back to the notebook's stem
        assert ReportJob("x/nb.ipynb", {}, name=name).name == "nb"
        return
    with pytest.raises(ParameterError, match="a report name is letters, digits"):
        ReportJob("x/nb.ipynb", {}, name=name)


def test_batch_result_frame_repr_and_counts():
    result = BatchResult((
        ReportRecord("a", "A", "built", html="a.html", seconds=1.5),
        ReportRecord("b", "B", "skipped", html="b.html"),
        ReportRecord("c", "C", "failed", error="KeyError: 'x'\nTraceback…", notebook="_failed/c.ipynb"),
    ), out_dir="reports")
    assert (result.built, result.skipped, result.executed, result.ok) == (("a",), ("b",), 2, False)
    frame = result.to_frame()
    assert frame["status"].tolist() == ["built", "skipped", "failed"]
    assert list(frame.columns) == ["name", "label", "status", "html", "error", "notebook", "seconds", "fingerprint"]
    assert repr(result) == "BatchResult(built=['a'], skipped=['b'], failed=[\"c: KeyError: 'x'\"], out_dir='reports')"
    assert result.summary().splitlines()[0] == "reports: 1 built, 1 skipped (up to date), 1 failed → reports"


def test_index_lists_reports_built_by_earlier_runs(tmp_path):
    (tmp_path / MANIFEST_NAME).write_text(json.dumps({"reports": {
        "trieu-son": {"label": "Triệu Sơn (Thanh Hóa)", "built_at": "2025-01-02T03:04:05"},
        "gone": {"label": "Gone"},  # its HTML was deleted: not listed
    }}), encoding="utf-8")
    (tmp_path / "trieu-son.html").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "gia-loc.html").write_text("<p>y</p>", encoding="utf-8")
    result = BatchResult((ReportRecord("gia-loc", "Gia Lộc (Hải Dương)", "failed", error="ValueError: z"),),
                         str(tmp_path))
    page = write_index(result, vintage="v").read_text(encoding="utf-8")
    assert '<a href="trieu-son.html">Triệu Sơn (Thanh Hóa)</a>' in page
    assert "tạo trước đây" in page and "2025-01-02 03:04:05" in page
    assert "Gone" not in page
    # a failed rebuild still links the older report, and says so
    assert '<a href="gia-loc.html">' in page and "bản cũ vẫn còn" in page


def test_index_escapes_labels_and_errors(tmp_path):
    result = BatchResult((ReportRecord("x", "<b>X</b>", "failed", error="E: <script>alert(1)</script>"),),
                         str(tmp_path))
    page = write_index(result, vintage="v").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;b&gt;X" in page


# --- what a worker's reports share (analysis.py) ---------------------------------------------

def _copy_data(tmp_path, monkeypatch):
    from cchc_analysis import settings

    data = tmp_path / "data"
    shutil.copytree(settings.data_dir(), data, ignore=shutil.ignore_patterns("devset"))
    monkeypatch.setenv("CCHC_DATA_DIR", str(data))
    return data


def test_facts_are_read_once_per_version_of_the_data_files(tmp_path, monkeypatch):
    from cchc_analysis import analysis, loaders

    data = _copy_data(tmp_path, monkeypatch)
    analysis.clear_cache()
    reads = []
    real = loaders.load_facts
    monkeypatch.setattr(loaders, "load_facts", lambda *a, **k: reads.append(1) or real(*a, **k))
    first, key = analysis.loaded_facts()
    again, same = analysis.loaded_facts()
    assert len(reads) == 1 and key == same and first.equals(again) and first is not again
    again.loc[0, "value"] = -1.0  # a report changing its copy changes nobody else's
    assert analysis.loaded_facts()[0].loc[0, "value"] == first.loc[0, "value"]
    facts = data / "facts.csv"
    lines = facts.read_text(encoding="utf-8").splitlines(keepends=True)
    facts.write_text("".join(lines[:-1]), encoding="utf-8")  # one fact fewer: a new version of the file
    changed, other = analysis.loaded_facts()
    assert len(reads) == 2 and other != key and len(changed) == len(first) - 1
    analysis.clear_cache()


def test_kept_peer_tables_equal_compare_peers_and_keep_its_refusals():
    import pandas as pd

    from cchc_analysis import analysis
    from cchc_analysis.errors import IncomparableError
    from cchc_analysis.loaders import load_catalog, load_facts
    from cchc_analysis.peers import compare_peers

    analysis.clear_cache()
    facts, catalog = load_facts(), load_catalog()
    kw = dict(indicator="communes_count", period=(2021, 2021), kind="baseline", catalog=catalog)
    kept = analysis.peer_comparison(facts, "k", **kw)
    assert kept.equals(compare_peers(facts, **kw)) and len(kept) >= 2
    kept.loc[0, "peer_median"] = -1.0  # a copy: the next report gets the table unchanged
    assert analysis.peer_comparison(facts, "k", **kw).equals(compare_peers(facts, **kw))
    one = sorted(kept["district_code"])[:1]  # other arguments, another table
    fewer = analysis.peer_comparison(facts, "k", **kw, districts=one)
    assert fewer.equals(compare_peers(facts, **kw, districts=one)) and len(fewer) == 1 < len(kept)
    mixed = pd.DataFrame({"fact_id": ["a:001", "c:001"], "district_code": ["297", "849"],
                          "indicator": "dossiers_received", "scope": "", "level": ["district", "district_and_commune"],
                          "period_start": [2016, 2017], "period_end": [2020, 2021], "value": [27427.0, 232636.0],
                          "kind": "actual"})
    for _ in range(2):  # refused the first time, and again from the memo
        with pytest.raises(IncomparableError, match="level differs"):
            analysis.peer_comparison(mixed, None, indicator="dossiers_received", catalog=catalog)
    analysis.clear_cache()
