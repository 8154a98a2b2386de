#include "analysis/network/flow_graph.hpp"

#include <algorithm>
#include <map>

namespace scrisk::analysis::detail {

ColumnMajor column_major(std::vector<std::vector<std::pair<int, double>>>& columns) {
  ColumnMajor packed;
  for (auto& column : columns) {
    std::sort(column.begin(), column.end());
    for (auto [row, coefficient] : column) {
      packed.index.push_back(row);
      packed.value.push_back(coefficient);
    }
    packed.start.push_back(static_cast<CoinBigIndex>(packed.index.size()));
  }
  return packed;
}

namespace {

/// The facility's slot a link from `from` feeds: the only one without a bill of materials
/// (created on first use), else the input whose product the supplier makes.
std::uint32_t slot_fed(const model::SupplyNetwork& network, std::uint32_t from, std::uint32_t to, Node& receiver) {
  if (network.facilities[to].inputs.empty()) {
    if (receiver.slots.empty()) receiver.slots.push_back({1, 0, {}});
    return 0;
  }
  const std::string& product = model::product_of(network.facilities[from]);
  const auto& inputs = network.facilities[to].inputs;
  return static_cast<std::uint32_t>(
      std::find_if(inputs.begin(), inputs.end(), [&](const model::BomInput& input) { return input.product == product; }) -
      inputs.begin());
}

}  // namespace

FlowGraph build_flow_graph(const model::Model& model, const model::SupplyNetwork& network) {
  FlowGraph graph;
  std::map<std::string, std::uint32_t> node_of;
  for (const model::FacilityFlow& flow : network.facilities) {
    Node node;
    node.id = flow.facility;
    node.capacity = flow.capacity_per_day.value_or(kInf);
    node.inventory = flow.inventory_units;
    node.demand = flow.demand_per_day;
    node.value = flow.lost_sale_value_per_unit;
    for (const model::BomInput& input : flow.inputs) node.slots.push_back({input.quantity_per_unit, input.inventory_units, {}});
    node_of.emplace(flow.facility, static_cast<std::uint32_t>(graph.nodes.size()));
    graph.value_per_day += node.demand * node.value;
    graph.nodes.push_back(std::move(node));
  }
  std::map<std::string, const model::Link*> links;
  for (const model::Link& link : model.links) links.emplace(link.id, &link);
  for (const model::LinkFlow& flow : network.links) {
    const model::Link& link = *links.at(flow.link);
    Arc arc;
    arc.id = flow.link;
    arc.from = node_of.at(link.from);
    arc.to = node_of.at(link.to);
    arc.capacity = flow.capacity_per_day.value_or(kInf);
    const auto a = static_cast<std::uint32_t>(graph.arcs.size());
    Node& to = graph.nodes[arc.to];
    arc.slot = slot_fed(network, arc.from, arc.to, to);
    to.slots[arc.slot].links.push_back(a);
    to.in_links.push_back(a);
    graph.nodes[arc.from].out_links.push_back(a);
    graph.arcs.push_back(std::move(arc));
  }
  for (const Node& node : graph.nodes) graph.element_ids.push_back(node.id);
  for (const Arc& arc : graph.arcs) graph.element_ids.push_back(arc.id);
  return graph;
}

}  // namespace scrisk::analysis::detail
