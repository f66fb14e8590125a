// Monte Carlo checks of the diffusion samplers against exact laws (fixed seeds; tolerances 4.5 standard
// errors): the stochastic integrators' output moments against their exact recursions (Gaussian prior), and
// the posterior samplers that are exact up to time discretisation (exact guidance, exact route, SMC, MALA)
// against the exact posterior of a Gaussian-mixture prior, with enough steps that the discretisation bias is
// far below the standard error (Heun, order 2, at 200 steps).
#include <gtest/gtest.h>

#include <cmath>

#include "gaussian_laws.hpp"
#include "ito/convergence/order_fit.hpp"
#include "ito/random/normal.hpp"
#include "ito/inverse/exact_posterior.hpp"

using namespace ito;
using namespace ito::diffusion;
using namespace ito::diffusion::testing;

namespace {

/// The sample mean and variance of x with their squared standard errors (that of the variance from the sample
/// fourth moment).
struct Moments {
  double mean, var, mean_se2, var_se2;
};
Moments moments_of(const Eigen::ArrayXd& x) {
  const double n = static_cast<double>(x.size()), m = x.mean();
  const Eigen::ArrayXd c = x - m;
  const double v = c.square().sum() / (n - 1);
  return {m, v, v / n, std::max(c.pow(4).mean() - v * v, 1e-300) / n};
}

/// Per-coordinate check of the sample mean and variance against a law, at 4.5 standard errors.
void expect_moments(const MatrixXd& S, const VectorXd& mean, const VectorXd& var, const std::string& what) {
  for (Eigen::Index i = 0; i < S.rows(); ++i) {
    const Moments a = moments_of(S.row(i).transpose().array());
    EXPECT_NEAR(a.mean, mean(i), 4.5 * std::sqrt(a.mean_se2)) << what << " mean of coordinate " << i;
    EXPECT_NEAR(a.var, var(i), 4.5 * std::sqrt(a.var_se2)) << what << " variance of coordinate " << i;
  }
}

/// Per-coordinate check that two independent sample sets have the same mean and variance, at 4.5 standard
/// errors of the difference.
void expect_same_moments(const MatrixXd& S, const MatrixXd& T, const std::string& what) {
  for (Eigen::Index i = 0; i < S.rows(); ++i) {
    const Moments a = moments_of(S.row(i).transpose().array()), b = moments_of(T.row(i).transpose().array());
    EXPECT_NEAR(a.mean, b.mean, 4.5 * std::sqrt(a.mean_se2 + b.mean_se2)) << what << " mean of coordinate " << i;
    EXPECT_NEAR(a.var, b.var, 4.5 * std::sqrt(a.var_se2 + b.var_se2)) << what << " variance of coordinate " << i;
  }
}

priors::GaussianMixture overlapping_mixture() {
  VectorXd w(3);
  w << 0.5, 0.3, 0.2;
  MatrixXd m(2, 3);
  m << -1.0, 1.0, 0.5, 0.0, 0.5, -1.0;
  MatrixXd v(2, 3);
  v << 1.0, 0.6, 0.8, 0.5, 1.2, 0.7;
  return priors::GaussianMixture::diagonal(w, m, v);
}

/// The odd columns of X: one sample of every antithetic pair, independent of each other.
MatrixXd odd_columns(const MatrixXd& X) {
  MatrixXd odd(X.rows(), X.cols() / 2);
  for (Eigen::Index m = 0; m < odd.cols(); ++m) odd.col(m) = X.col(2 * m + 1);
  return odd;
}

/// Coordinate i of the antithetic pairs (columns 2m, 2m + 1) of X: the mean of the pair means with its standard
/// error (the pairs being the independent units), and the partners' covariance with its standard error.
struct PairStatistics {
  double mean, mean_se, covariance, covariance_se, variance;  ///< variance: of one partner
};
PairStatistics pair_statistics(const MatrixXd& X, Eigen::Index i) {
  const Eigen::Index pairs = X.cols() / 2;
  const double p = static_cast<double>(pairs);
  Eigen::ArrayXd a(pairs), b(pairs);
  for (Eigen::Index m = 0; m < pairs; ++m) {
    a(m) = X(i, 2 * m);
    b(m) = X(i, 2 * m + 1);
  }
  const Eigen::ArrayXd mean = 0.5 * (a + b);
  const Eigen::ArrayXd prod = (a - a.mean()) * (b - b.mean());
  const double cov = prod.mean();
  return {mean.mean(), std::sqrt((mean - mean.mean()).square().sum() / (p - 1) / p), cov,
          std::sqrt((prod - cov).square().sum() / (p - 1) / p), (a - a.mean()).square().mean()};
}

/// The split Gibbs problem of the tests below: the mixture, the second coordinate observed, a coupling annealed
/// from ρ = 2 to 0.4 over 20 sweeps, 40 more there; `post` is the exact posterior at noise √(σ_y² + ρ²).
struct SplitGibbsProblem {
  priors::GaussianMixture prior = overlapping_mixture();
  inverse::LinearOperator A = inverse::LinearOperator::mask(2, {1});
  VectorXd y = (VectorXd(1) << 0.8).finished();
  double sigma_y = 0.3, rho = 0.4;
  priors::GaussianMixture post = inverse::exact_posterior(prior, A, std::sqrt(sigma_y * sigma_y + rho * rho), y);
  SplitGibbsOptions sg = [this] {
    SplitGibbsOptions o;
    o.rho_start = 2.0;
    o.rho_end = rho;
    o.anneal = 20;
    o.sweeps = 60;
    o.steps = 100;
    return o;
  }();
  SampleResult run(const SamplerOptions& o, std::uint32_t seed, std::size_t n) const {
    return sample_split_gibbs(MixtureDenoiser(prior), NoisingPath::vp_linear(), {A, y, sigma_y}, o, sg, seed, n);
  }
};

}  // namespace

TEST(DiffusionSamplersStat, StochasticIntegratorsHaveTheMomentsOfTheirRecursion) {
  const auto g = test_gaussian();
  const MixtureDenoiser den(g);
  for (auto integ : {Integrator::reverse_em, Integrator::reverse_exponential}) {
    SamplerOptions o;
    o.integrator = integ;
    o.steps = 10;  // coarse: the recursion's law differs visibly from the exact one, the sampler must follow it
    o.t_end = 0.05;
    const Law law = recursion_output(g, NoisingPath::vp_linear(), o);
    const auto r = sample_unconditional(den, NoisingPath::vp_linear(), o, 11, 40000);
    expect_moments(r.samples, law.mean, law.cov.diagonal(), to_string(integ));
  }
}

TEST(DiffusionSamplersStat, ExactGuidanceAndExactRouteSampleTheExactPosterior) {
  const auto prior = overlapping_mixture();
  const auto A = inverse::LinearOperator::identity(2);
  const VectorXd y = (VectorXd(2) << 0.4, -0.3).finished();
  const double sigma_y = 0.5;
  const auto post = inverse::exact_posterior(prior, A, sigma_y, y);
  const auto path = NoisingPath::vp_linear();
  SamplerOptions o;
  o.integrator = Integrator::ode_heun;  // exact guidance: a deterministic transport of the exact p_T(x | y)
  o.steps = 200;
  o.t_end = 0.05;
  const double a = path.alpha(o.t_end), s = path.sigma(o.t_end);
  const VectorXd mean = a * post.mean();
  const VectorXd var = (a * a * post.covariance()).diagonal().array() + s * s;
  expect_moments(sample_unconditional(MixtureDenoiser(post), path, o, 3, 20000).samples, mean, var,
                 "exact guidance");
  // The exact route starts every sample at the same point α_t* y: only a stochastic integrator samples the
  // conditional law p(x_0 | x_t*) (the probability-flow ODE would map the point to one point).
  o.integrator = Integrator::reverse_exponential;
  o.steps = 400;
  o.t_end = 0.0;
  expect_moments(sample_exact_route(MixtureDenoiser(prior), path, {A, y, sigma_y}, o, 5, 5000).samples, post.mean(),
                 post.covariance().diagonal(), "exact route");
}

TEST(DiffusionSamplersStat, SmcMeansOverIndependentRunsMatchTheExactPosterior) {
  // Particles of one run are dependent: the standard error comes from the spread of the run means.
  const auto prior = overlapping_mixture();
  const auto A = inverse::LinearOperator::mask(2, {1});
  const VectorXd y = (VectorXd(1) << 0.8).finished();
  const Observation obs{A, y, 0.3};
  const auto post = inverse::exact_posterior(prior, A, 0.3, y);
  SamplerOptions o;
  o.steps = 200;
  const int particles = 256, runs = 60;
  const auto r = sample_smc(MixtureDenoiser(prior), NoisingPath::vp_linear(), obs, o, {particles, 0.5}, 9,
                            static_cast<std::size_t>(particles * runs));
  for (int i = 0; i < 2; ++i) {
    Eigen::ArrayXd run_mean(runs), run_sq(runs);
    for (int k = 0; k < runs; ++k) {
      const Eigen::ArrayXd x = r.samples.row(i).segment(k * particles, particles).transpose().array();
      run_mean(k) = x.mean();
      run_sq(k) = x.square().mean();
    }
    auto check = [&](const Eigen::ArrayXd& v, double exact, const char* what) {
      const double m = v.mean();
      const double se = std::sqrt((v - m).square().sum() / (runs - 1) / runs);
      EXPECT_NEAR(m, exact, 4.5 * se) << what << " of coordinate " << i;
    };
    check(run_mean, post.mean()(i), "mean");
    check(run_sq, post.covariance()(i, i) + post.mean()(i) * post.mean()(i), "second moment");
  }
  EXPECT_EQ(r.ess.size(), 201u);
  EXPECT_GT(r.ess.back(), 0.0);
}

TEST(DiffusionSamplersStat, MalaChainsEndInTheExactPosterior) {
  const auto prior = overlapping_mixture();
  const auto A = inverse::LinearOperator::mask(2, {0});
  const VectorXd y = (VectorXd(1) << -0.5).finished();
  const auto post = inverse::exact_posterior(prior, A, 0.4, y);
  const auto r = sample_mala(prior, {A, y, 0.4}, {300, 300, 0.5, 0.574, false}, 13, 8000);
  expect_moments(r.samples, post.mean(), post.covariance().diagonal(), "mala");
  EXPECT_GT(r.acceptance, 0.3);
}

TEST(DiffusionSamplersStat, TemperedMalaWeighsSeparatedModesAsTheExactPosterior) {
  // Two modes 8 standard deviations apart: one MALA chain stays in the mode it starts in, so the posterior
  // share of each mode must come from the tempered SMC weights. Runs are independent: the standard errors
  // come from the spread of the run averages.
  VectorXd w(2);
  w << 0.7, 0.3;
  MatrixXd m(2, 2);
  m << -4.0, 4.0, 0.0, 0.0;
  const auto prior = priors::GaussianMixture::isotropic(w, m, VectorXd::Constant(2, 1.0));
  MatrixXd a(1, 2);
  a << 0.25, 1.0;
  const auto A = inverse::LinearOperator::dense(a);
  const VectorXd y = (VectorXd(1) << 1.2).finished();
  const double sigma_y = 0.5;
  const auto post = inverse::exact_posterior(prior, A, sigma_y, y);
  TemperedMalaOptions t;
  t.particles = 512;
  const int runs = 40;
  const auto r = sample_tempered_mala(prior, {A, y, sigma_y}, t, 17, static_cast<std::size_t>(t.particles * runs));
  Eigen::ArrayXd share(runs), mean0(runs), mean1(runs);
  for (int k = 0; k < runs; ++k) {
    const MatrixXd x = r.samples.middleCols(k * t.particles, t.particles);
    share(k) = (x.row(0).array() > 0.0).cast<double>().mean();
    mean0(k) = x.row(0).mean();
    mean1(k) = x.row(1).mean();
  }
  auto check = [&](const Eigen::ArrayXd& v, double exact, const char* what) {
    const double mu = v.mean();
    const double se = std::sqrt((v - mu).square().sum() / (runs - 1) / runs);
    EXPECT_NEAR(mu, exact, 4.5 * se) << what;
  };
  check(share, post.weights()(1), "share of the mode at +4");
  check(mean0, post.mean()(0), "mean of coordinate 0");
  check(mean1, post.mean()(1), "mean of coordinate 1");
  EXPECT_GT(post.weights()(1), 0.2);  // both modes matter
  EXPECT_LT(post.weights()(1), 0.8);
  EXPECT_GT(r.stages, 1.0);
  EXPECT_GT(r.acceptance, 0.3);
}

TEST(DiffusionSamplersStat, WeakErrorOnAMixturePriorFallsAtTheDeterministicOrders) {
  // E f(X) with f(x) = x₁² + sin(x₂) on a mixture prior: every step count starts from the same exact draws of
  // p_T, the reference is 2560 steps from the same draws, so the per-sample differences carry the error with
  // little Monte Carlo noise; the order is fitted with a bootstrap over samples (convergence::fit_order).
  const MixtureDenoiser den(overlapping_mixture());
  const auto path = NoisingPath::vp_linear();
  const std::size_t n = 20000;
  auto f = [](const MatrixXd& X) {
    return Eigen::ArrayXd(X.row(0).transpose().array().square() + X.row(1).transpose().array().sin());
  };
  for (auto [integ, order] : {std::pair{Integrator::ode_heun, 2.0}, std::pair{Integrator::ddim, 1.0}}) {
    SamplerOptions o;
    o.integrator = integ;
    o.eta = 0.0;
    o.t_end = 0.05;  // the uniform grid meets the stiffness σ'/σ ~ 1/(2t) of the VP path near t = 0 less
    o.steps = 2560;  // the reference's own error at the finest level is (80/2560)^order of it
    const Eigen::ArrayXd ref = f(sample_unconditional(den, path, o, 21, n).samples);
    std::vector<double> dt, err;
    std::vector<Eigen::ArrayXd> diffs;
    for (int steps : {10, 20, 40, 80}) {
      o.steps = steps;
      diffs.push_back(f(sample_unconditional(den, path, o, 21, n).samples) - ref);
      dt.push_back((path.horizon() - o.t_end) / steps);
      err.push_back(std::abs(diffs.back().mean()));
    }
    const random::NormalStream boot(5, random::Purpose::bootstrap);
    std::vector<double> slopes;
    for (int b = 0; b < 200; ++b) {
      std::vector<double> u(n);
      boot.fill_uniform(static_cast<std::uint64_t>(b), 0, n, u.data());
      std::vector<double> e;
      for (const auto& dif : diffs) {
        double sum = 0.0;
        for (std::size_t i = 0; i < n; ++i) sum += dif(static_cast<Eigen::Index>(u[i] * n));
        e.push_back(std::abs(sum / n));
      }
      slopes.push_back(convergence::fit_loglog(dt, e).slope);
    }
    // The fitted slope approaches the order from above (Heun: 2.023, 2.016, 2.011 over the ladders 10–80,
    // 20–160 at t_end = 0.01, 2.014 [2.006, 2.021] here): with Monte Carlo noise this small the interval is
    // set by fit_order's one-term Richardson estimate of the pre-asymptotic bias, which under-covers by about
    // 0.006 for Heun. So the check is that the slope lies within 0.05 of the order and its interval within
    // 0.05 of it, not that the interval covers it (the deterministic Gaussian tests assert coverage).
    const auto fit = convergence::fit_order(dt, err, slopes, convergence::kWeakCorrectionExponent);
    const std::string shown = to_string(integ) + " " + std::to_string(fit.order) + " [" +
                              std::to_string(fit.ci_low) + ", " + std::to_string(fit.ci_high) + "]";
    EXPECT_NEAR(fit.order, order, 0.05) << shown;
    EXPECT_LT(fit.ci_low, order + 0.05) << shown;
    EXPECT_GT(fit.ci_high, order - 0.05) << shown;
    EXPECT_LT(fit.ci_high - fit.ci_low, 0.2) << shown;
  }
}

TEST(DiffusionSamplersStat, RaoBlackwellisedRouteMeansAreUnbiasedWithLessSpreadThanTheSamples) {
  // D_t(x_t) = E[x₀ | x_t], and on the exact route x₀ ⊥ x_t* | x_t: every level's denoiser output has the
  // posterior mean, and its variance over samples is at most the posterior variance (Var x₀ − E Var(x₀ | x_t)).
  // The observation is away from the prior's centre so that the posterior mean is far from 0 and a relative
  // bias shows; the variance reduction is asserted where it is large (all 400 levels), at 4.5 standard errors
  // of the paired difference of squared deviations.
  const auto prior = overlapping_mixture();
  const auto A = inverse::LinearOperator::identity(2);
  const VectorXd y = (VectorXd(2) << 1.6, -1.2).finished();
  const double sigma_y = 0.5;
  const auto post = inverse::exact_posterior(prior, A, sigma_y, y);
  SamplerOptions o;
  o.integrator = Integrator::ddim;  // η = 1: the DDPM posterior step, the step of reverse_exponential
  o.steps = 400;
  const int n = 20000;
  for (int K : {20, 400}) {
    o.rao_blackwell_steps = K;
    const auto r = sample_exact_route(MixtureDenoiser(prior), NoisingPath::vp_linear(), {A, y, sigma_y}, o, 7, n);
    ASSERT_EQ(r.rao_blackwell.cols(), n);
    for (Eigen::Index i = 0; i < 2; ++i) {
      const Eigen::ArrayXd rb = r.rao_blackwell.row(i).transpose().array();
      const Eigen::ArrayXd x = r.samples.row(i).transpose().array();
      const double v_rb = (rb - rb.mean()).square().sum() / (n - 1);
      EXPECT_NEAR(rb.mean(), post.mean()(i), 4.5 * std::sqrt(v_rb / n)) << "K = " << K << ", coordinate " << i;
      if (K == 400) {
        const Eigen::ArrayXd diff = (x - x.mean()).square() - (rb - rb.mean()).square();
        const double se = std::sqrt((diff - diff.mean()).square().sum() / (n - 1) / n);
        EXPECT_GT(diff.mean(), 4.5 * se) << "coordinate " << i << ": Var x0 - Var RB = " << diff.mean();
      }
    }
  }
}

TEST(DiffusionSamplersStat, AntitheticRoutePairsKeepTheLawAndAverageToThePosteriorMeanWithLessSpread) {
  // sampling.antithetic: sample 2m + 1 is driven by the negated noise of sample 2m. Each sample keeps the
  // route's law (the odd samples, independent of each other, have the posterior's moments); the pairs are the
  // independent units, their means unbiased for E[x₀ | y] (standard error from the spread of the pair means);
  // and, the prior being a mixture (a denoiser far from affine), the partners' Rao–Blackwellised means are
  // still negatively correlated (covariance below zero by 4.5 standard errors), so a pair's mean varies less
  // than the mean of two independent samples.
  const auto prior = overlapping_mixture();
  const auto A = inverse::LinearOperator::identity(2);
  const VectorXd y = (VectorXd(2) << 1.6, -1.2).finished();
  const double sigma_y = 0.5;
  const auto post = inverse::exact_posterior(prior, A, sigma_y, y);
  SamplerOptions o;
  o.integrator = Integrator::ddim;
  o.steps = 400;
  o.rao_blackwell_steps = 400;
  o.antithetic = true;
  const int n = 20000;
  const auto r = sample_exact_route(MixtureDenoiser(prior), NoisingPath::vp_linear(), {A, y, sigma_y}, o, 9, n);
  expect_moments(odd_columns(r.samples), post.mean(), post.covariance().diagonal(), "antithetic route, odd samples");
  for (const MatrixXd* est : {&r.samples, &r.rao_blackwell})
    for (Eigen::Index i = 0; i < 2; ++i) {
      const PairStatistics ps = pair_statistics(*est, i);
      const std::string what = std::string(est == &r.samples ? "samples" : "Rao-Blackwell") + ", coordinate " +
                                std::to_string(i);
      EXPECT_NEAR(ps.mean, post.mean()(i), 4.5 * ps.mean_se) << what;
      if (est == &r.rao_blackwell) {
        EXPECT_LT(ps.covariance, -4.5 * ps.covariance_se)
            << what << ": partners' covariance " << ps.covariance << " (variance of one " << ps.variance << ")";
      }
    }
}

TEST(DiffusionSamplersStat, SplitGibbsSamplesThePosteriorWithTheCouplingAddedToTheNoise) {
  // At a fixed coupling ρ the split Gibbs chain's x-marginal is p(x) N(y; Ax, (σ_y² + ρ²) I) for a mask: the
  // exact posterior of the mixture prior at noise √(σ_y² + ρ²). The chain is annealed from ρ = 2 (fast mixing)
  // to ρ = 0.4 over 20 sweeps, then runs 40 more there: the start's influence after them (autocorrelation per
  // sweep below 0.9 on the unobserved coordinate) is far below the standard error. Samples are independent
  // chains; the mean of their Rao–Blackwellised route means is checked too.
  const SplitGibbsProblem p;
  SamplerOptions o;
  o.integrator = Integrator::ddim;  // η = 1: the DDPM posterior step
  const int n = 4000;
  const auto r = p.run(o, 13, n);
  const auto& post = p.post;
  expect_moments(r.samples, post.mean(), post.covariance().diagonal(), "split gibbs");
  ASSERT_EQ(r.rao_blackwell.cols(), n);
  for (Eigen::Index i = 0; i < 2; ++i) {
    const Eigen::ArrayXd rb = r.rao_blackwell.row(i).transpose().array();
    const double v_rb = (rb - rb.mean()).square().sum() / (n - 1);
    EXPECT_NEAR(rb.mean(), post.mean()(i), 4.5 * std::sqrt(v_rb / n)) << "Rao-Blackwellised mean, coordinate " << i;
  }
  EXPECT_DOUBLE_EQ(r.nfe, 60.0 * 100.0);
}

TEST(DiffusionSamplersStat, AntitheticSplitGibbsChainsKeepTheLawAndPairMeansAreUnbiased) {
  // The problem of the test above with the chains in antithetic pairs (z-draws and routes' draws of chain
  // 2m + 1 the negated ones of chain 2m). The odd chains, independent of each other, have the law of the test
  // above; the pairs are the independent units of the mean's standard error; and the partners' Rao–Blackwellised
  // means are negatively correlated (covariance below zero by 4.5 standard errors) even after 60 sweeps on a
  // prior whose denoiser is far from affine.
  const SplitGibbsProblem p;
  SamplerOptions o;
  o.integrator = Integrator::ddim;
  o.antithetic = true;
  const auto r = p.run(o, 17, 8000);
  expect_moments(odd_columns(r.samples), p.post.mean(), p.post.covariance().diagonal(),
                 "antithetic split gibbs, odd chains");
  for (Eigen::Index i = 0; i < 2; ++i) {
    const PairStatistics ps = pair_statistics(r.rao_blackwell, i);
    EXPECT_NEAR(ps.mean, p.post.mean()(i), 4.5 * ps.mean_se) << "pair means, coordinate " << i;
    EXPECT_LT(ps.covariance, -4.5 * ps.covariance_se)
        << "coordinate " << i << ": partners' covariance " << ps.covariance << " (variance of one " << ps.variance
        << ")";
  }
}

TEST(DiffusionSamplersStat, AntitheticPairsFromExactStartsKeepTheLawAndPairMeansAreUnbiased) {
  // Samplers that start from exact draws of p_T pair them as α x₀ ± σ ε (x₀ shared) and negate the level draws
  // of sample 2m + 1. Pairing must not change a sampler's law, whatever its own error: the odd samples of a
  // paired run (independent of each other) have the moments of an unpaired run's samples, and the mean of the
  // pair means (the pairs being the independent units) that of the unpaired samples, at 4.5 standard errors of
  // the difference. And the partners are negatively correlated (covariance below zero by 4.5 standard errors).
  // Exact guidance (DDIM η = 1 on the exact posterior of the mixture: its Rao–Blackwell estimates) and DDRM (its
  // samples), on the split Gibbs test's problem (second coordinate observed).
  const SplitGibbsProblem p;
  const Observation obs{p.A, p.y, p.sigma_y};
  const auto post = inverse::exact_posterior(p.prior, p.A, p.sigma_y, p.y);
  const auto check = [](const std::string& what, const MatrixXd& plain, const MatrixXd& paired) {
    expect_same_moments(odd_columns(paired), plain, what + ", odd samples against unpaired ones");
    for (Eigen::Index i = 0; i < plain.rows(); ++i) {
      const PairStatistics ps = pair_statistics(paired, i);
      const Moments m = moments_of(plain.row(i).transpose().array());
      EXPECT_NEAR(ps.mean, m.mean, 4.5 * std::sqrt(ps.mean_se * ps.mean_se + m.mean_se2))
          << what << ", pair means, coordinate " << i;
      EXPECT_LT(ps.covariance, -4.5 * ps.covariance_se) << what << ", coordinate " << i << ": partners' covariance "
                                                        << ps.covariance << " (variance of one " << ps.variance << ")";
      std::printf("%s, coordinate %ld: partners' correlation %.4f\n", what.c_str(), static_cast<long>(i),
                  ps.covariance / ps.variance);
    }
  };
  SamplerOptions o;
  o.integrator = Integrator::ddim;
  o.steps = 200;
  o.rao_blackwell_steps = 200;
  const MixtureDenoiser exact(post);
  const auto plain = sample_unconditional(exact, NoisingPath::vp_linear(), o, 29, 10000);
  o.antithetic = true;
  const auto paired = sample_unconditional(exact, NoisingPath::vp_linear(), o, 31, 20000);
  check("exact guidance, samples", plain.samples, paired.samples);
  check("exact guidance, Rao-Blackwell", plain.rao_blackwell, paired.rao_blackwell);
  SamplerOptions g;
  g.steps = 100;
  const MixtureDenoiser prior(p.prior);
  const auto ddrm_plain = sample_guided(Guidance::ddrm, prior, NoisingPath::vp_linear(), obs, g, {}, 37, 10000);
  g.antithetic = true;
  const auto ddrm_paired = sample_guided(Guidance::ddrm, prior, NoisingPath::vp_linear(), obs, g, {}, 41, 20000);
  check("ddrm", ddrm_plain.samples, ddrm_paired.samples);
}
