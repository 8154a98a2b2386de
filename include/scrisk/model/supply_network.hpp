// The flow of goods through the supply chain: capacities, inventories, demand and bills of
// materials, attached by id to the model's facilities and links. Input of
// analysis::NetworkLossModel (time-to-recover / time-to-survive, docs/network.md).
//
// In the model file it is the top-level `supply_network { ... }` (Model::supply_network),
// keyed by facility and link ids, so that a chain without flow data needs none of it.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace scrisk::model {

/// One distinct input of a bill of materials: `quantity_per_unit` units of `product` are
/// consumed per unit the facility makes. Every supplier whose FacilityFlow::product is
/// `product` and which has a network link to the facility is an alternative source of it.
struct BomInput {
  std::string product;
  double quantity_per_unit = 1;  ///< input units per output unit; > 0
  double inventory_units = 0;    ///< on hand at the consuming facility, usable during an outage
};

/// The flow data of one facility. All quantities are in units of the facility's product.
struct FacilityFlow {
  std::string facility;  ///< a Facility::id of the model
  /// What the facility makes or handles; the facility id when empty. Only bills of
  /// materials look at it: an input names the product, any supplier of it will do.
  std::string product;
  /// Units per day it can make or handle (from its inputs, or from nothing for a source);
  /// unlimited when empty. Shipping on-hand inventory does not use capacity.
  std::optional<double> capacity_per_day;
  /// On-hand units of its own product, shippable while the facility itself is up (an
  /// outage of a facility makes its stock unreachable too).
  double inventory_units = 0;
  double demand_per_day = 0;            ///< external demand met here (customer, market); units/day
  double lost_sale_value_per_unit = 0;  ///< currency per unit of demand not met (lost margin)
  /// Empty: a facility with incoming network links makes one unit per unit received from
  /// any of them (single-product flow, suppliers interchangeable); one without is a
  /// source. Otherwise it needs every listed input and only links bringing those products.
  std::vector<BomInput> inputs;
};

/// A model link that carries goods, from its `from` facility to its `to` facility.
struct LinkFlow {
  std::string link;                        ///< a Link::id of the model
  std::optional<double> capacity_per_day;  ///< units per day; unlimited when empty
};

/// Which pairs of outages that overlap in time are priced together, on their joint loss
/// curve (a few LP solves the first time a pair is met); every other pair is priced apart,
/// as the sum of its single outages' values. docs/network.md measures both against the
/// exact interval LP.
enum class InteractionScope {
  /// Every pair whose single outages' regions touch and whose joint curve is not the sum
  /// (deciding that costs a pair curve, a few LP solves, the first time a pair overlaps).
  /// On a large, densely multi-sourced network with many outages a year nearly every
  /// overlapping pair is new, so the run keeps solving LPs: use kAlternativeSources there.
  kAllPairs,
  /// Alternative sources only: facilities and links that feed the same input of the same
  /// facility (two suppliers down together lose what neither can supply), and the targets
  /// of one common-cause threat. A few pairs per input, so the joint curves a run can need
  /// are bounded by the network's structure, not by the number of trials.
  kAlternativeSources,
};

/// The goods-flow network: the facilities and links listed here, with their flow data.
/// Facilities and links of the model that are not listed carry no goods: their outages
/// are priced by daily_value x downtime_days as without a network. The link graph must be
/// acyclic.
struct SupplyNetwork {
  std::vector<FacilityFlow> facilities;
  std::vector<LinkFlow> links;
  InteractionScope interaction_scope = InteractionScope::kAllPairs;
};

/// The product a facility makes: `product`, or its facility id when that is empty.
[[nodiscard]] inline const std::string& product_of(const FacilityFlow& flow) {
  return flow.product.empty() ? flow.facility : flow.product;
}

}  // namespace scrisk::model
