"""`cchc facts add` never loses or replaces a curated fact, and writes all or nothing.

Every test works on a copy of data/ (CCHC_DATA_DIR) and a folder of source texts of its own
(CCHC_SEEDS_DIR) holding one small document written for the tests.
"""
import csv
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import folder_digest

from cchc_analysis import curation
from cchc_analysis.curation import add_facts, remove_fact
from cchc_analysis.errors import FactValidationError
from cchc_analysis.loaders import FACT_COLUMNS, SOURCE_COLUMNS, load_catalog, load_facts, load_sources

DOC = ("Năm 2023, Bộ phận một cửa huyện Gia Lộc tiếp nhận 5.120 hồ sơ, trong đó 4.987 hồ sơ giải quyết "
       "đúng và trước hạn. Quý I/2023 huyện tiếp nhận 1.204 hồ sơ. Tỷ lệ số hóa kết quả đạt 41,5%.")


@pytest.fixture
def data(data_copy, tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "gia_loc_2023.txt").write_text(DOC, encoding="utf-8")
    monkeypatch.setenv("CCHC_SEEDS_DIR", str(seeds))
    return data_copy


def _fact(n, indicator, value, quote, **kw):
    row = {"fact_id": f"gia-loc-2023-bc:{n:03d}", "district_code": "297", "indicator": indicator, "scope": "",
           "level": "district", "period_start": "2023", "period_end": "2023", "date_start": "", "date_end": "",
           "value": value, "qualifier": "", "kind": "actual", "source_id": "gia-loc-2023-bc", "quote": quote, "note": ""}
    row.update(kw)
    return row


GOOD = [
    _fact(1, "dossiers_received", "5120", "tiếp nhận 5.120 hồ sơ"),
    _fact(2, "dossiers_on_time", "4987", "4.987 hồ sơ giải quyết đúng và trước hạn"),
    _fact(3, "dossiers_received", "1204", "Quý I/2023 huyện tiếp nhận 1.204 hồ sơ",
          date_start="2023-01-01", date_end="2023-03-31"),
]
SOURCE = {"source_id": "gia-loc-2023-bc", "district_code": "297", "issuer": "UBND huyện Gia Lộc", "number": "",
          "date": "2023-12", "doc_type": "report", "title": "Báo cáo kết quả CCHC năm 2023 (written for the tests)",
          "period_start": "2023", "period_end": "2023", "seed_file": "gia_loc_2023.txt", "sha256": "", "note": ""}


def _csv(path: Path, rows, columns) -> Path:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def reviewed(tmp_path):
    return {"facts": _csv(tmp_path / "reviewed.csv", GOOD, FACT_COLUMNS),
            "sources": _csv(tmp_path / "new.source.csv", [SOURCE], SOURCE_COLUMNS)}


def test_a_good_file_adds_exactly_its_rows(data, reviewed):
    before = (data / "facts.csv").read_bytes()
    n_before = len(load_facts())
    result = add_facts(reviewed["facts"], sources=reviewed["sources"])
    assert result.added == [r["fact_id"] for r in GOOD] and result.sources_added == ["gia-loc-2023-bc"]
    after = (data / "facts.csv").read_bytes()
    assert after.startswith(before), "curated rows are kept byte for byte"
    facts = load_facts()
    assert len(facts) == n_before + 3
    q1 = facts.set_index("fact_id").loc["gia-loc-2023-bc:003"]
    assert (q1["date_start"], q1["date_end"], q1["value"]) == ("2023-01-01", "2023-03-31", 1204.0)
    assert load_sources().set_index("source_id").loc["gia-loc-2023-bc", "sha256"] == hashlib.sha256(DOC.encode()).hexdigest()
    assert (result.backup / "facts.csv").read_bytes() == before
    again = add_facts(reviewed["facts"], sources=reviewed["sources"])  # the same file twice: nothing new
    assert again.added == [] and len(again.unchanged) == 3 and (data / "facts.csv").read_bytes() == after


def test_a_conflict_leaves_data_unchanged_and_names_the_rows(data, reviewed, tmp_path):
    add_facts(reviewed["facts"], sources=reviewed["sources"])
    before = folder_digest(data)
    clash = _csv(tmp_path / "clash.csv", [
        _fact(4, "tthc_results_digitized_pct", "41.5", "Tỷ lệ số hóa kết quả đạt 41,5%"),  # fine on its own
        _fact(5, "dossiers_received", "5200", "tiếp nhận 5.120 hồ sơ"),  # key of :001 with another value
        dict(GOOD[1], value="4988"),  # a curated fact_id with other fields
        _fact(6, "dossiers_received", "5120", "tiếp nhận 5.121 hồ sơ", period_start="2022", period_end="2022"),
        _fact(7, "dossiers_late", "0", "không có hồ sơ trễ hạn", source_id="no-such-source"),
        _fact(8, "no_such_indicator", "5120", "tiếp nhận 5.120 hồ sơ", period_start="2021", period_end="2021"),
    ], FACT_COLUMNS)
    with pytest.raises(FactValidationError) as info:
        add_facts(clash)
    rows = {p["row"]: p["rule"] for p in info.value.problems}
    assert set(rows) == {6, 7}, rows  # unknown source and indicator first, before anything is compared
    assert "unknown source" in rows[6] and "unknown indicator" in rows[7]
    assert folder_digest(data) == before
    clash.write_text("\n".join(clash.read_text(encoding="utf-8").splitlines()[:5]) + "\n", encoding="utf-8")
    with pytest.raises(FactValidationError) as info:
        add_facts(clash)
    rows = {}
    for p in info.value.problems:
        rows[p["row"]] = rows.get(p["row"], "") + " | " + p["rule"]
    assert "already holds 5120 (gia-loc-2023-bc:001)" in rows[3]
    assert "never replaced" in rows[4]
    assert "not verbatim" in rows[5]
    assert 2 not in rows and str(clash) in str(info.value) and "clash.csv:3:" in str(info.value)
    assert folder_digest(data) == before


def test_unknown_source_and_indicator_pass_with_their_additions(data, reviewed, tmp_path):
    rows = GOOD + [_fact(4, "tthc_results_digitised_pct_test", "41.5", "Tỷ lệ số hóa kết quả đạt 41,5%")]
    path = _csv(tmp_path / "reviewed.csv", rows, FACT_COLUMNS)
    with pytest.raises(FactValidationError, match="unknown source") as info:
        add_facts(path)
    assert "unknown indicator" in str(info.value)
    additions = tmp_path / "additions.yaml"
    additions.write_text("indicators:\n  tthc_results_digitised_pct_test:\n    name_vi: Tỷ lệ số hóa kết quả (thử)\n"
                         "    name_en: Results digitised (test)\n    unit: pct\n    area: e_government\n"
                         "    higher_is_better: true\n", encoding="utf-8")
    result = add_facts(path, sources=reviewed["sources"], catalog=additions)
    assert result.catalog_added == ["indicator tthc_results_digitised_pct_test"]
    assert load_catalog().loc["tthc_results_digitised_pct_test", "unit"] == "pct"
    assert len(load_facts()[lambda f: f["source_id"] == "gia-loc-2023-bc"]) == 4


def test_a_merge_killed_between_two_writes_leaves_data_unchanged(data, reviewed, monkeypatch):
    before = folder_digest(data)
    calls = []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError("disk full (injected between two file writes)")
        os.replace(src, dst)

    monkeypatch.setattr(curation, "_replace", failing_replace)
    with pytest.raises(OSError, match="injected"):
        add_facts(reviewed["facts"], sources=reviewed["sources"])
    assert len(calls) == 2 and calls[0].name == "facts.csv", "the first file had been moved into place"
    assert folder_digest(data) == before, "data/ is back to its old bytes, no backup or temporary file left"


def test_dry_run_writes_nothing_and_says_what_would_change(data, reviewed):
    before = folder_digest(data)
    result = add_facts(reviewed["facts"], sources=reviewed["sources"], dry_run=True)
    assert "would add 3 fact(s): gia-loc-2023-bc:001" in result.summary()
    assert folder_digest(data) == before


def test_remove_needs_a_reason_and_keeps_the_row_in_the_backup(data, reviewed):
    add_facts(reviewed["facts"], sources=reviewed["sources"])
    with pytest.raises(FactValidationError, match="needs a reason"):
        remove_fact("gia-loc-2023-bc:002", reason="")
    backup = remove_fact("gia-loc-2023-bc:002", reason="the 4.987 are of resolved, not received: re-curate")
    facts = load_facts()
    assert "gia-loc-2023-bc:002" not in set(facts["fact_id"]) and len(facts[facts["source_id"] == "gia-loc-2023-bc"]) == 2
    removed = (backup / "removed.csv").read_text(encoding="utf-8")
    assert "gia-loc-2023-bc:002" in removed and "re-curate" in removed


def test_cli_facts_add_refuses_a_conflict_without_traceback(data, reviewed, tmp_path):
    add_facts(reviewed["facts"], sources=reviewed["sources"])
    before = folder_digest(data)
    clash = _csv(tmp_path / "clash.csv", [_fact(5, "dossiers_received", "5200", "tiếp nhận 5.120 hồ sơ")], FACT_COLUMNS)
    run = subprocess.run([sys.executable, "-m", "cchc_analysis.cli", "facts", "add", str(clash)],
                         env=dict(os.environ), capture_output=True, text=True, timeout=300)
    assert run.returncode == 2 and "Traceback" not in run.stderr + run.stdout, run.stderr
    assert "clash.csv:2:" in run.stderr and "already holds 5120" in run.stderr
    assert folder_digest(data) == before
    ok = subprocess.run([sys.executable, "-m", "cchc_analysis.cli", "facts", "add", str(reviewed["facts"]), "--dry-run"],
                        env=dict(os.environ), capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0 and "already curated, unchanged: 3" in ok.stdout, ok.stderr


def test_real_rows_put_back_are_added_exactly(data, seeds_dir, monkeypatch, tmp_path):
    """Three real facts taken out of the copy and added back: the file holds them again."""
    monkeypatch.setenv("CCHC_SEEDS_DIR", str(seeds_dir))
    lines = (data / "facts.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    taken = lines[-3:]
    (data / "facts.csv").write_text("".join(lines[:-3]), encoding="utf-8")
    (tmp_path / "back.csv").write_text(lines[0] + "".join(taken), encoding="utf-8")
    result = add_facts(tmp_path / "back.csv")
    assert len(result.added) == 3
    assert (data / "facts.csv").read_text(encoding="utf-8") == "".join(lines)
