// The exact denoising route with the whole-image patch denoiser, on images whose law is known: with a tiling
// of whole tiles and no shift, the assembled prior is exactly the product of independent patch mixtures, so a
// posterior sample minus the truth has mean 0 when the truths are drawn from that prior ("unbiased in law";
// up to the route's time discretisation, small at 200 steps beside the Monte Carlo error checked here).
#include <gtest/gtest.h>

#include "ito/diffusion/patch_denoiser.hpp"
#include "ito/diffusion/samplers.hpp"
#include "ito/inverse/exact_posterior.hpp"
#include "ito/random/normal.hpp"

namespace ito::diffusion {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

TEST(PatchDenoiserStat, ExactRouteIsUnbiasedOnImagesFromThePatchPrior) {
  // 2 x 2 patches, three components with distinct full covariances and separated means
  std::vector<MatrixXd> cov;
  MatrixXd means(4, 3);
  for (int k = 0; k < 3; ++k) {
    MatrixXd A(4, 4);
    random::NormalStream(3, random::Purpose::test).fill(10 + k, 0, 16, A.data());
    cov.push_back(0.3 * A * A.transpose() / 4 + 0.05 * MatrixXd::Identity(4, 4));
    means.col(k) = VectorXd::Constant(4, 1.5 * k);  // prior mean 1.5: a shrinking sampler would show
  }
  const auto mix = priors::GaussianMixture::full(VectorXd::Constant(3, 1.0 / 3), means, cov);
  const PatchDenoiser den(mix, 2, 4, 6, 2, false, 1);  // six whole tiles
  const NoisingPath path = NoisingPath::vp_linear();
  SamplerOptions o;
  o.integrator = Integrator::reverse_exponential;
  o.steps = 200;
  const double sigma_y = 0.4;
  const int problems = 300;
  std::vector<double> residual;
  VectorXd sq(problems), exact_var(problems);  // per image: mean (sample − truth)², 2 · mean exact Var(x_i | y)
  for (int m = 0; m < problems; ++m) {
    MatrixXd x;
    den.sample_diffused(1.0, 0.0, 77, static_cast<std::uint64_t>(m), 1, x);  // truth: tiles of prior samples
    VectorXd eps(den.dim());
    random::NormalStream(77, random::Purpose::observation)
        .fill(static_cast<std::uint64_t>(m), 0, eps.size(), eps.data());
    const Observation obs{inverse::LinearOperator::identity(den.dim()), x.col(0) + sigma_y * eps, sigma_y};
    const auto res = sample_exact_route(den, path, obs, o, 1000 + static_cast<std::uint32_t>(m), 1);
    for (int i = 0; i < den.dim(); ++i) residual.push_back(res.samples(i, 0) - x(i, 0));
    sq(m) = (res.samples.col(0) - x.col(0)).squaredNorm() / den.dim();
    double v = 0;
    for (int r = 0; r < 4; r += 2)
      for (int c = 0; c < 6; c += 2) {
        VectorXd yt(4);
        yt << obs.y(r * 6 + c), obs.y(r * 6 + c + 1), obs.y((r + 1) * 6 + c), obs.y((r + 1) * 6 + c + 1);
        v += inverse::exact_posterior(mix, inverse::LinearOperator::identity(4), sigma_y, yt).covariance().trace();
      }
    exact_var(m) = 2.0 * v / den.dim();
  }
  // pixels of one image are dependent: average per image first, then the standard error over images
  VectorXd per_image(problems);
  for (int m = 0; m < problems; ++m) {
    double s = 0;
    for (int i = 0; i < den.dim(); ++i) s += residual[static_cast<std::size_t>(m * den.dim() + i)];
    per_image(m) = s / den.dim();
  }
  const double mean = per_image.mean();
  const double se = std::sqrt((per_image.array() - mean).square().sum() / (problems - 1) / problems);
  EXPECT_LT(std::abs(mean), 4.5 * se) << "mean residual " << mean << ", SE " << se;
  // the spread: a posterior sample and the truth are two independent draws of x | y, so
  // E[(sample − truth)²] = 2 E[Var(x_i | y)], the latter from each tile's exact posterior mixture
  const VectorXd diff = sq - exact_var;
  const double dm = diff.mean();
  const double dse = std::sqrt((diff.array() - dm).square().sum() / (problems - 1) / problems);
  EXPECT_LT(std::abs(dm), 4.5 * dse) << "mean squared residual " << sq.mean() << ", 2 E Var " << exact_var.mean()
                                     << ", SE " << dse;
}

}  // namespace
}  // namespace ito::diffusion
