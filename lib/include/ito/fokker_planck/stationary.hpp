#pragma once
// Direct steady-state solve.
#include <Eigen/Dense>

#include "ito/fokker_planck/generator.hpp"

namespace ito::fokker_planck {

/// The stationary density: the null vector of the generator L normalised to unit mass,
///   L p = 0,  Σ vol p = 1,
/// solved directly by replacing one balance equation (that of the cell of largest density) (redundant, since the columns of L sum to 0
/// with reflecting or periodic boundaries) with the mass constraint, then one sparse LU solve and
/// three steps of iterative refinement with the residual in long double.
/// Throws ParameterError when L loses mass (absorbing boundaries: no stationary probability density).
Eigen::VectorXd stationary_density(const SparseMatrix& generator, double cell_volume);

}  // namespace ito::fokker_planck
