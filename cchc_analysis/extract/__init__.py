"""From source documents to candidate facts, for a curator to review.

The first stage of the data flow (``source documents → extract: candidate
facts → review → facts.csv``)::

    text = read_document("bao_cao_2020.docx")          # .txt, .md, .docx, .pdf
    cand = extract_candidates(text, source_id="thuong-xuan-2020-bc", district_code="396")
    cand = compare_with_facts(cand, load_facts())      # status: "curated" or "new"
    write_candidates(cand, "candidates.csv")           # spreadsheet-safe; refuses to overwrite

Readers are registered per file suffix (:func:`register_reader`); the
indicators' Vietnamese phrasings are data in ``data/indicators.yaml``
(:class:`PhraseTable`); :func:`evaluate` scores the extractor against curated facts.

Examples
--------
>>> cand = extract_candidates("Tiếp nhận 232.636 hồ sơ.", source_id="demo", district_code="397")
>>> print(cand.loc[0, "indicator"], cand.loc[0, "value"])
dossiers_received 232636.0
"""
from .candidates import (
    CANDIDATE_COLUMNS,
    compare_with_facts,
    extract_candidates,
    quotes_overlap,
)
from .phrases import PhraseTable, fold
from .quantities import Quantity, quantities
from .readers import (
    DocumentReadError,
    MissingDependencyError,
    known_suffixes,
    read_document,
    register_reader,
)

__all__ = [
    "read_document",
    "register_reader",
    "known_suffixes",
    "extract_candidates",
    "compare_with_facts",
    "quotes_overlap",
    "PhraseTable",
    "fold",
    "quantities",
    "Quantity",
    "CANDIDATE_COLUMNS",
    "DocumentReadError",
    "MissingDependencyError",
]
