// The chunked SIMD kernel's building blocks and its contract: Philox4x32 batches equal
// Random123's, the vector math is accurate, the vector laws follow their distributions
// (Boost.Math quantiles, 5 standard errors), and every instruction-set path gives the same
// bits, down to whole Results.
#include <gtest/gtest.h>

#include <Random123/philox.h>

#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>

#include <bit>
#include <cmath>
#include <cstring>
#include <functional>
#include <vector>

#include "engine/alias_table.hpp"
#include "engine/consequence_law.hpp"
#include "engine/plan_data.hpp"
#include "engine/simd/isa.hpp"
#include "engine/simd/kernel_loops.hpp"
#include "engine/simd/philox4x32.hpp"
#include "engine/simd/vector_math.hpp"
#include "scrisk/scrisk.hpp"
#include "support/model_builders.hpp"

namespace scrisk::engine::detail {
namespace {

/// The paths this CPU can run (scalar and SSE2 always, on x86-64).
std::vector<Isa> available_isas() {
  std::vector<Isa> isas;
  for (const Isa isa : kIsas)
    if (int(isa) <= int(best_isa())) isas.push_back(isa);
  return isas;
}

/// The plan of `model` compiled for one instruction set.
Plan plan_for(const model::Model& model, Isa isa) {
  CompileOptions options;
  options.instruction_set = to_string(isa);
  return Plan(model, options);
}

std::vector<std::uint64_t> random_words(std::size_t n, std::uint32_t purpose = 0) {
  std::vector<std::uint64_t> words(n);
  philox_batch({philox_key(99, 5), 0, nullptr, nullptr, purpose}, n, words.data(), nullptr, Isa::kScalar);
  return words;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

TEST(Philox4x32, EqualsRandom123OnEveryPath) {
  const PhiloxKey key = philox_key(20240611, 0xabcdef);
  constexpr std::size_t kBlocks = 37;  // not a multiple of any vector width: the scalar tail runs too
  std::vector<std::uint32_t> year_offset(kBlocks), index(kBlocks);
  for (std::size_t i = 0; i < kBlocks; ++i) {
    year_offset[i] = std::uint32_t(i * 7 % 13);
    index[i] = std::uint32_t(i * i);
  }
  const std::uint64_t first_year = (std::uint64_t{1} << 33) + 5;  // the high half of the year matters
  for (const Isa isa : available_isas()) {
    std::vector<std::uint64_t> w01(kBlocks), w23(kBlocks);
    philox_batch({key, first_year, year_offset.data(), index.data(), 2u << 24}, kBlocks, w01.data(), w23.data(), isa);
    for (std::size_t i = 0; i < kBlocks; ++i) {
      const std::uint64_t year = first_year + year_offset[i];
      const r123::Philox4x32::ctr_type counter{{std::uint32_t(year), std::uint32_t(year >> 32), index[i], 2u << 24}};
      const r123::Philox4x32::key_type r123_key{{key.k0, key.k1}};
      const auto block = r123::Philox4x32()(counter, r123_key);
      EXPECT_EQ(w01[i], block[0] | std::uint64_t(block[1]) << 32) << to_string(isa) << " block " << i;
      EXPECT_EQ(w23[i], block[2] | std::uint64_t(block[3]) << 32) << to_string(isa) << " block " << i;
    }
  }
}

TEST(VectorMath, ExpAndLogWithinOneUlpOfLibm) {
  auto ulps = [](double a, double b) { return std::abs(std::bit_cast<std::int64_t>(a) - std::bit_cast<std::int64_t>(b)); };
  const std::vector<std::uint64_t> words = random_words(100'000);
  for (const std::uint64_t word : words) {
    const double u = vmath::uniform_open(word);
    const double x = -700 + 1400 * u;
    EXPECT_LE(ulps(vmath::exp(x), std::exp(x)), 2) << "exp(" << x << ")";
    const double y = std::ldexp(0.5 + u, int(word % 200) - 100);
    EXPECT_LE(ulps(vmath::log(y), std::log(y)), 2) << "log(" << y << ")";
  }
  EXPECT_EQ(vmath::exp(-800), 0.0);
  EXPECT_TRUE(std::isinf(vmath::exp(710)));
}

TEST(VectorMath, InverseNormalMatchesBoost) {
  const boost::math::normal_distribution<> normal;
  const std::vector<std::uint64_t> words = random_words(20'000);
  for (const std::uint64_t word : words) {
    const double p = vmath::uniform_open(word);
    const double expected = quantile(normal, p);
    EXPECT_NEAR(vmath::inverse_normal(p), expected, 1e-14 * std::max(1.0, std::abs(expected))) << "p = " << p;
  }
  for (const double p : {1e-300, 1e-20, 1e-8, 0.02, 0.075, 0.925, 0.98, 1 - 1e-15}) {
    const double expected = quantile(normal, p);
    EXPECT_NEAR(vmath::inverse_normal(p), expected, 1e-14 * std::max(1.0, std::abs(expected))) << "p = " << p;
  }
}

/// 200,000 values of `distribution` drawn the kernel's way (vector law from Philox words).
std::vector<double> vector_law_draws(const Distribution& distribution) {
  constexpr std::size_t kDraws = 200'000;
  const ConsequenceLaw law = make_consequence_law(distribution, UINT32_MAX);
  EXPECT_NE(law.shape, LawShape::kScalar);
  const std::vector<std::uint64_t> words = random_words(kDraws, 3);
  std::vector<double> z(kDraws), tail_p(kDraws), values(kDraws);
  std::vector<std::uint32_t> tail_at(kDraws);
  if (law.needs_normal()) normal_scores(words.data(), z.data(), kDraws, tail_p.data(), tail_at.data(), choose_isa(std::nullopt));
  law_values(law, words.data(), z.data(), values.data(), kDraws, choose_isa(std::nullopt));
  return values;
}

void expect_matches(const Distribution& distribution, const std::function<double(double)>& quantile, double mean,
                    double variance) {
  const std::vector<double> values = vector_law_draws(distribution);
  const double n = double(values.size());
  for (const double p : {0.001, 0.05, 0.25, 0.5, 0.75, 0.95, 0.999}) {
    const double q = quantile(p);
    double below = 0;
    for (const double value : values) below += value <= q ? 1 : 0;
    EXPECT_NEAR(below / n, p, 5 * std::sqrt(p * (1 - p) / n)) << kind_name(distribution) << " at p=" << p;
  }
  double sum = 0;
  for (const double value : values) sum += value;
  EXPECT_NEAR(sum / n, mean, 5 * std::sqrt(variance / n)) << kind_name(distribution) << " mean";
}

TEST(VectorLaws, Uniform) {
  const boost::math::uniform_distribution<> d(2, 5);
  expect_matches(
      Uniform{2, 5}, [&](double p) { return quantile(d, p); }, mean(d), variance(d));
}

TEST(VectorLaws, Triangular) {
  for (const Triangular t : {Triangular{0, 1, 4}, Triangular{0, 0, 4}, Triangular{1, 3, 3}}) {
    const boost::math::triangular_distribution<> d(t.low, t.mode, t.high);
    expect_matches(
        t, [&](double p) { return quantile(d, p); }, mean(d), variance(d));
  }
}

TEST(VectorLaws, NormalAwayFromZero) {
  const boost::math::normal_distribution<> d(50, 7);
  expect_matches(
      Normal{50, 7}, [&](double p) { return quantile(d, p); }, 50, 49);
}

TEST(VectorLaws, NormalNegativeTailCountsAsZero) {
  const std::vector<double> values = vector_law_draws(Normal{1, 1});
  double zeros = 0;
  for (const double value : values) zeros += value == 0 ? 1 : 0;
  const double p = cdf(boost::math::normal_distribution<>(1, 1), 0.0);
  EXPECT_NEAR(zeros / double(values.size()), p, 5 * std::sqrt(p * (1 - p) / double(values.size())));
}

TEST(VectorLaws, LognormalAndLognormal90) {
  const boost::math::lognormal_distribution<> d(11, 1.5);
  expect_matches(
      Lognormal{11, 1.5}, [&](double p) { return quantile(d, p); }, mean(d), variance(d));
  const Lognormal fitted = to_lognormal(Lognormal90{2e4, 8e5});
  const boost::math::lognormal_distribution<> d90(fitted.mu, fitted.sigma);
  expect_matches(
      Lognormal90{2e4, 8e5}, [&](double p) { return quantile(d90, p); }, mean(d90), variance(d90));
}

TEST(VectorLaws, OthersGoToTheScalarSamplers) {
  for (const Distribution& d : {Distribution{Pert{0, 1, 2, 4}}, Distribution{Gamma{2, 1}}, Distribution{Beta{2, 3}},
                                Distribution{Poisson{3}}, Distribution{Empirical{{1, 2}, {}}}})
    EXPECT_EQ(make_consequence_law(d, 7).shape, LawShape::kScalar) << kind_name(d);
  EXPECT_EQ(make_consequence_law(std::nullopt, 7).shape, LawShape::kFixed);
}

TEST(AliasTable, PicksByWeight) {
  const AliasTable pick({3, 1, 0, 2});
  const std::vector<std::uint64_t> words = random_words(120'000);
  std::vector<double> counts(4, 0);
  for (const std::uint64_t word : words) counts[pick(word)] += 1;
  EXPECT_EQ(counts[2], 0);
  for (const auto& [target, p] : {std::pair{0, 0.5}, std::pair{1, 1.0 / 6}, std::pair{3, 1.0 / 3}})
    EXPECT_NEAR(counts[std::size_t(target)] / 120'000, p, 5 * std::sqrt(p * (1 - p) / 120'000)) << target;
}

TEST(KernelLoops, EveryPathGivesTheSameBits) {
  constexpr std::size_t kValues = 1003;
  const std::vector<std::uint64_t> words = random_words(kValues, 1), attempt_words = random_words(kValues, 2);
  const std::vector<ConsequenceLaw> laws = {make_consequence_law(Lognormal90{2e4, 8e5}, 0), make_consequence_law(Normal{1, 3}, 0),
                                            make_consequence_law(Triangular{0, 1, 4}, 0), make_consequence_law(Uniform{2, 5}, 0)};
  StateLimits states[3] = {StateLimits({1, 0.6, 1, 1.5e5}), StateLimits({0.9, 0.3, 0.8, 1e5}), StateLimits({0.5, 0.2, 0.5, 7e4})};
  auto outputs = [&](Isa isa) {
    std::vector<std::vector<double>> out;
    std::vector<double> z(kValues), tail_p(kValues);
    std::vector<std::uint32_t> tail_at(kValues);
    normal_scores(words.data(), z.data(), kValues, tail_p.data(), tail_at.data(), isa);
    out.push_back(z);
    for (const ConsequenceLaw& law : laws) {
      std::vector<double> values(kValues);
      law_values(law, words.data(), z.data(), values.data(), kValues, isa);
      out.push_back(values);
    }
    const StateCostsIn in{states, attempt_words.data(), out[1].data(), out[3].data(), kValues};
    std::vector<double> c0(kValues), c1(kValues), c2(kValues), delta(kValues), hits(kValues);
    std::vector<std::uint64_t> hit_words(kValues);
    state_costs(in, c0.data(), c1.data(), c2.data(), hit_words.data(), isa);
    toggle_deltas(in, states[2], -1, c1.data(), delta.data(), isa);
    for (std::size_t i = 0; i < kValues; ++i) hits[i] = double(hit_words[i]);
    for (auto* v : {&c0, &c1, &c2, &delta, &hits}) out.push_back(*v);
    return out;
  };
  const auto reference = outputs(Isa::kScalar);
  for (const Isa isa : available_isas()) {
    const auto result = outputs(isa);
    for (std::size_t k = 0; k < reference.size(); ++k)
      EXPECT_TRUE(same_bits(result[k], reference[k])) << to_string(isa) << " output " << k;
  }
}

/// Every kind of law on both sides of the kernel: tabulated and two-stage attempt counts,
/// vector and scalar consequences, one and several targets, controls of every factor.
model::Model every_law_model() {
  using model::ControlStatus;
  using testing::facility;
  using testing::link;
  using testing::threat;
  model::Model model;
  model.name = "every law";
  model.currency = "EUR";
  model.facilities = {facility("plant", 1e5), facility("port", 2e5), facility("dc", 3e4)};
  model.links = {link("truck", "plant", "port", std::nullopt), link("ship", "port", "dc", 5e4)};
  model.threats = {
      threat("theft", Pert{0.5, 2, 6, 4}, 0.6, {{"", "truck", 3}, {"port", "", 1}}, Lognormal90{2e4, 8e5}, Triangular{0, 1, 4}),
      threat("cyber", Gamma{2, 0.5}, 0.3, {{"plant", "", 1}, {"dc", "", 2}}, Lognormal{11, 1.5}, Uniform{0.5, 5}),
      threat("flood", Poisson{0.4}, 0.9, {{"port", "", 1}, {"", "ship", 1}}, Gamma{2, 1e5}, Fixed{3}),
      threat("strike", Normal{1, 0.8}, 1, {{"dc", "", 1}}, Empirical{{1e3, 5e4, 2e5}, {6, 3, 1}}, std::nullopt),
      threat("storm", Uniform{0, 20}, 0.2, {{"plant", "", 1}, {"", "truck", 1}, {"", "ship", 1}}, std::nullopt, Beta{2, 5}),
      threat("fraud", Triangular{1, 2, 9}, 0.5, {{"dc", "", 1}}, Normal{3e4, 2e4}, Pert{1, 2, 10, 4}),
  };
  auto control = [](const std::string& id, ControlStatus status, std::vector<model::AppliesTo> scope, double effectiveness,
                    double deterrence, double loss_reduction, double downtime_reduction) {
    model::Control c = testing::control(id, status, std::move(scope));
    c.effectiveness = effectiveness;
    c.availability = 0.9;
    c.deterrence = deterrence;
    c.loss_reduction = loss_reduction;
    c.downtime_reduction = downtime_reduction;
    c.annual_cost = 1e4;
    return c;
  };
  model.controls = {
      control("gps", ControlStatus::kExisting, {{"theft", "", "truck"}}, 0.5, 0, 0, 0),
      control("fence", ControlStatus::kExisting, {{"", "plant", ""}, {"", "port", ""}}, 0.3, 0.2, 0, 0),
      control("escort", ControlStatus::kProposed, {{"theft", "", "truck"}}, 0.1, 0.3, 0.2, 0),
      control("insurance", ControlStatus::kProposed, {{"theft", "", ""}, {"fraud", "", ""}}, 0, 0, 0.4, 0),
      control("drp", ControlStatus::kProposed, {{"", "dc", ""}, {"storm", "", ""}}, 0.2, 0.1, 0.1, 0.6),
  };
  return model;
}

Results simulate(const Plan& plan, std::uint64_t trials, std::uint64_t first = 0, int threads = 1) {
  RunConfig config;
  config.trials = trials;
  config.first_trial = first;
  config.seed = 77;
  config.threads = threads;
  return run(plan, config);
}

bool same_annual_losses(const Results& a, const Results& b) {
  for (int s = 0; s < kStateCount; ++s)
    if (!same_bits(a.annual_loss[s], b.annual_loss[s])) return false;
  return true;
}

TEST(ChunkKernel, EveryInstructionSetGivesTheSameResults) {
  const model::Model model = every_law_model();
  const Results reference = simulate(plan_for(model, Isa::kScalar), 5'000);
  EXPECT_GT(reference.total_events[0].events, 0u);
  for (const Isa isa : available_isas()) {
    const Plan plan = plan_for(model, isa);
    ASSERT_EQ(plan.data().isa, isa);
    const Results results = simulate(plan, 5'000);
    EXPECT_TRUE(results == reference) << to_string(isa);
    EXPECT_TRUE(same_annual_losses(results, reference)) << to_string(isa);
  }
}

TEST(ChunkKernel, SplitsAndThreadsGiveTheSameResults) {
  const Plan plan(every_law_model());
  const Results whole = simulate(plan, 6'000, 0, 1);
  // 2,500 and 1,700 are not multiples of the chunk: the kernel's chunks fall elsewhere.
  const Results merged = merge({simulate(plan, 2'500, 0, 2), simulate(plan, 1'700, 2'500), simulate(plan, 1'800, 4'200)});
  EXPECT_TRUE(merged == whole);
  EXPECT_TRUE(same_annual_losses(merged, whole));
}

TEST(ChunkKernel, PassOneOfTheTotalsEqualsATallyOfTheYears) {
  // The kernel tallies each chunk's annual losses as it goes; the same tally taken over the
  // finished arrays (AnnualLossTally::add_years, the reference) must agree exactly.
  const Plan plan(every_law_model());
  const Results results = simulate(plan, 5000, 0, 2);
  for (int s = 0; s < kStateCount; ++s) {
    AnnualLossTally reference;
    reference.add_years(results.annual_loss[s].data(), results.annual_loss[s].size());
    const AnnualLossTally& fused = results.annual_loss_tallies[s];
    EXPECT_EQ(std::bit_cast<std::uint64_t>(fused.loss.value()), std::bit_cast<std::uint64_t>(reference.loss.value())) << s;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(fused.loss_squared.value()),
              std::bit_cast<std::uint64_t>(reference.loss_squared.value()))
        << s;
    EXPECT_EQ(fused.slot_years, reference.slot_years) << s;
    EXPECT_EQ(fused.lowest_positive, reference.lowest_positive) << s;
    EXPECT_EQ(fused.highest, reference.highest) << s;
    EXPECT_GT(fused.slot_years[0], 0u) << s;  // the model has years with no loss, and years with some
    EXPECT_GT(fused.highest, 0) << s;
  }
}

TEST(ChunkKernel, ASoleRiskTakesItsTalliesFromTheTotals) {
  // With one risk the kernel skips the risk's own sums and histogram and copies the
  // totals'. The reference is the general path: the same model plus a threat that never
  // succeeds (a second risk with no events, so the first risk's years are the totals).
  model::Model sole = every_law_model();
  sole.threats = {sole.threats.front()};
  sole.threats.front().targets = {{"", "truck", 1}};
  sole.controls = {sole.controls[0], sole.controls[2]};  // gps and escort: on the theft of the truck
  model::Model general = sole;
  general.threats.push_back(testing::threat("harmless", Fixed{3}, 0, {{"dc", "", 1}}, Fixed{1e3}, std::nullopt));
  const Plan sole_plan(sole), general_plan(general);
  ASSERT_EQ(sole_plan.data().risks.size(), 1u);
  ASSERT_EQ(general_plan.data().risks.size(), 2u);
  const Results a = simulate(sole_plan, 5000, 0, 2), b = simulate(general_plan, 5000, 0, 2);
  EXPECT_TRUE(same_annual_losses(a, b));
  for (int s = 0; s < kStateCount; ++s) {
    const StateTally &x = a.risk_tallies[std::size_t(s)], &y = b.risk_tallies[std::size_t(s)];
    EXPECT_EQ(std::bit_cast<std::uint64_t>(x.loss.value()), std::bit_cast<std::uint64_t>(y.loss.value())) << s;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(x.loss_squared.value()), std::bit_cast<std::uint64_t>(y.loss_squared.value())) << s;
    EXPECT_EQ(x.counts, y.counts) << s;
    EXPECT_GT(x.counts.events, 0u) << s;
    EXPECT_TRUE(std::equal(a.histogram(0, State(s)), a.histogram(0, State(s)) + LogBins::kCount, b.histogram(0, State(s)))) << s;
  }
  for (std::size_t c = 0; c < a.control_tallies.size(); ++c) EXPECT_TRUE(a.control_tallies[c] == b.control_tallies[c]) << c;
}

TEST(ChunkKernel, ScalarFallbacksAndVectorLawsAgreeWithTheLawOfTheModel) {
  // The fraud threat: triangular rate (tabulated), normal loss (vector), PERT downtime
  // (scalar fallback), one target. Its inherent ALE is E[N] p (E[max(0, L)] + E[D] value).
  model::Model model = every_law_model();
  std::erase_if(model.threats, [](const model::Threat& t) { return t.id != "fraud"; });
  std::erase_if(model.controls, [](const model::Control& c) { return c.id != "drp"; });
  model.controls[0].applies_to = {{"", "dc", ""}};
  const Plan plan(model);
  const Results results = simulate(plan, 200'000, 0, 0);
  // E[max(0, L)] for L ~ N(m, s): m Phi(m/s) + s phi(m/s).
  const double m = 3e4, s = 2e4, r = m / s;
  const double expected_loss =
      m * cdf(boost::math::normal_distribution<>(), r) + s * std::exp(-0.5 * r * r) / std::sqrt(2 * 3.14159265358979323846);
  const double expected_downtime = (1 + 4 * 2 + 10) / 6.0;
  const double expected_events = (1 + 2 + 9) / 3.0 * 0.5;
  const double expected_ale = expected_events * (expected_loss + expected_downtime * 3e4);
  const ExactSum& sum = results.tally(0, State::kInherent).loss;
  const ExactSum& squares = results.tally(0, State::kInherent).loss_squared;
  const double n = double(results.trials), ale = sum.value() / n;
  const double sd = std::sqrt(squares.value() / n - ale * ale);
  EXPECT_NEAR(ale, expected_ale, 5 * sd / std::sqrt(n));
  // Var N = E N + Var(rate x p): thinned mixed Poisson; a triangular's variance is
  // (a^2 + b^2 + c^2 - ab - ac - bc) / 18.
  const double events_variance = expected_events + 0.25 * (1 + 4 + 81 - 2 - 9 - 18) / 18.0;
  EXPECT_NEAR(double(results.total_events[0].events) / n, expected_events, 5 * std::sqrt(events_variance / n));
}

}  // namespace
}  // namespace scrisk::engine::detail
