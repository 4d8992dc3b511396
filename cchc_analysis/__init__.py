"""cchc_analysis: loaders, indicators and trend reports on Vietnam's district-level
administrative reform (cải cách hành chính, CCHC), 2016–2025.

The public surface, in the order data flows::

    facts = load_facts()                      # curated, validated facts with quotes
    panel = derive_panel(facts)               # district × year × indicator
    trends = fit_trends(panel)                # OLS/RLM trends, "insufficient data" below 3 points
    targets = assess_targets(facts, trends=trends)
    flags = check_consistency(facts)          # where the documents contradict themselves

Districts are looked up with :func:`resolve_district` (accent- and case-insensitive).
"""
from importlib.metadata import PackageNotFoundError, version as _version

from .errors import CchcError
from .loaders import load_catalog, load_facts, load_sources
from .registry import load_districts, resolve_district

try:
    __version__ = _version("cchc_analysis")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.1.0"

__all__ = [
    "__version__",
    "CchcError",
    "load_facts",
    "load_sources",
    "load_catalog",
    "load_districts",
    "resolve_district",
]
