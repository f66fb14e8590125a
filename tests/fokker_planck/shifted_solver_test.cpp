#include "ito/fokker_planck/shifted_solver.hpp"

#include <gtest/gtest.h>

#include <Eigen/SparseLU>

#include "ito/fokker_planck/problems.hpp"

namespace ito::fokker_planck {
namespace {

// A 2-D generator with a mixed-derivative term (non-symmetric values, entries of both signs off the
// diagonal), on a non-square grid.
Generator2D correlated_generator(std::size_t nx, std::size_t ny) {
  Eigen::Matrix2d a, s;
  a << 1.0, 0.3, -0.2, 2.0;
  s << 1.0, 0.0, 0.6, 0.8;
  const Grid2D grid{Grid1D(-5, 5, nx), Grid1D(-4.5, 5.5, ny)};
  const auto p = ou2d_problem(a, s, Eigen::Vector2d(1.5, -1.0), 0.25 * Eigen::Matrix2d::Identity(), grid);
  return assemble_generator(p.model, grid, 0.0);
}

TEST(ShiftedSolver, SolvesTheShiftedSystemToRoundOff) {
  const SparseMatrix l = correlated_generator(30, 25).full();
  const SymmetricOrdering ordering(l);
  const Eigen::VectorXd b = Eigen::VectorXd::LinSpaced(l.rows(), -1.0, 2.0).array().sin();
  SparseMatrix identity(l.rows(), l.cols());
  identity.setIdentity();
  for (double c : {1e-4, 0.05, 3.0}) {
    const ShiftedSolver solver(l, c, ordering);
    Eigen::VectorXd x;
    solver.solve(b, x);
    const SparseMatrix a = identity - c * l;
    EXPECT_LT((a * x - b).norm() / b.norm(), 1e-13) << "c = " << c;
    Eigen::VectorXd in_place = b;
    solver.solve(in_place, in_place);  // aliasing allowed
    EXPECT_LT((in_place - x).norm(), 1e-13 * x.norm());
  }
}

TEST(ShiftedSolver, SymmetricOrderingFillsLessThanColamd) {
  // The claim of shifted_solver.hpp: on a 2-D grid the symmetric AMD ordering gives less fill than the
  // COLAMD column ordering that Eigen's SparseLU uses by default.
  const SparseMatrix l = correlated_generator(80, 80).full();
  const double c = 0.05;
  const ShiftedSolver solver(l, c, SymmetricOrdering(l));
  SparseMatrix a = -c * l;
  for (Eigen::Index i = 0; i < a.rows(); ++i) a.coeffRef(i, i) += 1.0;
  a.makeCompressed();
  Eigen::SparseLU<SparseMatrix, Eigen::COLAMDOrdering<int>> colamd(a);
  const long colamd_entries = static_cast<long>(colamd.nnzL() + colamd.nnzU());
  std::cout << "L+U entries: symmetric AMD " << solver.factor_entries() << ", COLAMD " << colamd_entries << '\n';
  EXPECT_LT(solver.factor_entries(), colamd_entries);
}

}  // namespace
}  // namespace ito::fokker_planck
