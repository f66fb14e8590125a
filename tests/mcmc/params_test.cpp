// The parameters of `ito mcmc`: every key `ito mcmc --help` lists (the target catalogue's and the run's) is
// read with the default it states (tests/schema_testing.hpp), and the cross-key checks name their key.
#include "ito/mcmc/params.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "ito/core/error.hpp"
#include "schema_testing.hpp"
#include "test_support.hpp"

namespace ito::mcmc {
namespace {

/// What a run depends on: the settings, and the target by its behaviour (description, dimension, names,
/// log density and gradient at a fixed point, in hexadecimal so that equal means bitwise equal).
struct Effective {
  RunSettings run;
  std::string sampler_kind, target;
  bool operator==(const Effective&) const = default;
};

Effective effective(io::SchemaReader& r) {
  const McmcParameters p = read_mcmc(r, "results.h5");
  std::ostringstream os;
  os << std::hexfloat << p.target_kind << " | " << p.target.description() << " | " << p.target.dim();
  for (const auto& n : p.target.parameter_names()) os << ' ' << n;
  Eigen::VectorXd x(p.target.dim()), g;
  for (int i = 0; i < x.size(); ++i) x[i] = 0.1 + 0.05 * i;
  os << " | " << p.target.log_density_gradient(x, g) << " |";
  for (int i = 0; i < g.size(); ++i) os << ' ' << g[i];
  return {p.run, p.sampler_kind, os.str()};
}

void read_text(const std::string& text) {
  auto params = io::Params::from_string(text, "p.toml");
  read_mcmc(params, "results.h5");
}

TEST(McmcParams, EveryKeyIsReadWithTheDefaultItsTableStates) {
  // The posteriordb kinds default to the shipped data/ files, relative to the project root.
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(ITO_SOURCE_DIR);
  const auto dir = test::temp_dir("mcmc_params");
  const auto csv = test::write_file(dir / "data.csv", "x1,y,x2\n1.0,0,0.5\n-1.0,1,0.25\n0.5,1,-2\n2,0,1\n").string();
  const auto target = [](const std::string& kind, const std::string& extra = "") {
    return "[target]\nkind = \"" + kind + "\"\n" + extra;
  };
  test::SchemaCheck<Effective> c{mcmc_schema(), effective, {}};
  c.minimal = {target("gaussian"),
               target("banana"),
               target("funnel"),
               target("mixture", "weights = [1, 2]\nmeans = [-1, 1]\n"),
               target("linear_regression", "data = \"" + csv + "\"\n"),
               target("logistic_regression", "data = \"" + csv + "\"\n"),
               target("logistic_regression", "data = \"" + csv + "\"\nprior = \"student_t\"\n"),
               target("linear_regression", "data = \"" + csv + "\"\nintercept = true\n"),
               target("eight_schools_noncentered"),
               target("arK"),
               target("sblrc_blr"),
               target("gaussian") + "[sampler]\nkind = \"kinetic\"\n",
               target("gaussian") + "[sampler]\nkind = \"ula\"\n"};
  c.alternatives = {
      {"target.features", {{"target.features=[\"x2\"]"}}},
      {"target.y_column", {{"target.y_column=\"x1\""}}},
      // standardisation needs an intercept
      {"target.standardize", {{"target.standardize=[\"x1\"]", "target.intercept=true"}}},
      // pmala always adapts its metric: the other value needs another sampler
      {"sampler.adapt_metric", {{"sampler.adapt_metric=false", "sampler.kind=\"kinetic\""}}},
      {"sampler.adapt_step_size", {{"sampler.adapt_step_size=false", "sampler.step_size=0.5"}}},
      {"diagnostics.stop_when_converged", {{"diagnostics.stop_when_converged=true", "diagnostics.interval=100"}}},
      // a posteriordb data set by another path: the same numbers, another description
      {"target.data",
       {{"target.data=\"./data/posteriordb/eight_schools.csv\""},
        {"target.data=\"./data/posteriordb/arK.csv\""},
        {"target.data=\"./data/posteriordb/sblrc.csv\""}}},
  };
  test::expect_defaults_as_stated(c);
  std::filesystem::current_path(cwd);
  std::filesystem::remove_all(dir);
}

TEST(McmcParams, HelpListsExactlyTheTable) { test::expect_help_lists_the_table("mcmc", mcmc_schema()); }

// Sizes inside the keys' ranges that cannot run: the run's memory (kept draws, diagnostics, chains' vectors,
// a dense metric) is estimated when read and refused at the key that drives it, with the estimate.
TEST(McmcParams, RunsBeyondMemoryAreRefusedNamingTheKey) {
  const std::string g = "[target]\nkind = \"gaussian\"\ndim = 100\n";
  test::expect_error<ParameterError>([&] { read_text(g + "[run]\ndraws = 1000000000000\n"); },
                                     {"p.toml:5:9: key 'run.draws': needs about", "4 chains × 1e+12 kept draws × 100 parameters"});
  test::expect_error<ParameterError>([&] { read_text(g + "[run]\nchains = 4096\ndraws = 100000000\n"); },
                                     {"p.toml:6:9: key 'run.draws': needs about", "4096 chains × 1e+08 kept draws"});
  EXPECT_NO_THROW(read_text(g + "[run]\ndraws = 100000\nthin = 100\n"));
}

TEST(McmcParams, CheckpointPathDefaultsBesideTheResults) {
  auto params = io::Params::from_string("[target]\nkind = \"gaussian\"\n", "p.toml");
  EXPECT_EQ(read_mcmc(params, "out/r.h5").run.checkpoint_path, "out/r.h5.checkpoint.h5");
}

TEST(McmcParams, WarmupAndSamplingMayGrowTenAndTwentyFold) {
  auto params = io::Params::from_string("[target]\nkind = \"gaussian\"\n[run]\nwarmup = 300\ndraws = 70\n", "p.toml");
  const RunSettings run = read_mcmc(params, "r.h5").run;
  EXPECT_EQ(run.max_warmup, 3000);
  EXPECT_EQ(run.max_draws, 1400);
  auto fixed = io::Params::from_string(
      "[target]\nkind = \"gaussian\"\n[run]\nwarmup = 300\nmax_warmup = 300\ndraws = 70\nmax_draws = 70\n", "p.toml");
  const RunSettings stan = read_mcmc(fixed, "r.h5").run;
  EXPECT_EQ(stan.max_warmup, 300);
  EXPECT_EQ(stan.max_draws, 70);
}

TEST(McmcParams, CrossKeyChecksNameTheirKey) {
  const std::string g = "[target]\nkind = \"gaussian\"\n";
  test::expect_error<ParameterError>([&] { read_text(g + "[sampler]\nkind = \"mala\"\nadapt_metric = true\n"); },
                                     {"p.toml:5:16: key 'sampler.adapt_metric'"});
  test::expect_error<ParameterError>([&] { read_text(g + "[sampler]\nadapt_metric = false\n"); },
                                     {"key 'sampler.adapt_metric'"});
  test::expect_error<ParameterError>([&] { read_text(g + "[sampler]\nkind = \"kinetic\"\nmetric = \"dense\"\n"); },
                                     {"key 'sampler.metric'"});
  test::expect_error<ParameterError>([&] { read_text(g + "[run]\nwarmup = 10\ndraws = 10\nstop_after = 20\n"); },
                                     {"key 'run.stop_after'"});
  test::expect_error<ParameterError>([&] { read_text(g + "[run]\nwarmup = 100\nmax_warmup = 99\n"); },
                                     {"key 'run.max_warmup': must be >= run.warmup = 100"});
  test::expect_error<ParameterError>([&] { read_text(g + "[run]\ndraws = 100\nmax_draws = 50\n"); },
                                     {"key 'run.max_draws': must be >= run.draws = 100"});
  test::expect_error<ParameterError>([&] { read_text(g + "[diagnostics]\nstop_when_converged = true\n"); },
                                     {"key 'diagnostics.stop_when_converged'"});
  test::expect_error<ParameterError>(
      [&] { read_text(g + "[run]\nstop_after = 5\n[checkpoint]\npath = \"/nonexistent/dir/c.h5\"\n"); },
      {"key 'checkpoint.path': directory '/nonexistent/dir' does not exist"});
  test::expect_error<ParameterError>([&] { read_text(g + "curvature = 0.2\n"); },
                                     {"p.toml:3:13: key 'target.curvature': only used when target.kind = banana"});
}

}  // namespace
}  // namespace ito::mcmc
