"""scrisk: quantitative supply-chain security risk (ISO 28000 4.3.1) by Monte Carlo.

Build or load a model, run it, study the results::

    import scrisk
    model = scrisk.load("examples/importer.textproto")       # or build scrisk.Model(...)
    model["cargo_theft"].rate_per_year = scrisk.Pert(1, 3, 8)        # edit before running
    results = scrisk.run(model, trials=200_000, seed=1, progress=True)
    results.total.residual.ale                 # same bits as `scrisk run --format json`
    results.annual_loss("current")             # numpy array, one value per simulated year
    results.risks_frame()                      # pandas DataFrame, one row per (risk, state)

Contents: the model classes (Model, Facility, Link, Threat, Target, Control, AppliesTo,
Criteria, ProtectionSystem, ProtectionElement, ResponseForce, ProtectionUpgrade,
ProtectionElementChange), the distributions (Fixed, Uniform, Triangular, Pert, Normal,
Lognormal, Lognormal90, Gamma, Beta, Poisson, Empirical), the enums (Category, Segment,
FacilityKind, LinkMode, ControlStatus, DetectionPoint, InteractionScope, State, Tolerability),
load/loads/dumps/save, run, merge, stress, Results, the errors (Error and one subclass per kind: ModelError,
UsageError, ResultsMismatch, IoError, Cancelled, InternalError), and scrisk.plot (matplotlib).
docs/python.md has the walk-through and the reference.
"""
from __future__ import annotations

import os as _os
from typing import Callable as _Callable, Optional as _Optional, Sequence as _Sequence, Union as _Union

from . import _core
from ._core import (ControlValue, MatrixLevel, NetworkElement, ProtectionPath, ProtectionResult, Results, RiskSummary,
                    SegmentSummary, State, StateSummary, TargetSummary, Tolerability)
from ._errors import (Cancelled, Error, InternalError, IoError, ModelError, Problem, ResultsMismatch, RunCancelled,
                      UsageError)
from . import _model
from ._model import *  # noqa: F401,F403 - every class and enum of the schema (_model.__all__)
from . import _frames

__version__ = _core.__version__

__all__ = [
    "load", "loads", "dumps", "save", "run", "merge", "load_results", "stress",
    *_model.__all__,
    "State", "Tolerability",
    "Results", "RiskSummary", "StateSummary", "MatrixLevel", "ControlValue", "ProtectionPath",
    "ProtectionResult", "TargetSummary", "SegmentSummary", "NetworkElement", "Problem",
    "Error", "ModelError", "UsageError", "ResultsMismatch", "IoError", "Cancelled", "InternalError", "RunCancelled",
]


def __dir__():
    """The public API only (not the helpers this module imports for itself)."""
    return sorted(__all__ + ["__version__", "plot"])


def __getattr__(name):
    # scrisk.plot without `import scrisk.plot` (it imports matplotlib only when it draws).
    if name == "plot":
        import importlib
        return importlib.import_module(".plot", __name__)
    raise AttributeError(f"module 'scrisk' has no attribute {name!r}")


_FORMATS = {"textproto", "text", "json", "binary"}


def load(path: _Union[str, _os.PathLike]) -> Model:
    """Reads and validates a model file: ``.json`` is JSON, ``.pb``/``.bin``/``.binpb``
    binary, anything else Protobuf text format (docs/model.md).

    Raises ``scrisk.ModelError`` listing every problem (field path and, for text files,
    line:column), including a missing file. Returns a ``scrisk.Model`` you may edit.
    """
    return _core.load(_os.fspath(path))


def loads(content: _Union[str, bytes], format: str = "textproto", *, source: str = "<string>") -> Model:
    """Parses and validates a model from a string: ``format`` is ``"textproto"`` (the
    default), ``"json"`` or ``"binary"`` (bytes). ``source`` names it in problems.
    Raises ``scrisk.ModelError``."""
    return _core.loads(content, format, source)


def dumps(model: Model, format: str = "textproto") -> _Union[str, bytes]:
    """The model in ``"textproto"``, ``"json"`` (str) or ``"binary"`` (bytes) format."""
    return _core.dumps(model, format)


def save(model: Model, path: _Union[str, _os.PathLike]) -> None:
    """Writes ``model`` to ``path`` (format from the extension, as ``load``)."""
    _core.save(model, _os.fspath(path))


_ProgressCallback = _Callable[[int, int], _Optional[bool]]


def _tqdm_progress(trials: int):
    import sys
    if not (hasattr(sys.stderr, "isatty") and sys.stderr.isatty()):
        # A log file or a pipe would get one line per redraw: say nothing there (a notebook's
        # stderr is not a terminal either, but tqdm.auto draws its widget there).
        if "ipykernel" not in sys.modules:
            return None, None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # no tqdm: a plain line on stderr, rewritten in place
        def plain(done: int, total: int) -> None:
            sys.stderr.write(f"\rscrisk: {done:,}/{total:,} years ({100.0 * done / total:.0f}%)")
            if done >= total:
                sys.stderr.write("\n")
            sys.stderr.flush()
        return plain, None
    bar = tqdm(total=trials, unit="years", unit_scale=True, desc="scrisk")

    def update(done: int, total: int) -> None:
        bar.update(done - bar.n)
    return update, bar


def run(model: Model, trials: int = 100_000, seed: int = 1, threads: int = 0, *,
        first_trial: int = 0,
        progress: _Union[None, bool, _ProgressCallback] = None) -> Results:
    """Simulates ``model`` for ``trials`` years and returns its ``scrisk.Results``.

    model        a scrisk.Model (validated first: ModelError lists every problem)
    trials       simulated years, >= 1 (one trial = one year)
    seed         0 .. 2**64-1; the same model, seed and trials give the same bits on any
                 number of threads, and the same numbers as ``scrisk run --seed``
    threads      worker threads; 0 uses every core
    first_trial  index of the first simulated year: runs over adjacent ranges (e.g. on
                 several machines) merge with ``scrisk.merge`` into the bits of one run
    progress     None; True for a tqdm bar when stderr is a terminal or a notebook
                 (a plain stderr line without tqdm; nothing in a log or a pipe); or a
                 callable ``progress(done, total)`` called on this thread about ten times a
                 second: return False to cancel (``scrisk.RunCancelled``), raise to abort.

    The GIL is released while the engine runs, so other Python threads keep running.
    Ctrl-C (SIGINT) stops the run within about 0.1 s with KeyboardInterrupt; the engine's
    threads are stopped and joined first, and the next run works normally.
    """
    for name, value in (("trials", trials), ("seed", seed), ("threads", threads), ("first_trial", first_trial)):
        if isinstance(value, bool) or not isinstance(value, int):
            try:
                import numpy as _np
                if isinstance(value, _np.integer):
                    continue
            except ImportError:  # pragma: no cover
                pass
            raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if trials < 1:
        raise ValueError(f"trials must be at least 1, got {trials}")
    if not 0 <= seed < 2**64:
        raise ValueError(f"seed must be in [0, 2**64), got {seed}")
    if threads < 0:
        raise ValueError(f"threads must be >= 0 (0: every core), got {threads}")
    if not 0 <= first_trial < 2**64:
        raise ValueError(f"first_trial must be in [0, 2**64), got {first_trial}")
    bar = None
    if progress is True:
        callback, bar = _tqdm_progress(int(trials))
    elif progress is None or progress is False:
        callback = None
    elif callable(progress):
        callback = progress
    else:
        raise TypeError("progress must be None, True or a callable(done, total)")
    try:
        return _core.run(model, int(trials), int(seed), int(threads), int(first_trial), callback)
    finally:
        if bar is not None:
            bar.close()


def merge(parts: _Sequence[Results]) -> Results:
    """Joins results of the same model and seed over adjacent trial ranges (in any order)
    into the results of the whole range: the same bits as one run over it. Raises
    ``scrisk.ResultsMismatch`` (a ValueError) when they come from different models or seeds
    or leave a gap."""
    return _core.merge(list(parts))


def load_results(path: _Union[str, _os.PathLike]) -> Results:
    """Reads a results file written by ``Results.save`` or ``scrisk run --save`` (or
    ``scrisk merge``): the run's exact tallies and its model, so it reports and merges to
    the same bits. Raises ``scrisk.IoError`` for a missing, truncated or corrupted file."""
    return _core.load_results(_os.fspath(path))


def _json_ready(value):
    """``value`` with every float that JSON cannot spell (NaN, infinities) as the string
    Protobuf's JSON reads back as that double, so that the C++ check names its field."""
    import math
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return value


def _json_number(value):
    try:
        import numpy as _np
        if isinstance(value, _np.integer):
            return int(value)
        if isinstance(value, _np.floating):
            return float(value)
    except ImportError:  # pragma: no cover
        pass
    raise TypeError(f"an outage's fields are str and numbers, got {type(value).__name__}")


def stress(model: _Union[Model, str, _os.PathLike], outages) -> dict:
    """Prices a written-down disruption scenario on the model's supply network, with the
    exact pricer (each episode at the optimum of its LP): the TTR/TTS stress test
    (docs/stress.md).

    model    a scrisk.Model, or the path of a model file
    outages  ``{"outages": [{"element": ..., "start_day": ..., "duration_days": ...}, ...]}``,
             the list inside it, or the path of a scenario file (.json, .textproto, .pb)

    Returns the same dict as ``scrisk stress --format json``: ``lost_sales``, ``method``
    (``"exact"``), ``currency``, ``customers`` [{facility, lost_sales, lost_units}] and
    ``episodes`` [{start_day, end_day, elements, lost_sales}]. Raises ``scrisk.ModelError``
    naming the field of an unknown element, a negative or non-finite day, a missing
    duration or an empty list.
    """
    import json
    if isinstance(model, (str, _os.PathLike)):
        model = load(model)
    if isinstance(outages, (str, _os.PathLike)):
        return json.loads(_core.stress_file(model, _os.fspath(outages)))
    if isinstance(outages, (list, tuple)):
        outages = {"outages": list(outages)}
    if not isinstance(outages, dict):
        raise TypeError(f"outages must be a dict, a list of outages or a path, got {type(outages).__name__}")
    content = json.dumps(_json_ready(outages), default=_json_number)
    return json.loads(_core.stress(model, content, "outages"))


def _results_from_bytes(data: bytes) -> Results:
    """Unpickles a Results (pickle needs a plain Python function to call)."""
    return _core._results_from_bytes(data)


_frames.attach(Results)


def _made_by_results(cls, *args, **kwargs):
    raise TypeError(f"scrisk.{cls.__name__} objects come from scrisk.Results and cannot be created directly")


# The summaries are C++ values that only Results hands out; an instance made by __new__
# alone would hold no value, so __new__ is closed (the module creates them without it).
for _cls in (StateSummary, RiskSummary, ControlValue, MatrixLevel, TargetSummary, SegmentSummary, NetworkElement,
             ProtectionResult, ProtectionPath):
    _cls.__new__ = staticmethod(_made_by_results)
del _cls
