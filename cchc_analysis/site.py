"""What the report site says: report titles, labels, footer lines and the index's words.

The engine (:mod:`cchc_analysis.batch`) builds, skips, renders and lists
reports and knows nothing of their content; the command line asks this module
what each report is called and what its footer says (:func:`describe_job`),
and what the index page is about (:func:`index_texts`), and hands the answers
to the engine.

Examples
--------
>>> from cchc_analysis.registry import resolve_district
>>> describe_job("district_report", {"language": "en", "start_year": 2016, "end_year": 2025},
...              resolve_district("Gia Lộc"), note=False)["title"]
'Administrative reform – Gia Lộc (Hải Dương), 2016–2025'
"""
from __future__ import annotations

from collections.abc import Mapping

__all__ = ["describe_job", "index_texts"]

from ._text import SITE_WORDS as _WORDS  # noqa: E402 - the words live in _text


def describe_job(kind: str, values: Mapping, district=None, *, note: bool = True) -> dict:
    """Return ``title``, ``label`` and ``note`` (footer line) of one report.

    Parameters
    ----------
    kind : str
        The notebook's stem (``district_report``, ``comparative_report``, ...).
    values : mapping
        The report's checked parameters (``language``, ``start_year``, ``end_year``).
    district : District, optional
        The resolved district of a district report.
    note : bool, default True
        Compute the footer line (from the sources); False leaves it empty.

    Examples
    --------
    >>> describe_job("comparative_report", {"language": "vi"}, note=False)
    {'title': 'Cải cách hành chính – So sánh các huyện', 'label': 'So sánh các huyện', 'note': ''}
    """
    language = values.get("language", "vi")
    words = _WORDS.get(language, _WORDS["en"])
    years = f"{values.get('start_year', '')}–{values.get('end_year', '')}".strip("–")
    if district is not None:
        province = getattr(district, "province", "")
        label = f"{district.name} ({province})" if province else district.name
    else:
        label = words["compared"] if "comparative" in kind else kind.replace("_", " ")
    title = f"{words['head']} – {label}" + (f", {years}" if years else "")
    return {"title": title, "label": label,
            "note": _footer(getattr(district, "district_code", None), language) if note else ""}


def _footer(district_code, language: str) -> str:
    """Return the footer line naming a report's sources (empty when the data cannot be read)."""
    from .report import footer_note

    try:
        return footer_note(district_code, language)
    except Exception:  # noqa: BLE001 - a footer never stops a build (fixtures may have no data)
        return ""


def index_texts(language: str = "vi") -> dict:
    """Return the index page's ``title`` and ``vintage`` (one sentence on the data).

    Examples
    --------
    >>> index_texts()["title"]
    'Cải cách hành chính cấp huyện, 2016–2025: báo cáo'
    """
    words = _WORDS.get(language, _WORDS["vi"])
    try:
        from .loaders import load_facts, load_sources
        from .report import data_vintage

        vintage = data_vintage(load_facts(), load_sources(), language)
    except Exception:  # noqa: BLE001 - the index must not fail on a report helper
        from .batch import _shared_fingerprint

        vintage = words["fallback_vintage"].format(digest=_shared_fingerprint()[:10])
    return {"title": words["index"], "vintage": vintage}
