// Reading a binary message of the schema.
#pragma once

#include <google/protobuf/message.h>
#include <google/protobuf/stubs/logging.h>

#include <climits>
#include <string_view>

namespace scrisk::io::detail {

/// Parses `content` into `message`; false when it is not one (or is past Protobuf's 2 GiB).
inline bool parse_binary(std::string_view content, google::protobuf::Message& message) {
  if (content.size() > std::size_t(INT_MAX)) return false;
  // Protobuf logs text that is not UTF-8 on stderr as well as refusing it: the refusal is
  // enough (with the silencer, it says nothing while the parse runs).
  const google::protobuf::LogSilencer silence;
  return message.ParseFromArray(content.data(), int(content.size()));
}

}  // namespace scrisk::io::detail
