"""Figures: the right artists for the rows given, Vietnamese labels by default, English on
request, and a synthetic stamp when asked. Counted on the artists themselves (Agg backend)."""
import ast
import inspect
import statistics

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import seaborn as sns
from matplotlib.ticker import FixedLocator

from cchc_analysis import plots
from cchc_analysis.errors import IncomparableError, ParameterError, UnknownIndicatorError
from cchc_analysis.plots import (
    plot_area_trends,
    plot_coverage,
    plot_papi_dimensions,
    plot_peers,
    plot_trend,
    set_theme,
)

matplotlib.use("Agg")
ON_TIME_VI = "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn"
ON_TIME_EN = "Share of dossiers resolved early or on time"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def panel():
    return pd.DataFrame(
        [
            # district, indicator, scope, level, year, kind, value, derived
            ("849", "dossiers_on_time_pct", "", "district", 2018, "actual", 96.0, False),
            ("849", "dossiers_on_time_pct", "", "district", 2019, "actual", 97.0, False),
            # 2020 missing: a gap, nothing drawn
            ("849", "dossiers_on_time_pct", "", "district", 2021, "actual", 98.5, False),
            ("849", "dossiers_on_time_pct", "", "district", 2021, "actual", 98.0, True),  # from counts
            ("849", "dossiers_on_time_pct", "", "district", 2017, "baseline", 90.0, False),
            ("849", "dossiers_on_time_pct", "", "district", 2025, "target", 100.0, False),
            ("849", "online_dossiers_pct", "", "district", 2021, "actual", 20.0, False),
            ("849", "online_dossiers_pct", "", "district", 2025, "target", 50.0, False),
            ("849", "staff_quota", "civil_servants", "district", 2021, "actual", 60.0, False),
            ("849", "staff_quota", "public_employees", "district", 2021, "actual", 700.0, False),
        ],
        columns=["district_code", "indicator", "scope", "level", "year", "kind", "value", "derived"],
    )


@pytest.fixture
def catalog():
    """A tiny catalog, so that tests do not depend on the order of data/indicators.yaml."""
    rows = [
        # slug, name_vi, name_en, unit, area
        ("population", "Dân số", "Population", "persons", "context"),
        ("staff_quota", "Biên chế được giao", "Staff quota assigned", "persons", "apparatus"),
        ("dossiers_received", "Hồ sơ tiếp nhận", "Dossiers received", "dossiers", "administrative_procedures"),
        ("dossiers_on_time_pct", ON_TIME_VI, ON_TIME_EN, "pct", "administrative_procedures"),
        ("online_dossiers_pct", "Tỷ lệ hồ sơ trực tuyến", "Share of dossiers received online", "pct", "e_government"),
        ("satisfaction_pct", "Tỷ lệ hài lòng", "Satisfaction", "pct", "outcomes"),
        ("staff_reduced", "Số biên chế tinh giản", "Staff reduced", "persons", "apparatus"),
        ("odd_unit", "Chỉ tiêu lạ", "Odd indicator", "widgets", "outcomes"),  # a unit without a label
    ]
    return pd.DataFrame(rows, columns=["slug", "name_vi", "name_en", "unit", "area"]).set_index("slug")


@pytest.fixture
def trend():
    """fit_trends row of the on-time series: value = intercept + slope × year over 2018–2021."""
    return pd.DataFrame({"district_code": ["849"], "indicator": ["dossiers_on_time_pct"], "scope": [""],
                         "level": ["district"], "status": ["fitted"], "first_year": [2018], "last_year": [2021],
                         "intercept": [96.0 - 0.7 * 2018], "slope": [0.7]})


@pytest.fixture
def projection():
    years = np.arange(2022, 2026)
    pred = 96.0 + 0.7 * (years - 2018)
    return pd.DataFrame({"district_code": "849", "indicator": "dossiers_on_time_pct", "scope": "", "level": "district",
                         "year": years, "predicted": pred, "pi_low": pred - 1, "pi_high": pred + 1, "status": "projected"})


def by_gid(ax, gid):
    return [a for a in ax.get_children() if a.get_gid() == gid]


def n_points(ax, gid):
    return sum(len(c.get_offsets()) for c in by_gid(ax, gid))


def stamped(ax):
    return any("SYNTHETIC" in t.get_text() for t in ax.texts)


# --- plot_trend -----------------------------------------------------------------------------

def test_trend_draws_one_marker_per_row_by_kind(panel, trend, projection):
    ax = plot_trend(panel, indicator="dossiers_on_time_pct", trend=trend, projection=projection)
    assert isinstance(ax, matplotlib.axes.Axes)
    assert (n_points(ax, "actual"), n_points(ax, "derived"), n_points(ax, "target"), n_points(ax, "baseline")) == (3, 1, 1, 1)
    derived = by_gid(ax, "derived")[0]
    assert derived.get_facecolor().size == 0 or derived.get_facecolor()[0][3] == 0  # hollow
    assert by_gid(ax, "derived")[0].get_paths()[0] != by_gid(ax, "actual")[0].get_paths()[0]  # other marker
    (fit,) = by_gid(ax, "fit")
    assert list(fit.get_xdata()) == [2018, 2021]  # over the years fitted, not beyond
    assert np.allclose(fit.get_ydata(), [96.0, 96.0 + 0.7 * 3])  # by hand: 96 + 0.7 × (year − 2018)
    (proj,) = by_gid(ax, "projection")
    assert list(proj.get_xdata()) == [2022, 2023, 2024, 2025] and proj.get_linestyle() == "--"
    assert len(by_gid(ax, "band")) == 1
    assert sorted(by_gid(ax, "actual")[0].get_offsets()[:, 0].tolist()) == [2018, 2019, 2021]  # 2020 stays a gap


def test_trend_labels_are_vietnamese_by_default(panel, trend, projection):
    ax = plot_trend(panel, indicator="dossiers_on_time_pct", trend=trend, projection=projection)
    assert ax.get_title() == f"{ON_TIME_VI} (cấp huyện)"
    assert ax.get_xlabel() == "Năm" and ax.get_ylabel() == "%"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Thực hiện", "Thực hiện (tính từ số liệu khác)", "Mục tiêu", "Mức cơ sở",
                      "Xu hướng tuyến tính", "Dự báo theo xu hướng", "Khoảng dự báo 95%"]


def test_trend_english_on_request(panel):
    ax = plot_trend(panel, indicator="dossiers_on_time_pct", language="en")
    assert ax.get_title() == f"{ON_TIME_EN} (district level)" and ax.get_xlabel() == "Year"
    assert "Target" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_trend_without_a_fit_says_so_and_draws_no_line(panel, trend, projection):
    unfitted = trend.assign(status="insufficient data", intercept=np.nan, slope=np.nan)
    one_row = projection.iloc[[-1]].assign(status="insufficient data", predicted=np.nan)  # as project() gives
    ax = plot_trend(panel, indicator="dossiers_on_time_pct", trend=unfitted, projection=one_row)
    assert by_gid(ax, "fit") == [] and by_gid(ax, "projection") == [] and by_gid(ax, "band") == []
    assert "Chưa đủ số liệu" in by_gid(ax, "insufficient")[0].get_text()
    ax = plot_trend(panel, indicator="dossiers_on_time_pct", trend=trend, language="en")
    assert by_gid(ax, "insufficient") == []  # a fitted trend and no projection asked: nothing to say


def test_trend_draws_what_the_trends_module_returns(panel):
    trends = pytest.importorskip("cchc_analysis.trends")
    full = panel.assign(derivation="", period_start=panel["year"], period_end=panel["year"], fact_ids="")
    actual = full[(full["indicator"] == "dossiers_on_time_pct") & ~full["derived"]]
    ax = plot_trend(panel, indicator="dossiers_on_time_pct", trend=trends.fit_trends(actual),
                    projection=trends.project(actual, to_year=2025))
    (fit,) = by_gid(ax, "fit")
    x = np.array([2018, 2019, 2021])  # the three stated actuals; closed-form least squares
    y = np.array([96.0, 97.0, 98.5])
    slope = ((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum()
    assert np.allclose(fit.get_ydata(), y.mean() + slope * (np.array([2018, 2021]) - x.mean()))
    assert list(by_gid(ax, "projection")[0].get_xdata()) == [2022, 2023, 2024, 2025]


def test_trend_scope_in_title_and_ambiguity_refused(panel):
    with pytest.raises(ParameterError, match=r"'scope'.*several.*civil_servants, public_employees"):
        plot_trend(panel, indicator="staff_quota")
    ax = plot_trend(panel, indicator="staff_quota", scope="civil_servants")
    assert ax.get_title() == "Biên chế được giao (công chức, cấp huyện)"
    with pytest.raises(ParameterError, match=r"'district_code'.*several"):
        plot_trend(pd.concat([panel, panel.assign(district_code="297")]), indicator="staff_quota", scope="civil_servants")


def test_trend_span_shows_gaps_at_the_ends(panel):
    ax = plot_trend(panel, indicator="online_dossiers_pct", start_year=2016, end_year=2025)
    assert ax.get_xlim() == (2015.5, 2025.5)


def test_trend_errors_name_the_choices(panel):
    with pytest.raises(UnknownIndicatorError, match="not_a_slug"):
        plot_trend(panel, indicator="not_a_slug")
    with pytest.raises(ParameterError, match=r"'language'='fr'.*valid: vi, en"):
        plot_trend(panel, indicator="online_dossiers_pct", language="fr")


def test_trend_synthetic_stamp(panel):
    assert not stamped(plot_trend(panel, indicator="online_dossiers_pct"))
    assert stamped(plot_trend(panel, indicator="online_dossiers_pct", synthetic=True))
    assert stamped(plot_trend(panel, indicator="online_dossiers_pct", synthetic=True, language="en"))


def test_inputs_are_not_mutated(panel, trend, projection):
    before, pbefore = panel.copy(), projection.copy()
    plot_trend(panel, indicator="dossiers_on_time_pct", trend=trend, projection=projection)
    plot_area_trends(panel)
    pd.testing.assert_frame_equal(panel, before)
    pd.testing.assert_frame_equal(projection, pbefore)


def test_trend_accepts_a_tiny_catalog(panel):
    catalog = pd.DataFrame({"name_vi": ["Tỷ lệ trực tuyến"], "name_en": ["Online share"], "unit": ["pct"],
                            "area": ["e_government"]}, index=["online_dossiers_pct"])
    ax = plot_trend(panel, indicator="online_dossiers_pct", catalog=catalog)
    assert ax.get_title() == "Tỷ lệ trực tuyến (cấp huyện)"


# --- plot_area_trends -----------------------------------------------------------------------

def test_area_trends_one_panel_per_indicator_and_scope(panel, catalog):
    g = plot_area_trends(panel, catalog=catalog)
    titles = [ax.get_title().replace("\n", " ") for ax in g.axes.flat]
    assert titles == [  # in the order of the reform areas: procedures, apparatus, e-government
        ON_TIME_VI, "Biên chế được giao (công chức)", "Biên chế được giao (viên chức)", "Tỷ lệ hồ sơ trực tuyến",
    ]
    assert [n_points(ax, "actual") + n_points(ax, "derived") for ax in g.axes.flat] == [3 + 1, 1, 1, 1]
    assert [n_points(ax, "target") for ax in g.axes.flat] == [1, 0, 0, 1]
    assert [ax.get_ylabel() for ax in g.axes.flat] == ["%", "Người", "Người", "%"]


def test_area_trends_title_names_the_area_in_either_language(panel):
    g = plot_area_trends(panel, area="administrative_procedures")
    assert len(g.axes.flat) == 1
    assert g.figure._suptitle.get_text() == "Cải cách thủ tục hành chính"
    g = plot_area_trends(panel, area="administrative_procedures", language="en")
    assert g.figure._suptitle.get_text() == "Administrative procedures"
    assert g.axes.flat[0].get_xlabel() == "Year"


def test_area_trends_several_districts_get_a_legend_entry_each(panel):
    g = plot_area_trends(pd.concat([panel, panel.assign(district_code="297")]), area="e_government")
    labels = [t.get_text() for t in g.figure.legends[0].get_texts()]
    assert "Gia Lộc (Hải Dương)" in labels and "Trà Cú (Trà Vinh)" in labels
    assert n_points(g.axes.flat[0], "actual") == 2


def test_area_trends_refuses_unknown_or_empty_area(panel):
    with pytest.raises(ParameterError, match=r"'area'='procedures'.*valid: institutions"):
        plot_area_trends(panel, area="procedures")
    with pytest.raises(ParameterError, match="no indicator of this area"):
        plot_area_trends(panel, area="public_finance")


def test_area_trends_synthetic_stamp_on_every_panel(panel):
    g = plot_area_trends(panel, synthetic=True)
    assert all(stamped(ax) for ax in g.axes.flat)


# --- plot_coverage ---------------------------------------------------------------------------

@pytest.fixture
def facts():
    return pd.DataFrame({
        "indicator": ["population", "dossiers_received", "dossiers_received", "dossiers_received", "satisfaction_pct"],
        "period_start": [2020, 2017, 2021, 2021, 2019],
        "period_end": [2020, 2021, 2021, 2021, 2019],  # first dossiers row: a 2017–2021 total
    })


def test_coverage_counts_facts_per_indicator_and_year(facts, catalog):
    ax = plot_coverage(facts, start_year=2016, end_year=2022, catalog=catalog)
    columns = [t.get_text() for t in ax.get_xticklabels()]
    assert columns == [str(y) for y in range(2016, 2023)] + ["Nhiều năm"]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows == ["Hồ sơ tiếp nhận", "Tỷ lệ hài lòng", "Dân số"]  # procedures, outcomes, context
    # by hand: population 2020:1; dossiers 2021: 2 single-year rows; the 2017–2021 total is not a
    # figure of 2017, ..., 2021 but one multi-year figure, in its own column; satisfaction 2019:1
    expected = {("Dân số", "2020"): 1, ("Hồ sơ tiếp nhận", "2021"): 2, ("Hồ sơ tiếp nhận", "Nhiều năm"): 1,
                ("Tỷ lệ hài lòng", "2019"): 1}
    got = {}
    for t in ax.texts:
        x, y = t.get_position()
        got[(rows[int(y)], columns[int(x)])] = int(t.get_text())
    assert got == expected  # empty cells carry no number: gaps show as gaps
    mesh = ax.collections[0].get_array()
    assert np.ma.count_masked(mesh) == 3 * 8 - len(expected)


def test_coverage_has_no_multi_year_column_without_period_totals(facts, catalog):
    ax = plot_coverage(facts[facts["period_start"] == facts["period_end"]], start_year=2016, end_year=2022,
                       catalog=catalog, language="en")
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(y) for y in range(2016, 2023)]


def test_coverage_from_a_panel_and_in_english(panel, catalog):
    ax = plot_coverage(panel, language="en", catalog=catalog)
    assert ax.get_xlabel() == "Year" and ax.get_title() == "Figures available by indicator and year"
    assert "Staff quota assigned" in [t.get_text() for t in ax.get_yticklabels()]
    assert sum(int(t.get_text()) for t in ax.texts) == len(panel)


def test_coverage_synthetic_stamp(facts, catalog):
    assert stamped(plot_coverage(facts, synthetic=True, catalog=catalog))
    assert not stamped(plot_coverage(facts, catalog=catalog))


def test_value_axes_are_written_the_readers_way():
    panel = pd.DataFrame({"district_code": "297", "indicator": "dossiers_received", "scope": "",
                          "level": "district", "year": [2019, 2020, 2021], "kind": "actual",
                          "value": [1500.0, 1700.0, 2100.0], "derived": False})
    for language, thousands in (("vi", "1.800"), ("en", "1,800")):
        ax = plot_trend(panel, indicator="dossiers_received", language=language)
        ax.set_ylim(1400, 2200)
        ax.yaxis.set_major_locator(FixedLocator([1500, 1800, 2100]))
        ax.figure.canvas.draw()
        assert thousands in [t.get_text() for t in ax.get_yticklabels()]
        plt.close("all")
    pct = panel.assign(indicator="satisfaction_pct", value=[92.5, 93.0, 94.5])
    ax = plot_trend(pct, indicator="satisfaction_pct")
    ax.yaxis.set_major_locator(FixedLocator([92.5, 93.5]))
    ax.figure.canvas.draw()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["92,5", "93,5"]
    plt.close("all")


# --- plot_peers -----------------------------------------------------------------------------

@pytest.fixture
def peers():
    return pd.DataFrame({"district_code": ["297", "397", "849", "396", "477"], "indicator": "staff_reduced",
                         "level": "district", "period_start": 2017, "period_end": 2021,
                         "value": [21.0, 35.0, 18.0, 9.0, 26.0]})


def test_peers_dot_plot_sorted_with_one_highlight(peers):
    ax = plot_peers(peers, highlight=297)
    assert (n_points(ax, "peers"), n_points(ax, "highlight")) == (4, 1)
    assert by_gid(ax, "highlight")[0].get_offsets()[0].tolist() == [21.0, 2.0]  # third smallest of five
    (median,) = by_gid(ax, "median")
    assert median.get_xdata()[0] == statistics.median(peers["value"])
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Thường Xuân (Thanh Hóa)", "Trà Cú (Trà Vinh)", "Gia Lộc (Hải Dương)",
        "Quảng Điền (Thừa Thiên Huế)", "Triệu Sơn (Thanh Hóa)"]
    assert ax.get_title() == "Số biên chế tinh giản (cấp huyện, 2017–2021)"
    assert "Trung vị (5 huyện)" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_peers_in_english_with_own_labels(peers):
    ax = plot_peers(peers, highlight="Trà Cú", labels={"849": "Tra Cu"}, language="en")
    assert ax.get_title() == "Staff reduced (district level, 2017–2021)"
    assert ax.get_yticklabels()[1].get_text() == "Tra Cu"


def test_peers_refuse_mixed_levels_or_periods(peers):
    with pytest.raises(IncomparableError, match=r"mix level values \['commune', 'district'\]"):
        plot_peers(peers.assign(level=["district"] * 4 + ["commune"]))
    with pytest.raises(IncomparableError, match="mix period_start"):
        plot_peers(peers.assign(period_start=[2017, 2017, 2017, 2017, 2021]))
    with pytest.raises(ParameterError, match=r"'highlight'='Nga Sơn'.*not among"):
        plot_peers(peers, highlight="Nga Sơn")


def test_peers_synthetic_stamp(peers):
    assert stamped(plot_peers(peers, synthetic=True))


# --- plot_papi_dimensions -------------------------------------------------------------------

@pytest.fixture
def papi():
    rows = [(p, c, 2019, d, v) for d, values in {
        "D1": [5.0, 6.0, 7.0], "D2": [4.0, 5.0, 6.0], "D7": [3.0, 3.5, float("nan")],  # C: no D7 score
    }.items() for (p, c), v in zip([("A", "01"), ("B", "02"), ("C", "04")], values)]
    rows += [("A", "01", 2018, "D1", 9.0), ("B", "02", 2018, "D1", 1.0), ("C", "04", 2018, "D1", 5.0)]
    df = pd.DataFrame(rows, columns=["province", "province_code", "year", "dimension", "value"])
    df.insert(2, "region", "")
    return df


def test_papi_dimensions_against_the_national_median(papi):
    ax = plot_papi_dimensions(papi, province="B")  # latest year: 2019
    assert ax.get_title(loc="left") == "PAPI 2019: B so với trung vị toàn quốc"
    rows = dict(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels())))
    assert rows == {2: "Tham gia của người dân ở cấp cơ sở", 1: "Công khai, minh bạch trong ra quyết định",
                    0: "Quản trị môi trường"}  # D1 at the top, D7 at the bottom
    (median,) = by_gid(ax, "median")
    (mine,) = by_gid(ax, "province")
    # medians by hand: D1 6, D2 5, D7 (3 + 3.5) / 2 with C's missing D7 left out
    assert sorted(zip(median.get_offsets()[:, 1], median.get_offsets()[:, 0])) == [(0, 3.25), (1, 5.0), (2, 6.0)]
    assert sorted(zip(mine.get_offsets()[:, 1], mine.get_offsets()[:, 0])) == [(0, 3.5), (1, 5.0), (2, 6.0)]


def test_papi_dimensions_year_and_english(papi):
    ax = plot_papi_dimensions(papi, province="01", year=2018, language="en")
    assert ax.get_title(loc="left") == "PAPI 2018: A against the national median"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Participation"]
    assert by_gid(ax, "median")[0].get_offsets()[0, 0] == 5.0
    assert ax.get_xlabel() == "Score (1–10)"
    with pytest.raises(ParameterError, match=r"'year'=2030.*valid: 2018, 2019"):
        plot_papi_dimensions(papi, province="A", year=2030)


def test_papi_dimensions_real_data_synthetic_stamp(papi):
    assert stamped(plot_papi_dimensions(papi, province="A", synthetic=True))


# --- the module as a whole ------------------------------------------------------------------

def test_theme_is_colour_blind_safe():
    set_theme()
    assert sns.color_palette() == sns.color_palette("colorblind")


def test_no_plot_shows_and_shared_docs_are_filled():
    tree = ast.parse(inspect.getsource(plots))
    calls = [n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
    assert "show" not in calls and "savefig" not in calls
    for name in plots.__all__:
        doc = getattr(plots, name).__doc__ or ""
        assert "{ax}" not in doc and "{language}" not in doc and "{synthetic}" not in doc
    assert "Language of titles" in plot_trend.__doc__ and "Language of titles" in plot_peers.__doc__


def test_every_plot_function_has_language_and_synthetic():
    for name in ["plot_trend", "plot_area_trends", "plot_coverage", "plot_peers", "plot_papi_dimensions"]:
        params = inspect.signature(getattr(plots, name)).parameters
        assert params["language"].default == "vi" and params["synthetic"].default is False


def test_unit_labels_and_fallback(panel, catalog):
    odd = panel[panel["indicator"] == "online_dossiers_pct"].assign(indicator="odd_unit")
    assert plot_trend(odd, indicator="odd_unit", catalog=catalog).get_ylabel() == "widgets"  # as written
    assert set(plots.UNITS) >= {"pct", "count", "persons", "dossiers", "documents", "rank"}
    assert {u["vi"] for u in plots.UNITS.values()} >= {"Người", "Hồ sơ", "Văn bản"}


def test_unknown_indicator_suggests_close_slugs(panel):
    with pytest.raises(UnknownIndicatorError, match=r"'dossier_on_time_pct'.*did you mean: dossiers_on_time_pct"):
        plot_trend(panel, indicator="dossier_on_time_pct")


def test_area_trends_names_the_level_only_when_it_varies(panel, catalog):
    both = pd.concat([panel, panel[panel["indicator"] == "online_dossiers_pct"].assign(level="commune")])
    g = plot_area_trends(both, area="e_government", catalog=catalog)
    assert [ax.get_title().replace("\n", " ") for ax in g.axes.flat] == [
        "Tỷ lệ hồ sơ trực tuyến (cấp huyện)", "Tỷ lệ hồ sơ trực tuyến (cấp xã)"]


def test_report_figures_are_png_with_alt_text_under_a_non_inline_backend():
    """Reports show figures as PNG whatever the kernel's backend (MPLBACKEND=Agg printed '<Figure size …>')."""
    import base64

    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from cchc_analysis.report import _show_figure

    assert matplotlib.get_backend().lower() == "agg"  # as under MPLBACKEND=Agg
    InteractiveShell.instance()
    fig, ax = plt.subplots()
    ax.plot([2016, 2020], [1, 2])
    ax.set_title("Hồ sơ tiếp nhận, Trà Cú")
    with capture_output() as cap:
        _show_figure(fig)
    (out,) = cap.outputs
    assert base64.b64decode(out.data["image/png"]).startswith(b"\x89PNG\r\n\x1a\n")
    assert '<img alt="Hồ sơ tiếp nhận, Trà Cú" src="data:image/png;base64,' in out.data["text/html"]
    assert fig.number not in plt.get_fignums()  # closed: the inline backend will not show it twice


def test_area_trends_draw_the_fit_and_projection_of_fitted_series_only():
    """Gia Lộc's procedures reviewed (285, 317, 302, 286, 265 in 2016–2020): slope −7.1, 241.3 in 2025 by hand."""
    from cchc_analysis.trends import fit_trends, project

    years = [2016, 2017, 2018, 2019, 2020]
    rows = [{"district_code": "297", "indicator": "tthc_reviewed_count", "scope": "", "level": "district",
             "year": y, "kind": "actual", "value": v, "derived": False}
            for y, v in zip(years, [285.0, 317.0, 302.0, 286.0, 265.0])]
    rows += [{"district_code": "297", "indicator": "tthc_reviewed_count", "scope": "", "level": "commune",
              "year": y, "kind": "actual", "value": v, "derived": False} for y, v in ((2019, 151.0), (2020, 135.0))]
    panel = pd.DataFrame(rows).assign(derivation="", period_start=0, period_end=0, fact_ids="")
    trends = fit_trends(panel)
    projections = project(panel, to_year=2025)
    fitted = trends.set_index("level").loc["district"]
    assert fitted["slope"] == pytest.approx(-7.1) and fitted["status"] == "fitted"
    assert projections.query("level == 'district' and year == 2025")["predicted"].item() == pytest.approx(241.3)
    g = plot_area_trends(panel, area="administrative_procedures", trends=trends, projections=projections,
                         language="en")
    by_level = {ax.get_title(): ax for ax in g.axes.flat}
    district = next(ax for t, ax in by_level.items() if "district" in t)
    commune = next(ax for t, ax in by_level.items() if "commune" in t)
    assert [ln.get_gid() for ln in district.lines] == ["fit", "projection"]
    assert "band" in [c.get_gid() for c in district.collections]
    assert list(commune.lines) == [] and "band" not in [c.get_gid() for c in commune.collections]  # two points: no line
    legend = [t.get_text() for t in g.figure.legends[0].get_texts()]
    assert legend[:4] == ["Actual", "Linear trend", "Projection", "95% prediction interval"]
    plt.close("all")
