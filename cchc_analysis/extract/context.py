"""What a figure inherits: its period (years and dates), level and kind, from the clause out.

The clause that holds a figure says most; what it leaves unsaid comes from its
sentence, then from the lead of its paragraph ("Năm 2021, toàn huyện …", "Ở cấp
xã, …", "Quý I/2021"), then from the headings above it, then from the document.

Examples
--------
>>> [(p.first, p.last, p.date_start, p.date_end) for p in periods("Quý I/2021 tiếp nhận 120 hồ sơ")]
[(2021, 2021, '2021-01-01', '2021-03-31')]
>>> [(p.first, p.date_start, p.date_end) for p in periods("từ 01/12/2022 đến 30/11/2023")]
[(2022, '2022-12-01', '2023-11-30')]
>>> [m[2] for m in levels(fold("Ở cấp xã, tiếp nhận 300 hồ sơ"))]
['commune']
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from .phrases import fold
from .quantities import DOCUMENT_REF, YEAR, is_year

__all__ = ["Period", "periods", "levels", "target_cue", "main_phase", "compared_year", "yearless_window", "LEVEL_WORDS"]

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class Period:
    """A period stated in a sentence, at ``start``:``end``."""

    start: int
    end: int
    first: int
    last: int
    date_start: str = ""
    date_end: str = ""
    binds_after: bool = False   # "… 90% vào năm 2025": the year follows the figure it dates
    to_now: bool = False        # "từ tháng 12/2019 đến nay": runs to the document's year
    as_of: bool = False         # "tính đến ngày 30/11/2022": a stock's day, a flow's year so far


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return f"{y:04d}-{m:02d}-{d:02d}" if 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1] else None
    except (ValueError, calendar.IllegalMonthError):
        return None


def _month_end(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


_D = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(" + YEAR + ")"   # 15/12/2022, 15-12-2022, 15.12.2022
_WINDOW = re.compile(r"(?:tu|tinh tu)\s+(?:ngay\s+)?" + _D + r"\s*(?:den|-|–)\s*(?:het\s+)?(?:ngay\s+)?" + _D)
_AS_OF = re.compile(r"(?:tinh den|den|tai thoi diem|tinh toi|thoi diem)\s+(?:het\s+)?(?:ngay\s+)?" + _D)
_QUARTER = re.compile(r"quy\s+(iv|iii|ii|i|[1-4])\s*(?:/|nam|-)\s*(" + YEAR + r")(?!\d)")
_HALF = re.compile(r"(?<![\d.,])(\d{1,2}|sau|chin)\s+thang\s+(?:dau\s+)?nam\s+(" + YEAR + r")(?!\d)")   # "5 tháng đầu năm 2017"
_LAST_HALF = re.compile(r"(?<![\d.,])(?:6|sau)\s+thang\s+cuoi\s+nam\s+(" + YEAR + r")(?!\d)")
_TO_MONTH = re.compile(r"(?:tinh\s+)?(?:den|toi)\s+(?:het|cuoi)\s+thang\s+(\d{1,2})\s*(?:/|-|nam)\s*(" + YEAR + r")(?!\d)")
_MONTH = re.compile(r"(?<!den )(?<!\d )thang\s+(\d{1,2})\s*(?:/|-|nam)\s*(" + YEAR + r")(?!\d)")
_RANGE = re.compile(
    r"(?:(?:tu|trong|giai doan)\s+(?:nam\s+)?)?(" + YEAR + r")\s*(?:[-–—]|den(?:\s+ngay\s+\d{1,2}/\d{1,2}/|"
    r"\s+thang\s+\d{1,2}\s+nam\s+|\s+nam\s+|\s+))\s*(" + YEAR + r")(?!\d)")
_SINCE_NOW = re.compile(r"(?:tu|ke tu)\s+(?:nam\s+|thang\s+\d{1,2}\s*(?:/|\s+nam)\s*|(?:ngay\s+)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*)?"
                        r"(" + YEAR + r")\s*,?\s+(?:cho\s+)?(?:den|toi)\s+nay(?!\w)")
_NOW = re.compile(r"(?<!\w)(?:(?:tinh\s+)?den\s+nay|hien\s+nay|den\s+thoi\s+diem\s+nay)(?!\w)")   # "Đến nay, …"
_SINGLE = re.compile(r"(?<![\d.,])(" + YEAR + r")(?![\d.,]\d)")
_REFERENCE = re.compile(r"so (?:voi(?: cung ky)?|cung ky)(?: nam)?\s*(?:\d{4}\s*(?:va|,)\s*(?:nam\s*)?)?$")   # "so với năm 2020 và 2021"
_BINDING = r"(?:vao|trong|den|toi|cua)"   # "… 90% vào năm 2025", "thứ 1 của năm 2016"
_BINDS_AFTER = re.compile(_BINDING + r"\s+(?:nam\s+)?$|(?<![\d.,])\d{1,3}%?\s+nam\s+$")   # "thứ 7 năm 2016"
_BOUND_WORDS = re.compile(r"(?:" + _BINDING + r"\s+)?(?:nam\s+)?$")


_PHASE = re.compile(r"giai doan\s+(?:nam\s+)?(" + YEAR + r")\s*(?:[-–—]|den)\s*(?:nam\s+)?(" + YEAR + r")\s*[,;]?\s*"
                    r"(?:va\s+)?(?:co\s+)?(?:tam nhin|dinh huong)\s+(?:den\s+|toi\s+)?(?:nam\s+)?(" + YEAR + r")(?!\d)")


def main_phase(s: str) -> tuple[int, int] | None:
    """Return the main phase of a plan's title, "giai đoạn A–B, định hướng đến năm C": (A, B).

    A plan for 2021–2025 "with an orientation to 2030" sets its targets for
    2021–2025; a target that states no year of its own is for that phase.

    Examples
    --------
    >>> main_phase("Kế hoạch CCHC giai đoạn 2021 - 2025, định hướng đến năm 2030 của huyện")
    (2021, 2025)
    >>> main_phase("Kế hoạch CCHC giai đoạn 2021 - 2025") is None
    True
    """
    m = _PHASE.search(fold(s))
    if m and int(m[1]) <= int(m[2]) < int(m[3]):
        return int(m[1]), int(m[2])
    return None


_SAME_TIME_LAST_YEAR = re.compile(r"so (?:voi )?cung ky(?: nam)?\s*(" + YEAR + r")(?!\d)")
_SO_FAR_THIS_YEAR = re.compile(r"(?:tu dau nam|nam nay)(?!\w).*?so voi(?: nam)?\s*(" + YEAR + r")(?!\d)")


def compared_year(s: str) -> int | None:
    """Return the year a comparison with the year before implies for a text that states none.

    "… so với cùng kỳ năm 2012" and "Từ đầu năm đến nay … so với năm 2012" are about 2013.

    Examples
    --------
    >>> compared_year("Từ đầu năm đến nay, đã tiếp 900 lượt công dân, giảm 79 người so với năm 2012")
    2013
    >>> compared_year("Tăng 5% so với năm 2015") is None
    True
    """
    f = fold(s)
    m = _SAME_TIME_LAST_YEAR.search(f) or _SO_FAR_THIS_YEAR.search(f)
    return int(m[1]) + 1 if m else None


def periods(s: str, now: int | None = None) -> list[Period]:
    """Return the periods a sentence states: windows, as-of dates, quarters, months, years, ranges.

    ``now`` is the document's year: "từ năm 2015 đến nay" runs to it (without it, 2015 alone),
    and "đến nay" or "hiện nay" alone is that year.

    Examples
    --------
    >>> [(p.first, p.last) for p in periods("Giai đoạn 2017 - 2021, năm 2020 tăng so với năm 2019")]
    [(2017, 2021), (2020, 2020)]
    >>> [(p.first, p.last) for p in periods("Từ năm 2015 đến nay", now=2019)]
    [(2015, 2019)]
    """
    f, low = fold(s), s.lower()
    covered = [False] * len(s)
    for m in DOCUMENT_REF.finditer(s):
        covered[m.start():m.end()] = [True] * (m.end() - m.start())
    found: list[Period] = []

    def take(m, *args, **kw):
        if not any(covered[m.start():m.end()]):
            covered[m.start():m.end()] = [True] * (m.end() - m.start())
            if not _REFERENCE.search(f[max(0, m.start() - 25):m.start()]):   # "so với 6 tháng đầu năm 2021"
                found.append(Period(m.start(), m.end(), *args, **kw))

    for m in _WINDOW.finditer(f):
        d1, d2 = _iso(int(m[3]), int(m[2]), int(m[1])), _iso(int(m[6]), int(m[5]), int(m[4]))
        if d1 and d2:
            take(m, int(m[3]), int(m[6]), d1, d2)
    # a range of years before "as of": "từ 2015 đến ngày 01/7/2021" is 2015–2021, not a day of 2021
    for m in _RANGE.finditer(f):
        if int(m[1]) <= int(m[2]):
            take(m, int(m[1]), int(m[2]))
    for m in _SINCE_NOW.finditer(f):
        if now and int(m[1]) < now:
            take(m, int(m[1]), int(now), to_now=True)
    if now:   # "đến nay", "hiện nay" alone: the document's own year (after "từ 2015 đến nay" took its span)
        for m in _NOW.finditer(f):
            take(m, int(now), int(now))
    for m in _AS_OF.finditer(f):
        if (d := _iso(int(m[3]), int(m[2]), int(m[1]))):
            take(m, int(m[3]), int(m[3]), d, d, as_of=True)
    for m in _QUARTER.finditer(f):
        y, q = int(m[2]), _ROMAN[m[1]]
        take(m, y, y, f"{y}-{3 * q - 2:02d}-01", _month_end(y, 3 * q))
    for m in _LAST_HALF.finditer(f):   # "6 tháng cuối năm 2023": July to December
        y = int(m[1])
        take(m, y, y, f"{y}-07-01", f"{y}-12-31")
    for m in _HALF.finditer(f):   # the first n months of a year
        y, n = int(m[2]), {"sau": 6, "chin": 9}.get(m[1]) or int(m[1])
        if 1 <= n <= 12:
            take(m, y, y, f"{y}-01-01", _month_end(y, n))
    for m in _TO_MONTH.finditer(f):   # "Tính đến cuối tháng 5 năm 2017": the year so far
        y, mo = int(m[2]), int(m[1])
        if 1 <= mo <= 12:
            take(m, y, y, f"{y}-01-01", _month_end(y, mo))
    for m in _MONTH.finditer(f):
        y, mo = int(m[2]), int(m[1])
        if 1 <= mo <= 12:
            take(m, y, y, f"{y}-{mo:02d}-01", _month_end(y, mo))
    for m in _SINGLE.finditer(s):
        a, b = m.span()
        if not covered[a] and is_year(s, f, a, b) and not _REFERENCE.search(f[max(0, a - 25):a]):
            covered[a:b] = [True] * (b - a)
            start = a - len(_BOUND_WORDS.search(f[max(0, a - 12):a]).group())
            found.append(Period(start, b, int(m[1]), int(m[1]), binds_after=bool(_BINDS_AFTER.search(f[max(0, a - 12):a]))))
    return _joined(sorted(found, key=lambda p: p.start), f)


_AND = re.compile(r"\s*(?:,|va)\s*")


def _joined(found: list[Period], f: str) -> list[Period]:
    """Join a year and the opening months of the next ("năm 2018 và quý I-2019"): one span, figures over both."""
    out: list[Period] = []
    for p in found:
        prev = out[-1] if out else None
        if (prev and prev.first == prev.last and not prev.date_start and p.date_start == f"{prev.last + 1}-01-01"
                and _AND.fullmatch(f, prev.end, p.start)):
            out[-1] = Period(prev.start, p.end, prev.first, p.last, f"{prev.first}-01-01", p.date_end)
        else:
            out.append(p)
    return out


#: Level words that name the document's own units: the district's in a district's document, the
#: province's in a province's ("đơn vị sự nghiệp công lập giảm 168 người").
OWN_UNITS = ("don vi su nghiep cong lap", "don vi su nghiep")

#: Words that name a level, folded; the longest match wins where they overlap.
LEVEL_WORDS = {
    "province": ["toan tinh", "cap tinh", "cac so, ban, nganh", "so, ban, nganh", "cac so, nganh", "so, nganh",
                 "co quan cap tinh", "khoi tinh", "cac co quan, don vi cap tinh", "tren dia ban tinh",
                 "cac so, ban, nganh tinh", "thuoc ubnd tinh", "thuoc uy ban nhan dan tinh", "truc thuoc ubnd tinh",
                 "truc thuoc uy ban nhan dan tinh", "van phong ubnd tinh", "van phong uy ban nhan dan tinh",
                 "cap huyen tro len", "cap quan, huyen tro len", "tu cap huyen tro len", "ban, nganh tinh",
                 "hanh chinh cong tinh", "khoi cac so", "khoi so, nganh", "khoi cac so, nganh", "hdnd va ubnd tinh"],
    "district_and_commune": ["toan huyen", "tren dia ban huyen", "ca hai cap", "hai cap", "cap huyen va cap xa",
                             "cap huyen, cap xa", "huyen va xa", "huyen, xa", "cac cap", "huyen va cac xa",
                             "cap huyen va xa", "ca huyen va xa", "cap huyen, xa", "huyen, cac xa"],
    "commune": ["cap xa", "cac xa", "xa, thi tran", "xa, phuong, thi tran", "phuong, xa", "phuong, xa, thi tran", "ubnd xa", "ubnd cac xa",
                "mot cua xa", "uy ban nhan dan cac xa", "cac xa, thi tran", "xa, phuong",
                "cua xa", "cua phuong", "cua thi tran", "cap phuong", "cac phuong", "ubnd phuong", "ubnd cac phuong",
                "uy ban nhan dan xa", "uy ban nhan dan phuong", "uy ban nhan dan cac phuong"],
    "district": ["cap huyen", "ubnd huyen", "ubnd thanh pho", "ubnd thi xa", "ubnd tp", "ubnd tx",
                 "mot cua thi xa", "mot cua quan", "mot cua thanh pho", "bo phan tiep nhan va tra ket qua thi xa", "ubnd quan", "cap quan", "mot cua huyen", "uy ban nhan dan huyen", "cac phong, ban",
                 "phong, ban chuyen mon", "bo phan tiep nhan va tra ket qua huyen", "khoi huyen",
                 "hanh chinh cong huyen", "hanh chinh cong thi xa", "hanh chinh cong quan",
                 "ubnd cac huyen", "uy ban nhan dan cac huyen", "ubnd cac quan", "uy ban nhan dan cac quan",
                 "uy ban nhan dan thanh pho", "uy ban nhan dan thi xa", "uy ban nhan dan quan",
                 *OWN_UNITS],
}
_LEVEL_OF = {w: lvl for lvl, words in LEVEL_WORDS.items() for w in words}
#: the level words as one alternation (folded), longest first
LEVEL_PATTERN = "|".join(re.escape(w) for w in sorted(_LEVEL_OF, key=len, reverse=True))
_LEVEL_RE = re.compile(r"(?<!\w)(?:" + LEVEL_PATTERN + r")(?!\w)")


#: "Hệ thống thông tin một cửa điện tử cấp tỉnh", "phần mềm … cấp huyện": a level that names a system's
#: owner, not the level of the figures handled on it (no punctuation between the system and the level)
_SYSTEM = re.compile(r"(?:he thong|phan mem|cong dich vu cong|cong thong tin)[^,;.:()]*$")

#: Level words that name a territory, not the units that act: weaker than a unit's name.
TERRITORY = ("toan tinh", "toan huyen", "tren dia ban huyen", "tren dia ban tinh")


def levels(folded: str) -> list[tuple[int, int, str]]:
    """Return (start, end, level) of each level word in folded text.

    Examples
    --------
    >>> [m[2] for m in levels(fold("Toàn huyện có 17 xã, thị trấn"))]
    ['district_and_commune', 'commune']
    """
    if "xa" not in folded and "huyen" not in folded and "tinh" not in folded and "cap" not in folded \
            and "quan" not in folded and "so" not in folded and "ban" not in folded and "thanh pho" not in folded:
        return []
    return [(m.start(), m.end(), _LEVEL_OF[m.group()]) for m in _LEVEL_RE.finditer(folded)
            if not _SYSTEM.search(folded, max(0, m.start() - 50), m.start())]



_TARGET = re.compile(r"phan dau|muc tieu|chi tieu|dinh huong den|du kien (?:se )?(?:dat|con)|ke hoach dat|"
                     r"(?<!\d\s)(?<!tinh\s)den nam\s+20[2-4]\d|(?<!da )(?<!duoc )dat (?:toi thieu|it nhat)|dam bao dat|phai dat")


_YEARLESS = [   # (pattern, first month, last month) of a window a text states without its year
    (re.compile(r"(?<!\w)quy\s+(iv|iii|ii|i|[1-4])(?!\w)(?!\s*(?:/|-|nam)\s*\d)"), None, None),
    (re.compile(r"(?<![\d.,])(\d{1,2}|ba|sau|chin)\s+thang\s+dau\s+nam(?!\s*(?:/|-|nam)?\s*\d)"), 1, None),
    (re.compile(r"(?<![\d.,])(6|sau)\s+thang\s+cuoi\s+nam(?!\s*(?:/|-|nam)?\s*\d)"), 7, 12),
]
_WORD_MONTHS = {"ba": 3, "sau": 6, "chin": 9}


def yearless_window(folded: str, year: int) -> tuple[str, str] | None:
    """Return the dates of the last sub-year window ``folded`` states without its year, in ``year``.

    "Quý III" is July to September, "9 tháng đầu năm" January to September, "6 tháng cuối năm"
    July to December; the year is the context's (a text that states it has a :class:`Period`).

    Examples
    --------
    >>> yearless_window(fold("Trong quý III, huyện tiếp nhận"), 2023), yearless_window(fold("9 tháng đầu năm"), 2023)
    (('2023-07-01', '2023-09-30'), ('2023-01-01', '2023-09-30'))
    >>> yearless_window(fold("Quý III/2023, huyện"), 2023) is None
    True
    """
    found = []
    for pattern, a, b in _YEARLESS:
        for m in pattern.finditer(folded):
            if a is None:   # a quarter
                q = _ROMAN[m.group(1)]
                found.append((m.start(), (3 * q - 2, 3 * q)))
            else:
                n = _WORD_MONTHS.get(m.group(1)) or int(m.group(1))
                if 1 <= n <= 12:
                    found.append((m.start(), (a, b if b else n)))
    if not found:
        return None
    first, last = max(found)[1]
    return f"{year:04d}-{first:02d}-01", _month_end(year, last)


def target_cue(folded: str) -> bool:
    """Return whether a clause or heading announces targets (``phấn đấu``, ``mục tiêu``, …).

    Examples
    --------
    >>> target_cue(fold("Phấn đấu đến năm 2025 tỷ lệ hài lòng đạt 95%"))
    True
    """
    return bool(_TARGET.search(folded))
