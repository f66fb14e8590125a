#pragma once
// Draws of one scalar quantity as the diagnostics take them, and the operations on them that every
// diagnostic shares: splitting chains, rank normalisation, quantiles.
//
// Conventions. The draws form a matrix with one ROW PER CHAIN and one column per iteration (M chains × N
// iterations); one sequence (a single chain, a particle population) is the 1 × N matrix single_chain()
// gives. Nothing here knows where the draws came from (MCMC, SMC, a diffusion sampler). "Split" chains are
// the first and second halves of every chain (2M chains of ⌊N/2⌋ draws; when N is odd the middle draw is
// dropped), after Vehtari, Gelman, Simpson, Carpenter, Bürkner (2021), "Rank-normalization, folding, and
// localization: an improved R-hat for assessing convergence of MCMC", Bayesian Analysis 16(2).
//
//  - rank normalisation (paper eq. 14): z = Φ⁻¹((r − 3/8) / (S + 1/4)), r = rank of the draw among all S
//    pooled draws, ties get the average of their ranks (Blom's fractional offset);
//  - quantiles: Hyndman–Fan type 7 (linear interpolation between order statistics; R's default).
#include <Eigen/Core>
#include <vector>

namespace ito::diagnostics {

/// Draws of one quantity: row c = chain c, column i = iteration i.
using ChainDraws = Eigen::Ref<const Eigen::MatrixXd>;

/// One sequence of n draws as a 1 × n chain matrix (a view: `draws` must outlive it).
inline Eigen::Map<const Eigen::MatrixXd> single_chain(const Eigen::VectorXd& draws) {
  return Eigen::Map<const Eigen::MatrixXd>(draws.data(), 1, draws.size());
}

/// True when every chain is finite, non-constant and has at least `min_draws` draws.
bool chains_finite_and_varying(const ChainDraws& chains, int min_draws = 4);

/// The 2M split chains (⌊N/2⌋ draws each; the middle draw dropped when N is odd).
Eigen::MatrixXd split_chains(const ChainDraws& draws);

/// Normal scores Φ⁻¹((r − 3/8)/(S + 1/4)) of the average ranks r of all S pooled draws, same shape.
Eigen::MatrixXd rank_normalize(const ChainDraws& draws);

/// Sample quantile of type 7 (Hyndman & Fan 1996) of all pooled draws; p in [0, 1]. NaN without draws.
double quantile(const ChainDraws& draws, double p);

namespace detail {
/// All pooled values, sorted.
std::vector<double> sorted_values(const ChainDraws& draws);
/// Type-7 quantile of sorted values (NaN when empty).
double sorted_quantile(const std::vector<double>& sorted, double p);
}  // namespace detail

}  // namespace ito::diagnostics
