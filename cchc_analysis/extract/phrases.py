"""The catalog's Vietnamese phrasings of each indicator, compiled for matching.

Phrasings live in ``data/indicators.yaml`` (key ``phrasings:`` of each
indicator), not in code.  Text and phrasings are compared *folded*: lower
case, diacritics dropped, ``đ`` → ``d`` (:func:`fold`), one character for one,
so that a match in the folded text is a span of the original and an
undiacritised text (``tiep nhan 120 ho so``) matches like a diacritised one.

A phrasing is a phrase with an optional ``{n}`` slot (where the number
stands): ``"{n} thôn"`` counts thôn (the phrase follows the number, nothing in
between), ``"dân số {n}"`` labels a number after it, ``"tiếp nhận {n} hồ sơ"``
needs both sides, a phrase without ``{n}`` may stand on either side, and
``"a + b"`` needs both phrases in the number's clause.

Examples
--------
>>> fold("Tiếp nhận ĐÚNG HẠN")
'tiep nhan dung han'
>>> table = PhraseTable.from_catalog()
>>> sorted({p.slug for p in table.phrases if p.after == "thon" and not p.before})
['villages_count']
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["fold", "Phrase", "PhraseTable"]


@functools.lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    base = unicodedata.normalize("NFD", c.lower())[:1] or c
    return "d" if base == "đ" else base


#: One character for one: every letter below U+2000 (Latin, Vietnamese) to its folded form;
#: superscript digits (footnote marks, "12 phòng chuyên môn¹") to a space.
_FOLD_TABLE = {cp: _fold_char(chr(cp)) for cp in range(0x2000) if _fold_char(chr(cp)) != chr(cp)}
_FOLD_TABLE.update({cp: " " for cp in (0xB9, 0xB2, 0xB3, *range(0x2070, 0x207A))})


def fold(text: str) -> str:
    """Return ``text`` in lower case without diacritics, one character per character.

    Examples
    --------
    >>> fold("Hồ sơ quá hạn")
    'ho so qua han'
    >>> len(fold("Đạt 98,7%")) == len("Đạt 98,7%")
    True
    """
    return text.translate(_FOLD_TABLE)


def _words_pattern(words, lead: str) -> re.Pattern:
    """One pattern for whole words or phrases, longest first, after ``lead``."""
    alts = sorted((re.escape(w) for w in words), key=len, reverse=True)
    return re.compile(lead + r"(?:" + "|".join(alts) + r")(?!\w)")


def _stated_pattern(words) -> re.Pattern:
    """The ``stated_with:`` words: anywhere before the figure, or right before it when written ``"… {n}"``.

    Examples
    --------
    >>> p = _stated_pattern(["có", "trong {n}"])
    >>> bool(p.search("huyện có ")), bool(p.search("trong ")), bool(p.search("trong năm 2021, tập huấn cho "))
    (True, True, False)
    """
    words = list(words)
    near = [w.replace("{n}", "").strip() for w in words if "{n}" in w]
    alts = [_words_pattern([w for w in words if "{n}" not in w], r"(?<!\w)").pattern] if len(near) < len(words) else []
    if near:
        alts.append(_words_pattern(near, r"(?<!\w)").pattern[:-len(r"(?!\w)")] + r"\W*$")
    return re.compile("|".join(alts))


def _norm_phrase(p: str) -> str:
    return re.sub(r"\s+", " ", fold(p)).strip()


@dataclass(frozen=True)
class Phrase:
    """One phrasing of one indicator, folded.

    ``before``: the part that must stand before the number (any distance in
    its clause); ``after``: the part that must follow it directly;
    ``either``: a phrase on either side; ``parts``: all of them in the clause
    (``"a + b"``).  ``text`` is the phrasing as written in the catalog.
    """

    slug: str
    text: str
    before: str = ""
    after: str = ""
    either: str = ""
    parts: tuple[str, ...] = ()
    context: tuple[str, ...] = ()   # "cchc + tăng {n} bậc": these words anywhere in the sentence

    @property
    def weight(self) -> int:
        """Specificity: the number of characters the phrasing must match."""
        return (len(self.before) + len(self.after) + len(self.either) + sum(len(p) for p in self.parts)
                + sum(len(p) for p in self.context))

    @classmethod
    def parse(cls, slug: str, text: str) -> "Phrase":
        """Read one phrasing of the catalog.

        Examples
        --------
        >>> Phrase.parse("dossiers_received", "tiếp nhận {n} hồ sơ")
        Phrase(slug='dossiers_received', text='tiếp nhận {n} hồ sơ', before='tiep nhan', after='ho so', either='', parts=(), context=())
        """
        if " + " in text:
            *ctx, last = text.split(" + ")
            if "{n}" in last:
                inner = cls.parse(slug, last)
                return cls(slug, text, inner.before, inner.after, context=tuple(_norm_phrase(p) for p in ctx))
            return cls(slug, text, parts=tuple(_norm_phrase(p) for p in text.split(" + ")))
        if "{n}" in text:
            before, _, after = text.partition("{n}")
            return cls(slug, text, before=_norm_phrase(before), after=_norm_phrase(after.lstrip(": ")))
        return cls(slug, text, either=_norm_phrase(text))


@dataclass
class PhraseTable:
    """Every phrasing of the catalog, the indicators' units and levels, and the page furniture."""

    phrases: list[Phrase]
    units: dict[str, str]
    levels: dict[str, str]
    default_levels: dict[str, str]
    stock: set[str]
    ignore: list[str]
    boilerplate: re.Pattern | None
    #: slug → the words that state the indicator itself before its figure (``stated_with:``)
    stated_with: dict[str, re.Pattern] = field(default_factory=dict)
    #: folded index name → its family (``extraction: index_names:``), longest names first
    index_names: dict[str, str] = field(default_factory=dict)
    #: slug → words that, between its phrasing and the figure or right after the figure, say the
    #: figure is something else ("hồ sơ trực tuyến và 135 hồ sơ trực tiếp"; ``not_with:``)
    not_with: dict[str, re.Pattern] = field(default_factory=dict)
    #: unit → nouns that, right after a figure, say it counts something else (``extraction: not_counting:``)
    not_counting: dict[str, re.Pattern] = field(default_factory=dict)

    def counts_other(self, unit: str, folded: str, end: int) -> bool:
        """Return whether the words right after a figure (ending at ``end``) say it is not a count of ``unit``.

        Examples
        --------
        >>> t = PhraseTable.from_catalog()
        >>> f = fold("01 lớp bồi dưỡng cho 60 học viên")
        >>> t.counts_other("persons", f, 2), t.counts_other("persons", f, f.index(" hoc vien"))
        (True, False)
        >>> t.counts_other("dossiers", fold("832 thủ tục"), 3)
        True
        """
        pattern = self.not_counting.get(unit)
        return bool(pattern and pattern.match(folded, end))

    def family(self, phrase: Phrase) -> str:
        """Return the index family a phrasing's context names ("" when it names none)."""
        return next((self.index_names[c] for c in phrase.context if c in self.index_names), "")

    def _index_spans(self, folded: str, *, named: bool = False):
        """Yield (start, end, family) of every index name in ``folded``."""
        for name, family in self.index_names.items():
            if named and name in _TOPIC_NAMES:
                continue   # "công tác cải cách hành chính" is the topic, not a named index
            for a, b in find_all(folded, name):
                yield a, b, family

    def index_after(self, folded: str, pos: int, end: int) -> str:
        """Return the family of the first index named in ``folded[pos:end]`` ("" when none is)."""
        return min(((a, f) for a, b, f in self._index_spans(folded) if pos <= a and b <= end),
                   key=lambda x: x[0], default=(0, ""))[1]

    def nearest_index(self, folded: str, pos: int, *, named: bool = False) -> str:
        """Return the family of the index named last before ``pos`` in ``folded`` ("" when none is).

        Examples
        --------
        >>> t = PhraseTable.from_catalog()
        >>> f = fold("PAR Index đạt 87,61 điểm; chỉ số PCI tăng 3 bậc")
        >>> t.nearest_index(f, f.index("3 bac")), t.nearest_index(f, f.index("87"))
        ('pci', 'par_index')
        """
        return max(((b, f) for a, b, f in self._index_spans(folded, named=named) if b <= pos),
                   key=lambda x: x[0], default=(0, ""))[1]

    @classmethod
    def from_catalog(cls, path: str | Path | None = None, slugs=None) -> "PhraseTable":
        """Compile the phrasings of ``data/indicators.yaml`` (or ``path``).

        Parameters
        ----------
        path : str or Path, optional
            The catalog file.
        slugs : collection of str, optional
            Keep only these indicators.

        Examples
        --------
        >>> t = PhraseTable.from_catalog()
        >>> t.units["satisfaction_pct"], t.levels["communes_count"]
        ('pct', 'commune')
        """
        from ..loaders import _raw_catalog

        raw = _raw_catalog(Path(path) if path else None)
        phrases, units, levels, defaults, stock, stated, unlike = [], {}, {}, {}, set(), {}, {}
        for slug, spec in (raw.get("indicators") or {}).items():
            if slugs is not None and slug not in slugs:
                continue
            spec = spec or {}
            units[slug] = spec.get("unit", "")
            if spec.get("level"):
                levels[slug] = spec["level"]
            if spec.get("default_level"):
                defaults[slug] = spec["default_level"]
            if spec.get("stock"):
                stock.add(slug)
            if spec.get("stated_with"):  # matched with diacritics: folded, "có" would be "cơ" too
                stated[slug] = _stated_pattern(str(w).lower() for w in spec["stated_with"])
            if spec.get("not_with"):
                unlike[slug] = _words_pattern((_norm_phrase(str(w)) for w in spec["not_with"]), r"(?<!\w)")
            phrases += [Phrase.parse(slug, str(p)) for p in spec.get("phrasings") or []]
        extra = raw.get("extraction") or {}
        ignore = sorted((_norm_phrase(p) for p in extra.get("ignore_phrases") or []), key=len, reverse=True)
        furniture = [p for p in extra.get("boilerplate") or []]
        pattern = re.compile("(?:" + "|".join(furniture) + r")\W*", re.I) if furniture else None
        names = {_norm_phrase(n): fam for fam, ns in (extra.get("index_names") or {}).items() for n in ns or []}
        names = dict(sorted(names.items(), key=lambda kv: -len(kv[0])))
        other = {unit: _words_pattern((_norm_phrase(n) for n in nouns), r"\s*")
                 for unit, nouns in (extra.get("not_counting") or {}).items() if nouns}
        return cls(phrases, units, levels, defaults, stock, ignore, pattern, stated, names, unlike, other)

    def is_boilerplate(self, line: str) -> bool:
        """Return whether a whole line is page furniture (menus, counters, page numbers).

        Examples
        --------
        >>> PhraseTable.from_catalog().is_boilerplate("Viết bình luận")
        True
        """
        return bool(self.boilerplate and self.boilerplate.fullmatch(line.strip()))

    def blank_ignored(self, folded: str) -> str:
        """Blank the phrases that are not indicator words (``thị xã``, ``xã hội``)."""
        for p in self.ignore:
            if p in folded:
                folded = re.sub(r"(?<!\w)" + re.escape(p) + r"(?!\w)", lambda m: "_" * len(m.group()), folded)
        return folded


#: index names that are also the name of the reform itself: they name no index for the sentences after
_TOPIC_NAMES = frozenset({"cai cach hanh chinh", "cchc"})


@functools.lru_cache(maxsize=65536)
def find_all(folded: str, phrase: str) -> tuple[tuple[int, int], ...]:
    """Return the spans of ``phrase`` as whole words in ``folded`` text (a digit may touch it: "143don")."""
    if not phrase or phrase not in folded:
        return ()
    tail = _COMPOUND_TAILS.get(phrase.rsplit(" ", 1)[-1], "")
    return tuple(m.span() for m in re.finditer(r"(?<![^\W\d])" + re.escape(phrase) + r"(?![^\W\d])" + tail, folded))


#: a last word that with the word after it is another word: the "đơn" of "đơn vị" (a unit), "đơn giá" is no letter
_COMPOUND_TAILS = {"don": r"(?!\s+(?:vi|gia)(?!\w))"}
