"""Sections of the report notebooks: one call per section, narrative included.

The notebooks hold narrative and calls, not logic. Each function here takes a
:class:`ReportContext` (made once by :func:`prepare`) and returns something a
notebook displays: a :class:`~IPython.display.Markdown` block, a DataFrame or a
matplotlib figure. Every text is available in Vietnamese (default) and English.

Examples
--------
>>> ctx = prepare("gia loc", language="en")
>>> ctx.district.name, ctx.start_year, ctx.end_year
('Gia Lộc', 2016, 2025)
>>> "Hải Phòng" in header(ctx).data
True
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd
from IPython.display import Markdown

from . import settings
from .loaders import load_catalog, load_facts, load_sources
from ._present import (  # noqa: F401 - format_value is part of this module's API
    _cite, _label, _period, _scope_label, _show_figure, _table, _translate, format_value,
)
from ._text import TEXT
from .errors import ParameterError
from .registry import District, communes_2025, resolve_district

__all__ = [
    "ReportContext", "prepare", "text", "header", "coverage_table", "appendix",
    "sources_list", "footer_note", "data_vintage", "shown", "format_value", "KEY_INDICATORS",
    "key_indicators", "area_figures", "target_table", "basis_text", "flag_text",
    # the sections, one call per notebook cell
    "show_header", "show_coverage", "show_key_indicators", "show_area", "show_targets",
    "show_provincial_context", "show_consistency", "show_appendix", "show_sources",
]

LANGUAGES = tuple(TEXT)


def text(key: str, language: str = "vi", **fmt) -> str:
    """Return the interface text ``key`` in ``language``, formatted.

    Examples
    --------
    >>> text("sources", "en")
    'Sources'
    """
    value = TEXT[language][key]
    return value.format(**fmt) if fmt else value


@dataclass(frozen=True)
class ReportContext:
    """Everything one report shows, computed once by :func:`prepare`."""

    district: District
    start_year: int
    end_year: int
    language: str
    peers: tuple[str, ...]
    facts: pd.DataFrame = field(repr=False)
    catalog: pd.DataFrame = field(repr=False)
    sources: pd.DataFrame = field(repr=False)
    extra: dict = field(default_factory=dict, repr=False)

    @property
    def own(self) -> pd.DataFrame:
        """Return the facts of the report's district within its years."""
        f = self.facts
        return f[(f["district_code"] == self.district.district_code)
                 & (f["period_end"] >= self.start_year) & (f["period_start"] <= self.end_year)]


def prepare(district, *, start_year: int = 2016, end_year: int = 2025, peers=None,
            language: str = "vi", facts: pd.DataFrame | None = None) -> ReportContext:
    """Return the context of one district report.

    Parameters
    ----------
    district : str or int
        Name or GSO code, resolved with :func:`cchc_analysis.registry.resolve_district`.
    start_year, end_year : int
        The years the report covers.
    peers : list, optional
        Districts to compare with (names or codes); default every district with data.
    language : {"vi", "en"}
    facts : DataFrame, optional
        Defaults to :func:`cchc_analysis.loaders.load_facts`.

    Examples
    --------
    >>> ctx = prepare("tra cu", peers=["Gia Lộc"])
    >>> ctx.district.full_name, ctx.peers, len(ctx.own)
    ('Huyện Trà Cú', ('297', '849'), 133)
    >>> prepare("Trà Cú", language="fr")
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.ParameterError: parameter 'language'='fr': ...; valid: en, vi
    """
    if language not in LANGUAGES:
        raise ParameterError("language", language, "is not a report language", sorted(LANGUAGES))
    facts = load_facts() if facts is None else facts
    d = resolve_district(district)
    with_data = sorted(facts["district_code"].unique())
    peer_codes = tuple(with_data if peers is None else sorted({resolve_district(p).district_code for p in peers} | {d.district_code}))
    return ReportContext(d, int(start_year), int(end_year), language, peer_codes,
                         facts[facts["district_code"].isin(peer_codes)].reset_index(drop=True),
                         load_catalog(), load_sources())


def data_vintage(facts: pd.DataFrame, sources: pd.DataFrame, language: str = "vi") -> str:
    """Return one sentence on what the data is: how many figures, documents, dates, version.

    The version is a digest of the facts themselves, so two reports built from the same
    data say the same thing.

    Examples
    --------
    >>> from cchc_analysis import load_facts, load_sources
    >>> facts = load_facts()
    >>> data_vintage(facts[facts["district_code"] == "849"], load_sources(), "en").startswith(
    ...     "Data: 138 figures from 1 document(s) (2022-05–2022-05); data version ")
    True
    """
    digest = hashlib.sha256(pd.util.hash_pandas_object(facts, index=False).values.tobytes()).hexdigest()[:10]
    used = sources[sources["source_id"].isin(facts["source_id"])]
    dates = sorted(used["date"])
    return text("vintage", language, n=len(facts), docs=len(used),
                first=dates[0] if dates else "–", last=dates[-1] if dates else "–", digest=digest)


def header(ctx: ReportContext) -> Markdown:
    """Return the report's title block: the district then and now, documents used, data vintage.

    Examples
    --------
    >>> block = header(prepare("Trà Cú")).data
    >>> block.splitlines()[0]
    '# Cải cách hành chính huyện Trà Cú (Trà Vinh), 2016–2025'
    >>> "địa bàn nay thuộc **Vĩnh Long**" in block
    True
    """
    d, lang = ctx.district, ctx.language
    lines = [f"# {text('title', lang, name=d.name, province=d.province, start=ctx.start_year, end=ctx.end_year)}", ""]
    lines.append(text("then_now", lang, full_name=d.full_name, province=d.province, code=d.district_code,
                      province_2025=d.province_2025, communes=", ".join(communes_2025(d.district_code)) or "–"))
    lines += ["", f"**{text('documents', lang)}:**", ""]
    own_sources = ctx.sources[ctx.sources["district_code"] == d.district_code]
    for s in own_sources.itertuples():
        lines.append(f"- {_cite(s)}")
    if own_sources.empty:
        lines.append(f"- {text('no_data', lang)}")
    lines += ["", data_vintage(ctx.own, ctx.sources, lang)]
    return Markdown("\n".join(lines))


def coverage_table(ctx: ReportContext) -> pd.DataFrame:
    """Return how many figures the district has per reform area and year (gaps stay empty).

    A figure for a period counts in each of its years.

    Examples
    --------
    >>> table = coverage_table(prepare("Trà Cú", language="en"))
    >>> table.loc["Administrative procedures", [2016, 2017, 2022, 2023]].tolist()
    [<NA>, 7, 4, <NA>]
    """
    f = ctx.own
    if f.empty:
        return pd.DataFrame()
    lang = ctx.language
    areas = load_catalog(what="areas")["name_vi" if lang == "vi" else "name_en"]
    rows = []
    for r in f.itertuples():
        area = ctx.catalog["area"].get(r.indicator)
        for year in range(max(r.period_start, ctx.start_year), min(r.period_end, ctx.end_year) + 1):
            rows.append({"area": areas.get(area, area), "year": year})
    cols = TEXT[lang]["cols"]
    table = pd.DataFrame(rows).pivot_table(index="area", columns="year", aggfunc="size")
    table = table.reindex(columns=range(ctx.start_year, ctx.end_year + 1))
    return table.rename_axis(index=cols["area"], columns=cols["year"]).astype("Int64")


def shown(ctx: ReportContext, fact_ids) -> None:
    """Record that the report shows these facts (they go to the appendix).

    ``fact_ids`` may hold ``;``-joined ids, as the consistency flags do.

    Examples
    --------
    >>> ctx = prepare("Trà Cú")
    >>> shown(ctx, ["tra-cu-2022-bc:081;tra-cu-2022-bc:084", "tra-cu-2022-bc:081"])
    >>> ctx.extra["shown"]
    ['tra-cu-2022-bc:081', 'tra-cu-2022-bc:084']
    >>> appendix(ctx, only_shown=True)["Mã"].tolist()
    ['tra-cu-2022-bc:081', 'tra-cu-2022-bc:084']
    """
    ids = ctx.extra.setdefault("shown", [])
    for fid in fact_ids:
        for one in str(fid).split(";"):
            if one and one not in ids:
                ids.append(one)


def appendix(ctx: ReportContext, *, only_shown: bool = False) -> pd.DataFrame:
    """Return every figure of the district with its source and verbatim quote.

    With ``only_shown=True``, only the figures recorded with :func:`shown`; by default
    all the district's figures in the report's years, so nothing shown is left out.

    Examples
    --------
    >>> table = appendix(prepare("Trà Cú", language="en"))
    >>> len(table), list(table.columns[:4])
    (133, ['ID', 'Indicator', 'Period', 'Value'])
    >>> table.set_index("ID").loc["tra-cu-2022-bc:081", "Quote"]
    '“Tổng số hồ sơ đã tiếp nhận: 232.636 hồ sơ”'
    """
    f = ctx.own
    if only_shown:
        f = f[f["fact_id"].isin(ctx.extra.get("shown", []))]
    lang = ctx.language
    cols = TEXT[lang]["cols"]
    kinds = TEXT[lang]["kind"]
    src = ctx.sources.set_index("source_id")
    out = pd.DataFrame({
        cols["fact_id"]: f["fact_id"],
        cols["indicator"]: [_label(ctx.catalog, s, lang) for s in f["indicator"]],
        cols["period"]: [str(a) if a == b else f"{a}–{b}" for a, b in zip(f["period_start"], f["period_end"])],
        cols["value"]: [format_value(v, lang) for v in f["value"]],
        cols["kind"]: f["kind"].map(kinds),
        cols["source"]: [src.at[s, "issuer"] + (f", {src.at[s, 'date']}") for s in f["source_id"]],
        cols["quote"]: "“" + f["quote"] + "”",
        cols["note"]: f["note"],
    })
    return out.reset_index(drop=True)


def footer_note(district=None, language: str = "vi") -> str:
    """Return one line naming a report's sources, for the footer of its HTML page.

    Examples
    --------
    >>> footer_note("Trà Cú", "en")
    'Sources: UBND huyện Trà Cú, 2022-05; PAPI (CECODES, VFF-CRT, RTA, UNDP), PAR INDEX (MoHA), SIPAS, PCI (VCCI).'
    """
    sources = load_sources()
    if district is not None:
        sources = sources[sources["district_code"] == resolve_district(district).district_code]
    cites = "; ".join(f"{s.issuer}{', số ' + s.number if s.number else ''}, {s.date}" for s in sources.itertuples())
    head, moha = ("Nguồn", "Bộ Nội vụ") if language == "vi" else ("Sources", "MoHA")
    return f"{head}: {cites}; PAPI (CECODES, VFF-CRT, RTA, UNDP), PAR INDEX ({moha}), SIPAS, PCI (VCCI)."


def sources_list(ctx: ReportContext) -> Markdown:
    """Return the list of every source the report draws on, district documents and reference data.

    Examples
    --------
    >>> sources_list(prepare("Trà Cú", peers=["Trà Cú"])).data.splitlines()[2].startswith(
    ...     "- UBND huyện Trà Cú, 2022-05: *Sơ kết 05 năm thực hiện Chỉ thị số 17-CT/TU")
    True
    """
    lines = [f"## {text('sources', ctx.language)}", ""]
    for s in ctx.sources[ctx.sources["source_id"].isin(ctx.facts["source_id"])].itertuples():
        lines.append(f"- {_cite(s)} (`{s.source_id}`)")
    ref = settings.data_dir() / "reference" / "PROVENANCE.md"
    if ref.exists():
        lines.append("- PAPI (CECODES, VFF-CRT, RTA, UNDP), PAR INDEX (Bộ Nội vụ), SIPAS, PCI (VCCI): "
                     "see data/reference/PROVENANCE.md")
    return Markdown("\n".join(lines))


# --- analysis computed once per report -------------------------------------------------------

def _analysis(ctx: ReportContext) -> dict:
    """Return (and cache in ``ctx.extra``) the panel, trends, targets and flags of the peers."""
    if "panel" not in ctx.extra:
        from .analysis import shared_analysis  # computed once per process for the same peers' facts

        ctx.extra.update(shared_analysis(ctx.facts, ctx.catalog, ctx.start_year, ctx.end_year))
    return ctx.extra


def _mine(df: pd.DataFrame, ctx: ReportContext) -> pd.DataFrame:
    return df[df["district_code"] == ctx.district.district_code]


def show_header(ctx: ReportContext) -> None:
    """Display the title block (district then and now, documents, data vintage)."""
    from IPython.display import display

    display(header(ctx))


def show_coverage(ctx: ReportContext) -> None:
    """Display which years and areas the district's figures cover, gaps included."""
    from IPython.display import display

    from .plots import plot_coverage

    lang, own = ctx.language, ctx.own
    display(Markdown(f"## {text('coverage', lang)}"))
    if own.empty:
        display(Markdown(text("no_data", lang)))
        return
    years = sorted({y for a, b in zip(own["period_start"], own["period_end"])
                    for y in range(max(a, ctx.start_year), min(b, ctx.end_year) + 1)})
    gaps = [y for y in range(ctx.start_year, ctx.end_year + 1) if y not in years]
    display(Markdown(text("coverage_text", lang, n=len(own), start=ctx.start_year, end=ctx.end_year,
                          years=", ".join(map(str, years)) or "–", gaps=", ".join(map(str, gaps)) or "–")))
    display(_table(coverage_table(ctx).reset_index()))
    key = own[own["indicator"].isin(KEY_INDICATORS)]
    if len(key):  # the heatmap of every indicator would be unreadable: the key ones, all in the appendix
        ax = plot_coverage(key, start_year=ctx.start_year, end_year=ctx.end_year, language=lang, catalog=ctx.catalog)
        _show_figure(ax.figure)


#: Indicators of the key table, in order (the core slugs of the design, where present).
KEY_INDICATORS = [
    "population", "area_ha", "communes_count", "villages_count", "specialized_agencies_count",
    "civil_servants_count", "public_employees_count", "commune_officials_count", "staff_quota",
    "staff_reduced", "training_participants", "tthc_published_count", "dossiers_received",
    "dossiers_on_time_pct", "dossiers_late_pct", "online_dossiers_pct", "online_services_level3_count",
    "satisfaction_pct", "complaints_received", "complaints_resolved_pct", "legal_documents_issued",
    "par_index_rank",
]


def key_indicators(ctx: ReportContext) -> pd.DataFrame:
    """Return the key-indicator table: latest actual, trend, peer median, target and status.

    Examples
    --------
    >>> k = key_indicators(prepare("Gia Lộc", language="en")).set_index(["Indicator", "Level"])
    >>> k.loc[("Commune-level units", "commune"), ["Latest", "Peer median"]].iloc[0].tolist()  # 18 vs Triệu Sơn 34
    ['18 (2021)', '26 (n=2)']
    >>> k.loc[("Dossiers received", "commune"), "Latest"]
    '260,990 (2016–2020)'
    """
    from .peers import compare_peers

    a, lang = _analysis(ctx), ctx.language
    cols, status_names = TEXT[lang]["cols"], TEXT[lang]["status"]
    own = ctx.own
    rows = []
    for slug in [s for s in KEY_INDICATORS if s in set(own["indicator"])]:
        f = own[own["indicator"] == slug]
        for (scope, level), g in f.groupby(["scope", "level"], sort=False):
            actual = g[g["kind"].isin(["actual", "baseline"])].sort_values(["period_end", "period_start"])
            target = g[g["kind"] == "target"].sort_values("period_end")
            row = {cols["indicator"]: _label(ctx.catalog, slug, lang), cols["scope"]: _scope_label(scope, lang),
                   cols["level"]: TEXT[lang]["level_names"][level]}
            latest = actual.iloc[-1] if len(actual) else None
            row[cols["latest"]] = (f"{format_value(latest['value'], lang)} ({_period(latest['period_start'], latest['period_end'])})"
                                   if latest is not None else "–")
            tr = a["trends"]
            tr = tr[(tr["district_code"] == ctx.district.district_code) & (tr["indicator"] == slug)
                    & (tr["scope"] == scope) & (tr["level"] == level)]
            if len(tr) and tr.iloc[0]["status"] == "fitted":
                row[cols["trend"]] = text("trend_slope", lang, slope=format_value(round(tr.iloc[0]["slope"], 2), lang), n=int(tr.iloc[0]["n_points"]))
            elif len(tr):
                row[cols["trend"]] = text("trend_none", lang, n=int(tr.iloc[0]["n_points"]))
            else:  # only whole-period figures: no yearly series to fit
                row[cols["trend"]] = "–"
            row[cols["peer_median"]] = "–"
            if latest is not None:
                try:
                    peers = compare_peers(ctx.facts, indicator=slug, period=(int(latest["period_start"]), int(latest["period_end"])),
                                          scope=scope, level=level, kind=latest["kind"], catalog=ctx.catalog)
                    if len(peers) >= 2:
                        row[cols["peer_median"]] = f"{format_value(peers['peer_median'].iloc[0], lang)} (n={len(peers)})"
                except Exception:  # not comparable: leave the cell empty rather than mix figures
                    pass
            if len(target):
                t = target.iloc[-1]
                row[cols["target"]] = f"{format_value(t['value'], lang)} ({_period(t['period_start'], t['period_end'])})"
                st = _mine(a["targets"], ctx)
                st = st[(st["indicator"] == slug) & (st["scope"] == scope) & (st["level"] == level)]
                row[cols["status"]] = status_names.get(st.iloc[-1]["status"], "") if len(st) else ""
            else:
                row[cols["target"]] = row[cols["status"]] = "–"
            rows.append(row)
            shown(ctx, g["fact_id"])
    return pd.DataFrame(rows)


def show_key_indicators(ctx: ReportContext) -> None:
    """Display the key-indicator table."""
    from IPython.display import display

    display(Markdown(f"## {text('key', ctx.language)}\n\n{text('key_text', ctx.language)}"))
    table = key_indicators(ctx)
    display(_table(table) if len(table) else Markdown(text("no_data", ctx.language)))


def area_figures(ctx: ReportContext, area: str) -> pd.DataFrame:
    """Return the district's figures of one reform area, readable, with their period and kind.

    ``area`` is a key of the catalog's areas (``load_catalog(what="areas")``).

    Examples
    --------
    >>> t = area_figures(prepare("Gia Lộc", language="en"), "administrative_procedures")
    >>> reviewed = t[(t["Indicator"] == "Administrative procedures reviewed") & (t["Level"] == "district")]
    >>> reviewed["Value"].tolist()  # 2016 to 2020, as the project prints them
    ['285', '317', '302', '286', '265']
    """
    lang = ctx.language
    cols, kinds = TEXT[lang]["cols"], TEXT[lang]["kind"]
    slugs = set(ctx.catalog.index[ctx.catalog["area"] == area])
    f = ctx.own[ctx.own["indicator"].isin(slugs)].sort_values(["indicator", "scope", "period_start", "kind"])
    shown(ctx, f["fact_id"])
    return pd.DataFrame({
        cols["indicator"]: [_label(ctx.catalog, s, lang) for s in f["indicator"]],
        cols["scope"]: [_scope_label(s, lang) for s in f["scope"]],
        cols["level"]: f["level"].map(TEXT[lang]["level_names"]),
        cols["period"]: [_period(a, b) for a, b in zip(f["period_start"], f["period_end"])],
        cols["value"]: [format_value(v, lang) for v in f["value"]],
        cols["kind"]: f["kind"].map(kinds),
        cols["fact_id"]: f["fact_id"],
    })


def show_area(ctx: ReportContext, area: str) -> None:
    """Display one reform area: heading, its figures, and small multiples of yearly series."""
    from IPython.display import display

    from .plots import plot_area_trends

    lang = ctx.language
    areas = load_catalog(what="areas")
    if area not in areas.index:
        raise ValueError(f"area {area!r} is unknown; valid: {', '.join(areas.index)}")
    display(Markdown(f"## {areas.loc[area, 'name_vi' if lang == 'vi' else 'name_en']}"))
    table = area_figures(ctx, area)
    if table.empty:
        display(Markdown(text("no_area_data", lang)))
        return
    display(Markdown(text("area_text", lang, n=len(table))))
    display(_table(table))
    panel = _mine(_analysis(ctx)["panel"], ctx)
    panel = panel[panel["indicator"].map(ctx.catalog["area"]) == area]
    yearly = panel.groupby(["indicator", "scope", "level"])["year"].transform("nunique")
    panel = panel[yearly >= 2]
    if not panel.empty:
        a = _analysis(ctx)
        grid = plot_area_trends(panel, area=area, start_year=ctx.start_year, end_year=ctx.end_year,
                                catalog=ctx.catalog, trends=a["trends"], projections=a["projections"], language=lang)
        _show_figure(grid.figure)


def basis_text(basis: str, language: str = "vi") -> str:
    """Return the basis of a target's status (as :func:`~cchc_analysis.targets.assess_targets` states it) in ``language``.

    Examples
    --------
    >>> basis_text("projection to 2025 (linear trend, n=4)")
    'dự báo đến 2025 (xu hướng tuyến tính, n=4)'
    >>> basis_text("latest actual; sources disagree (93.5, 95): the less favourable is used")
    'số thực tế gần nhất; các tài liệu ghi khác nhau (93,5, 95): dùng số kém thuận lợi hơn'
    >>> basis_text("latest actual", "en")
    'latest actual'
    """
    from ._text import BASIS_VI
    from .targets import BASIS

    if language != "vi" or not isinstance(basis, str):
        return basis
    return "; ".join(_translate(part, BASIS, BASIS_VI) for part in basis.split("; "))


def target_table(ctx: ReportContext) -> pd.DataFrame:
    """Return the district's targets with the latest actual, gap, status and its basis.

    Examples
    --------
    >>> t = target_table(prepare("Gia Lộc", language="en"))
    >>> t[t["Indicator"] == "Citizen and business satisfaction"][["Target", "Status", "Basis"]].head(2)
          Target            Status               Basis
    8  85 (2021)  no data to judge  no actual reported
    9  90 (2022)  no data to judge  no actual reported
    """
    lang = ctx.language
    cols, status_names = TEXT[lang]["cols"], TEXT[lang]["status"]
    t = _mine(_analysis(ctx)["targets"], ctx)
    shown(ctx, t["fact_ids"])
    return pd.DataFrame({
        cols["indicator"]: [_label(ctx.catalog, s, lang) for s in t["indicator"]],
        cols["scope"]: [_scope_label(s, lang) for s in t["scope"]],
        cols["target"]: [f"{format_value(v, lang)} ({y})" for v, y in zip(t["target_value"], t["target_year"])],
        cols["latest"]: [f"{format_value(v, lang)} ({int(y)})" if pd.notna(v) else "–"
                         for v, y in zip(t["latest_actual"], t["latest_actual_year"])],
        cols["gap"]: [format_value(v, lang) for v in t["gap"]],
        cols["status"]: t["status"].map(status_names),
        cols["basis"]: [basis_text(b, lang) for b in t["basis"]],
    })


def show_targets(ctx: ReportContext) -> None:
    """Display target attainment, with a sentence counting statuses."""
    from IPython.display import display

    lang = ctx.language
    table = target_table(ctx)
    display(Markdown(f"## {text('targets', lang)}"))
    if table.empty:
        display(Markdown(text("no_data", lang)))
        return
    counts = table[TEXT[lang]["cols"]["status"]].value_counts()
    display(Markdown(text("targets_text", lang, n=len(table), counts=", ".join(f"{k}: {v}" for k, v in counts.items()))))
    display(_table(table))


def show_provincial_context(ctx: ReportContext) -> None:
    """Display the province's PAPI dimensions against the national median, and other indices."""
    from IPython.display import display

    from .context import load_papi, load_province_indices, papi_trend
    from .plots import plot_papi_dimensions

    lang, d = ctx.language, ctx.district
    cols = TEXT[lang]["cols"]
    display(Markdown(f"## {text('province', lang, province=d.province)}\n\n{text('papi_text', lang)}"))
    papi = load_papi()
    trend = papi_trend(papi, d.province, dimensions=["D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"],
                       start_year=ctx.start_year, end_year=ctx.end_year)
    wide = trend.pivot_table(index="dimension", columns="year", values="value")
    rank = trend.pivot_table(index="dimension", columns="year", values="rank")
    shown_table = wide.round(2).astype(object).where(wide.notna(), "–")
    for c in shown_table.columns:
        shown_table[c] = [f"{format_value(v, lang)} (#{int(r)})" if v != "–" and pd.notna(r) else v
                          for v, r in zip(shown_table[c], rank[c])]
    display(_table(shown_table.rename_axis(cols["dimension"]).reset_index()))
    ax = plot_papi_dimensions(papi, province=d.province, language=lang)
    _show_figure(ax.figure)
    idx = load_province_indices()
    idx = idx[(idx["province"] == d.province) & idx["index"].isin(["par_index", "sipas", "pci"])
              & idx["year"].between(ctx.start_year, ctx.end_year)]
    if len(idx):
        display(Markdown(text("indices_text", lang)))
        display(_table(pd.DataFrame({
            cols["index"]: idx["index"].str.upper().str.replace("_", " "), cols["year"]: idx["year"],
            cols["value"]: [format_value(v, lang) for v in idx["value"]],
            cols["rank"]: idx["rank"].astype(object).where(idx["rank"].notna(), "–"),
            cols["source"]: idx["source"]})))


def flag_text(flag, facts: pd.DataFrame, catalog: pd.DataFrame, language: str = "vi") -> str:
    """Return one consistency flag (a row of :func:`~cchc_analysis.check_consistency`) as a sentence.

    English keeps the checker's own message; Vietnamese is written from the flag's
    fields and the facts it names (``facts`` must hold its ``fact_ids``), with
    indicator names, levels and numbers the Vietnamese way.

    Examples
    --------
    >>> import pandas as pd
    >>> facts = pd.DataFrame({"fact_id": ["a:001", "a:002"], "indicator": "communes_count", "scope": "",
    ...                       "level": "commune", "period_start": 2019, "period_end": 2019,
    ...                       "kind": "actual", "value": [18.0, 23.0]})
    >>> catalog = pd.DataFrame({"name_vi": ["Số đơn vị hành chính cấp xã"], "name_en": ["Communes"]},
    ...                        index=["communes_count"])
    >>> flag = {"rule": "duplicate_conflict", "indicator": "communes_count", "fact_ids": "a:001;a:002",
    ...         "values": "18; 23", "expected": float("nan"), "message": "…"}
    >>> flag_text(flag, facts, catalog)
    'Số đơn vị hành chính cấp xã (cấp xã, 2019, thực tế): tài liệu ghi 2 giá trị khác nhau: 18 (a:001), 23 (a:002).'
    """
    import math
    import re

    flag = dict(flag)
    if language != "vi":
        return flag["message"]
    words = TEXT["vi"]
    ids = [i for i in str(flag["fact_ids"]).split(";") if i]
    rows = facts[facts["fact_id"].isin(ids)].set_index("fact_id").reindex(ids)
    own = rows[rows["indicator"] == flag["indicator"]]
    first = (own if len(own) else rows).iloc[0]
    scope = _scope_label(first["scope"], "vi") if isinstance(first["scope"], str) else ""
    head = (_label(catalog, flag["indicator"], "vi") + (f" – {scope}" if scope else "")
            + f" ({words['level_names'].get(first['level'], first['level'])}, "
            + f"{_period(first['period_start'], first['period_end'])}, {words['kind'].get(first['kind'], first['kind'])})")
    rule = flag["rule"]

    def num(v) -> str:
        return format_value(float(v), "vi")

    if rule == "duplicate_conflict":
        shown = ", ".join(f"{num(v)} ({'; '.join(g.index)})" for v, g in rows.groupby("value", sort=True))
        return f"{head}: tài liệu ghi {rows['value'].nunique()} giá trị khác nhau: {shown}."
    terms = re.findall(r"([a-z0-9_]+)(?:\[([^\]]*)\])?=(-?[0-9.e+-]+)", str(flag["values"]))
    if rule == "pct_mismatch":  # the stated share is said on its own; the parts are its counts
        terms = [t for t in terms if t[0] != flag["indicator"]]
    parts = "; ".join(_label(catalog, slug, "vi") + (f" – {_scope_label(sc, 'vi')}" if sc else "")
                      + f" = {num(v)}" for slug, sc, v in terms)
    expected = flag.get("expected")
    has_expected = expected is not None and not (isinstance(expected, float) and math.isnan(expected))
    if rule == "pct_mismatch":
        stated = num(own["value"].iloc[0]) if len(own) else "?"
        calc = f"{num(expected)}%" if has_expected else "?"  # 4 of 232.636: 0,0017%, not 0%
        return f"{head}: tài liệu ghi {stated}%, nhưng tính từ chính các số của tài liệu được {calc} ({parts})."
    if rule == "parts_vs_total":
        return (f"{head}: tổng và các phần không khớp nhau"
                + (f" (các phần cộng lại {num(expected)})" if has_expected else "") + f": {parts}.")
    if rule == "shares_sum":
        return f"{head}: các tỷ lệ của cùng một cơ cấu không cộng thành 100%: {parts}."
    return flag["message"]


def show_consistency(ctx: ReportContext) -> None:
    """Display where the district's documents contradict themselves, with the quotes."""
    from IPython.display import display

    lang = ctx.language
    cols = TEXT[lang]["cols"]
    flags = _mine(_analysis(ctx)["flags"], ctx)
    display(Markdown(f"## {text('flags', lang)}"))
    if flags.empty:
        display(Markdown(text("flags_none", lang)))
        return
    display(Markdown(text("flags_text", lang)))
    shown(ctx, flags["fact_ids"])
    from ._text import RULE_NAMES

    names = RULE_NAMES[lang]
    display(_table(pd.DataFrame({
        cols["rule"]: [f"{names.get(r, r)} ({r})" for r in flags["rule"]],
        cols["message"]: [flag_text(f, ctx.facts, ctx.catalog, lang) for f in flags.to_dict("records")],
        cols["quotes"]: flags["quotes"]})))


def show_appendix(ctx: ReportContext) -> None:
    """Display the appendix: every figure of the district with its source and quote."""
    from IPython.display import display

    display(Markdown(f"## {text('appendix', ctx.language)}"))
    display(_table(appendix(ctx)))


def show_sources(ctx: ReportContext) -> None:
    """Display the list of sources."""
    from IPython.display import display

    display(sources_list(ctx))
