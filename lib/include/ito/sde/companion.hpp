#pragma once
// Companion variables: the extra random variable per step and noise component that some schemes need besides
// ΔW, and the one place where they are built from normals and coarsened over several steps. Brownian paths
// (brownian_path.hpp), the one-path integrators and the path kernels of ito::monte_carlo all use these rules,
// so a path has the same companions whichever of them draws it.
//
// Each companion is built from ΔW of the step and an independent standard normal η (the path's companion
// normal, see brownian_path.hpp for its index):
//  * Companion::time_integral  ΔZ = ∫_t^{t+h} (W_s − W_t) ds = I_(1,0)   (Kloeden–Platen (10.4.3))
//        ΔZ = ½ h (ΔW + η √h/√3):  Var ΔZ = h³/3,  Cov(ΔW, ΔZ) = h²/2, the exact joint law.
//        Coarsening steps 1..r of size h (starting at t_0) into one of size rh:
//        ΔZ = Σ_i [ΔZ_i + h (W_{t_{i−1}} − W_{t_0})]   (for two steps ΔZ_1 + ΔZ_2 + h ΔW_1), exact pathwise.
//  * Companion::ou_convolution J = ∫_t^{t+h} e^{−θ(t+h−s)} dW_s   (the exact Ornstein–Uhlenbeck step)
//        Var J = (1 − e^{−2θh})/(2θ) =: v,  Cov(ΔW, J) = (1 − e^{−θh})/θ =: c,
//        J = (c/h) ΔW + √(v − c²/h) η, the exact joint law.
//        Coarsening: J = Σ_i e^{−θ(r − i)h} J_i, i.e. J ← e^{−θh} J + J_i step by step, exact pathwise.
//  * Companion::signs          σ = sign(η) ∈ {−1, +1}: fair signs, independent of W (η is independent of ΔW).
//        Weak order-2 schemes for non-commutative noise build their two-point variables V_{r,j} = ±h from the
//        products σ_r σ_j (pairwise uncorrelated, mean 0, V² = h²). Weak schemes need no pathwise coupling
//        across step sizes; coarsening takes the product of the fine signs, again a fair sign independent of
//        the coarse increments, so the coarse path has the law of a path drawn on the coarse grid.
// Under antithetic sampling (ΔW, η) → (−ΔW, −η) every rule keeps its law (ΔZ → −ΔZ, J → −J, σ → −σ).
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "ito/core/error.hpp"

namespace ito::sde {

/// Extra random variable a scheme needs besides ΔW, one per noise component and step.
enum class Companion {
  none,
  time_integral,   ///< ΔZ = ∫∫ dW ds over the step (strong-1.5 schemes SRIW1, SRA1)
  ou_convolution,  ///< J = ∫ e^{−θ(h−s)} dW over the step (exact Ornstein–Uhlenbeck step)
  signs,           ///< σ = ±1, fair and independent of W (two-point variables of weak order-2 schemes)
  stochastic_convolution,  ///< J = ∫ e^{∫_s ℓ} g(s) dW_s of a semilinear run-time model, built from its
                           ///< LinearFlow (runtime_model.hpp; the exponential integrator)
};

/// Companions that are stochastic convolutions: built as (c/h) ΔW + √(v − c²/h) η, carried over a step by Φ.
constexpr bool is_convolution(Companion c) {
  return c == Companion::ou_convolution || c == Companion::stochastic_convolution;
}

/// The noise of one step as a scheme receives it: ΔW_j and (if the scheme needs it) the companion variable,
/// j < noise_dim. Schemes never draw random numbers.
struct StepNoise {
  const double* dW;
  const double* companion = nullptr;
};

/// Coefficients (c/h, √(v − c²/h)) that build J = (c/h) ΔW + s η for the OU kernel rate θ and step h.
struct OuConvolutionCoefficients {
  double on_dW;
  double on_normal;
  double variance;    ///< v = Var J
  double covariance;  ///< c = Cov(ΔW, J)
};
/// Requires θ > 0 and h > 0 (throws ito::Error otherwise).
OuConvolutionCoefficients ou_convolution_coefficients(double theta, double h);

/// One step of a stochastic convolution: J = on_dW ΔW + on_normal η given ΔW, and decay = Φ, which carries a
/// convolution accumulated before the step over it.
struct ConvolutionStep {
  double on_dW = 0.0;
  double on_normal = 0.0;
  double decay = 1.0;
};

/// The build and coarsening rules of companion kind C on steps of size h (header comment). θ is the OU
/// kernel rate (Companion::ou_convolution only; ignored otherwise). For Companion::none build() is 0. A
/// stochastic convolution's rule is that of one step, from its ConvolutionStep.
template <Companion C>
class CompanionRule {
 public:
  explicit CompanionRule(double h, double theta = 0.0)
    requires(C != Companion::stochastic_convolution)
      : h_(h) {
    if constexpr (C == Companion::time_integral) {
      half_h_ = 0.5 * h;
      eta_scale_ = std::sqrt(h) / std::sqrt(3.0);
    } else if constexpr (C == Companion::ou_convolution) {
      const OuConvolutionCoefficients q = ou_convolution_coefficients(theta, h);
      step_ = {q.on_dW, q.on_normal, std::exp(-theta * h)};
    } else {
      (void)theta;
    }
  }
  CompanionRule(double h, const ConvolutionStep& step)
    requires(is_convolution(C))
      : h_(h), step_(step) {}

  /// The companion of a step with increment dW and companion normal eta.
  double build(double dW, double eta) const {
    if constexpr (C == Companion::time_integral) return half_h_ * (dW + eta_scale_ * eta);
    else if constexpr (is_convolution(C)) return step_.on_dW * dW + step_.on_normal * eta;
    else if constexpr (C == Companion::signs) return (void)dW, eta >= 0.0 ? 1.0 : -1.0;
    else return (void)dW, (void)eta, 0.0;
  }

  /// Increment and companion of consecutive steps summed into one: start with Sum{}, add() each step's
  /// (ΔW, companion) in time order (with that step's rule, for a stochastic convolution).
  struct Sum {
    double dW = 0.0;
    double companion = C == Companion::signs ? 1.0 : 0.0;
  };
  void add(Sum& s, double dW, double companion) const {
    if constexpr (C == Companion::time_integral) s.companion += companion + h_ * s.dW;  // s.dW = W_{t_{i−1}} − W_{t_0}
    else if constexpr (is_convolution(C)) s.companion = step_.decay * s.companion + companion;
    else if constexpr (C == Companion::signs) s.companion *= companion;
    s.dW += dW;
  }
  /// The two steps (dW1, c1), (dW2, c2) as one step of size 2h.
  Sum pair(double dW1, double c1, double dW2, double c2) const {
    Sum s;
    add(s, dW1, c1);
    add(s, dW2, c2);
    return s;
  }

 private:
  double h_;
  double half_h_ = 0, eta_scale_ = 0;  // time_integral
  ConvolutionStep step_{};             // convolutions
};

/// The rule of companion kind C for `model` on steps of size h (θ = model.convolution_rate() for
/// Companion::ou_convolution).
template <Companion C, class M>
CompanionRule<C> companion_rule_for(const M& model, double h) {
  if constexpr (C == Companion::ou_convolution) return CompanionRule<C>(h, model.convolution_rate());
  else return (void)model, CompanionRule<C>(h);
}

/// Calls f(std::integral_constant<Companion, c>{}) for a companion kind known only at run time, among those a
/// Brownian path builds by itself (a stochastic convolution needs its model's flow: ito::Error).
template <class F>
decltype(auto) with_companion(Companion c, F&& f) {
  switch (c) {
    case Companion::time_integral: return f(std::integral_constant<Companion, Companion::time_integral>{});
    case Companion::ou_convolution: return f(std::integral_constant<Companion, Companion::ou_convolution>{});
    case Companion::signs: return f(std::integral_constant<Companion, Companion::signs>{});
    case Companion::stochastic_convolution:
      throw Error("a stochastic-convolution companion is built from its model's linear flow, not by a Brownian path");
    case Companion::none: break;
  }
  return f(std::integral_constant<Companion, Companion::none>{});
}

}  // namespace ito::sde
