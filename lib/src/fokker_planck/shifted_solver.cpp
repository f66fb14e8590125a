#include "ito/fokker_planck/shifted_solver.hpp"

#include <Eigen/OrderingMethods>

#include "ito/core/error.hpp"

namespace ito::fokker_planck {

SymmetricOrdering::SymmetricOrdering(const SparseMatrix& pattern) {
  ITO_REQUIRE(pattern.rows() == pattern.cols(), "ordering of a non-square matrix");
  Eigen::AMDOrdering<int> amd;
  amd(pattern, permutation_);  // AMD of the pattern of A + Aᵀ
}

ShiftedSolver::ShiftedSolver(const SparseMatrix& generator, double shift, const SymmetricOrdering& ordering)
    : permutation_(ordering.permutation()), shift_(shift), lu_(std::make_unique<Lu>()) {
  ITO_REQUIRE(generator.rows() == generator.cols() && permutation_.size() == generator.rows(),
              "ordering of size " << permutation_.size() << " for a " << generator.rows() << "×" << generator.cols()
                                  << " generator");
  SparseMatrix a = -shift * generator;
  for (Eigen::Index i = 0; i < a.rows(); ++i) a.coeffRef(i, i) += 1.0;
  SparseMatrix permuted = permutation_.inverse() * a * permutation_;
  permuted.makeCompressed();
  lu_->compute(permuted);
  if (lu_->info() != Eigen::Success)
    detail::throw_error<NumericalError>("Fokker–Planck: sparse LU of I − ", shift, "·L failed: ",
                                        lu_->lastErrorMessage());
}

void ShiftedSolver::solve(const Eigen::VectorXd& b, Eigen::VectorXd& x) const {
  work_ = permutation_.inverse() * b;
  solution_ = lu_->solve(work_);
  x = permutation_ * solution_;
}

}  // namespace ito::fokker_planck
