#pragma once
// The parameters of `ito feynman-kac`: one table of keys (feynman_kac_schema(), printed by
// `ito feynman-kac --help`) from which read_feynman_kac reads and validates a parameter file. This is the one
// place the problem is validated: solve() takes a ProblemSpec as valid.
#include <string>
#include <vector>

#include "ito/feynman_kac/problem.hpp"
#include "ito/io/schema.hpp"

namespace ito::feynman_kac {

/// The effective parameters of a run (every key of the schema that applies, defaults filled in).
struct FeynmanKacParameters {
  std::string method = "mc";  ///< "mc" | "mlmc" | "complexity"
  ProblemSpec problem;
  RunSpec run;                   ///< its seed is left 0: the caller's seed (key `seed` or --seed) goes in
  std::vector<double> epsilons;  ///< method = "complexity": the target errors of the study
  double max_path_steps = 1e12;  ///< bound on the work (mc: checked when read; mlmc: run.mlmc.max_cost)
  bool operator==(const FeynmanKacParameters&) const = default;
};

/// Every key `ito feynman-kac` reads, with its default, range and the problem kinds or methods it applies to.
const io::Schema& feynman_kac_schema();

/// Reads and validates every key of feynman_kac_schema(), the cross-key checks (barrier below spot and
/// strike, the exit start inside the interval, the scheme's needs, the levels' step counts), then unknown keys.
FeynmanKacParameters read_feynman_kac(io::Params& params);
/// The same through a reader on feynman_kac_schema() (tests inspect which rows it read).
FeynmanKacParameters read_feynman_kac(io::SchemaReader& reader);

}  // namespace ito::feynman_kac
