"""Check a curation part before it is merged: ``cchc facts add --dry-run`` on it.

Usage: python tools/check_curation.py data/curation/<stem>.facts.csv [data/curation/<stem>.indicators.yaml]

Prints every row the merge would refuse (quote not verbatim in the source text, value not among
the numbers of its quote, unknown indicator/scope/source, a key already holding another value, …)
with its line and column, or what the merge would add.  Writes nothing.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from cchc_analysis.curation import add_facts  # noqa: E402
from cchc_analysis.errors import FactValidationError  # noqa: E402


def main(path, extra_yaml=None):
    path = Path(path)
    source = path.with_name(path.name.replace(".facts.csv", ".source.csv"))
    try:
        result = add_facts(path, sources=source if source.exists() else None, catalog=extra_yaml, dry_run=True)
    except FactValidationError as exc:
        print(exc)
        return 1
    print(result.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
