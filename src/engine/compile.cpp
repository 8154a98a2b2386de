// Model -> Plan: resolves ids to indices, works out each risk's factors in every control
// state (control_states.cpp), and builds the samplers, so that the hot loop never sees a
// string or a map.
#include <map>

#include "core/guard.hpp"
#include "core/hash.hpp"
#include "engine/common_cause.hpp"
#include "engine/control_states.hpp"
#include "engine/fingerprint.hpp"
#include "engine/plan_data.hpp"
#include "scrisk/engine/engine.hpp"
#include "scrisk/model/validate.hpp"

namespace scrisk::engine {
namespace {

using detail::PlanData;

/// Compiles the supply network, every single-element loss curve solved (the simulation
/// then only looks them up).
void compile_network(PlanData& plan, const model::Model& model, const CompileOptions& options) {
  if (!model.supply_network) return;
  analysis::NetworkLossOptions network_options;
  network_options.cancelled = options.cancelled;
  plan.network = std::make_shared<analysis::NetworkLossModel>(model, *model.supply_network, network_options);
}

detail::Isa instruction_set(const CompileOptions& options) {
  if (options.instruction_set.empty()) return detail::choose_isa(std::nullopt);
  const auto isa = detail::isa_named(options.instruction_set);
  if (!isa) throw UsageError("instruction_set", "must be scalar, sse2, avx2 or avx512, got \"" + options.instruction_set + "\"");
  return detail::choose_isa(isa);
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

/// A threat's random stream is keyed by a hash of its id, so that adding or reordering
/// threats moves no other threat's draws; two ids that hash alike would share draws.
std::uint64_t stream_id(const model::Model& model, std::size_t threat_index, std::map<std::uint64_t, std::size_t>& owners) {
  const std::uint64_t id = scrisk::detail::Fnv1a().add(model.threats[threat_index].id).value();
  if (auto [it, inserted] = owners.emplace(id, threat_index); !inserted)
    throw ModelError({Problem{"threats[" + std::to_string(threat_index) + "].id",
                              "\"" + model.threats[threat_index].id + "\" and threats[" + std::to_string(it->second) + "].id \"" +
                                  model.threats[it->second].id + "\" have the same random stream (FNV-1a hash); rename one"}});
  return id;
}

/// How many attempts a year and what an event costs: the threat's laws.
void compile_laws(PlanData& plan, const model::Threat& threat, detail::ThreatPlan& compiled) {
  // A table of at most 2^14 counts covers mean rates up to about 15,000 a year.
  if (auto pmf = detail::mixed_poisson_pmf(*threat.rate_per_year, std::size_t{1} << 14))
    compiled.attempts.emplace(*pmf);
  else
    compiled.rate = add_sampler(plan, threat.rate_per_year);
  compiled.loss = consequence_law(plan, threat.loss);
  compiled.downtime = consequence_law(plan, threat.downtime_days);
  if (threat.common_cause)
    compiled.common_cause.emplace(
        detail::CommonCausePlan{detail::GaussianCopula(threat.common_cause->severity_correlation, threat.targets.size()),
                                threat.loss, threat.downtime_days});
  else if (threat.targets.size() > 1) {
    std::vector<double> weights;
    for (const auto& target : threat.targets) weights.push_back(target.weight);
    compiled.pick_target.emplace(weights);
  }
}

/// One risk per target of the threat, each with its control states.
void compile_risks(PlanData& plan, const model::Model& model, const model::Threat& threat, detail::ProtectionPaths& protection) {
  for (const auto& target : threat.targets) {
    detail::RiskPlan risk;
    if (plan.network)
      if (const auto element = plan.network->find(target.id())) risk.network_element = *element;
    const bool priced_by_network = risk.network_element != detail::kNotInNetwork;
    const detail::Exposure exposure{target.damage_probability.value_or(1.0),
                                    priced_by_network ? 0.0 : detail::downtime_value_per_day(model, target)};
    detail::compile_control_states(model, threat, target, exposure, protection, risk, plan.toggles);
    plan.risks.push_back(risk);
  }
}

std::shared_ptr<const PlanData> compile(const model::Model& model, const CompileOptions& options) {
  auto plan = std::make_shared<PlanData>();
  plan->isa = instruction_set(options);
  model::validate(model);
  plan->model = model;
  plan->control_count = model.controls.size();
  compile_network(*plan, model, options);  // first: risks priced through the network need its element indices
  detail::ProtectionPaths protection(model.facilities);
  std::map<std::uint64_t, std::size_t> stream_owners;
  for (std::size_t t = 0; t < model.threats.size(); ++t) {
    if (options.cancelled && options.cancelled()) throw Cancelled();
    const model::Threat& threat = model.threats[t];
    detail::ThreatPlan compiled;
    compiled.stream_id = stream_id(model, t, stream_owners);
    compile_laws(*plan, threat, compiled);
    compiled.first_risk = std::uint32_t(plan->risks.size());
    compiled.risk_count = std::uint32_t(threat.targets.size());
    compile_risks(*plan, model, threat, protection);
    plan->threats.push_back(std::move(compiled));
  }
  plan->fingerprint = detail::fingerprint(*plan, model);
  return plan;
}

}  // namespace

Plan::Plan(const model::Model& model, const CompileOptions& options)
    : data_(scrisk::detail::guarded("compile", [&] { return compile(model, options); })) {}

const model::Model& Plan::model() const { return data_->model; }
std::uint64_t Plan::fingerprint() const { return data_->fingerprint; }
const analysis::NetworkLossModel* Plan::network() const { return data_->network.get(); }

}  // namespace scrisk::engine
