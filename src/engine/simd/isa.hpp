// Which SIMD instruction set the kernel's vector loops run on. The build has no -march, so
// the choice is made at run time from the CPU; every path gives the same bits, so the choice
// only changes speed (tests force each path and compare).
#pragma once

namespace scrisk::engine::detail {

enum class Isa { kScalar = 0, kSse2 = 1, kAvx2 = 2, kAvx512 = 3 };
inline constexpr Isa kIsas[] = {Isa::kScalar, Isa::kSse2, Isa::kAvx2, Isa::kAvx512};

[[nodiscard]] const char* to_string(Isa isa);  ///< "scalar", "sse2", "avx2", "avx512"

/// The best path this CPU runs (AVX-512 needs F, DQ and VL; SSE2 is always there on x86-64).
[[nodiscard]] Isa best_isa() noexcept;

/// The path the kernel uses: best_isa(), or SCRISK_ISA=scalar|sse2|avx2|avx512 from the
/// environment (read once; a path the CPU lacks falls back to best_isa()).
[[nodiscard]] Isa selected_isa() noexcept;

/// Forces a path (for tests and benchmarks); one the CPU lacks is capped to best_isa().
/// Returns the previous choice. Not meant to be called while a run is in progress.
Isa set_isa(Isa isa) noexcept;

}  // namespace scrisk::engine::detail
