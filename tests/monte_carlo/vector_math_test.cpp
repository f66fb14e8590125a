// Vector exp and log (ito/monte_carlo/vector_math.hpp): in a `#pragma omp simd` loop — where, with the
// header's declarations, GCC calls glibc's libmvec variants — exp and log stay within 4 ulp of the correctly
// rounded value (the long double expl/logl rounded to double), the accuracy glibc documents for libmvec's
// exp and log; the scalar std::exp/std::log stay within 1 ulp. A declaration with the wrong vector ABI, or a
// variant built with fast-math shortcuts, fails this by far more than 4 ulp.
#include "ito/monte_carlo/vector_math.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <vector>

namespace ito::monte_carlo {
namespace {

// Distance in units in the last place between two finite doubles (monotone map of the bit patterns).
std::int64_t ulp_distance(double a, double b) {
  auto ordered = [](double x) {
    const auto i = std::bit_cast<std::int64_t>(x);
    return i >= 0 ? i : std::numeric_limits<std::int64_t>::min() - i;
  };
  const std::int64_t d = ordered(a) - ordered(b);
  return d < 0 ? -d : d;
}

std::vector<double> exp_arguments() {
  std::vector<double> x;
  for (int i = 0; i <= 20000; ++i) x.push_back(-700.0 + 1400.0 * i / 20000.0 + 1e-3 * std::sin(i));
  for (int i = -300; i <= 300; ++i) x.push_back(i * 1e-4);  // near 0, where exp(x) − 1 is small
  return x;
}

std::vector<double> log_arguments() {
  std::vector<double> x;
  for (int i = 0; i <= 20000; ++i) x.push_back(std::pow(10.0, -300.0 + 600.0 * i / 20000.0) * (1.0 + 0.3 * std::sin(i)));
  for (int i = -300; i <= 300; ++i) x.push_back(1.0 + i * 1e-5);  // near 1, where log is small
  return x;
}

template <class Vector, class Scalar, class Exact>
void expect_within_ulps(const std::vector<double>& x, Vector vector_f, Scalar scalar_f, Exact exact_f, const char* name) {
  const std::size_t n = x.size();
  std::vector<double> y(n);
  const double* in = x.data();
  double* out = y.data();
#pragma omp simd
  for (std::size_t i = 0; i < n; ++i) out[i] = vector_f(in[i]);
  std::int64_t worst_vector = 0, worst_scalar = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double exact = static_cast<double>(exact_f(static_cast<long double>(x[i])));
    ASSERT_TRUE(std::isfinite(y[i])) << name << "(" << x[i] << ")";
    const std::int64_t dv = ulp_distance(y[i], exact), ds = ulp_distance(scalar_f(x[i]), exact);
    EXPECT_LE(dv, 4) << "vector " << name << "(" << x[i] << ") = " << y[i] << ", correctly rounded " << exact;
    EXPECT_LE(ds, 1) << "scalar " << name << "(" << x[i] << ")";
    worst_vector = std::max(worst_vector, dv);
    worst_scalar = std::max(worst_scalar, ds);
  }
  std::printf("  %s over %zu arguments: worst %lld ulp in the simd loop, %lld ulp scalar\n", name, n,
              static_cast<long long>(worst_vector), static_cast<long long>(worst_scalar));
}

TEST(VectorMath, ExpInASimdLoopIsWithinFourUlp) {
  expect_within_ulps(
      exp_arguments(), [](double v) { return exp(v); }, [](double v) { return std::exp(v); },
      [](long double v) { return std::exp(v); }, "exp");
}

TEST(VectorMath, LogInASimdLoopIsWithinFourUlp) {
  expect_within_ulps(
      log_arguments(), [](double v) { return log(v); }, [](double v) { return std::log(v); },
      [](long double v) { return std::log(v); }, "log");
}

}  // namespace
}  // namespace ito::monte_carlo
