"""Province profiles: fourteen years of PAPI for one pre-2025 province, and the province of 2025.

The sections of ``notebooks/province_report.ipynb``. :func:`prepare` gathers the numbers as
DataFrames (public attributes of :class:`ProvinceContext`); the ``show_*`` functions display
them for a reader, words from :mod:`cchc_analysis._province_text`, every data string escaped.

A trend is fitted only within a stretch of years measured the same way
(:func:`comparable_spans`): totals break in 2018 (six dimensions, then eight), Vertical
accountability in 2016 (sub-dimensions changed). The province's pre-2025 districts come from
``vietnamadminunits`` through :mod:`cchc_analysis.registry`, as does its 2025 successor.

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
import html
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import settings
from ._province_text import REGIONS_EN, TIER_COLOURS, TIERS, TOTAL_NAMES, UNIT_TYPES_EN, WORDS
from .context import BREAK_YEAR, load_papi, load_papi_dimensions, load_province_indices, papi_national_median
from .errors import ParameterError

__all__ = [
    "Province", "ProvinceContext", "FIRST_YEAR", "LAST_YEAR", "METHOD_BREAKS", "list_provinces",
    "resolve_province", "successor_of", "comparable_spans", "papi_scores", "fit_dimension_trends",
    "province_report_name", "district_report_href", "prepare", "summary_table", "show_header",
    "show_summary", "show_dimensions", "show_ranks", "show_indices", "show_districts",
    "show_successor", "show_sources",
]

FIRST_YEAR, LAST_YEAR = 2011, 2024
#: Changes of method: the series is never fitted across the year given (first year of the new method).
METHOD_BREAKS = {"total": BREAK_YEAR, "D3": 2016, "total_6dim": 2016}
SHOWN = ["D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "total"]
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
    from .batch import _slug

    return f"province-{_slug(province)}" + ("" if language == "vi" else f"-{language}")


def district_report_href(district: str, language: str = "vi") -> str:
    """Return the link to a district's report, beside the province reports in the same folder.

    The name is the engine's (:func:`cchc_analysis.batch.make_job`): the district's slug, ``-en``
    for English. Kept in this one function so that a change of naming is made once.

    Examples
    --------
    >>> district_report_href("Triệu Sơn"), district_report_href("Gia Lộc", "en")
    ('trieu-son.html', 'gia-loc-en.html')
    """
    from .batch import _slug

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


# --- the report -----------------------------------------------------------------------------

@dataclass
class ProvinceContext:
    """Everything a province report shows, as DataFrames with numbers.

    Attributes
    ----------
    province : Province
    scores : DataFrame
        The province's PAPI rows in the window, with rank, tier and medians (:func:`papi_scores`).
    trends : DataFrame
        :func:`fit_dimension_trends` of ``scores``.
    indices : DataFrame
        Its PAR INDEX, SIPAS and PCI rows (:func:`cchc_analysis.context.load_province_indices`).
    districts : DataFrame
        Its pre-2025 districts with ``has_data``.
    merged : DataFrame
        Every province merged into its 2025 successor, scores with ranks (itself included).
    """

    province: Province
    start_year: int
    end_year: int
    language: str
    scores: pd.DataFrame
    trends: pd.DataFrame
    indices: pd.DataFrame
    districts: pd.DataFrame
    merged: pd.DataFrame
    dimension_names: dict = field(default_factory=dict)

    def words(self, key: str, **fmt):
        """Return the reader's words for ``key`` (formatted when ``fmt`` is given)."""
        w = WORDS[self.language][key]
        return w.format(**fmt) if fmt else w


def _dimension_names(language: str) -> dict:
    dims = load_papi_dimensions()
    col = "name_vi" if language == "vi" else "name_en"
    return {**dims[col].to_dict(), **TOTAL_NAMES[language]}


def prepare(province: str | int, *, start_year: int = FIRST_YEAR, end_year: int = LAST_YEAR,
            language: str = "vi", papi: pd.DataFrame | None = None) -> ProvinceContext:
    """Gather the numbers of one province's report.

    Examples
    --------
    >>> ctx = prepare("tra vinh", language="en")
    >>> ctx.province.province_2025, sorted(ctx.merged["province"].unique())
    ('Vĩnh Long', ['Bến Tre', 'Trà Vinh', 'Vĩnh Long'])
    >>> ctx.scores.query("year == 2024 and dimension == 'total'")["rank"].notna().all()
    True
    """
    from .loaders import load_facts
    from .registry import load_districts

    if language not in WORDS:
        raise ParameterError("language", language, "a report language", list(WORDS))
    p = resolve_province(province)
    papi = load_papi() if papi is None else papi
    scored = papi_scores(papi)
    window = scored[scored["year"].between(start_year, end_year)]
    mine = window[window["province_code"] == p.code].reset_index(drop=True)
    trends = fit_dimension_trends(mine[mine["dimension"].isin(SHOWN)], start_year, end_year)
    ix = load_province_indices()
    ix = ix[(ix["province_code"] == p.code) & (ix["province"] == p.name) & ix["index"].isin(["par_index", "sipas", "pci"])
            & ix["year"].between(start_year, end_year)].sort_values(["index", "year"]).reset_index(drop=True)
    d = load_districts()
    with_data = set(load_facts()["district_code"].astype(str))
    d = d[d["province_code"] == p.code].assign(has_data=lambda x: x["district_code"].isin(with_data))
    merged_codes = _provinces().loc[lambda x: x["province_2025"] == p.province_2025, "code"]
    merged = window[window["province_code"].isin(merged_codes)].reset_index(drop=True)
    return ProvinceContext(p, start_year, end_year, language, mine, trends, ix,
                           d.sort_values("name").reset_index(drop=True), merged, _dimension_names(language))


def _num(value, language, digits=2) -> str:
    from ._present import format_value

    return "–" if pd.isna(value) else format_value(round(float(value), digits), language)


def _points(ctx, value, digits=2) -> str:
    return WORDS[ctx.language]["missing"] if pd.isna(value) else f"{_num(value, ctx.language, digits)} {ctx.words('points')}"


def _rank(ctx, rank, n) -> str:
    return "–" if pd.isna(rank) else ctx.words("rank_of", rank=int(rank), n=int(n))


def _scale(ctx, dimension, year) -> str:
    if dimension == "total":
        return ctx.words("scale_8" if year >= BREAK_YEAR else "scale_6")
    return ctx.words("scale_dim")


def _region(region: str, language: str) -> str:
    return region if language == "vi" else REGIONS_EN.get(region, region)


def _html(tag: str, text: str, **attrs) -> str:
    a = "".join(f' {k}="{html.escape(str(v))}"' for k, v in attrs.items())
    return f"<{tag}{a}>{html.escape(text)}</{tag}>"


def _display_html(markup: str) -> None:
    from IPython.display import HTML, display

    display(HTML(markup))


def styled_table(df: pd.DataFrame, *, tiers: pd.DataFrame | None = None) -> str:
    """Return ``df`` as an HTML table, every cell and header escaped; cells coloured by ``tiers`` (1–4).

    Examples
    --------
    >>> "&lt;b&gt;" in styled_table(pd.DataFrame({"a": ["<b>"]}))
    True
    """
    st = df.style.format(escape="html").format_index(escape="html", axis=1).hide(axis="index")
    st = st.set_table_attributes('class="cchc-table"').set_table_styles(
        [{"selector": "td, th", "props": "text-align: left; vertical-align: top; padding: 0.15rem 0.4rem;"}])
    if tiers is not None:
        def colour(col):
            t = tiers[col.name] if col.name in tiers else pd.Series(np.nan, index=col.index)
            return [f"background-color: {TIER_COLOURS[int(v)]}" if pd.notna(v) else "" for v in t]

        st = st.apply(colour, axis=0)
    return st.to_html()


PRINT_CSS = ("<style>@media print { @page { size: A4; margin: 15mm; } h2 { break-before: page; } "
             "h2.cchc-first { break-before: auto; } table, img, figure { break-inside: avoid; } nav.cchc-toc { display: none; } } "
             ".cchc-table-wrap { overflow-x: auto; max-width: 100%; } img { max-width: 100%; height: auto; }</style>")

SECTIONS = ["summary", "dimensions", "ranks", "indices", "districts", "successor", "sources"]


def _heading(ctx, key: str, **fmt) -> None:
    cls = "cchc-first" if key == "summary" else "cchc-section"
    _display_html(_html("h2", ctx.words(key, **fmt) if fmt else ctx.words(key), id=key, **{"class": cls}))


def show_header(ctx: ProvinceContext) -> None:
    """Display the title, the links (index, other language, national page), the contents."""
    p, lang = ctx.province, ctx.language
    other = "en" if lang == "vi" else "vi"
    title = ctx.words("title", province=p.name, start=ctx.start_year, end=ctx.end_year)
    links = " · ".join([
        _html("a", ctx.words("index_link"), href="index.html"),
        _html("a", ctx.words("other_language"), href=province_report_name(p.name, other) + ".html", hreflang=other),
        _html("a", ctx.words("national_link"), href="provinces" + ("" if lang == "vi" else "-en") + ".html"),
    ])
    toc = "".join(f'<li><a href="#{k}">{html.escape(_section_title(ctx, k))}</a></li>' for k in SECTIONS)
    intro = ctx.words("intro", province=p.name, region=_region(p.region, lang), code=p.code, successor=p.province_2025)
    _display_html(PRINT_CSS + _html("h1", title) + f"<p>{links}</p>" + _html("p", intro)
                  + f'<nav class="cchc-toc">{_html("strong", ctx.words("toc"))}<ul>{toc}</ul></nav>')


def _section_title(ctx, key):
    return ctx.words(key, successor=ctx.province.province_2025) if key == "successor" else ctx.words(key)


def summary_table(ctx: ProvinceContext) -> pd.DataFrame:
    """Return, per dimension, the latest year's score, medians, rank, group and change (numbers).

    Examples
    --------
    >>> t = summary_table(prepare("Thanh Hóa"))
    >>> t.loc[t["dimension"] == "total", "year"].item()
    2024
    """
    s = ctx.scores[ctx.scores["dimension"].isin(SHOWN)]
    year = int(s.loc[s["value"].notna(), "year"].max())
    now = s[s["year"] == year].set_index("dimension")
    before = s[s["year"] == year - 1].set_index("dimension")["value"]
    out = now.reindex([d for d in SHOWN if d in now.index]).reset_index()
    comparable = [any(a <= year - 1 and year <= b for a, b in comparable_spans(d)) for d in out["dimension"]]
    out["change"] = (out["value"] - out["dimension"].map(before)).where(comparable)
    return out[["dimension", "year", "value", "national_median", "region_median", "rank", "n_ranked", "tier", "change"]]


def _trend_words(ctx, row) -> str:
    lang = ctx.language
    fmt = {"n": row["n"], "first": row["first"], "last": row["last"]}
    if not row["fitted"]:
        return ctx.words("trend_short", **fmt)
    fmt.update(low=_num(row["low"], lang, 3), high=_num(row["high"], lang, 3))
    if not row["supported"]:
        return ctx.words("trend_flat", slope=_num(row["slope"], lang, 3), **fmt)
    key = "trend_up" if row["slope"] > 0 else "trend_down"
    return ctx.words(key, slope=_num(abs(row["slope"]), lang, 3), **fmt)


def show_summary(ctx: ProvinceContext) -> None:
    """Display where the province stands in the latest year, against the nation and its region, and how it moved."""
    _heading(ctx, "summary")
    t = summary_table(ctx)
    year = int(t["year"].iloc[0])
    tot = t[t["dimension"] == "total"]
    name = ctx.province.name
    if len(tot) and pd.notna(tot["value"].iloc[0]):
        r = tot.iloc[0]
        text = ctx.words("summary_text", year=year, province=name, rank=int(r["rank"]), n=int(r["n_ranked"]),
                         value=_num(r["value"], ctx.language), scale=_scale(ctx, "total", year),
                         median=_num(r["national_median"], ctx.language), tier=TIERS[ctx.language][int(r["tier"])])
    else:
        text = ctx.words("summary_no_total", year=year, province=name)
    last = ctx.trends[ctx.trends["last"] == ctx.trends["last"].max()]
    last = last[last["supported"]]
    names = ctx.dimension_names
    ups = ", ".join(names[d] for d in last.loc[last["slope"] > 0, "dimension"]) or "–"
    downs = ", ".join(names[d] for d in last.loc[last["slope"] < 0, "dimension"]) or "–"
    moved = ctx.words("moved", first=int(ctx.trends["first"].min()), last=int(ctx.trends["last"].max()), ups=ups, downs=downs)
    c = WORDS[ctx.language]["cols"]
    shown = pd.DataFrame({
        c["dimension"]: [names[d] for d in t["dimension"]],
        c["value"]: [_points(ctx, v) for v in t["value"]],
        c["scale"]: [_scale(ctx, d, year) for d in t["dimension"]],
        c["median"]: [_points(ctx, v) for v in t["national_median"]],
        c["region_median"]: [_points(ctx, v) for v in t["region_median"]],
        c["rank"]: [_rank(ctx, r, n) for r, n in zip(t["rank"], t["n_ranked"])],
        c["tier"]: [TIERS[ctx.language][int(v)] if pd.notna(v) else "–" for v in t["tier"]],
        c["change"]: ["–" if pd.isna(v) else ("+" if v > 0 else "") + _points(ctx, v) for v in t["change"]],
    })
    tiers = pd.DataFrame({c["tier"]: t["tier"].to_numpy()})
    _display_html(_html("p", text) + _html("p", moved) + f'<div class="cchc-table-wrap">{styled_table(shown, tiers=tiers)}</div>')


def plot_dimensions(ctx: ProvinceContext):
    """Return a figure: one panel per dimension, the province, the national median, supported trends.

    Examples
    --------
    >>> fig = plot_dimensions(prepare("Trà Vinh"))
    >>> len(fig.axes)
    9
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    lang = ctx.language
    fig, axes = plt.subplots(3, 3, figsize=(11, 9), sharex=True)
    for ax, dim in zip(axes.flat, SHOWN):
        d = ctx.scores[ctx.scores["dimension"] == dim]
        for first, last in comparable_spans(dim, ctx.start_year, ctx.end_year):
            seg = d[d["year"].between(first, last)]
            ax.plot(seg["year"], seg["national_median"], color="0.55", ls="--", lw=1)
            ax.plot(seg["year"], seg["value"], color="#1f4e79", marker="o", ms=3, lw=1.2)
            fit = ctx.trends[(ctx.trends["dimension"] == dim) & (ctx.trends["first"] == first)]
            if len(fit) and fit["supported"].iloc[0]:
                ok = seg[seg["value"].notna()]
                grid = np.arange(first, last + 1)
                mean, lo, hi = _band(ok["year"], ok["value"], grid)
                ax.plot(grid, mean, color="#c0392b", lw=1)
                ax.fill_between(grid, lo, hi, color="#c0392b", alpha=0.15, lw=0)
        ax.set_title(ctx.dimension_names[dim], fontsize=9, wrap=True)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: str(int(v))))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: _num(v, lang, 1)))
        ax.tick_params(labelsize=8)
    for ax in axes[:, 0]:
        ax.set_ylabel(f"{ctx.words('axis_score')} ({ctx.words('points')})", fontsize=8)
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color="#1f4e79", marker="o", label=ctx.province.name),
               Line2D([], [], color="0.55", ls="--", label=ctx.words("legend_median")),
               Line2D([], [], color="#c0392b", label=ctx.words("legend_fit"))]
    fig.legend(handles=handles, loc="lower center", ncol=3, fontsize=9, frameon=False)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


def show_dimensions(ctx: ProvinceContext) -> None:
    """Display each dimension over the years with its trend where supported, and the trends in words."""
    from ._present import _show_figure

    _heading(ctx, "dimensions")
    notes = "".join(_html("li", ctx.words(k)) for k in ("break_total", "break_d3", "break_new"))
    _display_html(_html("p", ctx.words("dimensions_text", min_points=MIN_POINTS)) + f"<ul>{notes}</ul>")
    _show_figure(plot_dimensions(ctx), alt=ctx.words("figure_alt", province=ctx.province.name))
    c = WORDS[ctx.language]["cols"]
    shown = pd.DataFrame({c["dimension"]: [ctx.dimension_names[d] for d in ctx.trends["dimension"]],
                          c["trend"]: [_trend_words(ctx, r) for _i, r in ctx.trends.iterrows()]})
    _display_html(f'<div class="cchc-table-wrap">{styled_table(shown)}</div>')


def show_ranks(ctx: ProvinceContext) -> None:
    """Display the rank and group of every dimension and the total, year by year."""
    _heading(ctx, "ranks")
    s = ctx.scores[ctx.scores["dimension"].isin(SHOWN)]
    c = WORDS[ctx.language]["cols"]
    years = sorted(s["year"].unique())
    rows, tiers = [], []
    for y in years:
        row, tier = {c["year"]: str(y)}, {c["year"]: np.nan}
        for dim in SHOWN:
            r = s[(s["year"] == y) & (s["dimension"] == dim)]
            label = ctx.dimension_names[dim]
            row[label] = _rank(ctx, r["rank"].iloc[0], r["n_ranked"].iloc[0]) if len(r) else "–"
            tier[label] = r["tier"].iloc[0] if len(r) else np.nan
        rows.append(row)
        tiers.append(tier)
    legend = " · ".join(f'<span style="background-color:{TIER_COLOURS[k]}; padding:0 0.3rem">{html.escape(v)}</span>'
                        for k, v in TIERS[ctx.language].items())
    _display_html(_html("p", ctx.words("ranks_text")) + f"<p>{legend}</p>"
                  + f'<div class="cchc-table-wrap">{styled_table(pd.DataFrame(rows), tiers=pd.DataFrame(tiers))}</div>')


def _source_link(source: str) -> str:
    parts = [s.strip() for s in str(source).split(";") if s.strip()]
    out = []
    for s in parts:
        url = s.split(" ")[0]
        if url.startswith("github:"):
            repo, _, rest = url[len("github:"):].partition(":")
            path, _, commit = rest.partition("@")
            url = f"https://github.com/{repo}/blob/{commit or 'HEAD'}/{path}"
        out.append(_html("a", url, href=url) if url.startswith("http") else html.escape(s))
    return "; ".join(out)


def show_indices(ctx: ProvinceContext) -> None:
    """Display the PAR INDEX, SIPAS and PCI values held for the province, each with its source."""
    _heading(ctx, "indices")
    ix = ctx.indices
    if ix.empty:
        _display_html(_html("p", ctx.words("indices_none", province=ctx.province.name)))
        return
    c, names = WORDS[ctx.language]["cols"], WORDS[ctx.language]["index_names"]
    body = "".join(
        "<tr>" + "".join(f"<td>{x}</td>" for x in (
            html.escape(names[r["index"]]), str(int(r["year"])),
            html.escape(_points(ctx, r["value"]) if pd.notna(r["value"]) else "–"),
            html.escape(str(r["scale"])), html.escape(_rank(ctx, r["rank"], 63) if pd.notna(r["rank"]) else "–"),
            _source_link(r["source"]))) + "</tr>" for _i, r in ix.iterrows())
    head = "".join(_html("th", c[k]) for k in ("index", "year", "value", "scale", "rank", "source"))
    _display_html(_html("p", ctx.words("indices_text"))
                  + f'<div class="cchc-table-wrap"><table class="cchc-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>')


def show_districts(ctx: ProvinceContext) -> None:
    """Display the province's pre-2025 districts, linking to the district reports that exist."""
    _heading(ctx, "districts")
    d, lang = ctx.districts, ctx.language
    c = WORDS[lang]["cols"]
    rows = "".join(
        "<tr>" + _html("td", r["name"]) + _html("td", r["unit_type"] if lang == "vi" else UNIT_TYPES_EN.get(r["unit_type"], r["unit_type"]))
        + _html("td", r["district_code"])
        + ("<td>" + _html("a", ctx.words("report_link"), href=district_report_href(r["name"], lang)) + "</td>"
           if r["has_data"] else _html("td", ctx.words("no_report"))) + "</tr>"
        for _i, r in d.iterrows())
    head = "".join(_html("th", c[k]) for k in ("district", "type", "code", "report"))
    text = ctx.words("districts_text", n=len(d), province=ctx.province.name, k=int(d["has_data"].sum()))
    _display_html(_html("p", text) + f'<details><summary>{html.escape(ctx.words("districts"))} ({len(d)})</summary>'
                  f'<div class="cchc-table-wrap"><table class="cchc-table"><thead><tr>{head}</tr></thead>'
                  f"<tbody>{rows}</tbody></table></div></details>")


def show_successor(ctx: ProvinceContext) -> None:
    """Display the 2025 province, with the former provinces merged into it side by side (never aggregated)."""
    p = ctx.province
    _heading(ctx, "successor", successor=p.province_2025)
    m = ctx.merged
    others = sorted(set(m["province"]) - {p.name})
    if not others:
        _display_html(_html("p", ctx.words("successor_alone", province=p.name, successor=p.province_2025)))
        return
    _display_html(_html("p", ctx.words("successor_text", province=p.name, successor=p.province_2025, others=", ".join(others))))
    names = [p.name] + others
    c = WORDS[ctx.language]["cols"]
    for dim in ["total"] + SHOWN[:-1]:
        sub = m[m["dimension"] == dim]
        if sub.empty:
            continue
        rows, tiers = [], []
        for y in sorted(sub["year"].unique()):
            row, tier = {c["year"]: str(y)}, {c["year"]: np.nan}
            for n in names:
                r = sub[(sub["year"] == y) & (sub["province"] == n)]
                row[n] = (f"{_points(ctx, r['value'].iloc[0])} ({_rank(ctx, r['rank'].iloc[0], r['n_ranked'].iloc[0])})"
                          if len(r) and pd.notna(r["value"].iloc[0]) else ctx.words("missing"))
                tier[n] = r["tier"].iloc[0] if len(r) else np.nan
            rows.append(row)
            tiers.append(tier)
        table = f'<div class="cchc-table-wrap">{styled_table(pd.DataFrame(rows), tiers=pd.DataFrame(tiers))}</div>'
        title = html.escape(ctx.dimension_names[dim])
        _display_html(f"<h3>{title}</h3>{table}" if dim == "total" else f"<details><summary>{title}</summary>{table}</details>")


def show_sources(ctx: ProvinceContext) -> None:
    """Display the sources of the page's figures."""
    _heading(ctx, "sources")
    _display_html(_html("p", ctx.words("sources_text")))


# --- parameters and jobs ----------------------------------------------------------------------

def _year_rule(name):
    def rule(value, _lookups=None):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParameterError(name, value, f"must be a whole year (int), not {type(value).__name__}")
        if not FIRST_YEAR <= value <= LAST_YEAR:
            raise ParameterError(name, value, f"a PAPI year between {FIRST_YEAR} and {LAST_YEAR}")
        return value

    return rule


def _province_rule(value, _lookups=None):
    return resolve_province(value).name


#: Rules for the parameters of the province and national notebooks (see params.ParameterModel.validate).
PROVINCE_RULES = {"province": _province_rule, "start_year": _year_rule("start_year"), "end_year": _year_rule("end_year")}

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
            label = name
            title = WORDS[lang]["title"].format(province=name, start=values["start_year"], end=values["end_year"])
            job_name = province_report_name(name, lang)
        else:
            label = title = WORDS[lang]["national_title"].format(start=values["start_year"], end=values["end_year"])
            job_name = "provinces" + ("" if lang == "vi" else f"-{lang}")
        jobs.append(ReportJob(str(path), values, name=job_name, title=title, label=label,
                              footer=WORDS[lang]["sources_text"]))
    return jobs


def _sort_key(name: str) -> str:
    from .registry import fold

    return fold(name)
