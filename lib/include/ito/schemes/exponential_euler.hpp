#pragma once
// Exponential Euler (exponential integrator; Lord & Rougemont 2004, Jentzen & Kloeden 2009) for semilinear
// run-time models  dX = (ℓ(t) X + κ(t) N(t, X)) dt + g(t) dW  (sde/runtime_model.hpp):
//   X_{n+1} = Φ X_n + Ψ N(t_n, X_n) + J_n,
// the exact flow of the linear part with the input N frozen at the left end of the step, and J_n the exact
// stochastic convolution, drawn jointly with ΔW (Companion::stochastic_convolution). Exact when N does not
// depend on the state (Ornstein–Uhlenbeck: errors at round-off at every step size); otherwise the frozen input
// costs O(h²) per step: strong and weak order 1 for additive noise. For diffusion models it is the
// data-prediction step that DDPM-type samplers take (the reverse-time model supplies N = the denoiser).
#include "ito/schemes/scheme.hpp"

namespace ito::schemes {

struct ExponentialEuler {
  static constexpr std::string_view name = "exponential_euler";
  static constexpr Companion companion = Companion::stochastic_convolution;
  static constexpr std::string_view refusal_hint =
      "the exponential integrator needs additive noise and a semilinear model (a run-time dimension model with "
      "linear_flow and nonlinear_input)";

  static constexpr Order order(NoiseClass c, Interpretation, int) {
    return sde::is_additive(c) ? Order{1.0, 1.0} : Order::unsupported();
  }

  template <sde::SemilinearRuntimeModel M>
  void step(const M& model, double t, double h, const Eigen::MatrixXd& x, BatchNoise noise,
            Eigen::MatrixXd& x_next) const {
    const sde::LinearFlow flow = model.linear_flow(t, h);
    x_next.resize(x.rows(), x.cols());
    model.nonlinear_input(t, x, x_next);
    x_next = flow.phi * x + flow.psi * x_next + *noise.companion;
  }
};

}  // namespace ito::schemes
