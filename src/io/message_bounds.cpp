#include "io/message_bounds.hpp"

#include <google/protobuf/descriptor.h>

#include <string>

#include "scrisk/core/utf8.hpp"
#include "scrisk/model/limits.hpp"

namespace scrisk::io::detail {
namespace {

namespace pb = google::protobuf;

/// Fields that hold an id or name one: the short text limit.
bool is_identifier(const pb::FieldDescriptor& field) {
  static constexpr const char* kIdentifiers[] = {
      "id",      "from",  "to",        "facility", "link",        "threat",           "element",
      "product", "areas", "from_area", "to_area",  "target_area", "removed_elements", "currency"};
  for (const char* name : kIdentifiers)
    if (field.name() == name) return true;
  return false;
}

void check_text(const std::string& text, const pb::FieldDescriptor& field, const std::string& path, std::vector<Problem>& out) {
  if (!is_utf8(text)) {
    out.push_back({path, "is not UTF-8 text; model text (ids, names) must be"});
    return;
  }
  const std::size_t limit = is_identifier(field) ? model::kMaxIdBytes : model::kMaxTextBytes;
  if (text.size() > limit)
    out.push_back({path, "is " + std::to_string(text.size()) + " bytes long; at most " + std::to_string(limit) + " are allowed"});
}

void walk(const pb::Message& message, const std::string& prefix, std::vector<Problem>& out) {
  const pb::Reflection& reflection = *message.GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);
  for (const pb::FieldDescriptor* field : fields) {
    const std::string path = prefix.empty() ? field->name() : prefix + "." + field->name();
    if (!field->is_repeated()) {
      if (field->type() == pb::FieldDescriptor::TYPE_STRING)
        check_text(reflection.GetString(message, field), *field, path, out);
      else if (field->type() == pb::FieldDescriptor::TYPE_MESSAGE)
        walk(reflection.GetMessage(message, field), path, out);
      continue;
    }
    const int size = reflection.FieldSize(message, field);
    if (std::size_t(size) > model::kMaxListLength) {
      out.push_back(
          {path, "has " + std::to_string(size) + " entries; at most " + std::to_string(model::kMaxListLength) + " are allowed"});
      continue;
    }
    for (int i = 0; i < size; ++i) {
      const std::string element = path + "[" + std::to_string(i) + "]";
      if (field->type() == pb::FieldDescriptor::TYPE_STRING)
        check_text(reflection.GetRepeatedString(message, field, i), *field, element, out);
      else if (field->type() == pb::FieldDescriptor::TYPE_MESSAGE)
        walk(reflection.GetRepeatedMessage(message, field, i), element, out);
    }
  }
}

double without_negative_zero(double value) { return value == 0 ? 0.0 : value; }

}  // namespace

void drop_negative_zeros(pb::Message& message) {
  const pb::Reflection& reflection = *message.GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);
  for (const pb::FieldDescriptor* field : fields) {
    const bool repeated = field->is_repeated();
    const int size = repeated ? reflection.FieldSize(message, field) : 1;
    for (int i = 0; i < size; ++i) {
      if (field->type() == pb::FieldDescriptor::TYPE_MESSAGE)
        drop_negative_zeros(repeated ? *reflection.MutableRepeatedMessage(&message, field, i)
                                     : *reflection.MutableMessage(&message, field));
      else if (field->type() == pb::FieldDescriptor::TYPE_DOUBLE && repeated)
        reflection.SetRepeatedDouble(&message, field, i, without_negative_zero(reflection.GetRepeatedDouble(message, field, i)));
      else if (field->type() == pb::FieldDescriptor::TYPE_DOUBLE)
        reflection.SetDouble(&message, field, without_negative_zero(reflection.GetDouble(message, field)));
    }
  }
}

std::vector<Problem> find_bound_problems(const pb::Message& message) {
  std::vector<Problem> problems;
  walk(message, "", problems);
  return problems;
}

}  // namespace scrisk::io::detail
