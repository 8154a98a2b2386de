#include "engine/simd/isa.hpp"

#include <cstdlib>

namespace scrisk::engine::detail {

const char* to_string(Isa isa) {
  switch (isa) {
    case Isa::kScalar: return "scalar";
    case Isa::kSse2: return "sse2";
    case Isa::kAvx2: return "avx2";
    case Isa::kAvx512: return "avx512";
  }
  return "?";
}

std::optional<Isa> isa_named(std::string_view name) {
  for (const Isa isa : kIsas)
    if (name == to_string(isa)) return isa;
  return std::nullopt;
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

Isa choose_isa(std::optional<Isa> requested) {
  if (!requested)
    if (const char* name = std::getenv("SCRISK_ISA")) requested = isa_named(name);
  const Isa best = best_isa();
  return requested && int(*requested) <= int(best) ? *requested : best;
}

}  // namespace scrisk::engine::detail
