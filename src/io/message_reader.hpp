// Reading one message of the schema from a file's text, JSON or binary bytes, every syntax
// problem located at its line:column: the front shared by model and stress-scenario files.
#pragma once

#include <google/protobuf/message.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "scrisk/core/error.hpp"
#include "scrisk/io/model_file.hpp"

namespace google::protobuf {
class TextFormat;
}

namespace scrisk::io::detail {

class JsonLocations;

/// Where the fields of a text or JSON file were written (nothing is known for binary), for
/// the problems found after parsing: bounds, conversion, validation.
class FieldLocations {
 public:
  explicit FieldLocations(const google::protobuf::Descriptor& root);
  ~FieldLocations();
  FieldLocations(FieldLocations&&) noexcept;
  FieldLocations& operator=(FieldLocations&&) noexcept;

  /// Sets problem.line and .column from its path: where the deepest written field of the
  /// path is (a missing field is reported at the message that should have held it).
  void locate(Problem& problem) const;

  struct Text;  ///< the text parser's tree (opaque here: Protobuf's nested class)

 private:
  friend FieldLocations read_message(std::string_view, Format, const std::string&, std::string_view, google::protobuf::Message&);
  const google::protobuf::Descriptor* root_;
  std::unique_ptr<Text> text_;
  std::unique_ptr<JsonLocations> json_;
};

/// Parses `content` into `message`. Throws ModelError(source) listing the syntax problems
/// (located; a JSON file's unknown keys all at once); `noun` names the file's kind in them
/// ("model", "stress scenario"). The message's own bounds and meaning are the caller's.
[[nodiscard]] FieldLocations read_message(std::string_view content, Format format, const std::string& source,
                                          std::string_view noun, google::protobuf::Message& message);

/// The file's bytes, at most `max_bytes` (a device or a pipe may never end). Throws
/// ModelError(path) for a directory, a missing or unreadable file, or one too large.
[[nodiscard]] std::string read_bounded(const std::filesystem::path& path, std::size_t max_bytes, std::string_view noun);

}  // namespace scrisk::io::detail
