"""Validate report parameters before any kernel starts.

papermill only *warns* on a misspelt parameter and then renders the notebook's
default district: a report for the wrong district that looks right.  Here every
notebook gets a parameter model read from its own ``parameters`` cell (names,
types and defaults, through :func:`papermill.inspect_notebook`), and the values
asked for are checked against it and against the data:

- a name the notebook does not declare is an error that lists the valid names,
  with a did-you-mean;
- a value of the wrong type is an error (``start_year="2018"`` is not a year);
- ``district`` must resolve through :func:`cchc_analysis.registry.resolve_district`
  *and* have data (its code occurs in :func:`cchc_analysis.loaders.load_facts`);
- ``start_year`` and ``end_year`` lie within 2016–2025, start ≤ end;
- ``language`` is ``"vi"`` or ``"en"``;
- ``peers`` is None or a list of districts with data.

Every failure is a :class:`~cchc_analysis.errors.ParameterError`.  The registry
and the facts are looked up through arguments (``resolve=``,
``districts_with_data=``) so that tests can pass tiny stand-ins.

Examples
--------
>>> model = ParameterModel("demo.ipynb", (
...     ParameterSpec("district", "str", "Triệu Sơn"),
...     ParameterSpec("start_year", "int", 2016),
... ))
>>> model.validate({"distrct": "Gia Lộc"}, districts_with_data={"397", "297"})
Traceback (most recent call last):
...
cchc_analysis.errors.ParameterError: parameter 'distrct'='Gia Lộc': is not a parameter of demo.ipynb; did you mean 'district'?; valid: district, start_year
"""
from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from .errors import ParameterError, UnknownDistrictError
from .names import _default_resolve

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "LANGUAGES",
    "ParameterSpec",
    "ParameterModel",
    "load_parameter_model",
    "validate_parameters",
    "parse_assignment",
    "load_districts_with_data",
]

FIRST_YEAR, LAST_YEAR = 2016, 2025
LANGUAGES = ("vi", "en")

_TYPES: dict[str, tuple[type, ...]] = {
    "int": (int,),
    "float": (int, float),
    "str": (str,),
    "bool": (bool,),
    "list": (list, tuple),
    "tuple": (list, tuple),
    "dict": (dict,),
}


@dataclass(frozen=True)
class ParameterSpec:
    """One parameter a notebook declares in its ``parameters`` cell.

    Attributes
    ----------
    name : str
    type_name : str
        From the annotation when there is one, else from the default's type;
        ``"None"`` when the default is None (any value, subject to the rules).
    default : object
        The default as a Python value (the cell's literal).
    help : str
        The comment beside the parameter, if any.
    """

    name: str
    type_name: str
    default: object = None
    help: str = ""


@dataclass(frozen=True)
class ParameterModel:
    """The parameters of one notebook, with the rules that apply to them.

    Examples
    --------
    >>> m = ParameterModel("demo.ipynb", (ParameterSpec("language", "str", "vi"),))
    >>> m
    ParameterModel('demo.ipynb': language: str = 'vi')
    >>> m.validate({"language": "en"}, districts_with_data=set())
    {'language': 'en'}
    """

    notebook: str
    specs: tuple[ParameterSpec, ...]

    def __repr__(self) -> str:
        inner = ", ".join(f"{s.name}: {s.type_name} = {s.default!r}" for s in self.specs)
        return f"ParameterModel({Path(self.notebook).name!r}: {inner})"

    @property
    def names(self) -> list[str]:
        """Return the declared names, in the order of the cell."""
        return [s.name for s in self.specs]

    @property
    def defaults(self) -> dict:
        """Return the defaults of the parameters cell."""
        return {s.name: s.default for s in self.specs}

    def to_frame(self) -> pd.DataFrame:
        """Return one row per parameter: name, type_name, default, help."""
        return pd.DataFrame(
            [(s.name, s.type_name, s.default, s.help) for s in self.specs],
            columns=["name", "type_name", "default", "help"],
        )

    def validate(self, values: Mapping | None = None, *, resolve: Callable | None = None,
                 districts_with_data: Iterable[str] | None = None, rules: Mapping | None = None) -> dict:
        """Return the full, checked parameters: defaults overridden by ``values``.

        Parameters
        ----------
        values : mapping, optional
            The parameters asked for; names must be declared by the notebook.
        resolve : callable, optional
            ``resolve(query) -> District`` (with ``district_code`` and ``name``);
            default :func:`cchc_analysis.registry.resolve_district`.
        districts_with_data : iterable of str, optional
            GSO codes of the districts with data; default the codes in
            :func:`cchc_analysis.loaders.load_facts` (read only when needed).
        rules : mapping, optional
            ``name -> rule(value, lookups)`` replacing or adding to the default rules
            (the province notebooks pass :data:`cchc_analysis.province.PROVINCE_RULES`).

        Returns
        -------
        dict
            Every declared parameter; districts in their canonical name.

        Raises
        ------
        ParameterError
            On an unknown name, a wrong type or a broken rule.

        Examples
        --------
        >>> m = ParameterModel("demo.ipynb", (ParameterSpec("district", "str", "Triệu Sơn"),
        ...                                   ParameterSpec("start_year", "int", 2016),
        ...                                   ParameterSpec("end_year", "int", 2025)))
        >>> m.validate({"district": "gia loc"}, districts_with_data={"297", "397"})
        {'district': 'Gia Lộc', 'start_year': 2016, 'end_year': 2025}
        >>> m.validate({"start_year": 2015}, districts_with_data={"397"})
        Traceback (most recent call last):
        ...
        cchc_analysis.errors.ParameterError: parameter 'start_year'=2015: a year between 2016 and 2025
        """
        values = dict(values or {})
        nb = Path(self.notebook).name
        for name, value in values.items():
            if name not in self.names:
                raise ParameterError(name, value, f"is not a parameter of {nb}{_did_you_mean(name, self.names)}",
                                     self.names)
        merged = {**self.defaults, **values}
        lookups = _Lookups(resolve, districts_with_data)
        rules = {**_RULES, **(rules or {})}
        for spec in self.specs:
            rule = rules.get(spec.name)
            value = merged[spec.name]
            if rule is not None:
                merged[spec.name] = rule(value, lookups)
            elif spec.type_name in _TYPES and not _is_type(value, spec.type_name):
                raise ParameterError(spec.name, value, f"must be of type {spec.type_name} in {nb}, "
                                     f"not {type(value).__name__}")
        if {"start_year", "end_year"} <= set(merged) and merged["start_year"] > merged["end_year"]:
            raise ParameterError("start_year", merged["start_year"],
                                 f"must not be after end_year={merged['end_year']}")
        return merged


def load_parameter_model(notebook: str | Path) -> ParameterModel:
    """Return the parameter model of a notebook, read from its ``parameters`` cell.

    Parameters
    ----------
    notebook : str or Path
        An ``.ipynb`` file with a kernel in its metadata; a notebook without a
        cell tagged ``parameters`` has no parameters (every name given to it
        is unknown).

    Returns
    -------
    ParameterModel

    Raises
    ------
    ParameterError
        When a default in the parameters cell is not a Python literal.

    Examples
    --------
    >>> import nbformat, tempfile, os
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     'district = "Triệu Sơn"\\nstart_year = 2016', metadata={"tags": ["parameters"]})],
    ...     metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}})
    >>> path = os.path.join(tempfile.mkdtemp(), "demo.ipynb")
    >>> nbformat.write(nb, path)
    >>> load_parameter_model(path).defaults
    {'district': 'Triệu Sơn', 'start_year': 2016}
    """
    import papermill

    specs = []
    for name, info in papermill.inspect_notebook(str(notebook)).items():
        try:
            default = ast.literal_eval(info["default"])
        except (ValueError, SyntaxError) as exc:
            raise ParameterError(name, info["default"], f"the default in {Path(notebook).name}'s parameters cell "
                                 f"must be a Python literal ({exc})") from None
        declared = info.get("inferred_type_name") or "None"
        type_name = declared if declared != "None" else ("None" if default is None else type(default).__name__)
        specs.append(ParameterSpec(name, type_name, default, info.get("help") or ""))
    return ParameterModel(str(notebook), tuple(specs))


def validate_parameters(notebook: str | Path, values: Mapping | None = None, *,
                        resolve: Callable | None = None,
                        districts_with_data: Iterable[str] | None = None) -> dict:
    """Return the checked parameters of one notebook run (see :meth:`ParameterModel.validate`).

    Examples
    --------
    >>> import nbformat, tempfile, os
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     'language = "vi"', metadata={"tags": ["parameters"]})],
    ...     metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}})
    >>> path = os.path.join(tempfile.mkdtemp(), "demo.ipynb")
    >>> nbformat.write(nb, path)
    >>> validate_parameters(path, {"language": "fr"})
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.ParameterError: parameter 'language'='fr': a report language; valid: vi, en
    """
    return load_parameter_model(notebook).validate(values, resolve=resolve,
                                                   districts_with_data=districts_with_data)


def parse_assignment(text: str) -> tuple[str, object]:
    """Return ``(name, value)`` from a command-line ``name=value``.

    The value is read as a Python literal when it is one (``2018``, ``None``,
    ``['Gia Lộc']``), else kept as text (``Gia Lộc``).

    Examples
    --------
    >>> parse_assignment("start_year=2018")
    ('start_year', 2018)
    >>> parse_assignment("district=Gia Lộc")
    ('district', 'Gia Lộc')
    >>> parse_assignment("2018")
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.ParameterError: parameter '2018'=None: write a parameter as name=value
    """
    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        raise ParameterError(text, None, "write a parameter as name=value")
    raw = raw.strip()
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        value = raw
    return name.strip(), value


def load_districts_with_data(facts: pd.DataFrame | None = None, *, resolve: Callable | None = None) -> pd.DataFrame:
    """Return the districts that have facts: code, name, province, number of facts.

    Parameters
    ----------
    facts : DataFrame, optional
        With a ``district_code`` column; default :func:`cchc_analysis.loaders.load_facts`.
    resolve : callable, optional
        Default :func:`cchc_analysis.registry.resolve_district`.

    Examples
    --------
    >>> facts = pd.DataFrame({"district_code": ["397", "397", "297"]})
    >>> load_districts_with_data(facts)[["district_code", "name", "n_facts"]]
      district_code      name  n_facts
    0           297   Gia Lộc        1
    1           397  Triệu Sơn        2
    """
    if facts is None:
        from .loaders import load_facts

        facts = load_facts()
    resolve = resolve or _default_resolve()
    counts = facts["district_code"].astype(str).value_counts()
    rows = []
    for code in sorted(counts.index):
        d = resolve(code)
        rows.append({"district_code": code, "name": d.name, "province": getattr(d, "province", ""),
                     "province_2025": getattr(d, "province_2025", ""), "n_facts": int(counts[code])})
    return pd.DataFrame(rows, columns=["district_code", "name", "province", "province_2025", "n_facts"])


# --- rules ---------------------------------------------------------------------------------

class _Lookups:
    """The registry and the set of districts with data, looked up once and only when needed."""

    def __init__(self, resolve, districts_with_data):
        self.resolve = resolve or _default_resolve()
        self._with_data = None if districts_with_data is None else sorted(str(c) for c in districts_with_data)

    @property
    def with_data(self) -> list[str]:
        if self._with_data is None:
            from .loaders import load_facts

            self._with_data = sorted(load_facts()["district_code"].astype(str).unique())
        return self._with_data

    def labels(self) -> list[str]:
        return [f"{self.resolve(c).name} ({c})" for c in self.with_data]

    def resolved(self, name: str, value):
        """Return the district with data that ``value`` names (a resolved district is taken as it is), or raise."""
        if hasattr(value, "district_code") and hasattr(value, "name"):
            d = value
        elif isinstance(value, bool) or not isinstance(value, (str, int)):
            raise ParameterError(name, value, f"a district name or GSO code, not {type(value).__name__}",
                                 self.labels())
        else:
            try:
                d = self.resolve(value)
            except UnknownDistrictError as exc:
                names = {self.resolve(c).name: c for c in self.with_data}
                close = process.extractOne(str(value), list(names), scorer=fuzz.WRatio)
                hint = f"; did you mean {close[0]!r}?" if close and close[1] >= 60 else ""
                raise ParameterError(name, value, f"is not a known district ({exc}){hint}", self.labels()) from None
        if d.district_code not in self.with_data:
            raise ParameterError(name, getattr(value, "name", value), f"{d.name} ({d.district_code}) has no data; "
                                 "reports need a district with facts", self.labels())
        return d

    def district(self, name: str, value) -> str:
        """Return the canonical name of a district with data, or raise."""
        d = self.resolved(name, value)
        try:  # the name when it is unambiguous, else the code
            return d.name if self.resolve(d.name).district_code == d.district_code else d.district_code
        except UnknownDistrictError:
            return d.district_code


def _is_type(value, type_name: str) -> bool:
    if type_name in ("int", "float") and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES[type_name])


def _did_you_mean(name: str, names: list[str]) -> str:
    close = process.extractOne(name, names, scorer=fuzz.ratio) if names else None
    return f"; did you mean {close[0]!r}?" if close and close[1] >= 50 else ""


def _year(name, first=FIRST_YEAR, last=LAST_YEAR):
    def rule(value, lookups):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParameterError(name, value, f"must be a whole year (int), not {type(value).__name__}")
        if not first <= value <= last:
            raise ParameterError(name, value, f"a year between {first} and {last}")
        return value

    return rule


def _language(value, lookups):
    if value not in LANGUAGES:
        raise ParameterError("language", value, "a report language", LANGUAGES)
    return value


def _district(value, lookups):
    return lookups.district("district", value)


def _peers(value, lookups):
    if value is None:
        return None
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, (list, tuple)) or not value:
        raise ParameterError("peers", value, "None (every district with data) or a non-empty list of districts",
                             lookups.labels())
    return [lookups.district("peers", v) for v in value]


_RULES = {
    "district": _district,
    "start_year": _year("start_year"),
    "end_year": _year("end_year"),
    "language": _language,
    "peers": _peers,
}
