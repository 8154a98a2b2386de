#include "engine/simd/philox4x32.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace scrisk::engine::detail {
namespace {

constexpr std::uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;  // Random123's multipliers
constexpr std::uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;  // and Weyl key increments
constexpr int kRounds = 10;

std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

/// The round keys are the same for every block of a batch: computed once.
struct RoundKeys {
  std::uint32_t k0[kRounds], k1[kRounds];
  explicit RoundKeys(PhiloxKey key) noexcept {
    for (int r = 0; r < kRounds; ++r) {
      k0[r] = key.k0 + std::uint32_t(r) * kW0;
      k1[r] = key.k1 + std::uint32_t(r) * kW1;
    }
  }
};

void batch_scalar(const PhiloxBatch& b, std::size_t begin, std::size_t n, std::uint64_t* w01, std::uint64_t* w23) {
  for (std::size_t i = begin; i < n; ++i) {
    const std::uint64_t year = b.first_year + (b.year_offset ? b.year_offset[i] : std::uint64_t(i));
    const std::uint32_t counter[4] = {std::uint32_t(year), std::uint32_t(year >> 32), b.index ? b.index[i] : 0u, b.purpose};
    std::uint32_t out[4];
    philox4x32_10(counter, b.key, out);
    w01[i] = out[0] | std::uint64_t(out[1]) << 32;
    if (w23) w23[i] = out[2] | std::uint64_t(out[3]) << 32;
  }
}

#if defined(__x86_64__)
// 64-bit lanes holding 32-bit values in their low halves: _mm*_mul_epu32 gives the full
// 32x32->64 product; the high halves of the other words may hold garbage, which only ever
// meets the multiplier (which ignores it) and is cleared when the words are packed.
__attribute__((target("avx2"))) std::size_t batch_avx2(const PhiloxBatch& b, std::size_t n, std::uint64_t* w01,
                                                       std::uint64_t* w23) {
  const RoundKeys rk(b.key);
  const __m256i m0 = _mm256_set1_epi64x(kM0), m1 = _mm256_set1_epi64x(kM1);
  const __m256i year0 = _mm256_set1_epi64x(std::int64_t(b.first_year)), purpose = _mm256_set1_epi64x(b.purpose);
  const __m256i iota = _mm256_setr_epi64x(0, 1, 2, 3);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    __m256i c0[2], c1[2], c2[2], c3[2];
    for (int g = 0; g < 2; ++g) {
      const std::size_t at = i + 4 * std::size_t(g);
      const __m256i offset = b.year_offset
                                 ? _mm256_cvtepu32_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b.year_offset + at)))
                                 : _mm256_add_epi64(_mm256_set1_epi64x(std::int64_t(at)), iota);
      const __m256i year = _mm256_add_epi64(year0, offset);
      c0[g] = year;
      c1[g] = _mm256_srli_epi64(year, 32);
      c2[g] = b.index ? _mm256_cvtepu32_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b.index + at)))
                      : _mm256_setzero_si256();
      c3[g] = purpose;
    }
    for (int r = 0; r < kRounds; ++r) {
      const __m256i k0 = _mm256_set1_epi64x(rk.k0[r]), k1 = _mm256_set1_epi64x(rk.k1[r]);
      for (int g = 0; g < 2; ++g) {
        const __m256i p0 = _mm256_mul_epu32(c0[g], m0), p1 = _mm256_mul_epu32(c2[g], m1);
        c0[g] = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p1, 32), c1[g]), k0);
        c2[g] = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p0, 32), c3[g]), k1);
        c1[g] = p1;
        c3[g] = p0;
      }
    }
    for (int g = 0; g < 2; ++g) {
      const std::size_t at = i + 4 * std::size_t(g);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(w01 + at), _mm256_blend_epi32(c0[g], _mm256_slli_epi64(c1[g], 32), 0xAA));
      if (w23)
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(w23 + at), _mm256_blend_epi32(c2[g], _mm256_slli_epi64(c3[g], 32), 0xAA));
    }
  }
  return i;
}

__attribute__((target("avx512f"))) std::size_t batch_avx512(const PhiloxBatch& b, std::size_t n, std::uint64_t* w01,
                                                            std::uint64_t* w23) {
  const RoundKeys rk(b.key);
  const __m512i m0 = _mm512_set1_epi64(kM0), m1 = _mm512_set1_epi64(kM1);
  const __m512i year0 = _mm512_set1_epi64(std::int64_t(b.first_year)), purpose = _mm512_set1_epi64(b.purpose);
  const __m512i iota = _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7);
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    __m512i c0[2], c1[2], c2[2], c3[2];
    for (int g = 0; g < 2; ++g) {
      const std::size_t at = i + 8 * std::size_t(g);
      const __m512i offset = b.year_offset
                                 ? _mm512_cvtepu32_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(b.year_offset + at)))
                                 : _mm512_add_epi64(_mm512_set1_epi64(std::int64_t(at)), iota);
      const __m512i year = _mm512_add_epi64(year0, offset);
      c0[g] = year;
      c1[g] = _mm512_srli_epi64(year, 32);
      c2[g] = b.index ? _mm512_cvtepu32_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(b.index + at)))
                      : _mm512_setzero_si512();
      c3[g] = purpose;
    }
    for (int r = 0; r < kRounds; ++r) {
      const __m512i k0 = _mm512_set1_epi64(rk.k0[r]), k1 = _mm512_set1_epi64(rk.k1[r]);
      for (int g = 0; g < 2; ++g) {
        const __m512i p0 = _mm512_mul_epu32(c0[g], m0), p1 = _mm512_mul_epu32(c2[g], m1);
        c0[g] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p1, 32), c1[g], k0, 0x96);  // a ^ b ^ c
        c2[g] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p0, 32), c3[g], k1, 0x96);
        c1[g] = p1;
        c3[g] = p0;
      }
    }
    for (int g = 0; g < 2; ++g) {
      const std::size_t at = i + 8 * std::size_t(g);
      _mm512_storeu_si512(w01 + at, _mm512_mask_blend_epi32(0xAAAA, c0[g], _mm512_slli_epi64(c1[g], 32)));
      if (w23) _mm512_storeu_si512(w23 + at, _mm512_mask_blend_epi32(0xAAAA, c2[g], _mm512_slli_epi64(c3[g], 32)));
    }
  }
  return i;
}
#endif

}  // namespace

PhiloxKey philox_key(std::uint64_t seed, std::uint64_t stream_id) noexcept {
  constexpr std::uint64_t kKeyTag = 0x5c215c2105c215c2;  // "scrisk": separates our streams from other users of the seed
  const std::uint64_t key = splitmix64(seed ^ splitmix64(stream_id ^ kKeyTag));
  return {std::uint32_t(key), std::uint32_t(key >> 32)};
}

void philox4x32_10(const std::uint32_t counter[4], PhiloxKey key, std::uint32_t out[4]) noexcept {
  std::uint32_t c0 = counter[0], c1 = counter[1], c2 = counter[2], c3 = counter[3], k0 = key.k0, k1 = key.k1;
  for (int r = 0; r < kRounds; ++r) {
    const std::uint64_t p0 = std::uint64_t(kM0) * c0, p1 = std::uint64_t(kM1) * c2;
    const std::uint32_t n0 = std::uint32_t(p1 >> 32) ^ c1 ^ k0, n2 = std::uint32_t(p0 >> 32) ^ c3 ^ k1;
    c1 = std::uint32_t(p1);
    c3 = std::uint32_t(p0);
    c0 = n0;
    c2 = n2;
    k0 += kW0;
    k1 += kW1;
  }
  out[0] = c0, out[1] = c1, out[2] = c2, out[3] = c3;
}

void philox_batch(const PhiloxBatch& batch, std::size_t n, std::uint64_t* words01, std::uint64_t* words23, Isa isa) {
  std::size_t done = 0;
#if defined(__x86_64__)
  if (isa == Isa::kAvx512)
    done = batch_avx512(batch, n, words01, words23);
  else if (isa == Isa::kAvx2)
    done = batch_avx2(batch, n, words01, words23);
#else
  (void)isa;
#endif
  batch_scalar(batch, done, n, words01, words23);  // the rest of a batch, or all of it on scalar and SSE2
}

}  // namespace scrisk::engine::detail
