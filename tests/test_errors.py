"""Every error class is a CchcError, its builtin, and survives pickling (worker processes)."""
import pickle

import pytest

from cchc_analysis import errors

CASES = [
    errors.FactValidationError("data/facts.csv", [{"row": 3, "column": "value", "value": "98,7%", "rule": "plain number"}]),
    errors.AmbiguousNumberError("1.5", "a '.' groups thousands"),
    errors.UnknownDistrictError("Gia Loc x", ["Gia Lộc, Hải Dương (297)"]),
    errors.UnknownIndicatorError("dossier", ["dossiers_received"]),
    errors.ParameterError("distrct", "Gia Lộc", "unknown parameter", ["district"]),
    errors.SourceTextMissingError("seeds/x.txt", "Set CCHC_SEEDS_DIR"),
    errors.IncomparableError("level differs"),
    errors.ReportBuildError({"Trà Cú": "boom"}),
    errors.DocumentReadError("plan.xls", "no reader for suffix '.xls'", [".docx", ".txt"]),
    errors.MissingDependencyError("pypdf", "reading .pdf files"),
]


@pytest.mark.parametrize("err", CASES, ids=lambda e: type(e).__name__)
def test_errors_pickle_with_fields_and_message(err):
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is type(err)
    assert str(again) == str(err)
    assert vars(again) == vars(err)
    assert isinstance(again, errors.CchcError)


def test_builtin_bases():
    assert issubclass(errors.FactValidationError, ValueError)
    assert issubclass(errors.UnknownDistrictError, KeyError)
    assert issubclass(errors.ParameterError, ValueError)
    assert issubclass(errors.SourceTextMissingError, FileNotFoundError)


def test_fact_validation_message_names_file_row_column_value_rule():
    msg = str(CASES[0])
    assert "data/facts.csv:3" in msg and "'value'" in msg and "'98,7%'" in msg and "plain number" in msg
