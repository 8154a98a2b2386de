"""The importer's supply chain of examples/importer.textproto, built in Python.

An importer of consumer electronics: an overseas contract factory, trucks to the origin
port, the sea leg, the destination port (with its port community system, PCS), drayage to
the importer's own distribution centre and road deliveries to two retail chains. The
comments of examples/importer.textproto explain where each figure comes from; this file
builds the same model with keyword arguments (tests/python checks they are equal).

    python3 examples/python/importer_model.py [--trials N] [--seed S]
"""
import argparse

import scrisk
from scrisk import (AppliesTo, Category, Control, ControlStatus, Facility, FacilityKind, Link,
                    LinkMode, Segment, Target, Threat)

EXISTING, PROPOSED = ControlStatus.EXISTING, ControlStatus.PROPOSED


def facilities():
    up, own, down = Segment.UPSTREAM, Segment.OWN, Segment.DOWNSTREAM
    return [
        Facility(id="factory", kind=FacilityKind.SUPPLIER, segment=up, name="Contract factory (overseas)",
                 daily_value=60000),
        Facility(id="origin_port", kind=FacilityKind.PORT, segment=up, name="Origin container port",
                 daily_value=40000),
        Facility(id="dest_port", kind=FacilityKind.PORT, segment=up, name="Destination container port",
                 daily_value=60000),
        Facility(id="pcs", kind=FacilityKind.IT_SYSTEM, segment=up, name="Port community system",
                 daily_value=70000),
        Facility(id="dc", kind=FacilityKind.DISTRIBUTION_CENTER, segment=own,
                 name="Importer's distribution centre", asset_value=2.5e7, daily_value=150000),
        Facility(id="retail_north", kind=FacilityKind.CUSTOMER, segment=down, name="Retail chain, northern stores"),
        Facility(id="retail_south", kind=FacilityKind.CUSTOMER, segment=down, name="Retail chain, southern stores"),
    ]


def links():
    road = LinkMode.ROAD
    return [
        Link(id="factory_truck", from_="factory", to="origin_port", mode=road, transit_days=1, daily_value=30000),
        Link(id="sea_leg", from_="origin_port", to="dest_port", mode=LinkMode.SEA, transit_days=28,
             daily_value=50000),
        Link(id="drayage", from_="dest_port", to="dc", mode=road, transit_days=0.5),
        Link(id="road_north", from_="dc", to="retail_north", mode=road, transit_days=1, daily_value=25000),
        Link(id="road_south", from_="dc", to="retail_south", mode=road, transit_days=2, daily_value=25000),
        Link(id="pcs_messages", from_="pcs", to="dest_port", mode=LinkMode.INFORMATION, transit_days=0),
    ]


def threats():
    return [
        Threat(id="cargo_theft", name="Cargo theft", category=Category.PHYSICAL, intentional=True,
               rate_per_year=scrisk.Pert(1, 3, 8),
               targets=[Target(link="factory_truck", weight=1), Target(link="drayage", weight=2),
                        Target(link="road_north", weight=3), Target(link="road_south", weight=4),
                        Target(facility="dc", weight=1)],
               vulnerability=0.5, loss=scrisk.Lognormal90(3e4, 9e5), downtime_days=scrisk.Triangular(0, 0.5, 3)),
        Threat(id="contraband_insertion", name="Container tampering / contraband insertion",
               category=Category.PHYSICAL, intentional=True, rate_per_year=scrisk.Gamma(shape=2, scale=0.3),
               targets=[Target(facility="origin_port", weight=3), Target(link="sea_leg", weight=1),
                        Target(link="factory_truck", weight=1)],
               vulnerability=0.6, loss=scrisk.Lognormal90(2e4, 5e5),
               downtime_days=scrisk.Empirical(values=[3, 10, 30, 90], weights=[55, 30, 12, 3])),
        Threat(id="insider_collusion", name="Insider collusion", category=Category.OPERATIONAL, intentional=True,
               rate_per_year=scrisk.Triangular(0.5, 1.5, 4),
               targets=[Target(facility="dc", weight=3), Target(link="road_north"), Target(link="road_south")],
               vulnerability=0.5, loss=scrisk.Lognormal90(1e4, 3e5)),
        Threat(id="pcs_ransomware", name="Ransomware on the port community system", category=Category.INFORMATION,
               intentional=True, rate_per_year=scrisk.Lognormal90(0.05, 0.6), targets=[Target(facility="pcs")],
               vulnerability=0.6, loss=scrisk.Pert(1e4, 4e4, 2e5), downtime_days=scrisk.Lognormal90(1, 14)),
        Threat(id="release_fraud", name="Container release fraud via stolen PCS credentials",
               category=Category.INFORMATION, intentional=True, rate_per_year=scrisk.Gamma(shape=1.5, scale=0.4),
               targets=[Target(link="pcs_messages")], vulnerability=0.4, loss=scrisk.Lognormal90(1e5, 8e5)),
        Threat(id="typhoon", name="Typhoon", category=Category.NATURAL, intentional=False,
               rate_per_year=scrisk.Empirical(values=[0, 1, 2, 3], weights=[0.35, 0.40, 0.18, 0.07]),
               targets=[Target(facility="origin_port", weight=3), Target(facility="factory", weight=1),
                        Target(link="sea_leg", weight=1)],
               vulnerability=0.5, loss=scrisk.Uniform(0, 1.5e5), downtime_days=scrisk.Pert(1, 3, 10)),
        Threat(id="port_strike", name="Destination port strike", category=Category.CONTINUITY,
               rate_per_year=scrisk.Fixed(0.4), targets=[Target(facility="dest_port")],
               loss=scrisk.Normal(mean=25000, sd=20000), downtime_days=scrisk.Lognormal90(2, 20)),
        Threat(id="supplier_failure", name="Supplier failure", category=Category.EXTERNAL,
               rate_per_year=scrisk.Beta(alpha=2, beta=18), targets=[Target(facility="factory")],
               loss=scrisk.Lognormal90(5e4, 5e5), downtime_days=scrisk.Pert(10, 30, 90)),
        Threat(id="customs_noncompliance", name="Customs / regulatory non-compliance",
               category=Category.STAKEHOLDER, rate_per_year=scrisk.Uniform(2, 6),
               targets=[Target(facility="dest_port")], vulnerability=0.35,
               loss=scrisk.Lognormal(mu=8.987, sigma=1.0), downtime_days=scrisk.Triangular(0, 0.25, 1)),
        Threat(id="security_equipment_failure", name="CCTV / access-control failure",
               category=Category.SECURITY_EQUIPMENT, rate_per_year=scrisk.Triangular(2, 4, 9),
               targets=[Target(facility="dc")], vulnerability=0.15, loss=scrisk.Lognormal90(5e3, 2e5),
               downtime_days=scrisk.Poisson(mean=0.3)),
    ]


def controls():
    return [
        Control(id="tamper_seals", name="High-security bolt seals with seal-integrity checks", status=EXISTING,
                applies_to=[AppliesTo(threat="contraband_insertion")], effectiveness=0.35, availability=0.95,
                annual_cost=8000),
        Control(id="cctv_dc", name="CCTV at the DC, monitored", status=EXISTING,
                applies_to=[AppliesTo(threat="cargo_theft", facility="dc"),
                            AppliesTo(threat="insider_collusion", facility="dc")],
                effectiveness=0.3, availability=0.9, deterrence=0.2, annual_cost=25000),
        Control(id="access_control_dc", name="Badge access control and dock-door interlocks", status=EXISTING,
                applies_to=[AppliesTo(threat="cargo_theft", facility="dc"),
                            AppliesTo(threat="insider_collusion", facility="dc")],
                effectiveness=0.4, availability=0.97, annual_cost=30000),
        Control(id="gps_tracking", name="GPS tracking and geofence alarms on delivery trucks", status=EXISTING,
                applies_to=[AppliesTo(link="road_north"), AppliesTo(link="road_south")],
                effectiveness=0.15, availability=0.85, loss_reduction=0.4, annual_cost=18000),
        Control(id="cargo_insurance", name="Marine and transit cargo insurance", status=EXISTING,
                applies_to=[AppliesTo(threat="cargo_theft"), AppliesTo(threat="typhoon")],
                loss_reduction=0.5, annual_cost=260000),
        Control(id="customs_broker_checks", name="Broker pre-filing checks of declarations", status=EXISTING,
                applies_to=[AppliesTo(threat="customs_noncompliance")], effectiveness=0.5, annual_cost=20000),
        Control(id="guard_patrols_on_outage", name="Guard patrols while CCTV or access control is down",
                status=EXISTING, applies_to=[AppliesTo(threat="security_equipment_failure")],
                effectiveness=0.5, availability=0.8, annual_cost=10000),
        Control(id="aeo_partner_program", name="AEO / C-TPAT-style partner vetting and security audits",
                status=PROPOSED,
                applies_to=[AppliesTo(threat="contraband_insertion"), AppliesTo(threat="customs_noncompliance"),
                            AppliesTo(threat="cargo_theft", link="factory_truck")],
                deterrence=0.3, effectiveness=0.3, annual_cost=60000),
        Control(id="pcs_mfa", name="Multi-factor authentication and release-PIN hygiene on PCS accounts",
                status=PROPOSED, applies_to=[AppliesTo(threat="release_fraud", link="pcs_messages")],
                effectiveness=0.85, availability=0.98, annual_cost=6000),
        Control(id="manual_release_fallback", name="Offline backups of release data and a manual release procedure",
                status=PROPOSED, applies_to=[AppliesTo(facility="pcs")], downtime_reduction=0.5,
                annual_cost=15000),
        Control(id="backup_supplier", name="Qualified second source (dual sourcing)", status=PROPOSED,
                applies_to=[AppliesTo(threat="supplier_failure"), AppliesTo(threat="typhoon", facility="factory")],
                downtime_reduction=0.7, annual_cost=90000),
        Control(id="alternate_port_plan", name="Pre-agreed diversion to a second port", status=PROPOSED,
                applies_to=[AppliesTo(threat="port_strike")], downtime_reduction=0.5, annual_cost=30000),
        Control(id="escorts", name="Armed escorts for drayage and the southern route", status=PROPOSED,
                applies_to=[AppliesTo(threat="cargo_theft", link="drayage"),
                            AppliesTo(threat="cargo_theft", link="road_south")],
                deterrence=0.5, effectiveness=0.6, annual_cost=250000),
        Control(id="secure_parking", name="Certified secure parking and no-stop rules on delivery routes",
                status=PROPOSED,
                applies_to=[AppliesTo(threat="cargo_theft", link="road_north"),
                            AppliesTo(threat="cargo_theft", link="road_south")],
                deterrence=0.4, annual_cost=35000),
        Control(id="insider_screening",
                name="Background screening and security clearance of DC staff and drivers", status=PROPOSED,
                applies_to=[AppliesTo(threat="insider_collusion")], deterrence=0.3, effectiveness=0.2,
                annual_cost=25000),
        Control(id="redundant_cctv", name="Redundant recorders and UPS for CCTV and access control",
                status=PROPOSED, applies_to=[AppliesTo(threat="security_equipment_failure")],
                effectiveness=0.6, annual_cost=15000),
    ]


def importer_model() -> scrisk.Model:
    """The importer's model, equal to scrisk.load("examples/importer.textproto")."""
    return scrisk.Model(
        name="importer", currency="EUR",
        description="Importer of consumer electronics: factory -> origin port -> sea -> destination port -> "
                    "own DC -> retailers",
        facilities=facilities(), links=links(), threats=threats(), controls=controls(),
        criteria=scrisk.Criteria(likelihood_bands_per_year=[0.01, 0.1, 1, 10], impact_bands=[1e4, 1e5, 1e6, 1e7],
                                 intolerable_ale=200000, broadly_acceptable_ale=10000,
                                 total_intolerable_ale=1000000, total_broadly_acceptable_ale=100000))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    model = importer_model()
    model.validate()
    results = scrisk.run(model, trials=args.trials, seed=args.seed, progress=True)
    print(results.to_text())


if __name__ == "__main__":
    main()
