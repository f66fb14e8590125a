// ito — command-line driver. Parses `ito <command> <params.toml> [--out FILE] [--threads N] [--seed S]
// [--set key=value ...]`, runs the command, and exits 0 on success, 2 on bad input or numerical failure
// (with no output file written), 1 on an internal error. Before any numerics it checks that the results file can
// be written (io::check_writable) and installs the interrupt handler (io/output.hpp): Ctrl-C prints one line
// and leaves no partial output. Under `mpirun` (core/mpi.hpp) every rank runs this; rank 0 alone prints and writes,
// and every rank exits with the status of the first rank that failed. OpenMP's waiting threads sleep instead of
// spinning (apps/openmp_wait.c).
#include <omp.h>
#if defined(__linux__)
#include <malloc.h>  // mallopt (glibc)
#endif

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <iostream>
#include <sstream>

#include "command.hpp"
#include "ito/core/error.hpp"
#include "ito/core/mpi.hpp"
#include "ito/core/parallel.hpp"
#include "ito/core/progress.hpp"
#include "ito/io/output.hpp"

namespace ito::apps {
std::vector<Command>& registry() {
  static std::vector<Command> commands;
  return commands;
}
}  // namespace ito::apps

namespace {

// The whole run on this process: returns the exit status; an error's line (as a single process prints it) goes
// to `error_line` and is printed by main() once the ranks agree on the outcome. Only rank 0 prints anything
// else (help, usage errors, the summary).
int run(int argc, char** argv, std::string& error_line) {
  using namespace ito;
  const bool root = core::mpi::rank() == 0;
  std::ostringstream discard;
  std::ostream& print = root ? std::cout : discard;
  std::ostream& err = root ? std::cerr : discard;
  auto& commands = apps::registry();
  std::sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) { return a.name < b.name; });

  // An unknown command: name it and list the commands (CLI11 would only say that one is required).
  if (argc > 1 && argv[1][0] != '-') {
    const std::string word = argv[1];
    std::string names;
    bool known = false;
    for (const auto& c : commands) {
      names += (names.empty() ? "" : ", ") + c.name;
      known = known || c.name == word;
    }
    if (!known) {
      err << "ito: unknown command '" << word << "' (commands: " << names << "; ito <command> --help)\n";
      return 2;
    }
  }

  const int thread_limit = core::thread_limit();
  const std::string threads_help = "OpenMP threads, 1 to " + std::to_string(thread_limit) +
                                   " (4 × the processors here; default: OMP_NUM_THREADS or all processors)";
  const auto threads_check = CLI::Validator(
      [thread_limit](std::string& value) -> std::string {
        long long n = 0;
        std::size_t used = 0;
        try {
          n = std::stoll(value, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        if (used != value.size() || n < 1 || n > thread_limit)
          return "expected a whole number from 1 to " + std::to_string(thread_limit) +
                 " (4 × the processors of this machine), got " + value;
        return {};
      },
      "INT in [1, " + std::to_string(thread_limit) + "]");

  CLI::App app{"ito — SDE numerics and Bayesian inverse problems"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("ito ") + ITO_VERSION);

  struct Options {
    std::string params, out;
    int threads = 0;
    std::int64_t seed = -1;
    std::vector<std::string> sets;
    bool quiet = false;
  };
  std::vector<Options> options(commands.size());
  std::vector<CLI::App*> subs;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    auto* sub = app.add_subcommand(commands[i].name, commands[i].summary);
    sub->footer("Parameter keys (TOML) with their defaults; --set key=value overrides any of them:\n" +
                io::common_schema().help() + commands[i].schema().help());
    sub->add_option("params", options[i].params, "parameter file (TOML)")->required();
    sub->add_option("--out,-o", options[i].out, "results file (HDF5); default " + commands[i].default_out);
    sub->add_option("--threads,-t", options[i].threads, threads_help)->check(threads_check);
    sub->add_option("--seed,-s", options[i].seed, "random seed (overrides the key `seed`)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{4294967295}));
    sub->add_option("--set", options[i].sets, "override a parameter: --set key=value (repeatable)");
    sub->add_flag("--quiet,-q", options[i].quiet, "no progress bar (it is drawn on stderr only when that is a terminal)");
    subs.push_back(sub);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e, print, err);
    return rc == 0 ? 0 : 2;
  }

  for (std::size_t i = 0; i < commands.size(); ++i) {
    if (!subs[i]->parsed()) continue;
    const auto& cmd = commands[i];
    auto& opt = options[i];
    try {
      const auto start = std::chrono::steady_clock::now();
      auto sets = opt.sets;
      if (opt.seed >= 0) sets.push_back("seed=" + std::to_string(opt.seed));
      io::install_interrupt_handler("ito " + cmd.name, !root);
      const std::string out = subs[i]->get_option("--out")->count() > 0 ? opt.out : cmd.default_out;
      if (opt.threads == 0 && omp_get_max_threads() > thread_limit)
        throw ParameterError("OMP_NUM_THREADS asks for " + std::to_string(omp_get_max_threads()) +
                             " threads: at most " + std::to_string(thread_limit) +
                             " (4 × the processors of this machine); set it lower or pass --threads");
      // The threads are placed (and the pool's helpers started) before the parameter file is read, so that starting
      // a helper — its creation, its first time slice, its first touches of memory — overlaps that serial work instead
      // of the first parallel loop (fk_european_call's 7 ms estimator, 2 threads: 4.5 → 4.1 ms, "Thread scaling").
      const int threads = core::set_threads(opt.threads);
      core::place_threads();
      io::check_writable(out);
      io::Params params = io::Params::from_file(opt.params, sets);
      const auto seed = static_cast<std::uint32_t>(io::SchemaReader(io::common_schema(), params).integer("seed"));
      core::progress_enabled() = root && core::stderr_is_terminal() && !opt.quiet;
      if (core::mpi::distributed() && !cmd.distributed)
        err << "ito " << cmd.name << ": note: not divided over MPI ranks yet: each of the " << core::mpi::size()
            << " ranks runs the whole job (the same results; rank 0 writes them)\n";
      apps::Context ctx{params, out, threads, seed, {}};
      ctx.finish = [&](io::ResultFile& file) {
        io::RunInfo info;
        info.command = cmd.name;
        info.params_toml = params.effective_toml();
        info.seed = seed;
        info.threads = threads;
        info.thread_placement = core::to_string(core::thread_placement());
        info.mpi_ranks = core::mpi::size();
        info.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        file.run_attributes(info);
        file.commit();
      };
      const std::string summary = cmd.run(ctx);
      print << summary << '\n';
      return 0;
    } catch (const ito::Error& e) {
      error_line = "ito " + cmd.name + ": error: " + e.what() + "\n";
      return 2;
    } catch (const std::exception& e) {
      error_line = "ito " + cmd.name + ": internal error: " + e.what() + "\n";
      return 1;
    }
  }
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ito;
#if defined(__GLIBC__)
  // Memory freed by a run stays with the process for its next allocations. glibc's default maps every block above
  // 128 KiB (a threshold it raises as large blocks are freed) afresh and gives it back when freed, and each page
  // of fresh memory is a page fault when first written — 10–11 µs on the machine of the README's tables. MCMC's
  // diagnostics allocate such work arrays for every parameter at every check: mcmc_gaussian100 took 29,600 page
  // faults once its draw arrays no longer grew by copying (and freeing) them, 4,400 with these settings. Blocks
  // above 32 MiB (the most glibc allows here) are still mapped on their own.
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
#endif
  try {
    core::mpi::init(argc, argv);
  } catch (const ito::Error& e) {
    std::cerr << "ito: error: " << e.what() << '\n';
    return 2;
  }
  std::string error_line;
  const int status = run(argc, argv, error_line);
  // Under MPI every rank returns the status of the first rank that failed, and rank 0 prints its line.
  const auto outcome = core::mpi::agree_on_outcome({status, 0, error_line});
  // A failed job's ranks exit with its status one by one, and mpirun terminates (SIGTERM) the ranks still
  // tearing down when the first of them exits: from here on they leave quietly (nothing is left to report or
  // remove), and no rank exits before rank 0 has printed the outcome.
  if (core::mpi::distributed()) io::install_interrupt_handler("ito", true);
  if (core::mpi::rank() == 0) std::cerr << outcome.message << std::flush;
  if (core::mpi::distributed()) core::mpi::min_over_ranks(0);
  core::mpi::finalize();
  return outcome.status;
}
