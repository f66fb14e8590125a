#pragma once
// The schemes a user can name, one list for every command (`study.schemes` of `ito converge`, `scheme.name` of
// `ito feynman-kac`): each scheme type of this module under its S::name. A name is dispatched to its type by
// visit_scheme(); whether the type may integrate a model is decided by the scheme's own order table and model
// requirements (refusal()), so every command accepts and refuses the same combinations with the same words.
//
// `ito feynman-kac` also accepts "exact", which is not a scheme of this list but the exact step of its
// problem's model (PathwiseExact, ExactOrnsteinUhlenbeck, or Euler–Maruyama on Brownian motion). The
// exponential integrator (exponential_euler.hpp) steps run-time dimension models only, which no command
// integrates yet; it joins the list with the first command that does.
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/schemes/euler_heun.hpp"
#include "ito/schemes/euler_maruyama.hpp"
#include "ito/schemes/exact_ornstein_uhlenbeck.hpp"
#include "ito/schemes/milstein.hpp"
#include "ito/schemes/platen_weak2.hpp"
#include "ito/schemes/runge_kutta_milstein.hpp"
#include "ito/schemes/scheme.hpp"
#include "ito/schemes/sra1.hpp"
#include "ito/schemes/sriw1.hpp"

namespace ito::schemes {

/// Every scheme a user can name.
using AnyScheme = std::variant<EulerMaruyama, EulerHeun, Milstein, RungeKuttaMilstein, Sriw1, Sra1, PlatenWeak2,
                               PlatenWeak2General, ExactOrnsteinUhlenbeck>;

/// Their names (S::name), in the order of AnyScheme.
const std::vector<std::string>& scheme_names();

/// The current name of a scheme that was once spelled `old_name` ("euler" → "euler_maruyama"); nullopt when
/// `old_name` is not a former spelling.
std::optional<std::string_view> renamed_scheme(std::string_view old_name);

/// The scheme called `name`. Throws ParameterError for any other name: the new spelling of a former one, or
/// the list of known names.
AnyScheme scheme_by_name(std::string_view name);

/// f(S{}) for the scheme type S called `name` (ParameterError as scheme_by_name for an unknown name).
template <class F>
decltype(auto) visit_scheme(std::string_view name, F&& f) {
  return std::visit(std::forward<F>(f), scheme_by_name(name));
}

/// Why scheme S cannot integrate `model` at its order, or "" when it can: its order table for the model's
/// noise class, interpretation and noise dimension, what the model type provides (meets_model_requirements),
/// and what the model knows only at run time (require_model_capabilities: an expression model without a
/// diffusion derivative).
template <class S, class M>
std::string refusal(const M& model) {
  if constexpr (supports<S, M>) {
    try {
      require_model_capabilities<S>(model);
    } catch (const ParameterError& e) {
      return e.what();
    }
    return "";
  } else {
    (void)model;
    if (!S::order(M::noise_class, M::interpretation, M::noise_dim).supported()) {
      try {
        require_supported<S>(M::noise_class, M::interpretation, M::noise_dim);
      } catch (const ParameterError& e) {
        return e.what();
      }
    }
    std::ostringstream os;
    os << "scheme '" << S::name << "' needs something this model does not provide (" << S::refusal_hint << ")";
    return os.str();
  }
}

/// refusal() for a model padded to a compile-time noise dimension (sde::ExpressionSystemT, whose
/// model.system().noise_dim() is the noise the user wrote): the order table decides at the padded dimension
/// (1 or more, which is what the tables distinguish), the message names the model's own, followed by
/// `noise_reason` (why the noise class is what it is, e.g. "inferred general: the diffusion columns 1 and 2 do
/// not commute at …") when it is not empty.
template <class S, class M>
std::string padded_model_refusal(const M& model, const std::string& noise_reason) {
  if (!S::order(M::noise_class, M::interpretation, M::noise_dim).supported()) {
    try {
      require_supported<S>(M::noise_class, M::interpretation, model.system().noise_dim());
    } catch (const ParameterError& e) {
      std::string why = e.what();
      if (!noise_reason.empty()) why += " (noise class: " + noise_reason + ")";
      return why;
    }
  }
  return refusal<S>(model);
}

}  // namespace ito::schemes
