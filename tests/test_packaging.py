"""pyproject.toml and environment.yml list the same dependencies; the README keeps its two commands."""
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _name(spec: str) -> str:
    return re.split(r"[<>=!~\[ ;]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_names() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {_name(d) for d in project["dependencies"]}
    names |= {_name(d) for d in project["optional-dependencies"]["test"]}
    # dask[distributed] is two conda packages
    if any(d.replace(" ", "").startswith("dask[distributed]") for d in project["dependencies"]):
        names.add("distributed")
    return names


def _conda_names() -> set[str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    names = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            names |= {_name(d) for d in dep.get("pip", []) if not d.startswith("-e")}
        else:
            names.add(_name(dep))
    return names - {"python", "pip"}


def test_environment_yml_matches_pyproject():
    py, conda = _pyproject_names(), _conda_names()
    assert py - conda == set(), f"in pyproject.toml but not environment.yml: {sorted(py - conda)}"
    assert conda - py == set(), f"in environment.yml but not pyproject.toml: {sorted(conda - py)}"


def test_named_dependencies_are_declared():
    assert {"jupyterlab", "pandas", "statsmodels", "seaborn", "papermill", "nbconvert"} <= _pyproject_names()


def test_readme_states_the_two_commands_and_ci_calls_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 dev.py reports" in readme and "python3 dev.py test" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 dev.py test" in ci


def test_the_readme_python_examples_run():
    """Every ```python block of the README runs, in order, in one namespace (as a reader would paste them)."""
    import re

    import matplotlib.pyplot as plt

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", readme, re.S | re.M)
    assert blocks, "the README shows the package in use"
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own documentation
    plt.close("all")
    assert namespace["trends"]["status"].isin(["fitted", "insufficient data"]).all()
    assert len(namespace["panel"]) > 0


def test_a_report_kernel_does_not_import_the_engine():
    """A district report, link to its other language included, runs without nbformat/nbconvert/jsonschema.

    Importing those costs a kernel about 1.5 s on its first report (jsonschema's
    grammars); the kernel needs none of them, only the engine does.
    """
    import subprocess
    import sys

    code = ("import sys, cchc_analysis.report as r, cchc_analysis.comparative, cchc_analysis.plots\n"
            "import cchc_analysis.provinces as p\n"
            "r.other_language(r.prepare('Trà Cú')); p.province_report_name('Thanh Hóa')\n"
            "print(sorted(m for m in ('nbformat', 'nbconvert', 'jsonschema', 'cchc_analysis.batch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_the_engine_defers_the_iri_grammars_and_still_checks_iris():
    """The command line and workers import nbformat without building rfc3987_syntax's grammars;
    an IRI check made afterwards gives the answers it gives without the stand-in."""
    import subprocess
    import sys

    check = ("from jsonschema import FormatChecker\n"
             "fc = FormatChecker()\n"
             "print([fc.conforms(v, 'iri') for v in ('http://ví.dụ/á', 'http://x.org/a b', 'không phải iri')])\n")
    deferred = ("import sys\nfrom cchc_analysis._startup import defer_iri_grammar\ndefer_iri_grammar()\n"
                "import nbformat, cchc_analysis.render\n"
                "print('rfc3987_syntax.syntax_helpers' in sys.modules)\n" + check)
    plain = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, check=True)
    lazy = subprocess.run([sys.executable, "-c", deferred], cwd=ROOT, capture_output=True, text=True, check=True)
    built_before_check, answers = lazy.stdout.strip().splitlines()
    assert built_before_check == "False", lazy.stdout + lazy.stderr
    assert answers == plain.stdout.strip() and "True" in answers and "False" in answers, (answers, plain.stdout)
