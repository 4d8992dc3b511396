"""The comparative report compares the PAPI of the districts' provinces (issue "Reports that answer the
reader's question"): latest scores against the national median, the change since the previous survey,
every year, and never a change or a line across a change of method (totals 2018, Vertical
accountability 2016). Values are checked against the raw reference file, read here with the csv module."""
import csv
import os
import statistics
from unittest import mock

import pandas as pd
import pytest

from cchc_analysis import comparative as comp
from cchc_analysis import settings

RAW = settings.reference_dir() / "papi_province_year.csv"  # CCHC_REFERENCE_DIR, default ../shared/reference
PROVINCES = ["Hải Dương", "Thanh Hóa", "Thừa Thiên Huế", "Trà Vinh"]  # of Gia Lộc; Thường Xuân, Triệu Sơn; Quảng Điền; Trà Cú
COLUMN = {"total": "total_papi", **{f"D{i}": f"D{i}" for i in range(1, 9)}}


@pytest.fixture(scope="module")
def raw():
    """(province, year) -> {raw column: float or None}."""
    if not RAW.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{RAW} missing")
        pytest.skip("raw PAPI file absent")
    out = {}
    with RAW.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out[(row["province_vi"], int(row["year"]))] = {k: (float(v) if v else None) for k, v in row.items()
                                                         if k in COLUMN.values()}
    return out


def raw_median(raw, year, column):
    return statistics.median(v[column] for (_p, y), v in raw.items() if y == year and v[column] is not None)


@pytest.fixture(scope="module")
def ctx():
    return comp.prepare_comparative()


@pytest.fixture(scope="module")
def latest(ctx):
    return comp.province_papi_latest(ctx)


def test_the_four_provinces_of_the_districts(ctx, latest):
    assert sorted({d.province for d in ctx.districts}) == PROVINCES
    assert list(dict.fromkeys(latest["province"])) == PROVINCES  # in the report's order (GSO codes 30, 38, 46, 84)


def test_hand_checked_latest_values(latest):
    # papi_province_year.csv, rows Thanh Hóa 2023 and 2024: total_papi 44.204216 then 44.87075; D3 4.297277 then 4.4848266
    t = latest.set_index(["province", "dimension"])
    assert t.at[("Thanh Hóa", "total"), "year"] == 2024
    assert t.at[("Thanh Hóa", "total"), "value"] == pytest.approx(44.87075, abs=1e-5)
    assert t.at[("Thanh Hóa", "total"), "previous_year"] == 2023
    assert t.at[("Thanh Hóa", "total"), "change"] == pytest.approx(44.87075 - 44.204216, abs=1e-5)
    assert t.at[("Thanh Hóa", "D3"), "change"] == pytest.approx(4.4848266 - 4.297277, abs=1e-5)
    # Trà Vinh E-governance (D8) 2023 2.557996, 2024 2.7416408
    assert t.at[("Trà Vinh", "D8"), "change"] == pytest.approx(2.7416408 - 2.557996, abs=1e-5)
    # national median of the 2024 totals: 61 provinces scored, the median of them is 43.47957
    assert t.at[("Trà Vinh", "total"), "national_median"] == pytest.approx(43.47957, abs=1e-5)


def test_every_latest_value_and_change_match_the_raw_file(raw, latest):
    assert len(latest) == 4 * 9
    for r in latest.itertuples():
        col = COLUMN[r.dimension]
        assert r.value == pytest.approx(raw[(r.province, r.year)][col], abs=1e-5)
        assert r.change == pytest.approx(raw[(r.province, r.year)][col] - raw[(r.province, r.year - 1)][col], abs=1e-5)
        assert r.national_median == pytest.approx(raw_median(raw, r.year, col), abs=1e-5)
        assert r.vs_median == pytest.approx(r.value - r.national_median)


def test_every_year_matches_the_raw_file(raw, ctx):
    t = comp.province_papi(ctx)
    assert sorted(t["year"].unique()) == list(range(2016, 2025))  # the report's 2016–2025, PAPI ends in 2024
    assert set(t["dimension"]) == set(comp.PAPI_SHOWN)
    for r in t.itertuples():
        expected = raw[(r.province, r.year)][COLUMN[r.dimension]]
        assert r.value == pytest.approx(expected, abs=1e-5)
    # D7, D8 exist from 2018 only
    assert t.loc[t["dimension"].isin(["D7", "D8"]), "year"].min() == 2018


def test_no_change_across_the_2018_break_of_totals():
    t = comp.province_papi_latest(comp.prepare_comparative(start_year=2016, end_year=2018)).set_index(["province", "dimension"])
    total = t.loc[("Thanh Hóa", "total")]
    assert total["year"] == 2018 and total["previous_year"] == 2017
    assert pd.isna(total["change"]) and total["note"] == "break" and total["break_year"] == 2018
    # the dimensions are measured the same way in 2017 and 2018: Thanh Hóa D1 5.299955 -> 5.572219
    assert t.loc[("Thanh Hóa", "D1"), "change"] == pytest.approx(5.572219 - 5.299955, abs=1e-5)
    # new in 2018: no previous survey
    assert t.loc[("Thanh Hóa", "D7"), "note"] == "no previous" and pd.isna(t.loc[("Thanh Hóa", "D7"), "change"])


def test_no_change_across_the_2016_change_of_vertical_accountability():
    t = comp.province_papi_latest(comp.prepare_comparative(start_year=2015, end_year=2016)).set_index(["province", "dimension"])
    d3 = t.loc[("Thanh Hóa", "D3")]
    assert d3["previous_year"] == 2015 and pd.isna(d3["change"]) and d3["break_year"] == 2016
    # D2 is not broken in 2016: Thanh Hóa 2015 -> 2016 is a change
    assert pd.notna(t.loc[("Thanh Hóa", "D2"), "change"])


def test_spans_never_cross_a_break(ctx):
    t = comp.province_papi(ctx)
    for dim, cut in (("total", 2018), ("D3", 2016)):
        s = t[t["dimension"] == dim]
        assert ((s["year"] < cut) == (s["span_last"] < cut)).all()
    broad = comp.province_papi(comp.prepare_comparative(start_year=2016, end_year=2025))
    tot = broad[broad["dimension"] == "total"].drop_duplicates(["span_first", "span_last"])
    assert tot[["span_first", "span_last"]].values.tolist() == [[2011, 2017], [2018, 2024]]


def test_the_figure_draws_no_line_across_the_2018_break(ctx):
    fig = comp.plot_province_papi(ctx)
    total = fig.axes[0]
    assert total.get_title() == "Tổng điểm PAPI"
    for line in total.get_lines():
        years = list(line.get_xdata())
        assert not (min(years) < 2018 <= max(years)), f"a line runs across 2018: {years}"
    d3 = fig.axes[3]
    for line in d3.get_lines():
        years = list(line.get_xdata())
        assert not (min(years) < 2016 <= max(years))


@pytest.mark.parametrize("language, total, d3, median, change, broken", [
    ("vi", "Tổng điểm PAPI", "Trách nhiệm giải trình với người dân", "Trung vị toàn quốc", "+0,67 điểm",
     "không so sánh: đổi phương pháp năm 2018"),
    ("en", "PAPI total", "Vertical Accountability", "National median", "+0.67 points", "not comparable: method changed in 2018"),
])
def test_readers_see_names_not_codes(language, total, d3, median, change, broken):
    t = comp.papi_latest_table(comp.prepare_comparative(language=language))
    measures = t.iloc[:, 0].tolist()
    assert measures[0] == total and measures[3] == d3
    assert not any(m.startswith("D") and m[1:].isdigit() for m in measures)
    assert median in t.columns
    since = [c for c in t.columns if c.startswith("Thanh Hóa") and c != "Thanh Hóa"]
    assert len(since) == 1 and "2023" in since[0]
    assert t.loc[0, since[0]] == change  # 44.87075 - 44.204216 = 0.67
    old = comp.papi_latest_table(comp.prepare_comparative(start_year=2016, end_year=2018, language=language))
    assert old.loc[0, [c for c in old.columns if c.startswith("Thanh Hóa") and c != "Thanh Hóa"][0]] == broken


def test_years_table_writes_the_scale_of_each_year():
    t = comp.papi_years_table(comp.prepare_comparative(language="en"), "total")
    scale = dict(zip(t["Year"], t["Scale"]))
    assert scale["2017"] == "6–60" and scale["2018"] == "8–80"
    assert t.set_index("Year").at["2016", "Hải Dương"] == "38.03 points"  # raw 38.028748


def test_the_section_is_escaped_and_in_both_languages():
    """A hostile province name in the PAPI data reaches the page escaped."""
    from cchc_analysis.context import load_papi

    papi = load_papi()
    papi.loc[papi["province"] == "Trà Vinh", "province"] = "<script>alert(1)</script>"
    for language in ("vi", "en"):
        shown = []
        with mock.patch("IPython.display.display", side_effect=lambda *a, **k: shown.extend(a)):
            comp.show_province_papi(comp.prepare_comparative(language=language), papi=papi)
        html = "".join(o["text/html"] if isinstance(o, dict) else getattr(o, "data", "") for o in shown)
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        heading = {"vi": "PAPI của các tỉnh có huyện trong báo cáo", "en": "PAPI of the districts' provinces"}[language]
        assert heading in html.replace("&#39;", "'")
        assert any(isinstance(o, dict) and o["image/png"] for o in shown) and "<img" in html


def test_the_notebook_shows_the_section():
    import json

    nb = json.loads((settings.REPO_ROOT / "notebooks" / "comparative_report.ipynb").read_text(encoding="utf-8"))
    assert any("comparative.show_province_papi(ctx)" in "".join(c["source"]) for c in nb["cells"])
