#include "assess/protection_description.hpp"

#include "scrisk/analysis/protection_analysis.hpp"
#include "scrisk/model/protection.hpp"

namespace scrisk::assess::detail {
namespace {

ProtectionPath path_of(const model::ProtectionSystem& system) {
  const analysis::AdversaryPath path = analysis::most_vulnerable_path(system);
  return {path.element_ids, path.interruption_probability, path.system_effectiveness};
}

bool names(const model::Control& control, const std::string& facility) {
  for (const model::AppliesTo& scope : control.applies_to)
    if (scope.facility == facility) return true;
  return false;
}

}  // namespace

std::vector<FacilityProtection> describe_protection(const model::Model& model) {
  std::vector<FacilityProtection> described;
  for (const model::Facility& facility : model.facilities) {
    if (!facility.protection) continue;
    model::ProtectionSystem upgraded = *facility.protection;
    for (const model::Control& control : model.controls)
      if (control.protection_upgrade && control.status == model::ControlStatus::kProposed && names(control, facility.id))
        upgraded = model::apply_upgrade(std::move(upgraded), *control.protection_upgrade);
    try {
      described.push_back({facility.id, path_of(*facility.protection), path_of(upgraded)});
    } catch (const analysis::PathSearchLimitExceeded& error) {
      throw ModelError({Problem{"facilities[" + std::to_string(&facility - model.facilities.data()) + "].protection",
                                error.problems().front().message}});
    }
  }
  return described;
}

}  // namespace scrisk::assess::detail
