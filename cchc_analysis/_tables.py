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
#: ``bytes.translate`` table deleting every byte but line feed, quote and comma.
_KEEP_SPECIAL = bytes(c for c in range(256) if c not in (_NL, _QUOTE, _COMMA))
#: The same, keeping control bytes too (C0, DEL) so that one pass also counts them.
_KEEP_SPECIAL_AND_CONTROL = bytes(c for c in range(256) if c not in (_NL, _QUOTE, _COMMA) and (32 <= c < 127 or c > 127))


class _Scan:
    """Record and field boundaries of CSV bytes, found with numpy (no loop per row).

    The bytes are reduced to their line feeds, quotes and commas (a C-speed
    ``translate``); record boundaries and field counts come from that short
    stream.  Byte positions (for the neighbours of quotes and for locating a
    problem) are computed only where needed.
    """

    def __init__(self, raw: bytes):
        self.raw = raw
        self.arr = np.frombuffer(raw, dtype=np.uint8)
        ch = np.frombuffer(raw.translate(None, _KEEP_SPECIAL_AND_CONTROL), dtype=np.uint8)
        isq = ch == _QUOTE
        self.n_quotes = int(np.count_nonzero(isq))
        #: control bytes besides line feed and carriage return (their places: :func:`_control_positions`)
        self.n_control = len(ch) - self.n_quotes - int(np.count_nonzero((ch == _NL) | (ch == _COMMA) | (ch == _CR)))
        # after this byte: inside a quoted field (parity survives the uint8 wrap-around)
        odd = (np.cumsum(isq, dtype=np.uint8) & 1).astype(bool)
        delim = ~isq & ~odd
        is_nl = ch == _NL
        nl_before = np.cumsum(is_nl) - is_nl  # line feeds before each special byte
        rec_end = np.flatnonzero(delim & is_nl)  # in the special stream
        comma_rank = np.cumsum(delim & (ch == _COMMA))
        commas_at_end = np.concatenate((comma_rank[rec_end], [comma_rank[-1] if len(ch) else 0]))
        self.fields = 1 + np.diff(np.concatenate(([0], commas_at_end)))
        # the line where each record starts: 1 + line feeds before it
        self.lines = np.concatenate(([1], nl_before[rec_end] + 2))
        # a record is blank when nothing but its line feed (or CR) lies between the delimiters
        nl_pos = np.flatnonzero(self.arr == _NL) if len(rec_end) else np.array([], dtype=np.int64)
        ends = np.concatenate((nl_pos[nl_before[rec_end]], [len(raw)]))
        starts = np.concatenate(([0], ends[:-1] + 1))
        self.starts, self.ends, self.all_newlines = starts, ends, nl_pos
        length = ends - starts
        last = self.arr[np.clip(starts, 0, max(len(raw) - 1, 0))] if len(raw) else np.zeros(len(starts), np.uint8)
        self.blank = (length == 0) | ((length == 1) & (last == _CR))

    def locate(self, pos: int) -> tuple[int, int]:
        """Return (line of the file, field index in its record) of byte ``pos`` (slow: for messages)."""
        line = int(np.searchsorted(self.all_newlines, pos)) + 1
        rec = int(np.searchsorted(self.starts, pos, side="right")) - 1
        head = np.frombuffer(self.raw[self.starts[rec]:pos].translate(None, _KEEP_SPECIAL), dtype=np.uint8)
        odd = (np.cumsum(head == _QUOTE) % 2).astype(bool)
        return line, int(((head == _COMMA) & ~odd).sum())

    def quote_positions(self) -> np.ndarray:
        return np.flatnonzero(self.arr == _QUOTE)

    def bad_quotes(self) -> list[int]:
        """Return the byte positions of quotes that neither open nor close a field."""
        q, arr, n = self.quote_positions(), self.arr, len(self.arr)
        if not len(q):
            return []
        opens = np.arange(len(q)) % 2 == 0
        prev = arr[np.maximum(q - 1, 0)]
        nxt = arr[np.minimum(q + 1, n - 1)]
        at_start, at_end = q == 0, q == n - 1
        # a doubled quote inside a quoted field closes and reopens at once: allowed
        opener_ok = at_start | (prev == _COMMA) | (prev == _NL) | ((prev == _QUOTE) & ~at_start)
        closer_ok = at_end | (nxt == _COMMA) | (nxt == _NL) | (nxt == _CR) | ((nxt == _QUOTE) & ~at_end)
        bad = np.where(opens, ~opener_ok, ~closer_ok)
        return [int(p) for p in q[bad][:20]]


def _control_positions(raw: bytes, scan: _Scan) -> list[int]:
    """Return byte positions of control characters (C0 but line breaks, DEL, C1), at most 20."""
    if scan.n_control == 0 and b"\xc2" not in raw:  # C1 controls are U+0080..U+009F: \xc2 \x80..\x9f
        return []
    return [m.start() for m in _CONTROL_BYTES.finditer(raw)][:20]


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
               what: str = "rows", required: bool = True,
               ignore: tuple[str, ...] = ()) -> tuple[pd.DataFrame, np.ndarray]:
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
    ignore : tuple of str
        Columns a file may have besides ``columns`` (dropped), e.g. the
        ``confidence`` and ``status`` of ``cchc extract`` candidates.

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
    header = header_names()
    name = lambda i: header[i] if 0 <= i < len(header) else f"field {i + 1}"  # noqa: E731
    # after a stray quote the pairing of later quotes is off: report the first one only
    for pos in scan.bad_quotes()[:1]:
        line, field = scan.locate(pos)
        problems.append({"row": line, "column": name(field), "value": _field_text(scan, text_of, pos)[:80],
                         "rule": "a stray \" (a text with quotes must be written \"…\" with inner quotes doubled \"\")"})
    if not problems and scan.n_quotes % 2:
        last = int(scan.quote_positions()[-1])
        line, _ = scan.locate(last)
        problems.append({"row": line, "column": None, "value": text_of(last, last + 40),
                         "rule": "a quoted field that never closes (the file was cut, or a \" is missing)"})
    for pos in _control_positions(raw, scan):
        line, field = scan.locate(pos)
        problems.append({"row": line, "column": name(field), "value": raw[pos:pos + 2].decode("utf-8", "replace")[:1],
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
    extra = [c for c in header if c not in columns and c not in ignore]
    expected = [c for c in columns if c not in absent_optional]
    if missing or extra or [c for c in header if c not in ignore] != expected:
        problems += [{"row": 1, "column": c, "value": None, "rule": "missing column (expected header: " + ",".join(columns) + ")"} for c in missing]
        problems += [{"row": 1, "column": c, "value": None, "rule": "unknown column (expected header: " + ",".join(columns) + ")"} for c in extra]
        if not problems:
            problems.append({"row": 1, "column": None, "value": ",".join(header),
                             "rule": "columns out of order or repeated (expected header: " + ",".join(columns) + ")"})
        raise FactValidationError(path, problems)
    wrong = body[scan.fields[body] != len(header)]
    for rec in wrong[:50]:
        n = int(scan.fields[rec])
        col = header[-1] if n > len(header) else header[n]  # the last one, or the first missing
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
        # read as objects, then make them str: twice as fast as dtype=str in pandas 3.1
        df = pd.read_csv(io.BytesIO(raw), dtype=object, keep_default_na=False, index_col=False,
                         encoding="utf-8", skip_blank_lines=True).astype(str)
    except UnicodeDecodeError:
        _decode(path, raw)
        raise
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
