#include "scrisk/io/schema.hpp"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>

#include <deque>
#include <set>

#include "core/guard.hpp"
#include "io/binary_message.hpp"
#include "io/message_bounds.hpp"
#include "io/proto_convert.hpp"

namespace scrisk::io {
namespace {

namespace pb = google::protobuf;

void add_with_dependencies(const pb::FileDescriptor& file, std::set<const pb::FileDescriptor*>& added,
                           pb::FileDescriptorSet& set) {
  if (!added.insert(&file).second) return;
  for (int i = 0; i < file.dependency_count(); ++i) add_with_dependencies(*file.dependency(i), added, set);
  file.CopyTo(set.add_file());
}

/// The fields from the root Model to one message: repeated fields at their first element.
using FieldPath = std::vector<const pb::FieldDescriptor*>;

/// The message at `path` under `root`, made on the way (one element of each repeated field).
void make_path(pb::Message& root, const FieldPath& path) {
  pb::Message* message = &root;
  for (const pb::FieldDescriptor* field : path) {
    const pb::Reflection& reflection = *message->GetReflection();
    message = field->is_repeated() ? reflection.AddMessage(message, field) : reflection.MutableMessage(message, field);
  }
}

/// The message at `path` under `root`; null where the path stops early.
const pb::Message* follow(const pb::Message& root, const FieldPath& path) {
  const pb::Message* message = &root;
  for (const pb::FieldDescriptor* field : path) {
    const pb::Reflection& reflection = *message->GetReflection();
    if (field->is_repeated() ? reflection.FieldSize(*message, field) == 0 : !reflection.HasField(*message, field)) return nullptr;
    message = field->is_repeated() ? &reflection.GetRepeatedMessage(*message, field, 0) : &reflection.GetMessage(*message, field);
  }
  return message;
}

/// The defaults are not written down a second time: an empty message of each type is put
/// through the conversion to model:: (which fills in model.hpp's member initializers) and
/// back, and what comes back is what an omitted field means. Breadth first from the root,
/// so each message type is probed where it is nearest the root.
std::vector<MessageDefaults> probe_defaults() {
  std::vector<MessageDefaults> result;
  std::set<const pb::Descriptor*> queued{v1::Model::descriptor()};
  std::deque<FieldPath> pending{FieldPath{}};
  while (!pending.empty()) {
    const FieldPath path = std::move(pending.front());
    pending.pop_front();
    v1::Model probe;
    make_path(probe, path);
    std::vector<Problem> ignored;  // an empty element is seldom a valid one
    const v1::Model written = detail::to_proto(detail::from_proto(probe, ignored), detail::DefaultValues::kWritten);
    const pb::Descriptor* type = path.empty() ? v1::Model::descriptor() : path.back()->message_type();
    if (const pb::Message* found = follow(written, path)) result.push_back({type->full_name(), found->SerializeAsString()});
    for (int i = 0; i < type->field_count(); ++i) {
      const pb::FieldDescriptor* field = type->field(i);
      if (field->message_type() == nullptr || !queued.insert(field->message_type()).second) continue;
      FieldPath next = path;
      next.push_back(field);
      pending.push_back(std::move(next));
    }
  }
  return result;
}

model::Model decode_model(std::string_view binary, const std::string& source) {
  v1::Model message;
  if (!detail::parse_binary(binary, message))
    throw ModelError({{"", "not a valid binary scrisk model (or its text is not UTF-8)"}}, source);
  if (std::vector<Problem> bounds = detail::find_bound_problems(message); !bounds.empty())
    throw ModelError(std::move(bounds), source);
  detail::drop_negative_zeros(message);
  std::vector<Problem> problems;
  model::Model result = detail::from_proto(message, problems);
  if (!problems.empty()) throw ModelError(std::move(problems), source);
  return result;
}

Distribution decode_one_distribution(std::string_view binary, const std::string& path) {
  v1::Distribution message;
  if (!detail::parse_binary(binary, message)) throw ModelError({{path, "not a valid binary scrisk distribution"}});
  std::vector<Problem> problems = detail::find_bound_problems(message);
  for (Problem& problem : problems) problem.path = path + "." + problem.path;
  std::optional<Distribution> result = detail::from_proto(message, path, problems);
  if (!problems.empty()) throw ModelError(std::move(problems));
  return *result;
}

}  // namespace

std::string schema_descriptor_set() {
  return scrisk::detail::guarded("schema_descriptor_set", [] {
    pb::FileDescriptorSet set;
    std::set<const pb::FileDescriptor*> added;
    add_with_dependencies(*v1::Model::descriptor()->file(), added, set);
    return set.SerializeAsString();
  });
}

std::vector<MessageDefaults> schema_defaults() { return scrisk::detail::guarded("schema_defaults", probe_defaults); }

model::Model decode(std::string_view binary, const std::string& source) {
  return scrisk::detail::guarded("decode", [&] { return decode_model(binary, source); });
}

Distribution decode_distribution(std::string_view binary, const std::string& path) {
  return scrisk::detail::guarded("decode_distribution", [&] { return decode_one_distribution(binary, path); });
}

}  // namespace scrisk::io
