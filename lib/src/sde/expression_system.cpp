#include "ito/sde/expression_system.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "ito/core/error.hpp"

namespace ito::sde {

/// A spec that cannot be a system (its shape) is the user's input: ParameterError, like a parse error.
#define ITO_REQUIRE_PARAMETER(cond, msg)              \
  do {                                                \
    if (!(cond)) {                                    \
      std::ostringstream ito_os_;                     \
      ito_os_ << "expression system: " << msg;        \
      throw ::ito::ParameterError(ito_os_.str());     \
    }                                                 \
  } while (0)

namespace {

using Values = std::array<double, kMaxExpressionDim + 1>;  // x_1 … x_d, t

core::Expression compile(const std::string& what, const std::string& text, const std::vector<std::string>& variables,
                         const std::map<std::string, double>& parameters) {
  try {
    return core::Expression(text, variables, parameters);
  } catch (const ParameterError& e) {
    throw ParameterError(what + " " + e.what());
  }
}

Values values_of(double t, const double* x, int d) {
  Values v{};
  std::copy(x, x + d, v.begin());
  v[static_cast<std::size_t>(d)] = t;
  return v;
}

/// Central-difference step for component x: ε^{1/3} max(1, |x|) balances the O(δ²) truncation error with
/// the O(ε/δ) round-off error.
double fd_step(double x) {
  static const double base = std::cbrt(std::numeric_limits<double>::epsilon());
  return base * std::max(1.0, std::abs(x));
}

std::string format_point(double t, const double* x, const std::vector<std::string>& names) {
  std::ostringstream os;
  os.precision(6);
  os << "t = " << t;
  for (std::size_t l = 0; l < names.size(); ++l) os << ", " << names[l] << " = " << x[l];
  return os.str();
}

}  // namespace

std::vector<std::string> default_state_names(int dim) {
  std::vector<std::string> out;
  for (int i = 1; i <= dim; ++i) {
    std::string name = "x";
    name += std::to_string(i);
    out.push_back(name);
  }
  return out;
}

std::vector<std::string> system_variables(const std::vector<std::string>& state) {
  std::vector<std::string> v = state;
  v.emplace_back("t");
  return v;
}

std::vector<std::string> system_exact_variables(const std::vector<std::string>& state, int noise_dim) {
  std::vector<std::string> v{"t"};
  for (const auto& s : state) v.push_back(s + "_0");
  for (int j = 1; j <= noise_dim; ++j) {
    std::string w = "W";
    w += std::to_string(j);
    v.push_back(w);
  }
  if (noise_dim == 1) v.emplace_back("W");
  return v;
}

ExpressionSystem::ExpressionSystem(ExpressionSystemSpec spec) : spec_(std::move(spec)) {
  d_ = spec_.dim();
  m_ = spec_.noise_dim();
  ITO_REQUIRE_PARAMETER(d_ >= 1 && d_ <= kMaxExpressionDim,
              "an expression system has 1 to " << kMaxExpressionDim << " state components, got " << d_);
  ITO_REQUIRE_PARAMETER(m_ >= 1 && m_ <= kMaxExpressionNoise,
              "an expression system has 1 to " << kMaxExpressionNoise << " noises, got " << m_);
  if (spec_.state.empty()) spec_.state = default_state_names(d_);
  ITO_REQUIRE_PARAMETER(static_cast<int>(spec_.state.size()) == d_,
              d_ << " drift expressions for " << spec_.state.size() << " state names");
  ITO_REQUIRE_PARAMETER(static_cast<int>(spec_.diffusion.size()) == d_,
              "the diffusion has " << spec_.diffusion.size() << " rows, expected " << d_ << " (one per state component)");
  for (const auto& row : spec_.diffusion)
    ITO_REQUIRE_PARAMETER(static_cast<int>(row.size()) == m_, "every diffusion row needs the same number of noises (" << m_
                                                        << "), got a row of " << row.size());
  ITO_REQUIRE_PARAMETER(spec_.exact.empty() || static_cast<int>(spec_.exact.size()) == d_,
              "the exact solution has " << spec_.exact.size() << " expressions, expected " << d_);
  const auto& dg = spec_.diffusion_derivative;
  ITO_REQUIRE_PARAMETER(dg.empty() || static_cast<int>(dg.size()) == d_,
                        "the diffusion derivative has " << dg.size() << " blocks, expected " << d_
                                                        << " (d × m × d: [i][j][l] = ∂g_ij/∂x_l)");
  for (const auto& block : dg) {
    ITO_REQUIRE_PARAMETER(static_cast<int>(block.size()) == m_,
                          "every block of the diffusion derivative needs " << m_ << " rows (one per noise), got "
                                                                           << block.size());
    for (const auto& row : block)
      ITO_REQUIRE_PARAMETER(static_cast<int>(row.size()) == d_, "every row of the diffusion derivative needs "
                                                                    << d_ << " entries (one per state component), got "
                                                                    << row.size());
  }
  const auto vars = system_variables(spec_.state);
  for (int i = 0; i < d_; ++i)
    drift_.push_back(compile("drift[" + std::to_string(i) + "]", spec_.drift[i], vars, spec_.parameters));
  for (int i = 0; i < d_; ++i)
    for (int j = 0; j < m_; ++j)
      diffusion_.push_back(compile("diffusion[" + std::to_string(i) + "][" + std::to_string(j) + "]",
                                   spec_.diffusion[i][j], vars, spec_.parameters));
  for (int i = 0; i < static_cast<int>(dg.size()); ++i)
    for (int j = 0; j < m_; ++j)
      for (int l = 0; l < d_; ++l)
        jacobian_.push_back(compile("diffusion_derivative[" + std::to_string(i) + "][" + std::to_string(j) + "][" +
                                        std::to_string(l) + "]",
                                    dg[i][j][l], vars, spec_.parameters));
  const auto exact_vars = system_exact_variables(spec_.state, m_);
  for (int i = 0; i < static_cast<int>(spec_.exact.size()); ++i)
    exact_.push_back(
        compile("exact[" + std::to_string(i) + "]", spec_.exact[i], exact_vars, spec_.parameters));
}

void ExpressionSystem::drift(double t, const double* x, double* a) const {
  const Values v = values_of(t, x, d_);
  for (int i = 0; i < d_; ++i) a[i] = drift_[i].evaluate(v.data());
}

void ExpressionSystem::diffusion(double t, const double* x, double* g, int stride) const {
  const Values v = values_of(t, x, d_);
  for (int i = 0; i < d_; ++i)
    for (int j = 0; j < m_; ++j) g[i * stride + j] = diffusion_[i * m_ + j].evaluate(v.data());
}

void ExpressionSystem::diffusion_jacobian(double t, const double* x, double* jac) const {
  if (jacobian_.empty()) return central_difference_jacobian(t, x, jac);
  const Values v = values_of(t, x, d_);
  for (std::size_t e = 0; e < jacobian_.size(); ++e) jac[e] = jacobian_[e].evaluate(v.data());
}

void ExpressionSystem::central_difference_jacobian(double t, const double* x, double* jac, double* error) const {
  static const double eps = std::numeric_limits<double>::epsilon();
  Values v = values_of(t, x, d_);
  for (int l = 0; l < d_; ++l) {
    const double xl = v[l], delta = fd_step(xl);
    // The step actually taken (x ± δ rounded), so that the quotient divides by what was added.
    const double up = xl + delta, down = xl - delta, width = up - down;
    const double up2 = xl + 2 * delta, down2 = xl - 2 * delta, width2 = up2 - down2;
    for (int e = 0; e < d_ * m_; ++e) {
      v[l] = up;
      const double gu = diffusion_[e].evaluate(v.data());
      v[l] = down;
      const double gd = diffusion_[e].evaluate(v.data());
      const double d1 = gu == gd ? 0.0 : (gu - gd) / width;  // exactly 0 when g_e does not depend on x_l
      jac[e * d_ + l] = d1;
      if (error) {  // E = |D_δ − D_2δ| + ε (|g(x + δ)| + |g(x − δ)|) / (2δ) (header comment)
        v[l] = up2;
        const double gu2 = diffusion_[e].evaluate(v.data());
        v[l] = down2;
        const double gd2 = diffusion_[e].evaluate(v.data());
        const double d2 = gu2 == gd2 ? 0.0 : (gu2 - gd2) / width2;
        error[e * d_ + l] = std::abs(d1 - d2) + eps * (std::abs(gu) + std::abs(gd)) / width;
      }
    }
    v[l] = xl;
  }
}

void ExpressionSystem::diffusion_derivative_products(double t, const double* x, double* l, int stride) const {
  double g[kMaxExpressionDim * kMaxExpressionNoise];
  double jac[kMaxExpressionDim * kMaxExpressionNoise * kMaxExpressionDim];
  diffusion(t, x, g, m_);
  diffusion_jacobian(t, x, jac);
  for (int i = 0; i < d_; ++i)
    for (int j = 0; j < m_; ++j)
      for (int k = 0; k < m_; ++k) {
        double s = 0.0;
        for (int q = 0; q < d_; ++q) s += g[q * m_ + j] * jac[(i * m_ + k) * d_ + q];
        l[(i * stride + j) * stride + k] = s;
      }
}

void ExpressionSystem::exact(double t, const double* x0, const double* w, double* x) const {
  std::array<double, 1 + kMaxExpressionDim + kMaxExpressionNoise + 1> v{};
  v[0] = t;
  std::copy(x0, x0 + d_, v.begin() + 1);
  std::copy(w, w + m_, v.begin() + 1 + d_);
  if (m_ == 1) v[static_cast<std::size_t>(2 + d_)] = w[0];
  for (int i = 0; i < d_; ++i) x[i] = exact_[i].evaluate(v.data());
}

namespace {

/// The sample points of the noise-class checks: times 0, T/3, 2T/3, T, and states x0 moved component by
/// component by fixed multiples of max(1, |x0_l|) (a deterministic spread, so the checks are reproducible).
std::vector<std::pair<double, std::vector<double>>> sample_points(const std::vector<double>& x0, double T) {
  static constexpr double shifts[] = {0.0, 0.37, -0.61, 1.13, -1.29, 0.83, -0.17};
  std::vector<std::pair<double, std::vector<double>>> out;
  for (int k = 0; k < 7; ++k) {
    std::vector<double> x = x0;
    for (std::size_t l = 0; l < x.size(); ++l) x[l] += shifts[(k + 2 * l) % 7] * std::max(1.0, std::abs(x0[l]));
    out.emplace_back(T * (k % 4) / 3.0, std::move(x));
  }
  return out;
}

}  // namespace

std::string ExpressionSystem::check_noise_class(NoiseClass declared, const std::vector<double>& x0, double T) const {
  const int d = d_, m = m_;
  double g[kMaxExpressionDim * kMaxExpressionNoise];
  double jac[kMaxExpressionDim * kMaxExpressionNoise * kMaxExpressionDim];
  int finite_points = 0;
  for (const auto& [t, x] : sample_points(x0, T)) {
    diffusion(t, x.data(), g, m);
    central_difference_jacobian(t, x.data(), jac);  // the class is the expressions' g's, not a given Jacobian's
    bool finite = true;
    for (int e = 0; e < d * m; ++e) finite = finite && std::isfinite(g[e]);
    for (int e = 0; e < d * m * d; ++e) finite = finite && std::isfinite(jac[e]);
    if (!finite) continue;  // outside the expressions' domain (sqrt of a negative number, ...)
    ++finite_points;
    const std::string at = " at " + format_point(t, x.data(), spec_.state);
    auto entry = [&](int i, int j) {
      return "g[" + std::to_string(i) + "][" + std::to_string(j) + "] = \"" + spec_.diffusion[i][j] + "\"";
    };
    switch (declared) {
      case NoiseClass::additive:
      case NoiseClass::isotropic:
        for (int e = 0; e < d * m; ++e)
          for (int l = 0; l < d; ++l)
            if (jac[e * d + l] != 0.0)
              return entry(e / m, e % m) + " depends on " + spec_.state[l] + at + " (additive noise may not)";
        break;
      case NoiseClass::scalar:
        if (m != 1) return "scalar noise needs one noise, this diffusion has " + std::to_string(m);
        break;
      case NoiseClass::diagonal:
        if (m != d) return "diagonal noise needs as many noises as state components (" + std::to_string(d) + "), got " +
                           std::to_string(m);
        for (int i = 0; i < d; ++i)
          for (int j = 0; j < m; ++j) {
            if (i != j && g[i * m + j] != 0.0) return entry(i, j) + " is not 0" + at + " (diagonal noise)";
            for (int l = 0; l < d; ++l)
              if (i == j && l != i && jac[(i * m + j) * d + l] != 0.0)
                return entry(i, j) + " depends on " + spec_.state[l] + at + " (diagonal noise: g_ii of x_i only)";
          }
        break;
      case NoiseClass::commutative:
        for (int j = 0; j < m; ++j)
          for (int k = j + 1; k < m; ++k)
            for (int i = 0; i < d; ++i) {
              double ljk = 0.0, lkj = 0.0, scale = 0.0;
              for (int q = 0; q < d; ++q) {
                ljk += g[q * m + j] * jac[(i * m + k) * d + q];
                lkj += g[q * m + k] * jac[(i * m + j) * d + q];
                scale += std::abs(g[q * m + j] * jac[(i * m + k) * d + q]) + std::abs(g[q * m + k] * jac[(i * m + j) * d + q]);
              }
              if (std::abs(ljk - lkj) > 1e-6 * scale + 1e-12) {
                std::ostringstream os;
                os << "the diffusion columns " << j + 1 << " and " << k + 1 << " do not commute" << at
                   << ": component " << spec_.state[i] << " of L^" << j + 1 << " g_" << k + 1 << " = " << ljk
                   << " but of L^" << k + 1 << " g_" << j + 1 << " = " << lkj
                   << " (commutative noise needs them equal; Levy areas would be needed)";
                return os.str();
              }
            }
        break;
      case NoiseClass::general:
        break;
    }
  }
  if (finite_points == 0)
    return "the diffusion or its derivatives are not finite at any of the sample points around x0 (t in [0, T])";
  return "";
}

std::optional<ExpressionSystem::DerivativeMismatch> ExpressionSystem::check_diffusion_derivative(
    const std::vector<double>& x0, double T) const {
  if (jacobian_.empty()) return std::nullopt;
  constexpr double kFactor = 100.0;  // tolerance = kFactor × the central difference's error estimate E
  constexpr int kMaxJac = kMaxExpressionDim * kMaxExpressionNoise * kMaxExpressionDim;
  const int d = d_, m = m_;
  double g[kMaxExpressionDim * kMaxExpressionNoise], given[kMaxJac], fd[kMaxJac], error[kMaxJac];
  for (const auto& [t, x] : sample_points(x0, T)) {
    diffusion(t, x.data(), g, m);
    central_difference_jacobian(t, x.data(), fd, error);
    bool finite = true;
    for (int e = 0; e < d * m; ++e) finite = finite && std::isfinite(g[e]);
    for (int e = 0; e < d * m * d; ++e) finite = finite && std::isfinite(fd[e]) && std::isfinite(error[e]);
    if (!finite) continue;  // outside the expressions' domain, as in check_noise_class
    diffusion_jacobian(t, x.data(), given);
    for (int e = 0; e < d * m * d; ++e) {
      const double tolerance = kFactor * error[e];
      if (std::abs(given[e] - fd[e]) <= tolerance) continue;  // false for a NaN given value: refused
      const int i = e / (m * d), j = (e / d) % m, l = e % d;
      // One component and one noise (also the scalar expression model's ∂g/∂x): g, else g[i][j].
      const std::string entry =
          d == 1 && m == 1 ? "g" : "g[" + std::to_string(i) + "][" + std::to_string(j) + "]";
      std::ostringstream os;
      os.precision(10);
      os << "\"" << spec_.diffusion_derivative[i][j][l] << "\" (∂" << entry << "/∂" << spec_.state[l] << ") is "
         << given[e] << " at " << format_point(t, x.data(), spec_.state) << ", but central differences of " << entry
         << " = \"" << spec_.diffusion[i][j] << "\" give " << fd[e];
      os.precision(3);
      os << " (they differ by " << std::abs(given[e] - fd[e]) << "; tolerance " << tolerance
         << " = 100 × the central difference's error estimate)";
      return DerivativeMismatch{static_cast<std::size_t>(i), static_cast<std::size_t>(j),
                                static_cast<std::size_t>(l), os.str()};
    }
  }
  return std::nullopt;
}

NoiseClass ExpressionSystem::infer_noise_class(const std::vector<double>& x0, double T) const {
  for (NoiseClass c : {NoiseClass::additive, NoiseClass::scalar, NoiseClass::diagonal, NoiseClass::commutative})
    if (check_noise_class(c, x0, T).empty()) return c;
  return NoiseClass::general;
}

}  // namespace ito::sde
