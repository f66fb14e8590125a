// `ito fokker-planck <params.toml>`: evolves the density of a canonical diffusion or of the user's own model
// (problem = expression) with the finite-volume solvers of ito::fokker_planck and compares it with the exact
// answer where one is known. Reads the parameters with
// fokker_planck::read_fokker_planck, calls fokker_planck::solve, writes one HDF5 file.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "command.hpp"
#include "descriptions.hpp"
#include "ito/core/error.hpp"
#include "ito/fokker_planck.hpp"
#include "ito/fokker_planck/params.hpp"

namespace ito::apps {
namespace {

namespace fp = ito::fokker_planck;

void describe_datasets(io::ResultFile& file) { file.describe(dataset_descriptions("fokker-planck")); }

std::vector<double> flatten(const std::vector<std::vector<double>>& rows) {
  std::vector<double> out;
  for (const auto& r : rows) out.insert(out.end(), r.begin(), r.end());
  return out;
}

// Exact values are written only where a reference holds for the configured problem (Solution*::reference);
// elsewhere the datasets and attributes are absent, and /summary@reference says why.
bool any_finite(const std::vector<double>& v) {
  return std::any_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}

std::string write_1d(Context& ctx, const fp::FokkerPlanckParameters& p, const fp::Solution1D& s) {
  const fp::Grid1D grid = fp::grid_1d(p);
  const std::string& name = p.problem;
  const std::string& method = p.method;
  io::ResultFile file(ctx.out);
  file.write("/grid/x", s.centres);
  const auto n_out = static_cast<std::uint64_t>(s.times.size()), n = static_cast<std::uint64_t>(grid.cells);
  file.write("/snapshots/times", s.times);
  file.write("/snapshots/density", flatten(s.density), {n_out, n});
  if (!s.exact_density.empty() && !s.exact_density.front().empty())
    file.write("/snapshots/exact_density", flatten(s.exact_density), {n_out, n});
  file.write("/moments/mass", s.mass);
  file.write("/moments/mean", s.mean);
  file.write("/moments/variance", s.variance);
  if (any_finite(s.exact_mean)) file.write("/moments/exact_mean", s.exact_mean);
  if (any_finite(s.exact_variance)) file.write("/moments/exact_variance", s.exact_variance);
  if (any_finite(s.l1_error)) file.write("/moments/l1_error", s.l1_error);
  file.write("/survival/time", s.step_time);
  file.write("/survival/survival", s.step_survival);
  file.write("/survival/exit_flux_left", s.exit_flux_left);
  file.write("/survival/exit_flux_right", s.exit_flux_right);
  if (any_finite(s.exact_survival)) file.write("/survival/exact_survival", s.exact_survival);
  const std::string sum = "/summary";
  file.attribute(sum, "problem", name);
  file.attribute(sum, "method", method);
  file.attribute(sum, "reference", s.reference);
  const auto exact_attribute = [&](const char* key, double v) {
    if (std::isfinite(v)) file.attribute(sum, key, v);
  };
  exact_attribute("l1_error", s.l1_error.back());
  file.attribute(sum, "mass_drift", s.mass_drift);
  file.attribute(sum, "min_density", s.min_density);
  file.attribute(sum, "mean", s.mean.back());
  exact_attribute("exact_mean", s.exact_mean.back());
  file.attribute(sum, "variance", s.variance.back());
  exact_attribute("exact_variance", s.exact_variance.back());
  file.attribute(sum, "survival", s.survival.back());
  exact_attribute("exact_survival", s.exact_survival.back());
  file.attribute(sum, "cell_width", grid.width());
  file.attribute(sum, "steps", static_cast<std::int64_t>(s.stats.steps));
  file.attribute(sum, "factorizations", static_cast<std::int64_t>(s.stats.factorizations));
  describe_datasets(file);
  ctx.finish(file);
  std::ostringstream os;
  os << "fokker-planck " << name << " (" << method << ", " << grid.cells << " cells): ";
  if (std::isfinite(s.l1_error.back()))
    os << "L1 error " << s.l1_error.back();
  else
    os << "no exact reference (" << s.reference.substr(6) << ")";
  os << ", mass drift " << s.mass_drift << ", min density " << s.min_density;
  const bool absorbing = grid.left == fp::Boundary::absorbing || grid.right == fp::Boundary::absorbing;
  if (absorbing && (name == "absorbing_bm" || name == "expression")) {
    os << ", survival " << s.survival.back();
    if (std::isfinite(s.exact_survival.back())) os << " (exact " << s.exact_survival.back() << ")";
  }
  os << " -> " << ctx.out;
  return os.str();
}

std::string write_2d(Context& ctx, const fp::FokkerPlanckParameters& p, const fp::Solution2D& r) {
  const fp::Grid2D grid = fp::grid_2d(p);
  const auto& options = p.options_2d;
  io::ResultFile file(ctx.out);
  file.write("/grid/x", r.x);
  file.write("/grid/y", r.y);
  const auto n_out = static_cast<std::uint64_t>(r.times.size());
  const std::vector<std::uint64_t> dims{n_out, grid.y.cells, grid.x.cells};
  file.write("/snapshots/times", r.times);
  file.write("/snapshots/density", flatten(r.density), dims);
  const bool exact = r.exact_known();
  if (exact) file.write("/snapshots/exact_density", flatten(r.exact_density), dims);
  for (const auto& [key, v] : std::vector<std::pair<std::string, const std::vector<double>*>>{
           {"mass", &r.mass}, {"mean_x", &r.mean_x}, {"mean_y", &r.mean_y}, {"cov_xx", &r.cov_xx}, {"cov_xy", &r.cov_xy},
           {"cov_yy", &r.cov_yy}, {"exact_mean_x", &r.exact_mean_x}, {"exact_mean_y", &r.exact_mean_y},
           {"exact_cov_xx", &r.exact_cov_xx}, {"exact_cov_xy", &r.exact_cov_xy}, {"exact_cov_yy", &r.exact_cov_yy},
           {"l1_error", &r.l1_error}})
    if (exact || (key.rfind("exact_", 0) != 0 && key != "l1_error")) file.write("/moments/" + key, *v);
  file.write("/survival/time", r.step_time);
  file.write("/survival/survival", r.step_survival);
  const bool absorbing = grid.x.left == fp::Boundary::absorbing || grid.x.right == fp::Boundary::absorbing ||
                         grid.y.left == fp::Boundary::absorbing || grid.y.right == fp::Boundary::absorbing;
  if (absorbing) {
    file.write("/survival/exit_flux_left", r.exit_flux_left);
    file.write("/survival/exit_flux_right", r.exit_flux_right);
    file.write("/survival/exit_flux_bottom", r.exit_flux_bottom);
    file.write("/survival/exit_flux_top", r.exit_flux_top);
  }
  if (any_finite(r.exact_survival)) file.write("/survival/exact_survival", r.exact_survival);
  const std::string sum = "/summary";
  file.attribute(sum, "problem", p.problem);
  file.attribute(sum, "solver", options.solver == fp::Solver2D::adi ? "adi" : "implicit");
  file.attribute(sum, "reference", r.reference);
  if (exact) file.attribute(sum, "l1_error", r.l1_error.back());
  file.attribute(sum, "mass_drift", r.mass_drift);
  file.attribute(sum, "min_density", r.min_density);
  file.attribute(sum, "mean", std::vector<double>{r.mean_x.back(), r.mean_y.back()});
  if (exact) file.attribute(sum, "exact_mean", std::vector<double>{r.exact_mean_x.back(), r.exact_mean_y.back()});
  file.attribute(sum, "covariance", std::vector<double>{r.cov_xx.back(), r.cov_xy.back(), r.cov_yy.back()});
  if (exact)
    file.attribute(sum, "exact_covariance",
                   std::vector<double>{r.exact_cov_xx.back(), r.exact_cov_xy.back(), r.exact_cov_yy.back()});
  file.attribute(sum, "survival", r.step_survival.back());
  if (exact && std::isfinite(r.exact_survival.back())) file.attribute(sum, "exact_survival", r.exact_survival.back());
  file.attribute(sum, "steps", static_cast<std::int64_t>(r.stats.steps));
  file.attribute(sum, "factorizations", static_cast<std::int64_t>(r.stats.factorizations));
  describe_datasets(file);
  ctx.finish(file);
  std::ostringstream os;
  os << "fokker-planck " << p.problem << (p.problem == "ou2d" ? "" : " 2-D") << " ("
     << (options.solver == fp::Solver2D::adi ? "adi" : "implicit") << ", " << grid.x.cells << "×" << grid.y.cells << "): ";
  if (exact)
    os << "L1 error " << r.l1_error.back();
  else
    os << "no exact reference (" << r.reference.substr(6) << ")";
  os << ", mass drift " << r.mass_drift << ", min density " << r.min_density;
  if (absorbing) {
    os << ", survival " << r.step_survival.back();
    if (exact && std::isfinite(r.exact_survival.back())) os << " (exact " << r.exact_survival.back() << ")";
  }
  os << ", " << r.stats.steps << " steps -> " << ctx.out;
  return os.str();
}

std::string run(Context& ctx) {
  const auto parameters = fp::read_fokker_planck(ctx.params);
  std::variant<fp::Solution1D, fp::Solution2D> solution;
  try {
    solution = fp::solve(parameters);
  } catch (const WorkLimitError& e) {  // adaptive stepping that reached time.max_steps
    ctx.params.fail("time.max_steps", std::string(e.what()) + "; set time.max_steps higher to run it anyway");
  } catch (const fp::ExpressionValueError& e) {  // a user's expression gone bad at a later time (D = 0, nan)
    ctx.params.fail(e.key(), e.detail());
  }
  if (const auto* s = std::get_if<fp::Solution1D>(&solution)) return write_1d(ctx, parameters, *s);
  return write_2d(ctx, parameters, std::get<fp::Solution2D>(solution));
}

ITO_COMMAND({"fokker-planck", "Fokker–Planck density by exponentially fitted finite volumes, checked against exact answers",
             "fokker_planck.h5", run, &fp::fokker_planck_schema});

}  // namespace
}  // namespace ito::apps
