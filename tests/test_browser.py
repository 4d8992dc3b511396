"""The site in a real browser: headless Chromium opens index.html, follows every report link, and
finds no console error, no failed or external request, no blank page, no script that ran or was
blocked (dialog, CSP violation, changed title, ``javascript:`` link), and a CSP on every page.

Needs Debian's ``chromium`` (installed here when missing and we are root) and the ``playwright``
package (its driver only; no browser is downloaded). Without them the tests skip, except with
``CI`` set, where a missing browser is a failure.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from cchc_analysis._browser import check_site
from cchc_analysis.batch import build_reports, make_job, write_index

NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"

pytestmark = pytest.mark.slow


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

def test_external_request_in_a_report_is_blocked_and_caught(chromium, tmp_path):
    result = build_reports([make_job(NOTEBOOKS / "external_request.ipynb", {"district": "Gia Lộc"})],
                           out_dir=tmp_path, executor="serial", progress=False)
    check = check_site(write_index(result, tmp_path, vintage="v"), executable=chromium)
    on_page = [p for p in check.problems if Path(p.url).name == "gia-loc.html"]
    # the page's CSP blocks the image before any request: the violation names it
    assert {p.kind for p in on_page} & {"csp", "external"}, check
    assert any("http://example.invalid/logo.png" in p.detail for p in on_page), check


STRICT = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
#: For pages that must run a script or load a file to show their problem: a CSP that allows it.
LAX = "default-src * data: blob: file: 'unsafe-inline'"
BAD_PAGES = {  # page name = the one problem the check must find on it: (its CSP, its body)
    "console": (LAX, "<p>Báo cáo có lỗi JavaScript ở đây.</p><script>console.error('hỏng')</script>"),
    "pageerror": (LAX, "<p>Báo cáo có lỗi JavaScript ở đây.</p><script>undefinedFunction()</script>"),
    "requestfailed": (LAX, "<p>Báo cáo có ảnh bị thiếu ở đây.</p><img src='missing.png' alt='x'>"),
    "external": (LAX, "<p>Báo cáo có phông chữ từ ngoài.</p><link rel='stylesheet' href='https://example.invalid/a.css'>"),
    "blank": (STRICT, "<p> </p>"),
    "image": (STRICT, "<p>Báo cáo có biểu đồ hỏng ở đây.</p><img alt='Biểu đồ hỏng' src='data:image/png;base64,iVBORw0KGgo='>"),
    "dialog": (LAX, "<p>Báo cáo có hộp thoại bật lên ở đây.</p><script>alert('xin chào')</script>"),
    "title": (LAX, "<p>Báo cáo có tiêu đề bị đổi ở đây.</p><img src=x onerror=\"document.title='pwned'\">"),
    "csp": (STRICT, "<p>Báo cáo có script bị chặn ở đây.</p><script>alert(1)</script>"),
    "scriptlink": (STRICT, "<p>Báo cáo có liên kết nguy hiểm.</p><a href='javascript:alert(1)'>bấm</a>"),
    "nocsp": (None, "<p>Báo cáo không có chính sách bảo mật nội dung.</p>"),
    "clean": (STRICT, "<p>Báo cáo này không có vấn đề gì cả.</p>"),
}


def _page(title: str, csp: str | None, body: str) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp}">' if csp else ""
    return f'<!DOCTYPE html><html lang="vi"><meta charset="utf-8">{meta}<title>{title}</title><body>{body}</body></html>'


def test_each_kind_of_problem_is_caught(chromium, tmp_path):
    for kind, (csp, body) in BAD_PAGES.items():
        (tmp_path / f"{kind}.html").write_text(_page(kind, csp, body), encoding="utf-8")
    links = "".join(f'<li><a href="{kind}.html">{kind}</a></li>' for kind in BAD_PAGES)
    index = tmp_path / "index.html"
    index.write_text(_page("i", STRICT, f'<p>Danh sách báo cáo thử nghiệm:</p><ul>{links}'
                                        '<li><a href="gone.html">gone</a></li></ul>'), encoding="utf-8")
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
    assert "dialog" not in by_page["csp.html"], check  # the CSP stopped the script: nothing ran
    assert "Báo cáo này không có vấn đề gì cả." in check.text("clean.html")
