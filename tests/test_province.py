"""Province profiles (issue 10): lookup, the 2025 successor of all 63, the 2018 break, values
against the raw PAPI file, the executed reports in both languages, and the CLI refusing an
unknown province before any kernel starts."""
import csv
import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from cchc_analysis import national, province as prov
from cchc_analysis.errors import IncomparableError, ParameterError
from cchc_analysis.provinces import (comparable_spans, district_report_href, fit_dimension_trends, list_provinces,
                                     plan_province_jobs, resolve_province, successor_of)

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
# PROVENANCE.md: papi.csv comes from tunah72/papi-dashboard agg_province_year.csv, copied verbatim
# into the shared reference folder as papi_province_year.csv (wide: one row per province-year).
from cchc_analysis import settings  # noqa: E402

RAW = settings.reference_dir() / "papi_province_year.csv"  # CCHC_REFERENCE_DIR, default ../shared/reference

# The 34 provinces of Resolution 202/2025/QH15 of the National Assembly (12 June 2025, on the
# arrangement of provincial-level units, in force 1 July 2025): which of the 63 former provinces
# each one is made of. Written from the resolution's article 1, independently of vietnamadminunits.
MERGED_2025 = {
    "Hà Nội": ["Hà Nội"], "Huế": ["Thừa Thiên Huế"], "Lai Châu": ["Lai Châu"], "Điện Biên": ["Điện Biên"],
    "Sơn La": ["Sơn La"], "Lạng Sơn": ["Lạng Sơn"], "Quảng Ninh": ["Quảng Ninh"], "Thanh Hóa": ["Thanh Hóa"],
    "Nghệ An": ["Nghệ An"], "Hà Tĩnh": ["Hà Tĩnh"], "Cao Bằng": ["Cao Bằng"],
    "Tuyên Quang": ["Tuyên Quang", "Hà Giang"], "Lào Cai": ["Lào Cai", "Yên Bái"],
    "Thái Nguyên": ["Thái Nguyên", "Bắc Kạn"], "Phú Thọ": ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"],
    "Bắc Ninh": ["Bắc Ninh", "Bắc Giang"], "Hưng Yên": ["Hưng Yên", "Thái Bình"],
    "Hải Phòng": ["Hải Phòng", "Hải Dương"], "Ninh Bình": ["Ninh Bình", "Hà Nam", "Nam Định"],
    "Quảng Trị": ["Quảng Trị", "Quảng Bình"], "Đà Nẵng": ["Đà Nẵng", "Quảng Nam"],
    "Quảng Ngãi": ["Quảng Ngãi", "Kon Tum"], "Gia Lai": ["Gia Lai", "Bình Định"],
    "Khánh Hòa": ["Khánh Hòa", "Ninh Thuận"], "Lâm Đồng": ["Lâm Đồng", "Đắk Nông", "Bình Thuận"],
    "Đắk Lắk": ["Đắk Lắk", "Phú Yên"], "Hồ Chí Minh": ["Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"],
    "Đồng Nai": ["Đồng Nai", "Bình Phước"], "Tây Ninh": ["Tây Ninh", "Long An"],
    "Cần Thơ": ["Cần Thơ", "Sóc Trăng", "Hậu Giang"], "Vĩnh Long": ["Vĩnh Long", "Bến Tre", "Trà Vinh"],
    "Đồng Tháp": ["Đồng Tháp", "Tiền Giang"], "Cà Mau": ["Cà Mau", "Bạc Liêu"],
    "An Giang": ["An Giang", "Kiên Giang"],
}


def raw_scores() -> dict:
    """(province, year) -> {column: float or None}, read from the raw file with the csv module."""
    if not RAW.is_file():
        pytest.skip("raw PAPI file absent") if not __import__("os").environ.get("CI") else pytest.fail(f"{RAW} missing")
    out = {}
    with RAW.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out[(row["province_vi"], int(row["year"]))] = {k: (float(v) if v else None) for k, v in row.items()
                                                         if k in ("D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "total_papi")}
    return out


def vi(x: float) -> str:
    """2-decimal Vietnamese number, written here independently: 40.616 -> '40,62'."""
    s = f"{round(x, 2):.2f}".rstrip("0").rstrip(".")
    return s.replace(".", ",")


# --- lookup and the 2025 successor ----------------------------------------------------------

def test_the_independent_table_covers_63_provinces_in_34():
    olds = [p for v in MERGED_2025.values() for p in v]
    assert len(MERGED_2025) == 34 and len(olds) == 63 == len(set(olds))


def test_successor_of_every_one_of_the_63_provinces():
    expected = {old: new for new, olds in MERGED_2025.items() for old in olds}
    got = dict(zip(list_provinces()["name"], list_provinces()["province_2025"]))
    assert set(got) == set(expected)
    assert {k: v for k, v in got.items() if expected[k] != v} == {}
    assert all(successor_of(old) == new for old, new in expected.items())


@pytest.mark.parametrize("query, name", [("thanh hoa", "Thanh Hóa"), ("THỪA THIÊN HUẾ", "Thừa Thiên Huế"),
                                         ("Tỉnh Trà Vinh", "Trà Vinh"), ("tp. ho chi minh", "Hồ Chí Minh"),
                                         ("ba ria vung tau", "Bà Rịa - Vũng Tàu"), ("30", "Hải Dương"), (84, "Trà Vinh")])
def test_resolve_province_forgives_accents_case_and_prefixes(query, name):
    assert resolve_province(query).name == name


def test_an_unknown_province_lists_the_valid_ones():
    with pytest.raises(ParameterError) as e:
        resolve_province("Thanh Hoa x")
    assert "did you mean: Thanh Hóa" in str(e.value)
    assert len(e.value.choices) == 63 and "Cà Mau" in e.value.choices


# --- the 2018 break and the method changes ------------------------------------------------------

def test_no_span_crosses_a_change_of_method():
    assert comparable_spans("total") == [(2011, 2017), (2018, 2024)]
    assert comparable_spans("D3") == [(2011, 2015), (2016, 2024)]
    assert comparable_spans("D7") == [(2018, 2024)] and comparable_spans("D1") == [(2011, 2024)]


def test_trends_of_the_total_are_fitted_apart_on_each_side_of_2018():
    ctx = prov.prepare("Hải Dương")
    t = ctx.trends[ctx.trends["dimension"] == "total"]
    assert t[["first", "last", "n"]].values.tolist() == [[2011, 2017, 7], [2018, 2024, 7]]
    # a single line through the fourteen totals would show a jump of ~8 points as a trend
    s = ctx.scores[ctx.scores["dimension"] == "total"]
    one_line = fit_dimension_trends(s.assign(dimension="D1"))
    assert one_line["slope"].iloc[0] > 0.3 > abs(t["slope"]).min()


def test_change_from_the_year_before_is_blank_across_the_break_only():
    t = prov.summary_table(prov.prepare("Trà Vinh", end_year=2018)).set_index("dimension")
    assert pd.isna(t.at["total", "change"]) and pd.isna(t.at["D7", "change"])
    assert pd.notna(t.at["D1", "change"]) and pd.notna(t.at["D3", "change"])
    t16 = prov.summary_table(prov.prepare("Trà Vinh", end_year=2016)).set_index("dimension")
    assert pd.isna(t16.at["D3", "change"]) and pd.notna(t16.at["total", "change"])


def test_movers_refuse_years_across_the_break_and_compute_the_change():
    scores = national.prepare().scores
    with pytest.raises(IncomparableError):
        national.movers(scores, "total", 2017, 2018)
    raw = raw_scores()
    m = national.movers(scores, "total", 2018, 2023).set_index("province")
    want = raw[("Hải Dương", 2023)]["total_papi"] - raw[("Hải Dương", 2018)]["total_papi"]
    assert m.at["Hải Dương", "change"] == pytest.approx(want, abs=1e-4)
    assert "Quảng Ninh" not in m.index  # no 2023 score: left out, never imputed


# --- values against the raw file ------------------------------------------------------------

def test_scores_equal_the_raw_file_for_every_province_year():
    raw = raw_scores()
    s = prov.prepare("Thanh Hóa").scores
    ctx_all = national.prepare().scores
    assert len(ctx_all) == len(pd.read_csv(REPO / "data" / "reference" / "papi.csv"))
    for (name, year), cols in raw.items():
        if name != "Thanh Hóa":
            continue
        got = s[s["year"] == year].set_index("dimension")["value"]
        for k, v in cols.items():
            key = "total" if k == "total_papi" else k
            if v is None:
                assert key not in got.index or pd.isna(got[key])
            else:
                assert got[key] == pytest.approx(v, abs=1e-5), (year, k)


# --- jobs, names and links ---------------------------------------------------------------------

def test_jobs_for_all_63_and_the_national_page():
    jobs = plan_province_jobs()
    names = [j.name for j in jobs]
    assert len(jobs) == 64 and len(set(names)) == 64 and names[-1] == "provinces"
    assert {j.parameters["province"] for j in jobs[:-1]} == set(list_provinces()["name"])
    en = plan_province_jobs(["hai duong"], {"language": "en", "start_year": 2015, "district": "ignored"})
    assert [(j.name, j.parameters["start_year"]) for j in en] == [("province-hai-duong-en", 2015)]
    with pytest.raises(ParameterError, match="a year between 2011 and 2024"):
        plan_province_jobs(["Trà Vinh"], {"end_year": 2025})


def test_district_links_follow_the_engine_names():
    from cchc_analysis.batch import make_job

    nb = NOTEBOOKS / "district_report.ipynb"
    for lang in ("vi", "en"):
        job = make_job(nb, {"district": "Trà Cú", "language": lang}, districts_with_data={"849"})
        assert district_report_href("Trà Cú", lang) == f"{job.name}.html"


def test_unknown_province_is_refused_before_any_kernel_starts(tmp_path, monkeypatch, capsys):
    import papermill

    from cchc_analysis import batch
    from cchc_analysis.cli import main

    def no_kernel(*a, **k):
        raise AssertionError("a notebook was executed")

    monkeypatch.setattr(papermill, "execute_notebook", no_kernel)
    monkeypatch.setattr(batch, "build_reports", no_kernel)
    assert main(["report", "--provinces", "Ha Noii", "--out", str(tmp_path / "out"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cchc report: error: parameter 'province'='Ha Noii'")
    assert "did you mean: Hà Nội" in err and "Đồng Tháp" in err
    assert not (tmp_path / "out").exists()


def test_province_notebooks_are_committed_clean():
    for name in ("province_report.ipynb", "national_report.ipynb"):
        nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
        params = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
        assert len(params) == 1 and ": int = 2011" in "".join(params[0]["source"])


# --- the executed reports ---------------------------------------------------------------------

def _visible(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<img\b[^>]*>", " ", page)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Trà Vinh in Vietnamese and Thanh Hóa in English, executed with papermill, rendered with render_html."""
    import papermill

    from cchc_analysis.render import render_html

    out = tmp_path_factory.mktemp("province_reports")
    pages = {}
    for name, lang in (("Trà Vinh", "vi"), ("thanh hoa", "en")):
        executed = out / f"{lang}.ipynb"
        papermill.execute_notebook(str(NOTEBOOKS / "province_report.ipynb"), str(executed), kernel_name="python3",
                                   parameters={"province": name, "language": lang}, cwd=str(NOTEBOOKS),
                                   progress_bar=False)
        pages[lang] = render_html(executed, title=name, language=lang)
    return pages


@pytest.mark.slow
def test_vietnamese_report_shows_the_raw_values(reports):
    page = reports["vi"]
    text = _visible(page)
    raw = raw_scores()
    assert text.index("Tóm tắt") < text.index("Từng chỉ số nội dung qua các năm") < text.index("Tỉnh mới từ năm 2025")
    # summary: Trà Vinh 2024, every dimension; successor table: the merged provinces' totals side by side
    for k in ("D1", "D5", "D8", "total_papi"):
        assert f"{vi(raw[('Trà Vinh', 2024)][k])} điểm" in text, k
    for name, year in (("Trà Vinh", 2013), ("Bến Tre", 2019), ("Vĩnh Long", 2021)):
        assert f"{vi(raw[(name, year)]['total_papi'])} điểm" in text, (name, year)
    assert "Bến Tre" in text and "Vĩnh Long" in text
    assert 'href="tra-cu.html"' in page  # the district with data links to its report
    assert "2011–2017" in text and "2018–2024" in text


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_reports_run_no_script_and_show_no_codes(reports, lang):
    page = reports[lang]
    text = _visible(page)
    assert "<script" not in page.lower() and f'<html lang="{lang}"' in page
    assert not re.search(r"\bD[1-8]\b|\bnan\b|total_6dim|papi_d\d|github:", text), re.search(r"\bD[1-8]\b|\bnan\b", text)
    assert re.search(r'<img alt="[^"]+" src="data:image/png;base64,', page)


@pytest.mark.slow
def test_english_report(reports):
    text = _visible(reports["en"])
    raw = raw_scores()
    assert "Provincial governance: Thanh Hóa, 2011–2024" in text
    assert f"{vi(raw[('Thanh Hóa', 2024)]['total_papi']).replace(',', '.')} points" in text
    assert "keeps its territory, as Thanh Hóa" in text
    assert "Tóm tắt" not in text and "điểm" not in text


def test_national_tables_hold_every_province_escaped(monkeypatch):
    shown = []
    monkeypatch.setattr(national, "_display_html", shown.append)
    ctx = national.prepare(language="en")
    national.show_tables(ctx)
    national.show_movers(ctx)
    text = _visible("".join(shown))
    assert all(n in text for n in list_provinces()["name"])
    assert "2018" in text and "biggest risers" in text.lower()
    bad = prov.styled_table(pd.DataFrame({"province": ["<script>alert(1)</script>"]}))
    assert "<script>" not in bad and "&lt;script&gt;" in bad


def test_cli_plans_the_province_reports_beside_the_districts(tmp_path, monkeypatch, capsys):
    import papermill

    from cchc_analysis.cli import main

    monkeypatch.setattr(papermill, "execute_notebook", lambda *a, **k: (_ for _ in ()).throw(AssertionError("executed")))
    assert main(["report", "--provinces", "tra vinh", "--district", "Trà Cú", "--dry-run", "--no-progress",
                 "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "would build province-tra-vinh" in out and "would build tra-cu" in out and "provinces\n" not in out
