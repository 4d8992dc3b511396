"""Reports read as reports (issue 9): in headless Chromium, for district reports in both languages
and the comparative report, no number without its unit in a table outside the appendix, no code
(catalog slug, rule name, PAPI D1–D8, fact id, repository path) in the visible text outside the
appendix, no English word from a fixed list on a Vietnamese page, and figure text no smaller than
9 CSS pixels at a 390 px wide screen.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
#: English words that must not appear on a Vietnamese page outside the appendix (whose curator
#: notes are English by design).
ENGLISH = ["Indicator", "Value", "Period", "Source", "Target", "Trend", "Latest", "Status", "Median",
           "insufficient", "district", "commune", "actual", "baseline", "units", "dossiers", "persons",
           "no data", "not ranked", "see ", "Rank", "Score", "level", "figures", "higher is better"]
RULE_CODES = ["pct_mismatch", "parts_vs_total", "duplicate_conflict", "shares_sum"]
NUMBER_ONLY = re.compile(r"^[≥≤<>≈]?\s*[-+]?\d[\d.,]*$")
FACT_ID = re.compile(r"\b[a-z0-9-]+-\d{4}-[a-z]+:\d{3}\b")
MIN_FIGURE_TEXT_PX = 9

#: Text of the page without the appendix (its output block) and the footer.
_READER_TEXT = """() => {
  const body = document.body.cloneNode(true);
  const a = body.querySelector('#appendix');
  if (a) { let el = a; while (el.parentElement && !el.parentElement.classList.contains('jp-OutputArea')) el = el.parentElement; el.remove(); }
  body.querySelectorAll('footer').forEach(f => f.remove());
  return body.innerText;
}"""
#: Every table cell outside the appendix: [table caption or first header, cell text].
_CELLS = """() => [...document.querySelectorAll('table')].filter(t => !t.closest('details') ||
    !t.closest('.jp-OutputArea-output').querySelector('#appendix'))
  .flatMap(t => [...t.querySelectorAll('td')].map(td => [t.className, td.innerText.trim()]))"""
#: Scale of every figure as shown: CSS width / PNG width (the PNG is drawn at 200 dpi).
_SCALES = "() => [...document.images].map(i => [i.alt, i.getBoundingClientRect().width / i.naturalWidth])"


@pytest.fixture(scope="module")
def pages(real_site, tmp_path_factory):
    """(path, language) of every report: the real site (Vietnamese) and two English reports."""
    from cchc_analysis.batch import build_reports, make_job

    index, result = real_site
    out = tmp_path_factory.mktemp("english")
    jobs = [make_job(NOTEBOOKS / "district_report.ipynb", {"district": d, "language": "en"}, name=f"{n}-en")
            for d, n in (("Trà Cú", "tra-cu"), ("Gia Lộc", "gia-loc"))]
    jobs.append(make_job(NOTEBOOKS / "comparative_report.ipynb", {"language": "en"}, name="comparative-en"))
    built = build_reports(jobs, out_dir=out, executor="serial", progress=False)
    assert built.ok, built.summary()
    return ([(index.parent / f"{n}.html", "vi") for n in result.built]
            + [(out / f"{n}.html", "en") for n in built.built])


@pytest.fixture(scope="module")
def seen(chromium, pages):
    """What a reader sees on each page: text outside the appendix, table cells, figure scales at 390 px."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            for path, lang in pages:
                page.goto(path.as_uri(), wait_until="load")
                out[path.name] = {"lang": lang, "text": page.evaluate(_READER_TEXT),
                                  "cells": page.evaluate(_CELLS), "scales": page.evaluate(_SCALES)}
        finally:
            browser.close()
    return out


def test_no_code_for_readers(seen):
    from cchc_analysis import load_catalog

    slugs = [s for s in load_catalog().index if "_" in s]
    for name, page in seen.items():
        text = page["text"]
        found = [s for s in slugs + RULE_CODES if re.search(rf"\b{re.escape(s)}\b", text)]
        found += re.findall(r"\bD[1-8]\b", text) + FACT_ID.findall(text)
        found += [p for p in ("github:", "PROVENANCE.md", "data/reference") if p in text]
        assert not found, (name, found[:10])


def test_vietnamese_pages_have_no_english_words(seen):
    for name, page in seen.items():
        if page["lang"] != "vi":
            continue
        found = [w for w in ENGLISH if re.search(rf"\b{re.escape(w)}\b" if w[-1] != " " else re.escape(w), page["text"])]
        assert not found, (name, found)


def test_every_number_in_a_table_has_its_unit(seen):
    for name, page in seen.items():
        bare = [cell for cls, cell in page["cells"]
                if NUMBER_ONLY.match(cell) and "cchc-counts" not in cls
                and not re.fullmatch(r"(19|20)\d\d", cell)]  # a year is a label, not a quantity
        assert not bare, (name, bare[:10])


def test_figure_text_is_legible_at_390_px(seen):
    import matplotlib as mpl

    from cchc_analysis import plots

    plots.set_theme()
    sizes = [mpl.rcParams[k] for k in ("font.size", "xtick.labelsize", "ytick.labelsize", "legend.fontsize")]
    smallest_pt = min(v for v in sizes if isinstance(v, (int, float)))
    for name, page in seen.items():
        assert page["scales"], name
        for alt, scale in page["scales"]:
            px = smallest_pt * 200 / 72 * scale  # points at 200 dpi, shown at this scale
            assert px >= MIN_FIGURE_TEXT_PX, (name, alt, round(px, 1))
