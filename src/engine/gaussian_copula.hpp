// Correlated severities across the targets one common-cause event strikes: a Gaussian copula
// given by its correlation matrix, factorised once when the model is compiled.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace scrisk::engine::detail {

class GaussianCopula {
 public:
  /// `correlation`: row-major dimension x dimension, symmetric with a unit diagonal and
  /// positive definite (model validation checks this and names the field); empty: the
  /// identity. Throws InternalError if it is not positive definite (validation checks it first).
  GaussianCopula(std::span<const double> correlation, std::size_t dimension);

  [[nodiscard]] std::size_t dimension() const noexcept { return dimension_; }

  /// correlated = L x independent, L the Cholesky factor (correlation = L L^T): standard
  /// normal scores with the copula's correlation from independent standard normal ones.
  /// Each value then goes through value_at_normal_score() for its marginal law.
  void correlate(std::span<const double> independent, std::span<double> correlated) const noexcept;

  /// correlated[row] alone: needs independent[0..row] only (L is lower triangular).
  [[nodiscard]] double correlated_score(std::size_t row, std::span<const double> independent) const noexcept;

 private:
  std::size_t dimension_;
  std::vector<double> lower_;  ///< row-major Cholesky factor; empty for the identity
};

}  // namespace scrisk::engine::detail
