"""Add reviewed facts to ``data/`` safely, and remove one only when asked by name.

``cchc facts add REVIEWED.csv`` is the review-and-merge step: a curator reviews
the candidates of ``cchc extract`` into a CSV with the columns of
:data:`~cchc_analysis.loaders.FACT_COLUMNS` (``confidence`` and ``status`` may
stay), and :func:`add_facts` checks every row as the loader does and against
what is already curated.  It refuses, listing the rows,

- any row the loader would refuse (:func:`~cchc_analysis.loaders.validate_facts`);
- a ``fact_id`` already in ``facts.csv`` with other fields, or twice in the file;
- a fact whose key (:data:`~cchc_analysis.loaders.FACT_KEY`: district, indicator,
  scope, level, period, dates, kind) already holds a different value;
- a quote not found verbatim in its source text, or a value not among its
  numbers (the text must be available: ``CCHC_SEEDS_DIR``);
- an unknown source, unless the reviewed file comes with its source rows
  (``sources=``), and an unknown indicator or scope, unless ``catalog=`` adds it.

Nothing curated is ever replaced or deleted: rows identical to curated ones are
skipped, everything else is appended.  The files that change (``facts.csv``,
``sources.csv``, ``indicators.yaml``) are first copied to
``data/.backup/<timestamp>/``, then written to temporary files and moved into
place together; if anything fails midway the moved files are put back, so
``data/`` is either entirely old or entirely new.  :func:`remove_fact` is the
only way to take a fact out, with a reason, recorded in the backup folder.

Examples
--------
>>> import shutil, tempfile
>>> from pathlib import Path
>>> data = Path(tempfile.mkdtemp()) / "data"
>>> _ = shutil.copytree(settings.data_dir(), data, ignore=shutil.ignore_patterns("devset", ".backup"))
>>> first = (data / "facts.csv").read_text(encoding="utf-8").splitlines()[:2]
>>> _ = (data.parent / "same.csv").write_text("\\n".join(first) + "\\n", encoding="utf-8")
>>> result = add_facts(data.parent / "same.csv", data_dir=data)
>>> result.added, result.unchanged
([], ['gia-loc-2021-da:001'])
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import yaml

from . import settings
from ._tables import read_table
from .errors import FactValidationError
from .loaders import (AREAS, FACT_COLUMNS, FACT_KEY, NEW_FACT_COLUMNS, SOURCE_COLUMNS, _raw_catalog, _value_exceptions,
                      load_catalog, load_facts, load_sources, validate_facts, validate_sources)
from .sources import file_sha256, quote_problems, source_text_path

__all__ = ["AddResult", "add_facts", "remove_fact", "commit_files", "dump_catalog", "add_facts_parser",
           "run_facts_command"]

CATALOG_HEADER = """\
# Indicator catalog of cchc_analysis: every slug used in facts.csv is defined here,
# and every slug defined here is used (tests/test_catalog.py checks both ways).
#
# Naming: suffix _pct for shares on a 0–100 scale, _count for counts, _ha for hectares,
# _vnd_bn for billions of đồng, _score / _rank for index results.
# Fields of each indicator:
#   name_vi, name_en   labels shown in reports
#   unit               count, persons, dossiers, pct, ha, vnd_bn, score, rank, documents, …
#   area               institutions | administrative_procedures | apparatus | civil_service |
#                      public_finance | e_government | outcomes | context
#   higher_is_better   true / false / null (neither: context figures)
#   formula            derived indicators only: an expression over other slugs
#   description        what is counted, and anything a reader must know
# This file is rewritten by tools/merge_curation.py (grouped by area); edit it freely,
# keeping that shape.
"""
#: Columns of ``cchc extract`` candidates a reviewed file may keep (they are not stored).
CANDIDATE_EXTRAS = ("confidence", "status")


@dataclass
class AddResult:
    """What :func:`add_facts` did (or, with ``dry_run``, would do)."""

    added: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    sources_added: list = field(default_factory=list)
    catalog_added: list = field(default_factory=list)
    backup: Path | None = None
    dry_run: bool = False

    def summary(self) -> str:
        """Return the result in words.

        Examples
        --------
        >>> print(AddResult(added=["a:001"], dry_run=True).summary())
        would add 1 fact(s): a:001
        """
        verb = "would add" if self.dry_run else "added"
        lines = [f"{verb} {len(self.added)} fact(s)" + (": " + ", ".join(self.added) if self.added else "")]
        if self.unchanged:
            lines.append(f"already curated, unchanged: {len(self.unchanged)} row(s)")
        if self.sources_added:
            lines.append(f"{verb} source(s): {', '.join(self.sources_added)}")
        if self.catalog_added:
            lines.append(f"{verb} catalog entries: {', '.join(self.catalog_added)}")
        if self.backup:
            lines.append(f"backup of the previous files: {self.backup}")
        return "\n".join(lines)


def dump_catalog(cat: dict) -> str:
    """Return the catalog as YAML text, indicators grouped by area, Vietnamese readable.

    Examples
    --------
    >>> text = dump_catalog({"areas": {}, "scopes": {}, "indicators": {"x_count": {"area": "context"}}})
    >>> "# --- context" in text and "x_count:" in text
    True
    """
    out = [CATALOG_HEADER]
    dump = lambda d: yaml.safe_dump(d, allow_unicode=True, sort_keys=False, width=100)  # noqa: E731
    out.append(dump({"areas": cat["areas"]}))
    out.append("# Scopes narrow what a figure covers (empty scope = the whole district/level).\n")
    out.append(dump({"scopes": cat["scopes"]}))
    out.append("indicators:\n")
    for area in AREAS:
        entries = {k: v for k, v in cat["indicators"].items() if v.get("area") == area}
        if not entries:
            continue
        out.append(f"  # --- {area} " + "-" * (70 - len(area)) + "\n")
        out.append("".join("  " + line if line.strip() else line for line in dump(entries).splitlines(True)))
    others = {k: v for k, v in cat["indicators"].items() if v.get("area") not in AREAS}
    if others:
        out.append("  # --- area not recognised: fix these ---\n")
        out.append("".join("  " + line for line in dump(others).splitlines(True)))
    return "".join(out)


def _csv_rows(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def _as_text_rows(df: pd.DataFrame, columns: list[str]) -> list[list[str]]:
    return df[columns].astype(str).values.tolist()


def _appended(path: Path, header: list[str], rows: list[list[str]], current: pd.DataFrame) -> str:
    """Return the new text of a CSV file: its bytes kept as they are, the rows appended.

    A file written before the 2026 columns is rewritten once with the full header.
    """
    text = path.read_text(encoding="utf-8")
    first = text.split("\n", 1)[0].strip("\ufeff\r")
    if first != ",".join(header):
        return _csv_rows([header] + _as_text_rows(current, header) + rows)
    if text and not text.endswith("\n"):
        text += "\n"
    return text + _csv_rows(rows)


def _merge_catalog(data: Path, additions: Path | None, problems: list) -> tuple[dict, list]:
    cat = _raw_catalog(data / "indicators.yaml")
    added = []
    if additions is None:
        return cat, added
    extra = _raw_catalog(Path(additions))
    for section in ("indicators", "scopes"):
        cat.setdefault(section, {})
        for slug, spec in (extra.get(section) or {}).items():
            have = cat[section].get(slug)
            if have is None:
                cat[section][slug] = spec
                added.append(f"{section[:-1]} {slug}")
            elif have != spec:
                problems.append({"row": None, "column": section, "value": slug,
                                 "rule": f"{Path(additions).name}: {section[:-1]} {slug!r} is already in the catalog with "
                                         "other fields; the catalog is not changed by facts add (edit it by hand)"})
    return cat, added


def _new_sources(path: Path | None, current: pd.DataFrame, problems: list) -> pd.DataFrame:
    """Return the source rows of ``path`` that are not yet in ``current`` (checked, sha256 filled in)."""
    if path is None:
        return current.iloc[0:0]
    df, lines = read_table(path, SOURCE_COLUMNS, what="sources")
    for i, row in df.iterrows():  # a missing sha256 is filled in from the text, as the curator cannot type it
        text = source_text_path(row["seed_file"])
        if not row["sha256"] and text.is_file():
            df.at[i, "sha256"] = file_sha256(text)
    df, found = validate_sources(df, lines=lines)
    if found:
        raise FactValidationError(path, found)
    known = current.set_index("source_id")
    fresh = []
    for i, row in df.iterrows():
        sid = row["source_id"]
        if sid not in known.index:
            fresh.append(i)
        elif [str(v) for v in known.loc[sid, SOURCE_COLUMNS[1:]]] != [str(v) for v in row[SOURCE_COLUMNS[1:]]]:
            problems.append({"row": int(lines[i]), "column": "source_id", "value": sid,
                             "rule": f"source {sid!r} is already in sources.csv with other fields; it is never replaced"})
    return df.loc[fresh]


def _conflicts(new: pd.DataFrame, lines, current: pd.DataFrame) -> list[dict]:
    """Return the rows of ``new`` that clash with curated facts or with each other."""
    problems = []
    cur = current.set_index("fact_id")
    cur_rows = {fid: [str(v) for v in r] for fid, r in zip(cur.index, cur[FACT_COLUMNS[1:]].astype(str).values)}
    values = {}
    for key, fid, value in zip(map(tuple, current[FACT_KEY].astype(str).values), current["fact_id"], current["value"]):
        values.setdefault(key, []).append((fid, float(value)))
    seen = {}
    for i, row in enumerate(new.itertuples(index=False)):
        r = row._asdict()
        fid, line = r["fact_id"], int(lines[i])
        if fid in seen:
            problems.append({"row": line, "column": "fact_id", "value": fid, "rule": f"fact_id twice in the file (also line {seen[fid]})"})
            continue
        seen[fid] = line
        if fid in cur_rows:
            mine = [str(r[c]) for c in FACT_COLUMNS[1:]]
            if mine != cur_rows[fid]:
                problems.append({"row": line, "column": "fact_id", "value": fid,
                                 "rule": "fact_id already in facts.csv with other fields: a curated fact is never replaced "
                                         "(give a new fact_id, or remove the old one with 'cchc facts remove')"})
            continue
        key = tuple(str(r[c]) for c in FACT_KEY)
        clash = [(f, v) for f, v in values.get(key, []) if abs(v - float(r["value"])) > 1e-9]
        if clash:
            held = ", ".join(f"{v:g} ({f})" for f, v in clash)
            problems.append({"row": line, "column": "value", "value": float(r["value"]),
                             "rule": f"the key (district, indicator, scope, level, period, dates, kind) already holds {held}"})
    return problems


def add_facts(reviewed: str | Path, *, sources: str | Path | None = None, catalog: str | Path | None = None,
              data_dir: str | Path | None = None, dry_run: bool = False) -> AddResult:
    """Add the facts of a reviewed CSV file to ``facts.csv`` (with its sources and catalog additions).

    Parameters
    ----------
    reviewed : str or Path
        The reviewed facts (columns of ``FACT_COLUMNS``; ``confidence``/``status`` ignored).
    sources : str or Path, optional
        Rows for ``sources.csv`` (``SOURCE_COLUMNS``; an empty ``sha256`` is
        computed from the source text); rows already there must be identical.
    catalog : str or Path, optional
        A YAML file with ``indicators:`` and/or ``scopes:`` to add to the catalog.
    data_dir : str or Path, optional
        Default :func:`cchc_analysis.settings.data_dir`.
    dry_run : bool
        Check everything and say what would change; write nothing.

    Returns
    -------
    AddResult

    Raises
    ------
    FactValidationError
        Listing every refused row of the reviewed file (line, column, rule);
        nothing is written.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "reviewed.csv"
    >>> _ = path.write_text(",".join(FACT_COLUMNS) + "\\n", encoding="utf-8")
    >>> add_facts(path, dry_run=True)
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.FactValidationError: ...reviewed.csv:2: breaks no facts: the file has a header and no rows
    """
    data = Path(data_dir) if data_dir is not None else settings.data_dir()
    reviewed = Path(reviewed)
    current_sources = load_sources(data / "sources.csv")
    current = load_facts(data / "facts.csv", sources=current_sources, catalog=load_catalog(data / "indicators.yaml"),
                         check_quotes=False)
    new, lines = read_table(reviewed, FACT_COLUMNS, optional=NEW_FACT_COLUMNS, what="facts", ignore=CANDIDATE_EXTRAS)
    problems: list[dict] = []
    cat, catalog_added = _merge_catalog(data, Path(catalog) if catalog else None, problems)
    fresh_sources = _new_sources(Path(sources) if sources else None, current_sources, problems)
    all_sources = pd.concat([current_sources, fresh_sources], ignore_index=True)
    cat_frame = _catalog_frame(cat)
    problems += validate_facts(new, catalog=cat_frame, scopes=set(cat.get("scopes") or {}), sources=all_sources,
                               lines=lines)
    if not problems:
        typed = new.astype({"period_start": int, "period_end": int, "value": float})
        problems += _conflicts(typed, lines, current)
        problems += quote_problems(typed, all_sources, lines=lines, missing_text=True,
                                   exceptions=_value_exceptions(data / "checks.yaml"))
        if not problems:  # the whole table, as the loader will read it afterwards
            fresh = ~typed["fact_id"].isin(set(current["fact_id"]))
            both = pd.concat([current, typed[fresh]], ignore_index=True)
            both_lines = [0] * len(current) + list(lines[fresh.to_numpy()])
            found = validate_facts(both, catalog=cat_frame, scopes=set(cat.get("scopes") or {}), sources=all_sources)
            n = len(current)
            problems += [dict(p, row=int(both_lines[p["row"] - 2]) if p["row"] - 2 >= n else p["row"],
                              rule=p["rule"] + ("" if p["row"] - 2 >= n else " (line of facts.csv; with this file's rows)"))
                         for p in found]
    if problems:
        raise FactValidationError(reviewed, sorted(problems, key=lambda p: p["row"] or 0))
    known = set(current["fact_id"])
    adding = typed[~typed["fact_id"].isin(known)]
    result = AddResult(added=list(adding["fact_id"]), unchanged=list(typed.loc[typed["fact_id"].isin(known), "fact_id"]),
                       sources_added=list(fresh_sources["source_id"]), catalog_added=catalog_added, dry_run=dry_run)
    if dry_run or not (result.added or result.sources_added or result.catalog_added):
        return result
    writes = {}
    if result.added:
        rows = new.loc[~new["fact_id"].isin(known), FACT_COLUMNS].astype(str).values.tolist()
        writes[data / "facts.csv"] = _appended(data / "facts.csv", FACT_COLUMNS, rows, current)
    if result.sources_added:
        writes[data / "sources.csv"] = _appended(data / "sources.csv", SOURCE_COLUMNS,
                                                 _as_text_rows(fresh_sources, SOURCE_COLUMNS), current_sources)
    if catalog_added:
        writes[data / "indicators.yaml"] = dump_catalog(cat)
    result.backup = commit_files(writes, data)
    return result


def _catalog_frame(cat: dict) -> pd.DataFrame:
    """Validate a catalog held in memory (as :func:`load_catalog` would read it) and return its indicators."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "indicators.yaml"
        path.write_text(dump_catalog(cat), encoding="utf-8")
        return load_catalog(path)


def _replace(src: Path, dst: Path) -> None:
    """Move ``src`` onto ``dst`` atomically (one seam, so tests can fail a write midway)."""
    os.replace(src, dst)


def commit_files(writes: dict, data: Path) -> Path:
    """Write several files as one step: a backup first, then all or nothing.

    Every file to change is copied to ``data/.backup/<UTC timestamp>/``, each
    new text is written and flushed to a temporary file beside its target, and
    the temporary files are moved into place.  If anything fails, the files
    already moved are restored from the backup, the temporary files and the
    backup are removed, and the error is raised: ``data/`` is as before.

    Returns
    -------
    Path
        The backup folder.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "a.csv").write_text("old\\n", encoding="utf-8")
    >>> backup = commit_files({d / "a.csv": "new\\n"}, d)
    >>> (d / "a.csv").read_text(encoding="utf-8"), (backup / "a.csv").read_text(encoding="utf-8")
    ('new\\n', 'old\\n')
    """
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    backup = data / ".backup" / stamp
    temps: dict[Path, Path] = {}
    moved: list[Path] = []
    try:
        backup.mkdir(parents=True)
        for path in writes:
            if path.exists():
                shutil.copy2(path, backup / path.name)
        for path, text in writes.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps[path] = Path(tmp)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
        for path, tmp in temps.items():
            _replace(tmp, path)
            moved.append(path)
    except BaseException:
        for path in moved:  # put the old bytes back
            shutil.copy2(backup / path.name, path)
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        shutil.rmtree(backup, ignore_errors=True)
        if backup.parent.is_dir() and not any(backup.parent.iterdir()):
            backup.parent.rmdir()
        raise
    return backup


def remove_fact(fact_id: str, *, reason: str, data_dir: str | Path | None = None, dry_run: bool = False) -> Path | None:
    """Remove one curated fact, saying why; the row and the reason are kept in the backup folder.

    Parameters
    ----------
    fact_id : str
    reason : str
        Why the fact goes (at least 10 characters); written to ``removed.csv`` in the backup.
    data_dir : str or Path, optional
    dry_run : bool
        Check and say nothing more; write nothing.

    Returns
    -------
    Path or None
        The backup folder (None on a dry run).

    Raises
    ------
    FactValidationError
        When the fact does not exist or the reason is missing.

    Examples
    --------
    >>> remove_fact("no-such-source:001", reason="a test of the message", dry_run=True)
    Traceback (most recent call last):
    ...
    cchc_analysis.errors.FactValidationError: ...facts.csv: rejected, 1 problem(s):
      ...facts.csv: column 'fact_id' value='no-such-source:001' breaks no such fact
    """
    data = Path(data_dir) if data_dir is not None else settings.data_dir()
    path = data / "facts.csv"
    facts, lines = read_table(path, FACT_COLUMNS, optional=NEW_FACT_COLUMNS, what="facts")
    where = facts.index[facts["fact_id"] == fact_id]
    if len(where) != 1:
        raise FactValidationError(path, [{"row": None, "column": "fact_id", "value": fact_id, "rule": "no such fact"}])
    if len((reason or "").strip()) < 10:
        raise FactValidationError(path, [{"row": int(lines[where[0]]), "column": "fact_id", "value": fact_id,
                                          "rule": "a removal needs a reason (--reason, at least 10 characters)"}])
    if dry_run:
        return None
    keep = facts.drop(index=where)
    removed = facts.loc[where].assign(removed_reason=reason.strip(),
                                      removed_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    backup = commit_files({path: _csv_rows([FACT_COLUMNS] + _as_text_rows(keep, FACT_COLUMNS))}, data)
    removed.to_csv(backup / "removed.csv", index=False, lineterminator="\n")
    return backup


def add_facts_parser(sub) -> None:
    """Register ``cchc facts add`` and ``cchc facts remove`` on the subparsers of ``cchc``.

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="cchc")
    >>> add_facts_parser(parser.add_subparsers(dest="command"))
    >>> parser.parse_args(["facts", "add", "r.csv", "--dry-run"]).dry_run
    True
    """
    facts = sub.add_parser("facts", help="add reviewed facts to data/, or remove one",
                           description="Add reviewed facts to data/facts.csv (checked as the loader does, never "
                                       "replacing a curated fact), or remove one fact with a reason.")
    verbs = facts.add_subparsers(dest="facts_command", required=True, metavar="{add,remove}")
    add = verbs.add_parser("add", help="add the facts of a reviewed CSV file")
    add.add_argument("reviewed", metavar="REVIEWED.csv")
    add.add_argument("--sources", default=None, metavar="NEW.source.csv", help="source rows the facts cite")
    add.add_argument("--catalog", default=None, metavar="additions.yaml", help="indicators and scopes to add")
    add.add_argument("--dry-run", action="store_true", help="check and print what would change; write nothing")
    rm = verbs.add_parser("remove", help="remove one curated fact, with a reason")
    rm.add_argument("fact_id", metavar="ID")
    rm.add_argument("--reason", required=True, help="why it goes (kept in data/.backup/…/removed.csv)")
    rm.add_argument("--dry-run", action="store_true", help="check only; write nothing")


def run_facts_command(args) -> int:
    """Run ``cchc facts add|remove`` from parsed arguments; return the exit status (2 on refused input).

    Examples
    --------
    >>> run_facts_command(argparse.Namespace(facts_command="remove", fact_id="x:001", reason="", dry_run=True))
    2
    """
    try:
        if args.facts_command == "add":
            result = add_facts(args.reviewed, sources=args.sources, catalog=args.catalog, dry_run=args.dry_run)
            print(result.summary())
            return 0
        backup = remove_fact(args.fact_id, reason=args.reason, dry_run=args.dry_run)
        print(f"would remove {args.fact_id}" if backup is None else f"removed {args.fact_id}; backup: {backup}")
        return 0
    except FactValidationError as exc:
        print(f"cchc facts {args.facts_command}: refused: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"cchc facts {args.facts_command}: error: {exc}", file=sys.stderr)
        return 2
