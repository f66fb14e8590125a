// Regression targets: the log density against the model written out term by term (normal_lpdf sums, the
// log-Jacobian of σ = e^u), gradients against finite differences, both residual paths, and error cases.
#include "ito/targets/regression.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/targets/regression_data.hpp"

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

// log p(β) of the general priors written out: normal_lpdf, or the Student-t density up to its constant.
double prior_direct(const Eigen::VectorXd& b, const Eigen::VectorXd& scales, bool student_t, double nu) {
  double lp = 0.0;
  for (Eigen::Index j = 0; j < b.size(); ++j) {
    const double z = b(j) / scales(j);
    lp += student_t ? -0.5 * (nu + 1.0) * std::log(1.0 + z * z / nu) - std::log(scales(j)) : normal_lpdf(b(j), 0.0, scales(j));
  }
  return lp;
}

Eigen::MatrixXd with_intercept(const Eigen::MatrixXd& X) {
  Eigen::MatrixXd out(X.rows(), X.cols() + 1);
  out << Eigen::VectorXd::Ones(X.rows()), X;
  return out;
}

TEST(Regression, GeneralPriorsMatchTheModelAndTheirGradients) {
  const Problem p = make_problem(40, 3, 6, false);
  const Eigen::MatrixXd X = with_intercept(p.X);
  Eigen::VectorXd scales(4);
  scales << 5.0, 0.5, 1.0, 2.0;
  Eigen::VectorXd u0(5), u1(5);
  u0 << 0.3, 0.2, 0.5, 0.9, std::log(0.7);
  u1 << -1.0, -1.0, 2.0, 0.1, 1.3;
  for (const bool student_t : {false, true}) {
    const auto family = student_t ? CoefficientPrior::Family::student_t : CoefficientPrior::Family::normal;
    const CoefficientPrior prior(family, scales, 4.0);
    EXPECT_FALSE(prior.isotropic_normal());
    const ScalePrior sigma_prior{ScalePrior::Kind::half_cauchy, 2.0};
    // σ sampled as log σ
    const LinearRegressionTarget estimated(X, p.y, prior, NoiseScale::estimated(sigma_prior), {});
    ASSERT_EQ(estimated.dim(), 5);
    auto direct = [&](const Eigen::VectorXd& u) {
      const double sigma = std::exp(u(4));
      double lp = prior_direct(u.head(4), scales, student_t, 4.0) - std::log1p(std::pow(sigma / 2.0, 2)) + u(4);
      for (int i = 0; i < X.rows(); ++i) lp += normal_lpdf(p.y(i), X.row(i).dot(u.head(4)), sigma);
      return lp;
    };
    EXPECT_NEAR(estimated.log_density(u1) - estimated.log_density(u0), direct(u1) - direct(u0), 1e-9);
    for (const auto& u : {u0, u1})
      ito::test::expect_gradient_matches_finite_differences(estimated, u, 1e-7, student_t ? "linear t" : "linear");
    // σ known
    const LinearRegressionTarget known(X, p.y, prior, NoiseScale::known(0.6), {});
    ASSERT_EQ(known.dim(), 4);
    EXPECT_EQ(known.parameter_names(), (std::vector<std::string>{"beta[1]", "beta[2]", "beta[3]", "beta[4]"}));
    auto direct_known = [&](const Eigen::VectorXd& b) {
      double lp = prior_direct(b, scales, student_t, 4.0);
      for (int i = 0; i < X.rows(); ++i) lp += normal_lpdf(p.y(i), X.row(i).dot(b), 0.6);
      return lp;
    };
    const Eigen::VectorXd b0 = u0.head(4), b1 = u1.head(4);
    EXPECT_NEAR(known.log_density(b1) - known.log_density(b0), direct_known(b1) - direct_known(b0), 1e-9);
    for (const auto& b : {b0, b1})
      ito::test::expect_gradient_matches_finite_differences(known, b, 1e-7, student_t ? "known t" : "known");
    // the direct-residual path (fewer rows than columns) with the same priors
    const LinearRegressionTarget wide(X.topRows(3), p.y.head(3), prior, NoiseScale::known(0.6), {});
    EXPECT_FALSE(wide.uses_normal_equations());
    ito::test::expect_gradient_matches_finite_differences(wide, b1, 1e-7, "wide");
    const LinearRegressionTarget wide_estimated(X.topRows(3), p.y.head(3), prior, NoiseScale::estimated(sigma_prior), {});
    ito::test::expect_gradient_matches_finite_differences(wide_estimated, u1, 1e-7, "wide estimated");
  }
  // logistic, both families, with an intercept
  const Problem q = make_problem(50, 2, 7, true);
  const Eigen::MatrixXd Xq = with_intercept(q.X);
  Eigen::VectorXd b0(3), b1(3);
  b0 << 0.1, 0.2, 0.3;
  b1 << -1.5, 0.5, 2.0;
  for (const bool student_t : {false, true}) {
    const CoefficientPrior prior(student_t ? CoefficientPrior::Family::student_t : CoefficientPrior::Family::normal,
                                 scales.head(3), 3.0);
    const LogisticRegressionTarget target(Xq, q.y, prior);
    auto direct = [&](const Eigen::VectorXd& b) {
      double lp = prior_direct(b, scales.head(3), student_t, 3.0);
      for (int i = 0; i < Xq.rows(); ++i) {
        const double prob = 1.0 / (1.0 + std::exp(-Xq.row(i).dot(b)));
        lp += q.y(i) ? std::log(prob) : std::log1p(-prob);
      }
      return lp;
    };
    EXPECT_NEAR(target.log_density(b1) - target.log_density(b0), direct(b1) - direct(b0), 1e-10);
    for (const auto& b : {b0, b1})
      ito::test::expect_gradient_matches_finite_differences(target, b, 1e-7, student_t ? "logistic t" : "logistic");
  }
}

// The one-scale constructors are the general ones with an isotropic normal prior: the same doubles.
TEST(Regression, IsotropicNormalPriorIsTheOneScaleTargetBitForBit) {
  const Problem p = make_problem(40, 3, 8, false);
  const ScalePrior sigma_prior{ScalePrior::Kind::half_normal, 3.0};
  const LinearRegressionTarget one(p.X, p.y, 2.5, sigma_prior);
  const LinearRegressionTarget general(p.X, p.y, CoefficientPrior::isotropic_normal(2.5, 3),
                                       NoiseScale::estimated(sigma_prior));
  const Problem q = make_problem(40, 3, 9, true);
  const LogisticRegressionTarget one_logistic(q.X, q.y, 2.5);
  const LogisticRegressionTarget general_logistic(q.X, q.y, CoefficientPrior::isotropic_normal(2.5, 3));
  Eigen::VectorXd u(4);
  u << 0.3, -0.7, 1.1, -0.2;
  Eigen::VectorXd g1, g2;
  EXPECT_EQ(one.log_density(u), general.log_density(u));
  EXPECT_EQ(one.log_density_gradient(u, g1), general.log_density_gradient(u, g2));
  EXPECT_EQ(g1, g2);
  const Eigen::VectorXd b = u.head(3);
  EXPECT_EQ(one_logistic.log_density(b), general_logistic.log_density(b));
  EXPECT_EQ(one_logistic.log_density_gradient(b, g1), general_logistic.log_density_gradient(b, g2));
  EXPECT_EQ(g1, g2);
}

// Standardised predictors: the reported original-scale coefficients give the same linear predictor on the
// original data as the sampled ones on the standardised data; the standardised ones follow.
TEST(Regression, StandardisedCoefficientsAreReportedOnBothScales) {
  Problem p = make_problem(30, 2, 10, false);
  p.X.col(0) = 3.0 * p.X.col(0).array() + 10.0;
  p.X.col(1) = 0.1 * p.X.col(1).array() - 4.0;
  const Eigen::MatrixXd original = with_intercept(p.X);
  Eigen::MatrixXd X = original;
  const Standardization s = standardize_columns(X, {1, 2}, {"a", "b"}, 0, "test");
  EXPECT_NEAR(X.col(1).mean(), 0.0, 1e-13);
  EXPECT_NEAR(X.col(2).squaredNorm() / 29.0, 1.0, 1e-13);
  const LinearRegressionTarget target(X, p.y, CoefficientPrior::isotropic_normal(3.0, 3), NoiseScale::known(1.0),
                                      {"alpha", "beta[a]", "beta[b]"}, s);
  EXPECT_EQ(target.parameter_names(), (std::vector<std::string>{"alpha", "beta[a]", "beta[b]", "alpha_std",
                                                                "beta_std[a]", "beta_std[b]"}));
  Eigen::VectorXd gamma(3), reported;
  gamma << 0.4, -1.2, 0.7;
  target.constrain(gamma, reported);
  ASSERT_EQ(reported.size(), 6);
  EXPECT_LT((original * reported.head(3) - X * gamma).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_EQ(reported.tail(3), gamma);
  const LinearRegressionTarget estimated(X, p.y, CoefficientPrior::isotropic_normal(3.0, 3),
                                         NoiseScale::estimated({}), {"alpha", "beta[a]", "beta[b]"}, s);
  Eigen::VectorXd u(4);
  u << gamma, std::log(0.5);
  estimated.constrain(u, reported);
  EXPECT_EQ(estimated.parameter_names()[3], "sigma");
  EXPECT_NEAR(reported(3), 0.5, 1e-15);
  EXPECT_EQ(reported.tail(3), gamma);
  // a constant column cannot be standardised; without an intercept nothing can
  Eigen::MatrixXd constant = original;
  constant.col(2).setConstant(2.0);
  EXPECT_THROW(standardize_columns(constant, {2}, {"b"}, 0, "test"), ito::IoError);
  Eigen::MatrixXd no_intercept = p.X;
  EXPECT_THROW(standardize_columns(no_intercept, {1}, {"b"}, 0, "test"), ito::IoError);
}

TEST(Regression, GeneralTargetsRejectInconsistentInputs) {
  const Problem p = make_problem(10, 2, 5, false);
  EXPECT_THROW(CoefficientPrior(CoefficientPrior::Family::normal, Eigen::Vector2d(1.0, 0.0)), ito::ParameterError);
  EXPECT_THROW(CoefficientPrior(CoefficientPrior::Family::student_t, Eigen::Vector2d(1.0, 1.0), 0.0),
               ito::ParameterError);
  EXPECT_THROW(LinearRegressionTarget(p.X, p.y, CoefficientPrior::isotropic_normal(1.0, 3), NoiseScale::known(1.0)),
               ito::ParameterError);  // 3 scales for 2 coefficients
  EXPECT_THROW(LinearRegressionTarget(p.X, p.y, CoefficientPrior::isotropic_normal(1.0, 2), NoiseScale::known(0.0)),
               ito::ParameterError);
}

}  // namespace
