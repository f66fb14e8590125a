// Orders of the diffusion samplers, deterministically: for a Gaussian prior the denoiser is affine, so a
// deterministic sampler (probability-flow Heun, DDIM η = 0) is an affine map x_T ↦ M x_T + b whose M and b
// are read off by running the library sampler on the starts 0, e_1, …, e_d; the law of its output is then
// N(M m_T + b, M C_T Mᵀ) exactly, compared with the exact p_{t_end}. The stochastic integrators
// (reverse-SDE Euler–Maruyama and exponential integrator) propagate mean and covariance through the
// recursion of their step (x' = K x + c + noise, K and c read off the library's model the same way), and
// the statistical test checks that the sampler's output has those moments. Errors (mean and covariance,
// max norm) at 10…160 steps are fitted by convergence::fit_order; the theoretical order lies in the 95%
// interval.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>

#include "ito/convergence/order_fit.hpp"
#include "ito/core/error.hpp"
#include "ito/core/parallel.hpp"
#include "ito/core/time_grid.hpp"
#include "ito/diffusion/reverse_sde.hpp"
#include "ito/diffusion/samplers.hpp"
#include "ito/inverse/exact_posterior.hpp"
#include "gaussian_laws.hpp"

using namespace ito;
using namespace ito::diffusion;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using namespace ito::diffusion::testing;

namespace {

double law_error(const Law& a, const Law& b) {
  return std::max((a.mean - b.mean).cwiseAbs().maxCoeff(), (a.cov - b.cov).cwiseAbs().maxCoeff());
}

template <class OutputLaw>
convergence::OrderFit fit(const priors::GaussianMixture& g, const NoisingPath& path, SamplerOptions o,
                          OutputLaw&& output) {
  std::vector<double> dt, err;
  const Law exact = diffused(g, path.alpha(o.t_end), path.sigma(o.t_end));
  for (int steps : {10, 20, 40, 80, 160}) {
    o.steps = steps;
    dt.push_back((path.horizon() - o.t_end) / steps);
    err.push_back(law_error(output(g, path, o), exact));
  }
  return convergence::fit_order(dt, err, {}, convergence::kWeakCorrectionExponent);
}

void expect_order(const convergence::OrderFit& f, double order, const std::string& what) {
  EXPECT_LE(f.ci_low, order) << what << ": order " << f.order << " [" << f.ci_low << ", " << f.ci_high << "]";
  EXPECT_GE(f.ci_high, order) << what << ": order " << f.order << " [" << f.ci_low << ", " << f.ci_high << "]";
  EXPECT_LT(f.ci_high - f.ci_low, 0.5) << what << ": interval too wide to mean anything";
}

/// Column m: the mean of columns 2m and 2m + 1 (an antithetic pair).
MatrixXd pair_means(const MatrixXd& X) {
  MatrixXd means(X.rows(), X.cols() / 2);
  for (Eigen::Index m = 0; m < means.cols(); ++m) means.col(m) = 0.5 * (X.col(2 * m) + X.col(2 * m + 1));
  return means;
}

/// A run in antithetic pairs against the same run unpaired: sample 2m of `paired` is sample m of `plain`
/// bitwise, and every pair's mean of the samples and of the Rao–Blackwell estimates is within 1e-12 of `center`
/// and `center_rb`.
void expect_mirror_pairs(const SampleResult& plain, const SampleResult& paired, const VectorXd& center,
                         const VectorXd& center_rb) {
  const MatrixXd means = pair_means(paired.samples), rb = pair_means(paired.rao_blackwell);
  for (Eigen::Index m = 0; m < means.cols(); ++m) {
    EXPECT_EQ(paired.samples.col(2 * m), plain.samples.col(m)) << "pair " << m;
    EXPECT_EQ(paired.rao_blackwell.col(2 * m), plain.rao_blackwell.col(m)) << "pair " << m;
    EXPECT_LT((means.col(m) - center).cwiseAbs().maxCoeff(), 1e-12) << "pair " << m;
    EXPECT_LT((rb.col(m) - center_rb).cwiseAbs().maxCoeff(), 1e-12) << "pair " << m;
  }
}

}  // namespace

TEST(DiffusionOrders, ProbabilityFlowHeunIsSecondOrder) {
  for (auto path : {NoisingPath::vp_linear(), NoisingPath::vp_cosine(), NoisingPath::linear()}) {
    SamplerOptions o;
    o.integrator = Integrator::ode_heun;
    o.t_end = 0.05;
    expect_order(fit(test_gaussian(), path, o, deterministic_output), 2.0, "ode_heun " + path.name());
  }
}

TEST(DiffusionOrders, DeterministicDdimIsFirstOrder) {
  for (auto path : {NoisingPath::vp_linear(), NoisingPath::ve()}) {
    SamplerOptions o;
    o.integrator = Integrator::ddim;
    o.eta = 0.0;
    o.t_end = 0.05;
    expect_order(fit(test_gaussian(), path, o, deterministic_output), 1.0, "ddim(0) " + path.name());
  }
}

TEST(DiffusionOrders, ReverseSdeEulerMaruyamaAndExponentialAreWeakOrderOne) {
  for (auto integ : {Integrator::reverse_em, Integrator::reverse_exponential}) {
    SamplerOptions o;
    o.integrator = integ;
    o.t_end = 0.05;
    expect_order(fit(test_gaussian(), NoisingPath::vp_linear(), o, recursion_output), 1.0, to_string(integ));
  }
}

TEST(DiffusionOrders, ExactGuidanceConvergesToTheExactPosteriorAtOrderTwo) {
  // Gaussian prior, y = A x + σ_y ε: the exact-guidance sampler is the PF-ODE on the exact posterior.
  const auto prior = test_gaussian();
  MatrixXd A(2, 3);
  A << 1.0, 0.5, 0.0, 0.0, -1.0, 2.0;
  VectorXd y(2);
  y << 0.3, -1.2;
  const auto post = inverse::exact_posterior(prior, inverse::LinearOperator::dense(A), 0.3, y);
  SamplerOptions o;
  o.integrator = Integrator::ode_heun;
  o.t_end = 0.02;
  expect_order(fit(post, NoisingPath::vp_linear(), o, deterministic_output), 2.0, "exact guidance");
}

TEST(DiffusionSamplers, HeunEndingAtZeroIsRefusedWithAClearMessage) {
  const MixtureDenoiser den(test_gaussian());
  SamplerOptions o;
  o.integrator = Integrator::ode_heun;
  o.t_end = 0.0;
  try {
    sample_unconditional(den, NoisingPath::vp_linear(), o, 1, 4);
    FAIL() << "expected a ParameterError";
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("t_end > 0"), std::string::npos) << e.what();
  }
}

TEST(DiffusionSamplers, SamplesAreBitwiseTheSameForOneAndTwoThreads) {
  const MixtureDenoiser den(test_gaussian());
  inverse::LinearOperator A = inverse::LinearOperator::mask(3, {0, 2});
  VectorXd y(2);
  y << 0.5, 0.1;
  const Observation obs{A, y, 0.2};
  SamplerOptions o;
  o.steps = 20;
  o.block = 8;
  auto all = [&]() {
    std::vector<MatrixXd> out;
    for (auto integ : {Integrator::reverse_em, Integrator::reverse_exponential, Integrator::ddim,
                       Integrator::predictor_corrector}) {
      o.integrator = integ;
      o.t_end = needs_positive_end(integ) ? 0.01 : 0.0;
      out.push_back(sample_unconditional(den, NoisingPath::vp_linear(), o, 7, 50).samples);
    }
    o.t_end = 0.0;
    o.integrator = Integrator::ddim;
    o.rao_blackwell_steps = 5;
    out.push_back(sample_unconditional(den, NoisingPath::vp_linear(), o, 7, 50).rao_blackwell);
    o.rao_blackwell_steps = 0;
    for (auto g : {Guidance::dps, Guidance::pigdm, Guidance::ddrm, Guidance::pigdm_langevin})
      out.push_back(sample_guided(g, den, NoisingPath::vp_linear(), obs, o, {}, 7, 50).samples);
    o.grid = LevelGrid::edm;
    out.push_back(sample_guided(Guidance::ddrm, den, NoisingPath::vp_linear(), obs, o, {}, 7, 50).samples);
    o.grid = LevelGrid::uniform;
    out.push_back(sample_smc(den, NoisingPath::vp_linear(), obs, o, {16, 0.5}, 7, 50).samples);
    out.push_back(sample_mala(den.mixture(), obs, {50, 20, 0.1, 0.574, false}, 7, 20).samples);
    o.integrator = Integrator::ddim;
    const auto sg = sample_split_gibbs(den, NoisingPath::vp_linear(), obs, o, {1.0, 0.1, 3, 5, 4}, 7, 50);
    out.push_back(sg.samples);
    out.push_back(sg.rao_blackwell);
    return out;
  };
  ito::core::set_threads(1);
  const auto one = all();
  ito::core::set_threads(2);
  const auto two = all();
  ASSERT_EQ(one.size(), two.size());
  for (std::size_t i = 0; i < one.size(); ++i) {
    EXPECT_TRUE(one[i].allFinite()) << i;
    EXPECT_EQ(one[i], two[i]) << "sampler " << i;
  }
}

TEST(DiffusionSamplers, RaoBlackwellOverTheLastLevelIsTheSamplesThemselves) {
  // A path ending at t = 0 returns x₀ = D_{t_{N-1}}(x_{t_{N-1}}): the average over the last one level is the
  // sample; over more levels it differs, and with K = 0 none is kept.
  const MixtureDenoiser den(test_gaussian());
  SamplerOptions o;
  o.integrator = Integrator::ddpm;
  o.steps = 12;
  o.block = 8;
  o.rao_blackwell_steps = 1;
  const auto one = sample_unconditional(den, NoisingPath::vp_linear(), o, 3, 20);
  ASSERT_EQ(one.rao_blackwell.rows(), one.samples.rows());
  ASSERT_EQ(one.rao_blackwell.cols(), 20);
  EXPECT_EQ(one.rao_blackwell, one.samples);
  o.rao_blackwell_steps = 4;
  const auto four = sample_unconditional(den, NoisingPath::vp_linear(), o, 3, 20);
  EXPECT_EQ(four.samples, one.samples);  // keeping the averages does not change the path
  EXPECT_GT((four.rao_blackwell - four.samples).cwiseAbs().maxCoeff(), 1e-6);
  o.rao_blackwell_steps = 0;
  EXPECT_EQ(sample_unconditional(den, NoisingPath::vp_linear(), o, 3, 20).rao_blackwell.size(), 0);
}

TEST(DiffusionSamplers, AntitheticPairsOfTheExactRouteCancelTheNoiseForAGaussianPrior) {
  // A Gaussian prior has an affine denoiser, so a DDIM(η = 1) step is affine in (x, ξ): two paths started at
  // α_t* y and driven by ξ and −ξ have as mean the noise-free recursion, which is the recursion of the route's
  // expectation — E[x_s | x_t] of the step is exact for any prior — and ends at E[x₀ | y]. Every level's
  // denoiser output D_t(x_t) then also averages to E[x₀ | y] over a pair. Sample 2m of a paired run is sample m
  // of the run without pairing (the same stream path), bitwise.
  const auto prior = test_gaussian();
  const MixtureDenoiser den(prior);
  const auto A = inverse::LinearOperator::identity(3);
  const VectorXd y = (VectorXd(3) << 0.3, -1.1, 1.4).finished();
  const double sigma_y = 0.4;
  const VectorXd post_mean = inverse::exact_posterior(prior, A, sigma_y, y).mean();
  SamplerOptions o;
  o.integrator = Integrator::ddim;
  o.steps = 20;
  o.block = 3;  // pairs split across blocks
  o.rao_blackwell_steps = 20;
  const int n = 12;
  const auto plain = sample_exact_route(den, NoisingPath::vp_linear(), {A, y, sigma_y}, o, 11, n);
  o.antithetic = true;
  const auto paired = sample_exact_route(den, NoisingPath::vp_linear(), {A, y, sigma_y}, o, 11, n);
  expect_mirror_pairs(plain, paired, post_mean, post_mean);
  const double plain_off = (pair_means(plain.samples).colwise() - post_mean).cwiseAbs().maxCoeff();
  EXPECT_GT(plain_off, 1e-2) << "independent samples do not cancel";
  // The pairing is refused where the integrator draws no level noise of its own (the path kernel's SDE
  // integrators) and by SMC, whose resampling would break the pairs.
  SamplerOptions sde = o;
  sde.integrator = Integrator::reverse_exponential;
  sde.rao_blackwell_steps = 0;
  EXPECT_THROW(sample_exact_route(den, NoisingPath::vp_linear(), {A, y, sigma_y}, sde, 1, 2), ParameterError);
  EXPECT_THROW(sample_unconditional(den, NoisingPath::vp_linear(), sde, 1, 2), ParameterError);
  EXPECT_THROW(sample_smc(den, NoisingPath::vp_linear(), {A, y, sigma_y}, o, {4, 0.5}, 1, 8), ParameterError);
}

TEST(DiffusionSamplers, AntitheticPairsFromExactStartsLeaveOnlyTheSharedPriorDraw) {
  // Samplers that start from exact draws of p_T (the guided samplers; exact guidance, the unconditional sampler on
  // the posterior) pair their starts as α x₀ ± σ ε: x₀ shared, the noise mirrored. For a Gaussian prior DDRM,
  // ΠGDM and DDIM are affine in (start, draws), so the mean of a pair is an affine function of its x₀ alone —
  // every Gaussian draw cancels: a least-squares fit of the pair means on (x₀, 1) leaves round-off, where
  // unpaired samples leave their noise. Sample 2m of a paired run is sample m of the run without pairing, bitwise.
  const auto prior = test_gaussian();
  const MixtureDenoiser den(prior);
  const auto A = inverse::LinearOperator::mask(3, {0, 2});
  const VectorXd y = (VectorXd(2) << 0.7, -0.4).finished();
  const Observation obs{A, y, 0.2};
  const MixtureDenoiser post(inverse::exact_posterior(prior, A, obs.sigma_y, y));
  SamplerOptions o;
  o.integrator = Integrator::ddim;
  o.steps = 12;
  o.block = 5;  // pairs split across blocks
  const std::uint32_t seed = 23;
  const int n = 24;
  // The largest residual of the least-squares fit of the columns of M (pair m in column m) on (x₀ of pair m, 1),
  // x₀ drawn by the sampler's denoiser.
  const auto affine_residual = [&](const Denoiser& start_den, const MatrixXd& M) {
    MatrixXd F(M.cols(), 4);
    for (Eigen::Index m = 0; m < M.cols(); ++m) {
      MatrixXd x0;
      start_den.sample_diffused(1.0, 0.0, seed, static_cast<std::uint64_t>(m), 1, x0);
      F.row(m) << x0.col(0).transpose(), 1.0;
    }
    const MatrixXd coef = F.colPivHouseholderQr().solve(M.transpose());
    return (F * coef - M.transpose()).cwiseAbs().maxCoeff();
  };
  const auto check = [&](const std::string& what, const Denoiser& start_den, auto&& run) {
    SamplerOptions paired = o;
    paired.antithetic = true;
    const SampleResult plain = run(o), pairs = run(paired);
    for (Eigen::Index m = 0; m < n / 2; ++m)
      EXPECT_EQ(pairs.samples.col(2 * m), plain.samples.col(m)) << what << ", pair " << m;
    EXPECT_LT(affine_residual(start_den, pair_means(pairs.samples)), 1e-12) << what;
    EXPECT_GT(affine_residual(start_den, pair_means(plain.samples)), 1e-2)
        << what << ": independent samples do not cancel";
  };
  for (const Guidance g : {Guidance::ddrm, Guidance::pigdm})
    check(to_string(g), den, [&](const SamplerOptions& so) {
      return sample_guided(g, den, NoisingPath::vp_linear(), obs, so, {}, seed, n);
    });
  check("exact guidance", post, [&](const SamplerOptions& so) {
    return sample_unconditional(post, NoisingPath::vp_linear(), so, seed, n);
  });
}

TEST(DiffusionSamplers, AntitheticSplitGibbsChainsAreMirrorImagesForAGaussianPrior) {
  // Split Gibbs starts every chain at one z; with the z-draws and the routes' draws of chain 2m + 1 the negated
  // ones of chain 2m, and an affine denoiser, every update is affine in the draws, so the two chains of a pair
  // are mirror images about the same noise-free recursion: all pair means agree to round-off, and so do the
  // Rao–Blackwellised ones. Chain 2m is chain m of an unpaired run, bitwise.
  const auto prior = test_gaussian();
  const MixtureDenoiser den(prior);
  const auto A = inverse::LinearOperator::mask(3, {0, 2});
  const VectorXd y = (VectorXd(2) << 0.7, -0.4).finished();
  SamplerOptions o;
  o.integrator = Integrator::ddim;
  o.block = 3;
  SplitGibbsOptions sg;
  sg.rho_start = 1.0;
  sg.rho_end = 0.2;
  sg.anneal = 4;
  sg.sweeps = 6;
  sg.steps = 5;
  const int n = 10;
  const auto plain = sample_split_gibbs(den, NoisingPath::vp_linear(), {A, y, 0.1}, o, sg, 5, n);
  o.antithetic = true;
  const auto paired = sample_split_gibbs(den, NoisingPath::vp_linear(), {A, y, 0.1}, o, sg, 5, n);
  expect_mirror_pairs(plain, paired, pair_means(paired.samples).col(0), pair_means(paired.rao_blackwell).col(0));
  const MatrixXd plain_means = pair_means(plain.samples);
  const double plain_spread = (plain_means.colwise() - plain_means.col(0)).cwiseAbs().maxCoeff();
  EXPECT_GT(plain_spread, 1e-2) << "independent chains do not cancel";
}

TEST(DiffusionSamplers, BadObservationsAreRefused) {
  const MixtureDenoiser den(test_gaussian());
  SamplerOptions o;
  o.steps = 5;
  const VectorXd y2 = VectorXd::Zero(2);
  EXPECT_THROW(sample_guided(Guidance::dps, den, NoisingPath::vp_linear(),
                             {inverse::LinearOperator::identity(4), VectorXd::Zero(4), 0.1}, o, {}, 1, 2),
               ParameterError);  // shape
  EXPECT_THROW(sample_guided(Guidance::pigdm, den, NoisingPath::vp_linear(),
                             {inverse::LinearOperator::mask(3, {0, 1}), y2, 0.0}, o, {}, 1, 2),
               ParameterError);  // σ_y
  EXPECT_THROW(sample_exact_route(den, NoisingPath::vp_linear(), {inverse::LinearOperator::mask(3, {0, 1}), y2, 0.1},
                                  o, 1, 2),
               ParameterError);  // not denoising
  o.integrator = Integrator::ddim;
  const Observation masked{inverse::LinearOperator::mask(3, {0, 1}), y2, 0.1};
  const auto refused = [&](const Observation& obs, const SplitGibbsOptions& sg, const SamplerOptions& so,
                           const char* what) {
    try {
      sample_split_gibbs(den, NoisingPath::vp_linear(), obs, so, sg, 1, 2);
      ADD_FAILURE() << "split_gibbs accepted " << what;
    } catch (const ParameterError& e) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  // the routes at rho_end may be longer than the annealing ones: nfe = (anneal - 1) steps + (sweeps - anneal + 1)
  // final_steps
  EXPECT_DOUBLE_EQ(sample_split_gibbs(den, NoisingPath::vp_linear(), masked, o, {1.0, 0.1, 3, 5, 4, 6}, 1, 2).nfe,
                   2.0 * 4.0 + 3.0 * 6.0);
  EXPECT_DOUBLE_EQ(sample_split_gibbs(den, NoisingPath::vp_linear(), masked, o, {1.0, 0.1, 3, 5, 4}, 1, 2).nfe, 5.0 * 4.0);
  refused({inverse::LinearOperator::dense(MatrixXd::Identity(2, 3)), y2, 0.1}, {}, o, "diagonal operator");
  refused(masked, {0.1, 0.2, 3, 4, 2}, o, "rho_end <= rho_start");
  refused(masked, {0.2, 0.1, 5, 4, 2}, o, "anneal <= sweeps");
  refused(masked, {1e3, 0.1, 3, 4, 2}, o, "largest noise ratio");
  SamplerOptions flow = o;
  flow.eta = 0.0;
  refused(masked, {0.2, 0.1, 3, 4, 2}, flow, "stochastic integrator");
  SamplerOptions edm = o;
  edm.grid = LevelGrid::edm;
  edm.sigma_min = 0.5;
  refused(masked, {1.0, 0.1, 3, 4, 2}, edm, "sigma_min");
}

TEST(DiffusionSamplers, EdmLevelsFollowKarrasScheduleOnThePath) {
  // Uniform levels are the uniform time grid; edm levels start and end exactly at t_start and t_end, decrease,
  // and carry the noise ratios r_n = (r_max^(1/ρ) + n/(N−1) (r_min^(1/ρ) − r_max^(1/ρ)))^ρ, n < N, with
  // r_{N−1} = sigma_min.
  for (const auto& path : {NoisingPath::vp_linear(), NoisingPath::vp_cosine(), NoisingPath::ve()}) {
    SamplerOptions o;
    o.steps = 20;
    o.t_end = 0.0;
    const double t_start = path.horizon();
    const auto uniform = level_times(path, t_start, o.t_end, o);
    const core::TimeGrid grid(o.t_end, t_start, o.steps);
    ASSERT_EQ(uniform.size(), 21u);
    for (int n = 0; n <= o.steps; ++n) EXPECT_EQ(uniform[static_cast<std::size_t>(n)], grid.time(o.steps - n));
    o.grid = LevelGrid::edm;
    o.rho = 7.0;
    o.sigma_min = path.name() == "ve" ? 0.02 : 0.002;  // ve's ratio at t = 0 is its sigma_min 0.01
    const auto t = level_times(path, t_start, o.t_end, o);
    ASSERT_EQ(t.size(), 21u);
    EXPECT_EQ(t.front(), t_start);
    EXPECT_EQ(t.back(), 0.0);
    const auto ratio = [&](double u) { return path.sigma(u) / path.alpha(u); };
    const double a = std::pow(ratio(t_start), 1.0 / o.rho), b = std::pow(o.sigma_min, 1.0 / o.rho);
    for (int n = 1; n < o.steps; ++n) {
      const double want = std::pow(a + (b - a) * n / (o.steps - 1.0), o.rho);
      EXPECT_NEAR(ratio(t[static_cast<std::size_t>(n)]) / want, 1.0, 1e-9) << path.name() << " level " << n;
      EXPECT_LT(t[static_cast<std::size_t>(n)], t[static_cast<std::size_t>(n) - 1]) << path.name() << " level " << n;
    }
  }
}

TEST(DiffusionSamplers, EdmGridIsRefusedWhereItCannotApply) {
  const MixtureDenoiser den(test_gaussian());
  const auto path = NoisingPath::vp_linear();
  SamplerOptions o;
  o.steps = 10;
  o.grid = LevelGrid::edm;
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const ParameterError& e) {
      return std::string(e.what());
    }
    return std::string("no ParameterError");
  };
  o.sigma_min = 1e3;  // above the ratio at the horizon
  EXPECT_NE(message([&] { level_times(path, path.horizon(), 0.0, o); }).find("sigma_min"), std::string::npos);
  o.sigma_min = 0.002;
  o.rho = 0.0;
  EXPECT_NE(message([&] { level_times(path, path.horizon(), 0.0, o); }).find("rho"), std::string::npos);
  o.rho = 7.0;
  o.integrator = Integrator::reverse_exponential;  // integrates on a uniform grid in t
  EXPECT_NE(message([&] { sample_unconditional(den, path, o, 1, 4); }).find("grid edm"), std::string::npos);
  o.integrator = Integrator::ddim;
  EXPECT_TRUE(sample_unconditional(den, path, o, 1, 4).samples.allFinite());
}

TEST(DiffusionSamplers, EdmGridKeepsAPreciseObservationWhereTheUniformGridBlursIt) {
  // DDRM returns the denoiser's output at its last positive level, and below σ_y its steps no longer see y. On the
  // uniform grid of 20 steps (vp_linear) that level has a noise ratio σ/α of 0.17, so the observed coordinates come
  // out with errors of about that size although σ_y = 0.01 (measured 0.16, 4000 samples); on the edm grid the last
  // level has ratio 0.002, and the error is of the order of σ_y (measured 0.022; the exact posterior's std there is
  // 0.0100, DDRM with η = 1 re-noising on the levels below σ_y). The Monte Carlo error of these RMS values is
  // about 1%.
  const auto prior = test_gaussian();
  const MixtureDenoiser den(prior);
  const auto path = NoisingPath::vp_linear();
  const auto A = inverse::LinearOperator::mask(3, {0, 2});
  const VectorXd y = (VectorXd(2) << 0.7, 0.9).finished();
  const double sigma_y = 0.01;
  const auto post = inverse::exact_posterior(prior, A, sigma_y, y);
  SamplerOptions o;
  o.steps = 20;
  o.block = 64;
  auto rms_error = [&](LevelGrid grid) {
    o.grid = grid;
    const MatrixXd X = sample_guided(Guidance::ddrm, den, path, {A, y, sigma_y}, o, {}, 11, 4000).samples;
    double s = 0.0;
    for (int i : {0, 2}) s += (X.row(i).array() - post.mean()(i)).square().mean();
    return std::sqrt(s / 2.0);
  };
  const double last_uniform = path.sigma(path.horizon() / o.steps) / path.alpha(path.horizon() / o.steps);
  const double uniform = rms_error(LevelGrid::uniform), edm = rms_error(LevelGrid::edm);
  EXPECT_GT(uniform, 0.5 * last_uniform) << "uniform " << uniform << ", last level's ratio " << last_uniform;
  EXPECT_LT(edm, 3.0 * sigma_y) << "edm " << edm;
  EXPECT_LT(edm, 0.2 * uniform) << "edm " << edm << ", uniform " << uniform;
}
