# Type stubs of scrisk._core, the pybind11 module (bindings/python/src). The model classes
# are in _model.py; scrisk/__init__.py wraps run, load, loads, dumps, save and merge.
import enum
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

import numpy
import numpy.typing

__version__: str

class Segment(enum.IntEnum):
    UNSPECIFIED: int
    UPSTREAM: int
    OWN: int
    DOWNSTREAM: int

class FacilityKind(enum.IntEnum):
    UNSPECIFIED: int
    PLANT: int
    WAREHOUSE: int
    PORT: int
    TERMINAL: int
    DISTRIBUTION_CENTER: int
    VEHICLE: int
    VESSEL: int
    IT_SYSTEM: int
    SUPPLIER: int
    CUSTOMER: int
    OFFICE: int

class LinkMode(enum.IntEnum):
    UNSPECIFIED: int
    ROAD: int
    RAIL: int
    SEA: int
    AIR: int
    PIPELINE: int
    INFORMATION: int
    INLAND_WATERWAY: int

class Category(enum.IntEnum):
    UNSPECIFIED: int
    PHYSICAL: int
    OPERATIONAL: int
    NATURAL: int
    EXTERNAL: int
    STAKEHOLDER: int
    SECURITY_EQUIPMENT: int
    INFORMATION: int
    CONTINUITY: int

class ControlStatus(enum.IntEnum):
    UNSPECIFIED: int
    EXISTING: int
    PROPOSED: int

class InteractionScope(enum.IntEnum):
    ALL_PAIRS: int
    ALTERNATIVE_SOURCES: int

class DetectionPoint(enum.IntEnum):
    UNSPECIFIED: int
    BEGINNING: int
    MIDDLE: int
    END: int

class State(enum.IntEnum):
    INHERENT: int
    CURRENT: int
    RESIDUAL: int

class Tolerability(enum.IntEnum):
    ACCEPTABLE: int
    ALARP: int
    INTOLERABLE: int

StateKey = Union[State, str]  # 'inherent', 'current', 'residual'
FloatArray = numpy.typing.NDArray[numpy.float64]

class MatrixLevel:
    @property
    def likelihood(self) -> int: ...
    @property
    def impact(self) -> int: ...
    @property
    def score(self) -> int: ...

class StateSummary:
    @property
    def ale(self) -> float: ...
    @property
    def ale_stderr(self) -> float: ...
    @property
    def sd(self) -> float: ...
    @property
    def events_per_year(self) -> float: ...
    @property
    def prob_any(self) -> float: ...
    @property
    def quantiles(self) -> Dict[str, float]: ...  # p50 p90 p95 p99 p99.9
    @property
    def tvar(self) -> Dict[str, float]: ...  # p95 p99
    @property
    def lec(self) -> FloatArray: ...  # shape (n, 2): [loss, P(annual loss > loss)]
    @property
    def quantile_method(self) -> str: ...  # 'exact' or 'histogram'
    @property
    def level(self) -> MatrixLevel: ...
    @property
    def tolerability(self) -> Tolerability: ...

class RiskSummary:
    @property
    def threat(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def inherent(self) -> StateSummary: ...
    @property
    def current(self) -> StateSummary: ...
    @property
    def residual(self) -> StateSummary: ...
    def __getitem__(self, state: StateKey) -> StateSummary: ...

class ControlValue:
    @property
    def id(self) -> str: ...
    @property
    def status(self) -> ControlStatus: ...
    @property
    def ale_reduction(self) -> float: ...
    @property
    def ale_reduction_stderr(self) -> float: ...
    @property
    def annual_cost(self) -> float: ...
    @property
    def rosi(self) -> Optional[float]: ...

class ProtectionPath:
    @property
    def path(self) -> List[str]: ...
    @property
    def interruption_probability(self) -> float: ...
    @property
    def system_effectiveness(self) -> float: ...

class ProtectionResult:
    @property
    def facility(self) -> str: ...
    @property
    def current(self) -> ProtectionPath: ...
    @property
    def residual(self) -> ProtectionPath: ...

class NetworkElement:
    @property
    def id(self) -> str: ...
    @property
    def is_link(self) -> bool: ...
    @property
    def time_to_survive_days(self) -> float: ...
    @property
    def loss_curve(self) -> FloatArray: ...  # shape (n, 2): [days, lost-sales value]
    @property
    def final_slope_per_day(self) -> float: ...
    @property
    def typical_outage_days(self) -> float: ...
    @property
    def typical_outage_loss(self) -> float: ...
    @property
    def cut_off_customers(self) -> List[str]: ...

class TargetSummary:
    @property
    def id(self) -> str: ...
    @property
    def is_link(self) -> bool: ...
    @property
    def segment(self) -> Segment: ...
    @property
    def ale(self) -> Dict[str, float]: ...
    @property
    def ale_share(self) -> Dict[str, float]: ...
    @property
    def criticality_rank(self) -> Dict[str, int]: ...
    @property
    def network(self) -> Optional[NetworkElement]: ...

class SegmentSummary:
    @property
    def segment(self) -> Segment: ...
    @property
    def ale(self) -> Dict[str, float]: ...
    @property
    def ale_share(self) -> Dict[str, float]: ...

class Results:
    @property
    def trials(self) -> int: ...
    @property
    def first_trial(self) -> int: ...
    @property
    def seed(self) -> int: ...
    @property
    def model_name(self) -> str: ...
    @property
    def currency(self) -> str: ...
    @property
    def criteria(self) -> Any: ...  # scrisk.Criteria
    @property
    def total(self) -> RiskSummary: ...
    @property
    def risks(self) -> List[RiskSummary]: ...
    @property
    def controls(self) -> List[ControlValue]: ...
    @property
    def protection(self) -> List[ProtectionResult]: ...
    @property
    def targets(self) -> List[TargetSummary]: ...
    @property
    def segments(self) -> List[SegmentSummary]: ...
    def annual_loss(self, state: StateKey) -> FloatArray: ...  # shape (trials,), read-only view
    @property
    def annual_losses(self) -> Dict[str, FloatArray]: ...
    def to_json(self, indent: int = 2) -> str: ...
    def to_text(self, top_risks: int = 10) -> str: ...
    def to_csv(self) -> str: ...
    def risks_frame(self, include_total: bool = False) -> Any: ...  # pandas.DataFrame (3 * len(risks), 19)
    def controls_frame(self) -> Any: ...  # pandas.DataFrame (len(controls), 6)
    def __getstate__(self) -> Tuple[bytes]: ...
    def __setstate__(self, state: Tuple[bytes]) -> None: ...

def load(path: str) -> Any: ...
def loads(content: Union[str, bytes], format: str = ..., source: str = ...) -> Any: ...
def dumps(model: Any, format: str = ...) -> Union[str, bytes]: ...
def save(model: Any, path: str) -> None: ...
def _reserialize(path: str, format: str = ...) -> Union[str, bytes]: ...
def validate(model: Any) -> None: ...
def find_problems(model: Any) -> List[Any]: ...
def distribution_mean(distribution: Any) -> float: ...
def run(model: Any, trials: int, seed: int, threads: int, first_trial: int,
        progress: Optional[Callable[[int, int], Optional[bool]]]) -> Results: ...
def merge(parts: List[Results]) -> Results: ...
