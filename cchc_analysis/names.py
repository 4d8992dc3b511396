"""Report file names: unique by construction, stable from run to run, cheap to import.

The engine names the files it writes with :func:`report_name`; a report links to
its twin in the other language with the same function.  This module imports
only the registry, so a report kernel that builds a link does not pay for
importing the engine (nbformat, nbconvert, jsonschema).

Examples
--------
>>> slug("Triệu Sơn")
'trieu-son'
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

__all__ = ["report_name", "slug"]


def slug(text: str) -> str:
    """Return a file-name slug: lower-case ASCII words joined by ``-`` (``"report"`` when none is left).

    Examples
    --------
    >>> slug("Triệu Sơn"), slug("Đông Hải"), slug("…")
    ('trieu-son', 'dong-hai', 'report')
    """
    from .registry import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "report"


def report_name(notebook, language: str = "vi", district=None, resolve: Callable | None = None) -> str:
    """Return a report's file name: unique by construction, stable from run to run.

    A district report is named by its district's slug; when another unit of the
    registry has the same name, the province's slug follows (and the code, if
    even that is shared).  Other reports are named by their notebook's stem.
    ``-<language>`` follows for a report not in Vietnamese.

    Examples
    --------
    >>> from cchc_analysis.registry import resolve_district
    >>> report_name("district_report.ipynb", "vi", resolve_district("An Lão, Bình Định"))
    'an-lao-binh-dinh'
    >>> report_name("district_report.ipynb", "en", resolve_district("Gia Lộc"))
    'gia-loc-en'
    >>> report_name("notebooks/comparative_report.ipynb", "vi")
    'comparative_report'
    """
    from .errors import UnknownDistrictError

    if district is None:
        base = Path(notebook).stem
    else:
        resolve = resolve or _default_resolve()
        base = slug(district.name)
        try:
            unique = resolve(district.name).district_code == district.district_code
        except UnknownDistrictError:
            unique = False
        if not unique:
            base += f"-{slug(getattr(district, 'province', ''))}"
            try:
                unique = resolve(f"{district.name}, {district.province}").district_code == district.district_code
            except (UnknownDistrictError, AttributeError):
                unique = False
            if not unique:
                base += f"-{district.district_code}"
    return base + (f"-{language}" if language != "vi" else "")


def _default_resolve():
    from .registry import resolve_district

    return resolve_district
