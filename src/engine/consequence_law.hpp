// The law of a consequence of an event (its loss, its downtime in days), in the form the
// kernel's vector loops draw from: one random 64-bit word per value for the common laws,
// the scalar sampler for the others.
#pragma once

#include <cstdint>
#include <optional>

#include "scrisk/core/distribution.hpp"

namespace scrisk::engine::detail {

enum class LawShape : std::uint8_t {
  kFixed,       ///< a = the value (also a missing distribution: 0)
  kUniform,     ///< a = low, b = width
  kTriangular,  ///< a = low, b = high, c = split (mode's CDF), d = (high - low)(mode - low), e = (high - low)(high - mode)
  kNormal,      ///< a = mean, b = sd
  kLognormal,   ///< a = mu, b = sigma (lognormal_90 converted)
  kScalar,      ///< drawn by samplers[sampler] from a RandomStream: PERT, gamma, beta, Poisson, empirical
};

struct ConsequenceLaw {
  LawShape shape = LawShape::kFixed;
  double a = 0, b = 0, c = 0, d = 0, e = 0;
  std::uint32_t sampler = UINT32_MAX;  ///< for kScalar

  [[nodiscard]] bool needs_word() const noexcept { return shape != LawShape::kFixed && shape != LawShape::kScalar; }
  [[nodiscard]] bool needs_normal() const noexcept { return shape == LawShape::kNormal || shape == LawShape::kLognormal; }
};

/// The vector form of a validated distribution, or kScalar with `sampler` (the index of its
/// sampler in PlanData::samplers) for the laws without one.
[[nodiscard]] ConsequenceLaw make_consequence_law(const std::optional<Distribution>& distribution, std::uint32_t sampler);

}  // namespace scrisk::engine::detail
