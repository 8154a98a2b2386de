#include "schema.hpp"

#include <google/protobuf/descriptor.pb.h>

#include "scrisk/core/error.hpp"
#include "scrisk/io/schema.hpp"

namespace scrisk::python {
namespace {

/// The Python attribute of a field: its name, or its name and "_" where that is a keyword.
py::str attribute_of(const pb::FieldDescriptor& field) {
  const bool keyword = py::module_::import("keyword").attr("iskeyword")(field.name()).cast<bool>();
  return py::str(keyword ? field.name() + "_" : field.name());
}

/// Every field a message of one oneof: a union.
const pb::OneofDescriptor* union_oneof(const pb::Descriptor& message) {
  if (message.real_oneof_decl_count() != 1 || message.field_count() == 0) return nullptr;
  const pb::OneofDescriptor* oneof = message.oneof_decl(0);
  if (oneof->field_count() != message.field_count()) return nullptr;
  for (int i = 0; i < oneof->field_count(); ++i)
    if (oneof->field(i)->message_type() == nullptr) return nullptr;
  return oneof;
}

bool supported(const pb::FieldDescriptor& field) {
  switch (field.cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
    case pb::FieldDescriptor::CPPTYPE_BOOL:
    case pb::FieldDescriptor::CPPTYPE_STRING:
    case pb::FieldDescriptor::CPPTYPE_ENUM:
    case pb::FieldDescriptor::CPPTYPE_MESSAGE: return true;
    default: return false;
  }
}

/// None when absent: an optional field whose omission the model does not fill in, and a
/// message field the model leaves out. A scalar alternative of a oneof (TargetRef.facility)
/// is an empty string when not chosen, as in model::; a message alternative is None.
bool is_optional(const pb::FieldDescriptor& field, const pb::Message* defaults) {
  if (field.real_containing_oneof() != nullptr) return field.message_type() != nullptr;
  if (field.is_repeated() || !field.has_presence()) return false;
  return defaults == nullptr || !defaults->GetReflection()->HasField(*defaults, &field);
}

const char* kind_of(const pb::FieldDescriptor& field) {
  switch (field.cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_DOUBLE: return "double";
    case pb::FieldDescriptor::CPPTYPE_BOOL: return "bool";
    case pb::FieldDescriptor::CPPTYPE_STRING: return "string";
    case pb::FieldDescriptor::CPPTYPE_ENUM: return "enum";
    default: return "message";
  }
}

/// The value a field takes when a model leaves it out, as a Python value (an enum by its
/// number); None for a message, whose class gives its own.
py::object default_of(const pb::FieldDescriptor& field, const MessageInfo& info) {
  const pb::Message* defaults = info.defaults;
  const pb::Reflection* reflection = defaults != nullptr ? defaults->GetReflection() : nullptr;
  if (field.is_repeated()) {
    py::list values;
    const int size = reflection != nullptr ? reflection->FieldSize(*defaults, &field) : 0;
    for (int i = 0; i < size; ++i) {
      switch (field.cpp_type()) {
        case pb::FieldDescriptor::CPPTYPE_DOUBLE: values.append(reflection->GetRepeatedDouble(*defaults, &field, i)); break;
        case pb::FieldDescriptor::CPPTYPE_BOOL: values.append(reflection->GetRepeatedBool(*defaults, &field, i)); break;
        case pb::FieldDescriptor::CPPTYPE_STRING: values.append(reflection->GetRepeatedString(*defaults, &field, i)); break;
        case pb::FieldDescriptor::CPPTYPE_ENUM: values.append(reflection->GetRepeatedEnumValue(*defaults, &field, i)); break;
        default: throw InternalError("the model's defaults hold a list of " + field.full_name() + ", which Python cannot make");
      }
    }
    return values;
  }
  switch (field.cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
      return py::float_(reflection != nullptr ? reflection->GetDouble(*defaults, &field) : field.default_value_double());
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      return py::bool_(reflection != nullptr ? reflection->GetBool(*defaults, &field) : field.default_value_bool());
    case pb::FieldDescriptor::CPPTYPE_STRING:
      return py::str(reflection != nullptr ? reflection->GetString(*defaults, &field) : field.default_value_string());
    case pb::FieldDescriptor::CPPTYPE_ENUM:
      return py::int_(reflection != nullptr ? reflection->GetEnumValue(*defaults, &field) : field.default_value_enum()->number());
    default: return py::none();
  }
}

py::dict field_to_python(const FieldInfo& info, const MessageInfo& owner) {
  const pb::FieldDescriptor& field = *info.descriptor;
  py::dict out;
  out["name"] = field.name();
  out["python_name"] = info.attribute;
  out["number"] = field.number();
  out["kind"] = kind_of(field);
  out["repeated"] = field.is_repeated();
  out["type"] = info.type_key;
  out["oneof"] =
      field.real_containing_oneof() != nullptr ? py::object(py::str(field.real_containing_oneof()->name())) : py::none();
  out["presence"] = field.has_presence();
  out["optional"] = info.optional;
  out["default"] = info.optional ? py::none() : default_of(field, owner);
  return out;
}

py::dict message_to_python(const MessageInfo& info) {
  py::dict out;
  out["name"] = info.descriptor->full_name();
  out["short_name"] = info.descriptor->name();
  out["union"] = info.union_of != nullptr;
  py::list fields;
  for (const FieldInfo& field : info.fields) fields.append(field_to_python(field, info));
  out["fields"] = fields;
  return out;
}

py::dict enum_to_python(const pb::EnumDescriptor& descriptor) {
  py::dict out;
  out["name"] = descriptor.full_name();
  out["short_name"] = descriptor.name();
  py::list values;
  for (int i = 0; i < descriptor.value_count(); ++i)
    values.append(py::make_tuple(descriptor.value(i)->name(), descriptor.value(i)->number()));
  out["values"] = values;
  return out;
}

}  // namespace

Schema::Schema() {
  pb::FileDescriptorSet files;
  if (!files.ParseFromString(io::schema_descriptor_set())) throw InternalError("the library's schema does not parse");
  const pb::FileDescriptor* last = nullptr;
  for (const pb::FileDescriptorProto& file : files.file()) {
    last = pool_.BuildFile(file);
    if (last == nullptr) throw InternalError("the library's schema file " + file.name() + " does not build");
  }
  model_ = pool_.FindMessageTypeByName("scrisk.v1.Model");
  distribution_ = pool_.FindMessageTypeByName("scrisk.v1.Distribution");
  if (model_ == nullptr || distribution_ == nullptr) throw InternalError("the library's schema has no scrisk.v1.Model");
  std::unordered_map<std::string, const pb::Message*> defaults;
  for (const io::MessageDefaults& entry : io::schema_defaults()) {
    const pb::Descriptor* type = pool_.FindMessageTypeByName(entry.message);
    if (type == nullptr) throw InternalError("the model's defaults name an unknown message " + entry.message);
    defaults_.push_back(make(*type));
    if (!defaults_.back()->ParseFromString(entry.binary))
      throw InternalError("the defaults of " + entry.message + " do not parse");
    defaults[entry.message] = defaults_.back().get();
  }
  for (int i = 0; i < last->enum_type_count(); ++i) enums_.push_back(last->enum_type(i));
  for (int i = 0; i < last->message_type_count(); ++i) add_message(*last->message_type(i));
  for (auto& [descriptor, info] : messages_) {
    const auto found = defaults.find(descriptor->full_name());
    info.defaults = found == defaults.end() ? nullptr : found->second;
    for (int i = 0; i < descriptor->field_count(); ++i) {
      const pb::FieldDescriptor& field = *descriptor->field(i);
      if (!supported(field)) throw InternalError("the bindings do not convert the type of " + field.full_name());
      py::object type_key = py::none();
      if (field.message_type() != nullptr) type_key = py::str(field.message_type()->full_name());
      if (field.enum_type() != nullptr) type_key = py::str(field.enum_type()->full_name());
      info.fields.push_back({&field, attribute_of(field), is_optional(field, info.defaults), type_key});
    }
  }
}

void Schema::add_message(const pb::Descriptor& message) {
  MessageInfo& info = messages_[&message];
  info.descriptor = &message;
  info.union_of = union_oneof(message);
  info.key = py::str(message.full_name());
  order_.push_back(&info);
  for (int i = 0; i < message.enum_type_count(); ++i) enums_.push_back(message.enum_type(i));
  for (int i = 0; i < message.nested_type_count(); ++i) add_message(*message.nested_type(i));
}

const Schema& Schema::get() {
  static const Schema* schema = new Schema();  // never freed: it holds Python strings past interpreter exit
  return *schema;
}

std::unique_ptr<pb::Message> Schema::make(const pb::Descriptor& message) const {
  return std::unique_ptr<pb::Message>(factory_.GetPrototype(&message)->New());
}

py::dict model_classes() { return py::module_::import("scrisk._model").attr("_CLASSES"); }

py::handle class_of(const py::dict& classes, const py::str& key) {
  PyObject* found = PyDict_GetItemWithError(classes.ptr(), key.ptr());
  if (found == nullptr) {
    if (PyErr_Occurred() != nullptr) throw py::error_already_set();
    throw InternalError("scrisk._model has no class for " + key.cast<std::string>());
  }
  return found;
}

py::object model_class(const char* full_name) {
  return py::reinterpret_borrow<py::object>(class_of(model_classes(), py::str(full_name)));
}

py::dict schema_to_python() {
  const Schema& schema = Schema::get();
  py::dict out;
  out["model"] = schema.model().full_name();
  py::list messages, enums;
  for (const MessageInfo* info : schema.messages()) messages.append(message_to_python(*info));
  for (const pb::EnumDescriptor* descriptor : schema.enums()) enums.append(enum_to_python(*descriptor));
  out["messages"] = messages;
  out["enums"] = enums;
  return out;
}

}  // namespace scrisk::python
