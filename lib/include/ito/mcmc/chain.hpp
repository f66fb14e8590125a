#pragma once
// The state one Markov chain carries from one iteration to the next, and what one transition reports.
//
// Everything a chain needs to continue exactly where it stopped is here (positions, gradients and log
// densities at the current point, the momentum of kinetic samplers, the step size and its dual-averaging
// state, the metric-window accumulators), so a checkpoint of these fields plus the iteration counter is a
// complete restart point (see checkpoint.hpp).
#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "ito/mcmc/adaptation.hpp"

namespace ito::mcmc {

/// Aligned to a cache line: the chains of one run live side by side in a vector and are advanced by different
/// threads, and a chain writes its log density and gradient count at every iteration. Unaligned, the end of one
/// chain's state shared a cache line with the start of the next one's, which the other thread reads at every
/// iteration: mcmc_gaussian100's chains ran 15–30% slower with two threads than with one (sampling phase, 2 vs 1
/// thread, medians of 15: 1.41 → 1.61).
struct alignas(64) ChainState {
  Eigen::VectorXd position;  ///< current point x on the unconstrained scale
  Eigen::VectorXd gradient;  ///< ∇ log π(x)
  Eigen::VectorXd momentum;  ///< p of kinetic samplers (empty for first-order samplers)
  double log_density = 0.0;  ///< log π(x)
  double step_size = 0.0;    ///< step size h in force for the next transition
  DualAveraging step_adaptation;
  /// Draws of the current metric-adaptation window, its first and its second half apart (their spread
  /// measures how correlated and how stationary the window is; metric_adaptation.hpp).
  std::array<WindowAccumulator, 2> metric_window;
  std::int64_t gradient_evaluations = 0;
};

/// What one transition reports.
struct StepStatistics {
  /// min(1, Metropolis–Hastings ratio) of the proposal (for unadjusted samplers the ratio they would have
  /// had if they were adjusted; see ula.hpp, kinetic_langevin.hpp); 0 for a non-finite proposal.
  double accept_stat = 0.0;
  bool accepted = true;  ///< false when the proposal was rejected (MALA) — unadjusted samplers always move
  bool finite = true;    ///< false when an unadjusted sampler stepped to a non-finite point (a blow-up)
};

/// Scratch vectors of a transition (one per chain, so transitions do not allocate).
struct LangevinWorkspace {
  Eigen::VectorXd proposal, proposal_gradient, mean, scratch;
  Eigen::VectorXd saved_position, saved_gradient, saved_momentum;  // restored when a Metropolised step rejects
  void resize(int dim) {
    proposal.resize(dim);
    proposal_gradient.resize(dim);
    mean.resize(dim);
    scratch.resize(dim);
  }
};

/// std::allocator, except that a value-less construct() default-initialises: resize() of a vector of doubles
/// leaves the new elements unset, so that a caller can set them where it wants them set (RunState::grow_capacity:
/// by the chains' threads, in parallel) instead of on one thread first.
template <class T>
struct DefaultInitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <class U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

/// The draw arrays of a run (every element is set: a draw, or 0 in capacity not yet used).
using DrawArray = std::vector<double, DefaultInitAllocator<double>>;

/// The state of a whole run of several chains: what a checkpoint stores (checkpoint.hpp) and what the runner
/// returns (runner.hpp). Draws are kept on the reported (constrained) scale, chain-major:
/// draws[(c · capacity + i) · parameters + q] for chain c, kept draw i, quantity q.
struct RunState {
  std::string fingerprint;  ///< the settings that must match for a resume (sampler, sizes, seed, target)
  int dim = 0;              ///< unconstrained dimension
  int parameters = 0;       ///< reported quantities per draw
  int chains = 0;
  std::int64_t iteration = 0;  ///< iterations done by every chain (warmup first), the next one to run
  std::int64_t capacity = 0;   ///< draws per chain the arrays hold (⌈sampling_length / thin⌉)
  std::int64_t kept = 0;       ///< draws per chain kept so far

  // The plan, decided at synchronisation points from the state alone (schedule.hpp), so a resumed run makes
  // the same decisions as the uninterrupted one.
  std::int64_t warmup_length = 0;    ///< warmup iterations: settings.warmup, grown while adaptation settles
  int metric_extensions = 0;         ///< metric windows added after Stan's schedule
  std::int64_t sampling_length = 0;  ///< sampling iterations: settings.draws, grown until converged
  bool metric_settled = false;       ///< the last metric window changed the metric by ≤ metric_settle_ratio
  bool step_settled = false;         ///< the chains' adapted step sizes agreed at the end of warmup
  /// Per metric window: (end iteration, pooled draws, autocorrelation time, shrinkage, change) — the
  /// quantities of metric_adaptation.hpp, 5 numbers a window.
  std::vector<double> adaptation_history;

  std::vector<ChainState> chain;
  Eigen::VectorXd inverse_metric;  ///< diagonal A shared by all chains (dense metric: the diagonal of A)
  /// Dense metric only: lower Cholesky factor L of the inverse metric A = L Lᵀ shared by all chains (empty
  /// for a diagonal metric).
  Eigen::MatrixXd inverse_metric_factor;
  DrawArray draws;        ///< chains × capacity × parameters
  DrawArray accept_stat;  ///< chains × capacity
  DrawArray log_density;  ///< chains × capacity (log π on the unconstrained scale, Stan's lp__)
  std::vector<std::int64_t> warmup_gradient_evaluations;  ///< per chain, gradients spent in warmup
  double warmup_seconds = 0.0;       ///< wall time of initialisation and warmup so far
  double sampling_seconds = 0.0;     ///< wall time of the sampling phase so far (transitions only)
  double diagnostics_seconds = 0.0;  ///< wall time of the diagnostics taken during the run and at its end
  /// Diagnostics taken during sampling: (iteration, max R-hat, min bulk-ESS) triples.
  std::vector<double> diagnostics_history;
  bool converged_early = false;  ///< sampling stopped because the convergence criterion was met

  /// Grows the draw arrays to `new_capacity` ≥ capacity draws per chain, keeping the draws so far and setting the
  /// new places to 0 (from capacity 0 with empty arrays: allocates them). `most`, the most draws per chain the run
  /// may come to hold (⌈max_draws / thin⌉), is reserved on the first call — address space, not memory: a page is
  /// used when first written — so that each later growth moves every chain's draws within the same memory instead
  /// of copying them all into new memory, whose every page is a page fault (mcmc_gaussian100 grows three times, to
  /// 4.8, 7.2 and 10.8 MB: 26 MB of first touches copied, 10.8 MB in place). The new memory is first touched by all
  /// threads, so that its page faults are shared. When the system will not reserve `most`, each growth copies into
  /// new arrays, chain by chain in parallel (core::parallel_tasks).
  void grow_capacity(std::int64_t new_capacity, std::int64_t most = 0);

  std::int64_t sampling_gradient_evaluations() const {
    std::int64_t n = 0;
    for (std::size_t c = 0; c < chain.size(); ++c) n += chain[c].gradient_evaluations - warmup_gradient_evaluations[c];
    return n;
  }
};

}  // namespace ito::mcmc
