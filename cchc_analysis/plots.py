"""Figures: one function per figure, each taking a table of the toolkit and returning its Axes.

Every ``plot_*`` function takes ``data`` first, draws on ``ax`` (a new figure when not given) and
returns the Axes (or a seaborn FacetGrid for small multiples); none calls ``plt.show()``. Labels
are Vietnamese by default and English with ``language="en"``; indicator names come from the
catalog (``name_vi``/``name_en``), other words from :data:`LABELS`. Colours come from seaborn's
colour-blind-safe ``"colorblind"`` palette, and meaning is carried by marker shape too (stated
actual ●, derived actual ◆ hollow, target ★, baseline ■), never by colour alone. A figure made
from synthetic data says so on its face: pass ``synthetic=True``.

Artists carry a ``gid`` naming what they show (``"actual"``, ``"derived"``, ``"target"``,
``"baseline"``, ``"fit"``, ``"projection"``, ``"band"``, ``"peers"``, ``"highlight"``, ``"median"``,
``"province"``, ``"synthetic"``) so that tests and users can find them.

Examples
--------
>>> set_theme()
>>> panel = pd.DataFrame({
...     "district_code": "297", "indicator": "satisfaction_pct", "scope": "", "level": "district",
...     "year": [2019, 2020, 2021, 2025], "kind": ["actual", "actual", "actual", "target"],
...     "value": [80.0, 84.0, 86.0, 95.0], "derived": False})
>>> ax = plot_trend(panel, indicator="satisfaction_pct")
>>> ax.get_xlabel(), [t.get_text() for t in ax.get_legend().get_texts()]
('Năm', ['Thực hiện', 'Mục tiêu'])
>>> plt.close("all")
"""
from __future__ import annotations

import difflib
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ._plot_labels import _MARK, LABELS, UNITS, _share_docs  # LABELS and UNITS re-exported
from ._present import format_value
from .errors import IncomparableError, ParameterError, UnknownIndicatorError
from .loaders import LEVELS, load_catalog

__all__ = ["LABELS", "set_theme", "plot_trend", "plot_area_trends", "plot_coverage", "plot_peers",
           "plot_papi_dimensions"]

PALETTE = "colorblind"
from .params import LANGUAGES  # noqa: E402 - declared once, in params


def set_theme(*, context: str = "notebook", font_scale: float = 1.0) -> None:
    """Set the look of every figure: white grid, colour-blind palette, a font with Vietnamese.

    Parameters
    ----------
    context : {"paper", "notebook", "talk", "poster"}, default "notebook"
        Seaborn's scaling context.
    font_scale : float, default 1.0

    Examples
    --------
    >>> set_theme()
    >>> sns.color_palette()[0] == sns.color_palette("colorblind")[0]
    True
    """
    sns.set_theme(context=context, style="whitegrid", palette=PALETTE, font="DejaVu Sans",
                  font_scale=font_scale,
                  rc={"axes.spines.top": False, "axes.spines.right": False, "figure.dpi": 100})


def _check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ParameterError("language", language, "the language of the labels", LANGUAGES)
    return language


def _label(key: str, language: str, **fmt) -> str:
    return LABELS[key][language].format(**fmt)


def _indicator(slug: str, catalog: pd.DataFrame, language: str) -> tuple[str, str]:
    """Return (name, unit label) of an indicator."""
    if slug not in catalog.index:
        close = difflib.get_close_matches(slug, list(catalog.index), n=5, cutoff=0.5)
        raise UnknownIndicatorError(slug, close, reason="not in the catalog (data/indicators.yaml)")
    unit = catalog.at[slug, "unit"]
    return catalog.at[slug, f"name_{language}"], UNITS.get(unit, {}).get(language, unit)


def _scope_name(scope: str, language: str) -> str:
    scopes = load_catalog(what="scopes")
    return scopes.at[scope, f"name_{language}"] if scope in scopes.index else scope


def _colors() -> list:
    return sns.color_palette(PALETTE)


def _new_ax(ax, size=(6.4, 4.0)):
    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _stamp(ax, language: str, size: float = 16) -> None:
    ax.text(0.5, 0.5, _label("synthetic", language), transform=ax.transAxes, ha="center", va="center",
            rotation=20, fontsize=size, fontweight="bold", color="0.45", alpha=0.4, zorder=10, gid="synthetic")


def _with_defaults(data: pd.DataFrame) -> pd.DataFrame:
    out = data.copy()
    for col, default in (("scope", ""), ("level", ""), ("derived", False)):
        if col not in out:
            out[col] = default
    out["derived"] = out["derived"].fillna(False).astype(bool)
    return out


def _choose(df: pd.DataFrame, column: str, wanted, what: str) -> pd.DataFrame:
    """Keep the rows of ``wanted``; when None, the column must hold a single value."""
    values = sorted(df[column].astype(str).unique())
    if wanted is None:
        if len(values) > 1:
            raise ParameterError(column, None, f"the data hold several for {what}; choose one", values)
        return df
    out = df[df[column].astype(str) == str(wanted)]
    if out.empty:
        raise ParameterError(column, wanted, f"no rows for {what}", values)
    return out


def _draw_points(ax, d: pd.DataFrame, color=None, language="vi", labelled=True) -> None:
    """Scatter a panel's rows by kind: stated actual, derived actual, target, baseline."""
    shown = np.where((d["kind"] == "actual") & d["derived"], "derived", d["kind"])
    for kind, (marker, size, idx, filled) in _MARK.items():
        rows = d[shown == kind].dropna(subset=["value"])
        if rows.empty:
            continue
        c = color if color is not None and kind in ("actual", "derived") else _colors()[idx]
        ax.scatter(rows["year"], rows["value"], marker=marker, s=size, zorder=3, gid=kind,
                   facecolors=c if filled else "none", edgecolors=c, linewidths=1.4,
                   label=_label(kind, language) if labelled else None)


def _parens(parts: list[str]) -> str:
    parts = [p for p in parts if p]
    return f" ({', '.join(parts)})" if parts else ""


def _legend_marker(kind: str, language: str, grey: bool = False) -> Line2D:
    marker, size, idx, filled = _MARK[kind]
    c = "0.3" if grey and kind in ("actual", "derived") else _colors()[idx]  # several districts: theirs
    return Line2D([], [], ls="", marker=marker, markersize=9 if kind == "target" else 6,
                  markerfacecolor=c if filled else "none", markeredgecolor=c, label=_label(kind, language))


def _fit_rows(trend: pd.DataFrame | None, projection: pd.DataFrame | None, key: dict):
    """Return the fitted trend rows and the projected rows of one series (None where a frame is not given).

    Rows match ``key`` on every key column the frames hold (an empty scope is a scope
    too); a trends frame without ``status`` counts as fitted.
    """
    def rows(frame):
        if frame is None:
            return None
        for col, val in key.items():
            if col in frame:
                frame = frame[frame[col].astype(str) == str(val)]
        return frame if "status" in frame else frame.assign(status="fitted")

    t, p = rows(trend), rows(projection)
    t = t[t["status"] == "fitted"] if t is not None else None
    p = p[p["status"].isin(["projected", "fitted"])].dropna(subset=["predicted"]) if p is not None else None
    return t, p


def _draw_fit(ax, t: pd.DataFrame | None, p: pd.DataFrame | None, language: str, color="0.3",
              labelled: bool = True) -> set[str]:
    """Draw a series' fitted line (``t``: its fitted trend rows) and projection band (``p``).

    Return what was drawn: a subset of {"fit", "projection", "band"}.
    """
    drawn = set()
    label = (lambda k: _label(k, language)) if labelled else (lambda k: None)
    if t is not None and not t.empty:
        r = t.iloc[0]
        x = np.array([r["first_year"], r["last_year"]], dtype=float)
        ax.plot(x, r["intercept"] + r["slope"] * x, color=color, lw=1.5, gid="fit", label=label("fit"))
        drawn.add("fit")
    if p is not None and not p.empty:
        p = p.sort_values("year")
        ax.plot(p["year"], p["predicted"], color=color, lw=1.5, ls="--", marker="." if len(p) == 1 else None,
                gid="projection", label=label("projection"))
        ax.fill_between(p["year"], p["pi_low"], p["pi_high"], color=_colors()[0], alpha=0.15, lw=0,
                        gid="band", label=label("band"))
        drawn |= {"projection", "band"}
    return drawn


def _fit_handles(drawn: set[str], language: str) -> list:
    """Legend entries for what :func:`_draw_fit` drew, in a fixed order."""
    from matplotlib.patches import Patch

    handles = []
    if "fit" in drawn:
        handles.append(Line2D([], [], color="0.3", lw=1.5, label=_label("fit", language)))
    if "projection" in drawn:
        handles.append(Line2D([], [], color="0.3", lw=1.5, ls="--", label=_label("projection", language)))
    if "band" in drawn:
        handles.append(Patch(color=_colors()[0], alpha=0.15, lw=0, label=_label("band", language)))
    return handles


def _value_axis(axis, language: str) -> None:
    """Write the tick labels of a value axis the reader's way: ``1.700`` and ``92,5`` in Vietnamese."""
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: format_value(round(float(v), 9) + 0.0, language)))


def _year_axis(ax, language: str, span=(None, None), nbins: int | str = "auto") -> None:
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=nbins))
    if span[0] is not None or span[1] is not None:
        lo, hi = ax.get_xlim()
        ax.set_xlim(lo if span[0] is None else span[0] - 0.5, hi if span[1] is None else span[1] + 0.5)
    ax.set_xlabel(_label("year", language))


@_share_docs
def plot_trend(data: pd.DataFrame, *, indicator: str, district_code: str | None = None,
               scope: str | None = None, level: str | None = None,
               trend: pd.DataFrame | None = None, projection: pd.DataFrame | None = None,
               start_year: int | None = None,
               end_year: int | None = None, ax=None, language: str = "vi",
               catalog: pd.DataFrame | None = None, synthetic: bool = False, title: str | None = None):
    """Plot one indicator over the years: actuals, derived values, targets and the fitted trend.

    Stated actuals are filled circles, actuals derived from other figures hollow diamonds,
    targets stars and baselines squares. Missing years stay empty. With ``trend`` the fitted
    line is drawn over the years it was fitted on; with ``projection`` the projected values
    (dashed) and their prediction band. When the trend could not be fitted ("insufficient
    data") the figure says so instead of drawing a line.

    Parameters
    ----------
    {panel}
    indicator : str
        Catalog slug.
    district_code, scope, level : str, optional
        Which rows to draw; needed only when the data hold several.
    trend : DataFrame, optional
        Output of :func:`cchc_analysis.trends.fit_trends` (``status``, ``first_year``,
        ``last_year``, ``intercept``, ``slope``: value = intercept + slope × year); the row of
        this series is used.
    projection : DataFrame, optional
        Output of :func:`cchc_analysis.trends.project` (``year``, ``predicted``, ``pi_low``,
        ``pi_high``, ``status``); rows whose status is "insufficient data" are not drawn.
    {span}
    {ax}
    {language}
    {catalog}
    {synthetic}
    title : str, optional
        Replaces the default title (the indicator's name and level).

    Returns
    -------
    {returns_ax}

    Raises
    ------
    ParameterError
        When the selection is empty, or ambiguous (several districts, scopes or levels).
    UnknownIndicatorError
        When ``indicator`` is not in the catalog.

    Examples
    --------
    >>> panel = pd.DataFrame({
    ...     "district_code": "849", "indicator": "dossiers_on_time_pct", "scope": "",
    ...     "level": "district", "year": [2019, 2020, 2021, 2021, 2025],
    ...     "kind": ["actual", "actual", "actual", "actual", "target"],
    ...     "value": [97.0, 98.0, 98.5, 98.0, 100.0],
    ...     "derived": [False, False, False, True, False]})   # 2021 also derived from counts
    >>> trend = pd.DataFrame({"status": ["fitted"], "first_year": [2019], "last_year": [2021],
    ...                       "intercept": [-1422.5], "slope": [0.75]})      # 97.75 in 2019
    >>> proj = pd.DataFrame({"year": [2022, 2025], "predicted": [99.0, 101.25],
    ...                      "pi_low": [97.0, 97.5], "pi_high": [101.0, 105.0], "status": "projected"})
    >>> ax = plot_trend(panel, indicator="dossiers_on_time_pct", trend=trend, projection=proj, language="en")
    >>> ax.get_ylabel(), [c.get_gid() for c in ax.collections], [l.get_gid() for l in ax.lines]
    ('%', ['actual', 'derived', 'target', 'band'], ['fit', 'projection'])
    >>> plt.close("all")
    """
    language = _check_language(language)
    catalog = load_catalog() if catalog is None else catalog
    name, unit = _indicator(indicator, catalog, language)
    d = _with_defaults(data)
    d = _choose(d, "indicator", indicator, "indicator")
    d = _choose(d, "district_code", district_code, f"indicator {indicator!r}")
    d = _choose(d, "scope", scope, f"indicator {indicator!r}")
    d = _choose(d, "level", level, f"indicator {indicator!r}")
    ax = _new_ax(ax)
    _draw_points(ax, d, language=language)
    key = {"indicator": indicator, "district_code": d["district_code"].iloc[0], "scope": d["scope"].iloc[0],
           "level": d["level"].iloc[0]}
    t, p = _fit_rows(trend, projection, key)
    _draw_fit(ax, t, p, language)
    if (t is not None and t.empty) or (p is not None and p.empty):
        ax.text(0.02, 0.96, _label("insufficient", language), transform=ax.transAxes, va="top",
                fontsize="small", color="0.3", gid="insufficient")
    scope, level = d["scope"].iloc[0], d["level"].iloc[0]
    ax.set_title(title or name + _parens([_scope_name(scope, language) if scope else "",
                                          _label(level, language) if level in LABELS else ""]))
    ax.set_ylabel(unit)
    _value_axis(ax.yaxis, language)
    _year_axis(ax, language, span=(start_year, end_year))
    if ax.get_legend_handles_labels()[0]:
        ax.legend(frameon=False, fontsize="small")
    if synthetic:
        _stamp(ax, language)
    return ax


@_share_docs
def plot_area_trends(data: pd.DataFrame, *, area: str | None = None, start_year: int | None = None,
                     end_year: int | None = None, catalog: pd.DataFrame | None = None,
                     trends: pd.DataFrame | None = None, projections: pd.DataFrame | None = None,
                     language: str = "vi", synthetic: bool = False, col_wrap: int = 3,
                     height: float = 2.6, aspect: float = 1.3):
    """Plot small multiples of a reform area: one panel per indicator, shared years.

    Each panel draws one indicator (and scope and level, when the data hold several), with the
    markers of :func:`plot_trend`; when the data hold several districts, each district's actuals
    get a colour of their own (targets and baselines keep theirs). The legend sits below the
    panels (save with ``bbox_inches="tight"``, as notebooks do).

    Parameters
    ----------
    {panel}
    area : str, optional
        A reform area of the catalog (``"administrative_procedures"``, ``"e_government"``, …);
        all areas, in catalog order, when not given.
    {span}
    {catalog}
    trends, projections : DataFrame, optional
        Outputs of :func:`cchc_analysis.trends.fit_trends` and
        :func:`cchc_analysis.trends.project`: a panel whose series was fitted gets its
        line, and its projection band, as in :func:`plot_trend`. Series without a fit
        draw points only.
    {language}
    {synthetic}
    col_wrap : int, default 3
        Panels per row.
    height, aspect : float
        Size of each panel (inches) and its width / height.

    Returns
    -------
    seaborn.FacetGrid
        With the figure title naming the area.

    Raises
    ------
    ParameterError
        When ``area`` is unknown or has no indicator in the data.

    Examples
    --------
    >>> panel = pd.DataFrame({
    ...     "district_code": "477", "scope": "", "level": "district", "derived": False,
    ...     "indicator": ["online_dossiers_pct"] * 3 + ["online_dossiers"] * 2,
    ...     "year": [2020, 2021, 2025, 2020, 2021], "kind": ["actual", "actual", "target", "actual", "actual"],
    ...     "value": [12.0, 25.0, 80.0, 4000.0, 9500.0]})
    >>> g = plot_area_trends(panel, area="e_government", language="en")
    >>> len(g.axes.flat), g.figure.texts[0].get_text()
    (2, 'E-government and digital government')
    >>> plt.close("all")
    """
    language = _check_language(language)
    catalog = load_catalog() if catalog is None else catalog
    areas = load_catalog(what="areas")
    d = _with_defaults(data)
    for slug in d["indicator"].unique():
        _indicator(slug, catalog, language)  # unknown slugs fail here, with suggestions
    d["area"] = d["indicator"].map(catalog["area"])
    if area is not None:
        if area not in areas.index:
            raise ParameterError("area", area, "a reform area of the catalog", list(areas.index))
        if not (d["area"] == area).any():
            raise ParameterError("area", area, "no indicator of this area in the data", sorted(set(d["area"])))
        d = d[d["area"] == area]
    # one panel per indicator × scope × level, in catalog order; the level is named when it varies
    levels = list(LEVELS)  # the order of the levels, declared once in loaders
    d["_order"] = [(list(areas.index).index(a), catalog.index.get_loc(s), sc, levels.index(lv) if lv in levels else len(levels))
                   for a, s, sc, lv in zip(d["area"], d["indicator"], d["scope"], d["level"])]
    d = d.sort_values("_order")
    several = d.groupby("indicator")["level"].nunique() > 1
    keys = d[["indicator", "scope", "level"]].drop_duplicates()
    facet = {
        (s, sc, lv): _indicator(s, catalog, language)[0]
        + _parens([_scope_name(sc, language) if sc else "", _label(lv, language) if several[s] and lv in LABELS else ""])
        for s, sc, lv in keys.itertuples(index=False)
    }
    d["facet"] = [facet[k] for k in zip(d["indicator"], d["scope"], d["level"])]
    order = list(dict.fromkeys(d["facet"]))
    g = sns.FacetGrid(d, col="facet", col_order=order, col_wrap=min(col_wrap, len(order)), sharey=False,
                      height=height, aspect=aspect)
    districts = sorted(d["district_code"].astype(str).unique())
    cycle = [_colors()[i] for i in (0, 3, 4, 5, 9, 6, 8, 7)]  # not orange or green (targets, baselines)
    pal = {c: cycle[i % len(cycle)] for i, c in enumerate(districts)} if len(districts) > 1 else {}
    drawn = set()
    for label, ax in g.axes_dict.items():
        sub = d[d["facet"] == label]
        for code in districts:
            mine = sub[sub["district_code"].astype(str) == code]
            _draw_points(ax, mine, color=pal.get(code), labelled=False)
            if mine.empty:
                continue
            key = {"district_code": code, "indicator": mine["indicator"].iloc[0], "scope": mine["scope"].iloc[0],
                   "level": mine["level"].iloc[0]}
            drawn |= _draw_fit(ax, *_fit_rows(trends, projections, key), language, color=pal.get(code, "0.3"),
                               labelled=False)
        ax.set_title(textwrap.fill(label, 34), fontsize="small")
        ax.set_ylabel(_indicator(sub["indicator"].iloc[0], catalog, language)[1])
        _value_axis(ax.yaxis, language)
        _year_axis(ax, language, span=(start_year, end_year), nbins=4)
        if synthetic:
            _stamp(ax, language, size=11)
    kinds = set(np.where(d["derived"] & (d["kind"] == "actual"), "derived", d["kind"]))
    handles = [_legend_marker(k, language, grey=bool(pal)) for k in _MARK if k in kinds]
    names = _district_labels(districts)
    handles += _fit_handles(drawn, language)
    handles += [Line2D([], [], ls="", marker="o", color=c, label=names[code]) for code, c in pal.items()]
    g.tight_layout()
    g.figure.legend(handles=handles, loc="upper center", ncols=min(len(handles), 4), frameon=False,
                    bbox_to_anchor=(0.5, 0.0), fontsize="small")
    if area is not None:
        g.figure.suptitle(areas.at[area, f"name_{language}"], y=1.04, fontweight="bold")
    return g


@_share_docs
def plot_coverage(data: pd.DataFrame, *, start_year: int | None = None, end_year: int | None = None,
                  ax=None, language: str = "vi", catalog: pd.DataFrame | None = None,
                  synthetic: bool = False):
    """Plot a heatmap of how many figures each indicator has in each year.

    A figure covering several years (a period total of the facts table, such as a 2017–2021
    total) is not a figure of any one year: it counts once, in a last column of its own
    ("multi-year"), never in the years of its period. Years without a figure stay blank, so gaps
    show. Rows follow the reform areas, then the catalog's order.

    Parameters
    ----------
    data : DataFrame
        Facts (``indicator``, ``period_start``, ``period_end``) or a panel (``indicator``,
        ``year``); filter it first to choose a district or a kind.
    start_year, end_year : int, optional
        The columns of the heatmap; by default the years in the data.
    {ax}
    {language}
    {catalog}
    {synthetic}

    Returns
    -------
    {returns_ax}

    Examples
    --------
    >>> facts = pd.DataFrame({"indicator": ["population", "dossiers_received", "dossiers_received"],
    ...                       "period_start": [2020, 2017, 2021], "period_end": [2020, 2021, 2021]})
    >>> ax = plot_coverage(facts, start_year=2016, end_year=2021)
    >>> [t.get_text() for t in ax.texts]      # dossiers: 2021 once, the 2017–2021 total once; population 2020
    ['1', '1', '1']
    >>> [t.get_text() for t in ax.get_xticklabels()][-1]
    'Nhiều năm'
    >>> plt.close("all")
    """
    language = _check_language(language)
    catalog = load_catalog() if catalog is None else catalog
    if "year" in data:
        long = data[["indicator", "year"]]
        totals = pd.Series(dtype=object)
    else:
        several = data["period_end"].astype(int) > data["period_start"].astype(int)
        long = data.loc[~several, ["indicator", "period_start"]].rename(columns={"period_start": "year"})
        totals = data.loc[several, "indicator"]
    years = long["year"] if len(long) else data.get("period_start", pd.Series(dtype=int))
    lo = int(years.min()) if start_year is None else start_year
    hi = int(years.max()) if end_year is None else end_year
    for slug in set(long["indicator"]) | set(totals):
        _indicator(slug, catalog, language)
    areas = list(load_catalog(what="areas").index)
    slugs = sorted(set(long["indicator"]) | set(totals), key=lambda s: (areas.index(catalog.at[s, "area"]) if catalog.at[s, "area"] in areas
                                                              else len(areas), catalog.index.get_loc(s)))
    counts = (long.groupby(["indicator", "year"]).size().unstack(fill_value=0) if len(long)
              else pd.DataFrame(index=pd.Index([], name="indicator")))
    counts = counts.reindex(index=slugs, columns=range(lo, hi + 1), fill_value=0).fillna(0).astype(int)
    counts.columns = [str(y) for y in counts.columns]
    if len(totals):
        counts[_label("multi_year", language)] = totals.value_counts().reindex(slugs, fill_value=0).astype(int)
    counts.index = [_indicator(s, catalog, language)[0] for s in slugs]
    ax = _new_ax(ax, size=(max(6.0, 0.55 * counts.shape[1] + 4.5), 0.38 * len(counts) + 1.6))
    sns.heatmap(counts, mask=counts == 0, annot=True, fmt="d", cmap="crest", linewidths=0.5, linecolor="white",
                cbar_kws={"label": _label("n_facts", language), "ticks": MaxNLocator(integer=True)}, ax=ax)
    ax.grid(False)
    ax.set_xlabel(_label("year", language))
    ax.set_ylabel("")
    ax.set_title(_label("coverage", language))
    if synthetic:
        _stamp(ax, language)
    return ax


def _district_labels(codes) -> dict[str, str]:
    from .registry import load_districts

    d = load_districts().set_index("district_code")
    return {c: f"{d.at[c, 'name']} ({d.at[c, 'province']})" if c in d.index else c for c in codes}


@_share_docs
def plot_peers(data: pd.DataFrame, *, highlight: str | int | None = None, labels: dict | None = None,
               ax=None, language: str = "vi", catalog: pd.DataFrame | None = None, synthetic: bool = False):
    """Plot one comparable figure across districts as a dot plot, highlighting one district.

    Parameters
    ----------
    data : DataFrame
        One row per district: ``district_code``, ``indicator``, ``value``, and where present
        ``scope``, ``level``, ``kind``, ``year`` or ``period_start``/``period_end``; these must
        each hold one value (a comparable figure).
    highlight : str or int, optional
        The district drawn in colour: GSO code or name.
    labels : dict, optional
        District code → label; by default "name (province)" from the registry.
    {ax}
    {language}
    {catalog}
    {synthetic}

    Returns
    -------
    {returns_ax}

    Raises
    ------
    IncomparableError
        When the rows mix indicators, scopes, levels, kinds or periods.
    ParameterError
        When ``highlight`` is not among the districts of ``data``.

    Examples
    --------
    >>> peers = pd.DataFrame({"district_code": ["297", "397", "849"], "indicator": "dossiers_received",
    ...                       "level": "district", "year": 2021, "value": [21000.0, 35000.0, 18000.0]})
    >>> ax = plot_peers(peers, highlight="Gia Lộc")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Trà Cú (Trà Vinh)', 'Gia Lộc (Hải Dương)', 'Triệu Sơn (Thanh Hóa)']
    >>> plt.close("all")
    """
    language = _check_language(language)
    catalog = load_catalog() if catalog is None else catalog
    for col in ("indicator", "scope", "level", "kind", "year", "period_start", "period_end"):
        if col in data and data[col].nunique(dropna=False) > 1:
            raise IncomparableError(f"the rows mix {col} values {sorted(data[col].astype(str).unique())}; "
                                    "a peer plot shows one comparable figure (filter to one indicator, "
                                    "scope, level, kind and period)")
    d = data.dropna(subset=["value"]).sort_values("value").reset_index(drop=True)
    codes = d["district_code"].astype(str).tolist()
    name, unit = _indicator(d["indicator"].iloc[0], catalog, language)
    labels = {**_district_labels(codes), **(labels or {})}
    hi = None
    if highlight is not None:
        from .registry import resolve_district

        text = str(highlight)
        hi = text.zfill(3) if text.isdigit() else resolve_district(text).district_code
        if hi not in codes:
            raise ParameterError("highlight", highlight, "is not among the districts of the data", [labels[c] for c in codes])
    ax = _new_ax(ax, size=(6.4, 0.45 * len(d) + 1.8))
    y = np.arange(len(d))
    pal = _colors()
    is_hi = np.array([c == hi for c in codes])
    ax.hlines(y, d["value"].min(), d["value"], color="0.85", lw=1, zorder=1)
    ax.scatter(d["value"][~is_hi], y[~is_hi], s=50, color=pal[7], zorder=3, gid="peers")
    if is_hi.any():
        ax.scatter(d["value"][is_hi], y[is_hi], s=110, color=pal[1], zorder=4, gid="highlight", label=labels[hi])
    ax.axvline(d["value"].median(), ls="--", color="0.4", lw=1, gid="median",
               label=_label("peer_median", language, n=len(d)))
    ax.set_yticks(y, [labels[c] for c in codes])
    for tick, c in zip(ax.get_yticklabels(), codes):
        tick.set_fontweight("bold" if c == hi else "normal")
    r = d.iloc[0]
    start, end = (r["period_start"], r["period_end"]) if "period_start" in d else (r.get("year"), r.get("year"))
    period = "" if pd.isna(end) else f"{int(start)}–{int(end)}" if start != end else str(int(end))
    ax.set_title(name + _parens([_label(r["level"], language) if r.get("level") in LABELS else "", period]))
    ax.set_xlabel(unit)
    _value_axis(ax.xaxis, language)
    ax.legend(frameon=False, fontsize="small", loc="lower right")
    if synthetic:
        _stamp(ax, language)
    return ax


@_share_docs
def plot_papi_dimensions(data: pd.DataFrame, *, province: str | int, year: int | None = None,
                         ax=None, language: str = "vi", synthetic: bool = False):
    """Plot a province's PAPI dimension scores against the national median of one year.

    Parameters
    ----------
    data : DataFrame
        PAPI scores as returned by :func:`cchc_analysis.context.load_papi`.
    province : str or int
        Name or two-digit GSO code.
    year : int, optional
        The PAPI edition; by default the latest year the province has scores.
    {ax}
    {language}
    {synthetic}

    Returns
    -------
    {returns_ax}

    Examples
    --------
    >>> papi = pd.DataFrame({
    ...     "province": ["A", "B", "C"] * 2, "province_code": ["01", "02", "04"] * 2, "region": "",
    ...     "year": 2016, "dimension": ["D1"] * 3 + ["D2"] * 3,
    ...     "value": [5.0, 6.0, 7.0, 6.0, 5.0, 4.0]})
    >>> ax = plot_papi_dimensions(papi, province="A", language="en")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Participation', 'Transparency']
    >>> plt.close("all")
    """
    from .context import load_papi_dimensions, papi_trend

    language = _check_language(language)
    from .context import PAPI_DIMENSIONS

    dims = [c for c in PAPI_DIMENSIONS if c in set(data["dimension"])]
    t = papi_trend(data, province, dimensions=dims)
    if year is None:
        scored = t.dropna(subset=["value"])
        year = int(scored["year"].max() if not scored.empty else t["year"].max())
    t = t[t["year"] == year].reset_index(drop=True)
    if t.empty:
        raise ParameterError("year", year, "a year of the PAPI data", sorted(data["year"].unique().tolist()))
    names = load_papi_dimensions()[f"name_{language}" if language == "en" else "name_vi"]
    ax = _new_ax(ax, size=(8.0, 0.5 * len(t) + 2.2))
    y = np.arange(len(t))[::-1]
    pal = _colors()
    ax.hlines(y, t["national_median"], t["value"], color="0.75", lw=2, zorder=1)
    ax.scatter(t["national_median"], y, marker="|", s=220, linewidths=2.5, color="0.25", zorder=2, gid="median",
               label=_label("national_median", language, n=int(t["n_ranked"].max())))
    ax.scatter(t["value"], y, s=70, color=pal[0], zorder=3, gid="province", label=t["province"].iloc[0])
    ax.set_yticks(y, [names.get(c, c) for c in t["dimension"]])
    ax.set_xlabel(_label("papi_score", language))
    _value_axis(ax.xaxis, language)
    ax.set_title(_label("papi_title", language, year=year, province=t["province"].iloc[0]), loc="left")
    ax.legend(frameon=False, fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=2)
    if synthetic:
        _stamp(ax, language)
    return ax
