// How one control state treats the attempts against one risk.
#pragma once

#include <cmath>
#include <cstdint>

namespace scrisk::engine::detail {

/// An attempt happens in the state when its deterrence uniform is below `pass`, succeeds
/// when its success uniform is below `p_success`, and then costs
/// loss * loss_factor + downtime_days * downtime_value_per_day, plus, for a target in the
/// supply network, its share of the lost sales of an outage of downtime_days * downtime_factor.
struct StateFactors {
  double pass = 1;
  double p_success = 0;
  double loss_factor = 1;
  double downtime_value_per_day = 0;
  double downtime_factor = 1;  ///< the share of the drawn downtime left by the controls
};

/// u < p for a uniform u = k 2^-32 (k a 32-bit integer) is k < ceil(p 2^32): the comparison
/// in integers, exact, and one that AVX2 can vectorise next to 64-bit doubles.
[[nodiscard]] inline std::int64_t limit_of(double probability) noexcept {
  if (!(probability > 0)) return 0;
  if (probability >= 1) return std::int64_t{1} << 32;
  return std::int64_t(std::ceil(probability * 0x1p32));
}

/// StateFactors with the probabilities as limits on the 32-bit halves of an attempt's word
/// (deterrence: high half, success: low half).
struct StateLimits {
  std::int64_t pass_limit = 0, success_limit = 0;
  double loss_factor = 1, downtime_value_per_day = 0;

  StateLimits() = default;
  explicit StateLimits(const StateFactors& f) noexcept
      : pass_limit(limit_of(f.pass)),
        success_limit(limit_of(f.p_success)),
        loss_factor(f.loss_factor),
        downtime_value_per_day(f.downtime_value_per_day) {}
};

}  // namespace scrisk::engine::detail
