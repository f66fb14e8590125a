#include "descriptions.hpp"

#include <map>
#include <stdexcept>

namespace ito::apps {

const Descriptions& dataset_descriptions(const std::string& command) {
  // Units: "time" is the SDE's time variable, "state" the unit of X (the process), "payoff" that of the
  // functional; counts and orders are dimensionless.
  static const std::map<std::string, Descriptions> tables = {
      {"converge",
       {{"/levels/dt", "step size of each level (time)"},
        {"/levels/steps", "steps of each level over [0, T]"},
        {"/*/error",
         "primary error per level: strong studies mean |X_T^dt - X_T^ref| (state), weak-only studies "
         "|E g(X_T^dt) - E g(X_T^ref)| (units of g)"},
        {"/*/error_se", "Monte Carlo standard error of error, per level (same units)"},
        {"/*/rms_error", "root-mean-square |X_T^dt - X_T^ref| per level (state)"},
        {"/*/rms_error_se", "standard error of rms_error (delta method), per level (state)"},
        {"/*/local_order", "slope log(e_k/e_k+1)/log(dt_k/dt_k+1) between consecutive levels of error"},
        {"/*/weak_error", "weak error |mean(g(X_T^dt) - g(X_T^ref))| per level (units of g)"},
        {"/*/weak_error_se", "standard error of the weak error, per level (units of g)"},
        {"/*/weak_bias_signed", "signed weak error mean(g(X_T^dt) - g(X_T^ref)) per level (units of g)"},
        {"/*/weak_local_order", "slope between consecutive levels of weak_error"},
        {"/*/weak_plain_error", "mean g(X_T^dt) - exact E g(X_T) per level (units of g)"},
        {"/*/weak_plain_error_se", "standard error of mean g(X_T^dt), per level (units of g)"}}},
      {"fokker-planck",
       {{"/grid/x", "cell centres in x (state)"},
        {"/grid/y", "cell centres in y (state)"},
        {"/snapshots/times", "output times (time; inf: the stationary state)"},
        {"/snapshots/density", "cell averages of the density at each output time (1/state per dimension): "
                               "[times, cells] in 1-D, [times, y, x] in 2-D"},
        {"/snapshots/exact_density", "cell averages of the exact density, same layout (where a reference holds)"},
        {"/moments/mass", "total probability on the grid at each output time"},
        {"/moments/mean", "mean of the piecewise-constant density, normalised by its mass (state)"},
        {"/moments/variance", "variance of the piecewise-constant density (incl. h^2/12 per cell) (state^2)"},
        {"/moments/exact_mean", "exact mean at each output time (state)"},
        {"/moments/exact_variance", "exact variance at each output time (state^2)"},
        {"/moments/l1_error", "L1 distance sum |p - p_exact| h between the density and the exact cell averages"},
        {"/moments/mean_x", "mean of x (state)"},
        {"/moments/mean_y", "mean of y (state)"},
        {"/moments/cov_xx", "variance of x (incl. h^2/12) (state^2)"},
        {"/moments/cov_xy", "covariance of x and y (state^2)"},
        {"/moments/cov_yy", "variance of y (incl. h^2/12) (state^2)"},
        {"/moments/exact_mean_x", "exact mean of x (state)"},
        {"/moments/exact_mean_y", "exact mean of y (state)"},
        {"/moments/exact_cov_xx", "exact variance of x (state^2)"},
        {"/moments/exact_cov_xy", "exact covariance of x and y (state^2)"},
        {"/moments/exact_cov_yy", "exact variance of y (state^2)"},
        {"/survival/time", "time of every accepted step and of the start (time)"},
        {"/survival/survival", "probability left on the grid at each step"},
        {"/survival/exit_flux_left", "probability flux out through the left side at each step (1/time)"},
        {"/survival/exit_flux_right", "probability flux out through the right side at each step (1/time)"},
        {"/survival/exit_flux_bottom", "2-D: probability flux out through the bottom side (y = lower) at each step "
                                       "(1/time)"},
        {"/survival/exit_flux_top", "2-D: probability flux out through the top side (y = upper) at each step (1/time)"},
        {"/survival/exact_survival", "exact survival probability at each output time"}}},
      {"feynman-kac",
       {{"/estimate", "the estimate of E[e^(-int r) phi(X_T) - int e^(-int r) f ds] (payoff)"},
        {"/std_error", "its standard error (payoff)"},
        {"/exact", "the exact value (payoff)"},
        {"/levels/level", "MLMC level l (2^l M0 fine steps)"},
        {"/levels/samples", "samples N_l taken on the level"},
        {"/levels/mean", "mean of Y_l = P_l - P_l-1 (payoff)"},
        {"/levels/variance", "variance of Y_l (payoff^2)"},
        {"/levels/fine_mean", "mean of the fine value P_l (payoff)"},
        {"/levels/fine_variance", "variance of P_l (payoff^2)"},
        {"/levels/coarse_mean", "mean of the coupled coarse value P_l-1 (payoff)"},
        {"/levels/cost_per_sample", "cost of one sample of the level (path-steps)"},
        {"/levels/kurtosis", "kurtosis of Y_l"},
        {"/levels/consistency", "Giles' consistency check |E P_l-1^c - E P_l-1^f| / (3 sd); > 1 is a warning"},
        {"/complexity/epsilon", "target RMS errors of the study (payoff)"},
        {"/complexity/mlmc_cost", "MLMC cost to reach epsilon (path-steps)"},
        {"/complexity/mlmc_levels", "levels MLMC used"},
        {"/complexity/mlmc_estimate", "the MLMC estimate (payoff)"},
        {"/complexity/mlmc_std_error", "its standard error (payoff)"},
        {"/complexity/mlmc_error", "estimate - exact (payoff)"},
        {"/complexity/euler_mlmc_cost", "cost of MLMC with Euler levels at the same epsilon (path-steps)"},
        {"/complexity/mc_steps", "steps standard MC-Euler needs for a bias below epsilon/sqrt(2)"},
        {"/complexity/mc_cost", "predicted cost of standard MC-Euler at epsilon (path-steps)"}}},
      {"solve",
       {{"/truth", "the true x* (units of x; images row-major)"},
        {"/observation", "the observation y = A x* + sigma_y eps"},
        {"/mask", "1 where the coordinate is observed, 0 where it is missing (mask operator)"},
        {"/operator", "the operator A as a dense [d_y, d] matrix (dense and convolution operators)"},
        {"/exact/samples", "exact posterior samples [output.samples, d]"},
        {"/exact/posterior_mean", "mean of the exact posterior samples (`samples` of them)"},
        {"/exact/posterior_std", "per-coordinate standard deviation of the exact posterior samples"},
        {"/*/samples", "the sampler's first output.samples samples [n, d]"},
        {"/*/posterior_mean", "mean of the sampler's `samples` samples"},
        {"/*/posterior_std", "per-coordinate standard deviation of the sampler's samples"},
        {"/*/ess", "SMC: effective sample size / particles before each step's resampling decision (mean over "
                   "runs; last entry: before the final resampling)"}}},
      // "data" is the unit of the data's coordinates (pixels in [0, 1] for the digits); log-likelihoods are
      // natural logs of densities in 1/data^d, per point.
      {"fit-prior",
       {{"/weights", "mixture weights w_k [K], positive, summing to 1"},
        {"/means", "component means m_k [K, d], row k is m_k (data)"},
        {"/covariances",
         "component covariances Sigma_k (data^2): [K, d, d] full, [K, d] diagonal variances, [K] isotropic "
         "variances (the root attribute covariance_type says which)"},
        {"/fit/train_log_likelihood",
         "mean log-density of the training points under the initial mixture and after every EM iteration "
         "(nats per point; never decreases)"},
        {"/fit/heldout_log_likelihood",
         "mean log-density of the held-out points (never fitted) under the same mixtures (nats per point)"}}},
  };
  const auto it = tables.find(command);
  if (it == tables.end()) throw std::logic_error("no dataset descriptions for command " + command);
  return it->second;
}

}  // namespace ito::apps
