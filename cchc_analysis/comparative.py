"""Sections of the comparative report: every district with data, side by side.

Comparisons are strict: a figure is ranked only against figures with the same
indicator, scope, level, period and kind (see :mod:`cchc_analysis.peers`).
Figures that look alike but differ in level or period are shown side by side
with the reason they are not ranked.

Examples
--------
>>> ctx = prepare_comparative(language="en")
>>> [d.name for d in ctx.districts]
['Gia Lộc', 'Thường Xuân', 'Triệu Sơn', 'Quảng Điền', 'Trà Cú']
>>> bool(comparable_figures(ctx)["n_districts"].min() >= 2)
True
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._html import block, heading, items, para
from ._text import COMPARATIVE_WORDS as WORDS
from ._text import TEXT
from .errors import IncomparableError, ParameterError
from .loaders import load_catalog, load_facts, load_sources
from .registry import District, resolve_district
from ._present import _cite, _label, _period, _scope_label, _show_figure, _table, _unit, format_quantity
from .report import data_vintage

__all__ = ["NOTEBOOK_PARAMETERS", "ComparisonContext", "prepare_comparative", "comparable_figures", "side_by_side",
           "show_comparative_header", "show_coverage_matrix", "show_comparable", "show_side_by_side",
           "show_targets_overview", "ranking_direction", "show_flags_overview", "show_comparative_sources"]

KEY = ["indicator", "scope", "level", "period_start", "period_end", "kind"]
#: The parameters the comparative notebook declares (checked by
#: :func:`cchc_analysis.report.check_notebook_parameters` in its first cell).
NOTEBOOK_PARAMETERS = ("start_year", "end_year", "language")


@dataclass(frozen=True)
class ComparisonContext:
    """Everything the comparative report shows, computed once by :func:`prepare_comparative`."""

    start_year: int
    end_year: int
    language: str
    districts: tuple[District, ...]
    facts: pd.DataFrame = field(repr=False)
    catalog: pd.DataFrame = field(repr=False)
    sources: pd.DataFrame = field(repr=False)

    def name(self, code: str) -> str:
        """Return the district's name for a GSO code."""
        return next(d.name for d in self.districts if d.district_code == code)


def prepare_comparative(*, start_year: int = 2016, end_year: int = 2025, language: str = "vi",
                        facts: pd.DataFrame | None = None) -> ComparisonContext:
    """Return the context of the comparative report (every district with data).

    Examples
    --------
    >>> ctx = prepare_comparative(start_year=2021, end_year=2025)
    >>> len(ctx.districts), bool(ctx.facts["period_end"].min() >= 2021)
    (5, True)
    >>> prepare_comparative(language="fr")
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.ParameterError: parameter 'language'='fr': ...; valid: en, vi
    """
    if language not in WORDS:
        raise ParameterError("language", language, "is not a report language", sorted(WORDS))
    facts = load_facts() if facts is None else facts
    facts = facts[(facts["period_end"] >= start_year) & (facts["period_start"] <= end_year)].reset_index(drop=True)
    codes = facts.drop_duplicates("district_code")["district_code"]
    districts = tuple(sorted((resolve_district(c) for c in codes), key=lambda d: (d.province_code, d.district_code)))
    return ComparisonContext(int(start_year), int(end_year), language, districts, facts, load_catalog(), load_sources())


def _w(ctx, key):
    return WORDS[ctx.language][key]


def comparable_figures(ctx: ComparisonContext) -> pd.DataFrame:
    """Return every figure stated by at least two districts with the same key, ranked.

    Only a performance figure is ranked: an actual (never a target or a baseline) of an
    indicator whose catalog states a direction (``higher_is_better`` true or false). A
    size or context count (communes, population, agencies) and every target keep their
    value and the median, with ``rank`` empty and ``direction`` saying why.

    Returns
    -------
    DataFrame
        One row per district and comparable key: the key columns, ``district_code``,
        ``value``, ``rank`` (empty where not ranked), ``direction`` (``higher``,
        ``lower``, ``none``: no stated direction, or ``target``), ``peer_median``,
        ``n_districts`` and ``fact_ids``.

    Examples
    --------
    >>> t = comparable_figures(prepare_comparative())
    >>> row = t[(t["indicator"] == "communes_count") & (t["district_code"] == "397")].iloc[0]
    >>> [float(row[c]) for c in ("value", "peer_median", "n_districts")], row["direction"], pd.isna(row["rank"])
    ([34.0, 26.0, 2.0], 'none', True)
    """
    from .peers import compare_peers

    f = ctx.facts
    n = f.groupby(KEY)["district_code"].transform("nunique")
    out = []
    for key, g in f[n >= 2].groupby(KEY, sort=True):
        k = dict(zip(KEY, key))
        try:
            r = compare_peers(g, indicator=k["indicator"], period=(k["period_start"], k["period_end"]),
                              scope=k["scope"], level=k["level"], kind=k["kind"], catalog=ctx.catalog)
        except IncomparableError:  # a district states two values for the key: not rankable
            continue
        direction = ranking_direction(ctx.catalog, k["indicator"], k["kind"])
        r = r.assign(n_districts=len(r), direction=direction)
        if direction not in ("higher", "lower"):
            r["rank"] = float("nan")
        else:  # best first in the stated direction; equal values share the best rank
            r["rank"] = r["value"].rank(ascending=direction == "lower", method="min")
        out.append(r)
    cols = KEY + ["district_code", "value", "rank", "direction", "peer_median", "n_districts", "fact_ids"]
    return pd.concat(out, ignore_index=True)[cols] if out else pd.DataFrame(columns=cols)


def ranking_direction(catalog: pd.DataFrame, indicator: str, kind: str = "actual") -> str:
    """Return how a figure may be ranked: ``higher`` or ``lower`` is better, ``none`` or ``target`` (never).

    Examples
    --------
    >>> catalog = pd.DataFrame({"higher_is_better": [True, None, False]},
    ...                        index=["satisfaction_pct", "communes_count", "dossiers_late_pct"])
    >>> [ranking_direction(catalog, s) for s in catalog.index], ranking_direction(catalog, "satisfaction_pct", "target")
    (['higher', 'none', 'lower'], 'target')
    """
    if kind != "actual":
        return "target" if kind == "target" else "none"
    better = catalog["higher_is_better"].get(indicator) if "higher_is_better" in catalog else None
    if isinstance(better, (bool, np.bool_)):
        return "higher" if better else "lower"
    return "none"  # None or NaN: no stated direction


def side_by_side(ctx: ComparisonContext, indicators=("dossiers_received", "staff_reduced", "satisfaction_pct",
                                                    "training_participants", "online_dossiers"),
                 language: str = "en") -> pd.DataFrame:
    """Return figures of the same indicator that differ in level or period, with the reason in ``language``.

    The reason reads ``"level: commune vs district; period: 2016–2020 vs 2017–2021"``
    (or ``"khác cấp: cấp xã / cấp huyện; khác kỳ: …"`` with ``language="vi"``).

    Examples
    --------
    >>> t = side_by_side(prepare_comparative(), language="vi")
    >>> t.loc[t["indicator"] == "training_participants", "reason"].iloc[0]
    'khác kỳ: 2016–2020 / 2017–2021'
    """
    levels = TEXT[language]["level_names"]
    level_, period_, sep = {"en": ("level: ", "period: ", " vs "), "vi": ("khác cấp: ", "khác kỳ: ", " / ")}[language]
    f = ctx.facts[ctx.facts["indicator"].isin(indicators) & ctx.facts["kind"].eq("actual") & ctx.facts["scope"].eq("")]
    rows = []
    for slug, g in f.groupby("indicator"):
        if g["district_code"].nunique() < 2:
            continue
        keys = g.drop_duplicates(["level", "period_start", "period_end"])
        if len(keys) == 1:
            continue  # comparable: ranked in comparable_figures
        reason = []
        if g["level"].nunique() > 1:
            reason.append(level_ + sep.join(sorted(levels.get(v, v) for v in g["level"].unique())))
        if g[["period_start", "period_end"]].drop_duplicates().shape[0] > 1:
            reason.append(period_ + sep.join(sorted({_period(a, b) for a, b in zip(g["period_start"], g["period_end"])})))
        rows.append(g.assign(reason="; ".join(reason)))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()


def show_comparative_header(ctx: ComparisonContext) -> None:
    """Display the title, the districts then and now, and the data vintage."""
    from IPython.display import display

    c = _w(ctx, "cols")
    display(block(heading(_w(ctx, "title").format(start=ctx.start_year, end=ctx.end_year), 1, "top"),
                  para(_w(ctx, "intro").format(n=len(ctx.districts))),
                  para(data_vintage(ctx.facts, ctx.sources, ctx.language))))
    rows = [{c["district"]: d.full_name, c["province"]: d.province, c["now"]: d.province_2025,
             c["n"]: format_quantity(int((ctx.facts["district_code"] == d.district_code).sum()), "figures", ctx.language),
             c["docs"]: format_quantity(int((ctx.sources["district_code"] == d.district_code).sum()), "sources",
                                        ctx.language)}
            for d in ctx.districts]
    display(_table(pd.DataFrame(rows)))


def show_coverage_matrix(ctx: ComparisonContext) -> None:
    """Display how many figures each district has per reform area and per year."""
    from IPython.display import display

    lang = ctx.language
    areas = load_catalog(what="areas")["name_vi" if lang == "vi" else "name_en"]
    f = ctx.facts.assign(district=ctx.facts["district_code"].map(ctx.name),
                         area=ctx.facts["indicator"].map(ctx.catalog["area"]).map(areas))
    display(block(heading(_w(ctx, "coverage"), 2, "coverage")))
    name = _w(ctx, "cols")["district"]
    counts = TEXT[lang]["counts_caption"]
    display(_table(f.pivot_table(index="district", columns="area", aggfunc="size", fill_value=0)
                   .rename_axis(index=name, columns=None).reset_index(), caption=counts, counts=True))
    years = [(r.district, y) for r in f.itertuples()
             for y in range(max(r.period_start, ctx.start_year), min(r.period_end, ctx.end_year) + 1)]
    by_year = pd.DataFrame(years, columns=["district", "year"]).pivot_table(index="district", columns="year", aggfunc="size")
    display(_table(by_year.reindex(columns=range(ctx.start_year, ctx.end_year + 1)).astype("Int64")
                   .rename_axis(index=name, columns=None).reset_index(), caption=counts, counts=True))


def _readable(ctx: ComparisonContext, df: pd.DataFrame) -> pd.DataFrame:
    lang, c = ctx.language, _w(ctx, "cols")
    out = pd.DataFrame({
        c["indicator"]: [_label(ctx.catalog, s, lang) for s in df["indicator"]],
        c["scope"]: [_scope_label(s, lang) for s in df["scope"]],
        c["level"]: df["level"].map(TEXT[lang]["level_names"]),
        c["period"]: [_period(a, b) for a, b in zip(df["period_start"], df["period_end"])],
        c["kind"]: df["kind"].map(TEXT[lang]["kind"]),
        c["district"]: df["district_code"].map(ctx.name),
        c["value"]: [format_quantity(v, _unit(ctx.catalog, s), lang, q) for s, v, q in
                     zip(df["indicator"], df["value"], df["qualifier"] if "qualifier" in df else [None] * len(df))],
    })
    return out


def show_comparable(ctx: ComparisonContext) -> None:
    """Display the comparable figures with ranks and medians, and a dot plot of each actual one."""
    from IPython.display import display

    from .plots import plot_peers

    c = _w(ctx, "cols")
    display(block(heading(_w(ctx, "comparable"), 2, "comparable"), para(_w(ctx, "comparable_text"))))
    comp = comparable_figures(ctx)
    if comp.empty:
        display(block(para(_w(ctx, "none"))))
        return
    table = _readable(ctx, comp)
    table[c["rank"]] = [f"{int(r)}/{int(n)}" if pd.notna(r) else "–" for r, n in zip(comp["rank"], comp["n_districts"])]
    table[c["direction"]] = comp["direction"].map(_w(ctx, "directions"))
    table[c["median"]] = [format_quantity(v, _unit(ctx.catalog, s), ctx.language)
                          for s, v in zip(comp["indicator"], comp["peer_median"])]
    display(_table(table))
    for _, g in comp[comp["kind"] != "target"].groupby(KEY):
        ax = plot_peers(g, language=ctx.language, catalog=ctx.catalog)
        _show_figure(ax.figure)


def show_side_by_side(ctx: ComparisonContext) -> None:
    """Display same-indicator figures that differ in level or period, with why they are not ranked."""
    from IPython.display import display

    df = side_by_side(ctx, language=ctx.language)
    display(block(heading(_w(ctx, "side"), 2, "side"), para(_w(ctx, "side_text"))))
    if df.empty:
        display(block(para(_w(ctx, "none"))))
        return
    table = _readable(ctx, df)
    table[_w(ctx, "cols")["reason"]] = df["reason"]
    display(_table(table))


def show_targets_overview(ctx: ComparisonContext) -> None:
    """Display, per district, how many targets are met, on track, off track or cannot be judged."""
    from IPython.display import display

    from .targets import assess_targets

    t = assess_targets(ctx.facts, as_of=ctx.end_year, catalog=ctx.catalog)
    t = t.assign(district=t["district_code"].map(ctx.name), status=t["status"].map(TEXT[ctx.language]["status"]))
    display(block(heading(_w(ctx, "targets"), 2, "targets")))
    display(_table(t.pivot_table(index="district", columns="status", aggfunc="size", fill_value=0)
                   .rename_axis(index=_w(ctx, "cols")["district"], columns=None).reset_index(),
                   caption=TEXT[ctx.language]["targets_caption"], counts=True))


def show_flags_overview(ctx: ComparisonContext) -> None:
    """Display, per district, how many contradictions of each kind the documents contain."""
    from IPython.display import display

    from .consistency import check_consistency

    flags = check_consistency(ctx.facts, catalog=ctx.catalog)
    display(block(heading(_w(ctx, "flags"), 2, "flags")))
    if flags.empty:
        display(block(para(_w(ctx, "none"))))
        return
    from ._text import RULE_NAMES

    flags = flags.assign(district=flags["district_code"].map(ctx.name),
                         rule=flags["rule"].map(lambda r: RULE_NAMES[ctx.language].get(r, r)))
    display(_table(flags.pivot_table(index="district", columns="rule", aggfunc="size", fill_value=0)
                   .rename_axis(index=_w(ctx, "cols")["district"], columns=None).reset_index(),
                   caption=TEXT[ctx.language]["flags_caption"], counts=True))


def show_comparative_sources(ctx: ComparisonContext) -> None:
    """Display every source document."""
    from IPython.display import display

    cites = [_cite(s, ctx.language) for s in ctx.sources.itertuples()]
    cites.append(TEXT[ctx.language]["reference_sources"])
    display(block(heading(_w(ctx, "sources"), 2, "sources"), items(cites)))
