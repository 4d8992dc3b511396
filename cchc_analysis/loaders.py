"""Load the curated data: facts, sources, the indicator catalog and districts.

Every loader validates its file against a schema (pandera) and against the
other files (every fact's district, indicator, scope and source must exist).
A bad file is rejected whole: one :class:`~cchc_analysis.errors.FactValidationError`
lists every failure with file, line, column, value and the rule broken.

Examples
--------
>>> facts = load_facts()
>>> sorted(facts["district_code"].unique())
['297', '396', '397', '477', '849']
>>> load_catalog().loc["dossiers_on_time_pct", "unit"]
'pct'
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import yaml

from . import settings
from .errors import FactValidationError
from .registry import load_districts

__all__ = [
    "FACT_COLUMNS",
    "SOURCE_COLUMNS",
    "load_facts",
    "load_sources",
    "load_catalog",
    "load_districts",
    "validate_facts",
]

FACT_COLUMNS = [
    "fact_id", "district_code", "indicator", "scope", "level", "period_start",
    "period_end", "value", "kind", "source_id", "quote", "note",
]
SOURCE_COLUMNS = [
    "source_id", "district_code", "issuer", "number", "date", "doc_type", "title",
    "period_start", "period_end", "seed_file", "sha256", "note",
]
LEVELS = ["district", "commune", "district_and_commune"]
KINDS = ["actual", "target", "baseline"]
DOC_TYPES = ["report", "plan", "project"]
AREAS = [
    "institutions", "administrative_procedures", "apparatus", "civil_service",
    "public_finance", "e_government", "outcomes", "context",
]
#: Units whose values are counts of things or people: never negative, whole numbers.
COUNT_UNITS = {"count", "persons", "dossiers", "documents"}

_YEAR = pa.Check.in_range(1990, 2040, error="year between 1990 and 2040")

FACTS_SCHEMA = pa.DataFrameSchema(
    {
        "fact_id": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9-]+:\d{3}$", error="fact_id is '<source_id>:<nnn>'"), unique=True),
        "district_code": pa.Column(str, pa.Check.str_matches(r"^\d{3}$", error="three-digit GSO district code")),
        "indicator": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$", error="snake_case slug")),
        "scope": pa.Column(str),
        "level": pa.Column(str, pa.Check.isin(LEVELS, error=f"level is one of {', '.join(LEVELS)}")),
        "period_start": pa.Column(int, _YEAR),
        "period_end": pa.Column(int, _YEAR),
        "value": pa.Column(float, pa.Check(lambda s: s.notna() & (s.abs() < 1e12), element_wise=False, error="a finite number")),
        "kind": pa.Column(str, pa.Check.isin(KINDS, error=f"kind is one of {', '.join(KINDS)}")),
        "source_id": pa.Column(str),
        "quote": pa.Column(str, pa.Check.str_length(min_value=8, error="a verbatim quote (not empty)")),
        "note": pa.Column(str),
    },
    strict=True,
    ordered=True,
)

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


def _read_csv(path: Path, columns: list[str], numeric: dict[str, type]) -> tuple[pd.DataFrame, list[dict]]:
    """Read a CSV as text, then convert numeric columns; collect problems, never guess."""
    problems: list[dict] = []
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise FactValidationError(path, [{
            "row": line, "column": None, "value": raw[err.start:err.start + 8],
            "rule": "encoding: the file must be UTF-8 (save it as UTF-8, not Windows-1258/cp1252)",
        }]) from None
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise FactValidationError(path, [{"row": 1, "column": None, "value": None, "rule": "empty file: a header line is required"}]) from None
    missing = [c for c in columns if c not in header]
    extra = [c for c in header if c not in columns]
    if missing or extra:
        problems += [{"row": 1, "column": c, "value": None, "rule": "missing column (expected header: " + ",".join(columns) + ")"} for c in missing]
        problems += [{"row": 1, "column": c, "value": None, "rule": "unknown column"} for c in extra]
        raise FactValidationError(path, problems)
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    df = df[columns].astype(object)
    for col, typ in numeric.items():
        converted = pd.to_numeric(df[col], errors="coerce")
        # '155.400' would silently become 155.4: a dot before exactly three digits is ambiguous.
        ambiguous = df[col].str.fullmatch(r"-?\d{1,3}(\.\d{3})+")
        for i in df.index[converted.isna() | ambiguous]:
            problems.append({"row": i + 2, "column": col, "value": df.at[i, col],
                             "rule": f"{col} is a plain number ('.' for decimals, no thousands separator)"
                             + _suggest(df.at[i, col])})
        converted[ambiguous] = float("nan")
        if typ is int:
            bad = converted.notna() & (converted != converted.round())
            for i in df.index[bad]:
                problems.append({"row": i + 2, "column": col, "value": df.at[i, col], "rule": f"{col} is a whole year"})
        df[col] = converted
    return df, problems


def _suggest(text: str) -> str:
    """Say how a Vietnamese-style numeral should be written in a data file."""
    from .numbers import parse_number

    try:
        return f"; written the Vietnamese way this reads {parse_number(text)!r}: write that"
    except ValueError:
        return ""


def _did_you_mean(value: str, choices) -> str:
    from rapidfuzz import process

    close = [c for c, score, _ in process.extract(value, list(choices), limit=3) if score >= 60]
    return f" (did you mean {', '.join(close)}?)" if close else ""


def _scalar(v):
    return v.item() if hasattr(v, "item") else v


def schema_problems(schema: pa.DataFrameSchema, df: pd.DataFrame) -> list[dict]:
    """Return every failure of ``df`` against ``schema`` as problem dicts (row = line in the file)."""
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
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except UnicodeDecodeError:
        raise FactValidationError(path, [{"row": None, "column": None, "value": None, "rule": "encoding: the file must be UTF-8"}]) from None


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
    if what != "indicators":
        return pd.DataFrame.from_dict(entries, orient="index").rename_axis("slug")
    problems = []
    required = ["name_vi", "name_en", "unit", "area", "higher_is_better"]
    known = set(required) | {"formula", "description", "phrasings", "default_level", "level", "stock"}  # last four: read by extract
    for slug, spec in entries.items():
        for field in sorted(set(spec or {}) - known):
            problems.append({"row": None, "column": field, "value": slug,
                             "rule": f"indicator {slug!r} has unknown field {field!r} (quote names that contain commas)"})
        for field in required:
            if field not in (spec or {}):
                problems.append({"row": None, "column": field, "value": slug, "rule": f"indicator {slug!r} needs {field}"})
        if spec and spec.get("area") not in AREAS:
            problems.append({"row": None, "column": "area", "value": spec.get("area"), "rule": f"indicator {slug!r}: area is one of {', '.join(AREAS)}"})
        if spec and spec.get("higher_is_better") not in (True, False, None):
            problems.append({"row": None, "column": "higher_is_better", "value": spec.get("higher_is_better"), "rule": "true, false or null"})
    if problems:
        raise FactValidationError(path, problems)
    df = pd.DataFrame.from_dict(entries, orient="index").rename_axis("slug")
    for col in ("formula", "description"):
        if col not in df:
            df[col] = None
    df = df.astype(object).where(df.notna(), None)
    return df[["name_vi", "name_en", "unit", "area", "higher_is_better", "formula", "description"]]


def load_sources(path: str | Path | None = None) -> pd.DataFrame:
    """Return the source documents, one row each, validated.

    Examples
    --------
    >>> load_sources().set_index("source_id").loc["tra-cu-2022-bc", "doc_type"]
    'report'
    """
    path = Path(path or settings.data_dir() / "sources.csv")
    df, problems = _read_csv(path, SOURCE_COLUMNS, {"period_start": int, "period_end": int})
    if problems:
        raise FactValidationError(path, problems)
    df = df.astype({"period_start": int, "period_end": int})
    problems = schema_problems(SOURCES_SCHEMA, df)
    if problems:
        raise FactValidationError(path, problems)
    return df


def validate_facts(df: pd.DataFrame, *, catalog=None, scopes=None, sources=None, districts=None) -> list[dict]:
    """Return every problem of a facts table (schema and cross-file rules).

    Rules beyond the column schema: the district code is a known pre-2025
    unit; indicator and scope are in the catalog; the source exists; shares
    (unit ``pct``) lie in 0–100; counts are not negative; the same key
    (district, indicator, scope, level, period, kind) stated twice with
    different values needs a note on each row.

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
    """
    problems = schema_problems(FACTS_SCHEMA, df)
    catalog = load_catalog() if catalog is None else catalog
    scopes = set(load_catalog(what="scopes").index if scopes is None else scopes)
    district_codes = set((load_districts() if districts is None else districts)["district_code"])
    source_ids = set((load_sources() if sources is None else sources)["source_id"])

    def add(i, col, rule):
        problems.append({"row": i + 2, "column": col, "value": _scalar(df.at[i, col]), "rule": rule})

    units = catalog["unit"]
    unit = df["indicator"].map(units)

    def each(mask, col, rule):
        for i in df.index[mask.fillna(False).astype(bool)]:
            add(i, col, rule(i) if callable(rule) else rule)

    each(~df["district_code"].isin(district_codes), "district_code",
         "unknown district: not one of the 696 pre-2025 GSO district codes (see cchc_analysis.registry.load_districts())")
    each(unit.isna(), "indicator",
         lambda i: "unknown indicator" + _did_you_mean(df.at[i, "indicator"], units.index)
         + "; or define it in data/indicators.yaml")
    each((df["scope"] != "") & ~df["scope"].isin(scopes), "scope",
         lambda i: "unknown scope" + _did_you_mean(df.at[i, "scope"], scopes)
         + "; or define it under scopes: in data/indicators.yaml")
    each(~df["source_id"].isin(source_ids), "source_id", "unknown source: add it to data/sources.csv")
    each(df["period_end"] < df["period_start"], "period_end",
         lambda i: f"period_end >= period_start ({df.at[i, 'period_start']})")
    each((unit == "pct") & ~df["value"].between(0, 100), "value", "a percentage lies between 0 and 100")
    each(unit.isin(COUNT_UNITS) & (df["value"] < 0), "value", "a count cannot be negative")
    key = ["district_code", "indicator", "scope", "level", "period_start", "period_end", "kind"]
    if all(c in df for c in key):
        repeated = df[df.duplicated(key, keep=False)]  # only repeated keys can conflict
        for _, group in repeated.groupby(key, dropna=False):
            if group["value"].nunique() > 1:
                for i in group.index[group["note"].str.strip() == ""]:
                    add(i, "note", "duplicate fact with a different value "
                        f"({', '.join(str(v) for v in group['value'])}) needs a note saying why")
    problems.sort(key=lambda p: (p["row"] or 0))
    return problems


def load_facts(path: str | Path | None = None, *, catalog: pd.DataFrame | None = None,
               sources: pd.DataFrame | None = None, districts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the curated facts, one row per figure stated in a source, validated.

    Parameters
    ----------
    path : str or Path, optional
        Defaults to ``data/facts.csv``.
    catalog, sources, districts : DataFrame, optional
        What the facts are checked against; default: the project's own files.

    Returns
    -------
    DataFrame
        Columns as in ``FACT_COLUMNS``; ``period_start``/``period_end`` int,
        ``value`` float, text columns str (``""`` when empty).

    Raises
    ------
    FactValidationError
        Listing every problem in the file: unknown district, indicator or source,
        a share above 100, a negative count, a period ending before it starts, a
        conflicting duplicate without a note, a missing quote, a missing column,
        or a file that is not UTF-8.

    Examples
    --------
    >>> f = load_facts()
    >>> f.loc[f["fact_id"] == "tra-cu-2022-bc:001", "district_code"].item()
    '849'
    """
    path = Path(path or settings.data_dir() / "facts.csv")
    df, problems = _read_csv(path, FACT_COLUMNS, {"period_start": int, "period_end": int, "value": float})
    if problems:
        raise FactValidationError(path, problems)
    df = df.astype({"period_start": int, "period_end": int, "value": float})
    for col in ("fact_id", "district_code", "indicator", "scope", "level", "kind", "source_id", "quote", "note"):
        df[col] = df[col].astype(str)
    problems = validate_facts(df, catalog=catalog, sources=sources, districts=districts)
    if problems:
        raise FactValidationError(path, problems)
    return df
