#pragma once
// The settings of a multi-chain run and what it returns (runner.hpp); the schedule (schedule.hpp), the
// checkpoints (checkpoint.hpp) and the diagnostics during the run (run_diagnostics.hpp) read them too.
#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ito/diagnostics/summary.hpp"
#include "ito/mcmc/chain.hpp"
#include "ito/mcmc/sampler.hpp"

namespace ito::mcmc {

struct RunSettings {
  SamplerSettings sampler;
  int chains = 4;
  std::int64_t warmup = 1000, draws = 1000, thin = 1;
  /// Warmup grows beyond `warmup` (another metric window twice the last, or a longer terminal buffer for the
  /// step size) while adaptation has not settled, up to max_warmup iterations; ≤ warmup: never.
  std::int64_t max_warmup = 0;
  /// Sampling grows beyond `draws` (by half the draws so far) until the run has converged, up to max_draws
  /// iterations; ≤ draws: never.
  std::int64_t max_draws = 0;
  /// The metric has settled when the last window changed it by at most this factor (metric_adaptation.hpp).
  double metric_settle_ratio = 2.0;
  /// The step size has settled when every chain's adapted step is within this factor of their geometric mean.
  double step_settle_ratio = 1.25;
  std::uint32_t seed = 20261123;
  double init_radius = 2.0;
  std::optional<Eigen::VectorXd> initial_point;  ///< unconstrained; every chain starts there when given

  std::string checkpoint_path;           ///< empty: no checkpoints
  std::int64_t checkpoint_interval = 0;  ///< write a checkpoint every this many iterations (0: never)
  std::int64_t stop_after = 0;           ///< stop after this many iterations with a checkpoint (0: run to the end)
  bool resume = false;                   ///< continue from checkpoint_path when it exists

  std::int64_t diagnostics_interval = 0;  ///< compute R-hat/ESS every this many sampling iterations (0: never)
  bool stop_when_converged = false;       ///< stop sampling at a diagnostics point once converged
  /// Converged: max R-hat < rhat_below and min bulk-ESS ≥ min_ess_per_chain · chains.
  double rhat_below = 1.01;
  double min_ess_per_chain = 100.0;

  std::string target_description;  ///< part of the checkpoint fingerprint
  bool compute_summaries = true;   ///< summarize every parameter at the end (RunResult::summaries)
  bool operator==(const RunSettings&) const = default;
};

struct RunResult {
  RunState state;
  std::vector<std::string> parameter_names;
  bool complete = false;                        ///< false when the run stopped at stop_after (a checkpoint was written)
  std::vector<diagnostics::Summary> summaries;  ///< one per parameter (complete runs only)
  double max_rhat = 0.0, min_ess_bulk = 0.0;    ///< over the parameters (NaN when one is NaN)
  bool converged = false;                       ///< max_rhat < rhat_below and min_ess_bulk ≥ min_ess_per_chain · chains
};

}  // namespace ito::mcmc
