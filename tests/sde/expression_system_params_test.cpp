// The expression-system keys and readers shared by `ito converge` and `ito feynman-kac`
// (ito/sde/expression_system_params.hpp), on a table of their own (prefix "m", selector "m.kind"), which shows
// that nothing in them is tied to one command: a 2-D system is read with its state names, parameters, shapes
// and exact solution, x0 defaults to d zeros, the noise class is inferred ("auto") or declared and checked,
// and every inconsistency is refused at the key or element it concerns with file:line. The commands' own use
// (their tables, their --help, their exit status 2) is tested in tests/convergence and tests/feynman_kac.
#include "ito/sde/expression_system_params.hpp"

#include <gtest/gtest.h>

#include <string>

#include "ito/core/error.hpp"
#include "ito/io/params.hpp"
#include "test_support.hpp"

namespace ito::sde {
namespace {

const ExpressionSystemKeys& keys() {
  static const ExpressionSystemKeys k{"m", "exact", "m.kind", "expression_system", "for the test"};
  return k;
}

const io::Schema& schema() {
  static const io::Schema s = [] {
    io::Schema t("test");
    t.string("m.kind", io::required, {"expression_system", "other"}, "the model kind");
    t.named_reals("m.parameters", "named constants");
    add_expression_system_keys(t, keys());
    return t;
  }();
  return s;
}

struct Read {
  ExpressionSystemSpec spec;
  std::vector<double> x0;
  ResolvedNoiseClass noise;
};

Read read(const std::string& text) {
  auto params = io::Params::from_string("[m]\nkind = \"expression_system\"\n" + text, "system.toml");
  io::SchemaReader r(schema(), params);
  EXPECT_EQ(r.string("m.kind"), "expression_system");
  Read out;
  out.spec = read_expression_system(r, keys());
  out.x0 = read_expression_system_x0(r, keys(), out.spec);
  out.noise = read_noise_class(r, keys(), out.spec, out.x0, 1.0);
  r.finish();
  return out;
}

// A 2-D system with diagonal noise and its exact solution (independent geometric Brownian motions).
const std::string kDiagonal =
    "state = [\"u\", \"v\"]\n"
    "drift = [\"a*u\", \"a*v\"]\n"
    "diffusion = [[\"s*u\", \"0\"], [\"0\", \"s*v\"]]\n"
    "exact = [\"u_0*exp((a - s^2/2)*t + s*W1)\", \"v_0*exp((a - s^2/2)*t + s*W2)\"]\n"
    "[m.parameters]\na = 0.5\ns = 0.3\n";

TEST(ExpressionSystemParams, ReadsASystemWithDefaultsAndInfersItsNoiseClass) {
  const Read r = read(kDiagonal);
  EXPECT_EQ(r.spec.state, (std::vector<std::string>{"u", "v"}));
  EXPECT_EQ(r.spec.dim(), 2);
  EXPECT_EQ(r.spec.noise_dim(), 2);
  EXPECT_EQ(r.spec.exact.size(), 2u);
  EXPECT_EQ(r.spec.parameters.at("s"), 0.3);
  EXPECT_EQ(r.x0, (std::vector<double>{0.0, 0.0}));  // d zeros
  EXPECT_EQ(r.noise.noise, NoiseClass::diagonal);
  // state names default to x1 … xd
  const Read d = read("drift = [\"-x1\", \"-x2\", \"0\"]\ndiffusion = [[\"1\"], [\"x1\"], [\"1\"]]\nx0 = [1, 2, 3]\n");
  EXPECT_EQ(d.spec.state, (std::vector<std::string>{"x1", "x2", "x3"}));
  EXPECT_EQ(d.x0, (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(d.noise.noise, NoiseClass::scalar);
}

// Two noises whose columns do not commute: (y, 0) and (0, x): L^1 g_2 = (0, y) ≠ L^2 g_1 = (x, 0).
const std::string kRotation = "drift = [\"0\", \"0\"]\ndiffusion = [[\"x2\", \"0\"], [\"0\", \"x1\"]]\nx0 = [1, 1]\n";

TEST(ExpressionSystemParams, NoiseClassIsInferredOrDeclaredAndChecked) {
  const Read inferred = read(kRotation);
  EXPECT_EQ(inferred.noise.noise, NoiseClass::general);
  EXPECT_NE(inferred.noise.reason.find("inferred general"), std::string::npos) << inferred.noise.reason;
  const Read declared = read(kRotation + "noise = \"general\"\n");
  EXPECT_EQ(declared.noise.noise, NoiseClass::general);
  EXPECT_EQ(declared.noise.reason, "declared general");
  test::expect_error<ParameterError>([] { read(kRotation + "noise = \"commutative\"\n"); },
                                     {"system.toml", "key 'm.noise'", "declared commutative, but"});
}

TEST(ExpressionSystemParams, InconsistentShapesAreRefusedAtTheirKey) {
  test::expect_error<ParameterError>(
      [] { read("state = [\"u\", \"v\"]\ndrift = [\"u\", \"v\", \"0\"]\ndiffusion = [[\"1\"], [\"1\"]]\n"); },
      {"system.toml:", "key 'm.drift'", "expected 2 expressions"});
  test::expect_error<ParameterError>([] { read("drift = [\"0\", \"0\"]\ndiffusion = [[\"1\", \"0\"], [\"1\"]]\n"); },
                                     {"system.toml:", "m.diffusion[1]", "same number m of noises"});
  test::expect_error<ParameterError>([] { read("drift = [\"0\", \"0\"]\ndiffusion = [[\"1\"]]\n"); },
                                     {"system.toml:", "key 'm.diffusion'", "expected 2 rows"});
  test::expect_error<ParameterError>(
      [] { read("state = [\"t\"]\ndrift = [\"0\"]\ndiffusion = [[\"1\"]]\n"); },
      {"system.toml:", "key 'm.state'", "is not a name"});
  test::expect_error<ParameterError>(
      [] { read("state = [\"u\", \"u\"]\ndrift = [\"0\", \"0\"]\ndiffusion = [[\"1\"], [\"1\"]]\n"); },
      {"key 'm.state'", "repeats"});
  test::expect_error<ParameterError>(
      [] { read("state = [\"a\"]\ndrift = [\"0\"]\ndiffusion = [[\"1\"]]\n[m.parameters]\na = 1\n"); },
      {"key 'm.state'", "also a parameter"});
  test::expect_error<ParameterError>([] { read("drift = [\"0\", \"0\"]\ndiffusion = [[\"1\"], [\"1\"]]\nx0 = [1]\n"); },
                                     {"system.toml:", "key 'm.x0'", "expected 2 numbers"});
  test::expect_error<ParameterError>(
      [] { read("drift = [\"0\", \"0\"]\ndiffusion = [[\"1\"], [\"1\"]]\nexact = [\"x1_0 + W\"]\n"); },
      {"system.toml:", "key 'm.exact'", "expected 2 expressions"});
  test::expect_error<ParameterError>([] { read("drift = [\"q\"]\ndiffusion = [[\"1\"]]\n"); },
                                     {"system.toml:", "m.drift"});  // q is no variable
}

}  // namespace
}  // namespace ito::sde
