"""Keep the engine's processes quick to start: defer an import that costs nearly a second.

``nbformat`` validates notebooks with ``jsonschema``, whose format checkers
import ``rfc3987_syntax`` when it is installed (``jsonschema[format-nongpl]``,
which ``nbformat`` asks for).  That package compiles about thirty Lark
grammars when it is imported — ≈ 0.85 s on our machines, paid by the command
line and by every worker — although no notebook schema has an ``iri`` field
(jsonschema issue #1428 and opendatahub-io/notebooks #3532 measure the same).

:func:`defer_iri_grammar` puts a stand-in module in its place: the first time
anything asks it for a name (``is_valid_syntax``, …) it imports the real
module and hands that name on, so an IRI is still checked exactly as before,
only the cost moves to the first check (which our runs never make).

Examples
--------
>>> import sys
>>> defer_iri_grammar()
>>> mod = sys.modules.get("rfc3987_syntax")
>>> mod is None or callable(mod.is_valid_syntax)
True
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
import types

__all__ = ["defer_iri_grammar"]

_NAME = "rfc3987_syntax"


def defer_iri_grammar() -> None:
    """Register a lazy stand-in for ``rfc3987_syntax`` (a no-op when it is imported already or absent).

    Examples
    --------
    >>> defer_iri_grammar(); defer_iri_grammar()  # twice is fine
    """
    if _NAME in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(_NAME)
    except (ImportError, ValueError):
        return
    if spec is None or not spec.submodule_search_locations:
        return
    stub = types.ModuleType(_NAME, "Lazy stand-in for rfc3987_syntax (see cchc_analysis._startup).")
    stub.__path__ = list(spec.submodule_search_locations)  # its submodules import as usual
    stub.__file__ = spec.origin

    def real():
        return importlib.import_module(f"{_NAME}.syntax_helpers")  # what its __init__ re-exports

    def __getattr__(attr: str):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(real(), attr)

    def is_valid_syntax(term: str, value: str):
        return real().is_valid_syntax(term, value)

    stub.__getattr__ = __getattr__
    stub.is_valid_syntax = is_valid_syntax
    sys.modules[_NAME] = stub
