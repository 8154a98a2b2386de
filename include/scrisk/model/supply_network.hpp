// The flow of goods through the supply chain: capacities, inventories, demand and bills of
// materials, attached by id to the model's facilities and links. Input of
// analysis::NetworkLossModel (time-to-recover / time-to-survive, docs/network.md).
//
// Kept as a separate struct keyed by Facility::id and Link::id so the model file can later
// carry the same fields on `facilities { ... }` and `links { ... }` (snake_case, units in
// the names); problem paths are spelt `supply_network.facilities[i].<field>` meanwhile.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scrisk/core/error.hpp"
#include "scrisk/model/model.hpp"

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

/// The goods-flow network: the facilities and links listed here, with their flow data.
/// Facilities and links of the model that are not listed carry no goods (an outage of
/// them costs no lost sales). The link graph must be acyclic.
struct SupplyNetwork {
  std::vector<FacilityFlow> facilities;
  std::vector<LinkFlow> links;
};

/// The product a facility makes: `product`, or its facility id when that is empty.
[[nodiscard]] inline const std::string& product_of(const FacilityFlow& flow) {
  return flow.product.empty() ? flow.facility : flow.product;
}

/// Every problem of `network` against `model` (unknown or repeated ids, a link whose ends
/// have no flow data, negative or non-finite numbers, an input no link can bring, a link
/// bringing a product its facility does not use, a cycle of links, no demand at all),
/// with paths such as `supply_network.facilities[2].inventory_units`. The model's own
/// problems are model::find_problems(model)'s; this assumes ids there are usable.
[[nodiscard]] std::vector<Problem> find_problems(const Model& model, const SupplyNetwork& network);

}  // namespace scrisk::model
