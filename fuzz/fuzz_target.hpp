// What every fuzz target of scrisk holds to: bad input is a scrisk::Error, nothing else.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <string_view>

#include "scrisk/core/error.hpp"

namespace scrisk::fuzz {

/// Runs `body` on the input; an Error (bad input, said so) is fine, an InternalError or any
/// other exception is a finding: the fuzzer stops on the abort and keeps the input.
template <class Body>
int run_one(const std::uint8_t* data, std::size_t size, Body body) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    body(input);
  } catch (const InternalError&) {
    std::abort();
  } catch (const Error&) {
  } catch (...) {
    std::abort();
  }
  return 0;
}

}  // namespace scrisk::fuzz
