"""Figures in words, for readers: trends with their interval, values with unit, contradiction flags.

Private to the package; :mod:`cchc_analysis.report` re-exports :func:`supported`,
:func:`trend_words` and :func:`flag_text`. Every word comes from :mod:`cchc_analysis._text`.

Examples
--------
>>> supported({"status": "insufficient data", "slope_ci_low": None, "slope_ci_high": None})
False
"""
from __future__ import annotations

import pandas as pd

from ._present import _label, _period, _scope_label, _unit, format_quantity, format_value
from ._text import TEXT

__all__ = ["supported", "trend_words", "flag_text"]


def _t(key: str, language: str, **fmt) -> str:
    value = TEXT[language][key]
    return value.format(**fmt) if fmt else value


# --- dates and PAPI changes for readers ----------------------------------------------------------

from ._text import MONTHS_EN as _MONTHS_EN  # noqa: E402


def reader_date(value, language: str = "vi") -> str:
    """Return an ISO date (``2023-11-30``, ``2022-05``) as a reader writes it in ``language``.

    Vietnamese writes day/month/year (``30/11/2023``, ``05/2022``); English writes the month
    in letters so the order cannot be misread (``30 Nov 2023``, ``May 2022``). A year alone, an
    empty value or anything that is not an ISO date comes back as it is.

    Examples
    --------
    >>> reader_date("2023-11-30"), reader_date("2022-05"), reader_date("2021")
    ('30/11/2023', '05/2022', '2021')
    >>> reader_date("2023-11-30", "en"), reader_date("2022-05", "en"), reader_date("2023-02-30", "en")
    ('30 Nov 2023', 'May 2022', '2023-02-30')
    """
    import datetime
    import re

    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if not m:
        return text
    year, month, day = int(m.group(1)), int(m.group(2)), m.group(3)
    try:
        datetime.date(year, month, int(day) if day else 1)
    except ValueError:
        return text
    if language == "vi":
        return f"{day}/{month:02d}/{year}" if day else f"{month:02d}/{year}"
    return f"{int(day)} {_MONTHS_EN[month - 1]} {year}" if day else f"{_MONTHS_EN[month - 1]} {year}"


def reader_span(first, last, language: str = "vi") -> str:
    """Return two ISO dates as a span for readers, once when they are the same.

    Examples
    --------
    >>> reader_span("2022-05", "2022-05"), reader_span("2020-11-30", "2023-01-02", "en")
    ('05/2022', '30 Nov 2020 – 2 Jan 2023')
    """
    a, b = reader_date(first, language), reader_date(last, language)
    return a if a == b or not b else f"{a} – {b}"


def signed_score(change: float, language: str = "vi") -> str:
    """Return a change of PAPI score with its sign and unit.

    Examples
    --------
    >>> signed_score(0.1723), signed_score(-0.4238, "en"), signed_score(0.0)
    ('+0,17 điểm', '−0.42 points', '±0 điểm')
    """
    sign = "+" if round(change, 2) > 0 else "−" if round(change, 2) < 0 else "±"
    return sign + format_quantity(abs(change), "score", language)


def supported(trend) -> bool:
    """Return True when a fitted trend's 95% slope interval excludes zero (a direction the data support).

    Examples
    --------
    >>> supported({"status": "fitted", "slope_ci_low": 0.4, "slope_ci_high": 2.0})
    True
    >>> supported({"status": "fitted", "slope_ci_low": -12.6, "slope_ci_high": 3.4})
    False
    """
    lo, hi = trend.get("slope_ci_low"), trend.get("slope_ci_high")
    return (trend.get("status") == "fitted" and lo is not None and hi is not None
            and not pd.isna(lo) and not pd.isna(hi) and (lo > 0 or hi < 0))


def trend_words(trend, unit=None, language: str = "vi") -> str:
    """Return a fitted trend in words: its yearly change and 95% interval, or "no reliable trend".

    Examples
    --------
    >>> trend_words({"status": "fitted", "slope": 1.5, "slope_ci_low": 0.5, "slope_ci_high": 2.5,
    ...              "n_points": 5}, "pct", "en")
    'up 1.5% a year (95% interval 0.5% to 2.5%; 5 years)'
    >>> trend_words({"status": "fitted", "slope": -4.6, "slope_ci_low": -12.6, "slope_ci_high": 3.4,
    ...              "n_points": 5}, "persons")
    'không có xu hướng đáng tin cậy (5 năm số liệu)'
    """
    n = int(trend.get("n_points"))
    if not supported(trend):
        return _t("trend_unreliable", language, n=n)
    slope = float(trend["slope"])
    q = lambda v: format_quantity(round(abs(v) if v is slope else v, 2), unit, language)  # noqa: E731
    return _t("trend_up" if slope > 0 else "trend_down", language, slope=q(slope),
                lo=format_quantity(round(float(trend["slope_ci_low"]), 2), unit, language),
                hi=format_quantity(round(float(trend["slope_ci_high"]), 2), unit, language), n=n)


def _contradicted(flags: pd.DataFrame) -> set:
    """Return the fact ids whose value another figure of the same documents contradicts."""
    ids = set()
    for fid in flags.get("fact_ids", pd.Series(dtype=str)):
        ids.update(i for i in str(fid).split(";") if i)
    return ids


def _quantities(f: pd.DataFrame, catalog: pd.DataFrame, language: str, contradicted=()) -> list[str]:
    """Return the facts' values with unit and qualifier, contradicted ones marked."""
    q = f["qualifier"] if "qualifier" in f else pd.Series(None, index=f.index)
    return [format_quantity(v, _unit(catalog, s), language, k)
            + (f" {_t('contradicted', language)}" if i in contradicted else "")
            for s, v, k, i in zip(f["indicator"], f["value"], q, f["fact_id"])]


def _in_years(targets: pd.DataFrame, ctx) -> pd.DataFrame:
    """Return the targets due within the report's years (the scope stated in its header)."""
    return targets[targets["target_year"].between(ctx.start_year, ctx.end_year)]


def _gap(value, unit, language: str) -> str:
    if value is None or pd.isna(value):
        return "–"
    sign = "+" if value > 0 else ""
    return sign + format_quantity(value, "places" if unit == "rank" else unit, language)


def flag_text(flag, facts: pd.DataFrame, catalog: pd.DataFrame, language: str = "vi") -> str:
    """Return one consistency flag (a row of :func:`~cchc_analysis.check_consistency`) as a sentence.

    Written from the flag's fields and the facts it names (``facts`` must hold its
    ``fact_ids``) in ``language``, with indicator names, levels and numbers for
    readers: no slug, rule name or fact id (the quotes beside it say where).

    Examples
    --------
    >>> import pandas as pd
    >>> facts = pd.DataFrame({"fact_id": ["a:001", "a:002"], "indicator": "communes_count", "scope": "",
    ...                       "level": "commune", "period_start": 2019, "period_end": 2019,
    ...                       "kind": "actual", "value": [18.0, 23.0]})
    >>> catalog = pd.DataFrame({"name_vi": ["Số đơn vị hành chính cấp xã"], "name_en": ["Communes"]},
    ...                        index=["communes_count"])
    >>> flag = {"rule": "duplicate_conflict", "indicator": "communes_count", "fact_ids": "a:001;a:002",
    ...         "values": "18; 23", "expected": float("nan"), "message": "…"}
    >>> flag_text(flag, facts, catalog)
    'Số đơn vị hành chính cấp xã (cấp xã, 2019, thực tế): tài liệu ghi 2 giá trị khác nhau: 18, 23.'
    >>> flag_text(flag, facts, catalog, "en")
    'Communes (commune, 2019, actual): the documents state 2 different values: 18, 23.'
    """
    import math
    import re

    from ._text import FLAG_WORDS

    flag = dict(flag)
    words, said = TEXT[language], FLAG_WORDS[language]
    ids = [i for i in str(flag["fact_ids"]).split(";") if i]
    rows = facts[facts["fact_id"].isin(ids)].set_index("fact_id").reindex(ids)
    own = rows[rows["indicator"] == flag["indicator"]]
    if rows["indicator"].isna().all():  # the facts named are not at hand: the checker's words
        return flag["message"]
    first = (own if len(own) else rows.dropna(subset=["indicator"])).iloc[0]
    scope = _scope_label(first["scope"], language) if isinstance(first["scope"], str) else ""
    head = (_label(catalog, flag["indicator"], language) + (f" – {scope}" if scope else "")
            + f" ({words['level_names'].get(first['level'], first['level'])}, "
            + f"{_period(first['period_start'], first['period_end'])}, {words['kind'].get(first['kind'], first['kind'])})")
    rule = flag["rule"]

    def num(v) -> str:
        return format_value(float(v), language)

    if rule == "duplicate_conflict":
        values = ", ".join(num(v) for v in sorted(rows["value"].dropna().unique()))
        return said["duplicate_conflict"].format(head=head, n=rows["value"].nunique(), values=values)
    terms = re.findall(r"([a-z0-9_]+)(?:\[([^\]]*)\])?=(-?[0-9.e+-]+)", str(flag["values"]))
    if rule == "pct_mismatch":  # the stated share is said on its own; the parts are its counts
        terms = [t for t in terms if t[0] != flag["indicator"]]
    parts = "; ".join(_label(catalog, slug, language) + (f" – {_scope_label(sc, language)}" if sc else "")
                      + f" = {num(v)}" for slug, sc, v in terms)
    expected = flag.get("expected")
    has_expected = expected is not None and not (isinstance(expected, float) and math.isnan(expected))
    if rule == "pct_mismatch":
        stated = num(own["value"].iloc[0]) if len(own) else "?"
        calc = f"{num(expected)}%" if has_expected else "?"  # 4 of 232.636: 0,0017%, not 0%
        return said["pct_mismatch"].format(head=head, stated=stated, calc=calc, parts=parts)
    if rule == "parts_vs_total":
        total = said["parts_sum"].format(sum=num(expected)) if has_expected else ""
        return said["parts_vs_total"].format(head=head, sum=total, parts=parts)
    if rule == "shares_sum":
        return said["shares_sum"].format(head=head, parts=parts)
    return flag["message"]
