"""Keep notebook outputs out of git: strip them, or check that they are stripped.

    python tools/strip_notebooks.py             # strip notebooks/*.ipynb in place
    python tools/strip_notebooks.py --check     # exit 1 and name every notebook with outputs
    python tools/strip_notebooks.py a.ipynb     # particular files

Stripping removes every code cell's outputs and execution count and the run metadata
papermill and JupyterLab add (``papermill``, ``execution``, ``widgets``); sources, tags and
the parameters cell are kept. A file is rewritten atomically, and only when it changes.
Run it before committing a notebook (tests/test_strip_notebooks.py checks the committed ones).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN_METADATA = ("papermill", "execution", "widgets", "collapsed", "scrolled")


def strip(nb: dict) -> dict:
    """Return the notebook (as parsed JSON) without outputs, execution counts and run metadata."""
    out = json.loads(json.dumps(nb))
    for key in ("papermill", "widgets"):
        out.get("metadata", {}).pop(key, None)
    for cell in out.get("cells", []):
        for key in RUN_METADATA:
            cell.get("metadata", {}).pop(key, None)
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return out


def _dump(nb: dict) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def is_clean(path: Path) -> bool:
    """Return True when the notebook at ``path`` holds no output or run metadata."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return strip(nb) == nb


def strip_file(path: Path) -> bool:
    """Strip ``path`` in place (atomically); return True when it changed."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    clean = strip(nb)
    if clean == nb:
        return False
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(_dump(clean))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: notebooks/*.ipynb)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if any notebook has outputs")
    args = parser.parse_args(argv)
    paths = args.paths or sorted((ROOT / "notebooks").glob("*.ipynb"))
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"no such notebook: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    if args.check:
        dirty = [p for p in paths if not is_clean(p)]
        for p in dirty:
            print(f"{p}: has outputs or run metadata; run python tools/strip_notebooks.py {p}")
        return 1 if dirty else 0
    for p in paths:
        if strip_file(p):
            print(f"stripped {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
