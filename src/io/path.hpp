// Field paths in model-file syntax: `threats[2].rate_per_year.pert.low`.
#pragma once

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace scrisk::io::detail {

/// One step of a field path: `threats[2]` is {"threats", 2}; `name` is {"name", -1}.
struct PathStep {
  std::string field;
  int index = -1;
};

[[nodiscard]] inline std::vector<PathStep> split_path(const std::string& path) {
  std::vector<PathStep> steps;
  std::stringstream in(path);
  std::string part;
  while (std::getline(in, part, '.')) {
    PathStep step{part};
    if (auto bracket = part.find('['); bracket != std::string::npos) {
      step.field = part.substr(0, bracket);
      step.index = std::atoi(part.c_str() + bracket + 1);
    }
    steps.push_back(step);
  }
  return steps;
}

/// The path one step up: "a.b[2].c" -> "a.b[2]" -> "a.b" -> "a" -> "". Always shorter, so
/// a walk up ends even on a path made of an unknown key such as "])".
[[nodiscard]] inline std::string parent_path(const std::string& path) {
  const auto cut = path.ends_with(']') ? path.rfind('[') : path.rfind('.');
  return cut == std::string::npos ? std::string() : path.substr(0, cut);
}

}  // namespace scrisk::io::detail
