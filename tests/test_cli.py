"""The ``cchc`` command: parameters refused before any kernel starts, exit codes, skip and force."""
from __future__ import annotations

import shutil
from pathlib import Path

import papermill
import pytest

from cchc_analysis.cli import COMPARATIVE_NOTEBOOK, DISTRICT_NOTEBOOK, main, plan_jobs

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"


def notebooks(tmp_path, district_fixture="ok_minimal.ipynb"):
    """A notebooks/ folder whose two report notebooks are fixtures."""
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    shutil.copy(FIXTURES / district_fixture, nb_dir / DISTRICT_NOTEBOOK)
    shutil.copy(FIXTURES / "comparative_minimal.ipynb", nb_dir / COMPARATIVE_NOTEBOOK)
    return nb_dir


def no_kernel(*args, **kwargs):
    raise AssertionError("a notebook was executed")


def run(tmp_path, *args, fixture="ok_minimal.ipynb"):
    nb_dir = tmp_path / "notebooks"
    if not nb_dir.exists():
        notebooks(tmp_path, fixture)
    return main(["report", "--notebooks", str(nb_dir), "--out", str(tmp_path / "out"),
                 "--executor", "serial", "--no-progress", *args])


@pytest.mark.parametrize("args, message", [
    (["-p", "distrct=Gia Lộc"], r"parameter 'distrct'='Gia Lộc': is not a parameter of any report notebook; "
                                r"did you mean 'district'\?"),
    (["-p", "pears=Gia Lộc"], r"did you mean 'peers'\?"),
    (["--district", "Gia Lộc", "-p", "start_year=2030"], r"'start_year'=2030: a year between 2016 and 2025"),
    (["--district", "Gia Lộc", "-p", "start_year=2020", "-p", "end_year=2018"], "must not be after end_year=2018"),
    (["-p", "language=fr"], r"a report language; valid: vi, en"),
    (["--district", "Nowhere Land"], r"'district'='Nowhere Land': is not a known district"),
    (["--district", "Ba Đình"], r"Ba Đình \(001\) has no data"),
    (["-p", "start_year"], "write a parameter as name=value"),
    (["--workers", "0"], r"--workers=0: at least 1"),
])
def test_bad_parameters_exit_2_before_any_kernel_starts(tmp_path, monkeypatch, capsys, args, message):
    import re

    monkeypatch.setattr(papermill, "execute_notebook", no_kernel)
    assert run(tmp_path, *args) == 2
    err = capsys.readouterr().err
    assert err.startswith("cchc report: error: ")
    assert re.search(message, err), err
    assert not (tmp_path / "out").exists()  # nothing was written either


def test_one_bad_district_among_good_ones_stops_everything_before_execution(tmp_path, monkeypatch):
    monkeypatch.setattr(papermill, "execute_notebook", no_kernel)
    assert run(tmp_path, "--district", "Gia Lộc", "--district", "Gia Lok Xyz") == 2


def test_missing_notebook_exits_2(tmp_path, capsys):
    code = main(["report", "--notebooks", str(tmp_path), "--out", str(tmp_path / "out"), "--dry-run"])
    assert code == 2
    assert "district_report.ipynb not found" in capsys.readouterr().err


def test_unknown_executor_is_an_argparse_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["report", "--executor", "threads"])
    assert info.value.code == 2
    assert "invalid choice: 'threads'" in capsys.readouterr().err


def test_default_plan_is_every_district_with_data_and_the_comparative_report(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(papermill, "execute_notebook", no_kernel)
    assert run(tmp_path, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "dry run: 6 to build, 0 up to date" in out
    for name in ("comparative_report", "gia-loc", "thuong-xuan", "trieu-son", "quang-dien", "tra-cu"):
        assert f"would build {name}" in out
    assert not (tmp_path / "out" / "index.html").exists()


def test_overrides_reach_only_the_notebooks_that_declare_them(tmp_path):
    nb_dir = notebooks(tmp_path)
    jobs = plan_jobs([], {"peers": ["Trà Cú"], "language": "en"}, notebooks_dir=nb_dir,
                     districts_with_data=["297", "849"])
    comparative, gia_loc, tra_cu = jobs
    assert comparative.parameters == {"start_year": 2016, "end_year": 2025, "language": "en"}  # no peers
    assert gia_loc.parameters["peers"] == ["Trà Cú"] and gia_loc.name == "gia-loc-en"
    assert tra_cu.parameters["district"] == "Trà Cú"


def test_district_given_with_p_is_a_district_to_build(tmp_path):
    jobs = plan_jobs([], {"district": "gia loc"}, notebooks_dir=notebooks(tmp_path))
    assert [j.name for j in jobs] == ["gia-loc"]


@pytest.mark.slow
def test_build_skip_force_and_progress(tmp_path, capsys):
    nb_dir = notebooks(tmp_path)
    args = ["report", "--notebooks", str(nb_dir), "--out", str(tmp_path / "out"), "--executor", "serial",
            "--district", "Gia Loc"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "gia-loc" in captured.err and "1/1" in captured.err  # progress: which district, how many
    assert "reports: 1 built, 0 skipped (up to date), 0 failed" in captured.out
    assert (tmp_path / "out" / "gia-loc.html").is_file()
    assert (tmp_path / "out" / "index.html").is_file()
    assert main(args) == 0
    assert "reports: 0 built, 1 skipped (up to date), 0 failed" in capsys.readouterr().out
    assert main([*args, "--force"]) == 0
    assert "reports: 1 built, 0 skipped" in capsys.readouterr().out


@pytest.mark.slow
def test_a_failing_district_exits_1_after_building_the_others(tmp_path, capsys):
    code = run(tmp_path, "--district", "Gia Lộc", "--district", "Trà Cú", "--district", "Triệu Sơn",
               fixture="raises_for_one_district.ipynb")
    assert code == 1
    out = capsys.readouterr().out
    assert "reports: 2 built, 0 skipped (up to date), 1 failed" in out
    assert "FAILED tra-cu: RuntimeError: no figures for Trà Cú" in out
    built = tmp_path / "out"
    assert (built / "gia-loc.html").is_file() and (built / "trieu-son.html").is_file()
    assert (built / "_failed" / "tra-cu.ipynb").is_file()
    index = (built / "index.html").read_text(encoding="utf-8")
    assert "RuntimeError: no figures for Trà Cú" in index


def test_districts_lists_the_districts_with_data(capsys):
    assert main(["districts"]) == 0
    out = capsys.readouterr().out
    for text in ("297", "Gia Lộc", "849", "Trà Cú", "Thường Xuân", "Quảng Điền", "Triệu Sơn"):
        assert text in out


def test_a_command_is_required(capsys):
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
