"""The extractor's parts on small documents written for these tests: quantities, clauses, context, structure.

Every expected value below is read off the test document by hand.
"""
import io
import os

import pandas as pd
import pytest

from cchc_analysis.errors import ParameterError
from cchc_analysis.extract import extract_candidates, fold, quantities, read_document
from cchc_analysis.extract.csvio import read_candidates, write_candidates
from cchc_analysis.extract.evaluate import format_score, score
from cchc_analysis.extract.readers import table_lines, unflatten_tables, year_column_tables

from test_extract import minimal_pdf


def _require(module):
    if os.environ.get("CI"):
        return __import__(module)
    return pytest.importorskip(module)


def _extract(text, **kw):
    kw.setdefault("source_id", "demo")
    kw.setdefault("district_code", "397")
    return extract_candidates(text, **kw)


def _one(cands, value):
    rows = cands[cands["value"] == value]
    assert len(rows) == 1, f"expected one candidate of value {value}, got:\n{cands[['value', 'indicator', 'quote']]}"
    return rows.iloc[0]


# --- the quantity grammar --------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("tiếp nhận 232.636 hồ sơ", 232636.0),          # thousands groups
    ("đạt tỷ lệ 98,7%", 98.7),                      # decimal comma, a share
    ("tiếp nhận 48,6 nghìn hồ sơ", 48600.0),        # multiplier nghìn
    ("tiếp nhận 12 ngàn hồ sơ", 12000.0),           # multiplier ngàn
    ("kinh phí 1,5 triệu đồng", 1500000.0),         # multiplier triệu
    ("tổng kinh phí 2 tỷ đồng", 2e9),               # multiplier tỷ
    ("tăng hai bậc", 2.0),                          # a number word before a counted noun
    ("có mười hai xã", 12.0),
    ("không có hồ sơ nào quá hạn", 0.0),            # zero in words
    ("xếp thứ nhất", 1.0),                          # an ordinal
    ("chỉ số đạt 86.45%", 86.45),                   # a "." before two digits groups nothing: decimals
    ("tiếp nhận 3.5 ngàn hồ sơ", 3500.0),
    ("không có hồ sơ quá hạn", 0.0),                # "không có" before a counted noun
    ("không để hồ sơ quá hạn", 0.0),                # "did not let any be late"
    ("không phát sinh hồ sơ trễ hạn", 0.0),
    ("không còn hồ sơ tồn đọng", 0.0),
    ("với số điểm 86.471 điểm", 86.471),         # an index score written with a decimal point
    ("tiếp nhận 86.471 hồ sơ", 86471.0),          # a count keeps its thousands
])
def test_quantities_are_read_the_vietnamese_way(text, value):
    assert [q.value for q in quantities(text)] == [value]


def test_ty_le_is_a_share_not_a_billion():
    assert [q.value for q in quantities("tỷ lệ 95%")] == [95.0]


@pytest.mark.parametrize("text, values", [
    ("Tỷ lệ hồ sơ trễ hạn còn 1,25%, giảm so với 6 tháng đầu năm.", [1.25]),
    ("Trong 9 tháng năm 2023, huyện tiếp nhận 4.120 hồ sơ.", [4120.0]),
    ("so với 06 tháng cuối năm, có 15 hồ sơ quá hạn", [15.0]),
])
def test_a_reporting_period_is_not_a_figure(text, values):
    assert [q.value for q in quantities(text)] == values


@pytest.mark.parametrize("text, qualifier", [
    ("cử hơn 1.000 lượt", "more_than"), ("trên 93%", "more_than"), ("gần 500 hồ sơ", "about"), ("dưới 5%", "less_than"),
    ("khoảng 300 người", "about"), ("đạt 85% trở lên", "at_least"), ("tối thiểu 90%", "at_least"),
    ("tối đa 5 ngày", "at_most"), ("đúng 40 hồ sơ", ""),
])
def test_qualifiers(text, qualifier):
    assert [q.qualifier for q in quantities(text)] == [qualifier]


def test_a_rank_k_of_n_is_one_figure_with_its_base():
    c = _extract("Năm 2022, Chỉ số cải cách hành chính của huyện xếp thứ 5/27 huyện, thị xã, thành phố.")
    assert c["value"].tolist() == [5.0]
    row = c.iloc[0]
    assert (row["indicator"], row["period_start"]) == ("par_index_rank", 2022) and "of 27" in row["note"]


def test_signed_changes_go_to_change_slugs_and_a_fall_is_negative():
    c = _extract("Năm 2023, Chỉ số CCHC của huyện đạt 86,12 điểm, giảm 1,2 điểm, tăng 3 bậc so với năm 2022.")
    assert c[["indicator", "value"]].values.tolist() == [
        ["par_index_score", 86.12], ["par_index_score_change", -1.2], ["par_index_rank_change", 3.0]]
    assert set(c["period_start"]) == {2023}  # "so với năm 2022" is the reference, not the year


def test_a_change_of_a_stock_is_not_the_stock():
    c = _extract("Năm 2021 có 18 đơn vị hành chính cấp xã (giảm 05 đơn vị so với năm 2015).")
    assert _one(c, 18.0)["indicator"] == "communes_count"
    assert _one(c, 5.0)["indicator"] == ""


def test_zero_in_words_is_labelled_by_its_clause():
    c = _extract("Năm 2021 không có hồ sơ nào quá hạn.")
    assert c[["indicator", "value", "period_start"]].values.tolist() == [["dossiers_late", 0.0, 2021]]


def test_one_place_in_two_indices_is_a_rank_in_each():
    c = _extract("Năm 2022, huyện xếp thứ nhì khối các huyện, thành phố về chỉ số CCHC và chỉ số hài lòng của người dân.")
    assert sorted(c.loc[c["value"] == 2.0, "indicator"]) == ["par_index_rank", "sipas_rank"]
    c = _extract("Năm 2022, chỉ số CCHC của huyện xếp thứ 3; chỉ số hài lòng xếp thứ 5.")
    assert c.set_index("value")["indicator"].to_dict() == {3.0: "par_index_rank", 5.0: "sipas_rank"}


def test_none_of_a_counted_set_of_units_is_not_a_levels_zero():
    c = _extract("Năm 2021, cấp xã tiếp nhận 9.700 hồ sơ; 9 đơn vị không phát sinh hồ sơ trễ hạn, 5 xã không có hồ sơ quá hạn.")
    assert 0.0 not in c["value"].tolist(), c


def test_diacritics_are_optional():
    c = _extract("Nam 2021 tiep nhan 1.200 ho so; giai quyet qua han 3 ho so.")
    assert c[["indicator", "value"]].values.tolist() == [["dossiers_received", 1200.0], ["dossiers_late", 3.0]]
    assert fold("Đúng hạn") == "dung han"


# --- clauses, and no catch-all ----------------------------------------------------------------

def test_each_figure_takes_the_phrase_of_its_own_clause():
    c = _extract("Năm 2020, huyện tiếp nhận 2.629 hồ sơ; giải quyết đúng hạn và trước hạn 2.595 hồ sơ, "
                 "đạt 98,7%; trễ hạn 34 hồ sơ.")
    assert c[["indicator", "value"]].values.tolist() == [
        ["dossiers_received", 2629.0], ["dossiers_on_time", 2595.0], ["dossiers_on_time_pct", 98.7],
        ["dossiers_late", 34.0]]


def test_a_rank_of_another_index_is_not_the_par_index_rank():
    c = _extract("Năm 2022, Chỉ số PCI của tỉnh đứng thứ 29/63 tỉnh, thành.")
    assert c[["indicator", "value"]].values.tolist() == [["", 29.0]]


def test_a_number_no_phrase_governs_stays_unlabelled():
    c = _extract("Năm 2021 huyện tổ chức 14 hội nghị với 300 người tham dự; có 7 hồ sơ.")
    assert c["indicator"].tolist() == ["", "", ""]  # "hồ sơ" alone names no indicator: no catch-all


def test_thi_xa_is_not_a_commune():
    c = _extract("Chỉ số CCHC của huyện xếp thứ 3/11 huyện, thị xã trong tỉnh.")
    assert c[["indicator", "value"]].values.tolist() == [["par_index_rank", 3.0]]


# --- context: lead sentence, heading, windows, province --------------------------------------

NEWS = """Kết quả cải cách hành chính quý I

Quý I/2021, toàn huyện tiếp nhận 5.120 hồ sơ. Trong đó 4.900 hồ sơ giải quyết trước hạn và đúng hạn.

Ở cấp xã, tiếp nhận 3.010 hồ sơ, quá hạn 12 hồ sơ.
"""


def test_year_window_and_level_are_inherited_from_the_lead_sentence():
    c = _extract(NEWS)
    got = c[["indicator", "value", "level", "period_start", "date_start", "date_end"]].values.tolist()
    assert got == [
        ["dossiers_received", 5120.0, "district_and_commune", 2021, "2021-01-01", "2021-03-31"],
        ["dossiers_on_time", 4900.0, "district_and_commune", 2021, "2021-01-01", "2021-03-31"],
        ["dossiers_received", 3010.0, "commune", 2021, "2021-01-01", "2021-03-31"],
        ["dossiers_late", 12.0, "commune", 2021, "2021-01-01", "2021-03-31"],
    ]


def test_year_and_level_are_inherited_from_a_heading():
    text = "II. KẾT QUẢ CẤP XÃ NĂM 2019\n\nCác xã đã tiếp nhận 840 hồ sơ.\n\nTrực tuyến: 52 hồ sơ."
    c = _extract(text)
    assert c[["indicator", "value", "level", "period_start"]].values.tolist() == [
        ["dossiers_received", 840.0, "commune", 2019], ["online_dossiers", 52.0, "commune", 2019]]


def test_a_clause_overrides_what_it_inherits():
    c = _extract("Năm 2022, cấp xã tiếp nhận 900 hồ sơ. Cấp huyện năm 2021 tiếp nhận 400 hồ sơ.")
    assert c[["value", "level", "period_start"]].values.tolist() == [[900.0, "commune", 2022],
                                                                      [400.0, "district", 2021]]


def test_a_reporting_window_gives_dates_and_years():
    c = _extract("Từ 01/12/2022 đến 30/11/2023, huyện tiếp nhận 6.400 hồ sơ.")
    row = _one(c, 6400.0)
    assert (row["period_start"], row["period_end"], row["date_start"], row["date_end"]) == (
        2022, 2023, "2022-12-01", "2023-11-30")


def test_half_year_and_as_of_dates():
    c = _extract("6 tháng đầu năm 2023, tiếp nhận 1.500 hồ sơ. Tính đến 30/6/2023, đang giải quyết 40 hồ sơ.")
    assert (_one(c, 1500.0)["date_start"], _one(c, 1500.0)["date_end"]) == ("2023-01-01", "2023-06-30")
    row = _one(c, 40.0)
    assert (row["indicator"], row["date_start"], row["date_end"]) == ("dossiers_pending", "2023-06-30", "2023-06-30")


def test_province_document_gives_province_level_unless_a_clause_says_otherwise():
    text = "Năm 2023, tiếp nhận 659.245 hồ sơ. Riêng cấp huyện tiếp nhận 340.060 hồ sơ."
    c = _extract(text, district_code="000", level="province")
    assert c[["value", "level"]].values.tolist() == [[659245.0, "province"], [340060.0, "district"]]
    with pytest.raises(ParameterError, match="level"):
        _extract(text, level="tỉnh")


def test_target_and_plan_baseline():
    text = "Hiện nay, huyện có 12 phòng chuyên môn. Phấn đấu đến năm 2025 tỷ lệ hài lòng đạt tối thiểu 90%."
    c = _extract(text, period=(2021, 2025), document_year=2021, doc_type="plan")
    assert c[["indicator", "kind", "period_start", "period_end", "qualifier"]].values.tolist() == [
        ["specialized_agencies_count", "baseline", 2021, 2021, ""],
        ["satisfaction_pct", "target", 2025, 2025, "at_least"]]


# --- structure: boilerplate, wrapped lines, docx tables, pdf page breaks ---------------------

def test_boilerplate_lines_are_ignored_and_a_line_wrapped_before_a_digit_is_rejoined():
    text = "Trang chủ | Tin tức\nNăm 2021, huyện đã tiếp nhận\n1.234 hồ sơ.\nLượt xem: 5.210\nViết bình luận\n"
    c = _extract(text)
    assert c[["indicator", "value"]].values.tolist() == [["dossiers_received", 1234.0]]


def test_docx_table_header_years_and_row_levels_reach_each_cell(tmp_path):
    docx = _require("docx")
    doc = docx.Document()
    doc.add_paragraph("Bảng 1. Hồ sơ tiếp nhận")
    table = doc.add_table(rows=3, cols=3)
    for r, cells in enumerate([["Cấp", "2021", "2022"], ["Cấp huyện", "1.200", "1.350"],
                               ["Cấp xã", "3.400", "3.900"]]):
        for k, text in enumerate(cells):
            table.cell(r, k).text = text
    path = tmp_path / "bang.docx"
    doc.save(path)
    c = _extract(read_document(path))
    got = c[["indicator", "value", "level", "period_start"]].values.tolist()
    assert got == [["dossiers_received", 1200.0, "district", 2021], ["dossiers_received", 1350.0, "district", 2022],
                   ["dossiers_received", 3400.0, "commune", 2021], ["dossiers_received", 3900.0, "commune", 2022]]


def test_table_lines_keep_text_rows_and_label_numeric_cells():
    assert table_lines([["Chỉ tiêu", "Năm 2020"], ["Ghi chú", "không"], ["Dân số", "155.400"]]) == [
        "Chỉ tiêu | Năm 2020", "Ghi chú | không", "Dân số – năm 2020: 155.400."]


def test_a_tables_numbering_column_is_neither_a_figure_nor_the_rows_label():
    rows = [["STT", "Đơn vị", "Tổng số hồ sơ tiếp nhận", "Quá hạn"], ["1", "UBND huyện", "5.000", "100"],
            ["2", "Xã An Lạc", "1.200", "10"]]
    lines = table_lines(rows, "Kết quả giải quyết TTHC năm 2023")
    assert lines[1] == "Kết quả giải quyết TTHC năm 2023 – UBND huyện – Tổng số hồ sơ tiếp nhận: 5.000."
    c = _extract("\n".join(lines))
    assert 1.0 not in c["value"].tolist() and 2.0 not in c["value"].tolist()
    assert _one(c, 5000.0)[["indicator", "level"]].tolist() == ["dossiers_received", "district"]
    assert _one(c, 1200.0)[["indicator", "level"]].tolist() == ["dossiers_received", "commune"]
    assert _one(c, 10.0)[["indicator", "level"]].tolist() == ["dossiers_late", "commune"]


def test_two_page_pdf_sentence_across_the_break(tmp_path):
    pypdf = _require("pypdf")
    writer = pypdf.PdfWriter()
    for lines in (["Năm 2022, Bộ phận một cửa huyện đã tiếp", "1"],
                  ["nhận 4.321 hồ sơ, quá hạn 9 hồ sơ.", "2"]):
        writer.append(pypdf.PdfReader(io.BytesIO(minimal_pdf(lines))))
    path = tmp_path / "two_pages.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    c = _extract(read_document(path))
    assert c[["indicator", "value", "period_start"]].values.tolist() == [
        ["dossiers_received", 4321.0, 2022], ["dossiers_late", 9.0, 2022]]


# --- outputs and scoring ---------------------------------------------------------------------

def test_candidate_csv_guards_formulas_and_keeps_signs(tmp_path):
    df = pd.DataFrame({"quote": ["=HYPERLINK(\"http://evil\")", "@SUM(A1)", "+84", "-2+3", "Dân số"],
                       "value": [1.0, 2.0, 3.0, -2.0, 155400.0]})
    path = tmp_path / "c.csv"
    write_candidates(df, path)
    raw = path.read_text(encoding="utf-8").splitlines()[1:]
    assert [line.split(",")[0].strip('"')[:2] for line in raw] == ["'=", "'@", "'+", "'-", "Dâ"]
    back = read_candidates(path)
    assert back["quote"].tolist() == df["quote"].tolist() and back["value"].tolist() == [1.0, 2.0, 3.0, -2.0, 155400.0]
    with pytest.raises(ParameterError, match="--force"):
        write_candidates(df.head(1), path)
    assert read_candidates(path)["quote"].tolist() == df["quote"].tolist()  # unchanged
    write_candidates(df.head(1), path, force=True)
    assert len(read_candidates(path)) == 1


def test_strict_score_needs_every_key_and_uses_each_fact_once():
    base = {"district_code": "397", "indicator": "dossiers_received", "level": "district",
            "period_start": 2021, "period_end": 2021, "kind": "actual", "value": 100.0}
    facts = pd.DataFrame([base, {**base, "value": 5.0, "indicator": "dossiers_late"}])
    cands = pd.DataFrame([base, base, {**base, "level": "commune", "value": 5.0, "indicator": "dossiers_late"}])
    s = score(cands, facts)
    assert s.loc["all", ["facts", "candidates", "found"]].tolist() == [2, 3, 1]
    assert s.loc["dossiers_late", "found"] == 0  # wrong level


def test_the_score_says_why_each_fact_was_missed():
    base = {"district_code": "397", "indicator": "dossiers_received", "level": "district",
            "period_start": 2021, "period_end": 2021, "kind": "actual", "value": 100.0}
    facts = pd.DataFrame([base, {**base, "value": 5.0}, {**base, "value": 6.0}, {**base, "value": 7.0},
                          {**base, "value": 8.0}])
    cands = pd.DataFrame([base, {**base, "value": 5.0, "level": "commune"},   # the 5 at another level
                          {**base, "value": 6.0, "period_start": 2020, "period_end": 2020, "level": "commune"},
                          {**base, "value": 7.0, "indicator": "dossiers_late"},
                          {**base, "value": 9.0}])                             # the 8 not proposed, the 9 no fact
    why = score(cands, facts).attrs["misses"]
    assert why[["indicator", "level", "period", "none", "extra"]].tolist() == [1, 2, 0, 1, 1]
    assert "2 another level" in format_score(score(cands, facts), "demo")


def test_the_date_of_a_directive_in_a_heading_is_not_a_period():
    # An upper-case NGÀY, or a comma before it, still dates the document cited, not the figures.
    for heading in ("I. KẾT QUẢ THỰC HIỆN CHỈ THỊ SỐ 17-CT/TU NGÀY 23/01/2017",
                    "I. Kết quả thực hiện Chỉ thị số 17-CT/TU, ngày 23/01/2017"):
        c = _extract(heading + "\n\nNăm 2019, cấp xã tiếp nhận 840 hồ sơ.")
        assert c[["value", "period_start"]].values.tolist() == [[840.0, 2019]], heading
        c = _extract(heading + "\n\nCấp xã tiếp nhận 840 hồ sơ.", period=(2020, 2020))
        assert c[["value", "period_start"]].values.tolist() == [[840.0, 2020]], heading


def test_an_indicator_default_level_applies_when_the_text_names_none():
    # training counts the officials of the district and its communes; a PAR INDEX rank is the district's
    c = _extract("Năm 2021, đã cử 120 lượt cán bộ, công chức đi đào tạo, bồi dưỡng. "
                 "Chỉ số cải cách hành chính năm 2021 xếp thứ 5/27.")
    got = dict(zip(c["indicator"], c["level"]))
    assert got.get("training_participants") == "district_and_commune", c[["indicator", "value", "level"]]
    assert got.get("par_index_rank") == "district", c[["indicator", "value", "level"]]


def test_a_sentence_that_opens_with_a_level_sets_it_for_the_sentences_after_it():
    c = _extract("Năm 2022, toàn huyện tiếp nhận 5.120 hồ sơ. Cấp xã tiếp nhận 3.010 hồ sơ. "
                 "Trong đó, giải quyết đúng hạn 2.990 hồ sơ.\n\nĐã giải quyết đúng hạn 2.000 hồ sơ.")
    assert c[["value", "level"]].values.tolist() == [
        [5120.0, "district_and_commune"], [3010.0, "commune"], [2990.0, "commune"],
        [2000.0, "district"]]   # a new paragraph starts from the document's level again


def test_a_counted_level_noun_gives_the_level_of_the_other_figures_of_its_clause():
    c = _extract("Năm 2023, 18 xã, thị trấn đã tiếp nhận 40.210 hồ sơ, giải quyết đúng hạn 40.001 hồ sơ.")
    assert c[["value", "level"]].values.tolist()[-2:] == [[40210.0, "commune"], [40001.0, "commune"]], c


def test_a_lead_ending_with_a_colon_gives_its_level_to_the_next_paragraph_and_its_list():
    text = ("Năm 2022, Bộ phận một cửa cấp xã đã tiếp nhận và giải quyết hồ sơ như sau:\n\n"
            "Tổng số hồ sơ đã tiếp nhận: 3.200 hồ sơ, trong đó:\n\n"
            "- Giải quyết đúng hạn: 3.100 hồ sơ;\n\n- Quá hạn: 100 hồ sơ.\n\n"
            "Đã giải quyết đúng hạn 2.000 hồ sơ.")
    c = _extract(text)
    assert dict(zip(c["value"], c["level"])) == {3200.0: "commune", 3100.0: "commune", 100.0: "commune",
                                                 2000.0: "district"}, c[["value", "indicator", "level"]]


def test_from_a_year_to_a_date_is_a_range_of_years():
    c = _extract("Tính từ 2015 đến ngày 01/7/2021 đã tinh giản 208 biên chế.")
    assert c[["value", "period_start", "period_end"]].values.tolist() == [[208.0, 2015, 2021]], c
    c = _extract("Tính đến ngày 01/7/2021, đã tinh giản 208 biên chế.")   # a date alone stays a day
    assert c[["period_start", "period_end", "date_end"]].values.tolist() == [[2021, 2021, "2021-07-01"]], c


def test_since_a_year_until_now_runs_to_the_document_year():
    c = _extract("Từ năm 2015 đến nay, huyện đã tinh giản 142 biên chế.", document_year=2019)
    assert c[["value", "period_start", "period_end"]].values.tolist() == [[142.0, 2015, 2019]], c
    c = _extract("Năm 2015 đến nay chưa có số liệu; năm 2018 đã tinh giản 12 biên chế.", document_year=2019)
    assert c[["value", "period_start", "period_end"]].values.tolist() == [[12.0, 2018, 2018]], c


def test_a_count_of_units_is_taken_where_the_text_states_what_the_district_has():
    c = _extract("Toàn huyện có 17 xã, thị trấn; 113 thôn, khu dân cư. Năm 2020, tập huấn phần mềm cho 16 xã, "
                 "thị trấn. 05 xã được phê duyệt kế hoạch áp dụng ISO.", document_year=2020)
    got = dict(zip(c["value"], c["indicator"]))
    assert got[17.0] == "communes_count" and got[113.0] == "villages_count", c
    assert got[16.0] == "" and got[5.0] == "", c   # units that did something, not the number of units
    c = _extract("Huyện gồm 22 xã và 01 thị trấn (gồm 104 thôn).")
    assert c[["indicator", "value"]].values.tolist() == [["communes_count", 22.0], ["communes_count", 1.0],
                                                        ["villages_count", 104.0]], c


def test_the_base_of_k_of_n_units_is_the_number_of_units():
    c = _extract("Năm 2020 kiểm tra trực tiếp 5/16 xã, thị trấn.")
    row = _one(c, 16.0)
    assert row["indicator"] == "communes_count" and "of 16" in row["note"], c


def test_a_stock_since_a_date_until_now_is_counted_in_the_document_year():
    c = _extract("Từ tháng 12/2019 đến nay, huyện có 34 đơn vị hành chính cấp xã.", document_year=2021)
    assert c[["indicator", "value", "period_start", "period_end"]].values.tolist() == [
        ["communes_count", 34.0, 2021, 2021]], c
    c = _extract("Từ tháng 12/2019 đến nay, huyện đã tinh giản 14 biên chế.", document_year=2021)   # a flow: the span
    assert c[["value", "period_start", "period_end"]].values.tolist() == [[14.0, 2019, 2021]], c


def test_a_plans_undated_targets_are_for_its_main_phase_not_its_orientation_year():
    text = ("KẾ HOẠCH Cải cách hành chính giai đoạn 2021 - 2025, định hướng đến năm 2030 của huyện\n\n"
            "Mục tiêu: mức độ hài lòng của người dân đạt tối thiểu 90%. "
            "Mức độ hài lòng đạt 95% vào năm 2030.")
    c = _extract(text, period=(2021, 2030), document_year=2021, doc_type="plan")
    assert c[["value", "kind", "period_start", "period_end"]].values.tolist() == [
        [90.0, "target", 2021, 2025], [95.0, "target", 2030, 2030]], c
    c = _extract(text.replace(", định hướng đến năm 2030", ""), period=(2021, 2030), document_year=2021)
    assert c[["period_start", "period_end"]].values.tolist()[0] == [2021, 2030], c   # no phase: the document's


def test_the_parts_after_trong_do_take_the_indicator_of_the_whole():
    c = _extract("Năm 2019, huyện đã thực hiện tinh giản 142 biên chế. Trong đó 5 đồng chí khối Đảng, "
                 "12 công chức khối Nhà nước, 125 viên chức ngành giáo dục.")
    assert c[["indicator", "value"]].values.tolist() == [["staff_reduced", 142.0], ["staff_reduced", 5.0],
                                                        ["staff_reduced", 12.0], ["staff_reduced", 125.0]], c
    assert (c["period_start"] == 2019).all(), c
    # parts adding up to more than the whole are not its parts; one sub-total is its own figure
    c = _extract("Năm 2019, huyện đã tinh giản 42 biên chế. Trong đó 30 công chức, 25 viên chức.")
    assert c.loc[c["value"] == 25.0, "indicator"].item() != "staff_reduced", c
    c = _extract("Năm 2022 tiếp nhận 5.000 hồ sơ. Trong đó, 650 hồ sơ đang trong thời hạn giải quyết.")
    assert c.loc[c["value"] == 650.0, "indicator"].item() == "", c


def test_a_rank_belongs_to_the_index_named_last_before_it():
    c = _extract("Năm 2021, chỉ số PAR INDEX của tỉnh đạt 87,61 điểm, giảm 7 bậc so với năm 2020; "
                 "chỉ số PCI đạt 69,03 điểm, xếp thứ 38/63 tỉnh, thành.", level="province")
    got = dict(zip(c["value"], c["indicator"]))
    assert got[87.61] == "par_index_score" and got[-7.0] == "par_index_rank_change", c
    assert got[38.0] == "" and got[69.03] == "", c   # PCI's, which the catalog does not hold
    c = _extract("Năm 2022, chỉ số PCI đứng thứ 29/63, còn PAR Index đứng ở vị trí 51/63.", level="province")
    assert dict(zip(c["value"], c["indicator"])) == {29.0: "", 51.0: "par_index_rank"}, c
    c = _extract("Năm 2022, Chỉ số CCHC của tỉnh đạt 85,1 điểm. Chỉ số PCI năm 2022 đứng thứ 29/63, "
                 "còn PAR Index đứng ở vị trí 51/63.", level="province")
    assert dict(zip(c["value"], c["indicator"]))[29.0] == "", c


def test_the_pool_after_a_rank_does_not_set_its_level():
    c = _extract("Năm 2022, chỉ số CCHC của huyện xếp hạng 4/8 huyện, thị xã, thành phố toàn tỉnh.")
    assert c[["indicator", "value", "level"]].values.tolist() == [["par_index_rank", 4.0, "district"]], c
    c = _extract("Năm 2022, chỉ số CCHC của tỉnh xếp thứ 12/63 tỉnh, thành phố.", level="province")
    assert c[["indicator", "value", "level"]].values.tolist() == [["par_index_rank", 12.0, "province"]], c


def test_none_of_a_counted_noun_is_a_zero_and_of_both_levels_a_zero_at_each():
    c = _extract("Năm 2020, không có hồ sơ quá hạn.")
    assert c[["indicator", "value"]].values.tolist() == [["dossiers_late", 0.0]], c
    c = _extract("Năm 2020, tại cấp huyện và cấp xã không có hồ sơ quá hạn.")
    assert sorted(c[["level", "value"]].values.tolist()) == [["commune", 0.0], ["district", 0.0]], c
    c = _extract("Năm 2020, toàn huyện tiếp nhận 120 hồ sơ, cấp huyện và cấp xã giải quyết quá hạn 3 hồ sơ.")
    assert c.loc[c["value"] == 3.0, "level"].tolist() == ["district_and_commune"], c   # only a zero splits
    assert _extract("Năm 2020, không có gì mới.").empty


def test_the_parts_given_in_a_parenthesis_after_a_count_take_its_indicator():
    c = _extract("Năm 2015 huyện được giao 120 biên chế (Trong đó: đơn vị sự nghiệp công lập 114 lao động; "
                 "cơ quan hành chính 06 lao động).")
    assert c[["indicator", "value"]].values.tolist() == [["staff_quota", 120.0], ["staff_quota", 114.0],
                                                        ["staff_quota", 6.0]], c
    # a reduction's parts are stated as reductions too
    c = _extract("Từ 2015-2020, huyện đã giảm được 225 người (UBND huyện giảm 14 người; các xã giảm 43 người; "
                 "đơn vị sự nghiệp giảm 168 người).")
    assert set(c.loc[c["value"].isin([14.0, 43.0, 168.0]), "indicator"]) == {"staff_reduced"}, c
    # more than the whole: not its parts
    c = _extract("Năm 2015 huyện được giao 120 biên chế (trong đó: khối A 114 người; khối B 60 người).")
    assert not c["note"].str.contains("part of").any(), c


def test_the_counts_of_persons_in_a_list_under_a_count_of_persons_are_its_parts():
    text = ("Trong giai đoạn 2017 - 2021, huyện đã đưa 867 lượt cán bộ đi đào tạo, bồi dưỡng, cụ thể:\n\n"
            "- Về chuyên môn: Thạc sĩ 03 đồng chí, đại học 07 đồng chí.\n\n"
            "- Về lớp học: mở 05 lớp, quản lý nhà nước 233 đồng chí.\n\n"
            "Năm 2021, cấp xã có 12 đồng chí nghỉ hưu.")
    c = _extract(text)
    got = {v: (i, lvl) for v, i, lvl in c[["value", "indicator", "level"]].values}
    lead = got[867.0]
    assert lead[0] == "training_participants", c
    assert got[3.0] == got[7.0] == got[233.0] == lead, c    # the lead's indicator and level
    assert got[5.0][0] == "" and got[12.0][0] == "", c      # classes are not persons; after the list, none


def test_a_bare_count_under_a_heading_counts_the_headings_subject():
    text = ("2. Về đội ngũ (tính đến tháng 10/2020)\n2.1. Đội ngũ cán bộ, công chức cấp huyện\n"
            "- Số lượng: Tổng số có 76 người.\n2.2. Đội ngũ viên chức các đơn vị sự nghiệp\n"
            "- Số lượng: Tổng số có 1.561 người.\n- Đã tập huấn 40 người.")
    c = _extract(text, document_year=2020)
    got = dict(zip(c["value"], c["indicator"]))
    assert got[76.0] == "civil_servants_count" and got[1561.0] == "public_employees_count", c
    assert got[40.0] == "", c   # not a bare count: the heading does not say what 40 people did


def test_a_count_of_staff_is_a_stock_where_the_text_states_it_not_where_staff_did_something():
    c = _extract("Năm 2021, tổng số cán bộ, công chức của huyện có 489 công chức; cán bộ, công chức thuộc UBND "
                 "huyện: 68 người. Trong năm đã tuyển dụng được 48 công chức. Có 04 viên chức không đủ tiêu chuẩn.",
                 document_year=2021)
    got = dict(zip(c["value"], c["indicator"]))
    assert got[489.0] == "civil_servants_count" and got[68.0] == "civil_servants_count", c
    assert got[48.0] == "" and got[4.0] == "", c


def test_a_figure_that_counts_things_is_not_a_count_of_persons():
    c = _extract("Năm 2020 mở 01 lớp bồi dưỡng cho 60 học viên; đã tinh giản biên chế 14 trường hợp; "
                 "xóa 12 điểm trường; bồi dưỡng 10 hợp đồng lao động.")
    got = dict(zip(c["value"], c["indicator"]))
    assert got[60.0] == "training_participants" and got[14.0] == "staff_reduced", c
    assert got[1.0] == got[12.0] == got[10.0] == "", c


def test_words_of_another_channel_keep_a_figure_from_the_online_phrasing():
    c = _extract("Năm 2026, cấp xã tiếp nhận 1.610 hồ sơ, gồm 1.475 hồ sơ trực tuyến và 135 hồ sơ trực tiếp; "
                 "tiếp nhận trực tuyến 1.250 hồ sơ, tiếp nhận qua dịch vụ bưu chính 132 hồ sơ.")
    got = dict(zip(c["value"], c["indicator"]))
    assert got[1475.0] == got[1250.0] == "online_dossiers", c
    assert got[135.0] != "online_dossiers" and got[132.0] != "online_dossiers", c


def test_a_label_that_ends_the_noun_of_the_figure_before_is_that_figures():
    c = _extract("Năm 2022, có 4.215 hồ sơ đến hạn giải quyết, đã có 4.186 hồ sơ được trả kết quả trước và "
                 "đúng hạn; trễ hạn 26 hồ sơ trễ hạn, đạt tỷ lệ 0,18%.")
    got = dict(zip(c["value"], c["indicator"]))
    assert got[4186.0] == "dossiers_on_time" and got[0.18] == "dossiers_late_pct", c
    c = _extract("Năm 2022 tiếp nhận 120 hồ sơ, giải quyết 115 hồ sơ.")   # after a comma: its own label
    assert dict(zip(c["value"], c["indicator"]))[115.0] == "dossiers_resolved", c


def test_a_footnote_mark_does_not_hide_the_noun_before_it_and_k_of_n_agencies_gives_n():
    c = _extract("Năm 2021, UBND huyện có 12 phòng chuyên môn¹. Năm 2020 kiểm tra 4/13 cơ quan chuyên môn.")
    assert c[["indicator", "value"]].values.tolist() == [["specialized_agencies_count", 12.0],
                                                        ["specialized_agencies_count", 13.0]], c
    assert fold("môn¹²") == "mon  "


def test_a_list_stops_giving_parts_once_they_would_exceed_its_lead_and_a_part_may_have_parts():
    text = ("Năm 2021, huyện đã đưa 300 lượt cán bộ đi đào tạo, cụ thể:\n\n"
            "- Quản lý nhà nước 233 đồng chí (chuyên viên chính 68; chuyên viên 165); thạc sĩ 07 đồng chí.\n\n"
            "- Tổng số được bổ nhiệm 142 người.\n\n- Có 05 người thi tuyển.")
    c = _extract(text)
    got = dict(zip(c["value"], c["indicator"]))
    assert got[233.0] == got[68.0] == got[165.0] == got[7.0] == "training_participants", c
    assert got[142.0] == "" and got[5.0] == "", c   # 233 + 7 + 142 > 300: the list has moved on


def test_a_short_label_must_be_its_own_word_with_its_diacritics():
    assert _extract("Năm 2021, huyện cử 30 lượt công chức đi tập huấn.")["indicator"].tolist() == [
        "training_participants"]
    assert _extract("Năm 2021 làm nhiều việc, cụ thể 30 công trình.")["indicator"].tolist() == [""]
    assert _extract("Nam 2021, huyen cu 30 luot cong chuc di tap huan.")["indicator"].tolist() == [
        "training_participants"]   # a text without diacritics is matched folded


def test_on_time_beside_a_separate_early_item_of_the_same_list_is_on_time_only():
    text = ("Năm 2020, tổng số hồ sơ đã tiếp nhận: 1.200 hồ sơ, trong đó:\n\n- Đúng hạn: 1.000 hồ sơ, đạt 83,3%.\n\n"
            "- Trước hạn: 200 hồ sơ, đạt 16,7%.\n\nNăm 2021, giải quyết đúng hạn 900 hồ sơ.")
    got = dict(zip(_extract(text)["value"], _extract(text)["indicator"]))
    assert got[1000.0] == "dossiers_on_time_only" and got[83.3] == "dossiers_on_time_only_pct", got
    assert got[200.0] == "dossiers_early" and got[900.0] == "dossiers_on_time", got   # another block


def test_work_files_handled_online_are_not_online_dossiers():
    c = _extract("Đến năm 2025, 80% hồ sơ công việc tại huyện được xử lý trên môi trường mạng.")
    assert c["indicator"].tolist() == [""], c


def test_a_whole_whose_parts_are_of_both_levels_is_of_both_and_parts_share_its_period():
    c = _extract("Trong 05 năm từ 2015-2020, đã giảm được 225 người (UBND huyện giảm 14 người; UBND các xã, "
                 "thị trấn giảm 43 người; đơn vị sự nghiệp công lập giảm 168 người).")
    got = {v: (lvl, a, b) for v, lvl, a, b in c[["value", "level", "period_start", "period_end"]].values}
    assert got[225.0] == ("district_and_commune", 2015, 2020), c
    assert got[14.0] == ("district", 2015, 2020) and got[43.0] == ("commune", 2015, 2020), c
    assert got[168.0][1:] == (2015, 2020), c


def test_received_dossiers_broken_down_into_carried_over_and_new_are_the_total():
    c = _extract("Tháng 5-2021, Trung tâm tiếp nhận 5,65 ngàn hồ sơ các loại. Trong đó có 1,07 ngàn hồ sơ kỳ trước "
                 "chuyển sang, tiếp nhận mới 4,58 ngàn hồ sơ.")
    row = _one(c, 5650.0)
    assert row["indicator"] == "dossiers_total", c
    assert (row["date_start"], row["date_end"]) == ("2021-05-01", "2021-05-31"), c   # "Tháng 5-2021"


def test_a_share_that_compares_two_periods_is_not_a_share_and_a_channel_word_before_a_figure_counts():
    c = _extract("Số hồ sơ trực tuyến của quý I năm 2023 bằng trên 90% số hồ sơ trực tuyến của cả năm 2021.")
    assert c["indicator"].tolist() == [""], c
    c = _extract("Năm 2021, tiếp nhận mới trực tiếp 3.190 hồ sơ, tiếp nhận trực tuyến 1.250 hồ sơ.")
    got = dict(zip(c["value"], c["indicator"]))
    assert got[3190.0] != "online_dossiers" and got[1250.0] == "online_dossiers", c


def test_where_a_staff_noun_is_not_the_stock_the_next_phrasing_governs():
    c = _extract("Từ 2015 đến 2021 đã giảm 14 biên chế (Trong đó: tinh giản theo Nghị định số 108/2014/NĐ-CP, "
                 "Nghị định số 113/2018/NĐ-CP và Nghị định số 143/2020/NĐ-CP của Chính phủ 12 công chức; nghỉ hưu "
                 "theo Nghị định số 26/2015/NĐ-CP của Chính phủ 02 cán bộ).")
    got = dict(zip(c["value"], c["indicator"]))
    assert got[12.0] == "staff_reduced" and got[2.0] == "", c   # retirement is not a reduction of staff


def test_a_list_past_its_lead_no_longer_lends_its_lead():
    text = ("Năm 2021, huyện đã cử 50 lượt cán bộ đi bồi dưỡng, cụ thể:\n\n- Thạc sĩ 20 đồng chí.\n\n"
            "- Đại học 40 đồng chí.\n\n- Có 04 công chức không đủ tiêu chuẩn.")
    got = dict(zip(_extract(text)["value"], _extract(text)["indicator"]))
    assert got[20.0] == "training_participants" and got[4.0] == "", got   # 20 + 40 > 50: moved on


def test_a_share_right_after_a_count_is_that_counts_share():
    c = _extract("Năm 2021, trực tuyến: 524 hồ sơ, đạt 0,2%; trả trước và đúng hạn 904.225 hồ sơ, đạt tỷ lệ 99,99%, "
                 "quá hạn 73 hồ sơ (chiếm 0,01%).")
    got = dict(zip(c["value"], c["indicator"]))
    assert got[0.2] == "online_dossiers_pct" and got[99.99] == "dossiers_on_time_pct", c
    assert got[0.01] == "dossiers_late_pct", c


def test_satisfaction_with_health_and_schools_is_not_satisfaction_with_administration():
    c = _extract("Phấn đấu đến năm 2025, mức độ hài lòng của người dân về giải quyết TTHC đạt tối thiểu 90%; mức độ "
                 "hài lòng của người dân về cung cấp dịch vụ y tế, giáo dục công lập đạt tối thiểu 85%.")
    assert dict(zip(c["value"], c["indicator"])) == {90.0: "satisfaction_pct", 85.0: ""}, c


def test_overdue_dossiers_without_a_result_are_pending_not_resolved_late():
    c = _extract("Năm 2021, hồ sơ quá hạn giải quyết nhưng chưa có kết quả 689 hồ sơ; giải quyết quá hạn 12 hồ sơ.")
    assert dict(zip(c["value"], c["indicator"])) == {689.0: "dossiers_pending_late", 12.0: "dossiers_late"}, c


def test_every_year_compared_with_is_a_reference_not_a_period():
    c = _extract("Năm 2022, giải quyết TTHC đúng và trước hạn đạt 98,4%. Trong đó, cấp xã đạt 97,1%, tăng so với "
                 "năm 2020 và 2021.")
    assert c["period_start"].tolist() == [2022, 2022], c


def test_a_clause_with_no_level_after_clauses_of_both_levels_is_about_both():
    c = _extract("Năm 2020, một cửa huyện đã giải quyết 2.427 hồ sơ; một cửa xã đã giải quyết 6.013 hồ sơ; "
                 "100% hồ sơ được giải quyết trước hạn và đúng hạn.")
    assert c["level"].tolist() == ["district", "commune", "district_and_commune"], c


def test_a_restated_figure_is_one_candidate():
    c = _extract("Năm 2021 huyện được giao 88 biên chế. Đối với công chức: năm 2021 huyện được giao 88 biên chế. "
                 "Năm 2020 huyện được giao 88 biên chế.")
    got = c[["indicator", "value", "period_start"]].values.tolist()
    assert got == [["staff_quota", 88.0, 2021], ["staff_quota", 88.0, 2020]], c   # another year: another fact
    assert "restated 1 more time" in c["note"].iloc[0], c


def test_first_place_in_words_is_the_rank_of_the_index_named_with_it():
    c = _extract("Năm 2022, huyện dẫn đầu khối huyện về Chỉ số CCHC với 89,5 điểm.")
    assert c[["indicator", "value"]].values.tolist() == [["par_index_rank", 1.0], ["par_index_score", 89.5]], c
    assert _extract("Năm 2022, người đứng đầu cơ quan chịu trách nhiệm về chỉ số CCHC.").empty
    c = _extract("Phấn đấu đưa chỉ số CCHC của huyện nằm trong nhóm 10 huyện dẫn đầu.")
    assert "par_index_rank" not in c["indicator"].tolist() or 1.0 not in c["value"].tolist(), c
    assert _extract("Năm 2022, huyện dẫn đầu tỉnh về thu ngân sách.")["indicator"].tolist() == [""]


def test_equal_figures_with_other_words_before_them_are_two_facts():
    c = _extract("Năm 2021, huyện đã cử 100 lượt cán bộ đi bồi dưỡng, cụ thể:\n\n- Lý luận chính trị cao cấp 35 "
                 "đồng chí.\n\n- Quản lý cấp phòng 35 đồng chí.", document_year=2021)
    rows = c[c["value"] == 35.0]
    assert len(rows) == 2 and set(rows["indicator"]) == {"training_participants"}, c


def test_a_share_of_a_count_without_share_slug_is_nobodys_and_a_count_in_parentheses_is_a_part():
    c = _extract("Năm 2021, hồ sơ quá hạn giải quyết nhưng chưa có kết quả 689 hồ sơ chiếm 3,45 %; trễ hạn 21 hồ sơ "
                 "(13 hồ sơ do lỗi hệ thống), đạt tỷ lệ 2,55%.")
    got = dict(zip(c["value"], c["indicator"]))
    assert got[689.0] == "dossiers_pending_late" and got[3.45] == "", c
    assert got[21.0] == "dossiers_late" and got[13.0] == "" and got[2.55] == "dossiers_late_pct", c


def test_now_alone_is_the_document_year():
    c = _extract("Đến nay, toàn tỉnh đã thực hiện tinh giản được 309 biên chế và sẽ tiếp tục tinh giản đến năm 2021.",
                 document_year=2019, level="province")
    assert c[["value", "kind", "period_start", "period_end"]].values.tolist() == [[309.0, "actual", 2019, 2019]], c


def test_an_index_result_takes_the_year_of_its_lead_sentence():
    c = _extract("Năm 2020, huyện xếp vị trí thứ nhất về Chỉ số cải cách hành chính. Ở bảng xếp hạng cấp huyện, "
                 "Chỉ số cải cách hành chính của huyện đạt 77,03 điểm.", document_year=2021)
    assert c.loc[c["value"] == 77.03, ["indicator", "period_start"]].values.tolist() == [["par_index_score", 2020]], c


def test_a_count_of_procedures_is_the_published_stock_only_where_the_text_says_so():
    c = _extract("Năm 2020, UBND huyện đã công khai 320 thủ tục hành chính. UBND tỉnh cho phép 832 thủ tục hành chính "
                 "được tiếp nhận qua dịch vụ bưu chính.")
    assert dict(zip(c["value"], c["indicator"])) == {320.0: "tthc_published_count", 832.0: ""}, c


def test_a_rank_takes_the_index_of_the_sentences_before_it_in_its_section():
    text = ("Năm 2020, UBND tỉnh công bố Chỉ số cải cách hành chính của các huyện. Huyện Nậm Pồ xếp vị trí thứ nhất, "
            "thành phố xếp vị trí thứ 2.\n\nNăm 2020, chỉ số PCI của tỉnh xếp thứ 50/63. Tỉnh xếp thứ 3 khu vực.")
    got = list(zip(_extract(text)["value"], _extract(text)["indicator"]))
    assert got[:2] == [(1.0, "par_index_rank"), (2.0, "par_index_rank")], got
    assert "par_index_rank" not in [i for v, i in got[2:]], got   # after PCI is named, its ranks are not PAR's


def test_a_year_in_a_parenthesis_that_states_a_figure_dates_only_that_figure():
    c = _extract("Chỉ số PAR Index của tỉnh năm 2023 đạt 85,77 điểm (năm 2022 đạt 82,58 điểm), xếp thứ 50/63.",
                 level="province")
    got = {v: y for v, y in c[["value", "period_start"]].values}
    assert got == {85.77: 2023, 82.58: 2022, 50.0: 2023}, c
    c = _extract("Trong 4 năm (2012 - 2016), UBND huyện đã tiếp nhận 34 đơn thư khiếu nại.")   # a gloss of "4 năm"
    assert c[["period_start", "period_end"]].values.tolist() == [[2012, 2016]], c


@pytest.mark.parametrize("text, value, slug", [
    ("Năm 2025, số hồ sơ giải quyết đúng, trước hạn là 77,98%.", 77.98, "dossiers_on_time_pct"),
    ("Năm 2019, Chỉ số CCHC của tỉnh đạt 75,2 điểm, thứ hạng 26/63 tỉnh, thành phố.", 26.0, "par_index_rank"),
    ("Năm 2023, tỷ lệ TTHC công bố đúng hạn: 73,91%.", 73.91, ""),
    ("Năm 2019, số hồ sơ được tiếp nhận qua dịch vụ bưu chính công ích đạt 15.000 hồ sơ.", 15000.0, ""),
    ("Năm 2020, UBND tỉnh cho phép tiếp nhận 832 thủ tục hành chính qua bưu điện.", 832.0, ""),
])
def test_vocabulary_of_the_catalog(text, value, slug):
    assert _one(_extract(text, level="province"), value)["indicator"] == slug


def test_agencies_under_the_provincial_committee_and_staff_from_the_district_level_up_are_provincial():
    c = _extract("Năm 2020, ở bảng xếp hạng của các cơ quan chuyên môn thuộc UBND tỉnh, Sở Tư pháp xếp vị trí thứ "
                 "nhất với Chỉ số cải cách hành chính đạt 92,51%.")
    assert set(c["level"]) == {"province"}, c
    c = _extract("Tính đến tháng 12/2022, tổng số công chức (cấp huyện trở lên) là 1.761 người.", level="province")
    assert c["level"].tolist() == ["province"], c


def test_the_reform_named_as_a_topic_names_no_index_and_an_index_named_before_a_rank_wins():
    c = _extract("Năm 2022, tỉnh đạt nhiều kết quả về cải cách hành chính. Chỉ số PCI năm 2022 đứng thứ 29/63, "
                 "còn PAR Index đứng ở vị trí 51/63.", level="province")
    assert dict(zip(c["value"], c["indicator"])) == {29.0: "", 51.0: "par_index_rank"}, c


def test_a_topic_lead_says_which_dossiers_and_no_period_compared_with_dates_a_figure():
    text = ("Quý III/2021, UBND thành phố đã giải quyết 1.300 hồ sơ, tỷ lệ trễ hạn 1,25%, giảm so với 6 tháng đầu "
            "năm 2021.\n\nVề hồ sơ trực tuyến, trong quý, UBND thành phố tiếp nhận 581 hồ sơ, đạt 28,91%.")
    c = _extract(text, document_year=2021)
    got = {v: (i, a, b) for v, i, a, b in c[["value", "indicator", "date_start", "date_end"]].values}
    assert got[1300.0] == ("dossiers_resolved", "2021-07-01", "2021-09-30"), c
    assert got[581.0] == ("online_dossiers", "2021-07-01", "2021-09-30"), c   # not the half-year compared with
    assert got[28.91][0] == "online_dossiers_pct", c


def test_a_named_commune_is_the_commune_level_and_a_later_year_dates_no_later_statement():
    c = _extract("Năm 2017, xã Bản Khoang có dân số 2.673 nhân khẩu; thị xã Ngã Năm có dân số 80.000 người.")
    assert dict(zip(c["value"], c["level"])) == {2673.0: "commune", 80000.0: "district_and_commune"}, c
    c = _extract("Năm 2019, huyện giải quyết hồ sơ để hạn chế tồn chuyển sang năm 2020. Từ đầu năm, đã giải quyết "
                 "30.724 hồ sơ.", document_year=2019)
    assert c[["value", "period_start", "kind"]].values.tolist() == [[30724.0, 2019, "actual"]], c


@pytest.mark.parametrize("text, value, slug", [
    ("Năm 2017, huyện đã giải quyết đúng hẹn 19.723 hồ sơ.", 19723.0, "dossiers_on_time"),
    ("Năm 2022, huyện cử 14 cán bộ, công chức tham gia bồi dưỡng kỹ năng lãnh đạo.", 14.0, "training_participants"),
    ("Năm 2022, có 20 người tham gia tập huấn văn thư lưu trữ.", 20.0, "training_participants"),
])
def test_vocabulary_of_appointments_and_courses(text, value, slug):
    assert _one(_extract(text), value)["indicator"] == slug


def test_received_and_resolved_together_are_two_facts_and_a_district_with_its_communes_both_levels():
    c = _extract("Năm 2017, UBND TP Mỹ Tho và UBND 17 phường, xã đã tiếp nhận, giải quyết 116.383 hồ sơ.")
    rows = c[c["value"] == 116383.0]
    assert sorted(rows["indicator"]) == ["dossiers_received", "dossiers_resolved"], c
    assert set(rows["level"]) == {"district_and_commune"}, c


def test_a_level_right_after_the_noun_a_figure_counts_is_its_level():
    c = _extract("Năm 2022, 36 CBCC cấp xã tham gia lớp bồi dưỡng và 04 CBCC cấp huyện tham gia bồi dưỡng.")
    assert dict(zip(c["value"], c["level"])) == {36.0: "commune", 4.0: "district"}, c


def test_a_day_month_after_den_is_a_date_and_a_town_is_district_level():
    c = _extract("Năm 2019, từ ngày 1-1 đến 31-10, tổng số hồ sơ đã tiếp nhận 33.232 hồ sơ.")
    assert c["value"].tolist() == [33232.0], c
    c = _extract("Năm 2022, Bộ phận tiếp nhận và trả kết quả thị xã tiếp nhận hơn 5.000 hồ sơ.")
    assert c["level"].tolist() == ["district"], c


def test_overdue_dossiers_among_the_pending_are_pending_and_overdue():
    c = _extract("Năm 2020, trong số 3.405 hồ sơ đang giải quyết, số hồ sơ chưa đến hạn là 2.436 hồ sơ và có 969 "
                 "hồ sơ đã quá hạn.")
    assert dict(zip(c["value"], c["indicator"]))[969.0] == "dossiers_pending_late", c
    c = _extract("Năm 2020, 3.405 hồ sơ đang giải quyết; đã giải quyết quá hạn 69 hồ sơ.")
    assert dict(zip(c["value"], c["indicator"]))[69.0] == "dossiers_late", c


@pytest.mark.parametrize("text, value, slug", [
    ("Năm 2022, có 1.234 hồ sơ được tiếp nhận trực tuyến.", 1234.0, "online_dossiers"),
    ("Năm 2022, huyện có 289 TTHC thuộc thẩm quyền giải quyết.", 289.0, "tthc_published_count"),
])
def test_vocabulary_of_online_dossiers_and_procedures(text, value, slug):
    assert _one(_extract(text), value)["indicator"] == slug


def test_parts_by_level_after_a_semicolon_and_a_level_that_leads_the_next_figure():
    c = _extract("Năm 2022, toàn tỉnh tiếp nhận 500.000 hồ sơ; trong đó cấp tỉnh 100.000 hồ sơ, cấp huyện 150.000 "
                 "hồ sơ, cấp xã 250.000 hồ sơ.")
    assert c[["indicator", "level"]].values.tolist() == [["dossiers_received", "province"],
                                                        ["dossiers_received", "province"],
                                                        ["dossiers_received", "district"],
                                                        ["dossiers_received", "commune"]], c
    c = _extract("Năm 2022, tỷ lệ giải quyết hồ sơ đúng hạn của huyện đạt 99,5%, cấp xã đạt 98,2%.")
    assert c["level"].tolist() == ["district", "commune"], c


def test_the_headcount_of_public_service_units_is_a_quota():
    c = _extract("Năm 2021, UBND huyện được giao 95 biên chế công chức và 1.650 số lượng người làm việc.")
    assert c["indicator"].tolist() == ["staff_quota", "staff_quota"], c


# --- where a list's lead and a level stop governing -------------------------------------------

def test_a_heading_ends_the_list_lead_and_its_level():
    doc = ("1. Về thủ tục hành chính\n"
           "Mức độ hài lòng của người dân trên địa bàn tỉnh về giải quyết thủ tục hành chính, cụ thể:\n"
           "- Năm 2021: đạt 90%.\n"
           "2. Về tổ chức bộ máy\n"
           "- Thực hiện 100% cơ quan chuyên môn được sắp xếp lại theo quy định.\n")
    c = _extract(doc, doc_type="plan", period=(2021, 2025))
    assert _one(c, 90.0)["indicator"] == "satisfaction_pct", c
    hundred = _one(c, 100.0)
    assert hundred["indicator"] != "satisfaction_pct", c   # the lead of section 1 does not govern section 2
    assert hundred["level"] != "province", c


def test_a_sibling_of_the_lead_ends_its_list():
    doc = ("- Mức độ hài lòng của tổ chức, công dân về giải quyết thủ tục hành chính, cụ thể:\n"
           "+ Năm 2022: Đạt tỷ lệ 90% trở lên.\n"
           "- Thực hiện 100% thủ tục hành chính cấp huyện được tiếp nhận tại Bộ phận một cửa huyện.\n")
    c = _extract(doc, doc_type="plan", period=(2021, 2025))
    assert _one(c, 90.0)["indicator"] == "satisfaction_pct", c
    assert _one(c, 100.0)["indicator"] != "satisfaction_pct", c


def test_a_district_target_that_names_no_level_is_for_both_levels():
    c = _extract("Phấn đấu đến năm 2025, tỷ lệ hồ sơ giải quyết trực tuyến trên tổng số hồ sơ đạt tối thiểu 50%.",
                 doc_type="plan", period=(2021, 2025))
    row = _one(c, 50.0)
    assert (row["indicator"], row["kind"], row["level"]) == ("online_dossiers_pct", "target", "district_and_commune")
    c = _extract("Năm 2022, tỷ lệ hồ sơ giải quyết trực tuyến đạt 50%.")   # an actual keeps the document's level
    assert _one(c, 50.0)["level"] == "district", c


def test_a_level_in_a_later_clause_does_not_reach_back():
    c = _extract("Năm 2022, tỷ lệ hồ sơ giải quyết trực tuyến đạt 45%; các xã đã số hóa kết quả đạt 21,9%.")
    assert _one(c, 45.0)["level"] == "district", c
    c = _extract("Năm 2022, ở cấp xã, tỷ lệ số hóa đạt 21,9%; tỷ lệ hồ sơ giải quyết trực tuyến đạt 45%.")
    assert _one(c, 45.0)["level"] == "commune", c   # one before it still carries forward


def test_the_level_that_owns_a_system_is_not_the_figures_level():
    c = _extract("Năm 2022, 100% hồ sơ được xử lý qua Hệ thống thông tin một cửa điện tử cấp tỉnh; "
                 "45% hồ sơ giải quyết trực tuyến trên tổng số hồ sơ.")
    assert _one(c, 45.0)["level"] == "district", c


def test_a_share_of_units_is_not_a_score():
    c = _extract("Năm 2022, 100% UBND cấp xã được xếp hạng chỉ số cải cách hành chính ở mức khá, trong đó "
                 "20% đơn vị đạt mức tốt.")
    assert _one(c, 20.0)["indicator"] != "par_index_score", c
    c = _extract("Năm 2022, chỉ số cải cách hành chính của huyện đạt 86,5%.")
    assert _one(c, 86.5)["indicator"] == "par_index_score", c


def test_a_zero_restated_in_words_is_one_fact():
    doc = ("Năm 2020, Bộ phận một cửa huyện đã tiếp nhận 2.629 hồ sơ:\n"
           "- Hồ sơ quá hạn đã giải quyết: 0 hồ sơ.\n"
           "Trong năm 2020, UBND huyện không có hồ sơ nào giải quyết quá hạn.\n")
    c = _extract(doc)
    assert len(c[(c["indicator"] == "dossiers_late") & (c["value"] == 0)]) == 1, c


def test_one_agency_receiving_dossiers_is_not_the_districts_total():
    c = _extract("Năm 2022, huyện tiếp nhận 150.000 hồ sơ. Riêng ngành Công an tiếp nhận 27.064 hồ sơ; "
                 "Văn phòng đăng ký đất đai tỉnh Tây Ninh Chi nhánh huyện Gò Dầu tiếp nhận hơn 42.300 hồ sơ.")
    got = dict(zip(c["value"], c["indicator"]))
    assert got[150000.0] == "dossiers_received", c
    assert got[27064.0] != "dossiers_received" and got[42300.0] != "dossiers_received", c


def test_public_service_units_are_the_documents_own_level():
    doc = ("Trong 05 năm từ 2015-2020, đã giảm được 225 người (UBND huyện giảm 14 người; UBND các xã, "
           "thị trấn giảm 43 người; đơn vị sự nghiệp công lập giảm 168 người).")
    c = _extract(doc)
    assert _one(c, 168.0)["level"] == "district", c
    c = _extract("Năm 2022, các đơn vị sự nghiệp công lập đã tinh giản 168 người.", level="province",
                 district_code="000")
    assert _one(c, 168.0)["level"] == "province", c


def test_parts_named_by_words_of_the_wholes_label_are_its_kinds_and_of_its_kind():
    doc = "Tính đến 30/11/2020, số lượng cán bộ, công chức cấp xã là 312 người, trong đó cán bộ: 177 người, công chức: 135 người."
    c = _extract(doc, doc_type="project", period=(2021, 2025), document_year=2021)
    rows = c[c["value"].isin([312.0, 177.0, 135.0])]
    assert rows["indicator"].tolist() == ["commune_officials_count"] * 3, c
    assert rows["kind"].tolist() == ["baseline"] * 3, c   # a part of a baseline is a baseline


def test_a_title_dates_the_text_and_proposes_none_of_its_figures():
    text = ("Đối với cấp huyện: Huyện Đông Sơn có tổng số điểm đạt được 92.15 điểm, chỉ số cải cách hành chính "
            "đạt 92.15% đứng vị trí thứ nhất.")
    title = "Thanh Hóa: 27 đơn vị được công bố Chỉ số cải cách hành chính năm 2023"
    c = _extract(text, title=title, document_year=2024)
    assert 27.0 not in c["value"].tolist(), c   # the title's own figure is not proposed
    scores = c[c["indicator"] == "par_index_score"]
    assert not scores.empty and set(scores["period_start"]) == {2023}, c
    untitled = _extract(text, document_year=2024)
    assert set(untitled.loc[untitled["indicator"] == "par_index_score", "period_start"]) == {2024}, untitled


def test_an_undated_documents_figures_take_the_latest_year_it_states_of_what_was_done():
    text = ("Năm 2024, huyện tiếp nhận 1.200 hồ sơ. Phấn đấu đến năm 2030 đạt 100% hồ sơ trực tuyến.\n"
            "Hiện nay toàn huyện có 15 xã, thị trấn.")
    c = _extract(text)
    assert (_one(c, 15.0)["period_start"], _one(c, 15.0)["period_end"]) == (2024, 2024)
    dated = _extract(text, document_year=2025)   # a document's own date still dates its stocks
    assert _one(dated, 15.0)["period_start"] == 2025


def test_the_subject_of_a_sentence_sets_the_level_of_its_later_clauses_before_an_indicators_default():
    # training has a default level (both levels) for a text that names none; here the district sends them
    c = _extract("Năm 2022, UBND huyện đã cử 9 công chức tham gia lớp bồi dưỡng chuyên viên chính; "
                 "13 công chức tham gia lớp bồi dưỡng chuyên viên.")
    assert _one(c, 13.0)[["indicator", "level"]].tolist() == ["training_participants", "district"]


def test_a_level_that_qualifies_what_a_figure_counts_does_not_carry_to_the_next_clause():
    c = _extract("Năm 2022, UBND huyện đã cử 20 cán bộ phụ trách công tác văn phòng cấp xã tham gia tập huấn; "
                 "12 công chức tham gia bồi dưỡng kỹ năng giao tiếp.")
    assert _one(c, 12.0)[["indicator", "level"]].tolist() == ["training_participants", "district"]


def test_a_figure_opening_an_item_of_a_list_after_co_is_a_stated_count():
    c = _extract("Năm 2017, xã Bản Khoang có tổng diện tích tự nhiên 56,51 km2, dân số 2.673 nhân khẩu, 514 hộ, 10 thôn. "
                 "Năm 2017, huyện tổ chức tuyên truyền, vận động nhân dân tại 12 thôn.")
    assert _one(c, 10.0)["indicator"] == "villages_count"
    assert _one(c, 12.0)["indicator"] == ""   # the villages where something was done are not the count of villages


def test_the_communes_named_with_their_committees_are_the_count_of_communes():
    c = _extract("Năm 2019, Bộ phận một cửa của UBND huyện và UBND 11 xã, thị trấn đã tiếp nhận 43.000 hồ sơ.")
    assert _one(c, 11.0)[["indicator", "level"]].tolist() == ["communes_count", "commune"]


def test_the_level_word_of_a_count_of_commune_level_units_is_not_the_level_of_the_figures_before():
    c = _extract("Năm 2017, toàn huyện có tổng diện tích tự nhiên 681,37 km2, dân số 62.119 người, với 18 đơn vị "
                 "hành chính cấp xã.")
    assert _one(c, 68137.0)[["indicator", "level"]].tolist() == ["area_ha", "district_and_commune"]
    assert _one(c, 62119.0)["level"] == "district_and_commune"
    assert _one(c, 18.0)[["indicator", "level"]].tolist() == ["communes_count", "commune"]


@pytest.mark.parametrize("text, level", [
    ("Năm 2022, Bộ phận Phục vụ hành chính công huyện tiếp nhận 5.000 hồ sơ.", "district"),
    ("Năm 2022, Trung tâm Hành chính công thị xã tiếp nhận 5.000 hồ sơ.", "district"),
    ("Năm 2022, Trung tâm Phục vụ hành chính công tỉnh tiếp nhận 5.000 hồ sơ.", "province"),
])
def test_a_public_administration_centre_names_its_level(text, level):
    other = "province" if level == "district" else "district"   # the document's own level is the other one
    assert _one(_extract(text, level=other), 5000.0)[["indicator", "level"]].tolist() == ["dossiers_received", level]


def test_a_share_of_the_commune_names_its_level():
    assert _one(_extract("Năm 2016, tỷ lệ trả đúng hạn của xã đạt 100%."), 100.0)["level"] == "commune"


@pytest.mark.parametrize("text, value, slug", [
    ("Năm 2020, 95,7% hồ sơ, thủ tục đã được giải quyết đúng và trước thời hạn.", 95.7, "dossiers_on_time_pct"),
    ("Năm 2022, huyện có 36.680 hồ sơ được xử lý trực tuyến.", 36680.0, "online_dossiers"),
    ("Năm 2022, tỷ lệ hồ sơ giải quyết qua DVCTT của huyện đạt 59,08%.", 59.08, "online_dossiers_pct"),
    ("Năm 2022, huyện cung cấp 1.234 DVCTT.", 1234.0, "online_services_count"),
    ("Năm 2024, tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC đạt 92%.", 92.0, "tthc_results_digitized_pct"),
])
def test_dossiers_and_procedures_named_together_and_online_services_abbreviated(text, value, slug):
    assert _one(_extract(text), value)["indicator"] == slug


def test_none_late_at_two_named_one_stop_offices_is_a_zero_at_each_level():
    c = _extract("Quý I/2020, tại Trung tâm Hành chính công huyện và bộ phận một cửa cấp xã không có hồ sơ quá hạn.")
    assert sorted(c.loc[c["indicator"] == "dossiers_late", "level"]) == ["commune", "district"]


@pytest.mark.parametrize("text, slug", [
    ("Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước cấp xã "
     "năm 2024 đạt 96,04%.", "satisfaction_pct"),
    ("Năm 2024, Chỉ số SIPAS của huyện đạt 96,04%.", "sipas_score"),
])
def test_a_satisfaction_index_is_the_share_satisfied_unless_named_sipas(text, slug):
    # the development set's rule (data/devset/README.md): "chỉ số SIPAS đạt …%" is the SIPAS score
    assert _one(_extract(text), 96.04)["indicator"] == slug


@pytest.mark.parametrize("text, year", [
    ("Từ đầu năm đến nay, UBND huyện tiếp nhận 143 đơn khiếu nại, giảm 12 đơn so với năm 2012.", 2013),
    ("UBND huyện tiếp nhận 143 đơn khiếu nại, tăng 12 đơn so với cùng kỳ năm 2020.", 2021),
    ("UBND huyện tiếp nhận 143 đơn khiếu nại, tăng 12 đơn so với năm 2020.", None),   # any year before
])
def test_an_undated_text_compared_with_the_year_before_is_about_the_year_after(text, year):
    got = _one(_extract(text), 143.0)["period_start"]
    assert (None if pd.isna(got) else got) == year


@pytest.mark.parametrize("text, value, counted", [
    ("Năm 2021, trong 27 xã, phường của thành phố, chỉ 3 đơn vị có tỷ lệ hồ sơ trễ hạn trên 2%.", 27.0, True),
    ("Năm 2022, Bộ phận một cửa huyện và 21 xã, thị trấn đã tiếp nhận 5.000 hồ sơ.", 21.0, True),
    ("Trong năm 2022, huyện đã tập huấn cho 16 xã về phần mềm một cửa.", 16.0, False),
    ("Năm 2025, tỉnh giảm từ 129 xã, phường, thị trấn để thành lập mới 45 ĐVHC cấp xã.", 129.0, True),
    ("Năm 2025, tỉnh giảm từ 129 xã, phường, thị trấn để thành lập mới 45 ĐVHC cấp xã.", 45.0, True),
])
def test_words_right_before_a_count_of_communes_state_it(text, value, counted):
    # "trong {n}", "huyện và {n}" (catalog stated_with) state the count only right before it
    assert (_one(c := _extract(text), value)["indicator"] == "communes_count") is counted, c


@pytest.mark.parametrize("text, window", [
    ("Trong 5 tháng đầu năm 2017, huyện tiếp nhận 1.000 hồ sơ.", ("2017-01-01", "2017-05-31")),
    ("10 tháng năm 2019, huyện tiếp nhận 1.000 hồ sơ.", ("2019-01-01", "2019-10-31")),
    ("Tính đến cuối tháng 5 năm 2017, huyện tiếp nhận 1.000 hồ sơ.", ("2017-01-01", "2017-05-31")),
    ("Đến hết tháng 9/2020, huyện tiếp nhận 1.000 hồ sơ.", ("2020-01-01", "2020-09-30")),
])
def test_the_first_months_of_a_year_and_the_year_to_the_end_of_a_month_are_windows(text, window):
    r = _one(_extract(text), 1000.0)
    assert (r["period_start"], r["period_end"], r["date_start"], r["date_end"]) == (int(window[0][:4]),) * 2 + window


def test_a_part_that_names_more_of_the_counted_noun_keeps_its_own_indicator():
    c = _extract("Năm 2023, cấp xã đã tiếp nhận 1.610 hồ sơ (gồm 1.475 hồ sơ trực tuyến và 135 hồ sơ trực tiếp).")
    assert _one(c, 1610.0)["indicator"] == "dossiers_received"
    assert _one(c, 1475.0)["indicator"] == "online_dossiers"
    assert _one(c, 135.0)["indicator"] != "dossiers_received"


def test_a_unit_is_no_letter_and_a_count_whose_parts_add_up_to_it_is_their_whole():
    c = _extract("Đầu năm 2020, huyện được công nhận là thị xã, với 15 đơn vị hành chính gồm 7 xã, 8 phường.")
    assert _one(c, 15.0)[["indicator", "level"]].tolist() == ["communes_count", "commune"]
    c = _extract("Năm 2022, các đơn vị có tỷ lệ hồ sơ giải quyết trực tuyến đạt từ 60% trở lên gồm: xã A 70,74%.")
    assert _one(c, 70.74)["indicator"] == "online_dossiers_pct"
    c = _extract("Năm 2022, huyện có 16 đơn vị, gồm 7 xã và 8 phường.")   # 7 + 8 is not 16: no whole
    assert _one(c, 16.0)["indicator"] != "communes_count"


def test_parts_given_after_the_counted_noun_and_a_semicolon_are_parts():
    c = _extract("Năm 2017, UBND thành phố và UBND 17 phường, xã tiếp nhận 116.383 hồ sơ thủ tục hành chính; trong đó "
                 "thuộc thẩm quyền của UBND thành phố có 63.273 hồ sơ, thuộc thẩm quyền của UBND các xã, phường có "
                 "53.110 hồ sơ.")
    assert _one(c, 63273.0)[["indicator", "level"]].tolist() == ["dossiers_received", "district"]
    assert _one(c, 53110.0)[["indicator", "level"]].tolist() == ["dossiers_received", "commune"]


def test_a_headlines_goal_is_not_the_goal_of_the_text_under_it():
    c = _extract("Năm 2021, chỉ số PAR INDEX của tỉnh đạt 87,61 điểm.", level="province", document_year=2022,
                 title="Phấn đấu đến năm 2025, tỉnh trong nhóm có chỉ số CCHC cao nhất nước")
    assert _one(c, 87.61)[["indicator", "kind", "period_start"]].tolist() == ["par_index_score", "actual", 2021]


def test_a_sentence_opening_with_trong_do_takes_its_wholes_level():
    c = _extract("Năm 2019, Bộ phận một cửa của UBND huyện và UBND 11 xã, thị trấn đã tiếp nhận 43.000 hồ sơ. "
                 "Trong đó, tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,7%.")
    assert _one(c, 43000.0)["level"] == "district_and_commune"
    assert _one(c, 98.7)[["indicator", "level"]].tolist() == ["dossiers_on_time_pct", "district_and_commune"]


@pytest.mark.parametrize("text, value, slugs", [
    ("Năm 2017, cấp xã đã tiếp nhận và giải quyết đúng hẹn 34.365 hồ sơ.", 34365.0,
     ["dossiers_received", "dossiers_on_time"]),
    ("Năm 2017, huyện giải quyết đúng hạn 1.200 hồ sơ.", 1200.0, ["dossiers_on_time"]),
    ("Năm 2020, huyện tiếp nhận 6.192 hồ sơ, trong đó đã giải quyết trước hạn 3.807 hồ sơ, giải quyết đúng hạn "
     "754 hồ sơ.", 754.0, ["dossiers_on_time_only"]),
])
def test_resolved_on_time_named_with_its_verb(text, value, slugs):
    c = _extract(text)
    assert sorted(c.loc[c["value"] == value, "indicator"]) == sorted(slugs), c[["indicator", "value"]]


def test_a_list_of_fields_gives_each_fields_figure_not_the_total():
    c = _extract("Năm 2019, huyện tiếp nhận 43.000 hồ sơ. Các lĩnh vực tiếp nhận và giải quyết hồ sơ nhiều như: "
                 "Hành chính tư pháp: trên 33 nghìn hồ sơ; tài nguyên và môi trường: trên 5.600 hồ sơ.")
    assert _one(c, 43000.0)["indicator"] == "dossiers_received"
    assert _one(c, 33000.0)["indicator"] == "" and _one(c, 5600.0)["indicator"] == ""


def test_a_bare_number_that_counts_a_noun_is_no_score():
    c = _extract("Năm 2023, chỉ số CCHC trung bình của cả 3 cấp đạt 87,602/100 điểm.", level="province")
    assert not ((c["value"] == 3.0) & (c["indicator"] != "")).any()   # "3 cấp" counts levels: no figure at all
    assert _one(c, 87.602)["indicator"] == "par_index_score"


def test_a_year_compared_with_so_cung_ky_dates_nothing_after_it():
    c = _extract("Năm 2020, toàn huyện tiếp 626 lượt công dân (giảm 59 lượt so cùng kỳ năm 2019). "
                 "Toàn huyện tiếp nhận 258 đơn thư của công dân.")
    assert _one(c, 258.0)[["indicator", "period_start"]].tolist() == ["complaints_received", 2020]


def test_a_figure_stating_two_facts_still_has_its_parts():
    c = _extract("Năm 2023, toàn huyện đã tiếp nhận và giải quyết 41.484 hồ sơ TTHC (trong đó cấp huyện là "
                 "12.932 hồ sơ, cấp xã là 28.552 hồ sơ).")
    assert sorted(c.loc[c["value"] == 41484.0, "indicator"]) == ["dossiers_received", "dossiers_resolved"]
    assert _one(c, 12932.0)[["indicator", "level"]].tolist() == ["dossiers_received", "district"]
    assert _one(c, 28552.0)[["indicator", "level"]].tolist() == ["dossiers_received", "commune"]


def test_competence_to_resolve_is_not_resolving():
    c = _extract("Năm 2017, tổng số hồ sơ toàn huyện đã tiếp nhận là 65.040 hồ sơ, trong đó thuộc thẩm quyền cấp huyện "
                 "là 1.955 hồ sơ, thuộc thẩm quyền giải quyết cấp xã 63.085 hồ sơ.")
    assert _one(c, 65040.0)[["indicator", "level"]].tolist() == ["dossiers_received", "district_and_commune"]
    assert _one(c, 63085.0)[["indicator", "level"]].tolist() == ["dossiers_received", "commune"]


def test_a_level_word_right_before_another_figure_is_that_figures_level():
    c = _extract("Năm 2020, toàn huyện tiếp nhận 5.000 hồ sơ, riêng cấp xã 3.000 hồ sơ.")
    assert _one(c, 5000.0)["level"] == "district_and_commune"


def test_complaints_resolved_with_giai_quyet_xong():
    c = _extract("Năm 2020, toàn huyện đã giải quyết xong 242/258 đơn kiến nghị, phản ánh (đạt 93,7%), trong đó "
                 "UBND huyện giải quyết xong 68/74 đơn (đạt 91,8%), UBND các xã giải quyết xong 174/184 đơn.")
    assert _one(c, 242.0)["indicator"] == "complaints_resolved"
    assert _one(c, 68.0)[["indicator", "level"]].tolist() == ["complaints_resolved", "district"]


def test_commune_civil_servants_are_commune_officials_where_the_text_states_their_number():
    c = _extract("Năm 2020, huyện hiện có 143 công chức xã. Năm 2020, đã cử 36 công chức cấp xã tham gia bồi dưỡng.")
    assert _one(c, 143.0)[["indicator", "level"]].tolist() == ["commune_officials_count", "commune"]
    assert _one(c, 36.0)["indicator"] == "training_participants"


def test_the_levels_of_the_parts_after_trong_do_are_not_the_wholes():
    c = _extract("Năm 2020, toàn huyện tiếp nhận 258 đơn thư, trong đó UBND huyện tiếp nhận 93 đơn.")
    assert _one(c, 258.0)[["indicator", "level"]].tolist() == ["complaints_received", "district_and_commune"]
    assert _one(c, 93.0)["level"] == "district"


def test_a_number_glued_to_its_noun_is_read_and_complaints_to_resolve_are_not_resolved():
    c = _extract("Năm 2013, tiếp nhận tổng số 143đơn, tổng số đơn phải giải quyết là 150đơn, đã giải quyết xong 137đơn.")
    got = dict(zip(c["value"], c["indicator"]))
    assert got == {143.0: "complaints_received", 150.0: "", 137.0: "complaints_resolved"}, c
    assert quantities("Nghị quyết 30c/NQ-CP, mạng 4G") == []   # a code is no number


def test_a_share_after_a_rank_keeps_its_label():
    c = _extract("Tỉnh vừa công bố Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính "
                 "nhà nước (SIPAS) năm 2023. Theo đó, huyện đứng thứ nhất với tỷ lệ hài lòng đạt 86,91%.")
    assert _one(c, 86.91)["indicator"] == "satisfaction_pct"


@pytest.mark.parametrize("text, value", [
    ("Năm 2022, huyện có diện tích tự nhiên 292,6 km²; dân số 155.400 người.", 29260.0),
    ("Năm 2022, huyện rộng 292,6 km2, dân số hơn 150.000 người.", 29260.0),
    ("Năm 2022, huyện có diện tích hơn 500 km vuông.", 50000.0),
])
def test_an_area_in_square_kilometres_however_written_is_hectares(text, value):
    assert _one(_extract(text), value)["indicator"] == "area_ha"


def test_a_quota_of_civil_servants_is_no_count_of_civil_servants():
    c = _extract("Biên chế công chức năm 2022: 88 người. Năm 2022, huyện hiện có 80 công chức.")
    assert _one(c, 88.0)["indicator"] != "civil_servants_count"
    assert _one(c, 80.0)["indicator"] == "civil_servants_count"


@pytest.mark.parametrize("text", ["Năm 2021, tổng số biên chế của huyện là 95.",
                                  "Năm 2021, tổng số biên chế được giao: 95 người."])
def test_the_total_of_positions_is_the_staff_quota(text):
    assert _one(_extract(text), 95.0)["indicator"] == "staff_quota"


@pytest.mark.parametrize("text, values", [
    ("Năm 2022, tỷ lệ hài lòng đạt mức 95%.", [95.0]),
    ("Năm 2022, có 120 dịch vụ công trực tuyến mức độ 3 và 85 dịch vụ công trực tuyến mức độ 4.", [120.0, 85.0]),
    ("Năm 2022, hồ sơ qua dịch vụ công trực tuyến mức độ 3,4 đạt tỷ lệ 19,5%.", [19.5]),
    ("Năm 2022, dịch vụ công mức độ 3, 4 đạt 120 dịch vụ.", [120.0]),
])
def test_the_levels_of_online_services_are_no_figures_and_a_figure_after_mức_is(text, values):
    assert _extract(text)["value"].tolist() == values


def test_a_window_written_with_dashes_spans_its_years():
    c = _extract("Từ ngày 5-12-2020 đến 15-11-2021, bộ phận một cửa thị xã đã tiếp nhận 7.604 hồ sơ, trong đó có "
                 "326 hồ sơ kỳ trước chuyển sang, 7.278 nhận mới.")
    r = _one(c, 7278.0)
    assert r[["indicator", "period_start", "period_end", "date_start", "date_end"]].tolist() == [
        "dossiers_received", 2020, 2021, "2020-12-05", "2021-11-15"]
    assert _one(c, 7604.0)["indicator"] == "dossiers_total"


def test_a_topic_with_a_comma_of_its_own_names_the_dossiers_counted():
    c = _extract("Năm 2021, đối với việc tiếp nhận, giải quyết hồ sơ thủ tục hành chính trực tuyến, UBND thành phố "
                 "đã tiếp nhận 2.100 hồ sơ, đạt 32,58%.")
    assert _one(c, 2100.0)["indicator"] == "online_dossiers"
    assert _one(c, 32.58)["indicator"] == "online_dossiers_pct"


def test_a_rank_between_an_index_and_its_score_keeps_the_score_the_indexs():
    c = _extract("Năm 2022, chỉ số CCHC của huyện xếp thứ 3 trong khối huyện, đạt 88,12%.")
    assert _one(c, 3.0)["indicator"] == "par_index_rank"
    assert _one(c, 88.12)["indicator"] == "par_index_score"


@pytest.mark.parametrize("text, value, slug", [
    ("Quý I/2023, bộ phận một cửa huyện đã tiếp nhận tổng số hơn 700 hồ sơ, trong đó tiếp nhận trực tuyến "
     "mức độ 3-4 là 568 hồ sơ.", 568.0, "online_dossiers"),
    ("Quý I/2023, bộ phận một cửa huyện đã tiếp nhận tổng số hơn 700 hồ sơ, trong đó tiếp nhận trực tuyến "
     "mức độ 3-4 là 568 hồ sơ.", 700.0, "dossiers_received"),
    ("Quý I/2023, số hồ sơ hiện đang tiếp tục giải quyết là hơn 100 hồ sơ.", 100.0, "dossiers_pending"),
])
def test_online_and_pending_dossiers_named_before_their_figure(text, value, slug):
    assert _one(_extract(text), value)["indicator"] == slug


def test_a_goal_stated_after_a_period_leaves_it_the_period_of_the_sentences_after():
    c = _extract("Từ ngày 15-12-2022 đến 8-10-2023, UBND thành phố giải quyết gần 10.500 hồ sơ; tiếp nhận hồ sơ trực "
                 "tuyến đạt 69,6% (chỉ tiêu giao 45%). UBND cấp xã giải quyết hơn 68.000 hồ sơ.", document_year=2023)
    assert _one(c, 68000.0)[["period_start", "period_end", "date_start"]].tolist() == [2022, 2023, "2022-12-15"]


@pytest.mark.parametrize("text, value, slug", [
    ("Năm 2020, UBND quận có Chỉ số cải cách hành chính năm 2020 đạt cao nhất với tổng điểm 94,22 điểm.",
     94.22, "par_index_score"),
    ("Năm 2021, cấp huyện có 115 thủ tục hành chính thuộc 7 nhóm lĩnh vực.", 7.0, "tthc_fields_count"),
    ("Năm 2021, bộ phận khảo sát mức độ hài lòng với tổng số phiếu 721.", 721.0, "surveys_count"),
])
def test_scores_after_the_word_diem_fields_in_groups_and_survey_forms(text, value, slug):
    assert _one(_extract(text), value)["indicator"] == slug


def test_a_share_of_points_in_an_index_named_before_is_the_index_score():
    c = _extract("Kết quả Chỉ số CCHC năm 2022 được công bố. UBND huyện đứng đầu khối huyện với tỷ lệ điểm số "
                 "đạt 88,5%.", document_year=2023)
    assert _one(c, 88.5)["indicator"] == "par_index_score"


def test_the_pool_a_rank_is_counted_in_names_no_level_of_the_score():
    c = _extract("Năm 2022, chỉ số cải cách hành chính của huyện là 81,2%, xếp loại Khá, đứng thứ 3/9 huyện, "
                 "thị xã trên địa bàn tỉnh.", document_year=2023)
    assert _one(c, 81.2)[["indicator", "level"]].tolist() == ["par_index_score", "district"]


def test_satisfaction_measured_is_the_districts_and_a_goal_the_whole_districts():
    c = _extract("Năm 2022, tỷ lệ hài lòng của người dân đối với việc giải quyết thủ tục hành chính đạt 97,1%. "
                 "Phấn đấu năm 2025 tỷ lệ hài lòng đạt trên 95%.", document_year=2022)
    assert _one(c, 97.1)[["indicator", "level", "kind"]].tolist() == ["satisfaction_pct", "district", "actual"]
    assert _one(c, 95.0)[["level", "kind"]].tolist() == ["district_and_commune", "target"]


def test_points_no_phrasing_claims_in_a_ranking_of_the_index_are_its_scores():
    c = _extract("Năm 2022, UBND tỉnh công bố Chỉ số cải cách hành chính của các huyện. Đối với cấp huyện, UBND "
                 "huyện A xếp thứ nhất với 88,94 điểm; thứ hai là UBND huyện B 88,58 điểm.", document_year=2023)
    assert _one(c, 88.94)["indicator"] == "par_index_score"
    assert _one(c, 88.58)["indicator"] == "par_index_score"
    # no index named: points are left unlabelled (no catch-all)
    c = _extract("Năm 2022, đội bóng của huyện đạt 12 điểm.", document_year=2023)
    assert _one(c, 12.0)["indicator"] == ""


def test_the_parts_of_an_index_score_are_component_scores():
    c = _extract("Kết quả Chỉ số CCHC năm 2021 của huyện: điểm tài liệu kiểm chứng được 62,88 điểm, điểm điều tra "
                 "xã hội học đạt 24,42 điểm, tổng điểm là 95,44 điểm.", document_year=2022)
    assert _one(c, 62.88)["indicator"] == "par_index_component_score"
    assert _one(c, 24.42)["indicator"] == "par_index_component_score"
    assert _one(c, 95.44)["indicator"] == "par_index_score"


def test_the_bound_of_a_class_of_units_is_no_units_score():
    c = _extract("Năm 2021, theo Chỉ số CCHC, có 7 địa phương xếp loại tốt với tỷ lệ điểm số trên 80%; "
                 "Sở Tài nguyên và Môi trường xếp loại khá với tỷ lệ điểm số đạt dưới 76,61%.", document_year=2022)
    assert _one(c, 80.0)["indicator"] == ""
    assert _one(c, 76.61)[["indicator", "qualifier"]].tolist() == ["par_index_score", "less_than"]
    c = _extract("Năm 2021, trong 27 xã, phường của thành phố, chỉ 3 đơn vị có tỷ lệ hồ sơ trễ hạn trên 2%.",
                 document_year=2021)
    assert _one(c, 2.0)["indicator"] == ""


@pytest.mark.parametrize("text, value, sign, qualifier", [
    ("Chỉ số CCHC của tỉnh giảm nhẹ, gần 1 điểm so với năm 2021", 1.0, -1, "about"),
    ("Chỉ số PAR Index tăng hơn 3 điểm so với năm 2022", 3.0, 1, "more_than"),
])
def test_a_bound_or_adverb_between_the_verb_and_the_figure_keeps_the_change(text, value, sign, qualifier):
    q = next(q for q in quantities(text) if q.value == value)
    assert (q.change, q.qualifier) == (sign, qualifier)


def test_an_index_score_is_out_of_a_hundred():
    c = _extract("Một số lĩnh vực bị xếp hạng thấp trong Par Index 2012 đã tăng trong năm 2013.", document_year=2013)
    assert not (c["indicator"] == "par_index_score").any()


@pytest.mark.parametrize("text, value, slug", [
    ("Thực hiện Nghị định 108 về tinh giản biên chế, năm 2019 huyện đã giảm 23 biên chế.", 23.0, "staff_reduced"),
    ("Năm 2021 huyện được giao 88 biên chế (giảm 09 biên chế so với năm 2017).", 9.0, "staff_quota_cut_count"),
    ("Tính từ 2015 đến năm 2021 đã giảm 14 biên chế (Trong đó: tinh giản theo Nghị định số 108 là 5 người).",
     14.0, "staff_decrease_count"),
])
def test_positions_cut_are_streamlining_a_quota_fall_or_a_decrease_of_all_reasons(text, value, slug):
    assert _one(_extract(text, document_year=2021), value)["indicator"] == slug


@pytest.mark.parametrize("text, span", [
    ("Năm 2018 và quý I-2019, huyện đã tiếp nhận 472 đơn.", (2018, 2019, "2018-01-01", "2019-03-31")),
    ("Năm 2022 và 6 tháng đầu năm 2023, huyện đã tiếp nhận 472 đơn.", (2022, 2023, "2022-01-01", "2023-06-30")),
    ("Quý II-2020, huyện đã tiếp nhận 472 đơn.", (2020, 2020, "2020-04-01", "2020-06-30")),
])
def test_a_year_joined_to_the_opening_months_of_the_next_is_one_span(text, span):
    row = _one(_extract(text, document_year=2023), 472.0)
    assert tuple(row[["period_start", "period_end", "date_start", "date_end"]]) == span


def test_a_place_in_a_ranking_list_of_the_index_is_its_rank():
    c = _extract("Năm 2022, UBND tỉnh công bố Chỉ số cải cách hành chính. Đối với cấp huyện, UBND huyện A dẫn đầu "
                 "với 88,94 điểm; thứ hai là UBND huyện B 88,58 điểm; thứ ba là UBND huyện C 88,08 điểm.",
                 document_year=2023)
    assert _one(c, 2.0)["indicator"] == "par_index_rank"
    assert _one(c, 3.0)["indicator"] == "par_index_rank"
    c = _extract("Năm 2022, Chỉ số cải cách hành chính của huyện đạt 88,94 điểm; đây là lần thứ hai huyện đạt "
                 "trên 85 điểm.", document_year=2023)
    assert not (c["indicator"] == "par_index_rank").any()


def test_leading_in_the_index_named_before_is_first_but_one_of_the_leaders_is_not():
    c = _extract("Năm 2022, UBND tỉnh công bố Chỉ số cải cách hành chính. Ở cấp huyện, thị xã Hoà Thành là địa "
                 "phương dẫn đầu.", document_year=2023)
    assert _one(c, 1.0)["indicator"] == "par_index_rank"
    for text in ("Năm 2022, Chỉ số cải cách hành chính được công bố. Huyện là một trong những huyện dẫn đầu.",
                 "Năm 2022, Chỉ số cải cách hành chính được công bố. Huyện có điểm số tăng cao nhất."):
        assert not (_extract(text, document_year=2023)["indicator"] == "par_index_rank").any(), text


def test_a_share_of_the_people_asked_who_are_satisfied_is_the_satisfaction():
    c = _extract("Năm 2019, kết quả khảo sát có 97,4% người được lấy ý kiến rất hài lòng và hài lòng.",
                 document_year=2019)
    assert _one(c, 97.4)["indicator"] == "satisfaction_pct"


def test_a_share_that_must_be_reached_is_a_target_of_the_plan_its_lead_dates():
    c = _extract("Thực hiện Kế hoạch của UBND huyện về dịch vụ công trực tuyến năm 2025, UBND xã xây dựng kế hoạch. "
                 "Bên cạnh đó, tỷ lệ hồ sơ trực tuyến toàn trình phải đạt ít nhất 65% tại UBND cấp xã.")
    row = _one(c, 65.0)
    assert row[["indicator", "kind", "period_start", "qualifier"]].tolist() == [
        "online_dossiers_pct", "target", 2025, "at_least"]


def test_a_total_given_again_for_the_district_and_the_communes_is_both_levels_and_so_are_the_totals_after_it():
    c = _extract("Trong quý I/2025, tổng số hồ sơ tiếp nhận: 5.747 hồ sơ, trong đó cấp huyện tiếp nhận 775 hồ sơ, cấp xã "
                 "tiếp nhận 4.972 hồ sơ; tỷ lệ giải quyết đúng hạn đạt 99,85%. Hồ sơ quá hạn chỉ 8 hồ sơ.")
    assert _one(c, 5747.0)["level"] == "district_and_commune"
    assert _one(c, 775.0)["level"] == "district" and _one(c, 4972.0)["level"] == "commune"
    assert _one(c, 99.85)["level"] == "district_and_commune"
    assert _one(c, 8.0)["level"] == "district_and_commune"


def test_places_moved_between_and_their_years():
    c = _extract("Năm 2016, kết quả CCHC của các huyện đạt bình quân 84,05 điểm. Huyện A tăng 5,14 điểm, từ vị trí "
                 "thứ 9 vươn lên xếp thứ 3; huyện B từ vị trí thứ 5 của năm 2015 vươn lên vị trí thứ 1 của năm 2016; "
                 "huyện C giảm từ vị trí thứ 2 năm 2015 xuống vị trí thứ 7 năm 2016.", document_year=2017)
    got = {v: tuple(_one(c, v)[["indicator", "period_start"]]) for v in (9.0, 3.0, 5.0, 1.0, 2.0, 7.0)}
    assert got == {9.0: ("par_index_rank", 2015), 3.0: ("par_index_rank", 2016), 5.0: ("par_index_rank", 2015),
                   1.0: ("par_index_rank", 2016), 2.0: ("par_index_rank", 2015), 7.0: ("par_index_rank", 2016)}
    assert _one(c, 5.14)["indicator"] == "par_index_score_change"


def test_points_of_the_largest_rise_are_no_score():
    c = _extract("Năm 2016, Chỉ số CCHC được công bố. Huyện A là đơn vị có số điểm tăng cao nhất với 5,26 điểm.",
                 document_year=2017)
    assert _one(c, 5.26)["indicator"] != "par_index_score"


def test_a_provinces_ranking_of_its_agencies_and_districts():
    c = _extract("Năm 2019, UBND tỉnh công bố Chỉ số cải cách hành chính năm 2018. Đối với Ủy ban nhân dân các huyện, "
                 "thị xã, thành phố, xếp hạng Tốt có 4/8 đơn vị, dẫn đầu là Ủy ban nhân dân thành phố Đồng Hới với chỉ "
                 "số đạt được là 83,80.", level="province", document_year=2019)
    assert _one(c, 1.0)[["indicator", "level", "period_start"]].tolist() == ["par_index_rank", "district", 2018]
    assert _one(c, 83.8)[["indicator", "level"]].tolist() == ["par_index_score", "district"]
    c = _extract("Năm 2021, UBND tỉnh công bố Chỉ số CCHC. Đối với nhóm UBND các huyện, có 7 đơn vị xếp loại tốt, đứng "
                 "đầu là huyện Sa Thầy với trên 86 điểm.", level="province", document_year=2022)
    assert _one(c, 86.0)[["indicator", "level", "qualifier"]].tolist() == ["par_index_score", "district", "more_than"]


def test_points_beside_the_indexs_share_are_the_raw_total():
    c = _extract("Năm 2018, Chỉ số CCHC được công bố: Sở Nội vụ đạt 93,95 điểm, tỷ lệ chỉ số đạt 95,27%.",
                 level="province", document_year=2019)
    assert _one(c, 95.27)["indicator"] == "par_index_score"
    assert _one(c, 93.95)["indicator"] != "par_index_score"


def test_items_that_each_name_a_unit_after_a_labelled_lead_count_the_leads_indicator():
    c = _extract("Năm 2018, các huyện thực hiện tinh giản biên chế, trong đó huyện A là 07 người, gồm 02 công chức và "
                 "05 viên chức; huyện B 21 người; UBND thành phố C là 11 người.", level="province", document_year=2018)
    for v in (7.0, 21.0, 11.0, 2.0, 5.0):
        assert _one(c, v)["indicator"] == "staff_reduced", v
    assert _one(c, 21.0)["level"] == "district"


def test_a_flow_counted_to_a_day_is_the_year_so_far_and_a_stock_is_that_day():
    c = _extract("Tính đến ngày 30/11/2022, Bộ phận một cửa của huyện tiếp nhận 39.410 hồ sơ. Trong đó, có 36.103 hồ sơ "
                 "được giải quyết sớm và đúng hạn. Tính đến ngày 30/11/2022, huyện có 21 xã, thị trấn.")
    for v in (39410.0, 36103.0):
        assert tuple(_one(c, v)[["date_start", "date_end"]]) == ("2022-01-01", "2022-11-30"), v
    assert tuple(_one(c, 21.0)[["indicator", "date_start", "date_end"]]) == ("communes_count", "2022-11-30", "2022-11-30")


def test_procedures_online_by_level_and_the_wards_level():
    c = _extract("Năm 2021, UBND thành phố triển khai 43 thủ tục hành chính (TTHC) mức độ 3, 156 TTHC mức độ 4; cấp "
                 "phường thực hiện 61 TTHC mức độ 3.")
    assert _one(c, 43.0)[["indicator", "level"]].tolist() == ["online_services_level3_count", "district"]
    assert _one(c, 156.0)["indicator"] == "online_services_level4_count"
    assert _one(c, 61.0)[["indicator", "level"]].tolist() == ["online_services_level3_count", "commune"]
    c2 = _extract("Năm 2020, tỉnh cung ứng dịch vụ công mức độ 3 là 1.089 thủ tục.", level="province")
    assert _one(c2, 1089.0)["indicator"] == "online_services_level3_count"
    c = _extract("Năm 2019, Bộ phận một cửa quận Long Biên và các phường đã tiếp nhận 60.349 hồ sơ.")
    assert _one(c, 60349.0)["level"] == "district_and_commune"


def test_procedures_within_a_levels_competence_are_that_levels():
    c = _extract("Năm 2020, các xã, thị trấn niêm yết công khai 198 thủ tục hành chính được chuẩn hóa thuộc thẩm quyền "
                 "cấp huyện.")
    assert _one(c, 198.0)[["indicator", "level"]].tolist() == ["tthc_published_count", "district"]


def test_a_share_of_procedures_is_no_share_of_dossiers():
    c = _extract("Năm 2024, huyện có tỷ lệ thủ tục hành chính (TTHC) đủ điều kiện cung cấp trực tuyến toàn trình đạt "
                 "100%, hồ sơ tiếp nhận trực tuyến đạt 96%.")
    assert _one(c, 100.0)["indicator"] != "online_dossiers_pct"
    assert _one(c, 96.0)["indicator"] == "online_dossiers_pct"


def test_a_reports_labelled_lists_of_procedures_and_online_services():
    c = _extract("Năm 2023, tổng số TTHC thuộc thẩm quyền giải quyết của cấp huyện: 265 TTHC; cấp xã: 110 TTHC. "
                 "Số TTHC được cung cấp dịch vụ công trực tuyến toàn trình: 120 TTHC; một phần: 85 TTHC. "
                 "Số hồ sơ trực tuyến toàn trình: 3.500 hồ sơ, đạt 45%.")
    assert _one(c, 265.0)[["indicator", "level"]].tolist() == ["tthc_published_count", "district"]
    assert _one(c, 110.0)[["indicator", "level"]].tolist() == ["tthc_published_count", "commune"]
    assert _one(c, 120.0)["indicator"] == "online_services_full_count"
    assert _one(c, 85.0)["indicator"] == "online_services_partial_count"
    assert _one(c, 3500.0)["indicator"] == "online_dossiers"
    assert _one(c, 45.0)["indicator"] == "online_dossiers_pct"


def test_a_reports_one_stop_lines_with_parts_in_parentheses_and_labelled_counts():
    c = _extract("Năm 2023, tổng số hồ sơ tiếp nhận trong kỳ: 12.345 hồ sơ (trực tuyến: 4.000 hồ sơ; trực tiếp: 8.345 hồ "
                 "sơ). Số hồ sơ đang giải quyết: 455 hồ sơ (trong hạn 450, quá hạn 5). Số lượng thôn, tổ dân phố: 150. "
                 "Tổng số thành viên UBND cấp xã là: 130 thành viên.")
    assert _one(c, 12345.0)["indicator"] == "dossiers_received"
    assert _one(c, 450.0)["indicator"] == "dossiers_pending_on_time"
    assert _one(c, 5.0)["indicator"] == "dossiers_pending_late"
    assert _one(c, 150.0)["indicator"] == "villages_count"
    assert _one(c, 130.0)["indicator"] != "communes_count"


def test_a_rank_naming_no_level_before_it_is_of_the_peers_it_is_ranked_among():
    c = _extract("Theo bảng xếp hạng chỉ số CCHC năm 2019, Văn phòng Đoàn ĐBQH, HĐND và UBND tỉnh có tỷ lệ điểm số "
                 "98,88%, đứng đầu bảng xếp hạng khối các sở, ban, ngành tỉnh.", document_year=2020)
    assert _one(c, 98.88)["level"] == "province"
    assert _one(c, 1.0)[["indicator", "level"]].tolist() == ["par_index_rank", "province"]


@pytest.mark.parametrize("text, window", [
    ("Năm 2023, huyện cải thiện chất lượng. Quý III, huyện tiếp nhận 3.000 hồ sơ.", ("2023-07-01", "2023-09-30")),
    ("Năm 2023, huyện cải thiện chất lượng. 9 tháng đầu năm, huyện tiếp nhận 3.000 hồ sơ.", ("2023-01-01", "2023-09-30")),
    ("6 tháng cuối năm 2023, huyện tiếp nhận 3.000 hồ sơ.", ("2023-07-01", "2023-12-31")),
])
def test_a_window_stated_without_its_year_is_a_window_of_the_contexts_year(text, window):
    # a quarter's count must never pass for a year's (issue 8, deliver 1)
    row = _one(_extract(text, document_year=2023), 3000.0)
    assert (row["period_start"], row["date_start"], row["date_end"]) == (2023,) + window


def test_staff_of_a_kind_are_parts_of_a_count_of_positions():
    c = _extract("Năm 2017, tổng số biên chế của các cơ quan quận được giao là 73 người, trong đó công chức 68 người, "
                 "hợp đồng là 5 người.")
    assert [_one(c, v)["indicator"] for v in (73.0, 68.0, 5.0)] == ["staff_quota"] * 3
    c = _extract("Năm 2021, huyện hiện có 80 công chức.")   # a stock of staff stays a stock
    assert _one(c, 80.0)["indicator"] == "civil_servants_count"


def test_procedures_offered_as_online_services_are_services_not_procedures_published():
    c = _extract("Năm 2020, tỉnh thực hiện cung ứng dịch vụ công trực tuyến 3 cấp với 2.268 thủ tục gồm 1.833 thủ tục cấp "
                 "tỉnh, 301 thủ tục cấp huyện và 134 thủ tục cấp xã; mức độ 3 là 1.089 thủ tục.", level="province")
    assert _one(c, 2268.0)["indicator"] == "online_services_count"
    assert _one(c, 301.0)[["indicator", "level"]].tolist() == ["online_services_count", "district"]
    assert _one(c, 1089.0)["indicator"] == "online_services_level3_count"
    assert _one(_extract("Năm 2020, huyện công khai 265 thủ tục."), 265.0)["indicator"] == "tthc_published_count"


def test_an_arrangements_formula_gives_each_communes_area_and_population():
    c = _extract("Năm 2019, nhập toàn bộ 2,90 km2 diện tích tự nhiên, quy mô dân số 3.020 người của xã Hoằng Lý vào "
                 "phường Tào Xuyên; nhập toàn bộ 2,55 km2 diện tích tự nhiên và 8.194 người của phường An Hoạch.")
    assert _one(c, 290.0)["indicator"] == "area_ha" and _one(c, 255.0)["indicator"] == "area_ha"
    assert _one(c, 3020.0)["indicator"] == "population" and _one(c, 8194.0)["indicator"] == "population"
    c = _extract("Năm 2019, 15 người của xã tham gia lớp tập huấn.")   # people of a commune are no population
    assert _one(c, 15.0)["indicator"] != "population"


def test_a_phrasing_that_needs_more_words_after_the_figure_is_not_inside_a_longer_label():
    c = _extract("Năm 2017, UBND thành phố đã giải quyết 116.008 hồ sơ đúng hạn; đang giải quyết 375 hồ sơ.")
    assert _one(c, 116008.0)["indicator"] == "dossiers_on_time"
    assert _one(c, 375.0)["indicator"] == "dossiers_pending"


def test_named_units_shares_under_an_index_and_a_group_at_the_top_is_no_first_place():
    c = _extract("Năm 2024, các địa phương có chỉ số hài lòng cao nhất tập trung ở các quận. Đặc biệt là UBND xã Thạnh "
                 "Tiến (đạt 99,93%), UBND xã Thạnh Lợi (đạt 99,22%).")
    assert _one(c, 99.22)[["indicator", "level"]].tolist() == ["satisfaction_pct", "commune"]
    assert not c["indicator"].str.endswith("_rank").any()


def test_a_provinces_text_gives_the_districts_it_ranks_their_level():
    c = _extract("Năm 2022, UBND tỉnh công bố Chỉ số CCHC. Đứng đầu là huyện Sa Thầy với 86,5 điểm. Thị xã Ayun Pa "
                 "xếp thứ 2. UBND phường Bùi Hữu Nghĩa, quận Bình Thủy có tỷ lệ hài lòng 86,2%.", level="province",
                 document_year=2023)
    assert _one(c, 86.5)[["indicator", "level"]].tolist() == ["par_index_score", "district"]
    assert _one(c, 2.0)[["indicator", "level"]].tolist() == ["par_index_rank", "district"]
    assert _one(c, 86.2)["level"] == "commune"
    c = _extract("Năm 2022, thành phố Cần Thơ đạt 86,5 điểm Chỉ số CCHC.", level="province", document_year=2023)
    assert _one(c, 86.5)["level"] == "province"   # a city of province rank is a province


# a ranking table copied from a web page or a PDF: one cell per line, a header cell wrapped over lines
_FLAT_TABLE = """Năm 2017, UBND tỉnh công bố kết quả Chỉ số CCHC của UBND các huyện, thị xã.

STT

HUYỆN, THỊ XÃ,

THÀNH PHỐ

Điểm
thẩm định (65)

Tổng điểm

(100)

Chỉ số (%)

Xếp hạng

1

Huyện Đông

51,75

84,58

84,58%

1

2

Thị xã Tây

48,75

82,00

82,00%

2

Giá trị trung bình của các huyện là 83,29%.
"""


def test_a_table_flattened_one_cell_per_line_is_read_back_as_rows():
    lines = list(unflatten_tables(_FLAT_TABLE.splitlines()))
    assert "STT | HUYỆN, THỊ XÃ, THÀNH PHỐ | Điểm thẩm định (65) | Tổng điểm (100) | Chỉ số (%) | Xếp hạng" in lines
    assert "Huyện Đông – Tổng điểm (100): 84,58." in lines and "Thị xã Tây – Xếp hạng: 2." in lines
    assert lines[-1] == "Giá trị trung bình của các huyện là 83,29%."   # what follows the table is unchanged
    # a header that does not give one column per cell of a row, and lines that are no table, pass unchanged
    odd = ["STT", "Đơn vị", "1", "Huyện Đông", "84,58", "2", "Thị xã Tây", "82,00"]
    assert list(unflatten_tables(odd)) == odd
    prose = ["STT", "1", "Một dòng."]
    assert list(unflatten_tables(prose)) == prose


def test_a_ranking_tables_cells_are_the_index_score_and_rank_of_each_row():
    c = _extract(_FLAT_TABLE, level="province", document_year=2018)
    scores = c[c["indicator"] == "par_index_score"]
    assert sorted(scores["value"]) == [82.0, 84.58]   # "Tổng điểm" and "Chỉ số (%)" of a row are one fact
    assert set(scores["level"]) == {"district"} and set(scores["period_start"]) == {2017}
    ranks = c[c["indicator"] == "par_index_rank"]
    assert sorted(ranks["value"]) == [1.0, 2.0]
    assert not c[c["value"] == 51.75]["indicator"].isin(["par_index_score"]).any()   # a sub-score is no score


def test_from_a_count_to_another_is_no_lower_bound_and_the_planned_count_is_a_target():
    c = _extract("Năm 2025, theo đề án, từ 104 đơn vị hành chính cấp xã (9 phường, 10 thị trấn và 85 xã) ban đầu, "
                 "sau khi sắp xếp, tỉnh dự kiến sẽ còn 41 đơn vị. Phấn đấu tỷ lệ hồ sơ trực tuyến đạt từ 90% đến năm 2026.",
                 level="province", document_year=2025)
    first = _one(c, 104.0)
    assert first["indicator"] == "communes_count" and not first["qualifier"]   # "từ 104 … còn 41": a change
    assert _one(c, 41.0)["kind"] == "target"                                    # "dự kiến sẽ còn"
    assert _one(c, 90.0)["qualifier"] == "at_least"                             # "đạt từ 90% đến năm 2026"


def test_the_development_set_is_also_scored_on_the_pages_that_show_a_date(tmp_path):
    from cchc_analysis.extract.evaluate import evaluate_devset
    fact = {"indicator": "communes_count", "level": "commune", "period_start": 2024, "period_end": 2024,
            "value": 17, "kind": "actual"}
    passages = [{"id": "dated", "split": "dev", "published": "2024-05-01", "district": "A", "title": None,
                 "text": "Huyện có 17 xã.", "facts": [fact]},
                {"id": "undated", "split": "dev", "published": None, "district": "B", "title": None,
                 "text": "Huyện có 17 xã.", "facts": [fact]}]
    import yaml
    path = tmp_path / "set.yaml"
    path.write_text(yaml.safe_dump(passages, allow_unicode=True), encoding="utf-8")
    table = evaluate_devset(path)
    assert table.loc["all", ["facts", "found"]].tolist() == [2, 1]   # the page with no date gives no year
    dated = table.attrs["dated"]
    assert (dated["passages"], dated["of"], dated["facts"], dated["found"]) == (1, 2, 1, 1)
    assert "passages that show a date (1 of 2): 1 facts, 1 candidates, 1 found, recall 100.0%" in format_score(
        table, "demo")


# a table as a PDF's text layer gives it: one line per row under a header of years wrapped over two lines,
# a row's label sometimes on the line above its figures
_YEAR_TABLE = """Dân số trung bình phân theo huyện
ĐVT: Người
13
2019 2020
2021
Huyện Đông
Dong district 54.494 54.985 55.100
Huyện Tây 96.861 97.783 99.633
Nguồn: Cục Thống kê.
"""


def test_a_table_of_year_columns_laid_out_in_spaces_is_read_back_as_rows():
    lines = list(year_column_tables(_YEAR_TABLE.splitlines()))
    assert "Dân số trung bình phân theo huyện ĐVT: Người – Huyện Đông Dong district – năm 2020: 54.985." in lines
    assert "Dân số trung bình phân theo huyện ĐVT: Người – Huyện Tây – năm 2021: 99.633." in lines
    assert lines[-1] == "Nguồn: Cục Thống kê."
    prose = ["Năm 2021 2022 là hai năm khó khăn.", "Huyện có 17 xã 3 thị trấn."]   # no header, no table
    assert list(year_column_tables(prose)) == prose


def test_each_figure_of_a_year_column_table_has_its_caption_indicator_row_and_year():
    c = _extract(_YEAR_TABLE, document_year=2022)
    pop = c[c["indicator"] == "population"]
    assert len(pop) == 6 and set(pop["period_start"]) == {2019, 2020, 2021}
    assert pop.loc[pop["value"] == 97783.0, "period_start"].tolist() == [2020]


def test_a_province_named_in_its_own_text_is_the_province_level_but_not_as_an_address():
    c = _extract("Năm 2025, tỉnh Bắc Ninh mới có diện tích tự nhiên 4.718,6 km² và dân số hơn 3,6 triệu người. "
                 "Huyện Lục Ngạn, tỉnh Bắc Giang có diện tích 1.012 km2.", level="province", document_year=2025)
    assert _one(c, 471860.0)["level"] == "province" and _one(c, 3600000.0)["level"] == "province"
    assert _one(c, 101200.0)["level"] == "district_and_commune"   # the district's address names the province


def test_items_that_name_only_a_level_take_the_share_before_them_at_their_own_level():
    c = _extract("9 tháng năm 2022, tỷ lệ thủ tục hành chính được giải quyết đúng hạn của các cơ quan chuyên môn cấp "
                 "tỉnh đạt 99,74%; tại UBND cấp huyện đạt 99,33%; tại UBND cấp xã đạt 99,73%.", level="province",
                 document_year=2022)
    got = c.set_index("value")[["indicator", "level"]]
    assert got.loc[99.74].tolist() == ["dossiers_on_time_pct", "province"]   # TTHC resolved: dossiers
    assert got.loc[99.33].tolist() == ["dossiers_on_time_pct", "district"]
    assert got.loc[99.73].tolist() == ["dossiers_on_time_pct", "commune"]
    c = _extract("Năm 2022, tỷ lệ TTHC đủ điều kiện cung cấp trực tuyến đạt 100%; cấp xã đạt 98%.")
    assert not c["indicator"].str.startswith("dossiers").any()   # procedures, and so the item after them


def test_a_figure_is_not_unlike_its_phrasing_for_the_words_of_the_next_item():
    c = _extract("Năm 2022, cấp tỉnh đạt 92,38% (đã giải quyết 20.482/27.090 hồ sơ, đang giải quyết trong hạn "
                 "6.608 hồ sơ).", level="province", document_year=2022)
    assert _one(c, 20482.0)["indicator"] == "dossiers_resolved"
    assert _one(c, 6608.0)["indicator"] == "dossiers_pending_on_time"


def test_a_table_row_of_empty_cells_is_skipped_not_a_crash():
    c = _extract("Năm 2020, huyện có 17 xã.\n\n| |||\n\nDân số 62.119 người.")
    assert _one(c, 17.0)["indicator"] == "communes_count" and _one(c, 62119.0)["indicator"] == "population"


def test_no_piece_of_a_real_text_makes_the_extractor_raise():
    """Cut, shuffled and re-broken pieces of the development set's texts (seeded): candidates, never a traceback."""
    import random

    from cchc_analysis.extract.evaluate import load_devset

    rng = random.Random(2026)
    passages = rng.sample(load_devset(), 40)
    for p in passages:
        text = p["text"]
        a, b = sorted(rng.randrange(len(text) + 1) for _ in range(2))
        lines = text.splitlines()
        rng.shuffle(lines)
        for piece in (text[a:b], "\n".join(lines), text.replace(" ", "\n"), text.replace(".", "|"), "| |||\n" + text):
            for level in ("district", "province"):
                out = _extract(piece, level=level, document_year=rng.choice([None, 2020]), title=p.get("title"))
                assert list(out.columns)[:3] == ["fact_id", "district_code", "indicator"]


def test_procedures_counted_in_a_sentence_about_offering_them_online_or_by_post_are_not_the_published():
    c = _extract("Năm 2020, tỉnh thực hiện cung ứng dịch vụ công trực tuyến 3 cấp với 2.268 thủ tục. Năm 2020, "
                 "cung cấp dịch vụ công trực tuyến mức độ 4 đối với 450 thủ tục. Năm 2020, có 155 thủ tục được "
                 "tiếp nhận qua dịch vụ bưu chính công ích. Năm 2020, huyện công khai 265 thủ tục hành chính.",
                 level="province", document_year=2020)
    assert _one(c, 2268.0)["indicator"] == "online_services_count"
    assert _one(c, 450.0)["indicator"] == "online_services_level4_count"
    assert _one(c, 155.0)["indicator"] == ""
    assert _one(c, 265.0)["indicator"] == "tthc_published_count"
