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
#include <utility>
#include <vector>

namespace ito::diagnostics {

/// Draws of one quantity: row c = chain c, column i = iteration i.
using ChainDraws = Eigen::Ref<const Eigen::MatrixXd>;

/// One sequence of n draws as a 1 × n chain matrix (a view: `draws` must outlive it).
inline Eigen::Map<const Eigen::MatrixXd> single_chain(const Eigen::VectorXd& draws) {
  return Eigen::Map<const Eigen::MatrixXd>(draws.data(), 1, draws.size());
}

/// True when every chain has at least `min_draws` draws, every draw is finite and the draws are not all
/// equal: what a chain-based diagnostic needs. One chain may be constant (a chain stuck for a while, or an
/// indicator I(x ≤ q) that one half-chain never switches on); it contributes no within-chain variance and
/// the diagnostics show it: R-hat is large (+∞ when every chain is constant), the ESS small. (Stan's and
/// posterior's rule; requiring every chain to vary made tail-ESS NaN whenever one split chain missed a tail.)
bool draws_usable(const ChainDraws& chains, int min_draws = 4);

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

/// The pooled draws in increasing order with their column-major positions: sorting once serves the ranks,
/// the quantiles and (through folded_order) the ranks of |x − median|.
using Order = std::vector<std::pair<double, Eigen::Index>>;
Order sorted_order(const ChainDraws& draws);
/// Type-7 quantile of an Order (NaN when empty).
double order_quantile(const Order& order, double p);
/// rank_normalize from the sorted order of a rows × cols matrix.
Eigen::MatrixXd rank_normalize(const Order& order, Eigen::Index rows, Eigen::Index cols);
/// The order of the folded values |x − center| (paired with the same positions), merged in O(S) from the
/// order of x: the values below `center` taken backwards against those above it. Each folded value is
/// computed as |x − center| would be (x − center and center − x are exact negatives in IEEE arithmetic).
Order folded_order(const Order& order, double center);
}  // namespace detail

}  // namespace ito::diagnostics
