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

namespace ito::fokker_planck {
namespace {

double max_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(a[i] - b[i]));
  return m;
}

// The shipped user-model files: the OU one gives fp_ou.toml's densities to rounding; the GBM and absorbing
// ones report an L1 error against their exact_density; the absorbing one's survival is within twice its
// Richardson estimate of the closed form (the error of S_h is about (4/3)|S_h − S_{h/2}| at second order).
TEST(FokkerPlanckCli, UserModelFilesRun) {
  const auto dir = ito::test::temp_dir("fp_cli_user");
  const auto run = [&](const std::string& name, const std::string& extra = "") {
    const auto out = (dir / (name + std::to_string(extra.size()) + ".h5")).string();
    const auto r = ito::test::run_cli("fokker-planck problems/" + name + ".toml --out '" + out + "'" + extra, dir);
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("-> " + out), std::string::npos) << r.output;
    return out;
  };
  const auto ou = run("fp_expression_ou"), built_in = run("fp_ou");
  EXPECT_EQ(io::read_string_attribute(ou, "/summary", "problem"), "expression");
  EXPECT_LT(max_difference(io::read_dataset(ou, "/snapshots/density").values,
                           io::read_dataset(built_in, "/snapshots/density").values),
            1e-12);
  EXPECT_NEAR(io::read_double_attribute(ou, "/summary", "l1_error"),
              io::read_double_attribute(built_in, "/summary", "l1_error"), 1e-9);
  ITO_EXPECT_EVERY_DATASET_DESCRIBED(ou);

  const auto gbm = run("fp_expression_gbm");
  EXPECT_TRUE(std::isfinite(io::read_double_attribute(gbm, "/summary", "l1_error")));
  EXPECT_LT(io::read_double_attribute(gbm, "/summary", "mass_drift"), 1e-12);

  const auto absorbing = run("fp_expression_absorbing"), finer = run("fp_expression_absorbing", " --set grid.cells=400");
  const double s = io::read_double_attribute(absorbing, "/summary", "survival");
  const double exact = io::read_double_attribute(absorbing, "/summary", "exact_survival");
  const double s_fine = io::read_double_attribute(finer, "/summary", "survival");
  EXPECT_LE(std::fabs(s - exact), 2.0 * (4.0 / 3.0) * std::fabs(s - s_fine));
  EXPECT_FALSE(io::read_dataset(absorbing, "/survival/exit_flux_left").values.empty());
  EXPECT_FALSE(io::read_dataset(absorbing, "/survival/exact_survival").values.empty());
  EXPECT_GE(io::read_double_attribute(absorbing, "/summary", "min_density"), 0.0);
}

// A user model without exact_density reports mass, positivity and survival, and no exact attribute.
TEST(FokkerPlanckCli, UserModelWithoutExactDensityHasNoExactAttributes) {
  const auto dir = ito::test::temp_dir("fp_cli_user_noexact");
  const auto out = (dir / "r.h5").string();
  const auto r = ito::test::run_cli(
      "fokker-planck problems/fp_expression_absorbing.toml --set 'model.exact_density=\"\"' --out '" + out + "'", dir);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("no exact reference"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("survival"), std::string::npos) << r.output;
  for (const char* name : {"exact_survival", "exact_mean", "exact_variance", "l1_error"})
    EXPECT_THROW(io::read_double_attribute(out, "/summary", name), IoError) << name;
  EXPECT_THROW(io::read_dataset(out, "/snapshots/exact_density"), IoError);
  EXPECT_THROW(io::read_dataset(out, "/survival/exact_survival"), IoError);
  EXPECT_EQ(io::read_string_attribute(out, "/summary", "reference").rfind("none: no exact density", 0), 0u);
  EXPECT_LT(io::read_double_attribute(out, "/summary", "survival"), 0.99);
}

// Bad input for the new keys: exit 2, file:line:column and the key, no output file.
TEST(FokkerPlanckCli, BadUserModelsExitTwoNamingFileLineAndKey) {
  const auto dir = ito::test::temp_dir("fp_cli_user_bad");
  const auto out = (dir / "r.h5").string();
  const std::string head = "problem = \"expression\"\n[model]\n";
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {head + "drift = \"-x + y\"\ndiffusion = \"1\"\n", {"bad.toml:3:9: key 'model.drift'", "unknown name 'y'"}},
      {head + "drift = \"-x\"\ndiffusion = \"1\"\n[initial]\nkind = \"point\"\nx0 = -8.0\n",
       {"bad.toml:7:6: key 'initial.x0'", "not inside the grid"}},
      {head + "drift = \"-x\"\ndiffusion = \"1\"\n[grid]\nleft = \"reflecting\"\nright = \"periodic\"\n",
       {"bad.toml:7:9: key 'grid.right'", "periodic on both sides"}},
      {head + "drift = \"-x\"\ndiffusion = \"1\"\n[initial]\nkind = \"expression\"\ndensity = \"sin(x)\"\n",
       {"bad.toml:7:11: key 'initial.density'", "expected finite values >= 0"}},
      {head + "drift = \"-x\"\ndiffusion = \"x - 1\"\n", {"bad.toml:4:13: key 'model.diffusion'", "D = b²/2"}},
  };
  for (const auto& [text, parts] : cases) {
    const auto bad = ito::test::write_file(dir / "bad.toml", text);
    const auto r = ito::test::run_cli("fokker-planck '" + bad.string() + "' --out '" + out + "'", dir);
    EXPECT_EQ(r.status, 2) << r.output;
    for (const auto& part : parts) EXPECT_NE(r.output.find(part), std::string::npos) << part << " not in " << r.output;
    EXPECT_FALSE(std::filesystem::exists(out));
  }
  // a diffusion that vanishes only at a later time: refused when reached, still at the key's line
  const auto later = ito::test::write_file(
      dir / "bad.toml", head + "drift = \"-x\"\ndiffusion = \"t < 0.5 ? 1 : 0\"\n[time]\ndt = 0.01\nsnapshots = [1.0]\n");
  const auto r = ito::test::run_cli("fokker-planck '" + later.string() + "' --out '" + out + "'", dir);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("bad.toml:4:13: key 'model.diffusion'"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_FALSE(std::filesystem::exists(out + ".partial"));
}

// The shipped 2-D user model (a rotating OU by expressions, with its exact density) runs, reports its L1
// error, and gives the densities of problem = "ou2d" set to the same process to rounding.
TEST(FokkerPlanckCli, TwoDimensionalUserModelFileRunsAndIsTheBuiltInOu2d) {
  const auto dir = ito::test::temp_dir("fp_cli_user2d");
  const std::string common = " --set grid.cells=[60,60] --set grid.x=[-4.5,4.5] --set grid.y=[-4.5,4.5]"
                             " --set time.snapshots=[0.25,0.5]";
  const auto user = (dir / "user.h5").string(), built_in = (dir / "ou2d.h5").string();
  auto r = ito::test::run_cli("fokker-planck problems/fp_expression_2d_ou.toml --out '" + user + "'" + common, dir);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("fokker-planck expression 2-D (adi, 60×60): L1 error"), std::string::npos) << r.output;
  r = ito::test::run_cli("fokker-planck problems/fp_ou2d.toml --out '" + built_in + "'" + common +
                             " --set model.drift_matrix=[1.0,2.0,-2.0,1.0] --set model.noise_matrix=[1.0,0.0,0.0,1.0]",
                         dir);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(io::read_string_attribute(user, "/summary", "problem"), "expression");
  EXPECT_LT(max_difference(io::read_dataset(user, "/snapshots/density").values,
                           io::read_dataset(built_in, "/snapshots/density").values),
            1e-12);
  // the same L1 error up to the rounding of the two (identical) quadratures of the same Gaussian
  EXPECT_NEAR(io::read_double_attribute(user, "/summary", "l1_error"),
              io::read_double_attribute(built_in, "/summary", "l1_error"), 1e-12);
  EXPECT_LT(io::read_double_attribute(user, "/summary", "mass_drift"), 1e-12);
  EXPECT_FALSE(io::read_dataset(user, "/survival/survival").values.empty());
  EXPECT_FALSE(io::read_dataset(user, "/moments/exact_cov_xx").values.empty());
  ITO_EXPECT_EVERY_DATASET_DESCRIBED(user);
  ITO_EXPECT_EVERY_DATASET_DESCRIBED(built_in);
}

// Bad 2-D user models: exit 2, file:line and the key, no output file.
TEST(FokkerPlanckCli, BadTwoDimensionalUserModelsExitTwoNamingFileLineAndKey) {
  const auto dir = ito::test::temp_dir("fp_cli_user2d_bad");
  const auto out = (dir / "r.h5").string();
  const std::string head = "problem = \"expression\"\n[model]\n";
  const std::string model = head + "drift = [\"-x\", \"-y\"]\ndiffusion = [[\"1\", \"0\"], [\"0\", \"1\"]]\n";
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {head + "drift = [\"-x\", \"-y\", \"0\"]\ndiffusion = [[\"1\", \"0\"], [\"0\", \"1\"]]\n",
       {"bad.toml:3:", "key 'model.drift'", "expected 2 expressions"}},
      {head + "drift = [\"-x\", \"-y\"]\ndiffusion = [[\"1\", \"0\"], [\"1\"]]\n",
       {"bad.toml:4:", "key 'model.diffusion[1]'", "same number m >= 2"}},
      {head + "drift = [\"-x\", \"-y\"]\ndiffusion = [[\"1\"], [\"1\"]]\n",
       {"bad.toml:4:", "key 'model.diffusion[0]'", "m >= 2"}},
      {head + "drift = [\"-x\", \"-z\"]\ndiffusion = [[\"1\", \"0\"], [\"0\", \"1\"]]\n",
       {"bad.toml:3:", "key 'model.drift[1]'", "unknown name 'z'"}},
      {model + "[initial]\ncovariance = [1.0, 2.0, 2.0, 1.0]\n",
       {"bad.toml:6:", "key 'initial.covariance'", "positive definite"}},
      {model + "[initial]\nkind = \"point\"\nx0 = [9.0, 0.0]\n", {"bad.toml:7:", "key 'initial.x0'", "not inside"}},
      {head + "drift = [\"-x\", \"-y\"]\ndiffusion = [[\"1\", \"1\"], [\"1\", \"1\"]]\n",
       {"bad.toml:4:", "key 'model.diffusion'", "not positive definite"}},
      {model + "[grid]\nbottom = \"periodic\"\n", {"bad.toml:6:", "key 'grid.bottom'", "periodic on both sides"}},
      {head + "drift = [\"-x\", \"-y\"]\ndiffusion = [[\"sin(t)+2\", \"0\"], [\"0\", \"1\"]]\n",
       {"key 'time.solver'", "implicit"}},
      {"problem = \"expression\"\ndimension = 2\n[model]\ndrift = \"-x\"\ndiffusion = \"1\"\n",
       {"bad.toml:4:", "key 'model.drift'", "an array of 2 expressions"}},
      {"problem = \"ou2d\"\ndimension = 1\n", {"bad.toml:2:", "key 'dimension'", "problem ou2d is 2-D"}},
  };
  for (const auto& [text, parts] : cases) {
    const auto bad = ito::test::write_file(dir / "bad.toml", text);
    const auto r = ito::test::run_cli("fokker-planck '" + bad.string() + "' --out '" + out + "'", dir);
    EXPECT_EQ(r.status, 2) << r.output;
    for (const auto& part : parts) EXPECT_NE(r.output.find(part), std::string::npos) << part << " not in " << r.output;
    EXPECT_FALSE(std::filesystem::exists(out));
  }
}

}  // namespace
}  // namespace ito::fokker_planck
