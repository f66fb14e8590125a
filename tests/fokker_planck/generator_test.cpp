#include "ito/fokker_planck/generator.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/core/error.hpp"
#include "ito/fokker_planck/problems.hpp"

namespace ito::fokker_planck {
namespace {

Eigen::RowVectorXd column_sums(const SparseMatrix& l) { return Eigen::RowVectorXd::Ones(l.rows()) * l; }

double max_abs(const SparseMatrix& l) { return l.coeffs().cwiseAbs().maxCoeff(); }

TEST(Generator1D, ReflectingAndPeriodicConserveMassAndAreMetzler) {
  Model1D tilted{[](double, double x) { return 1.5 - std::sin(x); }, [](double, double x) { return 0.3 + 0.1 * std::cos(x); }, {}, false, {}};
  for (auto bc : {Boundary::reflecting, Boundary::periodic}) {
    const Grid1D grid(-1.0, 2.0 * M_PI - 1.0, 64, bc, bc);
    const auto g = assemble_generator(tilted, grid, 0.0);
    EXPECT_LT(column_sums(g.matrix).cwiseAbs().maxCoeff(), 1e-14 * max_abs(g.matrix)) << to_string(bc);
    for (Eigen::Index c = 0; c < g.matrix.outerSize(); ++c)
      for (SparseMatrix::InnerIterator it(g.matrix, c); it; ++it) {
        if (it.row() != it.col()) {
          EXPECT_GE(it.value(), 0.0);
        }
      }
    EXPECT_EQ(g.matrix.nonZeros(), bc == Boundary::periodic ? 3 * 64 : 3 * 64 - 2);
  }
}

TEST(Generator1D, AbsorbingColumnSumsAreTheExitRates) {
  const auto p = ou_problem(1.0, 0.5, 1.0, 0.0, 1.0, Grid1D(-1.0, 3.0, 40, Boundary::absorbing, Boundary::absorbing));
  const auto g = assemble_generator(p.model, p.grid, 0.0);
  const auto sums = column_sums(g.matrix);
  const double h = p.grid.width();
  EXPECT_GT(g.left_exit_rate, 0.0);
  EXPECT_GT(g.right_exit_rate, 0.0);
  EXPECT_NEAR(sums[0] * h, -g.left_exit_rate, 1e-13 * g.left_exit_rate);
  EXPECT_NEAR(sums[39] * h, -g.right_exit_rate, 1e-13 * g.right_exit_rate);
  EXPECT_LT(sums.segment(1, 38).cwiseAbs().maxCoeff(), 1e-13 * max_abs(g.matrix));
}

TEST(Generator1D, ZeroFluxStateIsExactForAnyDriftAndDiffusion) {
  // q = D p ∝ exp(∫ b/D) makes every face flux vanish; with a potential the integral is exact.
  Model1D m{[](double, double x) { return -x * x * x + 0.5; }, [](double, double x) { return 0.2 + 0.05 * x * x; }, {}, false, {}};
  const double c = 0.5;  // Φ with b/D = −Φ′: ∫ (0.5 − x³)/(0.2 + 0.05x²) dx
  m.potential = [c](double x) {
    return -(c / std::sqrt(0.01) * std::atan(x * std::sqrt(0.05 / 0.2)) - (10.0 * x * x - 40.0 * std::log(0.2 + 0.05 * x * x)));
  };
  const Grid1D grid(-2.0, 2.5, 90);
  const auto g = assemble_generator(m, grid, 0.0);
  Eigen::VectorXd p(90);
  for (int i = 0; i < 90; ++i) {
    const double x = grid.centre(i);
    p[i] = std::exp(-m.potential(x)) / m.diffusion(0, x);
  }
  const Eigen::VectorXd lp = g.matrix * p;
  const double scale = (g.matrix.cwiseAbs() * p.cwiseAbs()).maxCoeff();
  EXPECT_LT(lp.cwiseAbs().maxCoeff(), 1e-13 * scale);
}

TEST(Generator1D, RejectsNonPositiveDiffusion) {
  Model1D m{[](double, double) { return 0.0; }, [](double, double x) { return x; }, {}, false, {}};
  EXPECT_THROW(assemble_generator(m, Grid1D(-1.0, 1.0, 10), 0.0), ParameterError);
  EXPECT_THROW(Grid1D(1.0, 0.0, 10), ParameterError);
  EXPECT_THROW(Grid1D(0.0, 1.0, 10, Boundary::periodic, Boundary::reflecting), ParameterError);
}

TEST(Generator2D, ConservesMassWithTheMixedTerm) {
  Eigen::Matrix2d a, s;
  a << 1.0, 0.4, -0.3, 2.0;
  s << 1.0, 0.0, 0.7, 0.6;
  const Grid2D grid{Grid1D(-4, 4, 20), Grid1D(-3, 5, 24)};
  const auto p = ou2d_problem(a, s, Eigen::Vector2d(0.5, 0.5), Eigen::Matrix2d::Identity(), grid);
  const auto g = assemble_generator(p.model, grid, 0.0);
  EXPECT_GT(g.mixed.nonZeros(), 0);
  for (const SparseMatrix* l : {&g.x, &g.y, &g.mixed})
    EXPECT_LT(column_sums(*l).cwiseAbs().maxCoeff(), 1e-13 * max_abs(g.full()));
  // The mixed operator is exact on q = xy·const: 2∂ₓᵧ(Dxy xy) = 2Dxy in the interior.
  Eigen::VectorXd q(static_cast<Eigen::Index>(grid.size()));
  for (std::size_t j = 0; j < 24; ++j)
    for (std::size_t i = 0; i < 20; ++i) q[static_cast<Eigen::Index>(grid.index(i, j))] = grid.x.centre(i) * grid.y.centre(j);
  const Eigen::VectorXd mq = g.mixed * q;
  const double dxy = 0.5 * (s * s.transpose())(0, 1);
  EXPECT_NEAR(mq[static_cast<Eigen::Index>(grid.index(10, 12))], 2.0 * dxy, 1e-12);
}

}  // namespace
}  // namespace ito::fokker_planck
