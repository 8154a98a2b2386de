// Common-cause threats: one event strikes every target, each damaged with its own
// probability, with severities correlated across the targets by a Gaussian copula.
#pragma once

#include <cstdint>
#include <optional>

#include "engine/gaussian_copula.hpp"
#include "engine/random_stream.hpp"
#include "scrisk/core/distribution.hpp"

namespace scrisk::engine::detail {

/// What a common-cause threat needs beyond an ordinary one: the copula and the laws its
/// severities go through (the damage probabilities are folded into each risk's success
/// probability when the plan is compiled).
struct CommonCausePlan {
  GaussianCopula copula;
  std::optional<Distribution> loss, downtime_days;

  /// The loss and downtime of `target` in the event that is attempt `attempt` of year
  /// `year`: the target's row of the copula applied to the event's independent normal scores,
  /// each consequence from a substream of its own, so every target of the event sees the
  /// same scores whichever of them are damaged.
  [[nodiscard]] std::pair<double, double> consequences(std::uint64_t seed, std::uint64_t year, std::uint64_t stream_id,
                                                       std::uint32_t attempt, std::size_t target) const;
};

}  // namespace scrisk::engine::detail
