#include "engine/chunk_kernel.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <tuple>
#include <utility>

#include "engine/simd/kernel_loops.hpp"
#include "scrisk/core/error.hpp"

namespace scrisk::engine::detail {
namespace {

/// Attempts simulated in one pass over a threat's years: a chunk with more (only a threat
/// with thousands of attempts a year) is done a few years at a time, so that the per-attempt
/// buffers stay in cache and bounded.
constexpr std::size_t kMaxAttemptsPerBatch = std::size_t{1} << 16;

template <class T>
void grow(std::vector<T>& buffer, std::size_t size) {
  if (buffer.size() < size) buffer.resize(size);
}

}  // namespace

ChunkKernel::ChunkKernel(const PlanData& plan, const analysis::JointCurves* joint)
    : samplers_(plan.samplers),
      count_words_(kChunkYears),
      attempt_counts_(kChunkYears),
      first_attempt_(kChunkYears + 1),
      control_delta_(plan.control_count * kChunkYears),
      control_touched_(plan.control_count),
      risk_tallies_(plan.risks.size() * kStateCount),
      risk_histograms_(plan.risks.size() * kStateCount * LogBins::kCount),
      control_tallies_(plan.control_count) {
  year_hits_.resize(kChunkYears);
  part_hits_.resize(kChunkYears);
  for (auto& part : part_loss_) part.resize(kChunkYears);
  for (auto* buffer : {&nonzero_, &squares_}) buffer->resize(kChunkYears);
  touched_controls_.reserve(plan.control_count);
  if (joint != nullptr) network_.emplace(*joint);
  sole_risk_ = plan.risks.size() == 1 && !plan.network;
  std::uint32_t most_risks = 1;
  for (const ThreatPlan& threat : plan.threats) most_risks = std::max(most_risks, threat.risk_count);
  risk_cursor_.resize(most_risks + 1);
  events_.risk_begin.resize(most_risks + 1);
  sorted_.risk_begin.resize(most_risks + 1);
}

std::size_t ChunkKernel::batch_end(std::size_t year_begin, std::size_t years) const noexcept {
  std::size_t year_end = year_begin + 1, attempts = attempt_counts_[year_begin];
  while (year_end < years && attempts + attempt_counts_[year_end] <= kMaxAttemptsPerBatch)
    attempts += attempt_counts_[year_end++];
  return year_end;
}

// ---- stage (a): events ------------------------------------------------------------------

void ChunkKernel::draw_attempt_counts(const ThreatPlan& threat, const Chunk& chunk, PhiloxKey key) {
  if (threat.attempts) {
    philox_batch({key, chunk.first_year, nullptr, nullptr, std::uint32_t(BlockPurpose::kAttemptCount)}, chunk.years,
                 count_words_.data(), nullptr, chunk.isa);
    for (std::size_t i = 0; i < chunk.years; ++i) attempt_counts_[i] = threat.attempts->of_word(count_words_[i]);
    return;
  }
  // A rate law that could not be tabulated: FAIR's two stages, a rate for the year and a
  // Poisson count at that rate, from the year's scalar stream.
  for (std::size_t i = 0; i < chunk.years; ++i) {
    RandomStream stream(chunk.seed, chunk.first_year + i, threat.stream_id, substream_of(ScalarDraw::kAttemptCount, 0));
    const double rate = std::min(draw_non_negative(samplers_[threat.rate], stream), model::kMaxRatePerYear);
    attempt_counts_[i] = std::uint32_t(draw_poisson(rate, stream));
  }
}

std::size_t ChunkKernel::draw_events(const PlanData& plan, const ThreatPlan& threat, const Chunk& chunk, PhiloxKey key,
                                     std::size_t year_begin, std::size_t year_end) {
  // The attempts of years [year_begin, year_end) as (year, index within the year), without a
  // branch per year: a mark at each year's first attempt, and a running sum gives the year.
  first_attempt_[year_begin] = 0;
  for (std::size_t y = year_begin; y < year_end; ++y) first_attempt_[y + 1] = first_attempt_[y] + attempt_counts_[y];
  const std::size_t attempts = first_attempt_[year_end];
  attempts_drawn += attempts;
  if (attempts == 0) return 0;
  grow(attempt_year_, attempts + 1);
  grow(attempt_index_, attempts);
  grow(attempt_risk_, attempts + 1);
  grow(attempt_word_, attempts);
  grow(target_word_, attempts);
  events_.reserve(attempts);
  {
    std::uint32_t* __restrict marks = attempt_risk_.data();  // scratch until the targets are picked
    std::fill_n(marks, attempts + 1, 0u);
    for (std::size_t y = year_begin; y < year_end; ++y) marks[first_attempt_[y]] += 1;
    std::uint32_t* __restrict year_of = attempt_year_.data();
    std::uint32_t* __restrict index_of = attempt_index_.data();
    std::uint32_t year = std::uint32_t(year_begin) - 1;
    for (std::size_t j = 0; j < attempts; ++j) {
      year += marks[j];
      year_of[j] = year;
      index_of[j] = std::uint32_t(j) - first_attempt_[year];
    }
  }

  if (threat.common_cause) return draw_common_cause_events(plan, threat, chunk, key, attempts);

  // One block per attempt: the deterrence and success uniforms, and the target pick.
  const bool several_targets = threat.risk_count > 1;
  philox_batch({key, chunk.first_year, attempt_year_.data(), attempt_index_.data(), std::uint32_t(BlockPurpose::kAttempt)},
               attempts, attempt_word_.data(), several_targets ? target_word_.data() : nullptr, chunk.isa);
  if (several_targets)
    for (std::size_t j = 0; j < attempts; ++j) attempt_risk_[j] = (*threat.pick_target)(target_word_[j]);
  else
    std::fill_n(attempt_risk_.data(), attempts, 0u);

  // Keep the attempts that succeed without controls (the inherent state's success limit is
  // the largest of every state's): a branch-free compaction.
  std::size_t events = 0;
  {
    const RiskPlan* risks = plan.risks.data() + threat.first_risk;
    std::uint32_t* __restrict out_year = events_.year.data();
    std::uint32_t* __restrict out_index = events_.index.data();
    std::uint32_t* __restrict out_risk = events_.risk.data();
    std::uint64_t* __restrict out_word = events_.attempt_word.data();
    for (std::size_t j = 0; j < attempts; ++j) {
      const std::uint32_t r = attempt_risk_[j];
      out_year[events] = attempt_year_[j];
      out_index[events] = attempt_index_[j];
      out_risk[events] = r;
      out_word[events] = attempt_word_[j];
      events += std::int64_t(attempt_word_[j] & 0xffffffffu) < risks[r].limits[0].success_limit;
    }
  }
  events_drawn += events;

  // Group by risk, keeping year order within a risk (a stable counting sort).
  std::uint32_t* begin = events_.risk_begin.data();
  if (!several_targets) {
    begin[0] = 0;
    begin[1] = std::uint32_t(events);
    return events;
  }
  sorted_.reserve(events_.capacity());
  std::fill_n(risk_cursor_.data(), threat.risk_count + 1, 0u);
  for (std::size_t i = 0; i < events; ++i) ++risk_cursor_[events_.risk[i] + 1];
  for (std::uint32_t r = 0; r < threat.risk_count; ++r) risk_cursor_[r + 1] += risk_cursor_[r];
  std::copy_n(risk_cursor_.data(), threat.risk_count + 1, sorted_.risk_begin.data());
  for (std::size_t i = 0; i < events; ++i) {
    const std::uint32_t at = risk_cursor_[events_.risk[i]]++;
    sorted_.year[at] = events_.year[i];
    sorted_.index[at] = events_.index[i];
    sorted_.risk[at] = events_.risk[i];
    sorted_.attempt_word[at] = events_.attempt_word[i];
  }
  std::swap(events_, sorted_);
  return events;
}

std::size_t ChunkKernel::draw_common_cause_events(const PlanData& plan, const ThreatPlan& threat, const Chunk& chunk,
                                                  PhiloxKey key, std::size_t attempts) {
  // Target k of attempt j has its own block (the purpose word carries k), so each target's
  // damage is independent of the others' given the event; the events come out grouped by
  // target (= risk) and in year order.
  events_.reserve(attempts * threat.risk_count);
  std::size_t events = 0;
  for (std::uint32_t k = 0; k < threat.risk_count; ++k) {
    events_.risk_begin[k] = std::uint32_t(events);
    philox_batch({key, chunk.first_year, attempt_year_.data(), attempt_index_.data(),
                  std::uint32_t(BlockPurpose::kAttempt) + k},
                 attempts, attempt_word_.data(), nullptr, chunk.isa);
    const std::int64_t success_limit = plan.risks[threat.first_risk + k].limits[0].success_limit;
    for (std::size_t j = 0; j < attempts; ++j) {
      events_.year[events] = attempt_year_[j];
      events_.index[events] = attempt_index_[j];
      events_.risk[events] = k;
      events_.attempt_word[events] = attempt_word_[j];
      events += std::int64_t(attempt_word_[j] & 0xffffffffu) < success_limit;
    }
  }
  events_.risk_begin[threat.risk_count] = std::uint32_t(events);
  events_drawn += events;
  return events;
}

void ChunkKernel::draw_consequences(const ThreatPlan& threat, const Chunk& chunk, PhiloxKey key, std::size_t events) {
  if (threat.common_cause) {
    // Severities through the copula, from the event's (year, attempt) substreams: rare
    // events, drawn the scalar way.
    for (std::size_t i = 0; i < events; ++i)
      std::tie(events_.loss[i], events_.downtime_days[i]) = threat.common_cause->consequences(
          chunk.seed, chunk.first_year + events_.year[i], threat.stream_id, events_.index[i], events_.risk[i]);
    return;
  }
  if (threat.loss.needs_word() || threat.downtime.needs_word()) {
    grow(loss_words_, events);
    grow(downtime_words_, events);
    philox_batch({key, chunk.first_year, events_.year.data(), events_.index.data(),
                  std::uint32_t(BlockPurpose::kConsequences)},
                 events, loss_words_.data(), downtime_words_.data(), chunk.isa);
  }
  auto draw = [&](const ConsequenceLaw& law, const std::vector<std::uint64_t>& words, ScalarDraw purpose,
                  std::vector<double>& values) {
    if (law.shape == LawShape::kScalar) {
      // Laws without a vector form (PERT, gamma, beta, Poisson, empirical): their sampler, on
      // a scalar stream of the event's own.
      for (std::size_t i = 0; i < events; ++i) {
        RandomStream stream(chunk.seed, chunk.first_year + events_.year[i], threat.stream_id,
                            substream_of(purpose, events_.index[i]));
        values[i] = draw_non_negative(samplers_[law.sampler], stream);
      }
      return;
    }
    if (law.needs_normal()) {
      grow(normal_scores_, events);
      grow(tail_p_, events);
      grow(tail_at_, events);
      normal_scores(words.data(), normal_scores_.data(), events, tail_p_.data(), tail_at_.data(), chunk.isa);
    }
    law_values(law, words.data(), normal_scores_.data(), values.data(), events, chunk.isa);
  };
  draw(threat.loss, loss_words_, ScalarDraw::kLoss, events_.loss);
  draw(threat.downtime, downtime_words_, ScalarDraw::kDowntime, events_.downtime_days);
}

void ChunkKernel::price_events(const PlanData& plan, const ThreatPlan& threat, Isa isa) {
  grow(delta_, events_.risk_begin[threat.risk_count]);
  for (std::uint32_t r = 0; r < threat.risk_count; ++r) {
    const std::size_t begin = events_.risk_begin[r], end = events_.risk_begin[r + 1];
    if (begin == end) continue;
    const RiskPlan& risk = plan.risks[threat.first_risk + r];
    const StateCostsIn in{risk.limits.data(), events_.attempt_word.data() + begin, events_.loss.data() + begin,
                          events_.downtime_days.data() + begin, end - begin};
    state_costs(in, events_.cost[0].data() + begin, events_.cost[1].data() + begin, events_.cost[2].data() + begin,
                events_.hits.data() + begin, isa);
    // Each toggled control's cost difference, summed per year into the control's row.
    for (std::uint32_t t = risk.first_toggle; t < risk.first_toggle + risk.toggle_count; ++t) {
      const Toggle& toggle = plan.toggles[t];
      toggle_deltas(in, toggle.limits, toggle.sign, events_.cost[std::size_t(State::kCurrent)].data() + begin,
                    delta_.data(), isa);
      double* __restrict row = control_delta_.data() + std::size_t(toggle.control) * kChunkYears;
      const std::uint32_t* __restrict year = events_.year.data() + begin;
      for (std::size_t i = 0; i < end - begin; ++i) row[year[i]] += delta_[i];
      if (!control_touched_[toggle.control]) {
        control_touched_[toggle.control] = 1;
        touched_controls_.push_back(toggle.control);
      }
    }
  }
}

// ---- stage (c): tallies -----------------------------------------------------------------

// A risk's annual loss and events in the years of the chunk. Two ways, which give the same
// bits (a year's costs are added in event order, starting from the first): per year of the
// chunk (dense arrays, for risks with events in a good share of the years) or per year with
// an event (a run-length sum, for the others).

void ChunkKernel::year_sums_dense(std::size_t begin, std::size_t end) {
  const std::uint32_t* __restrict year = events_.year.data();
  for (int s = 0; s < kStateCount; ++s) {
    double* __restrict part = part_loss_[std::size_t(s)].data();
    const double* __restrict cost = events_.cost[std::size_t(s)].data();
    for (std::size_t i = begin; i < end; ++i) part[year[i]] += cost[i];
  }
  std::uint64_t* __restrict part = part_hits_.data();
  const std::uint64_t* __restrict hits = events_.hits.data();
  for (std::size_t i = begin; i < end; ++i) part[year[i]] += hits[i];
}

void ChunkKernel::year_sums_by_runs(std::size_t begin, std::size_t end) {
  // The events are in year order, so a year is a run: a branch-free run-length sum.
  const std::size_t n = end - begin;
  std::fill_n(group_hits_.data(), n, std::uint64_t{0});
  for (auto& loss : group_loss_) std::fill_n(loss.data(), n, 0.0);
  const std::uint32_t* __restrict year = events_.year.data();
  const std::uint64_t* __restrict hits = events_.hits.data();
  std::size_t group = 0;
  std::uint32_t previous = year[begin];
  for (std::size_t i = begin; i < end; ++i) {
    group += year[i] != previous;
    previous = year[i];
    group_year_[group] = year[i];
    group_hits_[group] += hits[i];
#pragma GCC unroll 3
    for (int s = 0; s < kStateCount; ++s) group_loss_[std::size_t(s)][group] += events_.cost[std::size_t(s)][i];
  }
  groups_ = group + 1;
}

template <bool kDense>
void ChunkKernel::tally_year_sums(std::uint32_t risk, std::size_t count, Isa isa,
                                  const std::array<double*, kStateCount>& annual_loss) {
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
    std::uint64_t* histogram = risk_histograms_.data() + slot * LogBins::kCount;
    for (std::size_t j = 0; j < k; ++j) {
      squares_[j] = nonzero[j] * nonzero[j];
      ++histogram[LogBins::of(nonzero[j])];
    }
    exact_sum_.add(tally.loss, nonzero, k, isa);
    exact_sum_.add(tally.loss_squared, squares_.data(), k, isa);
  }
}

void ChunkKernel::tally_risk(std::uint32_t risk, std::size_t begin, std::size_t end, std::size_t years, Isa isa,
                             const std::array<double*, kStateCount>& annual_loss) {
  if (begin == end) return;
  if (end - begin >= years / 8) {
    year_sums_dense(begin, end);
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
  year_sums_by_runs(begin, end);
  tally_year_sums<false>(risk, groups_, isa, annual_loss);
}

void ChunkKernel::tally_chunk(std::size_t years, Isa isa) {
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
  for (const std::uint32_t control : touched_controls_) {
    double* row = control_delta_.data() + std::size_t(control) * kChunkYears;
    std::size_t k = 0;
    for (std::size_t y = 0; y < years; ++y) {
      nonzero_[k] = row[y];
      k += row[y] != 0;
    }
    for (std::size_t j = 0; j < k; ++j) squares_[j] = nonzero_[j] * nonzero_[j];
    exact_sum_.add(control_tallies_[control].reduction, nonzero_.data(), k, isa);
    exact_sum_.add(control_tallies_[control].reduction_squared, squares_.data(), k, isa);
    std::fill_n(row, years, 0.0);
    control_touched_[control] = 0;
  }
  touched_controls_.clear();
}

template <class PerBatch>
void ChunkKernel::for_each_batch(const PlanData& plan, const Chunk& chunk, PerBatch per_batch) {
  for (const ThreatPlan& threat : plan.threats) {
    const PhiloxKey key = philox_key(chunk.seed, threat.stream_id);
    draw_attempt_counts(threat, chunk, key);
    for (std::size_t year_begin = 0; year_begin < chunk.years;) {
      // (a) The threat's events over as many years as fit in one batch (at least one).
      const std::size_t year_end = batch_end(year_begin, chunk.years);
      const std::size_t events = draw_events(plan, threat, chunk, key, year_begin, year_end);
      year_begin = year_end;
      if (events == 0) continue;
      draw_consequences(threat, chunk, key, events);
      per_batch(threat);
    }
  }
}

// ---- the chunk --------------------------------------------------------------------------

void ChunkKernel::simulate_chunk(const PlanData& plan, std::uint64_t seed, std::uint64_t first_year, std::size_t years,
                                 const std::array<double*, kStateCount>& annual_loss) {
  const Chunk chunk{seed, first_year, years, selected_isa()};
  if (plan.network && !network_) throw InternalError("a kernel built to draw only was asked to price a supply network");
  for (double* total : annual_loss) std::fill_n(total, years, 0.0);
  for_each_batch(plan, chunk, [&](const ThreatPlan& threat) {
    price_events(plan, threat, chunk.isa);
    // (c) Tallies of the threat's risks (complete: a risk belongs to one threat), which
    //     also add the risks' annual losses to the years' totals; (b) holds back those
    //     whose outages the supply network prices, until every threat has drawn.
    for (std::uint32_t r = 0; r < threat.risk_count; ++r) {
      const std::uint32_t risk = threat.first_risk + r;
      if (plan.risks[risk].network_element != kNotInNetwork)
        network_->hold(events_, events_.risk_begin[r], events_.risk_begin[r + 1], risk, threat.stream_id, seed, first_year);
      else
        tally_risk(risk, events_.risk_begin[r], events_.risk_begin[r + 1], years, chunk.isa, annual_loss);
    }
  });
  if (network_ && !network_->empty()) price_network_outages(plan, chunk, annual_loss);
  tally_chunk(years, chunk.isa);
  tally_annual_losses(years, chunk.isa, annual_loss);
}

void ChunkKernel::tally_annual_losses(std::size_t years, Isa isa, const std::array<double*, kStateCount>& annual_loss) {
  for (int s = 0; s < kStateCount; ++s) {
    AnnualLossTally& tally = annual_loss_tallies_[std::size_t(s)];
    const double* __restrict loss = annual_loss[std::size_t(s)];
    double* __restrict squares = squares_.data();
    double lowest = INFINITY, highest = 0;
    for (std::size_t y = 0; y < years; ++y) {
      squares[y] = loss[y] * loss[y];
      ++tally.slot_years[LogBins::year_slot(loss[y])];
      // Zero years count as +inf for the minimum: their bits OR-ed with +inf's are +inf's.
      lowest = std::min(lowest, std::bit_cast<double>(std::bit_cast<std::uint64_t>(loss[y]) |
                                                      (std::bit_cast<std::uint64_t>(double(INFINITY)) &
                                                       (0 - std::uint64_t(loss[y] == 0)))));
      highest = std::max(highest, loss[y]);
    }
    tally.lowest_positive = std::min(tally.lowest_positive, lowest);
    tally.highest = std::max(tally.highest, highest);
    exact_sum_.add(tally.loss, loss, years, isa);
    exact_sum_.add(tally.loss_squared, squares, years, isa);
  }
}

void ChunkKernel::price_network_outages(const PlanData& plan, const Chunk& chunk,
                                        const std::array<double*, kStateCount>& annual_loss) {
  network_->price(plan, network_events_, network_ranges_);
  for (const ControlYearDelta& change : network_->control_deltas()) {
    control_delta_[std::size_t(change.control) * kChunkYears + change.year] += change.delta;
    if (!control_touched_[change.control]) {
      control_touched_[change.control] = 1;
      touched_controls_.push_back(change.control);
    }
  }
  // Stage (c) reads events_: lend it the priced events.
  std::swap(events_, network_events_);
  for (const RiskRange& range : network_ranges_)
    tally_risk(range.risk, range.begin, range.end, chunk.years, chunk.isa, annual_loss);
  std::swap(events_, network_events_);
}

double ChunkKernel::draw_chunk(const PlanData& plan, std::uint64_t seed, std::uint64_t first_year, std::size_t years) {
  const Chunk chunk{seed, first_year, years, selected_isa()};
  double sink = 0;
  for_each_batch(plan, chunk, [&](const ThreatPlan& threat) {
    for (std::size_t i = 0; i < events_.risk_begin[threat.risk_count]; ++i) sink += events_.loss[i] + events_.downtime_days[i];
  });
  return sink;
}

void ChunkKernel::add_tallies_to(Results& results) const {
  for (int s = 0; s < kStateCount; ++s) {
    results.total_events[s] += total_events_[s];
    results.annual_loss_tallies[s] += annual_loss_tallies_[std::size_t(s)];
  }
  for (std::size_t i = 0; i < risk_tallies_.size(); ++i) results.risk_tallies[i] += risk_tallies_[i];
  for (std::size_t i = 0; i < risk_histograms_.size(); ++i) results.risk_histograms[i] += risk_histograms_[i];
  if (sole_risk_) {
    // The same years' losses, so the same exact sums; a positive year's bin b is slot b + 1.
    for (int s = 0; s < kStateCount; ++s) {
      const AnnualLossTally& total = annual_loss_tallies_[std::size_t(s)];
      results.risk_tallies[std::size_t(s)].loss += total.loss;
      results.risk_tallies[std::size_t(s)].loss_squared += total.loss_squared;
      std::uint64_t* histogram = results.risk_histograms.data() + std::size_t(s) * LogBins::kCount;
      for (int b = 0; b < LogBins::kCount; ++b) histogram[b] += total.slot_years[std::size_t(b) + 1];
    }
  }
  for (std::size_t i = 0; i < control_tallies_.size(); ++i) results.control_tallies[i] += control_tallies_[i];
}

}  // namespace scrisk::engine::detail
