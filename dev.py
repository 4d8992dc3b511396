#!/usr/bin/env python3
"""Set up and run cchc_analysis from a fresh clone, with nothing but Python 3.11 and pip.

    python3 dev.py reports     # build every report into reports/ (set-up included)
    python3 dev.py test        # run the whole test suite (set-up included)

Set-up: creates ``.venv/`` from ``pyproject.toml`` when it is missing or when
``pyproject.toml`` changed since the last install, and, for the tests, installs
Debian's ``chromium`` for the browser check when it is missing and we are root.
Extra arguments go to the underlying command (``cchc report …`` or ``pytest …``).
Only the standard library is used here, on purpose.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
STAMP = VENV / ".cchc-installed"


def say(msg: str) -> None:
    print(f"[dev.py] {msg}", flush=True)


def run(cmd: list, **kw) -> int:
    say("$ " + " ".join(str(c) for c in cmd))
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, **kw)


def ensure_venv() -> None:
    """Create .venv and install the package with its test extras when needed."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PY.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    if not PY.exists():
        say(f"creating virtual environment in {VENV.relative_to(ROOT)}/")
        venv.EnvBuilder(with_pip=True).create(VENV)
    say("installing cchc_analysis and its dependencies (first run only; a few minutes)")
    if run([PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip"]) != 0:
        sys.exit("pip could not be upgraded; see the messages above")
    if run([PY, "-m", "pip", "install", "--quiet", "-e", ".[test]"]) != 0:
        sys.exit("installing the package failed; see the messages above")
    # The notebooks run on a kernel named python3 that must be this environment's Python.
    run([PY, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3",
         "--display-name", "Python 3 (cchc)"], stdout=subprocess.DEVNULL)
    STAMP.write_text(wanted)


def ensure_browser() -> None:
    """Install Debian's chromium for the browser check when missing (root only)."""
    if shutil.which("chromium") or shutil.which("chromium-browser"):
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        say("installing Debian's chromium for the browser check")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run(["apt-get", "update", "-qq"], env=env, stdout=subprocess.DEVNULL)
        run(["apt-get", "install", "-y", "-qq", "chromium"], env=env, stdout=subprocess.DEVNULL)
    else:
        say("chromium is missing and cannot be installed here; the browser check will say so")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("reports", "test"):
        print(__doc__)
        return 2
    what, rest = argv[0], argv[1:]
    ensure_venv()
    env = dict(os.environ, PYTHONUTF8="1")
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    if what == "reports":
        return run([BIN / "cchc", "report", *rest], env=env)
    ensure_browser()
    return run([PY, "-m", "pytest", *rest], env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
