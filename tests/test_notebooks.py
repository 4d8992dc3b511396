"""The real report notebooks execute for every district with data and render a readable site."""
import json
import re
from pathlib import Path

import pytest

from cchc_analysis.loaders import load_facts

pytestmark = pytest.mark.slow
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


@pytest.mark.parametrize("name", ["district_report.ipynb", "comparative_report.ipynb"])
def test_notebooks_are_committed_clean(name):
    nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    assert [c for c in code if "parameters" in c["metadata"].get("tags", [])], "a cell tagged parameters"
    assert not any(re.search(r"^\s*def |^\s*class ", "".join(c["source"]), re.M) for c in code), "no logic in notebooks"
    assert max(len("".join(c["source"]).splitlines()) for c in code[1:]) <= 5, "short cells: calls, not logic"


def test_every_district_with_data_gets_a_report(real_site):
    index, result = real_site
    districts = {"gia-loc", "thuong-xuan", "trieu-son", "quang-dien", "tra-cu"}
    assert set(result.built) == districts | {"comparative_report"}
    assert len(districts) == load_facts()["district_code"].nunique()
    html = index.read_text(encoding="utf-8")
    for name in result.built:
        assert f'href="{name}.html"' in html


IMG = re.compile(r'<img alt="([^"]+)" src="data:image/png;base64,[A-Za-z0-9+/=]{200,}"')


def test_every_report_embeds_its_figures_as_images(real_site):
    """Figures are PNG images with alt text, never the text '<Figure size …>' of a non-inline backend."""
    index, result = real_site
    for name in result.built:
        html = (index.parent / f"{name}.html").read_text(encoding="utf-8")
        alts = IMG.findall(html)
        assert len(alts) >= 2, f"{name}: {len(alts)} figure(s)"  # every report has a coverage or peer figure and more
        assert all(a.strip() and a != "figure" for a in alts), (name, alts)
        assert "&lt;Figure size" not in html and "No description has been provided" not in html, name


def test_district_report_content(real_site):
    index, _ = real_site
    html = (index.parent / "tra-cu.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in html
    assert "Cải cách hành chính huyện Trà Cú (Trà Vinh), 2016–2025" in html  # Vietnamese intact, not escaped
    assert "Vĩnh Long" in html  # where the territory belongs since 1 July 2025
    assert "232.636" in html  # dossiers received 2017–2021, written the Vietnamese way
    assert "77,86" in html and "Tỷ lệ không khớp số đếm" in html  # the report's own contradiction, shown not fixed
    assert "pct_mismatch" not in html  # in words, not the rule's code
    assert "data:image/png;base64" in html
    assert "<script src=" not in html
    assert "hl-ipython3" not in html and "class=\"jp-InputArea" not in html  # no input cells
    assert "report.show_" not in html  # no code cell text
    footer = html[html.index('<footer'):]
    assert "Nguồn: UBND huyện Trà Cú, 05/2022" in footer and "PAPI" in footer  # sources in the footer
    assert "cchc_analysis" in footer  # and the toolkit version


def test_reports_say_where_data_is_missing(real_site):
    index, _ = real_site
    html = (index.parent / "thuong-xuan.html").read_text(encoding="utf-8")
    assert "Năm không có số liệu nào" in html
    assert "chưa đủ căn cứ" in html or "Không có số liệu" in html


def test_comparative_report_refuses_to_rank_mixed_levels(real_site):
    index, _ = real_site
    html = (index.parent / "comparative_report.html").read_text(encoding="utf-8")
    assert "So sánh cải cách hành chính các huyện" in html
    assert "không xếp hạng" in html and "khác cấp: cấp huyện / cấp xã" in html and "level: " not in html


def test_english_report(tmp_path, monkeypatch):
    from cchc_analysis.batch import build_reports, make_job

    monkeypatch.setenv("MPLBACKEND", "Agg")  # the kernel inherits a non-inline backend: figures must still show
    job = make_job(NOTEBOOKS / "district_report.ipynb", {"district": "Gia Lộc", "language": "en"}, name="gia-loc-en")
    result = build_reports([job], out_dir=tmp_path, executor="serial", progress=False)
    assert result.ok, result.summary()
    html = (tmp_path / "gia-loc-en.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html and "Administrative reform in Gia Lộc district" in html
    assert "Hải Phòng" in html  # Hải Dương merged into Hải Phòng in 2025
    assert len(IMG.findall(html)) >= 2 and "&lt;Figure size" not in html
