// Per control, its change in each year of a chunk's loss when toggled: written by the
// pricer, summed and cleared by the accumulator at the end of the chunk.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/chunk.hpp"

namespace scrisk::engine::detail {

class ControlRows {
 public:
  explicit ControlRows(std::size_t controls) : delta_(controls * kChunkYears), touched_flag_(controls) {
    touched_.reserve(controls);
  }

  /// The control's row (kChunkYears deltas), marked as touched: only touched rows are read.
  [[nodiscard]] double* row(std::uint32_t control) {
    if (!touched_flag_[control]) {
      touched_flag_[control] = 1;
      touched_.push_back(control);
    }
    return delta_.data() + std::size_t(control) * kChunkYears;
  }
  [[nodiscard]] const std::vector<std::uint32_t>& touched() const noexcept { return touched_; }
  /// Zeroes the touched rows' first `years` entries and forgets them.
  void clear(std::size_t years) {
    for (const std::uint32_t control : touched_) {
      std::fill_n(delta_.data() + std::size_t(control) * kChunkYears, years, 0.0);
      touched_flag_[control] = 0;
    }
    touched_.clear();
  }

 private:
  std::vector<double> delta_;  // only the rows of touched controls are non-zero
  std::vector<std::uint32_t> touched_;
  std::vector<char> touched_flag_;
};

}  // namespace scrisk::engine::detail
