#pragma once
// Checkpoints of a multi-chain run: writing and reading them, the fingerprint of the settings a checkpoint
// must share with the run that resumes it, and the state a run starts from (fresh or resumed).
//
// A checkpoint is an HDF5 file holding the whole RunState (chain.hpp):
// per chain the position, gradient, log density, momentum, step size, dual-averaging state and metric-window
// accumulator; the shared inverse metric; the iteration counter; the draws, acceptance statistics and log
// densities kept so far; gradient counts, sampling time and the diagnostics history; and the fingerprint of
// the settings. Every double is stored as IEEE binary64, so a run resumed from it continues bit for bit.
//
// The file is written to "<path>.partial" and renamed into place (io::ResultFile), so a process killed while
// writing leaves the previous checkpoint intact.
//
// Layout: /run attributes fingerprint, dim, parameters, chains, iteration, capacity, kept, warmup_seconds,
// sampling_seconds, diagnostics_seconds, converged_early, warmup_length, metric_extensions, sampling_length,
// metric_settled, step_settled; datasets /run/inverse_metric [dim], /run/inverse_metric_factor [dim, dim]
// (dense metric; [0, 0] for diagonal), /run/draws [chains, capacity, parameters], /run/accept_stat,
// /run/log_density [chains, capacity], /run/diagnostics_history [k, 3], /run/adaptation_history [w, 5],
// /chain/{position, gradient, momentum} [chains, dim], /chain/{window_mean, window_m2, window_gradient_mean,
// window_gradient_m2} [chains, 2, dim] and /chain/window_count [chains, 2] (the two half-windows, positions and
// gradients), /chain/{window_cross, window_gradient_cross} [chains, 2, dim·dim] (dense metric; [chains, 2, 0]
// otherwise), /chain/{log_density, step_size, da_counter, da_s_bar, da_x_bar, da_mu,
// da_target_accept, gradient_evaluations, warmup_gradient_evaluations} [chains].
#include <string>

#include "ito/mcmc/chain.hpp"
#include "ito/mcmc/run_settings.hpp"

namespace ito::mcmc {

/// Writes `state` atomically to `path`. Throws IoError on failure.
void write_checkpoint(const std::string& path, const RunState& state);

/// Reads a checkpoint written by write_checkpoint. Throws IoError naming the file when it is unreadable or
/// inconsistent.
RunState read_checkpoint(const std::string& path);

/// The settings a checkpoint must share with the run that resumes it: sampler, sizes, seed, diagnostics,
/// the target's description and dimension, and the initial point (doubles to 17 digits).
std::string run_fingerprint(const RunSettings& settings, int dim);

/// Where a run starts: the checkpoint at settings.checkpoint_path when settings.resume is set and the file
/// exists (ParameterError when it was written by a run with other settings), else a fresh state of `dim`
/// and `parameters` with the draw arrays allocated and no chain initialised yet.
struct StartState {
  RunState state;
  bool resumed = false;
};
StartState start_state(const RunSettings& settings, int dim, int parameters);

}  // namespace ito::mcmc
