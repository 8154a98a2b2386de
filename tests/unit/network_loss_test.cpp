// Network consequences of outages (analysis::NetworkLossModel) against independent oracles:
// closed forms on networks small enough to solve by hand, direct LP solves on a dense grid
// for the breakpoints, the time-expanded LP where its answer is known by hand, and the
// bracketing of the time-expanded LP by the two overlap rules (with the measured errors
// printed). docs/network.md quotes the worked example checked here.

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
#include "support/reference_lps.hpp"
#include "support/test_networks.hpp"

namespace {

using scrisk::analysis::ElementIndex;
using scrisk::analysis::NetworkLossModel;
using scrisk::analysis::OverlapRule;
using scrisk::analysis::PiecewiseLinear;
using scrisk::analysis::TimedOutage;
using scrisk::testing::at;
using scrisk::testing::bill_of_materials;
using scrisk::testing::chain;
using scrisk::testing::curve;
using scrisk::testing::kDays;
using scrisk::testing::kInf;
using scrisk::testing::lp;
using scrisk::testing::Net;
using scrisk::testing::positive;
using scrisk::testing::rich;
using scrisk::testing::set_of;
using scrisk::testing::two_chains;
using scrisk::testing::two_suppliers;

TEST(NetworkLoss, SingleChainIsDemandMinusDownstreamStock) {
  Net net = chain();
  const NetworkLossModel model(net.model, net.network);
  for (double t : kDays) {
    SCOPED_TRACE(t);
    // S or its link out: P's and C's stocks (300) cover 3.75 days.
    EXPECT_NEAR(lp(model, {"S"}, t), positive(80 * t - 300) * 10, 1e-6);
    EXPECT_NEAR(lp(model, {"s_p"}, t), positive(80 * t - 300) * 10, 1e-6);
    // P out: its own stock is on site and unreachable; C's covers 2.5 days.
    EXPECT_NEAR(lp(model, {"P"}, t), positive(80 * t - 200) * 10, 1e-6);
    EXPECT_NEAR(lp(model, {"p_c"}, t), positive(80 * t - 200) * 10, 1e-6);
    // C out: every sale lost at once.
    EXPECT_NEAR(lp(model, {"C"}, t), 800 * t, 1e-6);
    EXPECT_NEAR(curve(model, {"S"}, t), positive(80 * t - 300) * 10, 1e-6);
    EXPECT_NEAR(curve(model, {"P"}, t), positive(80 * t - 200) * 10, 1e-6);
    EXPECT_NEAR(curve(model, {"C"}, t), 800 * t, 1e-6);
  }
  EXPECT_NEAR(model.time_to_survive_days(at(model, "S")), 3.75, 1e-9);
  EXPECT_NEAR(model.time_to_survive_days(at(model, "s_p")), 3.75, 1e-9);
  EXPECT_NEAR(model.time_to_survive_days(at(model, "P")), 2.5, 1e-9);
  EXPECT_NEAR(model.time_to_survive_days(at(model, "p_c")), 2.5, 1e-9);
  EXPECT_EQ(model.time_to_survive_days(at(model, "C")), 0);
  // One breakpoint: the curve is (0,0), (3.75,0) then slope 800.
  const PiecewiseLinear& s = model.loss_curve(at(model, "S"));
  ASSERT_EQ(s.points().size(), 2u);
  EXPECT_NEAR(s.points()[1].days, 3.75, 1e-9);
  EXPECT_NEAR(s.final_slope_per_day(), 800, 1e-9);
}

TEST(NetworkLoss, ADeepSerialChainLosesDemandMinusEveryStockDownstream) {
  // 40 stages, each with 300 units of stock and room for 200 a day; the last sells 100 a
  // day at 10. An outage of stage k leaves the stocks of the stages after it, which the
  // region must reach however far down the chain they are (it grows further each round).
  constexpr int kStages = 40;
  Net net;
  for (int i = 0; i < kStages; ++i) {
    const bool last = i == kStages - 1;
    net.node("f" + std::to_string(i), 200, 300, last ? 100 : 0, last ? 10 : 0);
    if (i > 0) net.link("l" + std::to_string(i), "f" + std::to_string(i - 1), "f" + std::to_string(i));
  }
  const NetworkLossModel model(net.model, net.network);
  for (int k : {0, 12, 37}) {
    const double stock = 300.0 * (kStages - 1 - k);
    const std::string id = "f" + std::to_string(k);
    for (double t : {1.0, stock / 100, stock / 100 + 7, 200.0}) {
      SCOPED_TRACE(id + " out for " + std::to_string(t) + " days");
      const double expected = 10 * positive(100 * t - stock);
      EXPECT_NEAR(model.lost_sales_value(set_of(model, {id.c_str()}), t), expected, 1e-6 * std::max(1.0, expected));
      EXPECT_NEAR(model.loss_curve(at(model, id)).evaluate(t), expected, 1e-6 * std::max(1.0, expected));
    }
    EXPECT_NEAR(model.time_to_survive_days(at(model, id)), stock / 100, 1e-6);
  }
}

TEST(NetworkLoss, TwoAlternativeSuppliersClosedForm) {
  Net net = two_suppliers();
  const NetworkLossModel model(net.model, net.network);
  for (double t : kDays) {
    SCOPED_TRACE(t);
    EXPECT_NEAR(lp(model, {"A"}, t), positive(40 * t - 100) * 5, 1e-6);  // B's 50/day of 90
    EXPECT_NEAR(lp(model, {"B"}, t), positive(30 * t - 100) * 5, 1e-6);  // A's 60/day of 90
    EXPECT_NEAR(lp(model, {"A", "B"}, t), positive(90 * t - 100) * 5, 1e-6);
    EXPECT_NEAR(curve(model, {"A"}, t), positive(40 * t - 100) * 5, 1e-6);
    EXPECT_NEAR(curve(model, {"B"}, t), positive(30 * t - 100) * 5, 1e-6);
    EXPECT_NEAR(curve(model, {"A", "B"}, t), positive(90 * t - 100) * 5, 1e-6);
  }
  EXPECT_NEAR(model.time_to_survive_days(at(model, "A")), 2.5, 1e-9);
  EXPECT_NEAR(model.time_to_survive_days(at(model, "B")), 10.0 / 3, 1e-9);
  // The joint outage is not the sum of the single ones.
  EXPECT_GT(curve(model, {"A", "B"}, 10), curve(model, {"A"}, 10) + curve(model, {"B"}, 10) + 1000);
}

TEST(NetworkLoss, EachSupplierAloneCoversDemand) {
  Net net;
  net.node("A", 100).node("B", 100).node("D", std::nullopt, 0, 80, 5);
  net.link("a_d", "A", "D").link("b_d", "B", "D");
  const NetworkLossModel model(net.model, net.network);
  EXPECT_EQ(curve(model, {"A"}, 30), 0);
  EXPECT_EQ(curve(model, {"B"}, 30), 0);
  EXPECT_EQ(model.time_to_survive_days(at(model, "A")), kInf);
  EXPECT_NEAR(curve(model, {"A", "B"}, 6), 80 * 6 * 5, 1e-6);
  // A out for days 0-10 and B for days 4-10: only the 6 days of overlap cost anything.
  const std::vector<TimedOutage> outages = {{at(model, "A"), 0, 10}, {at(model, "B"), 4, 10}};
  EXPECT_NEAR(model.overlapping_lost_sales_value(outages), 2400, 1e-6);
  EXPECT_NEAR(scrisk::testing::time_expanded_lost_sales_value(net.model, net.network, outages, 20), 2400, 1e-6);
  EXPECT_TRUE(model.single_points_of_failure().empty());
}

TEST(NetworkLoss, BillOfMaterialsTwoInputs) {
  Net net = bill_of_materials();
  const NetworkLossModel model(net.model, net.network);
  for (double t : kDays) {
    SCOPED_TRACE(t);
    // SX out: X at 50/day makes 25/day, the X stock 50 more units.
    EXPECT_NEAR(lp(model, {"SX"}, t), positive(15 * t - 50) * 7, 1e-6);
    EXPECT_NEAR(curve(model, {"SX"}, t), positive(15 * t - 50) * 7, 1e-6);
    // SY out: the Y stock makes 30 units, then nothing.
    EXPECT_NEAR(lp(model, {"SY"}, t), positive(40 * t - 30) * 7, 1e-6);
    EXPECT_NEAR(curve(model, {"SY"}, t), positive(40 * t - 30) * 7, 1e-6);
    // SX2 out: SX alone sends 200 X/day, enough for 100/day.
    EXPECT_NEAR(curve(model, {"SX2"}, t), 0, 1e-6);
    // Both X suppliers out: the X stock makes 50 units.
    EXPECT_NEAR(curve(model, {"SX", "SX2"}, t), positive(40 * t - 50) * 7, 1e-6);
    // SX and SY out: the scarcer input (30 Y) decides.
    EXPECT_NEAR(curve(model, {"SX", "SY"}, t), positive(40 * t - 30) * 7, 1e-6);
  }
  EXPECT_NEAR(model.time_to_survive_days(at(model, "SX")), 10.0 / 3, 1e-9);
  EXPECT_NEAR(model.time_to_survive_days(at(model, "SY")), 0.75, 1e-9);
  EXPECT_EQ(model.time_to_survive_days(at(model, "SX2")), kInf);
}

TEST(NetworkLoss, BreakpointsAgreeWithDirectSolvesOnADenseGrid) {
  Net net = rich();
  const NetworkLossModel model(net.model, net.network);
  std::vector<std::vector<ElementIndex>> sets;
  for (ElementIndex e = 0; e < model.element_count(); ++e) sets.push_back({e});
  for (ElementIndex a = 0; a < model.element_count(); a += 2)
    for (ElementIndex b = a + 3; b < model.element_count(); b += 4) sets.push_back({a, b});
  sets.push_back(set_of(model, {"R1", "R2", "R3"}));
  std::mt19937_64 random(42);
  std::uniform_real_distribution<double> jitter(0, 0.5);
  const double value_per_day = 20 * 8 + 15 * 12;
  std::size_t kinked = 0;
  for (const auto& set : sets) {
    const auto curve_ptr = model.loss_curve(set);
    std::string name;
    for (ElementIndex e : set) name += model.id(e) + " ";
    SCOPED_TRACE(name);
    const auto& points = curve_ptr->points();
    kinked += points.size() > 2;
    // Convex: slopes never decrease, the last one up to the final slope.
    double previous_slope = 0;
    for (std::size_t i = 1; i <= points.size(); ++i) {
      const double slope = i < points.size() ? (points[i].value - points[i - 1].value) / (points[i].days - points[i - 1].days)
                                             : curve_ptr->final_slope_per_day();
      EXPECT_GE(slope, previous_slope - 1e-9 * value_per_day);
      previous_slope = slope;
    }
    std::vector<double> grid;
    for (double t = 0; t <= 60; t += 0.25) grid.push_back(t + (t > 0 ? jitter(random) : 0));
    for (const auto& point : points) grid.push_back(point.days);
    grid.push_back(200);
    std::sort(grid.begin(), grid.end());
    std::vector<double> direct;
    for (double t : grid) {
      const double expected = model.lost_sales_value(set, t);
      direct.push_back(expected);
      EXPECT_NEAR(curve_ptr->evaluate(t), expected, 1e-7 * value_per_day * std::max(1.0, t)) << "t = " << t;
    }
    // The direct solves are convex too (second differences on the sorted grid).
    for (std::size_t i = 1; i + 1 < grid.size(); ++i) {
      if (grid[i + 1] - grid[i] < 1e-6 || grid[i] - grid[i - 1] < 1e-6) continue;
      const double left = (direct[i] - direct[i - 1]) / (grid[i] - grid[i - 1]);
      const double right = (direct[i + 1] - direct[i]) / (grid[i + 1] - grid[i]);
      EXPECT_GE(right, left - 1e-6 * value_per_day) << "t = " << grid[i];
    }
  }
  EXPECT_GE(kinked, 3u) << "the rich network should give curves with several breakpoints";
}

TEST(NetworkLoss, TimeExpandedEqualsCurveForASingleOutage) {
  // With one outage set at a time the aggregate TTR LP is exact: its solution spread evenly
  // over the days is a daily plan, and once the outage ends capacities meet demand again.
  Net net = rich();
  const NetworkLossModel model(net.model, net.network);
  for (ElementIndex e = 0; e < model.element_count(); ++e) {
    for (double length : {2.0, 5.0, 13.0}) {
      SCOPED_TRACE(model.id(e) + " for " + std::to_string(length) + " days");
      const std::vector<TimedOutage> outage = {{e, 3, 3 + length}};
      EXPECT_NEAR(scrisk::testing::time_expanded_lost_sales_value(net.model, net.network, outage, 30),
                  model.loss_curve(e).evaluate(length), 1e-6);
    }
  }
}

TEST(NetworkLoss, TimeExpandedKnownByHand) {
  // S -> C: C holds 200 units, sells 80/day at 2 per unit. S out on days 0-5 and 8-10.
  for (double capacity : {80.0, 100.0}) {
    Net net;
    net.node("S", capacity).node("C", std::nullopt, 200, 80, 2);
    net.link("s_c", "S", "C");
    const NetworkLossModel model(net.model, net.network);
    const std::vector<TimedOutage> outages = {{at(model, "S"), 0, 5}, {at(model, "S"), 8, 10}};
    // First outage: 400 demanded, 200 from stock, 200 lost. Between outages the stock
    // refills by capacity - demand per day (0 or 20) for 3 days; the second outage loses
    // 160 minus that.
    const double refill = 3 * (capacity - 80);
    EXPECT_NEAR(scrisk::testing::time_expanded_lost_sales_value(net.model, net.network, outages, 15), (200 + 160 - refill) * 2,
                1e-6);
    // Fresh stock for every interval forgets the first outage: 200 lost, then none.
    EXPECT_NEAR(model.overlapping_lost_sales_value(outages, OverlapRule::kIntervals), 400, 1e-6);
  }
}

struct Pattern {
  std::string name;
  Net net;
  std::vector<std::tuple<std::string, double, double>> outages;
  bool one_episode;  // the episode rule is an upper bound only for one episode from full stock
};

TEST(NetworkLoss, OverlapRulesBracketTheTimeExpandedLp) {
  Net tight;
  tight.node("S", 80).node("C", std::nullopt, 200, 80, 2);
  tight.link("s_c", "S", "C");
  Net spare;
  spare.node("S", 100).node("C", std::nullopt, 200, 80, 2);
  spare.link("s_c", "S", "C");
  std::vector<Pattern> patterns = {
      {"alternatives, partial overlap", two_suppliers(), {{"A", 0, 10}, {"B", 5, 15}}, true},
      {"alternatives, nested", two_suppliers(), {{"A", 0, 20}, {"B", 5, 10}}, true},
      {"alternatives, back to back", two_suppliers(), {{"A", 0, 6}, {"B", 6, 12}}, true},
      {"alternatives, back to back, short first", two_suppliers(), {{"A", 0, 2}, {"B", 2, 6}}, true},
      {"alternatives, short overlap", two_suppliers(), {{"A", 0, 3}, {"B", 2, 5}}, true},
      {"BOM inputs, staggered", bill_of_materials(), {{"SX", 0, 6}, {"SY", 3, 9}}, true},
      {"BOM, both X suppliers staggered", bill_of_materials(), {{"SX", 0, 4}, {"SX2", 2, 8}}, true},
      {"same supplier twice, no spare capacity", tight, {{"S", 0, 5}, {"S", 8, 10}}, false},
      {"same supplier twice, spare capacity", spare, {{"S", 0, 5}, {"S", 8, 10}}, false},
      {"three tiers, R1 then P2", rich(), {{"R1", 2, 12}, {"P2", 6, 9}}, true},
      {"three tiers, R2, R1, link", rich(), {{"R2", 0, 8}, {"R1", 4, 14}, {"p1_d1", 10, 16}}, true},
      {"two separate chains, overlapping", two_chains(), {{"S1", 0, 10}, {"S2", 5, 15}}, true},
      {"two chains + shared-stock pair", two_chains(), {{"S1", 0, 10}, {"S2", 5, 15}, {"P2", 12, 14}}, true},
  };
  std::printf("\n  %-40s %9s %9s %9s %9s %9s %9s %9s\n", "overlap pattern (loss value)", "exact", "daily LP", "intervals",
              "increments", "episodes", "int. err", "inc. err");
  for (Pattern& pattern : patterns) {
    SCOPED_TRACE(pattern.name);
    // The rules themselves, on every pair that interacts (not only alternative sources).
    pattern.net.network.interaction_scope = scrisk::model::InteractionScope::kAllPairs;
    const NetworkLossModel model(pattern.net.model, pattern.net.network);
    std::vector<TimedOutage> outages;
    double horizon = 0;
    for (const auto& [id, start, end] : pattern.outages) {
      outages.push_back({at(model, id), start, end});
      horizon = std::max(horizon, end + 10);
    }
    const double exact = scrisk::testing::interval_lp_lost_sales_value(pattern.net.model, pattern.net.network, outages);
    const double daily =
        scrisk::testing::time_expanded_lost_sales_value(pattern.net.model, pattern.net.network, outages, horizon);
    const double intervals = model.overlapping_lost_sales_value(outages, OverlapRule::kIntervals);
    const double increments = model.overlapping_lost_sales_value(outages, OverlapRule::kIncrements);
    const double episodes = model.overlapping_lost_sales_value(outages, OverlapRule::kEpisodes);
    // Whole-day outages: the daily time-expanded LP and the one-period-per-interval LP agree.
    EXPECT_NEAR(daily, exact, 1e-6 * std::max(1.0, exact));
    EXPECT_LE(intervals, exact + 1e-6);  // the documented sign: intervals never overstate
    if (pattern.one_episode) {
      EXPECT_GE(episodes, exact - 1e-6);  // and episodes never understate one episode
    }
    auto relative = [&](double approx) { return exact > 0 ? (approx - exact) / exact * 100 : 0.0; };
    std::printf("  %-40s %9.1f %9.1f %9.1f %9.1f %9.1f %8.1f%% %8.1f%%\n", pattern.name.c_str(), exact, daily, intervals,
                increments, episodes, relative(intervals), relative(increments));
  }
  // Outages starting and ending inside a day: the daily LP lumps each day, a relaxation of
  // the exact value.
  Net net = two_suppliers();
  const NetworkLossModel model(net.model, net.network);
  const std::vector<TimedOutage> fractional = {{at(model, "A"), 0.3, 7.6}, {at(model, "B"), 4.5, 9.25}};
  const double exact = scrisk::testing::interval_lp_lost_sales_value(net.model, net.network, fractional);
  const double daily = scrisk::testing::time_expanded_lost_sales_value(net.model, net.network, fractional, 20);
  EXPECT_LE(daily, exact + 1e-6);
  std::printf("  %-40s %9.1f %9.1f (daily periods lump partial days)\n", "alternatives, fractional days", exact, daily);
}

TEST(NetworkLoss, SinglePointsOfFailure) {
  auto names = [](const NetworkLossModel& model) {
    std::vector<std::string> result;
    for (const auto& spof : model.single_points_of_failure()) {
      std::string customers;
      for (ElementIndex c : spof.customers) customers += (customers.empty() ? "" : ",") + model.id(c);
      result.push_back(model.id(spof.element) + "->" + customers);
    }
    return result;
  };
  {
    Net net = chain();
    const NetworkLossModel model(net.model, net.network);
    EXPECT_THAT(names(model), ::testing::ElementsAre("S->C", "P->C", "s_p->C", "p_c->C"));
  }
  {
    Net net = two_suppliers();  // A and B back each other up; P and its link do not
    const NetworkLossModel model(net.model, net.network);
    EXPECT_THAT(names(model), ::testing::ElementsAre("P->D", "p_d->D"));
  }
  {
    Net net = bill_of_materials();  // Y has one supplier, X two
    const NetworkLossModel model(net.model, net.network);
    EXPECT_THAT(names(model), ::testing::ElementsAre("SY->P", "sy_p->P"));
  }
  {
    Net net = rich();  // D1 is fed by P1 directly: only P2's own outlet, R3 and P2 cut off D2
    const NetworkLossModel model(net.model, net.network);
    EXPECT_THAT(names(model), ::testing::ElementsAre("R3->D2", "P1->D1,D2", "P2->D2", "p1_p2->D2", "r3_p2->D2", "p2_d2->D2"));
  }
}

TEST(NetworkLoss, DocsWorkedExample) {
  // docs/network.md, "Worked example": keep the numbers there in step with these.
  Net net = two_suppliers();
  const NetworkLossModel model(net.model, net.network);
  EXPECT_NEAR(model.time_to_survive_days(at(model, "A")), 2.5, 1e-9);
  EXPECT_NEAR(model.time_to_survive_days(at(model, "B")), 10.0 / 3, 1e-9);
  EXPECT_NEAR(curve(model, {"A"}, 10), 1500, 1e-6);
  EXPECT_NEAR(curve(model, {"B"}, 10), 1000, 1e-6);
  EXPECT_NEAR(curve(model, {"A", "B"}, 10), 4000, 1e-6);
  EXPECT_NEAR(model.time_to_survive_days(at(model, "P")), 10.0 / 9, 1e-9);  // D's stock only
  // A out days 0-10, B out days 5-15.
  const std::vector<TimedOutage> outages = {{at(model, "A"), 0, 10}, {at(model, "B"), 5, 15}};
  // Intervals: {A} 5 days (200 short - 100 stock) + {A,B} 5 days (450 - 100) + {B} 5 days
  // (150 - 100) = 500 units. Exact: 200 + 450 + 150 short, the 100 in stock used once.
  EXPECT_NEAR(model.overlapping_lost_sales_value(outages, OverlapRule::kIntervals), 2500, 1e-6);
  EXPECT_NEAR(scrisk::testing::time_expanded_lost_sales_value(net.model, net.network, outages, 25), 3500, 1e-6);
  EXPECT_NEAR(scrisk::testing::interval_lp_lost_sales_value(net.model, net.network, outages), 3500, 1e-6);
  // Increments: {A} L_A(5) = 500; {A,B} L_AB(10) - L_AB(5) = 4000 - 1750; {B} L_B(15) - L_B(10)
  // = 1750 - 1000: 3500, exact here because every stock is gone before the sets change.
  EXPECT_NEAR(model.overlapping_lost_sales_value(outages, OverlapRule::kIncrements), 3500, 1e-6);
  // Episodes: A and B both out for all 15 days: 1350 - 100 units.
  EXPECT_NEAR(model.overlapping_lost_sales_value(outages, OverlapRule::kEpisodes), 6250, 1e-6);
}

TEST(NetworkLoss, PiecewiseLinearEvaluates) {
  const PiecewiseLinear zero;
  EXPECT_EQ(zero.evaluate(10), 0);
  EXPECT_EQ(zero.last_zero_days(), kInf);
  const PiecewiseLinear f({{0, 0}, {2, 0}, {4, 10}}, 20);
  EXPECT_EQ(f.evaluate(-1), 0);
  EXPECT_EQ(f.evaluate(1), 0);
  EXPECT_EQ(f.evaluate(3), 5);
  EXPECT_EQ(f.evaluate(4), 10);
  EXPECT_EQ(f.evaluate(6), 50);
  EXPECT_EQ(f.last_zero_days(), 2);
  EXPECT_THROW(PiecewiseLinear({{1, 0}}, 0), scrisk::UsageError);
  EXPECT_THROW(PiecewiseLinear({{0, 0}, {0, 1}}, 0), scrisk::UsageError);
}

TEST(NetworkLoss, BadCallsAreRefused) {
  Net net = two_suppliers();
  const NetworkLossModel model(net.model, net.network);
  const std::vector<ElementIndex> unsorted = {1, 0};
  EXPECT_THROW((void)model.loss_curve(unsorted), scrisk::UsageError);
  const std::vector<ElementIndex> out_of_range = {99};
  EXPECT_THROW((void)model.lost_sales_value(out_of_range, 1), scrisk::UsageError);
  EXPECT_THROW((void)model.lost_sales_value(std::vector<ElementIndex>{0}, -1), scrisk::UsageError);
  EXPECT_FALSE(model.find("nowhere"));
}

/// The problems of `net`, also checking that NetworkLossModel refuses it with the same list.

}  // namespace
