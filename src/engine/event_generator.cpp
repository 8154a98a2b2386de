#include "engine/event_generator.hpp"

#include <algorithm>
#include <tuple>

#include "engine/random_stream.hpp"
#include "engine/simd/kernel_loops.hpp"

namespace scrisk::engine::detail {
namespace {

/// Attempts simulated in one pass over a threat's years: a chunk with more (only a threat
/// with thousands of attempts a year) is done a few years at a time, so that the per-attempt
/// buffers stay in cache and bounded.
constexpr std::size_t kMaxAttemptsPerBatch = std::size_t{1} << 16;

}  // namespace

EventGenerator::EventGenerator(const PlanData& plan)
    : samplers_(plan.samplers), count_words_(kChunkYears), attempt_counts_(kChunkYears), first_attempt_(kChunkYears + 1) {
  std::uint32_t most_risks = 1;
  for (const ThreatPlan& threat : plan.threats) most_risks = std::max(most_risks, threat.risk_count);
  risk_cursor_.resize(most_risks + 1);
  events_.risk_begin.resize(most_risks + 1);
  sorted_.risk_begin.resize(most_risks + 1);
}

std::size_t EventGenerator::batch_end(std::size_t year_begin, std::size_t years) const noexcept {
  std::size_t year_end = year_begin + 1, attempts = attempt_counts_[year_begin];
  while (year_end < years && attempts + attempt_counts_[year_end] <= kMaxAttemptsPerBatch)
    attempts += attempt_counts_[year_end++];
  return year_end;
}

void EventGenerator::draw_attempt_counts(const ThreatPlan& threat, const Chunk& chunk, PhiloxKey key) {
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

std::size_t EventGenerator::list_attempts(std::size_t year_begin, std::size_t year_end) {
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
  return attempts;
}

std::size_t EventGenerator::draw_events(const PlanData& plan, const ThreatPlan& threat, const Chunk& chunk, PhiloxKey key,
                                        std::size_t year_begin, std::size_t year_end) {
  const std::size_t attempts = list_attempts(year_begin, year_end);
  if (attempts == 0) return 0;
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
  if (threat.risk_count <= 1) {
    events_.risk_begin[0] = 0;
    events_.risk_begin[1] = std::uint32_t(events);
    return events;
  }
  group_by_risk(threat.risk_count, events);
  return events;
}

void EventGenerator::group_by_risk(std::uint32_t risk_count, std::size_t events) {
  sorted_.reserve(events_.capacity());
  std::fill_n(risk_cursor_.data(), risk_count + 1, 0u);
  for (std::size_t i = 0; i < events; ++i) ++risk_cursor_[events_.risk[i] + 1];
  for (std::uint32_t r = 0; r < risk_count; ++r) risk_cursor_[r + 1] += risk_cursor_[r];
  std::copy_n(risk_cursor_.data(), risk_count + 1, sorted_.risk_begin.data());
  for (std::size_t i = 0; i < events; ++i) {
    const std::uint32_t at = risk_cursor_[events_.risk[i]]++;
    sorted_.year[at] = events_.year[i];
    sorted_.index[at] = events_.index[i];
    sorted_.risk[at] = events_.risk[i];
    sorted_.attempt_word[at] = events_.attempt_word[i];
  }
  std::swap(events_, sorted_);
}

std::size_t EventGenerator::draw_common_cause_events(const PlanData& plan, const ThreatPlan& threat, const Chunk& chunk,
                                                     PhiloxKey key, std::size_t attempts) {
  // Target k of attempt j has its own block (the purpose word carries k), so each target's
  // damage is independent of the others' given the event; the events come out grouped by
  // target (= risk) and in year order.
  events_.reserve(attempts * threat.risk_count);
  std::size_t events = 0;
  for (std::uint32_t k = 0; k < threat.risk_count; ++k) {
    events_.risk_begin[k] = std::uint32_t(events);
    philox_batch({key, chunk.first_year, attempt_year_.data(), attempt_index_.data(), std::uint32_t(BlockPurpose::kAttempt) + k},
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

void EventGenerator::draw_consequences(const ThreatPlan& threat, const Chunk& chunk, PhiloxKey key, std::size_t events) {
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
    philox_batch({key, chunk.first_year, events_.year.data(), events_.index.data(), std::uint32_t(BlockPurpose::kConsequences)},
                 events, loss_words_.data(), downtime_words_.data(), chunk.isa);
  }
  draw_law(threat.loss, threat, chunk, loss_words_, ScalarDraw::kLoss, events_.loss, events);
  draw_law(threat.downtime, threat, chunk, downtime_words_, ScalarDraw::kDowntime, events_.downtime_days, events);
}

void EventGenerator::draw_law(const ConsequenceLaw& law, const ThreatPlan& threat, const Chunk& chunk,
                              const std::vector<std::uint64_t>& words, ScalarDraw purpose, std::vector<double>& values,
                              std::size_t events) {
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
}

}  // namespace scrisk::engine::detail
