// Little-endian fixed-width fields for the results file: a writer, and a reader that checks
// every length against what is left before it allocates.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace scrisk::io::detail {

static_assert(std::endian::native == std::endian::little, "the results file is written little-endian");

class BinaryWriter {
 public:
  template <typename T>
  void raw(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  void u64(std::uint64_t value) { raw(value); }
  void f64(double value) { raw(value); }
  void bytes(std::string_view text) {
    u64(text.size());
    out_ += text;
  }
  template <typename T>
  void array(const std::vector<T>& values) {
    static_assert(std::is_trivially_copyable_v<T>);
    u64(values.size());
    if (!values.empty()) out_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
  }
  [[nodiscard]] std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

/// Reads what BinaryWriter wrote; `fail(what)` (which must throw) on a short or bad field.
template <class Fail>
class BinaryReader {
 public:
  BinaryReader(std::string_view in, Fail fail) : in_(in), fail_(fail) {}

  template <typename T>
  T raw(const char* what) {
    T value;
    need(sizeof value, what);
    std::memcpy(&value, in_.data() + at_, sizeof value);
    at_ += sizeof value;
    return value;
  }
  std::uint64_t u64(const char* what) { return raw<std::uint64_t>(what); }
  double f64(const char* what) { return raw<double>(what); }
  /// A count of elements of `element_size` bytes each that must fit in what is left.
  std::uint64_t count(std::size_t element_size, const char* what) {
    const std::uint64_t n = u64(what);
    if (element_size > 0 && n > (in_.size() - at_) / element_size) fail_(what);
    return n;
  }
  std::string_view bytes(const char* what) {
    const std::uint64_t n = count(1, what);
    const std::string_view view = in_.substr(at_, n);
    at_ += n;
    return view;
  }
  template <typename T>
  std::vector<T> array(const char* what) {
    std::vector<T> values(count(sizeof(T), what));
    if (values.empty()) return values;  // memcpy of nothing from a null pointer is undefined
    std::memcpy(values.data(), in_.data() + at_, values.size() * sizeof(T));
    at_ += values.size() * sizeof(T);
    return values;
  }
  [[nodiscard]] bool at_end() const noexcept { return at_ == in_.size(); }
  [[nodiscard]] std::size_t offset() const noexcept { return at_; }

 private:
  void need(std::size_t n, const char* what) {
    if (in_.size() - at_ < n) fail_(what);
  }
  std::string_view in_;
  Fail fail_;
  std::size_t at_ = 0;
};

}  // namespace scrisk::io::detail
