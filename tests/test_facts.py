"""Data is sacred: every curated figure is stated, verbatim, in its source.

Each row of data/facts.csv must have a quote that occurs verbatim in the full text
of its source (see cchc_analysis.sources for what "verbatim" forgives), and a value
that is one of the numbers of the quote read the Vietnamese way, unless
data/checks.yaml lists it as an exception with a reason.
"""
import pytest
import yaml

from cchc_analysis import settings
from cchc_analysis.loaders import load_facts, load_sources
from cchc_analysis.numbers import extract_numbers
from cchc_analysis.sources import file_sha256, normalize_text, read_source_text

FACTS = load_facts()
SOURCES = load_sources().set_index("source_id")
CHECKS = yaml.safe_load((settings.data_dir() / "checks.yaml").read_text(encoding="utf-8"))
EXCEPTIONS = CHECKS.get("value_not_in_quote") or {}


@pytest.fixture(scope="module")
def texts(seeds_dir):
    return {sid: normalize_text(read_source_text(row.seed_file, seeds_dir)) for sid, row in SOURCES.iterrows()}


def test_every_quote_occurs_verbatim_in_its_source(texts):
    missing = [
        f"{r.fact_id}: {r.quote[:80]!r}"
        for r in FACTS.itertuples()
        if normalize_text(r.quote) not in texts[r.source_id]
    ]
    assert not missing, f"{len(missing)} quotes not found verbatim:\n" + "\n".join(missing)


def test_every_value_is_a_number_of_its_quote():
    wrong = []
    for r in FACTS.itertuples():
        numbers = extract_numbers(r.quote)
        if not any(abs(r.value - n) < 1e-9 for n in numbers) and r.fact_id not in EXCEPTIONS:
            wrong.append(f"{r.fact_id}: value {r.value} not in {numbers}")
    assert not wrong, "\n".join(wrong)


def test_exceptions_are_real_and_explained():
    for fact_id, reason in EXCEPTIONS.items():
        assert fact_id in set(FACTS["fact_id"]), f"checks.yaml names unknown fact {fact_id}"
        assert isinstance(reason, str) and len(reason) > 10, f"{fact_id}: give the reason"


def test_source_texts_are_the_ones_curated(seeds_dir):
    for sid, row in SOURCES.iterrows():
        assert file_sha256(seeds_dir / row.seed_file) == row.sha256, f"{sid}: {row.seed_file} changed since curation"


def test_every_source_has_facts_and_every_fact_a_source():
    assert set(FACTS["source_id"]) == set(SOURCES.index)


@pytest.mark.parametrize("source_id, least", sorted((CHECKS.get("expected_facts") or {}).items()))
def test_expected_row_counts_per_source(source_id, least):
    assert (FACTS["source_id"] == source_id).sum() >= least


def test_fact_ids_follow_their_source():
    assert (FACTS["fact_id"].str.split(":").str[0] == FACTS["source_id"]).all()


def test_district_matches_its_source():
    assert (FACTS["district_code"] == FACTS["source_id"].map(SOURCES["district_code"])).all()


def test_contradictions_are_recorded_not_fixed():
    """Rows sharing a key with different values all carry a note (the loader enforces it)."""
    key = ["district_code", "indicator", "scope", "level", "period_start", "period_end", "kind"]
    conflicts = FACTS.groupby(key).filter(lambda g: g["value"].nunique() > 1)
    assert (conflicts["note"].str.len() > 0).all()
