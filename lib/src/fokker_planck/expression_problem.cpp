#include "ito/fokker_planck/expression_problem.hpp"

#include <cmath>
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

Compiled compile(const std::string& text, std::vector<std::string> variables,
                 const std::map<std::string, double>& constants) {
  return std::make_shared<const core::Expression>(text, std::move(variables), constants);
}

// P(X < a) + P(X > b), X ~ N(m, s²).
double gaussian_outside(double m, double s, double a, double b) {
  return 0.5 * std::erfc((m - a) / (s * std::numbers::sqrt2)) + 0.5 * std::erfc((b - m) / (s * std::numbers::sqrt2));
}

// The value of a coefficient expression at (x, t), finite, or an error at its key ("a(x, t) = \"…\" is nan at …").
double finite(const core::Expression& e, const char* key, const char* symbol, double x, double t) {
  const double v = e(x, t);
  if (!std::isfinite(v))
    throw ExpressionValueError(key, std::string(symbol) + "(x, t) = \"" + e.text() + "\" is " + str(v) + at(x, t));
  return v;
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

bool uses_time(const std::string& text, const std::map<std::string, double>& constants) {
  // The text compiles in (x, t); it compiles in x alone unless it names t.
  try {
    const core::Expression in_x_alone(text, {"x"}, constants);
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

}  // namespace ito::fokker_planck
