// `ito mcmc` at its default settings converges where Stan's fixed-length warmup and sampling did not for a
// Metropolis–Langevin sampler: a dense metric on a diagonal 100-d Gaussian, a 100-d Gaussian with condition
// number 1000, a 30-coefficient logistic regression with a dense metric; and every shipped problem converges
// at its own settings but the funnel, which says it has not. Tolerances are the runs' own Monte Carlo
// standard errors: |mean| < 4.5 MCSE of the mean, |sd² − v| < 4.5 · 2 sd · MCSE of the sd (delta method).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "ito/io/hdf5.hpp"
#include "test_support.hpp"

namespace ito::mcmc {
namespace {

namespace fs = std::filesystem;

std::string gaussian_target(const std::vector<double>& variances) {
  std::ostringstream os;
  os.precision(17);
  os << "[target]\nkind = \"gaussian\"\ndim = " << variances.size() << "\nvariances = [";
  for (std::size_t i = 0; i < variances.size(); ++i) os << (i ? ", " : "") << variances[i];
  os << "]\n";
  return os.str();
}

std::vector<double> log_spaced(int n, double last) {
  std::vector<double> v(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = std::pow(last, static_cast<double>(i) / (n - 1));
  return v;
}

struct CliRun {
  int status;
  std::string output, file;
  double attribute(const char* name) const { return io::read_double_attribute(file, "/summary", name); }
  std::vector<double> summary(const char* name) const {
    return io::read_dataset(file, std::string("/summary/") + name).values;
  }
};

CliRun run(const fs::path& dir, const std::string& name, const std::string& params_or_file,
           const std::string& extra = "") {
  const bool is_file = params_or_file.find('\n') == std::string::npos;
  const std::string params =
      is_file ? params_or_file : ito::test::write_file(dir / (name + ".toml"), params_or_file).string();
  const std::string out = (dir / (name + ".h5")).string();
  const auto r = ito::test::run_cli("mcmc " + params + " --threads 2 --out " + out + " " + extra, dir);
  return {r.status, r.output, out};
}

// Converged by the /summary verdict, and the draws give the Gaussian's means and variances.
void expect_converged_gaussian(const CliRun& r, const std::vector<double>& variances) {
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.attribute("converged"), 1.0) << r.output;
  EXPECT_EQ(r.output.find("NOT CONVERGED"), std::string::npos) << r.output;
  EXPECT_LT(r.attribute("max_rhat"), 1.01);
  const auto mean = r.summary("mean"), sd = r.summary("sd"), mcse_mean = r.summary("mcse_mean"),
             mcse_sd = r.summary("mcse_sd");
  ASSERT_EQ(mean.size(), variances.size());
  for (std::size_t i = 0; i < variances.size(); ++i) {
    EXPECT_LT(std::abs(mean[i]), 4.5 * mcse_mean[i]) << "x[" << i + 1 << "]";
    EXPECT_LT(std::abs(sd[i] * sd[i] - variances[i]), 4.5 * 2.0 * sd[i] * mcse_sd[i])
        << "x[" << i + 1 << "]: variance " << sd[i] * sd[i] << ", exact " << variances[i];
  }
}

// The example: with metric = "dense" on this target R-hat was 1.87 and some variances 2% of the truth.
TEST(McmcDefaultsStatistical, DenseMetricOnADiagonal100dGaussianConverges) {
  const auto dir = ito::test::temp_dir("mcmc_defaults_dense");
  const auto v = log_spaced(100, 1e-2);
  expect_converged_gaussian(run(dir, "dense", gaussian_target(v) + "[sampler]\nmetric = \"dense\"\n"), v);
  fs::remove_all(dir);
}

TEST(McmcDefaultsStatistical, GaussianWithConditionNumber1000Converges) {
  const auto dir = ito::test::temp_dir("mcmc_defaults_cond");
  const auto v = log_spaced(100, 1e-3);
  expect_converged_gaussian(run(dir, "cond1000", gaussian_target(v)), v);
  fs::remove_all(dir);
}

// 30 coefficients on 569 standardised rows (data/breast_cancer/wdbc.csv), dense metric, defaults. No exact
// answer: two converged runs with different seeds agree within their standard errors.
TEST(McmcDefaultsStatistical, LogisticRegressionWithDenseMetricConverges) {
  const auto dir = ito::test::temp_dir("mcmc_defaults_logistic");
  const std::string params =
      "[target]\nkind = \"logistic_regression\"\ndata = \"data/breast_cancer/wdbc.csv\"\n"
      "[sampler]\nmetric = \"dense\"\n";
  const CliRun a = run(dir, "a", params), b = run(dir, "b", params, "--seed 7");
  for (const CliRun* r : {&a, &b}) {
    ASSERT_EQ(r->status, 0) << r->output;
    EXPECT_EQ(r->attribute("converged"), 1.0) << r->output;
    EXPECT_LT(r->attribute("max_rhat"), 1.01);
  }
  const auto ma = a.summary("mean"), mb = b.summary("mean"), sa = a.summary("mcse_mean"), sb = b.summary("mcse_mean");
  ASSERT_EQ(ma.size(), 30u);
  for (std::size_t i = 0; i < 30; ++i)
    EXPECT_LT(std::abs(ma[i] - mb[i]), 4.5 * std::hypot(sa[i], sb[i])) << "coefficient " << i + 1;
  fs::remove_all(dir);
}

TEST(McmcDefaultsStatistical, ShippedProblemsConvergeAtTheirOwnSettings) {
  const auto dir = ito::test::temp_dir("mcmc_shipped");
  int problems = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(ITO_SOURCE_DIR) / "problems")) {
    const std::string name = entry.path().stem().string();
    if (name.rfind("mcmc_", 0) != 0) continue;
    ++problems;
    const CliRun r = run(dir, name, entry.path().string());
    ASSERT_EQ(r.status, 0) << name << ": " << r.output;
    EXPECT_EQ(r.attribute("converged"), 1.0) << name << ": " << r.output;
    EXPECT_LT(r.attribute("max_rhat"), 1.01) << name;
    if (name == "mcmc_funnel") {  // non-centred: v ~ N(0, 3²) exactly, whatever the sampler's coordinates
      const auto mean = r.summary("mean"), sd = r.summary("sd"), mcse_mean = r.summary("mcse_mean"),
                 mcse_sd = r.summary("mcse_sd");
      EXPECT_LT(std::abs(mean[0]), 4.5 * mcse_mean[0]) << r.output;
      EXPECT_LT(std::abs(sd[0] - 3.0), 4.5 * mcse_sd[0]) << r.output;
    }
  }
  EXPECT_GE(problems, 6);
  fs::remove_all(dir);
}

// The same funnel in its centred coordinates cannot be sampled with one step size: the run must say so
// ("NOT CONVERGED" on stdout, converged = 0) rather than report its biased moments as a result.
TEST(McmcDefaultsStatistical, CentredFunnelSaysItHasNotConverged) {
  const auto dir = ito::test::temp_dir("mcmc_funnel_centred");
  const std::string file = (fs::path(ITO_SOURCE_DIR) / "problems" / "mcmc_funnel.toml").string();
  const CliRun r = run(dir, "centred", file,
                       "--set target.parameterization=\"centered\" --set run.warmup=2000 --set run.max_warmup=4000 "
                       "--set run.draws=5000 --set run.max_draws=5000");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.attribute("converged"), 0.0) << r.output;
  EXPECT_NE(r.output.find("NOT CONVERGED"), std::string::npos) << r.output;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ito::mcmc
