#include "ito/diffusion/solve.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "ito/core/error.hpp"
#include "ito/core/memory.hpp"
#include "ito/core/progress.hpp"
#include "ito/inverse/exact_posterior.hpp"
#include "ito/inverse/gmm_benchmark.hpp"
#include "ito/inverse/metrics.hpp"
#include "ito/io/image.hpp"
#include "ito/io/table.hpp"
#include "ito/priors/mixture_file.hpp"
#include "ito/random/normal.hpp"

namespace ito::diffusion {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using io::Range;

const std::vector<std::string>& sampler_names() {
  static const std::vector<std::string> names = {"exact_guidance", "exact_route",    "dps",  "pigdm",
                                                 "ddrm",           "dps_langevin",   "pigdm_langevin",
                                                 "smc",            "mala",           "smc_mala",
                                                 "epll",           "split_gibbs"};
  return names;
}

namespace {

/// The samplers that run antithetic pairs (SamplerOptions::antithetic): all diffusion samplers but SMC, whose
/// resampling breaks the pairs. EPLL and the MALA samplers draw no diffusion noise.
bool runs_pairs(const std::string& sampler) {
  return sampler != "epll" && sampler != "smc" && sampler != "mala" && sampler != "smc_mala";
}

io::Schema make_schema() {
  io::Schema s("solve");
  s.strings("samplers", io::optional, sampler_names(),
            "posterior samplers to run; absent: [exact_guidance, dps, pigdm, ddrm, smc], and for patch_mixture "
            "(no exact posterior) [exact_route, epll] when denoising, [ddrm, split_gibbs, epll] otherwise (exact "
            "posterior samples are drawn for reference for every prior but patch_mixture)");
  s.integer("samples", 1000, Range::at_least(2), "posterior samples per sampler (and of the exact posterior)");
  // prior
  s.string("prior.kind", io::required, {"mixture_file", "gaussian", "empirical", "gmm_benchmark", "patch_mixture"},
           "the prior: a Gaussian mixture written by `ito fit-prior`, a diagonal Gaussian, the empirical "
           "distribution of a data set, the Gaussian-mixture benchmark (Cardoso et al. 2024; fixes the "
           "operator, sigma_y and the truth), or a Gaussian mixture on p x p patches assembled over an image "
           "(natural images: the truth is observation.image)");
  s.string("prior.file", io::required, {}, "HDF5 file of the mixture (paths relative to the working directory)")
      .when("prior.kind", {"mixture_file", "patch_mixture"});
  s.string("prior.group", "/", {}, "group of the mixture in the file")
      .when("prior.kind", {"mixture_file", "patch_mixture"});
  s.integer("prior.patch_size", 8, Range::at_least(1), "p: the mixture's dimension must be p^2 (row-major patches)")
      .when("prior.kind", {"patch_mixture"});
  s.integer("prior.stride", io::computed("prior.patch_size (a tiling)"), Range::at_least(1),
            "stride of the patch set the image denoiser averages over (1: every overlapping patch; p: a tiling)")
      .when("prior.kind", {"patch_mixture"});
  s.boolean("prior.random_shift", true,
            "shift the patch set by a random offset in [0, stride)^2 at every noise level and for every state "
            "(PaDIS, Hu et al. 2024), drawn from the run's seed")
      .when("prior.kind", {"patch_mixture"});
  s.string("prior.file", io::required, {}, "HDF5 file of the data set (rows are points)")
      .when("prior.kind", {"empirical"});
  s.string("prior.dataset", "/train/images", {}, "dataset of the points").when("prior.kind", {"empirical"});
  s.reals("prior.mean", io::required, Range::any(), "mean of the Gaussian").when("prior.kind", {"gaussian"});
  s.reals("prior.variances", io::required, Range::positive(), "variances (diagonal covariance), one per coordinate")
      .when("prior.kind", {"gaussian"});
  s.integer("prior.dim", 8, Range::at_least(2), "dimension d (even)").when("prior.kind", {"gmm_benchmark"});
  s.integer("observation.dy", 1, Range::at_least(1), "number of measurements d_y").when("prior.kind",
                                                                                          {"gmm_benchmark"});
  // observation
  s.string("observation.operator", "identity", {"identity", "mask", "dense", "convolution_1d", "convolution_2d"},
           "forward operator A of y = A x + sigma_y eps")
      .unless("prior.kind", {"gmm_benchmark"});
  s.real("observation.sigma_y", io::required, Range::positive(), "observation noise standard deviation")
      .unless("prior.kind", {"gmm_benchmark"});
  s.string("observation.mask", "random", {"random", "left_half", "box"},
           "which coordinates are missing: a random fraction, the left half of the image, or a box")
      .when("observation.operator", {"mask"});
  s.real("observation.missing_fraction", 0.5, Range::open(0.0, 1.0), "fraction of coordinates missing")
      .when("observation.mask", {"random"});
  s.reals("observation.box", std::vector<double>{2, 2, 4, 4}, Range::nonnegative(),
          "[row, col, height, width] of the missing box").when("observation.mask", {"box"});
  s.integer("observation.rows", 1, Range::at_least(1), "d_y: rows of the Gaussian matrix A (entries N(0, 1/d))")
      .when("observation.operator", {"dense"});
  s.reals("observation.kernel", std::vector<double>{0.25, 0.5, 0.25}, Range::any(), "the 1-D convolution kernel")
      .when("observation.operator", {"convolution_1d"});
  s.real("observation.blur_sigma", 1.0, Range::positive(),
         "standard deviation (pixels) of the Gaussian blur kernel, (2 ceil(2 s) + 1)^2 taps summing to 1")
      .when("observation.operator", {"convolution_2d"});
  s.string("observation.truth", "prior", {"prior", "dataset"},
           "the truth x*: drawn from the prior, or a row of a data set")
      .unless("prior.kind", {"gmm_benchmark", "patch_mixture"});
  s.string("observation.image", io::required, {},
           "the true image: an 8-bit grayscale PNG, values byte/255 (any user image; paths relative to the "
           "working directory)")
      .when("prior.kind", {"patch_mixture"});
  s.string("observation.truth_file", io::required, {}, "HDF5 file holding the truth")
      .when("observation.truth", {"dataset"});
  s.string("observation.truth_dataset", "/test/images", {}, "dataset of the truth (rows are points)")
      .when("observation.truth", {"dataset"});
  s.integer("observation.truth_index", 0, Range::at_least(0), "row of the truth").when("observation.truth",
                                                                                        {"dataset"});
  s.reals("observation.image_shape", io::optional, Range::at_least(1),
          "[rows, cols] when x is an image (row-major): PSNR, SSIM and pictures");
  s.real("observation.peak", 1.0, Range::positive(), "peak value of the images (PSNR, SSIM)");
  // samplers
  s.integer("output.samples", 100, Range::at_least(0), "samples stored per sampler in the results file");
  s.integer("metrics.slices", 200, Range::at_least(1), "directions of the sliced Wasserstein distance");
  s.string("sampling.path", "vp_linear", {"vp_linear", "vp_cosine", "ve", "linear"}, "noising path");
  s.integer("sampling.steps", 100, Range::at_least(1), "time steps of every diffusion sampler");
  s.string("sampling.integrator", "reverse_exponential",
           {"reverse_em", "reverse_exponential", "ode_heun", "ode_dopri5", "ddpm", "ddim", "predictor_corrector"},
           "unconditional integrator of exact_guidance and exact_route");
  s.real("sampling.t_end", io::computed("0, or 1e-3 for integrators that evaluate the drift at the end"),
         Range::nonnegative(), "end time of the reverse process");
  s.real("sampling.eta", 1.0, Range::between(0.0, 1.0), "DDIM eta of the DDIM-type steps (1: DDPM posterior step)");
  s.string("sampling.grid", "uniform", {"uniform", "edm"},
           "noise levels of the level samplers (dps, pigdm, ddrm, smc, the *_langevin ones, and exact_route and "
           "exact_guidance with integrator ddim or predictor_corrector): uniform in t, or edm (Karras et al. "
           "2022): uniform in (sigma/alpha)^(1/rho) down to sigma_min, then a last step to t_end");
  s.real("sampling.rho", 7.0, Range::positive(), "edm grid: the exponent rho").when("sampling.grid", {"edm"});
  s.real("sampling.sigma_min", 0.002, Range::positive(),
         "edm grid: the noise-to-signal ratio sigma/alpha of the last level before t_end")
      .when("sampling.grid", {"edm"});
  s.integer("sampling.corrector_steps", 1, Range::at_least(0), "Langevin corrector steps per level");
  s.integer("sampling.rao_blackwell_steps", 0, Range::at_least(0),
            "exact_route and exact_guidance with integrator ddpm, ddim or predictor_corrector: the posterior mean "
            "is the average of the denoiser D_t(x_t) = E[x_0 | x_t] over the last K levels of every sample's path "
            "(Rao-Blackwellised; 0: the mean of the samples). The std and intervals stay those of the samples");
  s.boolean("sampling.antithetic", false,
            "the diffusion samplers except smc: samples in antithetic pairs (sample 2m+1 driven by the negated "
            "noise of sample 2m; an exact start at the horizon is alpha x0 +- sigma eps with x0 shared); every "
            "sample keeps its law and the mean of a pair varies less, so the posterior mean is more precise at "
            "the same cost. The std and intervals stay those of the samples")
      .when("sampling.integrator", {"ddpm", "ddim", "predictor_corrector"});
  s.real("sampling.snr", 0.16, Range::positive(), "Langevin corrector signal-to-noise ratio");
  s.real("sampling.tolerance", 1e-6, Range::positive(), "rtol = atol of ode_dopri5");
  s.real("sampling.guidance_scale", 1.0, Range::nonnegative(), "zeta of DPS and PiGDM");
  s.real("sampling.ddrm_eta_b", 1.0, Range::between(0.0, 1.0), "eta_b of DDRM");
  s.integer("smc.particles", 256, Range::at_least(2), "particles per SMC run (runs = samples / particles)");
  s.real("smc.ess_threshold", 0.5, Range::between(0.0, 1.0), "resample when ESS / particles falls below this");
  s.integer("mala.warmup", 500, Range::at_least(0), "MALA warmup iterations per chain (step size adaptation)");
  s.integer("mala.iterations", 500, Range::at_least(1), "MALA iterations after warmup (last state kept)");
  s.real("mala.step_size", 0.1, Range::positive(), "MALA initial step size");
  s.boolean("mala.precondition", false, "precondition MALA by the prior's marginal variances");
  s.integer("smc_mala.particles", 4096, Range::at_least(2),
            "particles per tempered-SMC run (each run gives min(particles, samples left) samples)");
  s.real("smc_mala.ess_threshold", 0.5, Range::open(0.0, 1.0), "resample when ESS / particles falls below this");
  s.real("smc_mala.cess", 0.95, Range::open(0.0, 1.0),
         "conditional ESS / particles kept by each temperature increment");
  s.integer("smc_mala.moves", 20, Range::at_least(1), "MALA moves per particle at each temperature");
  s.real("smc_mala.step_size", 0.5, Range::positive(), "initial MALA step size (in the preconditioned coordinates)");
  s.real("split_gibbs.rho_start",
         io::computed("max(sigma_y, 50/255) for patch_mixture (EPLL's sigma_e), else max(sigma_y, the square root of the prior's "
                      "mean marginal variance)"),
         Range::positive(), "split_gibbs: the coupling rho of the first sweep (the noise of its first route)");
  s.real("split_gibbs.rho_end", io::computed("rho_start / 2^4.5 (1/rho^2 grows 512-fold, the span of EPLL's mask schedule)"),
         Range::positive(),
         "split_gibbs: the final coupling; the sampled law is the posterior with noise variance sigma_y^2 + rho_end^2 "
         "on the observed coordinates");
  s.integer("split_gibbs.anneal", 60, Range::at_least(1),
            "split_gibbs: sweeps over which rho falls geometrically from rho_start to rho_end");
  s.integer("split_gibbs.sweeps", 62, Range::at_least(1),
            "split_gibbs: all sweeps per sample (>= anneal); the posterior mean averages those at rho_end");
  s.integer("split_gibbs.steps", 3, Range::at_least(1), "split_gibbs: levels of the exact route of every sweep");
  s.integer("split_gibbs.final_steps", io::computed("max(split_gibbs.steps, 10)"), Range::at_least(1),
            "split_gibbs: levels of the routes at rho_end, whose samples and means are reported (short routes "
            "make the samples too narrow)");
  s.real("epll.sigma", io::computed("sigma_y for identity, max(sigma_y, 50/255) for mask"), Range::positive(),
         "sigma_e of EPLL's first splitting weight beta_0 = 1/sigma_e^2")
      .when("prior.kind", {"patch_mixture"});
  s.reals("epll.beta_factors",
          io::computed("[1, 4, 8, 16, 32] for identity (Zoran & Weiss 2011), [1, 2, 4, ..., 512] for mask"),
          Range::positive(), "EPLL's schedule: beta = beta_0 * factor")
      .when("prior.kind", {"patch_mixture"});
  s.integer("epll.iterations", io::computed("1 for identity, 3 for mask"), Range::at_least(1),
            "EPLL x/z alternations per beta")
      .when("prior.kind", {"patch_mixture"});
  return s;
}

// One row of an HDF5 data set (rows are points), naming the key on failure.
VectorXd read_row(io::SchemaReader& r, const std::string& file_key, const std::string& file,
                  const std::string& dataset_key, const std::string& dataset, std::int64_t index,
                  const std::string& index_key) {
  MatrixXd M;
  try {
    M = io::read_hdf5_matrix(file, dataset);
  } catch (const Error& e) {
    r.fail(file_key, e.what());
  }
  (void)dataset_key;
  if (index >= M.rows())
    r.fail(index_key, "row " + std::to_string(index) + " is out of range: " + file + ":" + dataset + " has " +
                          std::to_string(M.rows()) + " rows");
  return M.row(index).transpose();
}

MatrixXd gaussian_blur(double s) {
  const int half = static_cast<int>(std::ceil(2.0 * s));
  MatrixXd K(2 * half + 1, 2 * half + 1);
  for (int a = -half; a <= half; ++a)
    for (int b = -half; b <= half; ++b) K(a + half, b + half) = std::exp(-(a * a + b * b) / (2.0 * s * s));
  return K / K.sum();
}

}  // namespace

const io::Schema& solve_schema() {
  static const io::Schema s = make_schema();
  return s;
}

SolveProblem read_solve_problem(io::Params& params, std::uint32_t seed) {
  io::SchemaReader r(solve_schema(), params);
  SolveProblem p = read_solve_problem(r, seed);
  r.finish();
  return p;
}

SolveProblem read_solve_problem(io::SchemaReader& r, std::uint32_t seed) {
  SolveProblem p;
  const std::string kind = r.string("prior.kind");
  const random::NormalStream problem_stream(seed, random::Purpose::problem);
  if (kind == "gmm_benchmark") {
    const auto d = r.integer("prior.dim");
    const auto dy = r.integer("observation.dy");
    if (d % 2 != 0) r.fail("prior.dim", "the benchmark needs an even dimension (got " + std::to_string(d) + ")");
    if (dy > d) r.fail("observation.dy", "d_y = " + std::to_string(dy) + " exceeds d = " + std::to_string(d));
    // The benchmark's operator is drawn through a full SVD (its d × d factor V); the exact posterior and the
    // samples are smaller. Refused before allocating (a d beyond an int is refused here too).
    const std::string refusal = core::memory_refusal(
        8.0 * static_cast<double>(d) * static_cast<double>(d),
        "the benchmark's d × d SVD factor of its observation operator, d = prior.dim " + std::to_string(d));
    if (!refusal.empty()) r.fail("prior.dim", refusal);
    auto bench = inverse::make_gmm_benchmark(static_cast<int>(d), static_cast<int>(dy), seed);
    p.prior = std::move(bench.prior);
    p.observation = {std::move(bench.A), std::move(bench.y), bench.sigma_y};
    p.truth = std::move(bench.truth);
    p.prior_description = "Gaussian-mixture benchmark (Cardoso et al. 2024), d = " + std::to_string(d) +
                          ", d_y = " + std::to_string(dy);
    if (r.optional_reals("observation.image_shape"))
      r.fail("observation.image_shape", "the Gaussian-mixture benchmark is not an image");
  } else {
    if (kind == "mixture_file") {
      const std::string file = r.string("prior.file");
      const std::string group = r.string("prior.group");
      try {
        p.prior = priors::read_mixture(file, group);
      } catch (const Error& e) {
        r.fail("prior.file", e.what());
      }
      p.prior_description = "Gaussian mixture " + file + ":" + group;
    } else if (kind == "patch_mixture") {
      const std::string file = r.string("prior.file");
      const std::string group = r.string("prior.group");
      try {
        p.prior = priors::read_mixture(file, group);
      } catch (const Error& e) {
        r.fail("prior.file", e.what());
      }
      const auto patch = r.integer("prior.patch_size");
      if (patch * patch != p.prior.dim())
        r.fail("prior.patch_size", std::to_string(patch) + " x " + std::to_string(patch) + " patches have " +
                                       std::to_string(patch * patch) + " pixels, but the mixture " + file + ":" +
                                       group + " has dimension " + std::to_string(p.prior.dim()));
      p.patch = static_cast<int>(patch);
      const auto stride = r.integer("prior.stride", patch);
      if (stride > patch)
        r.fail("prior.stride", "stride " + std::to_string(stride) + " exceeds the patch size " + std::to_string(patch));
      const bool shift = r.boolean("prior.random_shift");
      p.image_file = r.string("observation.image");
      io::Image image;
      try {
        image = io::read_png(p.image_file);
      } catch (const Error& e) {
        r.fail("observation.image", e.what());
      }
      if (image.format != "8-bit gray")
        r.fail("observation.image", p.image_file + " is a " + image.format +
                                        " PNG; ito solve takes 8-bit grayscale images only (convert it first, e.g. "
                                        "with ImageMagick: convert in.png -colorspace Gray -depth 8 out.png)");
      if (image.rows < patch || image.cols < patch)
        r.fail("observation.image", p.image_file + " is " + std::to_string(image.rows) + " x " +
                                        std::to_string(image.cols) + " pixels, smaller than one " +
                                        std::to_string(patch) + " x " + std::to_string(patch) + " patch");
      p.image_format = image.format;
      p.image_rows = image.rows;
      p.image_cols = image.cols;
      p.truth = image.pixels;
      p.exact_available = false;
      p.image_prior = std::make_shared<const PatchDenoiser>(p.prior, p.patch, image.rows, image.cols,
                                                             static_cast<int>(stride), shift, seed);
      p.prior_description = std::to_string(patch) + "x" + std::to_string(patch) + " patch mixture " + file + ":" +
                            group + " (" + std::to_string(p.prior.components()) + " components, stride " +
                            std::to_string(stride) + (shift ? ", random shifts" : "") + ") on " + p.image_file;
    } else if (kind == "gaussian") {
      const auto mean = r.reals("prior.mean");
      const auto var = r.reals("prior.variances");
      if (var.size() != mean.size())
        r.fail("prior.variances", "has " + std::to_string(var.size()) + " entries, prior.mean has " +
                                      std::to_string(mean.size()));
      p.prior = priors::GaussianMixture::diagonal(VectorXd::Ones(1),
                                                  Eigen::Map<const VectorXd>(mean.data(), mean.size()),
                                                  Eigen::Map<const VectorXd>(var.data(), var.size()));
      p.prior_description = "Gaussian, d = " + std::to_string(mean.size());
    } else {  // empirical
      const std::string file = r.string("prior.file");
      const std::string dataset = r.string("prior.dataset");
      MatrixXd data;
      try {
        data = io::read_hdf5_matrix(file, dataset);
      } catch (const Error& e) {
        r.fail("prior.file", e.what());
      }
      if (data.rows() < 1 || !data.allFinite())
        r.fail("prior.dataset", file + ":" + dataset + " is empty or holds non-finite values");
      p.prior = priors::GaussianMixture::empirical(data.transpose());
      p.prior_description = "empirical distribution of " + file + ":" + dataset + " (" +
                            std::to_string(data.rows()) + " points)";
    }
    const int d = p.dim();
    // image shape (read before the operator: the mask layouts and the blur need it)
    if (auto shape = r.optional_reals("observation.image_shape")) {
      if (p.image_prior) r.fail("observation.image_shape", "the shape of a patch_mixture image is that of its PNG");
      if (shape->size() != 2 || (*shape)[0] != std::floor((*shape)[0]) || (*shape)[1] != std::floor((*shape)[1]))
        r.fail("observation.image_shape", "expected [rows, cols], two whole numbers");
      p.image_rows = static_cast<int>((*shape)[0]);
      p.image_cols = static_cast<int>((*shape)[1]);
      if (static_cast<long long>(p.image_rows) * p.image_cols != d)
        r.fail("observation.image_shape", std::to_string(p.image_rows) + " x " + std::to_string(p.image_cols) +
                                              " pixels, but the prior has dimension " + std::to_string(d));
    }
    const std::string op = r.string("observation.operator");
    const double sigma_y = r.real("observation.sigma_y");
    if (p.image_prior && op != "identity" && op != "mask")
      r.fail("observation.operator", "patch_mixture images take the identity (denoising) or a mask (inpainting), "
                                     "not '" + op + "'");
    inverse::LinearOperator A;
    if (op == "identity") {
      A = inverse::LinearOperator::identity(d);
    } else if (op == "mask") {
      const std::string layout = r.string("observation.mask");
      std::vector<char> missing(static_cast<std::size_t>(d), 0);
      if (layout == "random") {
        const double frac = r.real("observation.missing_fraction");
        const int m = static_cast<int>(std::lround(frac * d));
        std::vector<double> u(static_cast<std::size_t>(d));
        problem_stream.fill_uniform(10, 0, u.size(), u.data());
        std::vector<int> order(static_cast<std::size_t>(d));
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return u[a] < u[b]; });
        for (int i = 0; i < m; ++i) missing[static_cast<std::size_t>(order[i])] = 1;
      } else {
        if (p.image_rows == 0) r.fail("observation.mask", "'" + layout + "' needs observation.image_shape");
        if (layout == "left_half") {
          for (int i = 0; i < p.image_rows; ++i)
            for (int j = 0; j < p.image_cols / 2; ++j) missing[static_cast<std::size_t>(i * p.image_cols + j)] = 1;
        } else {
          const auto box = r.reals("observation.box");
          if (box.size() != 4) r.fail("observation.box", "expected [row, col, height, width]");
          const int r0 = static_cast<int>(box[0]), c0 = static_cast<int>(box[1]);
          const int h = static_cast<int>(box[2]), w = static_cast<int>(box[3]);
          if (r0 + h > p.image_rows || c0 + w > p.image_cols || h < 1 || w < 1)
            r.fail("observation.box", "the box does not fit inside the " + std::to_string(p.image_rows) + " x " +
                                          std::to_string(p.image_cols) + " image");
          for (int i = r0; i < r0 + h; ++i)
            for (int j = c0; j < c0 + w; ++j) missing[static_cast<std::size_t>(i * p.image_cols + j)] = 1;
        }
      }
      for (int i = 0; i < d; ++i)
        if (!missing[static_cast<std::size_t>(i)]) p.mask.push_back(i);
      if (p.mask.empty()) r.fail("observation.operator", "the mask leaves no coordinate observed");
      A = inverse::LinearOperator::mask(d, p.mask);
    } else if (op == "dense") {
      const auto rows = r.integer("observation.rows");
      MatrixXd M(rows, d);
      std::vector<double> z(static_cast<std::size_t>(rows * d));
      problem_stream.fill(11, 0, z.size(), z.data());
      for (std::int64_t i = 0; i < rows; ++i)
        for (int j = 0; j < d; ++j) M(i, j) = z[static_cast<std::size_t>(i * d + j)] / std::sqrt(double(d));
      A = inverse::LinearOperator::dense(M);
    } else if (op == "convolution_1d") {
      const auto k = r.reals("observation.kernel");
      A = inverse::LinearOperator::convolution_1d(Eigen::Map<const VectorXd>(k.data(), k.size()), d);
    } else {
      const double bs = r.real("observation.blur_sigma");
      if (p.image_rows == 0) r.fail("observation.operator", "convolution_2d needs observation.image_shape");
      A = inverse::LinearOperator::convolution_2d(gaussian_blur(bs), p.image_rows, p.image_cols);
    }
    // truth
    const std::string truth = p.image_prior ? "image" : r.string("observation.truth");
    if (truth == "image") {
      // read with the prior
    } else if (truth == "prior") {
      MatrixXd x;
      p.prior.sample(seed, std::uint64_t{3} << 44, 1, x);  // a path no sampler uses
      p.truth = x.col(0);
    } else {
      const std::string file = r.string("observation.truth_file");
      const std::string dataset = r.string("observation.truth_dataset");
      const auto index = r.integer("observation.truth_index");
      p.truth = read_row(r, "observation.truth_file", file, "observation.truth_dataset", dataset, index,
                         "observation.truth_index");
      if (p.truth.size() != d)
        r.fail("observation.truth_dataset", file + ":" + dataset + " has rows of " + std::to_string(p.truth.size()) +
                                                " values, the prior has dimension " + std::to_string(d));
    }
    MatrixXd Ax;
    A.apply(p.truth, Ax);
    VectorXd eps(Ax.rows());
    random::NormalStream(seed, random::Purpose::observation).fill(0, 0, static_cast<std::size_t>(eps.size()), eps.data());
    p.observation = {std::move(A), Ax.col(0) + sigma_y * eps, sigma_y};
  }
  p.peak = r.real("observation.peak");
  if (auto listed = r.optional_strings("samplers"))
    p.samplers = *listed;
  else if (p.image_prior)
    p.samplers = p.observation.A.kind_enum() == inverse::LinearOperator::Kind::identity
                     ? std::vector<std::string>{"exact_route", "epll"}
                     : std::vector<std::string>{"ddrm", "split_gibbs", "epll"};
  else
    p.samplers = {"exact_guidance", "dps", "pigdm", "ddrm", "smc"};
  p.samples = static_cast<std::size_t>(r.integer("samples"));
  p.stored_samples = static_cast<std::size_t>(r.integer("output.samples"));
  p.slices = static_cast<int>(r.integer("metrics.slices"));
  p.path = NoisingPath::make(path_kind_from_string(r.string("sampling.path")));
  p.options.steps = static_cast<int>(r.integer("sampling.steps"));
  p.options.integrator = integrator_from_string(r.string("sampling.integrator"));
  p.options.t_end = r.real("sampling.t_end", needs_positive_end(p.options.integrator) ? 1e-3 : 0.0);
  if (p.options.t_end >= p.path.horizon())
    r.fail("sampling.t_end", "must be below the path's horizon " + std::to_string(p.path.horizon()));
  if (needs_positive_end(p.options.integrator) && p.options.t_end <= 0.0)
    r.fail("sampling.t_end", to_string(p.options.integrator) + " evaluates the drift at t_end: set t_end > 0");
  p.options.eta = r.real("sampling.eta");
  p.options.grid = level_grid_from_string(r.string("sampling.grid"));
  if (p.options.grid == LevelGrid::edm) {
    p.options.rho = r.real("sampling.rho");
    p.options.sigma_min = r.real("sampling.sigma_min");
    const auto ratio = [&](double t) { return p.path.sigma(t) / p.path.alpha(t); };
    if (!(p.options.sigma_min > ratio(p.options.t_end) && p.options.sigma_min < ratio(p.path.horizon())))
      r.fail("sampling.sigma_min", "must lie strictly between the path's noise ratios sigma/alpha at t_end (" +
                                       std::to_string(ratio(p.options.t_end)) + ") and at its horizon (" +
                                       std::to_string(ratio(p.path.horizon())) + ")");
  }
  p.options.corrector_steps = static_cast<int>(r.integer("sampling.corrector_steps"));
  p.options.rao_blackwell_steps = static_cast<int>(r.integer("sampling.rao_blackwell_steps"));
  if (p.options.rao_blackwell_steps > 0 && !keeps_denoiser_outputs(p.options.integrator))
    r.fail("sampling.rao_blackwell_steps", "needs integrator ddpm, ddim or predictor_corrector (the levels' "
                                           "denoiser outputs are kept by their loop), not " +
                                               to_string(p.options.integrator));
  p.options.antithetic = keeps_denoiser_outputs(p.options.integrator) && r.boolean("sampling.antithetic");
  p.options.snr = r.real("sampling.snr");
  p.options.tolerance = r.real("sampling.tolerance");
  p.guidance.scale = r.real("sampling.guidance_scale");
  p.guidance.ddrm_eta_b = r.real("sampling.ddrm_eta_b");
  p.smc.particles = static_cast<int>(r.integer("smc.particles"));
  p.smc.ess_threshold = r.real("smc.ess_threshold");
  p.mala.warmup = static_cast<int>(r.integer("mala.warmup"));
  p.mala.iterations = static_cast<int>(r.integer("mala.iterations"));
  p.mala.initial_step = r.real("mala.step_size");
  p.mala.precondition = r.boolean("mala.precondition");
  p.tempered.particles = static_cast<int>(r.integer("smc_mala.particles"));
  p.tempered.ess_threshold = r.real("smc_mala.ess_threshold");
  p.tempered.cess = r.real("smc_mala.cess");
  p.tempered.moves = static_cast<int>(r.integer("smc_mala.moves"));
  p.tempered.initial_step = r.real("smc_mala.step_size");
  // the path's largest noise ratio: no exact route (denoising or split Gibbs) can start above it
  const double top_ratio = p.path.sigma(p.path.horizon()) / p.path.alpha(p.path.horizon());
  {
    const double scale = p.image_prior ? 50.0 / 255.0
                                       : std::sqrt(p.prior.covariance().trace() / static_cast<double>(p.prior.dim()));
    p.split.rho_start = r.real("split_gibbs.rho_start", std::max(p.observation.sigma_y, scale));
    p.split.rho_end = r.real("split_gibbs.rho_end", p.split.rho_start * std::pow(2.0, -4.5));
    p.split.anneal = static_cast<int>(r.integer("split_gibbs.anneal"));
    p.split.sweeps = static_cast<int>(r.integer("split_gibbs.sweeps"));
    p.split.steps = static_cast<int>(r.integer("split_gibbs.steps"));
    // 10 levels at rho_end: on the crop (never Set12) the range coverage of 4 samples rose from 0.537 to 0.609 at
    // 50% missing (calibrated 0.600), the mean moved by 0.02 dB, the cost by 11% (README "Natural images")
    p.split.final_steps = static_cast<int>(r.integer("split_gibbs.final_steps", std::max(p.split.steps, 10)));
    if (std::find(p.samplers.begin(), p.samplers.end(), "split_gibbs") != p.samplers.end()) {
      const auto op_kind = p.observation.A.kind_enum();
      if (op_kind != inverse::LinearOperator::Kind::identity && op_kind != inverse::LinearOperator::Kind::mask)
        r.fail("samplers", "split_gibbs needs a diagonal operator (identity or mask), not '" +
                               p.observation.A.kind() + "'");
      if (p.split.rho_end > p.split.rho_start)
        r.fail("split_gibbs.rho_end", "must not exceed rho_start = " + std::to_string(p.split.rho_start));
      if (p.split.sweeps < p.split.anneal)
        r.fail("split_gibbs.sweeps", "must be at least split_gibbs.anneal = " + std::to_string(p.split.anneal));
      if (p.split.rho_start > top_ratio)
        r.fail("split_gibbs.rho_start", "exceeds the path's largest noise ratio sigma_T/alpha_T = " +
                                            std::to_string(top_ratio));
      if (p.options.grid == LevelGrid::edm && p.options.sigma_min >= p.split.rho_end)
        r.fail("sampling.sigma_min", "split_gibbs's routes start at sigma/alpha = rho >= rho_end = " +
                                         std::to_string(p.split.rho_end) + "; the edm grid's sigma_min must lie below it");
      if (!stochastic(p.options.integrator, p.options.eta))
        r.fail("sampling.integrator", "split_gibbs samples x | z by the exact route and needs a stochastic "
                                      "integrator (reverse_em, reverse_exponential, ddpm, ddim with eta > 0, "
                                      "predictor_corrector)");
    }
  }
  if (p.image_prior) {
    const bool masked = p.observation.A.kind_enum() == inverse::LinearOperator::Kind::mask;
    p.epll.sigma = r.real("epll.sigma", masked ? std::max(p.observation.sigma_y, 50.0 / 255.0) : p.observation.sigma_y);
    // Denoising: Zoran & Weiss's schedule (five betas, one alternation each). Inpainting from the flat start
    // needs many more alternations to carry the observed pixels into the holes: on the default crop (chelsea,
    // never Set12) this schedule — ten doublings, three alternations each, about the wall time of DDRM's 4
    // samples of 200 steps — raised EPLL from 29.74 / 22.43 / 31.19 dB to 32.46 / 27.06 / 32.84 (50%, 80%
    // missing, 32x32 box; README "Natural images").
    std::vector<double> mask_factors;
    for (int k = 0; k < 10; ++k) mask_factors.push_back(std::ldexp(1.0, k));
    p.epll.beta_factors = r.reals("epll.beta_factors", masked ? mask_factors : std::vector<double>{1, 4, 8, 16, 32});
    p.epll.iterations = static_cast<int>(r.integer("epll.iterations", masked ? 3 : 1));
    if (p.epll.beta_factors.empty()) r.fail("epll.beta_factors", "needs at least one factor");
    // one sample per block: the samplers parallelise over samples, the patch denoiser runs inside
    p.options.block = 1;
    for (const auto& s : p.samplers)
      if (s == "exact_guidance" || s == "smc" || s == "mala" || s == "smc_mala")
        r.fail("samplers", "'" + s + "' needs the prior's density in closed form (a mixture prior); with "
                           "patch_mixture use exact_route, dps, pigdm, ddrm, dps_langevin, pigdm_langevin, epll");
  } else {
    for (const auto& s : p.samplers)
      if (s == "epll") r.fail("samplers", "'epll' needs prior.kind = \"patch_mixture\"");
  }
  const bool denoising = p.observation.A.kind_enum() == inverse::LinearOperator::Kind::identity;
  for (const auto& s : p.samplers)
    if ((s == "exact_route" || s == "exact_guidance" || s == "split_gibbs") && p.options.grid != LevelGrid::uniform &&
        !steps_on_levels(p.options.integrator))
      r.fail("sampling.grid", "'" + to_string(p.options.grid) + "' applies to the level samplers; " + s +
                                  " runs sampling.integrator = " + to_string(p.options.integrator) +
                                  ", which integrates on a uniform grid in t (use ddim or predictor_corrector, "
                                  "or grid = \"uniform\")");
  for (const auto& s : p.samplers)
    if (s == "exact_route") {
      if (!stochastic(p.options.integrator, p.options.eta))
        r.fail("sampling.integrator", "exact_route starts every sample at alpha_t* y and needs a stochastic "
                                      "integrator (reverse_em, reverse_exponential, ddpm, ddim with eta > 0, "
                                      "predictor_corrector)");
      if (!denoising) r.fail("samplers", "exact_route solves denoising problems only (operator = identity)");
      if (p.observation.sigma_y > top_ratio)
        r.fail("samplers", "exact_route: sigma_y = " + std::to_string(p.observation.sigma_y) +
                               " exceeds the path's largest noise ratio sigma_T/alpha_T = " +
                               std::to_string(top_ratio));
      if (p.options.grid == LevelGrid::edm && p.options.sigma_min >= p.observation.sigma_y)
        r.fail("sampling.sigma_min", "exact_route starts where sigma/alpha = sigma_y = " +
                                         std::to_string(p.observation.sigma_y) + "; the edm grid's sigma_min must "
                                         "lie below it");
    }
  // Refused only beside a sampler it could be mistaken to apply to: EPLL alone runs no levels, so a problem file
  // that sets the key for exact_route still runs with --set 'samplers=["epll"]'.
  if (p.options.rao_blackwell_steps > 0 &&
      std::none_of(p.samplers.begin(), p.samplers.end(),
                   [](const std::string& s) { return s == "exact_route" || s == "exact_guidance"; }) &&
      std::any_of(p.samplers.begin(), p.samplers.end(), [](const std::string& s) { return s != "epll"; }))
    r.fail("sampling.rao_blackwell_steps", "applies to exact_route and exact_guidance only (the levels' denoiser "
                                           "is E[x_0 | x_t, y] only on their paths); none is in samplers");
  if (p.options.antithetic && std::none_of(p.samplers.begin(), p.samplers.end(), runs_pairs) &&
      std::any_of(p.samplers.begin(), p.samplers.end(), [](const std::string& s) { return s != "epll"; }))
    r.fail("sampling.antithetic", "applies to the diffusion samplers (exact_route, exact_guidance, split_gibbs, "
                                  "ddrm, pigdm, dps and their _langevin variants); none is in samplers");
  // memory: every sampler's samples and the two exact sets, d doubles each; split_gibbs holds two more sets
  // while it runs (z, and the route's samples beside the last sweep's)
  const double sets = static_cast<double>(p.samplers.size() + 2) +
                      (std::find(p.samplers.begin(), p.samplers.end(), "split_gibbs") != p.samplers.end() ? 2.0 : 0.0);
  const double bytes = 8.0 * p.dim() * static_cast<double>(p.samples) * sets;
  if (bytes > 8.0 * (1u << 30))
    r.fail("samples", "the samples would need " + std::to_string(bytes / (1u << 30)) + " GiB (limit 8 GiB)");
  return p;
}

namespace {

VectorXd column_std(const MatrixXd& S) {
  const VectorXd m = S.rowwise().mean();
  return ((S.colwise() - m).array().square().rowwise().sum() / static_cast<double>(S.cols() - 1)).sqrt();
}

double rmse(const VectorXd& a, const VectorXd& b) { return std::sqrt((a - b).squaredNorm() / a.size()); }

}  // namespace

SolveReport run_solve(const SolveProblem& p, std::uint32_t seed) {
  SolveReport rep;
  const std::size_t n = p.samples;
  priors::GaussianMixture posterior;
  if (p.exact_available) {
    posterior = inverse::exact_posterior(p.prior, p.observation.A, p.observation.sigma_y, p.observation.y);
    rep.exact = true;
    posterior.sample(seed, 0, n, rep.exact_samples);
    MatrixXd floor_set;
    posterior.sample(seed, std::uint64_t{1} << 39, n, floor_set);
    rep.exact_mean = rep.exact_samples.rowwise().mean();
    rep.exact_std = column_std(rep.exact_samples);
    rep.sw_floor = inverse::sliced_wasserstein(rep.exact_samples, floor_set, p.slices, seed);
    rep.exact_coverage_90 = inverse::interval_coverage(rep.exact_samples, p.truth, 0.9);
    rep.exact_coverage_range = inverse::range_coverage(rep.exact_samples, p.truth);
    if (p.image_rows > 0) rep.exact_psnr = inverse::psnr(rep.exact_mean, p.truth, p.peak);
  }
  if (p.image_prior && p.observation.A.kind_enum() == inverse::LinearOperator::Kind::identity)
    rep.observation_psnr = inverse::psnr(p.observation.y, p.truth, p.peak);

  std::optional<MixtureDenoiser> mixture_denoiser;
  if (!p.image_prior) mixture_denoiser.emplace(p.prior);
  const Denoiser& prior_denoiser =
      p.image_prior ? static_cast<const Denoiser&>(*p.image_prior) : static_cast<const Denoiser&>(*mixture_denoiser);
  for (const auto& name : p.samplers) {
    const auto start = std::chrono::steady_clock::now();
    SampleResult res;
    SamplerOptions o = p.options;
    o.antithetic = p.options.antithetic && runs_pairs(name);
    if (name == "epll") {
      res.samples = inverse::epll(p.prior, p.patch, p.image_rows, p.image_cols, p.observation.A, p.observation.y,
                                  p.observation.sigma_y, p.epll);
      res.nfe = NAN;
    } else if (name == "exact_guidance") {
      const MixtureDenoiser post(posterior);
      res = sample_unconditional(post, p.path, o, seed, n);
    } else if (name == "exact_route") {
      res = sample_exact_route(prior_denoiser, p.path, p.observation, o, seed, n);
    } else if (name == "split_gibbs") {
      res = sample_split_gibbs(prior_denoiser, p.path, p.observation, o, p.split, seed, n);
    } else if (name == "smc") {
      if (needs_positive_end(o.integrator)) o.t_end = 0.0;
      res = sample_smc(prior_denoiser, p.path, p.observation, o, p.smc, seed, n);
    } else if (name == "mala") {
      res = sample_mala(p.prior, p.observation, p.mala, seed, n);
    } else if (name == "smc_mala") {
      res = sample_tempered_mala(p.prior, p.observation, p.tempered, seed, n);
    } else {
      if (needs_positive_end(o.integrator)) o.t_end = 0.0;  // guided samplers use DDIM-type steps
      const Guidance g = name == "dps"            ? Guidance::dps
                         : name == "pigdm"        ? Guidance::pigdm
                         : name == "ddrm"         ? Guidance::ddrm
                         : name == "dps_langevin" ? Guidance::dps_langevin
                                                  : Guidance::pigdm_langevin;
      res = sample_guided(g, prior_denoiser, p.path, p.observation, o, p.guidance, seed, n);
    }
    SamplerReport s;
    s.name = name;
    s.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    s.samples = std::move(res.samples);
    if (!s.samples.allFinite()) throw NumericalError(name + ": a sample is not finite");
    s.mean = res.rao_blackwell.size() > 0 ? VectorXd(res.rao_blackwell.rowwise().mean())
                                          : VectorXd(s.samples.rowwise().mean());
    s.std = s.samples.cols() > 1 ? column_std(s.samples) : VectorXd::Zero(s.samples.rows());
    s.nfe = res.nfe;
    s.ess = res.ess;
    if (name == "mala" || name == "smc_mala") s.acceptance = res.acceptance;
    if (name == "smc_mala") s.stages = res.stages;
    if (rep.exact) {
      s.sw = inverse::sliced_wasserstein(s.samples, rep.exact_samples, p.slices, seed);
      s.mean_rmse = rmse(s.mean, rep.exact_mean);
      s.std_rmse = rmse(s.std, rep.exact_std);
    }
    if (s.samples.cols() > 1) {
      s.coverage_90 = inverse::interval_coverage(s.samples, p.truth, 0.9);
      s.coverage_range = inverse::range_coverage(s.samples, p.truth);
    }
    if (p.image_rows > 0) {
      s.psnr = inverse::psnr(s.mean, p.truth, p.peak);
      if (p.image_rows >= 7 && p.image_cols >= 7) s.ssim = inverse::ssim(s.mean, p.truth, p.image_rows, p.image_cols, p.peak);
    }
    rep.samplers.push_back(std::move(s));
  }
  return rep;
}

}  // namespace ito::diffusion
