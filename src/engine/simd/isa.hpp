// Which SIMD instruction set the kernel's vector loops run on. The build has no -march, so
// the choice is made when a model is compiled, from the CPU, and carried by the plan; every
// path gives the same bits, so it only changes speed (tests compile a plan per path and
// compare).
#pragma once

#include <optional>
#include <string_view>

namespace scrisk::engine::detail {

enum class Isa { kScalar = 0, kSse2 = 1, kAvx2 = 2, kAvx512 = 3 };
inline constexpr Isa kIsas[] = {Isa::kScalar, Isa::kSse2, Isa::kAvx2, Isa::kAvx512};

[[nodiscard]] const char* to_string(Isa isa);  ///< "scalar", "sse2", "avx2", "avx512"
/// The path named `name` (to_string's spelling), or nothing.
[[nodiscard]] std::optional<Isa> isa_named(std::string_view name);

/// The best path this CPU runs (AVX-512 needs F, DQ and VL; SSE2 is always there on x86-64).
[[nodiscard]] Isa best_isa() noexcept;

/// The path a plan compiled now uses: `requested` if given (capped to best_isa()), else the
/// SCRISK_ISA environment variable's (scalar|sse2|avx2|avx512, capped; for tests and
/// benchmarks), else best_isa().
[[nodiscard]] Isa choose_isa(std::optional<Isa> requested);

}  // namespace scrisk::engine::detail
