#include "engine/attempt_count.hpp"

#include <boost/math/quadrature/gauss.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <numbers>

#include "core/overloaded.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::engine::detail {
namespace {

using scrisk::detail::Overloaded;

/// One point of a quadrature rule for the law of the rate: E[g(R)] ~ sum of weight g(rate).
struct Node {
  double weight, rate;
};
using Nodes = std::vector<Node>;

/// E[g(R)] = integral of phi(z) g(Q(Phi(z))) dz with Q the rate's quantile function. The
/// integrand is smooth and decays like phi, so the trapezoidal rule converges geometrically
/// (Trefethen and Weideman, SIAM Review 56(3), 2014); |z| <= 10 leaves out 2e-23 of mass.
/// The step must resolve e^-r r^k / k!, whose width in z shrinks like 1 / (dr/dz sqrt(r)):
/// mixed_poisson_pmf halves it until the table stops changing.
template <class Quantile>
Nodes normal_score_nodes(Quantile quantile, double step) {
  constexpr double kLimit = 10;
  const int half = int(kLimit / step);
  Nodes nodes;
  for (int i = -half; i <= half; ++i) {
    const double z = i * step;
    nodes.push_back({step * std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi), quantile(z)});
  }
  return nodes;
}

double lower_tail(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }  // Phi(z)

/// Gauss-Legendre (20 points) on panels of [low, high] for a density linear on the interval:
/// exact in the density, and e^-r r^k varies on a scale of sqrt(r), which bounds the panel width.
void add_linear_density_nodes(Nodes& nodes, double low, double high, double density_low, double density_high) {
  using Rule = boost::math::quadrature::gauss<double, 20>;
  if (!(high > low)) return;
  const double panel_width = 1 + std::sqrt(low);
  const int panels = int(std::min(4096.0, std::ceil((high - low) / panel_width)));
  const double width = (high - low) / panels;
  for (int p = 0; p < panels; ++p) {
    const double centre = low + (p + 0.5) * width;
    for (std::size_t i = 0; i < Rule::abscissa().size(); ++i)
      for (const double sign : {-1.0, 1.0}) {
        const double r = centre + sign * 0.5 * width * Rule::abscissa()[i];
        const double density = density_low + (density_high - density_low) * (r - low) / (high - low);
        nodes.push_back({0.5 * width * Rule::weights()[i] * density, r});
      }
  }
}

/// Beta(a, b) stretched onto [low, high], by the tanh-sinh rule (Takahasi and Mori 1974) in
/// the rate itself: y = 1 / (1 + e^(-2u)), u = (pi / 2) sinh(t), trapezoidal in t. It converges
/// double-exponentially even where the density is singular at an end (a or b below 1), and
/// needs only the density, not the costly inverse of the incomplete beta function. Logs of y
/// and 1 - y are formed without cancellation, so nodes reach within 1e-300 of either end.
Nodes beta_nodes(double a, double b, double low, double high, double step) {
  constexpr double kLimit = 6.5;  // beyond, y or 1 - y is below the smallest double
  const double log_beta = std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
  const int half = int(kLimit / step);
  Nodes nodes;
  for (int i = -half; i <= half; ++i) {
    const double t = i * step, u = 0.5 * std::numbers::pi * std::sinh(t);
    const double softplus = std::log1p(std::exp(-2 * std::abs(u)));  // log(1 + e^(-2|u|))
    const double log_y = u >= 0 ? -softplus : 2 * u - softplus;
    const double log_complement = u >= 0 ? -2 * u - softplus : -softplus;
    // dy/dt = pi cosh(t) y (1 - y); times the beta density y^(a-1) (1 - y)^(b-1) / B(a, b).
    const double weight = std::exp(std::log(step * std::numbers::pi * std::cosh(t)) + a * log_y + b * log_complement - log_beta);
    const double rate = u >= 0 ? high - (high - low) * std::exp(log_complement) : low + (high - low) * std::exp(log_y);
    nodes.push_back({weight, rate});
  }
  return nodes;
}

/// Quadrature nodes of the rate's law; `step` is the trapezoidal step in z, for the laws given
/// by their quantile function.
std::optional<Nodes> rate_nodes(const Distribution& rate, double step) {
  return std::visit(Overloaded{
                        [](const Fixed& d) -> std::optional<Nodes> {
                          return Nodes{{1, d.value}};
                        },
                        [](const Uniform& d) -> std::optional<Nodes> {
                          if (!(d.high > d.low)) return Nodes{{1, d.low}};
                          Nodes nodes;
                          add_linear_density_nodes(nodes, d.low, d.high, 1 / (d.high - d.low), 1 / (d.high - d.low));
                          return nodes;
                        },
                        [](const Triangular& d) -> std::optional<Nodes> {
                          if (!(d.high > d.low)) return Nodes{{1, d.low}};
                          const double peak = 2 / (d.high - d.low);
                          Nodes nodes;
                          add_linear_density_nodes(nodes, d.low, d.mode, 0, peak);
                          add_linear_density_nodes(nodes, d.mode, d.high, peak, 0);
                          return nodes;
                        },
                        [step](const Pert& d) -> std::optional<Nodes> {
                          const double width = d.high - d.low;
                          if (!(width > 0)) return Nodes{{1, d.low}};
                          return beta_nodes(1 + d.lambda * (d.mode - d.low) / width, 1 + d.lambda * (d.high - d.mode) / width,
                                            d.low, d.high, step);
                        },
                        [step](const Beta& d) -> std::optional<Nodes> { return beta_nodes(d.alpha, d.beta, 0, 1, step); },
                        [](const Gamma&) -> std::optional<Nodes> { return std::nullopt; },  // negative binomial: closed form
                        [step](const Lognormal& d) -> std::optional<Nodes> {
                          return normal_score_nodes([=](double z) { return std::exp(d.mu + d.sigma * z); }, step);
                        },
                        [step](const Lognormal90& d) -> std::optional<Nodes> {
                          const Lognormal lognormal = to_lognormal(d);
                          return normal_score_nodes([=](double z) { return std::exp(lognormal.mu + lognormal.sigma * z); }, step);
                        },
                        [step](const Normal& d) -> std::optional<Nodes> {
                          // max(0, R) puts an atom at zero and a kink in the integrand: tabulate only when
                          // that atom is below what the table resolves.
                          if (d.sd > 0 && lower_tail(-d.mean / d.sd) > 1e-18) return std::nullopt;
                          return normal_score_nodes([=](double z) { return std::max(0.0, d.mean + d.sd * z); }, step);
                        },
                        [](const Poisson& d) -> std::optional<Nodes> {
                          if (!(d.mean > 0)) return Nodes{{1, 0}};
                          Nodes nodes;
                          for (double j = 0;; ++j) {
                            const double weight = std::exp(-d.mean + j * std::log(d.mean) - std::lgamma(j + 1));
                            nodes.push_back({weight, j});
                            if (j > d.mean && weight < 1e-22) return nodes;
                          }
                        },
                        [](const Empirical& d) -> std::optional<Nodes> {
                          Nodes nodes;
                          double total = 0;
                          for (std::size_t i = 0; i < d.values.size(); ++i) total += d.weights.empty() ? 1.0 : d.weights[i];
                          for (std::size_t i = 0; i < d.values.size(); ++i)
                            nodes.push_back({(d.weights.empty() ? 1.0 : d.weights[i]) / total, d.values[i]});
                          return nodes;
                        },
                        // A kind not tabulated here is drawn the two-stage way, through its sampler.
                        [](const auto&) -> std::optional<Nodes> { return std::nullopt; },
                    },
                    rate);
}

/// The smallest k > r with P(Poisson(r) >= k) below 2^-70 / weight, by the Chernoff bound
/// P(N >= k) <= e^-r (e r / k)^k.
std::size_t tail_cut(const Node& node) {
  if (!(node.rate > 0) || node.weight < 0x1p-70) return 1;  // the node's whole mass is below the cut
  const double log_budget = std::log(0x1p-70 / node.weight);
  double k = std::floor(node.rate) + 1;
  while (-node.rate + k * (1 + std::log(node.rate) - std::log(k)) > log_budget) k += 1 + std::floor(0.05 * std::sqrt(k));
  return std::size_t(k);
}

/// The law of N from quadrature nodes of the rate's law; nullopt when the nodes fail the
/// checks (their weights sum to 1 and their mean is E[R]) or the table would be too long.
std::optional<std::vector<double>> pmf_from_nodes(Nodes nodes, double expected_mean, std::size_t max_size) {
  double total_weight = 0, mean_rate = 0;
  std::size_t size = 1;
  for (Node& node : nodes) {
    node.rate = std::clamp(node.rate, 0.0, model::kMaxRatePerYear);  // as the engine clamps a drawn rate
    total_weight += node.weight;
    mean_rate += node.weight * node.rate;
    if (node.weight > 0) size = std::max(size, tail_cut(node));
    if (size > max_size) return std::nullopt;
  }
  if (std::abs(total_weight - 1) > 1e-12 || std::abs(mean_rate - expected_mean) > 1e-10 * expected_mean + 1e-14)
    return std::nullopt;

  std::vector<double> log_factorial(size);
  for (std::size_t k = 0; k < size; ++k) log_factorial[k] = std::lgamma(double(k) + 1);
  std::vector<double> pmf(size, 0.0);
  for (const Node& node : nodes) {
    if (!(node.rate > 0)) {
      pmf[0] += node.weight;
      continue;
    }
    const double log_rate = std::log(node.rate), log_weight = std::log(node.weight);
    for (std::size_t k = 0; k < size; ++k) {
      const double log_term = log_weight - node.rate + double(k) * log_rate - log_factorial[k];
      if (log_term > -745) pmf[k] += std::exp(log_term);
    }
  }
  return pmf;
}

/// A gamma-distributed rate makes N negative binomial: P(N = k) = C(k + shape - 1, k) p^shape
/// (1 - p)^k with p = 1 / (1 + scale).
std::optional<std::vector<double>> negative_binomial_pmf(const Gamma& gamma, std::size_t max_size) {
  const double log_p = -std::log1p(gamma.scale), log_q = std::log(gamma.scale) + log_p;
  std::vector<double> pmf;
  for (double k = 0;; ++k) {
    if (pmf.size() == max_size) return std::nullopt;
    pmf.push_back(
        std::exp(std::lgamma(k + gamma.shape) - std::lgamma(gamma.shape) - std::lgamma(k + 1) + gamma.shape * log_p + k * log_q));
    // Past the mode the ratio of successive terms, (k + shape) / (k + 1) (1 - p), only falls:
    // the tail is below pmf_k ratio / (1 - ratio).
    const double ratio = (k + 1 + gamma.shape) / (k + 2) * std::exp(log_q);
    if (ratio < 1 && (k + gamma.shape) / (k + 1) * std::exp(log_q) <= 1 && pmf.back() * ratio / (1 - ratio) < 0x1p-70) return pmf;
  }
}

}  // namespace

std::optional<std::vector<double>> mixed_poisson_pmf(const Distribution& rate, std::size_t max_size) {
  if (const auto* gamma = std::get_if<Gamma>(&rate)) return negative_binomial_pmf(*gamma, max_size);
  const double expected_mean = mean(rate);
  auto pmf_at = [&](double step) -> std::optional<std::vector<double>> {
    std::optional<Nodes> nodes = rate_nodes(rate, step);
    if (!nodes) return std::nullopt;
    return pmf_from_nodes(std::move(*nodes), expected_mean, max_size);
  };
  std::optional<std::vector<double>> pmf = pmf_at(1.0 / 8);
  // Halve the step until no probability moves by more than 1e-14 (at once for the laws
  // whose nodes do not depend on it).
  for (double step = 1.0 / 16; pmf && step >= 1.0 / 1024; step /= 2) {
    std::optional<std::vector<double>> finer = pmf_at(step);
    if (!finer) return std::nullopt;
    double change = 0;
    for (std::size_t k = 0; k < std::max(pmf->size(), finer->size()); ++k)
      change = std::max(change, std::abs((k < pmf->size() ? (*pmf)[k] : 0.0) - (k < finer->size() ? (*finer)[k] : 0.0)));
    if (change <= 1e-14) return finer;
    pmf = std::move(finer);
  }
  return std::nullopt;
}

CountTable::CountTable(const std::vector<double>& pmf) : thresholds_(pmf.size()) {
  constexpr std::uint64_t kOne = std::uint64_t{1} << 63;
  long double cumulative = 0;
  for (std::size_t k = 0; k < pmf.size(); ++k) {
    cumulative += pmf[k];
    thresholds_[k] = cumulative >= 1 ? kOne : std::uint64_t(cumulative * 0x1p63L + 0.5L);
  }
  thresholds_.back() = kOne;  // the truncated tail (below 2^-64) goes to the last count
  const std::size_t guide_size = std::bit_ceil(pmf.size());
  guide_shift_ = 63 - std::countr_zero(guide_size);
  guide_.resize(guide_size);
  std::uint32_t count = 0;
  for (std::size_t j = 0; j < guide_size; ++j) {
    const std::uint64_t boundary = std::uint64_t(j) << guide_shift_;
    while (thresholds_[count] <= boundary) ++count;
    guide_[j] = count;
  }
}

}  // namespace scrisk::engine::detail
