#include "engine/common_cause.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace scrisk::engine::detail {
namespace {

/// value_at_normal_score of the event's correlated score for `target`; 0 without a law.
double correlated_value(const std::optional<Distribution>& law, const GaussianCopula& copula, RandomStream stream,
                        std::size_t target) {
  if (!law) return 0;
  // The event's independent scores eps_0..eps_target in stream order: the copula's factor is
  // lower triangular, so the target's score needs no later one.
  constexpr std::size_t kOnStack = 32;
  std::array<double, kOnStack> small{};
  std::vector<double> large;
  double* scores = small.data();
  if (target + 1 > kOnStack) {
    large.resize(target + 1);
    scores = large.data();
  }
  for (std::size_t k = 0; k <= target; ++k) {
    // 53 random bits, centred in their cell: strictly inside (0, 1).
    const double u = (double(stream() >> 11) + 0.5) * 0x1.0p-53;
    scores[k] = quantile(Normal{0, 1}, u);
  }
  return std::max(0.0, value_at_normal_score(*law, copula.correlated_score(target, {scores, target + 1})));
}

}  // namespace

std::pair<double, double> CommonCausePlan::consequences(std::uint64_t seed, std::uint64_t year, std::uint64_t stream_id,
                                                        std::uint32_t attempt, std::size_t target) const {
  return {correlated_value(loss, copula, RandomStream(seed, year, stream_id, substream_of(ScalarDraw::kCommonCauseLoss, attempt)),
                           target),
          correlated_value(downtime_days, copula,
                           RandomStream(seed, year, stream_id, substream_of(ScalarDraw::kCommonCauseDowntime, attempt)), target)};
}

}  // namespace scrisk::engine::detail
