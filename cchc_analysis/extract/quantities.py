"""The quantity grammar: every figure of a sentence, with its unit, sign, base and qualifier.

* numerals the Vietnamese way (``232.636`` → 232636, ``98,7%`` → 98.7), with
  multipliers (``48,6 nghìn`` / ``ngàn`` → 48600, ``triệu``, ``tỷ``; ``tỷ lệ`` is a share);
* number words before a counted noun (``hai bậc`` → 2, ``mười hai xã`` → 12), zeros
  in words (``không có hồ sơ nào quá hạn`` → 0), ordinals (``thứ nhất`` → 1);
* signed changes: after ``tăng``/``giảm``/``tụt`` the figure is a change (``change``
  = +1 or −1), an explicit ``-``/``+`` sign is kept;
* ``k/N`` is one figure ``k`` with its base ``N`` (``xếp thứ 5/27``, ``4/13 cơ quan``);
* qualifiers ``hơn``/``trên`` (more_than), ``gần``/``dưới`` (less_than),
  ``khoảng``/``xấp xỉ``/``ước`` (about), ``ít nhất``/``tối thiểu``/``… trở lên`` (at_least),
  ``tối đa``/``không quá`` (at_most);
* not figures: dates, years, document numbers, article and section numbers, ``mức độ 3``.

Examples
--------
>>> [(q.value, q.qualifier) for q in quantities("đã tiếp nhận hơn 48,6 nghìn hồ sơ")]
[(48600.0, 'more_than')]
>>> [(q.value, q.base) for q in quantities("xếp thứ 5/27 huyện")]
[(5.0, 27.0)]
>>> [q.value for q in quantities("không có hồ sơ nào quá hạn")]
[0.0]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import AmbiguousNumberError
from ..numbers import parse_number
from .phrases import fold

__all__ = ["Quantity", "quantities", "YEAR"]

YEAR = r"(?:199\d|20[0-4]\d)"
_DATE = r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
DOCUMENT_REF = re.compile(
    r"\d+(?:\s*[/.-]\s*\d+)*\s*[/-]\s*[A-ZĐ]{2,}[\w/-]*(?:,?\s+(?i:ngày)\s+(?:" + _DATE + "))?"
    r"|(?i:iso|tcvn)\s*\d+(?::\d{4})?"
    r"|(?<!\w)(?<![Qq]uý )[A-Za-zĐđ]+-\d+")   # "NĐ-108", not the quarter of "quý I-2019"
_NOT_FIGURES = re.compile("|".join([
    DOCUMENT_REF.pattern,
    r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}",
    r"\d{1,2}\s*-\s*\d{1,2}\s*-\s*\d{4}",
    r"(?<![\d.,/])(?:0?[1-9]|1[0-2])\s*/\s*" + YEAR + r"(?!\d)",
    r"(?i:ngày)\s+\d{1,2}\s*/\s*\d{1,2}",
    r"(?<![\d\s])\s?/\s*\d{1,2}\s*/\s*\d{4}",
    r"\(\d{1,2}\)",
    # the levels of online services, 1 to 4: "mức độ 3, 4" ("đạt mức 95%", "mức độ 3 và 85 dịch vụ" are figures)
    r"(?i:mức(?:\s+độ)?)\s*[1-4](?:\s*(?:,|và|-|–)\s*(?:(?i:mức(?:\s+độ)?)\s*)?[1-4])*(?![\d%]|[.,]\d)",
    r"(?i:quý)\s+[IV1-4]+",
    # "dịch vụ công trực tuyến 3 cấp", "ở cả 2 cấp": how many levels, no figure ("3 cấp: tỉnh, huyện, xã")
    r"(?<![\d.,])[2-4]\s+(?i:cấp)(?!\s+(?:huyện|xã|tỉnh|phòng|trưởng|phó|ủy))(?!\w)",
    r"(?i:ngày|sáng|chiều|tối|trưa|đêm)\s+(?:nay\s+)?\d{1,2}\s*[-/]\s*\d{1,2}",        # sáng 23-2
    r"(?i:đến|tới)\s+(?:(?i:ngày)\s+)?\d{1,2}\s*[-/]\s*\d{1,2}(?!\d|[.,]\d)",          # từ ngày 1-1 đến 31-10
    r"(?i:trong|qua|sau)\s+0?\d{1,2}\s+(?i:năm)(?!\s*\d)",                   # trong 05 năm (a span)
    # a reporting period, not a figure: "6 tháng đầu năm", "9 tháng năm 2022", "06 tháng cuối năm"
    r"(?<![\d.,])0?\d{1,2}\s+(?i:tháng)\s+(?:(?i:đầu|cuối)\s+(?i:năm)|(?i:năm)\s+" + YEAR + r")",
]))
_LABEL_BEFORE = re.compile(
    r"(?:điều|khoản|điểm|mục|chương|(?<!một )phần|phụ lục|biểu|mẫu|nghị định|nghị quyết|chỉ thị|"
    r"quyết định|thông tư|luật|(?:kế hoạch|công văn|báo cáo|đề án|chương trình|thông báo|"
    r"tờ trình|văn bản|hướng dẫn)\s+số|bảng|hình|biểu đồ|cấp độ|khóa|khoá|lần thứ|kỳ họp thứ|iso|tcvn|tháng|"
    r"ngày|quý|trung ương|giai đoạn|nhiệm kỳ)\s*(?:số)?\s*:?\s*(?:\d+\s*(?:,|và|-)\s*)*$")
_MEASURED_AFTER = re.compile(r"\s?(?:%|điểm\b)", re.I)
_YEAR_BEFORE = re.compile(r"(?:nam|giai doan|nhiem ky|tu|den|toi|truoc|sau|khoa|vao|trong|"
                          r"cuoi|dau|tam nhin|so sanh|[-–—/(:]|\d{4}\s*(?:,|va))\s*$")  # folded
# a number glued to the word after it is still a number ("tổng số 143đơn"), not one glued to a code ("30c/NQ-CP")
_NUMERAL = re.compile(r"(?<![\w.,])([-+−]\s?)?(\d+(?:[.,]\d+)*)(?:\s*/\s*(\d+(?:[.,]\d+)*))?"
                      r"(?:(?!\w)|(?=[a-zà-ỹđ]{2,}(?![\w/-])))")
_HEADING_NUMBER = re.compile(r"^\s*[-+•]?\s*\d{1,2}(?:\.\d+)*(?:[.)](?:\s|$)|\s?-\s?(?=[A-ZĐ]))")
_MULTIPLIER = re.compile(r"\s*(nghìn|ngàn|triệu|tỷ|tỉ)(?!\s*lệ)(?!\w)", re.I)
_FACTORS = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
_UNIT = re.compile(r"\s?(%|ha\b|km2\b|km²|km vuông\b|km\b|m2\b|m²|đồng\b|đ\b|điểm\b|bậc\b|hạng\b)", re.I)
_DIGITS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "sau": 6, "bay": 7,
           "tam": 8, "chin": 9, "muoi": 10, "mot tram": 100}
# A number word counts something only directly before one of these nouns.
_COUNTED = ("bac", "hang", "diem", "xa", "thon", "don vi", "ho so", "nguoi", "luot", "lop", "phong",
            "co quan", "thu tuc", "linh vuc", "dich vu", "bien che", "cong chuc", "vien chuc", "truong hop")
_WORD_NUMBER = re.compile(
    r"(?<!\w)(?:(mot|hai|ba|bon|nam|sau|bay|tam|chin) muoi(?: (mot|mốt|hai|ba|bon|tu|lam|nam|sau|bay|tam|chin))?"
    r"|muoi(?: (mot|hai|ba|bon|lam|nam|sau|bay|tam|chin))?"
    r"|(mot|hai|ba|bon|nam|sau|bay|tam|chin))"
    r" (?=(?:" + "|".join(_COUNTED) + r")(?!\w))")
_ORDINAL = re.compile(r"(?<!\w)thu (nhat|nhi|hai|ba|tu|nam|sau|bay|tam|chin|muoi)(?!\w)")
_ORDINALS = {"nhat": 1, "nhi": 2, "hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
             "chin": 9, "muoi": 10}
# "người đứng đầu" is the head of an agency; "nhóm 10 huyện dẫn đầu", "một trong những huyện dẫn đầu",
# "top dẫn đầu" a group; "tăng cao nhất" the largest rise: none is a first place
_TOP_RANK = re.compile(r"(?<!\w)(?<!nguoi )(?<!tang )(?:dung dau|dan dau|cao nhat|xep (?:thu|hang) nhat)(?!\w)")
_PLACE_BEFORE = re.compile(r"(?:thu|hang|vi tri)\s*$")
_IN_A_GROUP = re.compile(r"(?:nhom|top|mot trong(?: nhung| cac| so)?)\s+(?:\w+\s+){0,4}$"
                         # "Các địa phương có chỉ số hài lòng cao nhất …": units in the plural, a group
                         r"|(?<!\w)cac\s+(?:dia phuong|don vi|xa|huyen|phuong|co quan)(?:\s+\w+){0,6}\s*$")
_NONE = re.compile(r"(?<!\w)khong co (?:\w+ ){1,4}?nao(?!\w)"
                   r"|(?<!\w)khong co(?= (?:ho so|truong hop|don|vu viec|thu tuc)(?!\w))"   # "không có hồ sơ quá hạn"
                   # "không để hồ sơ quá hạn", "không phát sinh hồ sơ trễ hạn", "không còn hồ sơ tồn đọng"
                   r"|(?<!\w)(?:khong de(?: xay ra| ton dong| phat sinh)?|khong phat sinh|khong con)"
                   r"(?= (?:ho so|truong hop)(?: \w+){0,3}? (?:qua han|tre han|tre hen|cham|ton dong)(?!\w))")
#: "9 đơn vị không phát sinh hồ sơ trễ hạn": the none of a counted set of units is theirs, not a level's
_UNITS_BEFORE = re.compile(r"\d[\d.,]*\s+(?:don vi|xa|phuong|thi tran|co quan|dia phuong)\s*$")
# "tăng hơn 3 điểm", "giảm nhẹ, gần 1 điểm": a bound or an adverb may stand between the verb and the figure
_CHANGE_TAIL = r"(?: them| duoc| xuong| len)?(?: nhe| manh)?,?(?: (?:hon|gan|khoang|tren|xap xi))?\s*$"
_CHANGE = re.compile(r"(?:tang|giam|tut|ha|len|vuot)" + _CHANGE_TAIL)
_DOWN = re.compile(r"(?:giam|tut|ha)" + _CHANGE_TAIL)
_QUALIFIER_BEFORE = [
    (re.compile(r"(?:it nhat|toi thieu|tu)\s*$"), "at_least"),
    (re.compile(r"(?:toi da|khong qua|khong vuot qua)\s*$"), "at_most"),
    (re.compile(r"(?:hon|tren|vuot|nhieu hon)\s*$"), "more_than"),
    (re.compile(r"(?:duoi|chua den)\s*$"), "less_than"),
    # "gần 500" reads as about 500, as data/devset/README.md annotates it
    (re.compile(r"(?:gan|khoang|xap xi|uoc|uoc tinh|chung|tam)\s*$"), "about"),
]
_AT_LEAST_AFTER = re.compile(r"^[^,;.]{0,25}?tro len(?!\w)")


@dataclass(frozen=True)
class Quantity:
    """One figure of a sentence.

    ``start``/``end`` span the figure with its unit; ``unit`` is ``"pct"``,
    ``"money"``, ``"ha"``, ``"km2"``, ``"km"``, ``"points"``, ``"places"`` or ``""``;
    ``change`` is 0, or +1/−1 for a stated increase/decrease; ``base`` is the
    ``N`` of ``k/N``; ``rank_word`` marks a rank stated in words (``đứng đầu``).
    """

    start: int
    end: int
    value: float
    unit: str = ""
    change: int = 0
    base: float | None = None
    qualifier: str = ""
    rank_word: bool = False

    @property
    def pct(self) -> bool:
        return self.unit == "pct"


def _mask(pattern: re.Pattern, s: str) -> list[bool]:
    covered = [False] * len(s)
    for m in pattern.finditer(s):
        covered[m.start():m.end()] = [True] * (m.end() - m.start())
    return covered


def is_year(s: str, folded: str, a: int, b: int) -> bool:
    """Return whether the numeral ``s[a:b]`` is a year (not a count such as '2047 lượt')."""
    if not re.fullmatch(YEAR, s[a:b]):
        return False
    if _YEAR_BEFORE.search(folded[max(0, a - 20):a]):
        return True
    nxt = re.match(r"\s+(\w)", s[b:])
    return not (nxt and nxt.group(1).islower())


def _value(text: str) -> float | None:
    try:
        return float(parse_number(text))
    except AmbiguousNumberError:
        # a "." before one or two digits cannot group thousands: a decimal point ("đạt 86.45%")
        return float(text) if re.fullmatch(r"\d{1,3}\.\d{1,2}", text) else None


def _unit(s: str, b: int) -> tuple[str, int]:
    m = _UNIT.match(s, b)
    if not m:
        return "", b
    u = m.group(1).lower().replace("²", "2").replace(" vuông", "2")   # "292,6 km²", "500 km vuông" are km2
    kind = {"%": "pct", "ha": "ha", "km2": "km2", "m2": "m2", "km": "km", "đồng": "money", "đ": "money",
            "điểm": "points", "bậc": "places", "hạng": "places"}[u]
    return kind, (m.end() if kind in ("pct", "ha", "km2", "m2", "km", "money") else b)


#: "giảm từ 104 xã xuống còn 70", "từ 1038 ấp, khu phố … còn 686": "từ" opens a change, no lower bound
_FROM_TO = re.compile(r"^[^;.]{0,150}?(?<!\w)(?:xuong|len|con|thanh|den(?! (?:nam|nay|het|thang|ngay|thoi|han)))(?!\w)")


def _qualifier(f: str, a: int, b: int) -> str:
    before = f[max(0, a - 16):a]
    for pattern, name in _QUALIFIER_BEFORE:
        if pattern.search(before):
            if name == "at_least" and before.rstrip().endswith("tu") and not _AT_LEAST_AFTER.match(f[b:]) \
                    and _FROM_TO.match(f[b:]):
                return ""
            return name
    return "at_least" if _AT_LEAST_AFTER.match(f[b:]) else ""


def _change(f: str, a: int) -> int:
    before = f[max(0, a - 24):a]
    if _CHANGE.search(before):
        return -1 if _DOWN.search(before) else 1
    return 0


def _word_value(m: re.Match) -> float:
    text = m.group(0).strip()
    words = text.split(" ")
    if "muoi" in words:
        i = words.index("muoi")
        tens = _DIGITS[words[i - 1]] if i else 1
        units = _DIGITS.get(words[i + 1], 1 if words[i + 1:] == ["mốt"] else 0) if i + 1 < len(words) else 0
        return float(tens * 10 + units)
    return float(_DIGITS[words[0]])


def quantities(s: str) -> list[Quantity]:
    """Return the figures of one sentence, in text order (see the module's rules).

    Examples
    --------
    >>> [(q.value, q.change) for q in quantities("Chỉ số CCHC giảm 1,2 điểm, tăng hai bậc")]
    [(1.2, -1), (2.0, 1)]
    >>> quantities("Ngày 23/01/2017 ban hành Nghị định 108/2014/NĐ-CP, năm 2021")
    []
    """
    f = fold(s)
    masked, low, out = _mask(_NOT_FIGURES, s), s.lower(), []
    if (m := _HEADING_NUMBER.match(s)):
        masked[:m.end()] = [True] * m.end()
    for m in _NUMERAL.finditer(s):
        a, b = m.start(2), m.end(2)
        # "điểm a khoản 2" labels, "tổng điểm 94,22 điểm" counts: a decimal comma or a unit after is a figure
        measured = bool(re.search(r",\d", m.group(2))) or bool(_MEASURED_AFTER.match(s, m.end()))
        if any(masked[a:b]) or not measured and _LABEL_BEFORE.search(low[max(0, a - 30):a]) or is_year(s, f, a, b):
            continue
        value = _value(m.group(2))
        if value is None:
            continue
        base = None
        end = b
        if m.group(3):
            base = _value(m.group(3))
            if base is None or base < value or any(masked[m.start(3):m.end(3)]):
                base = None
            else:
                end = m.end(3)
        mult = _MULTIPLIER.match(s, end)
        if mult and base is None:
            value *= _FACTORS[mult.group(1).lower()]
            end = mult.end()
        unit, end = _unit(s, end)
        if unit == "points" and value > 100 and base is None and re.fullmatch(r"\d{1,2}\.\d{3}", m.group(2)):
            value = round(value / 1000, 3)   # "86.471 điểm": no index scores 86 471 points, the dot is a decimal point
        if unit == "km2":
            value, unit = round(value * 100, 6), "ha"   # 1 km² = 100 ha, without float noise
        change = _change(f, m.start())
        sign = (m.group(1) or "").strip()
        if sign in ("-", "−") and (m.start() == 0 or not s[m.start() - 1].isalnum()):
            change = change or -1
        elif sign == "+" and (m.start() == 0 or not s[m.start() - 1].isalnum()):
            change = change or 1
        out.append(Quantity(a, end, value, unit, change, base, _qualifier(f, a, end)))
    taken = [False] * len(s)
    for q in out:
        taken[q.start:q.end] = [True] * (q.end - q.start)
    for m in _WORD_NUMBER.finditer(f):
        if not any(taken[m.start():m.end()]):
            unit, _ = _unit(s, m.end())
            out.append(Quantity(m.start(), m.end() - 1, _word_value(m), unit, _change(f, m.start()),
                                qualifier=_qualifier(f, m.start(), m.end())))
    for m in _ORDINAL.finditer(f):
        if not any(taken[m.start():m.end()]):
            out.append(Quantity(m.start(1), m.end(), float(_ORDINALS[m.group(1)]), "places"))
    for m in _NONE.finditer(f):
        if not _UNITS_BEFORE.search(f, max(0, m.start() - 30), m.start()):
            out.append(Quantity(m.start(), m.end(), 0.0))
    # a place stated in figures ("xếp thứ 5", "thứ 5/27") is the place; "15/21 đơn vị xếp hạng Tốt" is none
    if not any(q.unit == "places" or q.base and _PLACE_BEFORE.search(f, max(0, q.start - 16), q.start) for q in out):
        for m in _TOP_RANK.finditer(f):
            if not _IN_A_GROUP.search(f, max(0, m.start() - 40), m.start()):
                out.append(Quantity(m.start(), m.end(), 1.0, "places", rank_word=True))
    return sorted(out, key=lambda q: q.start)
