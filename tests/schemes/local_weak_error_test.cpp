// Local weak errors computed without Monte Carlo: the one-step expectation E φ(Y_1) over the step's Gaussians
// (ΔW, and η for ΔZ) by tensor Gauss–Hermite quadrature (Golub–Welsch nodes), against E φ(X_h) of the exact
// solution. A method of global weak order p has local weak error O(h^{p+1}) (Milstein's theorem), so the slope
// of log|local error| against log h is p + 1.
// Findings (sinh problem dX = (√(1+X²) + X/2)dt + √(1+X²)dW, x = 0.3):
//  - SRIW1 (Rößler's SRI2W1 table): O(h³) for φ(x) = x but O(h^{2.5}) for φ(x) = h(asinh x), the weak test
//    functional — global weak order 1.5 here, not 2; its order metadata says 1.5 accordingly.
//  - Platen's weak order-2 scheme: O(h³) for x, x² and h(asinh x) — global weak order 2; also with two
//    commutative noises (the cross terms), with two non-commuting noises (PlatenWeak2General, its two-point
//    variables) and on a model with time-dependent drift and diffusion (which checks that the supporting values
//    are taken at t + h).
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <vector>

#include "ito/schemes/platen_weak2.hpp"
#include "ito/schemes/sriw1.hpp"
#include "ito/sde/sinh_weak.hpp"

namespace ito::schemes {
namespace {

// Probabilists' Gauss–Hermite rule (weight e^{−z²/2}/√(2π)) with n nodes, by Golub–Welsch.
struct GaussHermite {
  std::vector<double> z, w;
  explicit GaussHermite(int n) : z(n), w(n) {
    Eigen::MatrixXd J = Eigen::MatrixXd::Zero(n, n);
    for (int k = 1; k < n; ++k) J(k, k - 1) = J(k - 1, k) = std::sqrt(static_cast<double>(k));
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(J);
    for (int k = 0; k < n; ++k) {
      z[k] = es.eigenvalues()(k);
      w[k] = es.eigenvectors()(0, k) * es.eigenvectors()(0, k);
    }
  }
};

const GaussHermite& rule() {
  static const GaussHermite r(60);
  return r;
}

// E φ(Y_1) − E φ(X_h) on the sinh problem from x0 at t = 0, for a scheme that uses ΔW and ΔZ = I_(1,0).
template <class S, class Phi>
double sinh_local_weak_error(const S& scheme, double x0, double h, Phi phi) {
  const sde::SinhWeakSde model;
  const auto& [z, w] = rule();
  double scheme_mean = 0, exact_mean = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double dw = std::sqrt(h) * z[i];
    for (std::size_t j = 0; j < z.size(); ++j) {
      const double dz = 0.5 * h * (dw + std::sqrt(h / 3.0) * z[j]);  // ΔZ = I_(1,0), exact joint law with ΔW
      double y;
      scheme.step(model, 0.0, h, &x0, StepNoise{&dw, &dz}, &y);
      scheme_mean += w[i] * w[j] * phi(y);
    }
    exact_mean += w[i] * phi(std::sinh(h + dw + std::asinh(x0)));
  }
  return scheme_mean - exact_mean;
}

template <class S, class Phi>
double sinh_local_slope(const S& scheme, double h, Phi phi) {
  const double x0 = 0.3;
  const double e1 = sinh_local_weak_error(scheme, x0, h, phi), e2 = sinh_local_weak_error(scheme, x0, h / 2, phi);
  return std::log2(std::abs(e1 / e2));
}

const auto identity = [](double x) { return x; };
const auto square = [](double x) { return x * x; };
const auto weak_functional = [](double x) { return sde::SinhWeakSde::functional(x); };

TEST(LocalWeakError, Sriw1IsOrderThreeForTheMeanAndTwoAndAHalfForTheWeakFunctional) {
  EXPECT_NEAR(sinh_local_slope(Sriw1{}, 0.0125, identity), 3.0, 0.05) << "local weak error of E X";
  EXPECT_NEAR(sinh_local_slope(Sriw1{}, 0.0125, weak_functional), 2.5, 0.05) << "local weak error of E h(asinh X)";
  EXPECT_EQ((order_on<Sriw1, sde::SinhWeakSde>().weak), 1.5);
}

TEST(LocalWeakError, PlatenWeak2IsOrderThreeOnTheSinhProblem) {
  // The local slopes approach 3 from below (2.57, 2.80, 2.90, 2.95 for the functional from h = 0.05 halving).
  EXPECT_NEAR(sinh_local_slope(PlatenWeak2{}, 0.00625, identity), 3.0, 0.1) << "E X";
  EXPECT_NEAR(sinh_local_slope(PlatenWeak2{}, 0.00625, square), 3.0, 0.1) << "E X²";
  EXPECT_NEAR(sinh_local_slope(PlatenWeak2{}, 0.00625, weak_functional), 3.0, 0.1) << "E h(asinh X)";
  EXPECT_EQ((order_on<PlatenWeak2, sde::SinhWeakSde>().weak), 2.0);
}

// The sinh problem driven by two Wiener processes: dX = (√(1+X²) + X/2) dt + √(1+X²)(c₁ dW₁ + c₂ dW₂) with
// c₁² + c₂² = 1 has the pathwise solution X_t = sinh(t + c₁W₁ + c₂W₂ + asinh x0). Noise commutative
// (L^r g_j = c_r c_j x is symmetric in r, j) but neither scalar nor diagonal, and g is nonlinear, so the cross
// terms of the two-noise Platen scheme (second differences of g_j along g_r) are exercised.
struct TwoNoiseSinh {
  static constexpr int dim = 1, noise_dim = 2;
  static constexpr NoiseClass noise_class = NoiseClass::commutative;
  static constexpr Interpretation interpretation = Interpretation::ito;
  static constexpr double c[2] = {0.6, 0.8};
  void drift(double, const double* x, double* a) const { a[0] = std::sqrt(1.0 + x[0] * x[0]) + 0.5 * x[0]; }
  void diffusion(double, const double* x, double* g) const {
    const double s = std::sqrt(1.0 + x[0] * x[0]);
    g[0] = c[0] * s;
    g[1] = c[1] * s;
  }
};

template <class Phi>
double two_noise_local_weak_error(double x0, double h, Phi phi) {
  const TwoNoiseSinh model;
  const auto& [z, w] = rule();
  double scheme_mean = 0, exact_mean = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    for (std::size_t j = 0; j < z.size(); ++j) {
      const double dw[2] = {std::sqrt(h) * z[i], std::sqrt(h) * z[j]};
      double y;
      PlatenWeak2{}.step(model, 0.0, h, &x0, StepNoise{dw}, &y);
      scheme_mean += w[i] * w[j] * phi(y);
    }
    exact_mean += w[i] * phi(std::sinh(h + std::sqrt(h) * z[i] + std::asinh(x0)));  // c₁W₁ + c₂W₂ ~ N(0, h)
  }
  return scheme_mean - exact_mean;
}

TEST(LocalWeakError, PlatenWeak2IsOrderThreeWithTwoCommutativeNoises) {
  const double h = 0.00625, x0 = 0.3;
  for (const auto& [name, phi] : std::vector<std::pair<const char*, double (*)(double)>>{
           {"E X", [](double x) { return x; }},
           {"E X²", [](double x) { return x * x; }},
           {"E h(asinh X)", [](double x) { return sde::SinhWeakSde::functional(x); }}}) {
    const double e1 = two_noise_local_weak_error(x0, h, phi), e2 = two_noise_local_weak_error(x0, h / 2, phi);
    EXPECT_NEAR(std::log2(std::abs(e1 / e2)), 3.0, 0.1) << name;
  }
}

// A 2-D linear system with two non-commuting noise matrices (general noise):
//   dX = A X dt + B₁ X dW₁ + B₂ X dW₂,   B₁B₂ ≠ B₂B₁.
// One-step moments exactly: E X_h = e^{Ah} x, and M = E X Xᵀ solves M' = AM + MAᵀ + Σ_j B_j M B_jᵀ, a linear
// ODE for vec M with matrix K, so vec M(h) = e^{Kh} vec(x xᵀ) (Taylor series of e^{Kh}, ‖Kh‖ < 0.1).
// The scheme's one-step expectation: Gauss–Hermite over (ΔW₁, ΔW₂) (the step is polynomial in them) and the
// four equally likely sign pairs (σ₁, σ₂) behind the two-point variable V₁₂ = h σ₁σ₂.
struct GeneralLinear2d {
  static constexpr int dim = 2, noise_dim = 2;
  static constexpr NoiseClass noise_class = NoiseClass::general;
  static constexpr Interpretation interpretation = Interpretation::ito;
  Eigen::Matrix2d A{{-0.5, 0.3}, {0.2, -0.4}};
  Eigen::Matrix2d B[2] = {Eigen::Matrix2d{{0.3, 0.2}, {0.0, 0.1}}, Eigen::Matrix2d{{0.1, 0.0}, {0.4, 0.2}}};
  void drift(double, const double* x, double* a) const {
    const Eigen::Vector2d v = A * Eigen::Vector2d(x[0], x[1]);
    a[0] = v[0];
    a[1] = v[1];
  }
  void diffusion(double, const double* x, double* g) const {
    for (int j = 0; j < 2; ++j) {
      const Eigen::Vector2d column = B[j] * Eigen::Vector2d(x[0], x[1]);
      g[0 * 2 + j] = column[0];
      g[1 * 2 + j] = column[1];
    }
  }
};

// (E X₁, E X₂, E X₁², E X₁X₂, E X₂²) after one step from x: the scheme's minus the exact ones.
template <class Scheme>
Eigen::Matrix<double, 5, 1> general_noise_local_errors(const Scheme& scheme, double h) {
  const GeneralLinear2d model;
  const Eigen::Vector2d x(1.0, -0.6);
  const GaussHermite gh(10);
  Eigen::Matrix<double, 5, 1> m = Eigen::Matrix<double, 5, 1>::Zero();
  for (std::size_t a = 0; a < gh.z.size(); ++a)
    for (std::size_t b = 0; b < gh.z.size(); ++b)
      for (const double s1 : {-1.0, 1.0})
        for (const double s2 : {-1.0, 1.0}) {
          const double dw[2] = {std::sqrt(h) * gh.z[a], std::sqrt(h) * gh.z[b]}, signs[2] = {s1, s2};
          double y[2];
          scheme.step(model, 0.0, h, x.data(), StepNoise{dw, signs}, y);
          const double w = gh.w[a] * gh.w[b] * 0.25;
          m += w * Eigen::Matrix<double, 5, 1>(y[0], y[1], y[0] * y[0], y[0] * y[1], y[1] * y[1]);
        }
  // Exact: K acts on vec M (column-major, M(i,k) at i + 2k); built column by column from basis matrices.
  Eigen::Matrix4d K;
  for (int c = 0; c < 4; ++c) {
    Eigen::Matrix2d E = Eigen::Matrix2d::Zero();
    E(c % 2, c / 2) = 1.0;
    Eigen::Matrix2d image = model.A * E + E * model.A.transpose();
    for (const auto& Bj : model.B) image += Bj * E * Bj.transpose();
    K.col(c) = Eigen::Map<const Eigen::Vector4d>(image.data());
  }
  Eigen::Matrix4d expK = Eigen::Matrix4d::Identity(), term = Eigen::Matrix4d::Identity();
  Eigen::Matrix2d expA = Eigen::Matrix2d::Identity(), termA = Eigen::Matrix2d::Identity();
  for (int n = 1; n < 30; ++n) {
    term = term * K * h / n;
    expK += term;
    termA = termA * model.A * h / n;
    expA += termA;
  }
  const Eigen::Matrix2d start = x * x.transpose();
  const Eigen::Vector4d second = expK * Eigen::Map<const Eigen::Vector4d>(start.data());
  const Eigen::Vector2d mean = expA * x;
  return m - Eigen::Matrix<double, 5, 1>(mean[0], mean[1], second[0], second[1], second[3]);
}

TEST(LocalWeakError, PlatenWeak2GeneralIsOrderThreeWithNonCommutingNoise) {
  const GeneralLinear2d model;
  ASSERT_GT((model.B[0] * model.B[1] - model.B[1] * model.B[0]).norm(), 0.05) << "the noise must not commute";
  const double h = 0.02;
  const auto e1 = general_noise_local_errors(PlatenWeak2General{}, h);
  const auto e2 = general_noise_local_errors(PlatenWeak2General{}, h / 2);
  const char* names[5] = {"E X1", "E X2", "E X1^2", "E X1 X2", "E X2^2"};
  for (int k = 0; k < 5; ++k) EXPECT_NEAR(std::log2(std::abs(e1[k] / e2[k])), 3.0, 0.1) << names[k];
  EXPECT_EQ((order_on<PlatenWeak2General, GeneralLinear2d>().weak), 2.0);
  EXPECT_EQ((order_on<PlatenWeak2General, GeneralLinear2d>().strong), 0.5);
}

// dX = λ t X dt + (1 + t) X dW (Itô): X_{t+h} = x exp(∫ λs ds − ½∫(1+s)² ds + ∫(1+s) dW), so
//   E X_{t+h} = x e^{λ((t+h)² − t²)/2},   E X²_{t+h} = x² e^{λ((t+h)² − t²) + ((1+t+h)³ − (1+t)³)/3}.
struct TimeDependentLinear {
  static constexpr int dim = 1, noise_dim = 1;
  static constexpr NoiseClass noise_class = NoiseClass::scalar;
  static constexpr Interpretation interpretation = Interpretation::ito;
  double lambda = 0.8;
  void drift(double t, const double* x, double* a) const { a[0] = lambda * t * x[0]; }
  void diffusion(double t, const double* x, double* g) const { g[0] = (1.0 + t) * x[0]; }
};

// Local weak errors of E X and E X² from (t, x) = (0.5, 1.2).
std::pair<double, double> time_dependent_local_errors(double h) {
  const TimeDependentLinear model;
  const double t = 0.5, x = 1.2;
  const auto& [z, w] = rule();
  double m1 = 0, m2 = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double dw = std::sqrt(h) * z[i];
    double y;
    PlatenWeak2{}.step(model, t, h, &x, StepNoise{&dw}, &y);
    m1 += w[i] * y;
    m2 += w[i] * y * y;
  }
  const double drift_integral = model.lambda * ((t + h) * (t + h) - t * t) / 2;
  const double variance_integral = (std::pow(1 + t + h, 3) - std::pow(1 + t, 3)) / 3;
  return {m1 - x * std::exp(drift_integral), m2 - x * x * std::exp(2 * drift_integral + variance_integral)};
}

TEST(LocalWeakError, PlatenWeak2IsOrderThreeWithTimeDependentCoefficients) {
  const double h = 0.01;
  const auto [mean1, second1] = time_dependent_local_errors(h);
  const auto [mean2, second2] = time_dependent_local_errors(h / 2);
  EXPECT_NEAR(std::log2(std::abs(mean1 / mean2)), 3.0, 0.1) << "E X";
  EXPECT_NEAR(std::log2(std::abs(second1 / second2)), 3.0, 0.1) << "E X²";
}

}  // namespace
}  // namespace ito::schemes
