#include "io/message_reader.hpp"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <vector>

#include "io/binary_message.hpp"
#include "io/json_locations.hpp"
#include "io/path.hpp"

namespace scrisk::io::detail {

namespace pb = google::protobuf;

struct FieldLocations::Text {
  pb::TextFormat::ParseInfoTree tree;
};

namespace {

/// Collects the text parser's errors, pointing at the offending name (Protobuf points at the
/// token after it) and saying plainly when the file ends inside a message.
class CollectErrors : public pb::io::ErrorCollector {
 public:
  CollectErrors(std::string_view content, std::vector<Problem>& problems) : content_(content), problems_(problems) {}

  void AddError(int line, pb::io::ColumnNumber column, const std::string& message) override {
    Problem problem{"", message, line + 1, column + 1};
    if (message.ends_with("got: ") && at_end(line, column))
      problem.message = "unexpected end of file: a closing '}' is missing";
    else if (auto name = quoted_name(message))
      point_at_name(problem, *name);
    problems_.push_back(std::move(problem));
  }
  void AddWarning(int, pb::io::ColumnNumber, const std::string&) override {}

 private:
  /// The X of `... has no field named "X".` and `Unknown enumeration value of "X" ...`.
  static std::optional<std::string> quoted_name(const std::string& message) {
    for (const char* marker : {"has no field named \"", "Unknown enumeration value of \""}) {
      const auto start = message.find(marker);
      if (start == std::string::npos) continue;
      const auto first = start + std::strlen(marker);
      const auto last = message.find('"', first);
      if (last != std::string::npos) return message.substr(first, last - first);
    }
    return std::nullopt;
  }

  /// Offset of the first character of a 0-based line; npos past the end.
  std::size_t line_start(int line) const {
    std::size_t begin = 0;
    for (int i = 0; i < line && begin != std::string_view::npos; ++i) {
      begin = content_.find('\n', begin);
      if (begin != std::string_view::npos) ++begin;
    }
    return begin;
  }

  std::string_view line_text(int line) const {
    const std::size_t begin = line_start(line);
    if (begin == std::string_view::npos || begin > content_.size()) return {};
    return content_.substr(begin, content_.find('\n', begin) - begin);
  }

  bool at_end(int line, int column) const {
    const std::size_t begin = line_start(line);
    if (begin == std::string_view::npos || begin + std::size_t(column) >= content_.size()) return true;
    return content_.find_first_not_of(" \t\r\n", begin + std::size_t(column)) == std::string_view::npos;
  }

  void point_at_name(Problem& problem, const std::string& name) const {
    const std::string_view text = line_text(problem.line - 1);
    const auto found = text.rfind(name, std::size_t(std::max(problem.column - 1, 0)));
    if (found != std::string_view::npos) problem.column = int(found) + 1;
  }

  std::string_view content_;
  std::vector<Problem>& problems_;
};

/// Finds where the deepest existing field of `path` was written in the text input.
void locate_in_text(Problem& problem, const pb::Descriptor* descriptor, const pb::TextFormat::ParseInfoTree& root) {
  const pb::TextFormat::ParseInfoTree* tree = &root;
  for (const PathStep& step : split_path(problem.path)) {
    if (descriptor == nullptr || tree == nullptr) return;
    const pb::FieldDescriptor* field = descriptor->FindFieldByName(step.field);
    if (field == nullptr) return;
    const int index = field->is_repeated() ? std::max(step.index, 0) : -1;
    pb::TextFormat::ParseLocationRange range = tree->GetLocationRange(field, index);
    // A list written `[a, b, c]` is recorded once, at its first value.
    if (range.start.line < 0 && index > 0) range = tree->GetLocationRange(field, 0);
    if (range.start.line < 0) return;
    problem.line = range.start.line + 1;
    problem.column = range.start.column + 1;
    if (field->message_type() == nullptr) return;
    tree = tree->GetTreeForNested(field, index);
    descriptor = field->message_type();
  }
}

/// Protobuf's JSON errors read "(facilities[0].kind): invalid value ...", some followed by
/// the offending line and a caret: the path goes into Problem::path, the message keeps its
/// first line. (Unknown fields never get here: JsonLocations reports them, unambiguously.)
Problem json_problem(const std::string& status_message, std::string_view noun) {
  const std::string message = status_message.substr(0, status_message.find('\n'));
  const std::string prefix = "invalid JSON " + std::string(noun) + ": ";
  Problem problem{"", prefix + message};
  if (!message.starts_with("(")) return problem;
  const auto close = message.find(')');
  if (close == std::string::npos) return problem;
  std::string rest = message.substr(close + 1);
  if (rest.starts_with(": "))
    rest.erase(0, 2);
  else if (rest.starts_with(" "))
    rest.erase(0, 1);
  problem.path = message.substr(1, close - 1);
  problem.message = prefix + rest;
  return problem;
}

}  // namespace

FieldLocations::FieldLocations(const pb::Descriptor& root) : root_(&root) {}
FieldLocations::~FieldLocations() = default;
FieldLocations::FieldLocations(FieldLocations&&) noexcept = default;
FieldLocations& FieldLocations::operator=(FieldLocations&&) noexcept = default;

void FieldLocations::locate(Problem& problem) const {
  if (text_) locate_in_text(problem, root_, text_->tree);
  if (json_) json_->locate(problem);
}

FieldLocations read_message(std::string_view content, Format format, const std::string& source, std::string_view noun,
                            pb::Message& message) {
  FieldLocations locations(*message.GetDescriptor());
  const std::string kind(noun);
  switch (format) {
    case Format::kText: {
      std::vector<Problem> problems;
      pb::TextFormat::Parser parser;
      CollectErrors errors(content, problems);
      locations.text_ = std::make_unique<FieldLocations::Text>();
      parser.RecordErrorsTo(&errors);
      parser.WriteLocationsTo(&locations.text_->tree);
      if (!parser.ParseFromString(std::string(content), &message) && problems.empty())
        problems.push_back({"", "not a valid text-format scrisk " + kind});
      if (!problems.empty()) throw ModelError(std::move(problems), source);
      break;
    }
    case Format::kJson: {
      // First our own pass, for what Protobuf's parser does not locate or does not see.
      locations.json_ = std::make_unique<JsonLocations>(content, *message.GetDescriptor(), noun);
      if (!locations.json_->problems().empty()) throw ModelError(locations.json_->problems(), source);
      if (const auto status = pb::util::JsonStringToMessage(std::string(content), &message); !status.ok()) {
        Problem problem = json_problem(std::string(status.message()), noun);
        locations.locate(problem);
        throw ModelError({std::move(problem)}, source);
      }
      break;
    }
    case Format::kBinary:
      if (!parse_binary(content, message))
        throw ModelError({{"", "not a valid binary scrisk " + kind + " (or its text is not UTF-8)"}}, source);
      break;
  }
  return locations;
}

std::string read_bounded(const std::filesystem::path& path, std::size_t max_bytes, std::string_view noun) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw ModelError({{"", "is a directory, not a " + std::string(noun) + " file"}}, path.string());
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const std::string why = std::filesystem::exists(path, ec) ? "cannot read the file" : "no such file";
    throw ModelError({{"", why}}, path.string());
  }
  std::string content;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    if (content.size() + std::size_t(in.gcount()) > max_bytes)
      throw ModelError(
          {{"", "larger than " + std::to_string(max_bytes >> 20) + " MiB, the most a " + std::string(noun) + " file may be"}},
          path.string());
    content.append(buffer, std::size_t(in.gcount()));
  }
  if (in.bad()) throw ModelError({{"", std::string("read error: ") + std::strerror(errno)}}, path.string());
  return content;
}

}  // namespace scrisk::io::detail
