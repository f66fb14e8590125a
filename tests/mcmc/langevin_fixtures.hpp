#pragma once
// Fixtures of the Langevin sampler unit tests (mala_test.cpp, ula_test.cpp): a chain state at a point of a
// DiagonalGaussian, and a chain at the edge of a half-line target whose next proposal leaves the support.
#include <Eigen/Core>
#include <cmath>
#include <string>
#include <vector>

#include "gaussian_test_target.hpp"
#include "ito/mcmc/chain.hpp"

namespace ito::mcmc::test {

inline ChainState state_at(const DiagonalGaussian& g, Eigen::VectorXd x) {
  ChainState s;
  s.position = std::move(x);
  s.log_density = g.log_density_gradient(s.position, s.gradient);
  return s;
}

struct HalfLine {  // π ∝ e^{−x} on x > 0, −inf elsewhere
  int dim() const { return 1; }
  double log_density(const Eigen::VectorXd& x) const { return x[0] > 0 ? -x[0] : -INFINITY; }
  double log_density_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& g) const {
    g = Eigen::VectorXd::Constant(1, -1.0);
    return log_density(x);
  }
  std::vector<std::string> parameter_names() const { return {"x"}; }
  void constrain(const Eigen::VectorXd& x, Eigen::VectorXd& out) const { out = x; }
};

// A chain at x = 0.1 on the half line whose next proposal (unit metric, h = 1, ξ = −3) leaves the support.
struct HalfLineEdge {
  HalfLine target;
  ChainState state;
  Eigen::VectorXd metric = Eigen::VectorXd::Ones(1);
  double xi[1] = {-3.0};
  LangevinWorkspace ws;
  HalfLineEdge() {
    state.position = Eigen::VectorXd::Constant(1, 0.1);
    state.log_density = target.log_density_gradient(state.position, state.gradient);
    ws.resize(1);
  }
};

}  // namespace ito::mcmc::test
