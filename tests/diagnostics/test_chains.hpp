#pragma once
// Draws with known properties for the diagnostics tests: stationary AR(1) chains, and Stan's own test
// fixture (4 chains × 1000 draws of its Bernoulli example; ../shared/data/README.md).
#include <Eigen/Core>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "ito/io/table.hpp"
#include "ito/random/normal.hpp"

namespace ito::diagnostics::test {

/// m chains of a stationary AR(1) x_{i+1} = φ x_i + sqrt(1 − φ²) z_i (mean 0, unit marginal variance);
/// chain c uses the normals of path first_path + c of `stream`.
inline Eigen::MatrixXd ar1_chains(const random::NormalStream& stream, std::uint64_t first_path, int m, int n,
                                  double phi) {
  Eigen::MatrixXd x(m, n);
  std::vector<double> z(static_cast<std::size_t>(n));
  const double innovation = std::sqrt(1.0 - phi * phi);
  for (int c = 0; c < m; ++c) {
    stream.fill(first_path + static_cast<std::uint64_t>(c), 0, z.size(), z.data());
    x(c, 0) = z[0];
    for (int i = 1; i < n; ++i) x(c, i) = phi * x(c, i - 1) + innovation * z[static_cast<std::size_t>(i)];
  }
  return x;
}

/// Column `name` of Stan's fixture bern1..4.csv as 4 chains × 1000 draws (Stan CSV: '#' comment lines and
/// a header row, which io::read_csv reads as they are).
inline Eigen::MatrixXd stan_fixture(const std::filesystem::path& shared_data, const std::string& name) {
  Eigen::MatrixXd draws(4, 1000);
  for (int c = 0; c < 4; ++c) {
    const auto file = shared_data / "stan_diagnostics_fixture" / ("bern" + std::to_string(c + 1) + ".csv");
    draws.row(c) = io::read_csv(file.string()).column(name).transpose();
  }
  return draws;
}

}  // namespace ito::diagnostics::test
