// Single points of failure: elements whose outage alone, with no inventory anywhere, leaves
// a customer without supply. A reachability count, no LP.
#include <algorithm>

#include "analysis/network/loss_model_impl.hpp"

namespace scrisk::analysis {

std::vector<SinglePointOfFailure> NetworkLossModel::single_points_of_failure() const {
  const Impl& impl = *impl_;
  const std::size_t node_count = impl.graph.nodes.size();
  // "Can make a positive rate" with no inventory: up (capacity > 0) and every input slot fed
  // by at least one live link (capacity > 0) from a node that can. On an acyclic graph this
  // is exactly "the rate LP can get a positive flow there", without solving it.
  std::vector<std::size_t> slot_base(node_count + 1, 0);
  for (std::size_t n = 0; n < node_count; ++n) slot_base[n + 1] = slot_base[n] + impl.graph.nodes[n].slots.size();
  auto live_arc = [&](std::size_t a) { return impl.graph.arcs[a].capacity > 0; };
  // Topological order (Kahn) for the baseline.
  std::vector<std::size_t> indegree(node_count, 0), order;
  for (const detail::Arc& arc : impl.graph.arcs) ++indegree[arc.to];
  for (std::size_t n = 0; n < node_count; ++n)
    if (indegree[n] == 0) order.push_back(n);
  for (std::size_t i = 0; i < order.size(); ++i)
    for (std::uint32_t a : impl.graph.nodes[order[i]].out_links)
      if (--indegree[impl.graph.arcs[a].to] == 0) order.push_back(impl.graph.arcs[a].to);
  std::vector<int> base_count(slot_base[node_count], 0);
  std::vector<bool> base_alive(node_count, false);
  for (std::size_t n : order) {
    const detail::Node& node = impl.graph.nodes[n];
    bool alive = node.capacity > 0;
    for (std::size_t j = 0; j < node.slots.size(); ++j) alive = alive && base_count[slot_base[n] + j] > 0;
    base_alive[n] = alive;
    if (alive)
      for (std::uint32_t a : node.out_links)
        if (live_arc(a)) ++base_count[slot_base[impl.graph.arcs[a].to] + impl.graph.arcs[a].slot];
  }
  // Per element, propagate deaths from it through a worklist and undo afterwards: the
  // work is the size of the region it cuts off, not of the network.
  std::vector<int> count = base_count;
  std::vector<bool> dead(node_count, false);
  std::vector<std::size_t> touched_slots, killed, queue;
  std::vector<SinglePointOfFailure> result;
  for (std::size_t e = 0; e < impl.element_count(); ++e) {
    auto kill = [&](std::size_t n) {
      if (!base_alive[n] || dead[n]) return;
      dead[n] = true;
      killed.push_back(n);
      queue.push_back(n);
    };
    auto cut = [&](std::size_t a) {
      const detail::Arc& arc = impl.graph.arcs[a];
      const std::size_t slot = slot_base[arc.to] + arc.slot;
      touched_slots.push_back(slot);
      if (--count[slot] == 0) kill(arc.to);
    };
    if (e < node_count)
      kill(e);
    else if (live_arc(e - node_count) && base_alive[impl.graph.arcs[e - node_count].from] &&
             !dead[impl.graph.arcs[e - node_count].from])
      cut(e - node_count);
    while (!queue.empty()) {
      const std::size_t n = queue.back();
      queue.pop_back();
      for (std::uint32_t a : impl.graph.nodes[n].out_links)
        if (live_arc(a) && a + node_count != e) cut(a);
    }
    SinglePointOfFailure spof{static_cast<ElementIndex>(e), {}};
    std::sort(killed.begin(), killed.end());
    for (std::size_t n : killed)
      if (n != e && impl.graph.nodes[n].demand > 0) spof.customers.push_back(static_cast<ElementIndex>(n));
    if (!spof.customers.empty()) result.push_back(std::move(spof));
    for (std::size_t slot : touched_slots) count[slot] = base_count[slot];
    for (std::size_t n : killed) dead[n] = false;
    touched_slots.clear();
    killed.clear();
  }
  return result;
}

}  // namespace scrisk::analysis
