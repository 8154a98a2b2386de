// The supply-chain security model: facilities and links, threats, controls, risk criteria.
// Plain C++ types: the engine, the API and the bindings speak these, never Protobuf.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scrisk/core/distribution.hpp"
#include "scrisk/model/limits.hpp"
#include "scrisk/model/protection.hpp"
#include "scrisk/model/supply_network.hpp"

namespace scrisk::model {

/// ISO 28000 3.9: position relative to the organization's operational control.
enum class Segment { kUnspecified, kUpstream, kOwn, kDownstream };

enum class FacilityKind {
  kUnspecified,
  kPlant,
  kWarehouse,
  kPort,
  kTerminal,
  kDistributionCenter,
  kVehicle,
  kVessel,
  kItSystem,
  kSupplier,
  kCustomer,
  kOffice,
};

enum class LinkMode { kUnspecified, kRoad, kRail, kSea, kAir, kPipeline, kInformation, kInlandWaterway };

/// ISO 28000 4.3.1 a) to h).
enum class ThreatCategory {
  kUnspecified,
  kPhysical,           ///< a) physical failure, malicious damage, criminal action
  kOperational,        ///< b) control of security, human factors
  kNatural,            ///< c) natural environmental events
  kExternal,           ///< d) factors outside the organization's control
  kStakeholder,        ///< e) regulatory failure, reputation, brand
  kSecurityEquipment,  ///< f) security equipment design, installation, maintenance
  kInformation,        ///< g) information, data and communications
  kContinuity,         ///< h) continuity of operations
};

enum class ControlStatus { kUnspecified, kExisting, kProposed };

struct Facility {
  std::string id;
  FacilityKind kind = FacilityKind::kUnspecified;
  Segment segment = Segment::kUnspecified;
  double asset_value = 0;  ///< currency
  double daily_value = 0;  ///< currency lost per day out of service
  std::string name;
  /// Physical protection against intentional threats: P_E of its most vulnerable path is
  /// one more independent barrier in the current and residual states (docs/protection.md).
  std::optional<ProtectionSystem> protection{};
};

struct Link {
  std::string id;
  std::string from, to;  ///< facility ids
  LinkMode mode = LinkMode::kUnspecified;
  double transit_days = 0;
  std::optional<double> daily_value;  ///< the from-facility's when empty
  std::string name;
};

/// A threat's target: exactly one of `facility` and `link` is set.
struct Target {
  std::string facility;
  std::string link;
  double weight = 1;  ///< relative share of the threat's attempts (not used by common-cause threats)
  /// Common-cause threats only: P(one event damages this target); 1 when empty.
  std::optional<double> damage_probability{};

  [[nodiscard]] const std::string& id() const { return facility.empty() ? link : facility; }
};

/// A common-cause event's correlation of severities across the targets it damages: a
/// Gaussian copula for the losses and another, with the same matrix, for the downtimes.
struct CommonCause {
  /// Row-major, one row per target in the threat's order; empty: the identity.
  std::vector<double> severity_correlation;
};

struct Threat {
  std::string id;
  ThreatCategory category = ThreatCategory::kUnspecified;
  bool intentional = false;
  std::optional<Distribution> rate_per_year;  ///< attempts per year; required
  std::vector<Target> targets;
  double vulnerability = 1;                   ///< P(attempt succeeds | no controls)
  std::optional<Distribution> loss;           ///< direct loss per successful event; zero when empty
  std::optional<Distribution> downtime_days;  ///< outage per successful event; zero when empty
  std::string name;
  /// When present, each event strikes every target at once (each damaged with its
  /// damage_probability), with severities correlated across the targets.
  std::optional<CommonCause> common_cause{};
};

/// Which (threat, target) pairs a control covers; an empty field is a wildcard.
struct AppliesTo {
  std::string threat;
  std::string facility;
  std::string link;
};

struct Control {
  std::string id;
  ControlStatus status = ControlStatus::kUnspecified;
  std::vector<AppliesTo> applies_to;
  double effectiveness = 0;       ///< P(stops a successful attempt | available)
  double availability = 1;        ///< P(working when needed)
  double deterrence = 0;          ///< fraction of attempts that never happen
  double loss_reduction = 0;      ///< fraction of direct loss avoided
  double downtime_reduction = 0;  ///< fraction of downtime avoided
  double annual_cost = 0;         ///< currency per year
  std::string name;
  /// PROPOSED controls only: what the control changes in the protection system of each
  /// facility it applies to (its intentional threats see the upgraded P_E).
  std::optional<ProtectionUpgrade> protection_upgrade{};
};

/// Risk evaluation criteria (ISO 28000 4.3.1: tolerability of current and residual risk).
struct Criteria {
  std::vector<double> likelihood_bands_per_year{0.01, 0.1, 1, 10};  ///< 4 thresholds -> 5 bands
  std::vector<double> impact_bands{1e4, 1e5, 1e6, 1e7};             ///< 4 thresholds -> 5 bands
  double intolerable_ale = 1e6;                                     ///< a risk's ALE at or above this is INTOLERABLE
  double broadly_acceptable_ale = 1e4;                 ///< a risk's ALE at or below this is ACCEPTABLE; ALARP between
  std::optional<double> total_intolerable_ale;         ///< for the total; intolerable_ale when empty
  std::optional<double> total_broadly_acceptable_ale;  ///< for the total; broadly_acceptable_ale when empty
};

struct Model {
  std::string name;
  std::string currency;
  std::string description;
  std::vector<Facility> facilities;
  std::vector<Link> links;
  std::vector<Threat> threats;
  std::vector<Control> controls;
  Criteria criteria;
  /// The flow of goods (docs/network.md). When present, outages of the facilities and
  /// links it lists are priced by the network's lost sales instead of their daily value.
  std::optional<SupplyNetwork> supply_network{};
};

/// The model-file spelling of each enum value (e.g. "DISTRIBUTION_CENTER").
[[nodiscard]] const char* to_string(Segment value);
[[nodiscard]] const char* to_string(FacilityKind value);
[[nodiscard]] const char* to_string(LinkMode value);
[[nodiscard]] const char* to_string(ThreatCategory value);
[[nodiscard]] const char* to_string(ControlStatus value);

}  // namespace scrisk::model
