// `ito fit-prior` from the command line: on a small CSV and HDF5 data set written here, the results file is a mixture
// that read_mixture reads back, with the training and held-out log-likelihood of every iteration (the training one
// never decreasing) and the documented /summary; 1 and 2 threads give the same file contents; bad input → exit 2,
// file:line:column and key in the message, no output.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <iomanip>
#include <sstream>

#include "ito/io/hdf5.hpp"
#include "ito/priors/mixture_file.hpp"
#include "priors/mixture_fixtures.hpp"
#include "test_support.hpp"

namespace ito::priors {
namespace {

// 600 points in 2-D: three well separated clusters of different shapes (normals from the fixtures' stream).
Eigen::MatrixXd cluster_data() {
  const Eigen::MatrixXd z = test::normal_matrix(2, 600, 3);
  Eigen::MatrixXd x(2, 600);
  for (Eigen::Index j = 0; j < 600; ++j) {
    const int c = static_cast<int>(j % 3);
    const Eigen::Vector2d centre = c == 0   ? Eigen::Vector2d(0, 0)
                                   : c == 1 ? Eigen::Vector2d(6, 0)
                                            : Eigen::Vector2d(0, 6);
    const Eigen::Vector2d scale = c == 0   ? Eigen::Vector2d(1, 0.3)
                                  : c == 1 ? Eigen::Vector2d(0.5, 0.5)
                                           : Eigen::Vector2d(0.2, 1.5);
    x.col(j) = centre + scale.cwiseProduct(z.col(j));
  }
  return x;
}

std::filesystem::path write_csv(const std::filesystem::path& path, const Eigen::MatrixXd& x) {
  std::ostringstream os;
  os << "# three clusters\nx,y\n" << std::setprecision(17);
  for (Eigen::Index j = 0; j < x.cols(); ++j) os << x(0, j) << "," << x(1, j) << "\n";
  return ito::test::write_file(path, os.str());
}

std::string problem(const std::string& data, const std::string& extra = "") {
  return "seed = 5\n[data]\nfile = \"" + data + "\"\n" + extra +
         "[mixture]\ncomponents = 3\n[em]\nmax_iterations = 50\ntolerance = 0\ncovariance_floor = 1e-4\n"
         "heldout_fraction = 0.2\n";
}

void expect_monotone(const std::vector<double>& ll) {
  for (std::size_t i = 1; i < ll.size(); ++i)
    // Round-off allowance: the mean of n log-densities, each exact to ~1e-15 relative.
    EXPECT_GE(ll[i], ll[i - 1] - 1e-12 * (1.0 + std::abs(ll[i - 1]))) << "iteration " << i;
}

TEST(FitPriorCli, WritesAMixtureWithItsLogLikelihoodPerIteration) {
  const auto dir = ito::test::temp_dir("fit_prior_cli");
  const auto csv = write_csv(dir / "points.csv", cluster_data());
  const auto params = ito::test::write_file(dir / "p.toml", problem(csv.string()));
  const auto out = (dir / "prior.h5").string();
  const auto r = ito::test::run_cli("fit-prior " + params.string() + " --out " + out, dir);
  ASSERT_EQ(r.status, 0) << r.output;
  const GaussianMixture g = read_mixture(out);
  EXPECT_EQ(g.components(), 3);
  EXPECT_EQ(g.dim(), 2);
  EXPECT_EQ(g.covariance_type(), CovarianceType::full);
  const auto train = io::read_dataset(out, "/fit/train_log_likelihood").values;
  const auto heldout = io::read_dataset(out, "/fit/heldout_log_likelihood").values;
  // tolerance 0: EM runs until max_iterations or until round-off stops the ascent (a step < 0 converges).
  const auto iterations = static_cast<std::size_t>(io::read_double_attribute(out, "/summary", "iterations"));
  EXPECT_GE(iterations, 3u);
  EXPECT_LE(iterations, 50u);
  EXPECT_EQ(io::read_double_attribute(out, "/summary", "converged"), iterations < 50 ? 1 : 0);
  EXPECT_EQ(train.size(), iterations + 1);
  EXPECT_EQ(heldout.size(), iterations + 1);
  EXPECT_GT(train.back(), train.front());
  expect_monotone(train);
  for (double h : heldout) EXPECT_TRUE(std::isfinite(h));
  EXPECT_EQ(io::read_double_attribute(out, "/summary", "train_log_likelihood"), train.back());
  EXPECT_EQ(io::read_double_attribute(out, "/summary", "heldout_log_likelihood"), heldout.back());
  EXPECT_EQ(io::read_double_attribute(out, "/summary", "heldout_log_likelihood_per_dimension"), heldout.back() / 2);
  EXPECT_EQ(io::read_double_attribute(out, "/summary", "train_points"), 480);
  EXPECT_EQ(io::read_double_attribute(out, "/summary", "heldout_points"), 120);
  EXPECT_EQ(io::read_double_attribute(out, "/summary", "dimension"), 2);
  EXPECT_EQ(io::read_double_attribute(out, "/summary", "components"), 3);
  EXPECT_EQ(io::read_string_attribute(out, "/summary", "covariance_type"), "full");
  EXPECT_EQ(io::read_string_attribute(out, "/", "command"), "fit-prior");
  ITO_EXPECT_EVERY_DATASET_DESCRIBED(out);
  EXPECT_NE(r.output.find("-> " + out), std::string::npos) << r.output;
  // The held-out points are new draws of the same law: their log-likelihood per point is close to the training one
  // (three Gaussians fitted to three Gaussians; its spread over 120 points is ~0.1).
  EXPECT_NEAR(heldout.back(), train.back(), 0.5);

  // The same data as an HDF5 dataset [N, 2] gives the same fit, bitwise; and so do 1 and 2 threads.
  const auto h5 = (dir / "points.h5").string();
  {
    const Eigen::MatrixXd x = cluster_data();
    io::ResultFile f(h5);
    f.write("/points", std::vector<double>(x.data(), x.data() + x.size()), {600, 2});
    f.commit();
  }
  const auto hparams = ito::test::write_file(dir / "h.toml", problem(h5, "dataset = \"/points\"\n"));
  for (int threads : {1, 2}) {
    const auto hout = (dir / ("h" + std::to_string(threads) + ".h5")).string();
    const auto rh = ito::test::run_cli(
        "fit-prior " + hparams.string() + " --out " + hout + " --threads " + std::to_string(threads), dir);
    ASSERT_EQ(rh.status, 0) << rh.output;
    for (const std::string ds :
         {"/weights", "/means", "/covariances", "/fit/train_log_likelihood", "/fit/heldout_log_likelihood"})
      EXPECT_EQ(io::read_dataset(hout, ds).values, io::read_dataset(out, ds).values) << ds << ", " << threads;
  }
}

TEST(FitPriorCli, DiagonalIsotropicAndNoHeldOutSet) {
  const auto dir = ito::test::temp_dir("fit_prior_cli_kinds");
  const auto csv = write_csv(dir / "points.csv", cluster_data());
  for (const std::string type : {"diagonal", "isotropic"}) {
    const auto params = ito::test::write_file(dir / "p.toml", problem(csv.string()));
    const auto out = (dir / (type + ".h5")).string();
    const auto r = ito::test::run_cli("fit-prior " + params.string() + " --out " + out +
                                          " --set mixture.covariance=" + type + " --set em.heldout_fraction=0",
                                      dir);
    ASSERT_EQ(r.status, 0) << r.output;
    const GaussianMixture g = read_mixture(out);
    EXPECT_EQ(to_string(g.covariance_type()), type);
    expect_monotone(io::read_dataset(out, "/fit/train_log_likelihood").values);
    EXPECT_EQ(io::read_double_attribute(out, "/summary", "heldout_points"), 0);
    EXPECT_EQ(io::read_double_attribute(out, "/summary", "train_points"), 600);
    const auto datasets = io::list_datasets(out);
    EXPECT_EQ(std::count(datasets.begin(), datasets.end(), "/fit/heldout_log_likelihood"), 0);
    ITO_EXPECT_EVERY_DATASET_DESCRIBED(out);
  }
}

// data/digits_gmm.h5 is what problems/fit_prior_digits.toml fits (data/make_digits_gmm.sh) with this build,
// a mixture read_mixture accepts, and it generalises to the 355 test images, which the fit never saw, as its
// held-out images predicted: the two mean log-likelihoods agree within 4.5 standard errors (of the difference
// of two independent means; the per-image spread taken from the test images).
TEST(FitPriorCli, ShippedDigitsPriorIsTheFitOfItsProblemFile) {
  const auto shipped = ito::test::repository_data("digits_gmm.h5");
  const GaussianMixture g = read_mixture(shipped);
  EXPECT_EQ(g.components(), 50);
  EXPECT_EQ(g.dim(), 64);
  EXPECT_EQ(g.covariance_type(), CovarianceType::diagonal);

  const auto dir = ito::test::temp_dir("fit_prior_digits");
  const auto out = (dir / "digits_gmm.h5").string();
  const auto r = ito::test::run_cli("fit-prior problems/fit_prior_digits.toml --out " + out, dir);
  ASSERT_EQ(r.status, 0) << r.output;
  // Bitwise on the machine that wrote the file; elsewhere another vector width may round differently.
  for (const std::string ds : {"/weights", "/means", "/covariances", "/fit/heldout_log_likelihood"}) {
    const auto a = io::read_dataset(out, ds).values, b = io::read_dataset(shipped, ds).values;
    ASSERT_EQ(a.size(), b.size()) << ds;
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-9 * (1.0 + std::abs(b[i]))) << ds << " " << i;
  }

  const io::Dataset test = io::read_dataset(ito::test::repository_data("digits.h5"), "/test/images");
  const Eigen::Map<const Eigen::MatrixXd> images(test.values.data(), 64, static_cast<Eigen::Index>(test.dims[0]));
  Eigen::VectorXd lp;
  g.log_density(1.0, 0.0, images, lp);
  const double mean = lp.mean(), sd = std::sqrt((lp.array() - mean).square().sum() / (lp.size() - 1.0));
  const double heldout = io::read_double_attribute(shipped, "/summary", "heldout_log_likelihood");
  const double n_heldout = io::read_double_attribute(shipped, "/summary", "heldout_points");
  const double se = sd * std::sqrt(1.0 / static_cast<double>(lp.size()) + 1.0 / n_heldout);
  EXPECT_LT(std::abs(mean - heldout), 4.5 * se) << "test " << mean << ", held-out " << heldout << ", se " << se;
}

struct BadCase {
  const char* name;
  std::string text;
  std::string args;
  std::vector<std::string> expect;  // substrings of the message
};

TEST(FitPriorCli, BadInputExitsTwoWithLocationAndNoOutput) {
  const auto dir = ito::test::temp_dir("fit_prior_bad");
  const auto csv = write_csv(dir / "points.csv", cluster_data()).string();
  const auto nan = ito::test::write_file(dir / "nan.csv", "x,y\n1,2\n3,inf\n").string();
  const auto few = ito::test::write_file(dir / "few.csv", "x,y\n1,2\n3,4\n1,2\n").string();
  const std::vector<BadCase> cases = {
      {"missing_file", problem((dir / "none.csv").string()), "", {"p.toml:3:8: key 'data.file'", "not found"}},
      {"wrong_dataset",
       problem(ito::test::repository_data("digits.h5"), "dataset = \"/train/pixels\"\n"),
       "",
       {"p.toml:4:11: key 'data.dataset'", "/train/pixels"}},
      {"non_finite", problem(nan), "", {"p.toml:3:8: key 'data.file'", "nan.csv:3", "not a finite number"}},
      {"too_many_components",
       problem(few),
       "--set em.heldout_fraction=0",
       {"p.toml:5:14: key 'mixture.components'", "2 distinct points"}},
      {"unknown_column", problem(csv, "columns = [\"x\", \"z\"]\n"), "", {"p.toml:4:11: key 'data.columns'"}},
      {"unknown_key", problem(csv) + "iterations = 3\n", "", {"p.toml:11:", "em.iterations"}},
      {"bad_floor", problem(csv), "--set em.covariance_floor=0", {"--set em.covariance_floor=0", "> 0"}},
  };
  for (const auto& c : cases) {
    const auto params = ito::test::write_file(dir / "p.toml", c.text);
    const auto out = dir / (std::string(c.name) + ".h5");
    const auto r = ito::test::run_cli("fit-prior " + params.string() + " --out " + out.string() + " " + c.args, dir);
    EXPECT_EQ(r.status, 2) << c.name << ": " << r.output;
    for (const auto& e : c.expect) EXPECT_NE(r.output.find(e), std::string::npos) << c.name << ": " << r.output;
    EXPECT_FALSE(std::filesystem::exists(out)) << c.name;
    EXPECT_FALSE(std::filesystem::exists(out.string() + ".partial")) << c.name;
  }
}

}  // namespace
}  // namespace ito::priors
