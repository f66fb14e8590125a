#pragma once
// The parameter keys of an expression system (expression_system.hpp), one set of rows and one reader for every
// command that reads one: `ito converge` under [sde] (model = "expression_system") and `ito feynman-kac` under
// [problem] (kind = "expression_system"). The rows (add_expression_system_keys) are the state names, the drift
// (d expressions), the diffusion (d × m), its optional Jacobian diffusion_derivative (d × m × d, the key of the
// scalar expression model's ∂g/∂x), the pathwise exact solution (d expressions), the noise class and the
// start x0 (d numbers); the command's own table keeps the keys it shares with its scalar expression model
// (`interpretation`, `[parameters]`). The readers check the shapes against each other and compile every
// expression in its variables, so that an error names the element and its line (`key 'sde.drift[1]'`).
#include <string>
#include <string_view>
#include <vector>

#include "ito/io/schema.hpp"
#include "ito/sde/expression_model.hpp"
#include "ito/sde/expression_system.hpp"

namespace ito::sde {

/// Where a command keeps an expression system's keys.
struct ExpressionSystemKeys {
  std::string prefix;         ///< "sde" (converge) | "problem" (feynman-kac)
  std::string exact;          ///< name of the exact-solution key under the prefix ("exact_solution")
  std::string selector;       ///< the key that selects the system ("sde.model" | "problem.kind")
  std::string selected = "expression_system";  ///< its value
  std::string exact_doc;      ///< what the exact solution is for, in the command's words (--help)
  std::string key(std::string_view name) const { return prefix + "." + std::string(name); }
};

/// Adds the rows <prefix>.state, .drift, .diffusion, .diffusion_derivative, .<exact>, .noise and .x0, each applying when
/// `selector` = `selected`.
void add_expression_system_keys(io::Schema& schema, const ExpressionSystemKeys& keys);

/// Reads <prefix>.parameters (a row of the command's table), .state, .drift, .diffusion, .diffusion_derivative
/// and .<exact>: d = the number of state names (or of drift expressions when the names are not given), 1 <= d <=
/// kMaxExpressionDim; the drift has d expressions, the diffusion d rows of the same m, 1 <= m <=
/// kMaxExpressionNoise, the diffusion derivative (when given) d × m × d expressions, the exact solution d
/// expressions; state names are identifiers other than t, distinct,
/// and not parameters. Errors at the key (or element) through r.fail.
ExpressionSystemSpec read_expression_system(io::SchemaReader& r, const ExpressionSystemKeys& keys);

/// Reads <prefix>.x0 (default d zeros) and checks that it has d numbers.
std::vector<double> read_expression_system_x0(io::SchemaReader& r, const ExpressionSystemKeys& keys,
                                              const ExpressionSystemSpec& spec);

/// The noise class of an expression system and why it is what it is ("declared commutative", or "inferred
/// general: the diffusion columns 1 and 2 do not commute at …"), for the schemes' refusals.
struct ResolvedNoiseClass {
  NoiseClass noise = NoiseClass::general;
  std::string reason;
};

/// Reads <prefix>.noise: "auto" infers the class at sample points around x0 on [0, T]; a declared class is
/// checked at the same points (an error at the key when it does not hold). A given diffusion_derivative is
/// checked against central differences at the same points (ExpressionSystem::check_diffusion_derivative; an
/// error at the entry [i][j][l] naming the point).
ResolvedNoiseClass read_noise_class(io::SchemaReader& r, const ExpressionSystemKeys& keys,
                                    const ExpressionSystemSpec& spec, const std::vector<double>& x0, double T);

/// The scalar expression model's ∂g/∂x (`key`, given: not empty) checked as the Jacobian of the 1 × 1 system
/// (ExpressionSystem::check_diffusion_derivative): at the same sample points around x0 on [0, T] and with the
/// same tolerance, so that both kinds of expression model take a derivative on the same terms. An error at
/// `key` naming the point.
void check_scalar_diffusion_derivative(io::SchemaReader& r, std::string_view key, const ExpressionSpec& spec,
                                       double x0, double T);

}  // namespace ito::sde
