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
