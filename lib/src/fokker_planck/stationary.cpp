#include "ito/fokker_planck/stationary.hpp"

#include <Eigen/SparseLU>
#include <cmath>

#include "ito/core/error.hpp"

namespace ito::fokker_planck {

Eigen::VectorXd stationary_density(const SparseMatrix& generator, double cell_volume) {
  const Eigen::Index n = generator.rows();
  ITO_REQUIRE(n == generator.cols() && n >= 2, "the generator must be square, got " << n << "×" << generator.cols());
  // Mass balance: Σ_i L_ij = 0 for every j when no mass leaves.
  const Eigen::RowVectorXd column_sums = Eigen::RowVectorXd::Ones(n) * generator;
  const double scale = generator.coeffs().cwiseAbs().maxCoeff();
  if (column_sums.cwiseAbs().maxCoeff() > 1e-10 * scale)
    detail::throw_error<ParameterError>(
        "stationary solve: the generator loses mass (absorbing boundary?), so there is no stationary density");
  // The mass constraint replaces one balance equation. Replacing that of a cell where the density is
  // negligible loses accuracy, so a first solve picks the cell of largest density for the final solve.
  const auto solve_replacing = [&](Eigen::Index replaced) {
    std::vector<Eigen::Triplet<double>> triplets;
    triplets.reserve(static_cast<std::size_t>(generator.nonZeros() + n));
    for (Eigen::Index col = 0; col < generator.outerSize(); ++col)
      for (SparseMatrix::InnerIterator it(generator, col); it; ++it)
        if (it.row() != replaced) triplets.emplace_back(static_cast<int>(it.row()), static_cast<int>(col), it.value());
    for (Eigen::Index col = 0; col < n; ++col)
      triplets.emplace_back(static_cast<int>(replaced), static_cast<int>(col), cell_volume);
    SparseMatrix a(n, n);
    a.setFromTriplets(triplets.begin(), triplets.end());
    a.makeCompressed();
    Eigen::SparseLU<SparseMatrix, Eigen::COLAMDOrdering<int>> lu(a);
    if (lu.info() != Eigen::Success)
      detail::throw_error<NumericalError>("stationary solve: sparse LU failed: ", lu.lastErrorMessage());
    Eigen::VectorXd rhs = Eigen::VectorXd::Zero(n);
    rhs[replaced] = 1.0;
    Eigen::VectorXd p = lu.solve(rhs);
    // Mixed-precision iterative refinement (residual in long double) brings the forward error to the
    // level of round-off in p rather than cond(a)·ε.
    const Eigen::SparseMatrix<long double> a_long = a.cast<long double>();
    for (int sweep = 0; sweep < 3; ++sweep) {
      const Eigen::Matrix<long double, Eigen::Dynamic, 1> r = rhs.cast<long double>() - a_long * p.cast<long double>();
      p += lu.solve(Eigen::VectorXd(r.cast<double>()));
    }
    if (!p.allFinite()) detail::throw_error<NumericalError>("stationary solve: non-finite solution");
    return p;
  };
  Eigen::Index peak;
  solve_replacing(n - 1).maxCoeff(&peak);
  Eigen::VectorXd p = solve_replacing(peak);
  return p;
}

}  // namespace ito::fokker_planck
