// `ito solve`: every key `ito solve --help` lists is read with the default it states (tests/schema_testing.hpp),
// the CLI writes the documented datasets (each described), and bad input — a prior file that is not a
// mixture, an operator that does not match the prior, sigma_y <= 0, a data set row out of range, a singular
// Gaussian — exits 2 naming the file, line and key, with no output file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ito/diffusion/solve.hpp"
#include "ito/io/hdf5.hpp"
#include "ito/io/image.hpp"
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

/// A rows × cols 8-bit gray PNG (pixel values (3r + 5c) mod 256 / 255) in a temporary directory.
std::string gray_png(int rows, int cols) {
  const auto dir = test::temp_dir("solve_png_" + std::to_string(rows) + "x" + std::to_string(cols));
  const auto file = (dir / "image.png").string();
  io::Image im(rows, cols);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) im(r, c) = ((3 * r + 5 * c) % 256) / 255.0;
  io::write_png(file, im);
  return file;
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
     << " " << p.options.corrector_steps << " " << p.options.snr << " " << p.options.tolerance << " "
     << p.options.rao_blackwell_steps << " " << to_string(p.options.grid) << " " << p.options.rho << " "
     << p.options.sigma_min << " " << p.options.antithetic << "|"
     << p.guidance.scale << " " << p.guidance.ddrm_eta_b << "|" << p.smc.particles << " " << p.smc.ess_threshold
     << "|" << p.mala.warmup << " " << p.mala.iterations << " " << p.mala.initial_step << " " << p.mala.precondition
     << "|" << p.tempered.particles << " " << p.tempered.ess_threshold << " " << p.tempered.cess << " "
     << p.tempered.moves << " " << p.tempered.initial_step << "|" << p.split.rho_start << " " << p.split.rho_end << " "
     << p.split.anneal << " " << p.split.sweeps << " " << p.split.steps << " " << p.split.final_steps;
  if (p.image_prior) {
    os << "|" << p.image_file << " " << p.patch << " " << p.image_prior->stride() << " "
       << p.image_prior->shifts() << " " << p.epll.sigma << " " << p.epll.iterations << " ";
    for (double factor : p.epll.beta_factors) os << factor << ",";
    os << " " << p.options.block;
  }
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
           "samplers = [\"ddrm\"]\n" + gaussian + "[sampling]\ngrid = \"edm\"\n",
           "samplers = [\"exact_route\"]\n" + gaussian + "[sampling]\nintegrator = \"ddim\"\n",
           gaussian + "operator = \"convolution_1d\"\n",
           gaussian + "operator = \"convolution_2d\"\nimage_shape = [1, 2]\n",
           "[prior]\nkind = \"empirical\"\nfile = \"" + digits +
               "\"\n[observation]\nsigma_y = 0.1\ntruth = \"dataset\"\ntruth_file = \"" + digits + "\"\n",
           "[prior]\nkind = \"patch_mixture\"\nfile = \"" + mixture_file() + "\"\npatch_size = 2\n[observation]\nimage = \"" +
               gray_png(5, 6) + "\"\nsigma_y = 0.1\n",
           "[prior]\nkind = \"patch_mixture\"\nfile = \"" + test::repository_data("patch_gmm.h5") +
               "\"\n[observation]\nimage = \"" + gray_png(9, 10) + "\"\nsigma_y = 0.1\n",
           "samplers = [\"epll\"]\n[prior]\nkind = \"patch_mixture\"\nfile = \"" + mixture_file() +
               "\"\npatch_size = 2\n[observation]\nimage = \"" + gray_png(5, 6) + "\"\nsigma_y = 0.1\noperator = \"mask\"\n"},
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
           {"observation.truth_file", {{"observation.truth_file=\"" + digits + "\""}}},
           {"observation.image", {{"observation.image=\"" + gray_png(7, 4) + "\""}}},
           {"prior.patch_size", {{"prior.patch_size=2", "prior.file=\"" + mixture_file() + "\""}}},
           {"sampling.grid", {{"sampling.grid=\"edm\"", "samplers=[\"ddrm\"]"}}},
           {"sampling.rao_blackwell_steps",
            {{"sampling.rao_blackwell_steps=3", "sampling.integrator=\"ddim\"", "samplers=[\"exact_guidance\"]"}}}}};
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
      "\"pigdm_langevin\", \"smc_mala\", \"split_gibbs\"]\nsamples = 64\n[prior]\nkind = \"mixture_file\"\nfile = \"" +
      mixture_file() +
      "\"\n[observation]\nsigma_y = 0.2\nimage_shape = [2, 2]\n[sampling]\nsteps = 10\n[smc]\nparticles = 16\n"
      "[mala]\nwarmup = 20\niterations = 10\n[smc_mala]\nparticles = 128\nmoves = 5\n"
      "[split_gibbs]\nanneal = 3\nsweeps = 4\nsteps = 5\n");
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* s :
       {"exact_guidance", "exact_route", "dps", "pigdm", "ddrm", "smc", "mala", "pigdm_langevin", "smc_mala",
        "split_gibbs"}) {
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
  expect_refused("samplers = [\"exact_route\"]\n[prior]\nkind = \"mixture_file\"\nfile = \"" + mix +
                     "\"\n[observation]\nsigma_y = 0.1\n[sampling]\nrao_blackwell_steps = 4\n",
                 {"p.toml:8", "sampling.rao_blackwell_steps", "reverse_exponential"});  // the batch kernel keeps no D
  expect_refused("samplers = [\"dps\"]\n[prior]\nkind = \"mixture_file\"\nfile = \"" + mix +
                     "\"\n[observation]\nsigma_y = 0.1\n[sampling]\nintegrator = \"ddim\"\nrao_blackwell_steps = 4\n",
                 {"p.toml:9", "sampling.rao_blackwell_steps", "exact_route"});
  expect_refused("samplers = [\"exact_route\"]\n[prior]\nkind = \"mixture_file\"\nfile = \"" + mix +
                     "\"\n[observation]\nsigma_y = 0.1\n[sampling]\nantithetic = true\n",
                 {"p.toml:8", "sampling.antithetic", "only used when sampling.integrator"});  // no level noise
  expect_refused("samplers = [\"smc\", \"mala\"]\n[prior]\nkind = \"mixture_file\"\nfile = \"" + mix +
                     "\"\n[observation]\nsigma_y = 0.1\n[sampling]\nintegrator = \"ddim\"\nantithetic = true\n",
                 {"p.toml:9", "sampling.antithetic", "none is in samplers"});  // SMC's resampling breaks pairs
  // split_gibbs: a diagonal operator, rho_end <= rho_start, sweeps >= anneal, a stochastic integrator, an edm
  // sigma_min below rho_end
  const std::string sg = "samplers = [\"split_gibbs\"]\n[prior]\nkind = \"mixture_file\"\nfile = \"" + mix +
                         "\"\n[observation]\nsigma_y = 0.1\n";
  expect_refused(sg + "operator = \"dense\"\n", {"p.toml:1", "samplers", "split_gibbs", "diagonal"});
  expect_refused(sg + "[split_gibbs]\nrho_start = 0.5\nrho_end = 0.6\n", {"p.toml:9", "split_gibbs.rho_end"});
  expect_refused(sg + "[split_gibbs]\nanneal = 5\nsweeps = 4\n", {"p.toml:9", "split_gibbs.sweeps"});
  expect_refused(sg + "[split_gibbs]\nrho_start = 1e6\n", {"p.toml:8", "split_gibbs.rho_start", "noise ratio"});
  expect_refused(sg + "[sampling]\nintegrator = \"ode_heun\"\n", {"p.toml:8", "sampling.integrator", "split_gibbs"});
  expect_refused(sg + "[sampling]\nintegrator = \"ddim\"\ngrid = \"edm\"\nsigma_min = 0.05\n[split_gibbs]\nrho_end = 0.04\n",
                 {"p.toml:10", "sampling.sigma_min", "rho_end"});
  // the edm grid: exact_guidance with the default reverse-SDE integrator cannot use it; sigma_min out of range
  expect_refused("[prior]\nkind = \"mixture_file\"\nfile = \"" + mix +
                     "\"\n[observation]\nsigma_y = 0.1\n[sampling]\ngrid = \"edm\"\n",
                 {"p.toml:7", "sampling.grid", "exact_guidance", "reverse_exponential"});
  expect_refused("samplers = [\"ddrm\"]\n[prior]\nkind = \"mixture_file\"\nfile = \"" + mix +
                     "\"\n[observation]\nsigma_y = 0.1\n[sampling]\ngrid = \"edm\"\nsigma_min = 1000.0\n",
                 {"p.toml:9", "sampling.sigma_min", "strictly between"});
  expect_refused("samplers = [\"exact_route\"]\n[prior]\nkind = \"mixture_file\"\nfile = \"" + mix +
                     "\"\n[observation]\nsigma_y = 0.001\n[sampling]\nintegrator = \"ddim\"\ngrid = \"edm\"\n",
                 {"sampling.sigma_min", "below"});
  expect_refused("[prior]\nkind = \"gmm_benchmark\"\ndim = 7\n", {"p.toml:3", "prior.dim", "even"});
  // a size the machine cannot hold: refused before allocating, with the estimate (8e18 bytes here)
  expect_refused("[prior]\nkind = \"gmm_benchmark\"\ndim = 1000000000\n",
                 {"p.toml:3", "prior.dim", "needs about", "GB of memory", "SVD factor"});
}

// Natural images: a PNG as the truth, a patch mixture as the prior (here 2 x 2 patches), no exact posterior.
TEST_F(SolveCli, PatchMixturePriorOnAPngWritesNoExactPosteriorAndAPicture) {
  const std::string head = "seed = 2\nsamples = 3\n[prior]\nkind = \"patch_mixture\"\nfile = \"" + mixture_file() +
                           "\"\npatch_size = 2\n[observation]\nimage = \"" + gray_png(6, 7) + "\"\nsigma_y = 0.1\n";
  auto r = run(head + "[sampling]\nsteps = 8\n");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(io::read_dataset(out(), "/truth").values.size(), 42u);
  EXPECT_EQ(io::read_dataset(out(), "/exact_route/samples").values.size(), 3u * 42u);
  EXPECT_EQ(io::read_dataset(out(), "/epll/posterior_mean").values.size(), 42u);
  for (const char* s : {"exact_route", "epll"})
    EXPECT_TRUE(std::isfinite(io::read_double_attribute(out(), "/summary", std::string(s) + ".psnr"))) << s;
  const auto sets = io::list_datasets(out());
  for (const auto& d : sets) EXPECT_EQ(d.rfind("/exact/", 0), std::string::npos) << d;
  ITO_EXPECT_EVERY_DATASET_DESCRIBED(out());
  const auto png = io::read_png((dir / "out.png").string());
  EXPECT_EQ(png.cols, 4 * 7 + 5 * 2);  // truth | observation | mean | std, 2 pixels of padding
  // EPLL alone on a denoising file that sets the exact route's Rao-Blackwell window: the key applies to no
  // sampler that runs, and none it could be mistaken for
  r = run("samplers = [\"epll\"]\n" + head + "[sampling]\nintegrator = \"ddim\"\nsteps = 8\nrao_blackwell_steps = 8\n");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(io::read_dataset(out(), "/epll/posterior_mean").values.size(), 42u);
  r = run("samplers = [\"dps\", \"pigdm\", \"ddrm\", \"pigdm_langevin\", \"epll\"]\n" + head +
          "operator = \"mask\"\nmissing_fraction = 0.3\n[sampling]\nsteps = 8\n");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(io::read_dataset(out(), "/mask").values.size(), 42u);
  EXPECT_EQ(io::read_dataset(out(), "/ddrm/posterior_std").values.size(), 42u);
  // no samplers listed: DDRM, split Gibbs and EPLL for a mask
  r = run(head + "operator = \"mask\"\nmissing_fraction = 0.3\n[sampling]\nsteps = 8\n");
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* s : {"ddrm", "split_gibbs", "epll"})
    EXPECT_EQ(io::read_dataset(out(), std::string("/") + s + "/posterior_mean").values.size(), 42u) << s;
}

TEST_F(SolveCli, BadImagesExitTwoNamingFileLineAndKey) {
  const std::string prior = "[prior]\nkind = \"patch_mixture\"\nfile = \"" + mixture_file() + "\"\npatch_size = 2\n";
  // an RGB PNG (3 x 2 pixels), a text file, a missing file
  const unsigned char rgb[] = {
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x03,
      0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0x12, 0x16, 0xf1, 0x4d, 0x00, 0x00, 0x00, 0x15, 0x49, 0x44, 0x41,
      0x54, 0x78, 0x9c, 0x63, 0x3c, 0xc1, 0x65, 0xc4, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc4, 0x00, 0x03, 0x00, 0x13, 0x1a,
      0x01, 0x08, 0x38, 0x68, 0x0d, 0x2b, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
  const auto rgb_file = dir / "rgb.png";
  std::ofstream(rgb_file, std::ios::binary).write(reinterpret_cast<const char*>(rgb), sizeof rgb);
  expect_refused(prior + "[observation]\nimage = \"" + rgb_file.string() + "\"\nsigma_y = 0.1\n",
                 {"p.toml:6", "observation.image", "8-bit RGB", "grayscale"});
  const auto text = test::write_file(dir / "text.png", "not an image\n");
  expect_refused(prior + "[observation]\nimage = \"" + text.string() + "\"\nsigma_y = 0.1\n",
                 {"p.toml:6", "observation.image", "text.png"});
  expect_refused(prior + "[observation]\nimage = \"" + (dir / "absent.png").string() + "\"\nsigma_y = 0.1\n",
                 {"p.toml:6", "observation.image", "absent.png"});
  const std::string image = "[observation]\nimage = \"" + gray_png(6, 7) + "\"\nsigma_y = 0.1\n";
  expect_refused("[prior]\nkind = \"patch_mixture\"\nfile = \"" + mixture_file() + "\"\npatch_size = 3\n" + image,
                 {"p.toml:4", "prior.patch_size", "dimension 4"});
  expect_refused(prior + image + "operator = \"mask\"\nmask = \"box\"\nbox = [2, 2, 5, 3]\n",
                 {"p.toml:10", "observation.box", "6 x 7"});
  expect_refused(prior + image + "operator = \"dense\"\n", {"p.toml:8", "observation.operator", "dense"});
  expect_refused("samplers = [\"smc\"]\n" + prior + image, {"p.toml:1", "samplers", "smc"});
  expect_refused(prior + image + "image_shape = [6, 7]\n", {"p.toml:8", "observation.image_shape"});
  expect_refused("samplers = [\"epll\"]\n[prior]\nkind = \"mixture_file\"\nfile = \"" + mixture_file() +
                     "\"\n[observation]\nsigma_y = 0.1\n",
                 {"p.toml:1", "samplers", "patch_mixture"});
}

}  // namespace
}  // namespace ito::diffusion
