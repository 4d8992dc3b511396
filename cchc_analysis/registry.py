"""Registry of Vietnam's district-level units before the 2025 reform.

Built from the ``vietnamadminunits`` package (not a hand-written list): the 696
district-level units (huyện, quận, thị xã, thành phố thuộc tỉnh) of the 63
provinces, with GSO codes, names, coordinates, and the province and communes
the territory belongs to since 1 July 2025, when the district level was
abolished and 63 provinces became 34.

Lookup forgives accents, case and the unit-type prefix: ``"trieu son"``,
``"Huyện Triệu Sơn"``, ``"397"`` and ``397`` give the same unit.

Examples
--------
>>> resolve_district("trieu son").district_code
'397'
>>> resolve_district(297).name
'Gia Lộc'
>>> resolve_district("Huyện Trà Cú").province_2025
'Vĩnh Long'
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import asdict, dataclass

import pandas as pd
from rapidfuzz import fuzz, process

from .errors import UnknownDistrictError

__all__ = ["District", "load_districts", "resolve_district", "communes_2025", "fold"]

#: Provinces whose name in the package is the post-2025 one; the 2016–2024 name is kept
#: because reports cover that decade (Thừa Thiên Huế became Thành phố Huế on 1 Jan 2025).
_PROVINCE_NAME_2016_2024 = {"46": "Thừa Thiên Huế"}

_UNIT_TYPES = {"Huyện": "huyện", "Quận": "quận", "Thị xã": "thị xã", "Thành phố": "thành phố"}
_PREFIX = re.compile(r"^(huyen|quan|thi xa|thanh pho|tp\.?|tx\.?)\s+")


def fold(text: str) -> str:
    """Return ``text`` without accents, in lower case, with single spaces.

    Examples
    --------
    >>> fold("  Huyện  Triệu Sơn ")
    'huyen trieu son'
    >>> fold("Đông Sơn")
    'dong son'
    """
    text = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass(frozen=True)
class District:
    """One pre-2025 district-level unit."""

    district_code: str
    name: str
    full_name: str
    unit_type: str
    province_code: str
    province: str
    latitude: float
    longitude: float
    province_2025: str

    def __str__(self) -> str:
        return f"{self.full_name}, {self.province} ({self.district_code})"

    def to_dict(self) -> dict:
        """Return the fields as a plain dict."""
        return asdict(self)


def _query(sql):
    from vietnamadminunits.database import query

    return query(sql)


@functools.lru_cache(maxsize=1)
def _province_2025_names() -> dict[str, str]:
    """Map each pre-2025 province key to the short name of its 2025 province."""
    from vietnamadminunits.converter.converter_2025 import DICT_PROVINCE

    new_names = {
        r["provinceKey"]: r["provinceShort"]
        for r in _query("SELECT DISTINCT provinceKey, provinceShort FROM admin_units")
    }
    return {old: new_names[new] for new, olds in DICT_PROVINCE.items() for old in olds}


@functools.lru_cache(maxsize=1)
def _districts() -> pd.DataFrame:
    rows = _query(
        "SELECT DISTINCT districtCode, districtShort, district, districtType, provinceCode,"
        " provinceShort, provinceKey, districtKey, districtLat, districtLon"
        " FROM admin_units_legacy ORDER BY districtCode"
    )
    to_2025 = _province_2025_names()
    df = pd.DataFrame(rows)
    out = pd.DataFrame(
        {
            "district_code": df["districtCode"].astype(str),
            "name": df["districtShort"],
            "full_name": df["district"],
            "unit_type": df["districtType"].map(_UNIT_TYPES),
            "province_code": df["provinceCode"].astype(str),
            "province": [
                _PROVINCE_NAME_2016_2024.get(c, p)
                for c, p in zip(df["provinceCode"], df["provinceShort"])
            ],
            "latitude": df["districtLat"].astype(float),
            "longitude": df["districtLon"].astype(float),
            "province_2025": df["provinceKey"].map(to_2025),
        }
    )
    out.attrs["keys"] = dict(zip(out["district_code"], zip(df["provinceKey"], df["districtKey"])))
    return out


def load_districts() -> pd.DataFrame:
    """Return all 696 pre-2025 district-level units.

    Returns
    -------
    DataFrame
        Columns ``district_code`` (GSO, three digits), ``name``, ``full_name``,
        ``unit_type`` (huyện, quận, thị xã, thành phố), ``province_code``,
        ``province`` (as in 2016–2024), ``latitude``, ``longitude`` and
        ``province_2025`` (the province the territory belongs to since 1 July 2025).

    Examples
    --------
    >>> d = load_districts()
    >>> len(d), d["province"].nunique()
    (696, 63)
    >>> d.set_index("district_code").loc["397", ["name", "province"]].tolist()
    ['Triệu Sơn', 'Thanh Hóa']
    """
    return _districts().copy()


@functools.lru_cache(maxsize=1)
def _index():
    d = _districts()
    by_name: dict[str, list[str]] = {}
    for code, name, full, prov in zip(d["district_code"], d["name"], d["full_name"], d["province"]):
        for key in {fold(name), fold(full), f"{fold(name)}, {fold(prov)}", f"{fold(full)}, {fold(prov)}"}:
            by_name.setdefault(key, []).append(code)
    return by_name


@functools.lru_cache(maxsize=None)  # a District is frozen; planning 696 reports looks each up several times
def _record(code: str) -> District:
    row = _districts().set_index("district_code").loc[code]
    return District(district_code=code, **{k: row[k] for k in District.__dataclass_fields__ if k != "district_code"})


def _label(code: str) -> str:
    r = _record(code)
    return f"{r.name}, {r.province} ({code})"


def resolve_district(query: str | int) -> District:
    """Return the district a name or GSO code refers to.

    Parameters
    ----------
    query : str or int
        A GSO code (``397``, ``"397"``, ``"001"``), a name with or without accents and
        unit type (``"trieu son"``, ``"Huyện Triệu Sơn"``), optionally followed by
        ``", <province>"`` to choose between units of the same name.

    Returns
    -------
    District

    Raises
    ------
    UnknownDistrictError
        When nothing matches, or several units share the name; the error lists the
        closest candidates as ``name, province (code)``.

    Examples
    --------
    >>> resolve_district("Huyện Triệu Sơn") == resolve_district(397)
    True
    >>> resolve_district("Gia Loc, Hai Duong").district_code
    '297'
    >>> resolve_district("Chau Thanh")
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.UnknownDistrictError: district 'Chau Thanh' is ambiguous (several units share the name); did you mean: Châu Thành, Tây Ninh (708), ...
    """
    codes = set(_districts()["district_code"])
    text = str(query).strip()
    if text.isdigit():
        code = text.zfill(3)
        if code in codes:
            return _record(code)
        raise UnknownDistrictError(query, [f"a GSO district code between 001 and 973 ({len(codes)} units)"])
    key = fold(text)
    hits = _index().get(key) or _index().get(_PREFIX.sub("", key)) or []
    if len(hits) == 1:
        return _record(hits[0])
    if len(hits) > 1:
        raise UnknownDistrictError(
            query, [_label(c) for c in sorted(hits)], reason="ambiguous (several units share the name)"
        )
    names = list(_index())
    close = process.extract(_PREFIX.sub("", key), names, scorer=fuzz.WRatio, limit=8)
    seen: list[str] = []
    for name, _score, _ in close:
        for c in _index()[name]:
            if c not in seen:
                seen.append(c)
    raise UnknownDistrictError(query, [_label(c) for c in seen[:5]])


@functools.lru_cache(maxsize=None)
def communes_2025(district_code: str) -> tuple[str, ...]:
    """Return the communes and wards (2025) that took over a district's territory.

    Taken from the ``vietnamadminunits`` 2025 conversion tables: every new
    commune-level unit formed wholly or partly from the district's old communes.

    Examples
    --------
    >>> "Xã Triệu Sơn" in communes_2025("397")
    True
    """
    from vietnamadminunits.converter.converter_2025 import (
        DICT_PROVINCE,
        DICT_PROVINCE_WARD_DIVIDED,
        DICT_PROVINCE_WARD_NO_DIVIDED,
    )

    code = str(district_code).zfill(3)
    prov_key, dist_key = _districts().attrs["keys"][code]
    new_prov = next(new for new, olds in DICT_PROVINCE.items() if prov_key in olds)
    prefix = f"{prov_key}_{dist_key}_"
    new_keys = {
        new for new, olds in DICT_PROVINCE_WARD_NO_DIVIDED.get(new_prov, {}).items()
        if any(o.startswith(prefix) for o in olds)
    }
    for old, news in DICT_PROVINCE_WARD_DIVIDED.get(new_prov, {}).items():
        if old.startswith(prefix):
            new_keys.update(n["newWardKey"] for n in news)
    names = {
        r["wardKey"]: r["ward"]
        for r in _query(f"SELECT wardKey, ward FROM admin_units WHERE provinceKey = '{new_prov}'")
    }
    return tuple(sorted(names[k] for k in new_keys if k in names))
