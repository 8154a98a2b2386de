#include "analysis/network/baseline_plan.hpp"

#include <algorithm>

namespace scrisk::analysis::detail {

std::optional<BaselinePlan> greedy_baseline(const std::vector<Node>& nodes, const std::vector<Arc>& arcs, ShareRule rule) {
  std::vector<std::size_t> unvisited_receivers(nodes.size(), 0), order;
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    unvisited_receivers[n] = nodes[n].out_links.size();
    if (unvisited_receivers[n] == 0) order.push_back(n);
  }
  BaselinePlan plan;
  plan.made_per_day.assign(nodes.size(), 0);
  plan.link_rate.assign(arcs.size(), 0);
  for (std::size_t n = 0; n < nodes.size(); ++n) plan.made_per_day[n] = nodes[n].demand;  // sold, so made or handled
  for (std::size_t i = 0; i < order.size(); ++i) {
    const Node& node = nodes[order[i]];
    const double made = plan.made_per_day[order[i]];
    if (made > node.capacity) return std::nullopt;
    for (const Slot& slot : node.slots) {
      const double needed = slot.quantity_per_unit * made;
      if (needed == 0) continue;
      auto spare_of = [&](std::uint32_t a) {
        const Arc& arc = arcs[a];
        return std::max(0.0, std::min(nodes[arc.from].capacity - plan.made_per_day[arc.from], arc.capacity - plan.link_rate[a]));
      };
      auto order_from = [&](std::uint32_t a, double units) {
        plan.link_rate[a] += units;
        plan.made_per_day[arcs[a].from] += units;
      };
      const auto unlimited =
          std::find_if(slot.links.begin(), slot.links.end(), [&](std::uint32_t a) { return std::isinf(spare_of(a)); });
      if (unlimited != slot.links.end()) {
        order_from(*unlimited, needed);
        continue;
      }
      // First each supplier's share by `rule`. The fair share splits a supplier's spare
      // capacity among the receivers it has not served yet, so early receivers do not
      // starve later ones.
      auto weight_of = [&](std::uint32_t a) {
        return rule == ShareRule::kEvenSplit ? 1.0 : spare_of(a) / static_cast<double>(unvisited_receivers[arcs[a].from]);
      };
      double fair_total = 0;
      for (std::uint32_t a : slot.links) fair_total += weight_of(a);
      double missing = needed;
      if (fair_total > 0) {
        const double scale = rule == ShareRule::kEvenSplit ? needed : std::min(needed, fair_total);
        std::vector<double> shares;
        for (std::uint32_t a : slot.links) shares.push_back(std::min(spare_of(a), scale * weight_of(a) / fair_total));
        for (std::size_t k = 0; k < slot.links.size(); ++k) {
          const double units = std::min(shares[k], spare_of(slot.links[k]));  // two links from one supplier
          order_from(slot.links[k], units);
          missing -= units;
        }
      }
      // Then the rest from whatever spare capacity is left, supplier by supplier.
      for (std::uint32_t a : slot.links) {
        if (!(missing > 0)) break;
        const double units = std::min(missing, spare_of(a));
        order_from(a, units);
        missing -= units;
      }
      if (missing > 1e-12 * (1 + needed)) return std::nullopt;
    }
    for (std::uint32_t a : node.in_links)
      if (--unvisited_receivers[arcs[a].from] == 0) order.push_back(arcs[a].from);
  }
  return plan;
}

}  // namespace scrisk::analysis::detail
