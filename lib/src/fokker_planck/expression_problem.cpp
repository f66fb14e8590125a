#include "ito/fokker_planck/expression_problem.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numbers>
#include <sstream>

#include "ito/core/expression.hpp"
#include "ito/fokker_planck/generator.hpp"

namespace ito::fokker_planck {

namespace {

using Compiled = std::shared_ptr<const core::Expression>;  // shared: a copy of an Expression recompiles it

std::string str(double v) {
  std::ostringstream os;
  os.precision(10);
  os << detail::message_part(v);
  return os.str();
}

std::string at(double x, double t) { return " at x = " + str(x) + ", t = " + str(t); }
std::string at(double x, double y, double t) { return " at x = " + str(x) + ", y = " + str(y) + ", t = " + str(t); }

Compiled compile(const std::string& text, std::vector<std::string> variables,
                 const std::map<std::string, double>& constants) {
  return std::make_shared<const core::Expression>(text, std::move(variables), constants);
}

// P(X < a) + P(X > b), X ~ N(m, s²).
double gaussian_outside(double m, double s, double a, double b) {
  return 0.5 * std::erfc((m - a) / (s * std::numbers::sqrt2)) + 0.5 * std::erfc((b - m) / (s * std::numbers::sqrt2));
}

// A value v of a coefficient expression, finite, or an error at its key ("a(x, t) = \"…\" is nan at …"); the
// message (symbol() and where()) is only built for the error.
template <class Symbol, class Where>
double finite_value(double v, const core::Expression& e, const char* key, const Symbol& symbol, const Where& where) {
  if (!std::isfinite(v)) throw ExpressionValueError(key, symbol() + " = \"" + e.text() + "\" is " + str(v) + where());
  return v;
}
double finite(const core::Expression& e, const char* key, const char* symbol, double x, double t) {
  return finite_value(
      e(x, t), e, key, [&] { return std::string(symbol) + "(x, t)"; }, [&] { return at(x, t); });
}

// The noise coefficient b(x, t), finite (at the key model.diffusion).
double noise(const core::Expression& b, double x, double t) { return finite(b, "model.diffusion", "b", x, t); }

// D = b²/2 > 0 wherever the generator evaluates it (see the header).
double positive_diffusion(const core::Expression& b, double x, double t) {
  const double v = noise(b, x, t), d = 0.5 * v * v;
  if (!(d > 0.0) || !std::isfinite(d))
    throw ExpressionValueError(
        "model.diffusion",
        "b(x, t) = \"" + b.text() + "\" gives D = b²/2 = " + str(d) + at(x, t) +
            "; the exponentially fitted flux needs D > 0 wherever it evaluates it (cell centres, quarter points, "
            "interior faces and an absorbing side's face; a reflecting side's own face may have D = 0)");
  return d;
}

double finite_drift(const core::Expression& a, double x, double t) { return finite(a, "model.drift", "a", x, t); }

double finite_exact(const core::Expression& p, double x, double t) {
  return finite(p, "model.exact_density", "p", x, t);
}

std::vector<double> initial_density(const ExpressionProblemSpec& spec, const Grid1D& grid) {
  const Compiled f = compile(spec.density, {"x"}, spec.parameters);
  auto avg = cell_averages(grid, [&](double x) {
    const double v = (*f)(x);
    if (!std::isfinite(v) || v < 0.0)
      throw ExpressionValueError("initial.density", "the density \"" + spec.density + "\" is " + str(v) + " at x = " +
                                                        str(x) + "; expected finite values >= 0 on the grid");
    return v;
  });
  double mass = 0.0;
  for (double v : avg) mass += v * grid.width();
  if (!(mass > 0.0) || !std::isfinite(mass))
    throw ExpressionValueError("initial.density", "the density \"" + spec.density + "\" has mass " + str(mass) +
                                                      " on the grid [" + str(grid.lower) + ", " + str(grid.upper) +
                                                      "]; expected a positive, finite mass (it is normalised to 1)");
  for (double& v : avg) v /= mass;
  return avg;
}

}  // namespace

bool uses_time(const std::string& text, const std::map<std::string, double>& constants,
               const std::vector<std::string>& state) {
  // The text compiles in (state, t); it compiles in the state alone unless it names t.
  try {
    const core::Expression in_x_alone(text, state, constants);
    return false;
  } catch (const ParameterError&) {
    return true;
  }
}

double default_smoothing_time(const ExpressionProblemSpec& spec, const Grid1D& grid) {
  const Compiled b = compile(spec.diffusion, {"x", "t"}, spec.parameters);
  const double b0 = noise(*b, spec.x0, spec.start_time);
  if (b0 == 0.0)
    throw ExpressionValueError("model.diffusion", "b(x, t) = \"" + spec.diffusion + "\" is 0 at the point mass" +
                                                      at(spec.x0, spec.start_time) +
                                                      ": a point mass where there is no noise does not spread");
  const double tau = std::pow(2.0 * grid.width() / std::fabs(b0), 2);
  if (!(tau > 0.0) || !std::isfinite(tau))
    throw ExpressionValueError("initial.smoothing_time", "the default (2h/|b(x0, t0)|)² = " + str(tau) +
                                                             " is not a positive number; set it");
  return tau;
}

Problem1D expression_problem(const ExpressionProblemSpec& spec, const Grid1D& grid) {
  const Compiled a = compile(spec.drift, {"x", "t"}, spec.parameters);
  const Compiled b = compile(spec.diffusion, {"x", "t"}, spec.parameters);
  Problem1D p;
  p.name = "expression";
  p.grid = grid;
  p.model.drift = [a](double t, double x) { return finite_drift(*a, x, t); };
  p.model.diffusion = [b](double t, double x) { return positive_diffusion(*b, x, t); };
  p.model.time_dependent = uses_time(spec.drift, spec.parameters) || uses_time(spec.diffusion, spec.parameters);

  p.start_time = spec.start_time;
  switch (spec.initial) {
    case InitialKind::gaussian:
      if (!(spec.sd > 0.0) || !std::isfinite(spec.sd) || !std::isfinite(spec.mean))
        throw ExpressionValueError("initial.sd", "expected a finite sd > 0, got " + str(spec.sd));
      p.initial = gaussian_cell_averages(grid, spec.mean, spec.sd);
      break;
    case InitialKind::density:
      p.initial = initial_density(spec, grid);
      break;
    case InitialKind::point: {
      if (!(spec.x0 > grid.lower && spec.x0 < grid.upper))
        throw ExpressionValueError("initial.x0", "the point mass x0 = " + str(spec.x0) + " is not inside the grid (" +
                                                     str(grid.lower) + ", " + str(grid.upper) + ")");
      const double tau = spec.smoothing_time;
      if (!(tau > 0.0) || !std::isfinite(tau))
        throw ExpressionValueError("initial.smoothing_time", "expected τ > 0, got " + str(tau));
      const double t0 = spec.start_time;
      const double mean = spec.x0 + finite_drift(*a, spec.x0, t0) * tau;
      const double sd = std::sqrt(2.0 * positive_diffusion(*b, spec.x0, t0) * tau);  // |b(x0, t0)| √τ
      const double outside = gaussian_outside(mean, sd, grid.lower, grid.upper);
      if (!(outside <= kReferenceMassOutside))
        throw ExpressionValueError(
            "initial.x0", "the short-time law N(" + str(mean) + ", " + str(sd) + "²) of the point mass x0 = " +
                              str(spec.x0) + " at τ = " + str(tau) + " puts a mass of " + str(outside) +
                              " beyond the grid (more than " + str(kReferenceMassOutside) +
                              "): start further from the sides, refine the grid (the default τ shrinks with h²) "
                              "or lower initial.smoothing_time");
      p.initial = gaussian_cell_averages(grid, mean, sd);
      p.start_time = t0 + tau;
      break;
    }
  }
  // At every time the generator is assembled (the start, before any output exists, and each later time of
  // time-dependent coefficients): b on the quarter points lower + k h/4 (all the points the generator
  // evaluates in [lower, upper]; a side's own face only when it is absorbing) must give D > 0 and keep its
  // sign from one point to the next (b continuous: a change of sign is a zero of D in between, which the
  // points alone would miss). Then assembly checks the drift and D at every point it evaluates.
  p.model.check = [b, grid, text = spec.diffusion](double t) {
    const double q = grid.width() / 4.0;
    const std::size_t first = grid.left == Boundary::absorbing ? 0 : 1;
    const std::size_t last = 4 * grid.cells - (grid.right == Boundary::absorbing ? 0 : 1);
    double previous = 0.0, previous_x = 0.0;
    for (std::size_t k = first; k <= last; ++k) {
      const double x = grid.lower + static_cast<double>(k) * q;
      positive_diffusion(*b, x, t);
      const double value = noise(*b, x, t);
      if (k > first && (value > 0.0) != (previous > 0.0))
        throw ExpressionValueError("model.diffusion", "b(x, t) = \"" + text + "\" changes sign between x = " +
                                                          str(previous_x) + " and x = " + str(x) + " (t = " + str(t) +
                                                          "): D = b²/2 vanishes in between, where the exponentially "
                                                          "fitted flux needs D > 0");
      previous = value;
      previous_x = x;
    }
  };
  assemble_generator(p.model, grid, p.start_time);

  if (!spec.exact_density.empty()) {
    const Compiled e = compile(spec.exact_density, {"x", "t"}, spec.parameters);
    const double h = grid.width();
    p.exact_density = [e, grid](double t) {
      return cell_averages(grid, [&](double x) { return finite_exact(*e, x, t); });
    };
    p.exact_survival = [e, grid, h](double t) {
      double mass = 0.0;
      for (double v : cell_averages(grid, [&](double x) { return finite_exact(*e, x, t); })) mass += h * v;
      return mass;
    };
    // Moments of the exact density on the grid, normalised by its mass there (as the computed ones are).
    const auto moment = [e, grid, h](double t, const std::function<double(double)>& g) {
      double m = 0.0;
      for (double v : cell_averages(grid, [&](double x) { return g(x) * finite_exact(*e, x, t); })) m += h * v;
      return m;
    };
    p.exact_mean = [moment, survival = p.exact_survival](double t) {
      return moment(t, [](double x) { return x; }) / survival(t);
    };
    p.exact_variance = [moment, mean = p.exact_mean, survival = p.exact_survival](double t) {
      const double m = mean(t);
      return moment(t, [m](double x) { return (x - m) * (x - m); }) / survival(t);
    };
    p.exact_description = "the given exact density model.exact_density = \"" + spec.exact_density +
                          "\" (cell averages, survival and moments by 4-point Gauss-Legendre quadrature per cell)";
  }
  return p;
}

// ---- 2-D -------------------------------------------------------------------------------------------------

namespace {

const std::vector<std::string> kPlane = {"x", "y", "t"};

// The compiled coefficients of a 2-D user model: a = (a_x, a_y), g (2 × m) and D = ½ggᵀ, every value finite.
struct Coefficients2D {
  std::array<Compiled, 2> drift;
  std::array<std::vector<Compiled>, 2> noise;  // rows of g

  explicit Coefficients2D(const ExpressionProblemSpec2D& spec) {
    for (int i = 0; i < 2; ++i) {
      drift[i] = compile(spec.drift[i], kPlane, spec.parameters);
      for (const auto& text : spec.diffusion[i]) noise[i].push_back(compile(text, kPlane, spec.parameters));
    }
  }
  double a(int i, double x, double y, double t) const {
    return finite_value(
        (*drift[i])(x, y, t), *drift[i], "model.drift",
        [&] { return std::string(i == 0 ? "a_x" : "a_y") + "(x, y, t)"; }, [&] { return at(x, y, t); });
  }
  double g(int i, std::size_t k, double x, double y, double t) const {
    const auto& e = *noise[i][k];
    return finite_value(
        e(x, y, t), e, "model.diffusion",
        [&] { return "g_" + std::to_string(i + 1) + std::to_string(k + 1) + "(x, y, t)"; },
        [&] { return at(x, y, t); });
  }
  // D_ij = ½ Σ_k g_ik g_jk.
  double d(int i, int j, double x, double y, double t) const {
    double sum = 0.0;
    for (std::size_t k = 0; k < noise[0].size(); ++k) sum += g(i, k, x, y, t) * g(j, k, x, y, t);
    return 0.5 * sum;
  }
  // A diagonal entry, > 0 (the fitted flux along that direction divides by it).
  double positive_d(int i, double x, double y, double t) const {
    const double v = d(i, i, x, y, t);
    if (!(v > 0.0) || !std::isfinite(v))
      throw ExpressionValueError("model.diffusion", std::string("D = ½ggᵀ has D_") + (i == 0 ? "xx" : "yy") + " = " +
                                                        str(v) + at(x, y, t) + "; " + kPositiveDefinite);
    return v;
  }
  // D, positive definite: Dxx, Dyy > 0 and Dxx Dyy − Dxy² > 1e-12 Dxx Dyy (rounding of a rank-one ½ggᵀ
  // leaves a determinant of a few ulps of either sign).
  Eigen::Matrix2d positive_definite(double x, double y, double t) const {
    const double xx = positive_d(0, x, y, t), yy = positive_d(1, x, y, t), xy = d(0, 1, x, y, t);
    if (!(xx * yy - xy * xy > 1e-12 * xx * yy))
      throw ExpressionValueError("model.diffusion", "D = ½ggᵀ = [" + str(xx) + ", " + str(xy) + "; " + str(xy) + ", " +
                                                        str(yy) + "]" + at(x, y, t) +
                                                        " is not positive definite; " + kPositiveDefinite);
    Eigen::Matrix2d m;
    m << xx, xy, xy, yy;
    return m;
  }
  static constexpr const char* kPositiveDefinite =
      "the 2-D scheme needs D positive definite at the cell centres and its diagonal > 0 wherever the fitted fluxes "
      "evaluate it (quarter points of the grid lines, an absorbing side's face; a reflecting side's own face may "
      "have D = 0); with one noise (m = 1) D has rank one";
};

std::string pair(double a, double b) { return "(" + str(a) + ", " + str(b) + ")"; }

// P(X ∉ rectangle) ≤ the sum of the marginals' tails, X ~ N(m, C).
double gaussian_outside(const Eigen::Vector2d& m, const Eigen::Matrix2d& c, const Grid2D& grid) {
  return gaussian_outside(m[0], std::sqrt(c(0, 0)), grid.x.lower, grid.x.upper) +
         gaussian_outside(m[1], std::sqrt(c(1, 1)), grid.y.lower, grid.y.upper);
}

}  // namespace

double default_smoothing_time(const ExpressionProblemSpec2D& spec, const Grid2D& grid) {
  const Coefficients2D c(spec);
  const Eigen::Matrix2d d = c.positive_definite(spec.x0[0], spec.x0[1], spec.start_time);
  const double tau = std::max(std::pow(2.0 * grid.x.width(), 2) / (2.0 * d(0, 0)),
                              std::pow(2.0 * grid.y.width(), 2) / (2.0 * d(1, 1)));
  if (!(tau > 0.0) || !std::isfinite(tau))
    throw ExpressionValueError("initial.smoothing_time", "the default max_k (2h_k)²/(2 D_kk(x0, t0)) = " + str(tau) +
                                                             " is not a positive number; set it");
  return tau;
}

Problem2D expression_problem(const ExpressionProblemSpec2D& spec, const Grid2D& grid) {
  if (spec.diffusion.size() != 2 || spec.diffusion[0].empty() || spec.diffusion[1].size() != spec.diffusion[0].size())
    throw ExpressionValueError("model.diffusion", "expected 2 rows of m >= 1 expressions each (g is 2 × m)");
  const auto c = std::make_shared<const Coefficients2D>(spec);
  Problem2D p;
  p.name = "expression";
  p.grid = grid;
  p.model.drift_x = [c](double t, double x, double y) { return c->a(0, x, y, t); };
  p.model.drift_y = [c](double t, double x, double y) { return c->a(1, x, y, t); };
  p.model.diffusion_xx = [c](double t, double x, double y) { return c->positive_d(0, x, y, t); };
  p.model.diffusion_yy = [c](double t, double x, double y) { return c->positive_d(1, x, y, t); };
  // The mixed entry is evaluated at the cell centres only, where all of D is used: check it whole there.
  p.model.diffusion_xy = [c](double t, double x, double y) { return c->positive_definite(x, y, t)(0, 1); };
  const std::vector<std::string> state{"x", "y"};
  p.model.time_dependent = uses_time(spec.drift[0], spec.parameters, state) ||
                           uses_time(spec.drift[1], spec.parameters, state);
  for (const auto& row : spec.diffusion)
    for (const auto& text : row) p.model.time_dependent = p.model.time_dependent || uses_time(text, spec.parameters, state);

  p.start_time = spec.start_time;
  const double vol = grid.cell_area();
  switch (spec.initial) {
    case InitialKind::gaussian: {
      Eigen::Matrix2d cov;
      cov << spec.covariance[0], spec.covariance[1], spec.covariance[2], spec.covariance[3];
      if (!(cov(0, 1) == cov(1, 0)) || !(cov(0, 0) > 0.0) || !(cov.determinant() > 0.0) || !cov.allFinite())
        throw ExpressionValueError("initial.covariance", "expected a symmetric positive definite 2×2 matrix, got [" +
                                                             str(cov(0, 0)) + ", " + str(cov(0, 1)) + "; " +
                                                             str(cov(1, 0)) + ", " + str(cov(1, 1)) + "]");
      if (!std::isfinite(spec.mean[0]) || !std::isfinite(spec.mean[1]))
        throw ExpressionValueError("initial.mean", "expected finite numbers");
      p.initial = gaussian_cell_averages(grid, Eigen::Vector2d(spec.mean[0], spec.mean[1]), cov);
      break;
    }
    case InitialKind::density: {
      const Compiled f = compile(spec.density, {"x", "y"}, spec.parameters);
      p.initial = cell_averages(grid, [&](double x, double y) {
        const double v = (*f)(x, y);
        if (!std::isfinite(v) || v < 0.0)
          throw ExpressionValueError("initial.density", "the density \"" + spec.density + "\" is " + str(v) +
                                                            " at (x, y) = " + pair(x, y) +
                                                            "; expected finite values >= 0 on the grid");
        return v;
      });
      double mass = 0.0;
      for (double v : p.initial) mass += v * vol;
      if (!(mass > 0.0) || !std::isfinite(mass))
        throw ExpressionValueError("initial.density", "the density \"" + spec.density + "\" has mass " + str(mass) +
                                                          " on the grid; expected a positive, finite mass (it is "
                                                          "normalised to 1)");
      for (double& v : p.initial) v /= mass;
      break;
    }
    case InitialKind::point: {
      const double x0 = spec.x0[0], y0 = spec.x0[1];
      if (!(x0 > grid.x.lower && x0 < grid.x.upper && y0 > grid.y.lower && y0 < grid.y.upper))
        throw ExpressionValueError("initial.x0", "the point mass x0 = " + pair(x0, y0) + " is not inside the grid " +
                                                     pair(grid.x.lower, grid.x.upper) + " × " +
                                                     pair(grid.y.lower, grid.y.upper));
      const double tau = spec.smoothing_time, t0 = spec.start_time;
      if (!(tau > 0.0) || !std::isfinite(tau))
        throw ExpressionValueError("initial.smoothing_time", "expected τ > 0, got " + str(tau));
      const Eigen::Vector2d mean(x0 + c->a(0, x0, y0, t0) * tau, y0 + c->a(1, x0, y0, t0) * tau);
      const Eigen::Matrix2d cov = 2.0 * tau * c->positive_definite(x0, y0, t0);
      const double outside = gaussian_outside(mean, cov, grid);
      if (!(outside <= kReferenceMassOutside))
        throw ExpressionValueError("initial.x0", "the short-time law N(m, 2Dτ) of the point mass x0 = " + pair(x0, y0) +
                                                     " at τ = " + str(tau) + " puts up to " + str(outside) +
                                                     " beyond the grid (more than " + str(kReferenceMassOutside) +
                                                     "): start further from the sides, refine the grid or lower "
                                                     "initial.smoothing_time");
      p.initial = gaussian_cell_averages(grid, mean, cov);
      p.start_time = t0 + tau;
      break;
    }
  }
  // At the start, before any output exists: the generator evaluates the drift and D at every point it uses
  // (the model's functions check them); later times of time-dependent coefficients as they are reached.
  assemble_generator(p.model, grid, p.start_time);

  if (!spec.exact_density.empty()) {
    const Compiled e = compile(spec.exact_density, kPlane, spec.parameters);
    // The answers at one time t, all from one evaluation of p at the quadrature nodes (solve asks for the
    // density, survival, mean and covariance at the same output time): the moments reuse the node values,
    // in the order cell_averages visits the nodes (the same for every call on the same grid).
    struct AtTime {
      double t = std::numeric_limits<double>::quiet_NaN();
      std::vector<double> density;
      double mass = 0.0;
      Eigen::Vector2d mean;
      Eigen::Matrix2d covariance;
    };
    const auto cache = std::make_shared<AtTime>();
    const auto at_time = [e, grid, vol, cache](double t) -> const AtTime& {
      if (cache->t == t) return *cache;
      std::vector<double> nodes;
      AtTime a;
      a.t = t;
      a.density = cell_averages(grid, [&](double x, double y) {
        nodes.push_back(finite_value(
            (*e)(x, y, t), *e, "model.exact_density", [] { return std::string("p(x, y, t)"); },
            [&] { return at(x, y, t); }));
        return nodes.back();
      });
      const auto integral = [&](const std::function<double(double, double)>& w) {
        std::size_t k = 0;
        double sum = 0.0;
        for (double v : cell_averages(grid, [&](double x, double y) { return w(x, y) * nodes[k++]; })) sum += v * vol;
        return sum;
      };
      // Moments of the exact density on the grid, normalised by its mass there (as the computed ones are).
      a.mass = integral([](double, double) { return 1.0; });
      a.mean = {integral([](double x, double) { return x; }) / a.mass,
                integral([](double, double y) { return y; }) / a.mass};
      const Eigen::Vector2d m = a.mean;
      const double xx = integral([&](double x, double) { return (x - m[0]) * (x - m[0]); }) / a.mass;
      const double xy = integral([&](double x, double y) { return (x - m[0]) * (y - m[1]); }) / a.mass;
      const double yy = integral([&](double, double y) { return (y - m[1]) * (y - m[1]); }) / a.mass;
      a.covariance << xx, xy, xy, yy;
      *cache = std::move(a);
      return *cache;
    };
    p.exact_density = [at_time](double t) { return at_time(t).density; };
    p.exact_survival = [at_time](double t) { return at_time(t).mass; };
    p.exact_mean = [at_time](double t) { return at_time(t).mean; };
    p.exact_covariance = [at_time](double t) { return at_time(t).covariance; };
    p.exact_description = "the given exact density model.exact_density = \"" + spec.exact_density +
                          "\" (cell averages, survival and moments by 3x3 Gauss-Legendre quadrature per cell)";
  }
  return p;
}

}  // namespace ito::fokker_planck
