"""Provincial context: PAPI medians and ranks against independent computations, the 2018 break,
and the real reference data as built by tools/build_reference.py."""
import csv
import os
import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cchc_analysis import settings
from cchc_analysis.context import (
    DIMENSIONS,
    compare_totals,
    load_papi,
    load_papi_dimensions,
    load_province_indices,
    papi_national_median,
    papi_trend,
    province_of,
)
from cchc_analysis.errors import FactValidationError, IncomparableError, ParameterError

NAN = float("nan")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def tiny():
    """Four provinces, two years (one each side of the break), D1 and total."""
    rows = [
        # province, code, year, dimension, value
        ("Thanh Hóa", "38", 2017, "D1", 5.0),
        ("Hải Dương", "30", 2017, "D1", 6.0),
        ("Trà Vinh", "84", 2017, "D1", 6.0),   # tie with Hải Dương: both rank 1
        ("Bắc Giang", "24", 2017, "D1", NAN),  # no score: left out of median and ranks
        ("Thanh Hóa", "38", 2017, "total", 36.0),
        ("Hải Dương", "30", 2017, "total", 38.0),
        ("Trà Vinh", "84", 2017, "total", 35.0),
        ("Bắc Giang", "24", 2017, "total", NAN),
        ("Thanh Hóa", "38", 2018, "D1", 7.0),
        ("Hải Dương", "30", 2018, "D1", 4.0),
        ("Trà Vinh", "84", 2018, "D1", 5.5),
        ("Bắc Giang", "24", 2018, "D1", 5.0),
        ("Thanh Hóa", "38", 2018, "total", 45.0),
        ("Hải Dương", "30", 2018, "total", 44.0),
        ("Trà Vinh", "84", 2018, "total", 40.0),
        ("Bắc Giang", "24", 2018, "total", 41.0),
    ]
    df = pd.DataFrame(rows, columns=["province", "province_code", "year", "dimension", "value"])
    df.insert(2, "region", "")
    return df


def _by_hand_rank(values: dict, who: str):
    """Rank 1 = highest: one plus the number of scored provinces strictly above."""
    scored = {k: v for k, v in values.items() if not np.isnan(v)}
    return None if who not in scored else 1 + sum(v > scored[who] for v in scored.values())


def test_national_median_matches_statistics_median(tiny):
    got = papi_national_median(tiny).set_index(["year", "dimension"])
    for (year, dim), grp in tiny.groupby(["year", "dimension"]):
        scores = [v for v in grp["value"] if not np.isnan(v)]
        assert got.loc[(year, dim), "median"] == statistics.median(scores)
        assert got.loc[(year, dim), "n_provinces"] == len(scores)
        assert got.loc[(year, dim), "n_missing"] == 4 - len(scores)
    assert got.loc[(2017, "D1"), "median"] == 6.0  # median of 5, 6, 6; Bắc Giang left out


def test_trend_ranks_and_medians_match_by_hand(tiny):
    for province in ["Thanh Hóa", "Hải Dương", "Trà Vinh", "Bắc Giang"]:
        t = papi_trend(tiny, province, dimensions=["D1", "total"]).set_index(["year", "dimension"])
        for (year, dim), grp in tiny.groupby(["year", "dimension"]):
            values = dict(zip(grp["province"], grp["value"]))
            expected = _by_hand_rank(values, province)
            rank = t.loc[(year, dim), "rank"]
            assert (np.isnan(rank) and expected is None) or rank == expected, (province, year, dim)
            assert t.loc[(year, dim), "n_ranked"] == sum(not np.isnan(v) for v in values.values())
            assert t.loc[(year, dim), "national_median"] == statistics.median(
                [v for v in values.values() if not np.isnan(v)])
    tie = papi_trend(tiny, "Trà Vinh", dimensions="D1")
    assert tie.loc[tie["year"] == 2017, "rank"].item() == 1  # shares the best rank with Hải Dương


def test_trend_states_scale_and_keeps_gaps(tiny):
    t = papi_trend(tiny, "Bắc Giang", dimensions="total")
    assert t["value"].isna().tolist() == [True, False]  # 2017 gap stays a gap
    assert t["scale"].tolist() == ["sum of 6 dimensions (6–60)", "sum of 8 dimensions (8–80)"]


@pytest.mark.parametrize("query", ["Thanh Hóa", "thanh hoa", "THANH HÓA", "38", 38])
def test_province_however_written(tiny, query):
    assert papi_trend(tiny, query)["province_code"].unique().tolist() == ["38"]


def test_unknown_province_and_dimension_name_choices(tiny):
    with pytest.raises(ParameterError, match=r"'Thanh Hao'.*not one of the 4 provinces.*Thanh Hóa \(38\)"):
        papi_trend(tiny, "Thanh Hao")
    with pytest.raises(ParameterError, match=r"dimensions.*\['D9'\].*valid: D1, D2"):
        papi_trend(tiny, "Thanh Hóa", dimensions=["D9"])


def test_totals_across_the_2018_break_are_refused(tiny):
    with pytest.raises(IncomparableError, match=r"2017 and 2018 are on different scales.*6 dimensions.*8.*Compare the dimensions"):
        compare_totals(tiny, "Thanh Hóa", years=[2017, 2018])
    with pytest.raises(IncomparableError):  # the order of the years does not matter
        compare_totals(tiny, ["Thanh Hóa", "Trà Vinh"], years=[2018, 2017])


def test_totals_on_one_side_of_the_break_are_compared(tiny):
    later = tiny[tiny["year"] == 2018].assign(year=2019, value=lambda d: d["value"] + 1)  # every score +1
    papi = pd.concat([tiny, later], ignore_index=True)
    out = compare_totals(papi, ["Thanh Hóa", "Trà Vinh"], years=[2018, 2019])
    assert out["year"].tolist() == [2018, 2019, 2018, 2019]
    assert out["total"].tolist() == [45.0, 46.0, 40.0, 41.0]
    assert out["change"].tolist() == [0.0, 1.0, 0.0, 1.0]
    assert out["rank"].tolist() == [1.0, 1.0, 4.0, 4.0]


def test_six_dimension_total_may_cross_the_break(tiny):
    papi = tiny.assign(dimension=tiny["dimension"].replace({"total": "total_6dim"}))
    out = compare_totals(papi, "Thanh Hóa", years=[2017, 2018], total="total_6dim")
    assert out["change"].tolist() == [0.0, 9.0]  # 45 − 36


def test_compare_totals_rejects_unknown_total_and_years(tiny):
    with pytest.raises(ParameterError, match="valid: total, total_6dim"):
        compare_totals(tiny, "Thanh Hóa", years=[2017], total="D1")
    with pytest.raises(ParameterError, match=r"years.*\[2030\].*2017–2018"):
        compare_totals(tiny, "Thanh Hóa", years=[2030])


def test_inputs_are_not_mutated(tiny):
    before = tiny.copy()
    papi_trend(tiny, "Thanh Hóa", dimensions="all")
    papi_national_median(tiny)
    compare_totals(tiny, "Thanh Hóa", years=[2018])
    pd.testing.assert_frame_equal(tiny, before)


# --- the real reference data ---------------------------------------------------------------

@pytest.fixture(scope="module")
def papi():
    return load_papi()


def test_real_papi_has_63_provinces_by_14_years(papi):
    years = papi.groupby("province")["year"].agg(["nunique", "min", "max"])
    assert len(years) == 63 and papi["province_code"].nunique() == 63
    assert (years["nunique"] == 14).all() and (years["min"] == 2011).all() and (years["max"] == 2024).all()
    assert papi.groupby(["year"])["dimension"].nunique().to_dict() == {y: 8 if y < 2018 else 10 for y in range(2011, 2025)}
    assert papi["value"].dtype == float and papi["year"].dtype == int


def test_real_thanh_hoa_2011_total_equals_the_shared_file(papi):
    got = papi.query("province == 'Thanh Hóa' and year == 2011 and dimension == 'total'")["value"].item()
    assert got == 37.228592  # printed in papi_province_year.csv, row Thanh Hóa 2011, column total_papi
    shared = settings.reference_dir() / "papi_province_year.csv"
    if shared.is_file():
        with open(shared, encoding="utf-8") as f:
            row = next(r for r in csv.DictReader(f) if r["province_vi"] == "Thanh Hóa" and r["year"] == "2011")
        assert got == float(row["total_papi"])


def test_real_ranks_equal_the_transcribed_rank_year(papi):
    """The repository's rank_year was computed independently from ours, on the same totals."""
    shared = settings.reference_dir() / "papi_province_year.csv"
    if not shared.is_file():
        pytest.skip(f"{shared} not found (set CCHC_REFERENCE_DIR)")
    with open(shared, encoding="utf-8") as f:
        theirs = {(r["province_vi"], int(r["year"])): r["rank_year"] for r in csv.DictReader(f)}
    t = pd.concat([papi_trend(papi, p, dimensions="total") for p in papi["province"].unique()])
    ours = {(p, y): ("" if np.isnan(r) else str(int(r))) for p, y, r in zip(t["province"], t["year"], t["rank"])}
    assert ours == theirs


def test_real_missing_province_years_stay_missing(papi):
    t = papi_trend(papi, "Bắc Giang", dimensions="total").set_index("year")
    assert np.isnan(t.loc[2014, "value"]) and np.isnan(t.loc[2014, "rank"])
    assert t.loc[2014, "n_ranked"] == 61  # Bắc Giang and Đồng Tháp have no 2014 scores
    assert papi["value"].isna().sum() == 106  # as counted in data/reference/PROVENANCE.md


def test_real_dimensions_start_in_their_year(papi):
    dims = load_papi_dimensions()
    assert list(dims.index) == DIMENSIONS[:8]
    assert dims.loc["D7", "name_vi"] == "Quản trị môi trường" and dims.loc["D7", "from_year"] == 2018
    assert papi.loc[papi["dimension"].isin(["D7", "D8"]), "year"].min() == 2018


def test_province_of_district():
    assert province_of(397) == "Thanh Hóa"
    assert province_of("Trà Cú") == "Trà Vinh"
    assert province_of("quang dien") == "Thừa Thiên Huế"


def test_province_indices_are_typed_with_province_codes():
    ix = load_province_indices()
    assert ix["rank"].dtype == "Int64" and ix["year"].dtype == int and ix["value"].dtype == float
    row = ix.query("index == 'par_index' and province == 'Thanh Hóa' and year == 2021")
    assert row[["value", "rank"]].values.tolist() == [[87.83, 14]]
    codes = dict(zip(ix["province"], ix["province_code"]))
    assert codes["Thanh Hóa / huyện Mường Lát"] == "38"  # a province's ranking of its districts
    assert codes["_national_mean_63_provinces"] == ""  # a benchmark, not a province
    assert {codes[p] for p in ["Hải Dương", "Thừa Thiên Huế", "Trà Vinh"]} == {"30", "46", "84"}


def test_bad_papi_file_is_rejected_with_every_problem(tmp_path):
    path = tmp_path / "papi.csv"
    path.write_text(
        "province,province_code,region,year,dimension,value\n"
        "Thanh Hóa,38,,2016,D7,5.0\n"      # D7 did not exist before 2018
        "Thanh Hóa,38,,2016,D1,11.0\n"     # above the 1–10 scale
        "Thanh Hóa,38,,2016,total,70.0\n"  # a 6-dimension total cannot exceed 60
        "Thanh Hóa,38,,2019,total,70.0\n"  # fine: 8-dimension total
        "Hải Dương,30,,2016,D9,5.0\n",      # unknown dimension
        encoding="utf-8",
    )
    with pytest.raises(FactValidationError) as err:
        load_papi(path)
    text = str(err.value)
    assert "D7 and D8 exist from 2018" in text and "dimension is one of" in text
    assert text.count("score within its scale") >= 2 and ":5:" not in text  # line 5 (2019 total) is fine


def test_bad_index_file_is_rejected(tmp_path):
    path = tmp_path / "province_indices.csv"
    path.write_text(
        "index,province,year,value,rank,scale,source,note\n"
        "parindex,Thanh Hóa,2021,87.83,14,0-100,x,\n"  # unknown index
        "pci,Thanh Hóa,2021,,,0-100,x,\n",            # neither value nor rank
        encoding="utf-8",
    )
    with pytest.raises(FactValidationError, match=r"(?s):2: column 'index' value='parindex'.*:3: column 'value' breaks a value or a rank"):
        load_province_indices(path)


def test_reference_data_is_what_the_build_script_makes():
    """data/reference/ is never edited by hand: a rebuild from the raw files changes nothing."""
    if not (settings.reference_dir() / "papi_province_year.csv").is_file():
        if os.environ.get("CI"):
            pytest.fail(f"raw reference files not found at {settings.reference_dir()}")
        pytest.skip("raw reference files not found; set CCHC_REFERENCE_DIR")
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "build_reference.py"), "--check"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
