"""cchc_analysis: loaders, indicators and trend reports on Vietnam's district-level
administrative reform (cải cách hành chính, CCHC), 2016–2025.

The public surface, in the order data flows::

    facts = load_facts()                      # curated, validated facts with verbatim quotes
    panel = derive_panel(facts)               # district × year × indicator, derived rows flagged
    trends = fit_trends(panel)                # OLS/RLM trends; "insufficient data" below 3 years
    targets = assess_targets(facts, trends=trends)
    flags = check_consistency(facts)          # where the documents contradict themselves
    compare_peers(facts, indicator="communes_count", period=(2021, 2021), kind="baseline")

Districts are looked up with :func:`resolve_district` (accent- and case-insensitive).
Modules hold the rest: ``registry``, ``numbers``, ``sources``, ``context`` (PAPI and other
provincial indices), ``plots``, ``report`` / ``comparative`` (notebook sections),
``batch`` / ``render`` / ``cli`` (the report engine) and ``extract`` (candidate facts).
"""
from importlib.metadata import PackageNotFoundError, version as _version

from .consistency import check_consistency
from .context import compare_totals, load_papi, load_papi_dimensions, load_province_indices, papi_national_median, papi_trend
from .errors import CchcError
from .indicators import derive_panel
from .loaders import load_catalog, load_facts, load_sources
from .peers import compare_peers
from .registry import load_districts, resolve_district
from .targets import assess_targets
from .trends import fit_trends

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
    "derive_panel",
    "fit_trends",
    "assess_targets",
    "compare_peers",
    "check_consistency",
    "load_papi",
    "load_papi_dimensions",
    "load_province_indices",
    "papi_trend",
    "papi_national_median",
    "compare_totals",
]
