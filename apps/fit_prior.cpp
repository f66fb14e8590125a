// ito fit-prior <params.toml>: a Gaussian-mixture prior fitted by EM to a data set (ito::priors::run_fit_prior),
// written as a mixture file (priors/mixture_file.hpp) that `ito solve` reads back.
#include <cmath>
#include <iomanip>
#include <sstream>

#include "command.hpp"
#include "descriptions.hpp"
#include "ito/core/progress.hpp"
#include "ito/priors/fit_params.hpp"
#include "ito/priors/mixture_file.hpp"

namespace ito::apps {
namespace {

std::string run(Context& ctx) {
  const auto problem = priors::read_fit_prior_problem(ctx.params);
  const auto& em = problem.em;
  priors::EmResult result;
  {
    // The bar counts EM iterations up to em.max_iterations (a converged fit ends before the bar is full).
    core::Progress progress("fit-prior", static_cast<std::uint64_t>(em.max_iterations) + 1, "iterations");
    result = priors::run_fit_prior(problem, ctx.seed, [&](int, double, double) { progress.advance(); });
  }

  io::ResultFile file(ctx.out);
  priors::write_mixture(file, "/", result.mixture);
  file.write("/fit/train_log_likelihood", result.train_log_likelihood);
  if (!result.heldout_log_likelihood.empty()) file.write("/fit/heldout_log_likelihood", result.heldout_log_likelihood);
  const std::string s = "/summary";
  const double d = static_cast<double>(problem.dim());
  file.attribute(s, "components", em.components);
  file.attribute(s, "covariance_type", priors::to_string(em.covariance));
  file.attribute(s, "dimension", static_cast<std::int64_t>(problem.dim()));
  file.attribute(s, "data", problem.source());
  if (!problem.columns.empty()) file.attribute(s, "columns", problem.columns);
  file.attribute(s, "source_points", static_cast<std::int64_t>(problem.source_points));
  file.attribute(s, "distinct_points", static_cast<std::int64_t>(problem.distinct_points));
  file.attribute(s, "train_points", result.train_points);
  file.attribute(s, "heldout_points", result.heldout_points);
  file.attribute(s, "iterations", result.iterations);
  file.attribute(s, "converged", static_cast<std::int64_t>(result.converged));
  file.attribute(s, "covariance_floor", em.covariance_floor);
  const double train = result.train_log_likelihood.back();
  file.attribute(s, "train_log_likelihood", train);
  file.attribute(s, "train_log_likelihood_per_dimension", train / d);
  std::ostringstream line;
  line << std::fixed << std::setprecision(3);
  line << "fit-prior " << em.components << " " << priors::to_string(em.covariance) << " components, "
       << problem.points() << " points of dimension " << problem.dim() << ": " << result.iterations << " iterations"
       << (result.converged ? " (converged)" : " (NOT converged: em.max_iterations reached)")
       << "; log-likelihood per point: train " << train;
  if (!result.heldout_log_likelihood.empty()) {
    const double heldout = result.heldout_log_likelihood.back();
    file.attribute(s, "heldout_log_likelihood", heldout);
    file.attribute(s, "heldout_log_likelihood_per_dimension", heldout / d);
    line << ", held-out " << heldout << " (" << result.heldout_points << " points)";
  }
  file.describe(dataset_descriptions("fit-prior"));
  ctx.finish(file);
  line << "  -> " << ctx.out;
  return line.str();
}

ITO_COMMAND(Command{"fit-prior",
                    "Gaussian-mixture prior fitted by EM to a data set (HDF5 "
                    "or CSV), for ito solve",
                    "prior.h5", run, &priors::fit_prior_schema});

}  // namespace
}  // namespace ito::apps
