"""Every word a reader sees, in Vietnamese and English: one module, so translations stay together.

Sections: :data:`TEXT` (district reports), target bases and rule names, units and qualifiers,
contradiction flags, :data:`COMPARATIVE_WORDS` and :data:`COMPARATIVE_PAPI_WORDS` (comparative
report), :data:`PLOT_LABELS` and :data:`PLOT_UNITS` (figures), :data:`FOOTER_WORDS` and
:data:`INDEX_STATUS_VI` (page footer, index), and the province and national pages
(:data:`TOTAL_NAMES`, :data:`TIERS`, :data:`PROVINCE_WORDS`, ...). Other modules hold no reader
words; they take them from here (a test checks this). Data strings (names of districts,
provinces, sources, quotes) come from data/ and are escaped where they are shown.
"""

TEXT = {
    "vi": {
        "title": "Cải cách hành chính huyện {name} ({province}), {start}–{end}",
        "then_now": "{full_name}, tỉnh {province} (mã ĐVHC {code}). Từ ngày 1/7/2025 cấp huyện không còn; "
                    "địa bàn nay thuộc {province_2025}, gồm các xã, phường: {communes}.",
        "documents": "Tài liệu sử dụng",
        "summary": "Tóm tắt",
        "summary_cover": "Báo cáo dựa trên {n} số liệu từ {docs} tài liệu của huyện về giai đoạn {start}–{end}; các số liệu rơi vào các năm {first}–{last}.",
        "headline": "Các số liệu chính (số gần nhất):",
        "peer_above": "cao hơn trung vị {median} của {n} huyện so sánh được",
        "peer_below": "thấp hơn trung vị {median} của {n} huyện so sánh được",
        "peer_at": "bằng trung vị {median} của {n} huyện so sánh được",
        "contents": "Mục lục",
        "trend_note": "Đường xu hướng và khoảng dự báo chỉ được vẽ khi số liệu ủng hộ một chiều hướng (khoảng tin cậy 95% của mức thay đổi mỗi năm không chứa 0); các chuỗi khác chỉ có điểm số liệu: không có xu hướng đáng tin cậy.",
        "all_reports": "Tất cả các báo cáo",
        "province_short": "Bối cảnh cấp tỉnh: {province}",
        "appendix_short": "Phụ lục: mọi số liệu kèm nguồn",
        "show_table": "Xem bảng ({n} dòng)",
        "vintage": "Dữ liệu: {n} số liệu từ {docs} tài liệu ({first}–{last}); phiên bản dữ liệu {digest}.",
        "no_data": "Không có số liệu.",
        "coverage": "Độ phủ dữ liệu",
        "counts_caption": "Số số liệu trong mỗi ô (một số liệu cho cả một giai đoạn nhiều năm được tính một lần, ở cột «Nhiều năm», không tính vào từng năm)",
        "targets_caption": "Số mục tiêu trong mỗi ô",
        "source_github": "dữ liệu công khai trên GitHub ({repo})",
        "targets_later": "Ngoài ra có {n} mục tiêu cho các năm sau {end}, ngoài phạm vi báo cáo, không được đánh giá ở đây.",
        "flags_caption": "Số chỗ mâu thuẫn trong mỗi ô",
        "appendix": "Phụ lục: mọi số liệu trong báo cáo, kèm nguồn và trích dẫn",
        "sources": "Nguồn",
        "doc_number": "số {number}", "moha": "Bộ Nội vụ", "differs": {"level": "khác cấp: ", "period": "khác kỳ: ", "sep": " / "},
        "reference_sources": "PAPI (CECODES, VFF-CRT, RTA, UNDP), PAR INDEX (Bộ Nội vụ), SIPAS, PCI (VCCI): số liệu đã công bố của các tổ chức này, nguồn của từng số ghi trong dữ liệu tham chiếu đi kèm.",
        "synthetic": "DỮ LIỆU MÔ PHỎNG",
        "kind": {"actual": "thực tế", "target": "mục tiêu", "baseline": "mốc cơ sở"},
        "coverage_text": "{n} số liệu về huyện trong {start}–{end}; năm có số liệu: {years}. Năm không có số liệu nào: {gaps}.",
        "key": "Các chỉ tiêu chính",
        "key_text": "Giá trị thực tế gần nhất của mỗi chỉ tiêu chính, xu hướng (khi có ít nhất 3 năm), trung vị của các huyện có cùng số liệu so sánh được (cùng cấp, cùng kỳ), mục tiêu và mức độ đạt.",
        "trend_none": "chưa đủ số liệu (n={n})",
        "trend_slope": "{slope}/năm (n={n})",
        "trend_up": "tăng {slope} mỗi năm (khoảng tin cậy 95%: {lo} đến {hi}; {n} năm số liệu)",
        "trend_down": "giảm {slope} mỗi năm (khoảng tin cậy 95%: {lo} đến {hi}; {n} năm số liệu)",
        "trend_unreliable": "không có xu hướng đáng tin cậy ({n} năm số liệu)",
        "contradicted": "(⚠ tài liệu ghi khác nhau)",
        "n_districts": "{n} huyện",
        "no_area_data": "Các tài liệu không có số liệu nào về lĩnh vực này trong giai đoạn.",
        "area_text": "{n} số liệu. Biểu đồ chỉ vẽ các chỉ tiêu có số liệu theo năm; các số liệu cả kỳ (ví dụ tổng 2017–2021) nằm trong bảng.",
        "targets": "Mức độ đạt mục tiêu",
        "targets_text": "{n} mục tiêu: {counts}. «Chưa đủ căn cứ» nghĩa là tài liệu không báo cáo số thực tế để so sánh.",
        "province": "Bối cảnh cấp tỉnh: {province}",
        "papi_text": "PAPI (CECODES, VFF-CRT, RTA, UNDP). Từ 2018 PAPI có 8 chỉ số nội dung thay vì 6: không so sánh điểm tổng qua mốc 2018, chỉ so sánh từng chỉ số nội dung. Hạng: trong số các tỉnh có điểm năm đó.",
        "indices_text": "Các chỉ số công bố khác (PAR INDEX – Bộ Nội vụ, SIPAS, PCI – VCCI), theo nguồn đã ghi.",
        "flags": "Những chỗ tài liệu mâu thuẫn",
        "flags_none": "Không phát hiện mâu thuẫn nào giữa các số liệu của huyện.",
        "flags_text": "Số liệu được ghi đúng như tài liệu, không sửa. Các chỗ sau không khớp nhau:",
        "status": {"met": "đạt", "on track": "đúng hướng", "off track": "chưa đúng hướng", "no data to judge": "chưa đủ căn cứ"},
        "level_names": {"district": "cấp huyện", "commune": "cấp xã", "district_and_commune": "huyện và xã"},
        "cols": {"fact_id": "Mã", "indicator": "Chỉ tiêu", "scope": "Phạm vi", "level": "Cấp", "period": "Thời kỳ",
                 "value": "Giá trị", "kind": "Loại", "source": "Nguồn", "quote": "Trích dẫn", "note": "Ghi chú của người biên soạn (tiếng Anh)",
                 "area": "Lĩnh vực", "year": "Năm", "n_facts": "Số liệu", "latest": "Gần nhất",
                 "trend": "Xu hướng", "peer_median": "Trung vị các huyện", "target": "Mục tiêu",
                 "status": "Đánh giá", "gap": "Chênh lệch", "basis": "Căn cứ", "rule": "Loại",
                 "message": "Nội dung", "quotes": "Trích dẫn", "dimension": "Chỉ số", "score": "Điểm",
                 "median": "Trung vị toàn quốc", "rank": "Hạng", "index": "Chỉ số",
                 "multi_year": "Nhiều năm"},
    },
    "en": {
        "title": "Administrative reform in {name} district ({province}), {start}–{end}",
        "then_now": "{full_name}, {province} province (GSO code {code}). Districts were abolished on 1 July 2025; "
                    "the territory now belongs to {province_2025}, in the communes and wards: {communes}.",
        "documents": "Documents used",
        "summary": "Summary",
        "summary_cover": "The report draws on {n} figures from {docs} document(s) of the district on {start}–{end}; the figures fall in {first}–{last}.",
        "headline": "Headline figures (latest):",
        "peer_above": "above the median {median} of {n} comparable districts",
        "peer_below": "below the median {median} of {n} comparable districts",
        "peer_at": "at the median {median} of {n} comparable districts",
        "contents": "Contents",
        "trend_note": "A trend line and projection band are drawn only where the data support a direction (the 95% interval of the yearly change excludes 0); other series show their points only: no reliable trend.",
        "all_reports": "All reports",
        "province_short": "Provincial context: {province}",
        "appendix_short": "Appendix: every figure with its source",
        "show_table": "Show the table ({n} rows)",
        "vintage": "Data: {n} figures from {docs} document(s) ({first}–{last}); data version {digest}.",
        "no_data": "No data.",
        "coverage": "Data coverage",
        "counts_caption": "Number of figures in each cell (a figure for a whole multi-year period counts once, in the 'Multi-year' column, not in each year)",
        "targets_caption": "Number of targets in each cell",
        "source_github": "public data on GitHub ({repo})",
        "targets_later": "{n} more target(s) for years after {end}, outside the report's years, are not assessed here.",
        "flags_caption": "Number of contradictions in each cell",
        "appendix": "Appendix: every figure in this report, with its source and quote",
        "sources": "Sources",
        "doc_number": "no. {number}", "moha": "MoHA", "differs": {"level": "level: ", "period": "period: ", "sep": " vs "},
        "reference_sources": "PAPI (CECODES, VFF-CRT, RTA, UNDP), PAR INDEX (Ministry of Home Affairs), SIPAS, PCI (VCCI): figures published by these bodies; the source of each is recorded in the reference data shipped with the toolkit.",
        "synthetic": "SYNTHETIC DATA",
        "kind": {"actual": "actual", "target": "target", "baseline": "baseline"},
        "coverage_text": "{n} figures on the district in {start}–{end}; years with figures: {years}. Years without any figure: {gaps}.",
        "key": "Key indicators",
        "key_text": "The latest actual of each key indicator, its trend (where there are at least 3 years), the median of the districts with a comparable figure (same level, same period), the target and its status.",
        "trend_none": "insufficient data (n={n})",
        "trend_slope": "{slope}/year (n={n})",
        "trend_up": "up {slope} a year (95% interval {lo} to {hi}; {n} years)",
        "trend_down": "down {slope} a year (95% interval {lo} to {hi}; {n} years)",
        "trend_unreliable": "no reliable trend ({n} years of data)",
        "contradicted": "(⚠ documents disagree)",
        "n_districts": "{n} districts",
        "no_area_data": "The documents hold no figure on this area in these years.",
        "area_text": "{n} figures. The chart shows indicators with yearly figures; whole-period figures (e.g. a 2017–2021 total) are in the table.",
        "targets": "Target attainment",
        "targets_text": "{n} targets: {counts}. \"No data to judge\" means the documents report no actual to compare with.",
        "province": "Provincial context: {province}",
        "papi_text": "PAPI (CECODES, VFF-CRT, RTA, UNDP). From 2018 PAPI has 8 dimensions instead of 6: totals are not compared across 2018, only dimensions. Rank: among provinces scored that year.",
        "indices_text": "Other published indices (PAR INDEX – Ministry of Home Affairs, SIPAS, PCI – VCCI), with their sources.",
        "flags": "Where the documents contradict themselves",
        "flags_none": "No contradiction found between the district's figures.",
        "flags_text": "Figures are kept as printed, never corrected. These do not agree:",
        "status": {"met": "met", "on track": "on track", "off track": "off track", "no data to judge": "no data to judge"},
        "level_names": {"district": "district", "commune": "commune", "district_and_commune": "district and communes"},
        "cols": {"fact_id": "ID", "indicator": "Indicator", "scope": "Scope", "level": "Level", "period": "Period",
                 "value": "Value", "kind": "Kind", "source": "Source", "quote": "Quote", "note": "Note",
                 "area": "Area", "year": "Year", "n_facts": "Figures", "latest": "Latest",
                 "trend": "Trend", "peer_median": "Peer median", "target": "Target",
                 "status": "Status", "gap": "Gap", "basis": "Basis", "rule": "Rule",
                 "message": "What", "quotes": "Quotes", "dimension": "Dimension", "score": "Score",
                 "median": "National median", "rank": "Rank", "index": "Index",
                 "multi_year": "Multi-year"},
    },
}

#: The basis of a target's status in Vietnamese, by the keys of
#: :data:`cchc_analysis.targets.BASIS` (same fields).
BASIS_VI = {
    "no_actual": "tài liệu không báo cáo số thực tế",
    "no_actual_by_year": "không có số thực tế đến năm {year} và quá ít năm để tính xu hướng (n={n})",
    "latest": "số thực tế gần nhất",
    "latest_no_trend": "số thực tế gần nhất (quá ít năm để tính xu hướng, n={n})",
    "projection": "dự báo đến {year} (xu hướng tuyến tính, n={n})",
    "direction_unknown": "không rõ chiều tốt: ghi chú không nêu ngưỡng, danh mục không ghi cao hơn là tốt hơn",
    "disagree": "các tài liệu ghi khác nhau ({values}): dùng số kém thuận lợi hơn",
}

#: Consistency rules as the reports name them.
RULE_NAMES = {
    "vi": {"pct_mismatch": "Tỷ lệ không khớp số đếm", "parts_vs_total": "Các phần không khớp tổng",
           "duplicate_conflict": "Một số liệu, nhiều giá trị", "shares_sum": "Các tỷ lệ không cộng thành 100"},
    "en": {"pct_mismatch": "Share does not match its counts", "parts_vs_total": "Parts do not match the total",
           "duplicate_conflict": "One figure, several values", "shares_sum": "Shares do not add up to 100"},
}

#: Units of the catalog as written after a number in a table or a sentence ("{n}" is the
#: number); a unit not listed here is written after the number as the catalog spells it.
UNIT_WORDS = {
    "vi": {"pct": "{n}%", "count": "{n} đơn vị", "persons": "{n} người", "dossiers": "{n} hồ sơ",
           "documents": "{n} văn bản", "days": "{n} ngày", "ha": "{n} ha", "km": "{n} km",
           "vnd": "{n} đồng", "vnd_bn": "{n} tỷ đồng", "score": "{n} điểm", "rank": "hạng {n}",
           "points": "{n} điểm", "places": "{n} bậc", "figures": "{n} số liệu", "sources": "{n} tài liệu"},
    "en": {"pct": "{n}%", "count": "{n} units", "persons": "{n} persons", "dossiers": "{n} dossiers",
           "documents": "{n} documents", "days": "{n} days", "ha": "{n} ha", "km": "{n} km",
           "vnd": "{n} VND", "vnd_bn": "VND {n} bn", "score": "{n} points", "rank": "rank {n}",
           "points": "{n} points", "places": "{n} places", "figures": "{n} figures", "sources": "{n} document(s)"},
}
#: A fact's qualifier (facts.csv ``qualifier``) and a target's bound, as a sign before the number.
QUALIFIER_SIGNS = {"at_least": "≥ ", "more_than": "> ", "about": "≈ ", "less_than": "< ", "at_most": "≤ ",
                   "at least": "≥ ", "at most": "≤ "}
#: A rank target "at most k" is a place among the best.
RANK_TOP = {"vi": "trong nhóm {n} đứng đầu", "en": "top {n}"}

#: Consistency flags as sentences (cchc_analysis.report.flag_text fills them).
FLAG_WORDS = {
    "vi": {"duplicate_conflict": "{head}: tài liệu ghi {n} giá trị khác nhau: {values}.",
           "pct_mismatch": "{head}: tài liệu ghi {stated}%, nhưng tính từ chính các số của tài liệu được {calc} ({parts}).",
           "parts_vs_total": "{head}: tổng và các phần không khớp nhau{sum}: {parts}.",
           "parts_sum": " (các phần cộng lại {sum})",
           "shares_sum": "{head}: các tỷ lệ của cùng một cơ cấu không cộng thành 100%: {parts}."},
    "en": {"duplicate_conflict": "{head}: the documents state {n} different values: {values}.",
           "pct_mismatch": "{head}: the documents state {stated}%, but their own figures give {calc} ({parts}).",
           "parts_vs_total": "{head}: the total and its parts do not agree{sum}: {parts}.",
           "parts_sum": " (the parts add up to {sum})",
           "shares_sum": "{head}: the shares of one breakdown do not add up to 100%: {parts}."},
}

#: Words of the comparative report (cchc_analysis.comparative).
COMPARATIVE_WORDS = {
    "vi": {
        "title": "So sánh cải cách hành chính các huyện, {start}–{end}",
        "intro": "{n} huyện có số liệu. Cấp huyện không còn từ ngày 1/7/2025: cột «Nay thuộc» cho biết tỉnh hiện nay.",
        "coverage": "Độ phủ dữ liệu theo huyện và lĩnh vực",
        "comparable": "Các số liệu so sánh được",
        "comparable_text": "Chỉ xếp hạng khi các huyện báo cáo cùng chỉ tiêu, cùng phạm vi, cùng cấp và cùng kỳ, và chỉ với số thực hiện của chỉ tiêu có chiều tốt đã nêu (mục tiêu và số quy mô không được xếp hạng). Hạng 1 là tốt nhất.",
        "none": "Không có số liệu nào so sánh được giữa các huyện.",
        "side": "Cùng chỉ tiêu, khác cấp hoặc khác kỳ: không xếp hạng",
        "side_text": "Các số liệu dưới đây đo cùng một việc nhưng khác cấp hoặc khác thời kỳ, nên chỉ đặt cạnh nhau, không xếp hạng.",
        "targets": "Mục tiêu theo huyện", "flags": "Mâu thuẫn trong tài liệu theo huyện", "sources": "Nguồn",
        "cols": {"district": "Huyện", "province": "Tỉnh (đến 2025)", "now": "Nay thuộc", "n": "Số liệu",
                 "docs": "Tài liệu", "indicator": "Chỉ tiêu", "scope": "Phạm vi", "level": "Cấp", "period": "Kỳ",
                 "kind": "Loại", "value": "Giá trị", "rank": "Hạng", "median": "Trung vị", "reason": "Vì sao không xếp hạng",
                 "direction": "Chiều xếp hạng"},
        "directions": {"higher": "cao hơn là tốt hơn", "lower": "thấp hơn là tốt hơn",
                       "none": "không xếp hạng: số quy mô, không có chiều tốt", "target": "không xếp hạng: mục tiêu"},
    },
    "en": {
        "title": "District administrative reform compared, {start}–{end}",
        "intro": "{n} districts with data. Districts were abolished on 1 July 2025: \"Now in\" gives the province today.",
        "coverage": "Data coverage by district and area",
        "comparable": "Comparable figures",
        "comparable_text": "Ranks only where districts report the same indicator, scope, level and period, and only actual figures of indicators with a stated better direction (targets and size figures are never ranked). Rank 1 is best.",
        "none": "No figure is comparable across districts.",
        "side": "Same indicator, different level or period: not ranked",
        "side_text": "These figures measure the same thing at different levels or over different periods, so they are shown side by side, not ranked.",
        "targets": "Targets by district", "flags": "Contradictions in the documents, by district", "sources": "Sources",
        "cols": {"district": "District", "province": "Province (to 2025)", "now": "Now in", "n": "Figures",
                 "docs": "Documents", "indicator": "Indicator", "scope": "Scope", "level": "Level", "period": "Period",
                 "kind": "Kind", "value": "Value", "rank": "Rank", "median": "Median", "reason": "Why not ranked",
                 "direction": "Ranking"},
        "directions": {"higher": "higher is better", "lower": "lower is better",
                       "none": "not ranked: a size figure, no better direction", "target": "not ranked: a target"},
    },
}


# --- figures (cchc_analysis.plots, through _plot_labels) ---

#: Words of the figures other than indicator names, in both languages.
PLOT_LABELS = {
    "year": {"vi": "Năm", "en": "Year"}, "actual": {"vi": "Thực hiện", "en": "Actual"},
    "derived": {"vi": "Thực hiện (tính từ số liệu khác)", "en": "Actual (derived)"},
    "target": {"vi": "Mục tiêu", "en": "Target"}, "baseline": {"vi": "Mức cơ sở", "en": "Baseline"},
    "fit": {"vi": "Xu hướng tuyến tính", "en": "Linear trend"},
    "projection": {"vi": "Dự báo theo xu hướng", "en": "Projection"},
    "band": {"vi": "Khoảng dự báo 95%", "en": "95% prediction interval"},
    "insufficient": {"vi": "Chưa đủ số liệu để ước lượng xu hướng (cần ít nhất 3 năm)",
                     "en": "Not enough data for a trend (at least 3 years needed)"},
    "coverage": {"vi": "Số liệu có được theo chỉ tiêu và năm", "en": "Figures available by indicator and year"},
    "n_facts": {"vi": "Số liệu", "en": "Figures"},
    "multi_year": {"vi": TEXT["vi"]["cols"]["multi_year"], "en": TEXT["en"]["cols"]["multi_year"]},
    "peer_median": {"vi": "Trung vị ({n} huyện)", "en": "Median ({n} districts)"},
    "national_median": {"vi": "Trung vị toàn quốc ({n} tỉnh)", "en": "National median ({n} provinces)"},
    "papi_title": {"vi": "PAPI {year}: {province} so với trung vị toàn quốc",
                   "en": "PAPI {year}: {province} against the national median"},
    "papi_score": {"vi": "Điểm (thang 1–10)", "en": "Score (1–10)"},
    "synthetic": {"vi": "SYNTHETIC · dữ liệu giả lập", "en": "SYNTHETIC · not real data"},
    "district": {"vi": "cấp huyện", "en": "district level"},
    "commune": {"vi": "cấp xã", "en": "commune level"},
    "district_and_commune": {"vi": "cấp huyện và cấp xã", "en": "district and commune levels"},
}

#: Axis labels of the catalog's units.
PLOT_UNITS = {
    "pct": {"vi": "%", "en": "%"}, "count": {"vi": "Số lượng", "en": "Count"},
    "persons": {"vi": "Người", "en": "Persons"}, "dossiers": {"vi": "Hồ sơ", "en": "Dossiers"},
    "ha": {"vi": "ha", "en": "ha"}, "vnd_bn": {"vi": "Tỷ đồng", "en": "VND billion"},
    "score": {"vi": "Điểm", "en": "Score"}, "rank": {"vi": "Thứ hạng", "en": "Rank"},
    "documents": {"vi": "Văn bản", "en": "Documents"}, "days": {"vi": "Ngày", "en": "Days"},
    "vnd": {"vi": "Đồng", "en": "VND"}, "km": {"vi": "km", "en": "km"},
}  # a unit not listed here is shown as written in the catalog


# --- page footer and index (cchc_analysis.render) ---

FOOTER_WORDS = {
    "vi": {"made_with": "Tạo bởi", "built": "ngày tạo"},
    "en": {"made_with": "Made with", "built": "built on"},
}


#: The index page's words: shown in Vietnamese with the English in brackets.
INDEX_WORDS = {
    "vi": {"lead": "Báo cáo theo huyện và báo cáo so sánh, mở trực tiếp trong trình duyệt (không cần Python).",
           "report": "Báo cáo", "status": "Trạng thái", "details": "Chi tiết", "kept_old": "bản cũ vẫn còn",
           "built_at": "tạo lúc", "made_with": "Tạo bởi"},
    "en": {"lead": "District reports and the comparative report; open in any browser, no Python needed.",
           "report": "report", "status": "status", "details": "details", "kept_old": "older report kept",
           "built_at": "built", "made_with": "made with"},
}

#: How the index names each report's status for readers.
INDEX_STATUS_VI = {
    "built": "đã tạo mới (built)",
    "skipped": "không đổi (up to date)",
    "failed": "lỗi (failed)",
    "planned": "chưa tạo (not built)",
    "earlier": "tạo trước đây (built earlier)",
    "interrupted": "bị dừng, chưa chạy (stopped, not run)",
}


# --- comparative report: PAPI of the districts' provinces, derived figures ---

#: Words of the comparative report's PAPI section and of its derived (computed, not stated) figures.
COMPARATIVE_PAPI_WORDS = {
    "vi": {
        "papi": "PAPI của các tỉnh có huyện trong báo cáo",
        "papi_text": "{n} huyện có số liệu thuộc {k} tỉnh: {provinces}. PAPI (Chỉ số Hiệu quả Quản trị và Hành chính công "
                     "cấp tỉnh) đo ở cấp tỉnh, không phải cấp huyện: các bảng dưới đây là bối cảnh tỉnh của các huyện, "
                     "không phải thành tích của huyện. Điểm không trọng số; trung vị toàn quốc là trung vị điểm của các "
                     "tỉnh có điểm trong năm đó ({m} tỉnh năm {year}).",
        "papi_none": "PAPI không có điểm nào của các tỉnh này trong {start}–{end}.",
        "papi_latest": "Năm {year}: điểm, trung vị toàn quốc và thay đổi so với kỳ khảo sát trước",
        "papi_latest_caption": "Điểm PAPI năm {year} (điểm); «so với kỳ trước»: điểm năm {year} trừ điểm của kỳ khảo sát "
                               "trước, chỉ khi hai năm đo cùng một cách.",
        "papi_years": "Qua các năm",
        "papi_years_text": "Điểm từng năm của các tỉnh và trung vị toàn quốc. Biểu đồ không nối đường qua một lần đổi "
                           "phương pháp, và không tính thay đổi qua mốc đó:",
        "papi_years_caption": "{measure}: điểm từng năm (điểm)",
        "break_total": "Tổng điểm: 2011–2017 là tổng 6 chỉ số nội dung (thang 6–60), từ 2018 là tổng 8 chỉ số (thang 8–80, "
                       "thêm Quản trị môi trường và Quản trị điện tử); hai giai đoạn không so sánh với nhau.",
        "break_d3": "Trách nhiệm giải trình với người dân: năm 2016 PAPI thay đổi một số chỉ số thành phần; 2011–2015 và từ "
                    "2016 không so sánh với nhau.",
        "break_new": "Quản trị môi trường và Quản trị điện tử chỉ có từ năm 2018.",
        "change_break": "không so sánh: đổi phương pháp năm {year}",
        "change_none": "không có kỳ trước",
        "missing": "không có điểm",
        "figure_alt": "Điểm PAPI của {provinces} so với trung vị toàn quốc, {first}–{last}",
        "legend_median": "Trung vị toàn quốc",
        "axis_score": "Điểm",
        "cols": {"measure": "Chỉ số", "scale": "Thang", "median": "Trung vị toàn quốc", "year": "Năm",
                 "change": "{province}: so với {previous}", "change_short": "{province}: so với kỳ trước"},
        "scale_dim": "1–10", "scale_6": "6–60", "scale_8": "8–80",
        # derived figures: computed here from stated ones, never stated by a document
        "derived": "số suy ra",
        "derived_annual": "số suy ra: bình quân năm của tổng {period}",
        "derived_per_capita": "số suy ra: trên {per} dân",
        "derived_title": "Số suy ra (tài liệu không nêu)",
        "derived_text": "Bình quân năm của một tổng nhiều năm và số trên {per} dân được tính ở đây từ số liệu đã nêu, chỉ giữa "
                        "các huyện cùng chỉ tiêu, cùng kỳ và cùng cấp; không xếp hạng.",
        "derived_col": "Số suy ra",
    },
    "en": {
        "papi": "PAPI of the districts' provinces",
        "papi_text": "The {n} districts with data lie in {k} provinces: {provinces}. PAPI (the Provincial Governance and "
                     "Public Administration Performance Index) measures provinces, not districts: the tables below are "
                     "the districts' provincial context, not the districts' results. Unweighted scores; the national "
                     "median is the median of the provinces scored that year ({m} in {year}).",
        "papi_none": "PAPI has no score for these provinces in {start}–{end}.",
        "papi_latest": "{year}: scores, the national median and the change since the previous survey",
        "papi_latest_caption": "PAPI scores of {year} (points); “since previous”: the {year} score minus the previous "
                               "survey's, only where both years are measured the same way.",
        "papi_years": "Over the years",
        "papi_years_text": "The provinces' scores year by year and the national median. The figure draws no line across "
                           "a change of method, and no change is computed across one:",
        "papi_years_caption": "{measure}: scores by year (points)",
        "break_total": "Total: 2011–2017 sums 6 dimensions (6–60 scale), from 2018 it sums 8 (8–80, adding Environmental "
                       "governance and E-governance); the two periods are not compared.",
        "break_d3": "Vertical accountability: PAPI changed some of its sub-dimensions in 2016; 2011–2015 and 2016 on are "
                    "not compared.",
        "break_new": "Environmental governance and E-governance exist from 2018.",
        "change_break": "not comparable: method changed in {year}",
        "change_none": "no previous survey",
        "missing": "no score",
        "figure_alt": "PAPI scores of {provinces} against the national median, {first}–{last}",
        "legend_median": "National median",
        "axis_score": "Score",
        "cols": {"measure": "Measure", "scale": "Scale", "median": "National median", "year": "Year",
                 "change": "{province}: since {previous}", "change_short": "{province}: since previous"},
        "scale_dim": "1–10", "scale_6": "6–60", "scale_8": "8–80",
        "derived": "derived",
        "derived_annual": "derived: annual average of the {period} total",
        "derived_per_capita": "derived: per {per} inhabitants",
        "derived_title": "Derived figures (not stated by the documents)",
        "derived_text": "Annual averages of multi-year totals and rates per {per} inhabitants are computed here from stated "
                        "figures, only between districts with the same indicator, period and level; not ranked.",
        "derived_col": "Derived",
    },
}


# --- province and national pages (cchc_analysis.province, national, provinces) ---

#: Vietnamese and English names of the PAPI totals (the dimensions are named in papi_dimensions.csv).
TOTAL_NAMES = {
    "vi": {"total": "Tổng điểm PAPI", "total_6dim": "Tổng 6 chỉ số nội dung đầu (D1–D6)"},
    "en": {"total": "PAPI total", "total_6dim": "Sum of the first six dimensions"},
}

#: Performance groups (quartiles of that year's scores, computed here, as PAPI groups provinces).
TIERS = {
    "vi": {1: "Cao nhất", 2: "Trung bình cao", 3: "Trung bình thấp", 4: "Thấp nhất"},
    "en": {1: "Highest", 2: "High average", 3: "Low average", 4: "Lowest"},
}

#: Colours of the four groups (light enough for black text; readable in print).
TIER_COLOURS = {1: "#1a9850", 2: "#a6d96a", 3: "#fee08b", 4: "#f46d43"}

PROVINCE_WORDS = {
    "vi": {
        "title": "Quản trị cấp tỉnh: {province}, {start}–{end}",
        "national_title": "PAPI của 63 tỉnh, thành phố, {start}–{end}",
        "toc": "Nội dung",
        "intro": "{province} (vùng {region}; mã tỉnh {code}). Từ ngày 1/7/2025 thuộc {successor}.",
        "summary": "Tóm tắt",
        "summary_text": "Năm {year}: {province} xếp thứ {rank}/{n} tỉnh theo tổng điểm PAPI ({value} điểm trên thang {scale}; "
                        "trung vị toàn quốc {median} điểm), nhóm «{tier}». Bảng dưới: từng chỉ số nội dung năm {year} so với trung vị "
                        "toàn quốc và trung vị vùng, và thay đổi so với năm trước.",
        "summary_no_total": "Năm {year}: {province} không có tổng điểm PAPI (thiếu điểm một số chỉ số nội dung).",
        "moved": "Xu hướng đáng tin cậy ({first}–{last}) — tăng: {ups}; giảm: {downs}. Các chỉ số khác không có xu hướng đáng tin cậy.",
        "latest_missing": "PAPI năm {end} không có điểm của {province} (dữ liệu thiếu); tóm tắt dùng năm {year}.",
        "dimensions": "Từng chỉ số nội dung qua các năm",
        "dimensions_text": "Điểm (thang 1–10) của tỉnh, trung vị toàn quốc và đường xu hướng tuyến tính (OLS) với khoảng tin cậy 95% "
                           "khi chuỗi có ít nhất {min_points} năm và khoảng tin cậy của độ dốc không chứa 0; nếu không, chỉ vẽ các điểm. "
                           "Xu hướng không bao giờ nối qua một lần đổi phương pháp:",
        "break_total": "Tổng điểm: năm 2011–2017 là tổng 6 chỉ số (thang 6–60), từ 2018 là tổng 8 chỉ số (thang 8–80, thêm Quản trị môi "
                       "trường và Quản trị điện tử) — hai giai đoạn được tính riêng (nguồn: PAPI, báo cáo PAPI 2018).",
        "break_d3": "Trách nhiệm giải trình với người dân: năm 2016 PAPI thay đổi một số chỉ số thành phần — xu hướng tính riêng 2011–2015 "
                    "và từ 2016 (nguồn: PAPI; ghi chú của bộ dữ liệu PAPI 2011–2016 do mdtrinh/vietnamdata công bố).",
        "break_new": "Quản trị môi trường và Quản trị điện tử có từ năm 2018.",
        "trend_up": "tăng {slope} điểm/năm (KTC 95%: {low} đến {high}; {n} năm, {first}–{last})",
        "trend_down": "giảm {slope} điểm/năm (KTC 95%: {low} đến {high}; {n} năm, {first}–{last})",
        "trend_flat": "không có xu hướng đáng tin cậy (độ dốc {slope} điểm/năm, KTC 95% chứa 0; {n} năm, {first}–{last})",
        "trend_short": "chưa đủ số liệu để tính xu hướng ({n} năm, {first}–{last})",
        "ranks": "Thứ hạng và nhóm theo năm",
        "ranks_text": "Thứ hạng trong số các tỉnh có điểm năm đó (1 = cao nhất) và nhóm theo tứ phân vị của năm đó. Đây là thứ hạng "
                      "tính từ điểm công bố, không phải bảng xếp hạng chính thức của PAPI (PAPI công bố bốn nhóm).",
        "indices": "Các chỉ số khác",
        "indices_text": "Các giá trị công bố của PAR INDEX và SIPAS (Bộ Nội vụ) và PCI (VCCI) mà dự án lưu giữ, kèm nguồn.",
        "indices_none": "Dự án chưa lưu giá trị PAR INDEX, SIPAS hay PCI nào của {province}.",
        "districts": "Các đơn vị cấp huyện trước năm 2025",
        "districts_text": "{n} đơn vị cấp huyện của {province} đến 30/6/2025 (theo vietnamadminunits); {k} có báo cáo cấp huyện.",
        "report_link": "báo cáo",
        "no_report": "chưa có dữ liệu",
        "successor": "Tỉnh mới từ năm 2025: {successor}",
        "successor_text": "Từ 1/7/2025, {province} thuộc {successor}, cùng với: {others}. Bảng đặt điểm của các tỉnh cũ cạnh nhau; không "
                          "cộng hay bình quân điểm của chúng (PAPI không công bố điểm cho tỉnh mới trong các năm này).",
        "successor_alone": "Từ 1/7/2025, {province} giữ nguyên địa giới, là {successor}.",
        "national": "Toàn quốc",
        "heatmap": "Bản đồ nhiệt: {dimension}",
        "heatmap_text": "Mỗi ô là điểm của một tỉnh trong một năm; tỉnh xếp theo vùng và tên. Ô trống: không có điểm.",
        "table_total": "Bảng: tổng điểm năm {year}, xếp theo điểm",
        "table_name": "Bảng: tổng điểm các năm, xếp theo tên tỉnh",
        "table_dimension": "Bảng: {dimension} năm {year}, xếp theo điểm",
        "regional": "Trung vị theo vùng",
        "regional_text": "Trung vị điểm của các tỉnh trong mỗi vùng, năm {year}.",
        "movers": "Tăng và giảm nhiều nhất, {first}–{last}",
        "movers_text": "Thay đổi tổng điểm giữa {first} và {last} (cùng thang 8–80, so sánh được); {k} tỉnh tăng nhiều nhất và {k} tỉnh giảm "
                       "nhiều nhất. Không so sánh tổng điểm qua mốc 2018.",
        "risers": "Tăng nhiều nhất",
        "fallers": "Giảm nhiều nhất",
        "sources": "Nguồn",
        "sources_text": "PAPI — Chỉ số Hiệu quả Quản trị và Hành chính công cấp tỉnh (CECODES, VFF-CRT, RTA, UNDP), papi.org.vn; điểm "
                        "không trọng số. PAR INDEX, SIPAS — Bộ Nội vụ. PCI — VCCI, pcivietnam.vn. Nguồn gốc và cách chép dữ liệu: "
                        "tệp PROVENANCE trong thư mục dữ liệu tham chiếu của dự án.",
        "other_language": "English version",
        "index_link": "Danh mục báo cáo",
        "national_link": "So sánh 63 tỉnh",
        "points": "điểm",
        "missing": "không có điểm",
        "rank_of": "{rank}/{n}",
        "cols": {"dimension": "Chỉ số nội dung", "value": "Điểm", "scale": "Thang", "median": "Trung vị toàn quốc",
                 "region_median": "Trung vị vùng", "change": "So với năm trước", "change_window": "Thay đổi", "rank": "Hạng", "tier": "Nhóm",
                 "trend": "Xu hướng", "year": "Năm", "index": "Chỉ số", "source": "Nguồn", "note": "Ghi chú",
                 "district": "Đơn vị", "type": "Loại", "code": "Mã", "report": "Báo cáo", "province": "Tỉnh",
                 "region": "Vùng", "first": "Năm đầu", "last": "Năm cuối", "n": "Số tỉnh"},
        "index_names": {"par_index": "PAR INDEX (Chỉ số CCHC)", "sipas": "SIPAS (Chỉ số hài lòng)", "pci": "PCI (Năng lực cạnh tranh)"},
        "scale_dim": "1–10 điểm",
        "scale_index": "0–100 điểm",
        "sipas_unit": "% người được hỏi hài lòng",
        "scale_6": "6–60 điểm",
        "scale_8": "8–80 điểm",
        "figure_alt": "Điểm từng chỉ số nội dung PAPI của {province} so với trung vị toàn quốc",
        "axis_year": "Năm",
        "axis_score": "Điểm",
        "legend_province": "{province}",
        "legend_median": "Trung vị toàn quốc",
        "legend_fit": "Xu hướng và KTC 95%",
    },
    "en": {
        "title": "Provincial governance: {province}, {start}–{end}",
        "national_title": "PAPI of the 63 provinces, {start}–{end}",
        "toc": "Contents",
        "intro": "{province} ({region} region; province code {code}). Since 1 July 2025 part of {successor}.",
        "summary": "Summary",
        "summary_text": "In {year} {province} ranked {rank} of {n} provinces on the PAPI total ({value} points on a {scale} scale; "
                        "national median {median} points), group “{tier}”. Below: each dimension in {year} against the national "
                        "and the regional median, and the change from the year before.",
        "summary_no_total": "In {year} {province} has no PAPI total (some dimension scores are missing).",
        "moved": "Reliable trends ({first}–{last}) — up: {ups}; down: {downs}. The other dimensions show no reliable trend.",
        "latest_missing": "PAPI {end} has no score for {province} (missing data); the summary uses {year}.",
        "dimensions": "Each dimension over the years",
        "dimensions_text": "The province's score (1–10 scale), the national median, and a linear (OLS) trend with its 95% confidence band "
                           "where the series has at least {min_points} years and the slope's interval excludes zero; otherwise only the "
                           "points. A trend never runs across a change of method:",
        "break_total": "Total: 2011–2017 sums 6 dimensions (6–60 scale), from 2018 it sums 8 (8–80, adding Environmental governance "
                       "and E-governance) — the two periods are fitted apart (source: PAPI, the PAPI 2018 report).",
        "break_d3": "Vertical accountability: PAPI changed some of its sub-dimensions in 2016 — trends are fitted apart for 2011–2015 and "
                    "from 2016 (source: PAPI; notes of the mdtrinh/vietnamdata PAPI_2011-2016 file).",
        "break_new": "Environmental governance and E-governance exist from 2018.",
        "trend_up": "up {slope} points a year (95% CI {low} to {high}; {n} years, {first}–{last})",
        "trend_down": "down {slope} points a year (95% CI {low} to {high}; {n} years, {first}–{last})",
        "trend_flat": "no reliable trend (slope {slope} points a year, 95% CI includes zero; {n} years, {first}–{last})",
        "trend_short": "too few years for a trend ({n} years, {first}–{last})",
        "ranks": "Rank and group by year",
        "ranks_text": "Rank among the provinces with a score that year (1 = highest) and the group by that year's quartiles. Ranks are "
                      "computed from the published scores; they are not an official PAPI ranking (PAPI publishes four groups).",
        "indices": "Other indices",
        "indices_text": "Published values of PAR INDEX and SIPAS (Ministry of Home Affairs) and PCI (VCCI) held by the project, with sources.",
        "indices_none": "The project holds no PAR INDEX, SIPAS or PCI value for {province}.",
        "districts": "District-level units before 2025",
        "districts_text": "{n} district-level units of {province} until 30 June 2025 (from vietnamadminunits); {k} have a district report.",
        "report_link": "report",
        "no_report": "no data yet",
        "successor": "The province since 2025: {successor}",
        "successor_text": "Since 1 July 2025 {province} is part of {successor}, with: {others}. The table sets the former provinces' "
                          "scores side by side; they are not added or averaged (PAPI published no score for the new province in these years).",
        "successor_alone": "Since 1 July 2025 {province} keeps its territory, as {successor}.",
        "national": "National",
        "heatmap": "Heat map: {dimension}",
        "heatmap_text": "Each cell is one province's score in one year; provinces by region and name. Empty cell: no score.",
        "table_total": "Table: total in {year}, by score",
        "table_name": "Table: totals of every year, by province name",
        "table_dimension": "Table: {dimension} in {year}, by score",
        "regional": "Regional medians",
        "regional_text": "Median score of the provinces of each region, {year}.",
        "movers": "Biggest risers and fallers, {first}–{last}",
        "movers_text": "Change of the total between {first} and {last} (both on the 8–80 scale, comparable); the {k} biggest risers and "
                       "the {k} biggest fallers. Totals are never compared across 2018.",
        "risers": "Biggest risers",
        "fallers": "Biggest fallers",
        "sources": "Sources",
        "sources_text": "PAPI — the Viet Nam Provincial Governance and Public Administration Performance Index (CECODES, VFF-CRT, RTA, "
                        "UNDP), papi.org.vn; unweighted scores. PAR INDEX, SIPAS — Ministry of Home Affairs. PCI — VCCI, "
                        "pcivietnam.vn. Origin and transcription of the data: the PROVENANCE file of the project's reference data.",
        "other_language": "Bản tiếng Việt",
        "index_link": "All reports",
        "national_link": "The 63 provinces compared",
        "points": "points",
        "missing": "no score",
        "rank_of": "{rank} of {n}",
        "cols": {"dimension": "Dimension", "value": "Score", "scale": "Scale", "median": "National median",
                 "region_median": "Regional median", "change": "Change from the year before", "change_window": "Change", "rank": "Rank", "tier": "Group",
                 "trend": "Trend", "year": "Year", "index": "Index", "source": "Source", "note": "Note",
                 "district": "Unit", "type": "Type", "code": "Code", "report": "Report", "province": "Province",
                 "region": "Region", "first": "First year", "last": "Last year", "n": "Provinces"},
        "index_names": {"par_index": "PAR INDEX", "sipas": "SIPAS (satisfaction)", "pci": "PCI (competitiveness)"},
        "scale_dim": "1–10 points",
        "scale_index": "0–100 points",
        "sipas_unit": "% of respondents satisfied",
        "scale_6": "6–60 points",
        "scale_8": "8–80 points",
        "figure_alt": "PAPI dimension scores of {province} against the national median",
        "axis_year": "Year",
        "axis_score": "Score",
        "legend_province": "{province}",
        "legend_median": "National median",
        "legend_fit": "Trend and 95% CI",
    },
}

#: English names of the six regions (the data names them in Vietnamese).
REGIONS_EN = {
    "Trung du và miền núi phía Bắc": "Northern midlands and mountains",
    "Đồng bằng sông Hồng": "Red River Delta",
    "Bắc Trung Bộ và Duyên hải miền Trung": "North Central and Central Coast",
    "Tây Nguyên": "Central Highlands",
    "Đông Nam Bộ": "Southeast",
    "Đồng bằng sông Cửu Long": "Mekong River Delta",
}

#: Unit types of districts, in English (the registry names them in Vietnamese).
UNIT_TYPES_EN = {"huyện": "rural district", "quận": "urban district", "thị xã": "town", "thành phố": "provincial city"}


# --- site titles and index (cchc_analysis.site, the report side of the engine) ---

SITE_WORDS = {
    "vi": {"head": "Cải cách hành chính", "compared": "So sánh các huyện",
           "index": "Cải cách hành chính cấp huyện, 2016–2025: báo cáo",
           "fallback_vintage": "Phiên bản dữ liệu {digest}."},
    "en": {"head": "Administrative reform", "compared": "Districts compared",
           "index": "District administrative reform, 2016–2025: reports",
           "fallback_vintage": "Data version {digest}."},
}


# --- district report: PAPI profile of the province, link to the other language ---

#: The PAPI profile of the district's province (report.papi_profile): its columns and the change words.
PROFILE_WORDS = {
    "vi": {"title": "Năm {year}: điểm từng chỉ số nội dung, trung vị toàn quốc và thay đổi so với năm {prev}.",
           "dimension": "Chỉ số nội dung", "year": "Năm", "score": "Điểm (thang 1–10)",
           "median": "Trung vị toàn quốc", "change": "Thay đổi so với năm trước",
           "change_value": "{change} (so với {prev})", "no_score": "không có điểm năm {year}",
           "break": "không so sánh: PAPI đổi cách đo chỉ số này từ năm {cut}"},
    "en": {"title": "{year}: each dimension's score, the national median and the change since {prev}.",
           "dimension": "Dimension", "year": "Year", "score": "Score (1–10 scale)",
           "median": "National median", "change": "Change since the previous survey",
           "change_value": "{change} (vs {prev})", "no_score": "no score in {year}",
           "break": "not compared: PAPI changed how this dimension is measured in {cut}"},
}


#: The link from a district report to the same report in the other language (report.other_language).
OTHER_LANGUAGE_WORDS = {
    "vi": {"en": "Read this report in English (bản tiếng Anh)"},
    "en": {"vi": "Bản tiếng Việt của báo cáo này (this report in Vietnamese)"},
}

#: Months in English dates for readers (reader_date): letters, so the order cannot be misread.
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
