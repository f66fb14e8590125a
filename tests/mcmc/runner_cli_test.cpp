// `ito mcmc` end to end: output layout, the convergence verdict on stdout and in /summary, thread-count
// invariance, stop/resume and kill -9/resume giving the same draws byte for byte, and bad input exiting with
// status 2 and no output file.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "ito/io/hdf5.hpp"
#include "test_support.hpp"

namespace ito::mcmc {
namespace {

namespace fs = std::filesystem;

const char* kGaussianRun = R"(seed = 5
[target]
kind = "gaussian"
mean = [1.0, -1.0, 0.5]
variances = [1.0, 4.0, 0.25]
[sampler]
kind = "pmala"
[run]
chains = 3
warmup = 300
draws = 400
)";

bool same_bytes(const io::Dataset& a, const io::Dataset& b) {
  return a.dims == b.dims && a.values.size() == b.values.size() &&
         std::memcmp(a.values.data(), b.values.data(), a.values.size() * sizeof(double)) == 0;
}

// run.resume = true without a checkpoint starts over, and says so on stderr (it used to start over silently).
TEST(McmcCli, ResumeWithoutACheckpointSaysSo) {
  const auto dir = ito::test::temp_dir("mcmc_cli_resume_none");
  const auto params = ito::test::write_file(dir / "g.toml", kGaussianRun);
  const auto out = (dir / "g.h5").string();
  const auto r = ito::test::run_cli("mcmc " + params.string() + " --set run.resume=true --out " + out, dir);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("run.resume = true, but there is no checkpoint " + out +
                          ".checkpoint.h5: starting from the beginning"),
            std::string::npos)
      << r.output;
}

TEST(McmcCli, WritesDrawsSamplerAndSummaryLayout) {
  const auto dir = ito::test::temp_dir("mcmc_cli_layout");
  const auto params = ito::test::write_file(dir / "g.toml", kGaussianRun);
  const auto out = (dir / "g.h5").string();
  const auto r = ito::test::run_cli("mcmc " + params.string() + " --out " + out, dir);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("mcmc pmala on gaussian: 3 chains x "), std::string::npos) << r.output;
  // sampling grows past the 400 draws asked for only until the run has converged
  const auto kept = static_cast<std::uint64_t>(io::read_double_attribute(out, "/sampler", "draws_per_chain"));
  EXPECT_GE(kept, 400u);
  EXPECT_EQ(io::read_double_attribute(out, "/sampler", "draws_requested"), 400.0);
  EXPECT_EQ(io::read_double_attribute(out, "/sampler", "max_draws"), 8000.0);   // 20 × draws
  EXPECT_EQ(io::read_double_attribute(out, "/sampler", "max_warmup"), 3000.0);  // 10 × warmup
  EXPECT_GE(io::read_double_attribute(out, "/sampler", "warmup"), 300.0);
  const auto draws = io::read_dataset(out, "/draws");
  EXPECT_EQ(draws.dims, (std::vector<std::uint64_t>{3, kept, 3}));
  EXPECT_EQ(io::read_dataset(out, "/sampler/accept_stat").dims, (std::vector<std::uint64_t>{3, kept}));
  const auto adaptation = io::read_dataset(out, "/sampler/adaptation_history");
  ASSERT_EQ(adaptation.dims.size(), 2u);
  EXPECT_GE(adaptation.dims[0], 3u);  // Stan's three windows of 300 warmup iterations at least
  EXPECT_EQ(adaptation.dims[1], 5u);
  EXPECT_EQ(io::read_dataset(out, "/sampler/step_size").dims, (std::vector<std::uint64_t>{3}));
  const auto metric = io::read_dataset(out, "/sampler/metric");
  ASSERT_EQ(metric.dims, (std::vector<std::uint64_t>{3}));
  EXPECT_GT(metric.values[1], metric.values[0]);  // variance 4 vs 1
  EXPECT_GT(metric.values[0], metric.values[2]);  // variance 1 vs 0.25
  for (const char* stat : {"mean", "sd", "mcse_mean", "rhat", "ess_bulk", "ess_tail"}) {
    const auto d = io::read_dataset(out, std::string("/summary/") + stat);
    EXPECT_EQ(d.dims, (std::vector<std::uint64_t>{3})) << stat;
  }
  // the summary means agree with the draws and with the exact means within 4.5 MCSE
  const auto mean = io::read_dataset(out, "/summary/mean").values;
  const auto mcse = io::read_dataset(out, "/summary/mcse_mean").values;
  const double exact[] = {1.0, -1.0, 0.5};
  for (int q = 0; q < 3; ++q) EXPECT_LT(std::abs(mean[q] - exact[q]), 4.5 * mcse[q]) << q;
  // converged, by the definition the attributes carry
  EXPECT_EQ(io::read_double_attribute(out, "/summary", "converged"), 1.0);
  EXPECT_EQ(r.output.find("NOT CONVERGED"), std::string::npos) << r.output;
  EXPECT_LT(io::read_double_attribute(out, "/summary", "max_rhat"), 1.01);
  EXPECT_GE(io::read_double_attribute(out, "/summary", "min_ess_bulk"),
            io::read_double_attribute(out, "/summary", "min_ess_bulk_needed"));
  EXPECT_EQ(io::read_double_attribute(out, "/summary", "min_ess_bulk_needed"), 300.0);  // 100 per chain
  // ESS per second of the sampling transitions, and of the whole run (warmup and diagnostics included)
  const double sampling = io::read_double_attribute(out, "/summary", "sampling_seconds");
  const double run_seconds = io::read_double_attribute(out, "/summary", "run_seconds");
  EXPECT_NEAR(run_seconds,
              io::read_double_attribute(out, "/summary", "warmup_seconds") + sampling +
                  io::read_double_attribute(out, "/summary", "diagnostics_seconds"),
              1e-12 * run_seconds);
  const double min_ess = io::read_double_attribute(out, "/summary", "min_ess_bulk");
  EXPECT_DOUBLE_EQ(io::read_double_attribute(out, "/summary", "ess_per_second_sampling"), min_ess / sampling);
  EXPECT_DOUBLE_EQ(io::read_double_attribute(out, "/summary", "ess_per_second_run"), min_ess / run_seconds);
  EXPECT_LT(io::read_double_attribute(out, "/summary", "ess_per_second_run"),
            io::read_double_attribute(out, "/summary", "ess_per_second_sampling"));
  EXPECT_GT(io::read_double_attribute(out, "/summary", "ess_per_gradient"), 0.0);
  EXPECT_EQ(io::read_string_attribute(out, "/", "command"), "mcmc");
  fs::remove_all(dir);
}

// Ten warmup iterations and twenty draws, with no room to grow: the run reports that it has not converged,
// in /summary and on stdout, and says why.
TEST(McmcCli, RunThatHasNotConvergedSaysSo) {
  const auto dir = ito::test::temp_dir("mcmc_cli_not_converged");
  const auto params = ito::test::write_file(dir / "g.toml", kGaussianRun);
  const auto out = (dir / "g.h5").string();
  const auto r = ito::test::run_cli("mcmc " + params.string() + " --out " + out +
                                        " --set run.warmup=10 --set run.draws=20 --set run.max_draws=20",
                                    dir);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(io::read_double_attribute(out, "/summary", "converged"), 0.0);
  EXPECT_NE(r.output.find("NOT CONVERGED: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("min bulk-ESS"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("is below 300 (100 per chain) after 20 draws per chain (run.max_draws = 20)"),
            std::string::npos)
      << r.output;
  // 10 iterations are too few for a metric window: warmup says it did not settle
  EXPECT_NE(r.output.find("warning: the metric had not settled"), std::string::npos) << r.output;
  EXPECT_EQ(io::read_double_attribute(out, "/sampler", "metric_settled"), 0.0);
  fs::remove_all(dir);
}

TEST(McmcCli, DrawsAreIdenticalForOneAndTwoThreads) {
  const auto dir = ito::test::temp_dir("mcmc_cli_threads");
  const auto params = ito::test::write_file(dir / "g.toml", kGaussianRun);
  for (int t : {1, 2}) {
    const auto r = ito::test::run_cli("mcmc " + params.string() + " --threads " + std::to_string(t) + " --out " +
                                          (dir / ("t" + std::to_string(t) + ".h5")).string(),
                                      dir);
    ASSERT_EQ(r.status, 0) << r.output;
  }
  EXPECT_TRUE(same_bytes(io::read_dataset((dir / "t1.h5").string(), "/draws"),
                         io::read_dataset((dir / "t2.h5").string(), "/draws")));
  fs::remove_all(dir);
}

TEST(McmcCli, StopAndResumeGivesTheUninterruptedDrawsByteForByte) {
  const auto dir = ito::test::temp_dir("mcmc_cli_resume");
  const auto params = ito::test::write_file(dir / "g.toml", std::string(kGaussianRun) + "[checkpoint]\ninterval = 100\n");
  const auto full = (dir / "full.h5").string(), resumed = (dir / "resumed.h5").string();
  ASSERT_EQ(ito::test::run_cli("mcmc " + params.string() + " --out " + full, dir).status, 0);
  EXPECT_FALSE(fs::exists(full + ".checkpoint.h5"));  // removed when the run completes
  // stopped inside warmup (metric window), then inside sampling, then to the end
  const std::string base = "mcmc " + params.string() + " --out " + resumed;
  auto r = ito::test::run_cli(base + " --set run.stop_after=150", dir);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("stopped after 150 iterations"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(resumed));
  EXPECT_TRUE(fs::exists(resumed + ".checkpoint.h5"));
  r = ito::test::run_cli(base + " --set run.stop_after=517 --set run.resume=true", dir);
  ASSERT_EQ(r.status, 0) << r.output;
  r = ito::test::run_cli(base + " --set run.resume=true --threads 1", dir);
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* d : {"/draws", "/sampler/accept_stat", "/sampler/step_size", "/sampler/metric", "/summary/mean"})
    EXPECT_TRUE(same_bytes(io::read_dataset(full, d), io::read_dataset(resumed, d))) << d;
  // a checkpoint of other settings is refused
  r = ito::test::run_cli(base + " --set run.stop_after=150", dir);
  ASSERT_EQ(r.status, 0) << r.output;
  r = ito::test::run_cli(base + " --set run.resume=true --seed 6", dir);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("different settings"), std::string::npos) << r.output;
  fs::remove_all(dir);
}

TEST(McmcCli, KilledRunResumesToTheUninterruptedDrawsByteForByte) {
  const auto dir = ito::test::temp_dir("mcmc_cli_kill");
  const auto params = ito::test::write_file(dir / "long.toml", R"(seed = 3
[target]
kind = "gaussian"
dim = 20
[run]
chains = 2
warmup = 200
draws = 600000
thin = 500
[checkpoint]
interval = 20000
)");
  const auto full = (dir / "full.h5").string(), killed = (dir / "killed.h5").string();
  ASSERT_EQ(ito::test::run_cli("mcmc " + params.string() + " --threads 2 --out " + full, dir).status, 0);
  const auto pid_file = dir / "pid";
  const std::string launch = "cd '" + std::string(ITO_SOURCE_DIR) + "' && ('" + std::string(ITO_CLI) + "' mcmc " +
                             params.string() + " --threads 1 --out " + killed + " > '" + (dir / "bg.log").string() +
                             "' 2>&1 & echo $! > '" + pid_file.string() + "')";
  ASSERT_EQ(std::system(launch.c_str()), 0);
  const auto checkpoint = killed + ".checkpoint.h5";
  const auto start = std::chrono::steady_clock::now();
  while (!fs::exists(checkpoint) && std::chrono::steady_clock::now() - start < std::chrono::seconds(30))
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  std::string pid;
  std::ifstream(pid_file) >> pid;
  ASSERT_FALSE(pid.empty());
  ASSERT_EQ(std::system(("kill -9 " + pid + " 2>/dev/null; sleep 0.2").c_str()), 0);
  ASSERT_TRUE(fs::exists(checkpoint)) << "no checkpoint appeared";
  if (fs::exists(killed)) GTEST_SKIP() << "the run finished before it could be killed (machine too fast)";
  const auto r = ito::test::run_cli("mcmc " + params.string() + " --threads 2 --out " + killed +
                                        " --set run.resume=true",
                                    dir);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(same_bytes(io::read_dataset(full, "/draws"), io::read_dataset(killed, "/draws")));
  EXPECT_TRUE(same_bytes(io::read_dataset(full, "/sampler/accept_stat"), io::read_dataset(killed, "/sampler/accept_stat")));
  fs::remove_all(dir);
}

TEST(McmcCli, BadInputExitsWithStatusTwoAndNoOutput) {
  const auto dir = ito::test::temp_dir("mcmc_cli_bad");
  const auto out = (dir / "bad.h5").string();
  auto expect_error = [&](const std::string& text, const std::string& needle) {
    const auto params = ito::test::write_file(dir / "bad.toml", text);
    const auto r = ito::test::run_cli("mcmc " + params.string() + " --out " + out, dir);
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_NE(r.output.find(needle), std::string::npos) << "expected '" << needle << "' in: " << r.output;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_FALSE(fs::exists(out + ".partial"));
  };
  // unknown target
  expect_error("[target]\nkind = \"gausian\"\n", "bad.toml:2:");
  // non-finite initial point: funnel at v = -800 has e^{-v} = inf
  expect_error("[target]\nkind = \"funnel\"\ndim = 3\n[run]\ninit = [-800.0, 1.0, 1.0]\n", "run.init");
  // initial point of the wrong length
  expect_error("[target]\nkind = \"funnel\"\ndim = 3\n[run]\ninit = [0.0, 1.0]\n", "expected 3 numbers");
  // wrong-shape data: a CSV row with a missing column
  ito::test::write_file(dir / "data.csv", "y,x1,x2\n1.0,2.0,3.0\n2.0,1.0\n");
  expect_error("[target]\nkind = \"linear_regression\"\ndata = \"" + (dir / "data.csv").string() + "\"\n", "data.csv");
  // unknown sampler, misspelled key, fixed step without a step size
  expect_error("[target]\nkind = \"gaussian\"\n[sampler]\nkind = \"hmc\"\n", "sampler.kind");
  expect_error("[target]\nkind = \"gaussian\"\n[run]\nchain = 4\n", "run.chain");
  expect_error("[target]\nkind = \"gaussian\"\n[sampler]\nadapt_step_size = false\n", "sampler.step_size");
  // a blow-up of ULA names chain and iteration
  expect_error("[target]\nkind = \"gaussian\"\n[sampler]\nkind = \"ula\"\nadapt_step_size = false\nstep_size = 5.0\n"
               "[run]\nwarmup = 0\n",
               "iteration");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ito::mcmc
