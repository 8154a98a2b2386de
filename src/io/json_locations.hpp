// Where each field of a JSON model was written, and what a JSON text gets wrong that
// Protobuf's JSON parser lets through or reports without a position.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "scrisk/core/error.hpp"

namespace google::protobuf {
class Descriptor;
}

namespace scrisk::io::detail {

/// A line and column, both 1-based.
struct TextPosition {
  int line = 0, column = 0;
};

/// One pass over a JSON file of the message `root` (a model, a stress scenario) with
/// nlohmann's SAX parser, walking the schema's descriptors alongside: records where each field path (in model-file syntax,
/// Protobuf field names,
/// `[i]` for list elements) was written, and finds the problems Protobuf's parser does not
/// locate or does not see at all: syntax errors and invalid UTF-8, duplicate keys (also
/// `ratePerYear` beside `rate_per_year`), lists inside lists (which it would flatten),
/// numbers beyond a double's range (which it would read as infinity) and nesting deeper
/// than kMaxJsonDepth.
class JsonLocations {
 public:
  static constexpr int kMaxJsonDepth = 64;

  /// `noun` names the file's kind in problems: "model", "stress scenario".
  JsonLocations(std::string_view content, const google::protobuf::Descriptor& root, std::string_view noun);

  /// Problems that make the text unusable as a model, each with its line and column.
  [[nodiscard]] const std::vector<Problem>& problems() const noexcept { return problems_; }

  /// Sets problem.line and .column from its path: where the deepest written field of the
  /// path is (a missing field is reported at the object that should have held it).
  void locate(Problem& problem) const;

  /// Used by the SAX handler.
  void record(const std::string& path, std::size_t offset);
  void add_problem(const std::string& path, const std::string& message, std::size_t offset);
  [[nodiscard]] TextPosition position_of(std::size_t offset) const;

 private:
  std::vector<std::size_t> line_starts_;
  std::map<std::string, TextPosition> positions_;
  std::vector<Problem> problems_;
};

}  // namespace scrisk::io::detail
