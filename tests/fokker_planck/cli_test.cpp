// `ito fokker-planck` end to end: every problem file runs, the summary carries the exact comparison,
// and a bad key exits 2 with file:line and leaves no output.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "ito/core/error.hpp"
#include "ito/io/hdf5.hpp"
#include "test_support.hpp"

namespace ito::fokker_planck {
namespace {

TEST(FokkerPlanckCli, ProblemFilesRunAndReportExactComparisons) {
  const auto dir = ito::test::temp_dir("fp_cli");
  for (const std::string name : {"ou", "double_well", "gbm", "absorbing", "ou2d"}) {
    const auto out = (dir / (name + ".h5")).string();
    const auto r = ito::test::run_cli("fokker-planck problems/fp_" + name + ".toml --out '" + out + "'" +
                                          (name == "ou2d" ? " --set grid.cells=[60,60] --set time.snapshots=[0.5]" : ""),
                                      dir);
    ASSERT_EQ(r.status, 0) << r.output;
    const double l1 = io::read_double_attribute(out, "/summary", "l1_error");
    const double drift = io::read_double_attribute(out, "/summary", "mass_drift");
    EXPECT_TRUE(std::isfinite(l1)) << name;
    if (name == "ou") {
      EXPECT_LT(l1, 1.5e-3);
    }
    if (name == "double_well") {
      EXPECT_LT(l1, 1e-11);
    }
    if (name == "absorbing") {
      const double s = io::read_double_attribute(out, "/summary", "survival");
      const double e = io::read_double_attribute(out, "/summary", "exact_survival");
      EXPECT_NEAR(s / e, 1.0, 1e-4);
    } else {
      EXPECT_LT(drift, 1e-12) << name;
    }
    EXPECT_EQ(io::read_string_attribute(out, "/", "command"), "fokker-planck");
    EXPECT_FALSE(io::read_dataset(out, "/snapshots/density").values.empty());
    ITO_EXPECT_EVERY_DATASET_DESCRIBED(out);
    EXPECT_NE(r.output.find("-> " + out), std::string::npos) << r.output;
  }
}

TEST(FokkerPlanckCli, BadKeyOrValueExitsTwoWithLocationAndNoOutput) {
  const auto dir = ito::test::temp_dir("fp_cli_bad");
  const auto out = (dir / "bad.h5").string();
  auto r = ito::test::run_cli("fokker-planck problems/fp_ou.toml --out '" + out + "' --set model.thetaa=2", dir);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("model.thetaa"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(out));
  const auto bad = ito::test::write_file(dir / "bad.toml", "problem = \"ou\"\n[grid]\ncells = 1\n");
  r = ito::test::run_cli("fokker-planck '" + bad.string() + "' --out '" + out + "'", dir);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("bad.toml:3:"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(out));
}

// No exact attribute where none applies: an OU density that reaches an absorbing wall has no exact density,
// moments or survival in the file, and the summary says why; the summary line names the output.
TEST(FokkerPlanckCli, NoExactAttributesWhereNoReferenceHolds) {
  const auto dir = ito::test::temp_dir("fp_cli_noexact");
  const auto out = (dir / "r.h5").string();
  const auto r = ito::test::run_cli("fokker-planck problems/fp_ou.toml --set grid.lower=0 --set grid.left=absorbing --out '" +
                                        out + "'",
                                    dir);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("no exact reference"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("-> " + out), std::string::npos) << r.output;
  for (const char* name : {"exact_survival", "exact_mean", "exact_variance", "l1_error"})
    EXPECT_THROW(io::read_double_attribute(out, "/summary", name), IoError) << name;
  EXPECT_THROW(io::read_dataset(out, "/snapshots/exact_density"), IoError);
  EXPECT_THROW(io::read_dataset(out, "/survival/exact_survival"), IoError);
  EXPECT_NE(io::read_string_attribute(out, "/summary", "reference").find("none: "), std::string::npos);
}

// An empty parameter file asks for the problem instead of running a default one; a step that needs more than
// time.max_steps is refused before the run, at the key.
TEST(FokkerPlanckCli, EmptyFileAndAbsurdStepAreRefused) {
  const auto dir = ito::test::temp_dir("fp_cli_empty");
  const auto empty = ito::test::write_file(dir / "empty.toml", "");
  auto r = ito::test::run_cli("fokker-planck '" + empty.string() + "' --out '" + (dir / "r.h5").string() + "'", dir);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("key 'problem': missing required key"), std::string::npos) << r.output;
  r = ito::test::run_cli("fokker-planck problems/fp_ou.toml --set time.dt=1e-13 --out '" + (dir / "r.h5").string() + "'", dir);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("--set time.dt=1e-13: key 'time.dt': a step of 1e-13 needs 4e+12 steps"), std::string::npos)
      << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "r.h5"));
}

}  // namespace
}  // namespace ito::fokker_planck
