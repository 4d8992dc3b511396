"""Render an executed notebook to one self-contained HTML page.

In-process with nbconvert's :class:`~nbconvert.HTMLExporter`, from the ``lab``
template without its internet parts (``templates/cchc_report.html.j2``):

- no code: every code cell's input and the ``In []``/``Out []`` prompts are hidden;
  cells tagged ``remove_cell`` disappear, ``remove_input`` keep their output only,
  ``remove_output`` keep nothing visible; warnings printed to stderr are dropped;
- figures embedded (PNG outputs as base64 ``data:`` URIs, markdown images too);
- no ``<script src>`` and no stylesheet from the internet: the lab template's
  require.js, MathJax, mermaid and widget scripts are switched off;
- ``<html lang="vi">`` (or ``"en"``), ``<meta charset="utf-8">``, a title, and a
  footer with the toolkit version and the build date.

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[
...     nbformat.v4.new_markdown_cell("# Triệu Sơn"),
...     nbformat.v4.new_code_cell("1 + 1", outputs=[nbformat.v4.new_output(
...         "execute_result", {"text/plain": "2"}, execution_count=1)])])
>>> html = render_html(nb, title="Thử", language="vi", build_date="2025-01-31")
>>> '<html lang="vi">' in html, "1 + 1" in html, "<script src" in html
(True, False, False)
"""
from __future__ import annotations

import copy
import datetime as _dt
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

__all__ = ["CSP", "TEMPLATES_DIR", "toolkit_version", "render_html", "render_index", "write_text_atomic"]

from ._text import FOOTER_WORDS as _FOOTER, INDEX_STATUS_VI as _STATUS_VI, INDEX_WORDS  # noqa: E402 - the words live in _text
from ._wording import reader_date  # noqa: E402

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

#: The Content Security Policy of every page (report and index, as a ``<meta http-equiv>``):
#: no script, nothing fetched; only inline styles and ``data:`` images and fonts.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'"



class _DropStderr(Preprocessor):
    """Drop stream outputs written to stderr (warnings are for the developer, not the reader)."""

    def preprocess_cell(self, cell, resources, index):
        if cell.get("outputs"):
            cell.outputs = [o for o in cell.outputs
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
        return cell, resources


def toolkit_version() -> str:
    """Return the version of cchc_analysis (from the package, else its metadata).

    Examples
    --------
    >>> toolkit_version()[0].isdigit()
    True
    """
    try:
        from . import __version__

        return str(__version__)
    except ImportError:
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("cchc_analysis")
        except PackageNotFoundError:
            return "unknown"


def render_html(notebook, *, title: str, language: str = "vi", note: str = "",
                build_date: str | None = None, drop_stderr: bool = True) -> str:
    """Return the HTML page of an executed notebook.

    Parameters
    ----------
    notebook : str, Path or NotebookNode
        The executed notebook (a file, or a node already in memory; not modified).
    title : str
        The page's ``<title>``.
    language : {"vi", "en"}
        Sets ``<html lang>`` and the footer's wording.
    note : str, optional
        A line for the footer, e.g. the data vintage.
    build_date : str, optional
        Shown in the footer; default today (ISO date).
    drop_stderr : bool, default True
        Leave out text printed to stderr (warnings).

    Returns
    -------
    str
        A complete HTML document that opens from disk with no network.

    Raises
    ------
    ValueError
        When ``language`` is not ``"vi"`` or ``"en"``.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     "print('x')", metadata={"tags": ["remove_cell"]},
    ...     outputs=[nbformat.v4.new_output("stream", text="REMOVED")])])
    >>> html = render_html(nb, title="Report", language="en", build_date="2025-01-31")
    >>> "REMOVED" in html, "<title>Report</title>" in html, "built on 31 Jan 2025" in html
    (False, True, True)
    """
    if language not in _FOOTER:
        raise ValueError(f"language={language!r} is not a report language; valid: {', '.join(_FOOTER)}")
    if isinstance(notebook, (str, Path)):
        nb = nbformat.read(str(notebook), as_version=4)
    else:
        nb = copy.deepcopy(notebook)
    nb.metadata["title"] = title

    exporter = HTMLExporter(
        template_name="lab",
        template_file="cchc_report.html.j2",
        extra_template_paths=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        language_code=language,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(
            remove_cell_tags={"remove_cell"},
            remove_input_tags={"remove_input"},
            remove_all_outputs_tags={"remove_output"},
            enabled=True,
        ),
        enabled=True,
    )
    if drop_stderr:
        exporter.register_preprocessor(_DropStderr(enabled=True), enabled=True)
    words = _FOOTER[language]
    resources = {
        "cchc": {
            "version": toolkit_version(),
            "build_date": reader_date(build_date or _dt.date.today().isoformat(), language),
            "note": note,
            "csp": CSP,
            **words,
        }
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body




def render_index(rows: Iterable[dict], *, title: str, vintage: str, build_date: str | None = None) -> str:
    """Return the site's index page: one table row per report, no scripts, no external resources.

    Parameters
    ----------
    rows : iterable of dict
        Keys ``name``, ``label``, ``status`` (built, skipped, failed, planned,
        earlier, interrupted), ``href`` (empty: no link), and optionally
        ``error`` (first line), ``kept_old`` (an older report is still there),
        ``seconds``, ``built_at`` and ``notebook`` (a kept failed notebook).
    title, vintage : str
        The heading and one sentence on the data.
    build_date : str, optional
        Default now.

    Examples
    --------
    >>> page = render_index([{"name": "gia-loc", "label": "Gia Lộc", "status": "built", "href": "gia-loc.html"}],
    ...                     title="Báo cáo", vintage="Dữ liệu thử.")
    >>> '<a href="gia-loc.html">Gia Lộc</a>' in page, "đã tạo mới" in page, "<script" in page
    (True, True, False)
    """
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=select_autoescape(["j2", "html"]))
    blank = {"error": "", "kept_old": False, "seconds": 0.0, "built_at": "", "notebook": ""}
    rows = [{**blank, **row, "status_text": _STATUS_VI[row["status"]]} for row in rows]
    return env.get_template("cchc_index.html.j2").render(
        title=title, rows=rows, vintage=vintage, version=toolkit_version(), w=INDEX_WORDS,
        build_date=build_date or _dt.datetime.now().strftime("%d/%m/%Y %H:%M"),  # the index reads Vietnamese first
    )


def write_text_atomic(path: str | Path, text: str | Iterable[str]) -> Path:
    """Write ``text`` to ``path`` all at once: a temporary file in the same folder, then ``os.replace``.

    When writing fails midway the temporary file is removed and ``path`` keeps its
    old content (or stays absent).

    Parameters
    ----------
    path : str or Path
    text : str or iterable of str
        The content, or its pieces.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> p = write_text_atomic(os.path.join(d, "a.html"), "<p>xin chào</p>")
    >>> p.read_text(encoding="utf-8"), os.listdir(d)
    ('<p>xin chào</p>', ['a.html'])
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            for piece in ([text] if isinstance(text, str) else text):
                fh.write(piece)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
