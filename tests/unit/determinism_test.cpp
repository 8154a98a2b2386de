// Reproducibility: the results are the same bits for any thread count and any split of the trial
// range; merge refuses parts that do not belong together; controls never raise a year's loss.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <concepts>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "scrisk/scrisk.hpp"
#include "support/model_builders.hpp"

namespace scrisk {
namespace {

using engine::State;

constexpr std::uint64_t kTrials = 10'000;

using testing::facility;
using testing::link;
using testing::threat;

model::Control control(const std::string& id, model::ControlStatus status, std::vector<model::AppliesTo> applies_to,
                       double effectiveness, double availability, double deterrence, double loss_reduction,
                       double downtime_reduction, double annual_cost) {
  model::Control result = testing::control(id, status, std::move(applies_to));
  result.effectiveness = effectiveness;
  result.availability = availability;
  result.deterrence = deterrence;
  result.loss_reduction = loss_reduction;
  result.downtime_reduction = downtime_reduction;
  result.annual_cost = annual_cost;
  return result;
}

/// Several threats with every kind of rate and severity, on facilities and links, and
/// overlapping EXISTING and PROPOSED controls using every factor.
model::Model rich_model() {
  using model::ControlStatus;
  using model::FacilityKind;
  model::Model model;
  model.name = "rich";
  model.currency = "EUR";
  model.facilities = {facility("plant", 1e5, FacilityKind::kPlant), facility("port", 2e5, FacilityKind::kPort),
                      facility("dc", 3e4, FacilityKind::kDistributionCenter)};
  model.links = {link("truck", "plant", "port", std::nullopt), link("ship", "port", "dc", 5e4)};
  model.threats = {
      threat("theft", Pert{0.5, 2, 6, 4}, 0.6, {{"", "truck", 3}, {"port", "", 1}}, Lognormal90{2e4, 8e5}, Triangular{0, 1, 4}),
      threat("cyber", Gamma{2, 0.5}, 0.3, {{"plant", "", 1}, {"dc", "", 2}}, Lognormal{11, 1.5}, Uniform{0.5, 5}),
      threat("flood", Poisson{0.4}, 0.9, {{"port", "", 1}, {"", "ship", 1}}, Gamma{2, 1e5}, Fixed{3}),
      threat("strike", Normal{1, 0.8}, 1, {{"dc", "", 1}}, Empirical{{1e3, 5e4, 2e5}, {6, 3, 1}}, std::nullopt),
      threat("storm", Uniform{0, 20}, 0.2, {{"plant", "", 1}, {"", "truck", 1}, {"", "ship", 1}}, std::nullopt, Beta{2, 5}),
  };
  model.controls = {
      control("gps", ControlStatus::kExisting, {{"theft", "", "truck"}}, 0.5, 0.95, 0, 0, 0, 12e3),
      control("fence", ControlStatus::kExisting, {{"", "plant", ""}, {"", "port", ""}}, 0.3, 0.9, 0.2, 0, 0, 3e4),
      control("backup", ControlStatus::kExisting, {{"cyber", "", ""}}, 0, 1, 0, 0.3, 0.5, 2e4),
      control("escort", ControlStatus::kProposed, {{"theft", "", "truck"}}, 0.1, 1, 0.3, 0.2, 0, 4e4),
      control("insurance", ControlStatus::kProposed, {{"theft", "", ""}, {"flood", "", ""}, {"strike", "", ""}}, 0, 1, 0, 0.4, 0,
              5e4),
      control("drp", ControlStatus::kProposed, {{"", "dc", ""}, {"storm", "", ""}}, 0.2, 0.8, 0.1, 0.1, 0.6, 1e4),
  };
  return model;
}

engine::Results simulate(const engine::Plan& plan, std::uint64_t trials, std::uint64_t first, std::uint64_t seed,
                         int threads = 0) {
  engine::RunConfig config;
  config.trials = trials;
  config.first_trial = first;
  config.seed = seed;
  config.threads = threads;
  return engine::run(plan, config);
}

/// Every field of two results, doubles compared by their bits (see ResultsAreEqualityComparable).
bool identical(const engine::Results& a, const engine::Results& b) {
  auto same_doubles = [](const std::vector<double>& x, const std::vector<double>& y) {
    return std::equal(x.begin(), x.end(), y.begin(), y.end(),
                      [](double u, double v) { return std::bit_cast<std::uint64_t>(u) == std::bit_cast<std::uint64_t>(v); });
  };
  bool same = a.seed == b.seed && a.first_trial == b.first_trial && a.trials == b.trials &&
              a.model_fingerprint == b.model_fingerprint && a.total_events == b.total_events &&
              a.annual_loss_tallies == b.annual_loss_tallies && a.risk_tallies == b.risk_tallies &&
              a.risk_histograms == b.risk_histograms && a.control_tallies == b.control_tallies;
  for (int s = 0; s < engine::kStateCount; ++s) same = same && same_doubles(a.annual_loss[s], b.annual_loss[s]);
  EXPECT_EQ(a == b, same);
  return same;
}

void expect_controls_never_add_loss(const engine::Results& results, const std::string& what) {
  const auto& loss = results.annual_loss;
  ASSERT_EQ(loss[0].size(), results.trials);
  std::uint64_t strict = 0;
  for (std::size_t i = 0; i < results.trials; ++i) {
    ASSERT_LE(loss[int(State::kResidual)][i], loss[int(State::kCurrent)][i]) << what << " year " << i;
    ASSERT_LE(loss[int(State::kCurrent)][i], loss[int(State::kInherent)][i]) << what << " year " << i;
    ASSERT_GE(loss[int(State::kResidual)][i], 0) << what << " year " << i;
    strict += loss[int(State::kResidual)][i] < loss[int(State::kInherent)][i];
  }
  EXPECT_GT(strict, 0u) << what << ": the controls never changed anything, the check is vacuous";
}

TEST(Determinism, ControlsNeverRaiseAYearsLoss) {
  const model::Model minimal = io::load(SCRISK_SOURCE_DIR "/examples/minimal.textproto");
  expect_controls_never_add_loss(simulate(engine::Plan(minimal), kTrials, 0, 1), "minimal");
  expect_controls_never_add_loss(simulate(engine::Plan(rich_model()), kTrials, 0, 1), "rich");
}

TEST(Determinism, SameBitsForAnyThreadCount) {
  const engine::Plan plan(rich_model());
  const engine::Results one = simulate(plan, kTrials, 0, 5, 1);
  EXPECT_TRUE(identical(one, simulate(plan, kTrials, 0, 5, 2)));
  EXPECT_TRUE(identical(one, simulate(plan, kTrials, 0, 5, 4)));
  EXPECT_TRUE(identical(one, simulate(plan, kTrials, 0, 5, 0)));
  // And so is the assessment read from them (its summaries run in parallel too).
  const model::Model model = rich_model();
  EXPECT_EQ(report::to_json(assess::evaluate(model, one)),
            report::to_json(assess::evaluate(model, simulate(plan, kTrials, 0, 5, 3))));
}

TEST(Determinism, SplitRunsMergeToTheSameBits) {
  const engine::Plan plan(rich_model());
  const engine::Results whole = simulate(plan, kTrials, 0, 9);
  for (const std::uint64_t k : {std::uint64_t{2500}, std::uint64_t{4096}, std::uint64_t{1}, kTrials - 1}) {
    const engine::Results head = simulate(plan, k, 0, 9, 1);
    const engine::Results tail = simulate(plan, kTrials - k, k, 9, 2);
    EXPECT_TRUE(identical(engine::merge({head, tail}), whole)) << "split at " << k;
    EXPECT_TRUE(identical(engine::merge({tail, head}), whole)) << "split at " << k << ", parts in reverse";
  }
  // Three parts, offset ranges: [3000, 4000) + [4000, 7777) + [7777, 13000) = [3000, 13000).
  const engine::Results offset = simulate(plan, 10'000, 3000, 9);
  EXPECT_TRUE(identical(
      engine::merge({simulate(plan, 3777, 4000, 9), simulate(plan, 5223, 7777, 9), simulate(plan, 1000, 3000, 9)}), offset));
  // A range's years are the same years whichever run they are in.
  for (int s = 0; s < engine::kStateCount; ++s)
    EXPECT_TRUE(
        std::equal(offset.annual_loss[s].begin(), offset.annual_loss[s].begin() + 7000, whole.annual_loss[s].begin() + 3000));
}

TEST(Determinism, MergeRefusesPartsThatDoNotFit) {
  const engine::Plan plan(rich_model());
  const engine::Results head = simulate(plan, 1000, 0, 3);
  EXPECT_THROW((void)engine::merge({}), UsageError);
  EXPECT_THROW((void)engine::merge({head, simulate(plan, 1000, 1000, 4)}), ResultsMismatch) << "different seeds";
  EXPECT_THROW((void)engine::merge({head, simulate(plan, 1000, 2000, 3)}), ResultsMismatch) << "gap";
  EXPECT_THROW((void)engine::merge({head, simulate(plan, 1000, 500, 3)}), ResultsMismatch) << "overlap";
  EXPECT_THROW((void)engine::merge({head, head}), ResultsMismatch) << "the same range twice";

  model::Model other = rich_model();
  other.controls[0].effectiveness = 0.6;
  EXPECT_THROW((void)engine::merge({head, simulate(engine::Plan(other), 1000, 1000, 3)}), ResultsMismatch) << "different control";
  other = rich_model();
  other.threats.pop_back();                 // storm
  other.controls[5].applies_to.pop_back();  // drp's scope on storm
  EXPECT_THROW((void)engine::merge({head, simulate(engine::Plan(other), 1000, 1000, 3)}), ResultsMismatch) << "different threats";
  EXPECT_NO_THROW((void)engine::merge({head, simulate(plan, 1000, 1000, 3)}));
}

// Models that simulate different years must not merge, even when their distributions have the
// same means or only their target weights differ.
TEST(Determinism, MergeRefusesModelsThatDifferOnlyInShape) {
  const engine::Plan plan(rich_model());
  const engine::Results head = simulate(plan, 1000, 0, 3);

  model::Model other = rich_model();
  // Same mean exp(mu + sigma^2 / 2), different spread.
  other.threats[1].loss = Lognormal{11 + 0.5 * (1.5 * 1.5 - 1), 1};
  ASSERT_DOUBLE_EQ(mean(*other.threats[1].loss), mean(*rich_model().threats[1].loss));
  const engine::Results spread = simulate(engine::Plan(other), 1000, 1000, 3);
  EXPECT_NE(spread.annual_loss, simulate(plan, 1000, 1000, 3).annual_loss);
  EXPECT_THROW((void)engine::merge({head, spread}), ResultsMismatch) << "loss distribution with the same mean";

  other = rich_model();
  other.threats[0].targets[0].weight = 1;  // truck 1 : port 1 instead of 3 : 1
  const engine::Results weights = simulate(engine::Plan(other), 1000, 1000, 3);
  EXPECT_NE(weights.annual_loss, simulate(plan, 1000, 1000, 3).annual_loss);
  EXPECT_THROW((void)engine::merge({head, weights}), ResultsMismatch) << "target weights";
}

TEST(Determinism, SeedDecidesTheResults) {
  const engine::Plan plan(rich_model());
  const engine::Results a = simulate(plan, 3000, 0, 77);
  EXPECT_TRUE(identical(a, simulate(plan, 3000, 0, 77)));
  EXPECT_TRUE(identical(a, simulate(engine::Plan(rich_model()), 3000, 0, 77))) << "a recompiled plan";
  const engine::Results b = simulate(plan, 3000, 0, 78);
  EXPECT_FALSE(identical(a, b));
  for (int s = 0; s < engine::kStateCount; ++s) EXPECT_NE(a.annual_loss[s], b.annual_loss[s]) << s;
}

}  // namespace
}  // namespace scrisk
