// Regression targets: the log density against the model written out term by term (normal_lpdf sums, the
// log-Jacobian of σ = e^u), gradients against finite differences, both residual paths, and error cases.
#include "ito/targets/regression.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/core/error.hpp"
#include "ito/random/normal.hpp"
#include "target_testing.hpp"

namespace {

using namespace ito::targets;

double normal_lpdf(double x, double mu, double sigma) {
  const double z = (x - mu) / sigma;
  return -0.5 * z * z - std::log(sigma) - 0.5 * std::log(2.0 * M_PI);
}

struct Problem {
  Eigen::MatrixXd X;
  Eigen::VectorXd y;
};

Problem make_problem(int n, int d, std::uint32_t seed, bool logistic) {
  const ito::random::NormalStream stream(seed, ito::random::Purpose::test);
  Problem p{Eigen::MatrixXd(n, d), Eigen::VectorXd(n)};
  std::vector<double> z(static_cast<std::size_t>(n * (d + 1)));
  stream.fill(0, 0, z.size(), z.data());
  for (int i = 0; i < n; ++i) {
    double eta = 0.0;
    for (int j = 0; j < d; ++j) {
      p.X(i, j) = z[static_cast<std::size_t>(i * (d + 1) + j)];
      eta += (j + 1) * 0.3 * p.X(i, j);
    }
    const double noise = z[static_cast<std::size_t>(i * (d + 1) + d)];
    p.y(i) = logistic ? (noise < eta ? 1.0 : 0.0) : eta + 0.7 * noise;
  }
  return p;
}

// log π(u) up to a constant, written as the Stan model would: priors, likelihood, Jacobian of σ = e^u.
double linear_model_direct(const Problem& p, const Eigen::VectorXd& u, double beta_scale, ScalePrior prior) {
  const int d = static_cast<int>(p.X.cols());
  const double sigma = std::exp(u(d));
  double lp = 0.0;
  for (int j = 0; j < d; ++j) lp += normal_lpdf(u(j), 0.0, beta_scale);
  lp += prior.kind == ScalePrior::Kind::half_normal
            ? normal_lpdf(sigma, 0.0, prior.scale)
            : -std::log(M_PI * prior.scale * (1.0 + std::pow(sigma / prior.scale, 2)));
  for (int i = 0; i < p.X.rows(); ++i) lp += normal_lpdf(p.y(i), p.X.row(i).dot(u.head(d)), sigma);
  return lp + u(d);  // log-Jacobian
}

TEST(Regression, LinearLogDensityMatchesTheModelUpToAConstant) {
  const Problem p = make_problem(40, 3, 1, false);
  for (const ScalePrior prior :
       {ScalePrior{ScalePrior::Kind::half_normal, 2.0}, ScalePrior{ScalePrior::Kind::half_cauchy, 2.5}}) {
    const LinearRegressionTarget target(p.X, p.y, 3.0, prior);
    EXPECT_TRUE(target.uses_normal_equations());
    Eigen::VectorXd u0(4), u1(4);
    u0 << 0.2, 0.5, 0.9, std::log(0.7);
    u1 << -1.0, 2.0, 0.1, 1.3;
    EXPECT_NEAR(target.log_density(u1) - target.log_density(u0),
                linear_model_direct(p, u1, 3.0, prior) - linear_model_direct(p, u0, 3.0, prior), 1e-9);
    for (const auto& u : {u0, u1}) ito::test::expect_gradient_matches_finite_differences(target, u, 1e-7, "linear");
    EXPECT_EQ(target.parameter_names(), (std::vector<std::string>{"beta[1]", "beta[2]", "beta[3]", "sigma"}));
    Eigen::VectorXd reported;
    target.constrain(u0, reported);
    EXPECT_NEAR(reported(3), 0.7, 1e-15);
    EXPECT_EQ(reported(1), 0.5);
  }
}

TEST(Regression, RankDeficientDesignUsesDirectResiduals) {
  Problem p = make_problem(30, 3, 2, false);
  p.X.col(2) = p.X.col(0) + p.X.col(1);  // rank 2
  const ScalePrior prior{ScalePrior::Kind::half_normal, 1.0};
  const LinearRegressionTarget target(p.X, p.y, 1.0, prior);
  EXPECT_FALSE(target.uses_normal_equations());
  Eigen::VectorXd u(4), v(4);
  u << 0.1, -0.3, 0.5, 0.2;
  v << 0.4, 0.3, -0.5, -0.1;
  EXPECT_NEAR(target.log_density(v) - target.log_density(u),
              linear_model_direct(p, v, 1.0, prior) - linear_model_direct(p, u, 1.0, prior), 1e-9);
  ito::test::expect_gradient_matches_finite_differences(target, u, 1e-7, "rank deficient");
}

TEST(Regression, NormalEquationResidualsEqualDirectResiduals) {
  const Problem p = make_problem(200, 5, 3, false);
  const LinearRegressionTarget target(p.X, p.y, 10.0, {ScalePrior::Kind::half_normal, 10.0});
  ASSERT_TRUE(target.uses_normal_equations());
  for (double shift : {0.0, 1e-3, 1.0, 100.0}) {
    const Eigen::VectorXd beta = Eigen::VectorXd::Constant(5, 0.3 + shift);
    const double direct = (p.y - p.X * beta).squaredNorm();
    EXPECT_NEAR(target.residual_sum_of_squares(beta), direct, 1e-11 * direct);
  }
}

TEST(Regression, LogisticLogDensityAndGradient) {
  const Problem p = make_problem(60, 3, 4, true);
  const LogisticRegressionTarget target(p.X, p.y, 2.0);
  auto direct = [&](const Eigen::VectorXd& b) {
    double lp = 0.0;
    for (int j = 0; j < 3; ++j) lp += normal_lpdf(b(j), 0.0, 2.0);
    for (int i = 0; i < 60; ++i) {
      const double prob = 1.0 / (1.0 + std::exp(-p.X.row(i).dot(b)));
      lp += p.y(i) ? std::log(prob) : std::log1p(-prob);
    }
    return lp;
  };
  Eigen::VectorXd b0(3), b1(3);
  b0 << 0.1, 0.2, 0.3;
  b1 << -1.0, 0.5, 2.0;
  EXPECT_NEAR(target.log_density(b1) - target.log_density(b0), direct(b1) - direct(b0), 1e-10);
  for (const auto& b : {b0, b1}) ito::test::expect_gradient_matches_finite_differences(target, b, 1e-7, "logistic");
  // Huge linear predictors: softplus keeps the log density finite (log(1 − p) would be −inf naively).
  const Eigen::VectorXd big = Eigen::VectorXd::Constant(3, 400.0);
  EXPECT_TRUE(std::isfinite(target.log_density(big)));
  ito::test::expect_gradient_matches_finite_differences(target, big, 1e-7, "logistic big");
}

TEST(Regression, RejectsInconsistentInputs) {
  const Problem p = make_problem(10, 2, 5, false);
  EXPECT_THROW(LinearRegressionTarget(p.X, p.y.head(9), 1.0, {}), ito::ParameterError);
  EXPECT_THROW(LinearRegressionTarget(p.X, p.y, -1.0, {}), ito::ParameterError);
  EXPECT_THROW(LinearRegressionTarget(p.X, p.y, 1.0, {ScalePrior::Kind::half_normal, 0.0}), ito::ParameterError);
  EXPECT_THROW(LinearRegressionTarget(p.X, p.y, 1.0, {}, {"a"}), ito::ParameterError);
  EXPECT_THROW(LogisticRegressionTarget(p.X, p.y, 1.0), ito::ParameterError);  // y not in {0, 1}
}

}  // namespace
