// The scheme registry: every name dispatches to the scheme type of that name, former spellings and unknown
// names are refused with the new spelling or the known names, and refusal() says why a scheme cannot run a
// model in the words of the scheme's own order table.
#include "ito/schemes/registry.hpp"

#include <gtest/gtest.h>

#include <string>

#include "ito/sde/expression_model.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"

namespace ito::schemes {
namespace {

TEST(SchemeRegistry, EveryNameDispatchesToItsType) {
  const auto& names = scheme_names();
  ASSERT_EQ(names.size(), std::variant_size_v<AnyScheme>);
  for (const auto& name : names) {
    const std::string_view seen = visit_scheme(name, [](const auto& s) { return std::decay_t<decltype(s)>::name; });
    EXPECT_EQ(seen, name);
  }
  EXPECT_EQ(names.front(), "euler_maruyama");
}

TEST(SchemeRegistry, FormerAndUnknownNamesAreRefusedWithTheRightWords) {
  EXPECT_EQ(renamed_scheme("euler"), std::optional<std::string_view>("euler_maruyama"));
  EXPECT_FALSE(renamed_scheme("milstein"));
  try {
    scheme_by_name("euler");
    FAIL() << "the former spelling was accepted";
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("now spelled 'euler_maruyama'"), std::string::npos) << e.what();
  }
  try {
    scheme_by_name("rk4");
    FAIL() << "an unknown name was accepted";
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown scheme 'rk4'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("platen_weak2_general"), std::string::npos) << e.what();
  }
}

TEST(SchemeRegistry, RefusalNamesTheSchemeAndTheNoise) {
  EXPECT_EQ(refusal<Milstein>(sde::GeometricBrownianMotion{}), "");
  EXPECT_EQ(refusal<Sra1>(sde::OrnsteinUhlenbeck{}), "");
  const std::string sra1 = refusal<Sra1>(sde::GeometricBrownianMotion{});
  EXPECT_NE(sra1.find("sra1"), std::string::npos) << sra1;
  EXPECT_NE(sra1.find("scalar"), std::string::npos) << sra1;
  const std::string heun = refusal<EulerHeun>(sde::GeometricBrownianMotion{});
  EXPECT_NE(heun.find("Stratonovich"), std::string::npos) << heun;
  // Supported by its noise class, but the model is not an OU process.
  const std::string exact = refusal<ExactOrnsteinUhlenbeck>(sde::GeometricBrownianMotion{});
  EXPECT_NE(exact.find("exact_ou"), std::string::npos) << exact;
  // What an expression model knows only at run time: Milstein without the derivative expression.
  const sde::ExpressionModel no_derivative(sde::ExpressionSpec{"-x", "0.5*x", "", "", {}});
  EXPECT_NE(refusal<Milstein>(no_derivative).find("derivative"), std::string::npos);
  EXPECT_EQ(refusal<RungeKuttaMilstein>(no_derivative), "");
}

}  // namespace
}  // namespace ito::schemes
