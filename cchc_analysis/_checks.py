"""Vectorised checks of curated tables that collect located problems (file line, column, value, rule).

Each check computes a boolean mask over a whole column (no Python loop per row);
only the failing rows become problem dicts, as
:class:`~cchc_analysis.errors.FactValidationError` lists them.

Examples
--------
>>> import pandas as pd
>>> found = Problems(pd.DataFrame({"quote": ["ok text", "=SUM(A1)"]}), lines=[2, 3])
>>> found.texts(["quote"])
>>> [(p["row"], p["rule"][:24]) for p in found.items]
[(3, 'quote may not start with')]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._tables import CONTROL_CHARS

__all__ = ["TEXT_LIMITS", "Problems", "lengths", "numbers", "check_dates", "short_value", "suggest_number", "did_you_mean"]

#: Longest text allowed per field; any field not named here: ``TEXT_LIMITS["other"]``.
TEXT_LIMITS = {"quote": 2000, "note": 2000, "description": 2000, "other": 500}
_FORMULA_START = ("=", "+", "-", "@")

def suggest_number(text: str) -> str:
    """Say how a Vietnamese-style numeral should be written in a data file."""
    from .numbers import parse_number

    try:
        return f"; written the Vietnamese way this reads {parse_number(text)!r}: write that"
    except ValueError:
        return ""


def did_you_mean(value: str, choices) -> str:
    from rapidfuzz import process

    if not isinstance(value, str) or len(value) > 100:
        return ""
    close = [c for c, score, _ in process.extract(value, list(choices), limit=3) if score >= 60]
    return f" (did you mean {', '.join(close)}?)" if close else ""


def short_value(v):
    v = v.item() if hasattr(v, "item") else v
    return v[:100] + "…" if isinstance(v, str) and len(v) > 100 else v


class Problems:
    """Collect located problems of a table, one per failing row of a vectorised check."""

    def __init__(self, df: pd.DataFrame, lines):
        self.df, self.lines, self.items = df, np.asarray(lines), []

    def each(self, mask, col, rule):
        mask = np.asarray(pd.Series(mask).fillna(False), dtype=bool)
        for i in np.flatnonzero(mask)[:1000]:
            self.items.append({"row": int(self.lines[i]), "column": col, "value": short_value(self.df[col].iat[i]),
                               "rule": rule(i) if callable(rule) else rule})

    def texts(self, columns, *, control=True):
        """Check length limits, formula starts and (unless the bytes were checked) control characters."""
        for col in columns:
            s = self.df[col].astype(str)
            limit = TEXT_LIMITS.get(col, TEXT_LIMITS["other"])
            self.each(lengths(s) > limit, col, lambda i, c=col, n=limit:
                      f"{c} is at most {n} characters (this one has {len(self.df[c].iat[i])})")
            if col in ("quote", "note", "issuer", "title", "description", "name_vi", "name_en"):
                # the first character of every text at once (numpy truncates to one character)
                first = s.to_numpy(dtype=object).astype("U1") if len(s) else np.array([], dtype="U1")
                self.each(np.isin(first, _FORMULA_START), col,
                          f"{col} may not start with =, +, - or @ (a spreadsheet would run it as a formula); "
                          "start it at its first word")
            if control and s.str.contains(CONTROL_CHARS).any():
                self.each(s.str.contains(CONTROL_CHARS), col, "a control character (NUL, tab, escape, …)")


def lengths(s: pd.Series) -> np.ndarray:
    """Return the number of characters of each text of ``s`` (faster than ``s.str.len()``).

    Examples
    --------
    >>> lengths(pd.Series(["", "Gia Lộc"])).tolist()
    [0, 7]
    """
    values = s.to_numpy(dtype=object)
    return np.fromiter(map(len, values), dtype=np.int64, count=len(values))


def numbers(s: pd.Series, *, year: bool) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Return (numbers, bad, ambiguous) of a column of numbers written as text or already numeric."""
    if pd.api.types.is_numeric_dtype(s):
        num = s.astype(float)
        bad = num.isna() | (year & (num != num.round()))
        return num, bad, pd.Series(False, index=s.index)
    text = s.astype(str)
    if year:  # fast path; four characters that int() reads inside YEAR_RANGE are four digits
        try:
            num = text.astype(np.int64)
            return num, pd.Series(lengths(text) != 4, index=s.index), pd.Series(False, index=s.index)
        except (ValueError, OverflowError):
            return pd.to_numeric(text, errors="coerce"), ~text.str.fullmatch(r"\d{4}"), pd.Series(False, index=s.index)
    num = pd.to_numeric(text, errors="coerce")
    # '155.400' would silently become 155.4: a dot before exactly three digits is ambiguous.
    # only a number below 1000 with three decimals can be such a numeral: match just those
    # as text, such a number has its integer digits, a dot and three digits: '155.400', '-1.500'
    whole = num.abs().where(num.abs() >= 1, 1).fillna(1)
    expected = np.floor(np.log10(whole)) + 5 + (num < 0)
    maybe = num.notna() & (num.abs() < 1000) & ((num * 1000).round(6) % 1 == 0) & (lengths(text) == expected)
    nan = num.isna()
    if nan.any():
        maybe[nan] = text[nan].str.contains(".", regex=False)
    ambiguous = pd.Series(False, index=s.index)
    if maybe.any():
        ambiguous[maybe] = text[maybe].str.fullmatch(r"-?\d{1,3}(\.\d{3})+").astype(bool)
    num = num.mask(ambiguous)
    return num, num.isna(), ambiguous


def check_dates(found: Problems, text: dict, years: dict) -> None:
    """Check ``date_start``/``date_end``: ISO days, both or neither, ordered, inside the period."""
    start, end = text["date_start"], text["date_end"]
    has = (start != "") | (end != "")
    if not has.any():
        return
    parsed = {}
    for col, s in (("date_start", start), ("date_end", end)):
        day = pd.to_datetime(s.where(s.str.fullmatch(r"\d{4}-\d{2}-\d{2}")), format="%Y-%m-%d", errors="coerce")
        found.each(has & (s != "") & day.isna(), col, f"{col} is an ISO date YYYY-MM-DD (e.g. 2021-03-31)")
        parsed[col] = day
    found.each(has & ((start == "") | (end == "")), "date_end" if (end == "").any() else "date_start",
               "date_start and date_end are both set (a window, or the same day for 'as of') or both empty")
    ds, de = parsed["date_start"], parsed["date_end"]
    found.each(ds > de, "date_end", "date_end >= date_start")
    found.each(ds.dt.year < years["period_start"], "date_start", "date_start lies inside period_start..period_end")
    found.each(de.dt.year > years["period_end"], "date_end", "date_end lies inside period_start..period_end")
