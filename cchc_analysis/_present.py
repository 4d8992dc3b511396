"""Presentation shared by the two report notebooks: numbers, names, tables and figures.

Private to the package: :mod:`cchc_analysis.report` and
:mod:`cchc_analysis.comparative` both write Vietnamese (or English) numbers,
indicator and scope names, periods, tables and figures the same way.

Examples
--------
>>> format_value(232636.0), format_value(98.7, "en"), _period(2017, 2021)
('232.636', '98.7', '2017–2021')
"""
from __future__ import annotations

import functools

import pandas as pd

from . import settings
from ._text import QUALIFIER_SIGNS, RANK_TOP, TEXT, UNIT_WORDS
from .loaders import load_catalog


def format_value(value: float, language: str = "vi") -> str:
    """Return a number written the Vietnamese (or English) way.

    Examples
    --------
    >>> format_value(232636.0)
    '232.636'
    >>> format_value(98.7)
    '98,7'
    >>> format_value(98.7, "en")
    '98.7'
    >>> format_value(100 * 4 / 232636)  # below 0.01: two significant digits, never a bare 0
    '0,0017'
    >>> format_value(-0.000000123, "en")
    '-0.00000012'
    """
    if pd.isna(value):
        return "–"
    if float(value).is_integer():
        s = f"{value:,.0f}"
    elif abs(value) < 0.01:
        import numpy as np

        s = np.format_float_positional(float(f"{value:.2g}"), trim="-")
    else:
        s = f"{value:,.2f}".rstrip("0").rstrip(".")
    if language == "vi":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return s


def format_quantity(value, unit=None, language: str = "vi", qualifier=None) -> str:
    """Return a number with its unit (and qualifier or bound) in the reader's language.

    ``unit`` is a unit of the catalog (``pct``, ``persons``, ``rank``, ...); ``qualifier``
    a fact's qualifier (``at_least``, ``about``, ...) or a target's bound (``at least``).

    Examples
    --------
    >>> format_quantity(98.7, "pct"), format_quantity(232636.0, "dossiers", "en")
    ('98,7%', '232,636 dossiers')
    >>> format_quantity(20, "pct", qualifier="at least"), format_quantity(5, "rank", "en", "at most")
    ('≥ 20%', 'top 5')
    >>> format_quantity(float("nan"), "pct")
    '–'
    """
    if value is None or pd.isna(value):
        return "–"
    n = format_value(float(value), language)
    qualifier = qualifier if isinstance(qualifier, str) and qualifier else None
    if unit == "rank" and qualifier in ("at most", "at_most"):
        return RANK_TOP[language].format(n=n)
    words = UNIT_WORDS[language]
    text = words[unit].format(n=n) if unit in words else (f"{n} {unit}" if isinstance(unit, str) and unit else n)
    return QUALIFIER_SIGNS.get(qualifier, "") + text


def counts_by_year(facts: pd.DataFrame, row: str, start: int, end: int, multi_label: str) -> pd.DataFrame:
    """Count figures per ``row`` value and year; a multi-year figure counts once, in its own column.

    A total stated for 2017–2021 is not a figure of 2017, nor of any one year: it is counted in
    the column ``multi_label``, which appears only when there is such a figure. Figures outside
    ``start``–``end`` are not counted; empty cells stay empty (``<NA>``), so gaps show.

    Examples
    --------
    >>> f = pd.DataFrame({"area": ["a", "a", "b"], "period_start": [2017, 2021, 2021],
    ...                   "period_end": [2021, 2021, 2021]})
    >>> counts_by_year(f, "area", 2020, 2021, "multi")
          2020  2021  multi
    area
    a     <NA>     1      1
    b     <NA>     1   <NA>
    """
    inside = (facts["period_end"] >= start) & (facts["period_start"] <= end)
    single = facts["period_start"] == facts["period_end"]
    one = facts[inside & single]
    table = (one.groupby([row, "period_start"]).size().unstack() if len(one)
             else pd.DataFrame(index=pd.Index([], name=row)))
    multi = facts.loc[inside & ~single, row].value_counts()
    table = table.reindex(index=table.index.union(multi.index), columns=range(start, end + 1))
    table.columns = list(table.columns)
    if len(multi):
        table[multi_label] = multi.reindex(table.index)
    return table.astype("Int64")


def _unit(catalog: pd.DataFrame, slug: str):
    return catalog["unit"].get(slug) if "unit" in catalog else None


def _qualifier(row) -> str | None:
    """Return a fact's qualifier (None when the column is absent or empty)."""
    q = row.get("qualifier") if hasattr(row, "get") else getattr(row, "qualifier", None)
    return q if isinstance(q, str) and q else None


def _period(a, b) -> str:
    return str(int(a)) if a == b else f"{int(a)}–{int(b)}"


def _label(catalog: pd.DataFrame, slug: str, language: str) -> str:
    col = "name_vi" if language == "vi" else "name_en"
    return catalog[col].get(slug, slug)


def _scope_label(scope: str, language: str) -> str:
    if not scope:
        return ""
    path = settings.data_dir() / "indicators.yaml"
    return _scope_names(str(path), path.stat().st_mtime_ns, language).get(scope, scope)


@functools.lru_cache(maxsize=4)
def _scope_names(path: str, mtime_ns: int, language: str) -> dict:
    """Read the scope names once per version of the catalog file (tables ask row by row)."""
    scopes = load_catalog(path, what="scopes")
    col = "name_vi" if language == "vi" else "name_en"
    return scopes[col].to_dict() if col in scopes else {}


def _cite(s, language: str = "vi"):
    """Return a source (a row of ``load_sources``) as escaped markup: issuer, number, date, title, link.

    The title links to the source's ``url`` (a column the sources may carry) only
    when it is an ``http(s)`` address.
    """
    from ._html import em, fragment, link
    from ._wording import reader_date

    number = s.number if isinstance(s.number, str) and s.number else ""
    url = getattr(s, "url", None)
    title = em(s.title)
    return fragment(s.issuer, ", ", TEXT[language]["doc_number"].format(number=number) + ", " if number else None,
                    reader_date(s.date, language), ": ", link(url, title) if isinstance(url, str) and url else title)


def _table(df: pd.DataFrame, **kwargs):
    """Return a table for display: escaped, no index, scrolling in its box (see ``_html.table``)."""
    from ._html import table

    return table(df, **kwargs)


def _figure_title(fig) -> str:
    """Return the figure's suptitle, else its axes' titles joined (for the image's alt text)."""
    sup = getattr(fig, "_suptitle", None)
    if sup is not None and sup.get_text().strip():
        return sup.get_text().strip()
    titles = [ax.get_title(loc).strip() for ax in fig.axes for loc in ("left", "center", "right")
              if ax.get_title(loc).strip()]
    return "; ".join(dict.fromkeys(titles))


def _show_figure(fig, *, dpi: int = 100, alt: str | None = None) -> None:
    """Display ``fig`` as a PNG image with alt text, and close it.

    The image is made here rather than by the kernel's matplotlib backend: under a
    non-inline backend (``MPLBACKEND=Agg`` in the environment, as on many servers
    and CI machines) ``display(fig)`` shows only ``<Figure size …>`` as text.
    Closing the figure keeps the inline backend from showing it a second time.
    The PNG has twice ``dpi`` and is shown at ``dpi`` (sharp on high-density screens);
    on a narrow screen it keeps that size and scrolls sideways, so its text stays legible.
    The HTML form carries ``alt`` (default: the figure's titles) for screen readers.
    """
    import base64
    import io

    import matplotlib.pyplot as plt
    from IPython.display import display

    alt = alt if alt is not None else (_figure_title(fig) or "figure")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=2 * dpi, bbox_inches="tight")  # sharp on high-density screens
    plt.close(fig)
    png = buf.getvalue()
    width = int.from_bytes(png[16:20], "big") // 2  # the PNG's width (IHDR), shown at half: ``dpi`` per inch
    data = base64.b64encode(png).decode("ascii")
    from ._html import image

    tag = str(image(data, alt, width))
    display({"image/png": data, "text/html": tag, "text/plain": f"<{alt}>"}, raw=True)


def _translate(text: str, source: dict, target: dict) -> str:
    """Return ``text`` rendered from ``target``'s template of the ``source`` template it matches.

    Fields (``{year}``) are read from ``text`` and written into the other
    template, decimals the Vietnamese way; ``text`` is returned as is when no
    template matches.
    """
    import re

    for key, template in source.items():
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", re.escape(template))
        m = re.fullmatch(pattern, text)
        if m:
            fields = {k: re.sub(r"(\d)\.(\d)", r"\1,\2", v) for k, v in m.groupdict().items()}  # 93.5 -> 93,5
            return target[key].format(**fields)
    return text
