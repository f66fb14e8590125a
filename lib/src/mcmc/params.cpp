#include "ito/mcmc/params.hpp"

#include <omp.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>

#include "ito/core/error.hpp"
#include "ito/core/memory.hpp"
#include "ito/targets/catalogue.hpp"

namespace ito::mcmc {

namespace {

using io::Range;

io::Schema make_schema() {
  io::Schema s("mcmc");
  targets::add_target_keys(s, "target");
  s.string("sampler.kind", "pmala", {"ula", "mala", "pmala", "kinetic"},
           "ula, mala, pmala (MALA with an adapted metric) or kinetic (BAOAB)");
  s.real("sampler.step_size", 0.0, Range::nonnegative(),
         "initial step (0: searched from 1), or the fixed step when not adapted");
  s.boolean("sampler.adapt_step_size", true, "dual averaging in warmup (γ 0.05, t0 10, κ 0.75)");
  s.string("sampler.metric", "diag", {"diag", "dense"},
           "adapted metric: variances, or the pooled covariance's Cholesky factor (pmala only)");
  s.real("sampler.friction", 1.0, Range::positive(), "γ of kinetic Langevin");
  s.boolean("sampler.adapt_metric", true, "metric estimated in warmup (pmala: always)")
      .when("sampler.kind", {"pmala", "kinetic"});
  s.boolean("sampler.adapt_metric", false, "metric estimated in warmup (mala: never)")
      .when("sampler.kind", {"ula", "mala"});
  // BAOAB is unadjusted in sampling: at 0.574 (or 0.8) its adapted step blew up on sblrc-blr, so its
  // default asks for a smaller energy error.
  s.real("sampler.target_accept", 0.9, Range::open(0.0, 1.0), "dual-averaging target of min(1, exp(−shadow work))")
      .when("sampler.kind", {"kinetic"});
  s.real("sampler.target_accept", 0.574, Range::open(0.0, 1.0),
         "dual-averaging target of the MALA acceptance (ula: of its proposal's)")
      .unless("sampler.kind", {"kinetic"});

  s.integer("run.chains", std::int64_t{4}, Range::between(1, 4096), "chains, run in parallel");
  s.integer("run.warmup", std::int64_t{1000}, Range::nonnegative(),
            "warmup iterations per chain (Stan's windows: 75-iteration buffer, windows of 25, 50, ..., 50 at the end)");
  s.integer("run.max_warmup", io::computed("10 * run.warmup"), Range::nonnegative(),
            "warmup grows while the metric or the step size has not settled (another window twice the last, a "
            "longer terminal buffer), up to this; = warmup: never");
  s.integer("run.draws", std::int64_t{1000}, Range::at_least(1), "sampling iterations per chain");
  s.integer("run.max_draws", io::computed("20 * run.draws"), Range::at_least(1),
            "sampling grows by half until converged, up to this; = draws: a fixed length");
  s.integer("run.thin", std::int64_t{1}, Range::at_least(1), "keep every thin-th draw");
  s.real("run.init_radius", 2.0, Range::positive(), "initial points uniform in (−R, R)^d (unconstrained scale)");
  s.reals("run.init", io::optional, Range::any(), "initial point (unconstrained) of every chain");
  s.integer("run.stop_after", std::int64_t{0}, Range::nonnegative(),
            "stop after this many iterations, writing a checkpoint (0: never)");
  s.boolean("run.resume", false, "continue from checkpoint.path when it exists");
  s.string("checkpoint.path", io::computed("<out>.checkpoint.h5"), {}, "removed when the run completes");
  s.integer("checkpoint.interval", std::int64_t{0}, Range::nonnegative(),
            "write a checkpoint every this many iterations (0: never)");
  s.integer("diagnostics.interval", std::int64_t{0}, Range::nonnegative(),
            "R-hat and ESS every this many sampling iterations (0: never)");
  s.boolean("diagnostics.stop_when_converged", false,
            "stop at a diagnostics point once converged (also before run.draws)");
  s.real("diagnostics.rhat_below", 1.01, Range::open(1.0, 2.0),
         "converged: max R-hat < rhat_below and min bulk-ESS ≥ min_ess_per_chain · chains");
  s.real("diagnostics.min_ess_per_chain", 100.0, Range::nonnegative(), "bulk-ESS needed per chain to be converged");
  return s;
}

/// k·n, or n when that would overflow.
std::int64_t times(std::int64_t n, std::int64_t k) { return n > std::numeric_limits<std::int64_t>::max() / k ? n : k * n; }

std::string describe(double x) {
  std::ostringstream os;
  os.precision(4);
  os << x;
  return os.str();
}

std::string rounded(double x) {
  std::ostringstream os;
  os.precision(6);
  os << x;
  return os.str();
}

// The memory of a run, estimated before anything is allocated: the kept draws (chains × ⌈draws/thin⌉ ×
// (parameters + 2): accept statistic and log density) twice (the run's state and the trimmed copy written to
// the file), the diagnostics' per-thread work arrays (a few copies of one parameter's draws), and per chain
// the sampler's vectors (a dense metric: dim × dim per chain for its adaptation window, and its factor).
void check_memory(io::SchemaReader& r, const McmcParameters& p) {
  const RunSettings& run = p.run;
  const double chains = run.chains, kept = std::ceil(static_cast<double>(run.draws) / static_cast<double>(run.thin));
  const double quantities = static_cast<double>(p.target.parameter_names().size()), dim = p.target.dim();
  const double draws = 2.0 * chains * kept * (quantities + 2.0) * 8.0;
  const double diagnostics = omp_get_max_threads() * chains * kept * 8.0 * 6.0;
  const double dense = run.sampler.metric == MetricKind::dense ? (chains + 3.0) * dim * dim * 8.0 : 0.0;
  const double per_chain = chains * dim * 8.0 * 12.0;
  const std::string refusal = core::memory_refusal(
      draws + diagnostics + dense + per_chain,
      rounded(chains) + " chains × " + rounded(kept) + " kept draws × " + rounded(quantities) + " parameters" +
          (dense > 0 ? ", and a dense metric of " + rounded(dim) + " × " + rounded(dim) + " per chain" : ""));
  if (refusal.empty()) return;
  if (dense > draws && dense > per_chain) r.fail("sampler.metric", refusal);
  if (per_chain > draws) r.fail("target.dim", refusal);
  // the key furthest above its default (4 chains, 1000 draws)
  r.fail(chains / 4.0 > kept / 1000.0 ? "run.chains" : "run.draws", refusal);
}

}  // namespace

const io::Schema& mcmc_schema() {
  static const io::Schema schema = make_schema();
  return schema;
}

McmcParameters read_mcmc(io::Params& params, const std::string& out) {
  io::SchemaReader reader(mcmc_schema(), params);
  return read_mcmc(reader, out);
}

McmcParameters read_mcmc(io::SchemaReader& r, const std::string& out) {
  McmcParameters p;
  p.target_kind = r.string("target.kind");
  p.target = targets::make_target(r, "target");
  RunSettings& run = p.run;
  run.target_description = p.target.description().empty() ? p.target_kind : p.target.description();

  const std::string kind = r.string("sampler.kind");
  p.sampler_kind = kind;
  run.sampler.kind = sampler_kind(kind);
  run.sampler.step_size = r.real("sampler.step_size");
  run.sampler.adapt_step_size = r.boolean("sampler.adapt_step_size");
  run.sampler.adapt_metric = r.boolean("sampler.adapt_metric");
  if (kind == "mala" && run.sampler.adapt_metric)
    r.fail("sampler.adapt_metric", "sampler 'mala' has the identity metric; use kind = \"pmala\" to adapt one");
  if (kind == "pmala" && !run.sampler.adapt_metric)
    r.fail("sampler.adapt_metric", "sampler 'pmala' always adapts its metric; use kind = \"mala\" for none");
  const std::string metric = r.string("sampler.metric");
  run.sampler.metric = metric == "dense" ? MetricKind::dense : MetricKind::diagonal;
  if (metric == "dense" && kind != "pmala")
    r.fail("sampler.metric", "a dense metric is supported by sampler 'pmala' only");
  run.sampler.target_accept = r.real("sampler.target_accept");
  run.sampler.friction = r.real("sampler.friction");
  if (!run.sampler.adapt_step_size && !(run.sampler.step_size > 0.0))
    r.fail("sampler.step_size", "a fixed step size (adapt_step_size = false) must be > 0");

  run.chains = static_cast<int>(r.integer("run.chains"));
  run.warmup = r.integer("run.warmup");
  run.max_warmup = r.integer("run.max_warmup", times(run.warmup, 10));
  run.draws = r.integer("run.draws");
  run.max_draws = r.integer("run.max_draws", times(run.draws, 20));
  if (run.max_warmup < run.warmup) r.fail("run.max_warmup", "must be >= run.warmup = " + std::to_string(run.warmup));
  if (run.max_draws < run.draws) r.fail("run.max_draws", "must be >= run.draws = " + std::to_string(run.draws));
  run.thin = r.integer("run.thin");
  run.init_radius = r.real("run.init_radius");
  if (const auto init = r.optional_reals("run.init")) {
    const int dim = p.target.dim();
    if (static_cast<int>(init->size()) != dim)
      r.fail("run.init", "expected " + std::to_string(dim) + " numbers (the unconstrained dimension), got " +
                             std::to_string(init->size()));
    Eigen::VectorXd x = Eigen::Map<const Eigen::VectorXd>(init->data(), dim);
    Eigen::VectorXd grad;
    const double lp = p.target.log_density_gradient(x, grad);
    if (!std::isfinite(lp) || !grad.allFinite())
      r.fail("run.init", "the log density (" + describe(lp) + ") or its gradient is not finite at this point");
    run.initial_point = x;
  }
  run.stop_after = r.integer("run.stop_after");
  run.resume = r.boolean("run.resume");
  run.checkpoint_path = r.string("checkpoint.path", out + ".checkpoint.h5");
  run.checkpoint_interval = r.integer("checkpoint.interval");
  run.diagnostics_interval = r.integer("diagnostics.interval");
  run.stop_when_converged = r.boolean("diagnostics.stop_when_converged");
  run.rhat_below = r.real("diagnostics.rhat_below");
  run.min_ess_per_chain = r.real("diagnostics.min_ess_per_chain");
  if (run.stop_when_converged && run.diagnostics_interval == 0)
    r.fail("diagnostics.stop_when_converged", "needs diagnostics.interval > 0");
  if (run.stop_after >= run.warmup + run.draws)
    r.fail("run.stop_after", "must be smaller than warmup + draws = " + std::to_string(run.warmup + run.draws));
  r.finish();
  check_memory(r, p);
  const auto checkpoint_dir = std::filesystem::path(run.checkpoint_path).parent_path();
  if ((run.stop_after > 0 || run.checkpoint_interval > 0) && !checkpoint_dir.empty() &&
      !std::filesystem::is_directory(checkpoint_dir))
    r.fail("checkpoint.path", "directory '" + checkpoint_dir.string() + "' does not exist");
  return p;
}

}  // namespace ito::mcmc
