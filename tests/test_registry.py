"""The district registry comes from vietnamadminunits, and lookups forgive accents and case."""
import pickle

import pytest

from cchc_analysis.errors import UnknownDistrictError
from cchc_analysis.registry import communes_2025, fold, load_districts, resolve_district


def test_all_696_units_with_their_fields():
    d = load_districts()
    assert len(d) == 696
    assert d["district_code"].is_unique
    assert d["province"].nunique() == 63
    assert d["province_2025"].nunique() == 34
    assert set(d["unit_type"]) == {"huyện", "quận", "thị xã", "thành phố"}
    assert d[["latitude", "longitude"]].notna().all().all()
    assert d["district_code"].str.fullmatch(r"\d{3}").all()


@pytest.mark.parametrize("query", ["trieu son", "Huyện Triệu Sơn", "TRIỆU SƠN", 397, "397", " huyen  trieu son "])
def test_same_unit_however_written(query):
    assert resolve_district(query).district_code == "397"


@pytest.mark.parametrize(
    "code, name, province, province_2025",
    [
        ("397", "Triệu Sơn", "Thanh Hóa", "Thanh Hóa"),
        ("396", "Thường Xuân", "Thanh Hóa", "Thanh Hóa"),
        ("297", "Gia Lộc", "Hải Dương", "Hải Phòng"),  # Hải Dương merged into Hải Phòng
        ("477", "Quảng Điền", "Thừa Thiên Huế", "Huế"),
        ("849", "Trà Cú", "Trà Vinh", "Vĩnh Long"),  # Trà Vinh merged into Vĩnh Long
    ],
)
def test_seed_districts_then_and_now(code, name, province, province_2025):
    d = resolve_district(code)
    assert (d.name, d.province, d.province_2025, d.unit_type) == (name, province, province_2025, "huyện")


def test_unknown_name_lists_closest_candidates():
    with pytest.raises(UnknownDistrictError, match=r"'Gia Loc x' is unknown; did you mean: Gia Lộc, Hải Dương \(297\)"):
        resolve_district("Gia Loc x")


def test_ambiguous_name_lists_every_unit_of_that_name():
    with pytest.raises(UnknownDistrictError, match="ambiguous") as info:
        resolve_district("Châu Thành")
    assert "Châu Thành, Trà Vinh (847)" in info.value.choices
    assert len(info.value.choices) >= 8
    # the province disambiguates
    assert resolve_district("Châu Thành, Trà Vinh").district_code == "847"


def test_unknown_code():
    with pytest.raises(UnknownDistrictError, match="'999' is unknown"):
        resolve_district("999")


def test_error_survives_pickling():
    try:
        resolve_district("Gia Loc x")
    except UnknownDistrictError as err:
        again = pickle.loads(pickle.dumps(err))
        assert str(again) == str(err) and again.choices == err.choices


def test_fold():
    assert fold("Đắk Lắk") == "dak lak"


def test_communes_2025_cover_the_district_territory():
    communes = communes_2025("397")
    assert "Xã Triệu Sơn" in communes
    assert all(c.startswith(("Xã ", "Phường ", "Thị trấn ")) for c in communes)
    assert communes_2025("849") and "Xã Trà Cú" in communes_2025("849")
