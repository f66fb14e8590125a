#include "ito/convergence/converge.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <variant>

#include "ito/core/error.hpp"
#include "ito/core/expression.hpp"
#include "ito/core/mpi.hpp"
#include "ito/core/progress.hpp"
#include "ito/random/normal.hpp"
#include "ito/schemes.hpp"
#include "ito/schemes/registry.hpp"
#include "ito/sde.hpp"
#include "ito/sde/additive_nonlinear.hpp"

namespace ito::convergence {
namespace {

using sde::Interpretation;
using sde::NoiseClass;
template <NoiseClass C, Interpretation I, int M>
using Sys = sde::ExpressionSystemT<C, I, M>;
constexpr int kSysNoise = sde::kMaxExpressionNoise;

using AnyModel = std::variant<
    sde::OrnsteinUhlenbeck, sde::GeometricBrownianMotion, sde::StratonovichGeometricBrownianMotion, sde::CubicSde,
    sde::WaveSde, sde::AdditiveDecay, sde::LinearSystem2d, sde::SinhWeakSde, sde::AdditiveNonlinear,
    sde::ExpressionModel, sde::StratonovichExpressionModel,
    // expression systems: one type per noise class and calculus; one noise, or up to kMaxExpressionNoise
    Sys<NoiseClass::additive, Interpretation::ito, 1>, Sys<NoiseClass::scalar, Interpretation::ito, 1>,
    Sys<NoiseClass::additive, Interpretation::ito, kSysNoise>, Sys<NoiseClass::diagonal, Interpretation::ito, kSysNoise>,
    Sys<NoiseClass::commutative, Interpretation::ito, kSysNoise>, Sys<NoiseClass::general, Interpretation::ito, kSysNoise>,
    Sys<NoiseClass::additive, Interpretation::stratonovich, 1>, Sys<NoiseClass::scalar, Interpretation::stratonovich, 1>,
    Sys<NoiseClass::additive, Interpretation::stratonovich, kSysNoise>,
    Sys<NoiseClass::diagonal, Interpretation::stratonovich, kSysNoise>,
    Sys<NoiseClass::commutative, Interpretation::stratonovich, kSysNoise>,
    Sys<NoiseClass::general, Interpretation::stratonovich, kSysNoise>>;

const std::vector<std::string> kModels = {"ou",   "gbm",      "gbm_stratonovich", "cubic",
                                          "wave", "additive", "linear2d",         "sinh",
                                          "additive_nonlinear", "expression", "expression_system"};

template <class M>
constexpr bool is_expression_system = requires(const M& m) { m.system(); };

AnyModel make_model(const ConvergeProblem& p) {
  if (p.model == "ou") return sde::OrnsteinUhlenbeck{p.theta, p.mu, p.sigma};
  if (p.model == "gbm") return sde::GeometricBrownianMotion{p.alpha, p.beta};
  if (p.model == "gbm_stratonovich") return sde::StratonovichGeometricBrownianMotion{p.alpha, p.beta};
  if (p.model == "cubic") return sde::CubicSde{};
  if (p.model == "wave") return sde::WaveSde{};
  if (p.model == "additive") return sde::AdditiveDecay{p.alpha, p.beta};
  if (p.model == "linear2d") return sde::LinearSystem2d{p.a, p.c, p.b};
  if (p.model == "additive_nonlinear") return sde::AdditiveNonlinear{p.sigma};
  if (p.model == "expression") {
    if (p.stratonovich) return sde::StratonovichExpressionModel(p.expression);
    return sde::ExpressionModel(p.expression);
  }
  if (p.model == "expression_system") {
    return sde::visit_expression_system(std::make_shared<const sde::ExpressionSystem>(p.system), p.system_noise,
                                        p.stratonovich ? Interpretation::stratonovich : Interpretation::ito,
                                        [](auto model) -> AnyModel { return model; });
  }
  return sde::SinhWeakSde{};
}

/// The weak functional g(x): an expression in x (= x1), x1, …, xd (and an expression system's state names),
/// compiled once and evaluated path by path.
class WeakFunction {
 public:
  WeakFunction(const std::string& text, int dim) : g_(text, weak_function_variables(dim)), values_(dim + 1) {
    component_.push_back(0);
    for (int i = 0; i < dim; ++i) component_.push_back(i);
  }
  /// For an expression system: x, x1, …, xd, then the state names not among them.
  WeakFunction(const std::string& text, const ConvergeProblem& problem)
      : g_(text, weak_function_variables(problem)), values_(g_.variables().size()) {
    const int d = model_dimension(problem);
    component_.push_back(0);
    for (int i = 0; i < d; ++i) component_.push_back(i);
    const auto& names = g_.variables();
    for (std::size_t v = component_.size(); v < names.size(); ++v) {
      const auto& state = problem.system.state;
      component_.push_back(static_cast<int>(std::find(state.begin(), state.end(), names[v]) - state.begin()));
    }
  }
  double operator()(const double* x) {
    for (std::size_t v = 0; v < values_.size(); ++v) values_[v] = x[component_[v]];
    return g_.evaluate(values_.data());
  }

 private:
  core::Expression g_;
  std::vector<int> component_;  // the state component of each variable
  std::vector<double> values_;  // x, x1, …, xd (, names)
};

/// The state dimension the user sees (an expression system's d, not its padded size).
template <class M>
int active_dim(const M& model) {
  if constexpr (is_expression_system<M>)
    return model.system().dim();
  else
    return (void)model, M::dim;
}

template <class M>
constexpr bool has_exact_step = schemes::HasExactConvolutionStep<M>;

std::string format_number(double v) {
  std::ostringstream os;
  os.precision(8);
  os << v;
  return os.str();
}

std::string format_state(const double* x, int d) {
  std::string out = "(";
  for (int i = 0; i < d; ++i) out += (i ? ", " : "") + format_number(x[i]);
  return out + ")";
}

// A state at T that is not finite: the scheme (or the reference) blew up on path p. Checked in path order, so
// the path named is the first such one whatever the thread count.
void require_finite_state(const double* x, int d, std::size_t p, const std::string& what, const ConvergeProblem& pb) {
  for (int i = 0; i < d; ++i)
    if (!std::isfinite(x[i]))
      ito::detail::throw_error<NumericalError>("converge ", pb.model, ": ", what, " on path ", p,
                                               " is not finite at T = ", pb.T, ": X_T = ", format_state(x, d),
                                               " (the path blew up; reduce the step size or check the model)");
}

// g(X_T) that is not finite although X_T is: the weak function is to blame (log of a negative number, ...).
void require_finite_weak_value(double g, const double* x, int d, std::size_t p, const std::string& what,
                               const ConvergeProblem& pb) {
  if (!std::isfinite(g))
    ito::detail::throw_error<NumericalError>("converge ", pb.model, ": study.weak_function = \"", pb.weak_function,
                                             "\" is ", g, " at X_T = ", format_state(x, d), " of ", what, " on path ",
                                             p, " (a weak error needs g finite at every end point)");
}

/// Whether the model has an exact solution to compare with (expression models: only if one was given).
template <class M>
bool model_has_exact(const M& model) {
  if constexpr (requires { model.has_exact(); })
    return model.has_exact();
  else
    return sde::HasPathwiseExact<M> || has_exact_step<M>;
}

/// Index offset, in the path's Brownian stream, of the extra normals used below (beyond the companion
/// normals of ito/sde/brownian_path.hpp, which start at companion_index_offset = 2^40).
constexpr std::uint64_t kSecondCompanionOffset = std::uint64_t{2} << 40;

/// Exact OU solution on a path whose steps carry (ΔW, ΔZ) (Companion::time_integral), for schemes such as
/// SRA1. The exact step needs J = ∫ e^{−θ(h−s)} dW, jointly Gaussian with (ΔW, ΔZ = ∫(h−s) dW):
///   Cov(ΔW, J) = (1 − e^{−θh})/θ,   Cov(ΔZ, J) = (1 − e^{−θh}(1 + θh))/θ²,   Var J = (1 − e^{−2θh})/(2θ),
///   Var ΔW = h,  Cov(ΔW, ΔZ) = h²/2,  Var ΔZ = h³/3.
/// So J = E[J | ΔW, ΔZ] + √(Var J − cᵀΣ⁻¹c) η with an independent normal η, and the reference is the exact
/// solution jointly in law with the increments the scheme sees (drawing J from ΔW alone would not be).
template <class M>
std::vector<double> exact_ou_with_time_integrals(const M& model, const sde::BrownianIncrements& path,
                                                 std::uint32_t seed, std::uint64_t path_index, double x0) {
  const double th = model.convolution_rate(), h = path.grid.step_size();
  const long double e = std::exp(-static_cast<long double>(th) * h);
  const long double c1 = -std::expm1(-static_cast<long double>(th) * h) / th;
  const long double c2 = (1.0L - e * (1.0L + th * h)) / (static_cast<long double>(th) * th);
  const long double vj = -std::expm1(-2.0L * th * h) / (2.0L * th);
  const long double hh = h, det = hh * hh * hh * hh / 12.0L;
  const long double b1 = (hh * hh * hh / 3.0L * c1 - hh * hh / 2.0L * c2) / det;
  const long double b2 = (-hh * hh / 2.0L * c1 + hh * c2) / det;
  const long double resid = std::max(0.0L, vj - (b1 * c1 + b2 * c2));
  std::vector<double> eta(static_cast<std::size_t>(path.grid.steps()));
  random::NormalStream(seed, random::Purpose::brownian).fill(path_index, kSecondCompanionOffset, eta.size(), eta.data());
  double x = x0;
  for (std::int64_t n = 0; n < path.grid.steps(); ++n) {
    const double j = static_cast<double>(b1 * path.dW[n] + b2 * path.companions[n] + std::sqrt(resid) * eta[n]);
    double next;
    model.exact_step(path.grid.time(n), h, &x, &path.dW[n], &j, &next);
    x = next;
  }
  return {x};
}

template <class M, class S>
SchemeStudy study_scheme(const M& model, const S& scheme, const ConvergeProblem& pb, std::uint32_t seed,
                         bool self_convergence) {
  constexpr int d = M::dim, m = M::noise_dim;
  const int active_d = active_dim(model);
  const int finest = *std::max_element(pb.steps.begin(), pb.steps.end());
  const int base_steps = self_convergence ? finest * pb.reference_factor : finest;
  const core::TimeGrid base_grid(0.0, pb.T, base_steps);
  const std::size_t L = pb.steps.size();
  double rate = 0.0;
  if constexpr (S::companion == sde::Companion::ou_convolution) rate = model.convolution_rate();
  std::vector<double> x0 = pb.x0;
  x0.resize(d, 0.0);  // an expression system's padded components start (and stay) at 0
  // Weak errors against the given exact expectation: g_ref is that number on every path, and a weak-only
  // study needs no reference path (its strong samples are 0 and unused).
  const bool against_expectation = weak_against_exact_expectation(pb);
  const bool no_reference = against_expectation && pb.kind == StudyKind::weak;

  StudyOptions opt;
  for (int n : pb.steps) opt.dt.push_back(pb.T / n);
  opt.paths = pb.paths;
  opt.seed = seed;
  opt.bootstrap = pb.bootstrap;
  opt.weak_exact = pb.weak_exact;
  StudyAccumulator acc(opt, L);

  // Chunk by chunk: the chunk's paths in parallel, then their samples in path order into the accumulator,
  // so that memory does not grow with the number of paths.
  const std::size_t chunk = std::min(kStudyChunk, pb.paths);
  std::vector<double> err(chunk * L), states(chunk * L * d), ref_states(chunk * d), g_values(L);
  WeakFunction g = is_expression_system<M> ? WeakFunction(pb.weak_function, pb) : WeakFunction(pb.weak_function, d);
  // The names of the levels in error messages, made once (not per path and level: the loop below is serial).
  std::vector<std::string> level_names;
  for (std::size_t k = 0; k < L; ++k)
    level_names.push_back("scheme '" + std::string(S::name) + "' with dt = " + format_number(opt.dt[k]));
  core::Progress progress("converge " + std::string(S::name), pb.paths);
  for (std::size_t first = 0; first < pb.paths; first += chunk) {
    const std::size_t count = std::min(chunk, pb.paths - first);
    // Under MPI each rank simulates a share of the chunk's paths, and every rank gets all of their samples.
    const std::vector<core::mpi::ItemArray> samples{
        {err.data(), L}, {states.data(), L * d}, {ref_states.data(), static_cast<std::size_t>(d)}};
    core::mpi::distributed_blocks(count, 64, samples, [&](std::size_t, std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) {
        const std::size_t p = first + i;
        const auto base = sde::brownian_path(seed, p, base_grid, m, S::companion, rate);
        std::vector<double> ref(d);
        if (no_reference) {
          // no reference path: err below is |X^dt − 0|, unused (weak-only study)
        } else if (self_convergence) {
          ref = schemes::integrate_path(model, scheme, x0, base);
        } else if constexpr (sde::HasPathwiseExact<M>) {
          const auto w = base.W(base_grid.steps());  // (an expression model has one here: else self-convergence)
          model.exact(pb.T, x0.data(), w.data(), ref.data());
        } else if constexpr (has_exact_step<M> && S::companion == sde::Companion::time_integral) {
          static_assert(M::dim == 1 && M::noise_dim == 1);
          ref = exact_ou_with_time_integrals(model, base, seed, p, x0[0]);
        } else if constexpr (has_exact_step<M>) {
          const auto j = sde::brownian_path(seed, p, base_grid, m, sde::Companion::ou_convolution,
                                            model.convolution_rate());
          ref = schemes::integrate_path(model, schemes::ExactOrnsteinUhlenbeck{}, x0, j);
        }
        std::copy(ref.begin(), ref.end(), ref_states.begin() + i * d);
        for (std::size_t k = 0; k < L; ++k) {
          const int factor = base_steps / pb.steps[k];
          const auto y = factor == 1 ? schemes::integrate_path(model, scheme, x0, base)
                                     : schemes::integrate_path(model, scheme, x0, base.coarsen(factor));
          double e2 = 0;
          for (int c = 0; c < d; ++c) e2 += (y[c] - ref[c]) * (y[c] - ref[c]);
          err[i * L + k] = std::sqrt(e2);
          std::copy(y.begin(), y.end(), states.begin() + (i * L + k) * d);
        }
      }
      progress.advance(end - begin);
    });
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t p = first + i;
      double g_ref = 0.0;
      if (against_expectation) {
        g_ref = *pb.weak_exact;
      } else {
        require_finite_state(&ref_states[i * d], active_d, p, "the reference solution", pb);
        g_ref = g(&ref_states[i * d]);
        require_finite_weak_value(g_ref, &ref_states[i * d], active_d, p, "the reference solution", pb);
      }
      for (std::size_t k = 0; k < L; ++k) {
        const double* y = &states[(i * L + k) * d];
        require_finite_state(y, active_d, p, level_names[k], pb);
        g_values[k] = g(y);
        require_finite_weak_value(g_values[k], y, active_d, p, level_names[k], pb);
      }
      acc.add(&err[i * L], g_values.data(), g_ref);
    }
  }

  SchemeStudy out;
  out.scheme = std::string(S::name);
  const auto order = schemes::order_on<S, M>();
  out.expected_strong = order.strong;
  out.expected_weak = order.weak;
  out.result = acc.result();
  return out;
}

}  // namespace

const std::vector<std::string>& scheme_names() { return schemes::scheme_names(); }

const std::vector<std::string>& model_names() { return kModels; }

std::vector<std::string> weak_function_variables(int dim) {
  std::vector<std::string> names{"x"};
  for (int i = 1; i <= dim; ++i) {
    std::string name = "x";  // (not "x" + to_string(): GCC 12 reports a false -Wrestrict on that)
    name += std::to_string(i);
    names.push_back(name);
  }
  return names;
}

std::vector<std::string> weak_function_variables(const ConvergeProblem& problem) {
  auto names = weak_function_variables(model_dimension(problem));
  if (problem.model == "expression_system")
    for (const auto& s : problem.system.state)
      if (std::find(names.begin(), names.end(), s) == names.end()) names.push_back(s);
  return names;
}

int model_dimension(const ConvergeProblem& problem) {
  if (problem.model == "expression_system") return problem.system.dim();
  return std::visit([](const auto& m) { return std::decay_t<decltype(m)>::dim; }, make_model(problem));
}

std::string scheme_refusal(const ConvergeProblem& problem, const std::string& scheme) {
  return std::visit(
      [&](const auto& m, const auto& s) -> std::string {
        using M = std::decay_t<decltype(m)>;
        using S = std::decay_t<decltype(s)>;
        if constexpr (is_expression_system<M>)
          return schemes::padded_model_refusal<S>(m, problem.system_noise_reason);
        else
          return schemes::refusal<S>(m);
      },
      make_model(problem), schemes::scheme_by_name(scheme));
}

bool weak_against_exact_expectation(const ConvergeProblem& problem) {
  return problem.kind != StudyKind::strong && problem.weak_exact.has_value() &&
         (problem.reference == "fine" || !has_exact_solution(problem));
}

bool self_convergence(const ConvergeProblem& problem) {
  if (weak_against_exact_expectation(problem) && problem.kind == StudyKind::weak) return false;
  return problem.reference == "fine" || !has_exact_solution(problem);
}

double path_steps(const ConvergeProblem& problem) {
  const double finest = *std::max_element(problem.steps.begin(), problem.steps.end());
  return self_convergence(problem) ? finest * problem.reference_factor : finest;
}

double study_memory_bytes(const ConvergeProblem& problem, int threads) {
  const AnyModel model = make_model(problem);
  const int m = std::visit([](const auto& md) { return std::decay_t<decltype(md)>::noise_dim; }, model);
  const int d = std::visit([](const auto& md) { return std::decay_t<decltype(md)>::dim; }, model);
  bool companion = false;
  for (const auto& name : problem.schemes)
    companion = companion || std::visit([](const auto& s) { return std::decay_t<decltype(s)>::companion != sde::Companion::none; },
                                        schemes::scheme_by_name(name));
  // Per thread: the path's increments (and companions) on its finest grid, and a second path of that size
  // (a coarsened copy, or the exact OU step's companion path).
  const double per_thread = 2.0 * path_steps(problem) * m * 8.0 * (companion || !self_convergence(problem) ? 2.0 : 1.0);
  const double chunk = static_cast<double>(std::min(kStudyChunk, problem.paths));
  const double levels = static_cast<double>(problem.steps.size());
  return threads * per_thread + chunk * levels * (d + 1) * 8.0;
}

bool has_exact_solution(const ConvergeProblem& problem) {
  return std::visit([](const auto& m) { return model_has_exact(m); }, make_model(problem));
}

ConvergeReport run_converge(const ConvergeProblem& problem, std::uint32_t seed) {
  const AnyModel model = make_model(problem);
  const bool has_exact = std::visit([](const auto& m) { return model_has_exact(m); }, model);
  ConvergeReport report;
  for (int n : problem.steps) report.dt.push_back(problem.T / n);
  report.self_convergence = problem.reference == "fine" || !has_exact;  // = self_convergence(problem)
  const bool pathwise = std::visit([](const auto& m) { return sde::HasPathwiseExact<std::decay_t<decltype(m)>>; }, model);
  if (weak_against_exact_expectation(problem)) {
    report.weak_reference = "the exact expectation E g(X_T) = " + format_number(*problem.weak_exact) +
                            " (study.exact_value): weak error = mean g(X_T^dt) - E g(X_T)";
    if (problem.kind == StudyKind::weak) {
      report.self_convergence = false;
      report.reference = report.weak_reference;
    }
  }
  if (!report.reference.empty()) {
    // set above: a weak-only study against the exact expectation
  } else if (report.self_convergence) {
    const int finest = *std::max_element(problem.steps.begin(), problem.steps.end());
    report.reference = "self-convergence: the same scheme with " +
                       std::to_string(finest * problem.reference_factor) +
                       " steps on the same Brownian path (no exact solution used)";
  } else {
    report.reference = pathwise ? "exact solution on the same Brownian path"
                                : "exact Ornstein-Uhlenbeck step on the finest grid of the same Brownian path";
  }
  for (const auto& name : problem.schemes) {
    report.schemes.push_back(std::visit(
        [&](const auto& m, const auto& s) -> SchemeStudy {
          using M = std::decay_t<decltype(m)>;
          using S = std::decay_t<decltype(s)>;
          if constexpr (schemes::supports<S, M>) {
            return study_scheme(m, s, problem, seed, report.self_convergence);
          } else {
            throw ParameterError(schemes::refusal<S>(m));
          }
        },
        model, schemes::scheme_by_name(name)));
  }
  return report;
}

}  // namespace ito::convergence
