#pragma once
// The samplers of ito::mcmc and their settings.
//
// A sampler S is a stateless type with (the valid expressions):
//   S::name, S::has_momentum
//   S::step(target, a, sqrt_a, h, friction, xi, u, chain_state, workspace) -> StepStatistics
//       one transition with inverse metric diag(a), step size h, dim standard normals xi and a uniform u;
//   S::probe(target, a, sqrt_a, h, xi, chain_state, workspace) -> double
//       the acceptance probability of a trial move (for the initial step-size search).
// The noise always comes from the caller (the runner draws it from NormalStream by (seed, purpose, chain,
// iteration)), so a sampler never owns a random generator.
//
// Step size convention: h is the time step of the underlying diffusion. MALA/ULA move by (h/2)A∇log π + √h
// A^{1/2}ξ; BAOAB advances the kinetic Langevin dynamics by time h (a leapfrog step of size h).
#include <string>

#include "ito/mcmc/kinetic_langevin.hpp"
#include "ito/mcmc/mala.hpp"
#include "ito/mcmc/ula.hpp"

namespace ito::mcmc {

enum class SamplerKind {
  ula,                  ///< unadjusted Langevin (ula.hpp)
  mala,                 ///< Metropolis-adjusted Langevin, identity metric (mala.hpp)
  preconditioned_mala,  ///< MALA with the diagonal metric adapted in warmup (mala.hpp)
  kinetic_langevin,     ///< underdamped Langevin, BAOAB (kinetic_langevin.hpp)
};

/// Names used in parameter files: "ula", "mala", "pmala", "kinetic".
inline const char* sampler_name(SamplerKind kind) {
  switch (kind) {
    case SamplerKind::ula: return "ula";
    case SamplerKind::mala: return "mala";
    case SamplerKind::preconditioned_mala: return "pmala";
    case SamplerKind::kinetic_langevin: return "kinetic";
  }
  return "?";
}

inline SamplerKind sampler_kind(const std::string& name) {
  if (name == "ula") return SamplerKind::ula;
  if (name == "mala") return SamplerKind::mala;
  if (name == "pmala") return SamplerKind::preconditioned_mala;
  return SamplerKind::kinetic_langevin;  // "kinetic" (callers validate the name)
}

/// Shape of the adapted inverse metric of preconditioned MALA: "diag" (variances) or "dense" (covariance).
enum class MetricKind { diagonal, dense };

inline const char* metric_name(MetricKind kind) { return kind == MetricKind::dense ? "dense" : "diag"; }

struct SamplerSettings {
  SamplerKind kind = SamplerKind::preconditioned_mala;
  /// Initial step size (adapted) or the fixed step size (when adapt_step_size is false); <= 0 means "search
  /// from 1" (adapted runs only).
  double step_size = 0.0;
  bool adapt_step_size = true;
  /// Estimate a diagonal metric in warmup from the pooled draws of all chains (default: pmala and kinetic).
  bool adapt_metric = true;
  /// Diagonal or dense adapted metric; dense is supported by pmala only (MalaDense, mala.hpp).
  MetricKind metric = MetricKind::diagonal;
  double target_accept = 0.574;  ///< dual-averaging target of the acceptance statistic
  double friction = 1.0;         ///< γ of kinetic Langevin
  bool operator==(const SamplerSettings&) const = default;
};

}  // namespace ito::mcmc
