#pragma once
// Sparse LU solves with the shifted generator I − c L, the one linear system of every implicit stepper
// of this module (implicit Euler, Crank–Nicolson, TR-BDF2, and the ADI stages with L = Lx or Ly).
//
// Ordering. Finite-volume generators have a structurally symmetric pattern (cell k couples to cell m
// iff m couples to k), and I − cL is column diagonally dominant: L is Metzler with vanishing column
// sums for conserving boundaries (absorbing ones only add to the diagonal), so |1 − c L_kk| ≥ Σ_{m≠k}
// c L_mk. Gaussian elimination with partial pivoting then keeps the diagonal pivots (the diagonal is
// the largest entry of its column, and stays so, since diagonal dominance by columns is inherited by
// the Schur complements), so a symmetric fill-reducing ordering predicts the fill exactly. We therefore
// permute symmetrically, A ↦ P⁻¹ A P with P the approximate minimum degree ordering of the pattern of
// A + Aᵀ (computed once per pattern), and factorise in that order with partial pivoting (still used:
// other matrices, e.g. with a non-Metzler mixed-derivative term, stay correct, only the fill may grow).
// Eigen's default column ordering for SparseLU (COLAMD) ignores the symmetry and fills more (the measured
// fill and times are in the README, `ito fokker-planck`).
#include <Eigen/Dense>
#include <Eigen/SparseLU>
#include <memory>

#include "ito/fokker_planck/generator.hpp"

namespace ito::fokker_planck {

/// Fill-reducing symmetric ordering of a sparsity pattern (AMD on the pattern of A + Aᵀ).
class SymmetricOrdering {
 public:
  using Permutation = Eigen::PermutationMatrix<Eigen::Dynamic, Eigen::Dynamic, int>;
  SymmetricOrdering() = default;
  explicit SymmetricOrdering(const SparseMatrix& pattern);
  const Permutation& permutation() const { return permutation_; }
  bool empty() const { return permutation_.size() == 0; }

 private:
  Permutation permutation_;
};

/// LU factors of P⁻¹(I − c·L)P (L square), solved as x = P (LU)⁻¹ P⁻¹ b. Not thread-safe (work vectors).
class ShiftedSolver {
 public:
  /// Throws NumericalError if the factorisation fails (a singular I − cL).
  ShiftedSolver(const SparseMatrix& generator, double shift, const SymmetricOrdering& ordering);
  /// x = (I − cL)⁻¹ b; x and b may be the same vector.
  void solve(const Eigen::VectorXd& b, Eigen::VectorXd& x) const;
  double shift() const { return shift_; }
  /// Stored entries of the factors L and U (the fill; a solve costs about one pass over them).
  long factor_entries() const { return static_cast<long>(lu_->nnzL() + lu_->nnzU()); }

 private:
  using Lu = Eigen::SparseLU<SparseMatrix, Eigen::NaturalOrdering<int>>;
  SymmetricOrdering::Permutation permutation_;
  double shift_;
  std::unique_ptr<Lu> lu_;
  mutable Eigen::VectorXd work_, solution_;
};

}  // namespace ito::fokker_planck
