#include "scrisk/io/model_file.hpp"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/guard.hpp"
#include "io/binary_message.hpp"
#include "io/json_locations.hpp"
#include "io/message_bounds.hpp"
#include "io/path.hpp"
#include "io/proto_convert.hpp"
#include "scrisk/io/atomic_file.hpp"
#include "scrisk/model/validate.hpp"

namespace scrisk::io {
namespace {

namespace pb = google::protobuf;
using detail::PathStep;
using detail::split_path;

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

/// Finds where the deepest existing field of `path` was written in the text input: a
/// missing field is reported at the message that should have held it.
void locate(Problem& problem, const pb::TextFormat::ParseInfoTree& root) {
  const pb::Descriptor* descriptor = v1::Model::descriptor();
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
Problem json_problem(const std::string& status_message) {
  const std::string message = status_message.substr(0, status_message.find('\n'));
  Problem problem{"", "invalid JSON model: " + message};
  if (!message.starts_with("(")) return problem;
  const auto close = message.find(')');
  if (close == std::string::npos) return problem;
  std::string rest = message.substr(close + 1);
  if (rest.starts_with(": "))
    rest.erase(0, 2);
  else if (rest.starts_with(" "))
    rest.erase(0, 1);
  problem.path = message.substr(1, close - 1);
  problem.message = "invalid JSON model: " + rest;
  return problem;
}

/// Where the problems were written: the text parser's locations or the JSON scan's.
struct Locations {
  const pb::TextFormat::ParseInfoTree* text = nullptr;
  const detail::JsonLocations* json = nullptr;

  void locate(Problem& problem) const {
    if (text != nullptr) io::locate(problem, *text);
    if (json != nullptr) json->locate(problem);
  }
};

model::Model finish(v1::Model& message, std::vector<Problem> problems, const std::string& source, const Locations& locations) {
  // Bounds first, on the message: a file that breaks them is refused before it is converted.
  if (std::vector<Problem> bounds = detail::find_bound_problems(message); !bounds.empty()) {
    for (Problem& problem : bounds) locations.locate(problem);
    throw ModelError(std::move(bounds), source);
  }
  detail::drop_negative_zeros(message);
  model::Model result = detail::from_proto(message, problems);
  // A field that could not be converted (unknown enum number, empty distribution) is already
  // reported; validation would only add "missing" for the same path.
  const std::size_t converted = problems.size();
  for (Problem& problem : model::find_problems(result)) {
    const bool repeated = std::any_of(problems.begin(), problems.begin() + std::ptrdiff_t(converted),
                                      [&](const Problem& known) { return known.path == problem.path; });
    if (!repeated) problems.push_back(std::move(problem));
  }
  for (Problem& problem : problems) locations.locate(problem);
  if (!problems.empty()) throw ModelError(std::move(problems), source);
  return result;
}

std::string lower_extension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  for (char& c : extension) c = char(std::tolower(static_cast<unsigned char>(c)));
  return extension;
}

}  // namespace

Format format_of(const std::filesystem::path& path) {
  const std::string extension = lower_extension(path);
  if (extension == ".json") return Format::kJson;
  if (extension == ".pb" || extension == ".bin" || extension == ".binpb") return Format::kBinary;
  return Format::kText;
}

namespace {

model::Model parse_text(std::string_view content, const std::string& source) {
  v1::Model message;
  std::vector<Problem> problems;
  pb::TextFormat::Parser parser;
  CollectErrors errors(content, problems);
  pb::TextFormat::ParseInfoTree locations;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&locations);
  if (!parser.ParseFromString(std::string(content), &message)) {
    if (problems.empty()) problems.push_back({"", "not a valid text-format scrisk model"});
    throw ModelError(std::move(problems), source);
  }
  return finish(message, std::move(problems), source, {&locations, nullptr});
}

model::Model parse_json(std::string_view content, const std::string& source) {
  // First our own pass, for what Protobuf's parser does not locate or does not see.
  const detail::JsonLocations locations(content);
  if (!locations.problems().empty()) throw ModelError(locations.problems(), source);
  v1::Model message;
  if (const auto status = pb::util::JsonStringToMessage(std::string(content), &message); !status.ok()) {
    Problem problem = json_problem(std::string(status.message()));
    locations.locate(problem);
    throw ModelError({std::move(problem)}, source);
  }
  return finish(message, {}, source, {nullptr, &locations});
}

model::Model parse_content(std::string_view content, Format format, const std::string& source) {
  if (content.size() > kMaxModelFileBytes)
    throw ModelError({{"", "the model is " + std::to_string(content.size() >> 20) + " MiB; a model file is at most " +
                               std::to_string(kMaxModelFileBytes >> 20) + " MiB"}},
                     source);
  switch (format) {
    case Format::kText: return parse_text(content, source);
    case Format::kJson: return parse_json(content, source);
    case Format::kBinary: break;
  }
  v1::Model message;
  if (!detail::parse_binary(content, message))
    throw ModelError({{"", "not a valid binary scrisk model (or its text is not UTF-8)"}}, source);
  return finish(message, {}, source, {});
}

}  // namespace

model::Model parse(std::string_view content, Format format, const std::string& source) {
  return scrisk::detail::guarded("parse", [&] { return parse_content(content, format, source); });
}

namespace {

/// The file's bytes, up to kMaxModelFileBytes (a device or a pipe may never end).
std::string read_bounded(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw ModelError({{"", "is a directory, not a model file"}}, path.string());
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const std::string why = std::filesystem::exists(path, ec) ? "cannot read the file" : "no such file";
    throw ModelError({{"", why}}, path.string());
  }
  std::string content;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    if (content.size() + std::size_t(in.gcount()) > kMaxModelFileBytes)
      throw ModelError({{"", "larger than " + std::to_string(kMaxModelFileBytes >> 20) + " MiB, the most a model file may be"}},
                       path.string());
    content.append(buffer, std::size_t(in.gcount()));
  }
  if (in.bad()) throw ModelError({{"", std::string("read error: ") + std::strerror(errno)}}, path.string());
  return content;
}

model::Model load_file(const std::filesystem::path& path) { return parse(read_bounded(path), format_of(path), path.string()); }

}  // namespace

model::Model load(const std::filesystem::path& path) {
  return scrisk::detail::guarded("load", [&] { return load_file(path); });
}

namespace {

std::string serialize_model(const model::Model& model, Format format) {
  v1::Model message = detail::to_proto(model);
  detail::drop_negative_zeros(message);
  std::string out;
  switch (format) {
    case Format::kText: pb::TextFormat::PrintToString(message, &out); break;
    case Format::kJson: {
      pb::util::JsonPrintOptions options;
      options.add_whitespace = true;
      options.preserve_proto_field_names = true;
      (void)pb::util::MessageToJsonString(message, &out, options);
      break;
    }
    case Format::kBinary: message.SerializeToString(&out); break;
  }
  return out;
}

}  // namespace

std::string serialize(const model::Model& model, Format format) {
  return scrisk::detail::guarded("serialize", [&] { return serialize_model(model, format); });
}

namespace {

void save_file(const model::Model& model, const std::filesystem::path& path) {
  write_file_atomically(path, serialize(model, format_of(path)));
}

}  // namespace

void save(const model::Model& model, const std::filesystem::path& path) {
  return scrisk::detail::guarded("save", [&] { return save_file(model, path); });
}

}  // namespace scrisk::io
