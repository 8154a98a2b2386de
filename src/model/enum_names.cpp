#include "scrisk/model/model.hpp"

namespace scrisk::model {

const char* to_string(Segment value) {
  switch (value) {
    case Segment::kUpstream: return "UPSTREAM";
    case Segment::kOwn: return "OWN";
    case Segment::kDownstream: return "DOWNSTREAM";
    case Segment::kUnspecified: break;
  }
  return "SEGMENT_UNSPECIFIED";
}

const char* to_string(FacilityKind value) {
  switch (value) {
    case FacilityKind::kPlant: return "PLANT";
    case FacilityKind::kWarehouse: return "WAREHOUSE";
    case FacilityKind::kPort: return "PORT";
    case FacilityKind::kTerminal: return "TERMINAL";
    case FacilityKind::kDistributionCenter: return "DISTRIBUTION_CENTER";
    case FacilityKind::kVehicle: return "VEHICLE";
    case FacilityKind::kVessel: return "VESSEL";
    case FacilityKind::kItSystem: return "IT_SYSTEM";
    case FacilityKind::kSupplier: return "SUPPLIER";
    case FacilityKind::kCustomer: return "CUSTOMER";
    case FacilityKind::kOffice: return "OFFICE";
    case FacilityKind::kUnspecified: break;
  }
  return "KIND_UNSPECIFIED";
}

const char* to_string(LinkMode value) {
  switch (value) {
    case LinkMode::kRoad: return "ROAD";
    case LinkMode::kRail: return "RAIL";
    case LinkMode::kSea: return "SEA";
    case LinkMode::kAir: return "AIR";
    case LinkMode::kPipeline: return "PIPELINE";
    case LinkMode::kInformation: return "INFORMATION";
    case LinkMode::kInlandWaterway: return "INLAND_WATERWAY";
    case LinkMode::kUnspecified: break;
  }
  return "MODE_UNSPECIFIED";
}

const char* to_string(ThreatCategory value) {
  switch (value) {
    case ThreatCategory::kPhysical: return "PHYSICAL";
    case ThreatCategory::kOperational: return "OPERATIONAL";
    case ThreatCategory::kNatural: return "NATURAL";
    case ThreatCategory::kExternal: return "EXTERNAL";
    case ThreatCategory::kStakeholder: return "STAKEHOLDER";
    case ThreatCategory::kSecurityEquipment: return "SECURITY_EQUIPMENT";
    case ThreatCategory::kInformation: return "INFORMATION";
    case ThreatCategory::kContinuity: return "CONTINUITY";
    case ThreatCategory::kUnspecified: break;
  }
  return "CATEGORY_UNSPECIFIED";
}

const char* to_string(ControlStatus value) {
  switch (value) {
    case ControlStatus::kExisting: return "EXISTING";
    case ControlStatus::kProposed: return "PROPOSED";
    case ControlStatus::kUnspecified: break;
  }
  return "STATUS_UNSPECIFIED";
}

}  // namespace scrisk::model
