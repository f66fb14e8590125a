#pragma once
// The one thing every diffusion sampler asks of a prior: its denoiser D(x) = E[x₀ | α x₀ + σ ε = x] at a
// noise level (α, σ), batched over the columns of X (d × B), the product of its Jacobian with a vector
// (∂D/∂x = (α/σ²) Cov[x₀ | x_t] is symmetric, so JV is also the vector–Jacobian product guided samplers need),
// and exact draws of the diffused law p_{α,σ} where the prior allows them (the samplers' starting states).
// The score follows by Tweedie's formula, ∇log p_{α,σ}(x) = (α D(x) − x)/σ².
//
// A Denoiser is immutable and called from many threads at once. MixtureDenoiser serves Gaussian mixtures
// (priors/gaussian_mixture.hpp: every quantity exact, so a sampler's error is its own); a trained network or
// a patch prior would be another implementation of the same interface.
#include <Eigen/Core>
#include <cstdint>
#include <memory>

#include "ito/priors/gaussian_mixture.hpp"

namespace ito::diffusion {

/// Paths of Purpose::prior_sample / Purpose::diffusion that starting states use (exact reference samples
/// use paths from 0, the independent reference set of the distance floor paths from 2³⁹).
inline constexpr std::uint64_t kStartPaths = std::uint64_t{1} << 40;
/// Index of the Purpose::diffusion stream where the noise of starting states begins (sampler noise uses
/// indices below it).
inline constexpr std::uint64_t kStartIndex = std::uint64_t{1} << 60;

class Denoiser {
 public:
  virtual ~Denoiser() = default;
  virtual int dim() const = 0;
  virtual void denoise(double alpha, double sigma, const Eigen::MatrixXd& X, Eigen::MatrixXd& D) const = 0;
  virtual void denoise_jvp(double alpha, double sigma, const Eigen::MatrixXd& X, const Eigen::MatrixXd& V,
                           Eigen::MatrixXd& D, Eigen::MatrixXd& JV) const = 0;
  /// D = denoise(X), then JV = denoise_jvp(X, V) with V = guide(D) (a guidance vector that is a function of the
  /// denoised state column by column: DPS, ΠGDM). An implementation may share the work of the two evaluations;
  /// this default makes them in turn.
  using Guide = priors::GaussianMixture::Guide;
  virtual void denoise_guided_jvp(double alpha, double sigma, const Eigen::MatrixXd& X, const Guide& guide,
                                  Eigen::MatrixXd& D, Eigen::MatrixXd& JV) const {
    Eigen::MatrixXd D0, V;  // D0 apart: D may alias X, which denoise_jvp still reads
    denoise(alpha, sigma, X, D0);
    guide(D0, V);
    denoise_jvp(alpha, sigma, X, V, D, JV);
  }
  /// out(:, j) ~ p_{α,σ}, drawn as α x₀ + σ ε from the prior's exact samples (path kStartPaths + first + j of
  /// Purpose::prior_sample) and ε (normals kStartIndex … of Purpose::diffusion path first + j). out is d × n.
  virtual void sample_diffused(double alpha, double sigma, std::uint32_t seed, std::uint64_t first,
                               Eigen::Index n, Eigen::MatrixXd& out) const = 0;
  /// The prior's mean marginal variance tr Cov[x₀]/d (the scale of the Gaussian approximation
  /// Var[x₀ | x_t] ≈ v σ̃²/(v + σ̃²), σ̃ = σ/α, that the SMC twist uses).
  virtual double marginal_variance() const = 0;
};

class MixtureDenoiser final : public Denoiser {
 public:
  explicit MixtureDenoiser(priors::GaussianMixture mixture)
      : mixture_(std::make_shared<const priors::GaussianMixture>(std::move(mixture))) {}
  const priors::GaussianMixture& mixture() const { return *mixture_; }

  int dim() const override { return mixture_->dim(); }
  void denoise(double alpha, double sigma, const Eigen::MatrixXd& X, Eigen::MatrixXd& D) const override {
    mixture_->denoise(alpha, sigma, X, D);
  }
  void denoise_jvp(double alpha, double sigma, const Eigen::MatrixXd& X, const Eigen::MatrixXd& V,
                   Eigen::MatrixXd& D, Eigen::MatrixXd& JV) const override {
    mixture_->denoise_jvp(alpha, sigma, X, V, D, JV);
  }
  void denoise_guided_jvp(double alpha, double sigma, const Eigen::MatrixXd& X, const Guide& guide, Eigen::MatrixXd& D,
                          Eigen::MatrixXd& JV) const override {
    mixture_->denoise_guided_jvp(alpha, sigma, X, guide, D, JV);
  }
  void sample_diffused(double alpha, double sigma, std::uint32_t seed, std::uint64_t first, Eigen::Index n,
                       Eigen::MatrixXd& out) const override;
  double marginal_variance() const override { return mixture_->covariance().trace() / mixture_->dim(); }

 private:
  std::shared_ptr<const priors::GaussianMixture> mixture_;
};

}  // namespace ito::diffusion
