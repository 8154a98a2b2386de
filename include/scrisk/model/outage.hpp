// A disruption scenario written down by a planner: outages of supply-network elements on a
// timeline, for the stress test (`scrisk stress`, assess::stress; docs/stress.md).
#pragma once

#include <vector>

#include "scrisk/core/error.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::model {

/// The longest a stress scenario may reach: every outage ends by this day (a century).
/// Keeps the stress LP's coefficients (demand times days) inside what its solver resolves.
inline constexpr double kMaxOutageEndDay = 36'500;

/// One facility or link of the model's supply network out over [start_day, start_day +
/// duration_days).
struct Outage {
  std::string element;  ///< a SupplyNetwork facility or link id
  double start_day = 0;
  double duration_days = 0;
  friend bool operator==(const Outage&, const Outage&) = default;
};

/// Every problem of `outages` against `model`, with paths such as `outages[1].element`: an
/// empty list, a model without a supply network, an element that is not in it, a negative
/// or non-finite day, an outage ending after kMaxOutageEndDay.
[[nodiscard]] std::vector<Problem> find_problems(const Model& model, const std::vector<Outage>& outages);

}  // namespace scrisk::model
