"""The indicator catalog is declared once beside the data and tested against it."""
import pytest
import re
from pathlib import Path

import yaml

from cchc_analysis import settings

from cchc_analysis.loaders import AREAS, load_catalog, load_facts

CAT = load_catalog()
FACTS = load_facts()


def test_every_slug_used_is_defined_and_every_defined_slug_used_or_derived():
    used = set(FACTS["indicator"])
    assert used <= set(CAT.index)
    derived = set(CAT.index[CAT["formula"].notna()])
    raw = yaml.safe_load(Path(settings.data_dir(), "indicators.yaml").read_text(encoding="utf-8"))
    extracted = {slug for slug, spec in raw["indicators"].items() if spec.get("phrasings")}
    unused = set(CAT.index) - used - derived - extracted  # extraction may define slugs before any fact
    assert not unused, f"defined but never used (remove, or use): {sorted(unused)}"


def test_formulas_use_only_defined_slugs():
    for slug, formula in CAT["formula"].dropna().items():
        names = set(re.findall(r"[a-z][a-z0-9_]*", formula))
        assert names <= set(CAT.index), f"{slug}: {formula} uses {sorted(names - set(CAT.index))}"


def test_naming_convention_and_units():
    for slug, row in CAT.iterrows():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", slug)
        if slug.endswith("_pct"):
            assert row["unit"] == "pct", slug
        if row["unit"] == "pct":
            assert slug.endswith("_pct"), f"{slug}: shares end in _pct"
    assert set(CAT["area"]) <= set(AREAS)


def test_scopes_used_are_defined():
    scopes = set(load_catalog(what="scopes").index)
    assert set(FACTS["scope"]) - {""} <= scopes


def test_names_are_readable_vietnamese_and_english():
    assert CAT["name_vi"].str.len().gt(2).all() and CAT["name_en"].str.len().gt(2).all()
    assert not CAT["name_vi"].str.contains(r"\\u").any()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_two_indicators_share_a_name(language):
    """A count and its share must be told apart by their names alone (``0.03`` is not a count)."""
    names = CAT[f"name_{language}"].str.strip().str.casefold()
    shared = CAT[names.duplicated(keep=False)].sort_values(f"name_{language}")
    assert shared.empty, shared[[f"name_{language}", "unit"]].to_string()
