"""One error hierarchy for the toolkit.

Every error is a :class:`CchcError` and also the builtin it resembles, so
``except ValueError`` keeps working.  Fields are passed to
``super().__init__`` so that errors survive pickling across worker
processes (papermill and dask move them between processes).

Examples
--------
>>> import pickle
>>> err = UnknownDistrictError("Gia Loc", choices=["Gia Lộc (297)"])
>>> pickle.loads(pickle.dumps(err)).choices
['Gia Lộc (297)']
"""
from __future__ import annotations

__all__ = [
    "CchcError",
    "FactValidationError",
    "AmbiguousNumberError",
    "UnknownDistrictError",
    "UnknownIndicatorError",
    "ParameterError",
    "SourceTextMissingError",
    "IncomparableError",
    "ReportBuildError",
    "DocumentReadError",
    "MissingDependencyError",
]


class CchcError(Exception):
    """Base class of every error raised by cchc_analysis."""


class FactValidationError(CchcError, ValueError):
    """A data file breaks its schema; ``problems`` lists every failure.

    Parameters
    ----------
    path : str
        The file that was rejected.
    problems : list of dict
        One dict per failure with keys ``row`` (1-based line in the file,
        header = line 1, or None), ``column``, ``value`` and ``rule``.
    """

    def __init__(self, path, problems):
        self.path = str(path)
        self.problems = list(problems)
        super().__init__(self.path, self.problems)

    def __str__(self):
        lines = [f"{self.path}: rejected, {len(self.problems)} problem(s):"]
        for p in self.problems[:50]:
            where = f"{self.path}:{p['row']}" if p.get("row") is not None else self.path
            col = f" column {p['column']!r}" if p.get("column") else ""
            val = f" value={p['value']!r}" if "value" in p and p["value"] is not None else ""
            lines.append(f"  {where}:{col}{val} breaks {p['rule']}")
        if len(self.problems) > 50:
            lines.append(f"  … and {len(self.problems) - 50} more")
        return "\n".join(lines)


class AmbiguousNumberError(CchcError, ValueError):
    """A numeral cannot be read the Vietnamese way without guessing."""

    def __init__(self, text, reason):
        self.text = text
        self.reason = reason
        super().__init__(text, reason)

    def __str__(self):
        return f"cannot read {self.text!r} as a Vietnamese number: {self.reason}"


class _ChoicesError(CchcError):
    """Mixin for errors that list what would have been valid."""

    what = "value"

    def __init__(self, value, choices=(), reason="unknown"):
        self.value = value
        self.choices = list(choices)
        self.reason = reason
        super().__init__(value, self.choices, reason)

    def __str__(self):
        msg = f"{self.what} {self.value!r} is {self.reason}"
        if self.choices:
            shown = ", ".join(str(c) for c in self.choices[:10])
            more = f" (and {len(self.choices) - 10} more)" if len(self.choices) > 10 else ""
            msg += f"; did you mean: {shown}{more}?"
        return msg


class UnknownDistrictError(_ChoicesError, KeyError):
    """A district name or code matches no pre-2025 district-level unit, or several."""

    what = "district"


class UnknownIndicatorError(_ChoicesError, KeyError):
    """An indicator slug is not in the catalog."""

    what = "indicator"


class ParameterError(CchcError, ValueError):
    """A report parameter is unknown, of the wrong type, or out of range."""

    def __init__(self, name, value, rule, choices=()):
        self.name = name
        self.value = value
        self.rule = rule
        self.choices = list(choices)
        super().__init__(name, value, rule, self.choices)

    def __str__(self):
        msg = f"parameter {self.name!r}={self.value!r}: {self.rule}"
        if self.choices:
            msg += "; valid: " + ", ".join(str(c) for c in self.choices)
        return msg


class SourceTextMissingError(CchcError, FileNotFoundError):
    """The full text of a source document is not where the settings say."""

    def __init__(self, path, hint=""):
        self.path = str(path)
        self.hint = hint
        super().__init__(self.path, hint)

    def __str__(self):
        return f"source text {self.path} not found. {self.hint}".strip()


class IncomparableError(CchcError, ValueError):
    """Figures that differ in level, period, scope or unit were asked to be compared."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__(reason)

    def __str__(self):
        return f"refusing to compare: {self.reason}"


class ReportBuildError(CchcError, RuntimeError):
    """One or more reports failed to build; ``failures`` maps name to message."""

    def __init__(self, failures):
        self.failures = dict(failures)
        super().__init__(self.failures)

    def __str__(self):
        return "; ".join(f"{k}: {v}" for k, v in self.failures.items())


class DocumentReadError(CchcError, ValueError):
    """A source document cannot be read: wrong encoding, unknown format, damaged file.

    Parameters
    ----------
    path : str
        The document.
    rule : str
        What is wrong and how to fix it.
    choices : list of str, optional
        What would have been valid (e.g. the known suffixes).
    """

    def __init__(self, path, rule, choices=()):
        self.path = str(path)
        self.rule = rule
        self.choices = list(choices)
        super().__init__(self.path, rule, self.choices)

    def __str__(self):
        msg = f"{self.path}: {self.rule}"
        if self.choices:
            msg += "; known: " + ", ".join(self.choices)
        return msg


class MissingDependencyError(CchcError, ImportError):
    """An optional package needed to read a file format is not installed.

    Parameters
    ----------
    package : str
        The name to ``pip install`` (e.g. ``"python-docx"``).
    purpose : str
        What it is needed for (e.g. ``"reading .docx files"``).
    """

    def __init__(self, package, purpose):
        self.package = package
        self.purpose = purpose
        super().__init__(package, purpose)

    def __str__(self):
        return (f"{self.purpose} needs the package {self.package!r}, which is not installed; "
                f"install it with: pip install {self.package}")
