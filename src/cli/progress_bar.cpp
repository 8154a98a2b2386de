#include "cli/progress_bar.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace scrisk::cli {

ProgressBar::ProgressBar() : enabled_(isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()) {}

bool ProgressBar::update(std::uint64_t done, std::uint64_t total) {
  if (!enabled_ || total == 0) return true;
  constexpr int kWidth = 30;
  const double fraction = double(done) / double(total);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = seconds > 0 ? double(done) / seconds : 0;
  const int filled = int(fraction * kWidth);
  std::string bar(std::size_t(filled), '#');
  bar.append(std::size_t(kWidth - filled), '-');
  if (rate > 0 && done < total)
    std::fprintf(stderr, "\r[%s] %5.1f%%  %.3g years/s  ETA %.0fs   ", bar.c_str(), 100 * fraction, rate,
                 double(total - done) / rate);
  else
    std::fprintf(stderr, "\r[%s] %5.1f%%   ", bar.c_str(), 100 * fraction);
  std::fflush(stderr);
  return true;
}

void ProgressBar::finish() {
  if (!enabled_) return;
  std::fprintf(stderr, "\r%*s\r", 72, "");
  std::fflush(stderr);
}

}  // namespace scrisk::cli
