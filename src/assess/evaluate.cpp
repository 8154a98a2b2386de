#include <tbb/parallel_for.h>

#include <cmath>

#include "assess/criticality.hpp"
#include "assess/loss_summary.hpp"
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

Assessment evaluate(const engine::Results& results, const model::Criteria& criteria) {
  Assessment assessment;
  assessment.trials = results.trials;
  assessment.first_trial = results.first_trial;
  assessment.seed = results.seed;
  assessment.model_name = results.model_name;
  assessment.currency = results.currency;
  assessment.protection = results.protection;
  // Each summary reads only its own tallies: computed in parallel, the same bits in any order.
  tbb::parallel_for(0, engine::kStateCount, [&](int s) {
    assessment.total.states[s] = judge(
        detail::summarize_years(results.total_events[s], results.annual_loss[s], results.annual_loss_tallies[s]), criteria,
        true);
  });
  assessment.risks.resize(results.risks.size());
  tbb::parallel_for(std::size_t{0}, results.risks.size(), [&](std::size_t r) {
    RiskAssessment& risk = assessment.risks[r];
    risk.threat = results.risks[r].threat;
    risk.target = results.risks[r].target;
    for (engine::State state : engine::kStates)
      risk.states[int(state)] = judge(
          detail::summarize_histogram(results.tally(r, state), results.histogram(r, state), results.trials), criteria, false);
  });
  detail::assess_targets(results, assessment);
  const double years = double(results.trials);
  for (std::size_t c = 0; c < results.controls.size(); ++c) {
    const engine::ControlLabel& label = results.controls[c];
    const engine::ControlTally& tally = results.control_tallies[c];
    ControlValue value{label.id, label.status, tally.reduction.value() / years, 0, label.annual_cost, std::nullopt};
    value.ale_reduction_stderr =
        detail::standard_deviation(tally.reduction, tally.reduction_squared, results.trials) / std::sqrt(years);
    if (label.annual_cost > 0) value.rosi = (value.ale_reduction - label.annual_cost) / label.annual_cost;
    assessment.controls.push_back(std::move(value));
  }
  return assessment;
}

}  // namespace scrisk::assess
