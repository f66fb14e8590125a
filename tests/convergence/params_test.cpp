// The parameters of `ito converge`: every key `ito converge --help` lists is read with the default it states
// (tests/schema_testing.hpp), and the reader's own rules (the sinh closed form, every shipped problem file).
#include "ito/convergence/params.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "ito/core/error.hpp"
#include "ito/sde/sinh_weak.hpp"
#include "schema_testing.hpp"

namespace ito::convergence {
namespace {

std::string minimal(const std::string& model, const std::string& scheme, const std::string& extra = "") {
  return "[sde]\nmodel = \"" + model + "\"\n" + extra + "[study]\nschemes = [\"" + scheme + "\"]\n";
}

void read_text(const std::string& text) {
  auto params = io::Params::from_string(text, "p.toml");
  read_converge_problem(params);
}

test::SchemaCheck<ConvergeProblem> check() {
  const std::string expression = "drift = \"-x\"\ndiffusion = \"1\"\n";
  return {converge_schema(),
          [](io::SchemaReader& r) { return read_converge_problem(r); },
          {minimal("ou", "euler_maruyama"), minimal("gbm", "euler_maruyama"), minimal("gbm_stratonovich", "euler_heun"),
           minimal("cubic", "euler_maruyama"), minimal("wave", "euler_maruyama"), minimal("additive", "euler_maruyama"),
           minimal("linear2d", "euler_maruyama"), minimal("sinh", "euler_maruyama"),
           minimal("additive_nonlinear", "euler_maruyama"), minimal("expression", "euler_maruyama", expression),
           minimal("expression_system", "euler_maruyama", "drift = [\"-x1\", \"-x2\"]\ndiffusion = [[\"1\"], [\"x1\"]]\n")},
          {{"sde.interpretation", {{"sde.interpretation=\"stratonovich\"", "study.schemes=[\"euler_heun\"]"}}},
           {"sde.noise", {{"sde.noise=\"general\""}}},
           // ∂g/∂x is checked against central differences: the minimal model's g = 1 has ∂g/∂x = 0
           {"sde.diffusion_derivative", {{"sde.diffusion_derivative=\"0\""}}}}};
}

TEST(ConvergeParams, EveryKeyIsReadWithTheDefaultItsTableStates) { test::expect_defaults_as_stated(check()); }

TEST(ConvergeParams, HelpListsExactlyTheTable) { test::expect_help_lists_the_table("converge", converge_schema()); }

TEST(ConvergeParams, SinhTakesTheClosedFormWithItsDefaultWeakFunction) {
  const auto read = [](const std::vector<std::string>& overrides) {
    auto params = io::Params::from_string(minimal("sinh", "euler_maruyama"), "p.toml", overrides);
    return read_converge_problem(params);
  };
  const auto absent = read({});
  ASSERT_TRUE(absent.weak_exact);
  EXPECT_EQ(*absent.weak_exact, sde::SinhWeakSde::functional_mean(1.0, 0.0));
  EXPECT_EQ(read({"study.weak_function=\"" + absent.weak_function + "\""}), absent);
  EXPECT_FALSE(read({"study.weak_function=\"x\""}).weak_exact);
  EXPECT_EQ(read({"study.exact_value=0.25"}).weak_exact, 0.25);
}

TEST(ConvergeParams, CrossKeyChecksNameTheirKey) {
  test::expect_error<ParameterError>([&] { read_text(minimal("linear2d", "euler_maruyama", "x0 = 1.0\n")); },
                                     {"key 'sde.x0': expected 2 value(s)"});
  test::expect_error<ParameterError>([&] { read_text(minimal("ou", "euler_maruyama") + "steps = [16, 24]\n"); },
                                     {"key 'study.steps': every step"});
  test::expect_error<ParameterError>([&] { read_text(minimal("gbm", "sra1")); }, {"key 'study.schemes'"});
  test::expect_error<ParameterError>(
      [&] { read_text(minimal("expression", "milstein", "drift = \"-x\"\ndiffusion = \"x\"\n")); }, {"study.schemes"});
  // ∂g/∂x is checked against central differences, as an expression system's Jacobian (same points, same test)
  const std::string square = "drift = \"-x\"\ndiffusion = \"x^2\"\nx0 = 0.5\n";
  test::expect_error<ParameterError>(
      [&] { read_text(minimal("expression", "milstein", square + "diffusion_derivative = \"x\"\n")); },
      {"p.toml:6:24: key 'sde.diffusion_derivative': \"x\" (∂g/∂x) is 0.5 at t = 0, x = 0.5, but central "
       "differences of g = \"x^2\" give 1"});
  EXPECT_NO_THROW(read_text(minimal("expression", "milstein", square + "diffusion_derivative = \"2*x\"\n")));
  test::expect_error<ParameterError>(
      [&] {
        read_text(minimal("expression", "euler_maruyama", "drift = \"-x\"\ndiffusion = \"1\"\n") +
                  "reference = \"exact\"\n");
      },
      {"key 'study.reference': model 'expression' has no exact solution"});
  test::expect_error<ParameterError>([&] { read_text(minimal("ou", "euler_maruyama") + "weak_function = \"x2\"\n"); },
                                     {"unknown name 'x2'"});
}

// Sizes inside the keys' ranges that cannot run are refused when read, naming the key: a self-convergence
// reference of 1e7 × 1024 steps per path (80 GB per thread, beyond int).
TEST(ConvergeParams, ReferenceTooLargeForMemoryIsRefusedNamingItsKey) {
  const std::string expression = "drift = \"-x\"\ndiffusion = \"1\"\n";
  test::expect_error<ParameterError>(
      [&] {
        read_text(minimal("expression", "euler_maruyama", expression) +
                  "steps = [5000000, 10000000]\nreference_factor = 1024\n");
      },
      {"p.toml:", "key 'study.reference_factor'", "GB of memory", "1.02e+10 steps"});
}

TEST(ConvergeParams, EveryShippedProblemFileReads) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(ITO_SOURCE_DIR) / "problems")) {
    const auto name = entry.path().filename().string();
    if (name.rfind("converge_", 0) != 0) continue;
    auto params = io::Params::from_file(entry.path().string());
    io::SchemaReader(io::common_schema(), params).integer("seed");
    EXPECT_NO_THROW(read_converge_problem(params)) << name;
    ++files;
  }
  EXPECT_GE(files, 10);
}

}  // namespace
}  // namespace ito::convergence
