// A thread's per-risk loss histograms, kept in blocks of 16 bins allocated on first use: a
// risk's losses fill a few octaves of LogBins' 64, so a thread holds about 1/10 of the dense
// histograms' memory (which grew as risks x bins x threads). The counts are the same, so
// adding them to Results' dense histograms gives the same bits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "scrisk/core/log_bins.hpp"
#include "scrisk/engine/results.hpp"

namespace scrisk::engine::detail {

class RiskHistograms {
 public:
  static constexpr std::size_t kBlockBins = 16;
  static constexpr std::size_t kBlocks = (std::size_t(LogBins::kCount) + kBlockBins - 1) / kBlockBins;

  explicit RiskHistograms(std::size_t risks) : block_of_(risks) {}

  /// Counts the years of `risk` in `state` with these positive losses, each in its bin.
  void add(std::size_t risk, int state, const double* positive_losses, std::size_t count) {
    std::vector<std::uint32_t>& blocks = block_of_[risk];
    if (blocks.empty()) blocks.assign(std::size_t(kStateCount) * kBlocks, 0);
    std::uint32_t* state_blocks = blocks.data() + std::size_t(state) * kBlocks;
    for (std::size_t i = 0; i < count; ++i) {
      const auto bin = std::size_t(LogBins::of(positive_losses[i]));
      std::uint32_t& block = state_blocks[bin / kBlockBins];
      if (block == 0) {
        counts_.resize(counts_.size() + kBlockBins, 0);
        block = std::uint32_t(counts_.size() / kBlockBins);  // 1-based: 0 is "none yet"
      }
      ++counts_[(std::size_t(block) - 1) * kBlockBins + bin % kBlockBins];
    }
  }

  /// Adds every count to `results`' dense histograms.
  void add_to(Results& results) const {
    for (std::size_t risk = 0; risk < block_of_.size(); ++risk) {
      const std::vector<std::uint32_t>& blocks = block_of_[risk];
      if (blocks.empty()) continue;
      for (int state = 0; state < kStateCount; ++state) {
        std::uint64_t* into = results.mutable_histogram(risk, State(state));
        for (std::size_t b = 0; b < kBlocks; ++b) {
          const std::uint32_t block = blocks[std::size_t(state) * kBlocks + b];
          if (block == 0) continue;
          const std::uint64_t* counts = counts_.data() + (std::size_t(block) - 1) * kBlockBins;
          const std::size_t first = b * kBlockBins;
          for (std::size_t i = 0; i < kBlockBins && first + i < std::size_t(LogBins::kCount); ++i) into[first + i] += counts[i];
        }
      }
    }
  }

 private:
  std::vector<std::vector<std::uint32_t>> block_of_;  // per risk: per (state, block) its index + 1 in counts_, or 0
  std::vector<std::uint64_t> counts_;                 // the allocated blocks, kBlockBins counts each
};

}  // namespace scrisk::engine::detail
