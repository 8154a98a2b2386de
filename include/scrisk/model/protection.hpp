// A facility's physical protection system: areas nested from off-site to the target, the
// protection elements (fence, gate, door, vault...) an adversary crosses between them, and
// the response force. Plain types, as the rest of model::; the analysis (P_I by EASI, the most
// vulnerable path) is in scrisk/analysis/protection_analysis.hpp, the formulas in
// docs/protection.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scrisk/core/error.hpp"

namespace scrisk::model {

/// Where in an element's task the adversary is detected, if at all (EASI's B / M / E):
/// the response force then has the whole, half, or none of the element's delay to use.
enum class DetectionPoint { kUnspecified, kBeginning, kMiddle, kEnd };

/// One way across one boundary: an edge `from_area -> to_area` of the area graph. Several
/// elements between the same two areas are alternatives (a fence and a gate into the same
/// limited area); an adversary crosses exactly one of them.
struct ProtectionElement {
  std::string id;  ///< unique within its protection system
  std::string from_area, to_area;
  double detection_probability = 0;  ///< P_D: detected (sensed, assessed) while crossing
  /// Required when detection_probability > 0; irrelevant (and may stay unspecified) when 0.
  DetectionPoint detection_at = DetectionPoint::kUnspecified;
  double delay_mean_seconds = 0;  ///< time the adversary needs to cross
  double delay_sd_seconds = 0;    ///< its standard deviation (EASI treats delays as normal)
  std::string name;
};

/// Time from the first (communicated) alarm until the response force interrupts, seconds.
struct ResponseForce {
  double time_mean_seconds = 0;
  double time_sd_seconds = 0;
};

/// The layered structure is a directed acyclic graph of areas. `areas[0]` is off-site,
/// where every adversary path starts; a path ends on reaching `target_area`. A strictly
/// layered adversary sequence diagram (off-site | limited | protected | vital | target, each
/// layer a set of alternative elements) is areas in that order with every element leading
/// from one area to the next; elements that skip areas or join branches make a general DAG.
/// The task at the target itself (sabotage, theft) is an element into a "target" area.
struct ProtectionSystem {
  std::vector<std::string> areas;  ///< area ids; the first is off-site
  std::string target_area;
  std::vector<ProtectionElement> elements;
  ResponseForce response;
  double alarm_communication_probability = 1;  ///< P_C: an alarm reaches the response force
  double neutralisation_probability = 1;       ///< P_N: the response force, once there, wins
};

/// The fields of one existing element that an upgrade changes; unset fields keep their value.
struct ProtectionElementChange {
  std::string element{};  ///< id of the element changed
  std::optional<double> detection_probability{};
  std::optional<DetectionPoint> detection_at{};
  std::optional<double> delay_mean_seconds{};
  std::optional<double> delay_sd_seconds{};
};

/// What a proposed protection upgrade changes (a better sensor, a hardened door, a closed
/// gate, a faster or larger response force). Unset fields keep the current value. A PROPOSED
/// control carries one; the residual state applies the upgrades of every proposed control
/// in model order, a later one overriding what an earlier one set.
struct ProtectionUpgrade {
  std::vector<ProtectionElementChange> element_changes{};
  std::vector<std::string> removed_elements{};  ///< ids of elements the upgrade takes away
  std::optional<ResponseForce> response{};
  std::optional<double> alarm_communication_probability{};
  std::optional<double> neutralisation_probability{};
};

/// Every problem in `system` (out-of-range or NaN numbers, missing, duplicate or dangling
/// ids, a cycle of areas, no path from off-site to the target), each with its field path
/// under `path_prefix` (e.g. `facilities[2].protection`). Empty when the system is valid.
[[nodiscard]] std::vector<Problem> find_protection_problems(const ProtectionSystem& system, const std::string& path_prefix);

/// Every problem in `upgrade` as applied to `system` (which should itself be valid): values
/// out of range, unknown element ids, an element changed twice, and removals that leave no
/// path to the target. Paths are under `path_prefix` (e.g. `controls[4].protection_upgrade`).
[[nodiscard]] std::vector<Problem> find_protection_upgrade_problems(const ProtectionSystem& system,
                                                                    const ProtectionUpgrade& upgrade,
                                                                    const std::string& path_prefix);

/// `system` with `upgrade` applied. Throws UsageError when the upgrade names an
/// element the system does not have (find_protection_upgrade_problems reports it first).
[[nodiscard]] ProtectionSystem apply_upgrade(ProtectionSystem system, const ProtectionUpgrade& upgrade);

/// The model-file spelling: "BEGINNING", "MIDDLE", "END", "DETECTION_POINT_UNSPECIFIED".
[[nodiscard]] const char* to_string(DetectionPoint value);

}  // namespace scrisk::model
