"""The report notebooks run by plain papermill check their own parameters first (issue 7, deliver 4).

papermill only warns on a parameter the notebook does not declare (``-p distrct X``) and then
renders the default district. The cell after the parameters refuses it, a district without
data and years outside the data, naming the valid choices, before any output is shown.
"""
from __future__ import annotations

from pathlib import Path

import papermill
import pytest

from cchc_analysis import comparative, report

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
DISTRICT_NB = NOTEBOOKS / "district_report.ipynb"
COMPARATIVE_NB = NOTEBOOKS / "comparative_report.ipynb"

pytestmark = pytest.mark.slow


def _run_until_refused(notebook: Path, parameters: dict, tmp_path: Path):
    out = tmp_path / "out.ipynb"
    with pytest.raises(papermill.PapermillExecutionError) as info:
        papermill.execute_notebook(str(notebook), str(out), parameters=parameters, progress_bar=False,
                                   kernel_name="python3", cwd=str(tmp_path))
    err = info.value
    import nbformat

    nb = nbformat.read(str(out), as_version=4)
    return err, nb


def _nothing_shown_before_the_error(nb) -> None:
    """Every output of the run is the error itself: no heading, table or figure was drawn."""
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert outputs and all(o.get("output_type") == "error" for o in outputs), outputs


def test_misspelt_parameter_is_refused_with_the_valid_names(tmp_path):
    err, nb = _run_until_refused(DISTRICT_NB, {"distrct": "Gia Lộc"}, tmp_path)
    assert err.ename == "ParameterError"
    assert "'distrct'" in err.evalue and "did you mean 'district'" in err.evalue
    assert "valid: district, start_year, end_year, peers, language" in err.evalue
    _nothing_shown_before_the_error(nb)


def test_district_without_data_is_refused(tmp_path):
    err, nb = _run_until_refused(DISTRICT_NB, {"district": "Ba Vì"}, tmp_path)
    assert err.ename in ("ParameterError", "UnknownDistrictError")
    assert "Ba Vì" in err.evalue and "Gia Lộc" in err.evalue  # names the districts that have data
    _nothing_shown_before_the_error(nb)


@pytest.mark.parametrize("years", [{"start_year": 2000, "end_year": 2010}, {"start_year": 2023, "end_year": 2025}])
def test_years_outside_the_data_are_refused(tmp_path, years):
    err, nb = _run_until_refused(DISTRICT_NB, {"district": "Thường Xuân", **years}, tmp_path)
    assert err.ename == "ParameterError" and "start_year" in err.evalue
    assert ("2016" in err.evalue and "2025" in err.evalue) or "2020–2021" in err.evalue
    _nothing_shown_before_the_error(nb)


def test_comparative_notebook_refuses_an_unknown_parameter(tmp_path):
    err, nb = _run_until_refused(COMPARATIVE_NB, {"district": "Gia Lộc"}, tmp_path)
    assert err.ename == "ParameterError" and "valid: start_year, end_year, language" in err.evalue
    _nothing_shown_before_the_error(nb)


def test_declared_parameters_match_the_notebooks():
    assert tuple(papermill.inspect_notebook(str(DISTRICT_NB))) == report.NOTEBOOK_PARAMETERS
    assert tuple(papermill.inspect_notebook(str(COMPARATIVE_NB))) == comparative.NOTEBOOK_PARAMETERS


def test_check_comes_right_after_the_parameters_and_before_any_section():
    import nbformat

    for path in (DISTRICT_NB, COMPARATIVE_NB):
        code = [c for c in nbformat.read(str(path), as_version=4).cells if c.cell_type == "code"]
        assert "parameters" in code[0].metadata.get("tags", [])
        assert "check_notebook_parameters(globals()" in code[1].source, path.name


def test_a_run_in_a_used_kernel_is_not_refused_for_its_own_variables():
    """In JupyterLab, Run All again: ``ctx`` and scratch variables are not parameters papermill injected."""
    ns = {"In": ["", 'district = "Gia Lộc"', "ctx = 1\nx = 2"], "district": "Gia Lộc", "start_year": 2016,
          "end_year": 2025, "peers": None, "language": "vi", "ctx": object(), "x": 2}
    assert report.check_notebook_parameters(ns)["district"] == "Gia Lộc"
    ns["In"].append('# Parameters\ndistrct = "Trà Cú"\n')
    ns["distrct"] = "Trà Cú"
    with pytest.raises(report.ParameterError, match="distrct"):
        report.check_notebook_parameters(ns)
