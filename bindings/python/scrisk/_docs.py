"""Docstrings of the model classes and enums, by Python class name. The classes themselves,
their fields and defaults are made from the schema (scrisk/_model.py); docs/model.md
documents every field. A class without an entry here gets a line naming its message."""

CLASS_DOCS = {
    # --- enums ----------------------------------------------------------------------------
    "Segment": "ISO 28000 3.9: position relative to the organization's operational control.",
    "FacilityKind": "What a facility is (the model file's Facility.kind).",
    "LinkMode": "Transport mode of a link.",
    "Category": "ISO 28000 4.3.1 a) to h): the category of a threat (PHYSICAL a, OPERATIONAL b, NATURAL c, "
                "EXTERNAL d, STAKEHOLDER e, SECURITY_EQUIPMENT f, INFORMATION g, CONTINUITY h).",
    "ControlStatus": "EXISTING (in the current state) or PROPOSED (added in the residual state).",
    "DetectionPoint": "Where in an element's task the adversary is detected (EASI's B / M / E).",
    "InteractionScope": "Which overlapping outages are priced together on their joint loss curve (docs/network.md): "
                        "ALL_PAIRS, every pair whose outages' regions of the network touch; ALTERNATIVE_SOURCES, "
                        "facilities and links feeding the same input of the same facility, and common-cause targets.",

    # --- distributions (docs/model.md#distribution) ---------------------------------------
    "Fixed": "A constant: always ``value``.",
    "Uniform": "Uniform on [low, high].",
    "Triangular": "Triangular with minimum ``low``, most likely ``mode`` and maximum ``high``.",
    "Pert": "Beta-PERT on [low, high] with most likely value ``mode``; ``lambda_`` (default 4)\n"
            "concentrates the mass around the mode. Example: ``Pert(0.5, 2, 6)``.",
    "Normal": "Normal(mean, sd), clamped at zero draw by draw where used for a non-negative quantity.",
    "Lognormal": "ln X ~ Normal(mu, sigma).",
    "Lognormal90": "Lognormal given by its 5th (``low``) and 95th (``high``) percentiles: the usual way\n"
                   "to write an expert's 90 % interval of a loss. Example: ``Lognormal90(2e4, 8e5)``.",
    "Gamma": "Gamma with ``shape`` and ``scale`` (mean shape * scale).",
    "Beta": "Beta(alpha, beta) on [0, 1], e.g. a rate that is really an annual probability.",
    "Poisson": "Poisson with the given ``mean`` (integer values).",
    "Empirical": "One of ``values`` with probability proportional to ``weights`` (equal when empty).",

    # --- physical protection (docs/protection.md) -----------------------------------------
    "ProtectionElement": "One way across one boundary of a protection system (fence, gate, door, vault...):\n"
                         "an edge ``from_area -> to_area``. ``detection_probability`` is P_D; ``detection_at``\n"
                         "(BEGINNING, MIDDLE, END) is required when P_D > 0; delays are in seconds.",
    "ResponseForce": "Time from the first communicated alarm until the response force interrupts, seconds.",
    "ProtectionSystem": "A facility's physical protection: ``areas`` (the first is off-site), the\n"
                        "``target_area``, the ``elements`` between areas, the ``response`` force, P_C\n"
                        "(``alarm_communication_probability``) and P_N (``neutralisation_probability``).",
    "ProtectionElementChange": "What an upgrade changes in one existing element (``element`` is its id); fields\n"
                               "left at None keep their value.",
    "ProtectionUpgrade": "What a PROPOSED control changes in the protection system of each facility it applies\n"
                         "to. Fields left at None (or empty) keep the current value.",

    # --- the flow of goods (docs/network.md) ----------------------------------------------
    "BomInput": "One input of a bill of materials: ``quantity_per_unit`` units of ``product`` per\n"
                "unit made; ``inventory_units`` of it on hand at the consuming facility.",
    "FacilityFlow": "Flow data of one facility (units of its product): ``capacity_per_day`` (None:\n"
                    "unlimited), the on-hand inventory, the demand met here and the value of a lost sale,\n"
                    "and the bill of materials ``inputs``.",
    "LinkFlow": "A link that carries goods; ``capacity_per_day`` None is unlimited.",
    "SupplyNetwork": "The flow of goods: outages of the facilities and links listed here cost the\n"
                     "network's lost sales (time-to-recover LP) instead of daily_value x downtime_days.\n"
                     "``interaction_scope`` (a scrisk.InteractionScope) says which overlapping outages are\n"
                     "priced together (docs/network.md).",

    # --- the supply chain -----------------------------------------------------------------
    "Facility": "A site, vehicle, IT system, supplier or customer (ISO 28000 clause 3).\n\n"
                "``kind`` and ``segment`` are required (e.g. ``FacilityKind.PLANT``, ``Segment.OWN``);\n"
                "``daily_value`` (currency per day out of service) prices the downtime of events against\n"
                "it; ``asset_value`` is descriptive; ``protection`` is an optional ProtectionSystem.",
    "Link": "A transport or information leg from facility ``from_`` to facility ``to``.\n"
            "``daily_value`` is the from-facility's when None.",
    "Target": "A threat's target: set exactly one of ``facility`` and ``link`` (an id).\n"
              "``weight`` is its relative share of the threat's attempts; ``damage_probability``\n"
              "(common-cause threats only, None: 1) is P(one event damages this target).",
    "CommonCause": "Makes a threat's events strike every target at once, with severities correlated by\n"
                   "a Gaussian copula: ``severity_correlation`` is the row-major matrix, one row per\n"
                   "target in the threat's order (empty: the identity).",
    "Threat": """What can happen: attempts per year (``rate_per_year``, a distribution, required)
against ``targets``; each attempt succeeds without controls with probability
``vulnerability`` and then costs a ``loss`` (distribution, currency) and
``downtime_days`` (distribution, days at the target's daily value). With
``common_cause`` (a CommonCause) each event strikes all its targets at once.

Example::

    scrisk.Threat(id="cargo_theft", category=scrisk.Category.PHYSICAL, intentional=True,
                  rate_per_year=scrisk.Pert(0.5, 2, 6),
                  targets=[scrisk.Target(link="truck", weight=3)],
                  vulnerability=0.6, loss=scrisk.Lognormal90(2e4, 8e5),
                  downtime_days=scrisk.Triangular(0, 1, 4))""",
    "AppliesTo": "Which (threat, target) pairs a control covers; an empty field is a wildcard. Set at\n"
                 "most one of ``facility`` and ``link``.",
    "Control": """An EXISTING or PROPOSED security measure (``status`` is required).

``applies_to`` lists AppliesTo scopes; ``effectiveness`` is P(stops a successful
attempt | available), ``availability`` P(working when needed), ``deterrence`` the
fraction of attempts that never happen, ``loss_reduction`` and ``downtime_reduction``
the fractions of loss and downtime avoided, ``annual_cost`` its cost per year.
``protection_upgrade`` (PROPOSED controls only) changes protection systems.""",
    "Criteria": "Risk evaluation criteria: 4 ascending likelihood thresholds (events per year) and\n"
                "4 impact thresholds (mean loss per event) make the 5x5 matrix; a risk's ALE at or\n"
                "above ``intolerable_ale`` is INTOLERABLE, at or below ``broadly_acceptable_ale``\n"
                "ACCEPTABLE, ALARP between. The ``total_*`` limits judge the total (default: the\n"
                "per-risk ones). An empty band list means the default bands, as in a model file.",
    "Model": """A supply-chain security risk model: what ``scrisk.run`` simulates.

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

The fields are the model file's top level (docs/model.md); a model needs at least one
threat. ``model["id"]`` finds a facility, link, threat or control by id. ``save()`` writes
the model's values: the comments of a file it was loaded from are not kept.""",
}
