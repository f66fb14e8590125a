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

std::string error_of(const std::string& text) {
  try {
    auto params = io::Params::from_string(text, "p.toml");
    read_feynman_kac(params);
  } catch (const ParameterError& e) {
    return e.what();
  }
  return "";
}

TEST(FeynmanKacParams, EveryKeyIsReadWithTheDefaultItsTableStates) {
  test::SchemaCheck<FeynmanKacParameters> c{feynman_kac_schema(),
                                            [](io::SchemaReader& r) { return read_feynman_kac(r); },
                                            {}};
  for (const auto& kind : problem_kind_names())
    c.minimal.push_back(minimal(kind, "mc", kind == "expression" ? "drift = \"-x\"\ndiffusion = \"1\"\n" : ""));
  c.minimal.push_back(minimal("european_call", "mlmc"));
  c.minimal.push_back(minimal("european_call", "complexity"));
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
  EXPECT_NE(error_of(minimal("exit_time", "mc", "length = 3.0\nx0 = 3.0\n")).find("p.toml:4:6: key 'problem.x0'"),
            std::string::npos);
}

TEST(FeynmanKacParams, CrossKeyChecksNameTheirKey) {
  const std::string barrier = error_of(minimal("down_and_out_call", "mc", "strike = 90.0\nbarrier = 95.0\n"));
  EXPECT_NE(barrier.find("p.toml:4:11: key 'problem.barrier'"), std::string::npos) << barrier;
  EXPECT_EQ(error_of(minimal("down_and_out_call", "mc", "strike = 90.0\nbarrier = 90.0\n")), "");
  EXPECT_NE(error_of(minimal("lookback_call", "mc", "rate = 0.0\n")).find("key 'problem.rate'"), std::string::npos);
  EXPECT_NE(error_of(minimal("exit_time", "mlmc")).find("key 'method': exit_time is solved by Monte Carlo only"),
            std::string::npos);
  EXPECT_NE(error_of(minimal("ou_mean", "complexity")).find("key 'problem.kind'"), std::string::npos);
  EXPECT_NE(error_of(minimal("european_call", "mlmc", "[mlmc]\nmax_levels = 4\ninitial_levels = 5\n"))
                .find("key 'mlmc.initial_levels'"),
            std::string::npos);
  EXPECT_NE(error_of(minimal("european_call", "mlmc", "[scheme]\nsteps = 1000000\n[mlmc]\nmax_levels = 40\n"))
                .find("key 'mlmc.max_levels'"),
            std::string::npos);
  const std::string exact = error_of(minimal("expression", "mc", "drift = \"-x\"\ndiffusion = \"1\"\n[scheme]\nname = \"exact\"\n"));
  EXPECT_NE(exact.find("key 'scheme.name': \"exact\" needs the key problem.exact_solution"), std::string::npos) << exact;
  const std::string payoff = error_of(minimal("expression", "mc", "drift = \"-x\"\ndiffusion = \"1\"\npayoff = \"max(x - K, 0)\"\n"));
  EXPECT_NE(payoff.find("key 'problem.payoff'"), std::string::npos) << payoff;
  EXPECT_NE(payoff.find("unknown name 'K'"), std::string::npos) << payoff;
  EXPECT_EQ(error_of(minimal("expression", "mc",
                             "drift = \"-x\"\ndiffusion = \"1\"\npayoff = \"max(x - K, 0)\"\n[problem.parameters]\nK = 1\n")),
            "");
}

}  // namespace
}  // namespace ito::feynman_kac
