#include "ito/diffusion/noising.hpp"

#include <cmath>
#include <numbers>

#include "ito/core/error.hpp"
#include "require.hpp"

namespace ito::diffusion {

std::string to_string(PathKind kind) {
  switch (kind) {
    case PathKind::vp_linear: return "vp_linear";
    case PathKind::vp_cosine: return "vp_cosine";
    case PathKind::ve: return "ve";
    case PathKind::linear: return "linear";
  }
  return "?";
}

PathKind path_kind_from_string(const std::string& name) {
  for (auto k : {PathKind::vp_linear, PathKind::vp_cosine, PathKind::ve, PathKind::linear})
    if (to_string(k) == name) return k;
  throw ParameterError("unknown noising path '" + name + "' (vp_linear | vp_cosine | ve | linear)");
}

NoisingPath NoisingPath::vp_linear(double beta_min, double beta_max) {
  ITO_REQUIRE_PARAMETER(beta_min > 0 && beta_max >= beta_min && std::isfinite(beta_max),
              "vp_linear needs 0 < beta_min <= beta_max (got " << beta_min << ", " << beta_max << ")");
  NoisingPath p;
  p.kind_ = PathKind::vp_linear;
  p.p1_ = beta_min;
  p.p2_ = beta_max;
  p.horizon_ = 1.0;
  return p;
}

NoisingPath NoisingPath::vp_cosine(double s) {
  ITO_REQUIRE_PARAMETER(s > 0 && s < 1, "vp_cosine needs 0 < s < 1 (got " << s << ")");
  NoisingPath p;
  p.kind_ = PathKind::vp_cosine;
  p.p1_ = s;
  const double c = std::cos(0.5 * std::numbers::pi * s / (1 + s));
  p.cosine_norm_ = c * c;
  p.horizon_ = 0.999;
  return p;
}

NoisingPath NoisingPath::ve(double sigma_min, double sigma_max) {
  ITO_REQUIRE_PARAMETER(sigma_min > 0 && sigma_max > sigma_min && std::isfinite(sigma_max),
              "ve needs 0 < sigma_min < sigma_max (got " << sigma_min << ", " << sigma_max << ")");
  NoisingPath p;
  p.kind_ = PathKind::ve;
  p.p1_ = sigma_min;
  p.p2_ = sigma_max;
  p.horizon_ = 1.0;
  return p;
}

NoisingPath NoisingPath::linear() {
  NoisingPath p;
  p.kind_ = PathKind::linear;
  p.horizon_ = 0.999;
  return p;
}

NoisingPath NoisingPath::make(PathKind kind) {
  switch (kind) {
    case PathKind::vp_linear: return vp_linear();
    case PathKind::vp_cosine: return vp_cosine();
    case PathKind::ve: return ve();
    case PathKind::linear: return linear();
  }
  return vp_linear();
}

double NoisingPath::alpha_bar(double t) const {
  if (kind_ == PathKind::vp_linear) return std::exp(-(p1_ * t + 0.5 * (p2_ - p1_) * t * t));
  const double c = std::cos(0.5 * std::numbers::pi * (t + p1_) / (1 + p1_));
  return c * c / cosine_norm_;
}

double NoisingPath::alpha_bar_derivative(double t) const {
  if (kind_ == PathKind::vp_linear) return -(p1_ + (p2_ - p1_) * t) * alpha_bar(t);
  const double u = 0.5 * std::numbers::pi * (t + p1_) / (1 + p1_);
  // d/dt cos²u = −2 cos u sin u u' = −sin(2u) u'
  return -std::sin(2 * u) * (0.5 * std::numbers::pi / (1 + p1_)) / cosine_norm_;
}

double NoisingPath::alpha(double t) const {
  switch (kind_) {
    case PathKind::vp_linear:
    case PathKind::vp_cosine: return std::sqrt(alpha_bar(t));
    case PathKind::ve: return 1.0;
    case PathKind::linear: return 1.0 - t;
  }
  return 1.0;
}

double NoisingPath::sigma(double t) const {
  switch (kind_) {
    case PathKind::vp_linear: return std::sqrt(-std::expm1(-(p1_ * t + 0.5 * (p2_ - p1_) * t * t)));
    case PathKind::vp_cosine: return std::sqrt(std::max(0.0, 1.0 - alpha_bar(t)));
    case PathKind::ve: return p1_ * std::sqrt(std::expm1(2.0 * t * std::log(p2_ / p1_)));
    case PathKind::linear: return t;
  }
  return 0.0;
}

double NoisingPath::alpha_derivative(double t) const {
  switch (kind_) {
    case PathKind::vp_linear:
    case PathKind::vp_cosine: return 0.5 * alpha_bar_derivative(t) / std::sqrt(alpha_bar(t));
    case PathKind::ve: return 0.0;
    case PathKind::linear: return -1.0;
  }
  return 0.0;
}

double NoisingPath::sigma_derivative(double t) const {
  switch (kind_) {
    case PathKind::vp_linear:
    case PathKind::vp_cosine: return -0.5 * alpha_bar_derivative(t) / sigma(t);
    case PathKind::ve: {
      const double L = std::log(p2_ / p1_);
      // σ² = σ_min²(e^{2Lt} − 1):  2σσ' = 2L σ_min² e^{2Lt}
      return L * p1_ * p1_ * std::exp(2.0 * L * t) / sigma(t);
    }
    case PathKind::linear: return 1.0;
  }
  return 0.0;
}

double NoisingPath::diffusion_squared(double t) const {
  switch (kind_) {
    case PathKind::vp_linear:
    case PathKind::vp_cosine: return -alpha_bar_derivative(t) / alpha_bar(t);  // β(t) = −ᾱ'/ᾱ
    case PathKind::ve: {
      const double L = std::log(p2_ / p1_);
      return 2.0 * L * p1_ * p1_ * std::exp(2.0 * L * t);
    }
    case PathKind::linear: return 2.0 * t + 2.0 * t * t / (1.0 - t);  // 2σσ' − 2(α'/α)σ²
  }
  return 0.0;
}

double NoisingPath::time_of_noise_ratio(double ratio) const {
  const double top = sigma(horizon_) / alpha(horizon_);
  ITO_REQUIRE_PARAMETER(ratio > 0 && ratio <= top, "noise ratio " << ratio << " outside (0, " << top << "] of the " << name()
                                                         << " path (sigma_T / alpha_T)");
  double lo = 0.0, hi = horizon_;
  for (int i = 0; i < 200 && hi - lo > 0; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    (sigma(mid) / alpha(mid) < ratio ? lo : hi) = mid;
  }
  return hi;
}

std::vector<double> NoisingPath::ddpm_alpha_bar(int K, double beta_1, double beta_K) {
  ITO_REQUIRE_PARAMETER(K >= 1 && beta_1 > 0 && beta_K >= beta_1 && beta_K < 1,
              "DDPM grid needs K >= 1 and 0 < beta_1 <= beta_K < 1");
  std::vector<double> out(K);
  double prod = 1.0;
  for (int k = 0; k < K; ++k) {
    const double beta = K == 1 ? beta_1 : beta_1 + (beta_K - beta_1) * k / (K - 1);
    prod *= 1.0 - beta;
    out[k] = prod;
  }
  return out;
}

}  // namespace ito::diffusion
