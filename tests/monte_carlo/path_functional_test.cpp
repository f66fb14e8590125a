// The structure-of-arrays view of a functional's State: states of one to four doubles are stored word by word
// at words[k·stride + lane] and read back unchanged; the concepts detect functionals that end paths and those
// that observe coarse steps.
#include "ito/monte_carlo/path_functional.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "ito/feynman_kac/barrier.hpp"
#include "ito/feynman_kac/functional.hpp"
#include "ito/feynman_kac/lookback.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"

namespace ito::monte_carlo {
namespace {

struct Three {
  double a, b, c;
};

TEST(StateWords, StatesRoundTripThroughTheirWords) {
  std::vector<double> words(3 * 5, 0.0);
  StateWords<Three>::store({1.5, -2.0, 7.25}, words.data(), 5, 3);
  EXPECT_EQ(words[0 * 5 + 3], 1.5);
  EXPECT_EQ(words[1 * 5 + 3], -2.0);
  EXPECT_EQ(words[2 * 5 + 3], 7.25);
  const Three back = StateWords<Three>::load(words.data(), 5, 3);
  EXPECT_EQ(back.a, 1.5);
  EXPECT_EQ(back.b, -2.0);
  EXPECT_EQ(back.c, 7.25);
  static_assert(StateWords<NoFunctional::State>::count == 0);
  static_assert(StateWords<Three>::count == 3);
}

TEST(PathFunctionalConcepts, EndsPathsAndCoarseSteps) {
  using Gbm = sde::GeometricBrownianMotion;
  const auto payoff = [](const double*) { return 1.0; };
  using Barrier = feynman_kac::BarrierFunctional<Gbm, decltype(payoff)>;
  static_assert(EndsPaths<Barrier> && HasCoarseStep<Barrier>);
  static_assert(!EndsPaths<feynman_kac::LookbackCallFunctional<Gbm>> &&
                HasCoarseStep<feynman_kac::LookbackCallFunctional<Gbm>>);
  static_assert(!EndsPaths<NoFunctional> && !HasCoarseStep<NoFunctional>);
  SUCCEED();
}

}  // namespace
}  // namespace ito::monte_carlo
