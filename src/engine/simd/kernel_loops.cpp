// Compiled with -ffp-contract=off -fno-trapping-math -fno-math-errno (CMakeLists.txt): the
// first keeps FMAs out so every path gives the same bits, the others let GCC vectorise the
// selects and square roots.
#include "engine/simd/kernel_loops.hpp"

#include <bit>

#include "engine/simd/vector_math.hpp"

namespace scrisk::engine::detail {
namespace {

[[gnu::always_inline]] inline double non_negative(double x) { return x > 0 ? x : 0.0; }

[[gnu::always_inline]] inline std::size_t normal_central_body(const std::uint64_t* __restrict words, double* __restrict z,
                                                              double* __restrict tail_p, std::uint32_t* __restrict tail_at,
                                                              std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) z[i] = vmath::inverse_normal_central(vmath::uniform_open(words[i]));
  // Branch-free compaction of the tail lanes (a scalar loop: moves only, the same on every path).
  std::size_t tails = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double p = vmath::uniform_open(words[i]);
    tail_p[tails] = p;
    tail_at[tails] = std::uint32_t(i);
    tails += !vmath::normal_is_central(p);
  }
  return tails;
}

[[gnu::always_inline]] inline void normal_tail_body(double* __restrict tail_p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) tail_p[i] = vmath::inverse_normal_tail(tail_p[i]);
}

[[gnu::always_inline]] inline void law_values_body(const ConsequenceLaw& law, const std::uint64_t* __restrict words,
                                                   const double* __restrict z, double* __restrict values, std::size_t n) {
  const double a = law.a, b = law.b, c = law.c, d = law.d, e = law.e;
  switch (law.shape) {
    case LawShape::kFixed:
      for (std::size_t i = 0; i < n; ++i) values[i] = non_negative(a);
      return;
    case LawShape::kUniform:
      for (std::size_t i = 0; i < n; ++i) values[i] = non_negative(a + b * vmath::uniform52(words[i]));
      return;
    case LawShape::kTriangular:
      // Inverse CDF with one square root and an arithmetic blend (the weights are exactly 0
      // and 1) instead of a branch on the mode.
      for (std::size_t i = 0; i < n; ++i) {
        const double u = vmath::uniform52(words[i]);
        const double left = u < c ? 1.0 : 0.0;
        const double root = __builtin_sqrt(left * (u * d) + (1 - left) * ((1 - u) * e));
        values[i] = non_negative(left * (a + root) + (1 - left) * (b - root));
      }
      return;
    case LawShape::kNormal:
      for (std::size_t i = 0; i < n; ++i) values[i] = non_negative(a + b * z[i]);
      return;
    case LawShape::kLognormal:
      for (std::size_t i = 0; i < n; ++i) values[i] = non_negative(vmath::exp(a + b * z[i]));
      return;
    case LawShape::kScalar: return;  // not a vector law: the caller draws these
  }
}

[[gnu::always_inline]] inline double cost_in(const StateLimits& s, std::int64_t deter, std::int64_t success, double loss,
                                             double downtime) {
  const bool hit = (deter < s.pass_limit) & (success < s.success_limit);
  return hit ? loss * s.loss_factor + downtime * s.downtime_value_per_day : 0.0;
}

[[gnu::always_inline]] inline void state_costs_body(const StateCostsIn& in, double* __restrict c0, double* __restrict c1,
                                                    double* __restrict c2, std::uint64_t* __restrict hits) {
  const StateLimits s0 = in.states[0], s1 = in.states[1], s2 = in.states[2];
  const std::uint64_t* __restrict words = in.attempt_words;
  const double* __restrict loss = in.loss;
  const double* __restrict downtime = in.downtime_days;
  for (std::size_t i = 0; i < in.n; ++i) {
    const auto deter = std::int64_t(words[i] >> 32), success = std::int64_t(words[i] & 0xffffffffu);
    const bool h0 = (deter < s0.pass_limit) & (success < s0.success_limit);
    const bool h1 = (deter < s1.pass_limit) & (success < s1.success_limit);
    const bool h2 = (deter < s2.pass_limit) & (success < s2.success_limit);
    c0[i] = h0 ? loss[i] * s0.loss_factor + downtime[i] * s0.downtime_value_per_day : 0.0;
    c1[i] = h1 ? loss[i] * s1.loss_factor + downtime[i] * s1.downtime_value_per_day : 0.0;
    c2[i] = h2 ? loss[i] * s2.loss_factor + downtime[i] * s2.downtime_value_per_day : 0.0;
    hits[i] = std::uint64_t(h0) | std::uint64_t(h1) << kHitFieldBits | std::uint64_t(h2) << (2 * kHitFieldBits);
  }
}

[[gnu::always_inline]] inline void toggle_deltas_body(const StateCostsIn& in, const StateLimits& toggled, double sign,
                                                      const double* __restrict current, double* __restrict delta) {
  const StateLimits t = toggled;
  const std::uint64_t* __restrict words = in.attempt_words;
  const double* __restrict loss = in.loss;
  const double* __restrict downtime = in.downtime_days;
  for (std::size_t i = 0; i < in.n; ++i) {
    const auto deter = std::int64_t(words[i] >> 32), success = std::int64_t(words[i] & 0xffffffffu);
    delta[i] = sign * (cost_in(t, deter, success, loss[i], downtime[i]) - current[i]);
  }
}

[[gnu::always_inline]] inline void exact_sum_slots_body(const double* __restrict values, std::uint64_t* __restrict slot,
                                                        std::int64_t* __restrict significand, std::size_t n,
                                                        int lowest_biased_exponent) {
  constexpr std::uint64_t kFractionMask = (std::uint64_t{1} << 52) - 1;
  const auto lowest = std::uint64_t(lowest_biased_exponent);
  for (std::size_t i = 0; i < n; ++i) {
    const auto bits = std::bit_cast<std::uint64_t>(values[i]);
    const std::uint64_t non_zero = 0 - std::uint64_t((bits << 1) != 0);
    slot[i] = (((bits >> 52) & 0x7ff) - lowest) & non_zero;
    const std::uint64_t magnitude = ((bits & kFractionMask) | (kFractionMask + 1)) & non_zero;
    const std::uint64_t negative = 0 - (bits >> 63);
    significand[i] = static_cast<std::int64_t>((magnitude ^ negative) - negative);
  }
}

}  // namespace

// One body, four compilations: scalar (vectorisation off: the reference), SSE2 (the
// baseline of x86-64), AVX2, AVX-512. Clang (the fuzz build) has no per-function switch for
// vectorisation; its scalar copy may be vectorised, which changes speed, not bits.
#if defined(__clang__)
#define SCRISK_NO_VECTORIZE
#else
#define SCRISK_NO_VECTORIZE __attribute__((optimize("no-tree-vectorize")))
#endif
#if defined(__x86_64__)
#define SCRISK_ISA_VARIANTS(NAME, RET, PARAMS, ARGS)                                  \
  SCRISK_NO_VECTORIZE RET NAME##_scalar PARAMS { return NAME##_body ARGS; }           \
  RET NAME##_sse2 PARAMS { return NAME##_body ARGS; }                                 \
  __attribute__((target("avx2"))) RET NAME##_avx2 PARAMS { return NAME##_body ARGS; } \
  __attribute__((target("avx512f,avx512dq,avx512vl,avx2"))) RET NAME##_avx512 PARAMS { return NAME##_body ARGS; }
#define SCRISK_ISA_DISPATCH(NAME, ARGS)           \
  switch (isa) {                                  \
    case Isa::kScalar: return NAME##_scalar ARGS; \
    case Isa::kSse2: return NAME##_sse2 ARGS;     \
    case Isa::kAvx2: return NAME##_avx2 ARGS;     \
    case Isa::kAvx512: return NAME##_avx512 ARGS; \
  }                                               \
  return NAME##_scalar ARGS;
#else
#define SCRISK_ISA_VARIANTS(NAME, RET, PARAMS, ARGS) \
  RET NAME##_scalar PARAMS { return NAME##_body ARGS; }
#define SCRISK_ISA_DISPATCH(NAME, ARGS) \
  (void)isa;                            \
  return NAME##_scalar ARGS;
#endif

namespace {
SCRISK_ISA_VARIANTS(normal_central, std::size_t,
                    (const std::uint64_t* words, double* z, double* tail_p, std::uint32_t* tail_at, std::size_t n),
                    (words, z, tail_p, tail_at, n))
SCRISK_ISA_VARIANTS(normal_tail, void, (double* tail_p, std::size_t n), (tail_p, n))
SCRISK_ISA_VARIANTS(law_values, void,
                    (const ConsequenceLaw& law, const std::uint64_t* words, const double* z, double* values, std::size_t n),
                    (law, words, z, values, n))
SCRISK_ISA_VARIANTS(state_costs, void, (const StateCostsIn& in, double* c0, double* c1, double* c2, std::uint64_t* hits),
                    (in, c0, c1, c2, hits))
SCRISK_ISA_VARIANTS(toggle_deltas, void,
                    (const StateCostsIn& in, const StateLimits& toggled, double sign, const double* current, double* delta),
                    (in, toggled, sign, current, delta))

SCRISK_ISA_VARIANTS(exact_sum_slots, void,
                    (const double* values, std::uint64_t* slot, std::int64_t* significand, std::size_t n, int lowest),
                    (values, slot, significand, n, lowest))

std::size_t normal_central(const std::uint64_t* words, double* z, double* tail_p, std::uint32_t* tail_at, std::size_t n,
                           Isa isa) {
  SCRISK_ISA_DISPATCH(normal_central, (words, z, tail_p, tail_at, n))
}
void normal_tail(double* tail_p, std::size_t n, Isa isa) { SCRISK_ISA_DISPATCH(normal_tail, (tail_p, n)) }
}  // namespace

void normal_scores(const std::uint64_t* words, double* z, std::size_t n, double* tail_p, std::uint32_t* tail_at, Isa isa) {
  const std::size_t tails = normal_central(words, z, tail_p, tail_at, n, isa);
  normal_tail(tail_p, tails, isa);
  for (std::size_t j = 0; j < tails; ++j) z[tail_at[j]] = tail_p[j];
}

void law_values(const ConsequenceLaw& law, const std::uint64_t* words, const double* z, double* values, std::size_t n, Isa isa) {
  SCRISK_ISA_DISPATCH(law_values, (law, words, z, values, n))
}

void state_costs(const StateCostsIn& in, double* cost_inherent, double* cost_current, double* cost_residual, std::uint64_t* hits,
                 Isa isa) {
  SCRISK_ISA_DISPATCH(state_costs, (in, cost_inherent, cost_current, cost_residual, hits))
}

void toggle_deltas(const StateCostsIn& in, const StateLimits& toggled, double sign, const double* current_cost, double* delta,
                   Isa isa) {
  SCRISK_ISA_DISPATCH(toggle_deltas, (in, toggled, sign, current_cost, delta))
}

void exact_sum_slots(const double* values, std::uint64_t* slot, std::int64_t* significand, std::size_t n,
                     int lowest_biased_exponent, Isa isa) {
  SCRISK_ISA_DISPATCH(exact_sum_slots, (values, slot, significand, n, lowest_biased_exponent))
}

}  // namespace scrisk::engine::detail
