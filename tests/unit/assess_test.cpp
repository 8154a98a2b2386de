// The totals' statistics against their definitions, computed here from a sorted copy of
// every year's annual loss (the oracle), and the per-risk histogram figures against the
// totals when the model has a single risk.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>

#include "assess/loss_summary.hpp"
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
  out.assessment = assess::evaluate(model, out.results);
  return out;
}

/// The exact figures of `loss` against their definitions over a sorted copy of the years.
void expect_follows_definitions(const assess::LossSummary& loss, std::vector<double> sorted, const std::string& what) {
  std::sort(sorted.begin(), sorted.end());
  const auto n = double(sorted.size());
  const long double sum = std::accumulate(sorted.begin(), sorted.end(), 0.0L);
  EXPECT_NEAR(loss.ale, double(sum / n), 1e-9 * loss.ale) << what;
  for (std::size_t q = 0; q < assess::kQuantileLevels.size(); ++q) {
    const auto k = std::size_t(std::ceil(assess::kQuantileLevels[q] * n - 1e-9));  // smallest k: k/n >= p
    EXPECT_EQ(loss.quantiles[q], sorted[k - 1]) << what << " " << assess::kQuantileNames[q];
  }
  for (std::size_t q = 0; q < assess::kTvarLevels.size(); ++q) {
    const auto worst = std::size_t(n) - std::size_t(std::floor(assess::kTvarLevels[q] * n + 1e-9));
    const long double tail = std::accumulate(sorted.end() - std::ptrdiff_t(worst), sorted.end(), 0.0L);
    EXPECT_NEAR(loss.tvar[q], double(tail / worst), 1e-9 * loss.tvar[q]) << what << " " << assess::kTvarNames[q];
  }
  EXPECT_EQ(loss.lec.empty(), sorted.back() == 0) << what;
  for (const auto& [threshold, probability] : loss.lec) {
    const auto above = sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), threshold);
    EXPECT_EQ(probability, double(above) / n) << what << " LEC at " << threshold;
  }
}

TEST(Assess, TotalStatisticsFollowTheirDefinitions) {
  const Outcome r = simulate(single_risk_model(), 30'011);  // odd n: ranks are not round numbers
  for (State state : engine::kStates) {
    const std::vector<double>& years = r.results.annual_loss[int(state)];
    const assess::LossSummary& loss = r.assessment.total[state].loss;
    expect_follows_definitions(loss, years, engine::to_string(state));
    ASSERT_FALSE(loss.lec.empty());
    const auto positive = std::count_if(years.begin(), years.end(), [](double x) { return x > 0; });
    EXPECT_EQ(loss.prob_any, double(positive) / double(years.size()));
  }
}

/// Shapes the two-pass selection must get right: no loss at all, ties, every year in one
/// bin (LEC points sharing a bin), quantiles among the zero years, values below the first
/// bin, values exactly on LEC points.
TEST(Assess, TotalStatisticsOnAwkwardShapes) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<std::pair<std::string, std::vector<double>>> cases;
  cases.emplace_back("all zero", std::vector<double>(1000, 0.0));
  cases.emplace_back("one year", std::vector<double>{42.0});
  std::vector<double> single(999, 0.0);
  single[500] = 7;
  cases.emplace_back("one positive year", single);
  cases.emplace_back("ties", std::vector<double>(777, 3.5));
  std::vector<double> narrow, tiny, mixed;
  for (int i = 0; i < 5000; ++i) narrow.push_back(1000 + unit(rng));                        // one bin holds all
  for (int i = 0; i < 5000; ++i) tiny.push_back(unit(rng) < 0.7 ? 0.0 : 1e-4 * unit(rng));  // below 2^-7
  for (int i = 0; i < 20011; ++i) mixed.push_back(unit(rng) < 0.97 ? 0.0 : std::exp(20 * unit(rng)));
  cases.emplace_back("narrow", narrow);
  cases.emplace_back("tiny", tiny);
  cases.emplace_back("rare", mixed);
  for (const auto& [name, years] : cases) {
    const auto positive = std::uint64_t(std::count_if(years.begin(), years.end(), [](double x) { return x > 0; }));
    const assess::LossSummary loss = assess::detail::summarize_years({positive, positive}, years);
    expect_follows_definitions(loss, years, name);
    // Again with every year moved onto the LEC grid the first pass chose.
    if (loss.lec.empty()) continue;
    std::vector<double> on_grid = years;
    for (std::size_t i = 0; i < on_grid.size(); ++i)
      if (on_grid[i] > 0) on_grid[i] = loss.lec[i % loss.lec.size()].first;
    const assess::LossSummary on_grid_loss = assess::detail::summarize_years({positive, positive}, on_grid);
    expect_follows_definitions(on_grid_loss, on_grid, name + " on grid");
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
