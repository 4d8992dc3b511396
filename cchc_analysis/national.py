"""The national comparative page: the 63 provinces by PAPI dimension and year.

The sections of ``notebooks/national_report.ipynb``: heat maps (the total drawn as two panels,
2011–2017 and 2018–2024, never on one colour scale), tables sorted without scripts (by the
latest total, by name, and per dimension inside ``<details>``), regional medians, and the
biggest risers and fallers between two comparable years (:func:`movers`).

Examples
--------
>>> ctx = prepare(language="en")
>>> m = movers(ctx.scores, "total", 2018, 2024)
>>> bool(m["change"].is_monotonic_decreasing), m.columns.tolist()[:3]
(True, ['province', 'region', 'first'])
"""
from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass

import pandas as pd

from ._text import TIERS, PROVINCE_WORDS as WORDS
from .context import load_papi
from .errors import IncomparableError
from .province import PRINT_CSS, SHOWN, _dimension_names, _display_html, _html, _num, _region, styled_table
from .provinces import FIRST_YEAR, LAST_YEAR, comparable_spans, national_report_name, papi_scores, province_report_name

__all__ = ["NationalContext", "prepare", "movers", "regional_medians", "heatmap", "show_header", "show_movers",
           "show_regional", "show_heatmaps", "show_tables", "show_sources"]

N_MOVERS = 5


@dataclass
class NationalContext:
    """The numbers of the national page: ``scores`` (:func:`cchc_analysis.province.papi_scores` in the window)."""

    start_year: int
    end_year: int
    language: str
    scores: pd.DataFrame
    dimension_names: dict

    def words(self, key: str, **fmt):
        """Return the reader's words for ``key``."""
        w = WORDS[self.language][key]
        return w.format(**fmt) if fmt else w


def prepare(*, start_year: int = FIRST_YEAR, end_year: int = LAST_YEAR, language: str = "vi",
            papi: pd.DataFrame | None = None) -> NationalContext:
    """Gather the national page's numbers.

    Examples
    --------
    >>> prepare(start_year=2018).scores["year"].min()
    np.int64(2018)
    """
    scores = papi_scores(load_papi() if papi is None else papi)
    scores = scores[scores["year"].between(start_year, end_year)].reset_index(drop=True)
    return NationalContext(start_year, end_year, language, scores, _dimension_names(language))


def movers(scores: pd.DataFrame, dimension: str, first: int, last: int) -> pd.DataFrame:
    """Return each province's change of ``dimension`` from ``first`` to ``last``, largest rise first.

    Raises
    ------
    IncomparableError
        When the two years are not measured the same way (:func:`cchc_analysis.province.comparable_spans`).

    Examples
    --------
    >>> movers(prepare().scores, "total", 2016, 2019)
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.IncomparableError: refusing to compare: total of 2016 and 2019 are measured differently ...
    """
    if not any(a <= first and last <= b for a, b in comparable_spans(dimension)):
        raise IncomparableError(f"{dimension} of {first} and {last} are measured differently (a change of method "
                                f"between them); comparable spans: {comparable_spans(dimension)}")
    s = scores[scores["dimension"] == dimension]
    a = s[s["year"] == first].set_index("province")
    b = s[s["year"] == last].set_index("province")
    out = pd.DataFrame({"region": a["region"], "first": a["value"], "last": b["value"].reindex(a.index)}).dropna()
    out["change"] = out["last"] - out["first"]
    return out.sort_values(["change", "last"], ascending=False).rename_axis("province").reset_index()


def regional_medians(scores: pd.DataFrame, year: int) -> pd.DataFrame:
    """Return the median of each dimension by region in ``year`` (rows: regions; columns: dimensions).

    Examples
    --------
    >>> regional_medians(prepare().scores, 2024).shape
    (6, 9)
    """
    s = scores[(scores["year"] == year) & scores["dimension"].isin(SHOWN)]
    out = s.pivot_table(index="region", columns="dimension", values="value", aggfunc="median")
    return out.reindex(columns=[d for d in SHOWN if d in out.columns])


def _latest(ctx) -> int:
    s = ctx.scores[(ctx.scores["dimension"] == "total") & ctx.scores["value"].notna()]
    return int(s["year"].max())


def _link(ctx, province: str) -> str:
    return _html("a", province, href=province_report_name(province, ctx.language) + ".html")


def show_header(ctx: NationalContext) -> None:
    """Display the page's title, links and contents."""
    other = "en" if ctx.language == "vi" else "vi"
    links = " · ".join([_html("a", ctx.words("index_link"), href="index.html"),
                        _html("a", ctx.words("other_language"), href=national_report_name(other) + ".html")])
    sections = [("movers", ctx.words("movers", first=max(ctx.start_year, 2018), last=ctx.end_year)),
                ("regional", ctx.words("regional")), ("heatmaps", ctx.words("heatmap", dimension=ctx.dimension_names["total"])),
                ("tables", ctx.words("table_name")), ("sources", ctx.words("sources"))]
    toc = "".join(f'<li><a href="#{k}">{html.escape(t)}</a></li>' for k, t in sections)
    title = ctx.words("national_title", start=ctx.start_year, end=ctx.end_year)
    _display_html(PRINT_CSS + _html("h1", title) + f"<p>{links}</p>"
                  + f'<nav class="cchc-toc">{_html("strong", ctx.words("toc"))}<ul>{toc}</ul></nav>')


def show_movers(ctx: NationalContext) -> None:
    """Display the biggest risers and fallers of the total between two comparable years."""
    first, last = max(ctx.start_year, 2018), _latest(ctx)
    _display_html(_html("h2", ctx.words("movers", first=first, last=last), id="movers", **{"class": "cchc-first"}))
    m = movers(ctx.scores, "total", first, last)
    c, pts = WORDS[ctx.language]["cols"], ctx.words("points")

    def table(df):
        rows = "".join("<tr>" + f"<td>{_link(ctx, r['province'])}</td>" + _html("td", _region(r["region"], ctx.language))
                       + _html("td", f"{_num(r['first'], ctx.language)} {pts}") + _html("td", f"{_num(r['last'], ctx.language)} {pts}")
                       + _html("td", ("+" if r["change"] > 0 else "") + f"{_num(r['change'], ctx.language)} {pts}") + "</tr>"
                       for _i, r in df.iterrows())
        head = "".join(_html("th", x) for x in (c["province"], c["region"], str(first), str(last), c["change_window"]))
        return f'<div class="cchc-table-wrap"><table class="cchc-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'

    _display_html(_html("p", ctx.words("movers_text", first=first, last=last, k=N_MOVERS))
                  + _html("h3", ctx.words("risers")) + table(m.head(N_MOVERS))
                  + _html("h3", ctx.words("fallers")) + table(m.tail(N_MOVERS).iloc[::-1]))


def show_regional(ctx: NationalContext) -> None:
    """Display the regional medians of each dimension in the latest year."""
    year = _latest(ctx)
    _display_html(_html("h2", ctx.words("regional"), id="regional"))
    r = regional_medians(ctx.scores, year)
    c = WORDS[ctx.language]["cols"]
    shown = pd.DataFrame({c["region"]: [_region(x, ctx.language) for x in r.index]})
    for d in r.columns:
        shown[ctx.dimension_names[d]] = [f"{_num(v, ctx.language)} {ctx.words('points')}" for v in r[d]]
    _display_html(_html("p", ctx.words("regional_text", year=year)) + f'<div class="cchc-table-wrap">{styled_table(shown)}</div>')


def _order(ctx) -> list[str]:
    from .registry import fold

    p = ctx.scores[["province", "region"]].drop_duplicates()
    return [n for n in sorted(p["province"], key=lambda n: (p.set_index("province").loc[n, "region"], fold(n)))]


def heatmap(ctx: NationalContext, dimension: str, *, annotate: bool = True):
    """Return a heat map figure of ``dimension``: provinces × years, one panel per comparable span.

    Examples
    --------
    >>> len(heatmap(prepare(), "total").axes) >= 2
    True
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    spans = comparable_spans(dimension, ctx.start_year, ctx.end_year)
    order = _order(ctx)
    widths = [b - a + 1 for a, b in spans]
    fig, axes = plt.subplots(1, len(spans), figsize=(3 + 0.55 * sum(widths), 13), squeeze=False,
                             gridspec_kw={"width_ratios": widths})
    for ax, (a, b) in zip(axes[0], spans):
        s = ctx.scores[(ctx.scores["dimension"] == dimension) & ctx.scores["year"].between(a, b)]
        grid = s.pivot_table(index="province", columns="year", values="value", dropna=False).reindex(order)
        labels = grid.map(lambda v: _num(v, ctx.language, 1) if pd.notna(v) else "") if annotate else False
        sns.heatmap(grid, ax=ax, cmap="RdYlGn", annot=labels if annotate is False else labels.to_numpy(), fmt="",
                    annot_kws={"fontsize": 5.5},
                    cbar_kws={"shrink": 0.4, "format": plt.FuncFormatter(lambda v, _p: _num(v, ctx.language, 1))},
                    yticklabels=(ax is axes[0][0]), linewidths=0.2, linecolor="white")
        ax.set_xlabel(ctx.words("axis_year"))
        ax.set_ylabel("")
        ax.tick_params(labelsize=7)
    fig.suptitle(ctx.words("heatmap", dimension=ctx.dimension_names[dimension]), fontsize=11)
    fig.tight_layout()
    return fig


def _figure_html(fig, alt: str) -> str:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}" style="max-width:100%">'


def show_heatmaps(ctx: NationalContext) -> None:
    """Display the heat map of the total (two panels), then of each dimension folded in ``<details>``."""
    _display_html(_html("h2", ctx.words("heatmap", dimension=ctx.dimension_names["total"]), id="heatmaps")
                  + _html("p", ctx.words("heatmap_text")) + _html("p", ctx.words("break_total")))
    title = ctx.words("heatmap", dimension=ctx.dimension_names["total"])
    _display_html(_figure_html(heatmap(ctx, "total"), title))
    for d in SHOWN[:-1]:
        t = ctx.words("heatmap", dimension=ctx.dimension_names[d])
        _display_html(f"<details><summary>{html.escape(t)}</summary>{_figure_html(heatmap(ctx, d, annotate=False), t)}</details>")


def _tier_word(ctx, v) -> str:
    return TIERS[ctx.language][int(v)] if pd.notna(v) else "–"


def show_tables(ctx: NationalContext) -> None:
    """Display the tables: latest year by total, every year by name, each dimension by score (folded)."""
    year = _latest(ctx)
    s, c, pts = ctx.scores, WORDS[ctx.language]["cols"], ctx.words("points")
    now = s[s["year"] == year]
    wide = now.pivot_table(index="province", columns="dimension", values="value")
    rank = now[now["dimension"] == "total"].set_index("province")
    by_total = wide.assign(_r=rank["rank"], _t=rank["tier"]).sort_values(["_r", "total"], na_position="last")
    head = [c["rank"], c["province"], c["tier"]] + [ctx.dimension_names[d] for d in SHOWN]

    def row(name, r):
        cells = [_html("td", "–" if pd.isna(r["_r"]) else str(int(r["_r"]))), f"<td>{_link(ctx, name)}</td>",
                 _html("td", _tier_word(ctx, r["_t"]))]
        cells += [_html("td", f"{_num(r.get(d), ctx.language)} {pts}" if pd.notna(r.get(d)) else ctx.words("missing")) for d in SHOWN]
        return "<tr>" + "".join(cells) + "</tr>"

    def table(heads, body):
        h = "".join(_html("th", x) for x in heads)
        return f'<div class="cchc-table-wrap"><table class="cchc-table"><thead><tr>{h}</tr></thead><tbody>{body}</tbody></table></div>'

    out = [_html("h2", ctx.words("table_total", year=year), id="tables"),
           table(head, "".join(row(n, r) for n, r in by_total.iterrows()))]
    totals = s[s["dimension"] == "total"].pivot_table(index="province", columns="year", values="value", dropna=False)
    from .registry import fold

    names = sorted(totals.index, key=fold)
    body = "".join("<tr>" + f"<td>{_link(ctx, n)}</td>" + "".join(
        _html("td", _num(totals.at[n, y], ctx.language) if pd.notna(totals.at[n, y]) else "–") for y in totals.columns) + "</tr>"
        for n in names)
    out += [_html("h3", ctx.words("table_name")), _html("p", ctx.words("break_total") + f" ({pts})"),
            table([c["province"]] + [str(y) for y in totals.columns], body)]
    for d in SHOWN[:-1]:
        sub = now[now["dimension"] == d].sort_values(["rank", "province"], na_position="last")
        body = "".join("<tr>" + _html("td", "–" if pd.isna(r["rank"]) else str(int(r["rank"]))) + f"<td>{_link(ctx, r['province'])}</td>"
                       + _html("td", _region(r["region"], ctx.language))
                       + _html("td", f"{_num(r['value'], ctx.language)} {pts}" if pd.notna(r["value"]) else ctx.words("missing"))
                       + _html("td", _tier_word(ctx, r["tier"])) + "</tr>" for _i, r in sub.iterrows())
        t = ctx.words("table_dimension", dimension=ctx.dimension_names[d], year=year)
        out.append(f"<details><summary>{html.escape(t)}</summary>"
                   + table([c["rank"], c["province"], c["region"], c["value"], c["tier"]], body) + "</details>")
    _display_html("".join(out))


def show_sources(ctx: NationalContext) -> None:
    """Display the sources of the page's figures."""
    _display_html(_html("h2", ctx.words("sources"), id="sources") + _html("p", ctx.words("sources_text")))
