#include "ito/fokker_planck/problems.hpp"

#include <cmath>
#include <limits>
#include <sstream>
#include <numbers>
#include <unsupported/Eigen/MatrixFunctions>

#include "ito/core/error.hpp"

namespace ito::fokker_planck {

namespace {
void require_positive(const char* what, double v) {
  if (!(v > 0.0) || !std::isfinite(v)) detail::throw_error<ParameterError>(what, " must be finite and > 0, got ", v);
}

// P(X < a) + P(X > b) for X ~ N(m, s²).
double gaussian_outside(double m, double s, double a, double b) {
  if (!(s > 0.0) || !std::isfinite(m) || !std::isfinite(s)) return std::numeric_limits<double>::quiet_NaN();
  return 0.5 * std::erfc((m - a) / (s * std::numbers::sqrt2)) + 0.5 * std::erfc((b - m) / (s * std::numbers::sqrt2));
}

std::string number(double v) {
  std::ostringstream os;
  os.precision(3);
  os << v;
  return os.str();
}

// The largest of f over [start, end] (400 equal steps and the ends); end = ∞ (the stationary state, whatever
// the start): f(∞) alone.
double largest_over(const std::function<double(double)>& f, double start, double end) {
  if (std::isinf(end)) return f(end);
  double worst = std::max(f(start), f(end));
  for (int k = 1; k < 400; ++k) worst = std::max(worst, f(start + (end - start) * k / 400.0));
  return std::isnan(f(start)) || std::isnan(f(end)) ? std::numeric_limits<double>::quiet_NaN() : worst;
}

std::string mass_refusal(double mass, const std::string& law, double start, double end) {
  if (mass <= kReferenceMassOutside) return {};
  return law + " puts " + (std::isnan(mass) ? std::string("an unknown mass") : "a mass of " + number(mass)) +
         " beyond the grid " + (std::isinf(end) ? std::string("in the stationary state") : "between t = " + number(start) + " and " + number(end)) + " (more than " +
         number(kReferenceMassOutside) + "): the sides and the domain change the answer";
}

}  // namespace

std::string reference_refusal(const Problem1D& p, double end_time, double& mass_outside) {
  mass_outside = std::numeric_limits<double>::quiet_NaN();
  if (p.name == "expression")
    return p.exact_density ? std::string() : "no exact density was given for this user model (model.exact_density)";
  if (p.name == "double_well") {
    if (p.grid.left != Boundary::reflecting || p.grid.right != Boundary::reflecting)
      return "the stationary density exp(-U/D)/Z holds with reflecting sides only";
    return {};
  }
  if (!p.exact_mass_outside) return {};
  if (std::isinf(end_time) && p.name != "ou") return "problem '" + p.name + "' has no stationary law";
  mass_outside = largest_over(p.exact_mass_outside, p.start_time, end_time);
  return mass_refusal(mass_outside,
                      p.name == "absorbing_bm" ? "the method-of-images solution" : "the law of the unbounded process",
                      p.start_time, end_time);
}

std::string reference_refusal(const Problem2D& p, double end_time, double& mass_outside) {
  mass_outside = std::numeric_limits<double>::quiet_NaN();
  if (p.name == "expression")
    return p.exact_density ? std::string() : "no exact density was given for this user model (model.exact_density)";
  if (!p.exact_mass_outside) return {};
  mass_outside = largest_over(p.exact_mass_outside, p.start_time, end_time);
  return mass_refusal(mass_outside, "the law of the unbounded process", p.start_time, end_time);
}

Problem1D ou_problem(double theta, double mu, double sigma, double m0, double s0, const Grid1D& grid) {
  require_positive("OU theta", theta);
  require_positive("OU sigma", sigma);
  require_positive("OU initial sd", s0);
  Problem1D p;
  p.name = "ou";
  p.grid = grid;
  const double d = 0.5 * sigma * sigma;
  p.model.drift = [=](double, double x) { return theta * (mu - x); };
  p.model.diffusion = [=](double, double) { return d; };
  p.model.potential = [=](double x) { return theta * (x - mu) * (x - mu) / (sigma * sigma); };
  p.initial = gaussian_cell_averages(grid, m0, s0);
  p.exact_mean = [=](double t) { return mu + (m0 - mu) * std::exp(-theta * t); };
  p.exact_variance = [=](double t) {
    return s0 * s0 * std::exp(-2 * theta * t) + sigma * sigma * (-std::expm1(-2 * theta * t)) / (2 * theta);
  };
  p.exact_density = [=, mean = p.exact_mean, var = p.exact_variance](double t) {
    return gaussian_cell_averages(grid, mean(t), std::sqrt(var(t)));
  };
  p.exact_survival = [](double) { return 1.0; };
  p.exact_mass_outside = [=, mean = p.exact_mean, var = p.exact_variance](double t) {
    return gaussian_outside(mean(t), std::sqrt(var(t)), grid.lower, grid.upper);
  };
  return p;
}

Problem1D double_well_problem(double diffusion, double m0, double s0, const Grid1D& grid) {
  require_positive("double-well diffusion", diffusion);
  require_positive("double-well initial sd", s0);
  Problem1D p;
  p.name = "double_well";
  p.grid = grid;
  const auto u = [](double x) { return (x * x - 1) * (x * x - 1); };
  p.model.drift = [](double, double x) { return -4.0 * x * (x * x - 1); };
  p.model.diffusion = [=](double, double) { return diffusion; };
  p.model.potential = [=](double x) { return u(x) / diffusion; };
  p.initial = gaussian_cell_averages(grid, m0, s0);
  std::vector<double> stationary(grid.cells);
  double z = 0.0;
  for (std::size_t i = 0; i < grid.cells; ++i) z += stationary[i] = std::exp(-u(grid.centre(i)) / diffusion);
  for (double& v : stationary) v /= z * grid.width();
  p.exact_density = [stationary](double) { return stationary; };
  double mean = 0.0;
  for (std::size_t i = 0; i < grid.cells; ++i) mean += grid.width() * grid.centre(i) * stationary[i];
  p.exact_mean = [mean](double) { return mean; };
  p.exact_survival = [](double) { return 1.0; };
  return p;
}

Problem1D gbm_problem(double mu, double sigma, double x0, double t0, const Grid1D& grid) {
  require_positive("GBM sigma", sigma);
  require_positive("GBM x0", x0);
  require_positive("GBM start time", t0);
  if (grid.lower < 0.0 || grid.left == Boundary::absorbing || grid.periodic())
    detail::throw_error<ParameterError>("GBM: the grid must lie in x >= 0 with a reflecting lower side, got lower = ",
                                        grid.lower, ", left ", to_string(grid.left));
  Problem1D p;
  p.name = "gbm";
  p.grid = grid;
  p.model.drift = [=](double, double x) { return mu * x; };
  p.model.diffusion = [=](double, double x) { return 0.5 * sigma * sigma * x * x; };
  p.model.potential = [=](double x) { return -2.0 * mu / (sigma * sigma) * std::log(x); };
  const auto averages = [=](double t) {
    const double m = std::log(x0) + (mu - 0.5 * sigma * sigma) * t, s = sigma * std::sqrt(t);
    const auto cdf = [&](double x) { return x <= 0.0 ? 0.0 : 0.5 * std::erfc(-(std::log(x) - m) / (s * std::numbers::sqrt2)); };
    const auto tail = [&](double x) { return x <= 0.0 ? 1.0 : 0.5 * std::erfc((std::log(x) - m) / (s * std::numbers::sqrt2)); };
    std::vector<double> avg(grid.cells);
    for (std::size_t i = 0; i < grid.cells; ++i) {
      const double lo = grid.face(i), hi = grid.face(i + 1);
      avg[i] = (lo > 0.0 && std::log(lo) >= m ? tail(lo) - tail(hi) : cdf(hi) - cdf(lo)) / grid.width();
    }
    return avg;
  };
  p.start_time = t0;
  p.initial = averages(t0);
  p.exact_density = averages;
  p.exact_mean = [=](double t) { return x0 * std::exp(mu * t); };
  p.exact_variance = [=](double t) { return x0 * x0 * std::exp(2 * mu * t) * std::expm1(sigma * sigma * t); };
  p.exact_survival = [](double) { return 1.0; };
  p.exact_mass_outside = [=](double t) {  // ln X_t ~ N(ln x0 + (μ − σ²/2)t, σ²t); nothing below 0
    const double m = std::log(x0) + (mu - 0.5 * sigma * sigma) * t, s = sigma * std::sqrt(t);
    const double below = grid.lower > 0.0 ? 0.5 * std::erfc((m - std::log(grid.lower)) / (s * std::numbers::sqrt2)) : 0.0;
    return below + 0.5 * std::erfc((std::log(grid.upper) - m) / (s * std::numbers::sqrt2));
  };
  return p;
}

Problem1D absorbing_bm_problem(double diffusion, double x0, double t0, const Grid1D& grid) {
  require_positive("Brownian diffusion", diffusion);
  require_positive("Brownian start time", t0);
  const bool left = grid.left == Boundary::absorbing, right = grid.right == Boundary::absorbing;
  if (left == right)
    detail::throw_error<ParameterError>("absorbing_bm: exactly one side of the grid must be absorbing (the wall)");
  if (!(x0 > grid.lower && x0 < grid.upper))
    detail::throw_error<ParameterError>("absorbing_bm: x0 = ", x0, " must lie inside the grid (", grid.lower, ", ",
                                        grid.upper, ")");
  const double wall = left ? grid.lower : grid.upper;
  Problem1D p;
  p.name = "absorbing_bm";
  p.grid = grid;
  p.model.drift = [](double, double) { return 0.0; };
  p.model.diffusion = [=](double, double) { return diffusion; };
  p.model.potential = [](double) { return 0.0; };
  const double image = 2.0 * wall - x0;
  const auto averages = [=](double t) {
    const double sd = std::sqrt(2.0 * diffusion * t);
    auto direct = gaussian_cell_averages(grid, x0, sd);
    const auto mirrored = gaussian_cell_averages(grid, image, sd);
    for (std::size_t i = 0; i < direct.size(); ++i) direct[i] -= mirrored[i];
    return direct;
  };
  p.start_time = t0;
  p.initial = averages(t0);
  p.exact_density = averages;
  p.exact_survival = [=](double t) { return std::erf(std::fabs(wall - x0) / std::sqrt(4.0 * diffusion * t)); };
  // The images hold on the half-line: the unabsorbed Gaussian's mass beyond the far side must be negligible.
  p.exact_mass_outside = [=](double t) {
    const double sd = std::sqrt(2.0 * diffusion * t);
    return left ? gaussian_outside(x0, sd, -std::numeric_limits<double>::infinity(), grid.upper)
                : gaussian_outside(x0, sd, grid.lower, std::numeric_limits<double>::infinity());
  };
  return p;
}

Eigen::Vector2d ou2d_mean(const Eigen::Matrix2d& a, const Eigen::Vector2d& m0, double t) {
  const Eigen::Matrix2d decay = (-a * t).exp();
  return decay * m0;
}

Eigen::Matrix2d ou2d_stationary_covariance(const Eigen::Matrix2d& a, const Eigen::Matrix2d& s) {
  // A C + C Aᵀ = SSᵀ as a 4×4 linear system in vec(C) (column-major): (I ⊗ A + A ⊗ I) vec C = vec(SSᵀ).
  Eigen::Matrix4d k = Eigen::Matrix4d::Zero();
  for (int i = 0; i < 2; ++i) {
    k.block<2, 2>(2 * i, 2 * i) += a;  // I ⊗ A
    for (int j = 0; j < 2; ++j) k.block<2, 2>(2 * i, 2 * j) += a(i, j) * Eigen::Matrix2d::Identity();  // A ⊗ I
  }
  const Eigen::Matrix2d q = s * s.transpose();
  const Eigen::Vector4d c = k.fullPivLu().solve(Eigen::Map<const Eigen::Vector4d>(q.data()));
  const Eigen::Matrix2d m = Eigen::Map<const Eigen::Matrix2d>(c.data());
  return 0.5 * (m + m.transpose());
}

Eigen::Matrix2d ou2d_covariance(const Eigen::Matrix2d& a, const Eigen::Matrix2d& s, const Eigen::Matrix2d& c0, double t) {
  const Eigen::Matrix2d stationary = ou2d_stationary_covariance(a, s);
  const Eigen::Matrix2d decay = (-a * t).exp();
  const Eigen::Matrix2d c = stationary + decay * (c0 - stationary) * decay.transpose();
  return 0.5 * (c + c.transpose());
}

std::vector<double> gaussian_cell_averages(const Grid2D& grid, const Eigen::Vector2d& m, const Eigen::Matrix2d& c) {
  const Eigen::Matrix2d inv = c.inverse();
  const double norm = 1.0 / (2.0 * std::numbers::pi * std::sqrt(c.determinant()));
  return cell_averages(grid, [&](double x, double y) {
    const Eigen::Vector2d d(x - m[0], y - m[1]);
    return norm * std::exp(-0.5 * d.dot(inv * d));
  });
}

Problem2D ou2d_problem(const Eigen::Matrix2d& a, const Eigen::Matrix2d& s, const Eigen::Vector2d& m0,
                       const Eigen::Matrix2d& c0, const Grid2D& grid) {
  if (a.eigenvalues().real().minCoeff() <= 0.0)
    detail::throw_error<ParameterError>("ou2d: the drift matrix A must have eigenvalues with positive real part");
  const Eigen::Matrix2d d = 0.5 * s * s.transpose();
  if (!(d(0, 0) > 0.0 && d(1, 1) > 0.0))
    detail::throw_error<ParameterError>("ou2d: the diffusion matrix ½SSᵀ needs positive diagonal entries");
  if (c0.determinant() <= 0.0 || c0(0, 0) <= 0.0)
    detail::throw_error<ParameterError>("ou2d: the initial covariance must be positive definite");
  Problem2D p;
  p.name = "ou2d";
  p.grid = grid;
  p.model.drift_x = [=](double, double x, double y) { return -(a(0, 0) * x + a(0, 1) * y); };
  p.model.drift_y = [=](double, double x, double y) { return -(a(1, 0) * x + a(1, 1) * y); };
  p.model.diffusion_xx = [=](double, double, double) { return d(0, 0); };
  p.model.diffusion_yy = [=](double, double, double) { return d(1, 1); };
  p.model.diffusion_xy = [=](double, double, double) { return d(0, 1); };
  p.initial = gaussian_cell_averages(grid, m0, c0);
  p.exact_mean = [=](double t) { return ou2d_mean(a, m0, t); };
  p.exact_covariance = [=](double t) { return ou2d_covariance(a, s, c0, t); };
  p.exact_density = [=](double t) { return gaussian_cell_averages(grid, ou2d_mean(a, m0, t), ou2d_covariance(a, s, c0, t)); };
  p.exact_mass_outside = [=](double t) {
    const Eigen::Vector2d m = ou2d_mean(a, m0, t);
    const Eigen::Matrix2d c = ou2d_covariance(a, s, c0, t);
    return gaussian_outside(m[0], std::sqrt(c(0, 0)), grid.x.lower, grid.x.upper) +
           gaussian_outside(m[1], std::sqrt(c(1, 1)), grid.y.lower, grid.y.upper);
  };
  return p;
}

}  // namespace ito::fokker_planck
