// `ito fokker-planck <params.toml>`: evolves the density of a canonical diffusion with the finite-volume
// solvers of ito::fokker_planck and compares it with the exact answer. Reads parameters, calls
// fokker_planck::solve, writes one HDF5 file.
#include <cmath>
#include <sstream>

#include "command.hpp"
#include "ito/core/error.hpp"
#include "ito/fokker_planck.hpp"

namespace ito::apps {
namespace {

namespace fp = ito::fokker_planck;
using io::Range;

const char* kKeys = R"(  problem = "ou"                 ou | double_well | gbm | absorbing_bm | ou2d
  [model]   ou: theta = 1, mu = 0, sigma = 1.41421356;  double_well: diffusion = 0.25;
            gbm: mu = 0.05, sigma = 0.3, x0 = 1;  absorbing_bm: diffusion = 0.5, x0 = 1;
            ou2d: drift_matrix = [1, 0.3, -0.2, 2] (A, row-major, dX = -A X dt + S dW),
                  noise_matrix = [1, 0, 0.6, 0.8] (S, row-major)
  [initial] ou, double_well: mean = 2, sd = 0.5;  gbm, absorbing_bm: start_time = 0.1 (exact law then);
            ou2d: mean = [1.5, -1], covariance = [0.25, 0, 0, 0.25]
  [grid]    1-D: lower = -6, upper = 6, cells = 120, left = "reflecting", right = "reflecting"
            (reflecting | absorbing | periodic);  ou2d: x = [-5, 5], y = [-5, 5], cells = [100, 100]
  [time]    snapshots = [0.4] (increasing output times; the last is the end time)
            method = "tr_bdf2" (1-D and ou2d implicit: implicit_euler | crank_nicolson | tr_bdf2;
                     1-D also steady_state; ou2d: solver = "adi" | "implicit")
            dt = 0.001, adaptive = false, tolerance = 1e-7 (L1 local error per step),
            relative_tolerance = 0 (adaptive: plus this fraction of the step's L1 change),
            rannacher_steps = 2 (crank_nicolson), adi_scheme = "hundsdorfer_verwer" | "douglas",
            theta = 0.7886751 (ADI)
)";

fp::Boundary boundary(io::Params& p, const char* key) {
  return fp::boundary_from_string(p.string(key, "reflecting", {"reflecting", "absorbing", "periodic"}));
}

fp::Grid1D read_grid(io::Params& p) {
  const double lower = p.real("grid.lower", -6.0), upper = p.real("grid.upper", 6.0);
  if (!(upper > lower)) p.fail("grid.upper", "expected upper > lower");
  const auto cells = static_cast<std::size_t>(p.integer("grid.cells", 120, Range::at_least(2)));
  const auto left = boundary(p, "grid.left"), right = boundary(p, "grid.right");
  if ((left == fp::Boundary::periodic) != (right == fp::Boundary::periodic))
    p.fail("grid.right", "periodic boundaries must be periodic on both sides");
  return fp::Grid1D(lower, upper, cells, left, right);
}

std::vector<double> snapshots(io::Params& p, double start) {
  auto times = p.reals("time.snapshots", std::vector<double>{1.0}, Range::positive());
  double previous = start;
  for (double t : times) {
    if (!(t > previous)) p.fail("time.snapshots", "expected increasing times after the start time " + std::to_string(start));
    previous = t;
  }
  return times;
}

fp::TimeStepping stepping(io::Params& p, const std::string& method) {
  fp::TimeStepping s;
  s.method = fp::time_method_from_string(method);
  s.dt = p.real("time.dt", 1e-3, Range::positive());
  s.adaptive = p.boolean("time.adaptive", false);
  s.tolerance = p.real("time.tolerance", 1e-7, Range::positive());
  s.relative_tolerance = p.real("time.relative_tolerance", 0.0, Range::at_least(0.0));
  s.rannacher_steps = static_cast<int>(p.integer("time.rannacher_steps", 2, Range::between(0, 1000)));
  if (s.adaptive && s.method != fp::TimeMethod::tr_bdf2) p.fail("time.adaptive", "adaptive stepping needs method = \"tr_bdf2\"");
  return s;
}

Eigen::Matrix2d matrix(io::Params& p, const char* key, std::vector<double> fallback) {
  const auto v = p.reals(key, fallback);
  if (v.size() != 4) p.fail(key, "expected 4 numbers (a 2×2 matrix, row-major)");
  Eigen::Matrix2d m;
  m << v[0], v[1], v[2], v[3];
  return m;
}

std::vector<double> flatten(const std::vector<std::vector<double>>& rows) {
  std::vector<double> out;
  for (const auto& r : rows) out.insert(out.end(), r.begin(), r.end());
  return out;
}

std::string run_1d(Context& ctx, const std::string& name) {
  auto& p = ctx.params;
  const fp::Grid1D grid = read_grid(p);
  fp::Problem1D problem;
  if (name == "ou") {
    problem = fp::ou_problem(p.real("model.theta", 1.0, Range::positive()), p.real("model.mu", 0.0),
                             p.real("model.sigma", std::sqrt(2.0), Range::positive()), p.real("initial.mean", 2.0),
                             p.real("initial.sd", 0.5, Range::positive()), grid);
  } else if (name == "double_well") {
    problem = fp::double_well_problem(p.real("model.diffusion", 0.25, Range::positive()), p.real("initial.mean", 1.0),
                                      p.real("initial.sd", 0.3, Range::positive()), grid);
  } else if (name == "gbm") {
    problem = fp::gbm_problem(p.real("model.mu", 0.05), p.real("model.sigma", 0.3, Range::positive()),
                              p.real("model.x0", 1.0, Range::positive()), p.real("initial.start_time", 0.1, Range::positive()),
                              grid);
  } else {
    problem = fp::absorbing_bm_problem(p.real("model.diffusion", 0.5, Range::positive()), p.real("model.x0", 1.0),
                                       p.real("initial.start_time", 0.05, Range::positive()), grid);
  }
  const std::string method =
      p.string("time.method", "tr_bdf2", {"implicit_euler", "crank_nicolson", "tr_bdf2", "steady_state"});
  fp::Options1D options;
  options.steady_state = method == "steady_state";
  options.stepping = stepping(p, options.steady_state ? "tr_bdf2" : method);
  if (!options.steady_state) options.output_times = snapshots(p, problem.start_time);
  p.check_unused();

  const auto s = fp::solve(problem, options);
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
  file.write("/moments/exact_mean", s.exact_mean);
  file.write("/moments/exact_variance", s.exact_variance);
  file.write("/moments/l1_error", s.l1_error);
  file.write("/survival/time", s.step_time);
  file.write("/survival/survival", s.step_survival);
  file.write("/survival/exit_flux_left", s.exit_flux_left);
  file.write("/survival/exit_flux_right", s.exit_flux_right);
  file.write("/survival/exact_survival", s.exact_survival);
  const std::string sum = "/summary";
  file.attribute(sum, "problem", name);
  file.attribute(sum, "method", method);
  file.attribute(sum, "l1_error", s.l1_error.back());
  file.attribute(sum, "mass_drift", s.mass_drift);
  file.attribute(sum, "min_density", s.min_density);
  file.attribute(sum, "mean", s.mean.back());
  file.attribute(sum, "exact_mean", s.exact_mean.back());
  file.attribute(sum, "variance", s.variance.back());
  file.attribute(sum, "exact_variance", s.exact_variance.back());
  file.attribute(sum, "survival", s.survival.back());
  file.attribute(sum, "exact_survival", s.exact_survival.back());
  file.attribute(sum, "cell_width", grid.width());
  file.attribute(sum, "steps", static_cast<std::int64_t>(s.stats.steps));
  file.attribute(sum, "factorizations", static_cast<std::int64_t>(s.stats.factorizations));
  ctx.finish(file);
  std::ostringstream os;
  os << "fokker-planck " << name << " (" << method << ", " << grid.cells << " cells): L1 error " << s.l1_error.back()
     << ", mass drift " << s.mass_drift << ", min density " << s.min_density;
  if (std::isfinite(s.exact_survival.back()) && name == "absorbing_bm")
    os << ", survival " << s.survival.back() << " (exact " << s.exact_survival.back() << ")";
  return os.str();
}

std::string run_2d(Context& ctx) {
  auto& p = ctx.params;
  const Eigen::Matrix2d a = matrix(p, "model.drift_matrix", {1.0, 0.3, -0.2, 2.0});
  const Eigen::Matrix2d s = matrix(p, "model.noise_matrix", {1.0, 0.0, 0.6, 0.8});
  const auto mean = p.reals("initial.mean", std::vector<double>{1.5, -1.0});
  if (mean.size() != 2) p.fail("initial.mean", "expected 2 numbers");
  const Eigen::Matrix2d c0 = matrix(p, "initial.covariance", {0.25, 0.0, 0.0, 0.25});
  const auto xr = p.reals("grid.x", std::vector<double>{-5.0, 5.0}), yr = p.reals("grid.y", std::vector<double>{-5.0, 5.0});
  if (xr.size() != 2 || !(xr[1] > xr[0])) p.fail("grid.x", "expected [lower, upper] with lower < upper");
  if (yr.size() != 2 || !(yr[1] > yr[0])) p.fail("grid.y", "expected [lower, upper] with lower < upper");
  const auto cells = p.reals("grid.cells", std::vector<double>{100, 100}, Range::at_least(2));
  if (cells.size() != 2) p.fail("grid.cells", "expected [cells_x, cells_y]");
  const fp::Grid2D grid{fp::Grid1D(xr[0], xr[1], static_cast<std::size_t>(cells[0])),
                        fp::Grid1D(yr[0], yr[1], static_cast<std::size_t>(cells[1]))};
  fp::Options2D options;
  options.solver = fp::solver2d_from_string(p.string("time.solver", "adi", {"adi", "implicit"}));
  options.stepping = stepping(p, p.string("time.method", "tr_bdf2", {"implicit_euler", "crank_nicolson", "tr_bdf2"}));
  options.adi.scheme = fp::adi_scheme_from_string(p.string("time.adi_scheme", "hundsdorfer_verwer", {"hundsdorfer_verwer", "douglas"}));
  options.adi.theta = p.real("time.theta", 0.5 + std::sqrt(3.0) / 6.0, Range::between(0.5, 1.0));
  options.adi.dt = options.stepping.dt;
  options.adi.adaptive = options.stepping.adaptive;
  options.adi.tolerance = options.stepping.tolerance;
  options.adi.relative_tolerance = options.stepping.relative_tolerance;
  options.output_times = snapshots(p, 0.0);
  const auto problem = fp::ou2d_problem(a, s, Eigen::Vector2d(mean[0], mean[1]), c0, grid);
  p.check_unused();

  const auto r = fp::solve(problem, options);
  io::ResultFile file(ctx.out);
  file.write("/grid/x", r.x);
  file.write("/grid/y", r.y);
  const auto n_out = static_cast<std::uint64_t>(r.times.size());
  const std::vector<std::uint64_t> dims{n_out, grid.y.cells, grid.x.cells};
  file.write("/snapshots/times", r.times);
  file.write("/snapshots/density", flatten(r.density), dims);
  file.write("/snapshots/exact_density", flatten(r.exact_density), dims);
  for (const auto& [key, v] : std::vector<std::pair<std::string, const std::vector<double>*>>{
           {"mass", &r.mass}, {"mean_x", &r.mean_x}, {"mean_y", &r.mean_y}, {"cov_xx", &r.cov_xx}, {"cov_xy", &r.cov_xy},
           {"cov_yy", &r.cov_yy}, {"exact_mean_x", &r.exact_mean_x}, {"exact_mean_y", &r.exact_mean_y},
           {"exact_cov_xx", &r.exact_cov_xx}, {"exact_cov_xy", &r.exact_cov_xy}, {"exact_cov_yy", &r.exact_cov_yy},
           {"l1_error", &r.l1_error}})
    file.write("/moments/" + key, *v);
  const std::string sum = "/summary";
  file.attribute(sum, "problem", "ou2d");
  file.attribute(sum, "solver", options.solver == fp::Solver2D::adi ? "adi" : "implicit");
  file.attribute(sum, "l1_error", r.l1_error.back());
  file.attribute(sum, "mass_drift", r.mass_drift);
  file.attribute(sum, "min_density", r.min_density);
  file.attribute(sum, "mean", std::vector<double>{r.mean_x.back(), r.mean_y.back()});
  file.attribute(sum, "exact_mean", std::vector<double>{r.exact_mean_x.back(), r.exact_mean_y.back()});
  file.attribute(sum, "covariance", std::vector<double>{r.cov_xx.back(), r.cov_xy.back(), r.cov_yy.back()});
  file.attribute(sum, "exact_covariance", std::vector<double>{r.exact_cov_xx.back(), r.exact_cov_xy.back(), r.exact_cov_yy.back()});
  file.attribute(sum, "steps", static_cast<std::int64_t>(r.stats.steps));
  file.attribute(sum, "factorizations", static_cast<std::int64_t>(r.stats.factorizations));
  ctx.finish(file);
  std::ostringstream os;
  os << "fokker-planck ou2d (" << (options.solver == fp::Solver2D::adi ? "adi" : "implicit") << ", " << grid.x.cells << "×"
     << grid.y.cells << "): L1 error " << r.l1_error.back() << ", mass drift " << r.mass_drift << ", min density "
     << r.min_density << ", " << r.stats.steps << " steps";
  return os.str();
}

std::string run(Context& ctx) {
  const std::string name = ctx.params.string("problem", "ou", {"ou", "double_well", "gbm", "absorbing_bm", "ou2d"});
  return name == "ou2d" ? run_2d(ctx) : run_1d(ctx, name);
}

ITO_COMMAND({"fokker-planck", "Fokker–Planck density by exponentially fitted finite volumes, checked against exact answers",
             kKeys, "fokker_planck.h5", run});

}  // namespace
}  // namespace ito::apps
