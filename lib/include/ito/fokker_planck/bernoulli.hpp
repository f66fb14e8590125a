#pragma once
// The Bernoulli function of exponentially fitted (Scharfetter–Gummel / Chang–Cooper) fluxes.
#include <cmath>

namespace ito::fokker_planck {

/// B(z) = z / (eᶻ − 1), with B(0) = 1.
///
/// Evaluated stably: for |z| < 10⁻² by its Taylor series 1 − z/2 + z²/12 − z⁴/720 (truncation error
/// < z⁶/30240 < 4·10⁻¹⁷), otherwise as z / expm1(z), which has no cancellation. For z → +∞ it tends to 0
/// (expm1 overflows to +∞), for z → −∞ to −z. B > 0 everywhere and B(−z) = eᶻ B(z), the identity that makes
/// the discrete zero-flux state of a fitted flux equal to the continuous one.
inline double bernoulli(double z) {
  if (std::fabs(z) < 1e-2) {
    const double z2 = z * z;
    return 1.0 - 0.5 * z + z2 * (1.0 / 12.0 - z2 / 720.0);
  }
  return z / std::expm1(z);
}

}  // namespace ito::fokker_planck
