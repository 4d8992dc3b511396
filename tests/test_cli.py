"""The ``cchc`` command: parameters refused before any kernel starts, exit codes, skip and force;
``cchc extract``: candidates from a document, counted and written as CSV."""
from __future__ import annotations

import os
import unicodedata
import shutil
from pathlib import Path

import pandas as pd
import pytest

from cchc_analysis import kernels, loaders
from cchc_analysis.cli import COMPARATIVE_NOTEBOOK, DISTRICT_NOTEBOOK, main, plan_jobs
from cchc_analysis.extract import read_document

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
BAO_CAO = Path(__file__).parent / "fixtures" / "documents" / "bao_cao.txt"


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

    monkeypatch.setattr(kernels.KernelSession, "run", no_kernel)
    assert run(tmp_path, *args) == 2
    err = capsys.readouterr().err
    assert err.startswith("cchc report: error: ")
    assert re.search(message, err), err
    assert not (tmp_path / "out").exists()  # nothing was written either


def test_one_bad_district_among_good_ones_stops_everything_before_execution(tmp_path, monkeypatch):
    monkeypatch.setattr(kernels.KernelSession, "run", no_kernel)
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
    monkeypatch.setattr(kernels.KernelSession, "run", no_kernel)
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


# --- cchc extract ------------------------------------------------------------------------------
# bao_cao.txt states, by hand: "Năm 2020 ... tiếp nhận 12.345 hồ sơ; ... trước hạn 10.200 hồ sơ,
# quá hạn 15 hồ sơ." / "Tỷ lệ hài lòng ... đạt 98,7%." (no year in its paragraph) /
# "Phấn đấu đến năm 2025 tỷ lệ hài lòng đạt 95%." (a target): five figures.
BAO_CAO_FIGURES = [
    ["dossiers_received", 12345.0, "actual"],
    ["dossiers_early", 10200.0, "actual"],
    ["dossiers_late", 15.0, "actual"],
    ["satisfaction_pct", 98.7, "actual"],
    ["satisfaction_pct", 95.0, "target"],
]
NO_FACTS = pd.DataFrame(columns=["fact_id", "source_id", "value", "quote"])


def extract(*args):
    return main(["extract", *map(str, args)])


def summary(text):
    """The printed summary table as {label: value}."""
    return dict(line.split(None, 1) for line in text.splitlines())


def read_candidates(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def test_extract_counts_the_candidates_of_a_document_not_yet_in_sources(capsys):
    assert extract(BAO_CAO, "--district", "trieu son") == 0
    captured = capsys.readouterr()
    got = summary(captured.out)
    assert got["source_id"] == "bao_cao"  # the file name, as no --source-id was given
    assert got["district"] == "397 Triệu Sơn (Thanh Hóa)"
    assert (got["candidates"], got["curated"], got["new"]) == ("5", "0", "5")  # no fact cites 'bao_cao'
    assert "written" not in got and captured.err == ""


def test_extract_writes_the_candidates_as_utf8_csv_without_leftovers(tmp_path, capsys):
    out = tmp_path / "candidates.csv"
    assert extract(BAO_CAO, "--district", "397", "--out", out) == 0
    assert os.listdir(tmp_path) == ["candidates.csv"]  # the temporary file was renamed, none left
    assert summary(capsys.readouterr().out)["written"] == str(out)
    assert "Tỷ lệ hài lòng của người dân đạt 98,7%." in out.read_bytes().decode("utf-8")  # strict UTF-8
    df = read_candidates(out)
    assert [[r.indicator, float(r.value), r.kind] for r in df.itertuples()] == BAO_CAO_FIGURES
    # 98,7%: no year in its paragraph; it inherits "Năm 2020" stated earlier under the same heading
    assert df["period_start"].tolist() == ["2020", "2020", "2020", "2020", "2025"]
    assert set(df["district_code"]) == {"397"} and set(df["source_id"]) == {"bao_cao"}
    assert set(df["status"]) == {"new"} and set(df["matched_fact_ids"]) == {""}


def test_extract_with_a_known_source_takes_its_district_and_period_and_marks_curated_facts(
        tmp_path, monkeypatch, capsys):
    curated = pd.DataFrame({"fact_id": ["thuong-xuan-2020-bc:001", "thuong-xuan-2020-bc:002"],
                            "source_id": ["thuong-xuan-2020-bc", "thuong-xuan-2020-bc"],
                            "value": [12345.0, 16.0],  # the second: a value the document does not state
                            "quote": ["Bộ phận một cửa huyện đã tiếp nhận 12.345 hồ sơ", "quá hạn 16 hồ sơ"]})
    monkeypatch.setattr(loaders, "load_facts", lambda *a, **k: curated)
    out = tmp_path / "c.csv"
    assert extract(BAO_CAO, "--source-id", "thuong-xuan-2020-bc", "--out", out) == 0
    got = summary(capsys.readouterr().out)
    assert got["district"] == "396 Thường Xuân (Thanh Hóa)" and got["period"] == "2020–2020"
    assert (got["candidates"], got["curated"], got["new"]) == ("5", "1", "4")
    df = read_candidates(out)
    assert df["status"].tolist() == ["curated", "new", "new", "new", "new"]
    assert df["matched_fact_ids"].tolist() == ["thuong-xuan-2020-bc:001", "", "", "", ""]
    assert df["period_start"].tolist() == ["2020", "2020", "2020", "2020", "2025"]  # 98,7%: the source's year
    assert set(df["district_code"]) == {"396"}


def test_extract_guesses_only_indicators_of_the_catalog(tmp_path, monkeypatch):
    catalog = loaders.load_catalog().drop(index="dossiers_late")
    monkeypatch.setattr(loaders, "load_catalog", lambda *a, **k: catalog)
    monkeypatch.setattr(loaders, "load_facts", lambda *a, **k: NO_FACTS)
    out = tmp_path / "c.csv"
    assert extract(BAO_CAO, "--district", "397", "--out", out) == 0
    df = read_candidates(out)
    assert "dossiers_late" not in set(df["indicator"])
    assert df.loc[df["value"] == "12345.0", "indicator"].tolist() == ["dossiers_received"]  # others unchanged


@pytest.mark.parametrize("args, message", [
    ([], r"parameter 'district'=None: is required unless --source-id names a source of data/sources.csv "
         r"\(one of .*thuong-xuan-2020-bc"),
    (["--source-id", "thuong-xuan-2020"], r"parameter 'source_id'='thuong-xuan-2020': is not in data/sources.csv, "
                                          r"so --district is required.*did you mean 'thuong-xuan-2020-bc'\?"),
    (["--source-id", "tra-cu-2022-bc", "--district", "Gia Lộc"],
     r"'district'='Gia Lộc': is Gia Lộc \(297\), but source 'tra-cu-2022-bc' .* is about district 849"),
    (["--district", "Nowhere Land"], r"district 'Nowhere Land' is unknown"),
])
def test_extract_refuses_a_missing_or_conflicting_district(tmp_path, capsys, args, message):
    import re

    out = tmp_path / "c.csv"
    assert extract(BAO_CAO, "--out", out, *args) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("cchc extract: error: ")
    assert re.search(message, captured.err), captured.err
    assert captured.out == "" and not out.exists()


def test_extract_of_an_unknown_source_with_a_district_notes_that_nothing_can_match(capsys):
    assert extract(BAO_CAO, "--source-id", "mine", "--district", "297") == 0
    captured = capsys.readouterr()
    assert "source 'mine' is not in data/sources.csv, so no curated fact can match" in captured.err
    assert summary(captured.out)["new"] == "5"


@pytest.mark.parametrize("name, content, message", [
    ("missing.txt", None, "not found"),
    ("cp1258.txt", b"Gia L\xf4c", r"not UTF-8 \(line 1"),  # "Gia Lôc" saved as Windows-1258
    ("plan.xls", b"x", r"no reader for suffix '\.xls'.*known: \.docx, \.htm, \.html, \.md, \.pdf, \.txt"),
    ("scan.pdf", b"not a pdf", "not a readable PDF"),
])
def test_extract_names_the_document_it_cannot_read_and_keeps_the_old_output(tmp_path, capsys, name, content,
                                                                             message):
    import re

    if name.endswith(".pdf"):
        pytest.importorskip("pypdf")
    doc = tmp_path / name
    if content is not None:
        doc.write_bytes(content)
    out = tmp_path / "c.csv"
    out.write_text("earlier candidates\n", encoding="utf-8")
    assert extract(doc, "--district", "297", "--out", out, "--force") == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(f"cchc extract: error: cannot read {doc}: ")
    assert re.search(message, captured.err), captured.err
    assert out.read_text(encoding="utf-8") == "earlier candidates\n"  # not truncated
    assert sorted(os.listdir(tmp_path)) == sorted({name, "c.csv"} - ({name} if content is None else set()))


def test_extract_reports_an_output_it_cannot_write(tmp_path, capsys):
    taken = tmp_path / "taken"
    taken.mkdir()  # a folder where the CSV should go: os.replace refuses
    assert extract(BAO_CAO, "--district", "297", "--out", taken) == 2
    assert capsys.readouterr().err.startswith(f"cchc extract: error: cannot write {taken}: ")
    assert os.listdir(tmp_path) == ["taken"] and os.listdir(taken) == []  # no temporary file left


def test_extract_replaces_the_output_all_at_once(tmp_path, monkeypatch, capsys):
    out = tmp_path / "c.csv"
    out.write_text("earlier candidates\n", encoding="utf-8")

    def interrupted(src, dst):
        raise OSError("disk full")  # the rename, the last step, fails

    monkeypatch.setattr(os, "replace", interrupted)
    assert extract(BAO_CAO, "--district", "297", "--out", out, "--force") == 2
    assert capsys.readouterr().err == f"cchc extract: error: cannot write {out}: disk full\n"
    assert out.read_text(encoding="utf-8") == "earlier candidates\n"  # never half-written
    assert os.listdir(tmp_path) == ["c.csv"]  # the temporary file was removed


def test_extract_takes_a_title_as_the_context_of_the_text(tmp_path, capsys):
    doc = tmp_path / "trang_tin.txt"
    doc.write_text("Toàn huyện tiếp nhận 5.000 hồ sơ, giải quyết đúng hạn đạt 99,1%.\n", encoding="utf-8")
    out = tmp_path / "c.csv"
    assert extract(doc, "--district", "397", "--title", "Triệu Sơn: kết quả cải cách hành chính năm 2022",
                   "--out", out) == 0
    df = read_candidates(out)
    assert df["value"].astype(float).tolist() == [5000.0, 99.1]
    assert set(df["period_start"]) == {"2022"}, df


_PAGE = """<html><head><meta charset="utf-8"><title>Báo Hải Dương</title>
<meta property="og:title" content="Gia Lộc: kết quả cải cách hành chính">
<meta property="article:published_time" content="2023-01-12T08:00:00+07:00"></head>
<body><nav><a href="/">Trang chủ</a> | <a href="/tin">Tin tức</a> | 1.234 lượt xem</nav>
<header>Đăng nhập</header>
<article><h1>Gia Lộc: kết quả cải cách hành chính</h1>
<p>Toàn huyện có 17 xã, thị trấn.</p>
<p>Trong năm, toàn huyện tiếp nhận 5.000 hồ sơ, giải quyết đúng hạn đạt 99,1%.</p>
<table><tr><th>Chỉ tiêu</th><th>Số lượng</th></tr><tr><td>Hồ sơ trực tuyến</td><td>1.200</td></tr></table>
</article><aside>Tin liên quan: huyện khác tiếp nhận 9.999 hồ sơ</aside>
<footer>Viết bình luận</footer><script>var n = 4242;</script></body></html>"""


def test_extract_reads_a_web_page_with_its_headline_and_date(tmp_path, capsys):
    page = tmp_path / "trang_tin.html"
    page.write_text(_PAGE, encoding="utf-8")
    out = tmp_path / "c.csv"
    assert extract(page, "--district", "297", "--out", out) == 0
    printed = capsys.readouterr().out
    assert "date        2023-01-12 (the page's)" in printed and "Gia Lộc: kết quả cải cách hành chính" in printed
    df = read_candidates(out)
    assert sorted(df["value"].astype(float)) == [17.0, 99.1, 1200.0, 5000.0]   # no menu, aside, script or footer
    assert set(df.loc[df["value"].astype(float) == 17.0, "period_start"]) == {"2023"}   # a stock of the page's year
    assert extract(page, "--district", "297", "--date", "2022", "--out", out, "--force") == 0   # the user's date first
    assert set(read_candidates(out).loc[lambda d: d["value"].astype(float) == 17.0, "period_start"]) == {"2022"}


@pytest.mark.parametrize("content, message", [
    (b"", "the document is empty"),
    (b"PK\x03\x04\x00\x00\x00binary", "NUL bytes"),
    (b"<html><body><script>draw()</script></body></html>", "holds no text"),
])
def test_extract_refuses_a_bad_web_page_with_a_message(tmp_path, capsys, content, message):
    page = tmp_path / "trang.html"
    page.write_bytes(content)
    assert extract(page, "--district", "297") == 2
    err = capsys.readouterr().err
    assert err.startswith(f"cchc extract: error: cannot read {page}") and message in err and "Traceback" not in err


def test_extract_refuses_a_malformed_date(tmp_path, capsys):
    doc = tmp_path / "a.txt"
    doc.write_text("Toàn huyện có 17 xã.", encoding="utf-8")
    assert extract(doc, "--district", "297", "--date", "12/01/2023") == 2
    assert "parameter '--date'='12/01/2023': a date is YYYY" in capsys.readouterr().err


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: a base letter (with its vowel mark) and a combining tone mark."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            head = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in "\u0302\u0306\u031b"))
            out += head.encode("cp1258") + "".join(m for m in marks if m not in "\u0302\u0306\u031b").encode("cp1258")
    return out


def test_a_web_page_in_windows_1258_is_read_by_its_charset(tmp_path):
    page = tmp_path / "cu.htm"
    page.write_bytes(_cp1258('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
                             '</head><body><p>Toàn huyện có 17 xã.</p></body></html>'))
    assert read_document(page) == "Toàn huyện có 17 xã."   # NFC, as every reader gives
