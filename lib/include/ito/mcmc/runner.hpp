#pragma once
// Many chains in parallel: initialisation, warmup (step size by dual averaging, pooled metric), sampling,
// checkpoints, resume, diagnostics during the run, and a plan that grows until adaptation has settled and
// the run has converged. The jobs between the transitions have their own headers: when the chains meet and
// how long the run is (schedule.hpp), what happens at the end of a metric window (metric_adaptation.hpp),
// checkpoints and resume (checkpoint.hpp), diagnostics during the run (run_diagnostics.hpp). This file holds
// what each chain does between two meetings, and the loop.
//
// Parallelism and reproducibility. One chain is one task (core::parallel_tasks);
// chains only meet at synchronisation points. Under MPI each rank advances its consecutive range of chains
// and, at every synchronisation point, every rank receives the states and new draws of all chains in chain
// order (share.hpp), so that every rank holds the run state one process holds there and takes the same
// decisions from it. Every random number is a pure function of
// (seed, purpose, chain, index) through NormalStream, with S = dim rounded up to even:
//   mcmc_proposal: normal  t·S + j         ξ_j of iteration t (j < dim), drawn in aligned chunks of
//                                            kNoiseChunk iterations so every number is always produced in
//                                            the same batch position;
//   mcmc_accept:   uniform t               u of iteration t;
//   mcmc_init:     uniform 2⁶² + r·S + j   coordinate j of initialisation attempt r;
//                  normal  (2t + 1)·S + j  noise of the step-size search done before iteration t;
//                  normal  (2t + 2)·S + j  fresh momentum (kinetic) before iteration t.
// Hence the draws are bitwise identical for any thread count, and for any placement of synchronisation
// points — which is what makes a resumed run identical to an uninterrupted one. Every decision that changes
// the plan (another metric window, a longer terminal buffer, more sampling) is taken at a synchronisation
// point from the run state alone, which checkpoints hold.
//
// Warmup. Stan's windowed adaptation (adaptation.hpp): after each metric window the pooled, shrunk and
// regularised metric replaces the old one, every chain searches a new step size and restarts dual
// averaging. At the end of the last window the run adds another window when the metric has not settled
// (metric_adaptation.hpp). At the end of warmup every chain has its dual-averaged step h̄_c; when they
// agree (every h̄_c within step_settle_ratio of their geometric mean) all chains sample with that geometric
// mean, otherwise the terminal buffer continues (schedule.hpp). A single chain has nothing to compare and
// takes its own h̄.
//
// Sampling. At the end of the planned sampling iterations the run checks convergence (max R-hat <
// rhat_below and min bulk-ESS ≥ min_ess_per_chain · chains; run_diagnostics.hpp) and, if it has not
// converged, samples half as many iterations again, up to max_draws.
//
// With metric = dense (pmala only) the windows estimate a full covariance, and the sampler is MalaDense
// (mala.hpp) with A = L Lᵀ; the factor L is part of the run state (and of checkpoints).
//
// Warmup transitions are Metropolised for every sampler (ULA and BAOAB become MALA-like there; see ula.hpp),
// sampling transitions are those of the chosen sampler.
//
// Initial points are uniform in (−R, R)^d on the unconstrained scale (Stan's default R = 2), retried up to
// 100 times until the log density and gradient are finite, unless the caller gives an initial point.
#include <omp.h>

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <exception>
#include <string>
#include <type_traits>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/core/mpi.hpp"
#include "ito/core/parallel.hpp"
#include "ito/core/progress.hpp"
#include "ito/mcmc/adaptation.hpp"
#include "ito/mcmc/chain.hpp"
#include "ito/mcmc/checkpoint.hpp"
#include "ito/mcmc/metric_adaptation.hpp"
#include "ito/mcmc/run_diagnostics.hpp"
#include "ito/mcmc/run_settings.hpp"
#include "ito/mcmc/sampler.hpp"
#include "ito/mcmc/schedule.hpp"
#include "ito/mcmc/share.hpp"
#include "ito/random/normal.hpp"
#include "ito/targets/target.hpp"

namespace ito::mcmc {

namespace runner_detail {

constexpr std::int64_t kNoiseChunk = 32;  // iterations of proposal noise drawn per batched call
constexpr std::uint64_t kInitAttemptBase = std::uint64_t{1} << 62;

inline std::int64_t even_stride(int dim) { return dim + (dim & 1); }

template <class Sampler, class T>
class ChainRunner {
  static constexpr bool kDense = std::is_same_v<Sampler, MalaDense>;

 public:
  ChainRunner(const T& target, const RunSettings& settings, RunState& state)
      : target_(target),
        s_(settings),
        st_(state),
        stride_(even_stride(state.dim)),
        mine_(chain_share(state.chains)),
        proposal_(settings.seed, random::Purpose::mcmc_proposal),
        accept_(settings.seed, random::Purpose::mcmc_accept),
        init_(settings.seed, random::Purpose::mcmc_init) {
    refresh_sqrt_metric();
  }

  /// Draws the initial point, momentum and step size of every chain.
  void initialise() {
    const int d = st_.dim;
    st_.iteration = 0;
    st_.kept = 0;
    st_.inverse_metric = Eigen::VectorXd::Ones(d);
    if constexpr (kDense) st_.inverse_metric_factor = Eigen::MatrixXd::Identity(d, d);
    refresh_sqrt_metric();
    st_.chain.clear();
    st_.chain.resize(static_cast<std::size_t>(st_.chains));
    st_.warmup_gradient_evaluations.assign(static_cast<std::size_t>(st_.chains), 0);
    for_each_chain([&](int c) {
      ChainState& cs = st_.chain[static_cast<std::size_t>(c)];
      cs.gradient.resize(d);
      bool found = false;
      if (s_.initial_point) {
        cs.position = *s_.initial_point;
        cs.log_density = target_.log_density_gradient(cs.position, cs.gradient);
        ++cs.gradient_evaluations;
        found = std::isfinite(cs.log_density) && cs.gradient.allFinite();
        if (!found)
          detail_throw<NumericalError>("chain ", c, ": the log density or its gradient is not finite at the given ",
                                       "initial point");
      } else {
        std::vector<double> u(static_cast<std::size_t>(d));
        for (int attempt = 0; attempt < 100 && !found; ++attempt) {
          init_.fill_uniform(static_cast<std::uint64_t>(c),
                             kInitAttemptBase + static_cast<std::uint64_t>(attempt * stride_), u.size(), u.data());
          cs.position.resize(d);
          for (int j = 0; j < d; ++j) cs.position[j] = s_.init_radius * (2.0 * u[static_cast<std::size_t>(j)] - 1.0);
          cs.log_density = target_.log_density_gradient(cs.position, cs.gradient);
          ++cs.gradient_evaluations;
          found = std::isfinite(cs.log_density) && cs.gradient.allFinite();
        }
        if (!found)
          detail_throw<NumericalError>("chain ", c, ": no initial point with a finite log density and gradient in ",
                                       "100 uniform draws from (-", s_.init_radius, ", ", s_.init_radius, ")^", d);
      }
      for (auto& half : cs.metric_window) half.reset(d, kDense);
      refresh_momentum(c, 0);
      if (s_.sampler.adapt_step_size) {
        cs.step_adaptation.target_accept = s_.sampler.target_accept;
        const double h0 = s_.sampler.step_size > 0.0 ? s_.sampler.step_size : 1.0;
        cs.step_size = search_step_size(c, 0, h0);
        cs.step_adaptation.restart(cs.step_size);
      } else {
        cs.step_size = s_.sampler.step_size;
      }
    });
    if (st_.warmup_length == 0) finish_warmup();
  }

  /// The per-quantity convergence checks of the last check (a diagnostics point or the end of sampling) when it
  /// was taken with `kept` draws per chain, or null.
  const std::vector<diagnostics::Convergence>* checks_of_draws(std::int64_t kept) const {
    return last_checks_kept_ == kept ? &last_checks_ : nullptr;
  }

  /// Runs until the end, a stop_after point, or convergence. Returns true when the run is complete.
  bool run() {
    using Clock = std::chrono::steady_clock;
    auto seconds_since = [](Clock::time_point start) {
      return std::chrono::duration<double>(Clock::now() - start).count();
    };
    Schedule schedule(s_, st_);
    core::Progress progress("mcmc (" + std::to_string(st_.chains) + " chains)",
                            chain_iterations(schedule.total() - st_.iteration));
    while (st_.iteration < schedule.total() && !st_.converged_early) {
      const std::int64_t t0 = st_.iteration, t1 = schedule.next(t0), planned = schedule.total();
      const bool sampling = t0 >= schedule.warmup();
      auto start = Clock::now();
      for_each_chain([&](int c) { advance(c, t0, t1, schedule, progress); }, schedule.kept_after(t0),
                     schedule.kept_after(t1));
      st_.iteration = t1;
      st_.kept = schedule.kept_after(t1);
      if (schedule.ends_metric_window(t1)) end_metric_window(t1, schedule.ends_last_metric_window(t1));
      if (t1 == schedule.warmup()) end_warmup();
      (sampling ? st_.sampling_seconds : st_.warmup_seconds) += seconds_since(start);
      start = Clock::now();
      if (schedule.diagnostics_due(t1)) {
        record_diagnostics(st_, s_, t1, &last_checks_);
        last_checks_kept_ = st_.kept;
      }
      if (sampling && t1 == schedule.total()) end_sampling(t1);
      st_.diagnostics_seconds += seconds_since(start);
      schedule = Schedule(s_, st_);
      if (schedule.total() > planned) progress.extend(chain_iterations(schedule.total() - planned));
      if (st_.iteration < schedule.total() && !st_.converged_early) {
        const bool stop = schedule.stop_due(t1);
        if ((stop || schedule.checkpoint_due(t1)) && !s_.checkpoint_path.empty()) checkpoint();
        if (stop) return false;
      }
    }
    return true;
  }

 private:
  template <class E, class... Parts>
  [[noreturn]] static void detail_throw(const Parts&... parts) {
    ::ito::detail::throw_error<E>(parts...);
  }

  /// Writes the checkpoint. Under MPI rank 0 writes it (the other ranks' files stay in memory, io::ResultFile),
  /// and every rank then throws the error of the first rank that failed, as one process would.
  void checkpoint() {
    if (!core::mpi::distributed()) return write_checkpoint(s_.checkpoint_path, st_);
    std::exception_ptr error;
    try {
      write_checkpoint(s_.checkpoint_path, st_);
    } catch (...) {
      error = std::current_exception();
    }
    const auto ranks = static_cast<std::uint64_t>(core::mpi::size());
    const std::uint64_t failed = core::mpi::min_over_ranks(error ? static_cast<std::uint64_t>(core::mpi::rank()) : ranks);
    if (failed < ranks) core::mpi::throw_from(static_cast<int>(failed), error);
  }

  /// Calls f(c) for every chain in parallel; rethrows the first error in chain order (core::parallel_tasks).
  /// Under MPI: f(c) for this rank's chains, then every rank throws the error of the first failing chain in
  /// chain order (core::mpi::run_share), or receives the state of every chain and its draws
  /// [kept_begin, kept_end) (share.hpp).
  template <class F>
  void for_each_chain(F&& f, std::int64_t kept_begin = 0, std::int64_t kept_end = 0) {
    if (!core::mpi::distributed()) {
      core::parallel_tasks(static_cast<std::size_t>(st_.chains), [&](std::size_t c) { f(static_cast<int>(c)); });
      return;
    }
    const auto chains = static_cast<std::size_t>(st_.chains), lo = static_cast<std::size_t>(mine_.begin),
               hi = static_cast<std::size_t>(mine_.end);
    core::mpi::run_share(0, chains, lo, hi, lo, hi - lo, 1,
                         [&](std::size_t, std::size_t c, std::size_t) { f(static_cast<int>(c)); });
    share_chains(st_, mine_, kept_begin, kept_end);
  }

  void refresh_sqrt_metric() {
    sqrt_metric_ = st_.inverse_metric.cwiseSqrt();
    if constexpr (kDense) dense_metric_ = st_.inverse_metric_factor * st_.inverse_metric_factor.transpose();
  }

  /// One transition / trial with the metric of this sampler (diagonal a, √a or dense A, L).
  StepStatistics sampler_step(double h, const double* xi, double u, ChainState& cs, LangevinWorkspace& ws,
                              bool metropolize) const {
    if constexpr (kDense)
      return Sampler::step(target_, dense_metric_, st_.inverse_metric_factor, h, s_.sampler.friction, xi, u, cs, ws,
                           metropolize);
    else
      return Sampler::step(target_, st_.inverse_metric, sqrt_metric_, h, s_.sampler.friction, xi, u, cs, ws,
                           metropolize);
  }
  double sampler_probe(double h, const double* xi, ChainState& cs, LangevinWorkspace& ws) const {
    if constexpr (kDense)
      return Sampler::probe(target_, dense_metric_, st_.inverse_metric_factor, h, xi, cs, ws);
    else
      return Sampler::probe(target_, st_.inverse_metric, sqrt_metric_, h, xi, cs, ws);
  }

  double search_step_size(int c, std::int64_t t, double h0) {
    ChainState& cs = st_.chain[static_cast<std::size_t>(c)];
    std::vector<double> xi(static_cast<std::size_t>(stride_));
    init_.fill(static_cast<std::uint64_t>(c), static_cast<std::uint64_t>((2 * t + 1) * stride_), xi.size(), xi.data());
    LangevinWorkspace ws;
    ws.resize(st_.dim);
    return search_initial_step_size(h0, [&](double h) {
      return sampler_probe(h, xi.data(), cs, ws);
    });
  }

  void refresh_momentum(int c, std::int64_t t) {
    if constexpr (Sampler::has_momentum) {
      ChainState& cs = st_.chain[static_cast<std::size_t>(c)];
      std::vector<double> xi(static_cast<std::size_t>(stride_));
      init_.fill(static_cast<std::uint64_t>(c), static_cast<std::uint64_t>((2 * t + 2) * stride_), xi.size(),
                 xi.data());
      cs.momentum = Eigen::Map<const Eigen::VectorXd>(xi.data(), st_.dim).cwiseQuotient(sqrt_metric_);
    } else {
      (void)c;
      (void)t;
    }
  }

  /// The iterations this process's chains do in `iterations` iterations of the run (its progress bar).
  std::uint64_t chain_iterations(std::int64_t iterations) const {
    return static_cast<std::uint64_t>(mine_.end - mine_.begin) *
           static_cast<std::uint64_t>(std::max<std::int64_t>(iterations, 0));
  }

  /// Pools the window accumulators of all chains (chain order) into the new metric (metric_adaptation.hpp)
  /// and, at the end of the last window, adds a window when the metric has not settled; then every chain
  /// searches a new step size and restarts dual averaging (and draws a fresh momentum).
  void end_metric_window(std::int64_t t, bool last) {
    const PooledWindow window = pool_metric_windows(st_.chain, st_.dim, kDense);
    const MetricEstimate estimate = estimate_metric(window, kDense);
    const double change = metric_change(st_, estimate);
    set_metric(st_, estimate, t);
    refresh_sqrt_metric();
    st_.adaptation_history.insert(st_.adaptation_history.end(),
                                  {static_cast<double>(t), window.pooled.count(), window.autocorrelation_time,
                                   estimate.shrinkage, change});
    if (last) {
      st_.metric_settled = metric_settled(window, change, s_.metric_settle_ratio);
      if (!st_.metric_settled) Schedule::extend_metric(s_, st_);
    }
    for_each_chain([&](int c) {
      ChainState& cs = st_.chain[static_cast<std::size_t>(c)];
      for (auto& half : cs.metric_window) half.reset(st_.dim, kDense);
      refresh_momentum(c, t);
      if (s_.sampler.adapt_step_size) {
        cs.step_size = search_step_size(c, t, cs.step_size);
        cs.step_adaptation.restart(cs.step_size);
      }
    });
  }

  /// The end of the planned warmup: the step size every chain samples with (the geometric mean of their
  /// dual-averaged steps), or a longer terminal buffer when the chains' steps disagree.
  void end_warmup() {
    if (s_.sampler.adapt_step_size && st_.chains > 1) {
      double mean_log = 0.0;
      for (const auto& cs : st_.chain) mean_log += std::log(cs.step_adaptation.final_step_size());
      mean_log /= static_cast<double>(st_.chains);
      double spread = 0.0;
      for (const auto& cs : st_.chain)
        spread = std::max(spread, std::abs(std::log(cs.step_adaptation.final_step_size()) - mean_log));
      st_.step_settled = spread <= std::log(s_.step_settle_ratio);
      if (!st_.step_settled && Schedule::extend_step(s_, st_)) return;
      for (auto& cs : st_.chain) cs.step_size = std::exp(mean_log);
    } else {
      st_.step_settled = true;
      if (s_.sampler.adapt_step_size)
        for (auto& cs : st_.chain) cs.step_size = cs.step_adaptation.final_step_size();
    }
    finish_warmup();
  }

  void finish_warmup() {
    if (!s_.sampler.adapt_metric) st_.metric_settled = true;
    if (!s_.sampler.adapt_step_size) st_.step_settled = true;
    for (int c = 0; c < st_.chains; ++c)
      st_.warmup_gradient_evaluations[static_cast<std::size_t>(c)] =
          st_.chain[static_cast<std::size_t>(c)].gradient_evaluations;
  }

  /// The end of the planned sampling: when the run may still grow, check convergence and sample more if
  /// it has not converged.
  void end_sampling(std::int64_t t) {
    if (st_.sampling_length >= s_.max_draws) return;
    const ConvergenceCheck check = record_diagnostics(st_, s_, t, &last_checks_);
    last_checks_kept_ = st_.kept;
    if (converged(check, s_, st_.chains)) return;
    if (Schedule::extend_sampling(s_, st_))
      st_.grow_capacity((st_.sampling_length + s_.thin - 1) / s_.thin, (s_.max_draws + s_.thin - 1) / s_.thin);
  }

  // A finite position whose reported (constrained) quantities are not finite: the transform overflowed.
  [[noreturn]] void report_non_finite_draw(int c, std::int64_t t, const Eigen::VectorXd& reported) const {
    const auto names = target_.parameter_names();
    Eigen::Index i = 0;
    while (i + 1 < reported.size() && std::isfinite(reported[i])) ++i;
    detail_throw<NumericalError>(Sampler::name, " sampler: chain ", c, ", iteration ", t, ": the draw of '",
                                 static_cast<std::size_t>(i) < names.size() ? names[static_cast<std::size_t>(i)] : "?",
                                 "' is ", reported[i],
                                 " although the sampler's state is finite (the transform to the reported scale "
                                 "overflows); no draw that is not finite is reported");
  }

  void advance(int c, std::int64_t t0, std::int64_t t1, const Schedule& schedule, core::Progress& progress) {
    const std::int64_t warmup = schedule.warmup();
    ChainState& cs = st_.chain[static_cast<std::size_t>(c)];
    LangevinWorkspace ws;
    ws.resize(st_.dim);
    std::vector<double> noise(static_cast<std::size_t>(kNoiseChunk * stride_));
    std::vector<double> uniforms(static_cast<std::size_t>(kNoiseChunk));
    Eigen::VectorXd reported(st_.parameters);
    const std::size_t chain_offset = static_cast<std::size_t>(c) * static_cast<std::size_t>(st_.capacity);
    std::int64_t chunk = -1;
    for (std::int64_t t = t0; t < t1; ++t) {
      if (t / kNoiseChunk != chunk) {
        if (chunk >= 0) progress.advance(static_cast<std::uint64_t>(t - std::max(t0, chunk * kNoiseChunk)));
        chunk = t / kNoiseChunk;
        proposal_.fill(static_cast<std::uint64_t>(c), static_cast<std::uint64_t>(chunk * kNoiseChunk * stride_),
                       noise.size(), noise.data());
        accept_.fill_uniform(static_cast<std::uint64_t>(c), static_cast<std::uint64_t>(chunk * kNoiseChunk),
                             uniforms.size(), uniforms.data());
      }
      const std::int64_t slot = t - chunk * kNoiseChunk;
      const StepStatistics stats = sampler_step(cs.step_size, noise.data() + slot * stride_,
                                                uniforms[static_cast<std::size_t>(slot)], cs, ws,
                                                /*metropolize=*/t < warmup);
      if (!stats.finite)
        detail_throw<NumericalError>(Sampler::name, " sampler blew up: chain ", c, ", iteration ", t,
                                     " (step size ", cs.step_size,
                                     ") reached a point where the log density or its gradient is not finite");
      if (t < warmup) {
        if (s_.sampler.adapt_step_size) cs.step_size = cs.step_adaptation.learn(stats.accept_stat);
        const int half = schedule.window_half(t);
        if (half >= 0) cs.metric_window[static_cast<std::size_t>(half)].add(cs.position, cs.gradient);
      } else {
        const std::int64_t k = t - warmup;
        if (k % s_.thin == 0) {
          const std::size_t i = chain_offset + static_cast<std::size_t>(k / s_.thin);
          target_.constrain(cs.position, reported);
          if (!reported.allFinite()) report_non_finite_draw(c, t, reported);
          std::copy(reported.data(), reported.data() + st_.parameters,
                    st_.draws.begin() + static_cast<std::ptrdiff_t>(i * static_cast<std::size_t>(st_.parameters)));
          st_.accept_stat[i] = stats.accept_stat;
          st_.log_density[i] = cs.log_density;
        }
      }
    }
    if (chunk >= 0) progress.advance(static_cast<std::uint64_t>(t1 - std::max(t0, chunk * kNoiseChunk)));
  }

  const T& target_;
  const RunSettings& s_;
  RunState& st_;
  std::int64_t stride_;
  ChainShare mine_;  ///< the chains this process advances (all of them without MPI)
  random::NormalStream proposal_, accept_, init_;
  Eigen::VectorXd sqrt_metric_;
  Eigen::MatrixXd dense_metric_;  ///< A = L Lᵀ (dense metric only)
  std::vector<diagnostics::Convergence> last_checks_;  ///< of the last check during sampling ...
  std::int64_t last_checks_kept_ = -1;                  ///< ... taken with this many draws per chain
};

template <class Sampler, class T>
RunResult run_with(const T& target, const RunSettings& settings) {
  RunResult result;
  result.parameter_names = target.parameter_names();
  StartState start = start_state(settings, target.dim(), static_cast<int>(result.parameter_names.size()));
  result.state = std::move(start.state);
  ChainRunner<Sampler, T> runner(target, settings, result.state);
  if (!start.resumed) {
    const auto begin = std::chrono::steady_clock::now();
    runner.initialise();
    result.state.warmup_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  }
  result.complete = runner.run();
  if (result.complete && settings.compute_summaries) {
    const auto begin = std::chrono::steady_clock::now();
    // the ranks' part of the summaries is the last check's when it saw these draws (the run ended there)
    result.summaries = summarize_run(result.state, runner.checks_of_draws(result.state.kept));
    // The draws are finite (advance() refuses others), but their sums can overflow: no estimate that is not finite.
    for (std::size_t i = 0; i < result.summaries.size(); ++i) {
      const auto& s = result.summaries[i];
      if (!std::isfinite(s.mean) || !std::isfinite(s.sd))
        ::ito::detail::throw_error<NumericalError>("the posterior mean of '", result.parameter_names[i], "' is ",
                                                   s.mean, " with sd ", s.sd, " over ", result.state.kept,
                                                   " finite draws per chain: they overflow double precision when "
                                                   "summed; rescale the target");
    }
    result.max_rhat = worst_rhat(result.summaries);
    result.min_ess_bulk = smallest_bulk_ess(result.summaries);
    result.converged = converged({result.max_rhat, result.min_ess_bulk}, settings, result.state.chains);
    result.state.diagnostics_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  }
  return result;
}

}  // namespace runner_detail

/// Runs settings.chains chains of the chosen sampler on `target` (a Target; the hot loop is inlined for a
/// concrete type). Throws ParameterError for inconsistent settings or a checkpoint of another run, and
/// NumericalError (naming chain and iteration) when an unadjusted sampler blows up.
template <targets::Target T>
RunResult run_chains(const T& target, RunSettings settings) {
  // plain MALA never adapts a metric, preconditioned MALA always does; ULA and kinetic follow the setting
  if (settings.sampler.kind == SamplerKind::mala) settings.sampler.adapt_metric = false;
  if (settings.sampler.kind == SamplerKind::preconditioned_mala) settings.sampler.adapt_metric = true;
  ITO_REQUIRE(settings.chains >= 1, "chains must be >= 1, got " << settings.chains);
  ITO_REQUIRE(settings.warmup >= 0 && settings.draws >= 1 && settings.thin >= 1,
              "need warmup >= 0, draws >= 1, thin >= 1");
  if (!settings.sampler.adapt_step_size && !(settings.sampler.step_size > 0.0))
    throw ParameterError("a fixed step size (adapt_step_size = false) must be > 0");
  if (settings.sampler.metric == MetricKind::dense && settings.sampler.kind != SamplerKind::preconditioned_mala)
    throw ParameterError("metric = \"dense\" is supported by the pmala sampler only");
  if (settings.initial_point && settings.initial_point->size() != target.dim())
    ::ito::detail::throw_error<ParameterError>("initial point has ", settings.initial_point->size(),
                                               " coordinates, the target has dimension ", target.dim());
  switch (settings.sampler.kind) {
    case SamplerKind::ula: return runner_detail::run_with<Ula>(target, settings);
    case SamplerKind::mala: return runner_detail::run_with<Mala>(target, settings);
    case SamplerKind::preconditioned_mala:
      if (settings.sampler.metric == MetricKind::dense) return runner_detail::run_with<MalaDense>(target, settings);
      return runner_detail::run_with<Mala>(target, settings);
    case SamplerKind::kinetic_langevin: return runner_detail::run_with<KineticLangevin>(target, settings);
  }
  throw ParameterError("unknown sampler kind");
}

}  // namespace ito::mcmc
