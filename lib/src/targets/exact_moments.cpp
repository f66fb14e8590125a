#include "ito/targets/exact_moments.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <functional>

#include "ito/core/error.hpp"
#include "ito/targets/banana.hpp"
#include "ito/targets/funnel.hpp"
#include "ito/targets/gaussian.hpp"
#include "ito/targets/mixture.hpp"

namespace ito::targets {

namespace {

// ∫ f(u) w(u) du / ∫ w(u) du for a 1-D log weight; `moments(u, out)` adds nothing, it writes f(u) into out.
Eigen::VectorXd weighted_average(const std::function<double(double)>& log_weight,
                                 const std::function<void(double, Eigen::VectorXd&)>& moments, double lo, double hi,
                                 Eigen::Index size) {
  const int coarse = 6000;
  const double step = (hi - lo) / coarse;
  std::vector<double> lw(coarse + 1);
  double max = -std::numeric_limits<double>::infinity();
  for (int i = 0; i <= coarse; ++i) {
    lw[static_cast<std::size_t>(i)] = log_weight(lo + i * step);
    if (std::isfinite(lw[static_cast<std::size_t>(i)])) max = std::max(max, lw[static_cast<std::size_t>(i)]);
  }
  if (!std::isfinite(max)) throw NumericalError("exact_moments: the 1-D posterior weight is nowhere finite");
  int first = coarse, last = 0;
  for (int i = 0; i <= coarse; ++i)
    if (lw[static_cast<std::size_t>(i)] > max - 60.0) {
      first = std::min(first, i);
      last = std::max(last, i);
    }
  if (first == 0 || last == coarse)
    throw NumericalError("exact_moments: the posterior weight does not decay inside the integration range");
  const double a = lo + (first - 1) * step, b = lo + (last + 1) * step;
  const int n = 20000;  // even
  const double h = (b - a) / n;
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(size), f(size);
  double total = 0.0;
  for (int i = 0; i <= n; ++i) {
    const double u = a + i * h;
    const double simpson = (i == 0 || i == n) ? 1.0 : (i % 2 ? 4.0 : 2.0);
    const double w = simpson * std::exp(log_weight(u) - max);
    if (w == 0.0) continue;
    moments(u, f);
    sum += w * f;
    total += w;
  }
  return sum / total;
}

}  // namespace

ExactMoments exact_moments(const LinearRegressionTarget& target) {
  const Eigen::MatrixXd& X = target.design();
  const Eigen::VectorXd& y = target.response();
  const Eigen::Index d = X.cols();
  const double n = static_cast<double>(y.size());
  const Eigen::MatrixXd gram = X.transpose() * X;
  const Eigen::VectorXd xty = X.transpose() * y;
  const double prior_precision = 1.0 / (target.coefficient_scale() * target.coefficient_scale());
  const ScalePrior sigma_prior = target.sigma_prior();

  struct Conditional {
    Eigen::VectorXd mean, variance;
    double log_marginal;
  };
  auto conditional = [&](double u) {
    const double sigma = std::exp(u), inv_var = std::exp(-2.0 * u);
    Eigen::MatrixXd precision = gram * inv_var;
    precision.diagonal().array() += prior_precision;
    const Eigen::LLT<Eigen::MatrixXd> llt(precision);
    Conditional c;
    c.mean = llt.solve(xty * inv_var);
    c.variance = llt.solve(Eigen::MatrixXd::Identity(d, d)).diagonal();
    const Eigen::MatrixXd l = llt.matrixL();
    const double log_det = 2.0 * l.diagonal().array().log().sum();
    const double quad = (y - X * c.mean).squaredNorm() * inv_var + c.mean.squaredNorm() * prior_precision;
    c.log_marginal = -n * std::log(sigma) - 0.5 * log_det - 0.5 * quad;
    return c;
  };
  auto log_weight = [&](double u) {
    return sigma_prior.log_density(std::exp(u)) + u + conditional(u).log_marginal;
  };
  // Layout of the integrand: [E β (d), E β² (d), E σ, E σ²].
  auto moments = [&](double u, Eigen::VectorXd& out) {
    const Conditional c = conditional(u);
    out.head(d) = c.mean;
    out.segment(d, d) = c.mean.array().square() + c.variance.array();
    out(2 * d) = std::exp(u);
    out(2 * d + 1) = std::exp(2.0 * u);
  };
  const Eigen::VectorXd avg = weighted_average(log_weight, moments, -30.0, 30.0, 2 * d + 2);
  ExactMoments m;
  m.names = target.parameter_names();
  m.mean.resize(d + 1);
  m.mean_square.resize(d + 1);
  m.mean.head(d) = avg.head(d);
  m.mean_square.head(d) = avg.segment(d, d);
  m.mean(d) = avg(2 * d);
  m.mean_square(d) = avg(2 * d + 1);
  return m;
}

ExactMoments exact_moments(const EightSchoolsNoncenteredTarget& target) {
  const Eigen::VectorXd y = target.y(), s2 = target.sigma().array().square();
  const Eigen::Index j = y.size();
  const double mu_prior_var = 25.0, tau_scale = 5.0;
  struct Conditional {
    double precision, mean, log_marginal;
  };
  auto conditional = [&](double u) {
    const double tau2 = std::exp(2.0 * u);
    const Eigen::ArrayXd total_var = s2.array() + tau2;
    Conditional c;
    c.precision = 1.0 / mu_prior_var + (1.0 / total_var).sum();
    const double b = (y.array() / total_var).sum();
    c.mean = b / c.precision;
    // log ∫ Π N(y_j; μ, σ_j² + τ²) N(μ; 0, 25) dμ, constants dropped.
    c.log_marginal = -0.5 * total_var.log().sum() - 0.5 * (y.array().square() / total_var).sum() -
                     0.5 * std::log(c.precision) + 0.5 * b * b / c.precision;
    return c;
  };
  auto log_weight = [&](double u) {
    const double tau = std::exp(u);
    return -std::log1p(tau * tau / (tau_scale * tau_scale)) + u + conditional(u).log_marginal;
  };
  // Layout: [E θ (j), E θ² (j), E μ, E μ², E τ, E τ²].
  auto moments = [&](double u, Eigen::VectorXd& out) {
    const Conditional c = conditional(u);
    const double tau2 = std::exp(2.0 * u), mu_var = 1.0 / c.precision;
    for (Eigen::Index i = 0; i < j; ++i) {
      const double v = 1.0 / (1.0 / s2(i) + 1.0 / tau2);
      const double a = v * y(i) / s2(i), slope = v / tau2;  // θ_i | μ has mean a + slope·μ, variance v
      const double mean = a + slope * c.mean;
      out(i) = mean;
      out(j + i) = v + mean * mean + slope * slope * mu_var;
    }
    out(2 * j) = c.mean;
    out(2 * j + 1) = c.mean * c.mean + mu_var;
    out(2 * j + 2) = std::exp(u);
    out(2 * j + 3) = tau2;
  };
  const Eigen::VectorXd avg = weighted_average(log_weight, moments, -90.0, 30.0, 2 * j + 4);
  ExactMoments m;
  m.names = target.parameter_names();  // theta[1..J], mu, tau
  m.mean.resize(j + 2);
  m.mean_square.resize(j + 2);
  m.mean.head(j) = avg.head(j);
  m.mean_square.head(j) = avg.segment(j, j);
  m.mean(j) = avg(2 * j);
  m.mean_square(j) = avg(2 * j + 1);
  m.mean(j + 1) = avg(2 * j + 2);
  m.mean_square(j + 1) = avg(2 * j + 3);
  return m;
}

std::optional<ExactMoments> exact_moments(const AnyTarget& target) {
  ExactMoments m;
  m.names = target.parameter_names();
  if (const auto* g = target.get<GaussianTarget>()) {
    m.mean = g->mean();
    m.mean_square = g->mean().array().square() + g->covariance().diagonal().array();
    return m;
  }
  if (const auto* b = target.get<BananaTarget>()) {
    m.mean = b->exact_mean();
    m.mean_square = b->exact_covariance().diagonal();
    return m;
  }
  if (const auto* f = target.get<FunnelTarget>()) {
    const double var_v = f->v_scale() * f->v_scale();
    m.mean = Eigen::VectorXd::Zero(f->dim());
    m.mean_square = Eigen::VectorXd::Constant(f->dim(), std::exp(0.5 * var_v));  // E x² = E e^v
    m.mean_square(0) = var_v;
    return m;
  }
  if (const auto* x = target.get<MixtureTarget>()) {
    m.mean = x->exact_mean();
    m.mean_square = m.mean.array().square() + x->exact_covariance().diagonal().array();
    return m;
  }
  if (const auto* l = target.get<LinearRegressionTarget>()) return exact_moments(*l);
  if (const auto* e = target.get<EightSchoolsNoncenteredTarget>()) return exact_moments(*e);
  return std::nullopt;
}

}  // namespace ito::targets
