// The parameters of `ito fokker-planck`: every key `ito fokker-planck --help` lists is read with the default
// it states (tests/schema_testing.hpp), and the cross-key checks name their key.
#include "ito/fokker_planck/params.hpp"

#include <gtest/gtest.h>

#include "ito/core/error.hpp"
#include "schema_testing.hpp"

namespace ito::fokker_planck {
namespace {

std::string error_of(const std::string& text) {
  try {
    auto params = io::Params::from_string(text, "p.toml");
    read_fokker_planck(params);
  } catch (const ParameterError& e) {
    return e.what();
  }
  return "";
}

TEST(FokkerPlanckParams, EveryKeyIsReadWithTheDefaultItsTableStates) {
  test::SchemaCheck<FokkerPlanckParameters> c{fokker_planck_schema(),
                                              [](io::SchemaReader& r) { return read_fokker_planck(r); },
                                              {}};
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
  EXPECT_EQ(error_of(steady), "");
  EXPECT_NE(error_of(steady + "snapshots = [1.0]\n").find("only used when time.method ≠ steady_state"),
            std::string::npos);
}

TEST(FokkerPlanckParams, CrossKeyChecksNameTheirKey) {
  EXPECT_NE(error_of("[grid]\nlower = 1.0\nupper = 0.0\n").find("p.toml:3:9: key 'grid.upper'"), std::string::npos);
  EXPECT_NE(error_of("[grid]\nleft = \"periodic\"\n").find("key 'grid.right': periodic"), std::string::npos);
  EXPECT_NE(error_of("[time]\nmethod = \"crank_nicolson\"\nadaptive = true\n").find("key 'time.adaptive'"),
            std::string::npos);
  EXPECT_NE(error_of("problem = \"gbm\"\n[time]\nsnapshots = [0.05, 1.0]\n")
                .find("key 'time.snapshots': expected increasing times after the start time 0.1"),
            std::string::npos);
  EXPECT_NE(error_of("problem = \"ou2d\"\n[model]\ndrift_matrix = [1, 2]\n").find("key 'model.drift_matrix'"),
            std::string::npos);
  EXPECT_NE(error_of("problem = \"ou2d\"\n[grid]\ncells = [50.5, 50]\n").find("key 'grid.cells': expected whole"),
            std::string::npos);
  EXPECT_NE(error_of("problem = \"ou2d\"\n[time]\nmethod = \"steady_state\"\n").find("key 'time.method'"),
            std::string::npos);
}

}  // namespace
}  // namespace ito::fokker_planck
