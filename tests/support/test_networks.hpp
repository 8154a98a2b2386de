// The small supply networks the network tests solve by hand, and lookups by id.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "scrisk/analysis/network_loss.hpp"
#include "scrisk/model/supply_network.hpp"
#include "support/model_builders.hpp"

namespace scrisk::testing {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

/// A model with facilities and links plus their flow data, built in code.
struct Net {
  model::Model model;
  model::SupplyNetwork network;

  Net& node(const std::string& id, std::optional<double> capacity, double inventory = 0, double demand = 0, double value = 0,
            const std::string& product = "") {
    model.facilities.push_back(testing::facility(id));
    model::FacilityFlow flow;
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
    model.links.push_back(testing::link(id, from, to));
    network.links.push_back({id, capacity});
    return *this;
  }
  model::FacilityFlow& flow(const std::string& id) {
    for (auto& flow : network.facilities)
      if (flow.facility == id) return flow;
    throw std::invalid_argument(id);
  }
};

inline analysis::ElementIndex at(const analysis::NetworkLossModel& model, const std::string& id) {
  auto element = model.find(id);
  if (!element) throw std::invalid_argument("no element " + id);
  return *element;
}

inline std::vector<analysis::ElementIndex> set_of(const analysis::NetworkLossModel& model,
                                                  std::initializer_list<const char*> ids) {
  std::vector<analysis::ElementIndex> result;
  for (const char* id : ids) result.push_back(at(model, id));
  std::sort(result.begin(), result.end());
  return result;
}

inline double lp(const analysis::NetworkLossModel& model, std::initializer_list<const char*> ids, double days) {
  return model.lost_sales_value(set_of(model, ids), days);
}

inline double curve(const analysis::NetworkLossModel& model, std::initializer_list<const char*> ids, double days) {
  return model.joint_lost_sales_value(set_of(model, ids), days);
}

inline double positive(double x) { return std::max(0.0, x); }

/// Supplier S -> plant P (100 units of finished stock) -> customer C (200 units on hand,
/// demand 80/day at 10 per unit).
inline Net chain() {
  Net net;
  net.node("S", 100).node("P", 100, 100).node("C", std::nullopt, 200, 80, 10);
  net.link("s_p", "S", "P").link("p_c", "P", "C");
  return net;
}

/// Two alternative suppliers A (60/day) and B (50/day) feed plant P (120/day), which ships
/// to distribution centre D: 100 units on hand, demand 90/day, 5 per unit lost.
/// The worked example of docs/network.md.
inline Net two_suppliers() {
  Net net;
  net.node("A", 60).node("B", 50).node("P", 120).node("D", std::nullopt, 100, 90, 5);
  net.link("a_p", "A", "P").link("b_p", "B", "P").link("p_d", "P", "D");
  return net;
}

/// Plant P needs 2 X and 1 Y per unit (stocks: 100 X, 30 Y), makes at most 60/day and
/// sells 40/day at 7 per unit lost. X comes from SX (200/day) or SX2 (50/day), Y only
/// from SY (50/day).
inline Net bill_of_materials() {
  Net net;
  net.node("SX", 200, 0, 0, 0, "X").node("SX2", 50, 0, 0, 0, "X").node("SY", 50, 0, 0, 0, "Y");
  net.node("P", 60, 0, 40, 7).input("P", "X", 2, 100).input("P", "Y", 1, 30);
  net.link("sx_p", "SX", "P").link("sx2_p", "SX2", "P").link("sy_p", "SY", "P");
  return net;
}

/// Three tiers with multi-sourcing, a bill of materials, stock at every level and capped
/// links: curves here have several breakpoints.
inline Net rich() {
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
inline Net two_chains() {
  Net net;
  net.node("S1", 50).node("C1", std::nullopt, 100, 40, 3);
  net.node("S2", 30).node("P2", 30, 40).node("C2", std::nullopt, 60, 30, 4);
  net.link("s1_c1", "S1", "C1").link("s2_p2", "S2", "P2").link("p2_c2", "P2", "C2");
  return net;
}

inline const std::vector<double> kDays = {0, 0.5, 1, 1.25, 2.5, 3, 10.0 / 3, 3.75, 4, 7.5, 10, 30, 365, 5000};

}  // namespace scrisk::testing
