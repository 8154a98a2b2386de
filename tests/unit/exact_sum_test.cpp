// ExactSum against an independent big-integer oracle (Boost.Multiprecision): order and grouping
// never change the bits, sums whose true value is a double come out exactly, and any sum is
// within one ulp of the true value. LogBins: every value lies inside the bin it is given.
#include <gtest/gtest.h>

#include <boost/multiprecision/cpp_int.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "scrisk/core/exact_sum.hpp"
#include "scrisk/core/log_bins.hpp"

namespace scrisk {
namespace {

using BigInt = boost::multiprecision::cpp_int;

std::uint64_t bits(double value) { return std::bit_cast<std::uint64_t>(value); }

ExactSum sum_of(const std::vector<double>& values) {
  ExactSum sum;
  for (const double value : values) sum.add(value);
  return sum;
}

/// value * 2^128 as an exact integer; value must be a multiple of 2^-128 (every double of
/// magnitude >= 2^-75 is).
BigInt scaled(double value) {
  if (value == 0) return 0;
  int exponent = 0;
  const double fraction = std::frexp(std::fabs(value), &exponent);  // value = fraction * 2^exponent
  const auto mantissa = static_cast<std::uint64_t>(std::ldexp(fraction, 53));
  const int shift = exponent - 53 + ExactSum::kFractionBits;
  EXPECT_GE(shift, 0) << "value below the oracle's resolution: " << value;
  BigInt result = mantissa;
  result <<= shift;
  return value < 0 ? BigInt(-result) : result;
}

/// Unit in the last place of `value`, times 2^128, as an exact integer.
BigInt scaled_ulp(double value) {
  const double magnitude = std::fabs(value);
  return scaled(std::nextafter(magnitude, std::numeric_limits<double>::infinity()) - magnitude);
}

/// 10^5 doubles whose magnitudes span 2^-60 .. 2^100, both signs, with exact cancellations
/// (pairs x, -x) and near-cancellations (x, -(x + ulp)) mixed in.
std::vector<double> mixed_values(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> fraction(1.0, 2.0);
  std::uniform_int_distribution<int> exponent(-60, 100);
  std::bernoulli_distribution negative(0.5);
  std::vector<double> values;
  while (values.size() < 100'000) {
    const double value = std::ldexp(fraction(rng), exponent(rng)) * (negative(rng) ? -1 : 1);
    values.push_back(value);
    if (values.size() % 7 == 0) values.push_back(-value);
    if (values.size() % 11 == 0) values.push_back(-std::nextafter(value, 2 * value));
  }
  values.resize(100'000);
  return values;
}

TEST(ExactSum, ShuffledOrderGivesTheSameBits) {
  std::vector<double> values = mixed_values(1);
  const ExactSum reference = sum_of(values);
  const double reference_value = reference.value();
  std::mt19937_64 rng(2);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(values.begin(), values.end(), rng);
    const ExactSum shuffled = sum_of(values);
    EXPECT_EQ(bits(shuffled.value()), bits(reference_value)) << "round " << round;
    EXPECT_TRUE(shuffled == reference) << "round " << round;
  }
  std::sort(values.begin(), values.end());
  EXPECT_EQ(bits(sum_of(values).value()), bits(reference_value));
  std::sort(values.begin(), values.end(), [](double a, double b) { return std::fabs(a) > std::fabs(b); });
  EXPECT_EQ(bits(sum_of(values).value()), bits(reference_value));
  // The same values added as naive doubles do depend on the order: the test is not vacuous.
  double forward = 0, backward = 0;
  for (const double v : values) forward += v;
  for (auto it = values.rbegin(); it != values.rend(); ++it) backward += *it;
  EXPECT_NE(bits(forward), bits(backward));
}

TEST(ExactSum, WithinOneUlpOfTheExactSum) {
  for (std::uint64_t seed : {3, 4, 5}) {
    const std::vector<double> values = mixed_values(seed);
    BigInt exact = 0;
    for (const double value : values) exact += scaled(value);
    const double sum = sum_of(values).value();
    BigInt error = scaled(sum) - exact;
    if (error < 0) error = -error;
    EXPECT_LE(error, scaled_ulp(sum)) << "seed " << seed << ": sum " << sum;
    // And its sign is right (the negative path of value()).
    EXPECT_EQ(sum < 0, exact < 0);
  }
}

TEST(ExactSum, ExactWhenTheTrueSumIsADouble) {
  {
    ExactSum sum;
    sum.add(1e16);
    sum.add(1);
    sum.add(-1e16);
    EXPECT_EQ(sum.value(), 1.0);  // doubles give 0 in this order
  }
  {
    ExactSum sum;
    sum.add(0x1p100);
    sum.add(0x1p-60);
    sum.add(-0x1p100);
    EXPECT_EQ(sum.value(), 0x1p-60);
  }
  {
    ExactSum sum;  // 2^53 + 1 is not a double, but 2^53 + 1 + 1 is
    sum.add(0x1p53);
    sum.add(1);
    sum.add(1);
    EXPECT_EQ(sum.value(), 0x1p53 + 2);
  }
  {
    ExactSum sum;  // the smallest weight and values near the top of the range
    sum.add(0x1p-128);
    sum.add(0x1.fffffffffffffp188);
    sum.add(-0x1.fffffffffffffp188);
    EXPECT_EQ(sum.value(), 0x1p-128);
  }
  {
    // Integers: 1 + 2 + ... + 100000 and a random mix of signed integers, against int64 sums.
    ExactSum sum;
    for (int i = 1; i <= 100'000; ++i) sum.add(double(i));
    EXPECT_EQ(sum.value(), 5'000'050'000.0);
    std::mt19937_64 rng(6);
    std::uniform_int_distribution<std::int64_t> integer(-(std::int64_t{1} << 40), std::int64_t{1} << 40);
    ExactSum mixed;
    std::int64_t exact = 0;
    for (int i = 0; i < 100'000; ++i) {
      const std::int64_t value = integer(rng);
      mixed.add(double(value));
      exact += value;
    }
    EXPECT_EQ(mixed.value(), double(exact));
    EXPECT_EQ(std::int64_t(mixed.value()), exact);  // |exact| < 2^53 here
  }
  {
    // Dyadic fractions k * 2^-40 (0.1-style decimals would not have a double as true sum).
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<std::int64_t> integer(-(std::int64_t{1} << 45), std::int64_t{1} << 45);
    ExactSum sum;
    std::int64_t exact = 0;
    for (int i = 0; i < 10'000; ++i) {
      const std::int64_t k = integer(rng);
      sum.add(std::ldexp(double(k), -40));
      exact += k;
    }
    EXPECT_EQ(sum.value(), std::ldexp(double(exact), -40));
  }
}

TEST(ExactSum, NegativesCancelAndMirror) {
  const std::vector<double> values = mixed_values(8);
  ExactSum cancelled;
  for (const double v : values) cancelled.add(v);
  for (const double v : values) cancelled.add(-v);
  EXPECT_EQ(bits(cancelled.value()), bits(0.0));
  EXPECT_TRUE(cancelled == ExactSum{});

  // The sum of the negated values is exactly the negated sum.
  ExactSum negated;
  for (const double v : values) negated.add(-v);
  EXPECT_EQ(negated.value(), -sum_of(values).value());

  // All-negative sums go through value()'s negation path.
  ExactSum negative;
  for (int i = 1; i <= 1000; ++i) negative.add(-double(i));
  EXPECT_EQ(negative.value(), -500'500.0);
  ExactSum tiny_negative;
  tiny_negative.add(-0x1p-100);
  EXPECT_EQ(tiny_negative.value(), -0x1p-100);
}

TEST(ExactSum, MergeEqualsSequentialAdds) {
  const std::vector<double> values = mixed_values(9);
  const ExactSum sequential = sum_of(values);
  std::mt19937_64 rng(10);
  std::uniform_int_distribution<std::size_t> cut(0, values.size());
  for (int round = 0; round < 5; ++round) {
    std::vector<std::size_t> cuts{0, values.size()};
    for (int i = 0; i < 20; ++i) cuts.push_back(cut(rng));
    std::sort(cuts.begin(), cuts.end());
    std::vector<ExactSum> parts;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
      ExactSum part;
      for (std::size_t k = cuts[i]; k < cuts[i + 1]; ++k) part.add(values[k]);
      parts.push_back(part);
    }
    std::shuffle(parts.begin(), parts.end(), rng);
    ExactSum merged;
    for (const ExactSum& part : parts) merged += part;
    EXPECT_TRUE(merged == sequential) << "round " << round;
    EXPECT_EQ(bits(merged.value()), bits(sequential.value())) << "round " << round;
  }
  // Merging into a sum that already holds values, and a negative total into a positive one.
  ExactSum a, b;
  a.add(1e30);
  a.add(3);
  b.add(-1e30);
  b.add(-1);
  a += b;
  EXPECT_EQ(a.value(), 2.0);
}

TEST(ExactSum, ValuesBelowResolutionAreTruncatedTheSameInAnyOrder) {
  std::vector<double> values;
  for (int i = 0; i < 1000; ++i) {
    values.push_back(0x1.8p-128);  // 1.5 units of 2^-128: truncated to 1 unit
    values.push_back(1e-300);      // no unit at all
    values.push_back(0x1.8p-129);  // 0.75 units: nothing
    values.push_back(-0x1.8p-129);
    values.push_back(std::numeric_limits<double>::denorm_min());
    values.push_back(0.0);
  }
  const ExactSum reference = sum_of(values);
  EXPECT_EQ(reference.value(), 1000 * 0x1p-128);
  std::mt19937_64 rng(11);
  std::shuffle(values.begin(), values.end(), rng);
  EXPECT_TRUE(sum_of(values) == reference);
}

TEST(ExactSum, NonFiniteAddendsBehaveLikeDoubles) {
  ExactSum sum;
  sum.add(1);
  sum.add(std::numeric_limits<double>::infinity());
  EXPECT_EQ(sum.value(), std::numeric_limits<double>::infinity());
  sum.add(-std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(sum.value()));
}

TEST(LogBins, EveryValueLiesInsideItsBin) {
  std::mt19937_64 rng(12);
  std::uniform_real_distribution<double> log2_value(-12, 62);
  std::vector<double> xs;
  for (int i = 0; i < 100'000; ++i) xs.push_back(std::exp2(log2_value(rng)));
  for (int bin = 1; bin < LogBins::kCount; ++bin) {
    const double edge = LogBins::lower(bin);
    xs.push_back(edge);
    xs.push_back(std::nextafter(edge, 0.0));
    xs.push_back(std::nextafter(edge, INFINITY));
  }
  xs.push_back(std::numeric_limits<double>::denorm_min());
  xs.push_back(std::numeric_limits<double>::max());
  for (const double x : xs) {
    const int bin = LogBins::of(x);
    ASSERT_GE(bin, 0) << x;
    ASSERT_LT(bin, LogBins::kCount) << x;
    EXPECT_LE(LogBins::lower(bin), x) << "x " << x << " bin " << bin;
    EXPECT_LT(x, LogBins::upper(bin)) << "x " << x << " bin " << bin;
  }
  // Monotone: a larger value never lands in a lower bin.
  std::sort(xs.begin(), xs.end());
  for (std::size_t i = 1; i < xs.size(); ++i) ASSERT_LE(LogBins::of(xs[i - 1]), LogBins::of(xs[i])) << xs[i];
}

TEST(LogBins, EdgesTileTheLineWithNarrowBins) {
  EXPECT_EQ(LogBins::lower(0), 0.0);
  EXPECT_EQ(LogBins::lower(1), std::ldexp(1.0, LogBins::kMinExponent));
  EXPECT_EQ(LogBins::lower(LogBins::kCount - 1), std::ldexp(1.0, LogBins::kMaxExponent));
  EXPECT_TRUE(std::isinf(LogBins::upper(LogBins::kCount - 1)));
  for (int bin = 0; bin + 1 < LogBins::kCount; ++bin) {
    EXPECT_EQ(LogBins::upper(bin), LogBins::lower(bin + 1));
    EXPECT_LT(LogBins::lower(bin), LogBins::upper(bin));
    if (bin >= 1) {
      EXPECT_EQ(LogBins::of(LogBins::lower(bin)), bin);
      EXPECT_LE(LogBins::upper(bin) / LogBins::lower(bin), 1.0 + 1.0 / LogBins::kBinsPerOctave);
    }
  }
}

}  // namespace
}  // namespace scrisk
