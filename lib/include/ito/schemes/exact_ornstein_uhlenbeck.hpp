#pragma once
// Exact Ornstein–Uhlenbeck step:  X_{t+h} = μ + (X_t − μ) e^{−θh} + σ J,  J = ∫_t^{t+h} e^{−θ(t+h−s)} dW_s
// (variation of constants; see ito/sde/ornstein_uhlenbeck.hpp). Uses the companion J drawn jointly with ΔW
// (Companion::ou_convolution), so it is pathwise exact on the same Brownian path as every other scheme:
// strong and weak error zero up to rounding at every step size. Only for models that provide
// exact_step(t, h, x, dW, J, x_next) and convolution_rate() (ito::sde::OrnsteinUhlenbeck).
#include "ito/schemes/scheme.hpp"

namespace ito::schemes {

/// Models with an exact step driven by (ΔW, J).
template <class M>
concept HasExactConvolutionStep = sde::Model<M> && requires(const M& m, double t, const double* x, double* y) {
  { m.convolution_rate() } -> std::convertible_to<double>;
  m.exact_step(t, t, x, x, x, y);
};

struct ExactOrnsteinUhlenbeck {
  static constexpr std::string_view name = "exact_ou";
  static constexpr Companion companion = Companion::ou_convolution;
  static constexpr std::string_view refusal_hint = "the exact step exists only for Ornstein-Uhlenbeck models";

  /// Exact for the additive OU model; the noise-class check alone cannot tell an OU model apart, so
  /// step() additionally requires HasExactConvolutionStep at compile time.
  static constexpr Order order(NoiseClass c, Interpretation, int noise_dim) {
    return c == NoiseClass::additive && noise_dim == 1 ? Order::exact() : Order::unsupported();
  }

  template <sde::Model M>
  void step(const M& model, double t, double h, const double* x, StepNoise noise, double* x_next) const {
    static_assert(HasExactConvolutionStep<M>,
                  "ExactOrnsteinUhlenbeck needs a model with exact_step(t, h, x, dW, J, x_next) and "
                  "convolution_rate() (an Ornstein-Uhlenbeck process)");
    model.exact_step(t, h, x, noise.dW, noise.companion, x_next);
  }
};

template <class M>
struct meets_model_requirements<ExactOrnsteinUhlenbeck, M> : std::bool_constant<HasExactConvolutionStep<M>> {};

}  // namespace ito::schemes
