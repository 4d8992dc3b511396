"""Report parameters are checked against the notebook and the data before any kernel starts."""
from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from cchc_analysis.errors import ParameterError, UnknownDistrictError
from cchc_analysis.params import (
    ParameterModel,
    ParameterSpec,
    load_districts_with_data,
    load_parameter_model,
    parse_assignment,
    validate_parameters,
)

NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"
OK = NOTEBOOKS / "ok_minimal.ipynb"


@dataclass(frozen=True)
class FakeDistrict:
    district_code: str
    name: str
    province: str


# A tiny registry: two districts with data, one without (Ba Đình).
FAKE = {
    "397": FakeDistrict("397", "Triệu Sơn", "Thanh Hóa"),
    "297": FakeDistrict("297", "Gia Lộc", "Hải Dương"),
    "001": FakeDistrict("001", "Ba Đình", "Hà Nội"),  # exists, but has no facts
}


def fake_resolve(query):
    text = str(query).strip()
    for code, d in FAKE.items():
        if text in (code, d.name, str(int(code))):
            return d
    raise UnknownDistrictError(query, [f"{d.name} ({c})" for c, d in FAKE.items()])


LOOKUPS = {"resolve": fake_resolve, "districts_with_data": {"397", "297"}}


def write_nb(path, source, *, tag=True):
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["parameters"]} if tag else {})
    nb = nbformat.v4.new_notebook(cells=[cell], metadata={
        "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}})
    nbformat.write(nb, str(path))
    return path


def test_model_is_read_from_the_parameters_cell():
    model = load_parameter_model(OK)
    assert model.names == ["district", "start_year", "end_year", "peers", "language"]
    assert model.defaults == {"district": "Triệu Sơn", "start_year": 2016, "end_year": 2025,
                              "peers": None, "language": "vi"}
    # types come from the defaults (the cell has no annotations); None means "any, per the rules"
    assert model.to_frame()["type_name"].tolist() == ["str", "int", "int", "None", "str"]
    assert repr(model).startswith("ParameterModel('ok_minimal.ipynb': district: str = 'Triệu Sơn'")


def test_annotation_wins_over_the_default_type(tmp_path):
    path = write_nb(tmp_path / "a.ipynb", "ratio: float = 1\nlabel = 'x'")
    specs = {s.name: s.type_name for s in load_parameter_model(path).specs}
    assert specs == {"ratio": "float", "label": "str"}


def test_misspelt_name_is_refused_with_did_you_mean_and_valid_names():
    with pytest.raises(ParameterError, match=r"'distrct'.*is not a parameter of ok_minimal\.ipynb; "
                                             r"did you mean 'district'\?; valid: district, start_year, "
                                             r"end_year, peers, language"):
        validate_parameters(OK, {"distrct": "Gia Lộc"}, **LOOKUPS)


def test_far_off_name_has_no_guess_but_lists_valid_names():
    with pytest.raises(ParameterError, match=r"is not a parameter of ok_minimal\.ipynb; valid: district") as info:
        validate_parameters(OK, {"zzz": 1}, **LOOKUPS)
    assert "did you mean" not in str(info.value)
    assert info.value.choices == ["district", "start_year", "end_year", "peers", "language"]


def test_notebook_without_parameters_cell_accepts_no_parameter():
    path = NOTEBOOKS / "no_parameters_cell.ipynb"
    assert load_parameter_model(path).names == []
    assert validate_parameters(path, {}, **LOOKUPS) == {}
    with pytest.raises(ParameterError, match="is not a parameter of no_parameters_cell.ipynb"):
        validate_parameters(path, {"district": "Gia Lộc"}, **LOOKUPS)


def test_defaults_are_returned_with_the_overrides():
    got = validate_parameters(OK, {"district": "297", "start_year": 2018}, **LOOKUPS)
    assert got == {"district": "Gia Lộc", "start_year": 2018, "end_year": 2025, "peers": None, "language": "vi"}


@pytest.mark.parametrize("value", [397, "397", "Triệu Sơn"])
def test_district_by_code_or_name_becomes_its_name(value):
    assert validate_parameters(OK, {"district": value}, **LOOKUPS)["district"] == "Triệu Sơn"


def test_unknown_district_is_refused_with_suggestion_and_districts_with_data():
    with pytest.raises(ParameterError, match=r"'district'='Trieu Som': is not a known district .*"
                                             r"did you mean 'Triệu Sơn'\?; valid: Gia Lộc \(297\), Triệu Sơn \(397\)"):
        validate_parameters(OK, {"district": "Trieu Som"}, **LOOKUPS)


def test_district_without_data_is_refused():
    with pytest.raises(ParameterError, match=r"Ba Đình \(001\) has no data; .*valid: Gia Lộc \(297\), Triệu Sơn"):
        validate_parameters(OK, {"district": "Ba Đình"}, **LOOKUPS)


def test_district_of_wrong_type_is_refused():
    with pytest.raises(ParameterError, match="a district name or GSO code, not list"):
        validate_parameters(OK, {"district": ["Gia Lộc"]}, **LOOKUPS)


@pytest.mark.parametrize("values, message", [
    ({"start_year": 2015}, r"'start_year'=2015: a year between 2016 and 2025"),
    ({"end_year": 2026}, r"'end_year'=2026: a year between 2016 and 2025"),
    ({"start_year": "2018"}, r"'start_year'='2018': must be a whole year \(int\), not str"),
    ({"start_year": True}, r"must be a whole year \(int\), not bool"),  # bool is an int in Python
    ({"start_year": 2020, "end_year": 2019}, r"'start_year'=2020: must not be after end_year=2019"),
    ({"language": "fr"}, r"'language'='fr': a report language; valid: vi, en"),
])
def test_year_and_language_rules(values, message):
    with pytest.raises(ParameterError, match=message):
        validate_parameters(OK, values, **LOOKUPS)


def test_a_single_year_report_is_allowed():
    got = validate_parameters(OK, {"start_year": 2020, "end_year": 2020}, **LOOKUPS)
    assert (got["start_year"], got["end_year"]) == (2020, 2020)


@pytest.mark.parametrize("value, expected", [
    (None, None),
    (["297"], ["Gia Lộc"]),
    ("Gia Lộc, Triệu Sơn", ["Gia Lộc", "Triệu Sơn"]),  # as typed on the command line
    (("397",), ["Triệu Sơn"]),
])
def test_peers_are_none_or_districts_with_data(value, expected):
    assert validate_parameters(OK, {"peers": value}, **LOOKUPS)["peers"] == expected


@pytest.mark.parametrize("value, message", [
    ([], "a non-empty list of districts"),
    (3, "a non-empty list of districts"),
    (["Gia Lộc", "Ba Đình"], r"'peers'='Ba Đình': Ba Đình \(001\) has no data"),
])
def test_bad_peers_are_refused(value, message):
    with pytest.raises(ParameterError, match=message):
        validate_parameters(OK, {"peers": value}, **LOOKUPS)


def test_other_parameters_are_checked_against_their_default_type(tmp_path):
    path = write_nb(tmp_path / "b.ipynb", "top_n = 5\nshow_map = True")
    assert validate_parameters(path, {"top_n": 3}, **LOOKUPS) == {"top_n": 3, "show_map": True}
    with pytest.raises(ParameterError, match=r"'top_n'='3': must be of type int in b\.ipynb, not str"):
        validate_parameters(path, {"top_n": "3"}, **LOOKUPS)
    with pytest.raises(ParameterError, match="must be of type bool"):
        validate_parameters(path, {"show_map": 1}, **LOOKUPS)


def test_a_default_that_is_not_a_literal_is_an_error(tmp_path):
    path = write_nb(tmp_path / "c.ipynb", "start_year = 2010 + 6")
    with pytest.raises(ParameterError, match=r"'start_year'='2010 \+ 6': the default in c\.ipynb's parameters "
                                             r"cell must be a Python literal"):
        load_parameter_model(path)


def test_lookups_are_not_touched_when_no_district_rule_applies():
    def exploding_resolve(query):  # would fail the test if a district were looked up
        raise AssertionError(f"looked up {query!r}")

    model = ParameterModel("x.ipynb", (ParameterSpec("language", "str", "vi"),))
    assert model.validate({"language": "en"}, resolve=exploding_resolve) == {"language": "en"}


def test_parameter_error_survives_pickling():
    with pytest.raises(ParameterError) as info:
        validate_parameters(OK, {"distrct": "Gia Lộc"}, **LOOKUPS)
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value)


@pytest.mark.parametrize("text, expected", [
    ("start_year=2018", ("start_year", 2018)),
    ("district=Gia Lộc", ("district", "Gia Lộc")),
    ("district = 297 ", ("district", 297)),
    ("peers=None", ("peers", None)),
    ("peers=['Gia Lộc', 'Trà Cú']", ("peers", ["Gia Lộc", "Trà Cú"])),
    ("language=en", ("language", "en")),
    ("note=a=b", ("note", "a=b")),  # only the first '=' separates
])
def test_parse_assignment(text, expected):
    assert parse_assignment(text) == expected


@pytest.mark.parametrize("text", ["start_year", "=2018", ""])
def test_parse_assignment_refuses_what_is_not_name_value(text):
    with pytest.raises(ParameterError, match="write a parameter as name=value"):
        parse_assignment(text)


def test_districts_with_data_from_tiny_facts():
    facts = pd.DataFrame({"district_code": ["397", "297", "397"]})  # 397 twice
    got = load_districts_with_data(facts, resolve=fake_resolve)
    assert got[["district_code", "name", "province", "n_facts"]].values.tolist() == [
        ["297", "Gia Lộc", "Hải Dương", 1],
        ["397", "Triệu Sơn", "Thanh Hóa", 2],
    ]


def test_real_lookups_by_default():
    pytest.importorskip("cchc_analysis.loaders")
    got = validate_parameters(OK, {"district": "gia loc", "peers": ["tra cu"]})
    assert (got["district"], got["peers"]) == ("Gia Lộc", ["Trà Cú"])
    with pytest.raises(ParameterError, match=r"Ba Đình \(001\) has no data"):
        validate_parameters(OK, {"district": "Ba Đình"})
