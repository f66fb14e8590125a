#pragma once
// The reference Feynman–Kac problems of `ito feynman-kac`: a model, a path functional and its exact value,
// solved by plain Monte Carlo or by multilevel Monte Carlo (ito::monte_carlo). This is the one library entry
// point the CLI calls.
//
//   kind                 model (ito::sde)                          functional                    exact
//   european_call        GBM dS = rS dt + σS dW                     e^{−rT}(S_T − K)⁺              Black–Scholes
//   digital_call         GBM                                        e^{−rT} K 1{S_T > K}           e^{−rT} K Φ(d2)
//   lookback_call        GBM                                        e^{−rT}(S_T − min S)           Goldman–Sosin–Gatto
//   lookback_put         GBM                                        e^{−rT}(max S − S_T)           Goldman–Sosin–Gatto
//   down_and_out_call    GBM                                        e^{−rT}(S_T − K)⁺ 1{min S > H}  Rubinstein–Reiner
//   heat_gaussian        X = x + √(2D) W (OU with θ = 0)            exp(−X_t²/(2s²))               heat kernel
//   ou_mean              OU dX = θ(μ − X)dt + σ dW                  X_T                            m
//   ou_second_moment     OU                                         X_T²                           m² + v
//   ou_cosine            OU                                         cos(k X_T)                     cos(km) e^{−k²v/2}
//   ou_running_cost      OU                                         −∫₀ᵀ X_s ds (f(x) = x)          −(μT + (x−μ)(1−e^{−θT})/θ)
//   vasicek_bond         OU short rate r                            e^{−∫₀ᵀ r_s ds}                 Vasicek
//   exit_time            X = x + √(2D) W on (0, L)                   τ (bridge-corrected)            x(L − x)/(2D)
//   expression           dX = a(t,X)dt + g(t,X)dW from expressions   general Feynman–Kac functional  optional, given
//                        (ito::sde::ExpressionModel)                 with φ(x), f(t,x), r(t,x) expressions
//                                                                    and named running functionals
//                                                                    (averages, extrema, integrals) in φ
//   expression_system    dX = a(t,X)dt + Σ_j g_j(t,X)dW_j, d and m   the same functional, φ, f, r in the
//                        <= 4, from expressions (Itô/Stratonovich;   state names and t, with the same named
//                        ito::sde::ExpressionSystem, padded)         running functionals (of expressions in
//                                                                    the state names; extrema of a component
//                                                                    bridge-corrected) and control variates
// Continuous monitoring (lookback, barrier, exit) uses the Brownian-bridge corrections of lookback.hpp,
// barrier.hpp and exit_time.hpp; for GBM they act on log S, where they are exact.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ito/feynman_kac/black_scholes.hpp"
#include "ito/feynman_kac/functional.hpp"
#include "ito/feynman_kac/running_functionals.hpp"
#include "ito/monte_carlo/estimate.hpp"
#include "ito/monte_carlo/mlmc.hpp"
#include "ito/sde/expression_model.hpp"
#include "ito/sde/expression_system.hpp"

namespace ito::feynman_kac {

enum class ProblemKind {
  european_call,
  digital_call,
  lookback_call,
  down_and_out_call,
  lookback_put,
  heat_gaussian,
  ou_mean,
  ou_second_moment,
  ou_cosine,
  ou_running_cost,
  vasicek_bond,
  exit_time,
  expression,
  expression_system,
};

/// Names as used in parameter files ("european_call", ...), in enum order.
const std::vector<std::string>& problem_kind_names();
ProblemKind problem_kind_from_name(const std::string& name);
/// True for the problems driven by geometric Brownian motion.
bool is_black_scholes_problem(ProblemKind kind);
bool is_ornstein_uhlenbeck_problem(ProblemKind kind);
bool is_brownian_problem(ProblemKind kind);
/// The scalar expression model (kind = expression).
bool is_expression_problem(ProblemKind kind);
/// The d-dimensional expression system (kind = expression_system).
bool is_expression_system_problem(ProblemKind kind);

/// Scheme names: "exact", the exact step of the problem's model (pathwise exact GBM step, exact OU step,
/// Euler–Maruyama for Brownian motion, which is exact there, or the pathwise exact step of an expression model
/// with an exact solution), then every scheme of ito/schemes/registry.hpp; solve() refuses a scheme the
/// problem's model does not support (schemes::refusal).
const std::vector<std::string>& scheme_names();

struct ProblemSpec;
/// Why problem.scheme cannot be used on the problem's model ("" when it can): an unknown name, a former
/// spelling (with the current one), or the scheme's refusal of the model's noise class, interpretation or
/// missing derivative (the same words as `ito converge`).
std::string scheme_refusal(const ProblemSpec& problem);

struct ProblemSpec {
  ProblemKind kind = ProblemKind::european_call;
  // Black–Scholes problems.
  BlackScholesMarket market;
  double barrier = 85.0;
  // Ornstein–Uhlenbeck problems: X_0 = x0 (r0 for the bond), horizon T.
  double x0 = 1.0, theta = 1.0, mu = 0.0, sigma = 1.0, horizon = 1.0, wave_number = 1.0;
  // Brownian problems: start x, diffusivity D, heat: time t (= horizon) and initial width s; exit: length L.
  double diffusivity = 0.5, width = 1.0, length = 1.0;
  /// Exit time: the path is followed up to this time (the tail P(τ > max_time) is neglected).
  double max_time = 10.0;
  // Expression problems: model a(t,x), g(t,x) (+ optional ∂g/∂x for Milstein, exact X_t(t, x0, W) for
  // "exact") and the functional e^{−∫r} φ(X_T) − ∫ e^{−∫r} f ds, all muparser expressions in x, t and the
  // named constants of model_expressions.parameters; started at x0 over [0, horizon].
  sde::ExpressionSpec model_expressions;
  std::string payoff = "x", running_cost = "0", rate = "0";
  std::optional<double> known_exact;  ///< exact value supplied by the user (expression problems)
  /// Expression problems and systems, path functionals (running_functionals.hpp): named running functionals,
  /// name → "kind(argument)", whose names payoff and control_variate may use beside the state (x, or the
  /// system's state names) and t; their monitoring; and an optional control variate ψ (same variables;
  /// discounted as the payoff) with its known mean e^{−∫r}E[ψ] (Monte Carlo only). With neither functionals
  /// nor a control the problem runs as before them (FeynmanKacFunctional). `bridge` (below) is the coordinates
  /// of the continuously monitored extrema.
  std::map<std::string, std::string> functionals;
  Monitoring monitoring = Monitoring::continuous;
  std::string control_variate;  ///< "" : none
  double control_mean = 0.0;
  /// Expression systems (kind = expression_system): the model (sde/expression_system.hpp), read as Itô or
  /// Stratonovich, with its noise class (declared and checked, or inferred; system_noise_reason says which,
  /// and why a general class is not commutative, for the schemes' refusals) and its start (d numbers), over
  /// [0, horizon]. payoff, running_cost and rate are then expressions in the state names and t; known_exact
  /// is the user's exact value.
  sde::ExpressionSystemSpec system;
  bool stratonovich = false;
  sde::NoiseClass system_noise = sde::NoiseClass::general;
  std::string system_noise_reason;
  std::vector<double> system_x0;
  std::string scheme = "exact";
  /// Time steps (Monte Carlo) or level-0 steps M0 (MLMC); exit time: step size = max_time / steps.
  std::int64_t steps = 1;
  BridgeCoordinates bridge = BridgeCoordinates::logarithmic;
  bool operator==(const ProblemSpec&) const = default;
};

enum class Method { monte_carlo, multilevel };

struct RunSpec {
  Method method = Method::monte_carlo;
  std::int64_t paths = 100000;  ///< Monte Carlo samples
  bool antithetic = false;
  monte_carlo::MlmcOptions mlmc;  ///< MLMC options (its seed is overwritten by `seed`)
  std::uint32_t seed = 0;
  bool operator==(const RunSpec&) const = default;
};

struct SolveResult {
  double estimate = 0, std_error = 0;
  std::optional<double> exact;
  std::optional<monte_carlo::MlmcResult> mlmc;  ///< method = multilevel
  ito::monte_carlo::Estimate monte_carlo;       ///< method = monte_carlo (without the control, when there is one)
  /// A problem with a control variate (ProblemSpec::control_variate): the controlled estimate; estimate and
  /// std_error are its mean and standard error.
  std::optional<ito::monte_carlo::ControlVariateEstimate> control_variate;
  double path_steps = 0;             ///< work: nominal path-steps (MC) or Σ N_l C_l (MLMC)
};

/// The exact value of the problem (every kind but `expression` and `expression_system` has a closed form; for
/// these the user-supplied known_exact, or an Error when there is none).
double exact_value(const ProblemSpec& problem);

/// Solves the problem. It is taken as valid: parameter files are validated by read_feynman_kac
/// (feynman_kac/params.hpp); a program that builds a ProblemSpec itself keeps to the ranges stated there.
/// The estimate and its standard error are finite or there is none: a path that blows up is a NumericalError
/// naming scheme, path and step; a path value that is not finite a monte_carlo::NonFiniteValueError naming the
/// path, its end point and (expression problems and systems) the key and expression to blame (problem.payoff,
/// problem.rate, problem.running_cost); sums that overflow a NumericalError.
SolveResult solve(const ProblemSpec& problem, const RunSpec& run);

}  // namespace ito::feynman_kac
