// The parameters of `ito feynman-kac`: every key `ito feynman-kac --help` lists is read with the default it
// states (tests/schema_testing.hpp), the computed default of the exit-time start, and the checks that used to
// be repeated in solve().
#include "ito/feynman_kac/params.hpp"

#include <gtest/gtest.h>

#include "ito/core/error.hpp"
#include "schema_testing.hpp"

namespace ito::feynman_kac {
namespace {

std::string minimal(const std::string& kind, const std::string& method = "mc", const std::string& extra = "") {
  return (method == "mc" ? std::string() : "method = \"" + method + "\"\n") + "[problem]\nkind = \"" + kind + "\"\n" +
         extra;
}

void read_text(const std::string& text) {
  auto params = io::Params::from_string(text, "p.toml");
  read_feynman_kac(params);
}

TEST(FeynmanKacParams, EveryKeyIsReadWithTheDefaultItsTableStates) {
  test::SchemaCheck<FeynmanKacParameters> c{
      feynman_kac_schema(), [](io::SchemaReader& r) { return read_feynman_kac(r); }, {}};
  for (const auto& kind : problem_kind_names())
    c.minimal.push_back(minimal(kind, "mc",
                                kind == "expression"          ? "drift = \"-x\"\ndiffusion = \"1\"\n"
                                : kind == "expression_system" ? "drift = [\"-x1\"]\ndiffusion = [[\"1\"]]\npayoff = \"x1\"\n"
                                                              : ""));
  c.minimal.push_back(minimal("european_call", "mlmc"));
  c.minimal.push_back(minimal("european_call", "complexity"));
  // a control variate needs its mean
  c.alternatives["problem.control_variate"] = {{"problem.control_variate=\"x\"", "problem.control_mean=1.0"},
                                              {"problem.control_variate=\"x1\"", "problem.control_mean=1.0"}};
  // Euler–Maruyama (the default scheme) refuses Stratonovich systems: Euler–Heun integrates them
  c.alternatives["problem.interpretation"] = {{"problem.interpretation=\"stratonovich\"", "scheme.name=\"euler_heun\""}};
  // ∂g/∂x is checked against central differences: the minimal model's g = 1 has ∂g/∂x = 0
  c.alternatives["problem.diffusion_derivative"] = {{"problem.diffusion_derivative=\"0\""}};
  test::expect_defaults_as_stated(c);
}

TEST(FeynmanKacParams, HelpListsExactlyTheTable) {
  test::expect_help_lists_the_table("feynman-kac", feynman_kac_schema());
}

TEST(FeynmanKacParams, ExitTimeStartsHalfwayByDefault) {
  auto read = [](const std::string& extra) {
    auto params = io::Params::from_string(minimal("exit_time", "mc", extra), "p.toml");
    return read_feynman_kac(params);
  };
  EXPECT_EQ(read("length = 3.0\n").problem.x0, 1.5);
  EXPECT_EQ(read("length = 3.0\n"), read("length = 3.0\nx0 = 1.5\n"));
  test::expect_error<ParameterError>([&] { read_text(minimal("exit_time", "mc", "length = 3.0\nx0 = 3.0\n")); },
                                     {"p.toml:4:6: key 'problem.x0'"});
}

TEST(FeynmanKacParams, CrossKeyChecksNameTheirKey) {
  test::expect_error<ParameterError>(
      [] { read_text(minimal("down_and_out_call", "mc", "strike = 90.0\nbarrier = 95.0\n")); },
      {"p.toml:4:11: key 'problem.barrier'"});
  EXPECT_NO_THROW(read_text(minimal("down_and_out_call", "mc", "strike = 90.0\nbarrier = 90.0\n")));
  test::expect_error<ParameterError>([&] { read_text(minimal("lookback_call", "mc", "rate = 0.0\n")); },
                                     {"key 'problem.rate'"});
  test::expect_error<ParameterError>([&] { read_text(minimal("exit_time", "mlmc")); },
                                     {"key 'method': exit_time is solved by Monte Carlo only"});
  test::expect_error<ParameterError>([&] { read_text(minimal("ou_mean", "complexity")); }, {"key 'problem.kind'"});
  test::expect_error<ParameterError>(
      [&] { read_text(minimal("european_call", "mlmc", "[mlmc]\nmax_levels = 4\ninitial_levels = 5\n")); },
      {"key 'mlmc.initial_levels'"});
  test::expect_error<ParameterError>(
      [&] { read_text(minimal("european_call", "mlmc", "[scheme]\nsteps = 1000000\n[mlmc]\nmax_levels = 40\n")); },
      {"key 'mlmc.max_levels'"});
  const std::string expression = "drift = \"-x\"\ndiffusion = \"1\"\n";
  test::expect_error<ParameterError>(
      [&] { read_text(minimal("expression", "mc", expression + "[scheme]\nname = \"exact\"\n")); },
      {"key 'scheme.name': \"exact\" needs the key problem.exact_solution"});
  test::expect_error<ParameterError>(
      [&] { read_text(minimal("expression", "mc", expression + "payoff = \"max(x - K, 0)\"\n")); },
      {"key 'problem.payoff'", "unknown name 'K'"});
  EXPECT_NO_THROW(read_text(
      minimal("expression", "mc",
              "drift = \"-x\"\ndiffusion = \"1\"\npayoff = \"max(x - K, 0)\"\n[problem.parameters]\nK = 1\n")));
  // ∂g/∂x is checked against central differences, as an expression system's Jacobian (same points, same test)
  const std::string square = "drift = \"-x\"\ndiffusion = \"x^2\"\nx0 = 0.5\n";
  test::expect_error<ParameterError>(
      [&] { read_text(minimal("expression", "mc", square + "diffusion_derivative = \"x\"\n")); },
      {"key 'problem.diffusion_derivative': \"x\" (∂g/∂x) is 0.5 at t = 0, x = 0.5, but central differences of "
       "g = \"x^2\" give 1"});
  EXPECT_NO_THROW(read_text(minimal("expression", "mc", square + "diffusion_derivative = \"2*x\"\n")));
  // An expression system's Jacobian under [problem]: the reader ito converge uses, the same check.
  const std::string system = "drift = [\"0\", \"0\"]\ndiffusion = [[\"y\"], [\"x\"]]\nstate = [\"x\", \"y\"]\n"
                             "payoff = \"x\"\nx0 = [1.0, 2.0]\n";
  test::expect_error<ParameterError>(
      [&] { read_text(minimal("expression_system", "mc", system + "diffusion_derivative = [[[\"0\", \"1\"]], [[\"2\", \"0\"]]]\n")); },
      {"p.toml:8:41: key 'problem.diffusion_derivative[1][0][0]': \"2\" (∂g[1][0]/∂x) is 2 at t = 0, x = 1, y = 0.78"});
  EXPECT_NO_THROW(
      read_text(minimal("expression_system", "mc", system + "diffusion_derivative = [[[\"0\", \"1\"]], [[\"1\", \"0\"]]]\n")));
}

TEST(FeynmanKacParams, PathFunctionalsAreReadByName) {
  auto params = io::Params::from_string(
      minimal("expression", "mc",
              "drift = \"r*x\"\ndiffusion = \"0.2*x\"\npayoff = \"max(A - K, 0) + M\"\n"
              "control_variate = \"max(G - K, 0)\"\ncontrol_mean = 5.5\nmonitoring = \"discrete\"\n"
              "[problem.parameters]\nr = 0.05\nK = 100\n"
              "[problem.functionals]\nA = \"average(x)\"\nG = \"geometric_average(x)\"\nM = \"maximum(x)\"\n"),
      "p.toml");
  const auto p = read_feynman_kac(params).problem;
  EXPECT_EQ(p.functionals, (std::map<std::string, std::string>{
                               {"A", "average(x)"}, {"G", "geometric_average(x)"}, {"M", "maximum(x)"}}));
  EXPECT_EQ(p.control_variate, "max(G - K, 0)");
  EXPECT_EQ(p.control_mean, 5.5);
  EXPECT_EQ(p.monitoring, Monitoring::discrete);
  EXPECT_EQ(p.bridge, BridgeCoordinates::state);
  const std::string model = "drift = \"-x\"\ndiffusion = \"1\"\n";
  test::expect_error<ParameterError>(
      [&] { read_text(minimal("expression", "mc", model + "[problem.functionals]\nA = \"average(x\"\n")); },
      {"p.toml:6:5: key 'problem.functionals.A'", "expected \"kind(argument)\""});
  test::expect_error<ParameterError>(
      [&] { read_text(minimal("expression", "mc", model + "control_mean = 1.0\n")); },
      {"p.toml:5:16: key 'problem.control_mean'"});
  test::expect_error<ParameterError>(
      [&] { read_text(minimal("expression", "mc", model + "[problem.functionals]\n\"2A\" = \"average(x)\"\n")); },
      {"key 'problem.functionals.2A'", "identifier"});
}

// An expression system's functionals are expressions in its state names; an extremum is of a component unless
// monitored discretely; the control variate needs its mean.
TEST(FeynmanKacParams, SystemPathFunctionalsAreReadInTheStateNames) {
  const std::string system =
      "state = [\"S1\", \"S2\"]\ndrift = [\"S1\", \"S2\"]\ndiffusion = [[\"S1\", \"0\"], [\"0\", \"S2\"]]\n"
      "x0 = [1.0, 2.0]\n";
  auto params = io::Params::from_string(
      minimal("expression_system", "mc",
              system + "payoff = \"max(A - G, 0) + M - S2\"\ncontrol_variate = \"G\"\ncontrol_mean = 1.5\n"
                       "bridge = \"log\"\n[problem.functionals]\nA = \"average((S1 + S2)/2)\"\n"
                       "G = \"geometric_average(sqrt(S1*S2))\"\nM = \"maximum(S2)\"\n"),
      "p.toml");
  const auto p = read_feynman_kac(params).problem;
  EXPECT_EQ(p.functionals.size(), 3u);
  EXPECT_EQ(p.functionals.at("M"), "maximum(S2)");
  EXPECT_EQ(p.control_variate, "G");
  EXPECT_EQ(p.control_mean, 1.5);
  EXPECT_EQ(p.bridge, BridgeCoordinates::logarithmic);
  EXPECT_EQ(p.monitoring, Monitoring::continuous);
  // lines: 1 [problem], 2 kind, 3 state, 4 drift, 5 diffusion, 6 x0, 7 payoff, …
  test::expect_error<ParameterError>(
      [&] {
        read_text(minimal("expression_system", "mc",
                          system + "payoff = \"M\"\n[problem.functionals]\nM = \"maximum(S1 - S2)\"\n"));
      },
      {"p.toml:9:5: key 'problem.functionals.M'", "maximum(S1), maximum(S2)", "monitoring = \"discrete\""});
  EXPECT_NO_THROW(read_text(minimal(
      "expression_system", "mc",
      system + "payoff = \"M\"\nmonitoring = \"discrete\"\n[problem.functionals]\nM = \"maximum(S1 - S2)\"\n")));
  test::expect_error<ParameterError>(
      [&] {
        read_text(minimal("expression_system", "mc",
                          system + "payoff = \"A\"\n[problem.functionals]\nA = \"average(x)\"\n"));
      },
      {"p.toml:9:5: key 'problem.functionals.A'", "unknown name 'x'"});
  test::expect_error<ParameterError>(
      [&] { read_text(minimal("expression_system", "mc", system + "payoff = \"S1\"\ncontrol_variate = \"S2\"\n")); },
      {"p.toml:8:19: key 'problem.control_variate'", "needs its exact mean"});
}

// Sizes inside the keys' ranges that cannot run: work beyond max_path_steps is refused before the run, at the
// key that drives it; steps · 2^(max_levels − 1) is checked without overflowing int64 (1e9 · 2^39 used to wrap
// and pass).
TEST(FeynmanKacParams, WorkBeyondTheBoundIsRefusedNamingTheKey) {
  test::expect_error<ParameterError>([] { read_text(minimal("european_call", "mc", "[mc]\npaths = 2000000000000\n")); },
                                     {"p.toml:4:9: key 'mc.paths'", "2e+12 path-steps", "max_path_steps = 1e+12"});
  test::expect_error<ParameterError>(
      [] { read_text(minimal("european_call", "mc", "[scheme]\nsteps = 1000000000\n[mc]\npaths = 100000\n")); },
      {"key 'scheme.steps'", "1e+14 path-steps"});
  EXPECT_NO_THROW(read_text("max_path_steps = 1e15\n" +
                            minimal("european_call", "mc", "[scheme]\nsteps = 1000000000\n[mc]\npaths = 100000\n")));
  for (const char* levels : {"40", "34", "33"})
    test::expect_error<ParameterError>(
        [&] {
          read_text(minimal("european_call", "mlmc",
                            std::string("[scheme]\nsteps = 1000000000\n[mlmc]\nmax_levels = ") + levels + "\n"));
        },
        {"key 'mlmc.max_levels'", "more than 2^40"});
  EXPECT_NO_THROW(read_text(minimal("european_call", "mlmc", "[scheme]\nsteps = 1024\n[mlmc]\nmax_levels = 31\n")));
  test::expect_error<ParameterError>(
      [] { read_text(minimal("european_call", "mlmc", "[scheme]\nsteps = 1024\n[mlmc]\nmax_levels = 32\n")); },
      {"key 'mlmc.max_levels'"});
}

}  // namespace
}  // namespace ito::feynman_kac
