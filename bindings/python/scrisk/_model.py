"""The scrisk model as Python dataclasses.

Every class mirrors one C++ struct of ``scrisk::model`` (docs/model.md documents each
field, its unit and what is valid). The classes only hold data: validation, simulation and
file formats are the C++ library's, reached through ``scrisk._core``. Field names are the
model file's, except ``Link.from_`` (``from`` is a Python keyword) and ``Pert.lambda_``.

Lists are plain Python lists: append to them, change an element in place, then run.
Problems (a wrong type, an unknown id, a probability above 1...) are reported by
``Model.validate()``, ``scrisk.run()`` and ``Model.save()`` as a ``scrisk.ModelError``
listing every problem with its field path, e.g. ``threats[0].rate_per_year.pert.low``.
"""
from __future__ import annotations

import copy as _copy
import os
from dataclasses import dataclass, field
from typing import List, Optional, Union

from . import _core
from ._core import Category, ControlStatus, DetectionPoint, FacilityKind, InteractionScope, LinkMode, Segment

__all__ = [
    "Fixed", "Uniform", "Triangular", "Pert", "Normal", "Lognormal", "Lognormal90", "Gamma",
    "Beta", "Poisson", "Empirical", "Distribution",
    "ProtectionElement", "ResponseForce", "ProtectionSystem", "ProtectionElementChange",
    "ProtectionUpgrade",
    "BomInput", "FacilityFlow", "LinkFlow", "SupplyNetwork",
    "Facility", "Link", "Target", "CommonCause", "Threat", "AppliesTo", "Control", "Criteria", "Model",
]


class _DistributionBase:
    """Common methods of the distributions."""

    def expected_value(self) -> float:
        """Exact mean of the distribution (``scrisk::mean``; a normal's unclamped mean)."""
        return _core.distribution_mean(self)


# --- distributions (docs/model.md#distribution) ---------------------------------------------

@dataclass
class Fixed(_DistributionBase):
    """A constant: always ``value``."""
    value: float = 0.0


@dataclass
class Uniform(_DistributionBase):
    """Uniform on [low, high]."""
    low: float = 0.0
    high: float = 0.0


@dataclass
class Triangular(_DistributionBase):
    """Triangular with minimum ``low``, most likely ``mode`` and maximum ``high``."""
    low: float = 0.0
    mode: float = 0.0
    high: float = 0.0


@dataclass
class Pert(_DistributionBase):
    """Beta-PERT on [low, high] with most likely value ``mode``; ``lambda_`` (default 4)
    concentrates the mass around the mode. Example: ``Pert(0.5, 2, 6)``."""
    low: float = 0.0
    mode: float = 0.0
    high: float = 0.0
    lambda_: float = 4.0


@dataclass
class Normal(_DistributionBase):
    """Normal(mean, sd), clamped at zero draw by draw where used for a non-negative quantity."""
    mean: float = 0.0
    sd: float = 0.0


@dataclass
class Lognormal(_DistributionBase):
    """ln X ~ Normal(mu, sigma)."""
    mu: float = 0.0
    sigma: float = 0.0


@dataclass
class Lognormal90(_DistributionBase):
    """Lognormal given by its 5th (``low``) and 95th (``high``) percentiles: the usual way
    to write an expert's 90 % interval of a loss. Example: ``Lognormal90(2e4, 8e5)``."""
    low: float = 0.0
    high: float = 0.0


@dataclass
class Gamma(_DistributionBase):
    """Gamma with ``shape`` and ``scale`` (mean shape * scale)."""
    shape: float = 0.0
    scale: float = 0.0


@dataclass
class Beta(_DistributionBase):
    """Beta(alpha, beta) on [0, 1], e.g. a rate that is really an annual probability."""
    alpha: float = 0.0
    beta: float = 0.0


@dataclass
class Poisson(_DistributionBase):
    """Poisson with the given ``mean`` (integer values)."""
    mean: float = 0.0


@dataclass
class Empirical(_DistributionBase):
    """One of ``values`` with probability proportional to ``weights`` (equal when empty)."""
    values: List[float] = field(default_factory=list)
    weights: List[float] = field(default_factory=list)


Distribution = Union[Fixed, Uniform, Triangular, Pert, Normal, Lognormal, Lognormal90, Gamma, Beta,
                     Poisson, Empirical]


# --- physical protection (docs/protection.md) -----------------------------------------------

@dataclass
class ProtectionElement:
    """One way across one boundary of a protection system (fence, gate, door, vault...):
    an edge ``from_area -> to_area``. ``detection_probability`` is P_D; ``detection_at``
    (BEGINNING, MIDDLE, END) is required when P_D > 0; delays are in seconds."""
    id: str = ""
    from_area: str = ""
    to_area: str = ""
    detection_probability: float = 0.0
    detection_at: DetectionPoint = DetectionPoint.UNSPECIFIED
    delay_mean_seconds: float = 0.0
    delay_sd_seconds: float = 0.0
    name: str = ""


@dataclass
class ResponseForce:
    """Time from the first communicated alarm until the response force interrupts, seconds."""
    time_mean_seconds: float = 0.0
    time_sd_seconds: float = 0.0


@dataclass
class ProtectionSystem:
    """A facility's physical protection: ``areas`` (the first is off-site), the
    ``target_area``, the ``elements`` between areas, the ``response`` force, P_C
    (``alarm_communication_probability``) and P_N (``neutralisation_probability``)."""
    areas: List[str] = field(default_factory=list)
    target_area: str = ""
    elements: List[ProtectionElement] = field(default_factory=list)
    response: ResponseForce = field(default_factory=ResponseForce)
    alarm_communication_probability: float = 1.0
    neutralisation_probability: float = 1.0


@dataclass
class ProtectionElementChange:
    """What an upgrade changes in one existing element (``element`` is its id); fields
    left at None keep their value."""
    element: str = ""
    detection_probability: Optional[float] = None
    detection_at: Optional[DetectionPoint] = None
    delay_mean_seconds: Optional[float] = None
    delay_sd_seconds: Optional[float] = None


@dataclass
class ProtectionUpgrade:
    """What a PROPOSED control changes in the protection system of each facility it applies
    to. Fields left at None (or empty) keep the current value."""
    element_changes: List[ProtectionElementChange] = field(default_factory=list)
    removed_elements: List[str] = field(default_factory=list)
    response: Optional[ResponseForce] = None
    alarm_communication_probability: Optional[float] = None
    neutralisation_probability: Optional[float] = None


# --- the flow of goods (docs/network.md) -----------------------------------------------------

@dataclass
class BomInput:
    """One input of a bill of materials: ``quantity_per_unit`` units of ``product`` per
    unit made; ``inventory_units`` of it on hand at the consuming facility."""
    product: str = ""
    quantity_per_unit: float = 1.0
    inventory_units: float = 0.0


@dataclass
class FacilityFlow:
    """Flow data of one facility (units of its product): ``capacity_per_day`` (None:
    unlimited), ``inventory_units``, ``demand_per_day`` met here and the
    ``lost_sale_value_per_unit`` of demand not met, and the bill of materials ``inputs``."""
    facility: str = ""
    product: str = ""
    capacity_per_day: Optional[float] = None
    inventory_units: float = 0.0
    demand_per_day: float = 0.0
    lost_sale_value_per_unit: float = 0.0
    inputs: List[BomInput] = field(default_factory=list)


@dataclass
class LinkFlow:
    """A link that carries goods; ``capacity_per_day`` None is unlimited."""
    link: str = ""
    capacity_per_day: Optional[float] = None


@dataclass
class SupplyNetwork:
    """The flow of goods: outages of the facilities and links listed here cost the
    network's lost sales (time-to-recover LP) instead of daily_value x downtime_days.
    ``interaction_scope`` says which overlapping outages are priced together
    (docs/network.md)."""
    facilities: List[FacilityFlow] = field(default_factory=list)
    links: List[LinkFlow] = field(default_factory=list)
    interaction_scope: InteractionScope = InteractionScope.ALL_PAIRS


# --- the supply chain -------------------------------------------------------------------------

@dataclass
class Facility:
    """A site, vehicle, IT system, supplier or customer (ISO 28000 clause 3).

    ``kind`` and ``segment`` are required (e.g. ``FacilityKind.PLANT``, ``Segment.OWN``);
    ``daily_value`` (currency per day out of service) prices the downtime of events against
    it; ``asset_value`` is descriptive; ``protection`` is an optional ProtectionSystem.
    """
    id: str = ""
    kind: FacilityKind = FacilityKind.UNSPECIFIED
    segment: Segment = Segment.UNSPECIFIED
    asset_value: float = 0.0
    daily_value: float = 0.0
    name: str = ""
    protection: Optional[ProtectionSystem] = None


@dataclass
class Link:
    """A transport or information leg from facility ``from_`` to facility ``to``.
    ``daily_value`` is the from-facility's when None."""
    id: str = ""
    from_: str = ""
    to: str = ""
    mode: LinkMode = LinkMode.UNSPECIFIED
    transit_days: float = 0.0
    daily_value: Optional[float] = None
    name: str = ""


@dataclass
class Target:
    """A threat's target: set exactly one of ``facility`` and ``link`` (an id).
    ``weight`` is its relative share of the threat's attempts; ``damage_probability``
    (common-cause threats only, None: 1) is P(one event damages this target)."""
    facility: str = ""
    link: str = ""
    weight: float = 1.0
    damage_probability: Optional[float] = None


@dataclass
class CommonCause:
    """Makes a threat's events strike every target at once, with severities correlated by
    a Gaussian copula: ``severity_correlation`` is the row-major matrix, one row per
    target in the threat's order (empty: the identity)."""
    severity_correlation: List[float] = field(default_factory=list)


@dataclass
class Threat:
    """What can happen: attempts per year (``rate_per_year``, a distribution, required)
    against ``targets``; each attempt succeeds without controls with probability
    ``vulnerability`` and then costs a ``loss`` (distribution, currency) and
    ``downtime_days`` (distribution, days at the target's daily value). With
    ``common_cause`` (a CommonCause) each event strikes all its targets at once.

    Example::

        scrisk.Threat(id="cargo_theft", category=scrisk.Category.PHYSICAL, intentional=True,
                      rate_per_year=scrisk.Pert(0.5, 2, 6),
                      targets=[scrisk.Target(link="truck", weight=3)],
                      vulnerability=0.6, loss=scrisk.Lognormal90(2e4, 8e5),
                      downtime_days=scrisk.Triangular(0, 1, 4))
    """
    id: str = ""
    category: Category = Category.UNSPECIFIED
    intentional: bool = False
    rate_per_year: Optional[Distribution] = None
    targets: List[Target] = field(default_factory=list)
    vulnerability: float = 1.0
    loss: Optional[Distribution] = None
    downtime_days: Optional[Distribution] = None
    name: str = ""
    common_cause: Optional[CommonCause] = None


@dataclass
class AppliesTo:
    """Which (threat, target) pairs a control covers; an empty field is a wildcard. Set at
    most one of ``facility`` and ``link``."""
    threat: str = ""
    facility: str = ""
    link: str = ""


@dataclass
class Control:
    """An EXISTING or PROPOSED security measure (``status`` is required).

    ``applies_to`` lists AppliesTo scopes; ``effectiveness`` is P(stops a successful
    attempt | available), ``availability`` P(working when needed), ``deterrence`` the
    fraction of attempts that never happen, ``loss_reduction`` and ``downtime_reduction``
    the fractions of loss and downtime avoided, ``annual_cost`` its cost per year.
    ``protection_upgrade`` (PROPOSED controls only) changes protection systems.
    """
    id: str = ""
    status: ControlStatus = ControlStatus.UNSPECIFIED
    applies_to: List[AppliesTo] = field(default_factory=list)
    effectiveness: float = 0.0
    availability: float = 1.0
    deterrence: float = 0.0
    loss_reduction: float = 0.0
    downtime_reduction: float = 0.0
    annual_cost: float = 0.0
    name: str = ""
    protection_upgrade: Optional[ProtectionUpgrade] = None


@dataclass
class Criteria:
    """Risk evaluation criteria: 4 ascending likelihood thresholds (events per year) and
    4 impact thresholds (mean loss per event) make the 5x5 matrix; a risk's ALE at or
    above ``intolerable_ale`` is INTOLERABLE, at or below ``broadly_acceptable_ale``
    ACCEPTABLE, ALARP between. The ``total_*`` limits judge the total (default: the
    per-risk ones)."""
    likelihood_bands_per_year: List[float] = field(default_factory=lambda: [0.01, 0.1, 1.0, 10.0])
    impact_bands: List[float] = field(default_factory=lambda: [1e4, 1e5, 1e6, 1e7])
    intolerable_ale: float = 1e6
    broadly_acceptable_ale: float = 1e4
    total_intolerable_ale: Optional[float] = None
    total_broadly_acceptable_ale: Optional[float] = None


@dataclass
class Model:
    """A supply-chain security risk model: what ``scrisk.run`` simulates.

    Build one with keyword arguments, load one with ``scrisk.load(path)`` or
    ``scrisk.loads(text)``, and edit it freely (lists are plain lists)::

        m = scrisk.Model(name="demo", currency="EUR",
            facilities=[scrisk.Facility(id="plant", kind=scrisk.FacilityKind.PLANT,
                                        segment=scrisk.Segment.OWN, daily_value=150000)],
            threats=[scrisk.Threat(id="fire", category=scrisk.Category.PHYSICAL,
                                   rate_per_year=scrisk.Fixed(0.1),
                                   targets=[scrisk.Target(facility="plant")],
                                   loss=scrisk.Lognormal90(1e5, 5e6))])
        m.controls.append(scrisk.Control(id="sprinklers", status=scrisk.ControlStatus.PROPOSED,
                                         applies_to=[scrisk.AppliesTo(threat="fire")],
                                         loss_reduction=0.6, annual_cost=20000))
        m.validate()                      # raises scrisk.ModelError listing every problem
        results = scrisk.run(m, trials=100_000, seed=1)

    Fields: ``name``, ``currency`` (a label), ``description``, ``facilities``
    (list of Facility), ``links`` (Link), ``threats`` (Threat, at least one), ``controls``
    (Control), ``criteria`` (Criteria), ``supply_network`` (optional SupplyNetwork).
    ``model["id"]`` finds an element by id.
    """
    name: str = ""
    currency: str = ""
    description: str = ""
    facilities: List[Facility] = field(default_factory=list)
    links: List[Link] = field(default_factory=list)
    threats: List[Threat] = field(default_factory=list)
    controls: List[Control] = field(default_factory=list)
    criteria: Criteria = field(default_factory=Criteria)
    supply_network: Optional[SupplyNetwork] = None

    def problems(self) -> list:
        """Every problem of the model as a list of ``scrisk.Problem`` (empty when valid)."""
        return _core.find_problems(self)

    def validate(self) -> None:
        """Raises ``scrisk.ModelError`` (with ``.problems``, each with its field path) when
        the model is invalid; returns None otherwise."""
        _core.validate(self)

    def dumps(self, format: str = "textproto") -> Union[str, bytes]:
        """The model as ``"textproto"`` (str), ``"json"`` (str) or ``"binary"`` (bytes);
        ``scrisk.loads`` reads it back into an equal model."""
        return _core.dumps(self, format)

    def save(self, path: Union[str, os.PathLike]) -> None:
        """Writes the model to ``path``: JSON for ``.json``, binary for ``.pb``/``.bin``/
        ``.binpb``, text format otherwise. Raises ModelError when the model cannot be
        converted (a wrong type) and OSError when the file cannot be written."""
        _core.save(self, os.fspath(path))

    def copy(self) -> "Model":
        """A deep copy (edit it without touching this model)."""
        return _copy.deepcopy(self)

    def __getitem__(self, element_id: str):
        for group in (self.facilities, self.links, self.threats, self.controls):
            for element in group:
                if element.id == element_id:
                    return element
        raise KeyError(element_id)
