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

/// Number of grid points below `value` (std::lower_bound's index), without branches.
std::size_t count_below(const std::vector<double>& grid, double value) {
  const double* base = grid.data();
  std::size_t length = grid.size();
  while (length > 1) {
    const std::size_t half = length / 2;
    base = base[half] < value ? base + half : base;
    length -= half;
  }
  return std::size_t(base - grid.data()) + (*base < value ? 1 : 0);
}

/// Number of worst years TVaR at level p averages: n - floor(n p), the worst (1 - p) share.
std::uint64_t tail_count(double p, std::uint64_t years) {
  const auto kept = std::uint64_t(std::floor(p * double(years) + 1e-9));
  return std::max<std::uint64_t>(1, years - std::min(kept, years));
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
LossSummary moments(const ExactSum& sum, const ExactSum& sum_squares, const engine::EventCounts& counts,
                    std::uint64_t years) {
  LossSummary summary;
  const double n = double(years);
  summary.ale = sum.value() / n;
  summary.sd = standard_deviation(sum, sum_squares, years);
  summary.ale_stderr = summary.sd / std::sqrt(n);
  summary.events_per_year = double(counts.events) / n;
  summary.prob_any = double(counts.years_with_event) / n;
  return summary;
}

}  // namespace

LossSummary summarize_years(const engine::EventCounts& counts, const std::vector<double>& annual_loss) {
  const std::uint64_t years = annual_loss.size();
  ExactSum sum, sum_squares;
  std::vector<double> positive;  // zero years (most, for rare risks) need no ordering
  std::uint64_t added = 0;
  for (const double loss : annual_loss) {
    if (loss == 0) continue;
    sum.add(loss);
    sum_squares.add(loss * loss);
    positive.push_back(loss);
    if (++added % ExactSum::kMaxAdditions == 0) {
      sum.normalize();
      sum_squares.normalize();
    }
  }
  LossSummary summary = moments(sum, sum_squares, counts, years);
  const std::uint64_t zeros = years - positive.size();

  // Quantiles in increasing order, each a selection within what is above the previous one:
  // linear time rather than a full sort.
  auto from = positive.begin();
  auto select = [&](std::uint64_t rank) -> double {  // rank-th smallest year, 1-based
    if (rank <= zeros) return 0.0;
    const auto at = positive.begin() + std::ptrdiff_t(rank - zeros - 1);
    std::nth_element(from, at, positive.end());
    from = at;
    return *at;
  };
  // The rank of every quantile, and the first rank of every TVaR tail (the worst
  // tail_count years), visited in increasing order of rank.
  struct Level {
    std::uint64_t rank;
    int index;  // quantiles >= 0, TVaR levels < 0
  };
  std::vector<Level> levels;
  for (std::size_t q = 0; q < kQuantileLevels.size(); ++q) levels.push_back({quantile_rank(kQuantileLevels[q], years), int(q)});
  for (std::size_t q = 0; q < kTvarLevels.size(); ++q)
    levels.push_back({years - tail_count(kTvarLevels[q], years) + 1, -1 - int(q)});
  std::sort(levels.begin(), levels.end(), [](const Level& a, const Level& b) { return a.rank < b.rank; });
  for (const Level& level : levels) {
    const double value = select(level.rank);
    if (level.index >= 0) {
      summary.quantiles[std::size_t(level.index)] = value;
      continue;
    }
    // The tail's positive years are all at or after `from` (or all of them, if the tail reaches zeros).
    ExactSum tail;
    for (auto it = level.rank <= zeros ? positive.begin() : from; it != positive.end(); ++it) tail.add(*it);
    const std::size_t q = std::size_t(-1 - level.index);
    summary.tvar[q] = tail.value() / double(tail_count(kTvarLevels[q], years));
  }

  if (!positive.empty()) {
    const auto [low_it, high_it] = std::minmax_element(positive.begin(), positive.end());
    const double low = *low_it, high = *high_it;
    std::vector<double> grid;
    for (std::size_t i = 0; i < kLecPoints && (i == 0 || low < high); ++i)
      grid.push_back(low < high ? low * std::pow(high / low, double(i) / (kLecPoints - 1)) : low);
    // below_or_at[i]: years whose loss is in (grid[i-1], grid[i]], from one pass of
    // branch-free binary searches (a branchy search mispredicts on every level).
    std::vector<std::uint64_t> below_or_at(grid.size() + 1, 0);
    for (const double loss : positive) ++below_or_at[count_below(grid, loss)];
    std::uint64_t above = positive.size();
    for (std::size_t i = 0; i < grid.size(); ++i) {
      above -= below_or_at[i];
      summary.lec.emplace_back(grid[i], double(above) / double(years));
    }
  }
  return summary;
}

LossSummary summarize_histogram(const engine::StateTally& tally, const std::uint64_t* histogram, std::uint64_t years) {
  LossSummary summary = moments(tally.loss, tally.loss_squared, tally.counts, years);
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

  // LEC at bin lower edges, where the count is exact: P(annual loss >= edge), which is
  // P(annual loss > edge) unless losses sit exactly on an edge.
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
