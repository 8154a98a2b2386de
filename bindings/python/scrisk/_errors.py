"""Exceptions of scrisk: one class per kind of error, all deriving from ``scrisk.Error``
(docs/python.md, "Errors"). Each also derives from the built-in exception a Python
programmer would expect (``ValueError`` for bad input, ``OSError`` for files), so code
written against those keeps working."""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional


class Error(Exception):
    """Base of every exception scrisk raises."""


@dataclass(frozen=True)
class Problem:
    """One problem of a model: its field path in model-file syntax (e.g.
    ``threats[0].rate_per_year.pert.low``, empty for whole-file problems), what is wrong,
    and for text and JSON files the 1-based line and column (0 when unknown). ``text`` is
    the line ``scrisk validate`` prints for it."""
    path: str
    message: str
    line: int = 0
    column: int = 0
    text: str = ""

    def __str__(self) -> str:
        return self.text or (f"{self.path}: {self.message}" if self.path else self.message)

    @property
    def field(self) -> str:
        """The field path (``path``), under the name ``scrisk validate --format json`` uses."""
        return self.path


class ModelError(Error, ValueError):
    """A model cannot be loaded, converted or run: ``problems`` lists every problem at once
    (a list of ``scrisk.Problem``), ``source`` names the file (empty for models built in
    Python)."""

    def __init__(self, message: str, problems: List[Problem] = (), source: str = ""):
        super().__init__(message)
        self.problems = list(problems)
        self.source = source

    def __reduce__(self):
        return (type(self), (str(self), self.problems, self.source))

    @property
    def paths(self) -> List[str]:
        """The field path of every problem."""
        return [p.path for p in self.problems]


class UsageError(Error, ValueError):
    """A bad argument to a scrisk function: ``argument`` names it."""

    def __init__(self, message: str, argument: str = ""):
        super().__init__(message)
        self.argument = argument

    def __reduce__(self):
        return (type(self), (str(self), self.argument))


class ResultsMismatch(Error, ValueError):
    """Results that do not belong together: merged results of different models, seeds or
    settings, or trial ranges that do not join."""


class IoError(Error, OSError):
    """A file cannot be read or written (``filename`` and the reason), or a results file or
    pickle is not one (corrupt or truncated)."""

    def __init__(self, message: str, filename: Optional[str] = None, reason: str = ""):
        super().__init__(message)
        self.filename = filename
        self.reason = reason or message

    def __str__(self) -> str:
        return self.args[0] if self.args else ""

    def __reduce__(self):
        return (type(self), (str(self), self.filename, self.reason))


class Cancelled(Error, RuntimeError):
    """A run was asked to stop (a progress callback returned False) and did."""


class InternalError(Error, RuntimeError):
    """A broken invariant inside scrisk: a bug, never the fault of the input. Please report
    it with the message."""


RunCancelled = Cancelled  # the name before the error model, kept for code written against it
