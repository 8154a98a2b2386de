#include "engine/sampler.hpp"

namespace scrisk::engine::detail {

Sampler make_sampler(const Distribution& distribution) {
  return std::visit([](const auto& kind) { return sampler_of(kind); }, distribution);
}

}  // namespace scrisk::engine::detail
