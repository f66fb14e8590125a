#include "ito/io/params.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "ito/core/error.hpp"

namespace ito::io {
namespace {

const char* kText = R"(seed = 3
[sde]
theta = 1.5
model = "ou"
[study]
paths = 100
dt = [0.1, 0.05]
)";

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ParameterError& e) {
    return e.what();
  }
  return "";
}

TEST(Params, ReadsTypedValuesAndDefaults) {
  auto p = Params::from_string(kText, "p.toml");
  EXPECT_EQ(p.real("sde.theta"), 1.5);
  EXPECT_EQ(p.string("sde.model", std::nullopt, {"ou", "gbm"}), "ou");
  EXPECT_EQ(p.integer("study.paths"), 100);
  EXPECT_EQ(p.reals("study.dt"), (std::vector<double>{0.1, 0.05}));
  EXPECT_EQ(p.real("sde.sigma", 2.0), 2.0);
  EXPECT_EQ(p.integer("seed"), 3);
  EXPECT_NO_THROW(p.check_unused());
}

TEST(Params, UnknownKeyNamesFileLineAndKnownKeys) {
  auto p = Params::from_string(std::string(kText) + "thetaa = 2\n", "p.toml");
  p.real("sde.theta");
  p.string("sde.model");
  p.integer("study.paths");
  p.reals("study.dt");
  p.integer("seed");
  const auto msg = error_of([&] { p.check_unused(); });
  EXPECT_NE(msg.find("p.toml:8:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("key 'study.thetaa': unknown key"), std::string::npos) << msg;
  EXPECT_NE(msg.find("dt, paths"), std::string::npos) << msg;
}

TEST(Params, WrongTypeAndRangeNameLocationAndExpectedForm) {
  auto p = Params::from_string(kText, "p.toml");
  auto msg = error_of([&] { p.integer("sde.model"); });
  EXPECT_NE(msg.find("p.toml:4:9"), std::string::npos) << msg;
  EXPECT_NE(msg.find("expected an integer"), std::string::npos) << msg;
  msg = error_of([&] { p.real("sde.theta", std::nullopt, Range::at_least(2)); });
  EXPECT_NE(msg.find("p.toml:3:9: key 'sde.theta': expected a finite number >= 2, got 1.5"), std::string::npos) << msg;
  msg = error_of([&] { p.string("sde.model", std::nullopt, {"gbm"}); });
  EXPECT_NE(msg.find("one of 'gbm'"), std::string::npos) << msg;
  msg = error_of([&] { p.real("sde.mu"); });
  EXPECT_NE(msg.find("missing required key"), std::string::npos) << msg;
}

TEST(Params, OverridesWinAndAreNamedInErrors) {
  auto p = Params::from_string(kText, "p.toml", {"sde.theta=-2", "sde.model=gbm", "study.paths=2000"});
  EXPECT_EQ(p.string("sde.model"), "gbm");
  EXPECT_EQ(p.integer("study.paths"), 2000);
  const auto msg = error_of([&] { p.real("sde.theta", std::nullopt, Range::positive()); });
  EXPECT_NE(msg.find("--set sde.theta=-2"), std::string::npos) << msg;
  EXPECT_THROW(Params::from_string(kText, "p.toml", {"novalue"}), ParameterError);
}

TEST(Params, SyntaxErrorAndMissingFile) {
  const auto msg = error_of([] { Params::from_string("a = [1, 2\n", "bad.toml"); });
  EXPECT_NE(msg.find("bad.toml:"), std::string::npos) << msg;
  const auto missing = error_of([] { Params::from_file("/nonexistent/x.toml"); });
  EXPECT_NE(missing.find("/nonexistent/x.toml"), std::string::npos);
}

}  // namespace
}  // namespace ito::io
