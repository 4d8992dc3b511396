"""A corpus of broken and hostile data files: each is refused with the toolkit's error,
naming the file, the line and the field; no data file changes; the CLI never shows a traceback.

Every case starts from a copy of the real ``data/`` in a temporary folder (the facts cut to
three real rows of Gia Lộc) and breaks one thing.
"""
import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import folder_digest

from cchc_analysis import settings
from cchc_analysis.errors import FactValidationError
from cchc_analysis.loaders import FACT_COLUMNS, load_catalog, load_facts, load_sources

DATA = settings.REPO_ROOT / "data"
COL = {c: i for i, c in enumerate(FACT_COLUMNS)}


@pytest.fixture
def small_data(data_copy):
    """The copy of data/ with three real facts of Gia Lộc."""
    lines = (DATA / "facts.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data_copy / "facts.csv").write_text("".join(lines[:4]), encoding="utf-8")
    return data_copy


def _rows(folder: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO((folder / "facts.csv").read_text(encoding="utf-8"))))


def _write_rows(folder: Path, rows) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (folder / "facts.csv").write_text(buf.getvalue(), encoding="utf-8")


def _set(field, value, row=2):
    """Set one field of one row (row = line of the file, header = 1)."""
    def change(folder):
        rows = _rows(folder)
        rows[row - 1][COL[field]] = value
        _write_rows(folder, rows)
    return change


def _text(old, new, row=3):
    """Replace text in one line of facts.csv, as a careless hand edit would."""
    def change(folder):
        path = folder / "facts.csv"
        lines = path.read_bytes().split(b"\n")
        assert old.encode() in lines[row - 1], (old, lines[row - 1][:120])
        lines[row - 1] = lines[row - 1].replace(old.encode(), new.encode(), 1)
        path.write_bytes(b"\n".join(lines))
    return change


def _cut_inside_quote(folder):
    path = folder / "facts.csv"
    text = path.read_bytes()
    path.write_bytes(text[: text.rindex("đơn vị hành chính".encode())])


def _header_only(folder):
    path = folder / "facts.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")


def _trailing_comma_everywhere(folder):  # the file pandas used to read with fact_id as the index
    path = folder / "facts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0]] + [x + "," for x in lines[1:]]) + "\n", encoding="utf-8")


def _replace_in(name, old, new):
    """Replace text once in one data file (sources.csv, indicators.yaml)."""
    def change(folder):
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


def _sources(old, new):
    return _replace_in("sources.csv", old, new)


def _catalog(old, new):
    return _replace_in("indicators.yaml", old, new)


# (id, change, loader, file, line, field, words of the rule)
CASES = [
    ("extra_field", _text("thị trấn\",", "thị trấn\",x,"), load_facts, "facts.csv", 3, "note", "16 fields"),
    ("missing_field", _text(",297,", ",", row=4), load_facts, "facts.csv", 4, "note", "14 fields"),
    ("index_trap", _trailing_comma_everywhere, load_facts, "facts.csv", 2, "note", "16 fields"),
    ("stray_quote", _text(",commune,", ',comm"une,'), load_facts, "facts.csv", 3, "level", "stray"),
    ("quote_then_text", _text(",commune,", ',"commune"x,'), load_facts, "facts.csv", 3, "level", "stray"),
    ("cut_inside_quoted_field", _cut_inside_quote, load_facts, "facts.csv", 4, None, "never closes"),
    ("nul_byte", _text("toàn huyện", "toàn\x00huyện"), load_facts, "facts.csv", 3, "quote", "control character"),
    ("escape_char", _text("rural communes", "rural\x1b[31m communes"), load_facts, "facts.csv", 3, "note", "control character"),
    ("del_char", _text("toàn huyện", "toàn\x7fhuyện"), load_facts, "facts.csv", 3, "quote", "control character"),
    ("c1_control", _text("toàn huyện", "toàn\u0085huyện"), load_facts, "facts.csv", 3, "quote", "control character"),
    ("fact_id_with_line_break", _set("fact_id", "gia-loc-2021-da:002\ngia-loc-2021-da:077", row=3), load_facts,
     "facts.csv", 3, "fact_id", "fact_id is '<source_id>:<nnn>'"),
    ("fact_id_malformed", _set("fact_id", "Gia Lộc:2", row=4), load_facts, "facts.csv", 4, "fact_id", "<source_id>:<nnn>"),
    ("formula_minus", _set("quote", "-1+2 đơn vị hành chính"), load_facts, "facts.csv", 2, "quote", "formula"),
    ("formula_plus_note", _set("note", "+cmd"), load_facts, "facts.csv", 2, "note", "formula"),
    ("huge_quote", _set("quote", "Trước tháng 12 năm 2019, " * 400), load_facts, "facts.csv", 2, "quote", "at most 2000"),
    ("huge_note", _set("note", "x" * 2001), load_facts, "facts.csv", 2, "note", "at most 2000"),
    ("formula_quote", _set("quote", '=HYPERLINK("http://x.example","23 đơn vị")'), load_facts, "facts.csv", 2, "quote", "formula"),
    ("formula_note", _set("note", "@SUM(1+1)"), load_facts, "facts.csv", 2, "note", "formula"),
    ("count_not_whole", _set("value", "2.5"), load_facts, "facts.csv", 2, "value", "whole number"),
    ("year_2035", _set("period_end", "2035"), load_facts, "facts.csv", 2, "period_end", "between 2000 and 2030"),
    ("year_with_decimals", _set("period_start", "2019.0"), load_facts, "facts.csv", 2, "period_start", "four digits"),
    ("another_districts_source", _set("district_code", "396"), load_facts, "facts.csv", 2, "district_code", "is about district 297"),
    ("header_only", _header_only, load_facts, "facts.csv", 2, None, "no facts"),
    ("date_not_iso", lambda f: (_set("date_start", "01/12/2019")(f), _set("date_end", "2019-12-01")(f)),
     load_facts, "facts.csv", 2, "date_start", "ISO date"),
    ("date_impossible", lambda f: (_set("date_start", "2019-02-30")(f), _set("date_end", "2019-12-01")(f)),
     load_facts, "facts.csv", 2, "date_start", "ISO date"),
    ("date_end_missing", _set("date_start", "2019-12-01"), load_facts, "facts.csv", 2, "date_end", "both set"),
    ("dates_reversed", lambda f: (_set("date_start", "2019-12-01")(f), _set("date_end", "2019-11-01")(f)),
     load_facts, "facts.csv", 2, "date_end", "date_end >= date_start"),
    ("date_outside_period", lambda f: (_set("date_start", "2018-12-01")(f), _set("date_end", "2019-01-31")(f)),
     load_facts, "facts.csv", 2, "date_start", "inside period_start..period_end"),
    ("unknown_qualifier", _set("qualifier", "roughly"), load_facts, "facts.csv", 2, "qualifier", "at_least, more_than"),
    ("unknown_level", _set("level", "provincial"), load_facts, "facts.csv", 2, "level", "province"),
    ("duplicate_fact_id", _set("fact_id", "gia-loc-2021-da:001", row=3), load_facts, "facts.csv", 3, "fact_id", "unique"),
    ("sources_extra_field", _sources("2021-01-25,project,", "2021-01-25,project,x,"), load_sources, "sources.csv", 2,
     "note", "13 fields"),
    ("sources_year_decimals", _sources("Gia Lộc giai đoạn 2021-2025,2021,", "Gia Lộc giai đoạn 2021-2025,2021.0,"),
     load_sources, "sources.csv", 2, "period_start", "four digits"),
    ("sources_formula_title", _sources("Đề án Xây dựng", "=Đề án Xây dựng"), load_sources, "sources.csv", 2, "title", "formula"),
    ("catalog_yaml_syntax", _catalog("indicators:\n", "indicators:\n  broken: {name_vi: [\n"), load_catalog,
     "indicators.yaml", None, "column", "YAML syntax"),
    ("catalog_entry_not_mapping", _catalog("indicators:\n", "indicators:\n  broken: just a string\n"), load_catalog,
     "indicators.yaml", "slug", "broken", "must be a mapping"),
    ("catalog_unknown_area", _catalog("    area: context\n", "    area: sports\n"), load_catalog,
     "indicators.yaml", "slug", "area", "area is one of"),
]


@pytest.mark.parametrize("name, change, loader, file, line, field, rule", CASES, ids=[c[0] for c in CASES])
def test_bad_file_is_refused_with_file_line_and_field(small_data, name, change, loader, file, line, field, rule):
    change(small_data)
    before = folder_digest(small_data)
    with pytest.raises(FactValidationError) as info:
        loader()
    msg = str(info.value)
    assert info.value.path.endswith(file)
    assert rule in msg, msg
    if line == "slug":  # a catalog entry: the line where its slug is defined
        assert all(isinstance(p["row"], int) and f"{file}:{p['row']}:" in msg for p in info.value.problems), msg
    elif line is not None:
        assert f"{file}:{line}:" in msg, msg
    if field == "column":  # a YAML syntax error: line and column of the text
        assert any(p["row"] and p["column"].startswith("column ") for p in info.value.problems), msg
    elif field is not None:
        assert f"column {field!r}" in msg, msg
    assert folder_digest(small_data) == before, "a failed load changed a data file"


def test_a_fault_deep_in_a_large_file_names_its_own_line(small_data):
    """The whole-column checks (one pass over the bytes, one match over all ids) still name the row."""
    rows = _rows(small_data)
    header, first = rows[0], rows[1]
    body = []
    for i in range(95_000):
        row = list(first)
        row[COL["fact_id"]] = f"gia-loc-2021-da:{i % 1000:03d}"
        row[COL["period_start"]] = row[COL["period_end"]] = str(2000 + i // 1000 % 26)
        body.append(row)
    body[90_000][COL["note"]] = "tab\there"
    _write_rows(small_data, [header] + body)
    with pytest.raises(FactValidationError) as info:
        load_facts(check_quotes=False)
    assert [(p["row"], p["column"]) for p in info.value.problems] == [(90_002, "note")], str(info.value)[:300]
    body[90_000][COL["note"]] = ""
    body[91_000][COL["fact_id"]] = "gia-loc-2021-da:1"
    _write_rows(small_data, [header] + body)
    with pytest.raises(FactValidationError) as info:
        load_facts(check_quotes=False)
    bad_id = [p["row"] for p in info.value.problems if p["rule"].startswith("fact_id is '")]
    assert bad_id == [91_002], str(info.value)[:300]


def test_the_unbroken_copy_loads_and_crlf_is_fine(small_data):
    assert len(load_facts()) == 3
    path = small_data / "facts.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    facts = load_facts()
    assert facts["note"].str.endswith("\r").sum() == 0 and len(facts) == 3


def test_a_file_without_the_new_columns_reads_them_as_empty(small_data):
    rows = [[v for c, v in zip(FACT_COLUMNS, r) if c not in ("date_start", "date_end", "qualifier")]
            for r in _rows(small_data)]
    _write_rows(small_data, rows)
    facts = load_facts()
    assert list(facts.columns) == FACT_COLUMNS
    assert (facts[["date_start", "date_end", "qualifier"]] == "").all().all()


def test_quote_not_in_source_and_value_not_in_quote_are_refused(small_data, seeds_dir):
    _set("quote", "Trước tháng 12 năm 2019, toàn huyện có 24 đơn vị hành chính cấp xã")(small_data)
    _set("value", "24", row=3)(small_data)
    with pytest.raises(FactValidationError) as info:
        load_facts()
    by_row = {p["row"]: p for p in info.value.problems}
    assert by_row[2]["column"] == "quote" and "not verbatim" in by_row[2]["rule"]
    assert by_row[3]["column"] == "value" and "not one of the numbers" in by_row[3]["rule"]
    assert len(load_facts(check_quotes=False)) == 3  # the opt-out


def test_check_quotes_true_refuses_facts_whose_text_is_missing(small_data, monkeypatch, tmp_path):
    monkeypatch.setenv("CCHC_SEEDS_DIR", str(tmp_path / "no_texts"))
    assert len(load_facts()) == 3  # "auto": nothing to check against
    with pytest.raises(FactValidationError, match="source text .* not found"):
        load_facts(check_quotes=True)


@pytest.mark.parametrize("name", ["extra_field", "cut_inside_quoted_field", "header_only",
                                  "catalog_yaml_syntax"])
def test_cli_shows_no_traceback_on_a_bad_data_folder(small_data, name):
    dict((c[0], c[1]) for c in CASES)[name](small_data)
    before = folder_digest(small_data)
    env = {**os.environ, "CCHC_DATA_DIR": str(small_data)}
    run = subprocess.run([sys.executable, "-m", "cchc_analysis.cli", "districts"], env=env,
                         capture_output=True, text=True, timeout=300)
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    assert run.returncode == 2, (run.returncode, run.stderr)
    assert "error" in run.stderr and str(small_data) in run.stderr
    assert folder_digest(small_data) == before
