#include "engine/control_states.hpp"

#include "scrisk/core/error.hpp"

namespace scrisk::engine::detail {
namespace {

bool covers(const model::Control& control, const std::string& threat, const std::string& target) {
  for (const model::AppliesTo& scope : control.applies_to) {
    const std::string& scope_target = scope.facility.empty() ? scope.link : scope.facility;
    if ((scope.threat.empty() || scope.threat == threat) && (scope_target.empty() || scope_target == target)) return true;
  }
  return false;
}

/// The controls of `controls` that upgrade protection, in their order.
std::vector<const model::Control*> upgrades_among(const std::vector<const model::Control*>& controls) {
  std::vector<const model::Control*> upgrades;
  for (const model::Control* control : controls)
    if (control->protection_upgrade) upgrades.push_back(control);
  return upgrades;
}

/// Factors of a risk when exactly the controls in `active` are in place (independent
/// barriers). `protected_facility`: the target's protection system stops an intentional
/// attack with probability P_E (its most vulnerable path, with the active upgrades), one more
/// barrier; null for the inherent state, non-intentional threats and unprotected targets.
StateFactors factors(const model::Threat& threat, Exposure exposure, const std::vector<const model::Control*>& active,
                     const model::Facility* protected_facility, ProtectionPaths& protection) {
  StateFactors f;
  f.p_success = threat.vulnerability * exposure.damage_probability;
  for (const model::Control* control : active) {
    f.pass *= 1 - control->deterrence;
    f.p_success *= 1 - control->effectiveness * control->availability;
    f.loss_factor *= 1 - control->loss_reduction;
    f.downtime_factor *= 1 - control->downtime_reduction;
  }
  if (protected_facility != nullptr)
    f.p_success *= 1 - protection.of(*protected_facility, upgrades_among(active)).system_effectiveness;
  f.downtime_value_per_day = f.downtime_factor * exposure.daily_value;
  return f;
}

const model::Facility* protected_target(const model::Model& model, const model::Threat& threat, const model::Target& target) {
  if (!threat.intentional || target.facility.empty()) return nullptr;
  const model::Facility* found = nullptr;
  for (const auto& facility : model.facilities)
    if (facility.id == target.facility && facility.protection) found = &facility;
  return found;
}

}  // namespace

const analysis::AdversaryPath& ProtectionPaths::of(const model::Facility& facility,
                                                   const std::vector<const model::Control*>& upgrades) {
  std::vector<std::string> key{facility.id};
  for (const model::Control* control : upgrades) key.push_back(control->id);
  auto [it, inserted] = cache_.try_emplace(std::move(key));
  if (!inserted) return it->second;
  model::ProtectionSystem system = *facility.protection;
  for (const model::Control* control : upgrades) system = model::apply_upgrade(std::move(system), *control->protection_upgrade);
  try {
    it->second = analysis::most_vulnerable_path(system);
  } catch (const analysis::PathSearchLimitExceeded& error) {
    cache_.erase(it);
    throw ModelError({Problem{"facilities[" + std::to_string(&facility - facilities_.data()) + "].protection",
                              error.problems().front().message}});
  }
  return it->second;
}

double downtime_value_per_day(const model::Model& model, const model::Target& target) {
  auto facility_value = [&](const std::string& id) {
    for (const auto& facility : model.facilities)
      if (facility.id == id) return facility.daily_value;
    throw InternalError("unresolved facility " + id + " (validation resolves every id)");
  };
  if (!target.facility.empty()) return facility_value(target.facility);
  for (const auto& link : model.links)
    if (link.id == target.link) return link.daily_value ? *link.daily_value : facility_value(link.from);
  throw InternalError("unresolved link " + target.link + " (validation resolves every id)");
}

void compile_control_states(const model::Model& model, const model::Threat& threat, const model::Target& target,
                            Exposure exposure, ProtectionPaths& protection, RiskPlan& risk, std::vector<Toggle>& toggles) {
  const model::Facility* protected_facility = protected_target(model, threat, target);
  std::vector<const model::Control*> existing, proposed;
  for (const auto& control : model.controls)
    if (covers(control, threat.id, target.id()))
      (control.status == model::ControlStatus::kExisting ? existing : proposed).push_back(&control);
  std::vector<const model::Control*> all = existing;
  all.insert(all.end(), proposed.begin(), proposed.end());
  risk.states[int(State::kInherent)] = factors(threat, exposure, {}, nullptr, protection);
  risk.states[int(State::kCurrent)] = factors(threat, exposure, existing, protected_facility, protection);
  risk.states[int(State::kResidual)] = factors(threat, exposure, all, protected_facility, protection);
  for (int s = 0; s < kStateCount; ++s) risk.limits[std::size_t(s)] = StateLimits(risk.states[std::size_t(s)]);

  risk.first_toggle = std::uint32_t(toggles.size());
  for (const model::Control* control : all) {
    std::vector<const model::Control*> toggled;
    const bool is_existing = control->status == model::ControlStatus::kExisting;
    for (const model::Control* other : existing)
      if (other != control) toggled.push_back(other);
    if (!is_existing) toggled.push_back(control);
    const StateFactors toggled_factors = factors(threat, exposure, toggled, protected_facility, protection);
    toggles.push_back({std::uint32_t(control - model.controls.data()), toggled_factors, is_existing ? 1.0 : -1.0,
                       StateLimits(toggled_factors)});
  }
  risk.toggle_count = std::uint32_t(toggles.size() - risk.first_toggle);
}

}  // namespace scrisk::engine::detail
