// A one-line progress bar on stderr, shown only when stderr is a terminal.
#pragma once

#include <chrono>
#include <cstdint>

namespace scrisk::cli {

class ProgressBar {
 public:
  ProgressBar();
  [[nodiscard]] bool enabled() const { return enabled_; }
  /// Redraws the bar; returns true (the run continues).
  bool update(std::uint64_t done, std::uint64_t total);
  /// Clears the line.
  void finish();

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace scrisk::cli
