#include "assess/loss_summary.hpp"

#include <numeric>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>


namespace scrisk::assess::detail {
namespace {

constexpr std::size_t kLecPoints = 50;

/// Rank (1-based) of the p-quantile among n sorted years: the smallest k with k / n >= p.
std::uint64_t quantile_rank(double p, std::uint64_t years) {
  const auto rank = std::uint64_t(std::ceil(p * double(years) - 1e-9));
  return std::clamp<std::uint64_t>(rank, 1, years);
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
  engine::AnnualLossTally tally;
  tally.add_years(annual_loss.data(), annual_loss.size());
  return summarize_years(counts, annual_loss, tally);
}

LossSummary summarize_years(const engine::EventCounts& counts, const std::vector<double>& annual_loss,
                            const engine::AnnualLossTally& tally) {
  // Two passes over the years, no sort. Pass 1 (the tally, which the engine fills as it
  // simulates) sums and bins every year into the fixed log bins; the bins then tell which
  // few hold a quantile's rank, a TVaR tail's first rank or an LEC grid point. Pass 2
  // collects only the years of those bins, where an exact selection finishes the job: exact
  // figures in linear time with little scratch space. Zero years (many, for rare events) sit
  // in a slot of their own, below the bins.
  constexpr std::size_t kSlots = LogBins::kYearSlots;
  const auto slot_of = LogBins::year_slot;

  const std::uint64_t years = annual_loss.size();
  const auto& slot_count = tally.slot_years;
  const double low = tally.lowest_positive, high = tally.highest;
  LossSummary summary = moments(tally.loss, tally.loss_squared, counts, years);
  if (high == 0) return summary;  // no loss in any year: every figure is 0

  // below[s]: years in slots < s, so the rank-th smallest year (1-based) is in the slot s
  // with below[s] < rank <= below[s + 1].
  std::vector<std::uint64_t> below(kSlots + 1, 0);
  for (std::size_t slot = 0; slot < kSlots; ++slot) below[slot + 1] = below[slot] + slot_count[slot];
  auto slot_of_rank = [&](std::uint64_t rank) {
    return std::size_t(std::upper_bound(below.begin(), below.end(), rank - 1) - below.begin()) - 1;
  };

  std::vector<char> collect(kSlots, 0);
  for (const double p : kQuantileLevels) collect[slot_of_rank(quantile_rank(p, years))] = 1;
  std::array<std::size_t, kTvarLevels.size()> tail_slot{};  // years in higher slots are all in the tail
  for (std::size_t q = 0; q < kTvarLevels.size(); ++q) {
    tail_slot[q] = slot_of_rank(years - tail_count(kTvarLevels[q], years) + 1);
    collect[tail_slot[q]] = 1;
  }
  collect[0] = 0;  // a rank among the zero years needs no selection
  const std::size_t lowest_tail_slot = *std::min_element(tail_slot.begin(), tail_slot.end());

  std::vector<double> grid;
  for (std::size_t i = 0; i < kLecPoints && (i == 0 || low < high); ++i)
    grid.push_back(low < high ? low * std::pow(high / low, double(i) / (kLecPoints - 1)) : low);
  // Per slot, its grid points grid[point_begin[s]] .. grid[point_begin[s + 1] - 1]. Each year
  // is compared with its slot's first point without a branch (slots without points use a
  // dummy point at +inf, counted in a dummy entry); further points in the same slot, which
  // occur only when the losses span a narrow range, take a loop.
  std::vector<std::uint32_t> point_begin(kSlots + 1, 0);
  for (const double point : grid) ++point_begin[slot_of(point) + 1];
  for (std::size_t slot = 0; slot < kSlots; ++slot) point_begin[slot + 1] += point_begin[slot];
  std::vector<double> threshold = grid;
  threshold.push_back(INFINITY);
  const auto dummy = std::uint32_t(grid.size());
  std::vector<std::uint32_t> first_point(kSlots);
  for (std::size_t slot = 0; slot < kSlots; ++slot)
    first_point[slot] = point_begin[slot] < point_begin[slot + 1] ? point_begin[slot] : dummy;
  std::vector<std::uint64_t> above_in_slot(threshold.size(), 0);

  std::vector<std::vector<double>> selected(kSlots);
  std::array<ExactSum, kTvarLevels.size()> tail_above;
  for (const double loss : annual_loss) {
    const std::size_t slot = slot_of(loss);
    if (slot > lowest_tail_slot) [[unlikely]]
      for (std::size_t q = 0; q < kTvarLevels.size(); ++q)
        if (slot > tail_slot[q]) tail_above[q].add(loss);
    if (collect[slot]) [[unlikely]] selected[slot].push_back(loss);
    const std::uint32_t point = first_point[slot];
    above_in_slot[point] += loss > threshold[point];
    for (std::uint32_t g = point + 1; g < point_begin[slot + 1]; ++g) above_in_slot[g] += loss > grid[g];
  }

  // The rank-th smallest year: 0 among the zero years, else found by selection in its slot.
  auto select = [&](std::uint64_t rank) {
    const std::size_t slot = slot_of_rank(rank);
    std::vector<double>& values = selected[slot];
    if (slot == 0) return std::pair{values.end(), 0.0};
    const auto at = values.begin() + std::ptrdiff_t(rank - below[slot] - 1);
    std::nth_element(values.begin(), at, values.end());
    return std::pair{at, *at};
  };
  for (std::size_t q = 0; q < kQuantileLevels.size(); ++q) summary.quantiles[q] = select(quantile_rank(kQuantileLevels[q], years)).second;
  for (std::size_t q = 0; q < kTvarLevels.size(); ++q) {
    const std::uint64_t count = tail_count(kTvarLevels[q], years);
    if (tail_slot[q] == 0) {  // the tail holds every positive year and some zero years
      summary.tvar[q] = tally.loss.value() / double(count);
      continue;
    }
    // After the selection, the tail's part of its first slot is the selected year and all after it.
    ExactSum tail = tail_above[q];
    for (auto it = select(years - count + 1).first; it != selected[tail_slot[q]].end(); ++it) tail.add(*it);
    summary.tvar[q] = tail.value() / double(count);
  }
  for (std::size_t g = 0; g < grid.size(); ++g) {
    const std::size_t slot = slot_of(grid[g]);
    summary.lec.emplace_back(grid[g], double(years - below[slot + 1] + above_in_slot[g]) / double(years));
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
