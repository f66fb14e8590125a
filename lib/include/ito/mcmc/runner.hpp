#pragma once
// Many chains in parallel: initialisation, warmup (step size by dual averaging, pooled metric), sampling,
// checkpoints, resume, diagnostics during the run and an optional stop when converged. The jobs between the
// transitions have their own headers: when the chains meet (schedule.hpp), what happens at the end of a
// metric window (metric_adaptation.hpp), checkpoints and resume (checkpoint.hpp), diagnostics during the run
// (run_diagnostics.hpp). This file holds what each chain does between two meetings, and the loop.
//
// Parallelism and reproducibility. One chain is one task (core::parallel_blocks with blocks of one chain);
// chains only meet at synchronisation points. Every random number is a pure function of
// (seed, purpose, chain, index) through NormalStream, with S = dim rounded up to even:
//   mcmc_proposal: normal  t·S + j         ξ_j of iteration t (j < dim), drawn in aligned chunks of
//                                            kNoiseChunk iterations so every number is always produced in
//                                            the same batch position;
//   mcmc_accept:   uniform t               u of iteration t;
//   mcmc_init:     uniform 2⁶² + r·S + j   coordinate j of initialisation attempt r;
//                  normal  (2t + 1)·S + j  noise of the step-size search done before iteration t;
//                  normal  (2t + 2)·S + j  fresh momentum (kinetic) before iteration t.
// Hence the draws are bitwise identical for any thread count, and for any placement of synchronisation
// points — which is what makes a resumed run identical to an uninterrupted one.
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
        proposal_(settings.seed, random::Purpose::mcmc_proposal),
        accept_(settings.seed, random::Purpose::mcmc_accept),
        init_(settings.seed, random::Purpose::mcmc_init),
        schedule_(settings) {
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
    st_.chain.assign(static_cast<std::size_t>(st_.chains), ChainState{});
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
      cs.metric_window.reset(d, kDense);
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
  }

  /// Runs until the end, a stop_after point, or convergence. Returns true when the run is complete.
  bool run() {
    const std::int64_t total = schedule_.total();
    core::Progress progress("mcmc (" + std::to_string(st_.chains) + " chains)",
                            static_cast<std::uint64_t>(st_.chains) * static_cast<std::uint64_t>(total - st_.iteration));
    while (st_.iteration < total && !st_.converged_early) {
      const std::int64_t t0 = st_.iteration, t1 = schedule_.next(t0);
      const auto start = std::chrono::steady_clock::now();
      for_each_chain([&](int c) { advance(c, t0, t1, progress); });
      if (t0 >= s_.warmup)
        st_.sampling_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      st_.iteration = t1;
      st_.kept = schedule_.kept_after(t1);
      if (t1 == s_.warmup)
        for (int c = 0; c < st_.chains; ++c)
          st_.warmup_gradient_evaluations[static_cast<std::size_t>(c)] =
              st_.chain[static_cast<std::size_t>(c)].gradient_evaluations;
      if (schedule_.ends_metric_window(t1)) end_metric_window(t1);
      if (schedule_.diagnostics_due(t1)) record_diagnostics(st_, s_, t1);
      if (st_.iteration < total && !st_.converged_early) {
        const bool stop = schedule_.stop_due(t1);
        if ((stop || schedule_.checkpoint_due(t1)) && !s_.checkpoint_path.empty()) write_checkpoint(s_.checkpoint_path, st_);
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

  /// Calls f(c) for every chain in parallel; rethrows the first error in chain order (core::parallel_blocks).
  template <class F>
  void for_each_chain(F&& f) {
    core::parallel_blocks(static_cast<std::size_t>(st_.chains), 1,
                          [&](std::size_t c, std::size_t, std::size_t) { f(static_cast<int>(c)); });
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

  /// Pools the window accumulators of all chains (chain order) into the new metric (metric_adaptation.hpp),
  /// then every chain searches a new step size and restarts dual averaging (and draws a fresh momentum).
  void end_metric_window(std::int64_t t) {
    set_metric_from_window(st_, pool_metric_windows(st_.chain, st_.dim, kDense), kDense, t);
    refresh_sqrt_metric();
    for_each_chain([&](int c) {
      ChainState& cs = st_.chain[static_cast<std::size_t>(c)];
      cs.metric_window.reset(st_.dim, kDense);
      refresh_momentum(c, t);
      if (s_.sampler.adapt_step_size) {
        cs.step_size = search_step_size(c, t, cs.step_size);
        cs.step_adaptation.restart(cs.step_size);
      }
    });
  }

  void advance(int c, std::int64_t t0, std::int64_t t1, core::Progress& progress) {
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
                                                /*metropolize=*/t < s_.warmup);
      if (!stats.finite)
        detail_throw<NumericalError>(Sampler::name, " sampler blew up: chain ", c, ", iteration ", t,
                                     " (step size ", cs.step_size,
                                     ") reached a point where the log density or its gradient is not finite");
      if (t < s_.warmup) {
        if (s_.sampler.adapt_step_size) {
          cs.step_size = cs.step_adaptation.learn(stats.accept_stat);
          if (t == s_.warmup - 1) cs.step_size = cs.step_adaptation.final_step_size();
        }
        for (const auto& w : schedule_.windows())
          if (t >= w.begin && t < w.end) cs.metric_window.add(cs.position);
      } else {
        const std::int64_t k = t - s_.warmup;
        if (k % s_.thin == 0) {
          const std::size_t i = chain_offset + static_cast<std::size_t>(k / s_.thin);
          target_.constrain(cs.position, reported);
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
  random::NormalStream proposal_, accept_, init_;
  Schedule schedule_;
  Eigen::VectorXd sqrt_metric_;
  Eigen::MatrixXd dense_metric_;  ///< A = L Lᵀ (dense metric only)
};

template <class Sampler, class T>
RunResult run_with(const T& target, const RunSettings& settings) {
  RunResult result;
  result.parameter_names = target.parameter_names();
  StartState start = start_state(settings, target.dim(), static_cast<int>(result.parameter_names.size()));
  result.state = std::move(start.state);
  ChainRunner<Sampler, T> runner(target, settings, result.state);
  if (!start.resumed) runner.initialise();
  result.complete = runner.run();
  if (result.complete && settings.compute_summaries) result.summaries = summarize_run(result.state);
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
