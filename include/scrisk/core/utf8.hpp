// UTF-8: what a model's text (ids, names) must be, so that every format and report can
// carry it.
#pragma once

#include <cstddef>
#include <string_view>

namespace scrisk {

/// Length (1 to 4) of the well-formed UTF-8 sequence starting at text[at], or 0 when none
/// starts there (a stray continuation byte, an overlong form, a surrogate, past U+10FFFF).
[[nodiscard]] std::size_t utf8_sequence_length(std::string_view text, std::size_t at) noexcept;

/// Whether all of `text` is well-formed UTF-8.
[[nodiscard]] bool is_utf8(std::string_view text) noexcept;

}  // namespace scrisk
