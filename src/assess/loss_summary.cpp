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
  // Losses so large that their sum or the sum of their squares overflows: the spread is
  // unbounded too (inf - inf would otherwise make it NaN, and max(0, NaN) 0).
  if (!std::isfinite(sum.value()) || !std::isfinite(sum_squares.value()))
    return std::isnan(sum.value()) || std::isnan(sum_squares.value()) ? NAN : INFINITY;
  const long double n = years, total = sum.value();
  const long double variance = (sum_squares.value() - total * total / n) / (n - 1);
  return double(std::sqrt(std::max<long double>(0, variance)));
}

namespace {

/// Moments and event rates, the same for both kinds of tally.
LossSummary moments(const ExactSum& sum, const ExactSum& sum_squares, const engine::EventCounts& counts, std::uint64_t years) {
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

namespace {

/// The exact figures of the totals in two passes over the years, no sort. Pass 1 (the tally,
/// which the engine fills as it simulates) sums and bins every year into the fixed log
/// bins; the bins then tell which few hold a quantile's rank, a TVaR tail's first rank or an
/// LEC grid point. Pass 2 collects only the years of those bins, where an exact selection
/// finishes the job: exact figures in linear time with little scratch space. Zero years
/// (many, for rare events) sit in a slot of their own, below the bins.
class ExactYears {
 public:
  static constexpr std::size_t kSlots = LogBins::kYearSlots;

  ExactYears(const std::vector<double>& annual_loss, const engine::AnnualLossTally& tally)
      : annual_loss_(annual_loss), loss_sum_(tally.loss), years_(annual_loss.size()) {
    // below_[s]: years in slots < s, so the rank-th smallest year (1-based) is in the slot s
    // with below_[s] < rank <= below_[s + 1].
    for (std::size_t slot = 0; slot < kSlots; ++slot) below_[slot + 1] = below_[slot] + tally.slot_years[slot];
    choose_slots();
    make_grid(tally.lowest_positive, tally.highest);
  }

  void fill(LossSummary& summary) {
    second_pass();
    for (std::size_t q = 0; q < kQuantileLevels.size(); ++q)
      summary.quantiles[q] = select(quantile_rank(kQuantileLevels[q], years_)).second;
    for (std::size_t q = 0; q < kTvarLevels.size(); ++q) summary.tvar[q] = tvar(q);
    for (std::size_t g = 0; g < grid_.size(); ++g) {
      const std::size_t slot = LogBins::year_slot(grid_[g]);
      summary.lec.emplace_back(grid_[g], double(years_ - below_[slot + 1] + above_in_slot_[g]) / double(years_));
    }
  }

 private:
  [[nodiscard]] std::size_t slot_of_rank(std::uint64_t rank) const {
    return std::size_t(std::upper_bound(below_.begin(), below_.end(), rank - 1) - below_.begin()) - 1;
  }

  /// The slots whose years pass 2 keeps: those of the quantiles' ranks and the tails' first ranks.
  void choose_slots() {
    for (const double p : kQuantileLevels) collect_[slot_of_rank(quantile_rank(p, years_))] = 1;
    for (std::size_t q = 0; q < kTvarLevels.size(); ++q) {
      tail_slot_[q] = slot_of_rank(years_ - tail_count(kTvarLevels[q], years_) + 1);
      collect_[tail_slot_[q]] = 1;
    }
    collect_[0] = 0;  // a rank among the zero years needs no selection
    lowest_tail_slot_ = *std::min_element(tail_slot_.begin(), tail_slot_.end());
  }

  /// The LEC's grid, log-spaced from the smallest positive to the largest loss. Per slot, its
  /// grid points grid[point_begin[s]] .. grid[point_begin[s + 1] - 1]. Each year is compared
  /// with its slot's first point without a branch (slots without points use a dummy point at
  /// +inf, counted in a dummy entry); further points in the same slot, which occur only when
  /// the losses span a narrow range, take a loop.
  void make_grid(double low, double high) {
    for (std::size_t i = 0; i < kLecPoints && (i == 0 || low < high); ++i)
      grid_.push_back(low < high ? low * std::pow(high / low, double(i) / (kLecPoints - 1)) : low);
    point_begin_.assign(kSlots + 1, 0);
    for (const double point : grid_) ++point_begin_[LogBins::year_slot(point) + 1];
    for (std::size_t slot = 0; slot < kSlots; ++slot) point_begin_[slot + 1] += point_begin_[slot];
    threshold_ = grid_;
    threshold_.push_back(INFINITY);
    const auto dummy = std::uint32_t(grid_.size());
    first_point_.resize(kSlots);
    for (std::size_t slot = 0; slot < kSlots; ++slot)
      first_point_[slot] = point_begin_[slot] < point_begin_[slot + 1] ? point_begin_[slot] : dummy;
    above_in_slot_.assign(threshold_.size(), 0);
  }

  void second_pass() {
    for (const double loss : annual_loss_) {
      const std::size_t slot = LogBins::year_slot(loss);
      if (slot > lowest_tail_slot_) [[unlikely]]
        for (std::size_t q = 0; q < kTvarLevels.size(); ++q)
          if (slot > tail_slot_[q]) tail_above_[q].add(loss);
      if (collect_[slot]) [[unlikely]]
        selected_[slot].push_back(loss);
      const std::uint32_t point = first_point_[slot];
      above_in_slot_[point] += loss > threshold_[point];
      for (std::uint32_t g = point + 1; g < point_begin_[slot + 1]; ++g) above_in_slot_[g] += loss > grid_[g];
    }
  }

  /// The rank-th smallest year: 0 among the zero years, else found by selection in its slot.
  std::pair<std::vector<double>::iterator, double> select(std::uint64_t rank) {
    const std::size_t slot = slot_of_rank(rank);
    std::vector<double>& values = selected_[slot];
    if (slot == 0) return {values.end(), 0.0};
    const auto at = values.begin() + std::ptrdiff_t(rank - below_[slot] - 1);
    std::nth_element(values.begin(), at, values.end());
    return {at, *at};
  }

  double tvar(std::size_t q) {
    const std::uint64_t count = tail_count(kTvarLevels[q], years_);
    if (tail_slot_[q] == 0) return loss_sum_.value() / double(count);  // the tail holds every positive year
    // After the selection, the tail's part of its first slot is the selected year and all after it.
    ExactSum tail = tail_above_[q];
    for (auto it = select(years_ - count + 1).first; it != selected_[tail_slot_[q]].end(); ++it) tail.add(*it);
    return tail.value() / double(count);
  }

  const std::vector<double>& annual_loss_;
  const ExactSum& loss_sum_;
  std::uint64_t years_;
  std::array<std::uint64_t, kSlots + 1> below_{};
  std::array<char, kSlots> collect_{};
  std::array<std::size_t, kTvarLevels.size()> tail_slot_{};  // years in higher slots are all in the tail
  std::size_t lowest_tail_slot_ = 0;
  std::vector<double> grid_, threshold_;
  std::vector<std::uint32_t> point_begin_, first_point_;
  std::vector<std::uint64_t> above_in_slot_;
  std::array<std::vector<double>, kSlots> selected_;
  std::array<ExactSum, kTvarLevels.size()> tail_above_;
};

}  // namespace

LossSummary summarize_years(const engine::EventCounts& counts, const std::vector<double>& annual_loss,
                            const engine::AnnualLossTally& tally) {
  LossSummary summary = moments(tally.loss, tally.loss_squared, counts, annual_loss.size());
  if (tally.highest == 0) return summary;  // no loss in any year: every figure is 0
  ExactYears(annual_loss, tally).fill(summary);
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
      if ((bin - first_bin) % step == 0)
        summary.lec.emplace_back(std::max(LogBins::lower(bin), 0.0), double(above) / double(years));
      above -= histogram[bin];
    }
  }
  return summary;
}

}  // namespace scrisk::assess::detail
