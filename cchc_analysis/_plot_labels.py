"""Hold the words of the figures: labels and units in Vietnamese and English, markers, shared docs.

Declared here as data so that :mod:`cchc_analysis.plots` holds only drawing code.
:data:`LABELS` (also importable from :mod:`cchc_analysis.plots`) gives the words of the figures
other than indicator names, :data:`UNITS` the axis labels of the catalog's units, ``_MARK`` the
marker of each kind of figure, and :func:`_share_docs` fills the parameter documentation the
``plot_*`` functions share (as in seaborn's ``_docstrings``).

Examples
--------
>>> LABELS["target"]["vi"], UNITS["dossiers"]["en"]
('Mục tiêu', 'Dossiers')
"""
from __future__ import annotations

from ._text import TEXT

__all__ = ["LABELS", "UNITS"]

#: Words of the figures other than indicator names, in both languages.
LABELS = {
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
    "multi_year": {lang: TEXT[lang]["cols"]["multi_year"] for lang in ("vi", "en")},
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
UNITS = {
    "pct": {"vi": "%", "en": "%"}, "count": {"vi": "Số lượng", "en": "Count"},
    "persons": {"vi": "Người", "en": "Persons"}, "dossiers": {"vi": "Hồ sơ", "en": "Dossiers"},
    "ha": {"vi": "ha", "en": "ha"}, "vnd_bn": {"vi": "Tỷ đồng", "en": "VND billion"},
    "score": {"vi": "Điểm", "en": "Score"}, "rank": {"vi": "Thứ hạng", "en": "Rank"},
    "documents": {"vi": "Văn bản", "en": "Documents"}, "days": {"vi": "Ngày", "en": "Days"},
    "vnd": {"vi": "Đồng", "en": "VND"}, "km": {"vi": "km", "en": "km"},
}  # a unit not listed here is shown as written in the catalog
_MARK = {  # kind → (marker, size, palette index, filled)
    "actual": ("o", 45, 0, True), "derived": ("D", 40, 0, False),
    "target": ("*", 160, 1, True), "baseline": ("s", 45, 2, True),
}

# Parameter documentation shared by the plot functions (as in seaborn's ``_docstrings``).
_DOCS = {
    "ax": """ax : matplotlib.axes.Axes, optional
        The Axes to draw on; a new figure is made when not given.""",
    "language": """language : {"vi", "en"}, default "vi"
        Language of titles, axis labels and legends: Vietnamese, or English (anything else
        raises ParameterError).""",
    "catalog": """catalog : DataFrame, optional
        The indicator catalog (:func:`cchc_analysis.loaders.load_catalog`), for names and
        units; read from ``data/indicators.yaml`` when not given.""",
    "synthetic": """synthetic : bool, default False
        True when the data are synthetic: every Axes is then stamped "SYNTHETIC" on its face.""",
    "panel": """data : DataFrame
        A panel (output of :func:`cchc_analysis.indicators.derive_panel`): ``district_code``,
        ``indicator``, ``scope``, ``level``, ``year``, ``kind``, ``value`` and ``derived``
        (missing ``scope``/``level``/``derived`` columns read as "", one level, False).""",
    "span": """start_year, end_year : int, optional
        The years the x axis spans (e.g. 2016 and 2025 for a report), so that missing years at
        either end show as gaps; by default the years of the data.""",
    "returns_ax": """matplotlib.axes.Axes
        The Axes drawn on.""",
}


def _share_docs(func):
    """Fill ``{name}`` placeholders of a docstring from :data:`_DOCS`."""
    for key, text in _DOCS.items():
        func.__doc__ = func.__doc__.replace("{" + key + "}", text)
    return func
