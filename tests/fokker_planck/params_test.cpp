// The parameters of `ito fokker-planck`: every key `ito fokker-planck --help` lists is read with the default
// it states (tests/schema_testing.hpp), and the cross-key checks name their key.
#include "ito/fokker_planck/params.hpp"

#include <gtest/gtest.h>

#include "ito/core/error.hpp"
#include "schema_testing.hpp"

namespace ito::fokker_planck {
namespace {

void read_text(const std::string& text) {
  auto params = io::Params::from_string(text, "p.toml");
  read_fokker_planck(params);
}

TEST(FokkerPlanckParams, EveryKeyIsReadWithTheDefaultItsTableStates) {
  test::SchemaCheck<FokkerPlanckParameters> c{
      fokker_planck_schema(), [](io::SchemaReader& r) { return read_fokker_planck(r); }, {}};
  for (const char* problem : {"ou", "double_well", "gbm", "absorbing_bm", "ou2d"})
    c.minimal.push_back("problem = \"" + std::string(problem) + "\"\n");
  // a user model from each kind of start
  const std::string user = "problem = \"expression\"\n[model]\ndrift = \"-x\"\ndiffusion = \"1\"\n";
  c.minimal.push_back(user);
  c.minimal.push_back(user + "[initial]\nkind = \"expression\"\ndensity = \"exp(-x^2)\"\n");
  c.minimal.push_back(user + "[initial]\nkind = \"point\"\nx0 = 0.5\n");
  // a 2-D user model (model.drift an array) from each kind of start
  const std::string user_2d =
      "problem = \"expression\"\n[model]\ndrift = [\"-x\", \"-y\"]\ndiffusion = [[\"1\", \"0\"], [\"0\", \"1\"]]\n";
  c.minimal.push_back(user_2d);
  c.minimal.push_back(user_2d + "[initial]\nkind = \"expression\"\ndensity = \"exp(-x^2 - y^2)\"\n");
  c.minimal.push_back(user_2d + "[initial]\nkind = \"point\"\nx0 = [0.5, 0.0]\n");
  // values the automatic alternatives miss: a covariance that stays positive definite, the wall on the right,
  // another start with the key it needs
  c.alternatives = {{"initial.covariance", {{"initial.covariance=[0.5, 0.0, 0.0, 0.5]"}}},
                    {"grid.left", {{"grid.left=\"reflecting\"", "grid.right=\"absorbing\""}}},
                    {"initial.kind", {{"initial.kind=\"point\"", "initial.x0=0.5"}}}};
  test::expect_defaults_as_stated(c);
}

TEST(FokkerPlanckParams, HelpListsExactlyTheTable) {
  test::expect_help_lists_the_table("fokker-planck", fokker_planck_schema());
}

TEST(FokkerPlanckParams, TheStationarySolveReadsNoOutputTimes) {
  const std::string steady = "problem = \"double_well\"\n[time]\nmethod = \"steady_state\"\n";
  EXPECT_NO_THROW(read_text(steady));
  test::expect_error<ParameterError>([&] { read_text(steady + "snapshots = [1.0]\n"); },
                                     {"only used when time.method ≠ steady_state"});
}

// An empty file does not run a default problem: the problem is required.
TEST(FokkerPlanckParams, TheProblemIsRequired) {
  test::expect_error<ParameterError>([&] { read_text(""); }, {"p.toml: key 'problem': missing required key"});
}

// One vocabulary: D = σ²/2 is `diffusivity` (`diffusion` is the coefficient of dW elsewhere).
TEST(FokkerPlanckParams, TheOldSpellingOfTheDiffusivityNamesTheNewKey) {
  auto params = io::Params::from_string("problem = \"double_well\"\n[model]\ndiffusivity = 0.3\n", "p.toml");
  EXPECT_EQ(read_fokker_planck(params).diffusion, 0.3);
  test::expect_error<ParameterError>([&] { read_text("problem = \"double_well\"\n[model]\ndiffusion = 0.3\n"); },
                                     {"p.toml:3:13: key 'model.diffusion': renamed: use 'model.diffusivity'"});
}

TEST(FokkerPlanckParams, CrossKeyChecksNameTheirKey) {
  const std::string ou = "problem = \"ou\"\n";
  test::expect_error<ParameterError>([&] { read_text(ou + "[grid]\nlower = 1.0\nupper = 0.0\n"); },
                                     {"p.toml:4:9: key 'grid.upper'"});
  test::expect_error<ParameterError>([&] { read_text(ou + "[grid]\nleft = \"periodic\"\n"); },
                                     {"key 'grid.right': periodic"});
  test::expect_error<ParameterError>([&] { read_text(ou + "[time]\nmethod = \"crank_nicolson\"\nadaptive = true\n"); },
                                     {"key 'time.adaptive'"});
  test::expect_error<ParameterError>([&] { read_text("problem = \"gbm\"\n[time]\nsnapshots = [0.05, 1.0]\n"); },
                                     {"key 'time.snapshots': expected increasing times after the start time 0.1"});
  test::expect_error<ParameterError>([&] { read_text("problem = \"ou2d\"\n[model]\ndrift_matrix = [1, 2]\n"); },
                                     {"key 'model.drift_matrix'"});
  test::expect_error<ParameterError>([&] { read_text("problem = \"ou2d\"\n[grid]\ncells = [50.5, 50]\n"); },
                                     {"key 'grid.cells': expected whole"});
  test::expect_error<ParameterError>([&] { read_text("problem = \"ou2d\"\n[time]\nmethod = \"steady_state\"\n"); },
                                     {"key 'time.method'"});
  // the conditions the problems need, named at their keys with file:line:column (they used to be sentences)
  const std::string ou2d = "problem = \"ou2d\"\n";
  test::expect_error<ParameterError>([&] { read_text(ou2d + "[model]\ndrift_matrix = [-1, 0, 0, 1]\n"); },
                                     {"p.toml:3:16: key 'model.drift_matrix'", "stable"});
  test::expect_error<ParameterError>([&] { read_text(ou2d + "[model]\nnoise_matrix = [0, 0, 0, 1]\n"); },
                                     {"p.toml:3:16: key 'model.noise_matrix'"});
  test::expect_error<ParameterError>([&] { read_text(ou2d + "[initial]\ncovariance = [1, 2, 2, 1]\n"); },
                                     {"p.toml:3:14: key 'initial.covariance'", "positive definite"});
  test::expect_error<ParameterError>([&] { read_text(ou + "[time]\nsnapshots = []\n"); },
                                     {"p.toml:3:13: key 'time.snapshots': expected at least one output time"});
  test::expect_error<ParameterError>([&] { read_text("problem = \"gbm\"\n[grid]\nlower = -1.0\n"); },
                                     {"p.toml:3:9: key 'grid.lower'"});
  test::expect_error<ParameterError>([&] { read_text("problem = \"absorbing_bm\"\n[model]\nx0 = 11.0\n"); },
                                     {"p.toml:3:6: key 'model.x0'", "inside the grid"});
  test::expect_error<ParameterError>(
      [&] { read_text("problem = \"absorbing_bm\"\n[grid]\nleft = \"reflecting\"\n"); }, {"p.toml:3:8: key 'grid.left'"});
  test::expect_error<ParameterError>(
      [&] { read_text("problem = \"double_well\"\n[grid]\nleft = \"absorbing\"\n[time]\nmethod = \"steady_state\"\n"); },
      {"p.toml:5:10: key 'time.method'", "absorbing"});
}

// A user model (problem = expression): what cannot be used is refused when read, at its key with
// file:line:column — an unknown name, D = b²/2 = 0 on the grid, a negative initial density, a point mass
// outside the grid, periodic on one side, t in a steady state's coefficients, a non-finite exact density.
TEST(FokkerPlanckParams, UserModelsAreCheckedAtTheirKeys) {
  const std::string user = "problem = \"expression\"\n[model]\ndrift = \"-x\"\ndiffusion = \"1\"\n";
  EXPECT_NO_THROW(read_text(user));
  test::expect_error<ParameterError>(
      [&] { read_text("problem = \"expression\"\n[model]\ndrift = \"theta*(mu - y)\"\ndiffusion = \"1\"\n"
                      "[model.parameters]\ntheta = 1.0\nmu = 0.0\n"); },
      {"p.toml:3:9: key 'model.drift'", "unknown name 'y'", "variables: x, t; constants: mu, theta"});
  test::expect_error<ParameterError>(
      [&] { read_text("problem = \"expression\"\n[model]\ndrift = \"-x\"\ndiffusion = \"x\"\n"); },
      {"p.toml:4:13: key 'model.diffusion'", "D = b²/2"});
  test::expect_error<ParameterError>(
      [&] { read_text(user + "[initial]\nkind = \"expression\"\ndensity = \"x\"\n"); },
      {"p.toml:7:11: key 'initial.density'", "expected finite values >= 0"});
  test::expect_error<ParameterError>([&] { read_text(user + "[initial]\nkind = \"point\"\nx0 = 7.0\n"); },
                                     {"p.toml:7:6: key 'initial.x0'", "not inside the grid (-6, 6)"});
  test::expect_error<ParameterError>([&] { read_text(user + "[initial]\nkind = \"point\"\n"); },
                                     {"key 'initial.x0': missing required key"});
  test::expect_error<ParameterError>([&] { read_text(user + "[grid]\nleft = \"periodic\"\n"); },
                                     {"key 'grid.right': periodic boundaries must be periodic on both sides"});
  test::expect_error<ParameterError>(
      [&] { read_text("problem = \"expression\"\n[model]\ndrift = \"-x*t\"\ndiffusion = \"1\"\n[time]\n"
                      "method = \"steady_state\"\n"); },
      {"p.toml:6:10: key 'time.method'", "depend on t"});
  test::expect_error<ParameterError>([&] { read_text(user + "exact_density = \"log(x)\"\n"); },
                                     {"p.toml:5:17: key 'model.exact_density'", "is nan at x = "});
  test::expect_error<ParameterError>([&] { read_text(user + "[initial]\nkind = \"gaussian\"\ndensity = \"1\"\n"); },
                                     {"key 'initial.density': only used when"});
  // the default τ of a point mass is (2h/|b(x0, t0)|)²; the solve starts at t0 + τ
  const auto p = [&] {
    auto params = io::Params::from_string(user + "[initial]\nkind = \"point\"\nx0 = 0.5\nstart_time = 0.25\n", "p.toml");
    return read_fokker_planck(params);
  }();
  EXPECT_DOUBLE_EQ(p.expression.smoothing_time, 0.04);  // h = 12/120, b = 1
  EXPECT_DOUBLE_EQ(p.start_time, 0.29);
}

// Sizes inside the keys' ranges that cannot run: a grid beyond the machine's memory and a fixed step that
// needs more than time.max_steps steps are refused when read, naming the key and the estimate.
TEST(FokkerPlanckParams, SizesThatCannotRunAreRefusedNamingTheKey) {
  const std::string ou = "problem = \"ou\"\n";
  test::expect_error<ParameterError>([&] { read_text(ou + "[grid]\ncells = 1000000000000\n"); },
                                     {"p.toml:3:9: key 'grid.cells': needs about", "GB of memory"});
  test::expect_error<ParameterError>([&] { read_text("problem = \"ou2d\"\n[grid]\ncells = [1e7, 1e7]\n"); },
                                     {"key 'grid.cells': needs about", "1e+14 cells"});
  test::expect_error<ParameterError>([&] { read_text(ou + "[time]\ndt = 1e-13\n"); },
                                     {"p.toml:3:6: key 'time.dt': a step of 1e-13 needs 1e+13 steps",
                                      "more than time.max_steps = 10000000"});
  EXPECT_NO_THROW(read_text(ou + "[time]\ndt = 1e-6\nmax_steps = 2000000\n"));
  test::expect_error<ParameterError>([&] { read_text(ou + "[time]\ndt = 1e-6\nmax_steps = 999999\n"); },
                                     {"key 'time.dt'", "time.max_steps = 999999"});
}

}  // namespace
}  // namespace ito::fokker_planck
