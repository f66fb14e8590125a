// The synchronisation points of a run: next() visits exactly the union of the end of warmup, the metric
// window ends, stop_after, the checkpoint multiples and the diagnostics points of sampling, in order; the
// predicates that say what is due at a point; and how the plan grows (another metric window twice the last,
// a doubled terminal buffer, half as much sampling again), always within max_warmup and max_draws.
#include "ito/mcmc/schedule.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace ito::mcmc {
namespace {

std::vector<std::int64_t> visited(const Schedule& schedule, std::int64_t from = 0) {
  std::vector<std::int64_t> points;
  for (std::int64_t t = from; t < schedule.total();) {
    t = schedule.next(t);
    points.push_back(t);
  }
  return points;
}

RunState plan_of(const RunSettings& s) {
  RunState plan;
  Schedule::start(s, plan);
  return plan;
}

TEST(Schedule, VisitsEverySynchronisationPointInOrder) {
  RunSettings s;
  s.warmup = 1000;
  s.draws = 1000;
  s.stop_after = 777;
  s.checkpoint_interval = 300;
  s.diagnostics_interval = 250;
  const Schedule schedule(s, plan_of(s));
  std::set<std::int64_t> expected{1000, 777, 2000};  // warmup, stop_after, end
  for (const auto& w : metric_windows(1000)) expected.insert(w.end);
  for (std::int64_t t = 300; t < 2000; t += 300) expected.insert(t);
  for (std::int64_t t = 1250; t < 2000; t += 250) expected.insert(t);
  EXPECT_EQ(visited(schedule), std::vector<std::int64_t>(expected.begin(), expected.end()));
  // From any point, the next one is the smallest expected point after it.
  for (std::int64_t t : {0, 99, 100, 776, 1000, 1249, 1999})
    EXPECT_EQ(schedule.next(t), *expected.upper_bound(t)) << "t = " << t;
}

TEST(Schedule, WithoutMetricAdaptationOnlyWarmupAndEnd) {
  RunSettings s;
  s.sampler.adapt_metric = false;
  s.warmup = 150;
  s.draws = 120;
  const Schedule schedule(s, plan_of(s));
  EXPECT_TRUE(schedule.windows().empty());
  EXPECT_EQ(visited(schedule), (std::vector<std::int64_t>{150, 270}));
  s.warmup = 0;
  EXPECT_EQ(visited(Schedule(s, plan_of(s))), (std::vector<std::int64_t>{120}));
}

TEST(Schedule, WhatIsDueAtAPoint) {
  RunSettings s;
  s.warmup = 100;
  s.draws = 200;
  s.thin = 3;
  s.stop_after = 150;
  s.checkpoint_interval = 50;
  s.diagnostics_interval = 40;
  const Schedule schedule(s, plan_of(s));
  ASSERT_EQ(schedule.windows().size(), 1u);  // warmup < 150: one window [15, 90)
  EXPECT_TRUE(schedule.ends_metric_window(90));
  EXPECT_TRUE(schedule.ends_last_metric_window(90));
  EXPECT_FALSE(schedule.ends_metric_window(15));
  EXPECT_EQ(schedule.window_half(14), -1);
  EXPECT_EQ(schedule.window_half(15), 0);
  EXPECT_EQ(schedule.window_half(51), 0);  // [15, 52) and [52, 90)
  EXPECT_EQ(schedule.window_half(52), 1);
  EXPECT_EQ(schedule.window_half(89), 1);
  EXPECT_EQ(schedule.window_half(90), -1);
  EXPECT_TRUE(schedule.diagnostics_due(140));
  EXPECT_FALSE(schedule.diagnostics_due(100));  // not at the end of warmup
  EXPECT_FALSE(schedule.diagnostics_due(300));  // not at the end of the run (the final summaries are taken)
  EXPECT_TRUE(schedule.checkpoint_due(250));
  EXPECT_FALSE(schedule.checkpoint_due(251));
  EXPECT_TRUE(schedule.stop_due(150));
  EXPECT_FALSE(schedule.stop_due(100));
  EXPECT_EQ(schedule.kept_after(100), 0);
  EXPECT_EQ(schedule.kept_after(101), 1);  // sampling iteration 0 is kept
  EXPECT_EQ(schedule.kept_after(103), 1);
  EXPECT_EQ(schedule.kept_after(104), 2);
  EXPECT_EQ(schedule.kept_after(300), 67);  // ⌈200/3⌉
}

TEST(Schedule, MetricWindowsDoubleAfterStansUntilTheyNoLongerFit) {
  RunSettings s;
  s.warmup = 1000;
  s.max_warmup = 5000;
  RunState plan = plan_of(s);
  EXPECT_EQ(plan.warmup_length, 1000);
  // Stan's last window is [450, 950); the next ones [950, 1950) and [1950, 3950), each followed by the
  // 50-iteration terminal buffer
  ASSERT_TRUE(Schedule::extend_metric(s, plan));
  EXPECT_EQ(plan.warmup_length, 2000);
  ASSERT_TRUE(Schedule::extend_metric(s, plan));
  EXPECT_EQ(plan.warmup_length, 4000);
  const Schedule schedule(s, plan);
  ASSERT_EQ(schedule.windows().size(), 7u);
  EXPECT_EQ(schedule.windows()[5].begin, 950);
  EXPECT_EQ(schedule.windows()[5].end, 1950);
  EXPECT_EQ(schedule.windows()[6].end, 3950);
  EXPECT_TRUE(schedule.ends_last_metric_window(3950));
  EXPECT_FALSE(schedule.ends_last_metric_window(1950));
  EXPECT_EQ(schedule.warmup(), 4000);
  // a window of 4000 would end at 7950 > 5000 − 50, and one shorter than the last (2000) is not added
  EXPECT_FALSE(Schedule::extend_metric(s, plan));
  EXPECT_EQ(plan.warmup_length, 4000);
  // the cap may cut the new window, down to the length of the last one
  s.max_warmup = 8000;  // room for [3950, 7950)
  EXPECT_TRUE(Schedule::extend_metric(s, plan));
  EXPECT_EQ(plan.warmup_length, 8000);
  s.max_warmup = 1000;  // no extension at all
  RunState fixed = plan_of(s);
  EXPECT_FALSE(Schedule::extend_metric(s, fixed));
  EXPECT_FALSE(Schedule::extend_step(s, fixed));
}

TEST(Schedule, TerminalBufferDoublesForTheStepSize) {
  RunSettings s;
  s.warmup = 1000;
  s.max_warmup = 1200;
  RunState plan = plan_of(s);
  ASSERT_TRUE(Schedule::extend_step(s, plan));  // buffer [950, 1000) continues to 1050
  EXPECT_EQ(plan.warmup_length, 1050);
  ASSERT_TRUE(Schedule::extend_step(s, plan));  // [950, 1050) to 1150
  EXPECT_EQ(plan.warmup_length, 1150);
  EXPECT_FALSE(Schedule::extend_step(s, plan));       // 200 more do not fit
  EXPECT_EQ(Schedule(s, plan).windows().size(), 5u);  // the windows are Stan's
  // no window after a lengthened terminal buffer
  EXPECT_FALSE(Schedule::extend_metric(s, plan));
}

TEST(Schedule, SamplingGrowsByHalfUpToMaxDraws) {
  RunSettings s;
  s.draws = 1000;
  s.max_draws = 2000;
  RunState plan = plan_of(s);
  EXPECT_EQ(plan.sampling_length, 1000);
  ASSERT_TRUE(Schedule::extend_sampling(s, plan));
  EXPECT_EQ(plan.sampling_length, 1500);
  ASSERT_TRUE(Schedule::extend_sampling(s, plan));
  EXPECT_EQ(plan.sampling_length, 2000);  // 2250 cut to the cap
  EXPECT_FALSE(Schedule::extend_sampling(s, plan));
  const Schedule schedule(s, plan);
  EXPECT_EQ(schedule.total(), 1000 + 2000);
  EXPECT_EQ(schedule.kept_after(3000), 2000);
}

}  // namespace
}  // namespace ito::mcmc
