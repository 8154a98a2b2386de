#include "io/json_locations.hpp"

#include <google/protobuf/descriptor.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <set>

#include "io/path.hpp"

namespace scrisk::io::detail {
namespace {

namespace pb = google::protobuf;
using Json = nlohmann::json;

/// Reads the content for nlohmann's parser and counts how far it has read: the position of
/// the token a SAX event is about (the lexer reads at most one character past it).
class CountingIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator() = default;
  CountingIterator(const char* at, const char* begin, std::size_t* read) : at_(at), begin_(begin), read_(read) {}
  reference operator*() const { return *at_; }
  CountingIterator& operator++() {
    ++at_;
    *read_ = std::max(*read_, std::size_t(at_ - begin_));
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator before = *this;
    ++*this;
    return before;
  }
  friend bool operator==(const CountingIterator& a, const CountingIterator& b) { return a.at_ == b.at_; }

 private:
  const char* at_ = nullptr;
  const char* begin_ = nullptr;
  std::size_t* read_ = nullptr;
};

/// An object or a list being read, with the schema's view of it.
struct Frame {
  bool is_array = false;
  const pb::Descriptor* message = nullptr;     // an object of this message type (null: not one of ours)
  const pb::FieldDescriptor* field = nullptr;  // a list of this repeated field; an object: the key's field
  std::string path;                            // of the object, or of the list's field
  std::string pending_path;                    // an object's: the path of the value after the last key
  int next_index = 0;                          // a list's
  std::set<std::string> keys;                  // an object's, as Protobuf field names
};

class LocatingHandler : public nlohmann::json_sax<Json> {
 public:
  LocatingHandler(std::string_view content, const pb::Descriptor& root, std::string_view noun, JsonLocations& out,
                  const std::size_t& read)
      : content_(content), root_(root), noun_(noun), out_(out), read_(read) {}

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t number, const string_t& text) override {
    const std::string path = value_path();
    if (!std::isfinite(number)) out_.add_problem(path, "the number " + text + " is beyond a double's range", token_start());
    return value(path);
  }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }

  bool start_object(std::size_t) override {
    const std::size_t at = read_ - 1;  // just read the '{'
    if (!enter(at)) return false;
    Frame frame;
    frame.path = value_path();
    frame.message = stack_.empty() ? &root_ : element_message();
    out_.record(frame.path, at);
    consume_value();
    stack_.push_back(std::move(frame));
    return true;
  }
  bool key(string_t& name) override {
    Frame& frame = stack_.back();
    const pb::FieldDescriptor* field = nullptr;
    if (frame.message != nullptr) {
      field = frame.message->FindFieldByName(name);
      for (int i = 0; field == nullptr && i < frame.message->field_count(); ++i)
        if (frame.message->field(i)->json_name() == name) field = frame.message->field(i);
    }
    frame.field = field;
    const std::string step = field != nullptr ? field->name() : name;
    frame.pending_path = frame.path.empty() ? step : frame.path + "." + step;
    const std::size_t at = key_start();
    if (frame.message != nullptr && field == nullptr)
      // Here rather than from Protobuf's message, "(path) name: Cannot find field.", which a
      // key holding ")" or "[" makes ambiguous.
      out_.add_problem(frame.pending_path, "invalid JSON " + noun_ + ": unknown field \"" + name + "\"", at);
    else if (!frame.keys.insert(step).second)
      out_.add_problem(frame.pending_path, "\"" + name + "\" is given twice in one object", at);
    out_.record(frame.pending_path, at);
    return true;
  }
  bool end_object() override {
    --depth_;
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override {
    const std::size_t at = read_ - 1;
    if (!enter(at)) return false;
    if (stack_.empty()) return not_an_object();
    if (!stack_.empty() && stack_.back().is_array) {
      // Protobuf would read [[a, b], [c]] as [a, b, c]: a list inside a list is not in the schema.
      out_.add_problem(value_path(), "a list inside a list; the " + noun_ + " file has no lists of lists", at);
      return false;
    }
    Frame frame;
    frame.is_array = true;
    frame.field = stack_.empty() ? nullptr : stack_.back().field;
    frame.path = stack_.empty() ? "" : stack_.back().pending_path;
    stack_.push_back(std::move(frame));
    return true;
  }
  bool end_array() override {
    --depth_;
    stack_.pop_back();
    consume_value();
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) override {
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while
    // parsing value - invalid literal; last read: 'tru'": the part after the position.
    std::string message = error.what();
    if (const auto close = message.find("] "); close != std::string::npos) message.erase(0, close + 2);
    if (message.starts_with("parse error"))
      if (const auto colon = message.find(": "); colon != std::string::npos) message.erase(0, colon + 2);
    // A number that overflows a double (406) is a value's problem: name its field.
    const bool overflow = error.id == 406;
    out_.add_problem(overflow ? value_path() : "", overflow ? message + ", beyond a double's range" : "invalid JSON: " + message,
                     overflow ? token_start() : (position == 0 ? 0 : position - 1));
    return false;
  }

 private:
  bool not_an_object() {
    out_.add_problem("", "a JSON " + noun_ + " is one object, {...}", token_start());
    return false;
  }
  bool enter(std::size_t at) {
    if (++depth_ <= JsonLocations::kMaxJsonDepth) return true;
    out_.add_problem(value_path(), "nested deeper than " + std::to_string(JsonLocations::kMaxJsonDepth) + " levels", at);
    return false;
  }
  /// The path of the value being read: the last key's, or the next element of a list.
  std::string value_path() const {
    if (stack_.empty()) return "";
    const Frame& frame = stack_.back();
    if (!frame.is_array) return frame.pending_path;
    return frame.path + "[" + std::to_string(frame.next_index) + "]";
  }
  /// The message type of an object in the current place (an element of a repeated message
  /// field, or the value of a message field).
  const pb::Descriptor* element_message() const {
    const pb::FieldDescriptor* field = stack_.back().field;
    return field != nullptr ? field->message_type() : nullptr;
  }
  void consume_value() {
    if (!stack_.empty() && stack_.back().is_array) ++stack_.back().next_index;
  }
  bool value() { return value(value_path()); }
  bool value(const std::string& path) {
    if (stack_.empty()) return not_an_object();
    if (!stack_.empty() && stack_.back().is_array) out_.record(path, token_start());
    consume_value();
    return true;
  }
  /// Where the scalar just read starts: back from the read position over the token.
  std::size_t token_start() const {
    std::size_t at = std::min(read_, content_.size());
    while (at > 0 && std::string_view(",:[{ \t\r\n").find(content_[at - 1]) != std::string_view::npos) --at;
    while (at > 0 && std::string_view(",:[{ \t\r\n").find(content_[at - 1]) == std::string_view::npos) --at;
    return at;
  }
  /// Where the key just read starts: its opening quote, back from its closing one.
  std::size_t key_start() const {
    std::size_t at = std::min(read_, content_.size());
    if (at > 0) --at;  // the closing quote
    while (at > 0 && !(content_[at - 1] == '"' && (at < 2 || content_[at - 2] != '\\'))) --at;
    return at == 0 ? 0 : at - 1;
  }

  std::string_view content_;
  const pb::Descriptor& root_;
  std::string noun_;
  JsonLocations& out_;
  const std::size_t& read_;
  std::vector<Frame> stack_;
  int depth_ = 0;
};

}  // namespace

JsonLocations::JsonLocations(std::string_view content, const pb::Descriptor& root, std::string_view noun) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < content.size(); ++i)
    if (content[i] == '\n') line_starts_.push_back(i + 1);
  std::size_t read = 0;
  LocatingHandler handler(content, root, noun, *this, read);
  const CountingIterator begin(content.data(), content.data(), &read),
      end(content.data() + content.size(), content.data(), &read);
  Json::sax_parse(begin, end, &handler);
}

void JsonLocations::record(const std::string& path, std::size_t offset) { positions_.try_emplace(path, position_of(offset)); }

void JsonLocations::add_problem(const std::string& path, const std::string& message, std::size_t offset) {
  const TextPosition at = position_of(offset);
  problems_.push_back({path, message, at.line, at.column});
}

TextPosition JsonLocations::position_of(std::size_t offset) const {
  const auto next = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const std::size_t line = std::size_t(next - line_starts_.begin());  // 1-based
  return {int(line), int(offset - line_starts_[line - 1]) + 1};
}

void JsonLocations::locate(Problem& problem) const {
  // The deepest recorded prefix of the path: "a.b[2].c", then "a.b[2]", "a.b", "a".
  std::string path = problem.path;
  while (true) {
    if (auto it = positions_.find(path); it != positions_.end()) {
      problem.line = it->second.line;
      problem.column = it->second.column;
      return;
    }
    if (path.empty()) return;
    path = parent_path(path);
  }
}

}  // namespace scrisk::io::detail
