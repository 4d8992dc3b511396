"""The site in a real browser: headless Chromium opens index.html, follows every report link, and
finds no console error, no failed or external request, no blank page.

Needs Debian's ``chromium`` (installed here when missing and we are root) and the ``playwright``
package (its driver only; no browser is downloaded). Without them the tests skip, except with
``CI`` set, where a missing browser is a failure.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from cchc_analysis._browser import check_site, ensure_chromium
from cchc_analysis.batch import build_reports, make_job, write_index

NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"

pytestmark = pytest.mark.slow


def _unavailable(reason):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the browser check)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium():
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright; no browser download)")
    path = ensure_chromium(install=True)
    if not path:
        _unavailable("chromium is missing and cannot be installed here (apt-get install -y chromium as root)")
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A site built from fixture notebooks: two reports and one failure listed in the index."""
    out = tmp_path_factory.mktemp("site")
    jobs = [make_job(NOTEBOOKS / "comparative_minimal.ipynb"),
            make_job(NOTEBOOKS / "ok_minimal.ipynb", {"district": "Gia Lộc"}),
            make_job(NOTEBOOKS / "raises_in_cell.ipynb", {"district": "Trà Cú"})]
    result = build_reports(jobs, out_dir=out, executor="serial", progress=False)
    assert result.built == ("comparative_minimal", "gia-loc") and len(result.failed) == 1
    return write_index(result, out)


def test_fixture_site_passes(chromium, site):
    check = check_site(site, executable=chromium)
    assert check.ok, check
    assert [Path(u).name for u in check.visited] == ["index.html", "comparative_minimal.html", "gia-loc.html"]


def test_real_site_passes(chromium, real_site):
    index, result = real_site
    check = check_site(index, executable=chromium)
    assert check.ok, check
    assert len(check.visited) == 1 + len(result.built), "every report is reachable from the index"


# --- the check can fail: one page per kind of problem ----------------------------------------------

def test_external_request_in_a_report_is_caught(chromium, tmp_path):
    result = build_reports([make_job(NOTEBOOKS / "external_request.ipynb", {"district": "Gia Lộc"})],
                           out_dir=tmp_path, executor="serial", progress=False)
    check = check_site(write_index(result, tmp_path, vintage="v"), executable=chromium)
    kinds = {(Path(p.url).name, p.kind) for p in check.problems}
    assert ("gia-loc.html", "external") in kinds, check
    assert any("http://example.invalid/logo.png" in p.detail for p in check.problems)


BAD_PAGES = {  # page name = the one problem the check must find on it
    "console": "<p>Báo cáo có lỗi JavaScript ở đây.</p><script>console.error('hỏng')</script>",
    "pageerror": "<p>Báo cáo có lỗi JavaScript ở đây.</p><script>undefinedFunction()</script>",
    "requestfailed": "<p>Báo cáo có ảnh bị thiếu ở đây.</p><img src='missing.png' alt='x'>",
    "external": "<p>Báo cáo có phông chữ từ ngoài.</p><link rel='stylesheet' href='https://example.invalid/a.css'>",
    "blank": "<p> </p>",
    "image": "<p>Báo cáo có biểu đồ hỏng ở đây.</p><img alt='Biểu đồ hỏng' src='data:image/png;base64,iVBORw0KGgo='>",
    "clean": "<p>Báo cáo này không có vấn đề gì cả.</p>",
}


def test_each_kind_of_problem_is_caught(chromium, tmp_path):
    for kind, body in BAD_PAGES.items():
        (tmp_path / f"{kind}.html").write_text(
            f'<!DOCTYPE html><html lang="vi"><meta charset="utf-8"><title>{kind}</title><body>{body}</body></html>',
            encoding="utf-8")
    links = "".join(f'<li><a href="{kind}.html">{kind}</a></li>' for kind in BAD_PAGES)
    index = tmp_path / "index.html"
    index.write_text('<!DOCTYPE html><html lang="vi"><meta charset="utf-8"><title>i</title><body>'
                     f'<p>Danh sách báo cáo thử nghiệm:</p><ul>{links}<li><a href="gone.html">gone</a></li></ul>'
                     "</body></html>", encoding="utf-8")
    check = check_site(index, executable=chromium)
    by_page = {}
    for problem in check.problems:
        by_page.setdefault(Path(problem.url).name, set()).add(problem.kind)
    for kind in BAD_PAGES:  # a blocked or failed load also logs a console error: at least the kind itself
        if kind == "clean":
            assert "clean.html" not in by_page, check
        else:
            assert kind in by_page.get(f"{kind}.html", set()), check
    assert by_page["index.html"] == by_page["gone.html"] == {"navigation"}, check  # the missing file
    assert "clean.html" in {Path(u).name for u in check.visited}
