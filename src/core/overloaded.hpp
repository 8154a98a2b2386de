// The usual visitor helper: Overloaded{[](const A&) {...}, [](const B&) {...}}.
#pragma once

namespace scrisk::detail {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace scrisk::detail
