#include <algorithm>
#include "scrisk/core/error.hpp"

#include "core/guard.hpp"
#include "scrisk/engine/results.hpp"

namespace scrisk::engine {

const char* to_string(State state) {
  switch (state) {
    case State::kInherent: return "inherent";
    case State::kCurrent: return "current";
    case State::kResidual: return "residual";
  }
  return "?";
}

EventCounts& EventCounts::operator+=(const EventCounts& other) noexcept {
  events += other.events;
  years_with_event += other.years_with_event;
  return *this;
}

StateTally& StateTally::operator+=(const StateTally& other) noexcept {
  loss += other.loss;
  loss_squared += other.loss_squared;
  counts += other.counts;
  return *this;
}

void AnnualLossTally::add_years(const double* annual_loss, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    const double value = annual_loss[i];
    // ExactSum takes kMaxAdditions additions between normalisations.
    if (i % ExactSum::kMaxAdditions == 0) {
      loss.normalize();
      loss_squared.normalize();
    }
    loss.add(value);
    loss_squared.add(value * value);
    ++slot_years[LogBins::year_slot(value)];
    if (value > 0) lowest_positive = std::min(lowest_positive, value);
    highest = std::max(highest, value);
  }
  loss.normalize();
  loss_squared.normalize();
}

AnnualLossTally& AnnualLossTally::operator+=(const AnnualLossTally& other) noexcept {
  loss += other.loss;
  loss_squared += other.loss_squared;
  for (std::size_t slot = 0; slot < slot_years.size(); ++slot) slot_years[slot] += other.slot_years[slot];
  lowest_positive = std::min(lowest_positive, other.lowest_positive);
  highest = std::max(highest, other.highest);
  return *this;
}

ControlTally& ControlTally::operator+=(const ControlTally& other) noexcept {
  reduction += other.reduction;
  reduction_squared += other.reduction_squared;
  return *this;
}

namespace {

Results merge_parts(const std::vector<Results>& parts) {
  if (parts.empty()) throw UsageError("parts", "no results to merge");
  std::vector<const Results*> ordered;
  ordered.reserve(parts.size());
  for (const Results& part : parts) ordered.push_back(&part);
  std::sort(ordered.begin(), ordered.end(), [](const Results* a, const Results* b) { return a->first_trial < b->first_trial; });
  const Results& head = *ordered.front();
  Results merged = head;
  for (std::size_t i = 1; i < ordered.size(); ++i) {
    const Results& part = *ordered[i];
    if (part.model_fingerprint != head.model_fingerprint)
      throw ResultsMismatch("merge: results come from different models (or different settings of one)");
    if (part.seed != head.seed)
      throw ResultsMismatch("merge: results use different seeds (" + std::to_string(head.seed) + " and " +
                            std::to_string(part.seed) + ")");
    const std::uint64_t expected = merged.first_trial + merged.trials;
    if (part.first_trial != expected)
      throw ResultsMismatch("merge: trial ranges do not join: one ends at " + std::to_string(expected) + ", the next starts at " +
                            std::to_string(part.first_trial));
    merged.trials += part.trials;
    for (int s = 0; s < kStateCount; ++s) {
      merged.annual_loss[s].insert(merged.annual_loss[s].end(), part.annual_loss[s].begin(), part.annual_loss[s].end());
      merged.total_events[s] += part.total_events[s];
      merged.annual_loss_tallies[s] += part.annual_loss_tallies[s];
    }
    for (std::size_t k = 0; k < merged.risk_tallies.size(); ++k) merged.risk_tallies[k] += part.risk_tallies[k];
    for (std::size_t r = 0; r < merged.risk_histograms.size(); ++r) {
      const std::vector<std::uint64_t>& bins = part.risk_histograms[r];
      if (bins.empty()) continue;
      std::uint64_t* into = merged.mutable_histogram(r, State::kInherent);  // every state's, in order
      for (std::size_t b = 0; b < bins.size(); ++b) into[b] += bins[b];
    }
    for (std::size_t k = 0; k < merged.control_tallies.size(); ++k) merged.control_tallies[k] += part.control_tallies[k];
  }
  return merged;
}

}  // namespace

Results merge(const std::vector<Results>& parts) {
  return scrisk::detail::guarded("merge", [&] { return merge_parts(parts); });
}

}  // namespace scrisk::engine
