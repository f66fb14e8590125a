// Analytic targets: exact normalisation and moments by quadrature, gradients by finite differences,
// constraining transforms' Jacobians by quadrature and finite differences, and the error cases.
#include "ito/mcmc/targets.hpp"

#include <gtest/gtest.h>

#include <Eigen/LU>

#include <cmath>
#include <functional>
#include <numbers>

#include "ito/core/error.hpp"
#include "ito/mcmc/target_transforms.hpp"
#include "target_testing.hpp"

namespace {

using namespace ito::mcmc;

// Composite Simpson rule on [a, b] with n (even) intervals; error O(h⁴) for smooth integrands.
double simpson(const std::function<double(double)>& f, double a, double b, int n) {
  const double h = (b - a) / n;
  double s = f(a) + f(b);
  for (int i = 1; i < n; ++i) s += (i % 2 ? 4.0 : 2.0) * f(a + i * h);
  return s * h / 3.0;
}

TEST(Targets, GaussianLogDensityIsTheExactNormalisedDensity) {
  Eigen::VectorXd mean(2);
  mean << 1.0, -2.0;
  Eigen::MatrixXd cov(2, 2);
  cov << 2.0, 0.6, 0.6, 0.5;
  const auto g = GaussianTarget::from_covariance(mean, cov);
  Eigen::VectorXd x(2);
  x << 0.3, -1.1;
  // Closed form in 2-D: det = 2·0.5 − 0.36, Σ⁻¹ = [[0.5, −0.6], [−0.6, 2]] / det.
  const double det = 1.0 - 0.36;
  const double r0 = x(0) - 1.0, r1 = x(1) + 2.0;
  const double quad = (0.5 * r0 * r0 - 1.2 * r0 * r1 + 2.0 * r1 * r1) / det;
  EXPECT_NEAR(g.log_density(x), -0.5 * quad - std::log(2.0 * std::numbers::pi) - 0.5 * std::log(det), 1e-14);
  ito::test::expect_gradient_matches_finite_differences(g, x, 1e-7, "gaussian");
  // Precision parametrisation gives the same target.
  const auto h = GaussianTarget::from_precision(mean, cov.inverse());
  EXPECT_NEAR(h.log_density(x), g.log_density(x), 1e-13);
  EXPECT_TRUE(h.covariance().isApprox(cov, 1e-13));
}

TEST(Targets, DiagonalGaussianFastPathIsExact) {
  const Eigen::Vector3d mean(0.5, -1.0, 2.0), variances(0.25, 4.0, 1.5);
  const auto g = GaussianTarget::from_covariance(mean, Eigen::MatrixXd(variances.asDiagonal()));
  const Eigen::Vector3d x(1.0, 0.0, -1.0);
  double expected = 0.0;
  for (int i = 0; i < 3; ++i)
    expected += -0.5 * std::pow(x(i) - mean(i), 2) / variances(i) - 0.5 * std::log(2.0 * std::numbers::pi * variances(i));
  EXPECT_NEAR(g.log_density(x), expected, 1e-14);
  ito::test::expect_gradient_matches_finite_differences(g, Eigen::VectorXd(x), 1e-8, "diagonal gaussian");
  Eigen::VectorXd grad;
  g.log_density_gradient(x, grad);
  EXPECT_NEAR(grad(1), -(x(1) - mean(1)) / variances(1), 1e-15);
}

TEST(Targets, GaussianRejectsBadMatrices) {
  Eigen::MatrixXd not_pd(2, 2);
  not_pd << 1.0, 2.0, 2.0, 1.0;
  EXPECT_THROW(GaussianTarget::from_covariance(Eigen::VectorXd::Zero(2), not_pd), ito::ParameterError);
  Eigen::MatrixXd asym(2, 2);
  asym << 1.0, 0.5, 0.0, 1.0;
  EXPECT_THROW(GaussianTarget::from_covariance(Eigen::VectorXd::Zero(2), asym), ito::ParameterError);
  EXPECT_THROW(GaussianTarget::from_precision(Eigen::VectorXd::Zero(3), Eigen::MatrixXd::Identity(2, 2)),
               ito::ParameterError);
}

TEST(Targets, BananaIsNormalisedWithTheStatedMoments) {
  const double b = 0.05, s = 3.0;
  const BananaTarget banana(2, b, s);
  // Inner integral over x2 centred on the ridge x2 = −b(x1² − s²), outer over x1 (±9 sd).
  auto moments = [&](int power1, int power2) {
    return simpson(
        [&](double x1) {
          const double centre = -b * (x1 * x1 - s * s);
          return simpson(
              [&](double x2) {
                Eigen::VectorXd x(2);
                x << x1, x2;
                return std::pow(x1, power1) * std::pow(x2, power2) * std::exp(banana.log_density(x));
              },
              centre - 10.0, centre + 10.0, 400);
        },
        -9.0 * s, 9.0 * s, 800);
  };
  EXPECT_NEAR(moments(0, 0), 1.0, 1e-9);
  EXPECT_NEAR(moments(0, 1), 0.0, 1e-9);
  EXPECT_NEAR(moments(2, 0), s * s, 1e-8);
  EXPECT_NEAR(moments(0, 2), banana.exact_covariance()(1, 1), 1e-8);
  EXPECT_NEAR(moments(2, 1), -2.0 * b * std::pow(s, 4), 1e-8);
  for (double x1 : {-4.0, 0.0, 2.5})
    for (double x2 : {-1.0, 0.7}) {
      Eigen::VectorXd x(4);
      x << x1, x2, 0.3, -1.2;
      ito::test::expect_gradient_matches_finite_differences(BananaTarget(4, 0.1, 10.0), x, 1e-7, "banana");
    }
}

TEST(Targets, FunnelIsNormalisedWithTheStatedMoments) {
  const double sv = 1.5;
  const FunnelTarget funnel(2, sv);
  auto moment = [&](int pv, int px) {
    return simpson(
        [&](double v) {
          const double sd = std::exp(0.5 * v);
          return simpson(
              [&](double x) {
                Eigen::VectorXd p(2);
                p << v, x;
                return std::pow(v, pv) * std::pow(x, px) * std::exp(funnel.log_density(p));
              },
              -12.0 * sd, 12.0 * sd, 400);
        },
        -10.0 * sv, 10.0 * sv, 1000);
  };
  EXPECT_NEAR(moment(0, 0), 1.0, 1e-9);
  EXPECT_NEAR(moment(2, 0), sv * sv, 1e-8);
  EXPECT_NEAR(moment(0, 2), std::exp(0.5 * sv * sv), 1e-8);  // Var x = E e^v
  const FunnelTarget neal(10, 3.0);
  EXPECT_EQ(neal.parameter_names().front(), "v");
  EXPECT_EQ(neal.parameter_names().back(), "x[9]");
  for (double v : {-4.0, 0.0, 3.0}) {
    Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(10, -1.0, 1.0);
    x(0) = v;
    ito::test::expect_gradient_matches_finite_differences(neal, x, 1e-7, "funnel");
  }
}

TEST(Targets, MixtureIsNormalisedAndStableFarInTheTails) {
  std::vector<GaussianTarget> components;
  components.push_back(GaussianTarget::from_covariance(Eigen::VectorXd::Constant(1, -2.0), Eigen::MatrixXd::Constant(1, 1, 0.25)));
  components.push_back(GaussianTarget::from_covariance(Eigen::VectorXd::Constant(1, 3.0), Eigen::MatrixXd::Constant(1, 1, 1.0)));
  const MixtureTarget mixture({1.0, 3.0}, components);  // weights normalised to 0.25, 0.75
  auto integral = [&](int power) {
    return simpson(
        [&](double x) {
          const Eigen::VectorXd p = Eigen::VectorXd::Constant(1, x);
          return std::pow(x, power) * std::exp(mixture.log_density(p));
        },
        -15.0, 15.0, 4000);
  };
  EXPECT_NEAR(integral(0), 1.0, 1e-10);
  EXPECT_NEAR(integral(1), mixture.exact_mean()(0), 1e-10);
  EXPECT_NEAR(integral(2) - std::pow(mixture.exact_mean()(0), 2), mixture.exact_covariance()(0, 0), 1e-9);
  EXPECT_NEAR(mixture.exact_mean()(0), 0.25 * -2.0 + 0.75 * 3.0, 1e-15);
  // Far in the tail every component density underflows; log-sum-exp keeps the value finite and exact.
  const Eigen::VectorXd far = Eigen::VectorXd::Constant(1, 200.0);
  const double expected = std::log(0.75) + components[1].log_density(far);  // component 2 dominates by e^{>1e4}
  EXPECT_NEAR(mixture.log_density(far), expected, 1e-9 * std::abs(expected));
  ito::test::expect_gradient_matches_finite_differences(mixture, far, 1e-6, "mixture far");
  for (double x : {-2.5, 0.4, 1.0, 5.0})
    ito::test::expect_gradient_matches_finite_differences(mixture, Eigen::VectorXd::Constant(1, x), 1e-7, "mixture");
}

TEST(Targets, ConstructorsRejectBadArguments) {
  EXPECT_THROW(BananaTarget(1, 0.1, 10.0), ito::ParameterError);
  EXPECT_THROW(BananaTarget(2, 0.1, -1.0), ito::ParameterError);
  EXPECT_THROW(FunnelTarget(1, 3.0), ito::ParameterError);
  EXPECT_THROW(FunnelTarget(3, 0.0), ito::ParameterError);
  EXPECT_THROW(MixtureTarget({1.0}, {}), ito::ParameterError);
  EXPECT_THROW(MixtureTarget({1.0, -1.0}, {GaussianTarget::standard(1), GaussianTarget::standard(1)}), ito::ParameterError);
  EXPECT_THROW(MixtureTarget({1.0, 1.0}, {GaussianTarget::standard(1), GaussianTarget::standard(2)}), ito::ParameterError);
}

TEST(Targets, AnyTargetForwardsEverything) {
  const AnyTarget any(FunnelTarget(3, 3.0), "funnel");
  Eigen::VectorXd x(3), g1, g2;
  x << 0.5, -0.2, 0.1;
  EXPECT_EQ(any.dim(), 3);
  EXPECT_EQ(any.log_density_gradient(x, g1), FunnelTarget(3, 3.0).log_density_gradient(x, g2));
  EXPECT_EQ(g1, g2);
  EXPECT_EQ(any.parameter_names().size(), 3u);
  EXPECT_NE(any.get<FunnelTarget>(), nullptr);
  EXPECT_EQ(any.get<BananaTarget>(), nullptr);
}

// ∫ p_θ(c(u)) |c'(u)| du = 1 for a normalised p_θ: the log-Jacobian is right.
TEST(TargetTransforms, JacobianMakesTheDensityIntegrateToOne) {
  // Gamma(3, 1) on (0, ∞) through θ = e^u: p(θ) = θ² e^{−θ} / 2.
  const PositiveTransform positive;
  const double gamma_mass = simpson(
      [&](double u) {
        const double t = positive.constrain(u);
        return std::exp(2.0 * std::log(t) - t - std::log(2.0) + positive.log_jacobian(u));
      },
      -40.0, 5.0, 20000);
  EXPECT_NEAR(gamma_mass, 1.0, 1e-10);
  // Beta(2, 3) rescaled to (−1, 2) through the scaled logistic: p(θ) = 12 p(1−p)² / 3, p = (θ + 1)/3.
  const IntervalTransform interval{-1.0, 2.0};
  const double beta_mass = simpson(
      [&](double u) {
        const double p = (interval.constrain(u) + 1.0) / 3.0;
        return 12.0 * p * (1.0 - p) * (1.0 - p) / 3.0 * std::exp(interval.log_jacobian(u));
      },
      -60.0, 60.0, 40000);
  EXPECT_NEAR(beta_mass, 1.0, 1e-10);
  // Lower bound 2 with an exponential(1) shifted to (2, ∞).
  const LowerBoundTransform lower{2.0};
  const double shifted_mass = simpson(
      [&](double u) { return std::exp(-(lower.constrain(u) - 2.0) + lower.log_jacobian(u)); }, -40.0, 5.0, 20000);
  EXPECT_NEAR(shifted_mass, 1.0, 1e-10);
}

TEST(TargetTransforms, DerivativesMatchFiniteDifferences) {
  const IntervalTransform interval{-1.0, 2.0};
  const LowerBoundTransform lower{0.5};
  for (double u : {-30.0, -3.0, -0.4, 0.0, 0.9, 4.0, 30.0}) {
    const double h = 1e-5;
    EXPECT_NEAR(interval.derivative(u), (interval.constrain(u + h) - interval.constrain(u - h)) / (2 * h), 1e-9);
    EXPECT_NEAR(std::exp(interval.log_jacobian(u)), interval.derivative(u), 1e-14 + 1e-12 * interval.derivative(u));
    EXPECT_NEAR(interval.log_jacobian_derivative(u),
                (interval.log_jacobian(u + h) - interval.log_jacobian(u - h)) / (2 * h), 1e-8);
    EXPECT_TRUE(std::isfinite(interval.log_jacobian(u)));
    if (std::abs(u) < 20) {
      EXPECT_NEAR(interval.unconstrain(interval.constrain(u)), u, 1e-9 * (1 + std::abs(u)));
    }
    if (std::abs(u) < 10) {
      EXPECT_NEAR(lower.derivative(u), (lower.constrain(u + h) - lower.constrain(u - h)) / (2 * h), 1e-8 * lower.derivative(u));
      EXPECT_NEAR(lower.log_jacobian_derivative(u), (lower.log_jacobian(u + h) - lower.log_jacobian(u - h)) / (2 * h), 1e-8);
      EXPECT_NEAR(lower.unconstrain(lower.constrain(u)), u, 1e-9 * (1 + std::abs(u)));
    }
  }
}

}  // namespace
