// FNV-1a: a stable 64-bit hash (std::hash may differ between library versions), used for
// random stream ids and model fingerprints.
#pragma once

#include <bit>
#include <cstdint>
#include <string_view>

namespace scrisk::detail {

class Fnv1a {
 public:
  Fnv1a& add(std::string_view bytes) noexcept {
    for (unsigned char c : bytes) state_ = (state_ ^ c) * 0x100000001b3ull;
    return add_word(bytes.size());  // length-prefix-free: "ab","c" differs from "a","bc"
  }
  Fnv1a& add(double value) noexcept { return add_word(std::bit_cast<std::uint64_t>(value)); }
  Fnv1a& add_word(std::uint64_t word) noexcept {
    for (int i = 0; i < 8; ++i) state_ = (state_ ^ ((word >> (8 * i)) & 0xff)) * 0x100000001b3ull;
    return *this;
  }
  [[nodiscard]] std::uint64_t value() const noexcept { return state_; }

 private:
  std::uint64_t state_ = 0xcbf29ce484222325ull;
};

}  // namespace scrisk::detail
