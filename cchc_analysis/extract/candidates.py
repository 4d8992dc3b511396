"""Propose candidate facts from the text of a source document, for a human to review.

The data tiers are ``candidates`` → ``facts``: nothing here writes
``data/facts.csv``; a curator keeps, corrects or drops each candidate.

Every number of every sentence is read the Vietnamese way
(:func:`cchc_analysis.numbers.parse_number`: ``232.636`` → 232636, ``98,7%`` →
98.7), except numbers that are not figures: dates (``23/01/2017``, ``ngày 15
tháng 7``), years (``năm 2021``), document numbers (``108/2014/NĐ-CP``, ``Số
02-ĐA/HU``), article, section and level numbers (``Điều 5``, ``2.1.``, ``mức
độ 3``). For each figure the module guesses the indicator (the nearest rule of
:data:`INDICATOR_RULES`; a ``%`` picks the percentage slug), the kind
(``target`` after ``phấn đấu``, ``mục tiêu``, ``đến năm 20xx`` or under a
``Mục tiêu`` heading, else ``actual``), the period (the year or range nearest
the number in its clause or sentence, else the last one earlier in the
paragraph or in the headings above, else the document's ``period``) and the
level (``commune`` for ``cấp xã``, ``district_and_commune`` for both or
``toàn huyện``, else ``district``). The quote is the start of the sentence up
to the end of the number's clause (shortened around the number when long),
as :func:`cchc_analysis.sources.normalize_text` reads the text, so that
:func:`~cchc_analysis.sources.quote_in_text` finds it.

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

import functools
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

import pandas as pd

from ..errors import AmbiguousNumberError, ParameterError
from ..loaders import FACT_COLUMNS
from ..numbers import parse_number
from ..sources import normalize_text
from .rules import COMPOUND_PHRASES, INDICATOR_RULES, KeywordRule  # re-exported from their home, rules.py

__all__ = ["CANDIDATE_COLUMNS", "INDICATOR_RULES", "COMPOUND_PHRASES", "KeywordRule",
           "extract_candidates", "compare_with_facts", "quotes_overlap"]

CANDIDATE_COLUMNS = FACT_COLUMNS + ["confidence", "status"]

_MAX_DISTANCE = 100      # characters between a number and a rule's farthest keyword
_NUMBER_PENALTY = 30     # each other number in between counts as this many characters
_CLAUSE_PENALTY = 80     # so does each ";" crossed
_MAX_QUOTE = 300         # longer quotes are shortened around the number

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = r"(?:199\d|20[0-4]\d)"
_DATE = r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
# A document reference with its date: its digits are neither figures nor the figure's year.
_DOCUMENT_REF = re.compile(
    r"\d+(?:\s*[/.-]\s*\d+)*\s*[/-]\s*[A-ZĐ]{2,}[\w/-]*(?:\s+ngày\s+(?:" + _DATE + "))?"  # 108/2014/NĐ-CP
    r"|(?i:iso|tcvn)\s*\d+(?::\d{4})?"                                                     # ISO 9001:2015
    r"|[A-Za-zĐđ]+-\d+")                                                                   # Covid-19
# Spans whose digits are not figures (dates still give the figure's year).
_NOT_FIGURES = re.compile("|".join([
    _DOCUMENT_REF.pattern,
    r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}",                       # 23/01/2017
    r"\d{1,2}\s*-\s*\d{1,2}\s*-\s*\d{4}",                          # 23-01-2017
    r"(?<![\d.,/])(?:0?[1-9]|1[0-2])/" + _YEAR + r"(?!\d)",        # 12/2019
    r"(?i:ngày)\s+\d{1,2}\s*/\s*\d{1,2}",                          # ngày 04/4
    r"(?<![\d\s])\s?/\s*\d{1,2}\s*/\s*\d{4}",                       # ngày /12/2021 (day left blank)
    r"\(\d{1,2}\)",                                                # (1) enumerations
    r"(?i:mức(?:\s+độ)?)\s*\d+(?:\s*(?:,|và|-|–)\s*(?:(?i:mức(?:\s+độ)?)\s*)?\d+)*",  # mức độ 3, 4
]))
# A number directly after one of these words is a label, not a figure.
_LABEL_BEFORE = re.compile(
    r"(?:điều|khoản|điểm|mục|chương|phần|phụ lục|biểu|mẫu|nghị định|nghị quyết|chỉ thị|"
    r"quyết định|thông tư|luật|(?:kế hoạch|công văn|báo cáo|đề án|chương trình|thông báo|"
    r"tờ trình|văn bản|hướng dẫn)\s+số|cấp độ|khóa|khoá|lần thứ|kỳ họp thứ|iso|tcvn|tháng|"
    r"ngày|quý|trung ương)\s*(?:số)?\s*:?\s*(?:\d+\s*(?:,|và|-)\s*)*$")  # phụ lục số 01, 02, 03
# Words before a year (a 1990–2049 numeral after anything else, followed by a word, is a count).
_YEAR_BEFORE = re.compile(r"(?:năm|giai đoạn|nhiệm kỳ|từ|đến|tới|trước|sau|khóa|khoá|vào|trong|"
                          r"cuối|đầu|tầm nhìn|so sánh|[-–—/(:]|\d{4}\s*(?:,|và))\s*$")
_UNIT_AFTER = re.compile(r"(?:đ|ha|km|m2)(?!\w)")   # units written against the number: 1.796.000đ
_HEADING_NUMBER = re.compile(r"^\s*[-+•]?\s*\d{1,2}(?:\.\d+)*(?:[.)](?:\s|$)|\s?-\s?(?=[A-ZĐ]))")  # 2.1. / 3- Hoạt động
_RANGE = re.compile(
    r"(?:(?i:từ)\s+(?:năm\s+)?)?(" + _YEAR + r")\s*(?:[-–—]|đến(?:\s+ngày\s+\d{1,2}/\d{1,2}/|"
    r"\s+tháng\s+\d{1,2}\s+năm\s+|\s+năm\s+|\s+))\s*(" + _YEAR + r")(?!\d)")
_SINGLE_YEAR = re.compile(r"(?<![\d.,])(" + _YEAR + r")(?![\d.,]\d)")
_REFERENCE_YEAR = re.compile(r"so với(?: cùng kỳ)?(?: năm)?\s*$")
_TARGET_WORDS = re.compile(r"phấn đấu|mục tiêu|tối thiểu|ít nhất|định hướng đến|"
                           r"(?<!\d\s)(?<!tính\s)đến năm\s+20[2-4]\d")
_AT_LEAST = re.compile(r"(?:ít nhất|tối thiểu|trên|từ)\s*$")
_HEADING = re.compile(r"^\s*(?:([IVXLC]+)|(\d+(?:\.\d+)*)|([a-zđ]))[.)]\s")
_BOTH_LEVELS = re.compile(r"cấp huyện,? (?:và |đến )?cấp xã|huyện và (?:các )?xã|hai cấp|huyện, xã|"
                          r"toàn huyện|trên địa bàn huyện|các cấp")
_COMMUNE_LEVEL = re.compile(r"cấp xã|xã, thị trấn|các xã|ubnd xã")


@dataclass(frozen=True)
class _Number:
    start: int
    end: int
    value: float
    pct: bool


def _spans(pattern: re.Pattern, s: str) -> list[bool]:
    covered = [False] * len(s)
    for m in pattern.finditer(s):
        covered[m.start():m.end()] = [True] * (m.end() - m.start())
    return covered


def _is_year(s: str, low: str, a: int, b: int) -> bool:
    """Return whether the numeral s[a:b] is a year (not a count such as '2047 lượt')."""
    if not re.fullmatch(_YEAR, s[a:b]):
        return False
    if _YEAR_BEFORE.search(low[max(0, a - 20):a]):
        return True
    nxt = re.match(r"\s+(\w)", s[b:])
    return not (nxt and nxt.group(1).islower())


def _numbers(s: str) -> list[_Number]:
    """Return the figures of a sentence (not dates, years, document or article numbers)."""
    masked, low, out = _spans(_NOT_FIGURES, s), s.lower(), []
    if (m := _HEADING_NUMBER.match(s)):
        masked[:m.end()] = [True] * m.end()
    for m in _TOKEN.finditer(s):
        a, b = m.span()
        if any(masked[a:b]) or (a and s[a - 1].isalpha()):
            continue
        if b < len(s) and s[b].isalpha() and not _UNIT_AFTER.match(s, b):
            continue
        if _LABEL_BEFORE.search(low[max(0, a - 30):a]) or _is_year(s, low, a, b):
            continue
        try:
            value = parse_number(m.group())
        except AmbiguousNumberError:
            continue
        out.append(_Number(a, b, float(value), bool(re.match(r"\s?%", s[b:b + 2]))))
    return out


def _years(s: str) -> list[tuple[int, int, int, int]]:
    """Return (start, end, first year, last year) for each year or range in a sentence."""
    low, found = s.lower(), []
    covered = _spans(_DOCUMENT_REF, s)
    for m in _RANGE.finditer(s):
        if not covered[m.start(1)]:
            found.append((m.start(), m.end(), int(m.group(1)), int(m.group(2))))
            covered[m.start():m.end()] = [True] * (m.end() - m.start())
    for m in _SINGLE_YEAR.finditer(s):
        a, b = m.span()
        if (not covered[a] and _is_year(s, low, a, b)
                and not _REFERENCE_YEAR.search(low[max(0, a - 25):a])):
            found.append((a, b, int(m.group(1)), int(m.group(1))))
    return sorted(found)


def _guess_period(n: _Number, s: str, years, context):
    """Return (first, last, where) for a number; where is 'clause', 'sentence', 'context' or ''."""
    lo = s.rfind(";", 0, n.start) + 1
    hi = s.find(";", n.end)
    hi = len(s) if hi < 0 else hi
    target = [y for y in years if re.search(r"đến năm\s*$", s[max(0, y[0] - 12):y[0]].lower())]
    for pool, where in ((target, "sentence"),
                        ([y for y in years if lo <= y[0] and y[1] <= n.start], "clause"),
                        ([y for y in years if n.end <= y[0] and y[1] <= hi], "clause"),
                        ([y for y in years if y[1] <= n.start], "sentence"),
                        (years, "sentence")):
        if pool:
            best = min(pool, key=lambda y: min(abs(n.start - y[1]), abs(y[0] - n.end)))
            return best[2], best[3], where
    if context:
        return context[0], context[1], "context"
    return None, None, ""


def _hide_compounds(low: str) -> str:
    for phrase in COMPOUND_PHRASES:
        low = low.replace(phrase, phrase.replace(" ", "_"))
    return low


@functools.lru_cache(maxsize=8192)
def _keyword_spans(low: str, keyword: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in re.finditer(r"(?<!\w)" + re.escape(keyword) + r"(?!\w)", low))


def _distance(n: _Number, span: tuple[int, int], low: str, numbers: list[_Number]) -> float:
    if span[0] < n.end and n.start < span[1]:
        return 0.0
    a, b = (span[1], n.start) if span[1] <= n.start else (n.end, span[0])
    between = sum(1 for o in numbers if o is not n and a <= o.start and o.end <= b)
    return (b - a) + _NUMBER_PENALTY * between + _CLAUSE_PENALTY * low.count(";", a, b)


def _guess_indicator(n: _Number, low: str, numbers: list[_Number], rules):
    """Return (rule, slug, distance) of the nearest matching rule, or (None, '', inf)."""
    best = (None, "", float("inf"))
    for rule in rules:
        slug = rule.pct_slug if n.pct else rule.slug
        if not slug or not all(_keyword_spans(low, kw) for kw in rule.context):
            continue
        worst = 0.0
        for kw in rule.keywords:
            spans = _keyword_spans(low, kw)
            worst = max(worst, min((_distance(n, sp, low, numbers) for sp in spans), default=float("inf")))
        if worst < best[2]:
            best = (rule, slug, worst)
    return best if best[2] <= _MAX_DISTANCE else (None, "", float("inf"))


def _guess_level(clause: str) -> str:
    low = clause.lower()
    commune = _COMMUNE_LEVEL.search(low)
    if _BOTH_LEVELS.search(low) or (commune and "cấp huyện" in low):
        return "district_and_commune"
    return "commune" if commune else "district"


def _quote(s: str, n: _Number) -> str:
    """Return the start of the sentence to the end of the number's clause, shortened if long."""
    end = s.find(";", n.end)
    end = len(s) if end < 0 else end
    start = 0 if end <= _MAX_QUOTE else s.rfind(";", 0, n.start) + 1
    if end - start > _MAX_QUOTE:  # keep the phrases up to ~150 characters either side
        lo = max(start, n.start - _MAX_QUOTE // 2)
        cuts = [lo + m.end() for m in re.finditer(r"[,:;(]\s", s[lo:n.start])]
        start = cuts[0] if cuts else (lo if lo == start else s.find(" ", lo, n.start) + 1 or n.start)
        hi = min(end, start + _MAX_QUOTE)
        cuts = [n.end + m.start() for m in re.finditer(r"[,;)]\s", s[n.end:hi]) if m.start() >= 40]
        end = cuts[0] if cuts else (hi if hi == end else max(s.rfind(" ", n.end, hi), n.end))
    return s[start:end].strip(" ,;:-")


def _paragraphs(text: str) -> list[str]:
    """Split text into paragraphs; a wrapped line (no end mark, lower-case next) is joined."""
    out: list[str] = []
    for line in (normalize_text(raw) for raw in text.splitlines()):
        if not line:
            out.append("")
        elif out and out[-1] and not re.search(r"[.:;!?|]$", out[-1]) and line[0].islower():
            out[-1] += " " + line
        else:
            out.append(line)
    return [p for p in out if p]


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


def extract_candidates(text: str, *, source_id: str, district_code: str, catalog=None,
                       period: tuple[int, int] | None = None,
                       rules=INDICATOR_RULES) -> pd.DataFrame:
    """Propose candidate facts: every figure of ``text`` with guessed indicator, year and kind.

    Parameters
    ----------
    text : str
        The full text of one source document (e.g. from :func:`read_document`).
    source_id : str
        The document's ``source_id`` in ``data/sources.csv``.
    district_code : str
        Three-digit GSO code of the district the document is about.
    catalog : DataFrame, optional
        The indicator catalog (:func:`cchc_analysis.loaders.load_catalog`); when
        given, rules whose slug is not in its index are not used.
    period : (int, int), optional
        The document's period (``period_start``, ``period_end`` in
        ``sources.csv``), for figures with no year in their sentence, their
        paragraph or the headings above them; otherwise those stay ``<NA>``.
    rules : sequence of KeywordRule, optional
        The keyword table; default :data:`INDICATOR_RULES`.

    Returns
    -------
    DataFrame
        Columns ``FACT_COLUMNS`` + ``confidence`` (0–1, for sorting: how much of
        the guess rests on nearby keywords and a stated year) + ``status``
        (``"candidate"``), one row per figure in text order. ``fact_id`` and
        ``scope`` are ``""``; ``indicator`` is ``""`` when no rule matched;
        ``period_start``/``period_end`` are nullable integers; ``note`` names
        the keywords matched and flags ``at least?`` bounds.

    Raises
    ------
    ParameterError
        When ``source_id`` is empty, ``district_code`` is not three digits or
        ``period`` is not a pair of years.

    Examples
    --------
    >>> text = ("Toàn huyện có 17 xã, thị trấn; dân số 155.400 người. "
    ...         "Ngày 23/01/2017 ban hành Chỉ thị số 17-CT/TU. "
    ...         "Phấn đấu đến năm 2025 tỷ lệ hài lòng đạt 95%.")
    >>> c = extract_candidates(text, source_id="demo", district_code="849")
    >>> c[["indicator", "value", "kind", "period_end"]]
              indicator     value    kind  period_end
    0    communes_count      17.0  actual        <NA>
    1        population  155400.0  actual        <NA>
    2  satisfaction_pct      95.0  target        2025
    >>> c.loc[2, "quote"]
    'Phấn đấu đến năm 2025 tỷ lệ hài lòng đạt 95%.'
    """
    period = _check_args(source_id, district_code, period)
    if catalog is not None:
        known = set(catalog.index)
        rules = [KeywordRule(r.keywords, r.context, r.slug if r.slug in known else "",
                             r.pct_slug if r.pct_slug in known else "") for r in rules]
    rows: list[dict] = []
    headings: list[tuple[int, str, list]] = []
    for paragraph in _paragraphs(text):
        level = _heading_level(paragraph)
        if level is not None:
            headings = [h for h in headings if h[0] < level]
            headings.append((level, paragraph.lower(), _years(paragraph)))
        in_target_section = any("mục tiêu" in h[1] or "chỉ tiêu" in h[1] for h in headings)
        heading_years = [y for h in headings for y in h[2]]
        context = (heading_years[-1][2:] if heading_years else period)
        for s in _sentences(paragraph):
            low = s.lower()
            keyword_text = _hide_compounds(low)
            numbers = [] if re.fullmatch(r"[\d\s.,]+", s) else _numbers(s)  # a page number
            years = _years(s)
            target = bool(_TARGET_WORDS.search(low)) or in_target_section
            for n in numbers:
                rule, slug, dist = _guess_indicator(n, keyword_text, numbers, rules)
                first, last, where = _guess_period(n, s, years, context)
                lo, hi = s.rfind(";", 0, n.start) + 1, s.find(";", n.end)
                notes = ["keywords: " + " + ".join(rule.keywords + rule.context)] if rule else []
                if _AT_LEAST.search(low[max(0, n.start - 12):n.start]):
                    notes.append("at least?")
                confidence = (0.2 + (0.5 * (1 - dist / _MAX_DISTANCE) if rule else 0.0)
                              + {"clause": 0.3, "sentence": 0.2, "context": 0.1}.get(where, 0.0))
                rows.append({
                    "fact_id": "", "district_code": district_code, "indicator": slug,
                    "scope": "", "level": _guess_level(s[lo:hi if hi >= 0 else len(s)]),
                    "period_start": first, "period_end": last, "value": n.value,
                    "kind": "target" if target else "actual", "source_id": source_id,
                    "quote": _quote(s, n), "note": "; ".join(notes),
                    "confidence": round(min(confidence, 1.0), 2), "status": "candidate",
                })
            if years:  # a year stated in the paragraph carries to its later sentences
                context = years[-1][2:]
    out = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    out = out.drop_duplicates(subset=["indicator", "value", "quote"]).reset_index(drop=True)
    for col in ("period_start", "period_end"):
        out[col] = out[col].astype("Int64")
    return out.astype({"value": float, "confidence": float})


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
