// Regression targets stated in a parameter file, sampled by the multi-chain runner (preconditioned MALA) and
// compared with exact posteriors: every reported mean within 4.5 MCSE (mcse_mean) and every sd within
// 4.5 MCSE of the sd (mcse_sd), both from ito::diagnostics; fixed seeds.
//   - linear regression, normal priors, known noise (the shipped data/linear_regression/dose_response.csv,
//     standardised predictors): the posterior is Gaussian in closed form, on both reported scales;
//   - logistic regression, intercept + 1 predictor, 20 rows, normal and Student-t priors: posterior means
//     and sds by the trapezoid rule on a fine 2-D grid ([-20, 20]², step 0.02) (spectrally accurate for this smooth, fast-decaying
//     integrand; the grid's edges are checked to carry no mass).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>

#include "ito/io/params.hpp"
#include "ito/io/table.hpp"
#include "ito/mcmc/runner.hpp"
#include "ito/targets/catalogue.hpp"
#include "ito/targets/regression.hpp"
#include "test_support.hpp"

namespace {

using namespace ito::targets;

AnyTarget build(const std::string& toml) {
  ito::io::Params p = ito::io::Params::from_string(toml, "test.toml");
  AnyTarget t = make_target(p);
  p.check_unused();
  return t;
}

ito::mcmc::RunResult sample(const AnyTarget& target, std::uint64_t seed, std::int64_t draws) {
  ito::mcmc::RunSettings run;
  run.sampler.kind = ito::mcmc::SamplerKind::preconditioned_mala;
  run.chains = 4;
  run.warmup = 1000;
  run.draws = draws;
  run.seed = seed;
  return ito::mcmc::run_chains(target, run);
}

void expect_matches(const ito::mcmc::RunResult& r, const std::vector<std::string>& names, const Eigen::VectorXd& mean,
                    const Eigen::VectorXd& sd, const std::string& what) {
  ASSERT_EQ(r.parameter_names, names) << what;
  ASSERT_EQ(r.summaries.size(), names.size()) << what;
  double worst = 0.0;
  for (std::size_t q = 0; q < names.size(); ++q) {
    const auto& s = r.summaries[q];
    const auto i = static_cast<Eigen::Index>(q);
    const double z_mean = (s.mean - mean(i)) / s.mcse_mean, z_sd = (s.sd - sd(i)) / s.mcse_sd;
    worst = std::max({worst, std::abs(z_mean), std::abs(z_sd)});
    EXPECT_LT(std::abs(z_mean), 4.5) << what << " " << names[q] << " mean " << s.mean << " ± " << s.mcse_mean
                                     << " vs exact " << mean(i);
    EXPECT_LT(std::abs(z_sd), 4.5) << what << " " << names[q] << " sd " << s.sd << " ± " << s.mcse_sd
                                   << " vs exact " << sd(i);
    std::printf("%s %-14s mean %9.5f ± %.5f (exact %9.5f)  sd %8.5f ± %.5f (exact %8.5f)  ess_bulk %.0f\n",
                what.c_str(), names[q].c_str(), s.mean, s.mcse_mean, mean(i), s.sd, s.mcse_sd, sd(i), s.ess_bulk);
  }
  std::printf("%s: max |z| over means and sds = %.2f, max R-hat %.4f\n", what.c_str(), worst, r.max_rhat);
}

// Linear regression with known noise σ and normal priors on the coefficients γ of the design Z (intercept and
// standardised predictors): γ | y ~ N(m, P⁻¹), P = ZᵀZ/σ² + diag(1/s²), m = P⁻¹ Zᵀy/σ². The original-scale
// coefficients are β = Aγ (Standardization::to_original, linear), so β | y ~ N(Am, A P⁻¹ Aᵀ).
TEST(RegressionStatistical, LinearKnownNoiseMatchesTheClosedForm) {
  const std::string csv = ito::test::repository_data("linear_regression/dose_response.csv");
  const AnyTarget target = build("[target]\nkind = 'linear_regression'\ndata = '" + csv +
                                 "'\ny_column = 'response'\nfeatures = ['dose', 'age']\nintercept = true\n"
                                 "intercept_scale = 10.0\nbeta_scales = [2.0, 1.0]\nstandardize = ['dose', 'age']\n"
                                 "sigma = 0.5\n");
  // the closed form, from the file's columns
  const ito::io::Table table = ito::io::read_csv(csv);
  const Eigen::Index n = table.rows();
  Eigen::MatrixXd Z(n, 3);
  Eigen::VectorXd means(2), sds(2);
  Z.col(0).setOnes();
  for (int j = 0; j < 2; ++j) {
    const Eigen::VectorXd x = table.column(j == 0 ? "dose" : "age");
    means(j) = x.mean();
    sds(j) = std::sqrt((x.array() - means(j)).square().sum() / static_cast<double>(n - 1));
    Z.col(j + 1) = (x.array() - means(j)) / sds(j);
  }
  const Eigen::VectorXd y = table.column("response");
  const double sigma = 0.5;
  const Eigen::Vector3d prior_scales(10.0, 2.0, 1.0);
  Eigen::MatrixXd precision = Z.transpose() * Z / (sigma * sigma);
  precision.diagonal() += prior_scales.cwiseInverse().cwiseAbs2();
  const Eigen::MatrixXd covariance = precision.inverse();
  const Eigen::VectorXd m = covariance * Z.transpose() * y / (sigma * sigma);
  Eigen::Matrix3d A = Eigen::Matrix3d::Identity();  // β = A γ
  for (int j = 0; j < 2; ++j) {
    A(j + 1, j + 1) = 1.0 / sds(j);
    A(0, j + 1) = -means(j) / sds(j);
  }
  Eigen::VectorXd mean(6), sd(6);
  mean << A * m, m;
  sd << (A * covariance * A.transpose()).diagonal().cwiseSqrt(), covariance.diagonal().cwiseSqrt();
  const auto r = sample(target, 20261205, 4000);
  expect_matches(r, {"alpha", "beta[dose]", "beta[age]", "alpha_std", "beta_std[dose]", "beta_std[age]"}, mean, sd,
                 "linear");
}

// The 20-row logistic data set: x on a grid of [-1.9, 1.9], y drawn once from P(y = 1) = logistic(0.4 + 1.3x)
// (numpy seed 7) and written out here; not separable.
std::filesystem::path logistic_csv(const std::filesystem::path& dir) {
  const double x[20] = {-1.9, -1.7, -1.5, -1.3, -1.1, -0.9, -0.7, -0.5, -0.3, -0.1,
                        0.1,  0.3,  0.5,  0.7,  0.9,  1.1,  1.3,  1.5,  1.7,  1.9};
  const int y[20] = {0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0};
  std::string text = "x,y\n";
  for (int i = 0; i < 20; ++i) text += std::to_string(x[i]) + "," + std::to_string(y[i]) + "\n";
  return ito::test::write_file(dir / "logistic20.csv", text);
}

// Posterior means and sds of (α, β) by the trapezoid rule on [-20, 20]² with 2001² points.
void quadrature_moments(const AnyTarget& target, Eigen::VectorXd& mean, Eigen::VectorXd& sd) {
  const int points = 2001;
  const double lo = -20.0, h = 40.0 / (points - 1);
  std::vector<double> lp(static_cast<std::size_t>(points * points));
  double top = -INFINITY, edge = -INFINITY;
  Eigen::VectorXd b(2);
  for (int i = 0; i < points; ++i)
    for (int j = 0; j < points; ++j) {
      b << lo + i * h, lo + j * h;
      const double v = target.log_density(b);
      lp[static_cast<std::size_t>(i * points + j)] = v;
      top = std::max(top, v);
      if (i == 0 || j == 0 || i == points - 1 || j == points - 1) edge = std::max(edge, v);
    }
  ASSERT_LT(edge, top - 40.0) << "the grid's edges carry mass";
  double z = 0.0, m1[2] = {0, 0}, m2[2] = {0, 0};
  for (int i = 0; i < points; ++i)
    for (int j = 0; j < points; ++j) {
      const double w = (i == 0 || i == points - 1 ? 0.5 : 1.0) * (j == 0 || j == points - 1 ? 0.5 : 1.0) *
                       std::exp(lp[static_cast<std::size_t>(i * points + j)] - top);
      const double a = lo + i * h, c = lo + j * h;
      z += w;
      m1[0] += w * a;
      m1[1] += w * c;
      m2[0] += w * a * a;
      m2[1] += w * c * c;
    }
  mean.resize(2);
  sd.resize(2);
  for (int k = 0; k < 2; ++k) {
    mean(k) = m1[k] / z;
    sd(k) = std::sqrt(m2[k] / z - mean(k) * mean(k));
  }
}

TEST(RegressionStatistical, LogisticMatchesQuadratureWithNormalAndStudentTPriors) {
  const auto dir = ito::test::temp_dir("regression_stat");
  const std::string csv = logistic_csv(dir).string();
  for (const bool student_t : {false, true}) {
    const std::string prior = student_t ? "prior = 'student_t'\nprior_dof = 3.0\n" : "";
    const AnyTarget target = build("[target]\nkind = 'logistic_regression'\ndata = '" + csv +
                                   "'\nfeatures = ['x']\nintercept = true\nintercept_scale = 2.5\n"
                                   "beta_scales = [1.0]\n" + prior);
    ASSERT_EQ(target.dim(), 2);
    Eigen::VectorXd mean, sd;
    quadrature_moments(target, mean, sd);
    if (HasFatalFailure()) return;
    const auto r = sample(target, student_t ? 77 : 76, 4000);
    expect_matches(r, {"alpha", "beta[x]"}, mean, sd, student_t ? "logistic-t" : "logistic-normal");
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
