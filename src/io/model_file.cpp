#include "scrisk/io/model_file.hpp"

#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cctype>

#include "core/guard.hpp"
#include "io/message_bounds.hpp"
#include "io/message_reader.hpp"
#include "io/proto_convert.hpp"
#include "scrisk/io/atomic_file.hpp"
#include "scrisk/model/validate.hpp"

namespace scrisk::io {
namespace {

namespace pb = google::protobuf;

model::Model finish(v1::Model& message, const std::string& source, const detail::FieldLocations& locations) {
  std::vector<Problem> problems;
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

model::Model parse_content(std::string_view content, Format format, const std::string& source) {
  if (content.size() > kMaxModelFileBytes)
    throw ModelError({{"", "the model is " + std::to_string(content.size() >> 20) + " MiB; a model file is at most " +
                               std::to_string(kMaxModelFileBytes >> 20) + " MiB"}},
                     source);
  v1::Model message;
  const detail::FieldLocations locations = detail::read_message(content, format, source, "model", message);
  return finish(message, source, locations);
}

}  // namespace

model::Model parse(std::string_view content, Format format, const std::string& source) {
  return scrisk::detail::guarded("parse", [&] { return parse_content(content, format, source); });
}

namespace {

model::Model load_file(const std::filesystem::path& path) {
  return parse(detail::read_bounded(path, kMaxModelFileBytes, "model"), format_of(path), path.string());
}

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
