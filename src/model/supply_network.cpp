#include "scrisk/model/supply_network.hpp"
#include "scrisk/model/validate.hpp"

#include <cmath>
#include <map>
#include <set>
#include <string_view>

#include "core/format.hpp"

namespace scrisk::model {
namespace {

using detail::format_number;
using detail::indexed;

constexpr std::string_view kRoot = "supply_network";

class NetworkValidator {
 public:
  NetworkValidator(const Model& model, const SupplyNetwork& network) : model_(model), network_(network) {}

  std::vector<Problem> run() {
    for (const Facility& facility : model_.facilities) model_facilities_.insert(facility.id);
    for (const Link& link : model_.links) model_links_.emplace(link.id, &link);
    for (std::size_t i = 0; i < network_.facilities.size(); ++i) check_facility(i);
    for (std::size_t i = 0; i < network_.links.size(); ++i) check_link(i);
    check_inputs_are_supplied();
    check_acyclic();
    if (!network_.facilities.empty()) {
      bool any_demand = false;
      // A non-finite demand counts as some: it has its own problem already.
      for (const FacilityFlow& flow : network_.facilities) any_demand |= !(flow.demand_per_day <= 0);
      if (!any_demand) fail(std::string(kRoot) + ".facilities", "no facility has demand_per_day > 0: no outage can lose a sale");
    }
    return std::move(problems_);
  }

 private:
  void fail(const std::string& path, const std::string& message) { problems_.push_back({path, message}); }

  /// A quantity the LP reads: finite, >= 0, and at most `limit` (model/limits.hpp: beyond,
  /// its coefficients span more orders of magnitude than Clp resolves).
  void bounded(double value, const std::string& path, double limit = kMaxUnits) {
    if (!std::isfinite(value))
      fail(path, "must be a finite number, got " + format_number(value));
    else if (value < 0)
      fail(path, "must be >= 0, got " + format_number(value));
    else if (value > limit)
      fail(path, "must be at most " + format_number(limit) + ", got " + format_number(value) +
                     (path.ends_with("capacity_per_day") ? " (leave it out for an unlimited capacity)" : ""));
  }

  static std::string facility_path(std::size_t i) { return indexed(std::string(kRoot) + ".facilities", i); }
  static std::string link_path(std::size_t i) { return indexed(std::string(kRoot) + ".links", i); }

  void check_facility(std::size_t i) {
    const FacilityFlow& flow = network_.facilities[i];
    const std::string path = facility_path(i);
    if (flow.facility.empty()) {
      fail(path + ".facility", "missing: the id of a facility of the model");
    } else if (!model_facilities_.contains(flow.facility)) {
      fail(path + ".facility", model_links_.contains(flow.facility) ? "\"" + flow.facility + "\" is a link, not a facility"
                                                                    : "unknown facility id \"" + flow.facility + "\"");
    } else {
      auto [it, inserted] = flows_.emplace(flow.facility, i);
      if (!inserted)
        fail(path + ".facility", "duplicate: \"" + flow.facility + "\" already has flow data at " + facility_path(it->second));
    }
    if (flow.capacity_per_day) bounded(*flow.capacity_per_day, path + ".capacity_per_day");
    bounded(flow.inventory_units, path + ".inventory_units");
    bounded(flow.demand_per_day, path + ".demand_per_day");
    bounded(flow.lost_sale_value_per_unit, path + ".lost_sale_value_per_unit", kMaxValuePerUnit);
    products_.insert(product_of(flow));

    std::set<std::string> seen;
    for (std::size_t k = 0; k < flow.inputs.size(); ++k) {
      const BomInput& input = flow.inputs[k];
      const std::string input_path = indexed(path + ".inputs", k);
      if (input.product.empty())
        fail(input_path + ".product", "missing: the product this input is");
      else if (!seen.insert(input.product).second)
        fail(input_path + ".product", "\"" + input.product + "\" is already an input of this facility");
      if (!(input.quantity_per_unit >= kMinQuantityPerUnit && input.quantity_per_unit <= kMaxQuantityPerUnit))
        fail(input_path + ".quantity_per_unit", "must be a number in [" + format_number(kMinQuantityPerUnit) + ", " +
                                                    format_number(kMaxQuantityPerUnit) + "], got " +
                                                    format_number(input.quantity_per_unit));
      bounded(input.inventory_units, input_path + ".inventory_units");
    }
  }

  void check_link(std::size_t i) {
    const LinkFlow& flow = network_.links[i];
    const std::string path = link_path(i);
    if (flow.capacity_per_day) bounded(*flow.capacity_per_day, path + ".capacity_per_day");
    if (flow.link.empty()) return fail(path + ".link", "missing: the id of a link of the model");
    auto model_link = model_links_.find(flow.link);
    if (model_link == model_links_.end())
      return fail(path + ".link", model_facilities_.contains(flow.link) ? "\"" + flow.link + "\" is a facility, not a link"
                                                                        : "unknown link id \"" + flow.link + "\"");
    auto [it, inserted] = seen_links_.emplace(flow.link, i);
    if (!inserted)
      return fail(path + ".link", "duplicate: \"" + flow.link + "\" already has flow data at " + link_path(it->second));
    const Link& link = *model_link->second;
    bool ends_known = true;
    for (const std::string* end : {&link.from, &link.to}) {
      if (!flows_.contains(*end)) {
        ends_known = false;
        fail(path + ".link", "\"" + flow.link + "\" " + (end == &link.from ? "starts" : "ends") + " at facility \"" + *end +
                                 "\", which has no entry in " + std::string(kRoot) + ".facilities");
      }
    }
    if (!ends_known || link.from == link.to) return;
    const FacilityFlow& from = network_.facilities[flows_.at(link.from)];
    const FacilityFlow& to = network_.facilities[flows_.at(link.to)];
    edges_.push_back({i, flows_.at(link.from), flows_.at(link.to)});
    if (to.inputs.empty()) return;
    bool used = false;
    for (const BomInput& input : to.inputs) used |= input.product == product_of(from);
    if (!used)
      fail(path + ".link", "\"" + flow.link + "\" brings product \"" + product_of(from) + "\" from \"" + link.from + "\" to \"" +
                               link.to + "\", whose inputs do not include it");
    else
      supplied_.insert({flows_.at(link.to), product_of(from)});
  }

  void check_inputs_are_supplied() {
    for (std::size_t i = 0; i < network_.facilities.size(); ++i) {
      const FacilityFlow& flow = network_.facilities[i];
      for (std::size_t k = 0; k < flow.inputs.size(); ++k) {
        const BomInput& input = flow.inputs[k];
        if (input.product.empty()) continue;
        const std::string path = indexed(facility_path(i) + ".inputs", k) + ".product";
        if (!products_.contains(input.product))
          fail(path, "unknown product \"" + input.product + "\": no facility of " + std::string(kRoot) + " makes it");
        else if (!supplied_.contains({i, input.product}))
          fail(path, "no link of " + std::string(kRoot) + " brings \"" + input.product + "\" to \"" + flow.facility + "\"");
      }
    }
  }

  /// Depth-first search; a back edge closes a cycle, reported on that link with the cycle.
  /// Cycles are refused because a bill of materials with quantity_per_unit < 1 around a
  /// loop would create goods from nothing, and real goods flows are acyclic.
  void check_acyclic() {
    const std::size_t n = network_.facilities.size();
    std::vector<std::vector<const Edge*>> out(n);
    for (const Edge& edge : edges_) out[edge.from].push_back(&edge);
    std::vector<int> state(n, 0);  // 0 unvisited, 1 on the stack, 2 done
    std::vector<std::size_t> stack_nodes;
    struct Frame {
      std::size_t node;
      std::size_t next;
    };
    for (std::size_t root = 0; root < n; ++root) {
      if (state[root] != 0) continue;
      std::vector<Frame> stack{{root, 0}};
      state[root] = 1;
      stack_nodes = {root};
      while (!stack.empty()) {
        Frame& frame = stack.back();
        if (frame.next == out[frame.node].size()) {
          state[frame.node] = 2;
          stack.pop_back();
          stack_nodes.pop_back();
          continue;
        }
        const Edge& edge = *out[frame.node][frame.next++];
        if (state[edge.to] == 1) {
          std::string cycle;
          bool in_cycle = false;
          for (std::size_t node : stack_nodes) {
            in_cycle |= node == edge.to;
            if (in_cycle) cycle += network_.facilities[node].facility + " -> ";
          }
          cycle += network_.facilities[edge.to].facility;
          fail(link_path(edge.index) + ".link", "closes a cycle of goods flow (" + cycle + "): the network must be acyclic");
        } else if (state[edge.to] == 0) {
          state[edge.to] = 1;
          stack_nodes.push_back(edge.to);
          stack.push_back({edge.to, 0});
        }
      }
    }
  }

  struct Edge {
    std::size_t index, from, to;
  };

  const Model& model_;
  const SupplyNetwork& network_;
  std::set<std::string> model_facilities_;
  std::map<std::string, const Link*> model_links_;
  std::map<std::string, std::size_t> flows_;       // facility id -> index in network.facilities
  std::map<std::string, std::size_t> seen_links_;  // link id -> index in network.links
  std::set<std::string> products_;
  std::set<std::pair<std::size_t, std::string>> supplied_;  // (facility index, product) some link brings
  std::vector<Edge> edges_;
  std::vector<Problem> problems_;
};

}  // namespace

std::vector<Problem> find_problems(const Model& model, const SupplyNetwork& network) {
  return NetworkValidator(model, network).run();
}

}  // namespace scrisk::model
