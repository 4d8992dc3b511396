"""Provincial context: PAPI scores of all 63 provinces and other published provincial indices.

A district's reform happens inside its province. This module reads the published provincial
figures kept in ``data/reference/`` (built by ``tools/build_reference.py``; origin, licences and
caveats in ``data/reference/PROVENANCE.md``) and places a province against the others:

- :func:`load_papi` — PAPI 2011–2024 (CECODES, VFF-CRT, RTA, UNDP), long: one score per
  province × year × dimension (``D1``–``D8``, ``total``, ``total_6dim``); gaps stay NaN.
- :func:`load_province_indices` — PAR INDEX and SIPAS (MoHA), PCI (VCCI) and PAPI values for the
  provinces of the project's districts, one published figure a row with its source.
- :func:`papi_national_median`, :func:`papi_trend` — a province's scores beside the national
  median and its rank among the provinces with a score, year by year.
- :func:`compare_totals` — totals of several years, refused across the 2018 break.

**The 2018 break.** PAPI totals summed six dimensions until 2017 (scale 6–60) and eight from 2018
(D7 environmental governance, D8 e-governance; scale 8–80). Never compare totals across the
break; compare dimensions, or the six-dimension sum ``total_6dim`` with its caveats.

Examples
--------
>>> papi = load_papi()
>>> papi.groupby("year")["province"].nunique().unique().tolist()
[63]
>>> t = papi_trend(papi, "Thanh Hóa", dimensions=["total"])
>>> t.loc[t["year"] == 2011, ["value", "rank", "n_ranked"]].round(2).values.tolist()
[[37.23, 13.0, 63.0]]
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from . import settings
from .errors import FactValidationError, IncomparableError, ParameterError
from .loaders import schema_problems
from .registry import fold, load_districts, resolve_district

__all__ = [
    "BREAK_YEAR",
    "DIMENSIONS",
    "load_papi",
    "load_papi_dimensions",
    "load_province_indices",
    "papi_national_median",
    "papi_trend",
    "compare_totals",
    "province_of",
]

#: First PAPI edition with eight dimensions (D7, D8) and totals on the 8–80 scale.
BREAK_YEAR = 2018
#: The values of ``dimension`` in :func:`load_papi`, in display order.
#: The eight PAPI dimensions, declared once (names in data/reference/papi_dimensions.csv).
PAPI_DIMENSIONS = ("D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8")
DIMENSIONS = [*PAPI_DIMENSIONS, "total", "total_6dim"]
PAPI_COLUMNS = ["province", "province_code", "region", "year", "dimension", "value"]
INDEX_COLUMNS = ["index", "province", "year", "value", "rank", "scale", "source", "note"]
INDICES = [
    "papi", "papi_d1_participation", "papi_d2_transparency", "papi_d3_vertical_accountability",
    "papi_d4_control_of_corruption", "papi_d5_public_admin_procedures",
    "papi_d6_public_service_delivery", "papi_d7_environmental_governance", "papi_d8_e_governance",
    "par_index", "par_index_field", "par_index_district", "sipas", "pci",
]

PAPI_SCHEMA = pa.DataFrameSchema(
    {
        "province": pa.Column(str, pa.Check.str_length(min_value=2, error="a province name")),
        "province_code": pa.Column(str, pa.Check.str_matches(r"^\d{2}$", error="two-digit GSO province code")),
        "region": pa.Column(str),
        "year": pa.Column(int, pa.Check.in_range(2011, 2040, error="a PAPI year, 2011 or later")),
        "dimension": pa.Column(str, pa.Check.isin(DIMENSIONS, error=f"dimension is one of {', '.join(DIMENSIONS)}")),
        "value": pa.Column(float, nullable=True),
    },
    checks=[
        pa.Check(lambda d: ~d.duplicated(["province", "year", "dimension"]), error="one value per province, year and dimension"),
        pa.Check(lambda d: ~(d["dimension"].isin(["D7", "D8"]) & (d["year"] < BREAK_YEAR)), error="D7 and D8 exist from 2018"),
        pa.Check(lambda d: _in_scale(d), error="score within its scale: D1–D8 1–10; total 6–60 before 2018, 8–80 from 2018; total_6dim 6–60"),
    ],
    strict=True,
    ordered=True,
)


def _in_scale(d: pd.DataFrame) -> pd.Series:
    lo, hi = _scale_bounds(d["dimension"], d["year"])
    return d["value"].isna() | ((d["value"] >= lo) & (d["value"] <= hi))


def _scale_bounds(dimension: pd.Series, year: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    is_dim = dimension.str.fullmatch(r"D\d").to_numpy()
    eight = ((dimension == "total") & (year >= BREAK_YEAR)).to_numpy()
    lo = np.where(is_dim, 1.0, np.where(eight, 8.0, 6.0))
    return lo, lo * 10


def _scale_label(dimension: str, year: int) -> str:
    if dimension == "total":
        return "sum of 8 dimensions (8–80)" if year >= BREAK_YEAR else "sum of 6 dimensions (6–60)"
    if dimension == "total_6dim":
        return "sum of D1–D6 (6–60)"
    return "1–10"


def _reference(name: str) -> Path:
    return settings.data_dir() / "reference" / name


def load_papi(path: str | Path | None = None) -> pd.DataFrame:
    """Load PAPI scores of the 63 provinces, 2011–2024, validated.

    Parameters
    ----------
    path : str or Path, optional
        Defaults to ``data/reference/papi.csv``.

    Returns
    -------
    DataFrame
        One row per province × year × dimension: ``province`` (name before the 2025 merger),
        ``province_code`` (two-digit GSO code, str), ``region``, ``year`` (int), ``dimension``
        (``D1``–``D6``; ``D7``, ``D8`` from 2018; ``total``; ``total_6dim``) and ``value``
        (float, NaN where PAPI has no score). Totals are unweighted sums: 6 dimensions before
        2018, 8 from 2018 — see :data:`BREAK_YEAR`. Values carry float32 precision.

    Raises
    ------
    FactValidationError
        When the file breaks the schema: a dimension unknown or before its time, a score outside
        its scale, a province code that is not two digits, a duplicate row.

    Examples
    --------
    >>> papi = load_papi()
    >>> papi["province"].nunique(), papi["year"].agg(["min", "max"]).tolist()
    (63, [2011, 2024])
    >>> sorted(papi.loc[papi["year"] == 2018, "dimension"].unique()) == sorted(DIMENSIONS)
    True
    """
    path = Path(path or _reference("papi.csv"))
    try:
        df = pd.read_csv(path, dtype={"province_code": str, "province": str, "region": str, "dimension": str},
                         keep_default_na=False, na_values={"value": [""]}, encoding="utf-8")
    except UnicodeDecodeError:
        raise FactValidationError(path, [{"row": None, "column": None, "value": None, "rule": "encoding: UTF-8"}]) from None
    if list(df.columns) != PAPI_COLUMNS:
        raise FactValidationError(path, [{"row": 1, "column": None, "value": ",".join(df.columns),
                                          "rule": "header: " + ",".join(PAPI_COLUMNS)}])
    df["value"] = pd.to_numeric(df["value"], errors="coerce").astype(float)
    problems = schema_problems(PAPI_SCHEMA, df)
    if problems:
        raise FactValidationError(path, problems)
    return df.astype({"year": int})


def load_papi_dimensions(path: str | Path | None = None) -> pd.DataFrame:
    """Load the names of the eight PAPI dimensions.

    Returns
    -------
    DataFrame
        Indexed by ``code`` (``D1``–``D8``): ``name_vi``, ``name_en``, ``short_vi`` and
        ``from_year`` (2011, or 2018 for D7 and D8).

    Examples
    --------
    >>> load_papi_dimensions().loc["D8"].to_dict()
    {'name_vi': 'Quản trị điện tử', 'name_en': 'E-Governance', 'short_vi': 'QT điện tử', 'from_year': 2018}
    """
    path = Path(path or _reference("papi_dimensions.csv"))
    return pd.read_csv(path, dtype={"code": str}, encoding="utf-8").set_index("code")


def load_province_indices(path: str | Path | None = None) -> pd.DataFrame:
    """Load published provincial index values (PAR INDEX, SIPAS, PCI, PAPI) with their sources.

    Parameters
    ----------
    path : str or Path, optional
        Defaults to ``data/reference/province_indices.csv``.

    Returns
    -------
    DataFrame
        One published figure per row: ``index`` (``par_index``, ``par_index_field``,
        ``par_index_district``, ``sipas``, ``pci``, ``papi``, ``papi_d1_…``), ``province``
        (a province, ``"<province> / <district>"`` for a province's ranking of its districts,
        or a benchmark starting with ``_`` such as ``_national_mean_63_provinces``), ``year``
        (int), ``value`` (float, NaN when only a rank was published), ``rank`` (Int64, NA when
        none), ``scale``, ``source`` (URL or repository path), ``note``, and ``province_code``
        (two-digit GSO code; ``""`` for benchmarks).

    Raises
    ------
    FactValidationError
        On an unknown index, a row with neither value nor rank, or a rank below 1.

    Examples
    --------
    >>> ix = load_province_indices()
    >>> ix.query("index == 'par_index' and province == 'Trà Vinh' and year == 2022")[["value", "rank"]].values.tolist()
    [[83.0, 50]]
    """
    path = Path(path or _reference("province_indices.csv"))
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    problems = []
    if list(df.columns) != INDEX_COLUMNS:
        raise FactValidationError(path, [{"row": 1, "column": None, "value": ",".join(df.columns),
                                          "rule": "header: " + ",".join(INDEX_COLUMNS)}])
    out = df.copy()
    for col in ("year", "value", "rank"):
        out[col] = pd.to_numeric(df[col].replace("", None), errors="coerce")
        for i in df.index[out[col].isna() & (df[col] != "")]:
            problems.append({"row": i + 2, "column": col, "value": df.at[i, col], "rule": "a plain number"})
    for i in df.index[~df["index"].isin(INDICES)]:
        problems.append({"row": i + 2, "column": "index", "value": df.at[i, "index"], "rule": f"index is one of {', '.join(INDICES)}"})
    for i in df.index[out["value"].isna() & out["rank"].isna()]:
        problems.append({"row": i + 2, "column": "value", "value": None, "rule": "a value or a rank"})
    for i in df.index[out["rank"].notna() & ((out["rank"] < 1) | (out["rank"] % 1 != 0))]:
        problems.append({"row": i + 2, "column": "rank", "value": df.at[i, "rank"], "rule": "a rank is a whole number from 1"})
    for i in df.index[out["year"].isna()]:
        problems.append({"row": i + 2, "column": "year", "value": df.at[i, "year"], "rule": "a year is required"})
    if problems:
        raise FactValidationError(path, problems)
    codes = {fold(p): c for p, c in _province_codes().items()}
    out["province_code"] = [
        "" if p.startswith("_") else codes.get(fold(p.split(" / ")[0]), "") for p in out["province"]
    ]
    return out.astype({"year": int, "value": float, "rank": "Int64"})


def _province_codes() -> dict[str, str]:
    d = load_districts()[["province", "province_code"]].drop_duplicates()
    return dict(zip(d["province"], d["province_code"]))


def province_of(district: str | int) -> str:
    """Return the province (as named in 2016–2024) a pre-2025 district belonged to.

    Parameters
    ----------
    district : str or int
        Anything :func:`cchc_analysis.registry.resolve_district` accepts.

    Examples
    --------
    >>> province_of("Gia Lộc")
    'Hải Dương'
    >>> papi_trend(load_papi(), province_of(477), dimensions=["D5"])["province"].iloc[0]
    'Thừa Thiên Huế'
    """
    return resolve_district(district).province


def _check_papi(papi: pd.DataFrame) -> None:
    missing = [c for c in PAPI_COLUMNS if c not in papi.columns]
    if missing:
        raise ParameterError("papi", f"a frame without {', '.join(missing)}", "is the output of load_papi()", PAPI_COLUMNS)


def _resolve_province(papi: pd.DataFrame, province: str | int) -> tuple[str, str]:
    """Return (name, code) of a province named or coded in ``papi``."""
    pairs = papi[["province", "province_code"]].drop_duplicates()
    text = str(province).strip()
    for name, code in zip(pairs["province"], pairs["province_code"]):
        if text.zfill(2) == code or fold(text).replace("-", " ") == fold(name).replace("-", " "):
            return name, code
    from rapidfuzz import process

    close = process.extract(fold(text), {n: fold(n) for n in pairs["province"]}, limit=5)
    label = dict(zip(pairs["province"], pairs["province_code"]))
    raise ParameterError("province", province, f"is not one of the {len(pairs)} provinces in the PAPI data (name or two-digit GSO code)",
                         [f"{key} ({label[key]})" for _m, _s, key in close])


def _check_dimensions(dimensions: str | Iterable[str]) -> list[str]:
    dims = DIMENSIONS if dimensions == "all" else [dimensions] if isinstance(dimensions, str) else list(dimensions)
    bad = [d for d in dims if d not in DIMENSIONS]
    if bad or not dims:
        raise ParameterError("dimensions", bad or dims, "each dimension is a PAPI dimension code", DIMENSIONS + ["all"])
    return dims


def papi_national_median(papi: pd.DataFrame) -> pd.DataFrame:
    """Compute the national median of each PAPI dimension and total, year by year.

    Provinces without a score that year are left out of the median and counted.

    Parameters
    ----------
    papi : DataFrame
        As returned by :func:`load_papi`.

    Returns
    -------
    DataFrame
        ``year``, ``dimension``, ``median``, ``n_provinces`` (scores the median is taken over)
        and ``n_missing`` (provinces without a score), sorted by year and dimension.

    Examples
    --------
    >>> papi = pd.DataFrame({
    ...     "province": ["A", "B", "C"], "province_code": ["01", "02", "04"], "region": "",
    ...     "year": 2016, "dimension": "D1", "value": [5.0, 6.0, float("nan")]})
    >>> papi_national_median(papi).values.tolist()
    [[2016, 'D1', 5.5, 2, 1]]
    """
    _check_papi(papi)
    g = papi.groupby(["year", "dimension"], sort=False)["value"]
    out = pd.DataFrame({"median": g.median(), "n_provinces": g.count(), "n_missing": g.size() - g.count()}).reset_index()
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    out = out.sort_values(["year", "dimension"], key=lambda s: s.map(order) if s.name == "dimension" else s)
    return out.astype({"n_provinces": int, "n_missing": int}).reset_index(drop=True)


def _ranked(papi: pd.DataFrame) -> pd.DataFrame:
    """Add rank (1 = highest, ties share the best rank) and n_ranked within year × dimension."""
    out = papi.copy()
    grp = out.groupby(["year", "dimension"])["value"]
    out["rank"] = grp.rank(ascending=False, method="min")
    out["n_ranked"] = grp.transform("count")
    return out


def papi_trend(papi: pd.DataFrame, province: str | int, *, dimensions: str | Iterable[str] = ("total",),
               start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """Place a province's PAPI scores beside the national median and its rank, year by year.

    Parameters
    ----------
    papi : DataFrame
        As returned by :func:`load_papi`.
    province : str or int
        Name (accents and case forgiven: ``"thanh hoa"``) or two-digit GSO code (``38``).
    dimensions : str or list of str, default ("total",)
        Codes from :data:`DIMENSIONS`, or ``"all"``.
    start_year, end_year : int, optional
        Keep only these years (inclusive).

    Returns
    -------
    DataFrame
        One row per year × dimension: ``province``, ``province_code``, ``year``, ``dimension``,
        ``value`` (NaN where the province has no score), ``national_median``, ``rank`` among the
        provinces with a score that year (1 = highest, ties share the best rank; NaN when the
        province has no score), ``n_ranked`` (how many provinces were ranked) and ``scale``
        (``"sum of 6 dimensions (6–60)"`` for totals before 2018, ``"sum of 8 dimensions
        (8–80)"`` from 2018). Ranks are computed here, not published by PAPI. A total's rank is
        comparable across years; its value is not across 2018 (see :func:`compare_totals`).

    Raises
    ------
    ParameterError
        For an unknown province (with the closest names) or dimension.

    Examples
    --------
    >>> papi = pd.DataFrame({
    ...     "province": ["A", "B", "C", "A", "B", "C"],
    ...     "province_code": ["01", "02", "04"] * 2, "region": "",
    ...     "year": [2016] * 3 + [2017] * 3, "dimension": "D1",
    ...     "value": [5.0, 6.0, 7.0, 6.5, float("nan"), 6.0]})   # B has no 2017 score
    >>> papi_trend(papi, "A", dimensions="D1")[["year", "value", "national_median", "rank", "n_ranked"]]
       year  value  national_median  rank  n_ranked
    0  2016    5.0             6.00   3.0         3
    1  2017    6.5             6.25   1.0         2
    """
    _check_papi(papi)
    name, _code = _resolve_province(papi, province)
    dims = _check_dimensions(dimensions)
    sub = papi[papi["dimension"].isin(dims)]
    if start_year is not None:
        sub = sub[sub["year"] >= start_year]
    if end_year is not None:
        sub = sub[sub["year"] <= end_year]
    ranked = _ranked(sub)
    med = papi_national_median(sub).rename(columns={"median": "national_median"})[["year", "dimension", "national_median"]]
    out = ranked[ranked["province"] == name].merge(med, on=["year", "dimension"], how="left")
    out.loc[out["value"].isna(), "rank"] = np.nan
    out["scale"] = [_scale_label(d, y) for d, y in zip(out["dimension"], out["year"])]
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    out = out.sort_values(["dimension", "year"], key=lambda s: s.map(order) if s.name == "dimension" else s)
    cols = ["province", "province_code", "year", "dimension", "value", "national_median", "rank", "n_ranked", "scale"]
    return out[cols].astype({"n_ranked": int}).reset_index(drop=True)


def compare_totals(papi: pd.DataFrame, provinces: str | int | Iterable[str | int], *, years: Iterable[int],
                   total: str = "total") -> pd.DataFrame:
    """Compare PAPI totals of provinces over years, refusing to cross the 2018 break.

    Parameters
    ----------
    papi : DataFrame
        As returned by :func:`load_papi`.
    provinces : str, int or list
        One or several provinces (names or two-digit GSO codes).
    years : list of int
        The years to compare; all before 2018 or all from 2018 when ``total="total"``.
    total : {"total", "total_6dim"}, default "total"
        ``"total_6dim"`` (D1–D6 in every year) may cross the break, but is not fully homogeneous
        either: PAPI changed sub-dimensions over time (D3 in 2016).

    Returns
    -------
    DataFrame
        One row per province × year: ``province``, ``province_code``, ``year``, ``total``
        (NaN when missing), ``national_median``, ``rank``, ``n_ranked`` and ``change`` (the total
        minus the province's total in the first of ``years``).

    Raises
    ------
    IncomparableError
        When ``total="total"`` and the years straddle 2018 (6-dimension and 8-dimension totals).
    ParameterError
        For an unknown province, a ``total`` other than the two above, or a year without data.

    Examples
    --------
    >>> papi = pd.DataFrame({
    ...     "province": ["A", "B"] * 2, "province_code": ["01", "02"] * 2, "region": "",
    ...     "year": [2016, 2016, 2017, 2017], "dimension": "total",
    ...     "value": [36.0, 38.0, 37.5, 36.5]})
    >>> compare_totals(papi, "A", years=[2016, 2017])[["year", "total", "rank", "change"]]
       year  total  rank  change
    0  2016   36.0   2.0     0.0
    1  2017   37.5   1.0     1.5
    >>> compare_totals(papi, "A", years=[2016, 2019])
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.IncomparableError: refusing to compare: PAPI totals of 2016 and 2019 ...
    """
    _check_papi(papi)
    if total not in ("total", "total_6dim"):
        raise ParameterError("total", total, "which PAPI total to compare", ["total", "total_6dim"])
    years = sorted({int(y) for y in years})
    before = [y for y in years if y < BREAK_YEAR]
    after = [y for y in years if y >= BREAK_YEAR]
    if total == "total" and before and after:
        raise IncomparableError(
            f"PAPI totals of {before[0]} and {after[-1]} are on different scales: totals of 2011–2017 sum 6 "
            "dimensions (6–60), totals from 2018 sum 8 (8–80, with D7 environmental and D8 e-governance). "
            "Compare the dimensions instead: papi_trend(papi, province, dimensions=['D1', 'D2', 'D3', 'D4', "
            "'D5', 'D6']), or pass total='total_6dim' (D1–D6 in every year; D3 changed in 2016)"
        )
    known = sorted(papi["year"].unique().tolist())
    bad = [y for y in years if y not in known]
    if bad or not years:
        raise ParameterError("years", bad or years, "years with PAPI data", [f"{known[0]}–{known[-1]}"] if known else [])
    if isinstance(provinces, (str, int)):
        provinces = [provinces]
    names = [_resolve_province(papi, p)[0] for p in provinces]
    trend = pd.concat([papi_trend(papi, p, dimensions=[total]) for p in dict.fromkeys(names)], ignore_index=True)
    out = trend[trend["year"].isin(years)].rename(columns={"value": "total"}).reset_index(drop=True)
    first = out[out["year"] == years[0]].set_index("province")["total"]
    out["change"] = out["total"] - out["province"].map(first)
    return out[["province", "province_code", "year", "total", "national_median", "rank", "n_ranked", "change"]]
