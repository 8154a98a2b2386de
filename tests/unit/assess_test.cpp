// The totals' statistics against their definitions, computed here from a sorted copy of
// every year's annual loss (the oracle), and the per-risk histogram figures against the
// totals when the model has a single risk.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "scrisk/scrisk.hpp"

namespace scrisk {
namespace {

using engine::State;

model::Model single_risk_model() {
  model::Model model = io::load(SCRISK_SOURCE_DIR "/examples/minimal.textproto");
  model.threats[0].targets.pop_back();  // the truck link alone
  return model;
}

struct Outcome {
  engine::Results results;
  assess::Assessment assessment;
};

Outcome simulate(const model::Model& model, std::uint64_t trials) {
  engine::RunConfig config;
  config.trials = trials;
  config.seed = 42;
  Outcome out{engine::run(engine::Plan(model), config), {}};
  out.assessment = assess::evaluate(out.results, model.criteria);
  return out;
}

TEST(Assess, TotalStatisticsFollowTheirDefinitions) {
  const Outcome r = simulate(single_risk_model(), 30'011);  // odd n: ranks are not round numbers
  for (State state : engine::kStates) {
    std::vector<double> sorted = r.results.annual_loss[int(state)];
    std::sort(sorted.begin(), sorted.end());
    const auto n = double(sorted.size());
    const assess::LossSummary& loss = r.assessment.total[state].loss;

    const long double sum = std::accumulate(sorted.begin(), sorted.end(), 0.0L);
    EXPECT_NEAR(loss.ale, double(sum / n), 1e-9 * loss.ale);
    for (std::size_t q = 0; q < assess::kQuantileLevels.size(); ++q) {
      const auto k = std::size_t(std::ceil(assess::kQuantileLevels[q] * n - 1e-9));  // smallest k: k/n >= p
      EXPECT_EQ(loss.quantiles[q], sorted[k - 1]) << assess::kQuantileNames[q];
    }
    for (std::size_t q = 0; q < assess::kTvarLevels.size(); ++q) {
      const auto worst = std::size_t(n) - std::size_t(std::floor(assess::kTvarLevels[q] * n + 1e-9));
      const long double tail = std::accumulate(sorted.end() - std::ptrdiff_t(worst), sorted.end(), 0.0L);
      EXPECT_NEAR(loss.tvar[q], double(tail / worst), 1e-9 * loss.tvar[q]) << assess::kTvarNames[q];
    }
    ASSERT_FALSE(loss.lec.empty());
    for (const auto& [threshold, probability] : loss.lec) {
      const auto above = sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), threshold);
      EXPECT_EQ(probability, double(above) / n) << "LEC at " << threshold;
    }
    EXPECT_EQ(loss.prob_any, double(sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), 0.0)) / n);
  }
}

TEST(Assess, HistogramFiguresOfTheOnlyRiskAgreeWithTheExactTotals) {
  const Outcome r = simulate(single_risk_model(), 50'000);
  ASSERT_EQ(r.assessment.risks.size(), 1u);
  for (State state : engine::kStates) {
    const assess::LossSummary& risk = r.assessment.risks[0][state].loss;
    const assess::LossSummary& total = r.assessment.total[state].loss;
    EXPECT_EQ(risk.ale, total.ale);  // both exact sums of the same years
    EXPECT_EQ(risk.events_per_year, total.events_per_year);
    EXPECT_EQ(risk.prob_any, total.prob_any);
    for (std::size_t q = 0; q < assess::kQuantileLevels.size(); ++q)  // within one bin (6.25 %)
      EXPECT_NEAR(risk.quantiles[q], total.quantiles[q], 0.0625 * total.quantiles[q] + 1e-9) << assess::kQuantileNames[q];
    for (std::size_t q = 0; q < assess::kTvarLevels.size(); ++q)
      EXPECT_NEAR(risk.tvar[q], total.tvar[q], 0.0625 * total.tvar[q]) << assess::kTvarNames[q];
  }
}

TEST(Assess, BandsAndTolerability) {
  const std::vector<double> thresholds{0.01, 0.1, 1, 10};
  EXPECT_EQ(assess::band(0, thresholds), 1);
  EXPECT_EQ(assess::band(0.01, thresholds), 2);
  EXPECT_EQ(assess::band(0.5, thresholds), 3);
  EXPECT_EQ(assess::band(10, thresholds), 5);
  EXPECT_EQ(assess::tolerability(1e6, 1e4, 1e6), assess::Tolerability::kIntolerable);
  EXPECT_EQ(assess::tolerability(1e4, 1e4, 1e6), assess::Tolerability::kAcceptable);
  EXPECT_EQ(assess::tolerability(5e4, 1e4, 1e6), assess::Tolerability::kAlarp);
}

TEST(Assess, TotalHasItsOwnLimits) {
  model::Model model = single_risk_model();
  model.criteria.intolerable_ale = 1;  // every risk intolerable...
  model.criteria.broadly_acceptable_ale = 0;
  model.criteria.total_intolerable_ale = 1e12;  // ...but the total acceptable
  model.criteria.total_broadly_acceptable_ale = 1e11;
  const Outcome r = simulate(model, 2000);
  EXPECT_EQ(r.assessment.risks[0][State::kCurrent].tolerability, assess::Tolerability::kIntolerable);
  EXPECT_EQ(r.assessment.total[State::kCurrent].tolerability, assess::Tolerability::kAcceptable);
}

}  // namespace
}  // namespace scrisk
