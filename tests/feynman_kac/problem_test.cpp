// The Feynman–Kac problem catalogue: results bitwise independent of the thread count (MC and MLMC), invalid
// problems refused, and one scheme vocabulary with `ito converge`: every scheme the problem's model supports is
// accepted, the others are refused in the scheme's own words, the former spelling "euler" is refused with the
// current one.
#include "ito/feynman_kac/problem.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/schemes/registry.hpp"

namespace ito::feynman_kac {
namespace {

TEST(Solve, BitwiseIndependentOfTheThreadCount) {
  ProblemSpec lookback;
  lookback.kind = ProblemKind::lookback_call;
  lookback.steps = 16;
  RunSpec mc;
  mc.paths = 3000;
  mc.antithetic = true;
  mc.seed = 17;
  ProblemSpec call;
  call.scheme = "milstein";
  RunSpec ml;
  ml.method = Method::multilevel;
  ml.mlmc.target_rms_error = 0.2;
  ml.mlmc.initial_samples = 500;
  ml.seed = 18;
  const int before = omp_get_max_threads();
  std::vector<double> a, b;
  for (int threads : {1, 2, 4}) {
    omp_set_num_threads(threads);
    a.push_back(solve(lookback, mc).estimate);
    b.push_back(solve(call, ml).estimate);
  }
  omp_set_num_threads(before);
  EXPECT_EQ(a[0], a[1]);
  EXPECT_EQ(a[0], a[2]);
  EXPECT_EQ(b[0], b[1]);
  EXPECT_EQ(b[0], b[2]);
}

// Parameter files are validated by read_feynman_kac (params_test.cpp); solve() still refuses what it cannot
// compute rather than answer something else.
TEST(Solve, RefusesWhatItCannotCompute) {
  ProblemSpec p;
  p.kind = ProblemKind::down_and_out_call;
  p.barrier = 120.0;  // no closed form above the spot
  EXPECT_THROW(solve(p, RunSpec{}), Error);
  ProblemSpec q;
  q.scheme = "rk4";  // no such scheme: not a silent Euler-Maruyama
  EXPECT_THROW(solve(q, RunSpec{}), Error);
  ProblemSpec r;
  r.scheme = "sra1";  // a scheme the model's noise class rules out
  EXPECT_THROW(solve(r, RunSpec{}), ParameterError);
}

TEST(SchemeNames, AreExactAndTheRegistry) {
  const auto& names = scheme_names();
  ASSERT_EQ(names.size(), schemes::scheme_names().size() + 1);
  EXPECT_EQ(names.front(), "exact");
  for (const auto& name : schemes::scheme_names())
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
}

TEST(SchemeNames, FormerSpellingIsRefusedWithTheCurrentOne) {
  ProblemSpec p;
  p.scheme = "euler";
  EXPECT_NE(scheme_refusal(p).find("now spelled 'euler_maruyama'"), std::string::npos) << scheme_refusal(p);
  try {
    solve(p, RunSpec{});
    FAIL() << "\"euler\" accepted";
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("now spelled 'euler_maruyama'"), std::string::npos) << e.what();
  }
}

// Which registry schemes each model family accepts: GBM (scalar Itô noise), OU (additive: Itô and Stratonovich
// coincide, so Euler–Heun too), Brownian motion (OU with θ = 0: no exact OU step), expression models (scalar
// Itô; Milstein only with dg/dx).
TEST(SchemeNames, EveryModelAcceptsWhatItsNoiseClassAllows) {
  const auto accepted = [](ProblemSpec p) {
    std::vector<std::string> out;
    for (const auto& name : scheme_names()) {
      p.scheme = name;
      if (scheme_refusal(p).empty()) out.push_back(name);
    }
    return out;
  };
  ProblemSpec gbm;
  EXPECT_EQ(accepted(gbm), (std::vector<std::string>{"exact", "euler_maruyama", "milstein", "rk_milstein", "sriw1",
                                                     "platen_weak2", "platen_weak2_general"}));
  ProblemSpec ou;
  ou.kind = ProblemKind::ou_mean;
  EXPECT_EQ(accepted(ou), (std::vector<std::string>{"exact", "euler_maruyama", "euler_heun", "milstein", "rk_milstein",
                                                    "sriw1", "sra1", "platen_weak2", "platen_weak2_general",
                                                    "exact_ou"}));
  ProblemSpec heat;
  heat.kind = ProblemKind::heat_gaussian;
  EXPECT_EQ(accepted(heat), (std::vector<std::string>{"exact", "euler_maruyama", "euler_heun", "milstein",
                                                      "rk_milstein", "sriw1", "sra1", "platen_weak2",
                                                      "platen_weak2_general"}));
  ProblemSpec expression;
  expression.kind = ProblemKind::expression;
  expression.model_expressions = {"-x", "0.3*x", "", "", {}};
  EXPECT_EQ(accepted(expression), (std::vector<std::string>{"euler_maruyama", "rk_milstein", "sriw1", "platen_weak2",
                                                            "platen_weak2_general"}));
  gbm.scheme = "sra1";
  const std::string why = scheme_refusal(gbm);
  EXPECT_NE(why.find("sra1"), std::string::npos) << why;
  EXPECT_NE(why.find("scalar"), std::string::npos) << why;
}

// Every accepted scheme runs, by Monte Carlo and by MLMC, on a problem of each family.
TEST(SchemeNames, EveryAcceptedSchemeRuns) {
  ProblemSpec call;
  call.steps = 4;
  ProblemSpec ou;
  ou.kind = ProblemKind::ou_second_moment;
  ou.steps = 4;
  for (ProblemSpec p : {call, ou})
    for (const auto& name : scheme_names()) {
      p.scheme = name;
      if (!scheme_refusal(p).empty()) continue;
      RunSpec mc;
      mc.paths = 200;
      EXPECT_TRUE(std::isfinite(solve(p, mc).estimate)) << name;
      RunSpec ml;
      ml.method = Method::multilevel;
      ml.mlmc.target_rms_error = 0.5;
      ml.mlmc.initial_samples = 100;
      ml.mlmc.max_levels = 3;
      EXPECT_TRUE(std::isfinite(solve(p, ml).estimate)) << name;
    }
}

}  // namespace
}  // namespace ito::feynman_kac
