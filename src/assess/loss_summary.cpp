#include "assess/loss_summary.hpp"

#include <algorithm>
#include <cmath>

namespace scrisk::assess::detail {
namespace {

constexpr std::size_t kLecPoints = 50;

/// Rank (1-based) of the p-quantile among n sorted years: the smallest k with k / n >= p.
std::uint64_t quantile_rank(double p, std::uint64_t years) {
  const auto rank = std::uint64_t(std::ceil(p * double(years) - 1e-9));
  return std::clamp<std::uint64_t>(rank, 1, years);
}

/// Number of worst years averaged by TVaR at level p.
std::uint64_t tail_count(double p, std::uint64_t years) {
  return std::max<std::uint64_t>(1, years - quantile_rank(p, years) + 1);
}

}  // namespace

double standard_deviation(const ExactSum& sum, const ExactSum& sum_squares, std::uint64_t years) {
  if (years < 2) return 0;
  const long double n = years, total = sum.value();
  const long double variance = (sum_squares.value() - total * total / n) / (n - 1);
  return double(std::sqrt(std::max<long double>(0, variance)));
}

namespace {

/// Moments and event rates, the same for both kinds of tally.
LossSummary moments(const engine::StateTally& tally, std::uint64_t years) {
  LossSummary summary;
  const double n = double(years);
  summary.ale = tally.loss.value() / n;
  summary.sd = standard_deviation(tally.loss, tally.loss_squared, years);
  summary.ale_stderr = summary.sd / std::sqrt(n);
  summary.events_per_year = double(tally.events) / n;
  summary.prob_any = double(tally.years_with_event) / n;
  return summary;
}

}  // namespace

LossSummary summarize_years(const engine::StateTally& tally, const std::vector<double>& annual_loss) {
  const std::uint64_t years = annual_loss.size();
  LossSummary summary = moments(tally, years);
  std::vector<double> sorted = annual_loss;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t q = 0; q < kQuantileLevels.size(); ++q)
    summary.quantiles[q] = sorted[quantile_rank(kQuantileLevels[q], years) - 1];
  for (std::size_t q = 0; q < kTvarLevels.size(); ++q) {
    const std::uint64_t count = tail_count(kTvarLevels[q], years);
    ExactSum tail;
    for (std::uint64_t i = years - count; i < years; ++i) tail.add(sorted[i]);
    summary.tvar[q] = tail.value() / double(count);
  }
  const auto first_positive = std::upper_bound(sorted.begin(), sorted.end(), 0.0);
  if (first_positive != sorted.end()) {
    const double low = *first_positive, high = sorted.back();
    for (std::size_t i = 0; i < kLecPoints; ++i) {
      const double loss = kLecPoints == 1 || low == high ? low : low * std::pow(high / low, double(i) / (kLecPoints - 1));
      const auto above = sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), loss);
      summary.lec.emplace_back(loss, double(above) / double(years));
      if (low == high) break;
    }
  }
  return summary;
}

LossSummary summarize_histogram(const engine::StateTally& tally, const std::uint64_t* histogram, std::uint64_t years) {
  LossSummary summary = moments(tally, years);
  summary.exact_quantiles = false;
  std::uint64_t positive = 0;
  int first_bin = -1, last_bin = -1;
  for (int bin = 0; bin < LogBins::kCount; ++bin) {
    if (histogram[bin] == 0) continue;
    positive += histogram[bin];
    if (first_bin < 0) first_bin = bin;
    last_bin = bin;
  }
  const std::uint64_t zeros = years - positive;

  // Linear interpolation inside the bin that holds the rank-th smallest year.
  auto quantile = [&](double p) {
    const std::uint64_t rank = quantile_rank(p, years);
    if (rank <= zeros) return 0.0;
    std::uint64_t below = zeros;
    for (int bin = first_bin; bin <= last_bin; ++bin) {
      if (below + histogram[bin] >= rank) {
        const double fraction = double(rank - below) / double(histogram[bin]);
        const double upper = LogBins::upper(bin);
        return std::isinf(upper) ? LogBins::lower(bin) : LogBins::lower(bin) + fraction * (upper - LogBins::lower(bin));
      }
      below += histogram[bin];
    }
    return LogBins::lower(last_bin);
  };
  for (std::size_t q = 0; q < kQuantileLevels.size(); ++q) summary.quantiles[q] = quantile(kQuantileLevels[q]);

  // TVaR: the worst years taken bin by bin from the top, each at its bin's midpoint.
  for (std::size_t q = 0; q < kTvarLevels.size(); ++q) {
    const std::uint64_t count = tail_count(kTvarLevels[q], years);
    std::uint64_t taken = 0;
    double sum = 0;
    for (int bin = last_bin; bin >= first_bin && bin >= 0 && taken < count; --bin) {
      const std::uint64_t take = std::min(histogram[bin], count - taken);
      const double upper = LogBins::upper(bin);
      const double middle = std::isinf(upper) ? LogBins::lower(bin) : 0.5 * (LogBins::lower(bin) + upper);
      sum += double(take) * middle;
      taken += take;
    }
    summary.tvar[q] = sum / double(count);
  }

  // LEC at bin edges, where P(annual loss > edge) is exact.
  if (first_bin >= 0) {
    const int edges = last_bin - first_bin + 1;
    const int step = std::max(1, int((edges + kLecPoints - 2) / (kLecPoints - 1)));
    std::uint64_t above = positive;
    for (int bin = first_bin; bin <= last_bin; ++bin) {
      if ((bin - first_bin) % step == 0) summary.lec.emplace_back(std::max(LogBins::lower(bin), 0.0), double(above) / double(years));
      above -= histogram[bin];
    }
  }
  return summary;
}

}  // namespace scrisk::assess::detail
