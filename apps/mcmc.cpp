// ito mcmc <params.toml>: Langevin MCMC (ULA, MALA, preconditioned MALA, kinetic Langevin/BAOAB) on a target
// from the catalogue, many chains in parallel, with checkpoint/resume and R-hat/ESS diagnostics.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <limits>
#include <sstream>
#include <span>

#include "command.hpp"
#include "ito/core/error.hpp"
#include "ito/core/mpi.hpp"
#include "ito/io/output.hpp"
#include "ito/mcmc/params.hpp"
#include "ito/mcmc/runner.hpp"
#include "ito/targets/catalogue.hpp"

namespace ito::apps {
namespace {

std::string describe(double x) {
  std::ostringstream os;
  os.precision(4);
  os << x;
  return os.str();
}

std::string run_mcmc(Context& ctx) {
  mcmc::McmcParameters parameters = mcmc::read_mcmc(ctx.params, ctx.out);
  const targets::AnyTarget& target = parameters.target;
  const std::string& target_kind = parameters.target_kind;
  const std::string& kind = parameters.sampler_kind;
  mcmc::RunSettings& run = parameters.run;
  run.seed = ctx.seed;
  const std::string metric = mcmc::metric_name(run.sampler.metric);

  // A resume without a checkpoint starts from the beginning: say so. On Ctrl-C, say where the last
  // checkpoint is (written every checkpoint.interval iterations; the interrupted run writes none of its own).
  if (run.resume && !std::filesystem::exists(run.checkpoint_path) && core::mpi::rank() == 0)
    std::cerr << "ito mcmc: run.resume = true, but there is no checkpoint " << run.checkpoint_path
              << ": starting from the beginning\n";
  if (!run.checkpoint_path.empty() && run.checkpoint_interval > 0)
    io::set_interrupt_note("the last checkpoint, " + run.checkpoint_path +
                               ", is kept: continue with --set run.resume=true",
                           run.checkpoint_path);
  const mcmc::RunResult result = mcmc::run_chains(target, run);
  const mcmc::RunState& st = result.state;
  if (!result.complete)
    return "mcmc " + kind + " on " + target_kind + ": stopped after " + std::to_string(st.iteration) +
           " iterations; checkpoint " + run.checkpoint_path + " (continue with --set run.resume=true)";

  // results
  const auto chains = static_cast<std::uint64_t>(st.chains), kept = static_cast<std::uint64_t>(st.kept),
             params = static_cast<std::uint64_t>(st.parameters), capacity = static_cast<std::uint64_t>(st.capacity);
  // The kept draws of each chain, chains × kept × width: the arrays themselves when every place is kept, else a copy
  // without the unused places (an early stop). (The copy of /draws was 2,600 first-touched pages for
  // mcmc_gaussian100 — 28 ms of its 0.3 s run, on one thread, where a page fault costs 10 µs.)
  std::vector<double> copy;
  auto trimmed = [&](const mcmc::DrawArray& v, std::uint64_t width) -> std::span<const double> {
    if (kept == capacity) return {v.data(), v.size()};
    copy.clear();
    copy.reserve(chains * kept * width);
    for (std::uint64_t c = 0; c < chains; ++c)
      copy.insert(copy.end(), v.begin() + static_cast<std::ptrdiff_t>(c * capacity * width),
                  v.begin() + static_cast<std::ptrdiff_t>((c * capacity + kept) * width));
    return copy;
  };
  io::ResultFile file(ctx.out);
  file.write("/draws", trimmed(st.draws, params), {chains, kept, params});
  file.attribute("/draws", "parameter_names", result.parameter_names);
  file.write("/sampler/accept_stat", trimmed(st.accept_stat, 1), {chains, kept});
  file.write("/sampler/log_density", trimmed(st.log_density, 1), {chains, kept});
  std::vector<double> step_sizes;
  std::vector<std::int64_t> gradients;
  for (const auto& c : st.chain) {
    step_sizes.push_back(c.step_size);
    gradients.push_back(c.gradient_evaluations);
  }
  file.write("/sampler/step_size", step_sizes);
  file.write("/sampler/metric", std::vector<double>(st.inverse_metric.data(), st.inverse_metric.data() + st.dim));
  file.attribute("/sampler/metric", "meaning", "diagonal inverse metric A (unconstrained scale): proposals use A grad");
  if (st.inverse_metric_factor.size() > 0) {
    const auto d = static_cast<std::uint64_t>(st.dim);
    file.write("/sampler/metric_factor",
               std::vector<double>(st.inverse_metric_factor.data(),
                                   st.inverse_metric_factor.data() + st.inverse_metric_factor.size()),
               {d, d});
    file.attribute("/sampler/metric_factor", "meaning",
                   "dense metric: Cholesky factor L (column-major, lower) of the inverse metric A = L L^T; "
                   "/sampler/metric is then diag(A)");
  }
  file.attribute("/sampler", "metric", metric);
  file.write("/sampler/gradient_evaluations", gradients);
  file.write("/sampler/diagnostics_history", st.diagnostics_history, {st.diagnostics_history.size() / 3, 3});
  file.attribute("/sampler/diagnostics_history", "columns", std::vector<std::string>{"iteration", "max_rhat", "min_ess_bulk"});
  file.write("/sampler/adaptation_history", st.adaptation_history, {st.adaptation_history.size() / 5, 5});
  file.attribute("/sampler/adaptation_history", "columns",
                 std::vector<std::string>{"iteration", "pooled_draws", "autocorrelation_time", "shrinkage", "change"});
  file.attribute("/sampler/adaptation_history", "meaning",
                 "one row per metric window: the iteration it ended, the draws of all chains in it, the "
                 "autocorrelation time its half-windows show, the correlation shrinkage of the dense metric (0 "
                 "for diagonal), and the change from the metric in force (max/min generalised eigenvalue)");
  file.attribute("/sampler", "kind", kind);
  file.attribute("/sampler", "chains", st.chains);
  file.attribute("/sampler", "warmup", static_cast<std::int64_t>(st.warmup_length));
  file.attribute("/sampler", "warmup_requested", static_cast<std::int64_t>(run.warmup));
  file.attribute("/sampler", "max_warmup", static_cast<std::int64_t>(run.max_warmup));
  file.attribute("/sampler", "metric_settled", st.metric_settled ? 1 : 0);
  file.attribute("/sampler", "step_size_settled", st.step_settled ? 1 : 0);
  file.attribute("/sampler", "draws", static_cast<std::int64_t>(st.iteration - st.warmup_length));
  file.attribute("/sampler", "draws_requested", static_cast<std::int64_t>(run.draws));
  file.attribute("/sampler", "max_draws", static_cast<std::int64_t>(run.max_draws));
  file.attribute("/sampler", "draws_per_chain", static_cast<std::int64_t>(st.kept));
  file.attribute("/sampler", "thin", static_cast<std::int64_t>(run.thin));
  file.attribute("/sampler", "friction", run.sampler.friction);
  file.attribute("/sampler", "target_accept", run.sampler.target_accept);
  file.attribute("/sampler", "target", run.target_description);

  using diagnostics::Summary;
  struct Column {
    const char* name;
    double Summary::*field;
  };
  const Column columns[] = {{"mean", &Summary::mean},           {"sd", &Summary::sd},
                            {"mcse_mean", &Summary::mcse_mean}, {"mcse_sd", &Summary::mcse_sd},
                            {"rhat", &Summary::rhat},           {"ess_bulk", &Summary::ess_bulk},
                            {"ess_tail", &Summary::ess_tail},   {"q5", &Summary::q5},
                            {"q50", &Summary::q50},             {"q95", &Summary::q95}};
  for (const auto& col : columns) {
    std::vector<double> v;
    for (const auto& s : result.summaries) v.push_back(s.*col.field);
    const std::string path = std::string("/summary/") + col.name;
    file.write(path, v);
    file.attribute(path, "parameter_names", result.parameter_names);
  }
  const double min_ess = result.min_ess_bulk, max_rhat = result.max_rhat;
  double accept = 0.0;
  for (double a : trimmed(st.accept_stat, 1)) accept += a;
  accept /= static_cast<double>(chains * kept);
  const auto sampling_gradients = st.sampling_gradient_evaluations();
  const double run_seconds = st.warmup_seconds + st.sampling_seconds + st.diagnostics_seconds;
  const double ess_per_second_sampling = min_ess / st.sampling_seconds, ess_per_second_run = min_ess / run_seconds;
  const double ess_per_gradient = min_ess / static_cast<double>(sampling_gradients);
  const double ess_needed = run.min_ess_per_chain * st.chains;
  file.attribute("/summary", "parameter_names", result.parameter_names);
  file.attribute("/summary", "converged", result.converged ? 1 : 0);
  file.attribute("/summary", "min_ess_bulk", min_ess);
  file.attribute("/summary", "max_rhat", max_rhat);
  file.attribute("/summary", "rhat_below", run.rhat_below);
  file.attribute("/summary", "min_ess_bulk_needed", ess_needed);
  file.attribute("/summary", "ess_per_second_sampling", ess_per_second_sampling);
  file.attribute("/summary", "ess_per_second_run", ess_per_second_run);
  file.attribute("/summary", "ess_per_gradient", ess_per_gradient);
  file.attribute("/summary", "warmup_seconds", st.warmup_seconds);
  file.attribute("/summary", "sampling_seconds", st.sampling_seconds);
  file.attribute("/summary", "diagnostics_seconds", st.diagnostics_seconds);
  file.attribute("/summary", "run_seconds", run_seconds);
  file.attribute("/summary", "sampling_gradient_evaluations", static_cast<std::int64_t>(sampling_gradients));
  file.attribute("/summary", "mean_accept_stat", accept);
  file.attribute("/summary", "converged_early", st.converged_early ? 1 : 0);
  for (const auto& a : targets::target_attributes(target)) {  // facts of the target (standardised predictors, ...)
    if (!a.text.empty())
      file.attribute("/summary", a.name, a.text);
    else if (!a.names.empty())
      file.attribute("/summary", a.name, a.names);
    else
      file.attribute("/summary", a.name, a.numbers);
  }
  file.attribute("/summary", "definitions",
                 "converged = max R-hat < rhat_below and min bulk-ESS >= min_ess_bulk_needed (min_ess_per_chain x "
                 "chains); ess_per_second_sampling = min bulk-ESS over parameters / wall time of the sampling "
                 "transitions (all chains, in parallel); ess_per_second_run = min bulk-ESS / run_seconds, the wall "
                 "time of initialisation, warmup, sampling and diagnostics (not reading the data or writing this "
                 "file); ess_per_gradient = min bulk-ESS / gradient evaluations of the sampling phase summed over "
                 "chains");
  ctx.finish(file);
  // Every rank reads the checkpoint when it resumes (each holds the state of every chain at the synchronisation
  // points, mcmc/share.hpp): wait for all of them before rank 0 removes it, or a slower rank finds it gone.
  if (!run.checkpoint_path.empty()) core::mpi::min_over_ranks(0);
  if (!run.checkpoint_path.empty() && core::mpi::rank() == 0) {  // rank 0 alone writes and removes it
    std::error_code ec;
    std::filesystem::remove(run.checkpoint_path, ec);
  }
  std::string warmup = std::to_string(st.warmup_length) + " warmup";
  if (st.warmup_length > run.warmup) warmup += " (extended from " + std::to_string(run.warmup) + ")";
  std::string draws = std::to_string(st.kept) + " draws";
  if (st.sampling_length > run.draws && !st.converged_early)
    draws += " (extended from " + std::to_string((run.draws + run.thin - 1) / run.thin) + ")";
  if (st.converged_early) draws += " (converged early)";
  std::string line = "mcmc " + kind + " on " + target_kind + ": " + std::to_string(st.chains) + " chains x " + warmup +
                     " + " + draws + ", max R-hat " + describe(max_rhat) + ", min bulk-ESS " + describe(min_ess) +
                     ", ESS/s " + describe(ess_per_second_run) + " (sampling only " + describe(ess_per_second_sampling) +
                     "), ESS/gradient " + describe(ess_per_gradient) + ", mean accept " + describe(accept) + " -> " +
                     ctx.out;
  if (!result.converged) {
    std::string why;
    if (!(max_rhat < run.rhat_below)) why = "max R-hat " + describe(max_rhat) + " is not below " + describe(run.rhat_below);
    if (!(min_ess >= ess_needed))
      why += std::string(why.empty() ? "" : " and ") + "min bulk-ESS " + describe(min_ess) + " is below " +
             describe(ess_needed) + " (" + describe(run.min_ess_per_chain) + " per chain)";
    line += "\nNOT CONVERGED: " + why + " after " + std::to_string(st.kept) + " draws per chain";
    if (st.sampling_length >= run.max_draws) line += " (run.max_draws = " + std::to_string(run.max_draws) + ")";
    line += "; do not use these draws as a sample of the target. Run longer (run.draws, run.max_draws), "
            "reparametrise, or see /summary.";
  }
  if (!st.metric_settled || !st.step_settled)
    line += std::string("\nwarning: the ") + (!st.metric_settled ? "metric" : "step size") +
            " had not settled when warmup ended (" + std::to_string(st.warmup_length) +
            " iterations, run.max_warmup = " + std::to_string(run.max_warmup) + "; /sampler/adaptation_history)";
  return line;
}

}  // namespace

ITO_COMMAND({"mcmc", "Langevin MCMC (ula, mala, pmala, kinetic = BAOAB) with diagnostics and checkpoints",
             "mcmc.h5", run_mcmc, &mcmc::mcmc_schema, /*distributed=*/true});

}  // namespace ito::apps
