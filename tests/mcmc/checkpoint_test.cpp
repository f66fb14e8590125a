// Checkpoints: a bit-exact round trip of the whole run state, the fingerprint of the settings, and where a
// run starts (fresh, or resumed only from a checkpoint of the same settings).
#include "ito/mcmc/checkpoint.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "ito/core/error.hpp"
#include "test_support.hpp"

namespace ito::mcmc {
namespace {

bool same(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(double) * a.size()) == 0;
}

TEST(Checkpoint, RoundTripIsBitExact) {
  RunState s;
  s.fingerprint = "sampler=kinetic chains=2";
  s.dim = 3;
  s.parameters = 2;
  s.chains = 2;
  s.iteration = 1234;
  s.capacity = 4;
  s.kept = 3;
  s.inverse_metric = Eigen::Vector3d(0.1, 1.0 / 3.0, 7e-300);
  for (int i = 0; i < 16; ++i) s.draws.push_back(std::sin(i) / 3.0);
  for (int i = 0; i < 8; ++i) {
    s.accept_stat.push_back(std::cos(i) * std::cos(i));
    s.log_density.push_back(-i / 7.0);
  }
  const Eigen::Matrix3d random_factor = Eigen::Matrix3d::Random();
  s.inverse_metric_factor = random_factor.triangularView<Eigen::Lower>();
  s.warmup_gradient_evaluations = {11, 12};
  s.warmup_seconds = 0.5;
  s.sampling_seconds = 0.125;
  s.diagnostics_seconds = 0.25;
  s.diagnostics_history = {10.0, 1.02, 55.5};
  s.adaptation_history = {100.0, 400.0, 3.5, 0.01, 7.25, 200.0, 800.0, 2.5, 0.005, 1.5};
  s.converged_early = true;
  s.warmup_length = 2000;
  s.metric_extensions = 1;
  s.sampling_length = 1500;
  s.metric_settled = true;
  s.step_settled = false;
  s.chain.resize(2);
  for (int c = 0; c < 2; ++c) {
    auto& cs = s.chain[static_cast<std::size_t>(c)];
    cs.position = Eigen::Vector3d::Random();
    cs.gradient = Eigen::Vector3d::Random();
    cs.momentum = Eigen::Vector3d::Random();
    cs.log_density = -1.0 / (c + 3.0);
    cs.step_size = 0.1 / (c + 7.0);
    cs.step_adaptation = {0.6, 0.05, 10.0, 0.75, 17.0 + c, 0.01 / 3.0, -1.0 / 7.0, std::log(1.0 / 3.0)};
    for (auto& half : cs.metric_window) {
      half.reset(3, /*dense=*/true);
      half.add(Eigen::Vector3d::Random(), Eigen::Vector3d::Random());
      half.add(Eigen::Vector3d::Random(), Eigen::Vector3d::Random());
    }
    cs.metric_window[1].add(Eigen::Vector3d::Random(), Eigen::Vector3d::Random());
    cs.gradient_evaluations = 1000 + c;
  }
  const auto dir = ito::test::temp_dir("mcmc_checkpoint");
  const auto path = (dir / "c.h5").string();
  write_checkpoint(path, s);
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
  const RunState r = read_checkpoint(path);
  EXPECT_EQ(r.fingerprint, s.fingerprint);
  EXPECT_EQ(r.iteration, 1234);
  EXPECT_EQ(r.kept, 3);
  EXPECT_EQ(r.capacity, 4);
  EXPECT_TRUE(same(r.inverse_metric, s.inverse_metric));
  ASSERT_EQ(r.inverse_metric_factor.rows(), 3);
  ASSERT_EQ(r.inverse_metric_factor.cols(), 3);
  EXPECT_EQ(std::memcmp(r.inverse_metric_factor.data(), s.inverse_metric_factor.data(), 9 * sizeof(double)), 0);
  EXPECT_EQ(r.draws, s.draws);
  EXPECT_EQ(r.accept_stat, s.accept_stat);
  EXPECT_EQ(r.log_density, s.log_density);
  EXPECT_EQ(r.diagnostics_history, s.diagnostics_history);
  EXPECT_EQ(r.warmup_gradient_evaluations, s.warmup_gradient_evaluations);
  EXPECT_EQ(r.warmup_seconds, 0.5);
  EXPECT_EQ(r.sampling_seconds, 0.125);
  EXPECT_EQ(r.diagnostics_seconds, 0.25);
  EXPECT_EQ(r.adaptation_history, s.adaptation_history);
  EXPECT_TRUE(r.converged_early);
  EXPECT_EQ(r.warmup_length, 2000);
  EXPECT_EQ(r.metric_extensions, 1);
  EXPECT_EQ(r.sampling_length, 1500);
  EXPECT_TRUE(r.metric_settled);
  EXPECT_FALSE(r.step_settled);
  for (std::size_t c = 0; c < 2; ++c) {
    const auto &a = s.chain[c], &b = r.chain[c];
    EXPECT_TRUE(same(a.position, b.position));
    EXPECT_TRUE(same(a.gradient, b.gradient));
    EXPECT_TRUE(same(a.momentum, b.momentum));
    for (std::size_t h = 0; h < 2; ++h)
      for (auto which : {&WindowAccumulator::position, &WindowAccumulator::gradient}) {
        const VarianceAccumulator &wa = a.metric_window[h].*which, &wb = b.metric_window[h].*which;
        EXPECT_TRUE(same(wa.mean, wb.mean));
        EXPECT_TRUE(same(wa.m2, wb.m2));
        ASSERT_EQ(wb.cross.size(), 9);
        EXPECT_EQ(std::memcmp(wa.cross.data(), wb.cross.data(), 9 * sizeof(double)), 0);
        EXPECT_EQ(wa.count, wb.count);
      }
    EXPECT_EQ(a.log_density, b.log_density);
    EXPECT_EQ(a.step_size, b.step_size);
    EXPECT_EQ(a.step_adaptation.counter, b.step_adaptation.counter);
    EXPECT_EQ(a.step_adaptation.s_bar, b.step_adaptation.s_bar);
    EXPECT_EQ(a.step_adaptation.x_bar, b.step_adaptation.x_bar);
    EXPECT_EQ(a.step_adaptation.mu, b.step_adaptation.mu);
    EXPECT_EQ(a.step_adaptation.target_accept, b.step_adaptation.target_accept);
    EXPECT_EQ(a.gradient_evaluations, b.gradient_evaluations);
  }
  std::filesystem::remove_all(dir);
}

TEST(Checkpoint, MissingOrForeignFileIsAnIoError) {
  EXPECT_THROW(read_checkpoint("/nonexistent/ckpt.h5"), IoError);
  const auto dir = ito::test::temp_dir("mcmc_checkpoint_bad");
  ito::test::write_file(dir / "x.h5", "not hdf5");
  EXPECT_THROW(read_checkpoint((dir / "x.h5").string()), IoError);
  std::filesystem::remove_all(dir);
}

TEST(Checkpoint, FingerprintNamesEverySettingThatChangesTheDraws) {
  RunSettings s;
  s.target_description = "funnel (Neal, dim 10, v_scale 3)";
  const std::string base = run_fingerprint(s, 10);
  EXPECT_NE(base.find("sampler=pmala"), std::string::npos) << base;
  EXPECT_NE(base.find("target=funnel (Neal, dim 10, v_scale 3)"), std::string::npos) << base;
  EXPECT_EQ(base.find(" metric="), std::string::npos) << base;  // diagonal: absent, so older checkpoints resume
  auto changed = [&](auto&& edit) {
    RunSettings t = s;
    edit(t);
    return run_fingerprint(t, 10) != base;
  };
  EXPECT_TRUE(changed([](RunSettings& t) { t.seed += 1; }));
  EXPECT_TRUE(changed([](RunSettings& t) { t.sampler.step_size = 0.1 + 1e-16; }));  // 17 digits
  EXPECT_TRUE(changed([](RunSettings& t) { t.sampler.metric = MetricKind::dense; }));
  EXPECT_TRUE(changed([](RunSettings& t) { t.initial_point = Eigen::VectorXd::Zero(10); }));
  EXPECT_TRUE(changed([](RunSettings& t) { t.diagnostics_interval = 50; }));
  EXPECT_TRUE(changed([](RunSettings& t) { t.max_warmup = 5000; }));
  EXPECT_TRUE(changed([](RunSettings& t) { t.max_draws = 5000; }));
  EXPECT_TRUE(changed([](RunSettings& t) { t.metric_settle_ratio = 3.0; }));
  EXPECT_NE(run_fingerprint(s, 11), base);
  // Where and how often checkpoints are written does not change the draws, so it is not in the fingerprint.
  EXPECT_FALSE(changed([](RunSettings& t) {
    t.checkpoint_interval = 100;
    t.stop_after = 500;
    t.checkpoint_path = "elsewhere.h5";
  }));
}

TEST(Checkpoint, StartStateIsFreshUnlessResumingFromTheSameSettings) {
  const auto dir = ito::test::temp_dir("mcmc_start_state");
  RunSettings s;
  s.chains = 3;
  s.draws = 10;
  s.thin = 3;
  s.checkpoint_path = (dir / "c.h5").string();
  StartState fresh = start_state(s, 2, 5);
  EXPECT_FALSE(fresh.resumed);
  EXPECT_EQ(fresh.state.capacity, 4);  // ⌈10/3⌉
  EXPECT_EQ(fresh.state.draws.size(), 3u * 4u * 5u);
  EXPECT_EQ(fresh.state.accept_stat.size(), 12u);
  EXPECT_EQ(fresh.state.fingerprint, run_fingerprint(s, 2));
  EXPECT_EQ(fresh.state.warmup_length, s.warmup);  // the plan starts as Stan's
  EXPECT_EQ(fresh.state.sampling_length, 10);
  s.resume = true;  // no file yet: a fresh start
  EXPECT_FALSE(start_state(s, 2, 5).resumed);
  RunState written = fresh.state;
  written.inverse_metric = Eigen::Vector2d(1.0, 2.0);
  written.chain.resize(3);
  for (auto& c : written.chain) {
    c.position = c.gradient = Eigen::Vector2d(0.5, -0.5);
    for (auto& half : c.metric_window) half.reset(2);
  }
  written.warmup_gradient_evaluations.assign(3, 0);
  write_checkpoint(s.checkpoint_path, written);
  const StartState resumed = start_state(s, 2, 5);
  EXPECT_TRUE(resumed.resumed);
  EXPECT_EQ(resumed.state.inverse_metric, written.inverse_metric);
  s.seed += 1;
  try {
    start_state(s, 2, 5);
    FAIL() << "expected ParameterError";
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("different settings"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ito::mcmc
