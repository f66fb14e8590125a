#pragma once
// Diffusion samplers: unconditional reverse-time integrators and posterior samplers for y = A x + σ_y ε.
//
// Time runs backwards on a uniform grid T = t_0 > t_1 > … > t_N = t_end (T the path's horizon, or the start
// time of the exact denoising route). Notation for a step t → s (s < t): a = α_t, b = σ_t, a' = α_s, b' = σ_s,
// D = D(x_t) the denoiser, ε̂ = (x − aD)/b, and r = (a b')/(a' b) ≤ 1 (the signal-to-noise ratio grows).
//
// Unconditional integrators (Integrator):
//   reverse_em           reverse-time SDE dx = [f x − g² ∇log p_t] dt + g dW̄ by schemes::EulerMaruyama;
//   reverse_exponential  the same SDE by schemes::ExponentialEuler (D frozen over the step, the linear part
//                        exact) — x_s = (b'²a/(b²a')) x + a'(1 − r²) D + b'√(1 − r²) ξ, the DDPM posterior
//                        step; both run on the monte_carlo batch kernel (one Brownian path per sample);
//   ode_heun             probability-flow ODE dx/dt = f x − ½g² ∇log p_t by Heun's method
//                        (schemes::EulerHeun with zero noise; order 2);
//   ode_dopri5           the same ODE by Boost.Odeint's adaptive Dormand–Prince 5(4) (rtol = atol = tolerance);
//   ddpm                 ancestral sampling on the discrete DDPM grid ᾱ_k (K = ddpm_steps, β from 10⁻⁴ to
//                        0.02), respaced to `steps` evenly spaced k (Nichol & Dhariwal 2021), posterior
//                        variance σ̃² (η = 1 below);
//   ddim                 DDIM(η) (Song, Meng, Ermon 2021): x_s = a'D + √(b'² − c²) ε̂ + c ξ, c = η b'√(1 − r²)
//                        (η = 0 the deterministic DDIM, the exponential integrator of the ODE; η = 1 the
//                        DDPM step);
//   predictor_corrector  the DDIM(η) predictor followed by `corrector_steps` Langevin corrector steps
//                        x ← x + δ∇log p_s(x) + √(2δ) ξ at every s > 0, δ = 2 (snr ‖ξ‖/‖∇log p_s‖)² per
//                        sample (Song et al. 2021, Algorithm 5).
// Samplers that evaluate the drift at t_end (reverse_em, ode_*) need σ(t_end) > 0;
// the others may end at t_end = 0 (their last step returns a'D).
//
// Randomness: sample j of a run (global index `first + j`) draws normals from NormalStream(seed,
// Purpose::diffusion) path first + j (step n's ξ at index n·slots·d, slots = 1 + corrector steps), starts
// from sample_diffused (Denoiser), so a sample does not depend on the thread count or on the block it is in
// beyond the batch it is computed with (fixed blocks of `block` samples).
//
// Posterior samplers (observation y = A x + σ_y ε; all of them use the path and the DDIM(η) step above):
//   dps       Chung et al. 2023: x_s = DDIM(x_t) − ζ ∇_{x_t} ‖y − A D(x_t)‖ (ζ = guidance_scale; the
//             gradient (∂D/∂x)ᵀ Aᵀ(A D − y)/‖y − A D‖ by the denoiser's JVP);
//   pigdm     Song et al. 2023 (ΠGDM): the likelihood score g = (∂D/∂x)ᵀ Aᵀ M_t⁻¹ (y − A D),
//             M_t = r_t² A Aᵀ + σ_y² I, r_t² = σ_t²/(α_t² + σ_t²), enters the denoiser as D + (σ_t²/α_t) ζ g
//             (Tweedie for the score ∇log p_t + ζ g), then a DDIM(η) step;
//   ddrm      Kawar et al. 2022: the DDIM(η) step in the spectral coordinates of A = U diag(s) Vᵀ with the
//             observation entering the coordinates where s_i > 0 (η, η_b = ddrm_eta_b);
//   *_langevin  dps / pigdm followed by `corrector_steps` Langevin steps on ∇log p_s + g_s (ΠGDM's likelihood
//             score) at every s > 0;
//   smc       twisted sequential Monte Carlo (Wu et al. 2023, TDS): particles proposed by the DDPM step
//             shifted by the ΠGDM guidance, weighted by p(x_s|x_t) p̃_s(y|x_s) / (q(x_s|x_t) p̃_t(y|x_t)),
//             p̃_t(y|x) = N(y; A D(x), σ_y² I + ρ_t A Aᵀ) with ρ_t = v σ̃²/(v + σ̃²), σ̃ = σ_t/α_t, v the prior's
//             mean marginal variance (Var[x₀|x_t] of a Gaussian prior of that variance), the final twist the
//             exact likelihood; systematic resampling when
//             the effective sample size falls below ess_threshold·particles and once at the end. As the
//             particle count grows it samples the exact posterior of the discretised reverse chain.
//             Independent runs of `particles` particles give `samples` samples (one run per block);
//   exact_guidance  the unconditional integrator run on the exact posterior mixture (mixture priors);
//   exact_route     A = I: a stochastic unconditional integrator from t* (σ_t*/α_t* = σ_y) started at α_t* y, the
//             exact posterior p(x₀ | x_t* = α_t* y) up to discretisation;
//   split_gibbs  A = I or a mask: Gibbs sampling of the split target p(x) N(z; x, ρ² I) N(y; A z, σ_y² I)
//             (Vono, Dobigeon & Chainais 2019; with a diffusion prior, PnP-SGS, Coeurdoux, Dobigeon & Chainais
//             2023, and DPnP, Xu & Chi 2024): z | x, y is Gaussian coordinate by coordinate (A diagonal), and
//             x | z is the denoising posterior at noise ρ, sampled by the exact route from σ/α = ρ. Its
//             x-marginal is the posterior with the noise variance σ_y² + ρ² on the observed coordinates, exact
//             as ρ → 0; ρ falls geometrically over the first sweeps (the annealing of EPLL's β in sampling form:
//             at large ρ the route fills the unobserved coordinates, at small ρ the law is nearly the
//             posterior), then stays at its last value.
//   mala      MALA (mcmc::Mala) on the t = 0 posterior log p₀(x) + log N(y; Ax, σ_y² I), one chain per sample
//             started from the prior, step size adapted by dual averaging during warmup, last state kept.
//   smc_mala  MALA inside likelihood-tempered SMC from the prior (sample_tempered_mala below): asymptotically
//             exact as the particle count grows, and able to weigh modes that one MALA chain cannot move between.
#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ito/diffusion/denoiser.hpp"
#include "ito/diffusion/noising.hpp"
#include "ito/inverse/operator.hpp"

namespace ito::diffusion {

enum class Integrator { reverse_em, reverse_exponential, ode_heun, ode_dopri5, ddpm, ddim, predictor_corrector };
std::string to_string(Integrator integrator);
Integrator integrator_from_string(const std::string& name);
/// Integrators that evaluate the drift at the end time (need σ(t_end) > 0).
bool needs_positive_end(Integrator integrator);
/// Integrators that step from noise level to noise level (SamplerOptions::grid applies to them, and to every
/// guided, DDRM and SMC sampler); the others integrate the reverse SDE or ODE on a uniform grid in t.
bool steps_on_levels(Integrator integrator);
/// Integrators that sample a law from one starting point (all but the probability-flow ODEs and DDIM with η = 0):
/// the exact route and split Gibbs start every sample at the same or a given point and need one.
bool stochastic(Integrator integrator, double eta);
/// Integrators whose level loop keeps the denoiser outputs D_t(x_t) (SamplerOptions::rao_blackwell_steps).
bool keeps_denoiser_outputs(Integrator integrator);

/// The noise levels of the level samplers, from t_start down to t_end:
///   uniform  equal steps in t (t_n = t_start − n (t_start − t_end)/N);
///   edm      equal steps in r^(1/ρ), r = σ_t/α_t the noise-to-signal ratio (Karras et al. 2022, "Elucidating
///            the design space of diffusion-based generative models", eq. 5), from r(t_start) down to
///            r_min = sigma_min at level N − 1, then the last step to t_end: most steps go where r is small, so
///            the last level before t_end carries a noise ratio of sigma_min instead of r(t_start − (t_start −
///            t_end)(N − 1)/N) (0.17 for vp_linear at N = 20, far above a precise observation's σ_y).
enum class LevelGrid { uniform, edm };
std::string to_string(LevelGrid grid);
LevelGrid level_grid_from_string(const std::string& name);

struct SamplerOptions {
  Integrator integrator = Integrator::ddim;
  int steps = 100;
  double t_end = 0.0;
  double eta = 1.0;           ///< DDIM η (all DDIM-type steps, guided samplers included)
  int corrector_steps = 1;    ///< predictor_corrector and *_langevin
  double snr = 0.16;          ///< Langevin corrector signal-to-noise ratio
  double tolerance = 1e-6;    ///< ode_dopri5
  int ddpm_steps = 1000;      ///< K of the discrete DDPM grid
  LevelGrid grid = LevelGrid::uniform;  ///< levels of ddim, predictor_corrector and the posterior samplers
  double rho = 7.0;           ///< edm: the exponent ρ
  double sigma_min = 0.002;   ///< edm: the noise-to-signal ratio σ/α of the last level before t_end
  std::size_t block = 64;     ///< samples per block (fixed: results do not depend on the thread count)
  /// ddpm, ddim, predictor_corrector: > 0 also returns, per sample, the average of the denoiser D_{t_k}(x_{t_k})
  /// over the last `rao_blackwell_steps` levels of its path (SampleResult::rao_blackwell; see below).
  int rao_blackwell_steps = 0;
  /// Samples in antithetic pairs: sample 2m + 1 is driven by the negated Gaussian draws of sample 2m, whose draws
  /// are those of sample m without pairing. Drawn by the level integrators (ddpm, ddim, predictor_corrector) and
  /// the guided samplers (sample_guided); split Gibbs pairs its z-draws too. Default exact starts (sample_diffused)
  /// pair as α x₀ ± σ ε with x₀ shared; a given start (the exact route's α_t* y) is one point for all samples.
  /// Each sample keeps its law; the mean of a pair varies less — for a pair started at one point under a Gaussian
  /// prior, whose denoiser is affine, not at all. Estimates over the samples then take pairs, not samples, as
  /// their independent units. Refused by sample_smc (resampling breaks the pairs) and the SDE and ODE
  /// integrators (their draws are the path kernel's).
  bool antithetic = false;
};

/// The times t_0 = t_start > t_1 > … > t_N = t_end (N = options.steps) of options.grid on `path`: t_0 and t_N
/// exactly, the edm levels in between by NoisingPath::time_of_noise_ratio, so a level's (α, σ) lie on the path. Throws ParameterError when edm's sigma_min does not lie strictly between
/// the ratios at t_end and t_start, or ρ ≤ 0.
std::vector<double> level_times(const NoisingPath& path, double t_start, double t_end, const SamplerOptions& options);

/// Starting states: init(first, X) fills the columns of X (d × B) for samples first, first + 1, ….
using StartFn = std::function<void(std::uint64_t first, Eigen::MatrixXd& X)>;

struct SampleResult {
  Eigen::MatrixXd samples;  ///< d × n
  /// d × n when SamplerOptions::rao_blackwell_steps = K > 0 (else empty): column j is (1/K) Σ D_{t_k}(x_{t_k}) over
  /// the last K levels t_k of sample j's path. D_t(x_t) = E[x₀ | x_t] (Tweedie), so when x_t has the law of the
  /// sampled distribution at t every term has the mean of x₀ — E[x₀ | y] for the exact route (x₀ ⊥ x_t* | x_t)
  /// and exact_guidance — with the variance of x₀ less E[Var(x₀ | x_t)]: a Rao–Blackwellised estimate of the
  /// mean. K = 1 is the samples themselves when the path ends at t = 0 (the last step returns D).
  Eigen::MatrixXd rao_blackwell;
  double nfe = 0.0;         ///< denoiser evaluations per sample (a JVP counts 2)
  // SMC only: effective sample size fraction (ESS / particles) before each resampling decision, the mean
  // over runs per step, and the number of resampling events per run (mean).
  std::vector<double> ess;
  double resamples = 0.0;
  // MALA only: mean acceptance rate after warmup and the mean adapted step size.
  double acceptance = 0.0, step_size = 0.0;
  // smc_mala only: temperatures per run (mean).
  double stages = 0.0;
};

/// Unconditional samples (from p_{t_end}) with `options.integrator`, starting at t_start (≤ 0: the horizon)
/// from `start` (empty: exact draws of p_{t_start} via sample_diffused, α x₀ ± σ ε in antithetic pairs).
SampleResult sample_unconditional(const Denoiser& denoiser, const NoisingPath& path, const SamplerOptions& options,
                                  std::uint32_t seed, std::size_t n, double t_start = 0.0, StartFn start = {});

/// y = A x + σ_y ε.
struct Observation {
  inverse::LinearOperator A;
  Eigen::VectorXd y;
  double sigma_y = 0.0;
};

enum class Guidance { dps, pigdm, ddrm, dps_langevin, pigdm_langevin };
std::string to_string(Guidance guidance);

struct GuidanceOptions {
  double scale = 1.0;     ///< ζ of DPS and ΠGDM
  double ddrm_eta_b = 1.0;
};

/// Guided posterior samples (DDIM(options.eta) steps on the path; integrator is ignored).
SampleResult sample_guided(Guidance guidance, const Denoiser& denoiser, const NoisingPath& path,
                           const Observation& obs, const SamplerOptions& options, const GuidanceOptions& guide,
                           std::uint32_t seed, std::size_t n);

struct SmcOptions {
  int particles = 256;
  double ess_threshold = 0.5;
};
SampleResult sample_smc(const Denoiser& denoiser, const NoisingPath& path, const Observation& obs,
                        const SamplerOptions& options, const SmcOptions& smc, std::uint32_t seed, std::size_t n);

/// The exact denoising route (A must be the identity; σ_y ≤ σ_T/α_T).
SampleResult sample_exact_route(const Denoiser& denoiser, const NoisingPath& path, const Observation& obs,
                                const SamplerOptions& options, std::uint32_t seed, std::size_t n);

/// split_gibbs: `sweeps` Gibbs sweeps (z-step, then an exact route of `steps` levels from σ/α = ρ_k, of
/// `final_steps` levels once ρ_k = ρ_end) per sample, ρ_k = ρ_start (ρ_end/ρ_start)^(k/(anneal − 1)) for k < anneal, then ρ_end. The route's options are
/// the SamplerOptions' (integrator, grid, η) with `steps`; with ddpm, ddim or predictor_corrector the
/// posterior mean (SampleResult::rao_blackwell) is the route's Rao–Blackwellised mean over all its levels,
/// averaged over the sweeps at ρ_end (each has the mean E[x₀ | y] of the ρ_end-inflated posterior once the
/// chain is stationary). The first sweep starts from z₀ = y on the observed coordinates and the mean of y
/// elsewhere.
struct SplitGibbsOptions {
  double rho_start = 0.2;
  double rho_end = 0.01;
  int anneal = 60;   ///< sweeps over which ρ falls from rho_start to rho_end (≥ 1; 1: ρ = rho_end throughout)
  int sweeps = 62;   ///< all sweeps (≥ anneal)
  int steps = 3;     ///< levels of every route during the annealing
  int final_steps = 0;  ///< levels of the routes at ρ_end, whose samples and means are reported (0: steps)
};
/// Refuses an operator other than identity or mask, ρ_end > ρ_start, ρ_start above the path's largest noise
/// ratio, and the level checks of the route (a deterministic integrator; an edm sigma_min ≥ ρ_end).
SampleResult sample_split_gibbs(const Denoiser& denoiser, const NoisingPath& path, const Observation& obs,
                                const SamplerOptions& options, const SplitGibbsOptions& split, std::uint32_t seed,
                                std::size_t n);

struct MalaOptions {
  int warmup = 500;
  int iterations = 500;
  double initial_step = 0.1;
  double target_acceptance = 0.574;
  bool precondition = false;  ///< inverse metric = the prior's marginal variances
};
SampleResult sample_mala(const priors::GaussianMixture& prior, const Observation& obs, const MalaOptions& mala,
                         std::uint32_t seed, std::size_t n, std::size_t block = 16);

/// MALA inside likelihood-tempered SMC (Del Moral, Doucet & Jasra 2006): weighted particles start as exact
/// prior draws (λ = 0); each stage raises λ as far as the conditional ESS of the incremental weights
/// exp((λ' − λ) log N(y; Ax, σ_y²I)) allows (≥ cess · particles; Zhou, Johansen & Aston 2016), resamples
/// systematically only when the ESS falls below ess_threshold · particles, and moves every particle by `moves`
/// MALA steps (mcmc::Mala) on log p₀(x) + λ' log N(y; Ax, σ_y²I), preconditioned by the dense metric
/// (W⁻¹ + λ'AᵀA/σ_y²)⁻¹, W = Σ_k w_k Σ_k (the prior's within-component covariance; the exact covariance of
/// every tempered component when the components share W). The weights move mass between the prior's modes,
/// which a single MALA chain cannot cross; the moves make the particles distinct again. Because MALA cannot
/// move particles between modes, every resampling adds noise to the modes' shares that nothing later removes:
/// hence resampling only when needed, and more particles than samples (the final weighted set is resampled to
/// the samples). Runs of `particles` particles give min(particles, samples left) samples each.
/// SampleResult: stages and resamples per run (mean), acceptance and step_size of the last sweep.
struct TemperedMalaOptions {
  int particles = 4096;
  double ess_threshold = 0.5;
  double cess = 0.95;
  int moves = 20;
  double initial_step = 0.5;
  double target_acceptance = 0.574;
  int max_stages = 1000;
};
SampleResult sample_tempered_mala(const priors::GaussianMixture& prior, const Observation& obs,
                                  const TemperedMalaOptions& options, std::uint32_t seed, std::size_t n);

}  // namespace ito::diffusion
