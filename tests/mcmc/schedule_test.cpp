// The synchronisation points of a run: next() visits exactly the union of the end of warmup, the metric
// window ends, stop_after, the checkpoint multiples and the diagnostics points of sampling, in order; and the
// predicates that say what is due at a point.
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

TEST(Schedule, VisitsEverySynchronisationPointInOrder) {
  RunSettings s;
  s.warmup = 1000;
  s.draws = 1000;
  s.stop_after = 777;
  s.checkpoint_interval = 300;
  s.diagnostics_interval = 250;
  const Schedule schedule(s);
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
  const Schedule schedule(s);
  EXPECT_TRUE(schedule.windows().empty());
  EXPECT_EQ(visited(schedule), (std::vector<std::int64_t>{150, 270}));
  s.warmup = 0;
  EXPECT_EQ(visited(Schedule(s)), (std::vector<std::int64_t>{120}));
}

TEST(Schedule, WhatIsDueAtAPoint) {
  RunSettings s;
  s.warmup = 100;
  s.draws = 200;
  s.thin = 3;
  s.stop_after = 150;
  s.checkpoint_interval = 50;
  s.diagnostics_interval = 40;
  const Schedule schedule(s);
  ASSERT_EQ(schedule.windows().size(), 1u);  // warmup < 150: one window [15, 90)
  EXPECT_TRUE(schedule.ends_metric_window(90));
  EXPECT_FALSE(schedule.ends_metric_window(15));
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

}  // namespace
}  // namespace ito::mcmc
