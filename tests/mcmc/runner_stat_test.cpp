// The three posteriordb reference posteriors sampled by ito's default sampler (preconditioned MALA through
// the multi-chain runner): every reported parameter's mean and mean square agree with posteriordb's
// reference values (10 long Stan NUTS chains) within 4 combined standard errors,
// |ours − ref| / sqrt(mcse_ours² + mcse_ref²) < 4 (ESS-based MCSE of ours, ito::diagnostics); data
// from data/posteriordb, reference moments from ../shared/data/posteriordb..
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "ito/diagnostics/summary.hpp"
#include "ito/mcmc/runner.hpp"
#include "ito/targets/posteriordb.hpp"
#include "ito/targets/reference_posterior.hpp"
#include "test_support.hpp"

namespace ito::mcmc {
namespace {

// A shipped posteriordb data set (data/posteriordb).
std::string shipped(const char* file) { return ito::test::repository_data(std::string("posteriordb/") + file); }

template <class T>
void expect_matches_reference(const T& target, const std::string& posterior, const std::string& directory,
                              std::int64_t draws, MetricKind metric = MetricKind::diagonal) {
  RunSettings run;
  run.sampler.kind = SamplerKind::preconditioned_mala;
  run.sampler.metric = metric;
  run.chains = 4;
  run.warmup = 1000;
  run.draws = draws;
  run.seed = 424242;
  run.compute_summaries = false;
  const auto r = run_chains(target, run);
  const auto& s = r.state;
  const auto reference = targets::read_reference_posterior(directory, posterior);
  const auto comparisons = targets::compare_draws_to_reference(reference, r.parameter_names, s.draws.data(), s.chains,
                                                               static_cast<int>(s.capacity), static_cast<int>(s.kept));
  ASSERT_EQ(comparisons.size(), 2 * reference.names.size());
  double worst = 0.0;
  for (const auto& c : comparisons) {
    worst = std::max(worst, std::abs(c.z));
    EXPECT_LT(std::abs(c.z), 4.0) << posterior << " " << c.name << " " << c.moment << ": " << c.estimate << " ± "
                                  << c.estimate_mcse << " vs reference " << c.reference << " ± " << c.reference_mcse;
  }
  const auto summaries = diagnostics::summarize_quantities(s.draws.data(), s.chains, static_cast<int>(s.capacity),
                                                           static_cast<int>(s.kept), s.parameters);
  double max_rhat = 0.0, min_ess = INFINITY;
  for (const auto& x : summaries) {
    max_rhat = std::max(max_rhat, x.rhat);
    min_ess = std::min(min_ess, x.ess_bulk);
  }
  std::printf(
      "%s: %zu moments, max |z| = %.2f, max R-hat %.4f, min bulk-ESS %.0f (pMALA-%s, 4 x %lld draws, "
      "%lld sampling gradients)\n",
      posterior.c_str(), comparisons.size(), worst, max_rhat, min_ess, metric_name(metric),
      static_cast<long long>(draws), static_cast<long long>(s.sampling_gradient_evaluations()));
}

TEST(PosteriordbStatistical, EightSchoolsNoncenteredMatchesReference) {
  ITO_REQUIRE_SHARED_DATA(data);
  const auto dir = (data / "posteriordb").string();
  expect_matches_reference(targets::eight_schools_noncentered(shipped("eight_schools.csv")),
                           "eight_schools-eight_schools_noncentered", dir, 10000);
}

TEST(PosteriordbStatistical, ArKMatchesReference) {
  ITO_REQUIRE_SHARED_DATA(data);
  const auto dir = (data / "posteriordb").string();
  expect_matches_reference(targets::ark(shipped("arK.csv")), "arK-arK", dir, 10000);
}

TEST(PosteriordbStatistical, SblrcBlrMatchesReference) {
  ITO_REQUIRE_SHARED_DATA(data);
  const auto dir = (data / "posteriordb").string();
  expect_matches_reference(targets::sblrc_blr(shipped("sblrc.csv")), "sblrc-blr", dir, 10000);
}

// The same checks with the dense metric (sampler.metric = "dense").
TEST(PosteriordbStatistical, ArKMatchesReferenceWithDenseMetric) {
  ITO_REQUIRE_SHARED_DATA(data);
  const auto dir = (data / "posteriordb").string();
  expect_matches_reference(targets::ark(shipped("arK.csv")), "arK-arK", dir, 10000, MetricKind::dense);
}

TEST(PosteriordbStatistical, SblrcBlrMatchesReferenceWithDenseMetric) {
  ITO_REQUIRE_SHARED_DATA(data);
  const auto dir = (data / "posteriordb").string();
  expect_matches_reference(targets::sblrc_blr(shipped("sblrc.csv")), "sblrc-blr", dir, 10000, MetricKind::dense);
}

}  // namespace
}  // namespace ito::mcmc
