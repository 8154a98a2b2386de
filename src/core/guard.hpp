// The boundary of a public entry point: only scrisk::Error leaves the library.
#pragma once

#include <exception>
#include <new>
#include <string>
#include <utility>

#include "scrisk/core/error.hpp"

namespace scrisk::detail {

/// Runs `body`. A scrisk::Error passes through; memory exhaustion becomes a UsageError
/// naming `operation` (the request was too big for this machine); any other exception is
/// a bug (an index past the end, a bad variant access) and leaves as InternalError.
template <class Body>
decltype(auto) guarded(const char* operation, Body&& body) {
  try {
    return std::forward<Body>(body)();
  } catch (const Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw UsageError(operation, "not enough memory");
  } catch (const std::exception& error) {
    throw InternalError(std::string(operation) + ": " + error.what());
  }
}

}  // namespace scrisk::detail
