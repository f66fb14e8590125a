// Platen's explicit weak order-2 scheme (PlatenWeak2) and its form with two-point variables for general noise
// (PlatenWeak2General): the one-step formula, the refusals, the orders as data, and local weak errors O(h³)
// (weak order 2) computed without Monte Carlo (local_error.hpp) on
//  - the sinh problem dX = (√(1+X²) + X/2)dt + √(1+X²)dW (x = 0.3) for x, x² and h(asinh x);
//  - the sinh problem with two commutative noises (the cross terms);
//  - a 2-D linear system with non-commuting noise (PlatenWeak2General), where the two-point variables supply
//    exactly the commutator term of the second moments: without them the local weak error is O(h²);
//  - a model with time-dependent drift and diffusion (supporting values taken at t + h).
#include "ito/schemes/platen_weak2.hpp"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <vector>

#include "ito/sde/additive_decay.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/linear_system_2d.hpp"
#include "ito/sde/sinh_weak.hpp"
#include "local_error.hpp"

namespace ito::schemes {
namespace {

static_assert(!supports<PlatenWeak2, test::GeneralNoiseModel>, "general noise needs the two-point variables");
static_assert(!supports<PlatenWeak2, sde::StratonovichGeometricBrownianMotion>);
static_assert(!supports<PlatenWeak2General, sde::StratonovichGeometricBrownianMotion>);
static_assert(supports<PlatenWeak2General, test::GeneralNoiseModel> && supports<PlatenWeak2General, sde::SinhWeakSde>);
static_assert(supports<PlatenWeak2, sde::SinhWeakSde> && supports<PlatenWeak2, sde::AdditiveDecay> &&
              supports<PlatenWeak2, sde::LinearSystem2d>);

TEST(PlatenWeak2, OrdersPerNoiseClass) {
  EXPECT_EQ((order_on<PlatenWeak2, sde::SinhWeakSde>().weak), 2.0);
  EXPECT_EQ((order_on<PlatenWeak2, sde::SinhWeakSde>().strong), 1.0);
  EXPECT_EQ((order_on<PlatenWeak2General, test::GeneralNoiseModel>().weak), 2.0);
  EXPECT_EQ((order_on<PlatenWeak2General, test::GeneralNoiseModel>().strong), 0.5);
  EXPECT_EQ(PlatenWeak2General::companion, Companion::signs);
  EXPECT_THROW(require_supported<PlatenWeak2>(NoiseClass::general, Interpretation::ito, 2), ParameterError);
}

TEST(PlatenWeak2, OneStepFormula) {
  // Linear a = αx, g = βx: Ῡ = x(1 + αh + βΔW), R± = x(1 + αh ± β√h), so
  // Y = x + ½α(Ῡ + x)h + βx(1 + ½αh)ΔW + ½β²x(ΔW² − h).
  const double x0 = 2.0, h = 0.25, dw = 0.3, al = 1.01, be = 0.87;
  double y;
  PlatenWeak2{}.step(sde::GeometricBrownianMotion{}, 0.0, h, &x0, {&dw}, &y);
  const double pred = x0 * (1 + al * h + be * dw);
  EXPECT_NEAR(y,
              x0 + 0.5 * al * (pred + x0) * h + be * x0 * (1 + 0.5 * al * h) * dw + 0.5 * be * be * x0 * (dw * dw - h),
              1e-14);
}

TEST(PlatenWeak2, LocalWeakErrorIsOrderThreeOnTheSinhProblem) {
  // The local slopes approach 3 from below as h decreases; at h = 1/160 they are within 0.1 of it.
  const sde::SinhWeakSde sinh;
  const auto slope = [&](auto phi) {
    const double h = 0.00625, x0 = 0.3;
    return std::log2(std::abs(test::local_weak_error(PlatenWeak2{}, sinh, x0, h, phi) /
                              test::local_weak_error(PlatenWeak2{}, sinh, x0, h / 2, phi)));
  };
  EXPECT_NEAR(slope([](double x) { return x; }), 3.0, 0.1) << "E X";
  EXPECT_NEAR(slope([](double x) { return x * x; }), 3.0, 0.1) << "E X²";
  EXPECT_NEAR(slope([](double x) { return sde::SinhWeakSde::functional(x); }), 3.0, 0.1) << "E h(asinh X)";
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
  const auto& [z, w] = test::gauss_hermite();
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
  const test::GaussHermite gh(10);
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

// PlatenWeak2General with its two-point variables dropped (V = 0): what a path kernel that passed no signs
// would run.
struct PlatenWeak2WithoutV {
  static constexpr std::string_view name = "platen_weak2_without_v";
  static constexpr Companion companion = Companion::signs;
  template <sde::Model M>
  void step(const M& model, double t, double h, const double* x, StepNoise noise, double* x_next) const {
    detail::platen_weak2_cross_terms(model, t, h, std::sqrt(h), x, noise, nullptr, x_next);
  }
};

// For linear noise g_j = B_j x the difference quotients are exact, and the V terms of a step add
// ½ (B₂B₁ − B₁B₂) x · V₁₂ with V₁₂ = ±h independent of everything else: the means do not change, and
// E[Y_i Y_k] gains exactly ¼ c_i c_k h², c = (B₂B₁ − B₁B₂) x. Without V the local weak error of the second
// moments therefore has the term −¼ c_i c_k h² ≠ 0: weak order 1 instead of 2.
TEST(LocalWeakError, TheTwoPointVariablesSupplyTheCommutatorTermOfTheSecondMoments) {
  const GeneralLinear2d model;
  const Eigen::Vector2d x(1.0, -0.6);  // the start of general_noise_local_errors
  const Eigen::Vector2d c = (model.B[1] * model.B[0] - model.B[0] * model.B[1]) * x;
  for (const double h : {0.02, 0.005}) {
    const auto with = general_noise_local_errors(PlatenWeak2General{}, h);
    const auto without = general_noise_local_errors(PlatenWeak2WithoutV{}, h);
    EXPECT_NEAR(with[0], without[0], 1e-13);  // quadrature sums of O(1) values
    EXPECT_NEAR(with[1], without[1], 1e-13);
    const double expected[3] = {0.25 * c[0] * c[0] * h * h, 0.25 * c[0] * c[1] * h * h, 0.25 * c[1] * c[1] * h * h};
    for (int k = 0; k < 3; ++k)
      EXPECT_NEAR(with[2 + k] - without[2 + k], expected[k], 1e-6 * std::abs(expected[k])) << "h " << h << ", " << k;
  }
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
  const auto& [z, w] = test::gauss_hermite();
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
