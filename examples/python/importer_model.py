"""The importer's supply chain of examples/importer.textproto, built in Python.

An importer of consumer electronics: an overseas contract factory and a smaller inland one,
trucks to the origin port or a feeder port along the coast, the sea legs, the destination
port (with its port community system, PCS), drayage to the importer's own distribution
centre (with a physical protection system) and road deliveries to two retail chains. The
supply network prices outages by lost sales; a regional typhoon strikes both origin ports
and the main factory at once. The comments of examples/importer.textproto explain where each
figure comes from; this file builds the same model with keyword arguments (tests/python
checks they are equal).

    python3 examples/python/importer_model.py [--trials N] [--seed S]
"""
import argparse

import scrisk
from scrisk import (AppliesTo, BomInput, Category, CommonCause, Control, ControlStatus, DetectionPoint, Facility,
                    FacilityFlow, FacilityKind, Link, LinkFlow, LinkMode, ProtectionElement, ProtectionElementChange,
                    ProtectionSystem, ProtectionUpgrade, ResponseForce, Segment, SupplyNetwork, Target, Threat)

EXISTING, PROPOSED = ControlStatus.EXISTING, ControlStatus.PROPOSED


def dc_protection():
    """Break-ins out of hours at the DC: from the street to the high-value cage, then the
    loading of a van (docs/protection.md)."""
    begin, middle, end = DetectionPoint.BEGINNING, DetectionPoint.MIDDLE, DetectionPoint.END

    def element(element_id, from_area, to_area, p_d, at, mean, sd):
        return ProtectionElement(id=element_id, from_area=from_area, to_area=to_area, detection_probability=p_d,
                                 detection_at=at, delay_mean_seconds=mean, delay_sd_seconds=sd)
    return ProtectionSystem(
        areas=["offsite", "yard", "warehouse", "cage", "target"], target_area="target",
        elements=[element("fence", "offsite", "yard", 0.5, middle, 20, 6),
                  element("truck_gate", "offsite", "yard", 0.3, begin, 45, 15),
                  element("dock_door", "yard", "warehouse", 0.5, begin, 90, 30),
                  element("wall_panel", "yard", "warehouse", 0.9, end, 60, 20),
                  element("cage_door", "warehouse", "cage", 0.5, middle, 60, 20),
                  element("load_out", "cage", "target", 0.3, begin, 180, 60)],
        response=ResponseForce(time_mean_seconds=300, time_sd_seconds=90),
        alarm_communication_probability=0.95, neutralisation_probability=0.7)


def facilities():
    up, own, down = Segment.UPSTREAM, Segment.OWN, Segment.DOWNSTREAM
    # No daily_value: the supply network prices every facility's and link's outages.
    return [
        Facility(id="factory", kind=FacilityKind.SUPPLIER, segment=up, name="Contract factory (overseas)"),
        Facility(id="factory_b", kind=FacilityKind.SUPPLIER, segment=up, name="Second contract factory (inland)"),
        Facility(id="origin_port", kind=FacilityKind.PORT, segment=up, name="Origin container port"),
        Facility(id="feeder_port", kind=FacilityKind.PORT, segment=up, name="Secondary origin port (feeder service)"),
        Facility(id="dest_port", kind=FacilityKind.PORT, segment=up, name="Destination container port"),
        Facility(id="pcs", kind=FacilityKind.IT_SYSTEM, segment=up, name="Port community system"),
        Facility(id="dc", kind=FacilityKind.DISTRIBUTION_CENTER, segment=own,
                 name="Importer's distribution centre", asset_value=2.5e7, protection=dc_protection()),
        Facility(id="retail_north", kind=FacilityKind.CUSTOMER, segment=down, name="Retail chain, northern stores"),
        Facility(id="retail_south", kind=FacilityKind.CUSTOMER, segment=down, name="Retail chain, southern stores"),
    ]


def links():
    road, sea = LinkMode.ROAD, LinkMode.SEA
    return [
        Link(id="factory_truck", from_="factory", to="origin_port", mode=road, transit_days=1),
        Link(id="factory_b_truck", from_="factory_b", to="origin_port", mode=road, transit_days=2),
        Link(id="feeder_truck", from_="factory", to="feeder_port", mode=road, transit_days=1),
        Link(id="sea_leg", from_="origin_port", to="dest_port", mode=sea, transit_days=28),
        Link(id="feeder_sea_leg", from_="feeder_port", to="dest_port", mode=sea, transit_days=33),
        Link(id="drayage", from_="dest_port", to="dc", mode=road, transit_days=0.5),
        Link(id="road_north", from_="dc", to="retail_north", mode=road, transit_days=1),
        Link(id="road_south", from_="dc", to="retail_south", mode=road, transit_days=2),
        Link(id="pcs_messages", from_="pcs", to="dest_port", mode=LinkMode.INFORMATION, transit_days=0),
    ]


def supply_network():
    """Pallets a day: capacities, stock on hand, the retailers' demand and the value of a lost
    sale. The destination port releases a box only with a PCS release (a bill of materials)."""
    goods = "electronics"
    return SupplyNetwork(
        facilities=[
            FacilityFlow(facility="factory", product=goods, capacity_per_day=110, inventory_units=200),
            FacilityFlow(facility="factory_b", product=goods, capacity_per_day=35),
            FacilityFlow(facility="origin_port", product=goods, capacity_per_day=120, inventory_units=100),
            FacilityFlow(facility="feeder_port", product=goods, capacity_per_day=50),
            FacilityFlow(facility="dest_port", product=goods, capacity_per_day=150,
                         inputs=[BomInput(product=goods, quantity_per_unit=1, inventory_units=100),
                                 BomInput(product="release", quantity_per_unit=1)]),
            FacilityFlow(facility="pcs", product="release"),
            FacilityFlow(facility="dc", product=goods, capacity_per_day=150, inventory_units=400),
            FacilityFlow(facility="retail_north", product=goods, inventory_units=120, demand_per_day=60,
                         lost_sale_value_per_unit=1500),
            FacilityFlow(facility="retail_south", product=goods, inventory_units=80, demand_per_day=40,
                         lost_sale_value_per_unit=1600),
        ],
        links=[LinkFlow(link="factory_truck", capacity_per_day=130),
               LinkFlow(link="factory_b_truck", capacity_per_day=40),
               LinkFlow(link="feeder_truck", capacity_per_day=50),
               LinkFlow(link="sea_leg", capacity_per_day=130),
               LinkFlow(link="feeder_sea_leg", capacity_per_day=50),
               LinkFlow(link="drayage", capacity_per_day=140),
               LinkFlow(link="road_north", capacity_per_day=90),
               LinkFlow(link="road_south", capacity_per_day=60),
               LinkFlow(link="pcs_messages")])


def threats():
    return [
        Threat(id="cargo_theft", name="Cargo theft", category=Category.PHYSICAL, intentional=True,
               rate_per_year=scrisk.Pert(1, 3, 8),
               targets=[Target(link="factory_truck", weight=1), Target(link="drayage", weight=2),
                        Target(link="road_north", weight=3), Target(link="road_south", weight=4),
                        Target(facility="dc", weight=1)],
               vulnerability=0.5, loss=scrisk.Lognormal90(3e4, 9e5)),
        Threat(id="contraband_insertion", name="Container tampering / contraband insertion",
               category=Category.PHYSICAL, intentional=True, rate_per_year=scrisk.Gamma(shape=2, scale=0.3),
               targets=[Target(facility="origin_port", weight=3), Target(link="sea_leg", weight=1),
                        Target(link="factory_truck", weight=1)],
               vulnerability=0.6, loss=scrisk.Lognormal90(2e4, 5e5),
               downtime_days=scrisk.Empirical(values=[3, 10, 30, 90], weights=[55, 30, 12, 3])),
        Threat(id="dc_burglary", name="Burglary of the DC's high-value cage", category=Category.PHYSICAL,
               intentional=True, rate_per_year=scrisk.Pert(0.1, 0.3, 1.5), targets=[Target(facility="dc")],
               vulnerability=0.7, loss=scrisk.Lognormal90(5e4, 1.2e6), downtime_days=scrisk.Triangular(0, 1, 4)),
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
        # One storm strikes every target, each with its own damage probability; severities
        # correlated by a Gaussian copula (rows in the targets' order).
        Threat(id="typhoon", name="Regional typhoon", category=Category.NATURAL, intentional=False,
               rate_per_year=scrisk.Empirical(values=[0, 1, 2, 3], weights=[0.35, 0.40, 0.18, 0.07]),
               common_cause=CommonCause(severity_correlation=[1.0, 0.8, 0.5,
                                                              0.8, 1.0, 0.5,
                                                              0.5, 0.5, 1.0]),
               targets=[Target(facility="origin_port", damage_probability=0.5),
                        Target(facility="feeder_port", damage_probability=0.4),
                        Target(facility="factory", damage_probability=0.15)],
               loss=scrisk.Uniform(0, 1.5e5), downtime_days=scrisk.Lognormal90(1.5, 14)),
        Threat(id="port_strike", name="Destination port strike", category=Category.CONTINUITY,
               rate_per_year=scrisk.Fixed(0.4), targets=[Target(facility="dest_port")],
               loss=scrisk.Normal(mean=25000, sd=20000), downtime_days=scrisk.Lognormal90(2, 20)),
        Threat(id="supplier_failure", name="Supplier failure", category=Category.EXTERNAL,
               rate_per_year=scrisk.Beta(alpha=2, beta=18), targets=[Target(facility="factory")],
               loss=scrisk.Lognormal90(5e4, 5e5), downtime_days=scrisk.Pert(10, 30, 90)),
        Threat(id="customs_noncompliance", name="Customs / regulatory non-compliance",
               category=Category.STAKEHOLDER, rate_per_year=scrisk.Uniform(2, 6),
               targets=[Target(facility="dest_port")], vulnerability=0.35,
               loss=scrisk.Lognormal(mu=8.987, sigma=1.0)),
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
        Control(id="backup_supplier", name="Qualified second source for the whole range (dual sourcing)",
                status=PROPOSED,
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
        Control(id="dc_intrusion_upgrade", name="Cladding vibration sensors and a dock-side guard post at the DC",
                status=PROPOSED, applies_to=[AppliesTo(facility="dc")],
                protection_upgrade=ProtectionUpgrade(
                    element_changes=[ProtectionElementChange(element="wall_panel",
                                                             detection_at=DetectionPoint.BEGINNING)],
                    response=ResponseForce(time_mean_seconds=180, time_sd_seconds=60)),
                annual_cost=20000),
    ]


def importer_model() -> scrisk.Model:
    """The importer's model, equal to scrisk.load("examples/importer.textproto")."""
    return scrisk.Model(
        name="importer", currency="EUR",
        description="Importer of consumer electronics: two factories -> two origin ports -> sea -> "
                    "destination port -> own DC -> retailers",
        facilities=facilities(), links=links(), threats=threats(), controls=controls(),
        supply_network=supply_network(),
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
