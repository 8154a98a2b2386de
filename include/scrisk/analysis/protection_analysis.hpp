// Physical-protection analysis: the probability of interruption P_I of an adversary path by
// EASI (Bennett 1977; Garcia, Design and Evaluation of Physical Protection Systems), and the
// most vulnerable path, the one with the lowest P_I. Formulas and conventions: docs/protection.md.
//
// The engine calls these at compile time: P_E = P_I x P_N of a facility's protection system
// is the probability an intentional attack is stopped, and of apply_upgrade(system, upgrade)
// the same for the residual state.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>
#include "scrisk/core/error.hpp"

#include "scrisk/model/protection.hpp"

namespace scrisk::analysis {

/// EASI's P_I of the elements crossed in this order, the first from off-site, the last at the
/// target. The elements must be valid (model::find_protection_problems); only their detection
/// and delay fields are read. Throws UsageError for an element with
/// detection_probability > 0 and no detection point.
[[nodiscard]] double interruption_probability(std::span<const model::ProtectionElement> path,
                                              const model::ResponseForce& response, double alarm_communication_probability);

/// P_I of the path through `system` given by element ids in the order crossed. Throws
/// ModelError when the system is invalid, UsageError when the ids do not lead from
/// the off-site area to the target area, each element starting where the previous one ended.
[[nodiscard]] double interruption_probability(const model::ProtectionSystem& system, const std::vector<std::string>& element_ids);

/// The adversary's best path through a protection system.
struct AdversaryPath {
  std::vector<std::string> element_ids;  ///< in the order crossed, off-site to target
  double interruption_probability = 0;   ///< P_I, the minimum over every path
  double system_effectiveness = 0;       ///< P_E = P_I x P_N
};

/// Bound on the work of the most-vulnerable-path search (partial paths examined). The number
/// of paths can grow exponentially with the number of areas; past the limit the search throws
/// PathSearchLimitExceeded rather than answer with a path that may not be the minimum.
struct PathSearchLimits {
  std::uint64_t max_partial_paths = 10'000'000;
};

/// The search reached PathSearchLimits: the model's protection system has too many paths
/// (a ModelError whose one problem is at `protection`).
class PathSearchLimitExceeded : public ModelError {
 public:
  explicit PathSearchLimitExceeded(const std::string& message) : ModelError({Problem{"protection", message}}) {}
};

/// The path from the off-site area to the target with the lowest P_I, found exactly (a
/// depth-first search over every path, pruned only by a proven lower bound). Among paths whose
/// P_I ties, the first in element order. Throws ModelError when the system is invalid (field
/// paths under `protection`), PathSearchLimitExceeded past the limit.
[[nodiscard]] AdversaryPath most_vulnerable_path(const model::ProtectionSystem& system, const PathSearchLimits& limits = {});

}  // namespace scrisk::analysis
