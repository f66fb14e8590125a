#pragma once
// The parameters of `ito converge`: one table of keys (converge_schema(), printed by `ito converge --help`)
// from which read_converge_problem reads and validates a parameter file into a ConvergeProblem.
#include "ito/convergence/converge.hpp"
#include "ito/io/schema.hpp"

namespace ito::convergence {

/// Every key `ito converge` reads, with its default, range and the models it applies to.
const io::Schema& converge_schema();

/// Reads and validates the problem: every key of converge_schema(), the cross-key checks (x0's dimension,
/// step counts dividing the finest, schemes the model supports, an exact reference when asked for), then
/// unknown keys. Errors are ParameterErrors naming file:line:column and the key.
ConvergeProblem read_converge_problem(io::Params& params);
/// The same through a reader on converge_schema() (tests inspect which rows it read).
ConvergeProblem read_converge_problem(io::SchemaReader& reader);

}  // namespace ito::convergence
