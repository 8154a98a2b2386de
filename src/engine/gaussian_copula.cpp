#include "engine/gaussian_copula.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include <string>
#include "scrisk/core/error.hpp"

namespace scrisk::engine::detail {

GaussianCopula::GaussianCopula(std::span<const double> correlation, std::size_t dimension) : dimension_(dimension) {
  if (correlation.empty()) return;
  if (correlation.size() != dimension * dimension)
    throw InternalError("GaussianCopula: " + std::to_string(correlation.size()) + " correlations for " +
                        std::to_string(dimension) + " targets (validation checks the size)");
  const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> matrix(
      correlation.data(), Eigen::Index(dimension), Eigen::Index(dimension));
  const Eigen::LLT<Eigen::MatrixXd> factor(matrix);
  if (factor.info() != Eigen::Success)
    throw InternalError("GaussianCopula: the correlation matrix is not positive definite (validation checks it)");
  const Eigen::MatrixXd lower = factor.matrixL();
  lower_.resize(dimension * dimension);
  for (std::size_t row = 0; row < dimension; ++row)
    for (std::size_t column = 0; column < dimension; ++column)
      lower_[row * dimension + column] = lower(Eigen::Index(row), Eigen::Index(column));
}

double GaussianCopula::correlated_score(std::size_t row, std::span<const double> independent) const noexcept {
  if (lower_.empty()) return independent[row];
  double sum = 0;
  for (std::size_t column = 0; column <= row; ++column) sum += lower_[row * dimension_ + column] * independent[column];
  return sum;
}

void GaussianCopula::correlate(std::span<const double> independent, std::span<double> correlated) const noexcept {
  for (std::size_t row = 0; row < dimension_; ++row) correlated[row] = correlated_score(row, independent);
}

}  // namespace scrisk::engine::detail
