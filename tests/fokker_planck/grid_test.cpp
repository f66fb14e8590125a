// Cell-centred grids (fokker_planck/grid.hpp): geometry, boundary names, and the cell averages the initial
// densities are built from — Gauss–Legendre quadrature exact for the degree it claims, and the Gaussian's
// exact averages (differences of the normal CDF) summing to its mass on the interval.
#include "ito/fokker_planck/grid.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "ito/core/error.hpp"

namespace ito::fokker_planck {
namespace {

TEST(Grid1D, FacesAndCentresSplitTheIntervalEvenly) {
  const Grid1D g(-2.0, 3.0, 10);
  EXPECT_DOUBLE_EQ(g.width(), 0.5);
  EXPECT_DOUBLE_EQ(g.face(0), -2.0);
  EXPECT_DOUBLE_EQ(g.face(10), 3.0);
  EXPECT_DOUBLE_EQ(g.centre(0), -1.75);
  EXPECT_DOUBLE_EQ(g.centre(9), 2.75);
  const auto c = g.centres();
  ASSERT_EQ(c.size(), 10u);
  for (std::size_t i = 0; i < c.size(); ++i) EXPECT_DOUBLE_EQ(c[i], 0.5 * (g.face(i) + g.face(i + 1)));
  EXPECT_FALSE(g.periodic());
  EXPECT_TRUE(Grid1D(0.0, 1.0, 4, Boundary::periodic, Boundary::periodic).periodic());
}

TEST(Grid1D, BoundaryNamesRoundTripAndUnknownNamesAreRefused) {
  for (Boundary b : {Boundary::reflecting, Boundary::absorbing, Boundary::periodic})
    EXPECT_EQ(boundary_from_string(to_string(b)), b);
  EXPECT_THROW(boundary_from_string("dirichlet"), ParameterError);
}

// 4-point Gauss–Legendre integrates degree 7 exactly: the cell average of x⁷ is (b⁸ − a⁸)/(8h).
TEST(CellAverages, ExactForPolynomialsOfDegreeSeven) {
  const Grid1D g(-1.3, 2.1, 7);
  const auto avg = cell_averages(g, [](double x) { return std::pow(x, 7) - 2.0 * x * x + 1.0; });
  for (std::size_t i = 0; i < g.cells; ++i) {
    const double a = g.face(i), b = g.face(i + 1);
    const auto F = [](double x) { return std::pow(x, 8) / 8.0 - 2.0 * std::pow(x, 3) / 3.0 + x; };
    EXPECT_NEAR(avg[i], (F(b) - F(a)) / g.width(), 1e-12) << "cell " << i;
  }
}

TEST(CellAverages, GaussianAveragesCarryTheMassOnTheInterval) {
  const Grid1D g(-1.0, 4.0, 50);
  const double mean = 1.2, sd = 0.7;
  const auto avg = gaussian_cell_averages(g, mean, sd);
  const double mass = g.width() * std::accumulate(avg.begin(), avg.end(), 0.0);
  const auto cdf = [&](double x) { return 0.5 * std::erfc(-(x - mean) / (sd * std::sqrt(2.0))); };
  EXPECT_NEAR(mass, cdf(4.0) - cdf(-1.0), 1e-14);
  // The same averages by quadrature of the density: quadrature error ~ h⁸ f⁽⁸⁾, far below 1e-9 here.
  const auto quad = cell_averages(g, [&](double x) {
    const double z = (x - mean) / sd;
    return std::exp(-0.5 * z * z) / (sd * std::sqrt(2.0 * M_PI));
  });
  for (std::size_t i = 0; i < g.cells; ++i) EXPECT_NEAR(avg[i], quad[i], 1e-9) << "cell " << i;
}

TEST(Grid2D, IndexIsXFastestAndAveragesAreExactForProductPolynomials) {
  Grid2D g{Grid1D(0.0, 2.0, 4), Grid1D(-1.0, 1.0, 3)};
  EXPECT_EQ(g.size(), 12u);
  EXPECT_EQ(g.index(3, 0), 3u);
  EXPECT_EQ(g.index(0, 1), 4u);
  EXPECT_DOUBLE_EQ(g.cell_area(), 0.5 * (2.0 / 3.0));
  // 3-point Gauss–Legendre per axis is exact for degree 5 in each variable.
  const auto avg = cell_averages(g, [](double x, double y) { return std::pow(x, 5) * std::pow(y, 4) + x * y; });
  for (std::size_t j = 0; j < g.y.cells; ++j)
    for (std::size_t i = 0; i < g.x.cells; ++i) {
      const double a = g.x.face(i), b = g.x.face(i + 1), c = g.y.face(j), d = g.y.face(j + 1);
      const double integral = (std::pow(b, 6) - std::pow(a, 6)) / 6.0 * (std::pow(d, 5) - std::pow(c, 5)) / 5.0 +
                              (b * b - a * a) / 2.0 * (d * d - c * c) / 2.0;
      EXPECT_NEAR(avg[g.index(i, j)], integral / g.cell_area(), 1e-12) << "cell " << i << ", " << j;
    }
}

}  // namespace
}  // namespace ito::fokker_planck
