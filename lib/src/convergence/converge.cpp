#include "ito/convergence/converge.hpp"

#include <muParser.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <variant>
#include <utility>

#include "ito/core/error.hpp"
#include "ito/core/parallel.hpp"
#include "ito/core/progress.hpp"
#include "ito/random/normal.hpp"
#include "ito/schemes.hpp"
#include "ito/sde.hpp"
#include "ito/sde/additive_nonlinear.hpp"

namespace ito::convergence {
namespace {

using AnyModel = std::variant<sde::OrnsteinUhlenbeck, sde::GeometricBrownianMotion,
                              sde::StratonovichGeometricBrownianMotion, sde::CubicSde, sde::WaveSde,
                              sde::AdditiveDecay, sde::LinearSystem2d, sde::SinhWeakSde,
                              sde::AdditiveNonlinear, sde::ExpressionModel, sde::StratonovichExpressionModel>;
using AnyScheme = std::variant<schemes::EulerMaruyama, schemes::EulerHeun, schemes::Milstein,
                               schemes::RungeKuttaMilstein, schemes::Sriw1, schemes::Sra1,
                               schemes::PlatenWeak2, schemes::PlatenWeak2General,
                               schemes::ExactOrnsteinUhlenbeck>;

const std::vector<std::string> kModels = {"ou",   "gbm",      "gbm_stratonovich", "cubic",
                                          "wave", "additive", "linear2d",         "sinh",
                                          "additive_nonlinear", "expression"};

template <std::size_t I = 0>
AnyScheme scheme_by_name(const std::string& name) {
  if constexpr (I < std::variant_size_v<AnyScheme>) {
    using S = std::variant_alternative_t<I, AnyScheme>;
    if (name == S::name) return S{};
    return scheme_by_name<I + 1>(name);
  } else {
    throw Error("unknown scheme " + name);
  }
}

std::vector<std::string> all_scheme_names() {
  std::vector<std::string> out;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (out.emplace_back(std::variant_alternative_t<I, AnyScheme>::name), ...);
  }(std::make_index_sequence<std::variant_size_v<AnyScheme>>{});
  return out;
}

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
  return sde::SinhWeakSde{};
}

/// Why scheme S cannot run model M ("" when it can).
template <class S, class M>
std::string refusal() {
  if constexpr (schemes::supports<S, M>) {
    return "";
  } else {
    try {
      schemes::require_supported<S>(M::noise_class, M::interpretation, M::noise_dim);
    } catch (const ParameterError& e) {
      return e.what();
    }
    return "scheme '" + std::string(S::name) + "' needs something this model does not provide (" +
           std::string(S::refusal_hint) + ")";
  }
}

/// The weak functional g, a muparser expression in x (= x1), x1, x2, … compiled once.
class WeakFunction {
 public:
  WeakFunction(const std::string& expr, int dim) : vars_(std::max(dim, 1)) {
    parser_.DefineVar("x", &vars_[0]);
    for (int i = 0; i < dim; ++i) {
      std::string name = "x";  // (not "x" + to_string(): GCC 12 reports a false -Wrestrict on that)
      name += std::to_string(i + 1);
      parser_.DefineVar(name, &vars_[i]);
    }
    parser_.SetExpr(expr);
    parser_.Eval();  // compiles to bytecode; throws on a syntax error or an unknown variable
  }
  double operator()(const double* x) {
    std::copy(x, x + vars_.size(), vars_.begin());
    return parser_.Eval();
  }

 private:
  std::vector<double> vars_;
  mu::Parser parser_;
};

template <class M>
constexpr bool has_exact_step = schemes::HasExactConvolutionStep<M>;

/// Whether the model has an exact solution to compare with (expression models: only if one was given).
template <class M>
bool has_exact_solution(const M& model) {
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
  const double th = model.convolution_rate(), h = path.h;
  const long double e = std::exp(-static_cast<long double>(th) * h);
  const long double c1 = -std::expm1(-static_cast<long double>(th) * h) / th;
  const long double c2 = (1.0L - e * (1.0L + th * h)) / (static_cast<long double>(th) * th);
  const long double vj = -std::expm1(-2.0L * th * h) / (2.0L * th);
  const long double hh = h, det = hh * hh * hh * hh / 12.0L;
  const long double b1 = (hh * hh * hh / 3.0L * c1 - hh * hh / 2.0L * c2) / det;
  const long double b2 = (-hh * hh / 2.0L * c1 + hh * c2) / det;
  const long double resid = std::max(0.0L, vj - (b1 * c1 + b2 * c2));
  std::vector<double> eta(static_cast<std::size_t>(path.steps));
  random::NormalStream(seed, random::Purpose::brownian).fill(path_index, kSecondCompanionOffset, eta.size(), eta.data());
  double x = x0;
  for (int n = 0; n < path.steps; ++n) {
    const double j = static_cast<double>(b1 * path.dW[n] + b2 * path.companions[n] + std::sqrt(resid) * eta[n]);
    double next;
    model.exact_step(path.time(n), h, &x, &path.dW[n], &j, &next);
    x = next;
  }
  return {x};
}

template <class M, class S>
SchemeStudy study_scheme(const M& model, const S& scheme, const ConvergeProblem& pb, std::uint32_t seed,
                         bool self_convergence) {
  constexpr int d = M::dim, m = M::noise_dim;
  const int finest = *std::max_element(pb.steps.begin(), pb.steps.end());
  const int base_steps = self_convergence ? finest * pb.reference_factor : finest;
  const std::size_t L = pb.steps.size();
  double rate = 0.0;
  if constexpr (S::companion == sde::Companion::ou_convolution) rate = model.convolution_rate();
  const std::vector<double> x0 = pb.x0;

  StudySamples s;
  s.paths = pb.paths;
  s.levels = L;
  s.err.assign(s.paths * L, 0.0);
  s.g.assign(s.paths * L, 0.0);
  s.g_ref.assign(s.paths, 0.0);
  std::vector<double> states(s.paths * L * d), ref_states(s.paths * d);

  core::Progress progress("converge " + std::string(S::name), s.paths);
  core::parallel_blocks(s.paths, 64, [&](std::size_t, std::size_t begin, std::size_t end) {
    for (std::size_t p = begin; p < end; ++p) {
      const auto base = sde::brownian_path(seed, p, pb.T, base_steps, m, S::companion, rate);
      std::vector<double> ref(d);
      if (self_convergence) {
        ref = schemes::integrate_path(model, scheme, x0, base);
      } else if constexpr (sde::HasPathwiseExact<M>) {
        const auto w = base.W(base.steps);
        model.exact(pb.T, x0.data(), w.data(), ref.data());
      } else if constexpr (has_exact_step<M> && S::companion == sde::Companion::time_integral) {
        static_assert(M::dim == 1 && M::noise_dim == 1);
        ref = exact_ou_with_time_integrals(model, base, seed, p, x0[0]);
      } else if constexpr (has_exact_step<M>) {
        const auto j = sde::brownian_path(seed, p, pb.T, base_steps, m, sde::Companion::ou_convolution,
                                          model.convolution_rate());
        ref = schemes::integrate_path(model, schemes::ExactOrnsteinUhlenbeck{}, x0, j);
      }
      std::copy(ref.begin(), ref.end(), ref_states.begin() + p * d);
      for (std::size_t k = 0; k < L; ++k) {
        const int factor = base_steps / pb.steps[k];
        const auto y = factor == 1 ? schemes::integrate_path(model, scheme, x0, base)
                                   : schemes::integrate_path(model, scheme, x0, base.coarsen(factor));
        double e2 = 0;
        for (int i = 0; i < d; ++i) e2 += (y[i] - ref[i]) * (y[i] - ref[i]);
        s.err[p * L + k] = std::sqrt(e2);
        std::copy(y.begin(), y.end(), states.begin() + (p * L + k) * d);
      }
    }
    progress.advance(end - begin);
  });
  WeakFunction g(pb.weak_function, d);
  for (std::size_t p = 0; p < s.paths; ++p) {
    s.g_ref[p] = g(&ref_states[p * d]);
    for (std::size_t k = 0; k < L; ++k) s.g[p * L + k] = g(&states[(p * L + k) * d]);
  }

  StudyOptions opt;
  for (int n : pb.steps) opt.dt.push_back(pb.T / n);
  opt.paths = pb.paths;
  opt.seed = seed;
  opt.bootstrap = pb.bootstrap;
  opt.weak_exact = pb.weak_exact;
  SchemeStudy out;
  out.scheme = std::string(S::name);
  const auto order = schemes::order_on<S, M>();
  out.expected_strong = order.strong;
  out.expected_weak = order.weak;
  out.result = summarize(opt, s);
  return out;
}

}  // namespace

const std::vector<std::string>& scheme_names() {
  static const std::vector<std::string> names = all_scheme_names();
  return names;
}

const std::vector<std::string>& model_names() { return kModels; }

ConvergeProblem read_converge_problem(io::Params& params) {
  using io::Range;
  ConvergeProblem p;
  p.model = params.string("sde.model", std::nullopt, kModels);
  if (p.model == "ou") {
    p.theta = params.real("sde.theta", 1.0, Range::positive());
    p.mu = params.real("sde.mu", 0.0);
    p.sigma = params.real("sde.sigma", 1.0, Range::positive());
  } else if (p.model == "gbm" || p.model == "gbm_stratonovich") {
    p.alpha = params.real("sde.alpha", 1.01);
    p.beta = params.real("sde.beta", 0.87, Range::positive());
  } else if (p.model == "expression") {
    p.stratonovich = params.string("sde.interpretation", "ito", {"ito", "stratonovich"}) == "stratonovich";
    p.expression.drift = params.string("sde.drift");
    p.expression.diffusion = params.string("sde.diffusion");
    p.expression.diffusion_derivative = params.string("sde.diffusion_derivative", "");
    p.expression.exact = params.string("sde.exact", "");
    for (const auto& k : params.table_keys("sde.parameters"))
      p.expression.parameters[k] = params.real("sde.parameters." + k);
    // Compile each expression alone so that an error points at its own key.
    const std::pair<const char*, std::string sde::ExpressionSpec::*> fields[] = {
        {"sde.drift", &sde::ExpressionSpec::drift},
        {"sde.diffusion", &sde::ExpressionSpec::diffusion},
        {"sde.diffusion_derivative", &sde::ExpressionSpec::diffusion_derivative},
        {"sde.exact", &sde::ExpressionSpec::exact}};
    for (const auto& [key, member] : fields) {
      sde::ExpressionSpec one{"0", "0", "", "", p.expression.parameters};
      one.*member = p.expression.*member;
      if (one.*member == "") continue;
      try {
        sde::ExpressionModel check(one);
      } catch (const ParameterError& e) {
        params.fail(key, e.what());
      }
    }
  } else if (p.model == "additive_nonlinear") {
    p.sigma = params.real("sde.sigma", 2.0, Range::positive());
  } else if (p.model == "additive") {
    p.alpha = params.real("sde.alpha", 1.0, Range::positive());
    p.beta = params.real("sde.beta", 1.0, Range::positive());
  } else if (p.model == "linear2d") {
    p.a = params.real("sde.a", -0.99);
    p.c = params.real("sde.c", 1.0);
    p.b = params.real("sde.b", 0.87, Range::positive());
  }
  const int dim = std::visit([](const auto& m) { return std::decay_t<decltype(m)>::dim; }, make_model(p));
  const double default_x0 = p.model == "gbm" || p.model == "gbm_stratonovich" || p.model == "cubic" ? 0.5
                            : p.model == "wave"                                                     ? 1.0
                            : p.model == "linear2d"                                                 ? 1.0
                                                                                                    : 0.0;
  p.x0 = params.reals("sde.x0", std::vector<double>(dim, default_x0));
  if (static_cast<int>(p.x0.size()) != dim)
    params.fail("sde.x0", "expected " + std::to_string(dim) + " value(s) for model '" + p.model + "', got " +
                              std::to_string(p.x0.size()));
  if (p.model == "cubic" && std::abs(p.x0[0]) >= 1.0)
    params.fail("sde.x0", "the cubic model needs |x0| < 1");

  p.T = params.real("study.T", 1.0, Range::positive());
  const auto steps = params.reals("study.steps", std::vector<double>{16, 32, 64, 128, 256}, Range::at_least(1));
  if (steps.size() < 2) params.fail("study.steps", "expected at least two levels (step counts)");
  for (double n : steps) {
    if (n != std::floor(n) || n > 1e7) params.fail("study.steps", "expected integer step counts <= 1e7");
    p.steps.push_back(static_cast<int>(n));
  }
  const int finest = *std::max_element(p.steps.begin(), p.steps.end());
  for (int n : p.steps)
    if (finest % n != 0)
      params.fail("study.steps", "every step count must divide the finest (" + std::to_string(finest) + "), " +
                                     std::to_string(n) + " does not");
  p.paths = static_cast<std::size_t>(params.integer("study.paths", 10000, Range::between(10, 1e8)));
  const std::string kind = params.string("study.kind", "strong", {"strong", "weak", "both"});
  p.kind = kind == "strong" ? StudyKind::strong : kind == "weak" ? StudyKind::weak : StudyKind::both;
  p.schemes = params.strings("study.schemes", std::nullopt, scheme_names());
  if (p.schemes.empty()) params.fail("study.schemes", "expected at least one scheme");
  p.weak_function = params.string("study.weak_function", p.model == "sinh" ? "asinh(x)^3 - 6*asinh(x)^2 + 8*asinh(x)" : "x");
  try {
    WeakFunction check(p.weak_function, dim);
  } catch (const mu::Parser::exception_type& e) {
    params.fail("study.weak_function", "cannot compile expression \"" + p.weak_function + "\": " + e.GetMsg() +
                                           " (at position " + std::to_string(e.GetPos()) + ")");
  }
  if (params.has("study.weak_exact")) {
    p.weak_exact = params.real("study.weak_exact");
  } else if (p.model == "sinh" && !params.has("study.weak_function")) {
    p.weak_exact = sde::SinhWeakSde::functional_mean(p.T, p.x0[0]);
  }
  p.reference = params.string("study.reference", "auto", {"auto", "exact", "fine"});
  p.reference_factor = static_cast<int>(params.integer("study.reference_factor", 8, Range::between(2, 1024)));
  p.bootstrap = static_cast<int>(params.integer("study.bootstrap", 200, Range::between(0, 100000)));

  const AnyModel model = make_model(p);
  for (const auto& name : p.schemes) {
    const std::string why = std::visit(
        [](const auto& m, const auto& s) -> std::string {
          using S = std::decay_t<decltype(s)>;
          using M = std::decay_t<decltype(m)>;
          std::string r = refusal<S, M>();
          if (r.empty()) {
            try {
              schemes::require_model_capabilities<S>(m);
            } catch (const ParameterError& e) {
              r = e.what();
            }
          }
          return r;
        },
        model, scheme_by_name(name));
    if (!why.empty()) params.fail("study.schemes", why + " (model '" + p.model + "')");
  }
  const bool has_exact = std::visit([](const auto& m) { return has_exact_solution(m); }, model);
  if (p.reference == "exact" && !has_exact)
    params.fail("study.reference", "model '" + p.model + "' has no exact solution; use \"fine\" or \"auto\"");
  return p;
}

ConvergeReport run_converge(const ConvergeProblem& problem, std::uint32_t seed) {
  const AnyModel model = make_model(problem);
  const bool has_exact = std::visit([](const auto& m) { return has_exact_solution(m); }, model);
  ConvergeReport report;
  for (int n : problem.steps) report.dt.push_back(problem.T / n);
  report.self_convergence = problem.reference == "fine" || !has_exact;
  const bool pathwise = std::visit([](const auto& m) { return sde::HasPathwiseExact<std::decay_t<decltype(m)>>; }, model);
  if (report.self_convergence) {
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
            throw ParameterError(refusal<S, M>());
          }
        },
        model, scheme_by_name(name)));
  }
  return report;
}

}  // namespace ito::convergence
