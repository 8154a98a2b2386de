#include "engine/year_accumulator.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>

#include "engine/simd/kernel_loops.hpp"

namespace scrisk::engine::detail {

YearAccumulator::YearAccumulator(const PlanData& plan)
    : sole_risk_(plan.risks.size() == 1 && !plan.network),
      year_hits_(kChunkYears),
      part_hits_(kChunkYears),
      nonzero_(kChunkYears),
      squares_(kChunkYears),
      risk_tallies_(plan.risks.size() * kStateCount),
      risk_histograms_(plan.risks.size()),
      control_tallies_(plan.control_count) {
  for (auto& part : part_loss_) part.resize(kChunkYears);
}

// A risk's annual loss and events in the years of the chunk. Two ways, which give the same
// bits (a year's costs are added in event order, starting from the first): per year of the
// chunk (dense arrays, for risks with events in a good share of the years) or per year with
// an event (a run-length sum, for the others).

void YearAccumulator::year_sums_dense(const ThreatEvents& events, std::size_t begin, std::size_t end) {
  const std::uint32_t* __restrict year = events.year.data();
  for (int s = 0; s < kStateCount; ++s) {
    double* __restrict part = part_loss_[std::size_t(s)].data();
    const double* __restrict cost = events.cost[std::size_t(s)].data();
    for (std::size_t i = begin; i < end; ++i) part[year[i]] += cost[i];
  }
  std::uint64_t* __restrict part = part_hits_.data();
  const std::uint64_t* __restrict hits = events.hits.data();
  for (std::size_t i = begin; i < end; ++i) part[year[i]] += hits[i];
}

void YearAccumulator::year_sums_by_runs(const ThreatEvents& events, std::size_t begin, std::size_t end) {
  // The events are in year order, so a year is a run: a branch-free run-length sum.
  const std::size_t n = end - begin;
  std::fill_n(group_hits_.data(), n, std::uint64_t{0});
  for (auto& loss : group_loss_) std::fill_n(loss.data(), n, 0.0);
  const std::uint32_t* __restrict year = events.year.data();
  const std::uint64_t* __restrict hits = events.hits.data();
  std::size_t group = 0;
  std::uint32_t previous = year[begin];
  for (std::size_t i = begin; i < end; ++i) {
    group += year[i] != previous;
    previous = year[i];
    group_year_[group] = year[i];
    group_hits_[group] += hits[i];
#pragma GCC unroll 3
    for (int s = 0; s < kStateCount; ++s) group_loss_[std::size_t(s)][group] += events.cost[std::size_t(s)][i];
  }
  groups_ = group + 1;
}

template <bool kDense>
void YearAccumulator::tally_year_sums(std::uint32_t risk, std::size_t count, Isa isa, const AnnualLoss& annual_loss) {
  // Entry g is year g of the chunk (dense) or year group_year_[g] (by runs).
  const std::uint32_t* __restrict year = group_year_.data();
  auto year_of = [year](std::size_t g) { return kDense ? g : std::size_t(year[g]); };
  const std::uint64_t* __restrict hits = kDense ? part_hits_.data() : group_hits_.data();
  for (std::size_t g = 0; g < count; ++g) year_hits_[year_of(g)] += hits[g];
  for (int s = 0; s < kStateCount; ++s) {
    const double* __restrict loss = (kDense ? part_loss_ : group_loss_)[std::size_t(s)].data();
    double* __restrict total = annual_loss[std::size_t(s)];
    for (std::size_t g = 0; g < count; ++g) total[year_of(g)] += loss[g];

    const std::size_t slot = std::size_t(risk) * kStateCount + std::size_t(s);
    StateTally& tally = risk_tallies_[slot];
    const int shift = s * kHitFieldBits;
    double* __restrict nonzero = nonzero_.data();
    std::uint64_t event_count = 0, years_with_event = 0;
    std::size_t k = 0;
    for (std::size_t g = 0; g < count; ++g) {
      const std::uint64_t events = (hits[g] >> shift) & kHitFieldMask;
      event_count += events;
      years_with_event += events != 0;
      nonzero[k] = loss[g];
      k += loss[g] > 0;
    }
    tally.counts.events += event_count;
    tally.counts.years_with_event += years_with_event;
    if (k == 0 || sole_risk_) continue;
    for (std::size_t j = 0; j < k; ++j) squares_[j] = nonzero[j] * nonzero[j];
    risk_histograms_.add(risk, s, nonzero, k);
    exact_sum_.add(tally.loss, nonzero, k, isa);
    exact_sum_.add(tally.loss_squared, squares_.data(), k, isa);
  }
}

void YearAccumulator::tally_risk(std::uint32_t risk, const ThreatEvents& events, std::size_t begin, std::size_t end,
                                 std::size_t years, Isa isa, const AnnualLoss& annual_loss) {
  if (begin == end) return;
  if (end - begin >= years / 8) {
    year_sums_dense(events, begin, end);
    tally_year_sums<true>(risk, years, isa, annual_loss);
    std::fill_n(part_hits_.data(), years, std::uint64_t{0});
    for (auto& part : part_loss_) std::fill_n(part.data(), years, 0.0);
    return;
  }
  const std::size_t n = end - begin;  // at most one group an event
  grow(group_year_, n);
  grow(group_hits_, n);
  for (auto& loss : group_loss_) grow(loss, n);
  grow(nonzero_, n);
  grow(squares_, n);
  year_sums_by_runs(events, begin, end);
  tally_year_sums<false>(risk, groups_, isa, annual_loss);
}

void YearAccumulator::end_chunk(std::size_t years, Isa isa, ControlRows& rows, const AnnualLoss& annual_loss) {
  for (int s = 0; s < kStateCount; ++s) {
    const int shift = s * kHitFieldBits;
    std::uint64_t events = 0, years_with_event = 0;
    for (std::size_t y = 0; y < years; ++y) {
      const std::uint64_t count = (year_hits_[y] >> shift) & kHitFieldMask;
      events += count;
      years_with_event += count != 0;
    }
    total_events_[std::size_t(s)].events += events;
    total_events_[std::size_t(s)].years_with_event += years_with_event;
  }
  std::fill_n(year_hits_.data(), years, std::uint64_t{0});
  tally_controls(years, isa, rows);
  tally_annual_losses(years, isa, annual_loss);
}

void YearAccumulator::tally_controls(std::size_t years, Isa isa, ControlRows& rows) {
  for (const std::uint32_t control : rows.touched()) {
    const double* row = rows.row(control);
    std::size_t k = 0;
    for (std::size_t y = 0; y < years; ++y) {
      nonzero_[k] = row[y];
      k += row[y] != 0;
    }
    for (std::size_t j = 0; j < k; ++j) squares_[j] = nonzero_[j] * nonzero_[j];
    exact_sum_.add(control_tallies_[control].reduction, nonzero_.data(), k, isa);
    exact_sum_.add(control_tallies_[control].reduction_squared, squares_.data(), k, isa);
  }
  rows.clear(years);
}

void YearAccumulator::tally_annual_losses(std::size_t years, Isa isa, const AnnualLoss& annual_loss) {
  for (int s = 0; s < kStateCount; ++s) {
    AnnualLossTally& tally = annual_loss_tallies_[std::size_t(s)];
    const double* __restrict loss = annual_loss[std::size_t(s)];
    double* __restrict squares = squares_.data();
    double lowest = INFINITY, highest = 0;
    for (std::size_t y = 0; y < years; ++y) {
      squares[y] = loss[y] * loss[y];
      ++tally.slot_years[LogBins::year_slot(loss[y])];
      // Zero years count as +inf for the minimum: their bits OR-ed with +inf's are +inf's.
      lowest = std::min(
          lowest, std::bit_cast<double>(std::bit_cast<std::uint64_t>(loss[y]) |
                                        (std::bit_cast<std::uint64_t>(double(INFINITY)) & (0 - std::uint64_t(loss[y] == 0)))));
      highest = std::max(highest, loss[y]);
    }
    tally.lowest_positive = std::min(tally.lowest_positive, lowest);
    tally.highest = std::max(tally.highest, highest);
    exact_sum_.add(tally.loss, loss, years, isa);
    exact_sum_.add(tally.loss_squared, squares, years, isa);
  }
}

void YearAccumulator::add_to(Results& results) const {
  for (int s = 0; s < kStateCount; ++s) {
    results.total_events[s] += total_events_[s];
    results.annual_loss_tallies[s] += annual_loss_tallies_[std::size_t(s)];
  }
  for (std::size_t i = 0; i < risk_tallies_.size(); ++i) results.risk_tallies[i] += risk_tallies_[i];
  risk_histograms_.add_to(results);
  if (sole_risk_) {
    // The same years' losses, so the same exact sums; a positive year's bin b is slot b + 1.
    for (int s = 0; s < kStateCount; ++s) {
      const AnnualLossTally& total = annual_loss_tallies_[std::size_t(s)];
      results.risk_tallies[std::size_t(s)].loss += total.loss;
      results.risk_tallies[std::size_t(s)].loss_squared += total.loss_squared;
      if (total.slot_years[0] == std::accumulate(total.slot_years.begin(), total.slot_years.end(), std::uint64_t{0}))
        continue;  // no year with a loss: the risk's bins stay unallocated
      std::uint64_t* histogram = results.mutable_histogram(0, State(s));
      for (int b = 0; b < LogBins::kCount; ++b) histogram[b] += total.slot_years[std::size_t(b) + 1];
    }
  }
  for (std::size_t i = 0; i < control_tallies_.size(); ++i) results.control_tallies[i] += control_tallies_[i];
}

}  // namespace scrisk::engine::detail
