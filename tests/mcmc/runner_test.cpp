#include "ito/mcmc/runner.hpp"

#include <gtest/gtest.h>

#include <cmath>
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

template <class A, class B>
bool bitwise_equal(const A& a, const B& b) {
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
    std::vector<DrawArray> draws;
    for (int threads : {1, 2, 4}) {
      core::set_threads(threads);
      draws.push_back(run_chains(target, run).state.draws);
    }
    core::set_threads(2);
    EXPECT_TRUE(bitwise_equal(draws[0], draws[1])) << label(run);
    EXPECT_TRUE(bitwise_equal(draws[0], draws[2])) << label(run);
  }
}

// The run's summaries take the ranks' part over from the last convergence check when it saw the same
// draws: they are the summaries of the draws computed afresh.
void expect_summaries_of_the_draws(const RunResult& r) {
  const auto fresh = summarize_run(r.state);
  ASSERT_EQ(fresh.size(), r.summaries.size());
  auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };
  for (std::size_t q = 0; q < fresh.size(); ++q)
    for (auto field : {&diagnostics::Summary::mean, &diagnostics::Summary::sd, &diagnostics::Summary::rhat,
                       &diagnostics::Summary::rhat_bulk, &diagnostics::Summary::rhat_tail,
                       &diagnostics::Summary::ess_bulk, &diagnostics::Summary::ess_tail,
                       &diagnostics::Summary::ess_mean, &diagnostics::Summary::mcse_sd, &diagnostics::Summary::q50})
      EXPECT_PRED2(same, r.summaries[q].*field, fresh[q].*field) << "quantity " << q;
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
  expect_summaries_of_the_draws(r);  // taken over from the check at the end of sampling
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
  expect_summaries_of_the_draws(r);  // taken over from the check that stopped the run
}

// A run whose sampling grew until it converged has the draws of a run asked for that many draws from the
// start: extending changes no draw (every random number is a function of seed, chain and iteration, and
// the warmup does not depend on the number of draws).
TEST(Runner, ExtendedSamplingIsTheLongerRunItBecame) {
  std::vector<double> means(20, 0.0), sds(20, 1.0);
  for (int i = 0; i < 20; ++i) sds[static_cast<std::size_t>(i)] = std::pow(10.0, -i / 10.0);
  const auto target = test::diagonal_gaussian(means, sds);
  auto s = small_run(SamplerKind::preconditioned_mala);
  s.draws = 100;
  s.max_draws = 20000;
  const auto grown = run_chains(target, s);
  ASSERT_TRUE(grown.complete);
  EXPECT_TRUE(grown.converged);
  EXPECT_LT(grown.max_rhat, s.rhat_below);
  EXPECT_GE(grown.min_ess_bulk, s.min_ess_per_chain * s.chains);
  const std::int64_t length = grown.state.sampling_length;
  EXPECT_GT(length, 100);  // 3 chains × 100 draws of a 20-d target are not enough
  EXPECT_EQ(grown.state.kept, length);
  // a check at every planned end: 100, 150, 225, ... (iterations after warmup)
  const auto& h = grown.state.diagnostics_history;
  ASSERT_GE(h.size(), 6u);
  EXPECT_EQ(h[0], static_cast<double>(grown.state.warmup_length + 100));
  EXPECT_EQ(h[3], static_cast<double>(grown.state.warmup_length + 150));
  EXPECT_LT(h[h.size() - 2], s.rhat_below);  // the last check converged
  auto fixed = s;
  fixed.draws = fixed.max_draws = length;
  const auto direct = run_chains(target, fixed);
  EXPECT_TRUE(bitwise_equal(direct.state.draws, grown.state.draws));
  EXPECT_TRUE(bitwise_equal(direct.state.accept_stat, grown.state.accept_stat));
  // and without room to grow the short run says it has not converged
  auto short_run = s;
  short_run.max_draws = 100;
  const auto r = run_chains(target, short_run);
  EXPECT_FALSE(r.converged);
  EXPECT_EQ(r.state.kept, 100);
}

// A target with variances from 1 to 1e-4: the first metric window (150 warmup iterations) changes the
// metric by far more than a factor 2, so warmup grows, by windows of doubling length, until it settles.
TEST(Runner, WarmupGrowsUntilTheMetricSettles) {
  std::vector<double> means(10, 0.0), sds(10, 1.0);
  for (int i = 0; i < 10; ++i) sds[static_cast<std::size_t>(i)] = std::pow(10.0, -2.0 * i / 9.0);
  const auto target = test::diagonal_gaussian(means, sds);
  for (MetricKind metric : {MetricKind::diagonal, MetricKind::dense}) {
    auto s = small_run(SamplerKind::preconditioned_mala);
    s.sampler.metric = metric;
    const auto stan = run_chains(target, s);  // max_warmup 0: Stan's fixed warmup
    EXPECT_EQ(stan.state.warmup_length, 150);
    EXPECT_FALSE(stan.state.metric_settled) << metric_name(metric);
    ASSERT_EQ(stan.state.adaptation_history.size(), 5u);  // one window [22, 135)
    EXPECT_GT(stan.state.adaptation_history[4], 100.0);   // changed by > 100 from the identity
    s.max_warmup = 5000;
    const auto grown = run_chains(target, s);
    EXPECT_GT(grown.state.warmup_length, 150);
    EXPECT_LE(grown.state.warmup_length, 5000);
    EXPECT_TRUE(grown.state.metric_settled) << metric_name(metric);
    const auto& a = grown.state.adaptation_history;
    ASSERT_GE(a.size(), 10u);
    EXPECT_LE(a[a.size() - 1], s.metric_settle_ratio);
    // each added window is twice the previous one: pooled draws double
    EXPECT_EQ(a[a.size() - 4], 2.0 * a[a.size() - 9]);
    // the metric it settled on is the target's variances (the gradient-based estimate is exact for Gaussians)
    // with Stan's regularisation for the n draws of the last window
    const double n = a[a.size() - 4];
    for (int i = 0; i < 10; ++i) {
      const double v = sds[static_cast<std::size_t>(i)] * sds[static_cast<std::size_t>(i)];
      EXPECT_NEAR(grown.state.inverse_metric[i] / (n / (n + 5.0) * v + 1e-3 * 5.0 / (n + 5.0)), 1.0, 1e-6)
          << metric_name(metric) << " " << i;
    }
  }
}

TEST(Runner, ChainsSampleWithTheGeometricMeanOfTheirAdaptedStepSizes) {
  const auto target = test::diagonal_gaussian({1.0, -2.0, 0.0}, {1.0, 0.5, 3.0});
  auto s = small_run(SamplerKind::preconditioned_mala);
  s.max_warmup = 2000;
  const auto r = run_chains(target, s);
  for (const auto& c : r.state.chain) EXPECT_EQ(c.step_size, r.state.chain[0].step_size);
  EXPECT_TRUE(r.state.step_settled);
  EXPECT_GT(r.state.warmup_seconds, 0.0);
  EXPECT_GT(r.state.sampling_seconds, 0.0);
  EXPECT_GT(r.state.diagnostics_seconds, 0.0);
}

// Stopped inside an added metric window and inside added sampling, then resumed: the uninterrupted run.
TEST(Runner, ResumingAcrossExtensionsIsBitwiseIdentical) {
  std::vector<double> means(10, 0.0), sds(10, 1.0);
  for (int i = 0; i < 10; ++i) sds[static_cast<std::size_t>(i)] = std::pow(10.0, -2.0 * i / 9.0);
  const auto target = test::diagonal_gaussian(means, sds);
  const auto dir = ito::test::temp_dir("mcmc_resume_extended");
  auto s = small_run(SamplerKind::preconditioned_mala);
  s.sampler.metric = MetricKind::dense;
  s.max_warmup = 5000;
  s.max_draws = 5000;
  const auto full = run_chains(target, s);
  ASSERT_GT(full.state.warmup_length, 300);
  ASSERT_GT(full.state.sampling_length, 120);
  s.checkpoint_path = (dir / "c.h5").string();
  const std::int64_t in_window = 200, in_sampling = full.state.warmup_length + 130;
  for (std::int64_t stop : {in_window, in_sampling}) {
    auto part = s;
    part.stop_after = stop;
    part.resume = stop != in_window;
    const auto r = run_chains(target, part);
    EXPECT_FALSE(r.complete);
    EXPECT_EQ(r.state.iteration, stop);
  }
  s.resume = true;
  const auto resumed = run_chains(target, s);
  ASSERT_TRUE(resumed.complete);
  EXPECT_EQ(resumed.state.warmup_length, full.state.warmup_length);
  EXPECT_EQ(resumed.state.sampling_length, full.state.sampling_length);
  EXPECT_TRUE(bitwise_equal(full.state.draws, resumed.state.draws));
  EXPECT_TRUE(bitwise_equal(full.state.adaptation_history, resumed.state.adaptation_history));
  EXPECT_TRUE(bitwise_equal(full.state.diagnostics_history, resumed.state.diagnostics_history));
  std::filesystem::remove_all(dir);
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

// A Gaussian whose reported quantity is a transform of the sampled one: exp(800 x) overflows for x > 0.89
// (the sampler's state stays finite), 1e300 (1 + x) is finite but its sums overflow.
template <class Transform>
struct TransformedGaussian : test::DiagonalGaussian {
  Transform transform;
  std::vector<std::string> parameter_names() const { return {"y"}; }
  void constrain(const Eigen::VectorXd& x, Eigen::VectorXd& out) const {
    out.resize(1);
    out[0] = transform(x[0]);
  }
};

// A number that is not finite is never reported: a draw that overflows on the reported scale names chain,
// iteration and parameter; finite draws whose mean or sd overflow name the parameter.
TEST(Runner, NonFiniteDrawsAndEstimatesAreErrors) {
  const auto exp800 = [](double x) { return std::exp(800.0 * x); };
  TransformedGaussian<decltype(exp800)> overflowing{test::diagonal_gaussian({0.0}, {1.0}), exp800};
  ito::test::expect_error<NumericalError>(
      [&] { run_chains(overflowing, small_run(SamplerKind::mala)); },
      {"mala sampler: chain ", ", iteration ", "the draw of 'y' is inf", "although the sampler's state is finite"});
  const auto huge = [](double x) { return 1e300 * (1.0 + x); };
  TransformedGaussian<decltype(huge)> summed{test::diagonal_gaussian({0.0}, {1.0}), huge};
  ito::test::expect_error<NumericalError>([&] { run_chains(summed, small_run(SamplerKind::mala)); },
                                          {"the posterior mean of 'y' is ", "finite draws per chain"});
}

}  // namespace
}  // namespace ito::mcmc
