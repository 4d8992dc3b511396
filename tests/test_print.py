"""The district report on paper and in its two languages: Chromium prints the largest report
(Trà Cú) to A4; each language links to the other once both are built.

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


NAMES = {"vi": "tra-cu.html", "en": "tra-cu-en.html"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The Trà Cú report in both languages, in one site, as ``cchc report --out`` builds them:
    Vietnamese, then English, then Vietnamese again (``--force``). Returns {step: {language: html}}."""
    from cchc_analysis.batch import close_sessions

    out = tmp_path_factory.mktemp("print")
    steps = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CCHC_REPORTS_DIR", str(out))  # what `cchc report --out` tells its kernels
        close_sessions()  # a kept kernel would not see it
        try:
            for step, lang in enumerate(("vi", "en", "vi")):
                result = build_reports(plan_jobs(["Trà Cú"], {"language": lang}), out_dir=out, executor="serial",
                                       progress=False, force=True)
                assert result.ok, result.summary()
                steps[step] = {k: (out / n).read_text(encoding="utf-8") for k, n in NAMES.items() if (out / n).is_file()}
        finally:
            close_sessions()
    return out, steps


@pytest.fixture(scope="module")
def printed(chromium, site):
    """{language: [text of each printed A4 page]} of the Trà Cú report."""
    out, _ = site
    return {lang: print_pages(out / NAMES[lang], executable=chromium) for lang in LANGUAGES}


def test_each_language_links_to_the_other_once_it_exists(site):
    _, steps = site
    assert 'href="tra-cu-en.html"' not in steps[0]["vi"]  # no English report yet: no link to nowhere
    assert 'href="tra-cu.html"' in steps[1]["en"]  # the English report finds the Vietnamese one
    assert 'href="tra-cu-en.html"' in steps[2]["vi"]  # rebuilt, the Vietnamese one finds the English one
    assert "Read this report in English" in steps[2]["vi"] and "Bản tiếng Việt" in steps[1]["en"]


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
