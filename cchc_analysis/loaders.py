"""Load the curated data: facts, sources, the indicator catalog and districts.

Every loader reads its file strictly (:func:`cchc_analysis._tables.read_table`:
UTF-8, no control characters, no stray quote, every row with as many fields as
the header) and validates it against its rules and against the other files
(every fact's district, indicator, scope and source must exist, and the source
must be about the fact's district).  A bad file is rejected whole: one
:class:`~cchc_analysis.errors.FactValidationError` lists every failure with
file, line, column, value and the rule broken.  Nothing is ever written.

Limits (:data:`TEXT_LIMITS`): a quote, a note or a description holds at most
2000 characters, any other text field 500.  Years lie in :data:`YEAR_RANGE`
(2000–2030: the documents review 2015 onwards and plans set targets up to
2030), written as four digits (``2019``, not ``2019.0``).  A quote or note may
not start with ``=``, ``+``, ``-`` or ``@``: spreadsheets run such a cell as a
formula, and a verbatim quote can always start at its first word.

When the full texts of the sources are available (``CCHC_SEEDS_DIR``),
:func:`load_facts` also checks that every quote occurs verbatim in its source
and that the value is one of the quote's numbers (``check_quotes="auto"``, the
default; see :func:`cchc_analysis.sources.quote_problems`).

Examples
--------
>>> facts = load_facts()
>>> sorted(facts["district_code"].unique())
['297', '396', '397', '477', '849']
>>> load_catalog().loc["dossiers_on_time_pct", "unit"]
'pct'
"""
from __future__ import annotations

import copy
import functools
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
import yaml

from . import settings
from ._checks import TEXT_LIMITS, Problems as _Problems, check_dates as _check_dates, did_you_mean as _did_you_mean
from ._checks import lengths as _lengths, numbers as _numbers, short_value as _scalar, suggest_number as _suggest
from ._tables import CONTROL_CHARS, read_table
from .errors import FactValidationError
from .registry import load_districts

__all__ = [
    "FACT_COLUMNS",
    "SOURCE_COLUMNS",
    "NEW_FACT_COLUMNS",
    "LEVELS",
    "KINDS",
    "QUALIFIERS",
    "FACT_KEY",
    "load_facts",
    "load_sources",
    "load_catalog",
    "load_districts",
    "validate_facts",
    "validate_sources",
    "with_new_columns",
]

FACT_COLUMNS = [
    "fact_id", "district_code", "indicator", "scope", "level", "period_start", "period_end",
    "date_start", "date_end", "value", "qualifier", "kind", "source_id", "quote", "note",
]
#: Columns added in 2026; a file or frame without them reads them as empty.
NEW_FACT_COLUMNS = ("date_start", "date_end", "qualifier")
SOURCE_COLUMNS = [
    "source_id", "district_code", "issuer", "number", "date", "doc_type", "title",
    "period_start", "period_end", "seed_file", "sha256", "note",
]
# The closed vocabularies of the data model, declared once (SPEC_SHARED.md §1).
LEVELS = ["district", "commune", "district_and_commune", "province"]
KINDS = ["actual", "target", "baseline"]
QUALIFIERS = ["at_least", "more_than", "about", "less_than", "at_most"]
DOC_TYPES = ["report", "plan", "project"]
AREAS = [
    "institutions", "administrative_procedures", "apparatus", "civil_service",
    "public_finance", "e_government", "outcomes", "context",
]
#: Units whose values are counts of things or people: never negative, whole numbers.
COUNT_UNITS = {"count", "persons", "dossiers", "documents"}
#: What identifies one figure: two facts with this key and different values need a note each.
FACT_KEY = ["district_code", "indicator", "scope", "level", "period_start", "period_end",
            "date_start", "date_end", "kind"]
#: Years a fact or a source may name (first, last).
YEAR_RANGE = (2000, 2030)
#: A source not about one district (a province's or the nation's document).
NO_DISTRICT = "000"


_YEAR = pa.Check.in_range(*YEAR_RANGE, error=f"year between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}")

SOURCES_SCHEMA = pa.DataFrameSchema(
    {
        "source_id": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9-]+$", error="lower-case slug"), unique=True),
        "district_code": pa.Column(str, pa.Check.str_matches(r"^\d{3}$", error="three-digit GSO district code")),
        "issuer": pa.Column(str, pa.Check.str_length(min_value=2, error="issuer is required")),
        "number": pa.Column(str),
        "date": pa.Column(str, pa.Check.str_matches(r"^\d{4}(-\d{2}(-\d{2})?)?$", error="ISO date YYYY[-MM[-DD]]")),
        "doc_type": pa.Column(str, pa.Check.isin(DOC_TYPES, error=f"doc_type is one of {', '.join(DOC_TYPES)}")),
        "title": pa.Column(str, pa.Check.str_length(min_value=5, error="title is required")),
        "period_start": pa.Column(int, _YEAR),
        "period_end": pa.Column(int, _YEAR),
        "seed_file": pa.Column(str, pa.Check.str_length(min_value=1, error="seed_file is required")),
        "sha256": pa.Column(str, pa.Check.str_matches(r"^[0-9a-f]{64}$", error="sha256 of the source text")),
        "note": pa.Column(str),
    },
    strict=True,
    ordered=True,
)


def schema_problems(schema: pa.DataFrameSchema, df: pd.DataFrame) -> list[dict]:
    """Return every failure of ``df`` against ``schema`` as problem dicts (row = line in the file).

    Examples
    --------
    >>> schema = pa.DataFrameSchema({"x": pa.Column(int, pa.Check.ge(0, error="x >= 0"))})
    >>> [(p["row"], p["value"], p["rule"]) for p in schema_problems(schema, pd.DataFrame({"x": [1, -2]}))]
    [(3, -2, 'x >= 0')]
    """
    try:
        schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        out = []
        for _, fc in err.failure_cases.iterrows():
            idx = fc.get("index")
            row = int(idx) + 2 if pd.notna(idx) else None
            out.append({"row": row, "column": fc.get("column"), "value": _scalar(fc.get("failure_case")), "rule": str(fc.get("check"))})
        return out
    return []


def _catalog_path() -> Path:
    return settings.data_dir() / "indicators.yaml"


def _raw_catalog(path: Path | None = None) -> dict:
    path = Path(path or _catalog_path())
    stat = path.stat()
    return copy.deepcopy(_parse_catalog(str(path), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=8)
def _parse_catalog(name: str, mtime_ns: int, size: int) -> dict:
    """Parse a catalog file once per version (path, modification time, size)."""
    path = Path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FactValidationError(path, [{"row": None, "column": None, "value": None, "rule": "encoding: the file must be UTF-8"}]) from None
    bad = CONTROL_CHARS.search(text.replace("\t", " "))
    if bad:
        raise FactValidationError(path, [{"row": text.count("\n", 0, bad.start()) + 1, "column": None,
                                          "value": bad.group(), "rule": "a control character (NUL, escape, …)"}])
    try:
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        col = f"column {mark.column + 1}" if mark is not None else None
        what = " ".join(str(x) for x in (getattr(err, "context", None), getattr(err, "problem", None)) if x) or str(err)
        raise FactValidationError(path, [{"row": line, "column": col, "value": None,
                                          "rule": f"YAML syntax: {what} (quote a text holding ':' or '#')"}]) from None
    if not isinstance(raw, dict) or any(not isinstance(raw.get(k) or {}, dict) for k in ("indicators", "areas", "scopes")):
        raise FactValidationError(path, [{"row": 1, "column": None, "value": None,
                                          "rule": "the catalog is a mapping with indicators:, areas: and scopes: "
                                                  "(each a mapping of slug to fields)"}])
    return raw


def _with_catalog_lines(path: Path, problems: list[dict]) -> list[dict]:
    """Give each catalog problem the line where its slug is defined."""
    import re

    lines = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        m = re.match(r"^\s+([A-Za-z0-9_]+):", line)
        if m and len(line) - len(line.lstrip()) <= 2:
            lines.setdefault(m.group(1), n)
    return [dict(p, row=p["row"] or lines.get(str(p.get("slug")))) for p in problems]


def load_catalog(path: str | Path | None = None, *, what: str = "indicators") -> pd.DataFrame:
    """Return the indicator catalog (or its areas or scopes) as a DataFrame.

    Parameters
    ----------
    path : str or Path, optional
        Defaults to ``data/indicators.yaml``.
    what : {"indicators", "areas", "scopes"}

    Returns
    -------
    DataFrame
        Indexed by slug. For indicators: ``name_vi``, ``name_en``, ``unit``, ``area``,
        ``higher_is_better`` (True, False or None), ``formula`` (None unless derived),
        ``description``.

    Raises
    ------
    FactValidationError
        On a YAML syntax error (with its line), an entry that is not a mapping, an
        unknown or missing field, an unknown area, a text too long or with a
        control character.

    Examples
    --------
    >>> cat = load_catalog()
    >>> cat.loc["dossiers_on_time_pct", "formula"]
    '100 * dossiers_on_time / dossiers_resolved'
    >>> load_catalog(what="areas").loc["e_government", "name_en"]
    'E-government and digital government'
    """
    if what not in ("indicators", "areas", "scopes"):
        raise ValueError(f"what={what!r} is not one of 'indicators', 'areas', 'scopes'")
    path = Path(path or _catalog_path())
    raw = _raw_catalog(path)
    entries = raw.get(what) or {}
    problems = []
    for slug, spec in entries.items():
        if not isinstance(spec, dict):
            problems.append({"row": None, "slug": slug, "column": str(slug), "value": _scalar(str(spec)),
                             "rule": f"{what[:-1]} {slug!r} must be a mapping of fields (name_vi: …, name_en: …)"})
            continue
        for field, value in spec.items():
            if isinstance(value, str):
                limit = TEXT_LIMITS.get(field, TEXT_LIMITS["other"])
                if len(value) > limit:
                    problems.append({"row": None, "slug": slug, "column": field, "value": slug, "rule": f"{field} is at most {limit} characters"})
    if what != "indicators" or problems:
        if problems:
            raise FactValidationError(path, _with_catalog_lines(path, problems))
        return pd.DataFrame.from_dict(entries, orient="index").rename_axis("slug")
    required = ["name_vi", "name_en", "unit", "area", "higher_is_better"]
    known = set(required) | {"formula", "description", "phrasings", "default_level", "level", "stock",
                             "stated_with", "not_with"}  # the last six: read by extract
    for slug, spec in entries.items():
        for field in sorted(set(spec) - known, key=str):
            problems.append({"row": None, "slug": slug, "column": field, "value": slug,
                             "rule": f"indicator {slug!r} has unknown field {field!r} (quote names that contain commas)"})
        for field in required:
            if field not in spec:
                problems.append({"row": None, "slug": slug, "column": field, "value": slug, "rule": f"indicator {slug!r} needs {field}"})
        if spec.get("area") not in AREAS:
            problems.append({"row": None, "slug": slug, "column": "area", "value": spec.get("area"), "rule": f"indicator {slug!r}: area is one of {', '.join(AREAS)}"})
        if spec.get("higher_is_better") not in (True, False, None):
            problems.append({"row": None, "slug": slug, "column": "higher_is_better", "value": spec.get("higher_is_better"), "rule": "true, false or null"})
    if problems:
        raise FactValidationError(path, _with_catalog_lines(path, problems))
    df = pd.DataFrame.from_dict(entries, orient="index").rename_axis("slug")
    for col in ("formula", "description"):
        if col not in df:
            df[col] = None
    df = df.astype(object).where(df.notna(), None)
    return df[["name_vi", "name_en", "unit", "area", "higher_is_better", "formula", "description"]]


def load_sources(path: str | Path | None = None, *, districts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the source documents, one row each, validated.

    ``district_code`` is the district the document is about, or ``000`` for a
    document not about one district (a province's report).

    Raises
    ------
    FactValidationError
        On a malformed file, no rows, an unknown district, a year outside
        :data:`YEAR_RANGE`, a text too long or starting like a formula.

    Examples
    --------
    >>> load_sources().set_index("source_id").loc["tra-cu-2022-bc", "doc_type"]
    'report'
    """
    path = Path(path or settings.data_dir() / "sources.csv")
    df, lines = read_table(path, SOURCE_COLUMNS, what="sources")
    df, problems = validate_sources(df, lines=lines, districts=districts)
    if problems:
        raise FactValidationError(path, problems)
    return df


def validate_sources(df: pd.DataFrame, *, lines=None, districts: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[dict]]:
    """Return the sources with typed years, and every problem of them (as :func:`load_sources` checks).

    Examples
    --------
    >>> src = load_sources()
    >>> validate_sources(src)[1]
    []
    >>> [p["rule"][:16] for p in validate_sources(src.head(1).assign(district_code="999"))[1]]
    ['unknown district']
    """
    df = df.reset_index(drop=True).copy()
    lines = np.arange(len(df)) + 2 if lines is None else np.asarray(lines)
    found = _Problems(df, lines)
    found.texts([c for c in SOURCE_COLUMNS if c not in ("period_start", "period_end")])
    for col in ("period_start", "period_end"):
        num, bad, _ = _numbers(df[col], year=True)
        found.each(bad, col, f"{col} is a year written as four digits (2019, not 2019.0)")
        df[col] = num
    if not found.items:
        codes = set((load_districts() if districts is None else districts)["district_code"]) | {NO_DISTRICT}
        found.each(~df["district_code"].isin(codes), "district_code",
                   f"unknown district: a pre-2025 GSO district code, or {NO_DISTRICT} for a document not about one district")
        df = df.astype({"period_start": int, "period_end": int})
        found.each(df["period_end"] < df["period_start"], "period_end", "period_end >= period_start")
        found.items += [dict(p, row=int(lines[p["row"] - 2]) if p["row"] else None) for p in schema_problems(SOURCES_SCHEMA, df)]
    return df, sorted(found.items, key=lambda p: p["row"] or 0)


def with_new_columns(df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with the 2026 columns ``date_start``, ``date_end``, ``qualifier`` (empty when absent).

    Examples
    --------
    >>> with_new_columns(pd.DataFrame({"value": [1.0]}))[["date_start", "qualifier"]].iloc[0].tolist()
    ['', '']
    """
    missing = [c for c in NEW_FACT_COLUMNS if c not in df or df[c].isna().any()]
    if not missing:
        return df
    df = df.copy()
    for col in missing:
        df[col] = df[col].fillna("").astype(str) if col in df else ""
    return df


def validate_facts(df: pd.DataFrame, *, catalog=None, scopes=None, sources=None, districts=None,
                   lines=None) -> list[dict]:
    """Return every problem of a facts table (column rules and cross-file rules).

    Rules: the columns of :data:`FACT_COLUMNS`; ``fact_id`` is unique and reads
    ``<source_id>:<nnn>``; the district code is a known pre-2025 unit; indicator
    and scope are in the catalog; level, kind and qualifier are in their closed
    lists; years are four digits within :data:`YEAR_RANGE`, end ≥ start; dates
    are ISO ``YYYY-MM-DD``, both or neither, start ≤ end, inside the period's
    years; the value is a plain finite number, a share (unit ``pct``) lies in
    0–100, a count is a whole number ≥ 0; the source exists and is about the
    fact's district; quote 8–2000 characters; text limits and no formula start
    (module notes); the same :data:`FACT_KEY` stated twice with different
    values needs a note on each row.

    Parameters
    ----------
    df : DataFrame
        Text columns as ``str``; years and values as text (read from a file)
        or numbers.
    catalog, scopes, sources, districts : optional
        What the facts are checked against; default: the project's own files.
    lines : array of int, optional
        The file line of each row, as returned by
        :func:`cchc_analysis._tables.read_table` (which has refused control
        characters already); default: row position + 2, and text is checked.

    Returns
    -------
    list of dict
        One dict per problem (``row``, ``column``, ``value``, ``rule``); empty when valid.

    Examples
    --------
    >>> facts = load_facts()
    >>> validate_facts(facts)
    []
    >>> bad = facts.head(1).assign(value=-5.0, indicator="dossiers_received")
    >>> [p["rule"] for p in validate_facts(bad)]
    ['a count cannot be negative']
    >>> [p["rule"] for p in validate_facts(facts.head(1).assign(qualifier="roughly"))]
    ['qualifier is empty or one of at_least, more_than, about, less_than, at_most']
    """
    df = with_new_columns(df).reset_index(drop=True)
    found = _Problems(df, np.arange(len(df)) + 2 if lines is None else lines)
    missing = [c for c in FACT_COLUMNS if c not in df]
    if missing:
        return [{"row": 1, "column": c, "value": None, "rule": "missing column"} for c in missing]
    each = found.each
    catalog = load_catalog() if catalog is None else catalog
    scopes = set(load_catalog(what="scopes").index if scopes is None else scopes)
    district_codes = set((load_districts() if districts is None else districts)["district_code"])
    sources = load_sources() if sources is None else sources
    source_district = sources.set_index("source_id")["district_code"].astype(str)
    # plain object arrays: comparisons and lookups skip the NA handling of the ``str`` dtype
    text = {c: df[c].astype(str).astype(object) for c in ("fact_id", "district_code", "indicator", "scope", "level",
                                          "date_start", "date_end", "qualifier", "kind", "source_id", "quote", "note")}
    found.texts(["quote", "note"], control=lines is None)
    each(_bad_fact_ids(text["fact_id"]), "fact_id", "fact_id is '<source_id>:<nnn>'")
    each(text["fact_id"].duplicated(keep=False), "fact_id", "fact_id is unique: another row has the same")
    each(~text["district_code"].isin(district_codes), "district_code",
         "unknown district: not one of the 696 pre-2025 GSO district codes (see cchc_analysis.registry.load_districts())")
    units = catalog["unit"]
    unit = text["indicator"].map(units)
    each(unit.isna(), "indicator", lambda i: "unknown indicator" + _did_you_mean(text["indicator"].iat[i], units.index)
         + "; or define it in data/indicators.yaml")
    each((text["scope"] != "") & ~text["scope"].isin(scopes), "scope",
         lambda i: "unknown scope" + _did_you_mean(text["scope"].iat[i], scopes) + "; or define it under scopes: in data/indicators.yaml")
    each(~text["level"].isin(LEVELS), "level", f"level is one of {', '.join(LEVELS)}")
    each(~text["kind"].isin(KINDS), "kind", f"kind is one of {', '.join(KINDS)}")
    each((text["qualifier"] != "") & ~text["qualifier"].isin(QUALIFIERS), "qualifier",
         f"qualifier is empty or one of {', '.join(QUALIFIERS)}")
    years = {}
    for col in ("period_start", "period_end"):
        num, bad, _ = _numbers(df[col], year=True)
        each(bad, col, f"{col} is a year written as four digits (2019, not 2019.0)")
        each(~bad & ~num.between(*YEAR_RANGE), col, f"a year between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}")
        years[col] = num
    each(years["period_end"] < years["period_start"], "period_end",
         lambda i: f"period_end >= period_start ({int(years['period_start'].iat[i])})")
    value, bad, ambiguous = _numbers(df["value"], year=False)
    each(bad, "value", lambda i: "value is a plain number ('.' for decimals, no thousands separator)"
         + (_suggest(str(df["value"].iat[i])) if ambiguous.iat[i] else ""))
    each(~bad & ~(value.abs() < 1e12), "value", "a finite number")
    each((unit == "pct") & ~bad & ~value.between(0, 100), "value", "a percentage lies between 0 and 100")
    counts = unit.isin(COUNT_UNITS) & ~bad
    each(counts & (value < 0), "value", "a count cannot be negative")
    each(counts & (value >= 0) & (value != value.round()), "value",
         lambda i: f"a count ({unit.iat[i]}) is a whole number")
    each(~text["source_id"].isin(source_district.index), "source_id", "unknown source: add it to data/sources.csv")
    src_district = text["source_id"].map(source_district)
    each(src_district.notna() & (src_district != NO_DISTRICT) & (src_district != text["district_code"]), "district_code",
         lambda i: f"the source {text['source_id'].iat[i]!r} is about district {src_district.iat[i]}, not this one")
    each(_lengths(text["quote"]) < 8, "quote", "a verbatim quote (not empty)")
    _check_dates(found, text, years)
    dated = df.assign(value=value)
    # only repeated keys can conflict; object columns hash faster than the ``str`` dtype
    repeated = dated[dated[FACT_KEY].astype(object).duplicated(keep=False)]
    conflicts = {}
    for _, group in repeated.groupby(FACT_KEY, dropna=False, sort=False):
        if group["value"].nunique() > 1:
            rule = ("duplicate fact with a different value "
                    f"({', '.join(str(v) for v in group['value'])}) needs a note saying why")
            conflicts.update(dict.fromkeys(group.index[group["note"].astype(str).str.strip() == ""], rule))
    if conflicts:
        each(pd.Series(df.index.isin(list(conflicts))), "note", lambda i: conflicts[i])
    return sorted(found.items, key=lambda p: (p["row"] or 0))


_FACT_ID = re.compile(r"[a-z0-9-]+:\d{3}")
_FACT_IDS = re.compile(r"(?:[a-z0-9-]+:\d{3}\n)*[a-z0-9-]+:\d{3}")


def _bad_fact_ids(ids: pd.Series) -> np.ndarray:
    """Return which ``fact_id`` are not ``<source_id>:<nnn>``: one match over all of them, row by row only on failure."""
    values = ids.to_numpy(dtype=object)
    joined = "\n".join(values)
    # the joined text matches, and no id holds a line break of its own (which would make two ids of one)
    if len(values) and joined.count("\n") == len(values) - 1 and _FACT_IDS.fullmatch(joined):
        return np.zeros(len(values), dtype=bool)
    return np.array([_FACT_ID.fullmatch(v) is None for v in values], dtype=bool)


def load_facts(path: str | Path | None = None, *, catalog: pd.DataFrame | None = None,
               sources: pd.DataFrame | None = None, districts: pd.DataFrame | None = None,
               check_quotes: bool | str = "auto", allow_empty: bool = False) -> pd.DataFrame:
    """Return the curated facts, one row per figure stated in a source, validated.

    Parameters
    ----------
    path : str or Path, optional
        Defaults to ``data/facts.csv``.  A file written before 2026 may lack
        ``date_start``, ``date_end`` and ``qualifier``: they read as empty.
    catalog, sources, districts : DataFrame, optional
        What the facts are checked against; default: the project's own files.
    check_quotes : {"auto", True, False}
        Check that each quote is verbatim in its source text and that the value
        is one of its numbers (:func:`cchc_analysis.sources.quote_problems`).
        ``"auto"`` (default) checks every fact whose source text is found under
        ``CCHC_SEEDS_DIR`` and skips the others; ``True`` also refuses a fact
        whose text is missing; ``False`` skips the check (fast, for benchmarks).
        Exceptions come from ``checks.yaml`` beside the file.
    allow_empty : bool
        Accept a file with a header and no facts (default: refuse it).

    Returns
    -------
    DataFrame
        Columns as in ``FACT_COLUMNS``; ``period_start``/``period_end`` int,
        ``value`` float, text columns str (``""`` when empty).

    Raises
    ------
    FactValidationError
        Listing every problem in the file with its line and column (see
        :func:`validate_facts` and :func:`cchc_analysis._tables.read_table`).

    Examples
    --------
    >>> f = load_facts()
    >>> f.loc[f["fact_id"] == "tra-cu-2022-bc:001", "district_code"].item()
    '849'
    >>> f.loc[f["fact_id"] == "gia-loc-2021-da:039", ["date_start", "date_end"]].iloc[0].tolist()
    ['2020-11-30', '2020-11-30']
    """
    path = Path(path or settings.data_dir() / "facts.csv")
    df, lines = read_table(path, FACT_COLUMNS, optional=NEW_FACT_COLUMNS, what="facts", required=not allow_empty)
    sources = load_sources() if sources is None else sources
    problems = validate_facts(df, catalog=catalog, sources=sources, districts=districts, lines=lines)
    if problems:
        raise FactValidationError(path, problems)
    df = df.astype({"period_start": int, "period_end": int, "value": float})
    if check_quotes not in ("auto", True, False):
        raise ValueError(f"check_quotes={check_quotes!r} is not one of 'auto', True, False")
    if check_quotes is not False:
        from .sources import quote_problems

        problems = quote_problems(df, sources, lines=lines, missing_text=check_quotes is True,
                                  exceptions=_value_exceptions(path.parent / "checks.yaml"))
        if problems:
            raise FactValidationError(path, problems)
    return df


def _value_exceptions(path: Path) -> dict:
    """Return ``value_not_in_quote`` of a ``checks.yaml`` (fact_id → reason), or {} without one."""
    if not path.is_file():
        return {}
    return dict((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("value_not_in_quote") or {})
