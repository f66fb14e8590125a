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
  c.minimal.push_back("");  // the default problem
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

TEST(FokkerPlanckParams, CrossKeyChecksNameTheirKey) {
  test::expect_error<ParameterError>([&] { read_text("[grid]\nlower = 1.0\nupper = 0.0\n"); },
                                     {"p.toml:3:9: key 'grid.upper'"});
  test::expect_error<ParameterError>([&] { read_text("[grid]\nleft = \"periodic\"\n"); },
                                     {"key 'grid.right': periodic"});
  test::expect_error<ParameterError>([&] { read_text("[time]\nmethod = \"crank_nicolson\"\nadaptive = true\n"); },
                                     {"key 'time.adaptive'"});
  test::expect_error<ParameterError>([&] { read_text("problem = \"gbm\"\n[time]\nsnapshots = [0.05, 1.0]\n"); },
                                     {"key 'time.snapshots': expected increasing times after the start time 0.1"});
  test::expect_error<ParameterError>([&] { read_text("problem = \"ou2d\"\n[model]\ndrift_matrix = [1, 2]\n"); },
                                     {"key 'model.drift_matrix'"});
  test::expect_error<ParameterError>([&] { read_text("problem = \"ou2d\"\n[grid]\ncells = [50.5, 50]\n"); },
                                     {"key 'grid.cells': expected whole"});
  test::expect_error<ParameterError>([&] { read_text("problem = \"ou2d\"\n[time]\nmethod = \"steady_state\"\n"); },
                                     {"key 'time.method'"});
}

}  // namespace
}  // namespace ito::fokker_planck
