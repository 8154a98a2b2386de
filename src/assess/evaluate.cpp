#include <tbb/parallel_for.h>

#include <cmath>

#include "assess/criticality.hpp"
#include "assess/loss_summary.hpp"
#include "assess/network_description.hpp"
#include "assess/protection_description.hpp"
#include "core/guard.hpp"
#include "scrisk/assess/assessment.hpp"

namespace scrisk::assess {
namespace {

/// `total`: judge against the limits for the total of all risks.
StateAssessment judge(LossSummary loss, const model::Criteria& criteria, bool total) {
  StateAssessment state;
  const double loss_per_event = loss.events_per_year > 0 ? loss.ale / loss.events_per_year : 0.0;
  state.level = {band(loss.events_per_year, criteria.likelihood_bands_per_year), band(loss_per_event, criteria.impact_bands)};
  state.tolerability =
      total ? tolerability(loss.ale, criteria.total_broadly_acceptable_ale.value_or(criteria.broadly_acceptable_ale),
                           criteria.total_intolerable_ale.value_or(criteria.intolerable_ale))
            : tolerability(loss.ale, criteria.broadly_acceptable_ale, criteria.intolerable_ale);
  state.loss = std::move(loss);
  return state;
}

std::size_t risk_count(const model::Model& model) {
  std::size_t risks = 0;
  for (const model::Threat& threat : model.threats) risks += threat.targets.size();
  return risks;
}

void check_shape(const model::Model& model, const engine::Results& results) {
  if (results.risk_count() != risk_count(model) || results.control_count() != model.controls.size() ||
      results.risk_histograms.size() != results.risk_count())
    throw ResultsMismatch("the results have " + std::to_string(results.risk_count()) + " risks and " +
                          std::to_string(results.control_count()) + " controls, the model " + std::to_string(risk_count(model)) +
                          " and " + std::to_string(model.controls.size()) + ": they come from another model");
  for (const auto& losses : results.annual_loss)
    if (losses.size() != results.trials) throw ResultsMismatch("the results hold the losses of another number of years");
}

void evaluate_risks(const model::Model& model, const engine::Results& results, Assessment& assessment) {
  for (const model::Threat& threat : model.threats)
    for (const model::Target& target : threat.targets) {
      RiskAssessment& risk = assessment.risks.emplace_back();
      risk.threat = threat.id;
      risk.target = target.id();
    }
  // Each summary reads only its own tallies: computed in parallel, the same bits in any order.
  tbb::parallel_for(0, engine::kStateCount, [&](int s) {
    assessment.total.states[s] =
        judge(detail::summarize_years(results.total_events[s], results.annual_loss[s], results.annual_loss_tallies[s]),
              model.criteria, true);
  });
  tbb::parallel_for(std::size_t{0}, assessment.risks.size(), [&](std::size_t r) {
    for (engine::State state : engine::kStates)
      assessment.risks[r].states[int(state)] =
          judge(detail::summarize_histogram(results.tally(r, state), results.histogram(r, state), results.trials), model.criteria,
                false);
  });
}

void evaluate_controls(const model::Model& model, const engine::Results& results, Assessment& assessment) {
  const double years = double(results.trials);
  for (std::size_t c = 0; c < model.controls.size(); ++c) {
    const model::Control& control = model.controls[c];
    const engine::ControlTally& tally = results.control_tallies[c];
    ControlValue value{control.id, control.status, tally.reduction.value() / years, 0, control.annual_cost, std::nullopt};
    value.ale_reduction_stderr =
        detail::standard_deviation(tally.reduction, tally.reduction_squared, results.trials) / std::sqrt(years);
    if (control.annual_cost > 0) value.rosi = (value.ale_reduction - control.annual_cost) / control.annual_cost;
    assessment.controls.push_back(std::move(value));
  }
}

/// `network`: the model's supply network compiled, or null (then compiled here if the model has one).
Assessment assess(const model::Model& model, const engine::Results& results, const analysis::NetworkLossModel* network) {
  check_shape(model, results);
  Assessment assessment;
  assessment.trials = results.trials;
  assessment.first_trial = results.first_trial;
  assessment.seed = results.seed;
  assessment.model_name = model.name;
  assessment.currency = model.currency;
  assessment.protection = detail::describe_protection(model);
  evaluate_risks(model, results, assessment);
  std::vector<NetworkElement> elements;
  if (network)
    elements = detail::describe_network(model, *network);
  else if (model.supply_network)
    elements = detail::describe_network(model, analysis::NetworkLossModel(model, *model.supply_network));
  detail::assess_targets(model, std::move(elements), assessment);
  evaluate_controls(model, results, assessment);
  return assessment;
}

}  // namespace

const char* to_string(Tolerability value) {
  switch (value) {
    case Tolerability::kAcceptable: return "ACCEPTABLE";
    case Tolerability::kAlarp: return "ALARP";
    case Tolerability::kIntolerable: return "INTOLERABLE";
  }
  return "?";
}

int band(double value, const std::vector<double>& thresholds) {
  int result = 1;
  for (double threshold : thresholds)
    if (value >= threshold) ++result;
  return result;
}

Tolerability tolerability(double ale, double broadly_acceptable_ale, double intolerable_ale) {
  if (ale >= intolerable_ale) return Tolerability::kIntolerable;
  if (ale <= broadly_acceptable_ale) return Tolerability::kAcceptable;
  return Tolerability::kAlarp;
}

Assessment evaluate(const model::Model& model, const engine::Results& results) {
  return scrisk::detail::guarded("evaluate", [&] { return assess(model, results, nullptr); });
}

Assessment evaluate(const engine::Plan& plan, const engine::Results& results) {
  return scrisk::detail::guarded("evaluate", [&] {
    if (results.model_fingerprint != plan.fingerprint())
      throw ResultsMismatch("the results are not this plan's (another model, or other settings of it)");
    return assess(plan.model(), results, plan.network());
  });
}

}  // namespace scrisk::assess
