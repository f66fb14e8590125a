#pragma once
// `ito solve`: a Bayesian inverse problem y = A x + σ_y ε with a diffusion prior, solved by a list of
// samplers, each judged against the exact posterior where it is known (Gaussian-mixture priors).
//
// The problem: a prior (a fitted mixture file, a Gaussian, the empirical distribution of a data set, or the
// Gaussian-mixture benchmark of Cardoso et al. 2024, which also fixes A, σ_y and the truth), an observation
// (operator identity | mask | dense | convolution_1d | convolution_2d; the truth drawn from the prior or read
// from a data set; y drawn with NormalStream(seed, Purpose::observation) path 0), and samplers. The result
// holds, per sampler, the samples, their mean and per-coordinate standard deviation, and the metrics below;
// and the exact posterior's samples, mean and standard deviation.
//
// Natural images (prior.kind = "patch_mixture"): the prior is a Gaussian mixture on p × p patches assembled
// over the image (PatchDenoiser), the truth is the PNG observation.image (8-bit gray; its shape is the image's),
// the operator identity or mask. No exact posterior exists: the report has none (SolveReport::exact = false),
// the metrics are PSNR and SSIM of the posterior mean against the truth, the 90% interval coverage of the
// truth, evaluations and wall time. Sampler `epll` is the EPLL MAP estimate with the same patch prior
// (inverse/epll.hpp), reported as a posterior mean with no spread.
//
// Metrics (mixture priors): sliced Wasserstein-1 to `samples` exact posterior samples (inverse::
// sliced_wasserstein, `slices` directions), beside it the floor — the same distance between two independent
// exact sample sets of that size; RMSE of the sample mean and standard deviation against the exact ones;
// the fraction of coordinates whose 90% interval covers the truth, and whose sample range covers it (a
// calibrated sampler's expectation is exactly (n − 1)/(n + 1), inverse::range_coverage); PSNR and SSIM of the
// posterior mean (images); denoiser evaluations per sample and wall time.
#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ito/diffusion/patch_denoiser.hpp"
#include "ito/diffusion/samplers.hpp"
#include "ito/inverse/epll.hpp"
#include "ito/io/params.hpp"
#include "ito/io/schema.hpp"
#include "ito/priors/gaussian_mixture.hpp"

namespace ito::diffusion {

struct SolveProblem {
  std::string prior_description;
  priors::GaussianMixture prior;  ///< the prior of x; for patch_mixture the mixture of one p × p patch
  bool exact_available = true;  ///< the posterior is known in closed form (mixture priors; not patch priors)
  /// patch_mixture: the whole-image denoiser assembled from the patch mixture (diffusion/patch_denoiser.hpp),
  /// the image read from observation.image (the truth), its patch size and the EPLL baseline's options.
  std::shared_ptr<const PatchDenoiser> image_prior;
  std::string image_file, image_format;
  int patch = 0;
  inverse::EpllOptions epll;
  int dim() const { return image_prior ? image_prior->dim() : prior.dim(); }
  Observation observation;
  Eigen::VectorXd truth;
  std::vector<int> mask;            ///< observed indices (mask operator)
  int image_rows = 0, image_cols = 0;  ///< > 0 when x is an image (PSNR/SSIM, PNGs)
  double peak = 1.0;

  std::vector<std::string> samplers;
  std::size_t samples = 1000;
  std::size_t stored_samples = 100;
  int slices = 200;
  NoisingPath path = NoisingPath::vp_linear();
  SamplerOptions options;          ///< integrator, steps, t_end, η, corrector, …
  GuidanceOptions guidance;
  SmcOptions smc;
  MalaOptions mala;
  TemperedMalaOptions tempered;  ///< smc_mala
  SplitGibbsOptions split;
};

/// Sampler names `samplers` accepts.
const std::vector<std::string>& sampler_names();
const io::Schema& solve_schema();
/// Reads and validates the problem (errors name file:line:column and key); draws the truth and y from seed.
SolveProblem read_solve_problem(io::Params& params, std::uint32_t seed);
/// The same through a reader the caller finishes (tests of the table).
SolveProblem read_solve_problem(io::SchemaReader& reader, std::uint32_t seed);

struct SamplerReport {
  std::string name;
  Eigen::MatrixXd samples;  ///< d × samples
  Eigen::VectorXd mean, std;
  double sw = NAN, mean_rmse = NAN, std_rmse = NAN, coverage_90 = NAN, psnr = NAN, ssim = NAN;
  double coverage_range = NAN;  ///< inverse::range_coverage (calibrated: (n − 1)/(n + 1))
  double nfe = 0.0, wall_time_s = 0.0;
  std::vector<double> ess;  ///< smc
  double acceptance = NAN;  ///< mala, smc_mala (last sweep)
  double stages = NAN;      ///< smc_mala: temperatures per run (mean)
};

struct SolveReport {
  bool exact = false;
  Eigen::MatrixXd exact_samples;
  Eigen::VectorXd exact_mean, exact_std;
  double exact_psnr = NAN, exact_coverage_90 = NAN, exact_coverage_range = NAN;
  double sw_floor = NAN;
  double observation_psnr = NAN;  ///< the observation itself as an estimate (identity and mask, images)
  std::vector<SamplerReport> samplers;
};

SolveReport run_solve(const SolveProblem& problem, std::uint32_t seed);

}  // namespace ito::diffusion
