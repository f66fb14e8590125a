#include "ito/fokker_planck/adi.hpp"

#include <gtest/gtest.h>

#include "ito/fokker_planck/problems.hpp"
#include "ito/convergence/order_fit.hpp"

namespace ito::fokker_planck {
namespace {

// The correlated, anisotropic 2-D OU problem both tests step: 40 × 40 cells, mixed second derivatives.
struct CorrelatedOu2d {
  Grid2D grid{Grid1D(-5, 5, 40), Grid1D(-4.5, 5.5, 40)};
  Problem2D p = ou2d_problem((Eigen::Matrix2d() << 1.0, 0.3, -0.2, 2.0).finished(),
                             (Eigen::Matrix2d() << 1.0, 0.0, 0.6, 0.8).finished(), Eigen::Vector2d(1.5, -1.0),
                             0.25 * Eigen::Matrix2d::Identity(), grid);
  Generator2D g = assemble_generator(p.model, grid, 0.0);
};

// Time error of ADI on a fixed 2-D grid with correlated noise, against the sparse implicit TR-BDF2
// solution with a tiny step (same spatial operator).
TEST(Adi, HundsdorferVerwerIsSecondOrderAndDouglasFirstWithMixedTerms) {
  const CorrelatedOu2d problem;
  const auto& [grid, p, g] = problem;
  const Eigen::VectorXd p0 = Eigen::Map<const Eigen::VectorXd>(p.initial.data(), 1600);
  Eigen::VectorXd reference = p0;
  TimeStepping fine;
  fine.dt = 2.5e-4;
  evolve({[&](double) { return g.full(); }, false, grid.cell_area()}, reference, 0.0, {0.5}, fine);
  const std::vector<double> dts{0.02, 0.01, 0.005, 0.0025};
  for (auto scheme : {AdiScheme::hundsdorfer_verwer, AdiScheme::douglas}) {
    std::vector<double> errors;
    for (double dt : dts) {
      Eigen::VectorXd q = p0;
      AdiStepping st;
      st.scheme = scheme;
      st.dt = dt;
      const auto stats = evolve_adi(g, grid.cell_area(), q, 0.0, {0.5}, st);
      EXPECT_EQ(stats.factorizations, 2u);
      EXPECT_NEAR(q.sum() * grid.cell_area(), p0.sum() * grid.cell_area(), 1e-13);
      errors.push_back(grid.cell_area() * (q - reference).cwiseAbs().sum());
    }
    const auto fit = convergence::fit_loglog(dts, errors);
    std::cout << to_string(scheme) << ": time order " << fit.slope << " ± " << (fit.ci_high - fit.slope)
              << ", L1 error at dt=0.0025: " << errors.back() << '\n';
    EXPECT_NEAR(fit.slope, scheme == AdiScheme::douglas ? 1.0 : 2.0, 0.1) << to_string(scheme);
  }
}

TEST(Adi, AdaptiveStepsGrowTowardsEquilibrium) {
  const CorrelatedOu2d problem;
  const auto& [grid, p, g] = problem;
  AdiStepping st;
  st.adaptive = true;
  st.dt = 1e-3;
  st.tolerance = 1e-7;
  std::size_t steps[2];
  const double ends[2] = {20.0, 200.0};
  for (int k = 0; k < 2; ++k) {
    Eigen::VectorXd q = Eigen::Map<const Eigen::VectorXd>(p.initial.data(), 1600);
    steps[k] = evolve_adi(g, grid.cell_area(), q, 0.0, {ends[k]}, st).steps;
  }
  std::cout << "adaptive HV ADI steps: T=20 " << steps[0] << ", T=200 " << steps[1] << '\n';
  EXPECT_LE(steps[1], steps[0] + 8);  // 10× longer: ≈ log2(10) more doublings
}

}  // namespace
}  // namespace ito::fokker_planck
