// The control states of one risk: the factors of the inherent, current and residual states
// and of the current state with each control that covers the risk toggled.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/plan_data.hpp"
#include "engine/state_factors.hpp"
#include "scrisk/analysis/protection_analysis.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::engine::detail {

/// The most vulnerable path of each protection system, once per (facility, upgrades applied):
/// the search is exact but not free, and states and toggles share most combinations.
class ProtectionPaths {
 public:
  explicit ProtectionPaths(const std::vector<model::Facility>& facilities) : facilities_(facilities) {}

  /// The facility's system with the upgrades of `upgrades` (in model order) applied. A system
  /// with too many paths is a ModelError at `facilities[i].protection`.
  const analysis::AdversaryPath& of(const model::Facility& facility, const std::vector<const model::Control*>& upgrades);

 private:
  const std::vector<model::Facility>& facilities_;  // the facility's index names it in errors
  std::map<std::vector<std::string>, analysis::AdversaryPath> cache_;
};

/// How a risk's target is exposed, whatever the controls: a common-cause event damages it
/// with `damage_probability`, and a day of its downtime costs `daily_value` (0 when the
/// supply network prices its outages instead).
struct Exposure {
  double damage_probability = 1;
  double daily_value = 0;
};

/// Value lost per day of downtime at the target (a link's defaults to its from-facility's).
[[nodiscard]] double downtime_value_per_day(const model::Model& model, const model::Target& target);

/// The risk (threat, target)'s three states into `risk.states` and `risk.limits`, and one
/// toggle per control that covers it appended to `toggles` (risk.first_toggle and
/// toggle_count set).
void compile_control_states(const model::Model& model, const model::Threat& threat, const model::Target& target,
                            Exposure exposure, ProtectionPaths& protection, RiskPlan& risk, std::vector<Toggle>& toggles);

}  // namespace scrisk::engine::detail
