#include <nlohmann/json.hpp>

#include "scrisk/report/report.hpp"

namespace scrisk::report {

std::string problems_to_text(const ModelError& error) {
  const auto& problems = error.problems();
  std::string text = "error: " + std::to_string(problems.size()) + (problems.size() == 1 ? " problem" : " problems") + " in " +
                     (error.source().empty() ? "the model" : printable(error.source())) + "\n";
  for (const Problem& problem : problems) text += "  " + printable(problem.to_string(error.source())) + "\n";
  return text;
}

std::string problems_to_json(const ModelError& error) {
  using json = nlohmann::ordered_json;
  json problems = json::array();
  auto position = [](int value) { return value > 0 ? json(value) : json(nullptr); };
  for (const Problem& problem : error.problems())
    problems.push_back({{"file", error.source().empty() ? json(nullptr) : json(error.source())},
                        {"line", position(problem.line)},
                        {"column", position(problem.line > 0 ? problem.column : 0)},
                        {"field", problem.path},
                        {"message", problem.message}});
  const json out = {{"valid", error.problems().empty()}, {"problems", problems}};
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace scrisk::report
