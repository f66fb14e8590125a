#include "ito/fokker_planck/stationary.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "ito/core/error.hpp"
#include "ito/fokker_planck/problems.hpp"
#include "ito/fokker_planck/solve.hpp"

namespace ito::fokker_planck {
namespace {

TEST(Stationary, DoubleWellEqualsBoltzmannOnTheGridToRoundOff) {
  // U = (x² − 1)², D = 0.25: p∞ = exp(−U/D)/Z, Z = h Σ exp(−U(x_i)/D), on an asymmetric interval.
  // 101 and 500 cells (h ≈ 0.01). The discrete stationary density is Boltzmann's exactly, so what is left is the
  // LU solve's round-off, which grows with the number of cells n: relative to the peak, measured 0.9–42 n ε over
  // 101–4000 cells in the Release build and the -O1 sanitizer build (e.g. 500 cells: 3.3 n ε Release, 10.2 n ε
  // -O1; 4000 cells: 42 and 30 n ε). The bound is 50 n ε (1.1e-12 at 101 cells, 5.6e-12 at 500; it was a flat
  // 1e-12, which the -O1 build exceeded at 500 cells with 1.13e-12); a flux that did not preserve Boltzmann's
  // density exactly would leave a discretisation error, orders of magnitude above it.
  for (std::size_t cells : {101, 500}) {
    const auto p = double_well_problem(0.25, 1.0, 0.3, Grid1D(-2.2, 2.6, cells));
    Options1D o;
    o.steady_state = true;
    const auto s = solve(p, o);
    double worst = 0.0, peak = 0.0;
    for (std::size_t i = 0; i < cells; ++i) {
      worst = std::max(worst, std::fabs(s.density[0][i] - s.exact_density[0][i]));
      peak = std::max(peak, s.exact_density[0][i]);
    }
    EXPECT_LE(worst / peak, 50.0 * static_cast<double>(cells) * std::numeric_limits<double>::epsilon())
        << cells << " cells";
    EXPECT_NEAR(s.mass[0], 1.0, 1e-13);
    EXPECT_GE(s.min_density, 0.0);
  }
}

TEST(Stationary, OuEqualsGaussianAtTheCentresAndPeriodicTiltIsSolved) {
  const auto p = ou_problem(2.0, 0.3, 1.0, 0.0, 1.0, Grid1D(-3.0, 4.0, 350));
  const auto g = assemble_generator(p.model, p.grid, 0.0);
  const Eigen::VectorXd s = stationary_density(g.matrix, p.grid.width());
  double z = 0.0;
  for (std::size_t i = 0; i < 350; ++i) z += std::exp(-p.model.potential(p.grid.centre(i)));
  for (std::size_t i = 0; i < 350; i += 7)
    EXPECT_NEAR(s[static_cast<Eigen::Index>(i)], std::exp(-p.model.potential(p.grid.centre(i))) / (z * p.grid.width()), 1e-12);
  // Tilted periodic potential: a non-equilibrium steady state with constant flux; the balance must hold.
  Model1D ratchet{[](double, double x) { return 1.0 + std::cos(x); }, [](double, double) { return 0.5; }, {}, false, {}};
  const Grid1D ring(0.0, 2.0 * M_PI, 128, Boundary::periodic, Boundary::periodic);
  const auto gr = assemble_generator(ratchet, ring, 0.0);
  const Eigen::VectorXd pr = stationary_density(gr.matrix, ring.width());
  EXPECT_LT((gr.matrix * pr).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_NEAR(pr.sum() * ring.width(), 1.0, 1e-13);
  EXPECT_GT(pr.minCoeff(), 0.0);
}

TEST(Stationary, AbsorbingBoundaryHasNoStationaryDensity) {
  const auto p = ou_problem(1.0, 0.0, 1.0, 0.0, 1.0, Grid1D(-3.0, 3.0, 30, Boundary::absorbing, Boundary::reflecting));
  EXPECT_THROW(stationary_density(assemble_generator(p.model, p.grid, 0.0).matrix, p.grid.width()), ParameterError);
}

}  // namespace
}  // namespace ito::fokker_planck
