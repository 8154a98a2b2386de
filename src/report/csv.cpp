#include <sstream>
#include <string_view>

#include "core/guard.hpp"
#include "scrisk/report/report.hpp"

namespace scrisk::report {
namespace {

/// A text field: a leading =, +, -, @, tab or carriage return would make a spreadsheet read
/// the cell as a formula (a model's id is data, never code), so it gets a ' in front (as
/// OWASP advises); then quoted when it holds a comma, a quote or a line break (RFC 4180).
std::string field(std::string text) {
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) text.insert(0, "'");
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

void rows(std::ostream& out, const assess::RiskAssessment& risk, const std::string& threat) {
  for (engine::State state : engine::kStates) {
    const assess::StateAssessment& s = risk[state];
    out << field(threat) << ',' << field(risk.target) << ',' << engine::to_string(state) << ',' << s.loss.ale << ','
        << s.loss.ale_stderr << ',' << s.loss.sd << ',' << s.loss.events_per_year << ',' << s.loss.prob_any;
    for (double q : s.loss.quantiles) out << ',' << q;
    for (double t : s.loss.tvar) out << ',' << t;
    out << ',' << s.level.likelihood << ',' << s.level.impact << ',' << s.level.score() << ','
        << assess::to_string(s.tolerability) << '\n';
  }
}

}  // namespace

namespace {

std::string csv_of(const assess::Assessment& assessment) {
  std::ostringstream out;
  out.precision(17);
  out << "threat,target,state,ale,ale_stderr,sd,events_per_year,prob_any";
  for (const char* name : assess::kQuantileNames) out << ',' << name;
  for (const char* name : assess::kTvarNames) out << ",tvar_" << name;
  out << ",likelihood_band,impact_band,level_score,tolerability\n";
  rows(out, assessment.total, "TOTAL");
  for (const auto& risk : assessment.risks) rows(out, risk, risk.threat);
  return out.str();
}

}  // namespace

std::string to_csv(const assess::Assessment& assessment) {
  return scrisk::detail::guarded("to_csv", [&] { return csv_of(assessment); });
}

}  // namespace scrisk::report
