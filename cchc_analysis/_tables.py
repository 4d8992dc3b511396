"""Read a curated CSV file strictly: every structural fault becomes a located problem.

``pandas.read_csv`` forgives too much for curated data: a row with a missing
field is padded with an empty string, a row with one field too many turns the
first column into the index, a stray ``"`` is kept or silently dropped, and a
file cut inside a quoted field raises a ``ParserError`` without saying which
field.  :func:`read_table` first scans the bytes of the file once, with numpy
(no Python loop per row), for

- bytes that are not UTF-8, and control characters (NUL, tab, escape, …; a
  line break inside a quoted field is allowed);
- quotes that do not open or close a field (``ab"c``, ``"ab"c``, ``5",``) and a
  quoted field that never closes;
- records whose number of fields differs from the header's;

and only then lets pandas parse the text, all columns as strings.  Each
problem names the line of the file (header = line 1) and the column.

Examples
--------
>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "t.csv")
>>> _ = open(path, "w", encoding="utf-8").write('a,b\\n1,"x, y"\\n2,z,extra\\n')
>>> read_table(path, ["a", "b"])
Traceback (most recent call last):
...
cchc_analysis.errors.FactValidationError: .../t.csv: rejected, 1 problem(s):
  .../t.csv:3: column 'b' value='2,z,extra' breaks a row with 3 fields, the header has 2 ...
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import FactValidationError

__all__ = ["read_table", "CONTROL_CHARS"]

#: Characters no curated text may hold: C0 controls except line breaks, DEL, C1 controls.
CONTROL_CHARS = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")
_NL, _QUOTE, _COMMA, _CR = 10, 34, 44, 13
_SPECIAL = np.zeros(256, dtype=bool)
_SPECIAL[[_NL, _QUOTE, _COMMA]] = True


class _Scan:
    """Record and field boundaries of CSV bytes, found with numpy."""

    def __init__(self, raw: bytes):
        self.raw = raw
        arr = np.frombuffer(raw, dtype=np.uint8)
        self.arr = arr
        idx = np.flatnonzero(_SPECIAL[arr])
        ch = arr[idx]
        isq = ch == _QUOTE
        odd = (np.cumsum(isq) % 2).astype(bool)  # after this byte: inside a quoted field
        self.quotes, self.opens = idx[isq], odd[isq]
        delim = ~isq & ~odd
        self.all_newlines = idx[ch == _NL]
        self.commas = idx[delim & (ch == _COMMA)]
        newlines = idx[delim & (ch == _NL)]
        self.starts = np.concatenate(([0], newlines + 1))
        self.ends = np.concatenate((newlines, [len(raw)]))
        length = self.ends - self.starts
        cr_only = (length == 1) & (arr[np.minimum(self.starts, len(raw) - 1)] == _CR) if len(raw) else length == 0
        self.blank = (length == 0) | cr_only
        self.fields = 1 + np.searchsorted(self.commas, self.ends) - np.searchsorted(self.commas, self.starts)
        self.lines = np.searchsorted(self.all_newlines, self.starts) + 1

    def locate(self, pos: int) -> tuple[int, int]:
        """Return (line of the file, field index in its record) of byte ``pos``."""
        line = int(np.searchsorted(self.all_newlines, pos)) + 1
        rec = int(np.searchsorted(self.starts, pos, side="right")) - 1
        field = int(np.searchsorted(self.commas, pos) - np.searchsorted(self.commas, self.starts[rec]))
        return line, field

    def bad_quotes(self) -> list[int]:
        """Return the byte positions of quotes that neither open nor close a field."""
        q, arr, n = self.quotes, self.arr, len(self.arr)
        if not len(q):
            return []
        prev = arr[np.maximum(q - 1, 0)]
        nxt = arr[np.minimum(q + 1, n - 1)]
        at_start, at_end = q == 0, q == n - 1
        # a doubled quote inside a quoted field closes and reopens at once: allowed
        opener_ok = at_start | (prev == _COMMA) | (prev == _NL) | ((prev == _QUOTE) & ~at_start)
        closer_ok = at_end | (nxt == _COMMA) | (nxt == _NL) | (nxt == _CR) | ((nxt == _QUOTE) & ~at_end)
        bad = np.where(self.opens, ~opener_ok, ~closer_ok)
        return [int(p) for p in q[bad][:20]]


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise FactValidationError(path, [{
            "row": line, "column": None, "value": raw[err.start:err.start + 8],
            "rule": "encoding: the file must be UTF-8 (save it as UTF-8, not Windows-1258/cp1252)",
        }]) from None


def _field_text(scan: _Scan, text_of, line_pos: int) -> str:
    rec = int(np.searchsorted(scan.starts, line_pos, side="right")) - 1
    return text_of(scan.starts[rec], scan.ends[rec])


def read_table(path: str | Path, columns: list[str], *, optional: tuple[str, ...] = (),
               what: str = "rows", required: bool = True) -> tuple[pd.DataFrame, np.ndarray]:
    """Return the rows of a curated CSV file as strings, and the file line of each row.

    Parameters
    ----------
    path : str or Path
    columns : list of str
        The header the file must have, in this order.
    optional : tuple of str
        Columns a file written before they existed may lack (they are added, empty).
    what : str
        What a row is ("facts", "sources"), for the message on a header-only file.
    required : bool
        Whether a file with a header and no rows is an error.

    Returns
    -------
    (DataFrame, ndarray)
        Every column as ``str`` (``""`` when empty), in the order of ``columns``;
        and the line of the file where each row starts (header = line 1).

    Raises
    ------
    FactValidationError
        On anything that keeps the file from being read exactly: not UTF-8, a
        control character, a stray or unclosed quote, a row with too many or
        too few fields, a wrong header, no rows (when ``required``).

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "t.csv")
    >>> _ = open(path, "w", encoding="utf-8").write('a,b\\n1,"x, ""y"" z"\\n')
    >>> df, lines = read_table(path, ["a", "b"])
    >>> df.loc[0, "b"], lines.tolist()
    ('x, "y" z', [2])
    """
    path = Path(path)
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    _decode(path, raw)
    scan = _Scan(raw)

    def text_of(a, b):
        return raw[a:b].decode("utf-8", "replace")

    def header_names() -> list[str]:
        first = next((i for i in range(len(scan.starts)) if not scan.blank[i]), None)
        if first is None:
            return []
        return next(iter(pd.read_csv(io.StringIO(text_of(scan.starts[first], scan.ends[first]) + "\n"),
                                     header=None, dtype=str, keep_default_na=False).values.tolist()), [])

    problems: list[dict] = []
    if raw.count(b'"') % 2:
        last = int(scan.quotes[scan.opens][-1])
        line, _ = scan.locate(last)
        problems.append({"row": line, "column": None, "value": text_of(last, last + 40),
                         "rule": "a quoted field that never closes (the file was cut, or a \" is missing)"})
        raise FactValidationError(path, problems)
    header = header_names()
    name = lambda i: header[i] if 0 <= i < len(header) else f"field {i + 1}"  # noqa: E731
    for pos in scan.bad_quotes():
        line, field = scan.locate(pos)
        problems.append({"row": line, "column": name(field), "value": _field_text(scan, text_of, pos)[:80],
                         "rule": "a stray \" (a text with quotes must be written \"…\" with inner quotes doubled \"\")"})
    for m in list(_CONTROL_BYTES.finditer(raw))[:20]:
        line, field = scan.locate(m.start())
        problems.append({"row": line, "column": name(field), "value": m.group().decode("utf-8", "replace"),
                         "rule": "a control character (NUL, tab, escape, …): only printable text is allowed"})
    if problems:
        raise FactValidationError(path, problems)
    records = np.flatnonzero(~scan.blank)
    if not len(records):
        raise FactValidationError(path, [{"row": 1, "column": None, "value": None, "rule": "empty file: a header line is required"}])
    head, body = records[0], records[1:]
    missing = [c for c in columns if c not in header]
    absent_optional = [c for c in missing if c in optional]
    missing = [c for c in missing if c not in optional]
    extra = [c for c in header if c not in columns]
    expected = [c for c in columns if c not in absent_optional]
    if missing or extra or header != expected:
        problems += [{"row": 1, "column": c, "value": None, "rule": "missing column (expected header: " + ",".join(columns) + ")"} for c in missing]
        problems += [{"row": 1, "column": c, "value": None, "rule": "unknown column (expected header: " + ",".join(columns) + ")"} for c in extra]
        if not problems:
            problems.append({"row": 1, "column": None, "value": ",".join(header),
                             "rule": "columns out of order or repeated (expected header: " + ",".join(columns) + ")"})
        raise FactValidationError(path, problems)
    wrong = body[scan.fields[body] != len(header)]
    for rec in wrong[:50]:
        n = int(scan.fields[rec])
        col = header[-1] if n > len(header) else header[min(n, len(header)) - 1]
        hint = ("an unquoted comma? put a text holding commas in double quotes" if n > len(header)
                else "a field is missing")
        problems.append({"row": int(scan.lines[rec]), "column": col, "value": text_of(scan.starts[rec], scan.ends[rec])[:80],
                         "rule": f"a row with {n} fields, the header has {len(header)} ({hint})"})
    if problems:
        raise FactValidationError(path, problems)
    if required and not len(body):
        raise FactValidationError(path, [{"row": 2, "column": None, "value": None,
                                          "rule": f"no {what}: the file has a header and no rows"}])
    try:
        df = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, index_col=False,
                         encoding="utf-8", skip_blank_lines=True)
    except (pd.errors.ParserError, ValueError) as err:  # the scan should have caught it: say where pandas stopped
        found = re.search(r"line (\d+)|row (\d+)", str(err))
        line = int(next(g for g in found.groups() if g)) if found else None
        raise FactValidationError(path, [{"row": line, "column": None, "value": None,
                                          "rule": f"not a well-formed CSV file ({str(err).strip()})"}]) from None
    if len(df) != len(body):
        raise FactValidationError(path, [{"row": None, "column": None, "value": None,
                                          "rule": f"read {len(df)} rows where the file has {len(body)} records"}])
    for col in absent_optional:
        df[col] = ""
    return df[columns], scan.lines[body]
