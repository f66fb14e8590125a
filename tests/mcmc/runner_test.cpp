#include "ito/mcmc/runner.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "gaussian_test_target.hpp"
#include "ito/core/error.hpp"
#include "ito/core/parallel.hpp"
#include "ito/targets/gaussian.hpp"
#include "test_support.hpp"

namespace ito::mcmc {
namespace {

RunSettings small_run(SamplerKind kind) {
  RunSettings s;
  s.sampler.kind = kind;
  s.chains = 3;
  s.warmup = 150;
  s.draws = 120;
  s.seed = 7;
  return s;
}

bool bitwise_equal(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

const SamplerKind kAllKinds[] = {SamplerKind::ula, SamplerKind::mala, SamplerKind::preconditioned_mala,
                                 SamplerKind::kinetic_langevin};

/// Every sampler, plus pmala with the dense metric.
std::vector<RunSettings> all_configurations() {
  std::vector<RunSettings> runs;
  for (SamplerKind kind : kAllKinds) runs.push_back(small_run(kind));
  runs.push_back(small_run(SamplerKind::preconditioned_mala));
  runs.back().sampler.metric = MetricKind::dense;
  return runs;
}

std::string label(const RunSettings& s) {
  return std::string(sampler_name(s.sampler.kind)) + "/" + metric_name(s.sampler.metric);
}

TEST(Runner, DrawsAreBitwiseIdenticalForOneTwoAndFourThreads) {
  const auto target = test::diagonal_gaussian({1.0, -2.0, 0.0}, {1.0, 0.5, 3.0});
  for (const RunSettings& run : all_configurations()) {
    std::vector<std::vector<double>> draws;
    for (int threads : {1, 2, 4}) {
      core::set_threads(threads);
      draws.push_back(run_chains(target, run).state.draws);
    }
    core::set_threads(2);
    EXPECT_TRUE(bitwise_equal(draws[0], draws[1])) << label(run);
    EXPECT_TRUE(bitwise_equal(draws[0], draws[2])) << label(run);
  }
}

TEST(Runner, ShapesCountsAndThinning) {
  const auto target = test::diagonal_gaussian({0.0, 0.0}, {1.0, 2.0});
  auto s = small_run(SamplerKind::preconditioned_mala);
  s.thin = 7;
  const auto r = run_chains(target, s);
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.state.capacity, (120 + 6) / 7);
  EXPECT_EQ(r.state.kept, r.state.capacity);
  EXPECT_EQ(r.state.draws.size(), static_cast<std::size_t>(3 * r.state.capacity * 2));
  EXPECT_EQ(r.summaries.size(), 2u);
  EXPECT_EQ(r.parameter_names, (std::vector<std::string>{"x[1]", "x[2]"}));
  // one gradient per MALA iteration in sampling
  EXPECT_EQ(r.state.sampling_gradient_evaluations(), 3 * 120);
  for (double a : r.state.accept_stat) EXPECT_TRUE(a >= 0.0 && a <= 1.0);
  // the metric was adapted: the second coordinate has the larger variance
  EXPECT_GT(r.state.inverse_metric[1], r.state.inverse_metric[0]);
}

// The dense metric estimates the covariance of a correlated target: its off-diagonal entry has the sign and
// rough size of the target's (correlation 0.9; 3 chains × 25 window draws, so only loosely).
TEST(Runner, DenseMetricCapturesCorrelation) {
  Eigen::Matrix2d cov;
  cov << 1.0, 0.9, 0.9, 1.0;
  const auto target = targets::GaussianTarget::from_covariance(Eigen::Vector2d(0.0, 0.0), cov);
  auto s = small_run(SamplerKind::preconditioned_mala);
  s.sampler.metric = MetricKind::dense;
  const auto r = run_chains(target, s);
  ASSERT_EQ(r.state.inverse_metric_factor.rows(), 2);
  const Eigen::Matrix2d a = r.state.inverse_metric_factor * r.state.inverse_metric_factor.transpose();
  EXPECT_GT(a(0, 1) / std::sqrt(a(0, 0) * a(1, 1)), 0.5);
  EXPECT_DOUBLE_EQ(r.state.inverse_metric[0], a(0, 0));
  // dense is a pmala option only
  auto k = small_run(SamplerKind::kinetic_langevin);
  k.sampler.metric = MetricKind::dense;
  EXPECT_THROW(run_chains(target, k), ParameterError);
}

TEST(Runner, DifferentSeedsGiveDifferentDraws) {
  const auto target = test::diagonal_gaussian({0.0}, {1.0});
  auto a = small_run(SamplerKind::mala), b = a;
  b.seed = 8;
  EXPECT_FALSE(bitwise_equal(run_chains(target, a).state.draws, run_chains(target, b).state.draws));
}

TEST(Runner, ResumedRunIsBitwiseIdenticalToUninterruptedRun) {
  const auto target = test::diagonal_gaussian({1.0, -2.0, 0.0}, {1.0, 0.5, 3.0});
  const auto dir = ito::test::temp_dir("mcmc_resume");
  for (const RunSettings& run : all_configurations()) {
    auto s = run;
    const std::string kind = label(run);
    s.diagnostics_interval = 40;
    const auto full = run_chains(target, s);
    // stop inside the metric window [75, 100), then inside sampling (between diagnostics points), resuming
    s.checkpoint_path = (dir / (std::string(sampler_name(run.sampler.kind)) + "_" +
                                metric_name(run.sampler.metric) + ".ckpt.h5")).string();
    s.checkpoint_interval = 60;
    for (std::int64_t stop : {90, 213}) {
      auto part = s;
      part.stop_after = stop;
      part.resume = stop != 90;
      const auto r = run_chains(target, part);
      EXPECT_FALSE(r.complete);
      EXPECT_EQ(r.state.iteration, stop);
      EXPECT_TRUE(std::filesystem::exists(s.checkpoint_path));
    }
    s.resume = true;
    const auto resumed = run_chains(target, s);
    ASSERT_TRUE(resumed.complete);
    EXPECT_TRUE(bitwise_equal(full.state.draws, resumed.state.draws)) << kind;
    EXPECT_TRUE(bitwise_equal(full.state.accept_stat, resumed.state.accept_stat)) << kind;
    if (run.sampler.metric == MetricKind::dense) {
      ASSERT_EQ(resumed.state.inverse_metric_factor.size(), 9);
      EXPECT_EQ(std::memcmp(full.state.inverse_metric_factor.data(), resumed.state.inverse_metric_factor.data(),
                            9 * sizeof(double)),
                0);
    }
    EXPECT_TRUE(bitwise_equal(full.state.diagnostics_history, resumed.state.diagnostics_history));
    EXPECT_EQ(full.state.sampling_gradient_evaluations(), resumed.state.sampling_gradient_evaluations());
  }
  std::filesystem::remove_all(dir);
}

TEST(Runner, CheckpointOfAnotherRunIsRejected) {
  const auto target = test::diagonal_gaussian({0.0}, {1.0});
  const auto dir = ito::test::temp_dir("mcmc_ckpt_mismatch");
  auto s = small_run(SamplerKind::mala);
  s.checkpoint_path = (dir / "c.h5").string();
  s.stop_after = 50;
  run_chains(target, s);
  s.stop_after = 0;
  s.resume = true;
  s.seed = 99;
  try {
    run_chains(target, s);
    FAIL() << "expected a ParameterError";
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("different settings"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

TEST(Runner, StopsWhenConverged) {
  const auto target = test::diagonal_gaussian({0.0, 1.0}, {1.0, 1.0});
  auto s = small_run(SamplerKind::preconditioned_mala);
  s.chains = 4;
  s.draws = 20000;
  s.diagnostics_interval = 100;
  s.stop_when_converged = true;
  const auto r = run_chains(target, s);
  ASSERT_TRUE(r.complete);
  EXPECT_TRUE(r.state.converged_early);
  EXPECT_LT(r.state.kept, 20000);
  const auto& h = r.state.diagnostics_history;
  ASSERT_GE(h.size(), 3u);
  EXPECT_LT(h[h.size() - 2], 1.01);
  EXPECT_GT(h[h.size() - 1], 400.0);
  for (const auto& sm : r.summaries) {
    EXPECT_LT(sm.rhat, 1.01);
    EXPECT_GT(sm.ess_bulk, 400.0);
  }
}

TEST(Runner, UlaBlowUpNamesChainAndIteration) {
  const auto target = test::diagonal_gaussian({0.0}, {1.0});
  auto s = small_run(SamplerKind::ula);
  s.sampler.adapt_step_size = false;
  s.sampler.step_size = 5.0;  // |1 − h/2| = 1.5 > 1: the AR(1) recursion diverges
  s.warmup = 0;
  s.draws = 5000;
  try {
    run_chains(target, s);
    FAIL() << "expected a NumericalError";
  } catch (const NumericalError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("chain 0, iteration"), std::string::npos) << msg;
  }
}

TEST(Runner, NonFiniteInitialPointIsAnError) {
  const auto target = test::diagonal_gaussian({0.0}, {1.0});
  auto s = small_run(SamplerKind::mala);
  s.initial_point = Eigen::VectorXd::Constant(1, std::numeric_limits<double>::infinity());
  EXPECT_THROW(run_chains(target, s), NumericalError);
  s.initial_point = Eigen::VectorXd::Zero(2);
  EXPECT_THROW(run_chains(target, s), ParameterError);
}

}  // namespace
}  // namespace ito::mcmc
