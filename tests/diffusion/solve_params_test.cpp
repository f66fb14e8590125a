// `ito solve`: every key `ito solve --help` lists is read with the default it states (tests/schema_testing.hpp),
// the CLI writes the documented datasets (each described), and bad input — a prior file that is not a
// mixture, an operator that does not match the prior, sigma_y <= 0, a data set row out of range, a singular
// Gaussian — exits 2 naming the file, line and key, with no output file.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "ito/diffusion/solve.hpp"
#include "ito/io/hdf5.hpp"
#include "ito/priors/mixture_file.hpp"
#include "schema_testing.hpp"

namespace ito::diffusion {
namespace {

std::string mixture_file() {
  static const std::string path = [] {
    const auto dir = test::temp_dir("solve_mixture");
    const auto file = (dir / "prior.h5").string();
    Eigen::VectorXd w(2);
    w << 0.4, 0.6;
    Eigen::MatrixXd m = Eigen::MatrixXd::Zero(4, 2);
    m(0, 1) = 1.0;
    io::ResultFile f(file);
    priors::write_mixture(f, "/", priors::GaussianMixture::isotropic(w, m, Eigen::Vector2d(0.5, 0.8)));
    priors::write_mixture(f, "/other", priors::GaussianMixture::isotropic(w, m, Eigen::Vector2d(0.7, 0.9)));
    f.write("/points", std::vector<double>{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8}, {2, 4});
    f.commit();
    return file;
  }();
  return path;
}

/// Everything read, as text (full precision): two readings agree exactly when their texts do.
std::string fingerprint(const SolveProblem& p) {
  std::ostringstream os;
  os.precision(17);
  const Eigen::IOFormat f(Eigen::FullPrecision, Eigen::DontAlignCols, " ", ";");
  os << p.prior_description << "|" << p.prior.weights().format(f) << "|" << p.prior.means().format(f) << "|"
     << p.prior.variances().format(f) << "|" << p.observation.A.kind() << " " << p.observation.A.output_dim() << "|"
     << p.observation.A.matrix().format(f) << "|" << p.observation.y.format(f) << "|" << p.observation.sigma_y << "|"
     << p.truth.format(f) << "|" << p.image_rows << "x" << p.image_cols << "|" << p.peak << "|";
  for (const auto& s : p.samplers) os << s << ",";
  os << "|" << p.samples << " " << p.stored_samples << " " << p.slices << "|" << p.path.name() << "|"
     << to_string(p.options.integrator) << " " << p.options.steps << " " << p.options.t_end << " " << p.options.eta
     << " " << p.options.corrector_steps << " " << p.options.snr << " " << p.options.tolerance << "|"
     << p.guidance.scale << " " << p.guidance.ddrm_eta_b << "|" << p.smc.particles << " " << p.smc.ess_threshold
     << "|" << p.mala.warmup << " " << p.mala.iterations << " " << p.mala.initial_step << " " << p.mala.precondition
     << "|" << p.tempered.particles << " " << p.tempered.ess_threshold << " " << p.tempered.cess << " "
     << p.tempered.moves << " " << p.tempered.initial_step;
  return os.str();
}

test::SchemaCheck<std::string> check() {
  const std::string digits = test::repository_data("digits.h5");
  const std::string fitted = "[prior]\nkind = \"mixture_file\"\nfile = \"" + mixture_file() +
                             "\"\n[observation]\nsigma_y = 0.1\n";
  const std::string gaussian = "[prior]\nkind = \"gaussian\"\nmean = [0.0, 1.0]\nvariances = [1.0, 2.0]\n"
                               "[observation]\nsigma_y = 0.1\n";
  const std::string gaussian4 = "[prior]\nkind = \"gaussian\"\nmean = [0.0, 1.0, 2.0, 3.0]\nvariances = [1.0, 2.0, 1.0, 1.0]\n"
                                "[observation]\nsigma_y = 0.1\n";
  std::string zeros = "0.0", ones = "1.0";
  for (int i = 1; i < 36; ++i) zeros += ", 0.0", ones += ", 1.0";
  const std::string gaussian36 = "[prior]\nkind = \"gaussian\"\nmean = [" + zeros + "]\nvariances = [" + ones +
                                 "]\n[observation]\nsigma_y = 0.1\n";
  return {solve_schema(),
          [](io::SchemaReader& r) { return fingerprint(read_solve_problem(r, 1)); },
          {"[prior]\nkind = \"gmm_benchmark\"\n",
           fitted,  // first after the benchmark: its 4 coordinates take the 2 x 2 image and /points alternatives
           gaussian,
           gaussian4 + "operator = \"mask\"\n", gaussian36 + "operator = \"mask\"\nmask = \"box\"\nimage_shape = [6, 6]\n",
           gaussian + "operator = \"dense\"\n",
           gaussian + "operator = \"convolution_1d\"\n",
           gaussian + "operator = \"convolution_2d\"\nimage_shape = [1, 2]\n",
           "[prior]\nkind = \"empirical\"\nfile = \"" + digits +
               "\"\n[observation]\nsigma_y = 0.1\ntruth = \"dataset\"\ntruth_file = \"" + digits + "\"\n"},
          {{"observation.mask", {{"observation.mask=\"left_half\"", "observation.image_shape=[2, 2]"}}},
           {"observation.operator",
            {{"observation.operator=\"convolution_2d\"", "observation.image_shape=[2, 2]"}}},
           {"observation.box", {{"observation.box=[1, 1, 2, 2]"}}},
           {"prior.group", {{"prior.group=\"/other\""}}},
           {"observation.truth",
            {{"observation.truth=\"dataset\"", "observation.truth_file=\"" + mixture_file() + "\"",
              "observation.truth_dataset=\"/points\""}}},
           {"samplers", {{"samplers=[\"dps\", \"smc\"]"}}},
           {"prior.dataset", {{"prior.dataset=\"/test/images\""}}},
           {"observation.truth_dataset", {{"observation.truth_dataset=\"/train/images\""}}},
           {"observation.truth_file", {{"observation.truth_file=\"" + digits + "\""}}}}};
}

TEST(SolveParams, EveryKeyIsReadWithTheDefaultItsTableStates) { test::expect_defaults_as_stated(check()); }

TEST(SolveParams, HelpListsExactlyTheTable) { test::expect_help_lists_the_table("solve", solve_schema()); }

class SolveCli : public ::testing::Test {
 protected:
  std::filesystem::path dir = test::temp_dir("solve_cli");
  std::string out() const { return (dir / "out.h5").string(); }
  test::CliResult run(const std::string& toml, const std::string& extra = "") {
    const auto p = test::write_file(dir / "p.toml", toml);
    return test::run_cli("solve '" + p.string() + "' --out '" + out() + "' " + extra, dir);
  }
  void expect_refused(const std::string& toml, std::initializer_list<std::string> parts) {
    std::filesystem::remove(out());
    const auto r = run(toml);
    EXPECT_EQ(r.status, 2) << r.output;
    for (const auto& s : parts) EXPECT_NE(r.output.find(s), std::string::npos) << "'" << s << "' not in: " << r.output;
    EXPECT_FALSE(std::filesystem::exists(out())) << "partial output left behind";
  }
};

TEST_F(SolveCli, WritesEverySamplerBesideTheExactPosteriorWithDescriptions) {
  const auto r = run(
      "seed = 3\nsamplers = [\"exact_guidance\", \"exact_route\", \"dps\", \"pigdm\", \"ddrm\", \"smc\", \"mala\", "
      "\"pigdm_langevin\", \"smc_mala\"]\nsamples = 64\n[prior]\nkind = \"mixture_file\"\nfile = \"" +
      mixture_file() +
      "\"\n[observation]\nsigma_y = 0.2\nimage_shape = [2, 2]\n[sampling]\nsteps = 10\n[smc]\nparticles = 16\n"
      "[mala]\nwarmup = 20\niterations = 10\n[smc_mala]\nparticles = 128\nmoves = 5\n");
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* s :
       {"exact_guidance", "exact_route", "dps", "pigdm", "ddrm", "smc", "mala", "pigdm_langevin", "smc_mala"}) {
    const auto mean = io::read_dataset(out(), std::string("/") + s + "/posterior_mean");
    EXPECT_EQ(mean.values.size(), 4u) << s;
    EXPECT_TRUE(std::isfinite(io::read_double_attribute(out(), "/summary", std::string(s) + ".sw"))) << s;
    EXPECT_TRUE(std::isfinite(io::read_double_attribute(out(), "/summary", std::string(s) + ".psnr"))) << s;
  }
  EXPECT_GT(io::read_double_attribute(out(), "/summary", "sw_floor"), 0.0);
  ITO_EXPECT_EVERY_DATASET_DESCRIBED(out());
}

TEST_F(SolveCli, BadInputExitsTwoNamingFileLineAndKey) {
  const std::string mix = mixture_file();
  expect_refused("[prior]\nkind = \"mixture_file\"\nfile = \"" + test::repository_data("digits.h5") +
                     "\"\n[observation]\nsigma_y = 0.1\n",
                 {"p.toml:3", "prior.file", "digits.h5"});  // not a mixture
  expect_refused("[prior]\nkind = \"mixture_file\"\nfile = \"" + mix + "\"\n[observation]\nsigma_y = 0.0\n",
                 {"p.toml:5", "observation.sigma_y"});
  expect_refused("[prior]\nkind = \"mixture_file\"\nfile = \"" + mix +
                     "\"\n[observation]\nsigma_y = 0.1\nimage_shape = [3, 3]\n",
                 {"p.toml:6", "observation.image_shape", "dimension 4"});  // operator/shape mismatch
  expect_refused("[prior]\nkind = \"empirical\"\nfile = \"" + test::repository_data("digits.h5") +
                     "\"\n[observation]\nsigma_y = 0.1\ntruth = \"dataset\"\ntruth_file = \"" +
                     test::repository_data("digits.h5") + "\"\ntruth_index = 100000\n",
                 {"p.toml:8", "observation.truth_index", "out of range"});
  expect_refused("[prior]\nkind = \"gaussian\"\nmean = [0.0, 1.0]\nvariances = [1.0, 0.0]\n[observation]\nsigma_y = 0.1\n",
                 {"p.toml:4", "prior.variances"});  // singular covariance
  expect_refused("samplers = [\"exact_route\"]\n[prior]\nkind = \"mixture_file\"\nfile = \"" + mix +
                     "\"\n[observation]\noperator = \"mask\"\nsigma_y = 0.1\n",
                 {"p.toml:1", "samplers", "exact_route"});
  expect_refused("[prior]\nkind = \"gmm_benchmark\"\ndim = 7\n", {"p.toml:3", "prior.dim", "even"});
  // a size the machine cannot hold: refused before allocating, with the estimate (8e18 bytes here)
  expect_refused("[prior]\nkind = \"gmm_benchmark\"\ndim = 1000000000\n",
                 {"p.toml:3", "prior.dim", "needs about", "GB of memory", "SVD factor"});
}

}  // namespace
}  // namespace ito::diffusion
