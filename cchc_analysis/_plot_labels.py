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

from ._text import PLOT_LABELS as LABELS, PLOT_UNITS as UNITS  # the words live in _text

__all__ = ["LABELS", "UNITS"]

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
