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
    out.push_back(sample_smc(den, NoisingPath::vp_linear(), obs, o, {16, 0.5}, 7, 50).samples);
    out.push_back(sample_mala(den.mixture(), obs, {50, 20, 0.1, 0.574, false}, 7, 20).samples);
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
}
