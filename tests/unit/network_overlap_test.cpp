// Outages that meet in time or in the network: the joint cache under threads, region LPs
// against the whole LP on random networks, simultaneous outages on the joint LP, and the
// alternative-sources interaction scope against every pair.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "scrisk/analysis/joint_curves.hpp"
#include "scrisk/analysis/network_loss.hpp"
#include "scrisk/core/error.hpp"
#include "scrisk/model/supply_network.hpp"
#include "scrisk/model/validate.hpp"
#include "support/model_builders.hpp"
#include "support/random_networks.hpp"
#include "support/reference_lps.hpp"
#include "support/test_networks.hpp"

namespace {

using scrisk::analysis::ElementIndex;
using scrisk::analysis::JointCurves;
using scrisk::analysis::NetworkLossModel;
using scrisk::analysis::OverlapRule;
using scrisk::analysis::TimedOutage;
using scrisk::testing::at;
using scrisk::testing::curve;
using scrisk::testing::kDays;
using scrisk::testing::kInf;
using scrisk::testing::Net;
using scrisk::testing::random_network;
using scrisk::testing::rich;
using scrisk::testing::two_suppliers;

TEST(NetworkLoss, JointCacheIsThreadSafeAndDeterministic) {
  Net net = rich();
  std::vector<std::vector<ElementIndex>> sets;
  const NetworkLossModel reference(net.model, net.network);
  for (ElementIndex a = 0; a < reference.element_count(); ++a) {
    sets.push_back({a});
    for (ElementIndex b = a + 1; b < reference.element_count(); ++b) sets.push_back({a, b});
  }
  const std::vector<double> days = {0.5, 1, 2.75, 4, 9.5, 17, 40, 90};
  std::vector<std::vector<double>> expected;
  for (const auto& set : sets) {
    expected.emplace_back();
    for (double t : days) expected.back().push_back(reference.joint_lost_sales_value(set, t));
  }

  const NetworkLossModel network(net.model, net.network);
  const JointCurves shared(network);
  constexpr int kThreads = 4;
  std::vector<std::vector<std::vector<double>>> seen(kThreads, std::vector<std::vector<double>>(sets.size()));
  std::vector<std::thread> threads;
  for (int thread = 0; thread < kThreads; ++thread) {
    threads.emplace_back([&, thread] {
      std::vector<std::size_t> order(sets.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::mt19937_64 random(static_cast<std::uint64_t>(thread) + 1);
      if (thread % 2 == 1) std::shuffle(order.begin(), order.end(), random);  // half race in the same order
      for (std::size_t i : order)
        for (double t : days) seen[static_cast<std::size_t>(thread)][i].push_back(shared.loss_curve(sets[i])->evaluate(t));
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(shared.cached_curves(), sets.size() - network.element_count());  // the pairs: singles are the network's
  for (int thread = 0; thread < kThreads; ++thread)
    for (std::size_t i = 0; i < sets.size(); ++i)
      EXPECT_EQ(seen[static_cast<std::size_t>(thread)][i], expected[i]) << "thread " << thread << " set " << i;  // same bits

  // Warm cache: lookups, TTS and the overlap rule solve no LP.
  const std::uint64_t network_solves = network.lp_solves();
  const std::uint64_t solves = shared.lp_solves();
  double sink = 0;
  for (int repeat = 0; repeat < 100; ++repeat)
    for (const auto& set : sets) sink += shared.loss_curve(set)->evaluate(3.5 + repeat);
  for (ElementIndex e = 0; e < network.element_count(); ++e) sink += network.time_to_survive_days(e) < kInf ? 1 : 0;
  const std::vector<TimedOutage> outages = {{0, 0, 5}, {3, 2, 9}, {0, 7, 8}};
  sink += shared.overlapping_lost_sales_value(outages, OverlapRule::kIntervals);
  EXPECT_EQ(shared.lp_solves(), solves);
  EXPECT_EQ(network.lp_solves(), network_solves);
  EXPECT_GT(sink, 0);

  // The single curves solved on one thread are the same bits as on all of them.
  const NetworkLossModel precomputed(net.model, net.network, {.threads = 1, .cancelled = {}});
  for (ElementIndex e = 0; e < precomputed.element_count(); ++e) {
    const auto& mine = precomputed.loss_curve(e).points();
    const auto& theirs = reference.loss_curve(e).points();
    ASSERT_EQ(mine.size(), theirs.size());
    for (std::size_t i = 0; i < mine.size(); ++i) {
      EXPECT_EQ(mine[i].days, theirs[i].days);
      EXPECT_EQ(mine[i].value, theirs[i].value);
    }
  }
}

TEST(NetworkLoss, RegionLpsEqualTheFullLpOnRandomNetworks) {
  // Curves are computed on LPs restricted to the region an outage disturbs, grown until a
  // duality certificate proves the region's optimum is the whole LP's; the oracle here is
  // the whole network's LP solved directly at every length.
  const std::vector<double> lengths = {0.3, 1, 1.7, 2.5, 4, 6.5, 10, 17, 30, 75, 400};
  std::size_t lossy = 0, kinked = 0;
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Net net = random_network(seed);
    ASSERT_TRUE(scrisk::model::find_problems(net.model, net.network).empty());
    const NetworkLossModel model(net.model, net.network);
    double value_per_day = 0;
    for (const auto& flow : net.network.facilities) value_per_day += flow.demand_per_day * flow.lost_sale_value_per_unit;
    std::vector<std::vector<ElementIndex>> sets;
    for (ElementIndex e = 0; e < model.element_count(); ++e) sets.push_back({e});
    std::mt19937_64 random(seed * 977);
    for (int pair = 0; pair < 12; ++pair) {
      ElementIndex a = static_cast<ElementIndex>(random() % model.element_count());
      ElementIndex b = static_cast<ElementIndex>(random() % model.element_count());
      if (a == b) continue;
      sets.push_back({std::min(a, b), std::max(a, b)});
    }
    for (const auto& set : sets) {
      const auto curve_ptr = model.loss_curve(set);
      lossy += curve_ptr->final_slope_per_day() > 0;
      kinked += curve_ptr->points().size() > 2;
      for (double t : lengths) {
        const double direct = model.lost_sales_value(set, t);
        EXPECT_NEAR(curve_ptr->evaluate(t), direct, 1e-7 * value_per_day * std::max(1.0, t))
            << model.id(set.front()) << (set.size() > 1 ? " + " + model.id(set.back()) : "") << " at t = " << t;
      }
      // The final slope is the whole no-stock LP's loss rate: far out, the curve grows at it.
      const double far = 1e4;
      EXPECT_NEAR(model.lost_sales_value(set, 2 * far) - model.lost_sales_value(set, far), curve_ptr->final_slope_per_day() * far,
                  1e-7 * value_per_day * far);
    }
  }
  EXPECT_GT(lossy, 100u) << "the random networks should give many curves with a loss";
  EXPECT_GT(kinked, 30u) << "and many with several breakpoints";
}

/// `first` and a copy of `second` with every id and product prefixed by "b_": two
/// networks with no link between them.
Net side_by_side(const Net& first, const Net& second) {
  Net net = first;
  const std::string prefix = "b_";
  for (const auto& flow : second.network.facilities) {
    net.node(prefix + flow.facility, flow.capacity_per_day, flow.inventory_units, flow.demand_per_day,
             flow.lost_sale_value_per_unit, flow.product.empty() ? "" : prefix + flow.product);
    for (const auto& input : flow.inputs)
      net.input(prefix + flow.facility, prefix + input.product, input.quantity_per_unit, input.inventory_units);
  }
  for (std::size_t i = 0; i < second.network.links.size(); ++i) {
    const auto& link = second.model.links[i];  // Net::link adds both in the same order
    net.link(prefix + link.id, prefix + link.from, prefix + link.to, second.network.links[i].capacity_per_day);
  }
  return net;
}

TEST(NetworkLoss, SimultaneousOutagesArePricedOnTheJointLp) {
  // The grouping of overlapping outages decides, pair by pair, whether two elements can be
  // priced apart: with no LP when the regions their single curves were solved on do not
  // touch, else by comparing the pair's curve with the sum. The oracle is the whole
  // network's LP of the joint outage, solved directly.
  const std::vector<double> lengths = {2.5, 12};
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Net net = side_by_side(random_network(seed), random_network(seed + 100));
    net.network.interaction_scope = scrisk::model::InteractionScope::kAllPairs;
    const NetworkLossModel model(net.model, net.network);
    double value_per_day = 0;
    for (const auto& flow : net.network.facilities) value_per_day += flow.demand_per_day * flow.lost_sale_value_per_unit;
    const JointCurves joint(model);
    std::vector<ElementIndex> first, second;
    for (ElementIndex e = 0; e < model.element_count(); ++e) (model.id(e).rfind("b_", 0) == 0 ? second : first).push_back(e);
    std::mt19937_64 random(seed * 31);
    auto pick = [&](const std::vector<ElementIndex>& pool) { return pool[random() % pool.size()]; };

    // Across the two networks: priced apart, exactly, and without a single LP.
    const std::uint64_t solves = model.lp_solves();
    for (int pair = 0; pair < 40; ++pair) {
      const ElementIndex a = pick(first), b = pick(second);
      for (double t : lengths) {
        const TimedOutage both[] = {{a, 0, t}, {b, 0, t}};
        const double value = joint.overlapping_lost_sales_value(both, OverlapRule::kIncrements);
        EXPECT_DOUBLE_EQ(value, model.loss_curve(a).evaluate(t) + model.loss_curve(b).evaluate(t));
        EXPECT_NEAR(value, model.lost_sales_value(std::vector<ElementIndex>{std::min(a, b), std::max(a, b)}, t),
                    1e-6 * value_per_day * t)
            << model.id(a) << " + " << model.id(b) << " for " << t << " days";
      }
    }
    EXPECT_EQ(model.lp_solves(), solves + 40 * lengths.size()) << "only the oracle's direct solves";
    EXPECT_EQ(joint.lp_solves(), 0u) << "regions that do not touch need no joint curve";

    // Within one network: together when they interact, apart when they do not.
    for (int pair = 0; pair < 40; ++pair) {
      const ElementIndex a = pick(first), b = pick(first);
      if (a == b) continue;
      for (double t : lengths) {
        const TimedOutage both[] = {{a, 0, t}, {b, 0, t}};
        EXPECT_NEAR(joint.overlapping_lost_sales_value(both, OverlapRule::kIncrements),
                    model.lost_sales_value(std::vector<ElementIndex>{std::min(a, b), std::max(a, b)}, t),
                    1e-6 * value_per_day * t)
            << model.id(a) << " + " << model.id(b) << " for " << t << " days";
      }
    }
  }
}

TEST(NetworkLoss, AlternativeSourcesScopePricesOnlySubstitutesTogether) {
  // docs/network.md's worked example: A (60/day) and B (50/day) both feed P's only input.
  Net net = two_suppliers();
  net.network.interaction_scope = scrisk::model::InteractionScope::kAlternativeSources;
  const NetworkLossModel scoped(net.model, net.network);
  const JointCurves scoped_joint(scoped);
  auto both_out = [&](const JointCurves& joint, const char* a, const char* b, double days) {
    const TimedOutage outages[] = {{at(joint.network(), a), 0, days}, {at(joint.network(), b), 0, days}};
    return joint.overlapping_lost_sales_value(outages, OverlapRule::kIncrements);
  };
  // Alternative sources, and a supplier with its own link, are priced on the joint LP.
  EXPECT_NEAR(both_out(scoped_joint, "A", "B", 10), 4000, 1e-6);    // 90/day short, 100 in stock
  EXPECT_NEAR(both_out(scoped_joint, "a_p", "B", 10), 4000, 1e-6);  // A's link: the same cut
  EXPECT_NEAR(both_out(scoped_joint, "A", "a_p", 10), 1500, 1e-6);  // L_A(10), not twice
  // A supplier and the plant it feeds are not alternatives: priced apart, with no LP,
  // L_A(10) + L_P(10) = 1500 + 5 (900 - 100), where the joint outage loses only L_P(10).
  const std::uint64_t solves = scoped_joint.lp_solves();
  EXPECT_NEAR(both_out(scoped_joint, "A", "P", 10), 1500 + 4000, 1e-6);
  EXPECT_NEAR(both_out(scoped_joint, "a_p", "p_d", 10), 1500 + 4000, 1e-6);
  EXPECT_EQ(scoped_joint.lp_solves(), solves);

  net.network.interaction_scope = scrisk::model::InteractionScope::kAllPairs;
  EXPECT_NEAR(both_out(JointCurves(NetworkLossModel(net.model, net.network)), "A", "P", 10), 4000, 1e-6);

  // Targets of one common-cause threat are struck together: priced together too.
  net.network.interaction_scope = scrisk::model::InteractionScope::kAlternativeSources;
  scrisk::model::Target plant, supplier;
  plant.facility = "P";
  supplier.facility = "A";
  net.model.threats.push_back(scrisk::testing::threat("storm", scrisk::Fixed{1}, 1, {plant, supplier}));
  net.model.threats.back().common_cause.emplace();
  EXPECT_NEAR(both_out(JointCurves(NetworkLossModel(net.model, net.network)), "A", "P", 10), 4000, 1e-6);
}

/// Elements of `net` feeding the same input of the same facility (facilities through their
/// links), worked out from the model's links and products, not by NetworkLossModel.
std::vector<std::vector<bool>> alternative_sources(const Net& net, const NetworkLossModel& model) {
  auto input_of = [&](std::size_t link) {
    const auto& l = net.model.links[link];
    const auto& to = const_cast<Net&>(net).flow(l.to);
    const std::string product = to.inputs.empty() ? "" : const_cast<Net&>(net).flow(l.from).product;
    return l.to + "/" + product;
  };
  std::vector<std::vector<std::string>> inputs(model.element_count());
  for (std::size_t l = 0; l < net.model.links.size(); ++l) {
    inputs[at(model, net.model.links[l].id)].push_back(input_of(l));
    inputs[at(model, net.model.links[l].from)].push_back(input_of(l));
  }
  std::vector<std::vector<bool>> result(model.element_count(), std::vector<bool>(model.element_count()));
  for (std::size_t a = 0; a < inputs.size(); ++a)
    for (std::size_t b = 0; b < inputs.size(); ++b)
      for (const std::string& input : inputs[a])
        if (std::find(inputs[b].begin(), inputs[b].end(), input) != inputs[b].end()) result[a][b] = true;
  return result;
}

TEST(NetworkLoss, AlternativeSourcesScopeAgainstEveryPairOnRandomNetworks) {
  // Random timelines of 6 outages within 30 days on the random five-tier networks, priced
  // with every pair grouped and with alternative sources only (kIncrements both), against
  // the interval LP (exact). Two checks that can fail: when no overlapping pair feeds the
  // same input, the scoped price is the sum of the outages' single values; when every
  // overlapping pair does, it is the all-pairs price. The errors are printed for
  // docs/network.md.
  // Per kind of timeline (0: six random outages, 1: two alternative sources): summed
  // relative |error| against the interval LP of all pairs grouped, alternative sources
  // grouped and every outage priced alone, and the timelines with a loss.
  struct Errors {
    double all_pairs = 0, scoped = 0, apart = 0;
    int timelines = 0;
  } errors[2];
  int apart_checked = 0, together_checked = 0;
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Net net = random_network(seed);
    net.network.interaction_scope = scrisk::model::InteractionScope::kAllPairs;
    const NetworkLossModel all_pairs(net.model, net.network);
    net.network.interaction_scope = scrisk::model::InteractionScope::kAlternativeSources;
    const NetworkLossModel scoped(net.model, net.network);
    const auto alternatives = alternative_sources(net, scoped);
    std::mt19937_64 random(seed * 7919);
    auto uniform = [&](double low, double high) { return std::uniform_real_distribution<double>(low, high)(random); };
    for (int timeline = 0; timeline < 25; ++timeline) {
      // Every fifth timeline: an element and one of its alternative sources only.
      std::vector<ElementIndex> elements;
      const std::size_t wanted = timeline % 5 == 0 ? 2 : 6;
      while (elements.size() < wanted) {
        const auto e = static_cast<ElementIndex>(random() % scoped.element_count());
        const bool has_alternative = std::count(alternatives[e].begin(), alternatives[e].end(), true) > 1;
        const bool fits = wanted == 6 || (elements.empty() ? has_alternative : alternatives[elements[0]][e]);
        if (fits && std::find(elements.begin(), elements.end(), e) == elements.end()) elements.push_back(e);
      }
      std::vector<TimedOutage> outages;
      for (ElementIndex e : elements) {
        const double start = std::round(uniform(0, wanted == 2 ? 5 : 30) * 4) / 4;
        outages.push_back({e, start, start + std::round(uniform(1, 15) * 4) / 4});
      }
      bool any_alternative = false, all_alternative = true;
      double singles = 0;
      for (const TimedOutage& a : outages) {
        singles += scoped.loss_curve(a.element).evaluate(a.end_day - a.start_day);
        for (const TimedOutage& b : outages)
          if (&a < &b && a.start_day <= b.end_day && b.start_day <= a.end_day) {
            const bool alternative = alternatives[a.element][b.element];
            any_alternative = any_alternative || alternative;
            all_alternative = all_alternative && alternative;
          }
      }
      const double exact = scrisk::testing::interval_lp_lost_sales_value(net.model, net.network, outages);
      const double with_scope = scoped.overlapping_lost_sales_value(outages, OverlapRule::kIncrements);
      const double with_all = all_pairs.overlapping_lost_sales_value(outages, OverlapRule::kIncrements);
      if (!any_alternative) {
        EXPECT_NEAR(with_scope, singles, 1e-9 * std::max(1.0, singles));
        ++apart_checked;
      }
      if (all_alternative) {
        EXPECT_NEAR(with_scope, with_all, 1e-9 * std::max(1.0, with_all));
        ++together_checked;
      }
      if (exact > 0) {
        Errors& kind = errors[wanted == 2 ? 1 : 0];
        kind.all_pairs += std::abs(with_all - exact) / exact;
        kind.scoped += std::abs(with_scope - exact) / exact;
        kind.apart += std::abs(singles - exact) / exact;
        ++kind.timelines;
      }
    }
  }
  EXPECT_GT(apart_checked, 20);
  EXPECT_GT(together_checked, 5);
  for (int kind = 0; kind < 2; ++kind) {
    const Errors& e = errors[kind];
    std::printf(
        "%s: %d timelines with a loss; mean |error| against the interval LP: all pairs grouped %.1f %%, "
        "alternative sources grouped %.1f %%, every outage alone %.1f %%\n",
        kind == 0 ? "six random outages" : "two alternative sources", e.timelines, 100 * e.all_pairs / e.timelines,
        100 * e.scoped / e.timelines, 100 * e.apart / e.timelines);
  }
}

TEST(NetworkLoss, TightNetworkFallsBackToTheWholeLpForItsBaseline) {
  // S1 alone can serve C2, so S1 must give all of its 10/day to C2 and S2 all of its to C1.
  // The greedy baseline splits C1's order between S1 and S2 (whichever rule) and leaves C2
  // short: the constructor then solves the whole LP for the baseline plan instead.
  Net net;
  net.node("S1", 10).node("S2", 10).node("C1", std::nullopt, 0, 10, 3).node("C2", std::nullopt, 0, 10, 5);
  net.link("s1_c1", "S1", "C1").link("s2_c1", "S2", "C1").link("s1_c2", "S1", "C2");
  const NetworkLossModel model(net.model, net.network);
  for (double t : kDays) {
    SCOPED_TRACE(t);
    EXPECT_NEAR(curve(model, {"S1"}, t), 50 * t, 1e-6);  // C2 cut off; C1 keeps S2
    EXPECT_NEAR(curve(model, {"S2"}, t), 30 * t, 1e-6);  // S1 is full with C2's order
    EXPECT_NEAR(curve(model, {"s1_c1"}, t), 0, 1e-6);
    EXPECT_NEAR(curve(model, {"S1", "S2"}, t), 80 * t, 1e-6);
  }
}

}  // namespace
