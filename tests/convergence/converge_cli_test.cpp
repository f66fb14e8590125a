// `ito converge` from the command line: results file layout, and bad input → exit 2, file:line, no output.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "ito/io/hdf5.hpp"
#include "test_support.hpp"

namespace ito {
namespace {

const char* kGood = R"(seed = 3
[sde]
model = "gbm"
[study]
steps = [8, 16, 32]
paths = 200
bootstrap = 20
schemes = ["euler_maruyama", "milstein"]
)";

TEST(ConvergeCli, WritesDocumentedLayout) {
  const auto dir = test::temp_dir("converge_cli");
  const auto params = test::write_file(dir / "p.toml", kGood);
  const auto out = dir / "r.h5";
  const auto r = test::run_cli("converge " + params.string() + " --out " + out.string(), dir);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(io::read_dataset(out.string(), "/levels/dt").values.size(), 3u);
  EXPECT_EQ(io::read_dataset(out.string(), "/milstein/error").values.size(), 3u);
  EXPECT_EQ(io::read_dataset(out.string(), "/milstein/error_se").values.size(), 3u);
  EXPECT_EQ(io::read_double_attribute(out.string(), "/summary", "milstein.expected_order"), 1.0);
  EXPECT_GT(io::read_double_attribute(out.string(), "/summary", "milstein.order"), 0.0);
  EXPECT_EQ(io::read_dataset(out.string(), "/milstein/local_order").values.size(), 2u);
  EXPECT_GE(io::read_double_attribute(out.string(), "/summary", "milstein.order_pre_asymptotic"), 0.0);
  EXPECT_TRUE(std::isfinite(io::read_double_attribute(out.string(), "/summary", "milstein.order_extrapolated")));
  EXPECT_EQ(io::read_string_attribute(out.string(), "/", "command"), "converge");
  EXPECT_NE(io::read_string_attribute(out.string(), "/", "params").find("milstein"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(out.string() + ".partial"));
  ITO_EXPECT_EVERY_DATASET_DESCRIBED(out.string());
  EXPECT_NE(r.output.find("-> " + out.string()), std::string::npos) << r.output;
}

struct BadCase {
  const char* name;
  std::string text;
  std::string args;
  std::string expect;  // substring of the message
};

TEST(ConvergeCli, BadInputExitsTwoWithLocationAndNoOutput) {
  const auto dir = test::temp_dir("converge_bad");
  const std::vector<BadCase> cases = {
      {"unknown_key", std::string(kGood) + "pathz = 3\n", "", "p.toml:9:"},
      {"wrong_type", std::string(kGood) + "horizon = \"one\"\n", "", "p.toml:9:"},
      {"negative_step", std::string(kGood) + "horizon = -0.5\n", "", "key 'study.horizon': expected a finite number > 0"},
      {"old_spelling", std::string(kGood) + "T = 2.0\n", "", "p.toml:9:5: key 'study.T': renamed: use 'study.horizon'"},
      {"old_gbm_spelling", std::string(kGood), "--set sde.alpha=1.5", "key 'sde.alpha': renamed: use 'sde.mu'"},
      {"bad_steps", std::string(kGood), "--set 'study.steps=[8,-16]'", "study.steps"},
      {"refused_scheme", std::string(kGood), "--set 'study.schemes=[\"sra1\"]'", "sra1"},
      {"bad_override", std::string(kGood), "--set study.paths=abc", "--set study.paths=abc"},
      // A number that is not finite is never a result: a weak function that is NaN at some end points
      // (OU from 0.5 ends below 0 on many paths), and a model that blows up in its first step.
      {"weak_function_not_finite",
       "[sde]\nmodel = \"ou\"\n[study]\nsteps = [8, 16]\npaths = 200\nkind = \"weak\"\n"
       "weak_function = \"log(x)\"\nschemes = [\"euler_maruyama\"]\n",
       "", "study.weak_function = \"log(x)\" is nan at X_T = (-"},
      {"blow_up",
       "[sde]\nmodel = \"expression\"\ndrift = \"exp(exp(exp(x)))\"\ndiffusion = \"1\"\nx0 = [1.0]\n"
       "[study]\nsteps = [1, 2]\npaths = 20\nschemes = [\"euler_maruyama\"]\n",
       "", "on path 0 is not finite at T = 1: X_T = (inf)"},
  };
  for (const auto& c : cases) {
    const auto params = test::write_file(dir / "p.toml", c.text);
    const auto out = dir / (std::string(c.name) + ".h5");
    const auto r = test::run_cli("converge " + params.string() + " --out " + out.string() + " " + c.args, dir);
    EXPECT_EQ(r.status, 2) << c.name << ": " << r.output;
    EXPECT_NE(r.output.find(c.expect), std::string::npos) << c.name << ": " << r.output;
    EXPECT_FALSE(std::filesystem::exists(out)) << c.name;
    EXPECT_FALSE(std::filesystem::exists(out.string() + ".partial")) << c.name;
  }
  const auto missing = test::run_cli("converge " + (dir / "nope.toml").string() + " --out " + (dir / "m.h5").string(), dir);
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.output.find("nope.toml"), std::string::npos) << missing.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "m.h5"));
}

// Expression systems (model = "expression_system"): bad input names the file, the line of the offending key or
// element, and the key; a scheme the inferred noise class does not allow is refused with the reason.
const char* kSystem = R"(seed = 3
[sde]
model = "expression_system"
state = ["x", "y"]
drift = ["0", "-y"]
diffusion = [["1", "0"],
             ["0", "x"]]
x0 = [0.0, 1.0]
[study]
steps = [8, 16]
paths = 100
bootstrap = 10
schemes = ["euler_maruyama"]
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(ConvergeCli, ExpressionSystemRunsAndWritesTheLayout) {
  const auto dir = test::temp_dir("converge_system");
  const auto params = test::write_file(dir / "p.toml", kSystem);
  const auto out = dir / "r.h5";
  const auto r = test::run_cli("converge " + params.string() + " --out " + out.string(), dir);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(io::read_dataset(out.string(), "/euler_maruyama/error").values.size(), 2u);
  EXPECT_EQ(io::read_double_attribute(out.string(), "/summary", "euler_maruyama.expected_order"), 0.5);
  EXPECT_EQ(io::read_double_attribute(out.string(), "/summary", "self_convergence"), 1.0);
  ITO_EXPECT_EVERY_DATASET_DESCRIBED(out.string());
}

// The weak function takes the state names; with study.exact_value the weak error is measured against it.
TEST(ConvergeCli, ExpressionSystemWeakFunctionInStateNamesAgainstExactExpectation) {
  const auto dir = test::temp_dir("converge_system_weak");
  const auto params = test::write_file(dir / "p.toml", kSystem);
  const auto out = dir / "r.h5";
  const auto r = test::run_cli("converge " + params.string() + " --out " + out.string() +
                                   " --set study.kind=weak --set 'study.weak_function=\"x^2 + y\"'"
                                   " --set study.exact_value=1.5",
                               dir);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(io::read_double_attribute(out.string(), "/summary", "self_convergence"), 0.0);
  EXPECT_NE(io::read_string_attribute(out.string(), "/summary", "weak_reference").find("exact expectation"),
            std::string::npos);
  EXPECT_EQ(io::read_dataset(out.string(), "/euler_maruyama/error").values.size(), 2u);
}

TEST(ConvergeCli, ExpressionSystemBadInputExitsTwoWithLocationAndKey) {
  const auto dir = test::temp_dir("converge_system_bad");
  const std::vector<BadCase> cases = {
      {"unknown_variable", replaced(kSystem, "\"-y\"]", "\"-z\"]"), "",
       "p.toml:5:15: key 'sde.drift[1]': expression '-z': unknown name 'z'"},
      {"unknown_variable_in_diffusion", replaced(kSystem, "[\"0\", \"x\"]", "[\"0\", \"q*x\"]"), "",
       "p.toml:7:20: key 'sde.diffusion[1][1]'"},
      {"diffusion_rows", replaced(kSystem, "[[\"1\", \"0\"],\n             [\"0\", \"x\"]]", "[[\"1\", \"0\"]]"), "",
       "p.toml:6:13: key 'sde.diffusion': expected 2 rows"},
      {"diffusion_ragged", replaced(kSystem, "[\"0\", \"x\"]]", "[\"x\"]]"), "",
       "p.toml:7:14: key 'sde.diffusion[1]': expected every row to have the same number m of noises"},
      {"drift_length", replaced(kSystem, "drift = [\"0\", \"-y\"]", "drift = [\"0\", \"-y\", \"1\"]"), "",
       "p.toml:5:9: key 'sde.drift': expected 2 expressions, one per state component"},
      {"milstein_noncommuting", replaced(kSystem, "[\"euler_maruyama\"]", "[\"milstein\"]"), "",
       "p.toml:13:11: key 'study.schemes': scheme 'milstein' cannot integrate Ito SDEs with general noise (noise_dim 2)"},
      {"declared_commutative", std::string(kSystem), "--set sde.noise=commutative",
       "key 'sde.noise': declared commutative, but the diffusion columns 1 and 2 do not commute"},
      {"x0_length", replaced(kSystem, "x0 = [0.0, 1.0]", "x0 = [0.0]"), "", "p.toml:8:6: key 'sde.x0': expected 2"},
  };
  for (const auto& c : cases) {
    const auto params = test::write_file(dir / "p.toml", c.text);
    const auto out = dir / (std::string(c.name) + ".h5");
    const auto r = test::run_cli("converge " + params.string() + " --out " + out.string() + " " + c.args, dir);
    EXPECT_EQ(r.status, 2) << c.name << ": " << r.output;
    EXPECT_NE(r.output.find(c.expect), std::string::npos) << c.name << ": " << r.output;
    EXPECT_FALSE(std::filesystem::exists(out)) << c.name;
  }
  // The refusal says why the class is general.
  const auto params = test::write_file(dir / "p.toml", kSystem);
  const auto r = test::run_cli("converge " + params.string() + " --out " + (dir / "m.h5").string() +
                                   " --set 'study.schemes=[\"milstein\"]'",
                               dir);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("noise class: inferred general: the diffusion columns 1 and 2 do not commute"),
            std::string::npos)
      << r.output;
}

// A system with its diffusion Jacobian given (sde.diffusion_derivative, d × m × d): it runs Milstein on the
// expressions; a shape error or an unknown name is exit 2 at the element, and an entry that disagrees with the
// central differences at a noise-class sample point is refused naming the entry and the point.
const char* kJacobian = R"toml(seed = 3
[sde]
model = "expression_system"
interpretation = "stratonovich"
state = ["x", "y"]
drift = ["0", "0"]
diffusion = [["s*cos(x)"],
             ["-s*y*sin(x)"]]
diffusion_derivative = [[["-s*sin(x)", "0"]],
                        [["-s*y*cos(x)", "-s*sin(x)"]]]
x0 = [0.2, 1.0]
[sde.parameters]
s = 1.0
[study]
steps = [8, 16]
paths = 100
bootstrap = 10
schemes = ["milstein"]
)toml";

TEST(ConvergeCli, ExpressionSystemWithJacobianRunsMilstein) {
  const auto dir = test::temp_dir("converge_system_jacobian");
  const auto params = test::write_file(dir / "p.toml", kJacobian);
  const auto out = dir / "r.h5";
  const auto r = test::run_cli("converge " + params.string() + " --out " + out.string(), dir);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(io::read_dataset(out.string(), "/milstein/error").values.size(), 2u);
  EXPECT_NE(io::read_string_attribute(out.string(), "/", "params").find("diffusion_derivative"), std::string::npos);
}

TEST(ConvergeCli, ExpressionSystemJacobianBadInputExitsTwoWithLocationAndKey) {
  const auto dir = test::temp_dir("converge_system_jacobian_bad");
  const std::string second_block = "[[\"-s*y*cos(x)\", \"-s*sin(x)\"]]";
  const std::vector<BadCase> cases = {
      {"unknown_name", replaced(kJacobian, "\"-s*sin(x)\"", "\"-s*sin(z)\""), "",
       "p.toml:9:27: key 'sde.diffusion_derivative[0][0][0]': expression '-s*sin(z)': unknown name 'z'"},
      {"blocks", replaced(kJacobian, ",\n                        " + second_block, ""), "",
       "p.toml:9:24: key 'sde.diffusion_derivative': expected 2 blocks, one per state component (d × m × d = 2 × 1 × 2"},
      {"rows", replaced(kJacobian, second_block, "[[\"-s*y*cos(x)\", \"-s*sin(x)\"], [\"0\", \"0\"]]"), "",
       "p.toml:10:25: key 'sde.diffusion_derivative[1]': expected 1 rows, one per noise"},
      {"entries", replaced(kJacobian, second_block, "[[\"-s*y*cos(x)\"]]"), "",
       "p.toml:10:26: key 'sde.diffusion_derivative[1][0]': expected 2 expressions, one per state component"},
      {"not_nested", replaced(kJacobian, second_block, "\"0\""), "",
       "p.toml:10:25: key 'sde.diffusion_derivative[1]': expected an array of rows"},
      {"sign_error", replaced(kJacobian, "\"-s*sin(x)\"", "\"s*sin(x)\""), "",
       "p.toml:9:27: key 'sde.diffusion_derivative[0][0][0]': \"s*sin(x)\" (∂g[0][0]/∂x) is 0.1986693308 at t = 0, "
       "x = 0.2, y = 0.39, but central differences of g[0][0] = \"s*cos(x)\" give -0.19866933"},
      {"wrong_away_from_x0", replaced(kJacobian, "\"0\"]]", "\"x > 1 ? 1 : 0\"]]"), "",
       "key 'sde.diffusion_derivative[0][0][1]': \"x > 1 ? 1 : 0\" (∂g[0][0]/∂y) is 1 at t = 1, x = 1.33, y = 1.83"},
      {"wrong_in_an_override", std::string(kJacobian),
       "--set 'sde.diffusion_derivative=[[[\"-s*sin(x)\", \"0\"]], [[\"-s*y*cos(x)\", \"s*sin(x)\"]]]'",
       "--set sde.diffusion_derivative=[[[\"-s*sin(x)\", \"0\"]], [[\"-s*y*cos(x)\", \"s*sin(x)\"]]]: key "
       "'sde.diffusion_derivative[1][0][1]'"},
  };
  for (const auto& c : cases) {
    const auto params = test::write_file(dir / "p.toml", c.text);
    const auto out = dir / (std::string(c.name) + ".h5");
    const auto r = test::run_cli("converge " + params.string() + " --out " + out.string() + " " + c.args, dir);
    EXPECT_EQ(r.status, 2) << c.name << ": " << r.output;
    EXPECT_NE(r.output.find(c.expect), std::string::npos) << c.name << ": " << r.output;
    EXPECT_FALSE(std::filesystem::exists(out)) << c.name;
  }
}

}  // namespace
}  // namespace ito
