// A thread's blocked per-risk histograms add up to the dense counts, bin for bin.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "engine/risk_histograms.hpp"

namespace {

using scrisk::LogBins;
using scrisk::engine::kStateCount;
using scrisk::engine::Results;
using scrisk::engine::State;
using scrisk::engine::detail::RiskHistograms;

TEST(RiskHistograms, AddUpToTheDenseCountsBinForBin) {
  constexpr std::size_t kRisks = 7;
  RiskHistograms blocked(kRisks);
  std::vector<std::vector<std::uint64_t>> dense(kRisks);
  std::mt19937_64 random(3);
  for (int i = 0; i < 20'000; ++i) {
    const std::size_t risk = random() % (kRisks - 1);  // the last risk never loses
    const int state = int(random() % kStateCount);
    // Every bin can occur, the first and last (partial block) included.
    const int bin = i < LogBins::kCount ? i : int(random() % LogBins::kCount);
    const double loss = bin == 0 ? 1e-3 : LogBins::lower(bin);  // a loss in that bin
    ASSERT_EQ(LogBins::of(loss), bin);
    blocked.add(risk, state, &loss, 1);
    if (dense[risk].empty()) dense[risk].assign(std::size_t(kStateCount) * LogBins::kCount, 0);
    ++dense[risk][std::size_t(state) * LogBins::kCount + std::size_t(bin)];
  }
  Results results;
  results.risk_histograms.resize(kRisks);
  blocked.add_to(results);
  blocked.add_to(results);  // adds, as a second thread's would
  for (std::size_t risk = 0; risk < kRisks; ++risk) {
    SCOPED_TRACE("risk " + std::to_string(risk));
    if (dense[risk].empty()) {
      EXPECT_TRUE(results.risk_histograms[risk].empty());
      continue;
    }
    ASSERT_EQ(results.risk_histograms[risk].size(), dense[risk].size());
    for (std::size_t b = 0; b < dense[risk].size(); ++b) EXPECT_EQ(results.risk_histograms[risk][b], 2 * dense[risk][b]) << b;
  }
}

}  // namespace
