"""Every word a reader sees lives in one module (`cchc_analysis._text`); closed vocabularies once.

The rule checked here: outside the words module, no string literal of the package (docstrings
and their examples aside) holds a Vietnamese letter with a diacritic. A Vietnamese word written
in another module is a reader word out of place. Allowed elsewhere, because they are not words
for readers but the grammar of the documents or their data:

- ``extract/``: the phrases and patterns that read Vietnamese documents;
- ``registry.py``: place names and the unit types ("Huyện", "Thị xã") it parses names with;
- ``curation.py``: the header comment of the catalog file that curators edit.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import cchc_analysis

PACKAGE = Path(cchc_analysis.__file__).parent
WORDS_MODULE = PACKAGE / "_text.py"
ALLOWED = {PACKAGE / "registry.py", PACKAGE / "curation.py"}
VIETNAMESE = re.compile("[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)


def vietnamese_literals(source: str) -> list[tuple[int, str]]:
    """Return (line, text) of the string literals holding Vietnamese letters, docstrings aside."""
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
            and VIETNAMESE.search(n.value)]


def test_the_scanner_finds_a_word_out_of_place_and_ignores_docstrings():
    source = '"""Mô-đun."""\ndef f():\n    """Hàm."""\n    return "Nguồn"\n'
    assert vietnamese_literals(source) == [(4, "Nguồn")]


def test_no_reader_word_outside_the_words_module():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == WORDS_MODULE or path in ALLOWED or "extract" in path.relative_to(PACKAGE).parts:
            continue
        found += [f"{path.relative_to(PACKAGE)}:{line}: {text[:60]!r}"
                  for line, text in vietnamese_literals(path.read_text(encoding="utf-8"))]
    assert not found, "reader words outside cchc_analysis/_text.py:\n" + "\n".join(found)


def test_words_module_has_both_languages_for_every_table():
    from cchc_analysis import _text

    tables = {name: value for name, value in vars(_text).items()
              if name.isupper() and isinstance(value, dict) and set(value) >= {"vi"}}
    assert {"TEXT", "FOOTER_WORDS", "SITE_WORDS", "PROVINCE_WORDS", "COMPARATIVE_WORDS", "COMPARATIVE_PAPI_WORDS"} <= set(tables)
    for name, table in tables.items():
        assert set(table) == {"vi", "en"}, name
        if all(isinstance(v, dict) for v in table.values()) and name != "OTHER_LANGUAGE_WORDS":  # keyed by the other language
            assert set(table["vi"]) == set(table["en"]), f"{name}: keys differ between vi and en"
    for key, pair in _text.PLOT_LABELS.items():
        assert set(pair) == {"vi", "en"}, key


def test_closed_vocabularies_are_declared_once():
    from cchc_analysis import context, loaders, params, plots, province, report
    from cchc_analysis.extract import candidates

    assert report.LANGUAGES is params.LANGUAGES and plots.LANGUAGES is params.LANGUAGES
    assert report.PAPI_DIMENSIONS is context.PAPI_DIMENSIONS
    assert province.SHOWN[:8] == list(context.PAPI_DIMENSIONS)
    assert candidates.LEVELS == tuple(loaders.LEVELS)
    literal = re.compile(r'\(\s*"vi",\s*"en"\s*\)|\[\s*"vi",\s*"en"\s*\]|"D1", "D2", "D3"|"district", "commune", "district_and_commune"')
    repeated = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                if p.name not in {"params.py", "context.py", "loaders.py"}
                and any(literal.search(line) and not line.lstrip().startswith((">>>", "...", "#"))
                        for line in p.read_text(encoding="utf-8").splitlines())]
    assert not repeated, f"a closed vocabulary is written out again in {repeated}"


def test_templates_take_their_words_from_the_words_module():
    found = [f"{p.name}:{i}" for p in sorted((PACKAGE / "templates").glob("*.j2"))
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if VIETNAMESE.search(line)]
    assert not found, f"Vietnamese words in templates: {found}"
