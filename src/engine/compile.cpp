// Model -> Plan: resolves ids to indices, works out each risk's factors in every control
// state, and builds the samplers, so that the hot loop never sees a string or a map.
#include <map>
#include <stdexcept>

#include "core/hash.hpp"
#include "core/overloaded.hpp"
#include "engine/common_cause.hpp"
#include "engine/describe_network.hpp"
#include "engine/plan_data.hpp"
#include "scrisk/analysis/protection_analysis.hpp"
#include "scrisk/engine/engine.hpp"
#include "scrisk/model/validate.hpp"

namespace scrisk::engine {
namespace {

using detail::PlanData;
using detail::StateFactors;
using engine::ProtectionPath;
using scrisk::detail::Overloaded;

bool covers(const model::Control& control, const std::string& threat, const std::string& target) {
  for (const model::AppliesTo& scope : control.applies_to) {
    const std::string& scope_target = scope.facility.empty() ? scope.link : scope.facility;
    if ((scope.threat.empty() || scope.threat == threat) && (scope_target.empty() || scope_target == target)) return true;
  }
  return false;
}

/// Value lost per day of downtime at the target. The single place that prices an outage:
/// network propagation replaces this.
double downtime_value_per_day(const model::Model& model, const model::Target& target) {
  auto facility_value = [&](const std::string& id) {
    for (const auto& facility : model.facilities)
      if (facility.id == id) return facility.daily_value;
    throw std::logic_error("unresolved facility " + id);
  };
  if (!target.facility.empty()) return facility_value(target.facility);
  for (const auto& link : model.links)
    if (link.id == target.link) return link.daily_value ? *link.daily_value : facility_value(link.from);
  throw std::logic_error("unresolved link " + target.link);
}

/// The most vulnerable path of each protection system, once per (facility, upgrades applied):
/// the search is exact but not free, and states and toggles share most combinations.
class ProtectionPaths {
 public:
  /// The facility's system with the upgrades of `upgrades` (in model order) applied.
  const ProtectionPath& of(const model::Facility& facility, const std::vector<const model::Control*>& upgrades) {
    std::vector<std::string> key{facility.id};
    for (const model::Control* control : upgrades) key.push_back(control->id);
    auto [it, inserted] = cache_.try_emplace(std::move(key));
    if (inserted) {
      model::ProtectionSystem system = *facility.protection;
      for (const model::Control* control : upgrades) system = model::apply_upgrade(std::move(system), *control->protection_upgrade);
      const analysis::AdversaryPath path = analysis::most_vulnerable_path(system);
      it->second = {path.element_ids, path.interruption_probability, path.system_effectiveness};
    }
    return it->second;
  }

 private:
  std::map<std::vector<std::string>, ProtectionPath> cache_;
};

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
/// How a risk's target is exposed, whatever the controls: a common-cause event damages it
/// with `damage_probability`, and a day of its downtime costs `daily_value` (0 when the
/// supply network prices its outages instead).
struct Exposure {
  double damage_probability = 1;
  double daily_value = 0;
};

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

/// Current and residual protection of every protected facility, for the report: residual
/// with the upgrades of every PROPOSED control whose scope names the facility.
void describe_protection(PlanData& plan, const model::Model& model, ProtectionPaths& protection) {
  for (const model::Facility& facility : model.facilities) {
    if (!facility.protection) continue;
    std::vector<const model::Control*> upgrades;
    for (const model::Control& control : model.controls) {
      if (!control.protection_upgrade || control.status != model::ControlStatus::kProposed) continue;
      for (const model::AppliesTo& scope : control.applies_to)
        if (scope.facility == facility.id) {
          upgrades.push_back(&control);
          break;
        }
    }
    plan.protection_labels.push_back({facility.id, protection.of(facility, {}), protection.of(facility, upgrades)});
  }
}

/// Every facility, then every link, with its ISO 28000 3.9 segment.
void describe_targets(PlanData& plan, const model::Model& model) {
  std::map<std::string, model::Segment> segments;
  for (const model::Facility& facility : model.facilities) {
    plan.target_labels.push_back({facility.id, false, facility.segment});
    segments.emplace(facility.id, facility.segment);
  }
  for (const model::Link& link : model.links) plan.target_labels.push_back({link.id, true, segments.at(link.from)});
}

/// Compiles the supply network, with every single-element loss curve solved now (the
/// simulation then only looks them up), and its labels for the report.
void compile_network(PlanData& plan, const model::Model& model) {
  if (!model.supply_network) return;
  auto network = std::make_shared<analysis::NetworkLossModel>(model, *model.supply_network);
  network->precompute_single_outages();
  plan.network_labels = detail::describe_network(model, *network);
  plan.network = std::move(network);
}

std::uint32_t add_sampler(PlanData& plan, const std::optional<Distribution>& distribution) {
  if (!distribution) return detail::kNoSampler;
  plan.samplers.push_back(detail::make_sampler(*distribution));
  return std::uint32_t(plan.samplers.size() - 1);
}

/// The vector form of a consequence's law; a sampler only for the laws drawn the scalar way.
detail::ConsequenceLaw consequence_law(PlanData& plan, const std::optional<Distribution>& distribution) {
  detail::ConsequenceLaw law = detail::make_consequence_law(distribution, detail::kNoSampler);
  if (law.shape == detail::LawShape::kScalar) law.sampler = add_sampler(plan, distribution);
  return law;
}

void hash_distribution(scrisk::detail::Fnv1a& hash, const std::optional<Distribution>& distribution) {
  if (!distribution) {
    hash.add_word(~std::uint64_t{0});
    return;
  }
  hash.add_word(distribution->index());
  auto add = [&](auto... values) { (hash.add(double(values)), ...); };
  std::visit(Overloaded{
                 [&](const Fixed& d) { add(d.value); },
                 [&](const Uniform& d) { add(d.low, d.high); },
                 [&](const Triangular& d) { add(d.low, d.mode, d.high); },
                 [&](const Pert& d) { add(d.low, d.mode, d.high, d.lambda); },
                 [&](const Normal& d) { add(d.mean, d.sd); },
                 [&](const Lognormal& d) { add(d.mu, d.sigma); },
                 [&](const Lognormal90& d) { add(d.low, d.high); },
                 [&](const Gamma& d) { add(d.shape, d.scale); },
                 [&](const Beta& d) { add(d.alpha, d.beta); },
                 [&](const Poisson& d) { add(d.mean); },
                 [&](const Empirical& d) {
                   for (double value : d.values) add(value);
                   hash.add_word(d.values.size());
                   for (double weight : d.weights) add(weight);
                 },
             },
             *distribution);
}

/// Identifies what a run simulates, so that merge() refuses results of different models.
void fingerprint(PlanData& plan, const model::Model& model) {
  scrisk::detail::Fnv1a hash;
  for (const auto& risk : plan.risk_labels) hash.add(risk.threat).add(risk.target);
  for (const auto& control : plan.control_labels) hash.add(control.id).add(control.annual_cost);
  for (const auto& label : plan.protection_labels)
    for (const ProtectionPath* path : {&label.current, &label.residual}) {
      hash.add(label.facility).add(path->interruption_probability).add(path->system_effectiveness);
      for (const auto& element : path->element_ids) hash.add(element);
    }
  for (const auto& label : plan.network_labels) {
    hash.add(label.id).add(label.final_slope_per_day);
    for (const auto& [days, value] : label.loss_curve) hash.add(days).add(value);
  }
  auto add_factors = [&](const StateFactors& f) {
    hash.add(f.pass).add(f.p_success).add(f.loss_factor).add(f.downtime_value_per_day).add(f.downtime_factor);
  };
  for (const auto& risk : plan.risks) {
    hash.add_word(risk.network_element);
    for (const auto& state : risk.states) add_factors(state);
  }
  for (const auto& toggle : plan.toggles) {
    hash.add_word(toggle.control);
    add_factors(toggle.factors);
  }
  for (const auto& threat : model.threats) {
    for (const auto& target : threat.targets) hash.add(target.weight);
    hash.add_word(threat.common_cause ? threat.common_cause->severity_correlation.size() + 1 : 0);
    if (threat.common_cause)
      for (const double correlation : threat.common_cause->severity_correlation) hash.add(correlation);
    hash_distribution(hash, threat.rate_per_year);
    hash_distribution(hash, threat.loss);
    hash_distribution(hash, threat.downtime_days);
  }
  // Which outages are priced together changes the losses but no label above. The default
  // adds nothing, so fingerprints of models that leave it are those of before the field.
  if (model.supply_network && model.supply_network->interaction_scope != model::InteractionScope::kAllPairs)
    hash.add_word(std::uint64_t(model.supply_network->interaction_scope));
  plan.fingerprint = hash.value();
}

std::shared_ptr<const PlanData> compile(const model::Model& model) {
  model::validate(model);
  auto plan = std::make_shared<PlanData>();
  plan->model_name = model.name;
  plan->currency = model.currency;

  std::map<std::string, std::uint32_t> control_index;
  for (const auto& control : model.controls) {
    control_index.emplace(control.id, std::uint32_t(plan->control_labels.size()));
    plan->control_labels.push_back({control.id, control.status, control.annual_cost});
  }

  compile_network(*plan, model);  // first: risks priced through the network need its element indices
  ProtectionPaths protection;
  std::map<std::uint64_t, std::string> stream_owner;
  for (const auto& threat : model.threats) {
    detail::ThreatPlan compiled;
    compiled.stream_id = scrisk::detail::Fnv1a().add(threat.id).value();
    if (auto [it, inserted] = stream_owner.emplace(compiled.stream_id, threat.id); !inserted)
      throw std::runtime_error("threat ids \"" + it->second + "\" and \"" + threat.id + "\" hash alike; rename one");
    // A table of at most 2^14 counts covers mean rates up to about 15,000 a year.
    if (auto pmf = detail::mixed_poisson_pmf(*threat.rate_per_year, std::size_t{1} << 14)) compiled.attempts.emplace(*pmf);
    else compiled.rate = add_sampler(*plan, threat.rate_per_year);
    compiled.loss = consequence_law(*plan, threat.loss);
    compiled.downtime = consequence_law(*plan, threat.downtime_days);
    compiled.first_risk = std::uint32_t(plan->risks.size());
    compiled.risk_count = std::uint32_t(threat.targets.size());
    if (threat.common_cause)
      compiled.common_cause.emplace(detail::CommonCausePlan{
          detail::GaussianCopula(threat.common_cause->severity_correlation, threat.targets.size()), threat.loss,
          threat.downtime_days});
    else if (threat.targets.size() > 1) {
      std::vector<double> weights;
      for (const auto& target : threat.targets) weights.push_back(target.weight);
      compiled.pick_target.emplace(weights);
    }

    for (const auto& target : threat.targets) {
      detail::RiskPlan risk;
      if (plan->network)
        if (const auto element = plan->network->find(target.id())) risk.network_element = *element;
      const Exposure exposure{target.damage_probability.value_or(1.0),
                              risk.network_element == detail::kNotInNetwork ? downtime_value_per_day(model, target) : 0.0};
      const model::Facility* protected_facility = nullptr;
      if (threat.intentional && !target.facility.empty())
        for (const auto& facility : model.facilities)
          if (facility.id == target.facility && facility.protection) protected_facility = &facility;
      std::vector<const model::Control*> existing, proposed;
      for (const auto& control : model.controls)
        if (covers(control, threat.id, target.id()))
          (control.status == model::ControlStatus::kExisting ? existing : proposed).push_back(&control);

      std::vector<const model::Control*> all = existing;
      all.insert(all.end(), proposed.begin(), proposed.end());
      risk.states[int(State::kInherent)] = factors(threat, exposure, {}, nullptr, protection);
      risk.states[int(State::kCurrent)] = factors(threat, exposure, existing, protected_facility, protection);
      risk.states[int(State::kResidual)] = factors(threat, exposure, all, protected_facility, protection);
      for (int s = 0; s < kStateCount; ++s) risk.limits[std::size_t(s)] = detail::StateLimits(risk.states[std::size_t(s)]);

      risk.first_toggle = std::uint32_t(plan->toggles.size());
      for (const model::Control* control : all) {
        std::vector<const model::Control*> toggled;
        const bool is_existing = control->status == model::ControlStatus::kExisting;
        for (const model::Control* other : existing)
          if (other != control) toggled.push_back(other);
        if (!is_existing) toggled.push_back(control);
        const StateFactors toggled_factors = factors(threat, exposure, toggled, protected_facility, protection);
        plan->toggles.push_back({control_index.at(control->id), toggled_factors, is_existing ? 1.0 : -1.0,
                                 detail::StateLimits(toggled_factors)});
      }
      risk.toggle_count = std::uint32_t(plan->toggles.size() - risk.first_toggle);
      plan->risks.push_back(risk);
      plan->risk_labels.push_back({threat.id, target.id(), target.facility.empty()});
    }
    plan->threats.push_back(std::move(compiled));
  }
  describe_protection(*plan, model, protection);
  describe_targets(*plan, model);
  fingerprint(*plan, model);
  return plan;
}

}  // namespace

Plan::Plan(const model::Model& model) : data_(compile(model)) {}

const std::vector<RiskLabel>& Plan::risks() const { return data_->risk_labels; }
const std::vector<ControlLabel>& Plan::controls() const { return data_->control_labels; }

}  // namespace scrisk::engine
