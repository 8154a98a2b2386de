#include "engine/event_pricer.hpp"

#include "engine/simd/kernel_loops.hpp"

namespace scrisk::engine::detail {

EventPricer::EventPricer(const analysis::JointCurves* joint) {
  if (joint != nullptr) network_.emplace(*joint);
}

void EventPricer::price(const PlanData& plan, const ThreatPlan& threat, ThreatEvents& events, Isa isa, ControlRows& rows) {
  grow(delta_, events.risk_begin[threat.risk_count]);
  for (std::uint32_t r = 0; r < threat.risk_count; ++r) {
    const std::size_t begin = events.risk_begin[r], end = events.risk_begin[r + 1];
    if (begin == end) continue;
    const RiskPlan& risk = plan.risks[threat.first_risk + r];
    const StateCostsIn in{risk.limits.data(), events.attempt_word.data() + begin, events.loss.data() + begin,
                          events.downtime_days.data() + begin, end - begin};
    state_costs(in, events.cost[0].data() + begin, events.cost[1].data() + begin, events.cost[2].data() + begin,
                events.hits.data() + begin, isa);
    // Each toggled control's cost difference, summed per year into the control's row.
    for (std::uint32_t t = risk.first_toggle; t < risk.first_toggle + risk.toggle_count; ++t) {
      const Toggle& toggle = plan.toggles[t];
      toggle_deltas(in, toggle.limits, toggle.sign, events.cost[std::size_t(State::kCurrent)].data() + begin, delta_.data(), isa);
      double* __restrict row = rows.row(toggle.control);
      const std::uint32_t* __restrict year = events.year.data() + begin;
      for (std::size_t i = 0; i < end - begin; ++i) row[year[i]] += delta_[i];
    }
  }
}

void EventPricer::hold(const ThreatEvents& events, std::size_t begin, std::size_t end, std::uint32_t risk,
                       std::uint64_t stream_id, const Chunk& chunk) {
  network_->hold(events, begin, end, risk, stream_id, chunk.seed, chunk.first_year);
}

const ThreatEvents& EventPricer::price_held(const PlanData& plan, ControlRows& rows, const std::atomic<bool>* cancelled) {
  network_ranges_.clear();
  if (!network_ || network_->empty()) return network_events_;
  network_->price(plan, network_events_, network_ranges_, cancelled);
  for (const ControlYearDelta& change : network_->control_deltas()) rows.row(change.control)[change.year] += change.delta;
  return network_events_;
}

}  // namespace scrisk::engine::detail
