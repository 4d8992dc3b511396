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

__all__ = ["normalize_text", "quote_in_text", "read_source_text", "source_text_path", "file_sha256",
           "quote_problems"]


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


@functools.lru_cache(maxsize=32)
def _normalized(path: str) -> str:
    return normalize_text(_read(path))


def quote_problems(facts, sources, *, lines=None, directory: Path | None = None,
                   missing_text: bool = False, exceptions=None) -> list[dict]:
    """Return the facts whose quote is not verbatim in its source text, or whose value is not in its quote.

    The value must be one of the numbers of the quote read the Vietnamese way
    (:func:`cchc_analysis.numbers.extract_numbers`), unless ``exceptions``
    (``checks.yaml``'s ``value_not_in_quote``: fact_id → reason) names the fact.

    Parameters
    ----------
    facts : DataFrame
        ``fact_id``, ``source_id``, ``quote``, ``value`` (float).
    sources : DataFrame
        ``source_id``, ``seed_file``.
    lines : array of int, optional
        File line of each fact (default: position + 2), for the messages.
    directory : Path, optional
        Where the texts are (default :func:`cchc_analysis.settings.seeds_dir`).
    missing_text : bool
        Report a fact whose source text is not found (default: skip it).
    exceptions : mapping, optional

    Returns
    -------
    list of dict
        Problem dicts (``row``, ``column``, ``value``, ``rule``), as in
        :class:`~cchc_analysis.errors.FactValidationError`.

    Examples
    --------
    >>> import os, tempfile, pandas as pd
    >>> folder = tempfile.mkdtemp()
    >>> _ = open(os.path.join(folder, "doc.txt"), "w", encoding="utf-8").write("Huyện được giao **97** biên chế.")
    >>> src = pd.DataFrame({"source_id": ["s"], "seed_file": ["doc.txt"]})
    >>> facts = pd.DataFrame({"fact_id": ["s:001", "s:002"], "source_id": ["s", "s"],
    ...                       "quote": ["giao 97 biên chế", "giao 98 biên chế"], "value": [97.0, 98.0]})
    >>> [(p["row"], p["rule"][:32]) for p in quote_problems(facts, src, directory=folder)]
    [(3, 'the quote is not verbatim in its')]
    """
    from .numbers import extract_numbers

    exceptions = exceptions or {}
    seed_of = dict(zip(sources["source_id"], sources["seed_file"]))
    lines = list(range(2, len(facts) + 2)) if lines is None else list(lines)
    problems = []
    texts: dict[str, str | None] = {}
    for sid in facts["source_id"].unique():
        path = source_text_path(seed_of[sid], directory) if sid in seed_of else None
        texts[sid] = _normalized(str(path)) if path is not None and path.is_file() else None
    todo = facts["source_id"].map(texts).notna().to_numpy()  # no loop over facts whose text is absent
    if not missing_text:
        facts, lines = facts[todo], [n for n, keep in zip(lines, todo) if keep]
    for i, (fid, sid, quote, value) in enumerate(zip(facts["fact_id"], facts["source_id"], facts["quote"], facts["value"])):
        text = texts[sid]
        if text is None:
            if missing_text:
                problems.append({"row": lines[i], "column": "source_id", "value": sid,
                                 "rule": f"source text {seed_of.get(sid)!r} not found under "
                                         f"{directory or settings.seeds_dir()}: set CCHC_SEEDS_DIR, "
                                         "or load with check_quotes='auto' or False"})
            continue
        if normalize_text(quote) not in text or not normalize_text(quote):
            problems.append({"row": lines[i], "column": "quote", "value": quote[:100],
                             "rule": f"the quote is not verbatim in its source text {seed_of[sid]!r} "
                                     "(copy it exactly: same letters, accents, digits and punctuation)"})
        elif fid not in exceptions and not any(abs(float(value) - n) < 1e-9 for n in extract_numbers(quote)):
            problems.append({"row": lines[i], "column": "value", "value": float(value),
                             "rule": f"the value is not one of the numbers of its quote {extract_numbers(quote)} "
                                     "(or list the fact under value_not_in_quote in checks.yaml, with the reason)"})
    return problems


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
