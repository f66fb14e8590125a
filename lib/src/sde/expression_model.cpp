#include "ito/sde/expression_model.hpp"

#include "ito/core/error.hpp"

namespace ito::sde::detail {

namespace {
/// Compiles one expression of the spec; an error names which one ("drift expression '...': ...").
core::Expression compile(const char* what, const std::string& text, std::vector<std::string> variables,
                         const std::map<std::string, double>& parameters) {
  try {
    return core::Expression(text, std::move(variables), parameters);
  } catch (const ParameterError& e) {
    throw ParameterError(std::string(what) + " " + e.what());
  }
}

ExpressionSpec with_drift_and_diffusion(ExpressionSpec spec) {
  ITO_REQUIRE(!spec.drift.empty() && !spec.diffusion.empty(), "the drift and diffusion expressions are required");
  return spec;
}
}  // namespace

ExpressionEvaluator::ExpressionEvaluator(ExpressionSpec spec)
    : spec_(with_drift_and_diffusion(std::move(spec))),
      drift_(compile("drift", spec_.drift, {"x", "t"}, spec_.parameters)),
      diffusion_(compile("diffusion", spec_.diffusion, {"x", "t"}, spec_.parameters)) {
  if (!spec_.diffusion_derivative.empty())
    derivative_ = compile("diffusion_derivative", spec_.diffusion_derivative, {"x", "t"}, spec_.parameters);
  if (!spec_.exact.empty()) exact_ = compile("exact", spec_.exact, {"t", "x0", "W"}, spec_.parameters);
}

}  // namespace ito::sde::detail
