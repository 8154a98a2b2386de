// Philox4x32-10 (Salmon et al., SC'11; the Random123 algorithm) computed for many counters at
// once: a scalar reference and AVX2/AVX-512 versions that give the same bits. 4x32 rather
// than the 4x64 of RandomStream because its 32x32->64 multiplies map onto one vector
// instruction (_mm*_mul_epu32); AVX2 has no 64x64->128 multiply.
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/simd/isa.hpp"

namespace scrisk::engine::detail {

struct PhiloxKey {
  std::uint32_t k0 = 0, k1 = 0;
};

/// A threat's key: a mix of the seed and the threat's stream id, so that threats draw from
/// unrelated streams and a threat's draws do not move when others are added.
[[nodiscard]] PhiloxKey philox_key(std::uint64_t seed, std::uint64_t stream_id) noexcept;

/// The counters of a batch: block i has counter (lo32(year), hi32(year), index, purpose)
/// with year = first_year + year_offset[i] (i when year_offset is null) and index = index[i]
/// (0 when null). Each block gives two 64-bit words.
struct PhiloxBatch {
  PhiloxKey key;
  std::uint64_t first_year = 0;
  const std::uint32_t* year_offset = nullptr;
  const std::uint32_t* index = nullptr;
  std::uint32_t purpose = 0;
};

/// Writes the words of blocks [0, n): words01[i] = x0 | x1 << 32, words23[i] = x2 | x3 << 32
/// (words23 may be null when not needed), on the given path.
void philox_batch(const PhiloxBatch& batch, std::size_t n, std::uint64_t* words01, std::uint64_t* words23, Isa isa);

/// One block, the scalar reference (out = x0, x1, x2, x3).
void philox4x32_10(const std::uint32_t counter[4], PhiloxKey key, std::uint32_t out[4]) noexcept;

}  // namespace scrisk::engine::detail
