"""Every public function of the package documents itself with an example that runs.

The examples run as doctests (``--doctest-modules`` in pyproject.toml), so an example
that stops matching the code fails the suite. The ``show_*`` functions of the report
modules only display a section in a notebook; the notebook tests execute each of them.
"""
import importlib
import inspect
import pkgutil

import cchc_analysis


def _public_functions():
    for info in pkgutil.walk_packages(cchc_analysis.__path__, "cchc_analysis."):
        if any(part.startswith("_") for part in info.name.split(".")[1:]):
            continue
        module = importlib.import_module(info.name)
        names = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
        for name in names:
            obj = getattr(module, name)
            if inspect.isfunction(obj) and obj.__module__ == module.__name__:
                yield f"{module.__name__}.{name}", obj


def test_the_scan_finds_the_package_functions():
    found = dict(_public_functions())
    assert len(found) > 60 and "cchc_analysis.trends.fit_trends" in found


def test_every_public_function_has_a_docstring_with_an_example():
    missing = [name for name, f in _public_functions()
               if ">>>" not in (inspect.getdoc(f) or "") and not name.rsplit(".", 1)[1].startswith("show_")]
    assert missing == []


def test_display_sections_are_run_by_the_report_notebooks():
    import json
    from pathlib import Path

    notebooks = Path(__file__).resolve().parent.parent / "notebooks"
    calls = "".join("".join(c["source"]) for nb in notebooks.glob("*.ipynb")
                    for c in json.loads(nb.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code")
    shows = [name.rsplit(".", 1)[1] for name, _ in _public_functions() if name.rsplit(".", 1)[1].startswith("show_")]
    assert shows and [s for s in shows if f"{s}(" not in calls] == []
