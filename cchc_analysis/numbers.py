"""Read numbers written the Vietnamese way.

In Vietnamese official documents ``.`` groups thousands and ``,`` marks the
decimal part: ``232.636`` hồ sơ is 232636 dossiers and ``98,7%`` is 98.7 per
cent.  ``1.561`` is one thousand five hundred sixty-one, never 1.561.

The rules, in order:

1. A ``.`` must be followed by exactly three digits (a thousands group);
   anything else (``1.5``, ``12.34``) is ambiguous and raises.
2. A ``,`` marks decimals and may appear once, after the last group.
3. A numeral mixing English style (``1,234.5``) raises rather than guessing.
4. Leading zeros are kept out of the value (``09`` biên chế is 9).
5. ``a/b`` is a pair (``1.573/1670`` → (1573, 1670)).

Examples
--------
>>> parse_number("232.636")
232636
>>> parse_number("98,7%")
98.7
>>> parse_quantity("31.752,8 ha")
Quantity(value=31752.8, unit='ha')
>>> parse_quantity("17.281,5 tỷ đồng")
Quantity(value=17281.5, unit='tỷ đồng')
>>> parse_pair("1.573/1670")
(1573, 1670)
>>> parse_number("60 %")
60
>>> parse_number("1.5")
Traceback (most recent call last):
...
cchc_analysis.errors.AmbiguousNumberError: cannot read '1.5' as a Vietnamese number: ...
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .errors import AmbiguousNumberError

__all__ = ["parse_number", "parse_quantity", "parse_pair", "extract_numbers", "Quantity"]

# A well-formed Vietnamese numeral: digits in thousands groups, optional decimals.
_VN = re.compile(r"^(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$")
# Anything that looks like a numeral, greedy over separators, for scanning text.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*")


class Quantity(NamedTuple):
    """A number with the unit written after it (``unit`` may be empty)."""

    value: int | float
    unit: str


def _to_value(digits: str) -> int | float:
    whole, _, frac = digits.partition(",")
    whole = whole.replace(".", "")
    if frac:
        return float(f"{int(whole)}.{frac}")
    return int(whole)


def parse_number(text: str) -> int | float:
    """Return the value of one numeral written the Vietnamese way.

    A trailing ``%`` (with or without a space) is allowed and dropped:
    percentages are returned on the 0–100 scale.

    Parameters
    ----------
    text : str
        The numeral, e.g. ``"232.636"``, ``"98,7%"`` or ``"60 %"``.

    Returns
    -------
    int or float
        ``int`` when there is no decimal part.

    Raises
    ------
    AmbiguousNumberError
        When the text is not a numeral or could be read more than one way.

    Examples
    --------
    >>> parse_number("1.561")
    1561
    >>> parse_number("13,86%")
    13.86
    >>> parse_number("1,234.5")
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.AmbiguousNumberError: cannot read '1,234.5' as a Vietnamese number: ...
    """
    if not isinstance(text, str):
        raise AmbiguousNumberError(repr(text), "expected a string")
    s = text.strip().replace("\u00a0", " ")
    if s.endswith("%"):
        s = s[:-1].rstrip()
    if _VN.match(s):
        return _to_value(s)
    if re.fullmatch(r"\d+(?:\.\d+)+(?:,\d+)?", s):
        raise AmbiguousNumberError(
            text, "a '.' groups thousands and must be followed by exactly three digits"
        )
    if re.fullmatch(r"\d+(?:,\d{3})+\.\d+|\d+(?:,\d+){2,}", s):
        raise AmbiguousNumberError(text, "written in English style (',' for thousands)")
    if re.fullmatch(r"\d+(?:[.,]\d+)+", s):
        raise AmbiguousNumberError(text, "separators do not follow the Vietnamese convention")
    raise AmbiguousNumberError(text, "not a numeral")


def parse_quantity(text: str) -> Quantity:
    """Return the number at the start of ``text`` and the unit after it.

    Examples
    --------
    >>> parse_quantity("155.400 người")
    Quantity(value=155400, unit='người')
    >>> parse_quantity("98,7 %")
    Quantity(value=98.7, unit='%')
    """
    m = re.match(r"\s*(\d+(?:[.,]\d+)*)\s*(.*?)\s*$", text)
    if not m:
        raise AmbiguousNumberError(text, "does not start with a numeral")
    return Quantity(parse_number(m.group(1)), m.group(2))


def parse_pair(text: str) -> tuple[int | float, int | float]:
    """Return the two numbers of ``a/b`` (part of a whole, e.g. staff present/quota).

    Examples
    --------
    >>> parse_pair("80/88")
    (80, 88)
    """
    parts = text.split("/")
    if len(parts) != 2:
        raise AmbiguousNumberError(text, "a pair has exactly one '/'")
    return parse_number(parts[0]), parse_number(parts[1])


def extract_numbers(text: str, *, strict: bool = False) -> list[int | float]:
    """Return every number in a passage of text, read the Vietnamese way.

    Numerals inside dates (``23/01/2017``) and document numbers are returned
    too (as their parts); the list is for checking that a figure is stated,
    not for interpreting it.  A numeral that cannot be read unambiguously is
    skipped unless ``strict`` is true; with ``strict=False`` a token such as
    ``1.5`` yields its digit runs (1 and 5) so a check never passes on a guess.

    Examples
    --------
    >>> extract_numbers("giảm 09 biên chế, đạt 13,86%; còn 1.573/1670 người")
    [9, 13.86, 1573, 1670]
    """
    found: list[int | float] = []
    for token in _TOKEN.findall(text):
        try:
            found.append(parse_number(token))
        except AmbiguousNumberError:
            if strict:
                raise
            found.extend(int(d) for d in re.findall(r"\d+", token))
    return found
