#include "ito/sde/companion.hpp"

#include <cmath>

#include "ito/core/error.hpp"

namespace ito::sde {

OuConvolutionCoefficients ou_convolution_coefficients(double theta, double h) {
  ITO_REQUIRE(theta > 0.0 && h > 0.0, "OU kernel rate theta (" << theta << ") and step h (" << h << ") must be > 0");
  const double v = -std::expm1(-2.0 * theta * h) / (2.0 * theta);
  const double c = -std::expm1(-theta * h) / theta;
  const double residual = v - c * c / h;  // ≈ θ²h³/12 for small θh; never negative in exact arithmetic
  return {c / h, std::sqrt(residual > 0.0 ? residual : 0.0), v, c};
}

}  // namespace ito::sde
