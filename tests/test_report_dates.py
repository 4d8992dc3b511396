"""Dates as readers write them: dd/mm/yyyy in the Vietnamese report, the month in letters in English.

Expected values are read by hand from ``data/facts.csv`` and ``data/sources.csv``: fact
``tra-cu-2022-bc:051`` runs from 2015-01-01 to 2021-07-01 (its quote: "Tính từ 2015 đến ngày
01/7/2021"), and its source, the report of UBND huyện Trà Cú, is dated 2022-05.
"""
from __future__ import annotations

import re

import pytest

from cchc_analysis import report

ISO = re.compile(r"\b\d{4}-\d{2}(-\d{2})?\b")


@pytest.fixture(scope="module", params=["vi", "en"])
def ctx(request):
    return report.prepare("Trà Cú", language=request.param)


def test_appendix_dates_in_the_readers_form(ctx):
    table = report.appendix(ctx)
    cols = report.TEXT[ctx.language]["cols"]
    row = table.set_index(cols["fact_id"]).loc["tra-cu-2022-bc:051"]
    expected = {"vi": ("01/01/2015 – 01/07/2021", "UBND huyện Trà Cú, 05/2022"),
                "en": ("1 Jan 2015 – 1 Jul 2021", "UBND huyện Trà Cú, May 2022")}[ctx.language]
    assert (row[cols["period"]], row[cols["source"]]) == expected
    for col in (cols["period"], cols["source"]):
        iso = [v for v in table[col] if ISO.search(str(v))]
        assert not iso, f"ISO dates left in {col}: {iso[:3]}"


def test_no_iso_date_in_the_prose_around_the_figures(ctx):
    words = [report.header(ctx).text, report.sources_list(ctx).text,
             report.footer_note("Trà Cú", ctx.language)]
    for said in words:
        assert not ISO.search(said), said
    assert ("05/2022" if ctx.language == "vi" else "May 2022") in words[0]
