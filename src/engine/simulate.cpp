#include "engine/simulate.hpp"

namespace scrisk::engine::detail {

Workspace::Workspace(const PlanData& plan)
    : samplers_(plan.samplers),
      risk_loss_(plan.risks.size() * kStateCount),
      risk_events_(plan.risks.size() * kStateCount),
      risk_touched_(plan.risks.size()),
      control_delta_(plan.control_labels.size()),
      control_touched_(plan.control_labels.size()),
      risk_tallies_(plan.risks.size() * kStateCount),
      risk_histograms_(plan.risks.size() * kStateCount * LogBins::kCount),
      control_tallies_(plan.control_labels.size()) {
  touched_risks_.reserve(plan.risks.size());
  touched_controls_.reserve(plan.control_labels.size());
}

void Workspace::simulate(const PlanData& plan, std::uint64_t seed, std::uint64_t first, std::uint64_t last,
                         std::uint64_t offset, std::array<std::vector<double>, kStateCount>& annual_loss) {
  for (std::uint64_t year = first; year < last; ++year) {
    std::array<double, kStateCount> year_loss{};
    simulate_year(plan, seed, year, year_loss);
    for (int s = 0; s < kStateCount; ++s) annual_loss[s][year - offset] = year_loss[s];
    tally_year(plan);
  }
}

void Workspace::normalize_tallies() {
  for (StateTally& tally : risk_tallies_) {
    tally.loss.normalize();
    tally.loss_squared.normalize();
  }
  for (ControlTally& tally : control_tallies_) {
    tally.reduction.normalize();
    tally.reduction_squared.normalize();
  }
  years_since_normalize_ = 0;
}

void Workspace::simulate_year(const PlanData& plan, std::uint64_t seed, std::uint64_t year,
                              std::array<double, kStateCount>& year_loss) {
  constexpr int kInherent = int(State::kInherent);
  constexpr int kCurrent = int(State::kCurrent);
  for (const ThreatPlan& threat : plan.threats) {
    RandomStream stream(seed, year, threat.stream_id);
    const std::uint64_t attempts = draw_attempts(threat, samplers_, stream);
    for (std::uint64_t attempt = 0; attempt < attempts; ++attempt) {
      const std::uint32_t r = threat.first_risk + (threat.pick_target ? (*threat.pick_target)(stream) : 0);
      // Common random numbers: one deterrence and one success uniform per attempt serve every
      // control state, so a state with more controls fails on a subset of the attempts.
      const auto [u_deter, u_success] = stream.uniform_pair();
      const RiskPlan& risk = plan.risks[r];
      if (!(u_success < risk.states[kInherent].p_success)) continue;  // fails in every state
      const double loss = threat.loss == kNoSampler ? 0.0 : draw_non_negative(samplers_[threat.loss], stream);
      const double downtime_days =
          threat.downtime == kNoSampler ? 0.0 : draw_non_negative(samplers_[threat.downtime], stream);

      if (!risk_touched_[r]) {
        risk_touched_[r] = 1;
        touched_risks_.push_back(r);
      }
      // Branch-free from here: whether a state or a toggle succeeds is a coin flip that a
      // branch predictor would miss about half the time.
      std::array<double, kStateCount> cost{};
#pragma GCC unroll 3
      for (int s = 0; s < kStateCount; ++s) {
        const StateFactors& state = risk.states[s];
        const bool hit = state.succeeds(u_deter, u_success);
        cost[s] = double(hit) * state.cost(loss, downtime_days);
        year_loss[s] += cost[s];
        risk_loss_[r * kStateCount + s] += cost[s];
        risk_events_[r * kStateCount + s] += hit;
        year_events_[s] += hit;
      }
      for (std::uint32_t t = risk.first_toggle; t < risk.first_toggle + risk.toggle_count; ++t) {
        const Toggle& toggle = plan.toggles[t];
        const StateFactors& state = toggle.factors;
        const double toggled_cost = double(state.succeeds(u_deter, u_success)) * state.cost(loss, downtime_days);
        control_delta_[toggle.control] += toggle.sign * (toggled_cost - cost[kCurrent]);
      }
    }
  }
}

void Workspace::tally_year(const PlanData& plan) {
  // Each tally takes at most one addition a year.
  if (++years_since_normalize_ == ExactSum::kMaxAdditions) normalize_tallies();
  auto count = [](EventCounts& counts, std::uint32_t events) {
    counts.events += events;
    counts.years_with_event += events > 0 ? 1 : 0;
  };
  for (int s = 0; s < kStateCount; ++s) {
    count(total_events_[s], year_events_[s]);
    year_events_[s] = 0;
  }
  for (const std::uint32_t r : touched_risks_) {
    // The controls whose value this year's events of the risk may have changed.
    const RiskPlan& risk = plan.risks[r];
    for (std::uint32_t t = risk.first_toggle; t < risk.first_toggle + risk.toggle_count; ++t) {
      const std::uint32_t control = plan.toggles[t].control;
      if (control_touched_[control]) continue;
      control_touched_[control] = 1;
      touched_controls_.push_back(control);
    }
#pragma GCC unroll 3
    for (int s = 0; s < kStateCount; ++s) {
      const std::size_t slot = std::size_t(r) * kStateCount + s;
      const double loss = risk_loss_[slot];
      StateTally& tally = risk_tallies_[slot];
      count(tally.counts, risk_events_[slot]);
      // Adding zero years branch-free (with ExactSum or BinnedSum) measured no faster.
      if (loss > 0) {
        tally.loss.add(loss);
        tally.loss_squared.add(loss * loss);
        ++risk_histograms_[slot * LogBins::kCount + std::size_t(LogBins::of(loss))];
      }
      risk_loss_[slot] = 0;
      risk_events_[slot] = 0;
    }
    risk_touched_[r] = 0;
  }
  touched_risks_.clear();
  for (const std::uint32_t c : touched_controls_) {
    const double delta = control_delta_[c];
    if (delta != 0) {
      control_tallies_[c].reduction.add(delta);
      control_tallies_[c].reduction_squared.add(delta * delta);
    }
    control_delta_[c] = 0;
    control_touched_[c] = 0;
  }
  touched_controls_.clear();
}

void Workspace::add_tallies_to(Results& results) const {
  for (int s = 0; s < kStateCount; ++s) results.total_events[s] += total_events_[s];
  for (std::size_t i = 0; i < risk_tallies_.size(); ++i) results.risk_tallies[i] += risk_tallies_[i];
  for (std::size_t i = 0; i < risk_histograms_.size(); ++i) results.risk_histograms[i] += risk_histograms_[i];
  for (std::size_t i = 0; i < control_tallies_.size(); ++i) results.control_tallies[i] += control_tallies_[i];
}

}  // namespace scrisk::engine::detail
