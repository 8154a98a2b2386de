#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <sstream>

#include "core/guard.hpp"
#include "report/text_cells.hpp"
#include "scrisk/report/report.hpp"

namespace scrisk::report {
namespace {

using detail::amount;
using detail::fixed;
using detail::pad;
using detail::percent;
using engine::State;

std::string level(const assess::StateAssessment& state) {
  return "L" + std::to_string(state.level.likelihood) + "xI" + std::to_string(state.level.impact);
}

}  // namespace

namespace {

void write_totals(std::ostream& out, const assess::Assessment& assessment) {
  const std::string currency = assessment.currency.empty() ? "" : " (" + printable(assessment.currency) + ")";
  const assess::RiskAssessment& total = assessment.total;
  out << pad("Annual loss" + currency, 28, true) << pad("inherent", 16) << pad("current", 16) << pad("residual", 16) << '\n';
  auto line = [&](const std::string& label, auto cell) {
    out << "  " << pad(label, 26, true);
    for (State state : engine::kStates) out << pad(cell(total[state]), 16);
    out << '\n';
  };
  line("ALE (mean)", [](const auto& s) { return amount(s.loss.ale); });
  line("  +/- std error", [](const auto& s) { return amount(s.loss.ale_stderr); });
  line("events per year", [](const auto& s) { return fixed(s.loss.events_per_year, 3); });
  line("P(any event in a year)", [](const auto& s) { return percent(s.loss.prob_any, 1); });
  line("median year (p50)", [](const auto& s) { return amount(s.loss.quantiles[0]); });
  line("1-in-20 year (p95)", [](const auto& s) { return amount(s.loss.quantiles[2]); });
  line("1-in-100 year (p99)", [](const auto& s) { return amount(s.loss.quantiles[3]); });
  line("TVaR p99", [](const auto& s) { return amount(s.loss.tvar[1]); });
  line("matrix level", [](const auto& s) { return level(s); });
  line("tolerability", [](const auto& s) { return std::string(assess::to_string(s.tolerability)); });
}

void write_top_risks(std::ostream& out, const assess::Assessment& assessment, const TextOptions& options) {
  std::vector<std::size_t> order(assessment.risks.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return assessment.risks[a][State::kCurrent].loss.ale > assessment.risks[b][State::kCurrent].loss.ale;
  });
  const std::size_t shown = std::min(options.top_risks, order.size());
  out << "\nTop " << shown << " of " << order.size() << " risks by current ALE\n";
  out << "  " << pad("threat -> target", 40, true) << pad("current ALE", 14) << pad("residual ALE", 14) << pad("level", 8)
      << "  tolerability (current -> residual)\n";
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& risk = assessment.risks[order[i]];
    out << "  " << pad(printable(risk.threat + " -> " + risk.target), 40, true) << pad(amount(risk[State::kCurrent].loss.ale), 14)
        << pad(amount(risk[State::kResidual].loss.ale), 14) << pad(level(risk[State::kCurrent]), 8) << "  "
        << assess::to_string(risk[State::kCurrent].tolerability) << " -> "
        << assess::to_string(risk[State::kResidual].tolerability) << '\n';
  }
}

void write_controls(std::ostream& out, const assess::Assessment& assessment) {
  if (!assessment.controls.empty()) {
    out << "\nControl value (ALE removed on common random numbers)\n";
    out << "  " << pad("control", 28, true) << pad("status", 10, true) << pad("ALE reduction", 16) << pad("annual cost", 14)
        << pad("ROSI", 10) << '\n';
    for (const auto& control : assessment.controls)
      out << "  " << pad(printable(control.id), 28, true) << pad(model::to_string(control.status), 10, true)
          << pad(amount(control.ale_reduction), 16) << pad(amount(control.annual_cost), 14)
          << pad(control.rosi ? percent(*control.rosi, 0) : "-", 10) << '\n';
  }
}

void write_protection(std::ostream& out, const assess::Assessment& assessment) {
  if (!assessment.protection.empty()) {
    out << "\nPhysical protection (EASI; P_E stops intentional attacks)\n";
    auto path_text = [](const assess::ProtectionPath& path) {
      std::string elements;
      for (const auto& id : path.element_ids) elements += (elements.empty() ? "" : " > ") + printable(id);
      return "P_I " + fixed(path.interruption_probability, 3) + "  P_E " + fixed(path.system_effectiveness, 3) + "  via " +
             elements;
    };
    for (const auto& facility : assessment.protection) {
      out << "  " << pad(printable(facility.facility), 20, true) << "current   " << path_text(facility.current) << '\n';
      if (facility.residual != facility.current)
        out << "  " << pad("", 20, true) << "residual  " << path_text(facility.residual) << '\n';
    }
  }
}

void write_segments(std::ostream& out, const assess::Assessment& assessment) {
  if (!assessment.segments.empty()) {
    out << "\nRisk by segment (ISO 28000 3.9; UPSTREAM: imported from partners, 4.4.6 b)\n";
    out << "  " << pad("segment", 14, true) << pad("current ALE", 16) << pad("share", 8) << pad("residual ALE", 16)
        << pad("share", 8) << '\n';
    const int current = int(State::kCurrent), residual = int(State::kResidual);
    for (const auto& segment : assessment.segments)
      out << "  " << pad(model::to_string(segment.segment), 14, true) << pad(amount(segment.ale[current]), 16)
          << pad(percent(segment.ale_share[current], 1), 8) << pad(amount(segment.ale[residual]), 16)
          << pad(percent(segment.ale_share[residual], 1), 8) << '\n';
  }
}

void write_network(std::ostream& out, const assess::Assessment& assessment) {
  std::vector<const assess::TargetAssessment*> network;
  for (const auto& target : assessment.targets)
    if (target.network) network.push_back(&target);
  if (!network.empty()) {
    out << "\nSupply network (time to survive; lost sales of a typical outage)\n";
    out << "  " << pad("facility or link", 24, true) << pad("TTS days", 10) << pad("typical days", 14) << pad("lost sales", 14)
        << pad("rank now", 10) << "  single point of failure for\n";
    for (const auto* target : network) {
      const assess::NetworkElement& n = *target->network;
      std::string customers;
      for (const auto& id : n.cut_off_customers) customers += (customers.empty() ? "" : ", ") + printable(id);
      out << "  " << pad(printable(target->id), 24, true)
          << pad(std::isinf(n.time_to_survive_days) ? "never" : fixed(n.time_to_survive_days, 1), 10)
          << pad(fixed(n.typical_outage_days, 1), 14) << pad(amount(n.typical_outage_loss), 14)
          << pad(std::to_string(target->criticality_rank[int(State::kCurrent)]), 10) << "  "
          << (customers.empty() ? "-" : customers) << '\n';
    }
  }
}

std::string text_of(const assess::Assessment& assessment, const TextOptions& options) {
  std::ostringstream out;
  out << "scrisk" << (assessment.model_name.empty() ? "" : " - " + printable(assessment.model_name)) << ": " << assessment.trials
      << " simulated years, seed " << assessment.seed << "\n\n";
  write_totals(out, assessment);
  write_top_risks(out, assessment, options);
  write_controls(out, assessment);
  write_protection(out, assessment);
  write_segments(out, assessment);
  write_network(out, assessment);
  return out.str();
}

}  // namespace

std::string to_text(const assess::Assessment& assessment, const TextOptions& options) {
  return scrisk::detail::guarded("to_text", [&] { return text_of(assessment, options); });
}

}  // namespace scrisk::report
