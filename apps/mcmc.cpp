// ito mcmc <params.toml>: Langevin MCMC (ULA, MALA, preconditioned MALA, kinetic Langevin/BAOAB) on a target
// from the catalogue, many chains in parallel, with checkpoint/resume and R-hat/ESS diagnostics.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>

#include "command.hpp"
#include "ito/core/error.hpp"
#include "ito/mcmc/runner.hpp"
#include "ito/targets/catalogue.hpp"

namespace ito::apps {
namespace {

const char* kKeysHelp = R"(  seed = 20261123                    random seed (every draw is a function of seed, chain, iteration)
  [target]                            the target (see the catalogue below)
  [sampler]
  kind = "pmala"                      "ula" | "mala" | "pmala" (MALA + diagonal metric) | "kinetic" (BAOAB)
  step_size = 0                       initial step (0: searched from 1), or the fixed step when not adapted
  adapt_step_size = true              dual averaging in warmup (gamma 0.05, t0 10, kappa 0.75)
  adapt_metric = true for pmala/kinetic, false for ula   (mala: never; pmala: always)
  metric = "diag"                     pmala only: "diag" (variances) | "dense" (pooled covariance, Cholesky L)
  target_accept = 0.574 (kinetic: 0.9) dual-averaging target (MALA acceptance; for ULA the MALA acceptance
                                      of its proposal, for BAOAB min(1, exp(-shadow work)))
  friction = 1                        gamma of kinetic Langevin
  [run]
  chains = 4, warmup = 1000, draws = 1000, thin = 1
  init_radius = 2                     initial points uniform in (-R, R)^d (unconstrained scale)
  init = [...]                        optional initial point (unconstrained), used by every chain
  stop_after = 0                      stop after this many iterations, writing a checkpoint (0: never)
  resume = false                      continue from checkpoint.path when it exists
  [checkpoint]
  path = "<out>.checkpoint.h5"        removed when the run completes
  interval = 0                        write a checkpoint every this many iterations (0: never)
  [diagnostics]
  interval = 0                        R-hat/ESS every this many sampling iterations (0: never)
  stop_when_converged = false         stop when max R-hat < rhat_below and min bulk-ESS > min_ess_per_chain * chains
  rhat_below = 1.01, min_ess_per_chain = 100
)";

std::string describe(double x) {
  std::ostringstream os;
  os.precision(4);
  os << x;
  return os.str();
}

std::string run_mcmc(Context& ctx) {
  io::Params& p = ctx.params;
  const std::string target_kind = p.string("target.kind", std::nullopt, targets::target_kinds());
  targets::AnyTarget target = targets::make_target(p, "target");

  mcmc::RunSettings run;
  run.seed = ctx.seed;
  run.target_description = target.description().empty() ? target_kind : target.description();
  const std::string kind = p.string("sampler.kind", "pmala", {"ula", "mala", "pmala", "kinetic"});
  run.sampler.kind = mcmc::sampler_kind(kind);
  run.sampler.step_size = p.real("sampler.step_size", 0.0, io::Range::nonnegative());
  run.sampler.adapt_step_size = p.boolean("sampler.adapt_step_size", true);
  run.sampler.adapt_metric = p.boolean("sampler.adapt_metric", kind == "pmala" || kind == "kinetic");
  if (kind == "mala" && run.sampler.adapt_metric)
    p.fail("sampler.adapt_metric", "sampler 'mala' has the identity metric; use kind = \"pmala\" to adapt one");
  if (kind == "pmala" && !run.sampler.adapt_metric)
    p.fail("sampler.adapt_metric", "sampler 'pmala' always adapts its metric; use kind = \"mala\" for none");
  const std::string metric = p.string("sampler.metric", "diag", {"diag", "dense"});
  run.sampler.metric = metric == "dense" ? mcmc::MetricKind::dense : mcmc::MetricKind::diagonal;
  if (metric == "dense" && kind != "pmala")
    p.fail("sampler.metric", "a dense metric is supported by sampler 'pmala' only");
  // BAOAB is unadjusted in sampling: at 0.574 (or 0.8) its adapted step blew up on sblrc-blr, so its
  // default asks for a smaller energy error
  run.sampler.target_accept =
      p.real("sampler.target_accept", kind == "kinetic" ? 0.9 : 0.574, io::Range::open(0.0, 1.0));
  run.sampler.friction = p.real("sampler.friction", 1.0, io::Range::positive());
  if (!run.sampler.adapt_step_size && !(run.sampler.step_size > 0.0))
    p.fail("sampler.step_size", "a fixed step size (adapt_step_size = false) must be > 0");

  run.chains = static_cast<int>(p.integer("run.chains", 4, io::Range::between(1, 4096)));
  run.warmup = p.integer("run.warmup", 1000, io::Range::nonnegative());
  run.draws = p.integer("run.draws", 1000, io::Range::at_least(1));
  run.thin = p.integer("run.thin", 1, io::Range::at_least(1));
  run.init_radius = p.real("run.init_radius", 2.0, io::Range::positive());
  if (p.has("run.init")) {
    const auto init = p.reals("run.init");
    if (static_cast<int>(init.size()) != target.dim())
      p.fail("run.init", "expected " + std::to_string(target.dim()) + " numbers (the unconstrained dimension), got " +
                             std::to_string(init.size()));
    Eigen::VectorXd x = Eigen::Map<const Eigen::VectorXd>(init.data(), target.dim());
    Eigen::VectorXd grad;
    const double lp = target.log_density_gradient(x, grad);
    if (!std::isfinite(lp) || !grad.allFinite())
      p.fail("run.init", "the log density (" + describe(lp) + ") or its gradient is not finite at this point");
    run.initial_point = x;
  }
  run.stop_after = p.integer("run.stop_after", 0, io::Range::nonnegative());
  run.resume = p.boolean("run.resume", false);
  run.checkpoint_path = p.string("checkpoint.path", ctx.out + ".checkpoint.h5");
  run.checkpoint_interval = p.integer("checkpoint.interval", 0, io::Range::nonnegative());
  run.diagnostics_interval = p.integer("diagnostics.interval", 0, io::Range::nonnegative());
  run.stop_when_converged = p.boolean("diagnostics.stop_when_converged", false);
  run.rhat_below = p.real("diagnostics.rhat_below", 1.01, io::Range::open(1.0, 2.0));
  run.min_ess_per_chain = p.real("diagnostics.min_ess_per_chain", 100.0, io::Range::nonnegative());
  if (run.stop_when_converged && run.diagnostics_interval == 0)
    p.fail("diagnostics.stop_when_converged", "needs diagnostics.interval > 0");
  if (run.stop_after >= run.warmup + run.draws)
    p.fail("run.stop_after", "must be smaller than warmup + draws = " + std::to_string(run.warmup + run.draws));
  p.check_unused();
  const auto checkpoint_dir = std::filesystem::path(run.checkpoint_path).parent_path();
  if ((run.stop_after > 0 || run.checkpoint_interval > 0) && !checkpoint_dir.empty() &&
      !std::filesystem::is_directory(checkpoint_dir))
    p.fail("checkpoint.path", "directory '" + checkpoint_dir.string() + "' does not exist");

  const mcmc::RunResult result = mcmc::run_chains(target, run);
  const mcmc::RunState& st = result.state;
  if (!result.complete)
    return "mcmc " + kind + " on " + target_kind + ": stopped after " + std::to_string(st.iteration) +
           " iterations; checkpoint " + run.checkpoint_path + " (continue with --set run.resume=true)";

  // results
  const auto chains = static_cast<std::uint64_t>(st.chains), kept = static_cast<std::uint64_t>(st.kept),
             params = static_cast<std::uint64_t>(st.parameters), capacity = static_cast<std::uint64_t>(st.capacity);
  auto trimmed = [&](const std::vector<double>& v, std::uint64_t width) {  // drop unused capacity (early stop)
    std::vector<double> out;
    out.reserve(chains * kept * width);
    for (std::uint64_t c = 0; c < chains; ++c)
      out.insert(out.end(), v.begin() + static_cast<std::ptrdiff_t>(c * capacity * width),
                 v.begin() + static_cast<std::ptrdiff_t>((c * capacity + kept) * width));
    return out;
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
  file.attribute("/sampler", "kind", kind);
  file.attribute("/sampler", "chains", st.chains);
  file.attribute("/sampler", "warmup", static_cast<std::int64_t>(run.warmup));
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
  double min_ess = std::numeric_limits<double>::infinity(), max_rhat = 0.0, accept = 0.0;
  for (const auto& s : result.summaries) {
    min_ess = std::isnan(s.ess_bulk) ? NAN : std::min(min_ess, s.ess_bulk);
    max_rhat = std::isnan(s.rhat) ? NAN : std::max(max_rhat, s.rhat);
  }
  for (double a : trimmed(st.accept_stat, 1)) accept += a;
  accept /= static_cast<double>(chains * kept);
  const auto sampling_gradients = st.sampling_gradient_evaluations();
  const double ess_per_second = min_ess / st.sampling_seconds;
  const double ess_per_gradient = min_ess / static_cast<double>(sampling_gradients);
  file.attribute("/summary", "parameter_names", result.parameter_names);
  file.attribute("/summary", "min_ess_bulk", min_ess);
  file.attribute("/summary", "max_rhat", max_rhat);
  file.attribute("/summary", "ess_per_second", ess_per_second);
  file.attribute("/summary", "ess_per_gradient", ess_per_gradient);
  file.attribute("/summary", "sampling_seconds", st.sampling_seconds);
  file.attribute("/summary", "sampling_gradient_evaluations", static_cast<std::int64_t>(sampling_gradients));
  file.attribute("/summary", "mean_accept_stat", accept);
  file.attribute("/summary", "converged_early", st.converged_early ? 1 : 0);
  file.attribute("/summary", "definitions",
                 "ess_per_second = min bulk-ESS over parameters / wall time of the sampling phase (all chains, "
                 "in parallel); ess_per_gradient = min bulk-ESS / gradient evaluations of the sampling phase "
                 "summed over chains");
  ctx.finish(file);
  if (!run.checkpoint_path.empty()) {
    std::error_code ec;
    std::filesystem::remove(run.checkpoint_path, ec);
  }
  return "mcmc " + kind + " on " + target_kind + ": " + std::to_string(st.chains) + " chains x " +
         std::to_string(st.kept) + " draws" + (st.converged_early ? " (converged early)" : "") + ", max R-hat " +
         describe(max_rhat) + ", min bulk-ESS " + describe(min_ess) + ", ESS/s " + describe(ess_per_second) +
         ", ESS/gradient " + describe(ess_per_gradient) + ", mean accept " + describe(accept) + " -> " + ctx.out;
}

}  // namespace

ITO_COMMAND({"mcmc", "Langevin MCMC (ULA, MALA, preconditioned MALA, BAOAB) with diagnostics and checkpoints",
             std::string(kKeysHelp) + "  target keys:\n" + targets::target_keys_help("target"), "mcmc.h5", run_mcmc});

}  // namespace ito::apps
