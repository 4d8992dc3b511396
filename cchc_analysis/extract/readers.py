"""Read source documents to plain text, one reader per file format.

Readers are kept in a small registry keyed by file suffix, in the manner of
papermill's engines: :func:`register_reader` adds one, :func:`read_document`
picks the reader by the file's suffix, and an unknown suffix is an error that
lists the known ones.

Built-in readers:

``.txt``, ``.md``
    UTF-8 text (a byte-order mark is dropped); any other encoding is an
    error naming the file and the line of the first bad byte.
``.docx``
    Paragraphs and tables in document order, via ``python-docx`` (imported
    only when a ``.docx`` is read). Table cells are joined with ``" | "``,
    one table row per line.
``.pdf``
    The text layer of every page, via ``pypdf`` (pure Python, imported only
    when a ``.pdf`` is read). A scanned PDF without a text layer is an error.
``.html``, ``.htm``
    A saved web page's article, via ``beautifulsoup4``: menus, headers,
    footers and scripts dropped; :func:`page_metadata` gives its headline and
    publication date (``htmldate``).

Every reader's output is put in Unicode NFC, so that Vietnamese letters
written with combining accents compare equal to precomposed ones.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "bao_cao.txt"
>>> _ = path.write_text("Tiếp nhận 232.636 hồ sơ.", encoding="utf-8")
>>> read_document(path)
'Tiếp nhận 232.636 hồ sơ.'
>>> known_suffixes()
['.docx', '.htm', '.html', '.md', '.pdf', '.txt']
"""
from __future__ import annotations

import importlib
import re
import os
import unicodedata
import zipfile
from pathlib import Path
from typing import Callable

from ..errors import DocumentReadError, MissingDependencyError, SourceTextMissingError

__all__ = [
    "DocumentReadError",
    "MissingDependencyError",
    "register_reader",
    "known_suffixes",
    "read_document",
    "read_text_file",
    "iter_text_file",
    "iter_document",
    "read_docx",
    "read_pdf",
    "table_lines",
    "unflatten_tables",
    "year_column_tables",
    "read_html",
    "read_page",
    "page_metadata",
]

Reader = Callable[[Path], str]
_READERS: dict[str, Reader] = {}


def _normalize_suffix(suffix: str) -> str:
    if not isinstance(suffix, str) or not suffix.strip(". ") or any(c in suffix for c in "/\\ "):
        raise DocumentReadError(suffix, "a suffix is a file extension such as '.txt' or 'docx'",
                                known_suffixes())
    return "." + suffix.lower().lstrip(".")


def register_reader(suffix: str, fn: Reader) -> None:
    """Register ``fn`` as the reader of files ending in ``suffix``.

    A later registration for the same suffix replaces the earlier one.

    Parameters
    ----------
    suffix : str
        File extension, with or without the dot, any case (``".DOCX"`` = ``"docx"``).
    fn : callable
        ``fn(path: Path) -> str`` returning the document's text.

    Raises
    ------
    DocumentReadError
        When ``suffix`` is not a plain extension.
    TypeError
        When ``fn`` is not callable.

    Examples
    --------
    >>> register_reader("csvtext", lambda p: p.read_text(encoding="utf-8"))
    >>> ".csvtext" in known_suffixes()
    True
    >>> del _READERS[".csvtext"]
    """
    if not callable(fn):
        raise TypeError(f"reader for {suffix!r} must be callable, got {type(fn).__name__}")
    _READERS[_normalize_suffix(suffix)] = fn


def known_suffixes() -> list[str]:
    """Return the suffixes that have a reader, sorted.

    Examples
    --------
    >>> ".pdf" in known_suffixes()
    True
    """
    return sorted(_READERS)


def read_document(path: str | Path) -> str:
    """Return the text of a source document, read by the reader of its suffix.

    Parameters
    ----------
    path : str or Path
        A ``.txt``, ``.md``, ``.docx`` or ``.pdf`` file, or any suffix added
        with :func:`register_reader`.

    Returns
    -------
    str
        The text in Unicode NFC.

    Raises
    ------
    SourceTextMissingError
        When the file does not exist.
    DocumentReadError
        When no reader knows the suffix (the message lists the known ones),
        or the reader cannot read the file (not UTF-8, damaged, no text layer).
    MissingDependencyError
        When the reader needs a package that is not installed (``python-docx``
        for ``.docx``, ``pypdf`` for ``.pdf``).

    Examples
    --------
    >>> read_document("plan.xls")
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.DocumentReadError: plan.xls: no reader for suffix '.xls'...
    """
    path = Path(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        raise DocumentReadError(
            path, f"no reader for suffix {suffix or '(none)'!r}; convert the file or "
            "add a reader with register_reader()", known_suffixes())
    if not path.is_file():
        raise SourceTextMissingError(path, "Check the file name and folder.")
    return unicodedata.normalize("NFC", reader(path))


#: Largest text a reader returns, in bytes of the file (text) or of decompressed content
#: (.docx XML, .pdf text); set ``CCHC_MAX_DOCUMENT_MB`` to change it.
MAX_DOCUMENT_BYTES = int(float(os.environ.get("CCHC_MAX_DOCUMENT_MB", "64")) * 1024 * 1024)
_CHUNK = 1 << 20


def _too_big(path, what: str, size: int) -> DocumentReadError:
    return DocumentReadError(
        path, f"{what} is {size / 1048576:.1f} MB, more than the limit of "
        f"{MAX_DOCUMENT_BYTES / 1048576:.0f} MB; split the document or set CCHC_MAX_DOCUMENT_MB")


def iter_text_file(path: Path, chunk: int = _CHUNK):
    """Yield the text of a ``.txt``/``.md`` file in pieces of about ``chunk`` bytes, ending at line ends.

    UTF-8 (with or without a byte-order mark) and UTF-16 with its byte-order mark
    are read; anything else is refused with the line of the first bad byte.
    Memory stays bounded by ``chunk`` whatever the file's size.

    Raises
    ------
    DocumentReadError
        When the file is not UTF-8/UTF-16, is empty, or is larger than
        :data:`MAX_DOCUMENT_BYTES`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_text("Dân số 155.400 người", encoding="utf-16")
    >>> "".join(iter_text_file(p))
    'Dân số 155.400 người'
    """
    import codecs

    path = Path(path)
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise _too_big(path, "the text", size)
    with open(path, "rb") as fh:
        head = fh.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding, skip = "utf-16", 0
        else:
            encoding, skip = "utf-8", 3 if head.startswith(codecs.BOM_UTF8) else 0
        fh.seek(skip)
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        line, pending, empty = 1, "", True
        while True:
            raw = fh.read(chunk)
            try:
                text = decoder.decode(raw, final=not raw)
            except UnicodeDecodeError as err:
                bad = line + raw[: err.start].count(b"\n")
                raise DocumentReadError(
                    path, f"not UTF-8 (line {bad}, bytes {raw[err.start:err.start + 4]!r}); "
                    "save it as UTF-8, not Windows-1258 or cp1252") from None
            line += raw.count(b"\n")
            text = pending + text
            if "\x00" in text:
                raise DocumentReadError(path, "holds NUL bytes: a binary file, or UTF-16 without its byte-order mark; "
                                        "save it as UTF-8")
            cut = text.rfind("\n") + 1 if raw else len(text)
            piece, pending = text[:cut], text[cut:]
            if piece:
                empty = empty and not piece.strip()
                yield piece
            if not raw:
                break
    if empty:
        raise DocumentReadError(path, "the document is empty")


def iter_document(path: str | Path):
    """Yield the text of a document in pieces (NFC): a text file streamed, other formats whole.

    Raises as :func:`read_document` (lazily, for a text file: when the bad part is reached).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.md"
    >>> _ = p.write_text("# Báo cáo\\nDân số 155.400 người", encoding="utf-8")
    >>> "".join(iter_document(p))
    '# Báo cáo\\nDân số 155.400 người'
    """
    path = Path(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is read_text_file and path.is_file():
        for piece in iter_text_file(path):
            yield unicodedata.normalize("NFC", piece)
    else:
        yield read_document(path)


def read_text_file(path: Path) -> str:
    """Return the text of a UTF-8 (or UTF-16 with byte-order mark) ``.txt`` or ``.md`` file.

    Raises
    ------
    DocumentReadError
        When the file is not valid UTF-8; the message names the file, the
        line and the first bad bytes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "cp1258.txt"
    >>> _ = bad.write_bytes(b"Gia L\\xf4c")  # "Gia Lôc" saved as Windows-1258
    >>> read_text_file(bad)
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.DocumentReadError: ...cp1258.txt: not UTF-8 ...
    """
    return "".join(iter_text_file(path))


def _import(module: str, package: str, purpose: str):
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependencyError(package, purpose) from None


def _docx_blocks(document):
    """Yield paragraphs and tables in document order (python-docx >= 1.1 has a helper)."""
    if hasattr(document, "iter_inner_content"):
        yield from document.iter_inner_content()
    else:  # pragma: no cover - older python-docx
        yield from document.paragraphs
        yield from document.tables


def read_docx(path: Path) -> str:
    """Return the paragraphs and tables of a ``.docx`` file as text.

    Each paragraph is a line; each table row is a line of its cells joined
    with ``" | "`` (a merged cell is written once).

    Raises
    ------
    MissingDependencyError
        When ``python-docx`` is not installed.
    DocumentReadError
        When the file is not a Word document (e.g. an old ``.doc`` renamed).

    Examples
    --------
    >>> import tempfile, pathlib, pytest
    >>> docx = pytest.importorskip("docx")
    >>> doc = docx.Document()
    >>> _ = doc.add_paragraph("Dân số 155.400 người")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.docx"
    >>> doc.save(path)
    >>> read_docx(path)
    'Dân số 155.400 người'
    """
    docx = _import("docx", "python-docx", "reading .docx files")
    _check_docx(path)
    try:
        document = docx.Document(str(path))
    except Exception as err:  # python-docx raises several unrelated types
        raise DocumentReadError(
            path, f"not a readable .docx ({type(err).__name__}: {err}); "
            "an old .doc must be saved as .docx first") from None
    lines: list[str] = []
    for block in _docx_blocks(document):
        if hasattr(block, "rows"):
            caption = next((ln for ln in reversed(lines) if ln.strip()), "")
            lines += table_lines([_row_cells(row) for row in block.rows],
                                 caption if len(caption) < 200 and not _has_figures(caption) else "")
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _has_figures(text: str) -> bool:
    from .quantities import quantities

    return bool(quantities(text))


def _row_cells(row) -> list[str]:
    cells: list[str] = []
    seen: set[int] = set()
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
    return cells


_NUMERIC_CELL = re.compile(r"[-+]?\d[\d.,]*\s*%?")
_YEAR_CELL = re.compile(r"(?:năm\s+)?((?:19|20)\d\d)", re.I)


def table_lines(rows: list[list[str]], caption: str = "") -> list[str]:
    """Return a table as lines: a row of text as one line, each figure cell with its labels.

    The first row is the header; the first cell of a row is its label. A cell
    holding only a figure becomes ``"<caption> – <row label> – <column header>: <figure>"``
    (a bare year header is written ``năm 2021``), so that the figure keeps
    the level, year and indicator its table gives it.

    Examples
    --------
    >>> table_lines([["Cấp", "2021", "2022"], ["Cấp xã", "1.200", "1.350"]], "Hồ sơ tiếp nhận")
    ['Cấp | 2021 | 2022', 'Hồ sơ tiếp nhận – Cấp xã – năm 2021: 1.200.', 'Hồ sơ tiếp nhận – Cấp xã – năm 2022: 1.350.']
    """
    if not rows:
        return []
    header = rows[0]
    out = [" | ".join(header)]
    skip = _ordinal_columns(rows)
    for row in rows[1:]:
        # the row's label is its first cell of words: "1 | UBND huyện | 5.000" is labelled "UBND huyện"
        first = next((j for j, c in enumerate(row) if j not in skip and c and not _NUMERIC_CELL.fullmatch(c)), 0)
        label = row[first] if row else ""
        texts = []
        for j, cell in enumerate(row):
            if j in skip:
                continue
            if j > first and _NUMERIC_CELL.fullmatch(cell):
                col = header[j] if j < len(header) else ""
                if (m := _YEAR_CELL.fullmatch(col)):
                    col = f"năm {m.group(1)}"
                parts = [p for p in (caption.rstrip(" :."), label, col) if p]
                out.append(" – ".join(parts) + f": {cell}.")
            else:
                texts.append(cell)
        if len(texts) == len(row) - len([j for j in skip if j < len(row)]):
            out.append(" | ".join(row))
    return out


_ORDINAL_HEADER = re.compile(r"(?:stt|tt|số tt|số thứ tự)\.?", re.I)
_ORDINAL_CELL = re.compile(r"(?:\d{1,3}|[IVXLC]{1,5}|[a-zđ])[.)]?", re.I)
_MAX_FLAT_CELLS = 2000   # lines held while deciding whether a run of lines is a flattened table
_FLAT_CELL_CHARS = 80     # a cell of a flattened table is a short line


def _header_columns(chunks: list[str], width: int) -> list[str] | None:
    """Group the header lines of a flattened table into ``width`` column headers, or ``None``.

    A header cell wrapped over several lines goes on where a line starts in
    lower case or with "(" or follows one ending with "," or "-"; any other
    line starts a new column. ``None`` when that does not give ``width`` columns.
    """
    columns: list[str] = []
    for chunk in chunks:
        goes_on = columns and (chunk[0].islower() or chunk[0] in "(-–" or columns[-1][-1] in ",-–")
        if goes_on:
            columns[-1] += " " + chunk
        else:
            columns.append(chunk)
    return columns if len(columns) == width else None


def _flat_table(cells: list[str]) -> tuple[list[list[str]], int] | None:
    """Read ``cells`` (one line each, starting with "STT") as a table: its rows and the cells it used.

    The rows are the longest run of equal-width groups that start with the
    ordinals 1, 2, 3 …; at least two rows, and the header lines before the
    first "1" must give as many columns as a row has cells.
    """
    try:
        first = cells.index("1", 1)
    except ValueError:
        return None
    best = None
    for width in range(3, 16):
        rows, at = [], first
        while at + width <= len(cells) and cells[at].rstrip(".") == str(len(rows) + 1) and not any(
                _ORDINAL_HEADER.fullmatch(c) for c in cells[at + 1:at + width]):
            rows.append(cells[at:at + width])
            at += width
        # a row ends where the next ordinal stands (or the run ends): not inside the next row
        if len(rows) >= 2 and (at >= len(cells) or cells[at].rstrip(".") != str(len(rows) + 1)):
            if best is None or len(rows) * width > len(best[0]) * len(best[0][0]):
                best = (rows, at)
    if best is None:
        return None
    rows, end = best
    header = _header_columns(cells[:first], len(rows[0]))
    if header is None:
        return None
    return [header] + rows, end


_YEAR_IN_LINE = re.compile(r"(?<![\d.,])((?:19|20)\d\d)(?![\d.,]\d)")
_FIGURE_WORD = re.compile(r"[-+]?\d[\d.,]*%?")
_CAPTION_LINES = 6  # the short lines above a header that caption its table
_TABLE_WORDS = 12   # a header line of year columns holds at most this many other words ("Sơ bộ", "Prel.")


def _trailing_figures(line: str) -> tuple[str, list[str]]:
    """Split ``"Huyện A 54.494 54.985"`` into its text and its figures at the end (in one pass from the end).

    Examples
    --------
    >>> _trailing_figures("Huyện A 54.494 54.985")
    ('Huyện A', ['54.494', '54.985'])
    """
    words = line.split()
    n = len(words)
    while n and _FIGURE_WORD.fullmatch(words[n - 1]):
        n -= 1
    return " ".join(words[:n]), words[n:]


def _year_header(line: str) -> list[str] | None:
    """The years of a line that holds only years and a few words ("2017 2018 2019 2020 Prel."), or None."""
    years = _YEAR_IN_LINE.findall(line)
    rest = _YEAR_IN_LINE.sub(" ", line)
    if not years or re.search(r"\d", rest) or len(rest.split()) > _TABLE_WORDS:
        return None
    return years


def year_column_tables(lines):
    """Yield ``lines`` with tables laid out in spaces under a header of years read back as tables.

    A PDF's table often reaches its text layer as one line per row: a header of
    years ("2017 2018 2019 2020", maybe wrapped over lines), then a row label
    and as many figures as there are years ("Huyện Đà Bắc 54.494 54.985 …", the
    label sometimes on the line above). Each row is given to :func:`table_lines`
    under its years, with the caption the lines just above the header give, so
    that every figure keeps its year, row and indicator; any other line passes
    unchanged.

    Examples
    --------
    >>> rows = ["Dân số trung bình", "2019 2020 2021", "Huyện A 54.494 54.985 55.100", "Hết."]
    >>> list(year_column_tables(rows))[:3]
    ['Dân số trung bình', '2019 2020 2021', 'Dân số trung bình – Huyện A – năm 2019: 54.494.']
    """
    years: list[str] = []        # the header's years so far
    caption: list[str] = []      # the text lines just above the header
    label = ""                   # a row label standing on its own line
    in_table = False
    for line in lines:
        cell = line.strip()
        text, figures = _trailing_figures(cell)
        if len(years) >= 3 and len(figures) == len(years):   # a row: "Huyện Đà Bắc" + "Da Bac district 54.494 …"
            row = [" ".join(x for x in (label, text) if x) or "—"] + figures
            yield from table_lines([[""] + [f"năm {y}" for y in years], row], " ".join(caption))[1:]
            label, in_table = "", True
            continue
        if len(years) >= 3 and cell and not figures and len(cell) <= _FLAT_CELL_CHARS and not label:
            label = cell   # a row's label, on the line above its figures
            continue
        if label:
            yield label
            label = ""
        if in_table:   # the table has ended
            years, in_table = [], False
        header = _year_header(cell) if cell else None
        if header is not None:
            merged = years + header   # a header wrapped over lines: "… 2020 Prel." / "2021"
            years = merged if all(int(a) < int(b) for a, b in zip(merged, merged[1:])) else header
            yield line
            continue
        years = []
        if cell and not figures and len(cell) <= _FLAT_CELL_CHARS:
            caption = (caption + [cell])[-_CAPTION_LINES:]
        elif cell and text:   # a line of one number (a page's, a table's) keeps the caption
            caption = []
        yield line
    if label:
        yield label


def unflatten_tables(lines):
    """Yield ``lines`` with tables flattened one cell per line read back as tables.

    A table copied from a web page or a PDF often arrives as one cell per
    line: "STT", the column headers, then "1", a row label, its figures, "2"
    … Such a run is given to :func:`table_lines`, so that each figure keeps
    its row label and column header; any other line passes unchanged.

    Examples
    --------
    >>> cells = ["STT", "Đơn vị", "Tổng điểm", "1", "Huyện A", "84,58", "2", "Huyện B", "82,00", "Ghi chú."]
    >>> list(unflatten_tables(cells))
    ['STT | Đơn vị | Tổng điểm', 'Huyện A – Tổng điểm: 84,58.', 'Huyện B – Tổng điểm: 82,00.', 'Ghi chú.']
    """
    held: list[str] = []     # the raw lines since a line "STT", blank ones included
    cells: list[str] = []    # the non-blank ones among them

    def release():
        found = _flat_table(cells)
        if found is None:
            yield from held
        else:
            rows, used = found
            yield from table_lines(rows)
            seen = 0
            for i, line in enumerate(held):   # what follows the table's last cell passes unchanged
                seen += bool(line.strip())
                if seen == used:
                    yield from held[i + 1:]
                    break
        held.clear()
        cells.clear()

    for line in lines:
        cell = line.strip()
        if held and cell and (len(cell) > _FLAT_CELL_CHARS or len(held) >= _MAX_FLAT_CELLS
                              or _ORDINAL_HEADER.fullmatch(cell)):
            yield from release()
        if held or _ORDINAL_HEADER.fullmatch(cell):
            held.append(line)
            if cell:
                cells.append(cell)
        else:
            yield line
    if held:
        yield from release()


def _ordinal_columns(rows: list[list[str]]) -> set[int]:
    """The columns that number the rows ("STT": 1, 2, 3 … or I, II, a, b): no figures, no labels.

    Examples
    --------
    >>> _ordinal_columns([["STT", "Đơn vị", "Hồ sơ"], ["1", "UBND huyện", "5.000"], ["2", "Xã A", "1.200"]])
    {0}
    """
    header, body = rows[0], rows[1:]
    out = set()
    for j, head in enumerate(header):
        cells = [r[j] for r in body if j < len(r) and r[j]]
        if _ORDINAL_HEADER.fullmatch(head.strip()) and all(_ORDINAL_CELL.fullmatch(c.strip()) for c in cells):
            out.add(j)
    return out


def _check_docx(path: Path) -> None:
    """Refuse a file that is not a zip, is cut short, or whose XML exceeds the size limit."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos if i.filename.endswith(".xml"))
            if total > MAX_DOCUMENT_BYTES:
                raise _too_big(path, "the decompressed XML", total)
            if "word/document.xml" not in zf.namelist():
                raise DocumentReadError(path, "not a Word document (no word/document.xml); "
                                        "an old .doc must be saved as .docx first")
            with zf.open("word/document.xml") as fh:   # reading it checks the data is complete
                while fh.read(_CHUNK):
                    pass
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, OSError, ValueError) as err:
        raise DocumentReadError(
            path, f"not a readable .docx ({type(err).__name__}: {err}): damaged, cut short, or an old .doc "
            "renamed; save it again as .docx") from None


def _decrypt(reader) -> bool:
    try:
        return bool(reader.decrypt(""))
    except Exception:  # missing crypto backend or a bad key: cannot read it either way
        return False


def read_pdf(path: Path) -> str:
    """Return the text layer of a ``.pdf`` file, pages separated by a blank line.

    Raises
    ------
    MissingDependencyError
        When ``pypdf`` is not installed.
    DocumentReadError
        When the file is damaged, encrypted with a password, or has no text
        layer (a scan needs OCR first).

    Examples
    --------
    >>> import tempfile, pathlib, pytest
    >>> _ = pytest.importorskip("pypdf")
    >>> fake = pathlib.Path(tempfile.mkdtemp()) / "scan.pdf"
    >>> _ = fake.write_bytes(b"not a pdf")
    >>> read_pdf(fake)
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.DocumentReadError: ...scan.pdf: not a readable PDF ...
    """
    pypdf = _import("pypdf", "pypdf", "reading .pdf files")
    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted and not _decrypt(reader):
            raise DocumentReadError(path, "the PDF is encrypted with a password; save an unprotected copy")
        pages, size = [], 0
        for page in reader.pages:
            text = page.extract_text() or ""
            size += len(text.encode("utf-8"))
            if size > MAX_DOCUMENT_BYTES:
                raise _too_big(path, "the text layer", size)
            pages.append(text)
    except DocumentReadError:
        raise
    except Exception as err:  # pypdf raises PdfReadError and lower-level errors
        raise DocumentReadError(path, f"not a readable PDF ({type(err).__name__}: {err})") from None
    # a page's last line that is only its number is furniture; pages are joined by a line
    # break, so that a sentence cut by the break is rejoined like a wrapped line
    text = "\n".join(re.sub(r"\n\s*(?:-\s*)?(?:trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?\s*(?:-\s*)?$", "",
                            p.strip("\n"), flags=re.I) for p in pages)
    if not text.strip():
        raise DocumentReadError(path, f"no text layer in {len(pages)} page(s): a scanned PDF needs OCR first")
    return text


_PAGE_SUFFIXES = (".html", ".htm")   # saved web pages
#: Elements of a web page that are never its text: scripts, menus, page furniture, forms.
_HTML_FURNITURE = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
                   "iframe", "svg", "button", "select", "input")
#: Elements whose text is one line (paragraph) of the page, when they hold no other such element.
_HTML_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt",
                "figcaption", "caption", "div", "section", "article", "td", "th")


def _html_soup(path: Path):
    """Parse a saved web page: its bytes decoded by its declared charset (else UTF-8, else Windows-1258)."""
    bs4 = _import("bs4", "beautifulsoup4", "reading .html web pages")
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise _too_big(path, "the page", size)
    raw = path.read_bytes()
    if not raw.strip():
        raise DocumentReadError(path, "the document is empty")
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentReadError(path, "holds NUL bytes: not a web page (a binary file renamed .html?)")
    markup = bs4.UnicodeDammit(raw, ["utf-8", "windows-1258"], is_html=True).unicode_markup
    if markup is None:
        raise DocumentReadError(path, "its encoding cannot be read; save the page as UTF-8")
    return bs4.BeautifulSoup(markup, "html.parser")


def _html_main(soup):
    """The element that holds the article: ``<article>``, an ``articleBody``, or the one with most paragraph text."""
    for found in (soup.find(attrs={"itemprop": "articleBody"}), soup.find("article")):
        if found is not None and found.get_text(strip=True):
            return found
    best, most = soup.body or soup, 0
    for el in soup.find_all(True):
        text = sum(len(p.get_text(strip=True)) for p in el.find_all("p", recursive=False))
        if text > most:
            best, most = el, text
    return best


def read_html(path: Path) -> str:
    """Return the article text of a saved web page (``.html``, ``.htm``): one line per paragraph.

    Scripts, menus, headers, footers and forms are dropped; the article is the
    page's ``<article>`` (or ``articleBody``), else the element with the most
    paragraph text. A table's rows are lines of cells joined with ``" | "``, as
    in a ``.docx``. The page's headline and date are read by :func:`page_metadata`.

    Raises
    ------
    MissingDependencyError
        When ``beautifulsoup4`` is not installed.
    DocumentReadError
        When the file is empty, binary, or holds no text.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "tin.html"
    >>> _ = p.write_text("<html><body><nav>Trang chủ | Tin tức</nav><article><h1>Gia Lộc: CCHC năm 2022</h1>"
    ...                  "<p>Năm 2022, huyện tiếp nhận 232.636 hồ sơ.</p></article>"
    ...                  "<footer>Viết bình luận</footer></body></html>", encoding="utf-8")
    >>> print(read_html(p))
    Gia Lộc: CCHC năm 2022
    Năm 2022, huyện tiếp nhận 232.636 hồ sơ.
    """
    return _html_text(_html_soup(path), path)


def _html_text(soup, path) -> str:
    """The article's lines of a parsed page (the page is changed: its furniture is taken out)."""
    for tag in soup(list(_HTML_FURNITURE)):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    root = _html_main(soup)
    lines: list[str] = []
    for el in [root, *root.find_all(True)]:
        if el.name == "table":
            rows = [[" ".join(c.get_text(" ").split()) for c in tr.find_all(["td", "th"])] for tr in el.find_all("tr")]
            lines += table_lines([r for r in rows if any(r)])
        elif (el.name in _HTML_BLOCKS and el.find_parent("table") is None
              and el.find(list(_HTML_BLOCKS) + ["table"]) is None):
            lines += [" ".join(ln.split()) for ln in el.get_text(" ").split("\n")]
    text = "\n".join(ln for ln in lines if ln)
    if not text.strip():
        raise DocumentReadError(path, "the page holds no text (a page drawn by scripts? save its text instead)")
    return text


def page_metadata(path: str | Path) -> dict[str, str]:
    """Return the ``title`` and ``date`` (ISO) a saved web page states of itself, ``""`` where it states none.

    The title is the page's ``og:title``, else its first ``<h1>``, else its
    ``<title>``; the date is its publication date as found by ``htmldate``
    (metadata, ``<time>`` elements, the address), never a date guessed from
    the article's text. Any other document gives ``{"title": "", "date": ""}``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "tin.html"
    >>> _ = p.write_text('<html><head><meta property="og:title" content="Gia Lộc: CCHC năm 2022">'
    ...                  '<meta property="article:published_time" content="2023-01-12T08:00:00+07:00">'
    ...                  '</head><body><p>Tiếp nhận 232.636 hồ sơ.</p></body></html>', encoding="utf-8")
    >>> page_metadata(p)
    {'title': 'Gia Lộc: CCHC năm 2022', 'date': '2023-01-12'}
    """
    path = Path(path)
    if path.suffix.lower() not in _PAGE_SUFFIXES:
        return {"title": "", "date": ""}
    return _html_metadata(_html_soup(path))


def read_page(path: str | Path):
    """Return ``(text, metadata)`` of a document: a web page read and parsed once for both.

    ``text`` is what :func:`iter_document` yields (a text file still streamed);
    ``metadata`` is :func:`page_metadata` (empty for anything but a web page).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "tin.htm"
    >>> _ = p.write_text("<html><head><title>Gia Lộc</title></head><body><p>Dân số 155.400 người.</p></body></html>",
    ...                  encoding="utf-8")
    >>> read_page(p)
    ('Dân số 155.400 người.', {'title': 'Gia Lộc', 'date': ''})
    """
    if Path(path).suffix.lower() not in _PAGE_SUFFIXES:
        return iter_document(path), {"title": "", "date": ""}
    soup = _html_soup(path)
    meta = _html_metadata(soup)   # before the furniture (the <head> among it) is taken out
    return unicodedata.normalize("NFC", _html_text(soup, path)), meta


def _html_metadata(soup) -> dict[str, str]:
    og = soup.find("meta", attrs={"property": "og:title"})
    h1 = soup.find("h1")
    title = ((og.get("content") if og else "") or (h1.get_text(" ", strip=True) if h1 else "")
             or (soup.title.get_text(" ", strip=True) if soup.title else ""))
    htmldate = _import("htmldate", "htmldate", "reading a web page's date")
    try:
        date = htmldate.find_date(str(soup), original_date=True, extensive_search=False) or ""
    except Exception:   # htmldate raises on odd markup: a page with no readable date
        date = ""
    return {"title": unicodedata.normalize("NFC", " ".join(title.split())), "date": date}


for _suffix, _fn in ((".txt", read_text_file), (".md", read_text_file),
                     (".docx", read_docx), (".pdf", read_pdf), *((sfx, read_html) for sfx in _PAGE_SUFFIXES)):
    register_reader(_suffix, _fn)
