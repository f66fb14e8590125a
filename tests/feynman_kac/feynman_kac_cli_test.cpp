// `ito feynman-kac`: results layout, and bad input → exit status 2, file:line in the message, no output file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "ito/io/hdf5.hpp"
#include "test_support.hpp"

namespace ito {
namespace {

namespace fs = std::filesystem;

TEST(FeynmanKacCli, WritesEstimateExactAndZScore) {
  const auto dir = test::temp_dir("fk_cli_ok");
  const auto params = test::write_file(dir / "p.toml", R"(seed = 5
[problem]
kind = "european_call"
[mc]
paths = 20000
antithetic = true
)");
  const auto out = dir / "r.h5";
  const auto r = test::run_cli("feynman-kac '" + params.string() + "' --out '" + out.string() + "'", dir);
  ASSERT_EQ(r.status, 0) << r.output;
  const double estimate = io::read_double_attribute(out.string(), "/summary", "estimate");
  const double se = io::read_double_attribute(out.string(), "/summary", "std_error");
  const double exact = io::read_double_attribute(out.string(), "/summary", "exact");
  EXPECT_NEAR(exact, 10.450584, 5e-7);
  EXPECT_NEAR(io::read_double_attribute(out.string(), "/summary", "z_score"), (estimate - exact) / se, 1e-12);
  EXPECT_EQ(io::read_dataset(out.string(), "/estimate").values.at(0), estimate);
  EXPECT_EQ(io::read_string_attribute(out.string(), "/", "command"), "feynman-kac");
}

TEST(FeynmanKacCli, MlmcWritesPerLevelStatistics) {
  const auto dir = test::temp_dir("fk_cli_mlmc");
  const auto params = test::write_file(dir / "p.toml", R"(method = "mlmc"
[problem]
kind = "european_call"
[scheme]
name = "milstein"
[mlmc]
target_rms_error = 0.1
)");
  const auto out = dir / "r.h5";
  const auto r = test::run_cli("feynman-kac '" + params.string() + "' --out '" + out.string() + "'", dir);
  ASSERT_EQ(r.status, 0) << r.output;
  const auto samples = io::read_dataset(out.string(), "/levels/samples");
  const auto mean = io::read_dataset(out.string(), "/levels/mean");
  EXPECT_EQ(static_cast<double>(samples.values.size()), io::read_double_attribute(out.string(), "/summary", "levels"));
  double sum = 0;
  for (double m : mean.values) sum += m;
  EXPECT_NEAR(sum, io::read_double_attribute(out.string(), "/summary", "estimate"), 1e-9);
  for (const char* key : {"alpha", "beta", "gamma", "cost", "bias_estimate"})
    EXPECT_TRUE(std::isfinite(io::read_double_attribute(out.string(), "/summary", key))) << key;
}

TEST(FeynmanKacCli, ResultsAreBitwiseIndependentOfThreads) {
  const auto dir = test::temp_dir("fk_cli_threads");
  const auto params = test::write_file(dir / "p.toml", R"(method = "mlmc"
[problem]
kind = "lookback_call"
[scheme]
name = "milstein"
[mlmc]
target_rms_error = 0.1
)");
  std::vector<double> estimates;
  for (int threads : {1, 2, 4}) {
    const auto out = dir / ("r" + std::to_string(threads) + ".h5");
    const auto r = test::run_cli("feynman-kac '" + params.string() + "' --threads " + std::to_string(threads) +
                                     " --out '" + out.string() + "'",
                                 dir);
    ASSERT_EQ(r.status, 0) << r.output;
    estimates.push_back(io::read_double_attribute(out.string(), "/summary", "estimate"));
  }
  EXPECT_EQ(estimates[0], estimates[1]);
  EXPECT_EQ(estimates[0], estimates[2]);
}

// The start of an expression-system problem file: two states x, y (lines 1-4; the diffusion is line 5).
#define SYSTEM "[problem]\nkind = \"expression_system\"\nstate = [\"x\", \"y\"]\ndrift = [\"0\", \"-y\"]\n"

struct BadCase {
  const char* name;
  const char* text;
  const char* expected;  // substring of the error message
};

TEST(FeynmanKacCli, BadInputExitsTwoWithLocationAndNoOutput) {
  const BadCase cases[] = {
      {"unknown_key", "[problem]\nkind = \"european_call\"\nstrik = 90.0\n", "p.toml:3:"},
      {"bad_kind", "[problem]\nkind = \"asian\"\n", "p.toml:2:"},
      {"negative_vol", "[problem]\nkind = \"european_call\"\nsigma = -0.2\n", "p.toml:3:"},
      {"old_spelling", "[problem]\nkind = \"european_call\"\nmaturity = 2.0\n",
       "p.toml:3:12: key 'problem.maturity': renamed: use 'problem.horizon'"},
      {"barrier_above_spot", "[problem]\nkind = \"down_and_out_call\"\nbarrier = 120.0\n", "p.toml:3:"},
      {"wrong_type", "[problem]\nkind = \"european_call\"\n[mc]\npaths = \"many\"\n", "p.toml:4:"},
      {"mc_keys_with_mlmc", "method = \"mlmc\"\n[problem]\nkind = \"european_call\"\n[mc]\npaths = 10\n", "p.toml:5:"},
      {"key_of_other_kind", "[problem]\nkind = \"ou_mean\"\nstrike = 90.0\n", "p.toml:3:"},
      {"bad_expression", "[problem]\nkind = \"expression\"\ndrift = \"2*(0.05 - x\"\ndiffusion = \"0.1\"\n", "p.toml:3:"},
      {"milstein_without_derivative",
       "[problem]\nkind = \"expression\"\ndrift = \"-x\"\ndiffusion = \"x\"\n[scheme]\nname = \"milstein\"\n",
       "p.toml:6:"},
      {"bad_scheme", "[problem]\nkind = \"ou_mean\"\n[scheme]\nname = \"rk4\"\n", "p.toml:4:"},
      {"former_spelling", "[problem]\nkind = \"ou_mean\"\n[scheme]\nname = \"euler\"\n", "p.toml:4:"},
      {"former_spelling_names_the_new", "[problem]\nkind = \"ou_mean\"\n[scheme]\nname = \"euler\"\n",
       "now spelled 'euler_maruyama'"},
      {"scheme_refused_by_noise_class", "[problem]\nkind = \"european_call\"\n[scheme]\nname = \"sra1\"\n",
       "p.toml:4:"},
      // path functionals (problem.functionals): the argument's unknown variable, the payoff's unknown
      // functional name, a malformed declaration, a taken name, and what MLMC cannot do — at the key
      {"functional_unknown_variable",
       "[problem]\nkind = \"expression\"\ndrift = \"0.05*x\"\ndiffusion = \"0.2*x\"\npayoff = \"A\"\n"
       "[problem.functionals]\nA = \"average(y)\"\n",
       "p.toml:7:5: key 'problem.functionals.A': "},
      {"functional_unknown_variable_named",
       "[problem]\nkind = \"expression\"\ndrift = \"0.05*x\"\ndiffusion = \"0.2*x\"\npayoff = \"A\"\n"
       "[problem.functionals]\nA = \"average(y)\"\n",
       "unknown name 'y'"},
      {"payoff_unknown_functional",
       "[problem]\nkind = \"expression\"\ndrift = \"0.05*x\"\ndiffusion = \"0.2*x\"\npayoff = \"max(B - 100, 0)\"\n"
       "[problem.functionals]\nA = \"average(x)\"\n",
       "p.toml:5:10: key 'problem.payoff': "},
      {"payoff_unknown_functional_named",
       "[problem]\nkind = \"expression\"\ndrift = \"0.05*x\"\ndiffusion = \"0.2*x\"\npayoff = \"max(B - 100, 0)\"\n"
       "[problem.functionals]\nA = \"average(x)\"\n",
       "unknown name 'B'"},
      {"functional_bad_kind",
       "[problem]\nkind = \"expression\"\ndrift = \"0.05*x\"\ndiffusion = \"0.2*x\"\npayoff = \"A\"\n"
       "[problem.functionals]\nA = \"mean(x)\"\n",
       "p.toml:7:5: key 'problem.functionals.A': functional A = \"mean(x)\": unknown kind 'mean'"},
      {"functional_name_taken",
       "[problem]\nkind = \"expression\"\ndrift = \"0.05*x\"\ndiffusion = \"0.2*x\"\npayoff = \"K\"\n"
       "[problem.parameters]\nK = 1.0\n[problem.functionals]\nK = \"average(x)\"\n",
       "p.toml:9:5: key 'problem.functionals.K': the name 'K' is taken"},
      {"functional_discrete_mlmc",
       "method = \"mlmc\"\n[problem]\nkind = \"expression\"\ndrift = \"0.05*x\"\ndiffusion = \"0.2*x\"\n"
       "payoff = \"A\"\nmonitoring = \"discrete\"\n[problem.functionals]\nA = \"average(x)\"\n",
       "p.toml:7:14: key 'problem.monitoring': discrete monitoring is on the time grid"},
      {"control_variate_mlmc",
       "method = \"mlmc\"\n[problem]\nkind = \"expression\"\ndrift = \"0.05*x\"\ndiffusion = \"0.2*x\"\n"
       "control_variate = \"x\"\n",
       "p.toml:6:"},
      {"control_variate_without_mean",
       "[problem]\nkind = \"expression\"\ndrift = \"0.05*x\"\ndiffusion = \"0.2*x\"\ncontrol_variate = \"x\"\n",
       "p.toml:5:19: key 'problem.control_variate': a control variate needs its exact mean"},
      // expression systems: Milstein on two non-commuting noises (dx = dW1, dy = x dW2) in the scheme's own
      // words with the noise class; an unknown name in the payoff, a diffusion of the wrong shape, x0 of the
      // wrong length, running functionals — each at its key and line
      {"system_milstein_noncommuting",
       SYSTEM "diffusion = [[\"1\", \"0\"], [\"0\", \"x\"]]\npayoff = \"y\"\n[scheme]\nname = \"milstein\"\n",
       "p.toml:8:8: key 'scheme.name': scheme 'milstein' cannot integrate Ito SDEs with general noise (noise_dim 2)"},
      {"system_milstein_names_the_columns",
       SYSTEM "diffusion = [[\"1\", \"0\"], [\"0\", \"x\"]]\npayoff = \"y\"\n[scheme]\nname = \"milstein\"\n",
       "(noise class: inferred general: the diffusion columns 1 and 2 do not commute"},
      {"system_payoff_unknown_name", SYSTEM "diffusion = [[\"1\"], [\"x\"]]\npayoff = \"max(x - z, 0)\"\n",
       "p.toml:6:10: key 'problem.payoff': expression 'max(x - z, 0)': unknown name 'z'"},
      {"system_diffusion_rows", SYSTEM "diffusion = [[\"1\"], [\"x\"], [\"1\"]]\npayoff = \"y\"\n",
       "p.toml:5:13: key 'problem.diffusion': expected 2 rows"},
      {"system_diffusion_ragged", SYSTEM "diffusion = [[\"1\", \"0\"], [\"x\"]]\npayoff = \"y\"\n",
       "key 'problem.diffusion[1]': expected every row to have the same number m of noises"},
      {"system_x0_length", SYSTEM "diffusion = [[\"1\"], [\"x\"]]\npayoff = \"y\"\nx0 = [1.0, 2.0, 3.0]\n",
       "p.toml:7:6: key 'problem.x0': expected 2 numbers, one per state component"},
      // expression systems' running functionals and control variates (lines 5- after SYSTEM): a functional of
      // an unknown state name, a continuously monitored extremum of an expression (no bridge law), a control
      // variate without its mean, discrete monitoring under MLMC, a functional named as a state
      {"system_functional_unknown_state",
       SYSTEM "diffusion = [[\"1\"], [\"x\"]]\npayoff = \"A\"\n[problem.functionals]\nA = \"average(z)\"\n",
       "p.toml:8:5: key 'problem.functionals.A': expression 'z': unknown name 'z'"},
      {"system_extremum_of_expression",
       SYSTEM "diffusion = [[\"1\"], [\"x\"]]\npayoff = \"M\"\n[problem.functionals]\nM = \"maximum(x - y)\"\n",
       "p.toml:8:5: key 'problem.functionals.M': functional M = \"maximum(x - y)\": under continuous monitoring "
       "maximum is of a state component (maximum(x), maximum(y))"},
      {"system_control_without_mean",
       SYSTEM "diffusion = [[\"1\"], [\"x\"]]\npayoff = \"A\"\ncontrol_variate = \"x*y\"\n"
       "[problem.functionals]\nA = \"average(x*y)\"\n",
       "p.toml:7:19: key 'problem.control_variate': a control variate needs its exact mean"},
      {"system_discrete_mlmc",
       "method = \"mlmc\"\n" SYSTEM "diffusion = [[\"1\"], [\"x\"]]\npayoff = \"A\"\nmonitoring = \"discrete\"\n"
       "[problem.functionals]\nA = \"average(x)\"\n",
       "p.toml:8:14: key 'problem.monitoring': discrete monitoring is on the time grid"},
      {"system_functional_named_as_state",
       SYSTEM "diffusion = [[\"1\"], [\"x\"]]\npayoff = \"y\"\n[problem.functionals]\ny = \"average(x)\"\n",
       "p.toml:8:5: key 'problem.functionals.y': the name 'y' is taken"},
      {"system_exact_without_solution",
       SYSTEM "diffusion = [[\"1\"], [\"x\"]]\npayoff = \"y\"\n[scheme]\nname = \"exact\"\n",
       "key 'scheme.name': \"exact\" needs the key problem.exact_solution"},
      // sizes inside the ranges that cannot run: refused with the estimate, at the key
      {"paths_beyond_work_bound", "[problem]\nkind = \"european_call\"\n[mc]\npaths = 2e12\n",
       "p.toml:4:9: key 'mc.paths': the run would take about 2e+12 path-steps"},
      {"mlmc_target_beyond_work_bound",
       "method = \"mlmc\"\n[problem]\nkind = \"european_call\"\n[scheme]\nname = \"milstein\"\n[mlmc]\n"
       "target_rms_error = 1e-9\n",
       "p.toml:7:20: key 'mlmc.target_rms_error': multilevel Monte Carlo would need about"},
  };
  for (const auto& c : cases) {
    const auto dir = test::temp_dir(std::string("fk_cli_") + c.name);
    const auto params = test::write_file(dir / "p.toml", c.text);
    const auto out = dir / "r.h5";
    const auto r = test::run_cli("feynman-kac '" + params.string() + "' --out '" + out.string() + "'", dir);
    EXPECT_EQ(r.status, 2) << c.name << ": " << r.output;
    EXPECT_NE(r.output.find(c.expected), std::string::npos) << c.name << ": " << r.output;
    EXPECT_FALSE(fs::exists(out)) << c.name;
    EXPECT_FALSE(fs::exists(out.string() + ".partial")) << c.name;
  }
}

// A payoff or rate expression that is NaN on some paths (the path itself finite): exit 2 naming the key, the
// expression, the path and where the value went bad; no estimate, no z-score, no file. Monte Carlo (with
// antithetic pairs) and MLMC alike.
TEST(FeynmanKacCli, NonFiniteValuesAreRefusedNamingKeyAndPath) {
  const std::string model =
      "[problem]\nkind = \"expression\"\ndrift = \"0.05*x\"\ndiffusion = \"0.2*x\"\n"
      "diffusion_derivative = \"0.2\"\nx0 = 100.0\nhorizon = 1.0\n";
  const BadCase cases[] = {
      {"payoff_mc", "payoff = \"log(x - 100)\"\n[scheme]\nname = \"euler_maruyama\"\nsteps = 10\n[mc]\npaths = 2000\n",
       "problem.payoff = \"log(x - 100)\" is nan at X_T"},
      {"payoff_antithetic",
       "payoff = \"log(x - 100)\"\n[scheme]\nname = \"euler_maruyama\"\nsteps = 10\n[mc]\npaths = 2000\n"
       "antithetic = true\n",
       "the path functional's value is nan at t = 1 (X = "},
      {"payoff_mlmc",
       "payoff = \"log(x - 100)\"\n[scheme]\nname = \"milstein\"\nsteps = 10\n[mlmc]\n"
       "target_rms_error = 0.5\n",
       "problem.payoff = \"log(x - 100)\" is nan at X_T"},
      // r = sqrt(x − 95) is NaN from the first step at which a path is below 95: that step is named
      {"rate_mc",
       "payoff = \"1\"\nrate = \"sqrt(x - 95)\"\n[scheme]\nname = \"euler_maruyama\"\nsteps = 50\n[mc]\npaths = 2000\n",
       "(problem.rate = \"sqrt(x - 95)\"); the functional's state along the path first became non-finite in step "},
  };
  for (const auto& c : cases) {
    const auto dir = test::temp_dir(std::string("fk_cli_nan_") + c.name);
    const bool mlmc = std::string(c.name).find("mlmc") != std::string::npos;
    const auto params =
        test::write_file(dir / "p.toml", std::string(mlmc ? "method = \"mlmc\"\n" : "") + model + c.text);
    const auto out = dir / "r.h5";
    const auto r = test::run_cli("feynman-kac '" + params.string() + "' --out '" + out.string() + "'", dir);
    EXPECT_EQ(r.status, 2) << c.name << ": " << r.output;
    EXPECT_NE(r.output.find(c.expected), std::string::npos) << c.name << ": " << r.output;
    EXPECT_NE(r.output.find(mlmc ? "error: multilevel Monte Carlo, level 0 (10 steps; its sample i is stream path i): "
                                   "path "
                                 : "error: path "),
              std::string::npos)
        << c.name << ": " << r.output;
    EXPECT_EQ(r.output.find("z ="), std::string::npos) << c.name << ": " << r.output;
    EXPECT_FALSE(fs::exists(out)) << c.name;
    EXPECT_FALSE(fs::exists(out.string() + ".partial")) << c.name;
  }
  // The path named is the first in path order, whatever the thread count.
  const auto dir = test::temp_dir("fk_cli_nan_threads");
  const auto params = test::write_file(
      dir / "p.toml",
      model + "payoff = \"log(x - 100)\"\n[scheme]\nname = \"euler_maruyama\"\nsteps = 10\n[mc]\npaths = 5000\n");
  std::string first;
  for (int threads : {1, 2}) {
    const auto r = test::run_cli("feynman-kac '" + params.string() + "' --threads " + std::to_string(threads) +
                                     " --out '" + (dir / "r.h5").string() + "'",
                                 dir);
    ASSERT_EQ(r.status, 2) << r.output;
    if (first.empty()) first = r.output;
    EXPECT_EQ(r.output, first);
  }
}

// A path-functional problem with a control variate: the /summary carries the controlled estimate, the plain
// one, β̂ and the variance reduction; all bitwise identical for 1 and 2 threads.
TEST(FeynmanKacCli, ControlVariateSummaryIsWrittenAndIndependentOfThreads) {
  const auto dir = test::temp_dir("fk_cli_cv");
  const auto params = test::write_file(dir / "p.toml", R"toml(seed = 12
[problem]
kind = "expression"
drift = "r*x"
diffusion = "sigma*x"
exact_solution = "x0*exp((r - sigma^2/2)*t + sigma*W)"
x0 = 100.0
rate = "r"
payoff = "max(A - K, 0)"
control_variate = "max(G - K, 0)"
control_mean = 5.5468186338
[problem.parameters]
r = 0.05
sigma = 0.2
K = 100.0
[problem.functionals]
A = "average(x)"
G = "geometric_average(x)"
[scheme]
name = "exact"
steps = 16
[mc]
paths = 3000
)toml");
  std::vector<std::vector<double>> results;
  for (int threads : {1, 2}) {
    const auto out = dir / ("r" + std::to_string(threads) + ".h5");
    const auto r = test::run_cli("feynman-kac '" + params.string() + "' --threads " + std::to_string(threads) +
                                     " --out '" + out.string() + "'",
                                 dir);
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("variance reduction"), std::string::npos) << r.output;
    std::vector<double> row;
    for (const char* key : {"estimate", "std_error", "estimate_without_control", "std_error_without_control",
                            "control_coefficient", "control_mean", "control_sample_mean", "variance_reduction"})
      row.push_back(io::read_double_attribute(out.string(), "/summary", key));
    EXPECT_GT(row[7], 10.0);
    EXPECT_EQ(io::read_dataset(out.string(), "/estimate").values.at(0), row[0]);
    results.push_back(row);
  }
  EXPECT_EQ(results[0], results[1]);
}

// Expression systems: a payoff that is NaN on some paths names the key, the expression, the path and its end
// point (its two components, not the padded four), as for the scalar kind; no file, no z-score.
TEST(FeynmanKacCli, ExpressionSystemNonFinitePayoffNamesKeyAndPath) {
  const auto dir = test::temp_dir("fk_cli_system_nan");
  const auto params = test::write_file(
      dir / "p.toml", SYSTEM "diffusion = [[\"1\", \"0\"], [\"0\", \"x\"]]\npayoff = \"log(x)\"\n"
                             "x0 = [0.0, 1.0]\n[scheme]\nsteps = 10\n[mc]\npaths = 1000\n");
  const auto out = dir / "r.h5";
  const auto r = test::run_cli("feynman-kac '" + params.string() + "' --out '" + out.string() + "'", dir);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("error: path "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("problem.payoff = \"log(x)\" is nan at X_T"), std::string::npos) << r.output;
  const auto at = r.output.find("(X = ");
  ASSERT_NE(at, std::string::npos) << r.output;
  const auto end = r.output.find(';', at);
  EXPECT_EQ(std::count(r.output.begin() + static_cast<std::ptrdiff_t>(at), r.output.begin() + static_cast<std::ptrdiff_t>(end), ','), 1)
      << "two components: " << r.output;
  EXPECT_EQ(r.output.find("z ="), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
}

// Expression systems: Monte Carlo with antithetics and MLMC on Milstein levels give bitwise the same results
// for 1 and 2 threads (problems/fk_margrabe.toml, shrunk), and so do running functionals with a control
// variate and a component's bridge-corrected maximum (problems/fk_system_asian_*.toml, shrunk).
TEST(FeynmanKacCli, ExpressionSystemResultsAreBitwiseIndependentOfThreads) {
  const auto dir = test::temp_dir("fk_cli_system_threads");
  std::ifstream in(fs::path(ITO_SOURCE_DIR) / "problems" / "fk_margrabe.toml");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto mc_table = text.find("\n[mc]");
  ASSERT_NE(mc_table, std::string::npos);
  const std::string mc_file = test::write_file(dir / "mc.toml", text).string();
  const std::string mlmc_file = test::write_file(dir / "mlmc.toml", text.substr(0, mc_table + 1)).string();
  const std::string runs[] = {
      "'" + mc_file + "' --set scheme.name=euler_maruyama --set scheme.steps=16 --set mc.paths=4000",
      "'" + mlmc_file +
          "' --set method=mlmc --set scheme.name=milstein --set scheme.steps=2 --set mlmc.target_rms_error=0.2",
      // running functionals with a control variate, and a bridge-corrected extremum of a component, antithetic
      "'" + (fs::path(ITO_SOURCE_DIR) / "problems" / "fk_system_asian_arithmetic_cv.toml").string() +
          "' --set scheme.steps=16 --set mc.paths=3000",
      "'" + (fs::path(ITO_SOURCE_DIR) / "problems" / "fk_system_asian_geometric.toml").string() +
          "' --set scheme.steps=16 --set mc.paths=3000 --set mc.antithetic=true --set problem.bridge=log"
          " --set 'problem.functionals.M=\"maximum(S2)\"' --set 'problem.payoff=\"max(G - K, 0) + M - S2\"'"};
  for (const auto& run : runs) {
    std::vector<std::vector<double>> results;
    for (int threads : {1, 2}) {
      const auto out = dir / ("r" + std::to_string(threads) + ".h5");
      const auto r = test::run_cli("feynman-kac " + run + " --threads " + std::to_string(threads) +
                                       " --out '" + out.string() + "'",
                                   dir);
      ASSERT_EQ(r.status, 0) << r.output;
      EXPECT_EQ(io::read_string_attribute(out.string(), "/summary", "noise_class"), "commutative");
      results.push_back({io::read_double_attribute(out.string(), "/summary", "estimate"),
                         io::read_double_attribute(out.string(), "/summary", "std_error"),
                         io::read_double_attribute(out.string(), "/summary", "path_steps")});
    }
    EXPECT_EQ(results[0], results[1]) << run;
  }
}

TEST(FeynmanKacCli, EveryProblemFileIsValid) {
  // Each problems/fk_*.toml parses and validates; the runs are shrunk with --set to keep this fast.
  for (const auto& entry : fs::directory_iterator(fs::path(ITO_SOURCE_DIR) / "problems")) {
    const auto name = entry.path().filename().string();
    if (name.rfind("fk_", 0) != 0 || entry.path().extension() != ".toml") continue;
    const auto dir = test::temp_dir("fk_cli_file");
    const bool complexity = name.find("complexity") != std::string::npos;
    const bool mlmc = name.find("mlmc") != std::string::npos;
    const std::string shrink = complexity ? " --set 'mlmc.epsilons=[0.4, 0.2]'"
                               : mlmc     ? " --set mlmc.target_rms_error=0.2"
                                          : " --set mc.paths=200";
    const auto out = (dir / "r.h5").string();
    const auto r = test::run_cli("feynman-kac problems/" + name + shrink + " --out '" + out + "'", dir);
    EXPECT_EQ(r.status, 0) << name << ": " << r.output;
    ITO_EXPECT_EVERY_DATASET_DESCRIBED(out);
    EXPECT_NE(r.output.find("-> " + out), std::string::npos) << r.output;
  }
}

}  // namespace
}  // namespace ito
