#include "engine/simd/isa.hpp"

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace scrisk::engine::detail {
namespace {

Isa from_environment() noexcept {
  const Isa best = best_isa();
  if (const char* name = std::getenv("SCRISK_ISA"))
    for (const Isa isa : kIsas)
      if (std::strcmp(name, to_string(isa)) == 0 && int(isa) <= int(best)) return isa;
  return best;
}

std::atomic<Isa>& current() noexcept {
  static std::atomic<Isa> isa{from_environment()};
  return isa;
}

}  // namespace

const char* to_string(Isa isa) {
  switch (isa) {
    case Isa::kScalar: return "scalar";
    case Isa::kSse2: return "sse2";
    case Isa::kAvx2: return "avx2";
    case Isa::kAvx512: return "avx512";
  }
  return "?";
}

Isa best_isa() noexcept {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl"))
    return Isa::kAvx512;
  if (__builtin_cpu_supports("avx2")) return Isa::kAvx2;
  return Isa::kSse2;
#else
  return Isa::kScalar;
#endif
}

Isa selected_isa() noexcept { return current().load(std::memory_order_relaxed); }

Isa set_isa(Isa isa) noexcept {
  if (int(isa) > int(best_isa())) isa = best_isa();
  return current().exchange(isa);
}

}  // namespace scrisk::engine::detail
