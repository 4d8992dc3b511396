"""Sections of the report notebooks: one call per section, narrative included.

The notebooks hold narrative and calls, not logic. Each function here takes a
:class:`ReportContext` (made once by :func:`prepare`) and returns something a
notebook displays: an HTML block made by :mod:`cchc_analysis._html` (data escaped), a DataFrame or a
matplotlib figure. Every text is available in Vietnamese (default) and English.

Examples
--------
>>> ctx = prepare("gia loc", language="en")
>>> ctx.district.name, ctx.start_year, ctx.end_year
('Gia Lộc', 2016, 2025)
>>> "Hải Phòng" in header(ctx).data
True
>>> "<h1" in header(ctx).data and "<script" not in header(ctx).data
True
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from dataclasses import dataclass, field

import pandas as pd

from . import settings
from .loaders import load_catalog, load_facts, load_sources, with_new_columns
from ._present import (  # noqa: F401 - format_value is part of this module's API
    counts_by_year,
    _cite, _label, _period, _qualifier, _scope_label, _show_figure, _table, _translate, _unit, format_quantity,
    format_value,
)
from ._html import Block, block, details, fragment, heading, items, link, para, strong, tag
from ._text import TEXT
from .errors import ParameterError
from ._wording import _contradicted, _gap, _in_years, _quantities, flag_text, supported, trend_words
from ._text import OTHER_LANGUAGE_WORDS, PROFILE_WORDS
from ._wording import reader_date, reader_span, signed_score
from .notebook_checks import NOTEBOOK_PARAMETERS, check_notebook_parameters
from .registry import District, communes_2025, resolve_district

__all__ = [
    "ReportContext", "PAPI_DIMENSIONS", "prepare", "data_fingerprint", "check_notebook_parameters", "NOTEBOOK_PARAMETERS", "text", "header", "coverage_table", "appendix",
    "sources_list", "footer_note", "data_vintage", "shown", "format_value", "KEY_INDICATORS",
    "key_indicators", "area_figures", "target_table", "basis_text", "flag_text",
    "supported", "trend_words",
    # the sections, one call per notebook cell
    "show_header", "summary", "show_summary", "show_coverage", "show_key_indicators", "show_area", "show_targets",
    "show_provincial_context", "show_consistency", "show_appendix", "show_sources",
]

from .params import LANGUAGES  # noqa: E402 - declared once, in params


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
    """Everything one report shows, computed once by :func:`prepare`.

    The analysis is public, as DataFrames of numbers (never formatted strings), each
    computed once on first use and shared by every section of the report:

    ``facts``
        The curated figures of the report's district and its peers (``own``: the district's
        figures within the years).
    ``panel``
        District × year × indicator (:func:`cchc_analysis.derive_panel`), over the years.
    ``trends``
        One row per yearly series (:func:`cchc_analysis.fit_trends`) with ``supported``:
        True where the 95% interval of the slope excludes zero.
    ``projections``
        Projected values and 95% bands, for supported trends only.
    ``targets``
        Target attainment (:func:`cchc_analysis.assess_targets`).
    ``flags``
        Where the documents contradict themselves (:func:`cchc_analysis.check_consistency`).
    ``province_context``
        The province's PAPI dimensions by year with the national median and rank.

    Every frame keyed by district or indicator carries ``district`` and ``indicator_name``
    beside the codes.

    Examples
    --------
    >>> ctx = prepare("Gia Lộc", language="en")
    >>> list(ctx.trends.columns[:4]), bool(ctx.panel["value"].dtype.kind == "f")
    (['district_code', 'district', 'indicator', 'indicator_name'], True)
    >>> ctx.trends[["district", "indicator_name"]].iloc[0].tolist()
    ['Gia Lộc', 'Commune-level units']
    """

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

    def _named(self, key: str) -> pd.DataFrame:
        return _with_names(_analysis(self)[key], self)

    panel = property(lambda self: self._named("panel"), doc="The yearly panel of the report's districts.")
    trends = property(lambda self: self._named("trends"), doc="The fitted trends, with ``supported``.")
    projections = property(lambda self: self._named("projections"), doc="Projections of the supported trends.")
    targets = property(lambda self: self._named("targets"), doc="Target attainment of the report's districts.")
    flags = property(lambda self: self._named("flags"), doc="Consistency flags of the report's districts.")

    @property
    def province_context(self) -> pd.DataFrame:
        """Return the province's PAPI dimensions by year: score, rank, national median."""
        from .context import load_papi, papi_trend

        if "province_context" not in self.extra:
            self.extra["province_context"] = papi_trend(
                load_papi(), self.district.province, dimensions=list(PAPI_DIMENSIONS),
                start_year=self.start_year, end_year=self.end_year)
        return self.extra["province_context"]


#: The PAPI dimensions the report shows (since 2018; names in data/reference/papi_dimensions.csv).
from .context import PAPI_DIMENSIONS  # noqa: E402 - declared once, in context


def _with_names(df: pd.DataFrame, ctx: "ReportContext") -> pd.DataFrame:
    """Return ``df`` with ``district`` and ``indicator_name`` beside the codes (a copy)."""
    out = df.copy()
    if "district_code" in out:
        names = {c: resolve_district(c).name for c in out["district_code"].unique()}
        out.insert(out.columns.get_loc("district_code") + 1, "district", out["district_code"].map(names))
    if "indicator" in out:
        out.insert(out.columns.get_loc("indicator") + 1, "indicator_name",
                   [_label(ctx.catalog, s, ctx.language) for s in out["indicator"]])
    return out


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
    key = None
    if facts is None:
        from .analysis import loaded_facts  # read and validated once per process and version of the files

        facts, key = loaded_facts()
    d = resolve_district(district)
    with_data = sorted(facts["district_code"].unique())
    peer_codes = tuple(with_data if peers is None else sorted({resolve_district(p).district_code for p in peers} | {d.district_code}))
    ctx = ReportContext(d, int(start_year), int(end_year), language, peer_codes,
                        facts[facts["district_code"].isin(peer_codes)].reset_index(drop=True),
                        load_catalog(), load_sources())
    if key is not None:  # names these peers' facts for the per-process memos of analysis.py
        from .analysis import subset_key

        ctx.extra["facts_key"] = subset_key(key, peer_codes)
    return ctx


def data_fingerprint() -> str:
    """Return the version of the data: a digest of the data files, the same on every page of a site.

    Examples
    --------
    >>> len(data_fingerprint()), data_fingerprint() == data_fingerprint()
    (10, True)
    """
    h = hashlib.sha256()
    for name in ("facts.csv", "sources.csv", "indicators.yaml"):
        path = settings.data_dir() / name
        h.update(name.encode() + b"\0" + (path.read_bytes() if path.exists() else b""))
    return h.hexdigest()[:10]


def data_vintage(facts: pd.DataFrame, sources: pd.DataFrame, language: str = "vi") -> str:
    """Return one sentence on what the data is: how many figures, documents, dates, version.

    The version is :func:`data_fingerprint`, a digest of the data files, so every page
    built from the same data shows the same version.

    Examples
    --------
    >>> from cchc_analysis import load_facts, load_sources
    >>> facts = load_facts()
    >>> data_vintage(facts[facts["district_code"] == "849"], load_sources(), "en").startswith(
    ...     "Data: 138 figures from 1 document(s) (May 2022–May 2022); data version ")
    True
    """
    digest = data_fingerprint()
    used = sources[sources["source_id"].isin(facts["source_id"])]
    dates = sorted(used["date"])
    return text("vintage", language, n=len(facts), docs=len(used),
                first=reader_date(dates[0], language) if dates else "–",
                last=reader_date(dates[-1], language) if dates else "–", digest=digest)


def other_language(ctx: ReportContext, site_dir=None):
    """Return the link to this district's report in the other language, or None when that
    report is not in the site.

    The site is ``site_dir`` (default :func:`cchc_analysis.settings.reports_dir`, which
    ``cchc report --out`` sets for its kernels); the file name follows
    :func:`cchc_analysis.names.report_name` (``tra-cu.html``, ``tra-cu-en.html``). The link
    is only made to a report that exists when this one is built, so it never leads nowhere.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> site = pathlib.Path(tempfile.mkdtemp())
    >>> other_language(prepare("Trà Cú"), site) is None
    True
    >>> _ = (site / "tra-cu-en.html").write_text("x")
    >>> str(other_language(prepare("Trà Cú"), site))
    '<a href="tra-cu-en.html">Read this report in English (bản tiếng Anh)</a>'
    """
    from .names import report_name

    site = Path(site_dir) if site_dir is not None else settings.reports_dir()
    for lang, label in OTHER_LANGUAGE_WORDS[ctx.language].items():
        name = report_name("district_report.ipynb", lang, ctx.district) + ".html"
        if (site / name).is_file():
            return link(name, label)
    return None


def header(ctx: ReportContext) -> Block:
    """Return the report's title block: the district then and now, documents used, data vintage.

    Examples
    --------
    >>> block = header(prepare("Trà Cú"))
    >>> block.data.startswith('<h1 id="top">Cải cách hành chính huyện Trà Cú (Trà Vinh), 2016–2025</h1>')
    True
    >>> "địa bàn nay thuộc Vĩnh Long" in block.data
    True
    """
    d, lang = ctx.district, ctx.language
    own_sources = ctx.sources[ctx.sources["district_code"] == d.district_code]
    docs = [_cite(s, lang) for s in own_sources.itertuples()] or [text("no_data", lang)]
    return block(
        heading(text("title", lang, name=d.name, province=d.province, start=ctx.start_year, end=ctx.end_year), 1, "top"),
        para(text("then_now", lang, full_name=d.full_name, province=d.province, code=d.district_code,
                  province_2025=d.province_2025, communes=", ".join(communes_2025(d.district_code)) or "–")),
        para(strong(text("documents", lang) + ":")), items(docs),
        para(data_vintage(ctx.own, ctx.sources, lang)),
        para(other_language(ctx)) if other_language(ctx) is not None else None)


def coverage_table(ctx: ReportContext) -> pd.DataFrame:
    """Return how many figures the district has per reform area and year (gaps stay empty).

    A figure for a whole multi-year period (a 2017–2021 total) is not a figure of any one
    year: it counts once, in a last column of its own.

    Examples
    --------
    >>> table = coverage_table(prepare("Trà Cú", language="en"))
    >>> table.loc["Administrative procedures", [2016, 2017, 2022, 2023, "Multi-year"]].tolist()  # 7 totals of 2017–2021
    [<NA>, <NA>, 4, <NA>, 7]
    """
    f = ctx.own
    if f.empty:
        return pd.DataFrame()
    lang = ctx.language
    areas = load_catalog(what="areas")["name_vi" if lang == "vi" else "name_en"]
    f = f.assign(area=[areas.get(a, a) for a in f["indicator"].map(ctx.catalog["area"])])
    cols = TEXT[lang]["cols"]
    table = counts_by_year(f, "area", ctx.start_year, ctx.end_year, cols["multi_year"])
    return table.rename_axis(index=cols["area"], columns=cols["year"])


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


#: How a bound (loaders.QUALIFIERS) is written before a value, the same in both languages.


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
    f = with_new_columns(ctx.own)  # qualifier and dates (loaders, 2026): "≥ 85", "2020-11-30"
    if only_shown:
        f = f[f["fact_id"].isin(ctx.extra.get("shown", []))]
    lang = ctx.language
    cols = TEXT[lang]["cols"]
    kinds = TEXT[lang]["kind"]
    src = ctx.sources.set_index("source_id")
    out = pd.DataFrame({
        cols["fact_id"]: f["fact_id"],
        cols["indicator"]: [_label(ctx.catalog, s, lang) for s in f["indicator"]],
        cols["period"]: [reader_span(ds, de, lang) if ds else str(a) if a == b else f"{a}–{b}"
                         for a, b, ds, de in zip(f["period_start"], f["period_end"], f["date_start"], f["date_end"])],
        cols["value"]: _quantities(f, ctx.catalog, lang),
        cols["kind"]: f["kind"].map(kinds),
        cols["source"]: [src.at[s, "issuer"] + f", {reader_date(src.at[s, 'date'], lang)}" for s in f["source_id"]],
        cols["quote"]: "“" + f["quote"] + "”",
        cols["note"]: f["note"],
    })
    return out.reset_index(drop=True)


def footer_note(district=None, language: str = "vi") -> str:
    """Return one line naming a report's sources, for the footer of its HTML page.

    Examples
    --------
    >>> footer_note("Trà Cú", "en")
    'Sources: UBND huyện Trà Cú, May 2022; PAPI (CECODES, VFF-CRT, RTA, UNDP), PAR INDEX (MoHA), SIPAS, PCI (VCCI).'
    """
    sources = load_sources()
    if district is not None:
        sources = sources[sources["district_code"] == resolve_district(district).district_code]
    words = TEXT[language]
    cites = "; ".join(f"{s.issuer}{', ' + words['doc_number'].format(number=s.number) if s.number else ''}, "
                      f"{reader_date(s.date, language)}" for s in sources.itertuples())
    head, moha = words["sources"], words["moha"]
    return f"{head}: {cites}; PAPI (CECODES, VFF-CRT, RTA, UNDP), PAR INDEX ({moha}), SIPAS, PCI (VCCI)."


def sources_list(ctx: ReportContext) -> Block:
    """Return the list of every source the report draws on, district documents and reference data.

    Examples
    --------
    >>> html = sources_list(prepare("Trà Cú", peers=["Trà Cú"])).data
    >>> "<li>UBND huyện Trà Cú, 05/2022: <em>Sơ kết 05 năm thực hiện Chỉ thị số 17-CT/TU" in html
    True
    """
    lang = ctx.language
    cites = [_cite(s, lang) for s in ctx.sources[ctx.sources["source_id"].isin(ctx.facts["source_id"])].itertuples()]
    ref = settings.data_dir() / "reference" / "PROVENANCE.md"
    if ref.exists():
        cites.append(text("reference_sources", lang))
    return block(heading(text("sources", lang), 2, "sources"), items(cites))


# --- analysis computed once per report -------------------------------------------------------

def _analysis(ctx: ReportContext) -> dict:
    """Return (and cache in ``ctx.extra``) the panel, trends, targets and flags of the peers."""
    if "panel" not in ctx.extra:
        from .analysis import shared_analysis  # computed once per process for the same peers' facts

        ctx.extra.update(shared_analysis(ctx.facts, ctx.catalog, ctx.start_year, ctx.end_year,
                                         facts_key=ctx.extra.get("facts_key")))
    return ctx.extra


def _peers(ctx: ReportContext, **kwargs) -> pd.DataFrame:
    """Return ``compare_peers(ctx.facts, …)``, kept per process for the next report of the same peers."""
    from .analysis import peer_comparison

    return peer_comparison(ctx.facts, ctx.extra.get("facts_key"), catalog=ctx.catalog, **kwargs)


def _mine(df: pd.DataFrame, ctx: ReportContext) -> pd.DataFrame:
    return df[df["district_code"] == ctx.district.district_code]


def show_header(ctx: ReportContext) -> None:
    """Display the title block (district then and now, documents, data vintage)."""
    from IPython.display import display

    display(header(ctx))


#: The report's sections in reading order: (anchor, key of the title in TEXT). The areas follow "coverage".
SECTIONS = (("summary", "summary"), ("province", "province_short"), ("key", "key"), ("targets", "targets"),
            ("coverage", "coverage"), ("flags", "flags"), ("appendix", "appendix_short"), ("sources", "sources"))


def summary(ctx: ReportContext) -> Block:
    """Return the summary that opens the report: coverage, headline figures, trends, targets, peers.

    Only trends whose 95% interval excludes zero are stated as movement; every number
    carries its unit.

    Examples
    --------
    >>> html = summary(prepare("Gia Lộc", language="en")).data
    >>> html.startswith('<h2 id="summary">Summary</h2>'), "Target attainment:" in html
    (True, True)
    """
    lang, own, a = ctx.language, ctx.own, _analysis(ctx)
    parts = [heading(text("summary", lang), 2, "summary")]
    if own.empty:
        return block(*parts, para(text("no_data", lang)))
    years = sorted({y for s_, e in zip(own["period_start"], own["period_end"])
                    for y in range(max(s_, ctx.start_year), min(e, ctx.end_year) + 1)})
    docs = own["source_id"].nunique()
    parts.append(para(text("summary_cover", lang, n=len(own), docs=docs, start=ctx.start_year, end=ctx.end_year,
                           first=years[0] if years else "–", last=years[-1] if years else "–")))
    trends = _mine(a["trends"], ctx)
    contradicted = _contradicted(a["flags"])
    figures = []
    for slug in [s_ for s_ in KEY_INDICATORS if s_ in set(own["indicator"])]:
        f = own[(own["indicator"] == slug) & own["kind"].isin(["actual", "baseline"])]
        if f.empty:
            continue
        latest = f.sort_values(["period_end", "period_start"]).iloc[-1]
        unit = _unit(ctx.catalog, slug)
        words = [f"{_label(ctx.catalog, slug, lang)}"
                 + (f" ({TEXT[lang]['level_names'][latest['level']]})" if latest["level"] != "district" else "")
                 + f": {format_quantity(latest['value'], unit, lang, _qualifier(latest))} "
                 + f"({_period(latest['period_start'], latest['period_end'])})"
                 + (f" {text('contradicted', lang)}" if latest["fact_id"] in contradicted else "")]
        tr = trends[(trends["indicator"] == slug) & (trends["scope"] == latest["scope"]) & (trends["level"] == latest["level"])]
        if len(tr) and supported(tr.iloc[0]):
            words.append(trend_words(tr.iloc[0], unit, lang))
        try:
            peers = _peers(ctx, indicator=slug, period=(int(latest["period_start"]), int(latest["period_end"])),
                           scope=latest["scope"], level=latest["level"], kind=latest["kind"])
        except Exception:  # not comparable: say nothing rather than mix figures
            peers = pd.DataFrame()
        if len(peers) >= 2:
            median = peers["peer_median"].iloc[0]
            side = "above" if latest["value"] > median else "below" if latest["value"] < median else "at"
            words.append(text(f"peer_{side}", lang, median=format_quantity(median, unit, lang), n=len(peers)))
        figures.append("; ".join(words))
        shown(ctx, [latest["fact_id"]])
    if figures:
        parts += [para(strong(text("headline", lang))), items(figures[:10])]
    t = _in_years(_mine(a["targets"], ctx), ctx)
    if len(t):
        names = TEXT[lang]["status"]
        counts = t["status"].value_counts()
        parts.append(para(strong(text("targets", lang) + ": "),
                          ", ".join(f"{names.get(k, k)} {int(counts.get(k, 0))}" for k in names)))
    parts.append(nav(ctx))
    return block(*parts)


def nav(ctx: ReportContext):
    """Return the table of contents (links to the sections) and the link back to the index."""
    lang = ctx.language
    links = [link(f"#{anchor}", text(key, lang, province=ctx.district.province)) for anchor, key in SECTIONS]
    return tag("nav", cls="cchc-toc", body=fragment(
        strong(text("contents", lang)), items(links), para(link("index.html", text("all_reports", lang)))))


def show_summary(ctx: ReportContext) -> None:
    """Display the summary and the table of contents."""
    from IPython.display import display

    display(summary(ctx))


def show_coverage(ctx: ReportContext) -> None:
    """Display which years and areas the district's figures cover, gaps included."""
    from IPython.display import display

    from .plots import plot_coverage

    lang, own = ctx.language, ctx.own
    if own.empty:
        display(block(heading(text("coverage", lang), 2, "coverage"), para(text("no_data", lang))))
        return
    years = sorted({y for a, b in zip(own["period_start"], own["period_end"])
                    for y in range(max(a, ctx.start_year), min(b, ctx.end_year) + 1)})
    gaps = [y for y in range(ctx.start_year, ctx.end_year + 1) if y not in years]
    display(block(heading(text("coverage", lang), 2, "coverage"),
                  para(text("coverage_text", lang, n=len(own), start=ctx.start_year, end=ctx.end_year,
                            years=", ".join(map(str, years)) or "–", gaps=", ".join(map(str, gaps)) or "–"))))
    display(_table(coverage_table(ctx).reset_index(), caption=text("counts_caption", lang), counts=True))
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


def _markup(shown_block: Block):
    """Return a block made by :mod:`cchc_analysis._html` (escaped already) as markup to nest."""
    from markupsafe import Markup

    return Markup(shown_block.data)


def key_indicators(ctx: ReportContext) -> pd.DataFrame:
    """Return the key-indicator table: latest actual, trend, peer median, target and status.

    Examples
    --------
    >>> k = key_indicators(prepare("Gia Lộc", language="en")).set_index(["Indicator", "Level"])
    >>> k.loc[("Commune-level units", "commune"), ["Latest", "Peer median"]].iloc[0].tolist()  # 18 vs Triệu Sơn 34
    ['18 units (2021)', '26 units (2 districts)']
    >>> k.loc[("Dossiers received", "commune"), "Latest"]
    '260,990 dossiers (2016–2020)'
    """
    a, lang = _analysis(ctx), ctx.language
    cols, status_names = TEXT[lang]["cols"], TEXT[lang]["status"]
    own = ctx.own
    contradicted = _contradicted(a["flags"])
    rows = []
    for slug in [s for s in KEY_INDICATORS if s in set(own["indicator"])]:
        f = own[own["indicator"] == slug]
        for (scope, level), g in f.groupby(["scope", "level"], sort=False):
            actual = g[g["kind"].isin(["actual", "baseline"])].sort_values(["period_end", "period_start"])
            target = g[g["kind"] == "target"].sort_values("period_end")
            row = {cols["indicator"]: _label(ctx.catalog, slug, lang), cols["scope"]: _scope_label(scope, lang),
                   cols["level"]: TEXT[lang]["level_names"][level]}
            latest = actual.iloc[-1] if len(actual) else None
            unit = _unit(ctx.catalog, slug)
            row[cols["latest"]] = (f"{format_quantity(latest['value'], unit, lang, _qualifier(latest))} "
                                   f"({_period(latest['period_start'], latest['period_end'])})"
                                   + (f" {text('contradicted', lang)}" if latest["fact_id"] in contradicted else "")
                                   if latest is not None else "–")
            tr = a["trends"]
            tr = tr[(tr["district_code"] == ctx.district.district_code) & (tr["indicator"] == slug)
                    & (tr["scope"] == scope) & (tr["level"] == level)]
            if len(tr) and tr.iloc[0]["status"] == "fitted":
                row[cols["trend"]] = trend_words(tr.iloc[0], unit, lang)
            elif len(tr):
                row[cols["trend"]] = text("trend_none", lang, n=int(tr.iloc[0]["n_points"]))
            else:  # only whole-period figures: no yearly series to fit
                row[cols["trend"]] = "–"
            row[cols["peer_median"]] = "–"
            if latest is not None:
                try:
                    peers = _peers(ctx, indicator=slug, period=(int(latest["period_start"]), int(latest["period_end"])),
                                   scope=scope, level=level, kind=latest["kind"])
                    if len(peers) >= 2:
                        row[cols["peer_median"]] = (f"{format_quantity(peers['peer_median'].iloc[0], unit, lang)} "
                                                    f"({text('n_districts', lang, n=len(peers))})")
                except Exception:  # not comparable: leave the cell empty rather than mix figures
                    pass
            if len(target):
                t = target.iloc[-1]
                row[cols["target"]] = (f"{format_quantity(t['value'], unit, lang, _qualifier(t))} "
                                       f"({_period(t['period_start'], t['period_end'])})")
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

    display(block(heading(text("key", ctx.language), 2, "key"), para(text("key_text", ctx.language))))
    table = key_indicators(ctx)
    display(_table(table) if len(table) else block(para(text("no_data", ctx.language))))


def area_figures(ctx: ReportContext, area: str) -> pd.DataFrame:
    """Return the district's figures of one reform area, readable, with their period and kind.

    ``area`` is a key of the catalog's areas (``load_catalog(what="areas")``).

    Examples
    --------
    >>> t = area_figures(prepare("Gia Lộc", language="en"), "administrative_procedures")
    >>> reviewed = t[(t["Indicator"] == "Administrative procedures reviewed") & (t["Level"] == "district")]
    >>> reviewed["Value"].tolist()  # 2016 to 2020, with their unit
    ['285 units', '317 units', '302 units', '286 units', '265 units']
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
        cols["value"]: _quantities(f, ctx.catalog, lang, _contradicted(_analysis(ctx)["flags"])),
        cols["kind"]: f["kind"].map(kinds),
    })


def show_area(ctx: ReportContext, area: str) -> None:
    """Display one reform area: heading, its figures, and small multiples of yearly series."""
    from IPython.display import display

    from .plots import plot_area_trends

    lang = ctx.language
    areas = load_catalog(what="areas")
    if area not in areas.index:
        raise ValueError(f"area {area!r} is unknown; valid: {', '.join(areas.index)}")
    title = heading(areas.loc[area, "name_vi" if lang == "vi" else "name_en"], 2, f"area-{area}")
    table = area_figures(ctx, area)
    if table.empty:
        display(block(title, para(text("no_area_data", lang))))
        return
    display(block(title, para(text("area_text", lang, n=len(table))),
                  details(text("show_table", lang, n=len(table)), _markup(_table(table)))))
    panel = _mine(_analysis(ctx)["panel"], ctx)
    panel = panel[panel["indicator"].map(ctx.catalog["area"]) == area]
    yearly = panel.groupby(["indicator", "scope", "level"])["year"].transform("nunique")
    panel = panel[yearly >= 2]
    if not panel.empty:
        a = _analysis(ctx)
        mine = _mine(a["trends"], ctx)  # the district's fits only: the plot looks up no other district's
        drawn = mine.assign(status=mine["status"].where(mine["supported"], "no reliable trend"))
        grid = plot_area_trends(panel, area=area, start_year=ctx.start_year, end_year=ctx.end_year,
                                catalog=ctx.catalog, trends=drawn, projections=_mine(a["projections"], ctx),
                                language=lang)
        _show_figure(grid.figure)
        display(block(para(text("trend_note", lang), cls="cchc-caption")))


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
    8  ≥ 85% (2021)  no data to judge  no actual reported
    9  ≥ 90% (2022)  no data to judge  no actual reported
    """
    lang = ctx.language
    cols, status_names = TEXT[lang]["cols"], TEXT[lang]["status"]
    t = _in_years(_mine(_analysis(ctx)["targets"], ctx), ctx)
    shown(ctx, t["fact_ids"])
    return pd.DataFrame({
        cols["indicator"]: [_label(ctx.catalog, s, lang) for s in t["indicator"]],
        cols["scope"]: [_scope_label(s, lang) for s in t["scope"]],
        cols["level"]: t["level"].map(TEXT[lang]["level_names"]),
        cols["target"]: [f"{format_quantity(v, _unit(ctx.catalog, s), lang, b)} ({y})"
                         for s, v, b, y in zip(t["indicator"], t["target_value"], t["bound"], t["target_year"])],
        cols["latest"]: [f"{format_quantity(v, _unit(ctx.catalog, s), lang)} ({int(y)})" if pd.notna(v) else "–"
                         for s, v, y in zip(t["indicator"], t["latest_actual"], t["latest_actual_year"])],
        cols["gap"]: [_gap(v, _unit(ctx.catalog, s), lang) for s, v in zip(t["indicator"], t["gap"])],
        cols["status"]: t["status"].map(status_names),
        cols["basis"]: [basis_text(b, lang) for b in t["basis"]],
    })


def show_targets(ctx: ReportContext) -> None:
    """Display target attainment, with a sentence counting statuses."""
    from IPython.display import display

    lang = ctx.language
    table = target_table(ctx)
    title = heading(text("targets", lang), 2, "targets")
    if table.empty:
        display(block(title, para(text("no_data", lang))))
        return
    counts = table[TEXT[lang]["cols"]["status"]].value_counts()
    mine = _mine(_analysis(ctx)["targets"], ctx)
    later = int((mine["target_year"] > ctx.end_year).sum())
    display(block(title, para(text("targets_text", lang, n=len(table),
                                   counts=", ".join(f"{k}: {v}" for k, v in counts.items()))),
                  para(text("targets_later", lang, n=later, end=ctx.end_year)) if later else None))
    display(_table(table))


def papi_profile(ctx: ReportContext) -> pd.DataFrame:
    """Return the province's PAPI profile in the report's last survey year: each dimension's score,
    the national median and the change since the previous year.

    No change is computed across a change of method (:func:`cchc_analysis.provinces.comparable_spans`:
    Vertical accountability from 2016; Environmental and E-governance exist from 2018): the
    cell says why instead. The survey year is the latest with a score up to ``end_year``.

    Examples
    --------
    >>> t = papi_profile(prepare("Trà Cú", language="en", end_year=2016))
    >>> t.iloc[2, -1]
    'not compared: PAPI changed how this dimension is measured in 2016'
    """
    from .context import load_papi, load_papi_dimensions, papi_trend
    from .provinces import comparable_spans

    lang, words = ctx.language, PROFILE_WORDS[ctx.language]
    papi = papi_trend(load_papi(), ctx.district.province, dimensions=list(PAPI_DIMENSIONS), end_year=ctx.end_year)
    scored = papi[papi["value"].notna() & (papi["year"] >= ctx.start_year)]
    if scored.empty:
        return pd.DataFrame()
    year = int(scored["year"].max())
    prev = year - 1
    now = papi[papi["year"] == year].set_index("dimension")
    before = papi[papi["year"] == prev].set_index("dimension")["value"]
    dims = load_papi_dimensions()
    names = (dims.set_index("code") if "code" in dims else dims)[f"name_{lang}"]
    rows = []
    for dim in [d for d in PAPI_DIMENSIONS if d in now.index]:
        value, old = now.at[dim, "value"], before.get(dim)
        if pd.isna(value):
            change = words["no_score"].format(year=year)
        elif old is None or pd.isna(old):
            change = words["no_score"].format(year=prev)
        elif not any(a <= prev and year <= b for a, b in comparable_spans(dim)):
            cut = next(a for a, b in comparable_spans(dim) if a <= year <= b)
            change = words["break"].format(cut=cut)
        else:
            change = words["change_value"].format(change=signed_score(value - old, lang), prev=prev)
        rows.append({words["dimension"]: names.get(dim, dim), words["year"]: year,
                     words["score"]: format_quantity(value, "score", lang) if pd.notna(value) else "–",
                     words["median"]: format_quantity(now.at[dim, "national_median"], "score", lang),
                     words["change"]: change})
    return pd.DataFrame(rows)


def show_provincial_context(ctx: ReportContext) -> None:
    """Display the province's PAPI dimensions against the national median, and other indices."""
    from IPython.display import display

    from .context import load_papi, load_province_indices
    from .plots import plot_papi_dimensions

    lang, d = ctx.language, ctx.district
    cols = TEXT[lang]["cols"]
    display(block(heading(text("province", lang, province=d.province), 2, "province"), para(text("papi_text", lang))))
    profile = papi_profile(ctx)
    if len(profile):
        words = PROFILE_WORDS[lang]
        year = int(profile[words["year"]].iloc[0])  # one year for all: said once, in the caption
        display(_table(profile.drop(columns=words["year"]), caption=words["title"].format(year=year, prev=year - 1)))
    papi = load_papi()
    trend = ctx.province_context
    wide = trend.pivot_table(index="dimension", columns="year", values="value")
    rank = trend.pivot_table(index="dimension", columns="year", values="rank")
    shown_table = wide.round(2).astype(object).where(wide.notna(), "–")
    for c in shown_table.columns:
        shown_table[c] = [f"{format_quantity(v, 'score', lang)} ({format_quantity(int(r), 'rank', lang)})"
                          if v != "–" and pd.notna(r) else v
                          for v, r in zip(shown_table[c], rank[c])]
    from .context import load_papi_dimensions

    dims = load_papi_dimensions()
    dim_names = (dims.set_index("code") if "code" in dims else dims)[f"name_{lang}"]
    shown_table.index = [dim_names.get(c, c) for c in shown_table.index]
    display(_table(shown_table.rename_axis(cols["dimension"]).reset_index()))
    ax = plot_papi_dimensions(papi, province=d.province, language=lang)
    _show_figure(ax.figure)
    idx = load_province_indices()
    idx = idx[(idx["province"] == d.province) & idx["index"].isin(["par_index", "sipas", "pci"])
              & idx["year"].between(ctx.start_year, ctx.end_year)]
    if len(idx):
        display(block(para(text("indices_text", lang))))
        display(_table(pd.DataFrame({
            cols["index"]: idx["index"].str.upper().str.replace("_", " "), cols["year"]: idx["year"],
            cols["value"]: [format_quantity(v, "points", lang) for v in idx["value"]],
            cols["rank"]: [format_quantity(r, "rank", lang) for r in idx["rank"]],
            cols["source"]: [_source_words(x, lang) for x in idx["source"]]})))


def _source_words(source, language: str) -> str:
    """Return a reference data source for readers: a ``github:owner/repo:path@commit`` as words."""
    import re

    m = re.match(r"github:([\w.-]+/[\w.-]+)", str(source))
    return text("source_github", language, repo=m.group(1)) if m else source


def show_consistency(ctx: ReportContext) -> None:
    """Display where the district's documents contradict themselves, with the quotes."""
    from IPython.display import display

    lang = ctx.language
    cols = TEXT[lang]["cols"]
    flags = _mine(_analysis(ctx)["flags"], ctx)
    title = heading(text("flags", lang), 2, "flags")
    if flags.empty:
        display(block(title, para(text("flags_none", lang))))
        return
    display(block(title, para(text("flags_text", lang))))
    shown(ctx, flags["fact_ids"])
    from ._text import RULE_NAMES

    names = RULE_NAMES[lang]
    display(_table(pd.DataFrame({
        cols["rule"]: [names.get(r, r) for r in flags["rule"]],
        cols["message"]: [flag_text(f, ctx.facts, ctx.catalog, lang) for f in flags.to_dict("records")],
        cols["quotes"]: flags["quotes"]})))


def show_appendix(ctx: ReportContext) -> None:
    """Display the appendix: every figure of the district with its source and quote."""
    from IPython.display import display

    table = appendix(ctx)
    display(block(heading(text("appendix", ctx.language), 2, "appendix"),
                  details(text("show_table", ctx.language, n=len(table)), _markup(_table(table)))))


def show_sources(ctx: ReportContext) -> None:
    """Display the list of sources."""
    from IPython.display import display

    display(sources_list(ctx))
