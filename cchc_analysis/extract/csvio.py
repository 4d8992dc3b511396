"""Write and read candidate CSVs that a spreadsheet opens without running anything.

A text cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage
return) is a formula to Excel and LibreOffice; such cells are written with the
conventional guard, a leading ``'``, and :func:`read_candidates` strips it
back, so ``-2+3`` round-trips as text with its sign.  Numbers stay numbers.
An existing file is never replaced unless ``force`` is given, and a file is
written whole or not at all.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
>>> df = pd.DataFrame({"quote": ["=HYPERLINK(\\"http://x\\")", "-2+3"], "value": [-2.0, 5.0]})
>>> write_candidates(df, path)
>>> path.read_text(encoding="utf-8").splitlines()[1]
'"\\'=HYPERLINK(""http://x"")",-2.0'
>>> read_candidates(path)["quote"].tolist()
['=HYPERLINK("http://x")', '-2+3']
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from ..errors import ParameterError

__all__ = ["write_candidates", "read_candidates", "guard_cell", "unguard_cell"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard_cell(value):
    """Return a text cell with a ``'`` in front when a spreadsheet would read it as a formula.

    Examples
    --------
    >>> guard_cell("@SUM(A1)"), guard_cell("Dân số"), guard_cell(-2.0)
    ("'@SUM(A1)", 'Dân số', -2.0)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def unguard_cell(value):
    """Undo :func:`guard_cell`.

    Examples
    --------
    >>> unguard_cell("'=1+1"), unguard_cell("'quoted")
    ('=1+1', "'quoted")
    """
    if isinstance(value, str) and value.startswith("'") and value[1:2] and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def write_candidates(df: pd.DataFrame, path: str | Path, *, force: bool = False) -> None:
    """Write candidates to a UTF-8 CSV, guarded against formulas, atomically.

    Raises
    ------
    ParameterError
        When ``path`` exists and ``force`` is false (nothing is written).
    OSError
        When the folder cannot be written (the old file, if any, is kept).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> write_candidates(pd.DataFrame({"a": [1]}), path)
    >>> write_candidates(pd.DataFrame({"a": [2]}), path)
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.ParameterError: ...exists; give --force to replace it...
    """
    path = Path(path)
    if path.exists() and not force:
        raise ParameterError("out", str(path), "exists; give --force to replace it, or another file name")
    if path.is_dir():
        raise ParameterError("out", str(path), "is a folder; give a file name")
    guarded = df.copy()
    for col in guarded.columns:
        if guarded[col].dtype == object or pd.api.types.is_string_dtype(guarded[col]):
            guarded[col] = guarded[col].map(guard_cell)
    text = guarded.to_csv(index=False, lineterminator="\n")
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_candidates(path: str | Path) -> pd.DataFrame:
    """Read a candidate CSV written by :func:`write_candidates`, guards removed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> _ = path.write_text("quote,value\\n'+84 123,1\\n", encoding="utf-8")
    >>> read_candidates(path).loc[0, "quote"]
    '+84 123'
    """
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for col in df.columns:
        df[col] = df[col].map(unguard_cell)
    if "value" in df:
        df["value"] = pd.to_numeric(df["value"], errors="coerce")
    return df
