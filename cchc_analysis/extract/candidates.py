"""Propose candidate facts from the text of a source document, for a human to review.

The data tiers are ``candidates`` → ``facts``: nothing here writes
``data/facts.csv``; a curator keeps, corrects or drops each candidate.

For every sentence the module finds its figures with the quantity grammar
(:mod:`.quantities`), then gives each figure the indicator whose catalog
phrasing (:mod:`.phrases`) governs it *in its own clause*: a counted noun
right after it (``113 thôn``), a label before it (``dân số 155.400``, ``Quá
hạn: 04 hồ sơ``), or both parts of a pair (``tiếp nhận`` … ``hồ sơ``); the
most specific, nearest phrasing wins, clauses end at ``;`` and a parenthesis
is its own clause.  There is no catch-all: a figure that no phrasing governs
stays unlabelled (``indicator`` empty), save points (``88,58 điểm``) and a
place in a list (``thứ hai là …``) where the sentence, or the sentences before
it, name an index: those are that index's score and rank.  A ``%`` takes the share of the
indicator (``slug_pct``), a change (``tăng``/``giảm``) only a ``*_change``
slug or an indicator that is itself a reduction.

The catalog also says where a phrasing does *not* govern: a stock's counted
noun only where the text states the stock (``stated_with``: "huyện có 17 xã",
not "tập huấn cho 16 xã"), words of another thing between phrase and figure
(``not_with``: "hồ sơ trực tiếp"), a noun of other things after the figure
(``not_counting``: "01 lớp" is no count of persons), and an index named
nearer than the phrasing's own (``index_names``: PCI, PAPI …).

Figures are read with their neighbours: the parts after "Trong đó", in a
parenthesis or in the list under a lead ("… 867 lượt cán bộ, cụ thể:") take the
indicator of the whole they add up to (never more than it); a share right after
a count (", đạt 0,2%") is that count's share; a topic lead ("Về hồ sơ trực
tuyến, …") says which dossiers a generic count counts; a figure restated with
the same words is one candidate.

Period, level and kind come from the clause, else the sentence, else the
lead of the paragraph, else the headings above, else the document
(:mod:`.context`): ``target`` under ``phấn đấu``/``mục tiêu`` or for a year
after the document's; ``baseline`` for a stock of the present in a plan or
project; else ``actual``.  A plan "giai đoạn 2021–2025, định hướng đến năm
2030" sets its undated targets for 2021–2025.

Examples
--------
>>> c = extract_candidates("Năm 2020 tiếp nhận 232.636 hồ sơ, giải quyết quá hạn 12 hồ sơ.",
...                        source_id="demo", district_code="397")
>>> c[["indicator", "value", "period_start", "kind"]]
           indicator     value  period_start    kind
0  dossiers_received  232636.0          2020  actual
1      dossiers_late      12.0          2020  actual
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Callable, Iterable

import pandas as pd

from ..errors import ParameterError
from ..sources import normalize_text
from ..loaders import LEVELS as _FACT_LEVELS
from .context import (LEVEL_PATTERN, OWN_UNITS, TERRITORY, Period, compared_year, levels, main_phase, periods, target_cue,
                      yearless_window)
from .phrases import PhraseTable, find_all, fold
from .quantities import Quantity, quantities
from .readers import unflatten_tables, year_column_tables

__all__ = ["CANDIDATE_COLUMNS", "extract_candidates", "compare_with_facts", "quotes_overlap", "LEVELS"]

#: Columns of a candidate: the fact columns of data/facts.csv, then confidence and status.
CANDIDATE_COLUMNS = ["fact_id", "district_code", "indicator", "scope", "level", "period_start", "period_end",
                     "date_start", "date_end", "value", "qualifier", "kind", "source_id", "quote", "note",
                     "confidence", "status"]
LEVELS = tuple(_FACT_LEVELS)  # declared once, in loaders
_MAX_QUOTE = 300
_MAX_DISTANCE = 150
_MAX_LABEL_GAP = 15      # characters between a "label {n}" phrasing and its figure
_OPENING = 8             # paragraphs of a document's opening that may hold its title
_HEADING = re.compile(r"^\s*(?:([IVXLC]+)|(\d+(?:\.\d+)*)|([a-zđ]))[.)]\s")
_LIST_NUMBER = re.compile(r"^\d+(?:\.\d+)*[.)]\s")
_N_YEARS = re.compile(r"(?:trong|qua|sau)\s+0?([2-9]|1\d)\s+nam(?:\s+qua)?(?!\s*\d)")
_EARLY_APART = re.compile(r"(?<!va )(?<!dung )(?<!, )(?:truoc|som) han(?! va| hoac|, dung)")
_COMPARED = re.compile(r"(?<!\w)bang\s+(?:(?:tren|gan|khoang|hon|xap xi)\s+)?$")
# "thứ hai là …", "; thứ 3 là …": a place in a list (not "lần thứ hai", "năm thứ 3 liên tiếp")
_LIST_PLACE = re.compile(r"(?:^|[,;:.]|\bla|\bva)\s*thu\s*$")
_CARRIED = re.compile(r"ky truoc|chuyen sang|ton (?:dong|lai)|nhan moi")
_BREAKDOWN = re.compile(r"[^.;]{0,30}?trong (?:do|so do)[^.;]{0,60}?(?:nhan moi|tiep nhan moi|ky truoc|ton)")
# slug → (its parts named right after the figure, the whole they make it): "tiếp nhận 3.001 hồ sơ, trong đó
# nhận mới …, kỳ trước chuyển …" is the total; "đã giảm 14 biên chế (Trong đó: tinh giản …)" a decrease
# of all reasons, streamlining one of them
_WHOLE_OF_PARTS = {
    "dossiers_received": (_BREAKDOWN, "dossiers_total"),
    "staff_reduced": (re.compile(r"[^.;()]{0,20}?[(,;:]?\s*trong (?:do|so do)\s*:?\s*(?:\w+\s+)?tinh gian"),
                      "staff_decrease_count"),
}
# words that may stand between a figure and a phrase after it: what is counted, not another noun
# ("97,4% người được lấy ý kiến rất hài lòng")
_GAP_WORDS = set("ho so hs thu tuc tthc hanh chinh duoc da giai quyet tra ket qua truong hop nguoi dan to chuc cong "
                 "doanh nghiep phieu cac va, va lay y kien khao sat hoi rat".split())


def _counted_gap(gap: str) -> bool:
    """Return whether the words between a figure and a phrase after it only say what is counted."""
    words = gap.replace(",", " ").split()
    return len(words) <= 8 and all(w in _GAP_WORDS for w in words)


_MAY_COUNT = re.compile(r"\d|không có|thứ|đứng đầu|dẫn đầu|cao nhất|bậc|mươi|mười|hai|bốn|sáu|bảy|tám|chín",
                        re.I)
_LIST_ITEM = re.compile(r"^\s*(?:[-+•–*]|[a-zđ]\))\s*")
_REDUCTION = re.compile(r"giam|tinh gian|cat giam")
_PARTS_LEAD = re.compile(r"\s*(?:[-+•]\s*)?trong (?:do|so do|tong so)\b")   # "Trong đó 5 …, 8 …": the parts of a whole
_BASELINE_DOCS = ("project", "plan")
_TABLES: dict = {}


def _phrase_table(catalog) -> PhraseTable:
    key = None if catalog is None else tuple(catalog.index)
    if key not in _TABLES:
        _TABLES[key] = PhraseTable.from_catalog(slugs=None if catalog is None else set(catalog.index))
    return _TABLES[key]


def _lines(text) -> Iterable[str]:
    if isinstance(text, str):
        yield from text.splitlines()
    else:
        for chunk in text:
            yield from chunk.splitlines()


def _paragraphs(text, table: PhraseTable) -> Iterable[str]:
    """Yield paragraphs; furniture lines are dropped, wrapped lines and page breaks rejoined,
    tables flattened one cell per line read back as tables."""
    current = ""
    for raw in year_column_tables(unflatten_tables(_lines(text))):
        line = normalize_text(raw)
        if not line or table.is_boilerplate(line):
            if not line and current:
                yield current
                current = ""
            continue
        joins = (current and not re.search(r"[.:;!?|]$", current)
                 and (line[0].islower() or (line[0].isdigit() and not _LIST_NUMBER.match(line)))
                 and _heading_level(current) is None)
        if joins:
            current += " " + line
        else:
            if current:
                yield current
            current = line
    if current:
        yield current


@dataclass
class _Sentence:
    text: str
    folded: str
    qs: list
    pers: list
    lvls: list
    semis: list = field(default_factory=list)
    paren: list = field(default_factory=list)
    all_lvls: list = field(default_factory=list)   # every level match, counted nouns included
    index_ctx: str = ""   # the index the sentences before it (in its section) named last: "Chỉ số CCHC …. Huyện xếp thứ 3"
    plain: str = ""       # folded without blanking the ignored phrases ("đồng chí" stays readable)
    named: set = field(default_factory=set)   # where a province's text names a district: a level of its ranks and scores

    def levels_for(self, q: Quantity) -> list:
        """Return the level matches that may give ``q`` its level: all but the noun ``q`` counts."""
        return [m for m in self.all_lvls if m[0] not in (q.end, q.end + 1)]

    @classmethod
    def read(cls, s: str, table: PhraseTable, now: int | None = None, *, units: bool = False) -> "_Sentence":
        """Read one sentence; ``units``: a province's document, where a district named is a level."""
        plain = fold(s)
        f = table.blank_ignored(plain)
        qs = quantities(s)
        ends = {q.end for q in qs} | {q.end + 1 for q in qs}
        # a province's text: a district it names is a level, unless a city of province rank or a commune's parent
        named = [(m.start(), m.end(), "district") for m in (_NAMED_DISTRICT.finditer(s) if units else ())
                 if not _CITY_OF_PROVINCE_RANK.match(s, m.end())
                 and not _NAMED_COMMUNE.search(s, max(0, m.start() - 40), m.start())]   # "phường X, quận Y"
        # "Tỉnh Bắc Ninh mới … có diện tích tự nhiên 4.718,6 km²": the province named is the province level
        # (not as a district's address: "huyện Lục Ngạn, tỉnh Bắc Giang")
        own = [(m.start(), m.end(), "province") for m in (_NAMED_PROVINCE.finditer(s) if units else ())
               if not _NAMED_UNIT.search(s, max(0, m.start() - 40), m.start())]
        every = sorted(levels(plain) + [(m.start(), m.end(), "commune") for m in _NAMED_COMMUNE.finditer(s)]
                       + named + own)
        # "91 xã, phường, thị trấn": a level word right after a number is what it counts, not
        # the level of that number; it still is the level of the other figures of the clause
        out = cls(s, f, qs, periods(s, now), [m for m in every if m[0] not in ends], all_lvls=every, plain=plain)
        out.named = {m[0] for m in named}
        out.semis = [m.start() for m in re.finditer(";", s)]
        depth, ids, n = 0, [], 0
        for c in s:
            if c == "(":
                n += 1
                depth = n
            ids.append(depth)
            if c == ")":
                depth = 0
        out.paren = ids
        return out

    def item(self, pos: int) -> tuple[int, int]:
        """The stretch between the semicolons around ``pos``."""
        return (max([p + 1 for p in self.semis if p < pos], default=0),
                min([p for p in self.semis if p >= pos], default=len(self.text)))

    def clause(self, pos: int) -> tuple[int, int]:
        colon = self.text.find(":")
        lo, hi = self.item(pos)
        if 0 <= colon < lo and (not self.semis or colon < self.semis[0]):
            lo = 0  # "Label: item; item; item": the label governs every item
        return lo, hi

    def group(self, pos: int) -> int:
        return self.paren[min(pos, len(self.paren) - 1)] if self.paren else 0


def _between(sent: _Sentence, q: Quantity, a: int, b: int) -> int:
    """The figures between ``a`` and ``b`` other than ``q``; a rank there ("xếp thứ 3", "cao nhất") keeps no score
    or share from its index's name ("chỉ số CCHC … xếp thứ 3 …, đạt 88,12%")."""
    scored = q.pct or q.unit == "points"
    return sum(1 for o in sent.qs if o is not q and a <= o.start and o.end <= b
               and not (scored and (o.rank_word or _RANK_BEFORE.search(sent.folded, max(0, o.start - 24), o.start))))


_RANK_BEFORE = re.compile(r"(?:xep thu|dung thu|vi tri thu|xep hang|thu hang|dung vi tri|xep vi tri)\s*$")


def _candidates_for(sent: _Sentence, q: Quantity, table: PhraseTable, outer: bool = False):
    """Yield (score, slug, phrasing) for every phrasing that may govern ``q`` in its clause."""
    f, (lo, hi), g = sent.folded, sent.clause(q.start), sent.group(q.start)
    nxt = q.end + len(f[q.end:]) - len(f[q.end:].lstrip(" :"))

    own = sent.item(q.start)[0]   # the item's own clause
    colon = sent.text.find(":")

    ends = [o.end for o in sent.qs if o.end <= q.start and o is not q and not o.unit and not o.rank_word]

    def owned(a):   # "4.215 hồ sơ đến hạn giải quyết, đã có 4.186 …": the label ends the noun of the 4.215
        prev = max((e for e in ends if e <= a), default=None)
        return (not q.pct and prev is not None and a - prev <= 30   # a share takes its count's words
                and not re.search(r"[,;:()]", f[prev:a]))

    # a table cell read as a line, "Dân số trung bình – Huyện A – năm 2017: 54.494.": its caption, row
    # label and column header all label its figure, the header most nearly
    cell = f.rfind(":", 0, q.start) if _table_cell(f, q) else -1

    def before(part):
        best = None
        for a, b in find_all(f, part):
            if (lo <= a and b <= q.start and (sent.group(a) == g or outer and sent.group(a) == 0)
                    and (part.endswith(" thu") or not owned(a))):   # "thứ 5 … vươn lên vị trí thứ 1": a place opens a figure
                start = own if b <= colon < own else b   # a lead "Label: …; …" is next to each item
                d = len(f[start:q.start].strip(" :-–")) + 25 * _between(sent, q, start, q.start)
                if 0 <= cell and b <= cell and not _between(sent, q, b, q.start):
                    d = min(d, 5 * f.count(" – ", b, cell))
                best = (d, (a, b)) if best is None or d < best[0] else best
        return best

    def after(part, gap):
        best = None
        for a, b in find_all(f, part):
            if nxt <= a and b <= hi and a - nxt <= gap and (sent.group(a) == g or outer and sent.group(a) == 0):
                d = a - nxt + 25 * _between(sent, q, q.end, a)
                best = (d, (a, b)) if best is None or d < best[0] else best
        return best

    for p in table.phrases:
        if p.parts:
            found = [min((m for m in (before(x), after(x, 60)) if m), default=None, key=lambda m: m[0])
                     for x in p.parts]
            if all(found):
                ds = [x[0] for x in found]
                if max(ds) > 60 or max(ds) >= 25 and any(
                        _between(sent, q, *((b, q.start) if b <= q.start else (q.end, a))) for _, (a, b) in found
                        if not b <= colon < own):
                    continue   # a pair holds one figure: no other figure between its parts and it
                dist = min(ds) + max(ds) // 16
                # the part farthest before the figure: what stands between it and the figure is checked (_unlike)
                first = min((sp for _, sp in found if sp[1] <= q.start), default=None)
                yield p.weight - 3 * dist, dist, p, ("parts", first)
            continue
        if p.context and not all(find_all(f, c) for c in p.context):
            fam = table.family(p)   # unnamed here: the index of the sentences before, when this one names none
            if not fam or fam != sent.index_ctx or table.nearest_index(f, q.start) not in (fam, ""):
                continue
        elif p.context and (fam := table.family(p)) and table.nearest_index(f, q.start) not in (fam, ""):
            continue   # "PAR Index đạt 87,61 điểm; chỉ số PCI tăng 3 bậc": the 3 is PCI's
        b = before(p.before or p.either) if (p.before or p.either) else (0, None)
        if p.after and b is not None and after(p.after, 0) is None:
            continue
        if p.either and b is None:
            b = after(p.either, 40)
            if b is not None and not _counted_gap(f[nxt:b[1][0]]):
                b = None   # "9 đơn vị không … trễ hạn": another noun is counted
            b = None if b is None else (b[0] + 10, None)
        if b is None:
            continue
        d_before, span = b
        if p.before and d_before > _MAX_LABEL_GAP:
            continue   # "dân số {n}": the label stands next to its figure
        if span and len(f[span[0]:span[1]]) <= 3 and not _same_word(sent.text[span[0]:span[1]], p.text):
            continue   # a short word folds onto others: "cử {n}" is not the "cụ" of "cụ thể"
        # nearest governs; a longer counted noun right after the figure says most
        labelled = bool(p.before or p.either) and d_before == 0 and f[:q.start].rstrip().endswith(":")
        yield p.weight + len(p.after) + 12 * labelled - 3 * d_before, d_before, p, span


def _same_word(found: str, phrasing: str) -> bool:
    """Whether a short word of the text is the phrasing's word with its diacritics (or the text has none)."""
    low = found.lower()
    if low == fold(low):
        return True   # an undiacritised text: the folded match is all there is
    words = phrasing.lower().replace("{n}", " ").split()
    return low in words


def _fit(slug: str, q: Quantity, p, table: PhraseTable) -> str:
    """Return the slug a phrasing's indicator gives this quantity (its share, its change), or ''."""
    units = table.units
    if q.base is not None and units.get(slug) == "score" and q.base != 100:
        return ""
    if units.get(slug) == "score" and q.value > 100 and not q.change:
        return ""   # an index is scored out of 100: "Par Index 2012" names a year
    if q.pct and units.get(slug) == "score":
        return slug
    if q.pct:
        slug = slug if units.get(slug) == "pct" else (slug + "_pct" if units.get(slug + "_pct") == "pct" else "")
        if not slug or (q.value > 100 and not q.change):
            return ""
    elif units.get(slug) == "pct":
        return ""
    unit = units.get(slug, "")
    if q.unit == "money" and not unit.startswith("vnd") or unit.startswith("vnd") and q.unit != "money":
        return ""
    if (unit == "ha") != (q.unit == "ha") or (unit == "km") != (q.unit == "km"):
        return ""
    if q.rank_word and unit != "rank":
        return ""
    if q.change:
        if slug.endswith("_change"):
            return slug
        if slug + "_change" in units:
            return slug + "_change"
        return slug if _REDUCTION.search(fold(p.text)) else ""
    if slug.endswith("_change"):
        return ""
    if unit == "rank" and (q.value != int(q.value) or q.value < 1):
        return ""
    return slug


def _label(sent: _Sentence, q: Quantity, table: PhraseTable, outer: int = 0) -> tuple[str, float, str]:
    """Return (slug, distance, phrasing) of the phrasing that governs ``q``, or ('', inf, '').

    A figure in a parenthesis takes a phrasing of the parenthesis; a share that has none
    takes one of the clause around it ("3.399 hồ sơ trực tuyến (đạt tỷ lệ 13,05%)"), a count
    does not (it is a part of the figure before it, see :func:`_inner_parts`).
    """
    if outer == 0:
        got = _label(sent, q, table, outer=1)
        if got[0] or not sent.group(q.start) or not q.pct:
            return got   # a count in a parenthesis is a part ("trễ hạn 21 hồ sơ (13 hồ sơ do lỗi …)"): _inner_parts
        return _label(sent, q, table, outer=2)
    found = [c for c in _candidates_for(sent, q, table, outer == 2) if c[1] <= _MAX_DISTANCE]
    # a label inside a longer label that ends where it ends is that longer label ("đang giải quyết")
    # (unless the shorter one also needs more words after the figure: "giải quyết {n} hồ sơ đúng hạn" is not
    # inside "đã giải quyết {n} hồ sơ")
    spans = [(c[3], c[2].after) for c in found if c[3] and c[3][0] != "parts"]
    found = [c for c in found if not c[3] or c[3][0] == "parts"
             or not any(o[1] == c[3][1] and o[0] < c[3][0] and after.startswith(c[2].after) for o, after in spans)]
    found = [c for c in found if not _unlike(sent, q, table, c[2].slug, c[3]) and not _unstated(sent, q, table, c[2])]
    best = None
    units_after = q.pct and _UNITS_COUNTED.match(sent.folded, q.end)
    for score, dist, p, _ in found:
        slug = _fit(p.slug, q, p, table)
        if units_after and table.units.get(slug) == "score":
            continue   # "20% đơn vị đạt mức tốt": a share of units, not a score written as a percent
        if slug and (best is None or (score, p.weight) > (best[0], best[3].weight)):
            best = (score, slug, dist, p)
    if best is None:
        return "", float("inf"), ""
    return best[1], best[2], best[3].text


_UNITS_COUNTED = re.compile(r"\s*(?:so\s+)?(?:cac\s+)?(?:don vi|co quan|ubnd|xa|phuong|huyen|dia phuong|so, nganh)(?!\w)")


def _unstated(sent: _Sentence, q: Quantity, table: PhraseTable, p) -> bool:
    """Whether a counted noun of a stock ("48 công chức") stands where the text does not state the stock.

    "huyện có 17 xã" states it, "tập huấn cho 16 xã" does not; "5/16 xã" does (the 16). A label
    ("Cán bộ, công chức xã: 421 người") names the indicator itself and needs no such words.
    """
    pattern = table.stated_with.get(p.slug)
    if pattern is None or not p.text.startswith("{n}") or q.base is not None:
        return False
    colon, item = sent.text.find(":"), sent.item(q.start)[0]
    if (0 <= colon < item and (not sent.semis or colon < sent.semis[0]) and pattern.search(sent.text[:colon].lower())
            and re.fullmatch(r"\s*[^\d:;,()]{1,30}:\s*", sent.text[item:q.start])):
        return False   # "Tổng số TTHC …: 265 TTHC; cấp xã: 110 TTHC": the label states every "label: N" item
    return not (pattern.search(_stated_window(sent.text, q.start).lower()) or _in_stated_list(sent, q, pattern))


_LIST_ITEM_START = re.compile(r"(?:,|,?\s+(?:va|voi))\s*$")


def _in_stated_list(sent: _Sentence, q: Quantity, pattern: re.Pattern) -> bool:
    """'Xã Bản Khoang có tổng diện tích 56,51 km2, dân số 2.673 nhân khẩu, 514 hộ, 10 thôn': a figure
    that opens an item of a list of figures after "có" is stated by that "có", however far back."""
    lo, _ = sent.clause(q.start)
    stated = list(pattern.finditer(sent.text.lower(), lo, q.start))
    if not stated or not _LIST_ITEM_START.search(sent.folded, 0, q.start) \
            or sent.paren[q.start] != sent.paren[stated[-1].start()]:   # "(17 xã và 01 thị trấn)": parts of a whole
        return False
    items = re.split(r",\s", sent.folded[stated[-1].end():q.start])[:-1]   # the items before this one
    return bool(items) and all(re.search(r"\d", item) for item in items)


def _unlike(sent: _Sentence, q: Quantity, table: PhraseTable, slug: str, span) -> bool:
    """Whether words of the catalog's ``not_with`` stand between a phrasing and ``q``, or right after ``q``."""
    pattern = table.not_with.get(slug)
    if pattern is None:
        return False
    f = sent.folded
    if span and span[0] == "parts":
        span = span[1]
    if span and span[1] <= q.start:   # between the phrase and the figure, and the words just before the phrase
        # the subject before the phrase, back to a comma: "TTHC công bố đúng hạn", "Riêng ngành Công an tiếp nhận"
        just_before = re.split(r"[;,.:()]", f[max(0, span[0] - 40):span[0]])[-1]
        between = just_before + " " + f[span[1]:q.start]
    else:
        between = f[max(0, q.start - 15):q.start]
    # "12.345 hồ sơ (trực tuyến: …)": its parts; "20.482 hồ sơ, đang giải quyết …": the next item
    after = re.split(r"[(;,]", f[q.end:min(len(f), q.end + 20)])[0]
    return bool(pattern.search(between) or pattern.search(after))


def _own_noun_level(sent: _Sentence, q: Quantity) -> str:
    """'04 CBCC cấp huyện', '36 cán bộ cấp xã': a level right after the noun a figure counts is that figure's."""
    m = re.match(r"\s*(?:cbcc|can bo|cong chuc|vien chuc|nguoi|dai bieu|ho so|tthc|thu tuc(?: hanh chinh)?)(?:,\s*cong chuc)?\s+"
                 # "198 thủ tục hành chính được chuẩn hóa thuộc thẩm quyền cấp huyện"
                 r"(?:[^\d,;.()]{0,30}?thuoc tham quyen(?: giai quyet)?(?: cua)?\s+)?",
                 sent.folded[q.end:q.end + 80])
    if not m:
        return ""
    at = q.end + m.end()
    return next((lvl for a, b, lvl in sent.all_lvls if a == at and lvl in ("district", "commune")), "")


def _in_rank_pool(sent: _Sentence, m) -> bool:
    """Whether level word ``m`` names the pool a rank of the sentence is counted in ("thứ 8/10 huyện … của tỉnh")."""
    return any(o.end <= m[0] <= o.end + 45 and not re.search(r"[;.(]", sent.folded[o.end:m[0]])
               and (o.base is not None and _RANK_BEFORE.search(sent.folded, max(0, o.start - 24), o.start)
                    or o.rank_word) for o in sent.qs)


def _both_named(lvls, lo: int, pos: int, folded: str) -> str:
    """'UBND TP Mỹ Tho và UBND 17 phường, xã tiếp nhận 116.383 hồ sơ': the district and its communes together."""
    before = [m for m in lvls if lo <= m[0] and m[1] <= pos]
    for a, b in zip(before, before[1:]):
        if {a[2], b[2]} == {"district", "commune"} and re.fullmatch(r"[^,;.]{0,30}\bva\b[^,;.]{0,30}", folded[a[1]:b[0]]):
            return "district_and_commune"
    return ""


def _carried_level(sent: _Sentence, lvls, lo: int, pos: int) -> str:
    """The level the clauses before the clause at ``lo`` hand on to it: their subjects'.

    A level word after a clause's first figure qualifies what that figure counts ("18 cán bộ phụ
    trách công tác HĐND cấp xã") and is not handed on; a clause that names its own unit ("…;
    thị xã Ngã Năm có dân số 80.000 người") takes nothing from the clauses before it.
    """
    if _NAMED_DISTRICT.search(sent.text, lo, pos):
        return ""
    subjects = [m for m in lvls if not any(sent.clause(m[0])[0] <= o.start < m[0] for o in sent.qs)]
    # a level of a clause before this one carries forward, one after it does not
    return _after_both_levels(subjects, lo) or _nearest_level(subjects, 0, lo, pos, sent.folded)


def _after_both_levels(lvls, lo: int) -> str:
    """'… một cửa huyện … 27.427 hồ sơ; một cửa xã … 260.113 hồ sơ; 100% hồ sơ đúng hạn': a clause that names
    no level after clauses of the district and of the communes is about both."""
    before = {m[2] for m in lvls if m[1] <= lo}
    return "district_and_commune" if lo and {"district", "commune"} <= before else ""


def _nearest_level(lvls, a: int, b: int, pos: int, folded: str = "") -> str:
    inside = [m for m in lvls if a <= m[0] and m[1] <= b]
    units = [m for m in inside if folded[m[0]:m[1]] not in TERRITORY]
    inside = units or inside
    before = [m for m in inside if m[1] <= pos]
    if before:
        return max(before, key=lambda m: m[1])[2]
    return inside[0][2] if inside else ""


_STATED_REACH = 60   # characters before a figure where the words stating its indicator may stand


def _stated_window(s: str, pos: int) -> str:
    """Return the text before ``pos`` in its sentence (back to a ``:``), at most 60 characters."""
    head = s[max(0, pos - _STATED_REACH):pos]
    parts = head.split(":")
    if len(parts) > 1 and not parts[-1].strip():   # "Tổng số TTHC …: 265 TTHC": the label before the colon states it
        return parts[-2]
    return parts[-1]


def _period_of(sent: _Sentence, q: Quantity) -> Period | None:
    lo, hi = sent.clause(q.start)
    # a year inside a parenthesis that states figures dates only them: "(năm 2022 đạt 82,58 điểm)";
    # a parenthesis that holds only a period glosses the words before it: "Trong 4 năm (2012 - 2016), …"
    g = sent.group(q.start)
    stating = {sent.group(o.start) for o in sent.qs} - {0}
    pers = [p for p in sent.pers if not (p.start < q.end and q.start < p.end)
            and (sent.group(p.start) in (0, g) or sent.group(p.start) not in stating)]
    bound = [p for p in pers if p.binds_after and q.end <= p.start <= q.end + 3 and p.end <= hi]
    if bound:
        return bound[0]
    # "… từ vị trí thứ 5 của năm 2015 …": a year bound to another figure dates that one only
    pers = [p for p in pers if not (p.binds_after and any(o is not q and o.end <= p.start <= o.end + 3 for o in sent.qs))]
    for pool in ([p for p in pers if lo <= p.start and p.end <= q.start],
                 [p for p in pers if q.end <= p.start and p.end <= hi],
                 [p for p in pers if p.end <= q.start], pers):
        if pool:
            return min(pool, key=lambda p: min(abs(q.start - p.end), abs(p.start - q.end)))
    return None


@dataclass
class _Context:
    """What the document, its headings and the current paragraph say about the figures in them."""

    period: tuple | None          # (first, last, date_start, date_end)
    level: str = ""
    target: bool = False
    text: str = ""                # the heading itself, folded: the subject of "Số lượng: 76 người" under it


def _as_tuple(p: Period) -> tuple:
    return (p.first, p.last, p.date_start, p.date_end)


def _flow_span(p: Period) -> tuple:
    """The span a period gives a flow: "tính đến ngày 30/11/2022" is the year so far."""
    return (p.first, p.last, f"{p.first}-01-01", p.date_end) if p.as_of else _as_tuple(p)


def _heading_context(sent: "_Sentence", subject: bool = True) -> _Context:
    """A heading's context: its last period, its first level, its target cue and (``subject``) its text."""
    return _Context(_as_tuple(sent.pers[-1]) if sent.pers else None, sent.lvls[0][2] if sent.lvls else "",
                    target_cue(sent.folded), sent.folded if subject else "")


def _quote(s: str, q) -> str:
    """Return the start of the sentence to the end of the figure's clause, shortened if long."""

    end = s.find(";", q.end)
    end = len(s) if end < 0 else end
    start = 0 if end <= _MAX_QUOTE else s.rfind(";", 0, q.start) + 1
    if end - start > _MAX_QUOTE:  # keep the phrases up to ~150 characters either side
        lo = max(start, q.start - _MAX_QUOTE // 2)
        cuts = [lo + m.end() for m in re.finditer(r"[,:;(]\s", s[lo:q.start])]
        start = cuts[0] if cuts else (lo if lo == start else s.find(" ", lo, q.start) + 1 or q.start)
        hi = min(end, start + _MAX_QUOTE)
        cuts = [q.end + m.start() for m in re.finditer(r"[,;)]\s", s[q.end:hi]) if m.start() >= 40]
        end = cuts[0] if cuts else (hi if hi == end else max(s.rfind(" ", q.end, hi), q.end))
    return s[start:end].strip(" ,;:-")



def _sentences(paragraph: str) -> list[str]:
    parts, start = [], 0
    for m in re.finditer(r"[.!?…]\s+|\s*\|\s*", paragraph):
        nxt = paragraph[m.end():m.end() + 1]
        if _HEADING.fullmatch(paragraph[start:m.end()]):
            continue  # "1. " or "II. " numbers a heading, it does not end a sentence
        if "|" in m.group() or (nxt and not nxt.islower()):
            parts.append(paragraph[start:m.end()].strip(" |"))
            start = m.end()
    parts.append(paragraph[start:].strip(" |"))
    return [p for p in parts if p]


def _heading_level(p: str) -> int | None:
    if (md := re.match(r"#{1,6}\s", p)):
        return len(md.group()) - 2
    m = _HEADING.match(p)
    if m and len(p) < 150:
        return 1 if m.group(1) else (2 + m.group(2).count(".") if m.group(2) else 5)
    if len(p) < 120 and p.upper() == p and any(c.isalpha() for c in p):
        return 0
    return None


def _check_args(source_id, district_code, period):
    if not isinstance(source_id, str) or not source_id.strip():
        raise ParameterError("source_id", source_id, "a non-empty source_id from data/sources.csv")
    if not isinstance(district_code, str) or not re.fullmatch(r"\d{3}", district_code):
        raise ParameterError("district_code", district_code,
                             "a three-digit pre-2025 GSO district code as text, e.g. '397'")
    try:
        ok = period is None or (len(period) == 2 and all(int(y) == y for y in period)
                                and period[0] <= period[1])
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ParameterError("period", period, "None or (first year, last year), e.g. (2017, 2021)")
    return None if period is None else (int(period[0]), int(period[1]))


def quotes_overlap(a: str, b: str, *, min_chars: int = 20) -> bool:
    """Return whether two quotes share a span of text (after :func:`normalize_text`).

    They overlap when one contains the other, or when their longest common
    span has at least ``min_chars`` characters (or all of the shorter one).

    Examples
    --------
    >>> quotes_overlap("tiếp nhận 232.636 hồ sơ", "Năm 2020, huyện tiếp nhận 232.636 hồ sơ, đạt")
    True
    >>> quotes_overlap("tiếp nhận 232.636 hồ sơ", "dân số 155.400 người")
    False
    """
    a, b = normalize_text(a), normalize_text(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size >= min(min_chars, len(a), len(b))


def compare_with_facts(candidates: pd.DataFrame, facts: pd.DataFrame, *,
                       min_chars: int = 20) -> pd.DataFrame:
    """Mark which candidates are already curated, so a curator sees what is new.

    A candidate is curated when a fact has the same ``source_id`` and
    ``value`` and a quote that overlaps its own (:func:`quotes_overlap`).

    Parameters
    ----------
    candidates : DataFrame
        From :func:`extract_candidates`.
    facts : DataFrame
        Curated facts (:func:`cchc_analysis.loaders.load_facts`).
    min_chars : int, default 20
        Passed to :func:`quotes_overlap`.

    Returns
    -------
    DataFrame
        A copy of ``candidates`` with ``status`` set to ``"curated"`` or
        ``"new"`` and a column ``matched_fact_ids`` (``";"``-joined, ``""``
        when new).

    Examples
    --------
    >>> cand = pd.DataFrame({"source_id": ["s", "s"], "value": [97.0, 88.0], "status": "candidate",
    ...                      "quote": ["Năm 2017 huyện được giao 97 biên chế", "năm 2021 giao 88 biên chế"]})
    >>> facts = pd.DataFrame({"fact_id": ["s:001"], "source_id": ["s"], "value": [97.0],
    ...                       "quote": ["huyện được giao 97 biên chế"]})
    >>> compare_with_facts(cand, facts)[["value", "status", "matched_fact_ids"]]
       value   status matched_fact_ids
    0   97.0  curated            s:001
    1   88.0      new
    """
    by_key: dict[tuple, list] = {}
    for f in facts[["fact_id", "source_id", "value", "quote"]].itertuples(index=False):
        by_key.setdefault((f.source_id, round(float(f.value), 9)), []).append(f)
    matched = []
    for c in candidates[["source_id", "value", "quote"]].itertuples(index=False):
        hits = [f.fact_id for f in by_key.get((c.source_id, round(float(c.value), 9)), [])
                if quotes_overlap(c.quote, f.quote, min_chars=min_chars)]
        matched.append(";".join(hits))
    out = candidates.copy()
    out["matched_fact_ids"] = matched
    out["status"] = ["curated" if m else "new" for m in matched]
    return out


def extract_candidates(text, *, source_id: str, district_code: str, catalog=None,
                       period: tuple[int, int] | None = None, level: str = "district",
                       document_year: int | None = None, doc_type: str | None = None,
                       progress: Callable[[int], None] | None = None, title: str | None = None) -> pd.DataFrame:
    """Propose candidate facts: every figure of ``text`` with its indicator (or none), period, level and kind.

    Parameters
    ----------
    text : str or iterable of str
        The full text of one source document (e.g. from :func:`read_document`),
        or its lines/chunks (read lazily: a long document is never held twice).
    source_id : str
        The document's ``source_id`` in ``data/sources.csv``.
    district_code : str
        Three-digit GSO code of the district the document is about (``"000"``
        for a province-level document).
    catalog : DataFrame, optional
        The indicator catalog; when given, only its slugs are proposed.
    period : (int, int), optional
        The document's period (``sources.csv``), for flows that state no year.
    level : str, default "district"
        The level of figures whose text names none: ``"province"`` for a
        province's document.
    document_year : int, optional
        The year the document was written: stocks with no year take it, and
        a figure for a later year is a target. Default: ``period``'s last year;
        with neither, a figure stating no year takes the latest year the text
        states of what was done (a page saved without its date).
    doc_type : str, optional
        ``sources.csv``'s ``doc_type``; in a ``plan`` or ``project`` a stock of
        the present is a ``baseline``.
    progress : callable, optional
        Called with the number of paragraphs read, every 2,000 paragraphs.
    title : str, optional
        The document's title (a web page's headline) when ``text`` does not hold it:
        its year, level and index name are the context of everything after it, as a
        heading's are; its own figures are not proposed (the body states them).

    Returns
    -------
    DataFrame
        :data:`CANDIDATE_COLUMNS`, one row per figure in text order;
        ``indicator`` is ``""`` where no phrasing governs the figure;
        ``qualifier`` as in ``facts.csv``; ``note`` names the phrasing matched
        and the base of a ``k/N``; ``confidence`` 0–1 for sorting.

    Raises
    ------
    ParameterError
        On an empty ``source_id``, a ``district_code`` that is not three
        digits, a ``period`` that is not a pair of years, an unknown ``level``.

    Examples
    --------
    >>> text = ("Toàn huyện có 17 xã, thị trấn; dân số 155.400 người. "
    ...         "Ngày 23/01/2017 ban hành Chỉ thị số 17-CT/TU. "
    ...         "Phấn đấu đến năm 2025 tỷ lệ hài lòng đạt 95%.")
    >>> c = extract_candidates(text, source_id="demo", district_code="849")   # undated: 2017 is the latest year
    >>> c[["indicator", "value", "level", "kind", "period_end"]]
              indicator     value                 level    kind  period_end
    0    communes_count      17.0               commune  actual        2017
    1        population  155400.0  district_and_commune  actual        2017
    2  satisfaction_pct      95.0  district_and_commune  target        2025
    """
    period = _check_args(source_id, district_code, period)
    if level not in LEVELS:
        raise ParameterError("level", level, f"one of {', '.join(LEVELS)}", list(LEVELS))
    table = _phrase_table(catalog)
    doc_year = document_year or (period[1] if period else None)
    rows: list[dict] = []
    headings: list[tuple[int, _Context]] = []
    carried = None
    seen: set = set()
    list_level, list_lead, after_colon = "", "", False
    lead_marker = None   # the marker of a lead that is itself a list item ("- Mức độ hài lòng …, cụ thể:")
    phase = None   # "giai đoạn 2021–2025, định hướng đến năm 2030" in the opening: targets are for 2021–2025
    whole = None   # the last counted figure of the sentence before: "Trong đó …" gives its parts
    index_ctx = ""  # the index named last in the current section
    list_whole = None   # the count of persons a list's lead states: its items' counts of persons are parts
    list_left = 0.0     # what the list's parts so far leave of it
    block = 0           # the paragraph that leads the current list (or the paragraph itself)
    latest = None       # the latest year stated of what was done: an undated document's date
    compared = None     # or, where it states none, the year after the one it compares with
    if title:   # above every heading: "Thanh Hóa công bố … Chỉ số cải cách hành chính năm 2023"
        head = _Sentence.read(title, table, doc_year)
        ctx = _heading_context(head, subject=False)   # not the subject of a bare count
        if ctx.target:   # "Phấn đấu đến năm 2025, BR-VT trong nhóm …": a headline's goal, not its text's
            ctx = replace(ctx, period=None, target=False)
        headings.append((-1, ctx))
        index_ctx = table.nearest_index(head.folded, len(head.folded), named=True)
        if head.pers and not target_cue(head.folded):
            latest = max(p.last for p in head.pers)
    for n_par, paragraph in enumerate(_paragraphs(text, table), 1):
        if progress and n_par % 2000 == 0:
            progress(n_par)
        if not _sentences(paragraph):
            continue   # "| |||": a table row of empty cells says nothing
        if n_par <= _OPENING and phase is None:
            phase = main_phase(paragraph)
        hl = _heading_level(paragraph)
        if hl is not None:
            headings = [h for h in headings if h[0] < hl]
            sent = _Sentence.read(paragraph, table, doc_year)
            headings.append((hl, _heading_context(sent)))
            carried = None
            list_level, list_lead = "", ""   # a list's lead governs its list: a new section has none yet
            index_ctx = table.nearest_index(sent.folded, len(sent.folded), named=True)   # a section starts afresh
        head_period = next((h[1].period for h in reversed(headings) if h[1].period), None)
        head_level = next((h[1].level for h in reversed(headings) if h[1].level), "")
        head_target = any(h[1].target for h in headings)
        is_item = bool(_LIST_ITEM.match(paragraph))
        # a list item, or a paragraph right after a lead that ends with ":", inherits the lead's level
        par_level = list_level if is_item or after_colon else ""
        marker = paragraph.lstrip()[:1] if is_item else None
        if lead_marker and marker == lead_marker:
            list_lead, list_whole, lead_marker = "", None, None   # a sibling of the lead: its list is over
        lead_text = list_lead if is_item else ""
        par_counts = []
        if not is_item:
            list_whole = None
            block = n_par   # a list's items belong to the block of their lead
        for i, s in enumerate(_sentences(paragraph)):
            if not _MAY_COUNT.search(s) and not s.rstrip().endswith(":") and i:
                continue   # no digit and no number word: nothing to propose, nothing to date
            sent = _Sentence.read(s, table, doc_year, units=level == "province")
            sent.index_ctx = index_ctx
            first_q = sent.qs[0].start if sent.qs else len(s)
            made: list[dict] = []
            if hl is None and not is_item:
                # a sentence that opens with a level ("Cấp huyện tiếp nhận …") sets it for the
                # sentences after it in the paragraph ("Trong đó, đúng hạn …"), until another does
                lead = [m for m in sent.lvls if m[1] <= first_q and m[0] < 60]
                if lead or (i == 0 and not after_colon):
                    par_level = lead[0][2] if lead else ""
            # "… UBND huyện và UBND 11 xã … tiếp nhận 43 nghìn hồ sơ. Trong đó, tỷ lệ … đúng hạn đạt 98,7%": the whole's level
            own_level = whole["level"] if whole and not sent.lvls and _PARTS_LEAD.match(sent.folded) else par_level
            for q in sent.qs:
                row = _row(sent, q, table, source_id=source_id, district_code=district_code,
                           context=(carried, head_period), levels=(own_level, head_level, level),
                           target=head_target, period=period, doc_year=doc_year, doc_type=doc_type,
                           lead=lead_text if _LIST_ITEM.match(s) or is_item else "", phase=phase,
                           subject=next((h[1].text for h in reversed(headings) if h[1].text), ""))
                for row in (r for one in _each_level_of_a_zero(row, sent, q) for r in _received_and_resolved(one, sent, q)):
                    row["_block"] = block
                    made.append(row)
                    key = (row["indicator"], row["value"], fold(row["quote"]), row["period_start"], row["level"])
                    if key not in seen:   # a repeated passage adds nothing (and memory stays bounded)
                        seen.add(key)
                        rows.append(row)
            # the sentence's own rows, repeated or not, say what its parts and the list after it count
            if _PARTS_LEAD.match(sent.folded) and whole is not None:
                if whole["indicator"] == "dossiers_received" and _CARRIED.search(sent.folded):
                    whole["indicator"] = "dossiers_total"   # "… tiếp nhận 5,65 ngàn hồ sơ. Trong đó 1,07 ngàn kỳ trước …"
                _label_parts(made, whole, sent)
            if is_item and list_whole is not None:
                list_left = _label_list_parts(sent, made, list_whole, list_left)
                if list_left is None:   # past its lead's count: the list has moved on, its lead no longer governs
                    list_whole, list_lead, lead_text = None, "", ""
            _parallel_items(sent, made, table)
            _level_items(sent, made)
            _inner_parts(sent, made)   # after the list's: a part of the list may have parts
            _whole_of_its_parts(sent, made)
            _rank_moved_from(sent, made, table)
            if _whole_of_level_parts(sent, made) and hl is None and not is_item and not par_level:
                par_level = "district_and_commune"   # the sentences after it give the same totals
            _topic_of_sentence(sent, made, table)
            for extra in _rank_in_two_indices(sent, made, table):
                made.append(extra)
                rows.append(extra)
            _overdue_among_pending(sent, made)
            _shares_of_counts(sent, made, table)
            _points_beside_share(sent, made)
            mine = [r for r in made if r["indicator"] and table.units.get(r["indicator"]) != "pct"]
            whole = mine[-1] if mine else (whole if _PARTS_LEAD.match(sent.folded) else None)
            if not is_item:
                par_counts = [r for r in mine if table.units.get(r["indicator"]) == "persons"] or par_counts
            index_ctx = table.nearest_index(sent.folded, len(sent.folded), named=True) or (
                # "kết quả CCHC … là 84,05 điểm": the reform scored in points is its index
                "par_index" if any(q.unit == "points" for q in sent.qs)
                and table.nearest_index(sent.folded, len(sent.folded)) == "par_index" else index_ctx)
            if compared is None and not sent.pers:
                compared = compared_year(s)   # "Từ đầu năm đến nay … giảm 79 người so với năm 2012": 2013
            if sent.pers:   # a year after the document's ("tồn chuyển sang năm 2020") dates no later statement
                if not target_cue(sent.folded):
                    latest = max([latest or 0] + [p.last for p in sent.pers])
                later = doc_year and sent.pers[-1].first > doc_year
                # a goal stated after the period ("…, chỉ tiêu giao 45%") leaves it a period of what was done
                carried = _flow_span(sent.pers[-1]) if not target_cue(sent.folded[:sent.pers[-1].end]) and not later else carried
            if s.rstrip().endswith(":") and not sent.qs:
                lead_text = s      # "…, cụ thể:" governs the list items after it
        if hl is None and (not is_item or paragraph.rstrip().endswith(":")):
            last = _Sentence.read(_sentences(paragraph)[-1], table, doc_year)
            list_level = last.lvls[-1][2] if last.lvls else par_level
            list_lead = last.text if paragraph.rstrip().endswith(":") else ""
            lead_marker = marker if list_lead else None
        after_colon = hl is None and paragraph.rstrip().endswith(":")
        if after_colon and not is_item:   # "… đã đưa 867 lượt cán bộ đi đào tạo, cụ thể:" and its list
            list_whole = par_counts[-1] if par_counts else None
            list_left = list_whole["value"] if list_whole else 0.0
    _on_time_apart_from_early(rows)
    if doc_year is None and (latest or compared):   # "Năm 2025, … Hiện tỉnh có 43 xã": the 43 are 2025's
        for r in rows:
            if r["period_start"] is None and r["kind"] == "actual":
                r["period_start"] = r["period_end"] = latest or compared
    rows = _one_per_fact(rows)
    out = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    out = out.drop_duplicates(subset=["indicator", "value", "quote", "period_start", "level"]).reset_index(drop=True)
    for col in ("period_start", "period_end"):
        out[col] = out[col].astype("Int64")
    return out.astype({"value": float, "confidence": float})


_BOTH_LEVELS = re.compile(r"cap huyen(?:,| va| va tai) cap xa|huyen va (?:cac )?xa|ca hai cap|ca 2 cap")


_BOTH_DONE = re.compile(r"tiep nhan\s*(?:,|va)\s*giai quyet\s*(dung (?:han|hen)\s*)?(?:duoc\s*)?(?:(?:gan|hon|tren|khoang)\s*)?$")


def _received_and_resolved(row: dict, sent: _Sentence, q: Quantity) -> list[dict]:
    """'đã tiếp nhận, giải quyết 27.427 hồ sơ' states both facts: received and resolved
    ('tiếp nhận và giải quyết đúng hẹn 34.365 hồ sơ': received and resolved on time)."""
    m = _BOTH_DONE.search(sent.folded, 0, q.start)
    if not m or row["indicator"] not in ("dossiers_received", "dossiers_resolved", "dossiers_on_time") \
            or row["indicator"] == "dossiers_on_time" and not m[1]:
        return [row]
    return [{**row, "indicator": slug} for slug in ("dossiers_received", "dossiers_on_time" if m[1] else "dossiers_resolved")]


def _each_level_of_a_zero(row: dict, sent: _Sentence, q: Quantity) -> list[dict]:
    """Return the row, or one row per level for a zero stated of both ("cấp huyện và cấp xã không có …").

    None at either level is a zero at each: the district's and the communes'.
    """
    if row["value"] != 0 or not row["indicator"] or row["level"] != "district_and_commune":
        return [row]
    lo, _ = sent.clause(q.start)
    named = {m[2] for m in sent.lvls if lo <= m[0] and m[1] <= q.start}   # "tại Trung tâm … huyện và … cấp xã"
    if not _BOTH_LEVELS.search(sent.folded, lo, q.start) and not {"district", "commune"} <= named:
        return [row]
    return [{**row, "level": lvl} for lvl in ("district", "commune")]


_PARTS_AFTER = re.compile(r"\btrong (?:do|so do)\b")   # "…, trong đó UBND huyện …": the parts follow
#: a noun right after a bare number says what it counts: no score
_NOT_POINTS = re.compile(r"\s*(?:cap|don vi|co quan|tieu chi|linh vuc|nam|thang|xa|huyen|tinh|so|nganh)(?!\w)")
#: a lead that names the fields its list gives the figures of: each item is one field's, not the total
_BY_FIELD = re.compile(r"\b(?:cac|theo|tung|mot so) linh vuc\b")
_PERSONS_AFTER = re.compile(r"[\d.,]+\s*(?:dong chi|nguoi|luot|hoc vien|truong hop|can bo|cong chuc|vien chuc)(?!\w)")
#: "số điểm tăng cao nhất với 5,26 điểm", "giảm điểm nhiều nhất (với 5,14 điểm": points of a change, no score
_CHANGE_BEFORE = re.compile(r"(?<!\w)(?:tang|giam)(?!\w)[^\d;]{0,30}$")
#: what a share is of: "tỷ lệ hồ sơ …" (dossiers), "tỷ lệ TTHC …", "tỷ lệ thủ tục …" (procedures, group 1)
_RESOLVED_AFTER = re.compile(r"(?: hanh chinh)?\s+(?:da |duoc )*giai quyet(?!\w)")
_SHARE_OF_WHAT = re.compile(r"(?<!\w)ty le\s+(?:(thu tuc|tthc)|\w)")
_LEADS = re.compile(r"\s*(?:(?:dat|la|co|chiem|:)\s*)?(?:ty le\s*)?(?:la\s*)?")   # "cấp xã đạt 98,2%"
#: the noun of a count of commune-level units, before its level word: "18 đơn vị hành chính cấp xã"
_UNITS_OF_LEVEL = re.compile(r"\s*(?:don vi hanh chinh|dvhc)\s*")
_INNER_LEAD = re.compile(r"[^.;\d]{0,40}?(?:\(|[;,]?\s*(?:trong (?:do|so do)|bao gom|gom)\b)")


def _add_note(r: dict, text: str) -> None:
    r["note"] = f"{r['note']}; {text}" if r["note"] else text


def _noun_only(r: dict) -> bool:
    """A figure unlabelled, or labelled only by the noun it counts ("{n} công chức")."""
    return not r["indicator"] or r.get("_phrasing", "").startswith("{n}")


def _plain_count(r: dict, whole: dict) -> bool:
    changed = "stated as a change" in r["note"]
    return (r["value"] == int(r["value"]) and r["value"] > 0 and "of " not in r["note"]
            and changed == ("stated as a change" in whole["note"]))


def _give(r: dict, whole: dict, sent: _Sentence | None = None) -> None:
    """Make ``r`` a part of ``whole``: its indicator, kind, period and (unless ``sent`` names one) level."""
    r["indicator"], r["kind"] = whole["indicator"], whole["kind"]
    if sent is not None and (not sent.lvls or "_end" in whole and "_end" in r and whole["_end"] <= r["_start"] and not any(
            whole["_end"] <= m[0] < r["_end"] + 12 for m in sent.lvls)):
        r["level"] = whole["level"]   # a part names its own level between its whole and it, or in its noun
    _add_note(r, f"part of {whole['value']:g} ({whole['indicator']})")
    r["period_start"], r["period_end"] = whole["period_start"], whole["period_end"]   # a part of its period
    r["date_start"], r["date_end"] = whole["date_start"], whole["date_end"]


def _word_of_whole(r: dict, whole: dict) -> bool:
    """'cán bộ, công chức cấp xã là 312 người, trong đó cán bộ: 177, công chức: 135': a part named by a word
    of the whole's own label is one of the whole's kinds, not an indicator of its own."""
    word = fold(r.get("_phrasing", "")).replace("{n}", "").strip(" :")
    return bool(word) and bool(find_all(fold(whole.get("_phrasing", "")), word))


def _parallel_items(sent: _Sentence, rows: list[dict], table: PhraseTable) -> None:
    """'… thực hiện việc tinh giản biên chế, trong đó huyện Minh Long là 07 người, …; huyện Bình Sơn 21 người; …':
    items after a labelled lead that each name a unit and count persons again are counts of the lead's indicator."""
    lead = next((r for r in rows if r["indicator"] and "_start" in r and not _noun_only(r)), None)
    if lead is None or table.units.get(lead["indicator"]) != "persons":
        return
    for r in rows:
        if r is lead or "_start" not in r or r["_start"] <= lead["_start"] or not _noun_only(r):
            continue
        if r["indicator"] and table.units.get(r["indicator"]) != "persons":
            continue
        lo = sent.item(r["_start"])[0]
        item = _ITEM_OF_UNIT.fullmatch(sent.text, lo, r["_start"])
        if lo > lead["_start"] and item and _PERSONS_AFTER.match(sent.folded, r["_start"]):
            for col in ("indicator", "kind", "period_start", "period_end", "date_start", "date_end"):
                r[col] = lead[col]
            r["level"] = "commune" if _NAMED_COMMUNE.search(item.group()) else "district"
            _add_note(r, f"an item of the lead's {lead['indicator']}")


#: a sentence about the procedures offered online or by post: its count of procedures is of those
_OFFERED_AS = re.compile(r"(?<!\w)(?:dich vu cong truc tuyen|dvc truc tuyen|dvctt|(?:dich vu )?buu chinh cong ich)(?!\w)")


def _offered_slug(mode: re.Match, folded: str) -> str:
    """The count a procedure count is in a sentence naming a way of offering them: online at the level 3 or 4
    its own clause (``folded``) names, online at no level said, by post (none of the catalog's)."""
    if "buu chinh" in mode.group():
        return ""
    levels_named = {k for k in ("3", "4") if re.search(r"muc do\s*(?:3\s*(?:,|va)\s*)?" + k + r"(?!\d)", folded)}
    return {frozenset("3"): "online_services_level3_count", frozenset("4"): "online_services_level4_count"}.get(
        frozenset(levels_named), "online_services_count")


#: an item that names only a level before its figure: "; tại UBND cấp huyện đạt 99,33%", "; cấp xã: 98%"
_LEVEL_ITEM = re.compile(r"\s*(?:tai|o|doi voi|rieng|con)?\s*(?:ubnd\s+|uy ban nhan dan\s+)?(?:" + LEVEL_PATTERN
                         + r")\s*(?:dat|la|co|:)?\s*$")


def _level_items(sent: _Sentence, rows: list[dict]) -> None:
    """'tỷ lệ … đúng hạn của cấp tỉnh đạt 99,74%; tại UBND cấp huyện đạt 99,33%; tại UBND cấp xã đạt 99,73%':
    an item that names only its level gives the figure before it (a share for a share) another level."""
    for r in rows:
        if r["indicator"] or "_start" not in r:
            continue
        lo = sent.item(r["_start"])[0]
        if lo == 0 or not _LEVEL_ITEM.fullmatch(sent.folded, lo, r["_start"]):
            continue
        pct = "%" in sent.text[r["_start"]:r["_end"]]
        lead = next((o for o in reversed(rows) if o["indicator"] and "_start" in o and o["_start"] < lo
                     and ("%" in sent.text[o["_start"]:o["_end"]]) == pct), None)
        if lead is not None:
            r["indicator"] = lead["indicator"]
            _add_note(r, f"an item of the level named, after {lead['indicator']}")


def _kind_of_whole(r: dict, whole: dict, sent: _Sentence) -> bool:
    """'tiếp nhận 1.610 hồ sơ (gồm 1.475 hồ sơ trực tuyến …)': a part whose own label names more of the
    noun the whole counts is a kind of those things, with an indicator of its own."""
    noun = fold(r.get("_phrasing", "")).partition("{n}")[2].split()
    return (r["indicator"] != whole["indicator"] and len(noun) > 2
            and re.findall(r"\w+", sent.folded[whole["_end"]:whole["_end"] + 30])[:2] == noun[:2])


#: "tổng số biên chế … là 73 người, trong đó công chức 68 người, …": staff of a kind, parts of a count of positions
_KINDS_OF_STAFF = {"civil_servants_count", "public_employees_count"}
_STAFF_WHOLES = {"staff_quota", "staff_reduced", "training_participants"}


def _inner_parts(sent: _Sentence, rows: list[dict]) -> None:
    """Label the parts a sentence gives right after a count: "giao 120 lao động (Trong đó: … 114 …; … 06 …)"."""
    for i, w in enumerate(rows):
        if not w["indicator"] or _noun_only(w) and not w["_phrasing"] or "_start" not in w:
            continue
        nxt = [r for r in rows[i + 1:] if r.get("_start") != w["_start"]]   # not the whole's other fact
        if not nxt or not _INNER_LEAD.match(sent.folded, w["_end"]):
            continue
        parts, g0 = [], sent.group(nxt[0]["_start"])
        for r in nxt:
            if g0 and sent.group(r["_start"]) != g0:
                break   # the parenthesis is over
            kind_of_staff = r["indicator"] in _KINDS_OF_STAFF and w["indicator"] in _STAFF_WHOLES
            if (not _noun_only(r) and not kind_of_staff and not _word_of_whole(r, w)
                    and (r["indicator"] != w["indicator"] or not g0) or _kind_of_whole(r, w, sent)):
                break   # inside a parenthesis, a part may carry the whole's own label
            parts.append(r)
        if len(parts) >= 2 and all(_plain_count(r, w) for r in parts):
            if sum(r["value"] for r in parts) <= w["value"]:
                for r in parts:
                    if r["indicator"] != w["indicator"]:
                        _give(r, w, sent)
                _whole_of_both_levels(w, parts)


_WHOLE_LEAD = re.compile(r"[^.;\d]{0,40}?(?:\(|(?<!\w)(?:bao gom|gom|trong do|trong so do)(?!\w))")


def _whole_of_its_parts(sent: _Sentence, rows: list[dict]) -> None:
    """'15 đơn vị hành chính gồm 7 xã, 8 phường': a count no phrasing labels, whose parts right after it
    share one indicator and add up to it exactly, is the whole of that indicator."""
    for i, w in enumerate(rows):
        if w["indicator"] or "_end" not in w or w["value"] != int(w["value"]) or w["value"] <= 0 \
                or not _WHOLE_LEAD.match(sent.folded, w["_end"]):
            continue
        parts = []
        for r in rows[i + 1:]:
            if not r["indicator"] or parts and r["indicator"] != parts[0]["indicator"]:
                break
            parts.append(r)
        if len(parts) >= 2 and all(_plain_count(r, w) for r in parts) and sum(r["value"] for r in parts) == w["value"]:
            first = parts[0]
            for col in ("indicator", "kind", "period_start", "period_end", "date_start", "date_end"):
                w[col] = first[col]
            if len({r["level"] for r in parts}) == 1:
                w["level"] = first["level"]
            _whole_of_both_levels(w, parts)
            _add_note(w, "the whole of " + " + ".join(f"{r['value']:g}" for r in parts))


def _whole_of_level_parts(sent: _Sentence, rows: list[dict]) -> bool:
    """'tổng số hồ sơ tiếp nhận: 5.747 hồ sơ, trong đó cấp huyện tiếp nhận 775 hồ sơ, cấp xã tiếp nhận 4.972':
    the sentence's first figure, given again for the district and for the communes after it, is both levels'.
    Returns whether it was."""
    w = next((r for r in rows if "_end" in r), None)
    if w is None or not w["indicator"] or w["value"] != int(w["value"]) or not _INNER_LEAD.match(sent.folded, w["_end"]):
        return False
    parts = [r for r in rows if r is not w and r["indicator"] == w["indicator"] and r.get("_start", 0) > w["_end"]]
    if (w["level"] in ("district", "commune") and {r["level"] for r in parts} == {"district", "commune"}
            and sum(r["value"] for r in parts) <= w["value"]):
        w["level"] = "district_and_commune"
        end = max(r["_start"] for r in parts)
        for r in rows:   # "…; Tỷ lệ giải quyết đúng hạn 5.504/5.512 hồ sơ": a later clause naming no level, the same totals
            at = r.get("_start", 0)
            lo, hi = sent.item(at)
            if at > end and lo > end and not any(lo <= m[0] < hi for m in sent.lvls):
                r["level"] = "district_and_commune"
        return True
    return False


_FROM_PLACE = re.compile(r"(?<!\w)tu\s+(?:vi tri\s+|hang\s+|thu hang\s+)?(?:thu\s+)?$")
_TO_PLACE = re.compile(r"[^\d;.]{0,40}?(?<!\w)(?:len|xuong)(?!\w)[^\d;.]{0,25}$")


def _rank_moved_from(sent: _Sentence, rows: list[dict], table: PhraseTable) -> None:
    """'từ vị trí thứ 9 vươn lên xếp thứ 3': the place moved from is the year before the place reached."""
    ranks = [r for r in rows if "_start" in r and table.units.get(r["indicator"]) == "rank"]
    for a, b in zip(ranks, ranks[1:]):
        if (a["indicator"] == b["indicator"] and a["period_start"] == a["period_end"] == b["period_start"] == b["period_end"]
                and a["period_start"] and not a["date_start"]
                and _FROM_PLACE.search(sent.folded, max(0, a["_start"] - 20), a["_start"])
                and _TO_PLACE.match(sent.folded, a["_end"], b["_start"])):
            a["period_start"] = a["period_end"] = a["period_start"] - 1


#: "Số lượng thôn, tổ dân phố: 150", "Tổng số cán bộ, công chức cấp xã: 420": a count's label before a colon
_COUNTED_LABEL = re.compile(r"(?:^|[,;]\s*|\b)(?:so luong|tong so)\s+([^\d:;]{3,40}):\s*$")
_COUNT_OF = re.compile(r"(?:so luong|tong so)(?:\s+co)?\s*:?\s*(?:tong so\s*(?:co)?\s*:?\s*)?(?:la\s+)?$")


def _subject_label(subject: str, q: Quantity, table: PhraseTable) -> tuple[str, str]:
    """Return (slug, phrasing) of the longest phrase of a heading that names what a bare count counts."""
    best = ("", "", 0)
    for p in table.phrases:
        if p.parts or p.context or p.either:
            continue
        noun = p.after if p.after and not p.before else (p.before if p.before and not p.after else "")
        if len(noun) > best[2] and find_all(subject, noun):
            slug = _fit(p.slug, q, p, table)
            if slug:
                best = (slug, p.text, len(noun))
    return best[0], best[1]


def _label_list_parts(sent: _Sentence, rows: list[dict], whole: dict, left: float) -> float | None:
    """In the list under "… 867 lượt cán bộ đi đào tạo, cụ thể:", counts of persons are parts of the 867.

    ``left`` is what the parts so far leave of the whole; returns what is left after this
    sentence, or None once a part would exceed it (the list has moved on to other figures).
    A part in a parenthesis is a part of a part and uses none of it.
    """
    for r in rows:   # every count of persons of the list uses some of the whole, labelled or not
        if _plain_count(r, whole) and _PERSONS_AFTER.match(sent.plain, r["_start"]):   # "đồng chí" is blanked in .folded
            if sent.group(r["_start"]) == 0:
                if r["value"] > left:
                    return None
                left -= r["value"]
            if not r["indicator"]:
                _give(r, whole, sent)
    return left


#: the words that name a unit of each level before its name ("huyện Vĩnh Linh", "xã Thạnh Lợi")
_DISTRICT_UNITS = r"[Hh]uyện|[Tt]hị xã|[Tt]hành phố|[Qq]uận"
_COMMUNE_UNITS = r"[Xx]ã|[Pp]hường|[Tt]hị trấn"
_NAMED_DISTRICT = re.compile(r"(?<!\w)(?:" + _DISTRICT_UNITS + r")\s+(?=[A-ZĐ])")
# "Xã Bản Khoang có …", "UBND phường Bùi Hữu Nghĩa": a commune named is the commune level ("thị xã X" is not)
_NAMED_COMMUNE = re.compile(r"(?<!\w)(?<![Tt]hị )(?:" + _COMMUNE_UNITS + r")\s+(?=[A-ZĐ])")
_NAMED_PROVINCE = re.compile(r"(?<!\w)(?<!thuộc )[Tt]ỉnh\s+(?=[A-ZĐ])")   # not "… thuộc tỉnh"
#: "…, đứng đầu là huyện Sa Thầy với trên 86 điểm": a unit named after a class of counted units is one unit
_NAMED_UNIT = re.compile(r"(?<!\w)(?:" + _DISTRICT_UNITS + "|" + _COMMUNE_UNITS + r"|[Ss]ở)\s+[A-ZĐ]")
#: an item that opens with a unit's name: "; huyện Bình Sơn 21 người", "; UBND thành phố Quảng Ngãi là 11 người"
_ITEM_OF_UNIT = re.compile(r"\s*(?:(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+)?(?:" + _DISTRICT_UNITS + "|" + _COMMUNE_UNITS
                           + r")\s+[A-ZĐ][\w.]*(?:\s+[A-ZĐ][\w.]*){0,3}\s*(?:là|có|:)?\s*$")
#: the five cities of province rank: "thành phố Cần Thơ" is a province, "thành phố Tam Kỳ" a district
_CITY_OF_PROVINCE_RANK = re.compile(r"(?:Hà Nội|Hồ Chí Minh|Hải Phòng|Đà Nẵng|Cần Thơ)(?!\w)")
#: a table cell read as a line, "Huyện A – Tổng điểm (100): 84,58.": its column header (see readers.table_lines)
_CELL_HEADER = re.compile(r"– ([^–:]{1,80}):\s*$")


def _table_cell(folded: str, q: Quantity):
    """The column header (a match of :data:`_CELL_HEADER`) when ``q`` is the figure of a table cell read as a line."""
    return _CELL_HEADER.search(folded, 0, q.start) if folded[q.end:] == "." else None


#: the headers of a ranking table's columns: its score ("Tổng điểm (100)", "Điểm đạt được", "Chỉ số (%)") …
_SCORE_HEADER = re.compile(r"^(?:(?:tong\s+)?diem|ket qua|chi so|gia tri chi so|ket qua chi so)"
                           r"(?:\s+(?:so|dat(?: duoc)?|danh gia|tong hop|chung|cuoi cung|nam \d{4}))?"
                           r"(?:\s*\((?:\d+|%|diem)\))?$")
#: … and its rank ("Xếp hạng", "Thứ hạng")
_PLACE_HEADER = re.compile(r"^(?:xep hang|thu hang|thu tu xep hang|hang|xep thu|vi tri|vi tri xep hang)(?:\s+nam \d{4})?$")


def _cell_of_index(fam: str, header: str, q: Quantity, table: PhraseTable) -> tuple[str, str]:
    """The slug of a ranking table's cell under ``header``, in a text about the index ``fam`` ("" when none)."""
    header = header.strip()
    if _PLACE_HEADER.match(header) and not q.pct and table.units.get(f"{fam}_rank") == "rank":
        return f"{fam}_rank", "rank column of the index named"
    if not _SCORE_HEADER.match(header):
        return "", ""
    if (q.pct or "%" in header) and fam in _SHARE_OF_INDEX:
        return _SHARE_OF_INDEX[fam], "share column of the index named"
    if table.units.get(f"{fam}_score") == "score" and q.value <= 100:
        return f"{fam}_score", "score column of the index named"
    return "", ""
#: the result a named unit's share is, under an index named: the PAR INDEX score, the share satisfied
_SHARE_OF_INDEX = {"par_index": "par_index_score", "sipas": "satisfaction_pct"}
_RESOLVED_LATE = re.compile(r"(?:da |duoc )?giai quyet(?: xong)?\s*(?:qua|tre|cham) han|tra ket qua\s*(?:qua|tre|cham) han")


_IN_TIME_BEFORE = re.compile(r"(?<!\w)(?:trong han|con han|chua den han|chua qua han)\s*:?\s*$")


def _overdue_among_pending(sent: _Sentence, rows: list[dict]) -> None:
    """'Trong số 3.405 hồ sơ đang giải quyết, … 2.436 chưa đến hạn và 969 hồ sơ đã quá hạn': overdue and pending."""
    pending = [r for r in rows if r["indicator"] == "dossiers_pending"]
    for r in rows:
        if (pending and "_start" in r and r["_start"] > pending[0]["_end"] and r["value"] <= pending[0]["value"]
                and r["indicator"] in ("", "dossiers_late", "dossiers_on_time")
                and _IN_TIME_BEFORE.search(sent.folded, max(0, r["_start"] - 20), r["_start"])):
            r["indicator"] = "dossiers_pending_on_time"   # "đang giải quyết: 455 hồ sơ (trong hạn 450, quá hạn 5)"
            _add_note(r, f"among the {pending[0]['value']:g} pending")
            continue
        if (pending and r["indicator"] == "dossiers_late" and r["_start"] > pending[0]["_end"]
                and r["value"] <= pending[0]["value"]
                and not _RESOLVED_LATE.search(sent.folded, pending[0]["_end"], r["_end"] + 25)):
            r["indicator"] = "dossiers_pending_late"
            _add_note(r, f"among the {pending[0]['value']:g} pending")


_TOPIC = re.compile(r"\s*(?:[^,;:]{0,30},\s*)?(?:ve|doi voi)\s+([^,:;]{4,50})[,:]")   # "(Năm 2021,) về …,"
_GENERIC = {"dossiers_received"}   # says what happened to dossiers, not which dossiers


def _topic_of_sentence(sent: _Sentence, rows: list[dict], table: PhraseTable) -> None:
    """'Về hồ sơ trực tuyến, UBND thành phố tiếp nhận 581 hồ sơ': the topic says which dossiers are counted."""
    m = _TOPIC.match(sent.folded)
    if not m:
        return
    # the topic runs to its last comma before the first figure: "Đối với việc tiếp nhận, giải quyết hồ sơ … trực tuyến, …"
    first = min((q.start for q in sent.qs), default=len(sent.folded))
    end = max(m.end(), sent.folded.rfind(",", m.end(), min(first, m.start(1) + 120)) + 1)
    topic = sent.folded[m.start(1):end]
    for r in rows:
        if r["indicator"] not in _GENERIC or r.get("_start", 0) < end:
            continue
        unit = table.units.get(r["indicator"])
        best = max((p for p in table.phrases if p.either and not p.context and p.slug not in _GENERIC
                    and table.units.get(p.slug) == unit and find_all(topic, p.either)),
                   key=lambda p: len(p.either), default=None)
        if best is not None:
            r["indicator"] = best.slug
            _add_note(r, f"topic: {best.text}")


_AND_INDEX = re.compile(r"\s*(?:,|va)\s*(?:(?:chi so|xep hang)\s+)?$")


def _rank_in_two_indices(sent: _Sentence, rows: list[dict], table: PhraseTable) -> list[dict]:
    """'xếp thứ nhì … về chỉ số CCHC và chỉ số hài lòng': one place in two indices is a rank in each.

    Returns the rows of the indices the figure's row does not have yet.
    """
    out = []
    for r in rows:
        fam = r["indicator"][:-len("_rank")] if r["indicator"].endswith("_rank") else ""
        if not fam or r.get("_start") is None:
            continue
        lo, hi = sent.clause(r["_start"])
        names = sorted({(a, b, f) for a, b, f in table._index_spans(sent.folded, named=True) if lo <= a and b <= hi})
        names = [n for n in names if not any(o[0] <= n[0] and n[1] <= o[1] and o != n for o in names)]
        joined = {f for x, y in zip(names, names[1:]) if _AND_INDEX.fullmatch(sent.folded, x[1], y[0])
                  for f in (x[2], y[2])}
        if fam not in joined:
            continue
        have = {o["indicator"] for o in rows if o.get("_start") == r["_start"]}
        for f in sorted(joined - {fam}):
            slug = f"{f}_rank"
            if table.units.get(slug) == "rank" and slug not in have:
                extra = {**r, "indicator": slug}
                _add_note(extra, f"the same place as in {fam}")
                out.append(extra)
                have.add(slug)
    return out


_SHARE_OF = re.compile(r"[^\d,;.()]{0,30}?[,(]?\s*(?:dat|chiem|bang)\s+(?:ty le|tl)?\s*:?\s*$")


_POINTS_AFTER = re.compile(r"\s*diem(?!\w)")


def _points_beside_share(sent: _Sentence, rows: list[dict]) -> None:
    """'sở Nội vụ đạt 93,95 điểm, tỷ lệ chỉ số đạt 95,27%': where an index is given both ways, the share of
    the points is the index score and the points are the raw total (as the development set annotates it)."""
    for a, b in zip(rows, rows[1:]):
        if (a["indicator"] == b["indicator"] == "par_index_score" and "_end" in a and "_end" in b
                and _POINTS_AFTER.match(sent.folded, a["_end"]) and "%" in sent.text[b["_start"]:b["_end"] + 2]
                and b["_start"] - a["_end"] <= 40 and a["value"] != b["value"]):   # out of 100, both are one score
            a["indicator"] = ""
            _add_note(a, "the points beside the index's share")


def _shares_of_counts(sent: _Sentence, rows: list[dict], table: PhraseTable) -> None:
    """'Trực tuyến: 524 hồ sơ, đạt 0,2%': a share right after a count (", đạt", "(chiếm") is that count's share."""
    for prev, r in zip(rows, rows[1:]):
        slug = prev["indicator"]
        share = slug + "_pct" if table.units.get(slug + "_pct") == "pct" else ""
        if (not share or r["indicator"] == share or table.units.get(slug) == "pct" or "%" not in r["quote"]
                or r.get("_start") is None or not _SHARE_OF.fullmatch(sent.folded, prev["_end"], r["_start"])):
            continue
        if r["value"] <= 100:
            r["indicator"] = share
            _add_note(r, f"share of the {prev['value']:g} before it")
    # a share bound to a count with no share slug is not another's share (a rank or a score counts nothing:
    # "đứng thứ nhất với tỷ lệ hài lòng đạt 86,91%" keeps its label)
    for prev, r in zip(rows, rows[1:]):
        slug = prev["indicator"]
        if (slug and r["indicator"] and r["indicator"] != slug + "_pct" and table.units.get(slug + "_pct") != "pct"
                and table.units.get(slug) not in ("pct", "rank", "score") and "%" in r["quote"] and r.get("_start") is not None
                and _SHARE_OF.fullmatch(sent.folded, prev["_end"], r["_start"])):
            r["indicator"] = ""
            _add_note(r, f"share of the {prev['value']:g} ({slug})")


def _whole_of_both_levels(whole: dict, parts: list[dict]) -> None:
    """A whole whose parts are the district's and the communes' ("UBND huyện giảm 14; các xã giảm 43") is both levels'."""
    if whole["level"] in ("district", "commune") and {"district", "commune"} <= {r["level"] for r in parts}:
        whole["level"] = "district_and_commune"


_FACT_KEY = ("indicator", "scope", "level", "period_start", "period_end", "date_start", "date_end", "kind",
             "value", "qualifier")


def _one_per_fact(rows: list[dict]) -> list[dict]:
    """Keep the first of the labelled rows that state the same fact again (a restated figure is one fact).

    A restatement has the same key and the same words before its figure ("được giao 88
    biên chế" twice); "cao cấp 35 đồng chí" and "cấp phòng 35 đồng chí" are two facts.
    A zero of the same key is the same fact whatever its words.
    The first keeps the count of restatements in its note; unlabelled figures are all kept.
    """
    first: dict = {}
    out = []
    for r in rows:
        if not r["indicator"]:
            out.append(r)
            continue
        # a zero needs no words to be the same fact: "0 hồ sơ quá hạn" and "không có hồ sơ nào quá hạn"
        key = tuple(r[c] for c in _FACT_KEY) + (r.get("_words", "") if r["value"] else "",)
        if key in first:
            first[key]["_restated"] = first[key].get("_restated", 0) + 1
            continue
        first[key] = r
        out.append(r)
    for r in first.values():
        if r.get("_restated"):
            _add_note(r, f"restated {r['_restated']} more time(s)")
    return out


def _on_time_apart_from_early(rows: list[dict]) -> None:
    """'Đúng hạn: 193.244 …' beside an item 'Trước hạn: 38.864 …' of the same list is on time only."""
    early = {r["_block"] for r in rows if r["indicator"] in ("dossiers_early", "dossiers_early_pct")
             and not re.search(r"dung han", fold(r["quote"]))}
    for r in rows:
        if (r["_block"] in early and r["indicator"] in ("dossiers_on_time", "dossiers_on_time_pct")
                and r.get("_phrasing") == "đúng hạn" and not _EARLY_WORDS.search(fold(r["quote"]))):
            r["indicator"] = r["indicator"].replace("on_time", "on_time_only")


_EARLY_WORDS = re.compile(r"(?:truoc|som) han")


def _label_parts(rows: list[dict], whole: dict, sent: _Sentence | None = None) -> None:
    """Give the parts of a "Trong đó …" sentence the indicator of the whole they break down.

    Only when there are two or more, each unlabelled or labelled only by the
    noun it counts, all plain counts adding up to no more than the whole
    (``Tinh giản 142 biên chế. Trong đó 5 …, 8 công chức …, 4 …, 125 viên chức …``).
    """
    parts = [r for r in rows if _noun_only(r)]
    if len(parts) < 2 or len(parts) < len(rows):
        return   # one sub-total, or a part with a label of its own: not a breakdown by blocks
    if not all(_plain_count(r, whole) for r in parts):
        return   # a share, a change or a k/N among them
    if sum(r["value"] for r in parts) > whole["value"]:
        return
    for r in parts:
        _give(r, whole, sent)
    _whole_of_both_levels(whole, parts)


def _row(sent: _Sentence, q: Quantity, table: PhraseTable, *, source_id, district_code, context, levels,
         target, period, doc_year, doc_type, lead="", phase=None, subject="") -> dict:
    slug, dist, phrasing = _label(sent, q, table)
    if not slug and subject and _COUNT_OF.search(sent.folded[max(0, q.start - 40):q.start]):
        slug, phrasing = _subject_label(subject, q, table)   # "2.1. Đội ngũ công chức cấp huyện / Số lượng: 76 người"
        dist = _MAX_DISTANCE / 2
    if not slug and (m := _COUNTED_LABEL.search(sent.folded, sent.item(q.start)[0], q.start)):
        slug, phrasing = _subject_label(m.group(1), q, table)   # "Số lượng thôn, tổ dân phố: 150": the label's noun
        if not m.group(1).strip().startswith(fold(phrasing).replace("{n}", "").strip() or "\0"):
            slug, phrasing = "", ""   # "Tổng số thành viên UBND cấp xã: 130": the noun counted comes first
        dist = _MAX_DISTANCE / 2 if slug else dist
    if not slug and lead:  # a list item: the lead sentence before the list names what it counts
        joined = _Sentence.read(lead + " " + sent.text, table, doc_year)
        shift = len(lead) + 1
        moved = replace(q, start=q.start + shift, end=q.end + shift)
        joined.qs = [replace(o, start=o.start + shift, end=o.end + shift) for o in sent.qs]
        joined.semis = []   # the item is one clause with its lead
        slug, dist, phrasing = _label(joined, moved, table)
    lo, hi = sent.clause(q.start)
    s, f = sent.text, sent.folded
    if slug in ("dossiers_on_time", "dossiers_on_time_pct") and _EARLY_APART.search(f) \
            and not re.search(r"truoc|som", fold(phrasing)):
        slug = slug.replace("on_time", "on_time_only")   # "trước hạn" given apart: "đúng hạn" alone
    if slug in _WHOLE_OF_PARTS and _WHOLE_OF_PARTS[slug][0].match(f, q.end):
        slug = _WHOLE_OF_PARTS[slug][1]   # its parts, named after it, say the figure is a larger whole
    if not slug and q.rank_word:   # "dẫn đầu khối huyện về Chỉ số CCHC": first, in the index named with it
        fam = table.index_after(f, q.end, hi) or table.nearest_index(f, q.start) or sent.index_ctx
        if table.units.get(f"{fam}_rank") == "rank":
            slug, dist, phrasing = f"{fam}_rank", 0.0, q.qualifier or "rank word"
    head = _table_cell(f, q)
    place = not slug and q.unit in ("", "places") and not q.change and bool(
        _LIST_PLACE.search(f, max(0, q.start - 12), q.start) or head and _PLACE_HEADER.search(head.group(1)))
    if not slug and head and not q.change and (fam := table.nearest_index(f, q.start, named=True) or sent.index_ctx):
        # a ranking table's cell, "Huyện A – Tổng điểm: 84,58." or "… – Xếp hạng: 3.": the index's score or rank
        slug, phrasing = _cell_of_index(fam, head.group(1), q, table)
        dist = _MAX_DISTANCE / 2
    points = q.unit == "points"
    if not slug and (points and not q.change and q.base in (None, 100)
                     and not _CHANGE_BEFORE.search(f, max(lo, q.start - 40), q.start) or place):
        # "thứ hai là UBND huyện Quảng Ninh 88,58 điểm": points, or a place, no phrasing claims, where
        # an index is the subject (named in the sentence, or in the sentences before), are that index's
        fam = table.nearest_index(f, q.start, named=True) or sent.index_ctx
        kind = "rank" if place else "score"
        if table.units.get(f"{fam}_{kind}") == kind:
            slug, dist, phrasing = f"{fam}_{kind}", _MAX_DISTANCE / 2, f"{kind} of the index named"
    if (not slug and q.pct and not q.change and q.value <= 100
            and _NAMED_UNIT.search(s, max(lo, q.start - 60), q.start)
            and (fam := table.nearest_index(f, q.start, named=True) or sent.index_ctx) in _SHARE_OF_INDEX):
        # "… bảng xếp hạng, đặc biệt là UBND xã Thạnh Tiến (đạt 99,93%), UBND xã Thạnh Lợi (đạt 99,22%)":
        # a named unit's share, no phrasing claims, under an index named is that index's result
        slug = "sipas_score" if fam == "sipas" and "sipas" in f else _SHARE_OF_INDEX[fam]
        dist, phrasing = _MAX_DISTANCE / 2, "share of the index named"
    if slug and q.pct and _COMPARED.search(f, 0, q.start):
        slug, dist, phrasing = "", float("inf"), ""   # "bằng 205,6% số hồ sơ của quý I năm 2022": a comparison
    if slug and table.units.get(slug) == "score" and not q.pct and not q.unit and _NOT_POINTS.match(f, q.end):
        slug, dist, phrasing = "", float("inf"), ""   # "chỉ số CCHC trung bình của cả 3 cấp đạt …": 3 levels, no score
    if slug and table.units.get(slug) in ("score", "pct") and q.qualifier and any(
            o is not q and lo <= o.start and o.end <= q.start and _UNITS_COUNTED.match(f, o.end)
            and not _NAMED_UNIT.search(s, o.end, q.start) for o in sent.qs):
        # "có 17 cơ quan … tỷ lệ điểm số đạt trên 80%", "chỉ 3 đơn vị có tỷ lệ hồ sơ trễ hạn trên 2%": a class bound
        slug, dist, phrasing = "", float("inf"), ""
    if slug and q.pct and slug.startswith(("dossiers_", "online_dossiers")) and (
            m := list(_SHARE_OF_WHAT.finditer(f, max([lo] + [o.end for o in sent.qs if o.end <= q.start]), q.start))) and m[-1].group(1) \
            and not (slug.startswith("dossiers_") and _RESOLVED_AFTER.match(f, m[-1].end())):
        # "tỷ lệ TTHC đủ điều kiện … trực tuyến đạt 100%": procedures ("tỷ lệ TTHC được giải quyết đúng hạn": dossiers)
        slug, dist, phrasing = "", float("inf"), ""
    if slug in ("tthc_published_count", "online_services_count") and (mode := _OFFERED_AS.search(f)):
        slug = _offered_slug(mode, f[lo:min(hi, q.end + 25)])   # "cung ứng dịch vụ công trực tuyến … với 2.268 thủ tục"
    if slug and 0 <= (colon := f.find(":")) < q.start and _BY_FIELD.search(f, 0, colon):
        slug, dist, phrasing = "", float("inf"), ""   # "Các lĩnh vực … nhiều như: Hành chính tư pháp: trên 33 nghìn hồ sơ"
    if slug and table.counts_other(table.units.get(slug, ""), sent.plain, q.end):
        slug, dist, phrasing = "", float("inf"), ""   # "01 lớp bồi dưỡng": classes, not people
    # "5/16 xã": the units counted are the 16 (:func:`_unstated` has dropped "tập huấn cho 16 xã")
    of_base = slug in table.stated_with and phrasing.startswith("{n}") and q.base is not None
    # level: the clause, the sentence, the indicator's own, the paragraph's lead, the heading, the document
    mine = sent.levels_for(q)
    if table.units.get(slug) not in ("rank", "score"):   # "huyện Sa Thầy … 86 điểm": a district ranked by its province
        mine = [m for m in mine if m[0] not in sent.named]
    # "… của huyện đạt 99,5%, cấp xã đạt 98,2%": a level word after the figure that leads another figure is that one's
    mine = [m for m in mine if m[1] <= q.start or not any(
        o is not q and o.start >= m[1] and _LEADS.fullmatch(sent.folded, m[1], o.start) for o in sent.qs)]
    # "… diện tích 681,37 km2, dân số 62.119 người, với 18 đơn vị hành chính cấp xã": the level word of
    # another figure's count of units says what it counts, not the level of this one
    mine = [m for m in mine if m[1] <= q.start or not any(
        o is not q and o.end <= m[0] and _UNITS_OF_LEVEL.fullmatch(sent.folded, o.end, m[0]) for o in sent.qs)]
    if table.units.get(slug) == "rank":   # "xếp hạng 4/8 huyện … toàn tỉnh": what follows a rank is its pool
        before = [m for m in mine if m[1] <= q.start]
        # "… đứng đầu bảng xếp hạng khối các sở, ban, ngành tỉnh": with no level before it, the pool's peers are its own
        mine = before or [m for m in mine if q.end <= m[0] <= q.end + 40 and m[2] != "district_and_commune"
                          and sent.plain[m[0]:m[1]] not in TERRITORY][:1]
    # "… của huyện là 69,37%, đứng thứ 8/10 huyện, thị xã, thành phố trên địa bàn tỉnh": the pool of
    # another figure's rank names no level of this one
    mine = [m for m in mine if not _in_rank_pool(sent, m)]
    # "Toàn huyện … 242/258 đơn, trong đó UBND huyện …, UBND các xã …": the parts' levels are not the whole's
    mine = [m for m in mine if m[1] <= q.start or not _PARTS_AFTER.search(f, q.end, m[0])]
    lvl = table.levels.get(slug) or (_own_noun_level(sent, q) or _both_named(mine, lo, q.start, f)
                                     or _nearest_level(mine, lo, hi, q.start, f)
                                     or _carried_level(sent, mine, lo, q.start)
                                     or table.default_levels.get(slug)
                                     or levels[0] or levels[1])
    is_target = target or target_cue(f[:q.end])
    if not lvl:   # a district's target that names no level is set for the whole district, both levels
        lvl = "district_and_commune" if is_target and levels[2] == "district" else levels[2]
    if levels[2] == "province" and lvl == "district" and not _nearest_level(
            [m for m in sent.lvls if sent.plain[m[0]:m[1]] not in OWN_UNITS], 0, len(s), q.start):
        lvl = "province"   # a province's document: its figures, and its own units, are the province's
    p = _period_of(sent, q)
    where = "clause" if p and lo <= p.start and p.end <= hi else ("sentence" if p else "")
    carried, heading = context
    stock = slug in table.stock
    if p and stock and p.to_now:
        span = (p.last, p.last, "", "")   # a stock "từ 2019 đến nay" is counted now
    elif p:
        # "Tính đến ngày 30/11/2022, … tiếp nhận 39.410 hồ sơ": the year so far; what is pending is so on that day
        span = _as_tuple(p) if stock or slug.startswith("dossiers_pending") else _flow_span(p)
    elif stock or is_target:
        # a stock is counted on a day and a target set for the plan: what other sentences
        # stated does not date them; a heading's single year (or window) does
        span = heading if heading and heading[0] == heading[1] else None
        if span is None and is_target and not (period or phase or doc_year):
            span = carried   # an undated page: the plan's year its lead states is all there is
    else:
        span = carried or heading
    if span and not p and (m := _N_YEARS.search(f[:q.start])) and span[1]:
        n = int(m.group(1))   # "Trong 05 năm": the n years that end where the context ends
        span = (span[1] - n + 1, span[1], "", "")
    if span is None:
        where = "document"
        stock_year = (doc_year, doc_year, "", "") if doc_year else None
        flow = (period[0], period[1], "", "") if period else stock_year
        if is_target and phase:
            flow = (phase[0], phase[1], "", "")
        span = flow if (is_target or not stock) else (stock_year or flow)
    elif where == "":
        where = "context"
    first, last, d1, d2 = span if span else (None, None, "", "")
    if first and first == last and not d1 and not stock and (w := yearless_window(f[:q.start], first)):
        d1, d2 = w   # "Trong quý III, huyện tiếp nhận 3.000 hồ sơ": a quarter of the context's year, never a year's count
    if doc_year and first and first > doc_year:
        is_target = True
    kind = "target" if is_target else "actual"
    if (kind == "actual" and doc_type in _BASELINE_DOCS and slug in table.stock and first == last
            and doc_year and first and first >= doc_year - 1):
        kind = "baseline"
    value = q.base if of_base else q.value * (q.change if slug.endswith("_change") and q.change else 1)
    notes = [f"phrasing: {phrasing}"] if phrasing else []
    if q.base is not None:
        notes.append(f"of {q.base:g}")
    if q.change and not slug.endswith("_change"):
        notes.append("stated as a change")
    confidence = 0.2 + (0.5 * max(0.0, 1 - dist / _MAX_DISTANCE) if slug else 0.0) + \
        {"clause": 0.3, "sentence": 0.2, "context": 0.15, "document": 0.05}.get(where, 0.0)
    words = " ".join(re.findall(r"[a-z]+", f[max(0, q.start - 24):q.start])[-2:])   # what a restatement repeats
    if head:
        words = f[:head.start()]   # a table row states a fact once: its "Tổng điểm" and its "Chỉ số (%)"
    return {"_phrasing": phrasing, "_start": q.start, "_end": q.end, "_words": words, "fact_id": "", "district_code": district_code, "indicator": slug, "scope": "", "level": lvl,
            "period_start": first, "period_end": last, "date_start": d1 or "", "date_end": d2 or "",
            "value": value, "qualifier": q.qualifier, "kind": kind, "source_id": source_id,
            "quote": _quote(s, q), "note": "; ".join(notes), "confidence": round(min(confidence, 1.0), 2),
            "status": "candidate"}
