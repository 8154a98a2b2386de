// model:: -> the schema's message (io::serialize, binary) -> the Python model classes: each
// message becomes its class called with a keyword per field present, so that a field the
// message leaves out takes the class's default (None, or model.hpp's value).
#include "common.hpp"
#include "schema.hpp"
#include "scrisk/core/error.hpp"
#include "scrisk/io/model_file.hpp"

namespace scrisk::python {
namespace {

class Writer {
 public:
  explicit Writer(const Schema& schema) : schema_(schema), classes_(model_classes()) {}

  py::object message(const pb::Message& message, const MessageInfo& info) {
    const pb::Reflection& reflection = *message.GetReflection();
    if (info.union_of != nullptr) {
      const pb::FieldDescriptor* member = reflection.GetOneofFieldDescriptor(message, info.union_of);
      if (member == nullptr) return py::none();
      return this->message(reflection.GetMessage(message, member), schema_.info(*member->message_type()));
    }
    py::dict arguments;
    for (const FieldInfo& field : info.fields) {
      const pb::FieldDescriptor& descriptor = *field.descriptor;
      if (descriptor.is_repeated()) {
        py::list values;
        for (int i = 0; i < reflection.FieldSize(message, &descriptor); ++i) values.append(value(message, field, i));
        arguments[field.attribute] = values;
      } else if (!descriptor.has_presence() || reflection.HasField(message, &descriptor)) {
        arguments[field.attribute] = value(message, field, -1);
      }
    }
    return class_of(classes_, info.key)(**arguments);
  }

 private:
  /// The field's value, or its element `index` of a list (-1: a single value).
  py::object value(const pb::Message& message, const FieldInfo& field, int index) {
    const pb::FieldDescriptor& descriptor = *field.descriptor;
    const pb::Reflection& r = *message.GetReflection();
    const bool one = index < 0;
    switch (descriptor.cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_DOUBLE:
        return py::float_(one ? r.GetDouble(message, &descriptor) : r.GetRepeatedDouble(message, &descriptor, index));
      case pb::FieldDescriptor::CPPTYPE_BOOL:
        return py::bool_(one ? r.GetBool(message, &descriptor) : r.GetRepeatedBool(message, &descriptor, index));
      case pb::FieldDescriptor::CPPTYPE_STRING:
        return text_to_python(one ? r.GetString(message, &descriptor) : r.GetRepeatedString(message, &descriptor, index));
      case pb::FieldDescriptor::CPPTYPE_ENUM:
        return class_of(classes_, field.type_key)(one ? r.GetEnumValue(message, &descriptor)
                                                      : r.GetRepeatedEnumValue(message, &descriptor, index));
      case pb::FieldDescriptor::CPPTYPE_MESSAGE:
        return this->message(one ? r.GetMessage(message, &descriptor) : r.GetRepeatedMessage(message, &descriptor, index),
                             schema_.info(*descriptor.message_type()));
      default: throw InternalError("the bindings do not convert the type of " + descriptor.full_name());
    }
  }

  const Schema& schema_;
  py::dict classes_;
};

/// The model as a message of the bindings' schema.
std::unique_ptr<pb::Message> to_message(const Schema& schema, const model::Model& model) {
  std::unique_ptr<pb::Message> message = schema.make(schema.model());
  if (!message->ParseFromString(io::serialize(model, io::Format::kBinary)))
    throw InternalError("the model does not read back as a message of the schema");
  return message;
}

}  // namespace

py::object model_to_python(const model::Model& model) {
  const Schema& schema = Schema::get();
  const std::unique_ptr<pb::Message> message = to_message(schema, model);
  return Writer(schema).message(*message, schema.info(schema.model()));
}

py::object model_part_to_python(const model::Model& model, const std::string& field_name) {
  const Schema& schema = Schema::get();
  const pb::FieldDescriptor* field = schema.model().FindFieldByName(field_name);
  if (field == nullptr || field->message_type() == nullptr || field->is_repeated())
    throw InternalError("the model has no message field " + field_name);
  const std::unique_ptr<pb::Message> message = to_message(schema, model);
  return Writer(schema).message(message->GetReflection()->GetMessage(*message, field), schema.info(*field->message_type()));
}

}  // namespace scrisk::python
