// OverlapRule::kExact against the independently written interval LP (tests/support) on
// random networks and timelines, its properties, and the cases the lookup rules got wrong.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "scrisk/analysis/joint_curves.hpp"
#include "scrisk/analysis/network_loss.hpp"
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
using scrisk::testing::Net;
using scrisk::testing::random_network;

/// The reference under the documented stock rule: the interval LP of each episode.
double reference_value(const Net& net, const std::vector<TimedOutage>& outages) {
  return scrisk::testing::episode_lp_lost_sales_value(net.model, net.network, outages);
}

/// Two to eight outages of random elements within 20 days, on quarter days.
std::vector<TimedOutage> random_timeline(std::mt19937_64& random, std::size_t elements) {
  auto uniform = [&](double low, double high) { return std::uniform_real_distribution<double>(low, high)(random); };
  const std::size_t count = 2 + random() % 7;
  std::vector<TimedOutage> outages;
  for (std::size_t i = 0; i < count; ++i) {
    const double start = std::round(uniform(0, 20) * 4) / 4;
    outages.push_back({static_cast<ElementIndex>(random() % elements), start, start + std::round(uniform(0.5, 12) * 4) / 4});
  }
  return outages;
}

TEST(ExactPricing, EqualsTheIntervalLpOnRandomNetworksAndTimelines) {
  // 50 random five-tier networks (bills of materials, multi-sourcing, some capacities
  // exactly tight), 6 timelines each. The lookup rules' errors are printed beside.
  struct Errors {
    double sum = 0, worst = 0;
    void add(double approx, double exact) {
      const double e = std::abs(approx - exact) / exact;
      sum += e;
      worst = std::max(worst, e);
    }
  } exact_rule, intervals, increments, episodes;
  int with_loss = 0, timelines = 0;
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Net net = random_network(seed);
    const NetworkLossModel model(net.model, net.network);
    std::mt19937_64 random(seed * 104729);
    for (int t = 0; t < 6; ++t) {
      const std::vector<TimedOutage> outages = random_timeline(random, model.element_count());
      const double reference = reference_value(net, outages);
      const double exact = model.overlapping_lost_sales_value(outages, OverlapRule::kExact);
      EXPECT_NEAR(exact, reference, 1e-6 * std::max(1.0, reference)) << "timeline " << t;
      ++timelines;
      if (reference <= 1e-6) continue;
      exact_rule.add(exact, reference);
      intervals.add(model.overlapping_lost_sales_value(outages, OverlapRule::kIntervals), reference);
      increments.add(model.overlapping_lost_sales_value(outages, OverlapRule::kIncrements), reference);
      episodes.add(model.overlapping_lost_sales_value(outages, OverlapRule::kEpisodes), reference);
      ++with_loss;
    }
  }
  EXPECT_GT(with_loss, 100);
  std::printf("\n  %d timelines, %d with a loss; relative |error| against the interval LP, mean and worst:\n", timelines,
              with_loss);
  std::printf("  %-12s %8.1e %8.1e\n", "exact", exact_rule.sum / with_loss, exact_rule.worst);
  for (const auto& [name, e] : {std::pair{"intervals", intervals}, {"increments", increments}, {"episodes", episodes}})
    std::printf("  %-12s %7.1f%% %7.1f%%\n", name, 100 * e.sum / with_loss, 100 * e.worst);
}

TEST(ExactPricing, LongerOutagesAndMoreOutagesNeverCostLess) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Net net = random_network(seed);
    const NetworkLossModel model(net.model, net.network);
    std::mt19937_64 random(seed * 7);
    for (int t = 0; t < 8; ++t) {
      std::vector<TimedOutage> outages = random_timeline(random, model.element_count());
      const double base = model.overlapping_lost_sales_value(outages, OverlapRule::kExact);
      const double tolerance = 1e-7 * std::max(1.0, base);
      std::vector<TimedOutage> longer = outages;
      longer[random() % longer.size()].end_day += 0.25 + static_cast<double>(random() % 20) / 4;
      EXPECT_GE(model.overlapping_lost_sales_value(longer, OverlapRule::kExact), base - tolerance) << "timeline " << t;
      std::vector<TimedOutage> more = outages;
      more.push_back(random_timeline(random, model.element_count()).front());
      EXPECT_GE(model.overlapping_lost_sales_value(more, OverlapRule::kExact), base - tolerance) << "timeline " << t;
      // The order outages are listed in changes nothing, to the bit.
      std::vector<TimedOutage> shuffled = outages;
      std::shuffle(shuffled.begin(), shuffled.end(), random);
      EXPECT_EQ(model.overlapping_lost_sales_value(shuffled, OverlapRule::kExact), base) << "timeline " << t;
    }
  }
}

TEST(ExactPricing, ASpareAlternativeSupplierMakesASingleOutageFree) {
  Net net;
  net.node("A", 100).node("B", 100).node("C", std::nullopt, 0, 60, 10);
  net.link("a_c", "A", "C").link("b_c", "B", "C");
  const NetworkLossModel model(net.model, net.network);
  EXPECT_EQ(model.overlapping_lost_sales_value(std::vector<TimedOutage>{{at(model, "A"), 0, 30}}, OverlapRule::kExact), 0);
  // Both out: everything is lost while they overlap.
  const std::vector<TimedOutage> both = {{at(model, "A"), 0, 30}, {at(model, "B"), 10, 20}};
  EXPECT_NEAR(model.overlapping_lost_sales_value(both, OverlapRule::kExact), 10 * 60 * 10, 1e-6);
}

TEST(ExactPricing, OutagesThatCoincideArePricedOnTheirJointSetWhateverThePairsSay) {
  // Three suppliers that can each cover demand alone: every pair is free, the three
  // together lose everything. One regional event closes all three for 10 days.
  Net net;
  net.node("S1", 40).node("S2", 40).node("S3", 40).node("C", std::nullopt, 0, 40, 1);
  net.link("l1", "S1", "C").link("l2", "S2", "C").link("l3", "S3", "C");
  const NetworkLossModel model(net.model, net.network);
  std::vector<TimedOutage> event;
  for (const char* id : {"S1", "S2", "S3"}) event.push_back({at(model, id), 0, 10});
  EXPECT_NEAR(model.overlapping_lost_sales_value(event, OverlapRule::kExact), 400, 1e-9);
  EXPECT_NEAR(reference_value(net, event), 400, 1e-6);
  // A plant and both its supply paths: the plant's outage already cuts everything they cut.
  Net plant;
  plant.node("A", 50).node("B", 50).node("P", 100).node("D", std::nullopt, 0, 80, 2);
  plant.link("a_p", "A", "P").link("b_p", "B", "P").link("p_d", "P", "D");
  const NetworkLossModel plant_model(plant.model, plant.network);
  std::vector<TimedOutage> all;
  for (const char* id : {"A", "B", "P"}) all.push_back({at(plant_model, id), 0, 5});
  EXPECT_NEAR(plant_model.overlapping_lost_sales_value(all, OverlapRule::kExact), 5 * 80 * 2, 1e-9);
}

TEST(ExactPricing, AThreadsScratchReusesAGroupItPricedLatelyToTheBit) {
  // The control states of a simulated year price mostly the same outages again.
  const Net net = scrisk::testing::two_suppliers();
  const NetworkLossModel model(net.model, net.network);
  const JointCurves joint(model);
  scrisk::analysis::OverlapScratch scratch;
  const std::vector<TimedOutage> outages = {{at(model, "A"), 0, 10}, {at(model, "B"), 5, 15}};
  const double first = joint.overlapping_lost_sales_value(outages, OverlapRule::kExact, &scratch);
  EXPECT_NEAR(first, 3500, 1e-6);  // the worked example of docs/network.md
  const std::uint64_t lps = joint.timeline_lps();
  EXPECT_EQ(lps, 1u);
  EXPECT_EQ(joint.overlapping_lost_sales_value(outages, OverlapRule::kExact, &scratch), first);
  EXPECT_EQ(joint.timeline_lps(), lps);
  // Another timeline of the same elements is priced anew.
  const std::vector<TimedOutage> later = {{at(model, "A"), 0, 10}, {at(model, "B"), 6, 15}};
  EXPECT_NEAR(joint.overlapping_lost_sales_value(later, OverlapRule::kExact, &scratch),
              scrisk::testing::interval_lp_lost_sales_value(net.model, net.network, later), 1e-6);
  EXPECT_EQ(joint.timeline_lps(), lps + 1);
}

TEST(ExactPricing, ATimelinesCostNamesItsEpisodesAndTheCustomersThatLose) {
  // The worked example of docs/network.md: A out on days 0-10, B on 5-15; D loses 700 units
  // at 5 each. And a later outage of B alone, covered by stock: an episode of its own.
  const Net net = scrisk::testing::two_suppliers();
  const NetworkLossModel model(net.model, net.network);
  const JointCurves joint(model);
  const std::vector<TimedOutage> outages = {{at(model, "B"), 5, 15}, {at(model, "A"), 0, 10}, {at(model, "B"), 40, 42}};
  const scrisk::analysis::TimelineCost cost = joint.cost_timeline(outages);
  EXPECT_NEAR(cost.lost_sales_value, 3500, 1e-6);
  ASSERT_EQ(cost.episodes.size(), 2u);
  EXPECT_EQ(cost.episodes[0].start_day, 0);
  EXPECT_EQ(cost.episodes[0].end_day, 15);
  EXPECT_EQ(cost.episodes[0].elements, (std::vector<ElementIndex>{at(model, "A"), at(model, "B")}));
  EXPECT_NEAR(cost.episodes[0].lost_sales_value, 3500, 1e-6);
  EXPECT_EQ(cost.episodes[1].lost_sales_value, 0);
  ASSERT_EQ(cost.customers.size(), 1u);
  EXPECT_EQ(cost.customers[0].facility, at(model, "D"));
  EXPECT_NEAR(cost.customers[0].lost_units, 700, 1e-6);
  EXPECT_NEAR(cost.customers[0].lost_sales_value, 3500, 1e-6);
  // On random networks: the same price as kExact to the bit, and the customers add up to it.
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Net random_net = random_network(seed);
    const NetworkLossModel random_model(random_net.model, random_net.network);
    const JointCurves random_joint(random_model);
    std::mt19937_64 random(seed * 31);
    for (int t = 0; t < 4; ++t) {
      const std::vector<TimedOutage> timeline = random_timeline(random, random_model.element_count());
      const scrisk::analysis::TimelineCost priced = random_joint.cost_timeline(timeline);
      EXPECT_EQ(priced.lost_sales_value, random_model.overlapping_lost_sales_value(timeline, OverlapRule::kExact));
      double customers = 0;
      for (const auto& customer : priced.customers) customers += customer.lost_sales_value;
      EXPECT_NEAR(customers, priced.lost_sales_value, 1e-6 * std::max(1.0, priced.lost_sales_value)) << "timeline " << t;
    }
  }
}

}  // namespace
