#include "scrisk/core/error.hpp"

#include <sstream>

namespace scrisk {
namespace {

std::string summarize(const std::vector<Problem>& problems, const std::string& source) {
  std::string text;
  if (problems.size() == 1) {
    text = problems.front().to_string(source);
  } else {
    text = std::to_string(problems.size()) + " problems in " + (source.empty() ? "model" : source) + ":";
    for (const Problem& problem : problems) text += "\n  " + problem.to_string(source);
  }
  return text;
}

}  // namespace

std::string Problem::to_string(const std::string& source) const {
  std::ostringstream text;
  text << source;
  if (line > 0) {
    text << (source.empty() ? "" : ":") << line;
    if (column > 0) text << ':' << column;
  }
  const bool located = !source.empty() || line > 0;
  if (!path.empty()) text << (located ? ": " : "") << path;
  text << (located || !path.empty() ? ": " : "") << message;
  return text.str();
}

ModelError::ModelError(std::vector<Problem> problems, std::string source)
    : Error(summarize(problems, source)), problems_(std::move(problems)), source_(std::move(source)) {}

UsageError::UsageError(std::string argument, const std::string& message)
    : Error(argument.empty() ? message : argument + ": " + message), argument_(std::move(argument)) {}

IoError::IoError(std::string path, std::string reason)
    : Error(path + ": " + reason), path_(std::move(path)), reason_(std::move(reason)) {}

InternalError::InternalError(const std::string& message, SourcePlace where)
    : Error("internal error (a bug in scrisk, please report it): " + message + " [" + where.file + ":" +
            std::to_string(where.line) + "]"),
      where_(where) {}

}  // namespace scrisk
