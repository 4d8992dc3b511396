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
from ._text import COMPARATIVE_PAPI_WORDS, RULE_NAMES, TEXT, TOTAL_NAMES
from ._text import COMPARATIVE_WORDS as WORDS
from .errors import IncomparableError, ParameterError
from .context import PAPI_DIMENSIONS
from .loaders import load_catalog, load_facts, load_sources
from .registry import District, resolve_district
from ._present import _cite, counts_by_year, _label, _period, _scope_label, _show_figure, _table, _unit, format_quantity
from .report import data_vintage

__all__ = ["NOTEBOOK_PARAMETERS", "ComparisonContext", "prepare_comparative", "comparable_figures", "side_by_side",
           "show_comparative_header", "show_coverage_matrix", "show_comparable", "show_side_by_side",
           "show_targets_overview", "ranking_direction", "show_flags_overview", "show_comparative_sources",
           "PAPI_SHOWN", "province_papi", "province_papi_latest", "papi_latest_table", "papi_years_table",
           "plot_province_papi", "show_province_papi"]

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
    #: Every district's facts before the year filter, the key of the analysis shared with the
    #: district reports of the same run (:func:`cchc_analysis.analysis.shared_analysis`).
    all_facts: pd.DataFrame | None = field(default=None, repr=False, compare=False)
    #: What names ``all_facts`` in the per-process memos (:func:`cchc_analysis.analysis.subset_key`), when read from data/.
    all_facts_key: str | None = field(default=None, repr=False, compare=False)
    #: The shared analysis, once asked for (see :func:`_analysis`).
    extra: dict = field(default_factory=dict, repr=False, compare=False)

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
    key = None
    if facts is None:
        from .analysis import loaded_facts  # read and validated once per process, as the district reports do

        facts, key = loaded_facts()
    all_facts = facts
    facts = all_facts[(all_facts["period_end"] >= start_year) & (all_facts["period_start"] <= end_year)].reset_index(drop=True)
    codes = facts.drop_duplicates("district_code")["district_code"]
    districts = tuple(sorted((resolve_district(c) for c in codes), key=lambda d: (d.province_code, d.district_code)))
    all_key = None
    if key is not None:  # the district reports' name for every district's facts: one shared analysis
        from .analysis import subset_key

        all_key = subset_key(key, all_facts["district_code"].unique())
    return ComparisonContext(int(start_year), int(end_year), language, districts, facts, load_catalog(), load_sources(),
                             all_facts, all_key)


def _within(df: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of ``df`` whose facts (``fact_ids``) are all among ``facts``."""
    ids = set(facts["fact_id"])
    inside = [all(i in ids for i in str(s).split(";") if i) for s in df["fact_ids"]]
    return df[inside].reset_index(drop=True) if len(df) else df.reset_index(drop=True)


def _analysis(ctx: ComparisonContext) -> dict:
    """Return (and keep in ``ctx.extra``) panel, trends, projections, targets, flags and peers, computed once per process.

    Over the district reports' years (:data:`~cchc_analysis.indicators.DEFAULT_YEARS`, the
    default) the analysis is theirs (:func:`~cchc_analysis.analysis.shared_analysis` of every
    district's facts), so a run that builds them in the same kernel computes it once; targets
    and flags are then kept to the facts of the report's years (the facts left out lie outside
    the panel's years, so nothing else changes). A narrower window analyses its own facts, so
    an actual outside it never becomes a target's latest. The peer tables
    (:func:`~cchc_analysis.analysis.shared_peer_tables`) hold every key; the report keeps its own.

    Examples
    --------
    >>> sorted(_analysis(prepare_comparative()))
    ['flags', 'panel', 'peers', 'projections', 'targets', 'trends']
    """
    if "targets" not in ctx.extra:
        from .analysis import shared_analysis, shared_peer_tables

        from .indicators import DEFAULT_YEARS

        whole = ctx.all_facts is not None and ctx.start_year <= DEFAULT_YEARS[0] and ctx.end_year >= DEFAULT_YEARS[1]
        every = ctx.all_facts if whole else ctx.facts
        a = shared_analysis(every, ctx.catalog, ctx.start_year, ctx.end_year,
                            facts_key=ctx.all_facts_key if whole else None)
        a["targets"], a["flags"] = _within(a["targets"], ctx.facts), _within(a["flags"], ctx.facts)
        ctx.extra.update(a, peers=shared_peer_tables(every, ctx.catalog))
    return ctx.extra


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
    cols = KEY + ["district_code", "value", "rank", "direction", "peer_median", "n_districts", "fact_ids"]
    f = ctx.facts
    windows = pd.DataFrame({c: f[c].fillna("").astype(str) if c in f else "" for c in ("date_start", "date_end")})
    n_windows = windows.assign(**{k: f[k] for k in KEY}).drop_duplicates().groupby(KEY).size()
    # peers of every key, computed once per process: a key some district states twice (the
    # figure to compare is ambiguous) is left out there; a key over different sub-year windows here
    peers = _analysis(ctx)["peers"].merge(n_windows[n_windows == 1].reset_index()[KEY], on=KEY)
    peers = peers[peers["n_peers"] >= 2]
    if peers.empty:
        return pd.DataFrame(columns=cols)
    peers = peers.rename(columns={"n_peers": "n_districts"}).reset_index(drop=True)
    peers["direction"] = [ranking_direction(ctx.catalog, s, k) for s, k in zip(peers["indicator"], peers["kind"])]
    ranked = peers["direction"].isin(["higher", "lower"])
    signed = peers["value"].where(peers["direction"] == "lower", -peers["value"])  # best first in the stated direction
    peers["rank"] = signed.groupby([peers[c] for c in KEY]).rank(method="min").where(ranked)  # equal values share the best
    return peers[cols]


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
    differs = TEXT[language]["differs"]
    level_, period_, sep = differs["level"], differs["period"], differs["sep"]
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
    by_year = counts_by_year(f, "district", ctx.start_year, ctx.end_year, TEXT[lang]["cols"]["multi_year"])
    display(_table(by_year.rename_axis(index=name, columns=None).reset_index(), caption=counts, counts=True))


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
    derived = comparable_derived(ctx)
    if len(derived):  # only like periods and levels, each row saying it is derived
        from ._present import format_value

        display(block(heading(_pw(ctx, "derived_title"), 3, "derived"),
                      para(_pw(ctx, "derived_text", per=format_value(10_000, ctx.language)))))
        table = _readable(ctx, derived)
        table[_pw(ctx, "derived_col")] = derived["label"]
        table[c["median"]] = [format_quantity(v, _unit(ctx.catalog, s), ctx.language)
                              for s, v in zip(derived["indicator"], derived["peer_median"])]
        display(_table(table))


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

    t = _analysis(ctx)["targets"]
    t = t.assign(district=t["district_code"].map(ctx.name), status=t["status"].map(TEXT[ctx.language]["status"]))
    display(block(heading(_w(ctx, "targets"), 2, "targets")))
    display(_table(t.pivot_table(index="district", columns="status", aggfunc="size", fill_value=0)
                   .rename_axis(index=_w(ctx, "cols")["district"], columns=None).reset_index(),
                   caption=TEXT[ctx.language]["targets_caption"], counts=True))


def show_flags_overview(ctx: ComparisonContext) -> None:
    """Display, per district, how many contradictions of each kind the documents contain."""
    from IPython.display import display

    flags = _analysis(ctx)["flags"]
    display(block(heading(_w(ctx, "flags"), 2, "flags")))
    if flags.empty:
        display(block(para(_w(ctx, "none"))))
        return
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


# --- PAPI of the districts' provinces ----------------------------------------------------------

#: The PAPI measures compared, in display order: the total, then the eight dimensions.
PAPI_SHOWN = ("total", *PAPI_DIMENSIONS)


def _pw(ctx, key: str, **fmt) -> str:

    w = COMPARATIVE_PAPI_WORDS[ctx.language][key]
    return w.format(**fmt) if fmt else w


def _papi_scores(papi: pd.DataFrame | None) -> pd.DataFrame:
    from .context import load_papi
    from .provinces import papi_scores

    return papi_scores(load_papi() if papi is None else papi)


def _province_codes(ctx: ComparisonContext) -> list[str]:
    """The GSO codes of the districts' provinces (before 2025), in the report's order."""
    return list(dict.fromkeys(d.province_code for d in ctx.districts))


def _span_of(dimension: str, year: int) -> tuple[int, int] | None:
    """The stretch of years measured the same way that holds ``year`` (see :func:`~cchc_analysis.provinces.comparable_spans`)."""
    from .provinces import FIRST_YEAR, LAST_YEAR, comparable_spans

    spans = comparable_spans(dimension, min(year, FIRST_YEAR), max(year, LAST_YEAR))
    return next(((a, b) for a, b in spans if a <= year <= b), None)


def province_papi(ctx: ComparisonContext, papi: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the PAPI scores of the provinces the districts lie in, over the report's years.

    Parameters
    ----------
    ctx : ComparisonContext
    papi : DataFrame, optional
        PAPI scores of all 63 provinces (:func:`~cchc_analysis.context.load_papi`, the default):
        the national median is taken over all of them.

    Returns
    -------
    DataFrame
        One row per province × year × measure (:data:`PAPI_SHOWN`): ``province``,
        ``province_code``, ``year``, ``dimension``, ``value`` (NaN: no score),
        ``national_median``, ``rank``, ``n_ranked`` and ``span_first``, ``span_last``:
        the years measured the same way as this one (a line or a change never crosses them).

    Examples
    --------
    >>> t = province_papi(prepare_comparative())
    >>> sorted(t["province"].unique()), int(t["year"].min()), int(t["year"].max())
    (['Hải Dương', 'Thanh Hóa', 'Thừa Thiên Huế', 'Trà Vinh'], 2016, 2024)
    >>> t.query("dimension == 'total' and year == 2017")[["span_first", "span_last"]].drop_duplicates().values.tolist()
    [[2011, 2017]]
    """
    s = _papi_scores(papi)
    codes = _province_codes(ctx)
    s = s[s["province_code"].isin(codes) & s["dimension"].isin(PAPI_SHOWN) & s["year"].between(ctx.start_year, ctx.end_year)]
    s = s.assign(_p=s["province_code"].map({c: i for i, c in enumerate(codes)}),
                 _d=s["dimension"].map({d: i for i, d in enumerate(PAPI_SHOWN)}))
    s = s.sort_values(["_p", "_d", "year"], kind="stable").drop(columns=["_p", "_d"]).reset_index(drop=True)
    spans = [_span_of(d, int(y)) for d, y in zip(s["dimension"], s["year"])]
    s["span_first"] = [a for a, _b in spans]
    s["span_last"] = [b for _a, b in spans]
    cols = ["province", "province_code", "year", "dimension", "value", "national_median", "rank", "n_ranked",
            "span_first", "span_last"]
    return s[cols].astype({"span_first": int, "span_last": int})


def province_papi_latest(ctx: ComparisonContext, papi: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return each province's latest PAPI scores in the report's years and their change since the previous survey.

    The latest survey is the last year of the window with PAPI scores; the previous survey,
    for each measure, the year before it with scores (within the window). The change is the
    difference of the two scores only when both years are measured the same way
    (:func:`~cchc_analysis.provinces.comparable_spans`: totals break in 2018, Vertical
    accountability in 2016); else it is NaN and ``note`` says why.

    Returns
    -------
    DataFrame
        One row per province × measure: ``province``, ``province_code``, ``dimension``,
        ``year``, ``value``, ``national_median``, ``vs_median`` (value − median, same year),
        ``previous_year``, ``previous_value``, ``change`` and ``note``: ``""``, ``"break"``
        (a change of method between the two years, ``break_year``), ``"no previous"`` or
        ``"missing"`` (no score of the province in one of the years).

    Examples
    --------
    >>> t = province_papi_latest(prepare_comparative(start_year=2016, end_year=2018))
    >>> t.query("province == 'Thanh Hóa' and dimension == 'total'")[["year", "previous_year", "note", "break_year"]].values.tolist()
    [[2018, 2017, 'break', 2018]]
    """
    cols = ["province", "province_code", "dimension", "year", "value", "national_median", "vs_median",
            "previous_year", "previous_value", "change", "note", "break_year"]
    s = _papi_scores(papi)
    window = s[s["year"].between(ctx.start_year, ctx.end_year) & s["dimension"].isin(PAPI_SHOWN)]
    scored = window[window["value"].notna()]
    if scored.empty:
        return pd.DataFrame(columns=cols)
    year = int(scored["year"].max())
    surveyed = scored.groupby("dimension")["year"].agg(lambda y: sorted(set(y)))
    mine = window[window["province_code"].isin(_province_codes(ctx))].set_index(["province_code", "dimension", "year"])
    names = window.drop_duplicates("province_code").set_index("province_code")["province"]
    rows = []
    for code in _province_codes(ctx):
        for dim in PAPI_SHOWN:
            years = surveyed.get(dim, [])
            if year not in years:
                continue  # not measured in the latest survey (D7, D8 before 2018)
            earlier = [y for y in years if y < year]
            prev = earlier[-1] if earlier else None
            now = mine["value"].get((code, dim, year), np.nan)
            median = mine["national_median"].get((code, dim, year), np.nan)
            before = mine["value"].get((code, dim, prev), np.nan) if prev is not None else np.nan
            same = prev is not None and _span_of(dim, prev) == _span_of(dim, year)
            note = ("no previous" if prev is None else "break" if not same
                    else "missing" if pd.isna(now) or pd.isna(before) else "")
            rows.append({"province": names.get(code, code), "province_code": code, "dimension": dim, "year": year,
                         "value": now, "national_median": median, "vs_median": now - median,
                         "previous_year": prev, "previous_value": before,
                         "change": now - before if note == "" else np.nan, "note": note,
                         "break_year": _span_of(dim, year)[0] if note == "break" else None})
    out = pd.DataFrame(rows, columns=cols)
    return out.astype({"previous_year": "Int64", "break_year": "Int64", "year": int})


def _measure_names(language: str) -> dict:
    from .context import load_papi_dimensions

    dims = load_papi_dimensions()
    return {**dims["name_vi" if language == "vi" else "name_en"].to_dict(), **TOTAL_NAMES[language]}


def _papi_scale(ctx, dimension: str, year: int) -> str:
    from .context import BREAK_YEAR

    if dimension == "total":
        return _pw(ctx, "scale_8" if year >= BREAK_YEAR else "scale_6")
    return _pw(ctx, "scale_dim")


def _score(ctx, value) -> str:
    """A PAPI score with its unit, as every number in a table carries one ("43,48 điểm")."""
    return _pw(ctx, "missing") if pd.isna(value) else format_quantity(round(float(value), 2), "score", ctx.language)


def _signed(ctx, value) -> str:
    """A change of PAPI score with its sign and unit ("+0,84 điểm", "−0,95 điểm")."""
    from ._wording import signed_score

    return signed_score(float(value), ctx.language)


def _change_text(ctx, row) -> str:
    if row["note"] == "break":
        return _pw(ctx, "change_break", year=int(row["break_year"]))
    if row["note"] == "no previous":
        return _pw(ctx, "change_none")
    if row["note"] == "missing":
        return _pw(ctx, "missing")
    return _signed(ctx, row["change"])


def papi_latest_table(ctx: ComparisonContext, papi: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the latest-survey table for readers: a row per measure (named), each province's score and change.

    Examples
    --------
    >>> t = papi_latest_table(prepare_comparative(language="en"))
    >>> t.iloc[0, :3].tolist()
    ['PAPI total', '8–80', '43.48 points']
    """
    latest = province_papi_latest(ctx, papi)
    if latest.empty:
        return pd.DataFrame()
    c, names = _pw(ctx, "cols"), _measure_names(ctx.language)
    year = int(latest["year"].iloc[0])
    prev = latest["previous_year"].dropna().unique()
    rows = []
    for dim, g in latest.groupby("dimension", sort=False):
        row = {c["measure"]: names[dim], c["scale"]: _papi_scale(ctx, dim, year),
               c["median"]: _score(ctx, g["national_median"].dropna().iloc[0]) if g["national_median"].notna().any()
               else _pw(ctx, "missing")}
        for r in g.to_dict("records"):
            row[r["province"]] = _score(ctx, r["value"])
            key = (c["change"].format(province=r["province"], previous=int(prev[0])) if len(prev) == 1
                   else c["change_short"].format(province=r["province"]))
            row[key] = _change_text(ctx, r)
        rows.append(row)
    return pd.DataFrame(rows)


def plot_province_papi(ctx: ComparisonContext, papi: pd.DataFrame | None = None):
    """Return a figure: one panel per measure, each province's line and the national median, broken at changes of method.

    Provinces differ by colour and marker (readable in grey print); a line is drawn only
    within years measured the same way.

    Examples
    --------
    >>> fig = plot_province_papi(prepare_comparative())
    >>> len(fig.axes), sorted(t.get_text() for t in fig.legends[0].get_texts())[0]
    (9, 'Hải Dương')
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    from ._present import format_value

    t = province_papi(ctx, papi)
    names = _measure_names(ctx.language)
    provinces = list(dict.fromkeys(t["province"]))
    styles = dict(zip(provinces, [("#1f4e79", "o"), ("#c0392b", "s"), ("#1a9850", "^"), ("#7d3c98", "D"),
                                  ("#b9770e", "v"), ("#117a65", "P")] * 3))
    fig, axes = plt.subplots(3, 3, figsize=(11, 9), sharex=True)
    for ax, dim in zip(axes.flat, PAPI_SHOWN):
        d = t[t["dimension"] == dim]
        for _span, seg in d.groupby(["span_first", "span_last"]):
            med = seg.drop_duplicates("year")
            ax.plot(med["year"], med["national_median"], color="0.45", ls="--", lw=1)
            for p, g in seg.groupby("province", sort=False):
                colour, marker = styles[p]
                ax.plot(g["year"], g["value"], color=colour, marker=marker, ms=3.5, lw=1.1)
        ax.set_title(names[dim], fontsize=9, wrap=True)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: str(int(v))))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: format_value(round(v, 2), ctx.language)))
        ax.tick_params(labelsize=8)
    for ax in axes[:, 0]:
        ax.set_ylabel(_pw(ctx, "axis_score"), fontsize=8)
    handles = [Line2D([], [], color=styles[p][0], marker=styles[p][1], label=p) for p in provinces]
    handles.append(Line2D([], [], color="0.45", ls="--", label=_pw(ctx, "legend_median")))
    fig.legend(handles=handles, loc="lower center", ncol=min(len(handles), 5), fontsize=9, frameon=False)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


def papi_years_table(ctx: ComparisonContext, dimension: str, papi: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one measure's scores by year for readers: the year, its scale, each province, the national median.

    Examples
    --------
    >>> papi_years_table(prepare_comparative(language="en"), "total").iloc[1].tolist()
    ['2017', '6–60', '38.73 points', '37.35 points', '36.03 points', '36.33 points', '36.72 points']
    """
    t = province_papi(ctx, papi)
    t = t[t["dimension"] == dimension]
    c = _pw(ctx, "cols")
    rows = []
    for y, g in t.groupby("year"):
        row = {c["year"]: str(int(y)), c["scale"]: _papi_scale(ctx, dimension, int(y))}
        row.update({r["province"]: _score(ctx, r["value"]) for r in g.to_dict("records")})
        row[c["median"]] = _score(ctx, g["national_median"].iloc[0])
        rows.append(row)
    return pd.DataFrame(rows)


def show_province_papi(ctx: ComparisonContext, papi: pd.DataFrame | None = None) -> None:
    """Display the PAPI of the districts' provinces: latest scores and change, then every year against the median."""
    from IPython.display import display
    from markupsafe import Markup

    from ._html import details
    from .context import load_papi

    papi = load_papi() if papi is None else papi  # read once for the section
    provinces = [d.province for d in ctx.districts]
    provinces = list(dict.fromkeys(provinces))
    display(block(heading(_pw(ctx, "papi"), 2, "papi")))
    latest = province_papi_latest(ctx, papi)
    if latest.empty:
        display(block(para(_pw(ctx, "papi_none", start=ctx.start_year, end=ctx.end_year))))
        return
    year = int(latest["year"].iloc[0])
    scored = int(_papi_scores(papi).query("year == @year and dimension == 'total'")["value"].notna().sum())
    display(block(para(_pw(ctx, "papi_text", n=len(ctx.districts), k=len(provinces), provinces=", ".join(provinces),
                           m=scored, year=year))))
    display(block(heading(_pw(ctx, "papi_latest", year=year), 3, "papi-latest")))
    display(_table(papi_latest_table(ctx, papi), caption=_pw(ctx, "papi_latest_caption", year=year)))
    display(block(heading(_pw(ctx, "papi_years"), 3, "papi-years"), para(_pw(ctx, "papi_years_text")),
                  items([_pw(ctx, k) for k in ("break_total", "break_d3", "break_new")])))
    t = province_papi(ctx, papi)
    _show_figure(plot_province_papi(ctx, papi),
                 alt=_pw(ctx, "figure_alt", provinces=", ".join(provinces), first=int(t["year"].min()),
                         last=int(t["year"].max())))
    names = _measure_names(ctx.language)
    for dim in PAPI_SHOWN:
        if not (t["dimension"] == dim).any():
            continue
        shown = _table(papi_years_table(ctx, dim, papi), caption=_pw(ctx, "papi_years_caption", measure=names[dim]))
        display(block(details(names[dim], Markup(shown.data), open=dim == "total")))


# --- derived figures: annual averages and rates per inhabitants ---------------------------------

#: The ways a compared figure may be derived from stated ones (never stated by a document).
DERIVATIONS = ("annual_average", "per_capita")
DERIVED_COLUMNS = KEY + ["district_code", "value", "derivation", "how", "fact_ids"]


def derived_figures(ctx: ComparisonContext, how: str, *, indicators=None, per: int = 10_000) -> pd.DataFrame:
    """Return figures derived from the stated ones, each saying how, for comparing districts.

    Parameters
    ----------
    how : {"annual_average", "per_capita"}
        ``annual_average``: each actual total over several years (a count, persons, dossiers,
        documents or money; not a stock such as communes or population) divided by its years;
        the row keeps the total's period, so an average of 2016–2020 and one of 2017–2021 are
        still different periods. ``per_capita``: each actual single-year total per ``per``
        inhabitants, with the district's population of the same year (never another year's).
    indicators : list of str, optional
        Slugs to derive; default every one that qualifies.

    Returns
    -------
    DataFrame
        Columns :data:`DERIVED_COLUMNS`: the key of the figure derived from (its indicator,
        scope, level, period, kind), ``value``, ``derivation`` (how, in English:
        ``"annual average of the 2016–2020 total"``), ``how`` and ``fact_ids`` (the stated
        facts it comes from, the population's included).

    Raises
    ------
    ParameterError
        For another ``how``.

    Examples
    --------
    >>> t = derived_figures(prepare_comparative(), "annual_average", indicators=["training_participants"])
    >>> t.loc[t["scope"] == "", ["district_code", "period_start", "period_end", "value", "derivation"]].values.tolist()
    [['297', 2016, 2020, 200.0, 'annual average of the 2016–2020 total'], ['849', 2017, 2021, 173.4, 'annual average of the 2017–2021 total']]
    """
    from .indicators import ADDITIVE_UNITS, STOCK_INDICATORS

    if how not in DERIVATIONS:
        raise ParameterError("how", how, "is not a way to derive a figure", list(DERIVATIONS))
    f = ctx.facts
    units = ctx.catalog["unit"] if "unit" in ctx.catalog else pd.Series(dtype=str)
    totals = f["indicator"].map(units).isin(ADDITIVE_UNITS) & ~f["indicator"].isin(STOCK_INDICATORS) & f["kind"].eq("actual")
    if "date_start" in f:  # a quarter's or a month's figure is not a year's
        totals &= f["date_start"].fillna("").astype(str).eq("") & f["date_end"].fillna("").astype(str).eq("")
    if indicators is not None:
        totals &= f["indicator"].isin(list(indicators))
    years = f["period_end"] - f["period_start"] + 1
    if how == "annual_average":
        rows = f[totals & (years > 1)]
        out = rows.assign(value=rows["value"] / (rows["period_end"] - rows["period_start"] + 1),
                          derivation=[f"annual average of the {_period(a, b)} total"
                                      for a, b in zip(rows["period_start"], rows["period_end"])],
                          fact_ids=rows["fact_id"])
    else:
        pop = f[f["indicator"].eq("population") & f["kind"].eq("actual") & f["scope"].fillna("").eq("")
                & (f["period_start"] == f["period_end"])]
        pop = pop.drop_duplicates(["district_code", "period_start", "value"])
        pop = pop[~pop.duplicated(["district_code", "period_start"], keep=False)]  # two populations: none is used
        pop = pop.rename(columns={"value": "_pop", "fact_id": "_pop_id"})[["district_code", "period_start", "_pop", "_pop_id"]]
        rows = f[totals & (years == 1)].merge(pop, on=["district_code", "period_start"])
        rows = rows[rows["_pop"] > 0]
        out = rows.assign(value=per * rows["value"] / rows["_pop"],
                          derivation=f"{per} * " + rows["indicator"] + f" / population (same year)",
                          fact_ids=rows["fact_id"] + ";" + rows["_pop_id"])
    out = out.assign(how=how, scope=out["scope"].fillna(""))
    return out[DERIVED_COLUMNS].reset_index(drop=True)


def compare_derived(ctx: ComparisonContext, indicator: str, how: str, *, period=None, level=None,
                    per: int = 10_000) -> pd.DataFrame:
    """Compare a derived figure across districts: only like periods and levels, labelled as derived.

    The derived rows of :func:`derived_figures` go through
    :func:`~cchc_analysis.peers.compare_peers`, which refuses figures of different periods
    or levels: an annual average does not make a 2016–2020 total comparable with a
    2017–2021 one, nor a district office's dossiers with its communes'.

    Returns
    -------
    DataFrame
        ``compare_peers``' columns (rank as the catalog's direction says; no rank where it
        states none) plus ``derivation`` and ``label`` (the reader's words, ``derived: …``).

    Raises
    ------
    IncomparableError
        When the districts' figures differ in period or level.
    ParameterError
        When no district has the derived figure.

    Examples
    --------
    >>> compare_derived(prepare_comparative(), "training_participants", "annual_average")
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.IncomparableError: refusing to compare: period differs: 2016–2020 (297) vs 2017–2021 (849); ...
    """
    from .peers import compare_peers

    d = derived_figures(ctx, how, indicators=[indicator], per=per)
    if d.empty:
        raise ParameterError("indicator", indicator, f"no district has a figure to derive by {how!r}",
                             sorted(derived_figures(ctx, how, per=per)["indicator"].unique()))
    facts = d.assign(fact_id=d["fact_ids"]).drop(columns="fact_ids")
    r = compare_peers(facts, indicator=indicator, period=period, level=level, catalog=ctx.catalog)
    how_of = d.drop_duplicates("district_code").set_index("district_code")["derivation"]
    r["derivation"] = r["district_code"].map(how_of)
    r["label"] = [_derived_label(ctx, how, a, b, per) for a, b in zip(r["period_start"], r["period_end"])]
    return r


def _derived_label(ctx, how: str, start: int, end: int, per: int) -> str:
    from ._present import format_value

    if how == "annual_average":
        return _pw(ctx, "derived_annual", period=_period(start, end))
    return _pw(ctx, "derived_per_capita", per=format_value(per, ctx.language))


def comparable_derived(ctx: ComparisonContext, per: int = 10_000) -> pd.DataFrame:
    """Return every derived figure that at least two districts have with the same key, labelled.

    Like :func:`comparable_figures` for derived figures: grouped on the full key (so only like
    periods and levels meet), ``label`` says ``derived`` in the report's language, and no
    figure is ranked (a derived figure sits beside the others; it is not a stated result).

    Examples
    --------
    >>> comparable_derived(prepare_comparative()).empty  # the real figures differ in period or level
    True
    """
    cols = KEY + ["district_code", "value", "peer_median", "n_districts", "derivation", "label", "fact_ids"]
    parts = [derived_figures(ctx, how, per=per) for how in DERIVATIONS]
    d = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else pd.DataFrame()
    if d.empty:
        return pd.DataFrame(columns=cols)
    group = KEY + ["how"]
    d = d[d.groupby(group)["district_code"].transform("nunique") >= 2]
    d = d[d.groupby(group + ["district_code"])["value"].transform("nunique") == 1]  # ambiguous: not compared
    d = d.drop_duplicates(group + ["district_code"])
    if d.empty:
        return pd.DataFrame(columns=cols)
    d = d.assign(peer_median=d.groupby(group)["value"].transform("median"),
                 n_districts=d.groupby(group)["district_code"].transform("size"),
                 label=[_derived_label(ctx, h, a, b, per) for h, a, b in zip(d["how"], d["period_start"], d["period_end"])])
    return d.sort_values(group + ["district_code"], kind="stable").reset_index(drop=True)[cols]
