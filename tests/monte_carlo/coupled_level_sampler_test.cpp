// The MLMC level sampler: level l runs M0·2^l fine steps on stream paths (l << 48) + i, level 0 being the plain
// kernel and the others the coupled one; costs are the fine (+ coarse) steps.
#include "ito/monte_carlo/coupled_level_sampler.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "ito/feynman_kac/functional.hpp"
#include "ito/schemes/milstein.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"

namespace ito::monte_carlo {
namespace {

const auto identity = [](const double* x) { return x[0]; };
using Identity = feynman_kac::TerminalFunctional<decltype(identity)>;

TEST(CoupledLevelSampler, LevelsReadTheirOwnPathsOnRefinedGrids) {
  const sde::GeometricBrownianMotion gbm{0.05, 0.2};
  const schemes::Milstein milstein;
  const Identity functional{identity};
  const core::TimeGrid base(0.0, 1.0, 3);
  const CoupledLevelSampler sampler(gbm, milstein, functional, base, {100.0}, 11);
  EXPECT_EQ(sampler.grid(2).steps(), 12);
  EXPECT_EQ(sampler.cost(0), 3.0);
  EXPECT_EQ(sampler.cost(2), 18.0);
  const random::NormalStream stream(11, random::Purpose::monte_carlo);
  const double s0 = 100.0;
  std::vector<double> fine(4), coarse(4);
  sampler.sample_block(0, 5, 4, fine.data(), coarse.data());
  for (std::uint64_t i = 0; i < 4; ++i) {
    EXPECT_EQ(fine[i], simulate_path(gbm, milstein, functional, base, &s0, stream, 5 + i));
    EXPECT_EQ(coarse[i], 0.0);
  }
  sampler.sample_block(2, 5, 4, fine.data(), coarse.data());
  for (std::uint64_t i = 0; i < 4; ++i) {
    const auto [f, c] = simulate_coupled_paths(gbm, milstein, functional, sampler.grid(2), &s0, stream,
                                               (std::uint64_t{2} << 48) + 5 + i);
    EXPECT_EQ(fine[i], f);
    EXPECT_EQ(coarse[i], c);
  }
}

}  // namespace
}  // namespace ito::monte_carlo
