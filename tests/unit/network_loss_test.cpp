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

namespace {

using scrisk::analysis::ElementIndex;
using scrisk::analysis::JointCurves;
using scrisk::analysis::NetworkLossModel;
using scrisk::analysis::OverlapRule;
using scrisk::analysis::PiecewiseLinear;
using scrisk::analysis::TimedOutage;
using ::testing::HasSubstr;

constexpr double kInf = std::numeric_limits<double>::infinity();

/// A model with facilities and links plus their flow data, built in code.
struct Net {
  scrisk::model::Model model;
  scrisk::model::SupplyNetwork network;

  Net& node(const std::string& id, std::optional<double> capacity, double inventory = 0, double demand = 0, double value = 0,
            const std::string& product = "") {
    model.facilities.push_back(scrisk::testing::facility(id));
    scrisk::model::FacilityFlow flow;
    flow.facility = id;
    flow.product = product;
    flow.capacity_per_day = capacity;
    flow.inventory_units = inventory;
    flow.demand_per_day = demand;
    flow.lost_sale_value_per_unit = value;
    network.facilities.push_back(flow);
    return *this;
  }
  Net& input(const std::string& id, const std::string& product, double quantity, double inventory = 0) {
    flow(id).inputs.push_back({product, quantity, inventory});
    return *this;
  }
  Net& link(const std::string& id, const std::string& from, const std::string& to,
            std::optional<double> capacity = std::nullopt) {
    model.links.push_back(scrisk::testing::link(id, from, to));
    network.links.push_back({id, capacity});
    return *this;
  }
  scrisk::model::FacilityFlow& flow(const std::string& id) {
    for (auto& flow : network.facilities)
      if (flow.facility == id) return flow;
    throw std::invalid_argument(id);
  }
};

ElementIndex at(const NetworkLossModel& model, const std::string& id) {
  auto element = model.find(id);
  if (!element) throw std::invalid_argument("no element " + id);
  return *element;
}

std::vector<ElementIndex> set_of(const NetworkLossModel& model, std::initializer_list<const char*> ids) {
  std::vector<ElementIndex> result;
  for (const char* id : ids) result.push_back(at(model, id));
  std::sort(result.begin(), result.end());
  return result;
}

double lp(const NetworkLossModel& model, std::initializer_list<const char*> ids, double days) {
  return model.lost_sales_value(set_of(model, ids), days);
}

double curve(const NetworkLossModel& model, std::initializer_list<const char*> ids, double days) {
  return model.joint_lost_sales_value(set_of(model, ids), days);
}

double positive(double x) { return std::max(0.0, x); }

/// Supplier S -> plant P (100 units of finished stock) -> customer C (200 units on hand,
/// demand 80/day at 10 per unit).
Net chain() {
  Net net;
  net.node("S", 100).node("P", 100, 100).node("C", std::nullopt, 200, 80, 10);
  net.link("s_p", "S", "P").link("p_c", "P", "C");
  return net;
}

/// Two alternative suppliers A (60/day) and B (50/day) feed plant P (120/day), which ships
/// to distribution centre D: 100 units on hand, demand 90/day, 5 per unit lost.
/// The worked example of docs/network.md.
Net two_suppliers() {
  Net net;
  net.node("A", 60).node("B", 50).node("P", 120).node("D", std::nullopt, 100, 90, 5);
  net.link("a_p", "A", "P").link("b_p", "B", "P").link("p_d", "P", "D");
  return net;
}

/// Plant P needs 2 X and 1 Y per unit (stocks: 100 X, 30 Y), makes at most 60/day and
/// sells 40/day at 7 per unit lost. X comes from SX (200/day) or SX2 (50/day), Y only
/// from SY (50/day).
Net bill_of_materials() {
  Net net;
  net.node("SX", 200, 0, 0, 0, "X").node("SX2", 50, 0, 0, 0, "X").node("SY", 50, 0, 0, 0, "Y");
  net.node("P", 60, 0, 40, 7).input("P", "X", 2, 100).input("P", "Y", 1, 30);
  net.link("sx_p", "SX", "P").link("sx2_p", "SX2", "P").link("sy_p", "SY", "P");
  return net;
}

/// Three tiers with multi-sourcing, a bill of materials, stock at every level and capped
/// links: curves here have several breakpoints.
Net rich() {
  Net net;
  net.node("R1", 40).node("R2", 30).node("R3", 50, 0, 0, 0, "chip");
  net.node("P1", 50, 60);
  net.node("P2", 35).input("P2", "P1", 1, 20).input("P2", "chip", 2, 40);
  net.node("D1", std::nullopt, 50, 20, 8).node("D2", std::nullopt, 30, 15, 12);
  net.flow("D1").capacity_per_day = 30;
  net.link("r1_p1", "R1", "P1").link("r2_p1", "R2", "P1", 10).link("p1_p2", "P1", "P2").link("r3_p2", "R3", "P2");
  net.link("p1_d1", "P1", "D1").link("p2_d1", "P2", "D1").link("p2_d2", "P2", "D2", 20);
  return net;
}

/// Two independent chains S1 -> C1 and S2 -> P2 -> C2 (disjoint paths): their outages do
/// not interact.
Net two_chains() {
  Net net;
  net.node("S1", 50).node("C1", std::nullopt, 100, 40, 3);
  net.node("S2", 30).node("P2", 30, 40).node("C2", std::nullopt, 60, 30, 4);
  net.link("s1_c1", "S1", "C1").link("s2_p2", "S2", "P2").link("p2_c2", "P2", "C2");
  return net;
}

const std::vector<double> kDays = {0, 0.5, 1, 1.25, 2.5, 3, 10.0 / 3, 3.75, 4, 7.5, 10, 30, 365, 5000};

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

/// A random acyclic five-tier network: raw suppliers (3 materials) -> component makers (a
/// bill of materials of 1-2 materials, each from 1-3 suppliers) -> plants (a bill of
/// materials of 1-2 components, each from 1-2 makers) -> DCs (1-2 plants) -> customers
/// (1-2 DCs). Capacities are sized from the demand with 0-60 % slack (some exactly tight,
/// where LPs are degenerate), a third of the links are capped, stocks at random.
Net random_network(std::uint64_t seed) {
  std::mt19937_64 random(seed);
  auto uniform = [&](double low, double high) { return std::uniform_real_distribution<double>(low, high)(random); };
  auto count = [&](int low, int high) { return std::uniform_int_distribution<int>(low, high)(random); };
  struct Plan {
    std::string id, product;
    double rate = 0;                                     // units/day it supplies in the undisrupted plan
    std::vector<std::pair<std::string, double>> inputs;  // (product, quantity)
  };
  std::vector<std::vector<Plan>> tiers(5);
  const int sizes[5] = {count(5, 8), count(3, 5), count(2, 4), count(2, 4), count(3, 6)};
  const char* names[5] = {"raw", "comp", "plant", "dc", "cust"};
  for (int tier = 0; tier < 5; ++tier)
    for (int i = 0; i < sizes[tier]; ++i) {
      Plan plan;
      plan.id = std::string(names[tier]) + std::to_string(i);
      plan.product = tier == 0 ? "m" + std::to_string(i % 3) : tier == 1 ? "c" + std::to_string(i % 2) : plan.id;
      tiers[static_cast<std::size_t>(tier)].push_back(plan);
    }
  struct Flow {
    std::string from, to;
    double rate;
  };
  std::vector<Flow> flows;
  auto pick = [&](std::vector<Plan*> pool, std::size_t k) {
    std::shuffle(pool.begin(), pool.end(), random);
    pool.resize(std::min(k, pool.size()));
    return pool;
  };
  auto source = [&](Plan& to, std::vector<Plan*> pool, double needed, int low, int high) {
    const auto chosen = pick(std::move(pool), static_cast<std::size_t>(count(low, high)));
    for (Plan* from : chosen) {
      from->rate += needed / static_cast<double>(chosen.size());
      flows.push_back({from->id, to.id, needed / static_cast<double>(chosen.size())});
    }
  };
  auto of_product = [&](std::size_t tier, const std::string& product) {
    std::vector<Plan*> pool;
    for (Plan& plan : tiers[tier])
      if (plan.product == product) pool.push_back(&plan);
    return pool;
  };
  auto all_of = [&](std::size_t tier) {
    std::vector<Plan*> pool;
    for (Plan& plan : tiers[tier]) pool.push_back(&plan);
    return pool;
  };
  for (Plan& customer : tiers[4]) {
    customer.rate = std::round(uniform(5, 40));
    source(customer, all_of(3), customer.rate, 1, 2);
  }
  for (Plan& dc : tiers[3]) source(dc, all_of(2), dc.rate, 1, 2);
  for (std::size_t tier : {2u, 1u}) {
    const std::vector<std::string> products =
        tier == 2 ? std::vector<std::string>{"c0", "c1"} : std::vector<std::string>{"m0", "m1", "m2"};
    for (Plan& maker : tiers[tier]) {
      std::vector<std::string> chosen = products;
      std::shuffle(chosen.begin(), chosen.end(), random);
      chosen.resize(static_cast<std::size_t>(count(1, 2)));
      for (const std::string& product : chosen) {
        const double quantity = std::round(uniform(1, 3));
        maker.inputs.push_back({product, quantity});
        source(maker, of_product(tier - 1, product), quantity * maker.rate, 1, tier == 2 ? 2 : 3);
      }
    }
  }
  Net net;
  for (std::size_t tier = 0; tier < 5; ++tier)
    for (const Plan& plan : tiers[tier]) {
      // Exactly tight capacity now and then: degenerate LPs, where duals are not unique.
      const double slack = random() % 4 == 0 ? 1.0 : uniform(1.0, 1.6);
      const bool customer = tier == 4;
      net.node(plan.id, customer ? std::optional<double>() : std::optional<double>(std::max(plan.rate, 1.0) * slack),
               random() % 2 == 0 ? std::round(plan.rate * uniform(0, 4)) : 0, customer ? plan.rate : 0,
               customer ? std::round(uniform(1, 20)) : 0, plan.product);
      for (const auto& [product, quantity] : plan.inputs)
        net.input(plan.id, product, quantity, random() % 2 == 0 ? std::round(quantity * plan.rate * uniform(0, 3)) : 0);
    }
  for (std::size_t i = 0; i < flows.size(); ++i) {
    const Flow& flow = flows[i];
    std::optional<double> capacity;
    if (random() % 3 == 0) capacity = flow.rate * uniform(1.0, 2.0);
    net.link("l" + std::to_string(i), flow.from, flow.to, capacity);
  }
  return net;
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
std::vector<scrisk::Problem> problems(const Net& net) {
  auto found = scrisk::model::find_problems(net.model, net.network);
  try {
    const NetworkLossModel model(net.model, net.network);
    ADD_FAILURE() << "NetworkLossModel accepted a bad network";
  } catch (const scrisk::ModelError& error) {
    EXPECT_EQ(error.problems().size(), found.size());
  }
  return found;
}

bool has(const std::vector<scrisk::Problem>& list, const std::string& path, const std::string& message) {
  for (const auto& problem : list)
    if (problem.path == path && problem.message.find(message) != std::string::npos) return true;
  std::string all;
  for (const auto& problem : list) all += "\n  " + problem.path + ": " + problem.message;
  ADD_FAILURE() << "no problem " << path << ": " << message << " among" << all;
  return false;
}

TEST(NetworkLoss, BadInputNamesTheField) {
  {
    Net net = two_suppliers();
    net.flow("P").inventory_units = -5;
    net.flow("A").capacity_per_day = std::nan("");
    net.flow("D").lost_sale_value_per_unit = kInf;
    net.network.links[1].capacity_per_day = -1;
    const auto list = problems(net);
    EXPECT_TRUE(has(list, "supply_network.facilities[2].inventory_units", "must be >= 0, got -5"));
    EXPECT_TRUE(has(list, "supply_network.facilities[0].capacity_per_day", "finite"));
    EXPECT_TRUE(has(list, "supply_network.facilities[3].lost_sale_value_per_unit", "finite"));
    EXPECT_TRUE(has(list, "supply_network.links[1].capacity_per_day", "must be >= 0"));
  }
  {
    Net net = two_suppliers();
    net.network.facilities[1].facility = "nowhere";
    net.network.facilities.push_back(net.network.facilities[0]);
    net.network.links[2].link = "A";
    const auto list = problems(net);
    EXPECT_TRUE(has(list, "supply_network.facilities[1].facility", "unknown facility id \"nowhere\""));
    EXPECT_TRUE(has(list, "supply_network.facilities[4].facility", "duplicate"));
    EXPECT_TRUE(has(list, "supply_network.links[1].link", "starts at facility \"B\", which has no entry"));
    EXPECT_TRUE(has(list, "supply_network.links[2].link", "\"A\" is a facility, not a link"));
  }
  {
    Net net = bill_of_materials();
    net.flow("P").inputs[0].quantity_per_unit = 0;
    net.flow("P").inputs.push_back({"Z", 1, 0});
    net.flow("SY").product = "W";
    const auto list = problems(net);
    EXPECT_TRUE(
        has(list, "supply_network.facilities[3].inputs[0].quantity_per_unit", "must be a number in [1e-06, 1e+06], got 0"));
    EXPECT_TRUE(has(list, "supply_network.facilities[3].inputs[2].product", "unknown product \"Z\""));
    EXPECT_TRUE(has(list, "supply_network.facilities[3].inputs[1].product", "unknown product \"Y\""));
    EXPECT_TRUE(has(list, "supply_network.links[2].link", "brings product \"W\""));
  }
  {
    Net net = bill_of_materials();
    net.network.links.pop_back();  // sy_p: SY still makes Y, nothing carries it to P
    EXPECT_TRUE(
        has(problems(net), "supply_network.facilities[3].inputs[1].product", "no link of supply_network brings \"Y\" to \"P\""));
  }
  {
    Net net = chain();
    net.link("c_s", "C", "S");
    const auto list = problems(net);
    EXPECT_TRUE(has(list, "supply_network.links[2].link", "closes a cycle of goods flow (S -> P -> C -> S)"));
  }
  {
    Net net = chain();
    net.flow("C").demand_per_day = 0;
    EXPECT_TRUE(has(problems(net), "supply_network.facilities", "no facility has demand_per_day > 0"));
  }
  {
    Net net = chain();  // 80/day demanded, 60/day makeable: every outage would carry 20/day
    net.flow("S").capacity_per_day = 60;
    try {
      const NetworkLossModel model(net.model, net.network);
      ADD_FAILURE() << "accepted a network that cannot meet demand";
    } catch (const scrisk::ModelError& error) {
      ASSERT_EQ(error.problems().size(), 1u);
      EXPECT_EQ(error.problems()[0].path, "supply_network");
      EXPECT_THAT(error.problems()[0].message, HasSubstr("C short by 20 units/day"));
    }
  }
}

}  // namespace
