"""Full texts of source documents and the check that a quote is in them.

The project keeps facts, quotes and source records, not copies of the
documents.  The texts are found through :func:`cchc_analysis.settings.seeds_dir`
(``CCHC_SEEDS_DIR``, default ``../shared/seeds``).

A quote is *verbatim* when it occurs in the text as a reader sees it: both
sides are put in Unicode NFC, markdown emphasis markers (``*``) left by the
conversion to text are dropped, and runs of white space (including no-break
spaces and line breaks) count as one space.  Nothing else is forgiven: a
changed letter, digit, accent or punctuation mark fails.

Examples
--------
>>> normalize_text("huyện được giao **97**\\u00a0biên  chế")
'huyện được giao 97 biên chế'
>>> quote_in_text("giao 97 biên chế", "Năm 2017 huyện được giao **97** biên chế")
True
>>> quote_in_text("giao 98 biên chế", "Năm 2017 huyện được giao **97** biên chế")
False
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from pathlib import Path

from . import settings
from .errors import SourceTextMissingError

__all__ = ["normalize_text", "quote_in_text", "read_source_text", "source_text_path", "file_sha256"]


def normalize_text(text: str) -> str:
    """Return ``text`` as compared for quotes: NFC, no ``*``, single spaces.

    Examples
    --------
    >>> normalize_text("  **Tổng số**   hồ sơ\\n đã tiếp nhận ")
    'Tổng số hồ sơ đã tiếp nhận'
    >>> import unicodedata
    >>> normalize_text(unicodedata.normalize("NFD", "Hồ sơ")) == "Hồ sơ"  # decomposed accents compare equal
    True
    """
    text = unicodedata.normalize("NFC", text).replace("*", "")
    return re.sub(r"\s+", " ", text).strip()


def quote_in_text(quote: str, text: str) -> bool:
    """Return whether ``quote`` occurs verbatim in ``text`` (see module notes).

    Examples
    --------
    >>> text = "Tổng số hồ sơ đã tiếp nhận: 232.636 hồ sơ;\\nđã giải quyết 232.632 hồ sơ"
    >>> quote_in_text("hồ sơ đã tiếp nhận: 232.636", text)
    True
    >>> quote_in_text("hồ sơ đã tiếp nhận: 232.637", text), quote_in_text("", text)
    (False, False)
    """
    q = normalize_text(quote)
    return bool(q) and q in normalize_text(text)


def source_text_path(seed_file: str, directory: Path | None = None) -> Path:
    """Return the path where the full text of ``seed_file`` is expected.

    Examples
    --------
    >>> source_text_path("tra_cu.md", "/texts").as_posix()
    '/texts/tra_cu.md'
    """
    return Path(directory or settings.seeds_dir()) / seed_file


@functools.lru_cache(maxsize=32)
def _read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def read_source_text(seed_file: str, directory: Path | None = None) -> str:
    """Return the full text of a source document.

    Raises
    ------
    SourceTextMissingError
        When the file is absent; the message says which setting to change.

    Examples
    --------
    >>> read_source_text("no_such_document.md", "/nowhere")
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.SourceTextMissingError: source text /nowhere/no_such_document.md not found. Set CCHC_SEEDS_DIR ...
    """
    path = source_text_path(seed_file, directory)
    if not path.is_file():
        raise SourceTextMissingError(
            path, "Set CCHC_SEEDS_DIR to the folder that holds the source texts."
        )
    return _read(str(path))


def file_sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file (recorded in ``sources.csv``).

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "empty.md")
    >>> _ = open(path, "wb").close()
    >>> file_sha256(path)[:16]  # the SHA-256 of no bytes
    'e3b0c44298fc1c14'
    """
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
