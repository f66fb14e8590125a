#include "ito/random/normal.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace ito::random {
namespace {

// The first normals of a stream are pinned: they follow from Philox and Box–Muller by definition.
TEST(NormalStream, FirstValuesFollowTheDefinition) {
  const NormalStream s(42, Purpose::test);
  std::vector<double> z(8);
  s.fill(3, 0, z.size(), z.data());
  for (std::uint64_t b = 0; b < 4; ++b) {
    const auto r = philox4x32_10(make_counter(3, b), make_key(42, Purpose::test));
    const double u1 = uniform_open((std::uint64_t(r[1]) << 32) | r[0]);
    const double u2 = uniform_open((std::uint64_t(r[3]) << 32) | r[2]);
    const double rad = std::sqrt(-2 * std::log(u1));
    EXPECT_NEAR(z[2 * b], rad * std::cos(2 * std::numbers::pi * u2), 1e-14);
    EXPECT_NEAR(z[2 * b + 1], rad * std::sin(2 * std::numbers::pi * u2), 1e-14);
  }
}

TEST(NormalStream, OffsetsAndAcrossPathsAgreeBitwise) {
  const NormalStream s(7, Purpose::brownian);
  std::vector<double> all(1200);
  s.fill(11, 0, all.size(), all.data());
  // even and odd starts and lengths, within one chunk of 256 blocks and across chunks
  for (std::uint64_t first : {0ull, 1ull, 2ull, 513ull})
    for (std::size_t n : {1u, 2u, 79u, 80u, 300u, 601u}) {
      std::vector<double> part(n);
      s.fill(11, first, part.size(), part.data());
      for (std::size_t i = 0; i < part.size(); ++i) ASSERT_EQ(part[i], all[first + i]) << first << " + " << i;
    }
  std::vector<double> across(600), next(600);
  s.fill_across_paths(0, 600, 40, across.data(), next.data());
  std::vector<double> odd(600);
  s.fill_across_paths(0, 600, 41, odd.data());
  for (std::uint64_t p : {0ull, 11ull, 599ull}) {
    std::vector<double> row(42);
    s.fill(p, 0, row.size(), row.data());
    EXPECT_EQ(across[p], row[40]);
    EXPECT_EQ(next[p], row[41]);
    EXPECT_EQ(odd[p], row[41]);
  }
}

TEST(NormalStream, DifferentPurposesAndPathsDiffer) {
  const NormalStream a(1, Purpose::brownian), b(1, Purpose::monte_carlo);
  EXPECT_NE(a.normal(0, 0), b.normal(0, 0));
  EXPECT_NE(a.normal(0, 0), a.normal(1, 0));
}

// Moments of 2^20 normals within 4.5 standard errors of N(0,1) (SE of the mean 1/sqrt(n), of the
// second moment sqrt(2/n), of the fourth sqrt(96/n)).
TEST(NormalStream, MomentsMatchStandardNormal) {
  const NormalStream s(2026, Purpose::test);
  const std::size_t n = 1 << 20;
  std::vector<double> z(n);
  s.fill(0, 0, n, z.data());
  double m1 = 0, m2 = 0, m4 = 0;
  for (double v : z) {
    m1 += v;
    m2 += v * v;
    m4 += v * v * v * v;
  }
  m1 /= n;
  m2 /= n;
  m4 /= n;
  EXPECT_LT(std::abs(m1), 4.5 / std::sqrt(double(n)));
  EXPECT_LT(std::abs(m2 - 1), 4.5 * std::sqrt(2.0 / n));
  EXPECT_LT(std::abs(m4 - 3), 4.5 * std::sqrt(96.0 / n));
}

TEST(NormalStream, UniformsDoNotReuseTheNormalsBits) {
  const NormalStream s(5, Purpose::test);
  for (std::uint64_t b = 0; b < 64; ++b) {
    const auto r = philox4x32_10(make_counter(0, b), make_key(5, Purpose::test));
    const double u1 = uniform_open((std::uint64_t(r[1]) << 32) | r[0]);
    EXPECT_NE(s.uniform(0, 2 * b), u1) << "uniform " << 2 * b << " reuses the block of normals " << 2 * b;
  }
}

// fill_uniform (vectorised Philox, 256 blocks at a time) against its definition one block at a time: uniform j
// of a path = the (j mod 2)-th 53-bit uniform of Philox block (path, 2^63 + j/2). Odd and even starts, chunk
// boundaries, and a start just below a carry into the counter's high word.
TEST(NormalStream, UniformsMatchTheirScalarDefinitionBitwise) {
  const NormalStream s(9, Purpose::test);
  const auto key = make_key(9, Purpose::test);
  const auto reference = [&](std::uint64_t path, std::uint64_t j) {
    const auto r = philox4x32_10(make_counter(path, (std::uint64_t{1} << 63) | (j / 2)), key);
    return j % 2 == 0 ? uniform_open((std::uint64_t(r[1]) << 32) | r[0])
                      : uniform_open((std::uint64_t(r[3]) << 32) | r[2]);
  };
  for (const std::uint64_t first : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{511},
                                    (std::uint64_t{1} << 33) - 301}) {
    std::vector<double> u(1200);
    s.fill_uniform(3, first, u.size(), u.data());
    for (std::size_t i = 0; i < u.size(); ++i) ASSERT_EQ(u[i], reference(3, first + i)) << first << " + " << i;
  }
}

TEST(NormalStream, UniformsAreInOpenUnitInterval) {
  const NormalStream s(5, Purpose::test);
  std::vector<double> u(10000);
  s.fill_uniform(0, 0, u.size(), u.data());
  double mean = 0;
  for (double v : u) {
    ASSERT_GT(v, 0.0);
    ASSERT_LT(v, 1.0);
    mean += v / u.size();
  }
  EXPECT_LT(std::abs(mean - 0.5), 4.5 * std::sqrt(1.0 / 12 / u.size()));
}

}  // namespace
}  // namespace ito::random
