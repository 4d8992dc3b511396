"""Notebook outputs stay out of git: tools/strip_notebooks.py strips them and checks they are gone."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "strip_notebooks.py"


def _run(*args):
    return subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True, text=True)


def test_committed_notebooks_are_clean():
    result = _run("--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_outputs_are_found_then_stripped_and_sources_kept(tmp_path):
    path = tmp_path / "district_report.ipynb"
    shutil.copy(ROOT / "notebooks" / "district_report.ipynb", path)
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    code[-1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["bí mật\n"]}]
    code[-1]["execution_count"] = 7
    nb["metadata"]["papermill"] = {"parameters": {"district": "Gia Lộc"}}
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")

    check = _run("--check", path)
    assert check.returncode == 1 and "district_report.ipynb" in check.stdout
    assert _run(path).returncode == 0
    stripped = json.loads(path.read_text(encoding="utf-8"))
    assert "bí mật" not in path.read_text(encoding="utf-8") and "papermill" not in stripped["metadata"]
    assert all(c["outputs"] == [] and c["execution_count"] is None
               for c in stripped["cells"] if c["cell_type"] == "code")
    original = json.loads((ROOT / "notebooks" / "district_report.ipynb").read_text(encoding="utf-8"))
    assert [c["source"] for c in stripped["cells"]] == [c["source"] for c in original["cells"]]
    assert [c["metadata"].get("tags") for c in stripped["cells"]] == [c["metadata"].get("tags") for c in original["cells"]]
    assert _run("--check", path).returncode == 0


def test_a_missing_notebook_is_bad_input(tmp_path):
    result = _run("--check", tmp_path / "none.ipynb")
    assert result.returncode == 2 and "no such notebook" in result.stderr and "Traceback" not in result.stderr
