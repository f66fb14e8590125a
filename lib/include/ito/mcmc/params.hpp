#pragma once
// The parameters of `ito mcmc`: one table of keys (mcmc_schema(): the target catalogue's keys under
// "target" and the sampler, run, checkpoint and diagnostics keys, printed by `ito mcmc --help`) from which
// read_mcmc reads and validates a parameter file into the target and the run settings.
#include <string>

#include "ito/io/schema.hpp"
#include "ito/mcmc/run_settings.hpp"
#include "ito/targets/target.hpp"

namespace ito::mcmc {

struct McmcParameters {
  targets::AnyTarget target;
  std::string target_kind;   ///< target.kind
  std::string sampler_kind;  ///< sampler.kind: "ula" | "mala" | "pmala" | "kinetic"
  RunSettings run;           ///< its seed is left at the default: the caller's seed goes in
};

/// Every key `ito mcmc` reads, with its default, range and the target kinds or samplers it applies to.
const io::Schema& mcmc_schema();

/// Reads and validates every key of mcmc_schema(), builds the target, checks the cross-key rules (the
/// sampler's metric, a fixed step size, the initial point's dimension and finiteness, stop_after, the
/// checkpoint directory), then unknown keys. `out` is the results path (checkpoint.path defaults to
/// "<out>.checkpoint.h5").
McmcParameters read_mcmc(io::Params& params, const std::string& out);
/// The same through a reader on mcmc_schema() (tests inspect which rows it read).
McmcParameters read_mcmc(io::SchemaReader& reader, const std::string& out);

}  // namespace ito::mcmc
