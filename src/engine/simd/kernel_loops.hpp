// The kernel's vector loops: the elementwise stages of a chunk (random words -> values,
// values -> costs per control state), compiled once per instruction set from one body so
// that every path computes the same bits (see vector_math.hpp). Arrays are distinct.
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/consequence_law.hpp"
#include "engine/simd/isa.hpp"
#include "engine/state_factors.hpp"

namespace scrisk::engine::detail {

/// Standard normal scores z[i] of words[i] (inverse CDF, Wichura's AS 241, of a uniform on
/// (0, 1)): every lane through the central formula, then the ~15 % tail lanes gathered into
/// `tail_p`/`tail_at` (n entries each) and done by a second vector loop.
void normal_scores(const std::uint64_t* words, double* z, std::size_t n, double* tail_p, std::uint32_t* tail_at, Isa isa);

/// values[i] = max(0, x_i) with x_i drawn from `law` (not kScalar) by words[i], or by the
/// normal score z[i] for the normal and lognormal laws.
void law_values(const ConsequenceLaw& law, const std::uint64_t* words, const double* z, double* values, std::size_t n, Isa isa);

/// Events of one risk's attempts in the three control states: field s of hits[i] (see
/// kHitFieldBits) is 1 when attempt i succeeds in state s, cost_s[i] its cost there (0 when
/// it does not).
struct StateCostsIn {
  const StateLimits* states;           ///< [3]: inherent, current, residual
  const std::uint64_t* attempt_words;  ///< deterrence in the high 32 bits, success in the low 32
  const double* loss;
  const double* downtime_days;
  std::size_t n;
};
void state_costs(const StateCostsIn& in, double* cost_inherent, double* cost_current, double* cost_residual, std::uint64_t* hits,
                 Isa isa);

/// hits[i] holds one count per state in fields of this many bits, so that the events of a
/// year add up in one integer (a year has far fewer than 2^21 events of a risk).
inline constexpr int kHitFieldBits = 21;
inline constexpr std::uint64_t kHitFieldMask = (std::uint64_t{1} << kHitFieldBits) - 1;

/// delta[i] = sign (cost of attempt i in the toggled state - current_cost[i]).
void toggle_deltas(const StateCostsIn& in, const StateLimits& toggled, double sign, const double* current_cost, double* delta,
                   Isa isa);

/// For exact summation (ExactArraySum): slot[i] = the biased binary exponent of values[i]
/// minus `lowest_biased_exponent` (as unsigned: huge for values below; 0 for zeros) and
/// significand[i] its signed 53-bit significand (0 for zeros).
void exact_sum_slots(const double* values, std::uint64_t* slot, std::int64_t* significand, std::size_t n,
                     int lowest_biased_exponent, Isa isa);

}  // namespace scrisk::engine::detail
