#include "engine/alias_table.hpp"

#include <cmath>
#include <numeric>

namespace scrisk::engine::detail {

AliasTable::AliasTable(const std::vector<double>& weights)
    : size_(weights.size()), keep_below_(weights.size(), std::uint64_t{1} << 32), alias_(weights.size()) {
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<double> scaled(weights.size());
  std::vector<std::uint32_t> small, large;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    alias_[i] = std::uint32_t(i);
    scaled[i] = weights[i] / total * double(weights.size());
    (scaled[i] < 1 ? small : large).push_back(std::uint32_t(i));
  }
  while (!small.empty() && !large.empty()) {
    const std::uint32_t s = small.back(), l = large.back();
    small.pop_back();
    keep_below_[s] = std::uint64_t(std::llround(scaled[s] * 0x1p32));
    alias_[s] = l;
    scaled[l] -= 1 - scaled[s];
    if (scaled[l] < 1) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // Whatever is left has probability 1 up to rounding: it keeps its column (the default).
}

}  // namespace scrisk::engine::detail
