#pragma once
// Exact output laws of the diffusion samplers for a Gaussian prior (shared by the unit and statistical
// tests): the denoiser is affine, so a deterministic sampler is an affine map read off the library sampler
// run on the starts 0, e_1, …, e_d, and the stochastic reverse-SDE integrators propagate mean and covariance
// through their step's recursion (K and c read off the library's ReverseSde the same way).
#include <Eigen/Dense>

#include "ito/diffusion/reverse_sde.hpp"
#include "ito/diffusion/samplers.hpp"

namespace ito::diffusion::testing {

using Eigen::MatrixXd;
using Eigen::VectorXd;

inline priors::GaussianMixture test_gaussian() {
  VectorXd m(3);
  m << 1.0, -2.0, 0.5;
  MatrixXd L(3, 3);
  L << 1.0, 0, 0, 0.4, 0.8, 0, -0.3, 0.2, 0.5;
  return priors::GaussianMixture::gaussian(m, L * L.transpose());
}

struct Law {
  VectorXd mean;
  MatrixXd cov;
};

inline Law diffused(const priors::GaussianMixture& g, double a, double s) {
  return {a * g.mean(), a * a * g.covariance() + s * s * MatrixXd::Identity(g.dim(), g.dim())};
}

/// Output law of a deterministic sampler started from p_{t_start} (the sampler's affine map read off).
inline Law deterministic_output(const priors::GaussianMixture& g, const NoisingPath& path, const SamplerOptions& o) {
  const MixtureDenoiser den(g);
  const int d = g.dim();
  auto start = [d](std::uint64_t, MatrixXd& X) {
    X.setZero();
    for (int i = 0; i < d; ++i) X(i, i + 1) = 1.0;
  };
  const auto r = sample_unconditional(den, path, o, 1, static_cast<std::size_t>(d + 1), 0.0, start);
  const VectorXd b = r.samples.col(0);
  const MatrixXd M = r.samples.rightCols(d).colwise() - b;
  const Law in = diffused(g, path.alpha(path.horizon()), path.sigma(path.horizon()));
  return {M * in.mean + b, M * in.cov * M.transpose()};
}

/// Output law of the stochastic reverse-SDE integrators by their recursions.
inline Law recursion_output(const priors::GaussianMixture& g, const NoisingPath& path, const SamplerOptions& o) {
  const MixtureDenoiser den(g);
  const int d = g.dim();
  const double T = path.horizon();
  const ReverseSde model(den, path, T, false);
  const double h = (T - o.t_end) / o.steps;
  Law law = diffused(g, path.alpha(T), path.sigma(T));
  MatrixXd basis = MatrixXd::Zero(d, d + 1);
  for (int i = 0; i < d; ++i) basis(i, i + 1) = 1.0;
  for (int n = 0; n < o.steps; ++n) {
    const double tau = n * h;
    MatrixXd out;
    MatrixXd K;
    VectorXd c;
    double noise_var;
    if (o.integrator == Integrator::reverse_em) {
      model.drift(tau, basis, out);
      c = h * out.col(0);
      K = MatrixXd::Identity(d, d) + h * (out.rightCols(d).colwise() - out.col(0));
      noise_var = model.noise_scale(tau) * model.noise_scale(tau) * h;
    } else {
      model.nonlinear_input(tau, basis, out);
      const auto flow = model.linear_flow(tau, h);
      c = flow.psi * out.col(0);
      K = flow.phi * MatrixXd::Identity(d, d) + flow.psi * (out.rightCols(d).colwise() - out.col(0));
      noise_var = flow.variance;
    }
    law.mean = K * law.mean + c;
    law.cov = K * law.cov * K.transpose() + noise_var * MatrixXd::Identity(d, d);
  }
  return law;
}

}  // namespace ito::diffusion::testing
