"""Exceptions of scrisk: ModelError (with every problem and its field path) and RunCancelled."""
from __future__ import annotations

from dataclasses import dataclass
from typing import List


@dataclass(frozen=True)
class Problem:
    """One problem of a model: its field path in model-file syntax (e.g.
    ``threats[0].rate_per_year.pert.low``, empty for whole-file problems), what is wrong,
    and for text-format files the 1-based line and column (0 when unknown). ``text`` is
    the line ``scrisk validate`` prints for it."""
    path: str
    message: str
    line: int = 0
    column: int = 0
    text: str = ""

    def __str__(self) -> str:
        return self.text or (f"{self.path}: {self.message}" if self.path else self.message)


class ModelError(ValueError):
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


class RunCancelled(RuntimeError):
    """A progress callback returned False: the run stopped before the end."""
