"""The district report's provincial profile: PAPI score, national median and change since the
previous survey, never across a change of method.

Expected values are read by hand from ``../shared/reference/papi_province_year.csv`` (Trà Vinh,
province_id 54): D1 2024 = 4.107318, 2023 = 3.9348295 (change +0.17); D5 2024 = 6.9165635,
2023 = 7.340366 (−0.42); D1 2018 = 4.4739203, 2017 = 5.2732267 (−0.80); D1 2016 = 4.429068,
2015 = 4.63258 (−0.20). National medians by sorting the column by hand (``sort -g``): D1 2024
4.93 and D5 2024 7.22 over 61 provinces, D3 2016 4.92 over 63. Vertical accountability (D3)
changed method in 2016; Environmental governance and E-governance (D7, D8) start in 2018.
"""
from __future__ import annotations

import pytest

from cchc_analysis import report
from cchc_analysis._text import PROFILE_WORDS


def _profile(language="vi", **years):
    t = report.papi_profile(report.prepare("Trà Cú", language=language, **years))
    words = PROFILE_WORDS[language]
    return t.set_index(words["dimension"]), words


def test_latest_year_score_median_and_change_vi():
    t, w = _profile()
    assert set(t[w["year"]]) == {2024}
    d1, d5 = t.loc["Tham gia của người dân ở cấp cơ sở"], t.loc["Thủ tục hành chính công"]
    assert (d1[w["score"]], d1[w["median"]], d1[w["change"]]) == ("4,11 điểm", "4,93 điểm", "+0,17 điểm (so với 2023)")
    assert (d5[w["score"]], d5[w["median"]], d5[w["change"]]) == ("6,92 điểm", "7,22 điểm", "−0,42 điểm (so với 2023)")
    assert len(t) == 8


def test_latest_year_in_english_has_words_and_units():
    t, w = _profile("en")
    assert t.loc["Participation", w["change"]] == "+0.17 points (vs 2023)"
    assert t.loc["Public Admin. Procedures", w["median"]] == "7.22 points"


def test_no_change_across_the_2016_method_change_of_vertical_accountability():
    t, w = _profile("en", end_year=2016)
    assert set(t[w["year"]]) == {2016}
    assert t.loc["Vertical Accountability", w["change"]].startswith("not compared")
    assert t.loc["Vertical Accountability", w["median"]] == "4.92 points"
    assert t.loc["Participation", w["change"]] == "−0.2 points (vs 2015)"  # no break in D1


def test_dimensions_new_in_2018_have_no_change_from_2017():
    t, w = _profile("en", end_year=2018)
    assert t.loc["Participation", w["change"]] == "−0.8 points (vs 2017)"
    for new in ("Environmental Governance", "E-Governance"):
        assert t.loc[new, w["change"]] == "no score in 2017"
