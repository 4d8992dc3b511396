"""Kept kernels: a report built in a reused kernel equals one built in a fresh kernel, for every district
and language; a kernel's state does not leak from one report into the next."""
from __future__ import annotations

import re

import nbformat
import pytest

from cchc_analysis.batch import build_reports
from cchc_analysis.cli import PRELOAD, plan_jobs
from cchc_analysis.kernels import KernelSession


def _strip_dates(html: str) -> str:
    """Drop build dates, and number pandas Styler's random table ids (``T_a61df``) in order of appearance.

    Styler draws a random id for every table, so even two fresh kernels differ there; the order of
    the ids is kept, so a table that moved or vanished still shows.
    """
    ids: dict[str, str] = {}
    html = re.sub(r"T_[0-9a-f]{5}(?![0-9a-f])", lambda m: ids.setdefault(m.group(0), f"T_table{len(ids)}"), html)
    return re.sub(r"\d{4}-\d\d-\d\d", "DATE", html)


@pytest.mark.slow
def test_reports_from_a_reused_kernel_equal_reports_from_fresh_kernels(tmp_path):
    by_language = {lang: plan_jobs(["Gia Lộc", "Thường Xuân", "Triệu Sơn", "Quảng Điền", "Trà Cú"],
                                   {"language": lang}) for lang in ("vi", "en")}
    # one kernel for all ten, languages alternating, so every report follows another district and language
    jobs = [j for pair in zip(by_language["vi"], by_language["en"]) for j in pair]
    reused = build_reports(jobs, out_dir=tmp_path / "reused", executor="serial", progress=False, preload=PRELOAD)
    fresh = build_reports(jobs, out_dir=tmp_path / "fresh", executor="process", workers=2, progress=False,
                          preload=PRELOAD, reuse_kernels=False)
    assert reused.ok and fresh.ok, (reused, fresh)
    assert len(reused.built) == len(fresh.built) == 10
    for job in jobs:
        a = (tmp_path / "reused" / f"{job.name}.html").read_text(encoding="utf-8")
        b = (tmp_path / "fresh" / f"{job.name}.html").read_text(encoding="utf-8")
        assert _strip_dates(a) == _strip_dates(b), job.name


def _nb(*sources):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources],
                                    metadata={"kernelspec": {"name": "python3", "language": "python",
                                                             "display_name": "Python 3"}})


def _text(nb):
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))


def test_the_reset_forgets_names_settings_folder_environment_and_counts(tmp_path):
    dirty = _nb("import os, matplotlib, warnings\nsecret = 42\nmatplotlib.rcParams['lines.linewidth'] = 9.5\n"
                f"os.chdir({str(tmp_path)!r})\nos.environ['CCHC_LEAK'] = '1'\nwarnings.simplefilter('error')")
    probe = _nb("import os, matplotlib, warnings\n"
                "print('secret' in globals(), matplotlib.rcParams['lines.linewidth'], "
                "os.environ.get('CCHC_LEAK'), os.getcwd() == " + repr(str(tmp_path)) + ", "
                "warnings.filters[0][0] == 'error', get_ipython().execution_count)")
    with KernelSession() as fresh:
        expected = _text(fresh.run(probe, timeout=60))
    with KernelSession() as ks:
        ks.run(dirty, timeout=60)
        after = _text(ks.run(probe, timeout=60))
    assert after == expected
    assert after.startswith("False ") and " None False False " in after
