#include "ito/fokker_planck/solve.hpp"

#include <algorithm>
#include <cmath>
#include <array>
#include <cstdio>
#include <optional>

#include "ito/core/error.hpp"
#include "ito/fokker_planck/generator.hpp"
#include "ito/fokker_planck/stationary.hpp"

namespace ito::fokker_planck {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string scientific(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2g", v);
  return buf;
}

double l1_distance(const std::vector<double>& a, const std::vector<double>& b, double volume) {
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += std::fabs(a[i] - b[i]);
  return s * volume;
}
}  // namespace

Solution1D solve(const Problem1D& problem, const Options1D& options) {
  const Grid1D& grid = problem.grid;
  const double h = grid.width();
  Solution1D s;
  s.centres = grid.centres();
  ITO_REQUIRE(problem.initial.size() == grid.cells, "initial condition has " << problem.initial.size() << " cells");
  Eigen::VectorXd p = Eigen::Map<const Eigen::VectorXd>(problem.initial.data(), static_cast<Eigen::Index>(grid.cells));
  const double mass0 = h * p.sum();
  double exited = 0.0, last_exit = 0.0, last_t = problem.start_time;

  const auto exits = [&](double t, const Eigen::VectorXd& q) {
    if (grid.left != Boundary::absorbing && grid.right != Boundary::absorbing) return std::pair{0.0, 0.0};
    const auto g = assemble_generator(problem.model, grid, t);
    return std::pair{g.left_exit_rate * q[0], g.right_exit_rate * q[static_cast<Eigen::Index>(grid.cells) - 1]};
  };
  const auto record_step = [&](double t, const Eigen::VectorXd& q) {
    const auto [left, right] = exits(t, q);
    const double mass = h * q.sum();
    if (!s.step_time.empty()) exited += 0.5 * (t - last_t) * (last_exit + left + right);
    last_t = t;
    last_exit = left + right;
    s.step_time.push_back(t);
    s.step_survival.push_back(mass);
    s.exit_flux_left.push_back(left);
    s.exit_flux_right.push_back(right);
    s.mass_drift = std::max(s.mass_drift, std::fabs(mass + exited - mass0));
    s.min_density = std::min(s.min_density, q.minCoeff());
  };
  const auto record_output = [&](double t, const Eigen::VectorXd& q, bool exact_known) {
    std::vector<double> density(q.data(), q.data() + q.size());
    double mass = 0.0, mean = 0.0;
    for (std::size_t i = 0; i < grid.cells; ++i) {
      mass += h * density[i];
      mean += h * density[i] * s.centres[i];
    }
    mean /= mass;
    double var = 0.0;
    for (std::size_t i = 0; i < grid.cells; ++i) var += h * density[i] * ((s.centres[i] - mean) * (s.centres[i] - mean) + h * h / 12);
    var /= mass;
    s.times.push_back(t);
    s.mass.push_back(mass);
    s.mean.push_back(mean);
    s.variance.push_back(var);
    s.survival.push_back(mass);
    s.exact_mean.push_back(exact_known && problem.exact_mean ? problem.exact_mean(t) : kNaN);
    s.exact_variance.push_back(exact_known && problem.exact_variance ? problem.exact_variance(t) : kNaN);
    s.exact_survival.push_back(exact_known && problem.exact_survival ? problem.exact_survival(t) : kNaN);
    if (exact_known && problem.exact_density) {
      s.exact_density.push_back(problem.exact_density(t));
      s.l1_error.push_back(l1_distance(density, s.exact_density.back(), h));
    } else {
      s.exact_density.emplace_back();
      s.l1_error.push_back(kNaN);
    }
    s.density.push_back(std::move(density));
  };

  const double end_time = options.steady_state ? std::numeric_limits<double>::infinity()
                         : options.output_times.empty() ? problem.start_time
                                                        : options.output_times.back();
  const std::string refusal = reference_refusal(problem, end_time, s.reference_mass_outside);
  const bool exact = refusal.empty();
  if (!exact)
    s.reference = "none: " + refusal;
  else if (!problem.exact_description.empty())
    s.reference = problem.exact_description;
  else if (problem.name == "double_well")
    s.reference = options.steady_state ? "the stationary density exp(-U/D)/Z (reflecting sides)"
                                       : "the stationary density exp(-U/D)/Z (reflecting sides; before equilibrium "
                                         "l1_error is the distance from it)";
  else if (problem.name == "absorbing_bm")
    s.reference = "method of images (one absorbing wall; the free Gaussian's mass beyond the far side at most " +
                  scientific(s.reference_mass_outside) + ")";
  else
    s.reference = "the exact law of the unbounded process (its mass beyond the grid at most " +
                  scientific(s.reference_mass_outside) + ")";

  record_step(problem.start_time, p);
  if (options.steady_state) {
    if (problem.model.time_dependent)
      detail::throw_error<ParameterError>("steady_state needs time-independent coefficients");
    p = stationary_density(assemble_generator(problem.model, grid, 0.0).matrix, h);
    record_step(std::numeric_limits<double>::infinity(), p);
    s.mass_drift = std::fabs(h * p.sum() - 1.0);  // the solve imposes unit mass
    // The stationary state is the t → ∞ limit of the exact answers (double well: the stationary density; OU:
    // N(μ, σ²/2θ)); reference_refusal has refused the problems without a stationary law.
    record_output(std::numeric_limits<double>::infinity(), p, exact);
    return s;
  }
  if (options.output_times.empty()) detail::throw_error<ParameterError>("no output times given");
  LinearEvolution evolution{[&](double t) { return assemble_generator(problem.model, grid, t).matrix; },
                            problem.model.time_dependent, h};
  // The double well's exact density is the stationary one: compared at every output, it measures the
  // distance from equilibrium.
  s.stats = evolve(evolution, p, problem.start_time, options.output_times, options.stepping,
                   [&](double t, const Eigen::VectorXd& q, int output) {
                     record_step(t, q);
                     if (output >= 0) record_output(t, q, exact);
                   });
  return s;
}

Solver2D solver2d_from_string(const std::string& name) {
  if (name == "implicit") return Solver2D::implicit;
  if (name == "adi") return Solver2D::adi;
  detail::throw_error<ParameterError>("unknown 2-D solver '", name, "' (expected implicit or adi)");
}

Solution2D solve(const Problem2D& problem, const Options2D& options) {
  const Grid2D& grid = problem.grid;
  const double vol = grid.cell_area();
  const std::size_t nx = grid.x.cells, ny = grid.y.cells;
  Solution2D s;
  s.x = grid.x.centres();
  s.y = grid.y.centres();
  ITO_REQUIRE(problem.initial.size() == grid.size(), "initial condition has " << problem.initial.size() << " cells");
  if (options.output_times.empty()) detail::throw_error<ParameterError>("no output times given");
  Eigen::VectorXd p = Eigen::Map<const Eigen::VectorXd>(problem.initial.data(), static_cast<Eigen::Index>(grid.size()));
  const double mass0 = vol * p.sum();
  s.min_density = p.minCoeff();
  const double hx = grid.x.width(), hy = grid.y.width();
  const std::string refusal = reference_refusal(problem, options.output_times.back(), s.reference_mass_outside);
  const bool exact = refusal.empty();
  s.reference = !exact                                  ? "none: " + refusal
                : !problem.exact_description.empty() ? problem.exact_description
                                                     : "the exact law of the unbounded process (its mass beyond the "
                                                       "grid at most " + scientific(s.reference_mass_outside) + ")";
  // Exit fluxes through absorbing sides, from the generator at the step's time (assembled once when the
  // coefficients do not depend on t), and their trapezoidal integral for the mass balance.
  const bool absorbing = grid.x.left == Boundary::absorbing || grid.x.right == Boundary::absorbing ||
                         grid.y.left == Boundary::absorbing || grid.y.right == Boundary::absorbing;
  std::optional<Generator2D> fixed_generator;
  if (absorbing && !problem.model.time_dependent) fixed_generator = assemble_generator(problem.model, grid, 0.0);
  double exited = 0.0, last_exit = 0.0, last_t = problem.start_time;
  const auto record_step = [&](double t, const Eigen::VectorXd& q) {
    std::array<double, 4> flux{0.0, 0.0, 0.0, 0.0};
    if (fixed_generator)
      flux = fixed_generator->exit_fluxes(q, grid);
    else if (absorbing)
      flux = assemble_generator(problem.model, grid, t).exit_fluxes(q, grid);
    const double out = flux[0] + flux[1] + flux[2] + flux[3];
    if (!s.step_time.empty()) exited += 0.5 * (t - last_t) * (last_exit + out);
    last_t = t;
    last_exit = out;
    s.step_time.push_back(t);
    s.step_survival.push_back(vol * q.sum());
    s.exit_flux_left.push_back(flux[0]);
    s.exit_flux_right.push_back(flux[1]);
    s.exit_flux_bottom.push_back(flux[2]);
    s.exit_flux_top.push_back(flux[3]);
  };
  record_step(problem.start_time, p);
  const auto observe = [&](double t, const Eigen::VectorXd& q, int output) {
    record_step(t, q);
    // Without absorbing sides nothing exits (exited = 0): the drift is |mass − mass₀| as it always was.
    s.mass_drift = std::max(s.mass_drift, std::fabs(absorbing ? vol * q.sum() + exited - mass0 : vol * q.sum() - mass0));
    s.min_density = std::min(s.min_density, q.minCoeff());
    if (output < 0) return;
    double mass = 0, mx = 0, my = 0;
    for (std::size_t j = 0; j < ny; ++j)
      for (std::size_t i = 0; i < nx; ++i) {
        const double w = vol * q[static_cast<Eigen::Index>(grid.index(i, j))];
        mass += w;
        mx += w * s.x[i];
        my += w * s.y[j];
      }
    mx /= mass;
    my /= mass;
    double cxx = 0, cxy = 0, cyy = 0;
    for (std::size_t j = 0; j < ny; ++j)
      for (std::size_t i = 0; i < nx; ++i) {
        const double w = vol * q[static_cast<Eigen::Index>(grid.index(i, j))];
        cxx += w * ((s.x[i] - mx) * (s.x[i] - mx) + hx * hx / 12);
        cxy += w * (s.x[i] - mx) * (s.y[j] - my);
        cyy += w * ((s.y[j] - my) * (s.y[j] - my) + hy * hy / 12);
      }
    s.times.push_back(t);
    s.mass.push_back(mass);
    s.mean_x.push_back(mx);
    s.mean_y.push_back(my);
    s.cov_xx.push_back(cxx / mass);
    s.cov_xy.push_back(cxy / mass);
    s.cov_yy.push_back(cyy / mass);
    const Eigen::Vector2d m = exact ? problem.exact_mean(t) : Eigen::Vector2d::Constant(kNaN);
    const Eigen::Matrix2d c = exact ? problem.exact_covariance(t) : Eigen::Matrix2d::Constant(kNaN);
    s.exact_mean_x.push_back(m[0]);
    s.exact_mean_y.push_back(m[1]);
    s.exact_cov_xx.push_back(c(0, 0));
    s.exact_cov_xy.push_back(c(0, 1));
    s.exact_cov_yy.push_back(c(1, 1));
    s.exact_survival.push_back(exact && problem.exact_survival ? problem.exact_survival(t) : kNaN);
    std::vector<double> density(q.data(), q.data() + q.size());
    if (exact) {
      s.exact_density.push_back(problem.exact_density(t));
      s.l1_error.push_back(l1_distance(density, s.exact_density.back(), vol));
    } else {
      s.exact_density.emplace_back();
      s.l1_error.push_back(kNaN);
    }
    s.density.push_back(std::move(density));
  };
  if (options.solver == Solver2D::adi) {
    if (problem.model.time_dependent) detail::throw_error<ParameterError>("ADI needs time-independent coefficients");
    const auto g = assemble_generator(problem.model, grid, 0.0);
    s.stats = evolve_adi(g, vol, p, problem.start_time, options.output_times, options.adi, observe);
  } else {
    LinearEvolution evolution{[&](double t) { return assemble_generator(problem.model, grid, t).full(); },
                              problem.model.time_dependent, vol};
    s.stats = evolve(evolution, p, problem.start_time, options.output_times, options.stepping, observe);
  }
  return s;
}

}  // namespace ito::fokker_planck
