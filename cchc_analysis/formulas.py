"""Parse the formula language of the catalog and the consistency relations, never ``eval``-ing it.

A formula (the catalog's ``formula`` field, the relations of
:mod:`cchc_analysis.consistency`) is an arithmetic expression over indicator
slugs: only slugs, numbers, ``+ - * /``, unary minus and parentheses are
allowed, and a slug may be pinned to a scope and level with ``slug[scope]`` or
``slug[scope, level]`` (``_`` is the whole, empty scope).  :func:`parse_formula`
checks the expression with :mod:`ast` and returns a :class:`Formula` that can
evaluate itself over a mapping of values or show the values substituted.

These names are also importable from :mod:`cchc_analysis.indicators`, where
they used to live.

Examples
--------
>>> f = parse_formula("communes_count[rural_communes] + communes_count[townships]")
>>> [str(t) for t in f.terms]
['communes_count[rural_communes]', 'communes_count[townships]']
>>> f.evaluate({Term("communes_count", "rural_communes"): 16, Term("communes_count", "townships"): 1})
17.0
"""
from __future__ import annotations

import ast
import math
import re

import numpy as np
from collections.abc import Mapping
from dataclasses import dataclass, field

from .errors import ParameterError
from .loaders import LEVELS as _FACT_LEVELS

__all__ = ["LEVELS", "Term", "Formula", "parse_formula"]

#: The levels of a figure; a term may be pinned to one of them.
LEVELS = tuple(_FACT_LEVELS)  # declared once, in loaders (with "province")
_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
_OPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
        ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b if b != 0 else math.nan}


@dataclass(frozen=True)
class Term:
    """One input of a formula: a slug, optionally pinned to a scope and level.

    ``scope`` or ``level`` None means "the same as the figure being computed".
    """

    slug: str
    scope: str | None = None
    level: str | None = None

    def __str__(self):
        if self.scope is None:
            return self.slug
        pins = [self.scope or "_"] + ([self.level] if self.level else [])
        return f"{self.slug}[{', '.join(pins)}]"


@dataclass(frozen=True)
class Formula:
    """A parsed arithmetic expression over slugs; see :func:`parse_formula`."""

    text: str
    terms: tuple[Term, ...]
    tree: ast.Expression = field(repr=False, compare=False)

    def evaluate(self, values: Mapping) -> float:
        """Return the value of the expression; a division by zero gives NaN.

        ``values`` maps each :class:`Term` (or, for an unpinned term, its slug) to a number.
        """
        return float(self._walk(self.tree.body, values))

    def evaluate_many(self, values: Mapping) -> np.ndarray:
        """Return the expression over arrays, element by element, exactly as :meth:`evaluate` would.

        ``values`` maps each :class:`Term` (or slug) to an array of equal length; a division
        by zero gives NaN in that element.

        Examples
        --------
        >>> f = parse_formula("100 * a / b")
        >>> f.evaluate_many({"a": np.array([1.0, 2.0]), "b": np.array([4.0, 0.0])}).tolist()
        [25.0, nan]
        """
        return np.asarray(self._walk(self.tree.body, values, many=True), dtype=float)

    def substitute(self, values: Mapping) -> str:
        """Return the expression with its terms replaced by their values, e.g. ``100 * 204 / 263``."""
        def swap(node):
            if isinstance(node, (ast.Name, ast.Subscript)):
                return ast.Name(id=_fmt(_lookup(values, _leaf(node, self.text))))
            for name, child in ast.iter_fields(node):
                if isinstance(child, ast.AST):
                    setattr(node, name, swap(child))
            return node

        return ast.unparse(swap(ast.parse(self.text, mode="eval")))

    def _walk(self, node, values, many=False):
        if isinstance(node, ast.BinOp):
            left, right = self._walk(node.left, values, many), self._walk(node.right, values, many)
            if many and isinstance(node.op, ast.Div):
                left, right = np.broadcast_arrays(np.asarray(left, float), np.asarray(right, float))
                return np.divide(left, right, out=np.full(left.shape, np.nan), where=right != 0)
            return _OPS[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp):
            v = self._walk(node.operand, values, many)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.Constant):
            return node.value
        return _lookup(values, _leaf(node, self.text))


def _lookup(values: Mapping, term: Term) -> float:
    return values[term] if term in values else values[term.slug]


def _leaf(node, text: str) -> Term:
    return Term(node.id) if isinstance(node, ast.Name) else _term_of(node, text)


def _fmt(v) -> str:
    v = float(v)
    return str(int(v)) if v.is_integer() and abs(v) < 1e15 else f"{v:.6g}"


def _bad_formula(text: str, rule: str) -> ParameterError:
    return ParameterError("formula", text, rule + "; a formula uses only slugs (optionally slug[scope] or "
                          "slug[scope, level], '_' for the whole scope), numbers, + - * / and parentheses")


def _term_of(node: ast.Subscript, text: str) -> Term:
    if not isinstance(node.value, ast.Name):
        raise _bad_formula(text, "only a slug can be subscripted")
    parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    names = []
    for p in parts:
        if isinstance(p, ast.Name):
            names.append("" if p.id == "_" else p.id)
        elif isinstance(p, ast.Constant) and isinstance(p.value, str):
            names.append(p.value)
        else:
            raise _bad_formula(text, f"{ast.unparse(node)!r}: a pin is a scope slug or a level")
    if len(names) > 2:
        raise _bad_formula(text, f"{ast.unparse(node)!r}: at most [scope, level]")
    level = names[1] if len(names) == 2 else None
    if level is not None and level not in LEVELS:
        raise _bad_formula(text, f"level {level!r} is not one of {', '.join(LEVELS)}")
    return Term(node.value.id, names[0], level)


def parse_formula(text: str) -> Formula:
    """Parse an arithmetic expression over slugs without evaluating any code.

    Parameters
    ----------
    text : str
        E.g. ``"100 * dossiers_on_time / dossiers_resolved"`` or
        ``"communes_count[rural_communes] + communes_count[townships]"``.

    Returns
    -------
    Formula
        With ``terms`` (the inputs in order of appearance), ``evaluate(values)``
        and ``substitute(values)``.

    Raises
    ------
    ParameterError
        For anything but slugs, numbers, ``+ - * /``, unary minus and parentheses
        (a call, an attribute, a string outside a pin, ``**``…).

    Examples
    --------
    >>> f = parse_formula("100 * dossiers_on_time / dossiers_resolved")
    >>> [t.slug for t in f.terms]
    ['dossiers_on_time', 'dossiers_resolved']
    >>> f.evaluate({"dossiers_on_time": 204, "dossiers_resolved": 263})
    77.56653992395437
    >>> f.substitute({"dossiers_on_time": 204, "dossiers_resolved": 263})
    '100 * 204 / 263'
    >>> parse_formula("__import__('os')")
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.ParameterError: parameter 'formula'="__import__('os')": 'Call' is not allowed; ...
    """
    try:
        tree = ast.parse(str(text).strip(), mode="eval")
    except SyntaxError as err:
        raise _bad_formula(text, f"syntax error ({err.msg})") from None
    terms: list[Term] = []

    def visit(node):
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            visit(node.left)
            visit(node.right)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            visit(node.operand)
        elif isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            pass
        elif isinstance(node, (ast.Name, ast.Subscript)):
            if isinstance(node, ast.Name) and not _SLUG.match(node.id):
                raise _bad_formula(text, f"{node.id!r} is not a snake_case slug")
            terms.append(_leaf(node, text))
        else:
            what = type(node.op).__name__ if isinstance(node, (ast.BinOp, ast.UnaryOp)) else type(node).__name__
            raise _bad_formula(text, f"{what!r} is not allowed")

    visit(tree.body)
    return Formula(str(text).strip(), tuple(dict.fromkeys(terms)), tree)
