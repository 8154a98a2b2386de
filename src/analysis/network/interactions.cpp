// How two elements' outages relate on the network: whether their footprints touch, whether
// they are alternative sources of one input, whether their joint curve is the sum of theirs.
#include <algorithm>
#include <cmath>

#include "analysis/network/loss_model_impl.hpp"

namespace scrisk::analysis {

/// Whether the footprints of a and b share a facility or are joined by a link. If not,
/// the pair is additive with no LP: extend A's region solution and B's by the baseline
/// elsewhere and you have a plan for both out at once (no link carries a flow the other
/// region relies on), and their region duals, extended by 0, stay feasible together (no
/// column meets rows of both regions) and certify it: L_AB = L_A + L_B.
bool NetworkLossModel::Impl::footprints_touch(ElementIndex a, ElementIndex b) const {
  return regions_touch(single_footprint[a], single_footprint[b]);
}

bool NetworkLossModel::Impl::regions_touch(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) const {
  const std::vector<std::uint32_t>* small = &a;
  const std::vector<std::uint32_t>* large = &b;
  if (small->size() > large->size()) std::swap(small, large);
  auto in_large = [&](std::uint32_t node) { return std::binary_search(large->begin(), large->end(), node); };
  for (std::uint32_t node : *small) {
    if (in_large(node)) return true;
    for (std::uint32_t link : graph.nodes[node].out_links)
      if (in_large(graph.arcs[link].to)) return true;
    for (std::uint32_t link : graph.nodes[node].in_links)
      if (in_large(graph.arcs[link].from)) return true;
  }
  return false;
}

/// Feeding the same input of the same facility means competing for what is left of it:
/// two alternative suppliers (or a supplier and another's link) down together lose what
/// neither can supply. A facility feeds the inputs its links lead into; a link its own.
bool NetworkLossModel::Impl::alternative_sources(ElementIndex a, ElementIndex b) const {
  auto links_of = [&](ElementIndex element, std::uint32_t& own) -> std::span<const std::uint32_t> {
    if (element < graph.nodes.size()) return graph.nodes[element].out_links;
    own = static_cast<std::uint32_t>(element - graph.nodes.size());
    return {&own, 1};
  };
  std::uint32_t own_a = 0, own_b = 0;
  for (std::uint32_t la : links_of(a, own_a))
    for (std::uint32_t lb : links_of(b, own_b))
      if (graph.arcs[la].to == graph.arcs[lb].to && graph.arcs[la].slot == graph.arcs[lb].slot) return true;
  return std::binary_search(common_cause_pairs.begin(), common_cause_pairs.end(), detail::pair_key(a, b));
}

bool NetworkLossModel::Impl::additive(ElementIndex a, ElementIndex b, const PiecewiseLinear& joint_curve) const {
  const PiecewiseLinear* alone_a = &single(a);
  const PiecewiseLinear* alone_b = &single(b);
  const PiecewiseLinear* joint = &joint_curve;
  // Piecewise linear: equal at every breakpoint of the three and in final slope means
  // equal everywhere.
  if (std::abs(joint->final_slope_per_day() - alone_a->final_slope_per_day() - alone_b->final_slope_per_day()) >
      100 * options.relative_tolerance * graph.value_per_day)
    return false;
  for (const PiecewiseLinear* f : {alone_a, alone_b, joint})
    for (const PiecewiseLinear::Point& point : f->points()) {
      const double t = point.days;
      if (std::abs(joint->evaluate(t) - alone_a->evaluate(t) - alone_b->evaluate(t)) > 100 * tolerance(t)) return false;
    }
  return true;
}

}  // namespace scrisk::analysis
