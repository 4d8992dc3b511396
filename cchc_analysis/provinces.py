"""The 63 provinces of 2011–2024: lookup, the 2025 successor, comparable PAPI spans, ranks, report jobs.

Data side of the province reports (:mod:`cchc_analysis.province` holds their sections):

- :func:`resolve_province` forgives accents and case (``"thanh hoa"``, ``38``), and refuses an
  unknown province with the valid names; :func:`successor_of` gives the 2025 province, from
  ``vietnamadminunits`` through :mod:`cchc_analysis.registry`.
- :func:`comparable_spans`: a trend or a change is computed only within years measured the same
  way — totals break in 2018 (six dimensions, then eight), Vertical accountability (D3) in 2016.
- :func:`papi_scores` ranks and groups the provinces year by year; :func:`fit_dimension_trends`.
- :func:`plan_province_jobs` returns the checked report jobs of ``cchc report --provinces``.

Examples
--------
>>> resolve_province("thanh hoa").code
'38'
>>> successor_of("Trà Vinh")
'Vĩnh Long'
>>> comparable_spans("total", 2011, 2024)
[(2011, 2017), (2018, 2024)]
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import settings
from ._text import PROVINCE_WORDS as WORDS
from .context import BREAK_YEAR, load_papi
from .errors import ParameterError
from .params import _year

__all__ = [
    "Province", "FIRST_YEAR", "LAST_YEAR", "METHOD_BREAKS", "PROVINCE_RULES", "list_provinces",
    "resolve_province", "successor_of", "comparable_spans", "papi_scores", "fit_dimension_trends",
    "province_report_name", "national_report_name", "district_report_href", "plan_province_jobs",
]

FIRST_YEAR, LAST_YEAR = 2011, 2024
#: Changes of method: the series is never fitted or compared across the year given (first year of the new method).
METHOD_BREAKS = {"total": BREAK_YEAR, "D3": 2016, "total_6dim": 2016}
MIN_POINTS = 5

# --- provinces ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Province:
    """One of the 63 provinces of 2011–2024, with the province it belongs to since 1 July 2025."""

    name: str
    code: str
    region: str
    province_2025: str


@functools.lru_cache(maxsize=1)
def _provinces() -> pd.DataFrame:
    from .registry import load_districts

    papi = load_papi()
    out = papi[["province", "province_code", "region"]].drop_duplicates("province_code")
    to_2025 = load_districts().drop_duplicates("province_code").set_index("province_code")["province_2025"]
    out = out.assign(province_2025=out["province_code"].map(to_2025))
    return out.rename(columns={"province": "name", "province_code": "code"}).reset_index(drop=True)


def list_provinces() -> pd.DataFrame:
    """Return the 63 provinces: ``name``, ``code`` (GSO), ``region``, ``province_2025``.

    Examples
    --------
    >>> p = list_provinces()
    >>> len(p), p["province_2025"].nunique()
    (63, 34)
    """
    return _provinces().copy()


def resolve_province(query: str | int) -> Province:
    """Return the province named (accents and case optional) or coded (GSO, two digits) by ``query``.

    Raises
    ------
    ParameterError
        For an unknown province; the message names the closest ones, and the valid names.

    Examples
    --------
    >>> resolve_province("Thua Thien Hue").name
    'Thừa Thiên Huế'
    >>> resolve_province(84).name
    'Trà Vinh'
    >>> resolve_province("Gia Lai x")
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.ParameterError: parameter 'province'='Gia Lai x': is not one of the 63 provinces of 2011–2024; did you mean: Gia Lai...
    """
    from rapidfuzz import fuzz, process

    from .registry import fold

    p = _provinces()
    if isinstance(query, bool) or not isinstance(query, (str, int)):
        raise ParameterError("province", query, "a province name or two-digit GSO code", sorted(p["name"]))
    text = str(query).strip()
    key = fold(text).replace("-", " ").replace("tp. ", "").replace("tinh ", "").replace("thanh pho ", "")
    key = " ".join(key.split())
    for row in p.itertuples():
        if text.zfill(2) == row.code or key == " ".join(fold(row.name).replace("-", " ").split()):
            return Province(row.name, row.code, row.region, row.province_2025)
    close = process.extract(fold(text), {n: fold(n) for n in p["name"]}, scorer=fuzz.WRatio, limit=3)
    hint = ", ".join(k for _m, score, k in close if score >= 60)
    raise ParameterError("province", query, "is not one of the 63 provinces of 2011–2024"
                         + (f"; did you mean: {hint}" if hint else ""), sorted(p["name"]))


def successor_of(province: str | int) -> str:
    """Return the province (2025 short name) that ``province`` belongs to since 1 July 2025.

    Examples
    --------
    >>> successor_of("Hải Dương")
    'Hải Phòng'
    """
    return resolve_province(province).province_2025


def comparable_spans(dimension: str, start: int = FIRST_YEAR, end: int = LAST_YEAR) -> list[tuple[int, int]]:
    """Return the stretches of years within which ``dimension`` is measured the same way.

    Examples
    --------
    >>> comparable_spans("D3", 2011, 2024), comparable_spans("D8", 2011, 2024), comparable_spans("D1", 2012, 2020)
    ([(2011, 2015), (2016, 2024)], [(2018, 2024)], [(2012, 2020)])
    """
    if dimension in ("D7", "D8"):
        start = max(start, BREAK_YEAR)
    cut = METHOD_BREAKS.get(dimension)
    if cut is None or not start < cut <= end:
        return [(start, end)] if start <= end else []
    return [(start, cut - 1), (cut, end)]


def province_report_name(province: str, language: str = "vi") -> str:
    """Return the file name (without ``.html``) of a province's report.

    Examples
    --------
    >>> province_report_name("Thanh Hóa"), province_report_name("Thanh Hóa", "en")
    ('province-thanh-hoa', 'province-thanh-hoa-en')
    """
    from .names import slug as _slug

    return f"province-{_slug(province)}" + ("" if language == "vi" else f"-{language}")


def national_report_name(language: str = "vi") -> str:
    """Return the file name (without ``.html``) of the national comparative page.

    Examples
    --------
    >>> national_report_name(), national_report_name("en")
    ('provinces', 'provinces-en')
    """
    return "provinces" + ("" if language == "vi" else f"-{language}")


def district_report_href(district: str, language: str = "vi") -> str:
    """Return the link to a district's report, beside the province reports in the same folder.

    The name is the engine's (:func:`cchc_analysis.batch.make_job`): the district's slug, ``-en``
    for English. Kept in this one function so that a change of naming is made once.

    Examples
    --------
    >>> district_report_href("Triệu Sơn"), district_report_href("Gia Lộc", "en")
    ('trieu-son.html', 'gia-loc-en.html')
    """
    from .names import slug as _slug

    return f"{_slug(district)}" + ("" if language == "vi" else f"-{language}") + ".html"


# --- numbers --------------------------------------------------------------------------------

def papi_scores(papi: pd.DataFrame) -> pd.DataFrame:
    """Add to ``papi`` each score's rank, group, national median and regional median (year × dimension).

    ``rank``: 1 = highest among the provinces with a score (ties share the best rank);
    ``tier``: 1–4, that year's quartile group (1 = highest quarter); computed here, not PAPI's.

    Examples
    --------
    >>> s = papi_scores(load_papi())
    >>> s.query("province == 'Thanh Hóa' and year == 2011 and dimension == 'total'")[["rank", "n_ranked"]].values.tolist()
    [[13.0, 63.0]]
    """
    out = papi.copy()
    grp = out.groupby(["year", "dimension"])["value"]
    out["rank"] = grp.rank(ascending=False, method="min")
    out["n_ranked"] = grp.transform("count")
    share = grp.rank(ascending=False, method="average", pct=True)
    out["tier"] = np.ceil(share * 4).clip(1, 4).where(out["value"].notna())
    out["national_median"] = grp.transform("median")
    out["region_median"] = out.groupby(["year", "dimension", "region"])["value"].transform("median")
    return out


def _band(years, values, grid, alpha=0.05):
    from statsmodels.regression.linear_model import OLS
    from statsmodels.tools.tools import add_constant

    model = OLS(np.asarray(values, float), add_constant(np.asarray(years, float))).fit()
    frame = model.get_prediction(add_constant(np.asarray(grid, float), has_constant="add")).summary_frame(alpha=alpha)
    return frame["mean"].to_numpy(), frame["mean_ci_lower"].to_numpy(), frame["mean_ci_upper"].to_numpy()


def fit_dimension_trends(scores: pd.DataFrame, start: int = FIRST_YEAR, end: int = LAST_YEAR) -> pd.DataFrame:
    """Fit a linear trend per dimension and comparable span of one province's scores.

    Parameters
    ----------
    scores : DataFrame
        ``year``, ``dimension``, ``value`` of one province.

    Returns
    -------
    DataFrame
        One row per dimension × span: ``dimension``, ``first``, ``last``, ``n``, ``slope``,
        ``low``, ``high`` (95% interval) and ``supported`` (at least 5 years and an interval
        that excludes zero).

    Examples
    --------
    >>> s = pd.DataFrame({"year": range(2011, 2025), "dimension": "D1", "value": np.linspace(4, 5.3, 14)})
    >>> fit_dimension_trends(s)[["dimension", "first", "last", "n", "supported"]].values.tolist()
    [['D1', 2011, 2024, 14, True]]
    """
    from .trends import fit_trend

    rows = []
    for dim in dict.fromkeys(scores["dimension"]):
        d = scores[(scores["dimension"] == dim) & scores["value"].notna()]
        for first, last in comparable_spans(dim, start, end):
            seg = d[d["year"].between(first, last)]
            r = fit_trend(seg["year"].tolist(), seg["value"].tolist(), min_points=MIN_POINTS)
            supported = r.status == "fitted" and (r.slope_ci_low > 0 or r.slope_ci_high < 0)
            rows.append({"dimension": dim, "first": first, "last": last, "n": len(seg), "slope": r.slope,
                         "low": r.slope_ci_low, "high": r.slope_ci_high, "fitted": r.status == "fitted",
                         "supported": bool(supported)})
    return pd.DataFrame(rows, columns=["dimension", "first", "last", "n", "slope", "low", "high", "fitted", "supported"])


# --- parameters and jobs ----------------------------------------------------------------------

def _province_rule(value, _lookups=None):
    return resolve_province(value).name


#: Rules for the parameters of the province and national notebooks (see params.ParameterModel.validate).
PROVINCE_RULES = {"province": _province_rule, "start_year": _year("start_year", FIRST_YEAR, LAST_YEAR),
                  "end_year": _year("end_year", FIRST_YEAR, LAST_YEAR)}

PROVINCE_NOTEBOOK = "province_report.ipynb"
NATIONAL_NOTEBOOK = "national_report.ipynb"


def plan_province_jobs(provinces=(), overrides=None, *, notebooks_dir: str | Path | None = None) -> list:
    """Return the checked jobs of the province reports (and the national page when all are built).

    Parameters
    ----------
    provinces : sequence of str
        Provinces asked for (names, accents optional, or GSO codes); empty: all 63 and the
        national page.
    overrides : mapping, optional
        ``-p`` values; those the province notebooks declare (``language``, ``start_year``,
        ``end_year``) are applied, the others are left to the district planner.

    Raises
    ------
    ParameterError
        On an unknown province or a bad value, before anything runs.

    Examples
    --------
    >>> [j.name for j in plan_province_jobs(["thanh hoa"], {"language": "en"})]
    ['province-thanh-hoa-en']
    >>> plan_province_jobs(["Thanh Hoa x"])
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.ParameterError: parameter 'province'='Thanh Hoa x': is not one of the 63 provinces ...
    """
    from .batch import ReportJob
    from .params import load_parameter_model

    nb_dir = Path(notebooks_dir) if notebooks_dir is not None else settings.REPO_ROOT / "notebooks"
    names = [resolve_province(p).name for p in provinces] or sorted(_provinces()["name"], key=_sort_key)
    jobs = []
    wanted = [(nb_dir / PROVINCE_NOTEBOOK, n) for n in names] + ([] if provinces else [(nb_dir / NATIONAL_NOTEBOOK, None)])
    models = {}
    for path, name in wanted:
        if path not in models:
            if not path.is_file():
                raise FileNotFoundError(f"notebook {path} not found")
            models[path] = load_parameter_model(path)
        model = models[path]
        values = {k: v for k, v in dict(overrides or {}).items() if k in model.names}
        if name is not None:
            values["province"] = name
        values = model.validate(values, rules=PROVINCE_RULES)
        lang = values.get("language", "vi")
        if name is not None:
            label = f"PAPI: {name}"
            title = WORDS[lang]["title"].format(province=name, start=values["start_year"], end=values["end_year"])
            job_name = province_report_name(name, lang)
        else:
            label = title = WORDS[lang]["national_title"].format(start=values["start_year"], end=values["end_year"])
            job_name = national_report_name(lang)
        jobs.append(ReportJob(str(path), values, name=job_name, title=title, label=label,
                              footer=WORDS[lang]["sources_text"]))
    return jobs


def _sort_key(name: str) -> str:
    from .registry import fold

    return fold(name)
