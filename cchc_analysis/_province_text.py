"""Words of the province and national pages, in Vietnamese and English (one place for both).

:mod:`cchc_analysis.province` and :mod:`cchc_analysis.national` take every word a reader
sees from here; data strings (province names, sources) are escaped where they are shown.
"""

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

WORDS = {
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
