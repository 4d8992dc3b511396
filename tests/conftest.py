"""Shared test settings.

Tests that need the full texts of the source documents find them through
``CCHC_SEEDS_DIR`` (default ``../shared/seeds``). Where the texts are absent a
test may skip with that reason, but never when ``CI`` is set.
"""
import os

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(scope="session")
def seeds_dir():
    from cchc_analysis import settings

    path = settings.seeds_dir()
    if not path.is_dir() or not any(path.glob("*.txt")):
        if os.environ.get("CI"):
            pytest.fail(f"source texts not found at {path} (CI must have ../shared/seeds beside the clone)")
        pytest.skip(f"source texts not found at {path}; set CCHC_SEEDS_DIR to check quotes")
    return path


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """The real site (every district with data + the comparative report), built once per run."""
    from cchc_analysis.batch import build_reports, write_index
    from cchc_analysis.cli import plan_jobs

    out = tmp_path_factory.mktemp("real_site")
    result = build_reports(plan_jobs(), out_dir=out, executor="process", progress=False)
    assert result.ok, result.summary()
    return write_index(result, out), result


def folder_digest(folder):
    """Return {relative path: sha256} of every file under ``folder`` (to prove nothing changed)."""
    import hashlib

    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of the real data/ in a temporary folder, used through ``CCHC_DATA_DIR``."""
    import shutil

    from cchc_analysis import settings

    folder = tmp_path / "data"
    shutil.copytree(settings.REPO_ROOT / "data", folder, ignore=shutil.ignore_patterns("devset", ".backup"))
    monkeypatch.setenv("CCHC_DATA_DIR", str(folder))
    return folder


def _unavailable(reason):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the browser check)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium for the browser tests (installed when missing and we are root), driven by Playwright."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright; no browser download)")
    from cchc_analysis._browser import ensure_chromium

    path = ensure_chromium(install=True)
    if not path:
        _unavailable("chromium is missing and cannot be installed here (apt-get install -y chromium as root)")
    return path
