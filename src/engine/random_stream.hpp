// Counter-based random stream: Random123's Philox4x64-10 keyed by the seed, with the year,
// the threat and a substream in the counter. A year's draws depend on nothing but (seed,
// year, threat), so no thread, chunk or process boundary can change them. The kernel's
// common draws come from batched Philox4x32 blocks (simd/philox4x32.hpp); this stream serves
// the scalar samplers, which may need any number of words (rejection sampling), one
// substream per draw (substream_of).
#pragma once

#include <Random123/philox.h>

#include <cstdint>
#include <limits>
#include <utility>

namespace scrisk::engine::detail {

/// The substream of a scalar draw: what it is for, and which attempt of the year.
enum class ScalarDraw : std::uint64_t {
  kAttemptCount = 1,
  kLoss = 2,
  kDowntime = 3,
  kOutageStart = 4,          ///< when in its year an outage priced through the supply network begins
  kCommonCauseLoss = 5,      ///< a common-cause event's independent normal scores, for the losses
  kCommonCauseDowntime = 6,  ///< and for the downtimes
};
[[nodiscard]] constexpr std::uint64_t substream_of(ScalarDraw purpose, std::uint32_t attempt) noexcept {
  return std::uint64_t(purpose) << 32 | attempt;
}

class RandomStream {
 public:
  using result_type = std::uint64_t;

  RandomStream(std::uint64_t seed, std::uint64_t year, std::uint64_t stream_id, std::uint64_t substream = 0) noexcept
      : counter_{{year, stream_id, 0, substream}}, key_{{seed, kKeyTag}} {}

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

  [[gnu::always_inline]] result_type operator()() noexcept {
    if (used_ == kWordsPerBlock) [[unlikely]]
      refill();
    return block_[used_++];
  }

  /// Two independent uniforms on [0, 1) with 32 random bits each, from one word: enough
  /// resolution (2^-32) for comparing against probabilities, at half the cost.
  [[gnu::always_inline]] std::pair<double, double> uniform_pair() noexcept {
    const result_type word = (*this)();
    return {double(word >> 32) * 0x1.0p-32, double(word & 0xffffffffu) * 0x1.0p-32};
  }

  /// Uniform on [0, 1) with 53 random bits.
  double uniform() noexcept { return double((*this)() >> 11) * 0x1.0p-53; }

 private:
  [[gnu::noinline]] void refill() noexcept {
    block_ = r123::Philox4x64()(counter_, key_);
    ++counter_[2];
    used_ = 0;
  }

  static constexpr std::uint64_t kKeyTag = 0x5c215c2105c215c2;  // "scrisk": separates our streams from other users of the seed
  static constexpr int kWordsPerBlock = 4;
  r123::Philox4x64::ctr_type counter_;
  r123::Philox4x64::key_type key_;
  r123::Philox4x64::ctr_type block_{};
  int used_ = kWordsPerBlock;
};

}  // namespace scrisk::engine::detail
