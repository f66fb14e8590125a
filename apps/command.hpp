#pragma once
// A subcommand of the `ito` CLI. Each apps/<command>.cpp registers one with ITO_COMMAND; main.cpp parses
// the common options, loads the parameter file, calls run(), and maps ito::Error to exit status 2.
// A command reads its parameters with its module's reader, calls one library entry point and writes one HDF5
// file. Its keys are the module's io::Schema, which `ito <command> --help` prints.
#include <functional>
#include <string>
#include <vector>

#include "ito/io/hdf5.hpp"
#include "ito/io/params.hpp"
#include "ito/io/schema.hpp"

namespace ito::apps {

struct Context {
  io::Params& params;
  std::string out;       // results path (--out, or the command's default)
  int threads = 1;       // in force
  std::uint32_t seed = 0;  // effective seed (key `seed`, or --seed)
  /// Fills in the root attributes (wall time measured by main) and commits `file`.
  std::function<void(io::ResultFile& file)> finish;
};

struct Command {
  std::string name;
  std::string summary;
  std::string default_out;  // default results file when --out is not given
  /// Returns the one-line summary printed at the end.
  std::function<std::string(Context&)> run;
  /// The command's keys (every key with its default), printed by `ito <command> --help` after
  /// io::common_schema(); the command reads them with its module's reader on this table.
  const io::Schema& (*schema)() = nullptr;
  /// Whether `mpirun -np N` divides the command's work over the ranks (core/mpi.hpp). A command that does not
  /// runs whole on every rank (same results, rank 0 writes them), and says so.
  bool distributed = false;
};

std::vector<Command>& registry();

struct Registrar {
  explicit Registrar(Command c) { registry().push_back(std::move(c)); }
};

}  // namespace ito::apps

#define ITO_CONCAT_INNER(a, b) a##b
#define ITO_CONCAT(a, b) ITO_CONCAT_INNER(a, b)
#define ITO_COMMAND(...) static const ::ito::apps::Registrar ITO_CONCAT(ito_registrar_, __LINE__)(__VA_ARGS__)
