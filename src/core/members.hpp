// The members of a plain aggregate (a distribution's parameters) by position, for the code
// that treats every distribution alike: the conversion to and from the schema's messages
// (member i is field i of the kind's message) and the plan's fingerprint. C++20 has no
// reflection and Boost.PFR is newer than Debian 12's Boost; structured bindings do it for
// the few members a distribution has.
#pragma once

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace scrisk::detail {

/// The most members member_count() looks for.
inline constexpr std::size_t kMaxMembers = 6;

/// Converts to any member type: counts the initializers an aggregate accepts.
struct AnyMember {
  template <class T>
  operator T() const;  // NOLINT(google-explicit-constructor): only ever named in unevaluated contexts
};

template <class T, std::size_t... I>
constexpr bool takes_initializers(std::index_sequence<I...> /*unused*/) {
  return requires { T{((void)I, AnyMember{})...}; };
}

/// How many members the aggregate T has (fewer initializers always work, more never do).
template <class T, std::size_t N = kMaxMembers>
constexpr std::size_t member_count() {
  if constexpr (N == 0 || takes_initializers<T>(std::make_index_sequence<N>{}))
    return N;
  else
    return member_count<T, N - 1>();
}

/// References to the members of `value`, in declaration order.
template <class T>
constexpr auto members_of(T& value) {
  constexpr std::size_t count = member_count<std::remove_const_t<T>>();
  static_assert(count < kMaxMembers, "raise kMaxMembers and add a case below");
  if constexpr (count == 0) {
    return std::tie();
  } else if constexpr (count == 1) {
    auto& [a] = value;
    return std::tie(a);
  } else if constexpr (count == 2) {
    auto& [a, b] = value;
    return std::tie(a, b);
  } else if constexpr (count == 3) {
    auto& [a, b, c] = value;
    return std::tie(a, b, c);
  } else if constexpr (count == 4) {
    auto& [a, b, c, d] = value;
    return std::tie(a, b, c, d);
  } else {
    auto& [a, b, c, d, e] = value;
    return std::tie(a, b, c, d, e);
  }
}

/// Calls visit(index, member of `value`, the same member of `other`) for each member in
/// order: `other` is typically a default-constructed T, for what a member defaults to.
template <class T, class U, class Visit>
constexpr void for_each_member(T& value, U& other, Visit&& visit) {
  static_assert(std::is_same_v<std::remove_const_t<T>, std::remove_const_t<U>>);
  auto mine = members_of(value);
  auto theirs = members_of(other);
  [&]<std::size_t... I>(std::index_sequence<I...> /*unused*/) { (visit(I, std::get<I>(mine), std::get<I>(theirs)), ...); }
  (std::make_index_sequence<std::tuple_size_v<decltype(mine)>>{});
}

}  // namespace scrisk::detail
