#pragma once
// A small Gaussian target with diagonal covariance for the sampler tests (independent of the target
// catalogue): log π(x) = −½ Σ (x_i − m_i)² / s_i², reported quantities = x itself.
#include <Eigen/Core>
#include <string>
#include <vector>

#include "ito/mcmc/chain.hpp"
#include "ito/targets/target.hpp"

namespace ito::mcmc::test {

struct DiagonalGaussian {
  Eigen::VectorXd mean, sd;
  int dim() const { return static_cast<int>(mean.size()); }
  double log_density(const Eigen::VectorXd& x) const {
    return -0.5 * ((x - mean).array() / sd.array()).square().sum();
  }
  double log_density_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& grad) const {
    grad = -((x - mean).array() / sd.array().square()).matrix();
    return log_density(x);
  }
  std::vector<std::string> parameter_names() const { return targets::indexed_names("x", dim()); }
  void constrain(const Eigen::VectorXd& x, Eigen::VectorXd& out) const { out = x; }
};

static_assert(targets::Target<DiagonalGaussian>);

inline DiagonalGaussian diagonal_gaussian(std::vector<double> means, std::vector<double> sds) {
  DiagonalGaussian g;
  g.mean = Eigen::Map<Eigen::VectorXd>(means.data(), static_cast<Eigen::Index>(means.size()));
  g.sd = Eigen::Map<Eigen::VectorXd>(sds.data(), static_cast<Eigen::Index>(sds.size()));
  return g;
}

/// Draws (chains × kept) of a derived scalar f(draw) where draw points at the reported quantities of one
/// iteration; the matrix diagnostics::summarize() takes.
template <class F>
Eigen::MatrixXd derived_draws(const RunState& s, F&& f) {
  Eigen::MatrixXd m(s.chains, s.kept);
  for (int c = 0; c < s.chains; ++c)
    for (std::int64_t i = 0; i < s.kept; ++i)
      m(c, i) = f(s.draws.data() + (static_cast<std::size_t>(c) * static_cast<std::size_t>(s.capacity) +
                                    static_cast<std::size_t>(i)) * static_cast<std::size_t>(s.parameters));
  return m;
}

}  // namespace ito::mcmc::test
