"""The district report on paper: Chromium prints the largest report (Trà Cú) to A4.

A print reader finds the summary and the province's PAPI profile on the first two pages,
and everything before the appendix on at most ten pages. The report is printed as a reader
prints it (print media, the page's own ``@page`` rules) and the page of each heading is read
back from the PDF (``pypdf``).

Needs Debian's ``chromium`` and the ``playwright`` package, as ``tests/test_browser.py``:
without them the tests skip, except with ``CI`` set, where that is a failure.
"""
from __future__ import annotations

import pytest

from cchc_analysis._browser import print_pages
from cchc_analysis._text import TEXT
from cchc_analysis.batch import build_reports
from cchc_analysis.cli import plan_jobs

pytestmark = pytest.mark.slow

LANGUAGES = ("vi", "en")


@pytest.fixture(scope="module")
def printed(chromium, tmp_path_factory):
    """{language: [text of each printed A4 page]} of the Trà Cú report."""
    out = tmp_path_factory.mktemp("print")
    jobs = [job for lang in LANGUAGES for job in plan_jobs(["Trà Cú"], {"language": lang})]
    result = build_reports(jobs, out_dir=out, executor="serial", progress=False)
    assert result.ok, result.summary()
    return {lang: print_pages(out / ("tra-cu.html" if lang == "vi" else f"tra-cu-{lang}.html"),
                              executable=chromium) for lang in LANGUAGES}


def _first_page(pages, words):
    """Return the 1-based page where ``words`` first appear, or None."""
    return next((i for i, page in enumerate(pages, 1) if words in page), None)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_summary_and_profile_are_on_the_first_two_pages(printed, lang):
    pages = printed[lang]
    summary = TEXT[lang]["summary"]
    profile = TEXT[lang]["province"].format(province="Trà Vinh")
    assert summary in " ".join(pages[:2]), (summary, [p[:200] for p in pages[:2]])
    assert _first_page(pages, profile) in (1, 2), (profile, [p[:80] for p in pages])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_everything_before_the_appendix_fits_on_ten_pages(printed, lang):
    pages = printed[lang]
    heading = TEXT[lang]["appendix"]
    page = _first_page(pages, heading)
    assert page is not None, f"the appendix heading {heading!r} is not printed"
    assert page <= 11, f"the appendix starts on page {page} of {len(pages)}: {[p[:60] for p in pages]}"
