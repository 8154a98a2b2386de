// The model-file schema as the bindings see it: the messages of proto/scrisk/v1/model.proto
// (from io::schema_descriptor_set, read by Protobuf's reflection), what each field is in
// Python, and the defaults model.hpp gives (io::schema_defaults). The Python classes of
// scrisk/_model.py are made from schema_to_python(); the converters walk the same
// descriptors, so no field is written down in the bindings.
#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "common.hpp"

namespace scrisk::python {

namespace pb = google::protobuf;

struct FieldInfo {
  const pb::FieldDescriptor* descriptor = nullptr;
  /// The Python attribute: the field's name, with "_" after a Python keyword (Link.from_).
  py::str attribute;
  /// None in Python when absent: an optional field without a default (Link.daily_value),
  /// a message field the model leaves out (Facility.protection).
  bool optional = false;
  /// The full name of its message or enum type, the key of its Python class (None for others).
  py::object type_key;
};

struct MessageInfo {
  const pb::Descriptor* descriptor = nullptr;
  std::vector<FieldInfo> fields;
  /// Set when every field is a message of this one oneof (Distribution): a Python field of
  /// this type holds an instance of one of the members' classes.
  const pb::OneofDescriptor* union_of = nullptr;
  /// What the model holds when the message is left out (null: nothing, see io::schema_defaults).
  const pb::Message* defaults = nullptr;
  py::str key;  ///< the full name, the key of the message's class in scrisk._model._CLASSES
};

class Schema {
 public:
  /// Built once, when scrisk._core is imported (its Python strings need the GIL).
  static const Schema& get();

  [[nodiscard]] const pb::Descriptor& model() const { return *model_; }
  [[nodiscard]] const pb::Descriptor& distribution() const { return *distribution_; }
  [[nodiscard]] const MessageInfo& info(const pb::Descriptor& message) const { return messages_.at(&message); }
  [[nodiscard]] std::unique_ptr<pb::Message> make(const pb::Descriptor& message) const;
  /// The messages in the order of the file, each before the ones nested in it.
  [[nodiscard]] const std::vector<const MessageInfo*>& messages() const { return order_; }
  [[nodiscard]] const std::vector<const pb::EnumDescriptor*>& enums() const { return enums_; }

 private:
  Schema();
  void add_message(const pb::Descriptor& message);

  pb::DescriptorPool pool_;
  mutable pb::DynamicMessageFactory factory_{&pool_};  // thread-safe; GetPrototype is not const
  const pb::Descriptor* model_ = nullptr;
  const pb::Descriptor* distribution_ = nullptr;
  std::unordered_map<const pb::Descriptor*, MessageInfo> messages_;
  std::vector<const MessageInfo*> order_;
  std::vector<const pb::EnumDescriptor*> enums_;
  std::vector<std::unique_ptr<pb::Message>> defaults_;
};

/// scrisk._model._CLASSES: the Python class of each message and enum, by full name.
[[nodiscard]] py::dict model_classes();

/// The class of `key` in `classes`; InternalError when scrisk._model did not make one.
[[nodiscard]] py::handle class_of(const py::dict& classes, const py::str& key);

/// _core.schema(): what scrisk/_model.py makes its classes and enums from.
[[nodiscard]] py::dict schema_to_python();

}  // namespace scrisk::python
