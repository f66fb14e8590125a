// ito — command-line driver. Parses `ito <command> <params.toml> [--out FILE] [--threads N] [--seed S]
// [--set key=value ...]`, runs the command, and exits 0 on success, 2 on bad input or numerical failure
// (with no output file written), 1 on an internal error.
#include <omp.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <iostream>

#include "command.hpp"
#include "ito/core/error.hpp"
#include "ito/core/parallel.hpp"
#include "ito/core/progress.hpp"

namespace ito::apps {
std::vector<Command>& registry() {
  static std::vector<Command> commands;
  return commands;
}
}  // namespace ito::apps

int main(int argc, char** argv) {
  using namespace ito;
  auto& commands = apps::registry();
  std::sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) { return a.name < b.name; });

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
    sub->add_option("--threads,-t", options[i].threads, "OpenMP threads (default: OMP_NUM_THREADS or all cores)")
        ->check(CLI::PositiveNumber);
    sub->add_option("--seed,-s", options[i].seed, "random seed (overrides the key `seed`)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{4294967295}));
    sub->add_option("--set", options[i].sets, "override a parameter: --set key=value (repeatable)");
    sub->add_flag("--quiet,-q", options[i].quiet, "no progress bar (it is drawn on stderr only when that is a terminal)");
    subs.push_back(sub);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
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
      io::Params params = io::Params::from_file(opt.params, sets);
      const auto seed = static_cast<std::uint32_t>(io::SchemaReader(io::common_schema(), params).integer("seed"));
      const int threads = core::set_threads(opt.threads);
      core::progress_enabled() = core::stderr_is_terminal() && !opt.quiet;
      apps::Context ctx{params, opt.out.empty() ? cmd.default_out : opt.out, threads, seed, {}};
      ctx.finish = [&](io::ResultFile& file) {
        io::RunInfo info;
        info.command = cmd.name;
        info.params_toml = params.effective_toml();
        info.seed = seed;
        info.threads = threads;
        info.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        file.run_attributes(info);
        file.commit();
      };
      const std::string summary = cmd.run(ctx);
      std::cout << summary << '\n';
      return 0;
    } catch (const ito::Error& e) {
      std::cerr << "ito " << cmd.name << ": error: " << e.what() << '\n';
      return 2;
    } catch (const std::exception& e) {
      std::cerr << "ito " << cmd.name << ": internal error: " << e.what() << '\n';
      return 1;
    }
  }
  return 1;
}
