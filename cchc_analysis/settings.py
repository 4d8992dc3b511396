"""Where the toolkit finds its data and the full texts of source documents.

Settings come from environment variables so that notebooks, the command line
and CI agree without configuration files:

``CCHC_DATA_DIR``
    Curated data (default: ``data/`` at the repository root).
``CCHC_SEEDS_DIR``
    Full texts of the source documents.  Not kept in the repository; the
    default is ``../shared/seeds`` beside the clone, which CI also has.
``CCHC_REFERENCE_DIR``
    Raw provincial reference files (default ``../shared/reference``); only
    needed to rebuild ``data/reference/``.
``CCHC_REPORTS_DIR``
    Where ``cchc report`` writes the site (default ``reports/``; ``--out`` wins).
"""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """Return the directory of curated data (``CCHC_DATA_DIR``, default ``data/`` of the repository).

    Examples
    --------
    >>> import os
    >>> os.environ["CCHC_DATA_DIR"] = "/srv/cchc/data"
    >>> data_dir().as_posix()
    '/srv/cchc/data'
    >>> del os.environ["CCHC_DATA_DIR"]
    >>> data_dir() == REPO_ROOT / "data"
    True
    """
    return Path(os.environ.get("CCHC_DATA_DIR", REPO_ROOT / "data"))


def seeds_dir() -> Path:
    """Return the directory holding the full texts of source documents (``CCHC_SEEDS_DIR``).

    Examples
    --------
    >>> seeds_dir() == REPO_ROOT.parent / "shared" / "seeds" or "CCHC_SEEDS_DIR" in os.environ
    True
    """
    return Path(os.environ.get("CCHC_SEEDS_DIR", REPO_ROOT.parent / "shared" / "seeds"))


def reference_dir() -> Path:
    """Return the directory of raw provincial reference files (``CCHC_REFERENCE_DIR``).

    Examples
    --------
    >>> reference_dir().name if "CCHC_REFERENCE_DIR" not in os.environ else "reference"
    'reference'
    """
    return Path(os.environ.get("CCHC_REFERENCE_DIR", REPO_ROOT.parent / "shared" / "reference"))


def reports_dir() -> Path:
    """Return the directory reports are written to (``CCHC_REPORTS_DIR``, default ``reports/``).

    Examples
    --------
    >>> reports_dir().name if "CCHC_REPORTS_DIR" not in os.environ else "reports"
    'reports'
    """
    return Path(os.environ.get("CCHC_REPORTS_DIR", REPO_ROOT / "reports"))
