// Elementary functions written with +, -, *, /, sqrt and bit operations only, branch-free
// (both sides computed, then selected), so that GCC vectorises loops calling them and every
// path -- scalar, SSE2, AVX2, AVX-512 -- gives the same bits: IEEE basic operations are
// correctly rounded, and the files that include this are compiled with -ffp-contract=off
// (GCC contracts a * b + c into an FMA in C++ mode otherwise, on the paths that have one).
// libm and libmvec are not used: their results may differ between their own ISA variants.
#pragma once
#include <bit>
#include <cstdint>

namespace scrisk::engine::detail::vmath {

[[gnu::always_inline]] inline double from_bits(std::uint64_t b) { return std::bit_cast<double>(b); }
[[gnu::always_inline]] inline std::uint64_t to_bits(double d) { return std::bit_cast<std::uint64_t>(d); }

/// Uniform on (0, 1): ((w >> 12) + 0.5) 2^-52 -- never 0 or 1, 52 random bits; built
/// with integer operations only (AVX2 has no 64-bit integer -> double conversion).
[[gnu::always_inline]] inline double uniform_open(std::uint64_t w) {
  const double k = from_bits((w >> 12) | 0x4330000000000000ull) - 0x1p52;  // exactly w >> 12
  return (k + 0.5) * 0x1p-52;
}
/// Uniform on [0, 1) with 52 bits.
[[gnu::always_inline]] inline double uniform52(std::uint64_t w) { return from_bits((w >> 12) | 0x3ff0000000000000ull) - 1.0; }
/// Uniform on [0, 1) from a 32-bit integer (as the engine's uniform_pair).
[[gnu::always_inline]] inline double uniform32(std::uint32_t u) { return double(u) * 0x1p-32; }

/// exp(x): x = n ln2 + r, |r| <= ln2/2, Taylor to degree 13 (truncation < 5e-18), scale by
/// adding n to the exponent field. exp(x) = 0 for x < -708, +inf for x > 709.78, NaN stays NaN.
[[gnu::always_inline]] inline double exp(double x) {
  constexpr double kLog2e = 1.4426950408889634074;
  constexpr double kLn2Hi = 6.93147180369123816490e-01, kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kShift = 0x1.8p52;
  const double xc = x < -708.0 ? -708.0 : (x > 709.0 ? 709.0 : x);
  const double t = xc * kLog2e + kShift;
  const double n = t - kShift;  // round(xc / ln 2)
  const std::int64_t ni = std::int64_t(to_bits(t) - to_bits(kShift));
  const double r = (xc - n * kLn2Hi) - n * kLn2Lo;
  double p = 1.0 / 6227020800.0;  // 1/13!
  p = p * r + 1.0 / 479001600.0;  // 1/12!
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  const double em1 = r + (r * r) * p;  // e^r - 1
  const double e = 1.0 + em1;
  double y = from_bits(to_bits(e) + (std::uint64_t(ni) << 52));
  y = x < -708.0 ? 0.0 : y;
  y = x > 709.782712893384 ? __builtin_inf() : y;
  return x != x ? x : y;
}

/// log(x) for finite x > 0 (fdlibm/musl's e_log.c algorithm, made branch-free; normal x only).
[[gnu::always_inline]] inline double log(double x) {
  constexpr double kLn2Hi = 6.93147180369123816490e-01, kLn2Lo = 1.90821492927058770002e-10;
  constexpr double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
                   Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
                   Lg7 = 1.479819860511658591e-01;
  // Reduce x to 2^k m with m in [sqrt(2)/2, sqrt(2)).
  const std::uint64_t ix = to_bits(x) + (std::uint64_t(0x3ff00000 - 0x3fe6a09e) << 32);
  const std::uint64_t biased_k = ix >> 52;  // k + 1023
  const double m = from_bits((ix & 0x000fffffffffffffull) + 0x3fe6a09e00000000ull);
  // k as a double without an int64 -> double conversion: 2^52 + biased_k, minus 2^52 + 1023.
  const double k = from_bits(0x4330000000000000ull | biased_k) - (0x1p52 + 1023.0);
  const double f = m - 1.0;
  const double hfsq = 0.5 * f * f;
  const double s = f / (2.0 + f);
  const double z = s * s, w = z * z;
  const double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  const double R = t2 + t1;
  return s * (hfsq + R) + k * kLn2Lo - hfsq + f + k * kLn2Hi;
}

/// Standard normal quantile, Wichura's AS 241 (PPND16, relative error about 1e-16), in
/// two halves that a SIMD caller can run on different lanes: the central region
/// |p - 0.5| <= 0.425 (85 % of draws, one rational function) and the tails (a log, a square
/// root, two rational functions). inverse_normal() = the right half, the same bits.
[[gnu::always_inline]] inline bool normal_is_central(double p) {
  const double q = p - 0.5;
  return q <= 0.425 && q >= -0.425;
}
[[gnu::always_inline]] inline double inverse_normal_central(double p) {
  const double q = p - 0.5;
  const double rc = 0.180625 - q * q;
  const double nc = (((((((2.5090809287301226727e+3 * rc + 3.3430575583588128105e+4) * rc + 6.7265770927008700853e+4) * rc +
                         4.5921953931549871457e+4) *
                            rc +
                        1.3731693765509461125e+4) *
                           rc +
                       1.9715909503065514427e+3) *
                          rc +
                      1.3314166789178437745e+2) *
                         rc +
                     3.3871328727963666080e+0) *
                    q;
  const double dc = (((((((5.2264952788528545610e+3 * rc + 2.8729085735721942674e+4) * rc + 3.9307895800092710610e+4) * rc +
                         2.1213794301586595867e+4) *
                            rc +
                        5.3941960214247511077e+3) *
                           rc +
                       6.8718700749205790830e+2) *
                          rc +
                      4.2313330701600911252e+1) *
                         rc +
                     1.0);
  return nc / dc;
}
[[gnu::always_inline]] inline double inverse_normal_tail(double p) {
  const double q = p - 0.5;
  const double pm = q < 0 ? p : 1.0 - p;
  const double r = __builtin_sqrt(-vmath::log(pm));
  const double a = r - 1.6;
  const double na = (((((((7.74545014278341407640e-4 * a + 2.27238449892691845833e-2) * a + 2.41780725177450611770e-1) * a +
                         1.27045825245236838258e+0) *
                            a +
                        3.64784832476320460504e+0) *
                           a +
                       5.76949722146069140550e+0) *
                          a +
                      4.63033784615654529590e+0) *
                         a +
                     1.42343711074968357734e+0);
  const double da = (((((((1.05075007164441684324e-9 * a + 5.47593808499534494600e-4) * a + 1.51986665636164571966e-2) * a +
                         1.48103976427480074590e-1) *
                            a +
                        6.89767334985100004550e-1) *
                           a +
                       1.67638483018380384940e+0) *
                          a +
                      2.05319162663775882187e+0) *
                         a +
                     1.0);
  const double b = r - 5.0;
  const double nb = (((((((2.01033439929228813265e-7 * b + 2.71155556874348757815e-5) * b + 1.24266094738807843860e-3) * b +
                         2.65321895265761230930e-2) *
                            b +
                        2.96560571828504891230e-1) *
                           b +
                       1.78482653991729133580e+0) *
                          b +
                      5.46378491116411436990e+0) *
                         b +
                     6.65790464350110377720e+0);
  const double db = (((((((2.04426310338993978564e-15 * b + 1.42151175831644588870e-7) * b + 1.84631831751005468180e-5) * b +
                         7.86869131145613259100e-4) *
                            b +
                        1.48753612908506148525e-2) *
                           b +
                       1.36929880922735805310e-1) *
                          b +
                      5.99832206555887937690e-1) *
                         b +
                     1.0);
  const bool mid = r <= 5.0;
  const double nt = mid ? na : nb, dt = mid ? da : db;
  return (q < 0 ? -nt : nt) / dt;
}
[[gnu::always_inline]] inline double inverse_normal(double p) {
  const double c = inverse_normal_central(p), t = inverse_normal_tail(p);
  return normal_is_central(p) ? c : t;
}

}  // namespace scrisk::engine::detail::vmath
