#include "engine/consequence_law.hpp"

#include <cmath>

#include "core/overloaded.hpp"

namespace scrisk::engine::detail {

ConsequenceLaw make_consequence_law(const std::optional<Distribution>& distribution, std::uint32_t sampler) {
  using scrisk::detail::Overloaded;
  if (!distribution) return {};  // no such consequence: a fixed 0
  auto fixed = [](double value) { return ConsequenceLaw{LawShape::kFixed, value}; };
  return std::visit(Overloaded{
                        [&](const Fixed& d) { return fixed(d.value); },
                        [&](const Uniform& d) {
                          return ConsequenceLaw{LawShape::kUniform, d.low, d.high - d.low};
                        },
                        [&](const Triangular& d) {
                          if (!(d.high > d.low)) return fixed(d.low);
                          const double width = d.high - d.low;
                          return ConsequenceLaw{
                              LawShape::kTriangular,    d.low, d.high, (d.mode - d.low) / width, width * (d.mode - d.low),
                              width * (d.high - d.mode)};
                        },
                        [&](const Normal& d) {
                          return d.sd == 0 ? fixed(d.mean) : ConsequenceLaw{LawShape::kNormal, d.mean, d.sd};
                        },
                        [&](const Lognormal& d) {
                          return d.sigma == 0 ? fixed(std::exp(d.mu)) : ConsequenceLaw{LawShape::kLognormal, d.mu, d.sigma};
                        },
                        [&](const Lognormal90& d) {
                          const Lognormal lognormal = to_lognormal(d);
                          return lognormal.sigma == 0 ? fixed(std::exp(lognormal.mu))
                                                      : ConsequenceLaw{LawShape::kLognormal, lognormal.mu, lognormal.sigma};
                        },
                        [&](const auto&) {
                          ConsequenceLaw law{LawShape::kScalar};
                          law.sampler = sampler;
                          return law;
                        },
                    },
                    *distribution);
}

}  // namespace scrisk::engine::detail
