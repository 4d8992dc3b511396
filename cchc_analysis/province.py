"""Province profiles: fourteen years of PAPI for one pre-2025 province, and the province of 2025.

The sections of ``notebooks/province_report.ipynb``. :func:`prepare` gathers the numbers as
DataFrames (public attributes of :class:`ProvinceContext`); the ``show_*`` functions display
them for a reader, words from :mod:`cchc_analysis._text`, every data string escaped.
The data side (lookup, comparable spans, ranks, trends, jobs) is :mod:`cchc_analysis.provinces`.

Examples
--------
>>> ctx = prepare("Trà Vinh", language="en")
>>> ctx.province.province_2025, int(summary_table(ctx)["year"].iloc[0])
('Vĩnh Long', 2024)
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._text import REGIONS_EN, TIER_COLOURS, TIERS, TOTAL_NAMES, UNIT_TYPES_EN, PROVINCE_WORDS as WORDS
from .context import BREAK_YEAR, PAPI_DIMENSIONS, load_papi, load_papi_dimensions, load_province_indices
from .errors import ParameterError
from .provinces import (FIRST_YEAR, LAST_YEAR, MIN_POINTS, Province, _band, _provinces, comparable_spans,
                        district_report_href, fit_dimension_trends, national_report_name, papi_scores,
                        province_report_name, resolve_province)

__all__ = [
    "Province", "ProvinceContext", "SHOWN", "prepare", "summary_table", "styled_table", "plot_dimensions",
    "show_header", "show_summary", "show_dimensions", "show_ranks", "show_indices", "show_districts",
    "show_successor", "show_sources",
]

#: The dimensions and the total shown, in display order.
SHOWN = [*PAPI_DIMENSIONS, "total"]

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
    >>> bool(ctx.scores.query("year == 2024 and dimension == 'total'")["rank"].notna().all())
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
        _html("a", ctx.words("national_link"), href=national_report_name(lang) + ".html"),
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
    if year < ctx.end_year:
        text += " " + ctx.words("latest_missing", end=ctx.end_year, province=name, year=year)
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
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: _num(v, lang, 2)))
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


def _index_value(ctx, index: str, value) -> str:
    if pd.isna(value):
        return "–"
    return f"{_num(value, ctx.language)}{ctx.words('sipas_unit')}" if index == "sipas" else _points(ctx, value)


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
            html.escape(_index_value(ctx, r["index"], r["value"])), html.escape(ctx.words("scale_index")),
            html.escape(_rank(ctx, r["rank"], 63) if pd.notna(r["rank"]) else "–"),
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
