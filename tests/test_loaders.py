"""Loaders reject bad files whole, with file, row, column, value and rule in the message."""
from pathlib import Path

import pandas as pd
import pytest

from cchc_analysis.errors import FactValidationError
from cchc_analysis.loaders import FACT_COLUMNS, load_catalog, load_facts, load_sources

BAD = Path(__file__).parent / "fixtures" / "bad_facts"

# One file per failure mode; each differs from good.csv by the row named in the pattern.
CORPUS = [
    ("unknown_district.csv", r"unknown_district.csv:3: column 'district_code' value='999' breaks unknown district"),
    ("unknown_indicator.csv", r"unknown_indicator.csv:3: column 'indicator' value='communes_total' breaks unknown indicator"),
    ("pct_above_100.csv", r"pct_above_100.csv:3: column 'value' value='107.5' breaks a percentage lies between 0 and 100"),
    ("negative_count.csv", r"negative_count.csv:3: column 'value' value='-12' breaks a count cannot be negative"),
    ("period_end_before_start.csv", r"period_end_before_start.csv:3: column 'period_end' value='2015' breaks period_end >= period_start \(2021\)"),
    ("duplicate_conflict.csv", r"duplicate_conflict.csv:3: column 'note' value='' breaks duplicate fact with a different value \(155400, 155000\) needs a note"),
    ("missing_quote.csv", r"missing_quote.csv:3: column 'quote' value='' breaks a verbatim quote"),
    ("not_utf8.csv", r"not_utf8.csv:2: value=.* breaks encoding: the file must be UTF-8"),
    ("missing_column.csv", r"missing_column.csv:1: column 'quote' breaks missing column"),
    ("vietnamese_number_in_value.csv", r"vietnamese_number_in_value.csv:3: column 'value' value='155.400' breaks .* reads 155400: write that"),
]


@pytest.mark.parametrize("name, pattern", CORPUS, ids=[c[0] for c in CORPUS])
def test_bad_file_is_rejected_with_a_precise_message(name, pattern):
    with pytest.raises(FactValidationError, match=pattern) as info:
        load_facts(BAD / name)
    assert info.value.path.endswith(name)
    assert info.value.problems, "the error carries the list of problems"


def test_the_good_file_of_the_corpus_loads():
    facts = load_facts(BAD / "good.csv")
    assert list(facts.columns) == FACT_COLUMNS
    assert facts.loc[0, "value"] == 155400.0
    assert facts["period_start"].dtype.kind == "i"


def test_all_failures_of_a_file_are_reported_at_once(tmp_path):
    lines = (BAD / "good.csv").read_text(encoding="utf-8").splitlines()
    bad = [
        lines[1].replace(",849,", ",998,").replace(":001", ":002"),  # unknown district
        lines[1].replace("population", "no_such_slug").replace(":001", ":003"),  # unknown indicator
    ]
    path = tmp_path / "facts.csv"
    path.write_text("\n".join(lines + bad) + "\n", encoding="utf-8")
    with pytest.raises(FactValidationError) as info:
        load_facts(path)
    rules = " ".join(p["rule"] for p in info.value.problems)
    assert "unknown district" in rules and "unknown indicator" in rules
    assert {p["row"] for p in info.value.problems} == {3, 4}


def test_duplicate_with_a_note_is_accepted(tmp_path):
    text = (BAD / "duplicate_conflict.csv").read_text(encoding="utf-8")
    path = tmp_path / "facts.csv"
    path.write_text(text.rstrip("\n").rstrip(",") + ",contradiction: rounded elsewhere\n", encoding="utf-8")
    with pytest.raises(FactValidationError, match=":2: column 'note'"):
        load_facts(path)  # the first row still has no note
    rows = text.splitlines()
    rows[1] = rows[1] + "contradiction: the report also says about 155.000"
    rows[2] = rows[2] + "contradiction: rounded"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert len(load_facts(path, check_quotes=False)) == 2  # the fixture's second quote is made up


def test_catalog_rejects_unknown_fields_and_areas(tmp_path):
    path = tmp_path / "indicators.yaml"
    path.write_text(
        "indicators:\n"
        "  villages_count: {name_vi: Số thôn, khu dân cư, name_en: Villages, unit: count, area: context, higher_is_better: null}\n"
        "  x_pct: {name_vi: X, name_en: X, unit: pct, area: sports, higher_is_better: true}\n",
        encoding="utf-8",
    )
    with pytest.raises(FactValidationError) as info:
        load_catalog(path)
    msg = str(info.value)
    assert "unknown field 'khu dân cư'" in msg  # an unquoted comma split the name
    assert "area is one of institutions" in msg and "'sports'" in msg


def test_sources_are_typed_and_complete():
    src = load_sources()
    assert src["source_id"].is_unique
    assert set(src["doc_type"]) <= {"report", "plan", "project"}
    assert src["period_start"].dtype.kind == "i"
    assert (src["period_end"] >= src["period_start"]).all()


def test_real_facts_cover_the_five_districts():
    facts = load_facts()
    assert set(facts["district_code"]) == {"297", "396", "397", "477", "849"}
    assert isinstance(facts, pd.DataFrame) and len(facts) >= 300
