"""HTML pages: no code, figures embedded, nothing fetched from the internet, lang and footer set."""
from __future__ import annotations

import base64
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

import cchc_analysis
from cchc_analysis.render import render_html, toolkit_version

# The smallest valid PNG: one transparent pixel.
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000005000105e6f06b0000000049454e44ae426082")).decode()


def executed_notebook():
    """An executed notebook in memory: each cell carries a marker the tests look for."""
    return new_notebook(cells=[
        new_markdown_cell("# Báo cáo Triệu Sơn\n\nCải cách hành chính: **tiếng Việt** hiển thị đúng."),
        new_code_cell("SOURCE_MARKER = 1 + 1", execution_count=1,
                      outputs=[new_output("execute_result", {"text/plain": "OUTPUT_MARKER"}, execution_count=1)]),
        new_code_cell("plot()", execution_count=2,
                      outputs=[new_output("display_data", {"image/png": PNG, "text/plain": "<Figure>"})]),
        new_code_cell("secret()", metadata={"tags": ["remove_cell"]}, execution_count=3,
                      outputs=[new_output("stream", text="REMOVED_CELL_MARKER")]),
        new_code_cell("INPUT_OF_REMOVE_INPUT", metadata={"tags": ["remove_input"]}, execution_count=4,
                      outputs=[new_output("stream", text="KEPT_OUTPUT_MARKER")]),
        new_code_cell("quiet()", metadata={"tags": ["remove_output"]}, execution_count=5,
                      outputs=[new_output("stream", text="REMOVED_OUTPUT_MARKER")]),
        new_code_cell("warn()", execution_count=6,
                      outputs=[new_output("stream", name="stderr", text="FutureWarning: STDERR_MARKER")]),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


@pytest.fixture(scope="module")
def page():
    return render_html(executed_notebook(), title="Cải cách hành chính – Triệu Sơn", language="vi",
                       note="Dữ liệu: 3 số liệu.", build_date="2025-06-30")


def test_page_is_a_complete_document_with_lang_charset_and_title(page):
    assert page.lstrip().startswith("<!DOCTYPE html>")
    assert '<html lang="vi">' in page
    assert '<meta charset="utf-8"' in page
    assert "<title>Cải cách hành chính – Triệu Sơn</title>" in page


def test_no_code_input_and_no_prompts(page):
    assert "SOURCE_MARKER" not in page
    assert "INPUT_OF_REMOVE_INPUT" not in page
    assert 'class="highlight' not in page  # no syntax-highlighted code block at all
    assert not re.search(r'class="[^"]*jp-(Input|Output)Prompt', page)  # no In [ ] / Out [ ] prompts
    assert "OUTPUT_MARKER" in page  # outputs stay


def test_tags_remove_cells_inputs_and_outputs(page):
    assert "REMOVED_CELL_MARKER" not in page
    assert "KEPT_OUTPUT_MARKER" in page
    assert "REMOVED_OUTPUT_MARKER" not in page


def test_stderr_is_dropped_by_default_and_kept_on_request(page):
    assert "STDERR_MARKER" not in page
    kept = render_html(executed_notebook(), title="t", language="vi", drop_stderr=False)
    assert "STDERR_MARKER" in kept


def test_figure_is_embedded_as_base64(page):
    assert f'src="data:image/png;base64,{PNG}"' in page


def test_nothing_is_fetched_from_outside(page):
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I), "external <script src>"
    assert not re.search(r"<link[^>]*href\s*=\s*[\"']?(https?:)?//", page, re.I), "external stylesheet"
    assert not re.search(r"\bsrc\s*=\s*[\"']?(https?:)?//", page, re.I), "external src"
    assert not re.search(r"@import\s+url\(\s*[\"']?(https?:)?//", page, re.I), "external @import"
    # the lab template's CDN scripts are all gone, not just unreferenced
    for name in ("require.js", "MathJax", "mermaid", "html-manager"):
        assert not re.search(rf"<script[^>]*>[^<]*{name}", page), name


def test_vietnamese_text_is_readable_not_escaped(page):
    assert "<strong>tiếng Việt</strong> hiển thị đúng" in page
    assert "&#7871;" not in page and "&#x1ebf;" not in page.lower()  # ế not written as an entity


def test_footer_has_version_date_and_note(page):
    footer = page.split('<footer class="cchc-footer">', 1)[1]
    assert f"cchc_analysis {toolkit_version()}" in footer
    assert "Tạo bởi" in footer and "ngày tạo 30/06/2025" in footer
    assert "Dữ liệu: 3 số liệu." in footer


def test_english_page():
    page = render_html(executed_notebook(), title="Report", language="en", build_date="2025-06-30")
    assert '<html lang="en">' in page
    assert "Made with cchc_analysis" in page and "built on 30 Jun 2025" in page


def test_default_build_date_is_today():
    import datetime

    page = render_html(executed_notebook(), title="t", language="vi")
    assert datetime.date.today().strftime("%d/%m/%Y") in page


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="language='fr' is not a report language; valid: vi, en"):
        render_html(executed_notebook(), title="t", language="fr")


def test_notebook_in_memory_is_not_modified():
    nb = executed_notebook()
    before = nbformat.writes(nb)
    render_html(nb, title="t", language="vi")
    assert nbformat.writes(nb) == before


def test_notebook_from_a_file(tmp_path):
    path = tmp_path / "executed.ipynb"
    nbformat.write(executed_notebook(), str(path))
    page = render_html(path, title="Từ tệp", language="vi")
    assert "<title>Từ tệp</title>" in page and "OUTPUT_MARKER" in page


def test_title_is_escaped():
    page = render_html(executed_notebook(), title='A <b>"quoted"</b> title', language="vi")
    assert "<title>A &lt;b&gt;" in page


def test_version_falls_back_to_package_metadata(monkeypatch):
    import importlib.metadata

    monkeypatch.delattr(cchc_analysis, "__version__")
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.8.7" if name == "cchc_analysis" else "?")
    assert toolkit_version() == "9.8.7"
