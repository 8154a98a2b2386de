// Loss statistics from the two kinds of tallies a run keeps.
#pragma once

#include <cstdint>
#include <vector>

#include "scrisk/assess/assessment.hpp"

namespace scrisk::assess::detail {

/// Sample standard deviation from exact sums of values and of their squares over n years.
[[nodiscard]] double standard_deviation(const ExactSum& sum, const ExactSum& sum_squares, std::uint64_t years);

/// Exact figures from every year's annual loss (the totals), given pass 1 of them (`tally`,
/// as engine::run fills Results::annual_loss_tallies).
[[nodiscard]] LossSummary summarize_years(const engine::EventCounts& counts, const std::vector<double>& annual_loss,
                                          const engine::AnnualLossTally& tally);
/// The same, computing pass 1 here.
[[nodiscard]] LossSummary summarize_years(const engine::EventCounts& counts, const std::vector<double>& annual_loss);

/// Quantiles, TVaR and LEC read off the fixed log-bin histogram of positive annual losses
/// (the per-risk figures: memory must not grow with years x risks).
[[nodiscard]] LossSummary summarize_histogram(const engine::StateTally& tally, const std::uint64_t* histogram,
                                              std::uint64_t years);

}  // namespace scrisk::assess::detail
