#include "engine/network_stage.hpp"

#include <algorithm>
#include <numeric>

#include "engine/random_stream.hpp"
#include "engine/simd/kernel_loops.hpp"
#include "scrisk/core/error.hpp"

namespace scrisk::engine::detail {
namespace {

[[nodiscard]] bool event_in_state(std::uint64_t hits, int state) noexcept {
  return ((hits >> (state * kHitFieldBits)) & kHitFieldMask) != 0;
}

/// Whether an attempt with this word is an event in a state with these limits (the test of
/// the kernel's state_costs).
[[nodiscard]] bool event_under(std::uint64_t attempt_word, const StateLimits& limits) noexcept {
  const auto deter = std::int64_t(attempt_word >> 32), success = std::int64_t(attempt_word & 0xffffffffu);
  return deter < limits.pass_limit && success < limits.success_limit;
}

}  // namespace

void NetworkStage::hold(const ThreatEvents& events, std::size_t begin, std::size_t end, std::uint32_t risk,
                        std::uint64_t stream_id, std::uint64_t seed, std::uint64_t first_year) {
  for (std::size_t i = begin; i < end; ++i) {
    year_.push_back(events.year[i]);
    risk_.push_back(risk);
    attempt_word_.push_back(events.attempt_word[i]);
    hits_.push_back(events.hits[i]);
    downtime_days_.push_back(events.downtime_days[i]);
    RandomStream stream(seed, first_year + events.year[i], stream_id, substream_of(ScalarDraw::kOutageStart, events.index[i]));
    start_day_.push_back(stream.uniform() * kOutageYearDays);
    for (int s = 0; s < kStateCount; ++s) cost_[std::size_t(s)].push_back(events.cost[std::size_t(s)][i]);
  }
}

ElementOutage NetworkStage::outage(const PlanData& plan, std::uint32_t i, bool happens, double downtime_factor) const {
  return {plan.risks[risk_[i]].network_element, start_day_[i], happens ? downtime_days_[i] * downtime_factor : 0.0};
}

void NetworkStage::price_year(const PlanData& plan, std::span<const std::uint32_t> events) {
  const std::size_t n = events.size();
  outages_.resize(n);
  shares_.resize(n);
  double current_value = 0;
  for (int s = 0; s < kStateCount; ++s) {
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t i = events[k];
      outages_[k] = outage(plan, i, event_in_state(hits_[i], s), plan.risks[risk_[i]].states[std::size_t(s)].downtime_factor);
    }
    const double value = pricer_.price(outages_, shares_);
    for (std::size_t k = 0; k < n; ++k) cost_[std::size_t(s)][events[k]] += shares_[k];
    if (s == int(State::kCurrent)) {
      current_value = value;
      current_outages_ = outages_;
    }
  }

  // Each control toggled on the year's outages: the year priced again with the control's
  // toggle applied to the events of the risks it covers.
  controls_.clear();
  for (const std::uint32_t i : events) {
    const RiskPlan& risk = plan.risks[risk_[i]];
    for (std::uint32_t t = risk.first_toggle; t < risk.first_toggle + risk.toggle_count; ++t)
      controls_.push_back(plan.toggles[t].control);
  }
  std::sort(controls_.begin(), controls_.end());
  controls_.erase(std::unique(controls_.begin(), controls_.end()), controls_.end());
  for (const std::uint32_t control : controls_) {
    double sign = 0;
    bool changed = false;
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t i = events[k];
      outages_[k] = current_outages_[k];
      const RiskPlan& risk = plan.risks[risk_[i]];
      for (std::uint32_t t = risk.first_toggle; t < risk.first_toggle + risk.toggle_count; ++t) {
        const Toggle& toggle = plan.toggles[t];
        if (toggle.control != control) continue;
        outages_[k] = outage(plan, i, event_under(attempt_word_[i], toggle.limits), toggle.factors.downtime_factor);
        changed = changed || outages_[k].downtime_days != current_outages_[k].downtime_days;
        sign = toggle.sign;
        break;
      }
    }
    if (!changed) continue;  // the same outages cost the same
    const double delta = sign * (pricer_.price(outages_, shares_) - current_value);
    if (delta != 0) control_deltas_.push_back({control, year_[events[0]], delta});
  }
}

void NetworkStage::price(const PlanData& plan, ThreatEvents& out, std::vector<RiskRange>& ranges,
                         const std::atomic<bool>* cancelled) {
  control_deltas_.clear();
  ranges.clear();
  const std::size_t n = year_.size();
  // The held events by year (stable), one year at a time.
  order_.resize(n);
  std::iota(order_.begin(), order_.end(), 0u);
  std::stable_sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) { return year_[a] < year_[b]; });
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin + 1;
    while (end < n && year_[order_[end]] == year_[order_[begin]]) ++end;
    // A year of a large network can take seconds: a cancelled run stops between years.
    if (cancelled != nullptr && cancelled->load(std::memory_order_relaxed)) throw Cancelled();
    price_year(plan, std::span(order_).subspan(begin, end - begin));
    begin = end;
  }

  // Out by risk; within a risk they were held in year order (batches come in year order).
  std::iota(order_.begin(), order_.end(), 0u);
  std::stable_sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) { return risk_[a] < risk_[b]; });
  out.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t i = order_[k];
    out.year[k] = year_[i];
    out.hits[k] = hits_[i];
    for (int s = 0; s < kStateCount; ++s) out.cost[std::size_t(s)][k] = cost_[std::size_t(s)][i];
    if (ranges.empty() || ranges.back().risk != risk_[i]) ranges.push_back({risk_[i], k, k});
    ranges.back().end = k + 1;
  }
  for (auto* held : {&year_, &risk_}) held->clear();
  for (auto* held : {&attempt_word_, &hits_}) held->clear();
  for (auto* held : {&downtime_days_, &start_day_}) held->clear();
  for (auto& held : cost_) held.clear();
}

}  // namespace scrisk::engine::detail
