"""Hostile text in the data reaches the reports inert (issue 7, deliver 1).

A copy of ``data/`` gets eight HTML/script payloads in every text field that reaches a
report: the facts' quotes and notes, the sources' issuer, number and title, and the
catalog's area, indicator and scope names. The quotes stay checkable: the copy's seed
text of the document holds every changed quote (and its SHA-256 is updated), so a
loader that checks quotes against their source accepts them. A district report and the
comparative report are built from it with ``CCHC_DATA_DIR``/``CCHC_SEEDS_DIR`` pointing at
the copy, then opened in headless Chromium: no dialog, no request, no Content Security
Policy violation, no changed title, no ``javascript:`` link, the CSP meta present, and
every payload visible as text.
"""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
import yaml

from cchc_analysis import settings
from cchc_analysis._html import link, table
from cchc_analysis.render import CSP

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)>",
    "javascript:alert(4)",
    '"><iframe src=http://example.com/x>',
    '<a href="javascript:alert(5)">bấm đây</a>',
    "<style>body{display:none}</style>",
    "{{7*7}} [x](javascript:alert(6)) **đậm**",
]
HOSTILE = " ".join(PAYLOADS)
DISTRICT, CODE, SOURCE = "Trà Cú", "849", "tra-cu-2022-bc"


def _read_rows(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames), list(reader)


def _write_rows(path: Path, header: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def make_hostile_data(root: Path, seeds: Path) -> tuple[Path, Path]:
    """Return (data dir, seeds dir): copies with the payloads in every text field of one district."""
    import hashlib

    data, new_seeds = root / "data", root / "seeds"
    shutil.copytree(settings.data_dir(), data)
    shutil.copytree(seeds, new_seeds)
    header, facts = _read_rows(data / "facts.csv")
    quotes = []
    for row in facts:
        if row["district_code"] == CODE:
            row["quote"] = f"{row['quote']} {HOSTILE}"
            row["note"] = f"{row['note']} {HOSTILE}".strip()
            quotes.append(row["quote"])
    _write_rows(data / "facts.csv", header, facts)
    header, sources = _read_rows(data / "sources.csv")
    for row in sources:
        if row["source_id"] == SOURCE:
            seed = new_seeds / row["seed_file"]
            seed.write_text(seed.read_text(encoding="utf-8") + "\n" + "\n".join(quotes) + "\n", encoding="utf-8")
            row["sha256"] = hashlib.sha256(seed.read_bytes()).hexdigest()
            row["issuer"] = f"{row['issuer']} {HOSTILE}"
            row["number"] = HOSTILE
            row["title"] = f"{row['title'][:200]} {HOSTILE}"  # within the loader's 500-character limit
    _write_rows(data / "sources.csv", header, sources)
    catalog = yaml.safe_load((data / "indicators.yaml").read_text(encoding="utf-8"))
    for section in ("areas", "indicators", "scopes"):
        for entry in (catalog.get(section) or {}).values():
            for key in ("name_vi", "name_en"):
                if isinstance(entry, dict) and key in entry:
                    entry[key] = f"{entry[key]} {HOSTILE}"
    (data / "indicators.yaml").write_text(yaml.safe_dump(catalog, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data, new_seeds


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, seeds_dir):
    from cchc_analysis.batch import build_reports, make_job, write_index

    root = tmp_path_factory.mktemp("hostile")
    data, seeds = make_hostile_data(root, seeds_dir)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CCHC_DATA_DIR", str(data))
        mp.setenv("CCHC_SEEDS_DIR", str(seeds))
        mp.setenv("MPLBACKEND", "Agg")
        jobs = [make_job(NOTEBOOKS / "district_report.ipynb", {"district": DISTRICT}, name="tra-cu"),
                make_job(NOTEBOOKS / "district_report.ipynb", {"district": DISTRICT, "language": "en"}, name="tra-cu-en"),
                make_job(NOTEBOOKS / "comparative_report.ipynb", name="comparative_report")]
        out = root / "site"
        result = build_reports(jobs, out_dir=out, executor="serial", progress=False)
        assert result.ok, result.summary()
        index = write_index(result, out, vintage="hostile")
    return index


PAGES = ["tra-cu.html", "tra-cu-en.html", "comparative_report.html"]


@pytest.mark.slow
def test_hostile_data_is_inert_in_chromium(chromium, hostile_site):
    from cchc_analysis._browser import check_site

    check = check_site(hostile_site, executable=chromium)
    assert check.ok, check  # no dialog, request, CSP violation, changed title, script link; CSP present
    assert sorted(Path(u).name for u in check.visited[1:]) == sorted(PAGES)
    for page in PAGES:
        text = check.text(page)
        for payload in PAYLOADS:  # shown as the curator typed it, not interpreted
            assert payload in text, (page, payload)


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_hostile_page_source_has_no_live_markup(hostile_site, page):
    import re

    html = (hostile_site.parent / page).read_text(encoding="utf-8")
    assert _csp_of(html) == [CSP]
    tags = _tags(html)
    assert not {t for t, _ in tags} & {"script", "iframe", "svg", "object", "embed", "form"}, page
    handlers = [(t, a) for t, attrs in tags for a, _ in attrs if a.startswith("on")]
    assert handlers == [], (page, handlers)
    scripted = [(t, a, v) for t, attrs in tags for a, v in attrs
                if a in ("href", "src", "action") and v and not v.startswith(("data:image/", "#", "http://", "https://"))
                and not re.fullmatch(r"[\w-][\w.-]*\.html", v)]  # a page of the same site (index.html)
    assert scripted == [], (page, scripted)
    assert sum(t == "style" for t, _ in tags) == html.count("<style"), page  # only the page's own style blocks
    assert "body{display:none}" not in "".join(_style_texts(html)), page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{7*7}}" in html  # not evaluated by any template


def test_index_page_carries_the_same_csp():
    from cchc_analysis import render

    html = render.render_index([], title="t", vintage="v", build_date="2025-01-01")
    assert _csp_of(html) == [CSP]


def _tags(html: str) -> list[tuple[str, list]]:
    from html.parser import HTMLParser

    found = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    P().feed(html)
    return found


def _style_texts(html: str) -> list[str]:
    import re

    return re.findall(r"<style[^>]*>(.*?)</style>", html, re.S)


def _csp_of(html: str) -> list[str]:
    import html as _h
    import re

    metas = re.findall(r'<meta\b[^>]*http-equiv="Content-Security-Policy"[^>]*>', html, re.I)
    return [_h.unescape(re.search(r'content="([^"]*)"', m).group(1)) for m in metas]


def test_links_only_for_http_addresses():
    for bad in ("javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,<script>x</script>",
                "vbscript:x", "java\tscript:alert(1)", "//example.com/x", "file:///etc/passwd", "http://"):
        out = str(link(bad, "nguồn"))
        assert "<a" not in out and out == "nguồn", bad
    good = str(link('https://a.gov.vn/p?x=1&y="2"', "<b>nguồn</b>"))
    assert good == ('<a href="https://a.gov.vn/p?x=1&amp;y=&#34;2&#34;" rel="noopener noreferrer">'
                    '&lt;b&gt;nguồn&lt;/b&gt;</a>')


def test_source_url_becomes_a_link_only_when_http():
    from types import SimpleNamespace

    from cchc_analysis._present import _cite

    base = dict(issuer="UBND <b>", number="", date="2022-05", title="Báo cáo")
    assert "<a" not in str(_cite(SimpleNamespace(**base, url="javascript:alert(1)")))
    assert str(_cite(SimpleNamespace(**base, url="https://x.vn/a"))) == (
        'UBND &lt;b&gt;, 05/2022: <a href="https://x.vn/a" rel="noopener noreferrer"><em>Báo cáo</em></a>')


def test_tables_escape_cells_and_column_labels():
    import pandas as pd

    df = pd.DataFrame({PAYLOADS[0]: [PAYLOADS[1], 2.5], "b": [PAYLOADS[5], None]})
    html = table(df).data
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html


def test_no_report_module_builds_markup_from_strings():
    """The report modules make HTML only through cchc_analysis._html (no Markdown, no raw tags)."""
    import re

    root = Path(__file__).resolve().parents[1] / "cchc_analysis"
    for name in ("report.py", "comparative.py", "_present.py", "plots.py"):
        src = (root / name).read_text(encoding="utf-8")
        assert "Markdown(" not in src and "HTML(" not in src, name
        assert not re.search(r"f[\"'][^\"'\n]*<(a|p|h\d|img|div|span|ul|li|b|strong|em)[ >]", src), name
