// io::Schema and io::SchemaReader on a small table: defaults, ranges and choices from the table, conditions,
// computed and optional defaults, expressions checked at their key, errors naming file:line:column and the key,
// the programming errors finish() catches, and the --help text.
#include "ito/io/schema.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

#include "ito/core/error.hpp"
#include "test_support.hpp"

namespace ito::io {
namespace {

const Schema& table() {
  static const Schema s = [] {
    Schema t("demo");
    t.string("kind", "ou", {"ou", "gbm", "expression"}, "the model");
    t.real("model.theta", 1.0, Range::positive(), "mean reversion").when("kind", {"ou"});
    t.real("model.sigma", 2.0, Range::positive(), "noise").when("kind", {"ou"});
    t.real("model.sigma", 0.3, Range::positive(), "volatility").when("kind", {"gbm"});
    t.named_reals("model.parameters", "named constants").when("kind", {"expression"});
    t.expression("model.drift", required, {"x", "t"}, "drift").when("kind", {"expression"});
    t.real("model.x0", computed("2 * sigma"), Range::any(), "start").unless("kind", {"expression"});
    t.integer("run.paths", std::int64_t{100}, Range::between(2, 1e6), "paths");
    t.boolean("run.antithetic", false, "antithetic pairs");
    t.real("run.exact", optional, Range::any(), "known answer").when("run.antithetic", {"false"});
    t.reals("run.times", std::vector<double>{0.5, 1}, Range::positive(), "output times");
    return t;
  }();
  return s;
}

struct Demo {
  std::string kind;
  double theta = 0, sigma = 0, x0 = 0;
  std::map<std::string, double> parameters;
  std::string drift;
  std::int64_t paths = 0;
  bool antithetic = false;
  std::optional<double> exact;
  std::vector<double> times;
  bool operator==(const Demo&) const = default;
};

Demo read(SchemaReader& r) {
  Demo d;
  d.kind = r.string("kind");
  if (d.kind == "ou") {
    d.theta = r.real("model.theta");
    d.sigma = r.real("model.sigma");
  } else if (d.kind == "gbm") {
    d.sigma = r.real("model.sigma");
  } else {
    d.parameters = r.named_reals("model.parameters");
    d.drift = r.expression("model.drift", d.parameters);
  }
  if (d.kind != "expression") d.x0 = r.real("model.x0", 2 * d.sigma);
  d.paths = r.integer("run.paths");
  d.antithetic = r.boolean("run.antithetic");
  if (!d.antithetic) d.exact = r.optional_real("run.exact");
  d.times = r.reals("run.times");
  r.finish();
  return d;
}

Demo read_text(const std::string& text, const std::vector<std::string>& overrides = {}) {
  auto params = Params::from_string(text, "p.toml", overrides);
  SchemaReader r(table(), params);
  return read(r);
}

TEST(Schema, DefaultsComeFromTheRowThatApplies) {
  const Demo ou = read_text("");
  EXPECT_EQ(ou.kind, "ou");
  EXPECT_EQ(ou.theta, 1.0);
  EXPECT_EQ(ou.sigma, 2.0);
  EXPECT_EQ(ou.x0, 4.0);  // computed: 2 * sigma
  EXPECT_EQ(ou.paths, 100);
  EXPECT_FALSE(ou.exact);
  EXPECT_EQ(ou.times, (std::vector<double>{0.5, 1.0}));
  const Demo gbm = read_text("kind = \"gbm\"\n");
  EXPECT_EQ(gbm.sigma, 0.3);
  EXPECT_EQ(gbm.x0, 0.6);
  EXPECT_EQ(read_text("kind = \"gbm\"\n[model]\nx0 = 5\n").x0, 5.0);
  EXPECT_EQ(read_text("[run]\nexact = 1.5\n").exact, 1.5);
}

TEST(Schema, ExpressionsAreCompiledWithTheNamedConstants) {
  const Demo e = read_text("kind = \"expression\"\n[model]\ndrift = \"-k*x\"\n[model.parameters]\nk = 3\n");
  EXPECT_EQ(e.drift, "-k*x");
  EXPECT_EQ(e.parameters.at("k"), 3.0);
  test::expect_error<ParameterError>(
      [] { read_text("kind = \"expression\"\n[model]\ndrift = \"-k*y\"\n[model.parameters]\nk = 3\n"); },
      {"p.toml:3:9: key 'model.drift': expression '-k*y': unknown name 'y'"});
}

TEST(Schema, BadValuesNameFileLineColumnAndKey) {
  test::expect_error<ParameterError>([] { read_text("[model]\ntheta = -1\n"); },
                                     {"p.toml:2:9: key 'model.theta': expected"});
  test::expect_error<ParameterError>([] { read_text("kind = \"sde\"\n"); },
                                     {"key 'kind': expected one of 'ou', 'gbm'"});
  test::expect_error<ParameterError>([] { read_text("kind = \"expression\"\n"); },
                                     {"key 'model.drift': missing required key"});
  test::expect_error<ParameterError>([] { read_text("", {"run.paths=1"}); }, {"--set run.paths=1: key 'run.paths'"});
}

TEST(Schema, KeyOfAnotherConditionSaysWhenItIsUsed) {
  test::expect_error<ParameterError>([] { read_text("kind = \"gbm\"\n[model]\ntheta = 2\n"); },
                                     {"p.toml:3:9: key 'model.theta': only used when kind = ou"});
  test::expect_error<ParameterError>([] { read_text("[run]\nantithetic = true\nexact = 1\n"); },
                                     {"key 'run.exact': only used when run.antithetic = false"});
  test::expect_error<ParameterError>([] { read_text("[run]\npath = 3\n"); }, {"key 'run.path': unknown key"});
}

// One vocabulary: an old spelling is an error at its own line naming the new key, in every case or only where
// its condition holds (the same old name may mean different new keys for different models, or still be a key).
TEST(Schema, OldSpellingsNameTheNewKey) {
  Schema t("renames");
  t.string("kind", "ou", {"ou", "gbm", "decay"}, "the model");
  t.real("model.theta", 1.0, Range::positive(), "decay").when("kind", {"ou", "decay"});
  t.real("model.mu", 0.0, Range::any(), "drift rate").when("kind", {"gbm"});
  t.real("model.alpha", 0.5, Range::any(), "a key of its own").when("kind", {"ou"});
  t.real("run.horizon", 1.0, Range::positive(), "end time");
  t.renamed("run.T", "run.horizon");
  t.renamed("model.alpha", "model.mu").when("kind", {"gbm"});
  t.renamed("model.alpha", "model.theta").when("kind", {"decay"});
  const auto read_one = [&](const std::string& text) {
    auto params = Params::from_string(text, "p.toml");
    SchemaReader r(t, params);
    const std::string kind = r.string("kind");
    double v = r.real(kind == "gbm" ? "model.mu" : "model.theta");
    if (kind == "ou") v += r.real("model.alpha");
    v += r.real("run.horizon");
    r.finish();
    return v;
  };
  EXPECT_EQ(read_one("[run]\nhorizon = 2\n"), 3.5);
  EXPECT_EQ(read_one("[model]\nalpha = 1\n"), 3.0);  // still a key for ou
  test::expect_error<ParameterError>([&] { read_one("[run]\nT = 2\n"); },
                                     {"p.toml:2:5: key 'run.T': renamed: use 'run.horizon'"});
  test::expect_error<ParameterError>([&] { read_one("kind = \"gbm\"\n[model]\nalpha = 1\n"); },
                                     {"p.toml:3:9: key 'model.alpha': renamed: use 'model.mu' (when kind = gbm)"});
  test::expect_error<ParameterError>([&] { read_one("kind = \"decay\"\n[model]\nalpha = 1\n"); },
                                     {"key 'model.alpha': renamed: use 'model.theta' (when kind = decay)"});
  const std::string help = t.help();
  EXPECT_NE(help.find("run.T -> run.horizon"), std::string::npos) << help;
  EXPECT_NE(help.find("model.alpha -> model.mu (if kind = gbm)"), std::string::npos) << help;
  // A rename to a key the table does not have, or an unconditional rename of a key, is a programming error.
  Schema bad("bad");
  bad.real("a", 1.0, Range::any(), "a");
  bad.renamed("b", "c");
  EXPECT_THROW(bad.check(), std::logic_error);
  Schema both("both");
  both.real("a", 1.0, Range::any(), "a");
  both.real("b", 1.0, Range::any(), "b");
  both.renamed("a", "b");
  EXPECT_THROW(both.check(), std::logic_error);
}

// optional_integer and optional_strings: absent is nullopt, present is read with the row's range and choices.
TEST(Schema, OptionalIntegersAndStringListsAreReadWithTheirRow) {
  Schema t("optional");
  t.integer("cap", optional, Range::at_least(1), "a cap");
  t.strings("names", optional, {"a", "b"}, "some names");
  const auto read_both = [&](const std::string& text) {
    auto params = Params::from_string(text, "p.toml");
    SchemaReader r(t, params);
    const auto cap = r.optional_integer("cap");
    const auto names = r.optional_strings("names");
    r.finish();
    return std::make_pair(cap, names);
  };
  const auto absent = read_both("");
  EXPECT_FALSE(absent.first);
  EXPECT_FALSE(absent.second);
  const auto present = read_both("cap = 7\nnames = [\"b\"]\n");
  EXPECT_EQ(present.first, 7);
  EXPECT_EQ(present.second, std::vector<std::string>{"b"});
  test::expect_error<ParameterError>([&] { read_both("cap = 0\n"); }, {"p.toml:1:7: key 'cap': expected"});
  test::expect_error<ParameterError>([&] { read_both("names = [\"c\"]\n"); }, {"p.toml:1:", "key 'names'"});
  auto params = Params::from_string("", "p.toml");
  SchemaReader r(table(), params);
  r.string("kind");
  EXPECT_THROW(r.optional_integer("run.paths"), std::logic_error);  // a key with a stated default
}

TEST(Schema, ReaderThatForgetsARowOrReadsAKeyWithoutOneIsAProgrammingError) {
  auto params = Params::from_string("", "p.toml");
  SchemaReader forgetful(table(), params);
  forgetful.string("kind");
  EXPECT_THROW(forgetful.finish(), std::logic_error);  // model.theta applies and was not read

  auto p2 = Params::from_string("", "p.toml");
  SchemaReader r(table(), p2);
  EXPECT_THROW(r.real("model.mu"), std::logic_error);     // no row
  EXPECT_THROW(r.real("model.theta"), std::logic_error);  // its condition's key was not read yet
  r.string("kind");
  EXPECT_THROW(r.integer("model.theta"), std::logic_error);  // another type than the row's
  EXPECT_THROW(r.real("model.x0"), std::logic_error);        // a computed default must be passed
  EXPECT_THROW(r.real("run.exact"), std::logic_error);       // an optional key is read with optional_real
}

// An integer key may decide which rows apply (fokker-planck's `dimension`): its value as written by
// std::to_string, also when it comes from a computed default.
TEST(Schema, ConditionsMayNameAnIntegerKey) {
  Schema t("dims");
  t.integer("dimension", computed("from the shape of x"), Range::between(1, 2), "dimension");
  t.real("x", 1.0, Range::any(), "one number").when("dimension", {"1"});
  t.reals("x", std::vector<double>{1.0, 2.0}, Range::any(), "two numbers").when("dimension", {"2"});
  EXPECT_NO_THROW(t.check());
  const auto read = [&](const std::string& text, std::int64_t computed_dimension) {
    auto params = Params::from_string(text, "p.toml");
    SchemaReader r(t, params);
    const auto d = r.integer("dimension", computed_dimension);
    const std::size_t n = d == 1 ? std::size_t{1} : r.reals("x").size();
    if (d == 1) r.real("x");
    r.finish();
    return n;
  };
  EXPECT_EQ(read("x = 3.0\n", 1), 1u);
  EXPECT_EQ(read("x = [3.0, 4.0]\n", 2), 2u);
  EXPECT_EQ(read("dimension = 2\n", 1), 2u);  // written: the written value decides
  test::expect_error<ParameterError>([&] { read("dimension = 1\nx = [3.0, 4.0]\n", 2); }, {"p.toml:2:", "key 'x'"});
}

TEST(Schema, ConditionsMustNameAStringOrBooleanKeyListedBefore) {
  auto params = Params::from_string("", "p.toml");
  Schema unknown("bad");
  unknown.real("a", 1.0, Range::any(), "a").when("kind", {"x"});
  EXPECT_THROW(unknown.help(), std::logic_error);
  EXPECT_THROW(SchemaReader(unknown, params), std::logic_error);
  Schema number("bad");
  number.real("b", 1.0, Range::any(), "b");
  number.real("c", 1.0, Range::any(), "c").when("b", {"1"});
  EXPECT_THROW(number.check(), std::logic_error);
  Schema later("bad");
  later.real("d", 1.0, Range::any(), "d").when("kind", {"x"});
  later.string("kind", "x", {"x"}, "kind");
  EXPECT_THROW(later.check(), std::logic_error);
  Schema section("bad");
  section.real("sec.e", 1.0, Range::any(), "e");
  EXPECT_THROW(section.real("f", 1.0, Range::any(), "f"), std::logic_error);  // TOML would file it under [sec]
  EXPECT_NO_THROW(table().check());
}

TEST(Schema, RowsStateTheirDefaultsAsTomlThatReadsBack) {
  const auto& keys = table().keys();
  EXPECT_EQ(keys[0].default_literal(), "\"ou\"");
  EXPECT_EQ(keys[1].default_literal(), "1.0");
  EXPECT_EQ(keys[7].default_literal(), "100");
  EXPECT_EQ(keys[8].default_literal(), "false");
  EXPECT_EQ(keys[10].default_literal(), "[0.5, 1]");
  EXPECT_EQ(keys[6].default_text(), " = 2 * sigma");
  EXPECT_EQ(keys[5].default_text(), " (required)");
  EXPECT_EQ(keys[9].default_text(), " (optional)");
  for (const auto& k : keys) {
    if (!k.has_literal_default()) continue;
    // The literal read back through --set gives the default itself.
    const Demo a = read_text(
        k.conditions.empty() || k.conditions[0].key != "kind" ? "" : "kind = \"" + k.conditions[0].values[0] + "\"\n");
    const Demo b = read_text(
        k.conditions.empty() || k.conditions[0].key != "kind" ? "" : "kind = \"" + k.conditions[0].values[0] + "\"\n",
        {k.name + "=" + k.default_literal()});
    EXPECT_EQ(a, b) << k.name;
  }
  Key k;
  k.fallback = 0.1 + 0.2;
  EXPECT_EQ(k.default_literal(), "0.30000000000000004");
  k.fallback = 1e-7;
  EXPECT_EQ(k.default_literal(), "1e-07");
  k.fallback = std::string("a\"b");
  EXPECT_EQ(k.default_literal(), "\"a\\\"b\"");
}

TEST(Schema, HelpListsEveryRowUnderItsSectionAndCondition) {
  const std::string help = table().help();
  const char* expected[] = {"  kind = \"ou\"",
                            "[model]",
                            "  # if kind = ou:",
                            "  theta = 1.0",
                            "  sigma = 2.0",
                            "  # if kind = gbm:",
                            "  sigma = 0.3",
                            "[model.parameters]",
                            "  # if kind = expression:",
                            "  <name> (optional)",
                            "[model]",
                            "  drift (required)",
                            "  # if kind ≠ expression:",
                            "  x0 = 2 * sigma",
                            "[run]",
                            "  paths = 100",
                            "  antithetic = false",
                            "  # if run.antithetic = false:",
                            "  exact (optional)",
                            "  # in every case:",
                            "  times = [0.5, 1]"};
  std::vector<std::string> lines;
  std::istringstream in(help);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  std::size_t at = 0;  // the expected lines appear in this order, each at the start of a line
  for (const std::string line : expected) {
    while (at < lines.size() && lines[at].rfind(line, 0) != 0) ++at;
    ASSERT_LT(at, lines.size()) << "missing or out of order: '" << line << "'\n" << help;
    ++at;
  }
  EXPECT_NE(help.find("a number > 0"), std::string::npos) << help;
  EXPECT_NE(help.find("ou | gbm | expression"), std::string::npos) << help;
  EXPECT_NE(help.find("an integer >= 2 and <= 1000000"), std::string::npos) << help;
}

TEST(Schema, CommonSchemaHoldsTheSeed) {
  auto params = Params::from_string("seed = 7\n", "p.toml");
  EXPECT_EQ(SchemaReader(common_schema(), params).integer("seed"), 7);
  auto absent = Params::from_string("", "p.toml");
  EXPECT_EQ(SchemaReader(common_schema(), absent).integer("seed"), 20261123);
  auto bad = Params::from_string("seed = -1\n", "p.toml");
  EXPECT_THROW(SchemaReader(common_schema(), bad).integer("seed"), ParameterError);
}

// Arrays and matrices of expressions: each element compiled in the row's variables, an error at the element's
// own line and column with its index in the key.
TEST(Schema, ExpressionArraysNameTheElementAndItsLine) {
  Schema t("arrays");
  t.expressions("sde.drift", required, {"x", "y", "t"}, "drift");
  t.expression_matrix("sde.diffusion", required, {"x", "y", "t"}, "diffusion");
  t.expressions("sde.exact", optional, {"t"}, "exact");
  const auto read = [&](const std::string& text) {
    auto params = Params::from_string(text, "a.toml");
    SchemaReader r(t, params);
    auto drift = r.expressions("sde.drift", {{"k", 2.0}});
    auto diffusion = r.expression_matrix("sde.diffusion");
    EXPECT_FALSE(r.optional_expressions("sde.exact"));
    r.finish();
    return std::make_pair(drift, diffusion);
  };
  const auto [drift, diffusion] = read("[sde]\ndrift = [\"-k*x\", \"y\"]\ndiffusion = [[\"1\", \"x\"],\n  [\"y\", \"t\"]]\n");
  EXPECT_EQ(drift, (std::vector<std::string>{"-k*x", "y"}));
  EXPECT_EQ(diffusion, (std::vector<std::vector<std::string>>{{"1", "x"}, {"y", "t"}}));
  test::expect_error<ParameterError>(
      [&] { read("[sde]\ndrift = [\"-k*x\", \"z\"]\ndiffusion = [[\"1\"]]\n"); },
      {"a.toml:2:18: key 'sde.drift[1]': expression 'z': unknown name 'z'"});
  test::expect_error<ParameterError>(
      [&] { read("[sde]\ndrift = [\"x\"]\ndiffusion = [[\"1\"],\n  [\"q\"]]\n"); },
      {"a.toml:4:4: key 'sde.diffusion[1][0]': expression 'q'"});
  test::expect_error<ParameterError>([&] { read("[sde]\ndrift = [\"x\"]\ndiffusion = [\"1\"]\n"); },
                                     {"a.toml:3:14: key 'sde.diffusion[0]': expected a row"});
  EXPECT_NE(t.help().find("an array of rows, each an array of expressions in x, y, t"), std::string::npos);
}

// Arrays of arrays of rows of expressions (a d × m × d Jacobian): each element compiled, an error at its own
// line and column with its three indices; absent when optional, an empty array.
TEST(Schema, ExpressionArrays3NameTheElementAndItsLine) {
  Schema t("arrays3");
  t.expression_array3("sde.jacobian", optional, {"x", "y", "t"}, "jacobian");
  const auto read = [&](const std::string& text) {
    auto params = Params::from_string(text, "a.toml");
    SchemaReader r(t, params);
    auto j = r.expression_array3("sde.jacobian", {{"k", 2.0}});
    r.finish();
    return j;
  };
  EXPECT_EQ(read("[sde]\njacobian = [[[\"k*x\", \"0\"]],\n  [[\"y\", \"t\"], [\"1\", \"2\"]]]\n"),
            (std::vector<std::vector<std::vector<std::string>>>{{{"k*x", "0"}}, {{"y", "t"}, {"1", "2"}}}));
  EXPECT_TRUE(read("[sde]\n").empty());
  test::expect_error<ParameterError>([&] { read("[sde]\njacobian = [[[\"x\"]],\n  [[\"1\", \"q\"]]]\n"); },
                                     {"a.toml:3:10: key 'sde.jacobian[1][0][1]': expression 'q': unknown name 'q'"});
  test::expect_error<ParameterError>([&] { read("[sde]\njacobian = [[[\"x\"]], [\"1\"]]\n"); },
                                     {"a.toml:2:23: key 'sde.jacobian[1][0]': expected a row (an array of strings)"});
  test::expect_error<ParameterError>([&] { read("[sde]\njacobian = [[[\"x\"]], \"1\"]\n"); },
                                     {"a.toml:2:22: key 'sde.jacobian[1]': expected an array of rows"});
  test::expect_error<ParameterError>([&] { read("[sde]\njacobian = [[[1]]]\n"); },
                                     {"key 'sde.jacobian[0][0][0]': expected a string"});
  test::expect_error<ParameterError>([&] { read("[sde]\njacobian = \"x\"\n"); },
                                     {"a.toml:2:12: key 'sde.jacobian': expected an array of arrays of arrays"});
  EXPECT_EQ(t.keys().front().form(), "an array of arrays of rows, each row an array of expressions in x, y, t");
}

}  // namespace
}  // namespace ito::io
