// Convergence studies accumulate path by path (StudyAccumulator): the same statistics as computed directly
// from stored samples in path order, across many chunks of paths, with memory that does not grow with the
// number of paths.
#include "ito/convergence/study.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>

#include "ito/convergence/converge.hpp"
#include "ito/core/error.hpp"
#include "ito/core/statistics.hpp"
#include "test_support.hpp"

namespace ito::convergence {
namespace {

// A cheap deterministic "sampler": errors ~ dt^1 times a path-dependent factor.
void sample(std::size_t p, const std::vector<double>& dt, double* err, double* g, double& g_ref) {
  const double u = std::sin(1.0 + static_cast<double>(p) * 0.7548776662);
  for (std::size_t k = 0; k < dt.size(); ++k) {
    err[k] = dt[k] * (1.5 + u);
    g[k] = u + dt[k] * (0.5 + u * u);
  }
  g_ref = u;
}

TEST(StudyAccumulator, StreamingOverChunksEqualsDirectStatistics) {
  StudyOptions o;
  o.dt = {0.1, 0.05, 0.025, 0.0125};
  o.paths = 2 * kStudyChunk + 1001;  // three chunks
  o.bootstrap = 20;
  std::vector<core::RunningStats> abs(o.dt.size()), diff(o.dt.size());
  for (std::size_t p = 0; p < o.paths; ++p) {
    std::vector<double> err(o.dt.size()), g(o.dt.size());
    double g_ref = 0;
    sample(p, o.dt, err.data(), g.data(), g_ref);
    for (std::size_t k = 0; k < o.dt.size(); ++k) {
      abs[k].add(err[k]);
      diff[k].add(g[k] - g_ref);
    }
  }
  std::vector<StudyResult> results;
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    results.push_back(run_study(o, [&](std::size_t p, double* err, double* g, double& g_ref) { sample(p, o.dt, err, g, g_ref); }));
  }
  const StudyResult& r = results[0];
  for (std::size_t k = 0; k < o.dt.size(); ++k) {
    EXPECT_EQ(r.strong_error[k], abs[k].mean());
    EXPECT_EQ(r.strong_error_se[k], abs[k].std_error());
    EXPECT_EQ(r.weak_signed[k], diff[k].mean());
  }
  EXPECT_NEAR(r.strong_fit.order, 1.0, 1e-12);
  EXPECT_EQ(results[1].strong_fit.ci_low, r.strong_fit.ci_low) << "the bootstrap does not see the thread count";
  EXPECT_EQ(results[1].weak_fit.ci_high, r.weak_fit.ci_high);
}

TEST(StudyAccumulator, NonFiniteSampleNamesPathAndLevel) {
  StudyOptions o;
  o.dt = {0.1, 0.05};
  o.paths = 10;
  StudyAccumulator acc(o, 2);
  const double fine[2] = {1.0, 0.5}, bad[2] = {1.0, NAN};
  acc.add(fine, fine, 0.0);
  test::expect_error<NumericalError>([&] { acc.add(bad, fine, 0.0); }, {"path 1 at level 1", "error", "nan"});
  test::expect_error<NumericalError>([&] { acc.add(fine, bad, 0.0); }, {"path 1 at level 1", "g(X_T) is nan"});
  test::expect_error<NumericalError>([&] { acc.add(fine, fine, INFINITY); }, {"path 1", "reference is inf"});
  EXPECT_EQ(acc.paths_added(), 1u) << "a refused path is not added";
}

// Finite errors whose squares overflow: an error naming the quantity, never an infinite RMS error or order.
TEST(StudyAccumulator, OverflowingStatisticsAreAnError) {
  StudyOptions o;
  o.dt = {0.1, 0.05};
  o.paths = 4;
  StudyAccumulator acc(o, 2);
  const double huge[2] = {1e200, 1e199}, g[2] = {0.0, 0.0};
  for (int i = 0; i < 4; ++i) acc.add(huge, g, 0.0);
  test::expect_error<NumericalError>([&] { (void)acc.result(); },
                                     {"the RMS strong error at dt = 0.1 is", "although every path's error is finite"});
}

// What a study holds does not grow with the number of paths: 10⁸ paths need what 10⁶ need.
TEST(StudyMemory, DoesNotGrowWithPaths) {
  ConvergeProblem p;
  p.model = "ou";
  p.x0 = {0.0};
  p.steps = {16, 32, 64, 128};
  p.schemes = {"euler_maruyama", "sra1"};
  p.paths = 1000000;
  const double million = study_memory_bytes(p, 2);
  p.paths = 100000000;
  EXPECT_EQ(study_memory_bytes(p, 2), million);
  EXPECT_LT(million, 1e8);
  p.reference = "fine";
  p.reference_factor = 1024;
  p.steps = {5000000, 10000000};
  EXPECT_EQ(path_steps(p), 1024.0 * 1e7);
  EXPECT_GT(study_memory_bytes(p, 1), 1e11) << "a 1e10-step reference path is beyond any machine's memory";
}

}  // namespace
}  // namespace ito::convergence
