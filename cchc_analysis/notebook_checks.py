"""The first check of a report notebook: its parameters, before anything is shown.

papermill only *warns* on a parameter a notebook does not declare (``-p distrct X``)
and then renders the default district; a district without data or years outside
the data would render an empty report. The cell after the parameters calls
:func:`check_notebook_parameters` (also importable from :mod:`cchc_analysis.report`),
which refuses all three with a :class:`~cchc_analysis.errors.ParameterError`
naming the valid choices, using the rules of :mod:`cchc_analysis.params`.

Examples
--------
>>> NOTEBOOK_PARAMETERS
('district', 'start_year', 'end_year', 'peers', 'language')
"""
from __future__ import annotations

import pandas as pd

from .errors import ParameterError
from .loaders import load_facts  # noqa: F401 - kept importable (tests patch loaders.load_facts)
from .registry import resolve_district

__all__ = ["NOTEBOOK_PARAMETERS", "check_notebook_parameters"]

#: The parameters the district notebook declares, in its parameters cell's order
#: (tests/test_notebook_parameters.py checks that the notebook and this agree).
NOTEBOOK_PARAMETERS = ("district", "start_year", "end_year", "peers", "language")



def _injected_names(namespace: dict) -> list[str]:
    """Return the names papermill's injected-parameters cell set (every name of a plain dict)."""
    import ast

    history = namespace.get("In")
    if not isinstance(history, list):
        return [k for k in namespace if not k.startswith("_")]
    for source in reversed(history):
        if isinstance(source, str) and source.lstrip().startswith("# Parameters"):
            try:
                tree = ast.parse(source)
            except SyntaxError:
                return []
            return [t.id for node in tree.body if isinstance(node, ast.Assign)
                    for t in node.targets if isinstance(t, ast.Name)]
    return []


def check_notebook_parameters(namespace: dict, declared=NOTEBOOK_PARAMETERS, *,
                              notebook: str = "district_report.ipynb", facts: pd.DataFrame | None = None) -> dict:
    """Refuse a notebook run whose parameters are unknown, wrong, or outside the data.

    Called in the cell right after the parameters (and papermill's injected cell),
    before anything is shown: plain papermill only *warns* on ``-p distrct X`` and
    then renders the default district. ``namespace`` is the kernel's ``globals()``:
    every name papermill's injected cell (the last cell run that starts with
    ``# Parameters``, found in IPython's ``In``) sets that the notebook does not
    declare is refused with the valid names; a plain dict (no ``In``) is read as
    the parameters themselves, so any other name in it is refused. The declared values are then checked as :mod:`cchc_analysis.params`
    checks them (a district with data, years 2016–2025, start ≤ end, a language),
    and the district (every district, for the comparative notebook) must have a
    figure within the years.

    Parameters
    ----------
    namespace : dict
        The kernel's ``globals()``.
    declared : sequence of str
        The notebook's parameter names.
    notebook : str
        The notebook's name, for messages.
    facts : DataFrame, optional
        Default :func:`cchc_analysis.loaders.load_facts`.

    Returns
    -------
    dict
        The checked parameters (districts by their canonical name).

    Raises
    ------
    ParameterError

    Examples
    --------
    >>> ns = {"district": "Gia Lộc", "start_year": 2016, "end_year": 2025, "peers": None, "language": "vi"}
    >>> check_notebook_parameters(ns)["district"]
    'Gia Lộc'
    >>> check_notebook_parameters({**ns, "distrct": "Trà Cú"})
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.ParameterError: parameter 'distrct'='Trà Cú': is not a parameter of district_report.ipynb; did you mean 'district'?; valid: district, start_year, end_year, peers, language
    >>> check_notebook_parameters({**ns, "district": "Thường Xuân", "start_year": 2023})
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.ParameterError: parameter 'start_year'=2023: Thường Xuân has no figure in 2023–2025; its figures cover 2020–2021
    """
    from .params import ParameterModel, ParameterSpec

    declared = list(declared)
    injected = {k: namespace.get(k) for k in _injected_names(namespace) if k not in declared}
    missing = [k for k in declared if k not in namespace]
    if missing:
        raise ParameterError(missing[0], None, f"is declared by {notebook} but was not set", declared)
    if facts is None:
        from .analysis import loaded_facts  # read once per process, shared with report.prepare

        facts = loaded_facts()[0]
    model = ParameterModel(notebook, tuple(ParameterSpec(k, "None", namespace[k]) for k in declared))
    checked = model.validate(injected, districts_with_data=set(facts["district_code"]))  # refuses any injected name
    start, end = checked.get("start_year"), checked.get("end_year")
    if start is None or end is None:
        return checked
    if "district" in checked:
        code = resolve_district(checked["district"]).district_code
        f, who = facts[facts["district_code"] == code], checked["district"]
    else:
        f, who = facts, "the data"
    inside = f[(f["period_end"] >= start) & (f["period_start"] <= end)]
    if inside.empty:
        cover = f"{int(f['period_start'].min())}–{int(f['period_end'].max())}" if len(f) else "nothing"
        raise ParameterError("start_year", start, f"{who} has no figure in {start}–{end}; its figures cover {cover}")
    return checked
