#include "ito/diffusion/samplers.hpp"

#include <algorithm>
#include <atomic>
#include <boost/numeric/odeint.hpp>
#include <cmath>
#include <numbers>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/core/finite.hpp"
#include "require.hpp"
#include "ito/core/log_sum_exp.hpp"
#include "ito/core/mpi.hpp"
#include "ito/core/parallel.hpp"
#include "ito/core/time_grid.hpp"
#include "ito/diffusion/reverse_sde.hpp"
#include "ito/mcmc/adaptation.hpp"
#include "ito/mcmc/mala.hpp"
#include "ito/monte_carlo/batch_kernel.hpp"
#include "ito/random/normal.hpp"
#include "ito/schemes/euler_heun.hpp"
#include "ito/schemes/euler_maruyama.hpp"
#include "ito/schemes/exponential_euler.hpp"

namespace ito::diffusion {

using Eigen::MatrixXd;
using Eigen::VectorXd;

std::string to_string(Integrator integrator) {
  switch (integrator) {
    case Integrator::reverse_em: return "reverse_em";
    case Integrator::reverse_exponential: return "reverse_exponential";
    case Integrator::ode_heun: return "ode_heun";
    case Integrator::ode_dopri5: return "ode_dopri5";
    case Integrator::ddpm: return "ddpm";
    case Integrator::ddim: return "ddim";
    case Integrator::predictor_corrector: return "predictor_corrector";
  }
  return "?";
}

Integrator integrator_from_string(const std::string& name) {
  for (auto i : {Integrator::reverse_em, Integrator::reverse_exponential, Integrator::ode_heun, Integrator::ode_dopri5,
                 Integrator::ddpm, Integrator::ddim, Integrator::predictor_corrector})
    if (to_string(i) == name) return i;
  throw ParameterError("unknown integrator '" + name +
                       "' (reverse_em | reverse_exponential | ode_heun | ode_dopri5 | ddpm | ddim | "
                       "predictor_corrector)");
}

bool steps_on_levels(Integrator i) { return i == Integrator::ddim || i == Integrator::predictor_corrector; }

std::string to_string(LevelGrid grid) { return grid == LevelGrid::edm ? "edm" : "uniform"; }

LevelGrid level_grid_from_string(const std::string& name) {
  if (name == "uniform") return LevelGrid::uniform;
  if (name == "edm") return LevelGrid::edm;
  throw ParameterError("unknown level grid '" + name + "' (uniform, edm)");
}

std::vector<double> level_times(const NoisingPath& path, double t_start, double t_end, const SamplerOptions& o) {
  ITO_REQUIRE_PARAMETER(o.steps >= 1 && t_end < t_start, "a level grid needs steps >= 1 and t_end < t_start");
  const int N = o.steps;
  std::vector<double> t(static_cast<std::size_t>(N) + 1);
  t.front() = t_start;
  t.back() = t_end;
  if (o.grid == LevelGrid::uniform) {
    const core::TimeGrid grid(t_end, t_start, N);
    for (int n = 1; n < N; ++n) t[static_cast<std::size_t>(n)] = grid.time(N - n);
    return t;
  }
  const auto ratio = [&](double u) { return path.sigma(u) / path.alpha(u); };
  const double r_max = ratio(t_start), r_end = ratio(t_end);
  ITO_REQUIRE_PARAMETER(std::isfinite(o.rho) && o.rho > 0.0, "grid edm: rho = " << o.rho << " must be > 0");
  ITO_REQUIRE_PARAMETER(o.sigma_min > r_end && o.sigma_min < r_max,
                        "grid edm: sigma_min = " << o.sigma_min << " must lie strictly between the noise ratios "
                                                 << "sigma/alpha at the end (" << r_end << ") and at the start ("
                                                 << r_max << ")");
  const double a = std::pow(r_max, 1.0 / o.rho), b = std::pow(o.sigma_min, 1.0 / o.rho);
  for (int n = 1; n < N; ++n)
    t[static_cast<std::size_t>(n)] =
        path.time_of_noise_ratio(std::pow(a + (b - a) * static_cast<double>(n) / static_cast<double>(N - 1), o.rho));
  return t;
}

bool needs_positive_end(Integrator i) {
  return i == Integrator::reverse_em || i == Integrator::ode_heun || i == Integrator::ode_dopri5;
}

bool stochastic(Integrator i, double eta) {
  return !(i == Integrator::ode_heun || i == Integrator::ode_dopri5 || (i == Integrator::ddim && eta == 0.0));
}

bool keeps_denoiser_outputs(Integrator i) {
  return i == Integrator::ddpm || i == Integrator::ddim || i == Integrator::predictor_corrector;
}

std::string to_string(Guidance g) {
  switch (g) {
    case Guidance::dps: return "dps";
    case Guidance::pigdm: return "pigdm";
    case Guidance::ddrm: return "ddrm";
    case Guidance::dps_langevin: return "dps_langevin";
    case Guidance::pigdm_langevin: return "pigdm_langevin";
  }
  return "?";
}

// ---------------------------------------------------------------------------------------------------------
// Denoiser and reverse-time models

void MixtureDenoiser::sample_diffused(double alpha, double sigma, std::uint32_t seed, std::uint64_t first,
                                      Eigen::Index n, MatrixXd& out) const {
  mixture_->sample(seed, kStartPaths + first, static_cast<std::size_t>(n), out);
  if (sigma == 0.0) {
    out *= alpha;
    return;
  }
  const random::NormalStream noise(seed, random::Purpose::diffusion);
  VectorXd eps(out.rows());
  for (Eigen::Index j = 0; j < n; ++j) {
    noise.fill(first + static_cast<std::uint64_t>(j), kStartIndex, static_cast<std::size_t>(eps.size()), eps.data());
    out.col(j) = alpha * out.col(j) + sigma * eps;
  }
}

void ReverseSde::drift(double tau, const MatrixXd& X, MatrixXd& A) const {
  const double t = forward_time(tau), a = path_.alpha(t), s = path_.sigma(t);
  ITO_REQUIRE(s > 0.0, "the reverse-time drift needs sigma(t) > 0 (t = " << t << "); end the sampler at t_end > 0");
  denoiser_.denoise(a, s, X, A);
  if (evaluations_) evaluations_->fetch_add(X.cols(), std::memory_order_relaxed);
  const double f = path_.drift_coefficient(t), g2 = path_.diffusion_squared(t) * (flow_ ? 0.5 : 1.0);
  // −f x + g² (αD − x)/σ²
  A = (g2 * a / (s * s)) * A - (f + g2 / (s * s)) * X;
}

double ReverseSde::noise_scale(double tau) const {
  return flow_ ? 0.0 : std::sqrt(path_.diffusion_squared(forward_time(tau)));
}

void ReverseSde::nonlinear_input(double tau, const MatrixXd& X, MatrixXd& N) const {
  const double t = forward_time(tau);
  denoiser_.denoise(path_.alpha(t), path_.sigma(t), X, N);
  if (evaluations_) evaluations_->fetch_add(X.cols(), std::memory_order_relaxed);
}

sde::LinearFlow ReverseSde::linear_flow(double tau, double h) const {
  const double t = forward_time(tau), s = forward_time(tau + h);
  const double at = path_.alpha(t), st = path_.sigma(t), as = path_.alpha(s), ss = path_.sigma(s);
  const double r = at * ss / (as * st);
  const double one_minus_r2 = std::max(0.0, 1.0 - r * r);
  sde::LinearFlow flow;
  flow.phi = ss * ss * at / (st * st * as);
  flow.psi = as * one_minus_r2;
  flow.variance = ss * ss * one_minus_r2;
  // c = ∫_τ^{τ+h} Φ(u → s) g(u) du, Φ(u → s) = σ_s² α_u / (σ_u² α_s): 16-point Gauss–Legendre.
  static constexpr double x16[8] = {0.0950125098376374, 0.2816035507792589, 0.4580167776572274, 0.6178762444026438,
                                    0.7554044083550030, 0.8656312023878318, 0.9445750230732326, 0.9894009349916499};
  static constexpr double w16[8] = {0.1894506104550685, 0.1826034150449236, 0.1691565193950025, 0.1495959888165767,
                                    0.1246289712555339, 0.0951585116824928, 0.0622535239386479, 0.0271524594117541};
  double c = 0.0;
  for (int k = 0; k < 8; ++k)
    for (int sign : {-1, 1}) {
      const double u = tau + 0.5 * h * (1.0 + sign * x16[k]);
      const double tu = forward_time(u), au = path_.alpha(tu), su = path_.sigma(tu);
      c += w16[k] * (ss * ss * au / (su * su * as)) * std::sqrt(path_.diffusion_squared(tu));
    }
  flow.covariance = std::min(0.5 * h * c, std::sqrt(flow.variance * h));  // Cauchy–Schwarz
  return flow;
}

// ---------------------------------------------------------------------------------------------------------
// Shared pieces

namespace {

/// Noise levels (α_n, σ_n), n = 0 … N, from the start down to the end.
struct Levels {
  std::vector<double> alpha, sigma;
  int steps() const { return static_cast<int>(alpha.size()) - 1; }
};

Levels path_levels(const NoisingPath& path, double t_start, const SamplerOptions& o) {
  Levels L;
  for (double t : level_times(path, t_start, o.t_end, o)) {
    L.alpha.push_back(path.alpha(t));
    L.sigma.push_back(path.sigma(t));
  }
  return L;
}

Levels ddpm_levels(int K, int steps) {
  const auto abar = NoisingPath::ddpm_alpha_bar(K);
  Levels L;
  for (int i = 0; i < steps; ++i) {
    const int k = steps == 1 ? K - 1 : K - 1 - static_cast<int>(std::lround(static_cast<double>(i) * (K - 1) / (steps - 1)));
    L.alpha.push_back(std::sqrt(abar[k]));
    L.sigma.push_back(std::sqrt(1.0 - abar[k]));
  }
  L.alpha.push_back(1.0);
  L.sigma.push_back(0.0);
  return L;
}

/// `uses_integrator`: the sampler steps with options.integrator (the unconditional sampler and the routes that
/// call it); otherwise with its own DDIM-type steps. `pairs`: whether it can run antithetic pairs — the level
/// integrators (ddpm, ddim, predictor_corrector) and the guided samplers draw every Gaussian of a sample
/// through fill_draws; the SDE and ODE integrators draw theirs in the path kernel, and SMC resamples its
/// particles, which breaks the pairs.
void check_common(const Denoiser& denoiser, const NoisingPath& path, const SamplerOptions& o, double t_start,
                  bool uses_integrator, bool pairs) {
  ITO_REQUIRE_PARAMETER(denoiser.dim() >= 1, "the prior has no dimensions");
  ITO_REQUIRE_PARAMETER(!o.antithetic || pairs,
                        "antithetic pairs are drawn by the level integrators (ddpm, ddim, predictor_corrector) and "
                        "the guided samplers only, not by the SDE and ODE integrators or SMC");
  ITO_REQUIRE_PARAMETER(o.steps >= 1, "steps must be >= 1 (got " << o.steps << ")");
  ITO_REQUIRE_PARAMETER(o.block >= 1, "block must be >= 1");
  ITO_REQUIRE_PARAMETER(o.t_end >= 0.0 && o.t_end < t_start,
              "t_end = " << o.t_end << " must lie in [0, " << t_start << ") (the start time)");
  ITO_REQUIRE_PARAMETER(o.eta >= 0.0 && o.eta <= 1.0, "eta = " << o.eta << " must lie in [0, 1]");
  ITO_REQUIRE_PARAMETER(o.corrector_steps >= 0 && o.snr > 0.0, "need corrector_steps >= 0 and snr > 0");
  if (uses_integrator && o.grid != LevelGrid::uniform)
    ITO_REQUIRE_PARAMETER(steps_on_levels(o.integrator), "grid " << to_string(o.grid) << " needs an integrator that steps "
                                                          "from level to level (ddim, predictor_corrector), not "
                                                          << to_string(o.integrator));
  if (uses_integrator && needs_positive_end(o.integrator))
    ITO_REQUIRE_PARAMETER(path.sigma(o.t_end) > 0.0, to_string(o.integrator)
                                               << " evaluates the drift at t_end, where sigma = 0: set t_end > 0");
}

/// The d Gaussian draws of sample `sample` at `index` of its stream path. Antithetic (SamplerOptions::antithetic):
/// samples 2m and 2m + 1 take path m, sample 2m + 1 negated.
void fill_draws(const random::NormalStream& stream, std::uint64_t sample, std::uint64_t index, std::size_t d,
                double* out, bool antithetic) {
  stream.fill(antithetic ? sample / 2 : sample, index, d, out);
  if (antithetic && sample % 2 == 1)
    for (std::size_t i = 0; i < d; ++i) out[i] = -out[i];
}

/// The Gaussian draws Z (d × B) of samples first, first + 1, … at `index` of their stream paths (fill_draws).
void draw(const random::NormalStream& stream, std::uint64_t first, Eigen::Index B, std::uint64_t index, int d,
          MatrixXd& Z, bool antithetic = false) {
  Z.resize(d, B);
  for (Eigen::Index j = 0; j < B; ++j)
    fill_draws(stream, first + static_cast<std::uint64_t>(j), index, static_cast<std::size_t>(d), Z.col(j).data(),
               antithetic);
}

/// DDIM(η) from level (a, b) to (a2, b2) with denoiser output D: x' = a2 D + √(b2² − c²) ε̂ + c ξ.
void ddim_step(double a, double b, double a2, double b2, double eta, const MatrixXd& X, const MatrixXd& D,
               const MatrixXd& Z, MatrixXd& out) {
  const double r = b2 == 0.0 ? 0.0 : (a * b2) / (a2 * b);
  const double c = eta * b2 * std::sqrt(std::max(0.0, 1.0 - r * r));
  const double e = std::sqrt(std::max(0.0, b2 * b2 - c * c)) / b;
  out = a2 * D + e * (X - a * D);
  if (c > 0.0) out += c * Z;
}

/// Langevin corrector steps on the score S(x) given by `score` at one level.
template <class Score>
void langevin_correct(int steps, double snr, const random::NormalStream& stream, std::uint64_t first,
                      std::uint64_t index0, MatrixXd& X, MatrixXd& S, MatrixXd& Z, Score&& score,
                      bool antithetic = false) {
  const int d = static_cast<int>(X.rows());
  for (int c = 0; c < steps; ++c) {
    score(X, S);
    draw(stream, first, X.cols(), index0 + static_cast<std::uint64_t>(c) * d, d, Z, antithetic);
    for (Eigen::Index j = 0; j < X.cols(); ++j) {
      const double sn = S.col(j).norm();
      if (sn == 0.0) continue;
      const double ratio = snr * Z.col(j).norm() / sn;
      const double delta = 2.0 * ratio * ratio;
      X.col(j) += delta * S.col(j) + std::sqrt(2.0 * delta) * Z.col(j);
    }
  }
}

void require_finite(const MatrixXd& X, const char* sampler, std::uint64_t first, int step) {
  if (core::all_finite(X)) return;
  Eigen::Index bad = 0;
  while (X.col(bad).allFinite()) ++bad;
  throw NumericalError(std::string(sampler) + ": sample " + std::to_string(first + static_cast<std::uint64_t>(bad)) +
                       " is not finite after step " + std::to_string(step));
}

/// A blocked run: f(first_sample, B, X_out) per block; results gathered in a d × n matrix (under MPI the blocks are
/// divided over the ranks and the columns gathered, core/mpi.hpp); the columns of `also` (d × n, written by f for its
/// own block) are gathered likewise.
template <class F>
MatrixXd run_blocks(int d, std::size_t n, std::size_t block, F&& f, MatrixXd* also = nullptr) {
  MatrixXd out(d, static_cast<Eigen::Index>(n));
  std::vector<core::mpi::ItemArray> columns{{out.data(), static_cast<std::size_t>(d)}};
  if (also && also->size() > 0) columns.push_back({also->data(), static_cast<std::size_t>(d)});
  core::mpi::distributed_blocks(n, block, columns, [&](std::size_t, std::size_t begin, std::size_t end) {
    MatrixXd X;
    f(static_cast<std::uint64_t>(begin), static_cast<Eigen::Index>(end - begin), X);
    out.middleCols(static_cast<Eigen::Index>(begin), X.cols()) = X;
  });
  return out;
}

/// Exact draws α x₀ + σ ε of p_{α,σ} for samples first, first + 1, … (Denoiser::sample_diffused). Antithetic:
/// samples 2m and 2m + 1 share the prior draw x₀ of sample m and take its noise ε and −ε, so each keeps the law
/// p_{α,σ} whatever the prior (the mirror image about the mean would not, for a prior that is not symmetric),
/// and sample 2m starts where sample m does without pairing.
StartFn default_start(const Denoiser& denoiser, double alpha, double sigma, std::uint32_t seed,
                      bool antithetic = false) {
  if (!antithetic)
    return [&denoiser, alpha, sigma, seed](std::uint64_t first, MatrixXd& X) {
      denoiser.sample_diffused(alpha, sigma, seed, first, X.cols(), X);
    };
  return [&denoiser, alpha, sigma, seed](std::uint64_t first, MatrixXd& X) {
    MatrixXd x, signal;
    for (Eigen::Index j = 0; j < X.cols(); ++j) {
      const std::uint64_t s = first + static_cast<std::uint64_t>(j);
      denoiser.sample_diffused(alpha, sigma, seed, s / 2, 1, x);
      if (s % 2 == 0) {
        X.col(j) = x.col(0);
      } else {
        denoiser.sample_diffused(alpha, 0.0, seed, s / 2, 1, signal);  // α x₀ alone
        X.col(j) = 2.0 * signal.col(0) - x.col(0);                      // α x₀ − σ ε
      }
    }
  };
}

// The likelihood pieces guided samplers share: M_t⁻¹ with M_t = ρ A Aᵀ + σ_y² I through A's SVD (diagonal
// for identity and mask), and log N(y; A D, M_t).
class Likelihood {
 public:
  explicit Likelihood(const Observation& obs) : obs_(obs) {
    ITO_REQUIRE_PARAMETER(obs.sigma_y > 0.0 && std::isfinite(obs.sigma_y), "sigma_y must be finite and > 0");
    ITO_REQUIRE_PARAMETER(obs.y.size() == obs.A.output_dim(), "y has " << obs.y.size() << " entries, the operator gives "
                                                             << obs.A.output_dim());
    diagonal_ = obs.A.kind_enum() == inverse::LinearOperator::Kind::identity ||
                obs.A.kind_enum() == inverse::LinearOperator::Kind::mask;
    if (!diagonal_) svd_ = &obs.A.svd();
  }
  int dy() const { return obs_.A.output_dim(); }
  /// W = M⁻¹ R (R d_y × B), ρ = r_t².
  void solve(double rho, const MatrixXd& R, MatrixXd& W) const {
    const double s2 = obs_.sigma_y * obs_.sigma_y;
    if (diagonal_) {
      W = R / (rho + s2);
      return;
    }
    const MatrixXd P = svd_->U.transpose() * R;
    const VectorXd inv = (rho * svd_->s.array().square() + s2).inverse().matrix();
    W = (R - svd_->U * P) / s2 + svd_->U * (inv.asDiagonal() * P);
  }
  double log_det(double rho) const {
    const double s2 = obs_.sigma_y * obs_.sigma_y;
    if (diagonal_) return dy() * std::log(rho + s2);
    double v = (dy() - svd_->s.size()) * std::log(s2);
    for (Eigen::Index i = 0; i < svd_->s.size(); ++i) v += std::log(rho * svd_->s(i) * svd_->s(i) + s2);
    return v;
  }
  /// Residuals R = y − A D.
  void residual(const MatrixXd& D, MatrixXd& R) const {
    obs_.A.apply(D, R);
    R = (-R).colwise() + obs_.y;
  }
  /// log N(y; A D(:, j), M) per column, and G = Aᵀ M⁻¹ (y − A D) (the vector the JVP is taken with).
  void evaluate(double rho, const MatrixXd& D, VectorXd& logl, MatrixXd& G) const {
    MatrixXd R, W;
    residual(D, R);
    solve(rho, R, W);
    logl = -0.5 * (R.cwiseProduct(W)).colwise().sum().transpose();
    logl.array() -= 0.5 * (log_det(rho) + dy() * std::log(2.0 * std::numbers::pi));
    obs_.A.adjoint(W, G);
  }
  const Observation& observation() const { return obs_; }

 private:
  const Observation& obs_;
  bool diagonal_ = true;
  const inverse::LinearOperator::Svd* svd_ = nullptr;
};

double rho_of(double a, double b) { return b * b / (a * a + b * b); }

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// Unconditional samplers

SampleResult sample_unconditional(const Denoiser& denoiser, const NoisingPath& path, const SamplerOptions& o,
                                  std::uint32_t seed, std::size_t n, double t_start, StartFn start) {
  if (t_start <= 0.0) t_start = path.horizon();
  ITO_REQUIRE_PARAMETER(t_start <= path.horizon(), "start time " << t_start << " beyond the horizon " << path.horizon());
  check_common(denoiser, path, o, t_start, true, keeps_denoiser_outputs(o.integrator));
  const int d = denoiser.dim();
  if (!start) {
    if (o.integrator == Integrator::ddpm) {
      const Levels L = ddpm_levels(o.ddpm_steps, o.steps);
      start = default_start(denoiser, L.alpha[0], L.sigma[0], seed, o.antithetic);
    } else {
      start = default_start(denoiser, path.alpha(t_start), path.sigma(t_start), seed, o.antithetic);
    }
  }
  const random::NormalStream stream(seed, random::Purpose::diffusion);
  SampleResult result;
  result.samples.resize(d, static_cast<Eigen::Index>(n));

  switch (o.integrator) {
    case Integrator::reverse_em:
    case Integrator::reverse_exponential:
    case Integrator::ode_heun: {
      const bool flow = o.integrator == Integrator::ode_heun;
      const ReverseSde model(denoiser, path, t_start, flow);
      const core::TimeGrid grid(0.0, t_start - o.t_end, o.steps);
      auto observe = [&](std::size_t begin, const MatrixXd& X) {
        result.samples.middleCols(static_cast<Eigen::Index>(begin), X.cols()) = X;
      };
      const monte_carlo::BatchOptions bo{o.block, 1};
      auto init = [&](std::uint64_t first, MatrixXd& X) { start(first, X); };
      if (core::mpi::distributed()) {
        // Under MPI: the batch kernel on each block of this rank's share (the blocks of one process), then the
        // columns gathered.
        const std::vector<core::mpi::ItemArray> columns{{result.samples.data(), static_cast<std::size_t>(d)}};
        core::mpi::distributed_blocks(n, o.block, columns, [&](std::size_t, std::size_t begin, std::size_t end) {
          auto observe_block = [&](std::size_t at, const MatrixXd& X) { observe(begin + at, X); };
          if (o.integrator == Integrator::reverse_em)
            monte_carlo::simulate_batch(model, schemes::EulerMaruyama{}, init, grid, begin, end - begin, stream,
                                        observe_block, bo);
          else if (o.integrator == Integrator::reverse_exponential)
            monte_carlo::simulate_batch(model, schemes::ExponentialEuler{}, init, grid, begin, end - begin, stream,
                                        observe_block, bo);
          else
            monte_carlo::simulate_batch(model, schemes::EulerHeun{}, init, grid, begin, end - begin, stream,
                                        observe_block, bo);
        });
      } else if (o.integrator == Integrator::reverse_em)
        monte_carlo::simulate_batch(model, schemes::EulerMaruyama{}, init, grid, 0, n, stream, observe, bo);
      else if (o.integrator == Integrator::reverse_exponential)
        monte_carlo::simulate_batch(model, schemes::ExponentialEuler{}, init, grid, 0, n, stream, observe, bo);
      else
        monte_carlo::simulate_batch(model, schemes::EulerHeun{}, init, grid, 0, n, stream, observe, bo);
      result.nfe = (flow ? 2.0 : 1.0) * o.steps;
      return result;
    }
    case Integrator::ode_dopri5: {
      std::atomic<long long> evaluations{0};
      const ReverseSde model(denoiser, path, t_start, true, &evaluations);
      const double tau_end = t_start - o.t_end;
      result.samples = run_blocks(d, n, o.block, [&](std::uint64_t first, Eigen::Index B, MatrixXd& X) {
        X.resize(d, B);
        start(first, X);
        using State = std::vector<double>;
        State state(X.data(), X.data() + X.size());
        auto rhs = [&](const State& x, State& dxdt, double tau) {
          const Eigen::Map<const MatrixXd> Xm(x.data(), d, B);
          MatrixXd A(d, B);
          model.drift(tau, MatrixXd(Xm), A);
          dxdt.assign(A.data(), A.data() + A.size());
        };
        namespace ode = boost::numeric::odeint;
        ode::integrate_adaptive(ode::make_controlled<ode::runge_kutta_dopri5<State>>(o.tolerance, o.tolerance), rhs,
                                state, 0.0, tau_end, tau_end / o.steps);
        X = Eigen::Map<const MatrixXd>(state.data(), d, B);
        require_finite(X, "ode_dopri5", first, o.steps);
      });
      result.nfe = static_cast<double>(evaluations.load()) / static_cast<double>(std::max<std::size_t>(n, 1));
      return result;
    }
    case Integrator::ddpm:
    case Integrator::ddim:
    case Integrator::predictor_corrector: {
      const Levels L = o.integrator == Integrator::ddpm ? ddpm_levels(o.ddpm_steps, o.steps)
                                                         : path_levels(path, t_start, o);
      const double eta = o.integrator == Integrator::ddpm ? 1.0 : o.eta;
      const int C = o.integrator == Integrator::predictor_corrector ? o.corrector_steps : 0;
      const std::uint64_t slots = 1 + static_cast<std::uint64_t>(C);
      const int rb = std::min(o.rao_blackwell_steps, L.steps());
      if (rb > 0) result.rao_blackwell.setZero(d, static_cast<Eigen::Index>(n));
      result.samples = run_blocks(d, n, o.block, [&](std::uint64_t first, Eigen::Index B, MatrixXd& X) {
        X.resize(d, B);
        start(first, X);
        MatrixXd D, Z, Y, S;
        for (int k = 0; k < L.steps(); ++k) {
          denoiser.denoise(L.alpha[k], L.sigma[k], X, D);
          if (k >= L.steps() - rb)  // this block's own columns: no other thread writes them
            result.rao_blackwell.middleCols(static_cast<Eigen::Index>(first), B) += D / static_cast<double>(rb);
          draw(stream, first, B, static_cast<std::uint64_t>(k) * slots * d, d, Z, o.antithetic);
          ddim_step(L.alpha[k], L.sigma[k], L.alpha[k + 1], L.sigma[k + 1], eta, X, D, Z, Y);
          X.swap(Y);
          if (C > 0 && L.sigma[k + 1] > 0.0) {
            const double a = L.alpha[k + 1], s = L.sigma[k + 1];
            langevin_correct(C, o.snr, stream, first, (static_cast<std::uint64_t>(k) * slots + 1) * d, X, S, Z,
                             [&](const MatrixXd& x, MatrixXd& score) {
                               denoiser.denoise(a, s, x, score);
                               score = (a * score - x) / (s * s);
                             }, o.antithetic);
          }
          require_finite(X, to_string(o.integrator).c_str(), first, k);
        }
      }, &result.rao_blackwell);
      result.nfe = static_cast<double>(L.steps()) * (1 + C);
      return result;
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Guided posterior samplers

SampleResult sample_guided(Guidance guidance, const Denoiser& denoiser, const NoisingPath& path,
                           const Observation& obs, const SamplerOptions& o, const GuidanceOptions& guide,
                           std::uint32_t seed, std::size_t n) {
  check_common(denoiser, path, o, path.horizon(), false, true);
  ITO_REQUIRE_PARAMETER(obs.A.input_dim() == denoiser.dim(), "the operator takes " << obs.A.input_dim()
                                                                         << " inputs, the prior has dimension "
                                                                         << denoiser.dim());
  ITO_REQUIRE_PARAMETER(std::isfinite(guide.scale) && guide.scale >= 0.0, "guidance scale must be finite and >= 0");
  const Likelihood lik(obs);
  const int d = denoiser.dim();
  const Levels L = path_levels(path, path.horizon(), o);
  const random::NormalStream stream(seed, random::Purpose::diffusion);
  const bool langevin = guidance == Guidance::dps_langevin || guidance == Guidance::pigdm_langevin;
  const int C = langevin ? o.corrector_steps : 0;
  const std::uint64_t slots = 1 + static_cast<std::uint64_t>(C);
  const StartFn start = default_start(denoiser, L.alpha[0], L.sigma[0], seed, o.antithetic);

  // DDRM's spectral quantities: A = U diag(s) Vᵀ; ȳ = diag(1/s) Uᵀ y on the coordinates with s_i > 0.
  // Identity and mask: U = I, s = 1 and V a permutation (observed coordinates first, LinearOperator::svd),
  // applied by indexing (the dense d × d V of an image would not fit into memory; the result is the same).
  const bool permutation = obs.A.kind_enum() == inverse::LinearOperator::Kind::identity ||
                           obs.A.kind_enum() == inverse::LinearOperator::Kind::mask;
  const inverse::LinearOperator::Svd* svd =
      guidance == Guidance::ddrm && !permutation ? &obs.A.svd() : nullptr;
  std::vector<Eigen::Index> perm;  // V(:, i) = e_{perm[i]}
  VectorXd ybar, noise_level;      // ȳ_i and σ_y / s_i (∞ on the null space)
  if (guidance == Guidance::ddrm && permutation) {
    std::vector<char> seen(static_cast<std::size_t>(d), 0);
    for (int ob : obs.A.observed()) {
      perm.push_back(ob);
      seen[static_cast<std::size_t>(ob)] = 1;
    }
    for (int j = 0; j < d; ++j)
      if (!seen[static_cast<std::size_t>(j)]) perm.push_back(j);
    ybar = VectorXd::Zero(d);
    noise_level = VectorXd::Constant(d, std::numeric_limits<double>::infinity());
    ybar.head(obs.y.size()) = obs.y;
    noise_level.head(obs.y.size()).setConstant(obs.sigma_y);
  }
  // Vᵀ M and V M
  auto v_transpose = [&](const MatrixXd& M) -> MatrixXd {
    if (svd) return svd->V.transpose() * M;
    MatrixXd R(M.rows(), M.cols());
    for (Eigen::Index i = 0; i < M.rows(); ++i) R.row(i) = M.row(perm[static_cast<std::size_t>(i)]);
    return R;
  };
  auto v_apply = [&](const MatrixXd& M) -> MatrixXd {
    if (svd) return svd->V * M;
    MatrixXd R(M.rows(), M.cols());
    for (Eigen::Index i = 0; i < M.rows(); ++i) R.row(perm[static_cast<std::size_t>(i)]) = M.row(i);
    return R;
  };
  if (svd) {
    ybar = VectorXd::Zero(d);
    noise_level = VectorXd::Constant(d, std::numeric_limits<double>::infinity());
    const VectorXd uy = svd->U.transpose() * obs.y;
    const double smax = svd->s.size() > 0 ? svd->s(0) : 0.0;
    for (Eigen::Index i = 0; i < svd->s.size(); ++i)
      if (svd->s(i) > 1e-12 * smax) {
        ybar(i) = uy(i) / svd->s(i);
        noise_level(i) = obs.sigma_y / svd->s(i);
      }
  }

  SampleResult result;
  result.samples = run_blocks(d, n, o.block, [&](std::uint64_t first, Eigen::Index B, MatrixXd& X) {
    X.resize(d, B);
    start(first, X);
    MatrixXd D, JV, Z, Y, S;
    VectorXd logl;
    for (int k = 0; k < L.steps(); ++k) {
      const double a = L.alpha[k], b = L.sigma[k], a2 = L.alpha[k + 1], b2 = L.sigma[k + 1];
      draw(stream, first, B, static_cast<std::uint64_t>(k) * slots * d, d, Z, o.antithetic);
      switch (guidance) {
        case Guidance::dps:
        case Guidance::dps_langevin: {
          // The guidance vector Aᵀ(y − A D)/‖y − A D‖ of each column, from the denoised states.
          denoiser.denoise_guided_jvp(
              a, b, X,
              [&](const MatrixXd& Dm, MatrixXd& AR) {
                MatrixXd Rm;
                lik.residual(Dm, Rm);
                obs.A.adjoint(Rm, AR);
                for (Eigen::Index j = 0; j < Rm.cols(); ++j) {
                  const double nr = Rm.col(j).norm();
                  AR.col(j) /= nr > 0.0 ? nr : 1.0;
                }
              },
              D, JV);
          ddim_step(a, b, a2, b2, o.eta, X, D, Z, Y);
          Y += guide.scale * JV;
          break;
        }
        case Guidance::pigdm:
        case Guidance::pigdm_langevin: {
          denoiser.denoise_guided_jvp(
              a, b, X, [&](const MatrixXd& Dm, MatrixXd& Gm) { lik.evaluate(rho_of(a, b), Dm, logl, Gm); }, D, JV);
          D += (b * b / a) * guide.scale * JV;
          ddim_step(a, b, a2, b2, o.eta, X, D, Z, Y);
          break;
        }
        case Guidance::ddrm: {
          denoiser.denoise(a, b, X, D);
          const MatrixXd xbar = v_transpose(X / a), dbar = v_transpose(D);
          const double st = b / a, ss = b2 / a2;
          const double keep = std::sqrt(std::max(0.0, 1.0 - o.eta * o.eta));
          MatrixXd zbar = v_transpose(Z);  // rotated normals are normals
          Y.resize(d, B);
          for (Eigen::Index j = 0; j < B; ++j)
            for (int i = 0; i < d; ++i) {
              const double nl = noise_level(i);
              double v;
              if (!std::isfinite(nl))
                v = dbar(i, j) + keep * ss * (xbar(i, j) - dbar(i, j)) / st + o.eta * ss * zbar(i, j);
              else if (ss < nl)
                v = dbar(i, j) + keep * ss * (ybar(i) - dbar(i, j)) / nl + o.eta * ss * zbar(i, j);
              else
                v = (1.0 - guide.ddrm_eta_b) * dbar(i, j) + guide.ddrm_eta_b * ybar(i) +
                    std::sqrt(std::max(0.0, ss * ss - nl * nl * guide.ddrm_eta_b * guide.ddrm_eta_b)) * zbar(i, j);
              Y(i, j) = v;
            }
          Y = a2 * v_apply(Y);
          break;
        }
      }
      X.swap(Y);
      if (C > 0 && b2 > 0.0) {
        langevin_correct(C, o.snr, stream, first, (static_cast<std::uint64_t>(k) * slots + 1) * d, X, S, Z,
                         [&](const MatrixXd& x, MatrixXd& score) {
                           MatrixXd Dx, Jx;
                           VectorXd lx;
                           denoiser.denoise_guided_jvp(
                               a2, b2, x,
                               [&](const MatrixXd& Dm, MatrixXd& Gm) { lik.evaluate(rho_of(a2, b2), Dm, lx, Gm); },
                               Dx, Jx);
                           score = (a2 * Dx - x) / (b2 * b2) + Jx;
                         }, o.antithetic);
      }
      require_finite(X, to_string(guidance).c_str(), first, k);
    }
  });
  const double per_step = guidance == Guidance::ddrm ? 1.0 : 3.0;
  result.nfe = L.steps() * per_step + (langevin ? 3.0 * C * (L.steps() - (L.sigma.back() == 0.0 ? 1 : 0)) : 0.0);
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Twisted sequential Monte Carlo

namespace {
/// Systematic resampling (Kitagawa 1996) of the particles with log weights logw, by one uniform u ∈ [0, 1):
/// the j-th offspring is the particle whose cumulative normalised weight first reaches (j + u)/N.
std::vector<Eigen::Index> systematic_resample(const VectorXd& logw, double u, Eigen::Index count = -1) {
  const auto N = logw.size();
  const Eigen::Index M = count < 0 ? N : count;
  const double lse = core::log_sum_exp(logw.data(), static_cast<int>(N));
  const VectorXd w = (logw.array() - lse).exp();
  std::vector<Eigen::Index> idx(static_cast<std::size_t>(M));
  double cum = w(0);
  Eigen::Index i = 0;
  for (Eigen::Index j = 0; j < M; ++j) {
    const double target = (static_cast<double>(j) + u) / static_cast<double>(M);
    while (cum < target && i < N - 1) cum += w(++i);
    idx[static_cast<std::size_t>(j)] = i;
  }
  return idx;
}

/// ESS / N of the log weights logw.
double ess_fraction_of(const VectorXd& logw) {
  const auto N = static_cast<int>(logw.size());
  const double lse = core::log_sum_exp(logw.data(), N);
  const double lse2 = core::log_sum_exp(VectorXd(2.0 * logw).data(), N);
  return std::exp(2.0 * lse - lse2) / static_cast<double>(N);
}
}  // namespace

SampleResult sample_smc(const Denoiser& denoiser, const NoisingPath& path, const Observation& obs,
                        const SamplerOptions& o, const SmcOptions& smc, std::uint32_t seed, std::size_t n) {
  check_common(denoiser, path, o, path.horizon(), false, false);
  ITO_REQUIRE_PARAMETER(obs.A.input_dim() == denoiser.dim(), "the operator takes " << obs.A.input_dim()
                                                                         << " inputs, the prior has dimension "
                                                                         << denoiser.dim());
  ITO_REQUIRE_PARAMETER(smc.particles >= 2, "smc needs at least 2 particles (got " << smc.particles << ")");
  ITO_REQUIRE_PARAMETER(smc.ess_threshold >= 0.0 && smc.ess_threshold <= 1.0, "ess_threshold must lie in [0, 1]");
  const Likelihood lik(obs);
  const int d = denoiser.dim();
  const auto N = static_cast<Eigen::Index>(smc.particles);
  const Levels L = path_levels(path, path.horizon(), o);
  const random::NormalStream stream(seed, random::Purpose::diffusion);
  const random::NormalStream resample_stream(seed, random::Purpose::resample);
  const std::size_t runs = (n + static_cast<std::size_t>(N) - 1) / static_cast<std::size_t>(N);
  // Per run: its ESS fractions (steps + 1) and its resampling count, filled run by run.
  const auto levels = static_cast<std::size_t>(L.steps()) + 1;
  std::vector<double> ess(runs * levels), resamples(runs, 0.0);
  const double s2 = obs.sigma_y * obs.sigma_y;
  const double v0 = denoiser.marginal_variance();

  // The runs are independent (each resamples its own particles only): under MPI they are divided over the
  // ranks and their particles, ESS fractions and resampling counts gathered in run order (core/mpi.hpp), so
  // every rank holds what one process computes.
  MatrixXd all(d, static_cast<Eigen::Index>(runs) * N);
  const std::vector<core::mpi::ItemArray> per_run{{all.data(), static_cast<std::size_t>(d * N)},
                                                  {ess.data(), levels},
                                                  {resamples.data(), 1}};
  core::mpi::distributed_blocks(runs, 1, per_run, [&](std::size_t run, std::size_t, std::size_t) {
    const std::uint64_t first = static_cast<std::uint64_t>(run) * static_cast<std::uint64_t>(N);
    MatrixXd X(d, N), D, JV, G, Z, Xs, Ds, Gs;
    VectorXd logw = VectorXd::Zero(N), twist, twist_s;
    denoiser.sample_diffused(L.alpha[0], L.sigma[0], seed, first, N, X);
    // twist and guidance at a level: log p̃(y | x) and g = J Aᵀ M⁻¹(y − A D)
    auto at_level = [&](int k, const MatrixXd& x, MatrixXd& Dx, VectorXd& tw, MatrixXd& gx) {
      const double a = L.alpha[k], b = L.sigma[k];
      const double noise2 = (b / a) * (b / a);  // σ̃²
      if (b == 0.0) {  // the exact likelihood at t = 0
        Dx = x;
        MatrixXd R;
        lik.residual(x, R);
        tw = -0.5 * R.colwise().squaredNorm().transpose() / s2;
        tw.array() -= 0.5 * lik.dy() * std::log(2.0 * std::numbers::pi * s2);
        gx.setZero(d, x.cols());
        return;
      }
      denoiser.denoise(a, b, x, Dx);
      MatrixXd V;
      lik.evaluate(v0 * noise2 / (v0 + noise2), Dx, tw, V);
      denoiser.denoise_jvp(a, b, x, V, Dx, gx);
    };
    at_level(0, X, D, twist, G);
    logw = twist;
    auto resample = [&](int k) {
      // systematic resampling with one uniform per (run, step)
      const std::vector<Eigen::Index> idx =
          systematic_resample(logw, resample_stream.uniform(run, static_cast<std::uint64_t>(k)));
      MatrixXd X2(d, N), D2(d, N), G2(d, N);
      VectorXd t2(N);
      for (Eigen::Index j = 0; j < N; ++j) {
        const auto src = idx[static_cast<std::size_t>(j)];
        X2.col(j) = X.col(src);
        D2.col(j) = D.col(src);
        G2.col(j) = G.col(src);
        t2(j) = twist(src);
      }
      X.swap(X2);
      D.swap(D2);
      G.swap(G2);
      twist.swap(t2);
      logw.setZero();
    };
    auto ess_fraction = [&]() { return ess_fraction_of(logw); };
    for (int k = 0; k < L.steps(); ++k) {
      const double e = ess_fraction();
      ess[run * levels + static_cast<std::size_t>(k)] = e;
      if (!std::isfinite(e)) throw NumericalError("smc: the weights of run " + std::to_string(run) +
                                                  " are not finite at step " + std::to_string(k));
      if (e < smc.ess_threshold) {
        resample(k);
        resamples[run] += 1.0;
      }
      const double a = L.alpha[k], b = L.sigma[k], a2 = L.alpha[k + 1], b2 = L.sigma[k + 1];
      const double r = b2 == 0.0 ? 0.0 : (a * b2) / (a2 * b);
      const double var = b2 * b2 * std::max(0.0, 1.0 - r * r);
      // unconditional (DDPM) mean μ = Φ x + Ψ D
      const MatrixXd mu = (b2 * b2 * a / (b * b * a2)) * X + (a2 * std::max(0.0, 1.0 - r * r)) * D;
      draw(stream, first, N, static_cast<std::uint64_t>(k) * d, d, Z);
      VectorXd log_ratio = VectorXd::Zero(N);
      if (var > 0.0) {
        const double sd = std::sqrt(var);
        Xs = mu + var * G + sd * Z;
        // log p(x_s | x_t) − log q(x_s | x_t) = (−|x_s − μ|² + |x_s − μ − var g|²) / (2 var)
        for (Eigen::Index j = 0; j < N; ++j)
          log_ratio(j) = (-(Xs.col(j) - mu.col(j)).squaredNorm() + (sd * Z.col(j)).squaredNorm()) / (2.0 * var);
      } else {
        Xs = mu;
      }
      at_level(k + 1, Xs, Ds, twist_s, Gs);
      logw += log_ratio + twist_s - twist;
      X.swap(Xs);
      D.swap(Ds);
      G.swap(Gs);
      twist.swap(twist_s);
      require_finite(X, "smc", first, k);
    }
    ess[run * levels + levels - 1] = ess_fraction();
    resample(L.steps());
    all.middleCols(static_cast<Eigen::Index>(first), N) = X;
  });
  SampleResult result;
  result.samples = all.leftCols(static_cast<Eigen::Index>(n));
  result.ess.assign(levels, 0.0);
  for (std::size_t run = 0; run < runs; ++run)
    for (std::size_t k = 0; k < levels; ++k) result.ess[k] += ess[run * levels + k] / static_cast<double>(runs);
  for (double c : resamples) result.resamples += c / static_cast<double>(runs);
  result.nfe = 3.0 * L.steps() * static_cast<double>(runs * static_cast<std::size_t>(N)) / static_cast<double>(n);
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Exact denoising route

SampleResult sample_exact_route(const Denoiser& denoiser, const NoisingPath& path, const Observation& obs,
                                const SamplerOptions& o, std::uint32_t seed, std::size_t n) {
  ITO_REQUIRE_PARAMETER(obs.A.kind_enum() == inverse::LinearOperator::Kind::identity,
              "the exact route is for denoising (operator = identity), not '" << obs.A.kind() << "'");
  ITO_REQUIRE_PARAMETER(obs.A.input_dim() == denoiser.dim() && obs.y.size() == denoiser.dim(),
              "the observation has " << obs.y.size() << " entries, the prior has dimension " << denoiser.dim());
  ITO_REQUIRE_PARAMETER(stochastic(o.integrator, o.eta),
                        "the exact route starts every sample at alpha_t* y: it needs a stochastic integrator "
                        "(reverse_em, reverse_exponential, ddpm, ddim with eta > 0, predictor_corrector), not "
                            << to_string(o.integrator) << (o.integrator == Integrator::ddim ? " with eta = 0" : ""));
  const double t_star = path.time_of_noise_ratio(obs.sigma_y);
  const double a = path.alpha(t_star);
  const VectorXd start = a * obs.y;
  return sample_unconditional(denoiser, path, o, seed, n, t_star,
                              [start](std::uint64_t, MatrixXd& X) { X.colwise() = start; });
}

// ---------------------------------------------------------------------------------------------------------
// Split Gibbs: z | x, y coordinate by coordinate, x | z by the exact route at noise ρ

SampleResult sample_split_gibbs(const Denoiser& denoiser, const NoisingPath& path, const Observation& obs,
                                const SamplerOptions& o, const SplitGibbsOptions& sg, std::uint32_t seed,
                                std::size_t n) {
  using Kind = inverse::LinearOperator::Kind;
  const Kind kind = obs.A.kind_enum();
  ITO_REQUIRE_PARAMETER(kind == Kind::identity || kind == Kind::mask,
                        "split_gibbs needs a diagonal operator (identity or mask), not '" << obs.A.kind() << "'");
  const int d = denoiser.dim();
  ITO_REQUIRE_PARAMETER(obs.A.input_dim() == d && obs.y.size() == obs.A.output_dim(),
                        "the observation has " << obs.y.size() << " entries for an operator of " << obs.A.output_dim()
                                               << " rows; the prior has dimension " << d);
  ITO_REQUIRE_PARAMETER(sg.anneal >= 1 && sg.sweeps >= sg.anneal && sg.steps >= 1 && sg.final_steps >= 0,
                        "split_gibbs needs 1 <= anneal <= sweeps and steps >= 1 (anneal = "
                            << sg.anneal << ", sweeps = " << sg.sweeps << ", steps = " << sg.steps << ")");
  ITO_REQUIRE_PARAMETER(std::isfinite(sg.rho_end) && sg.rho_end > 0.0 && sg.rho_end <= sg.rho_start,
                        "split_gibbs needs 0 < rho_end <= rho_start (rho_start = " << sg.rho_start
                                                                                 << ", rho_end = " << sg.rho_end << ")");
  const double top = path.sigma(path.horizon()) / path.alpha(path.horizon());
  ITO_REQUIRE_PARAMETER(sg.rho_start <= top, "split_gibbs: rho_start = " << sg.rho_start
                                                 << " exceeds the path's largest noise ratio sigma_T/alpha_T = " << top);
  ITO_REQUIRE_PARAMETER(stochastic(o.integrator, o.eta),
                        "split_gibbs samples x | z by the exact route: it needs a stochastic integrator, not "
                            << to_string(o.integrator) << (o.integrator == Integrator::ddim ? " with eta = 0" : ""));
  ITO_REQUIRE_PARAMETER(o.grid != LevelGrid::edm || o.sigma_min < sg.rho_end,
                        "split_gibbs: the edm grid's sigma_min = " << o.sigma_min << " must lie below rho_end = "
                                                                    << sg.rho_end);
  const auto dim = static_cast<Eigen::Index>(d);
  // row[i] >= 0: coordinate i is observed, as y[row[i]]
  std::vector<Eigen::Index> row(static_cast<std::size_t>(d), -1);
  if (kind == Kind::identity)
    for (Eigen::Index i = 0; i < dim; ++i) row[static_cast<std::size_t>(i)] = i;
  else
    for (std::size_t k = 0; k < obs.A.observed().size(); ++k)
      row[static_cast<std::size_t>(obs.A.observed()[k])] = static_cast<Eigen::Index>(k);
  const double fill = obs.y.size() > 0 ? obs.y.mean() : 0.0;

  SamplerOptions route = o;
  const bool keeps_d = keeps_denoiser_outputs(o.integrator);

  MatrixXd Z(dim, static_cast<Eigen::Index>(n));
  for (Eigen::Index j = 0; j < Z.cols(); ++j)
    for (Eigen::Index i = 0; i < dim; ++i) {
      const Eigen::Index r = row[static_cast<std::size_t>(i)];
      Z(i, j) = r >= 0 ? obs.y[r] : fill;
    }
  const random::NormalStream z_noise(seed, random::Purpose::split_gibbs);
  SampleResult result;
  int averaged = 0;
  const double s2 = obs.sigma_y * obs.sigma_y;
  for (int k = 0; k < sg.sweeps; ++k) {
    const bool final = k >= sg.anneal - 1;  // ρ = ρ_end from here on
    const double rho = final ? sg.rho_end
                           : sg.rho_start * std::pow(sg.rho_end / sg.rho_start,
                                                     static_cast<double>(k) / static_cast<double>(sg.anneal - 1));
    if (k > 0) {  // z | x, y: N(v (y/σ_y² + x/ρ²), v) on observed coordinates (v = (1/σ_y² + 1/ρ²)⁻¹), N(x, ρ²) elsewhere
      const double r2 = rho * rho;
      const double v = s2 > 0.0 ? 1.0 / (1.0 / s2 + 1.0 / r2) : 0.0;
      const double sv = std::sqrt(v);
      core::parallel_blocks(n, 1, [&](std::size_t, std::size_t begin, std::size_t end) {
        VectorXd xi(dim);
        for (std::size_t j = begin; j < end; ++j) {
          // antithetic: chain 2m + 1 takes chain 2m's draws negated, here as in its routes (the chains start at
          // one z, so partners stay mirror images for as long as the denoiser is nearly affine)
          fill_draws(z_noise, j, static_cast<std::uint64_t>(k) * static_cast<std::uint64_t>(d),
                     static_cast<std::size_t>(d), xi.data(), o.antithetic);
          const auto c = static_cast<Eigen::Index>(j);
          for (Eigen::Index i = 0; i < dim; ++i) {
            const Eigen::Index r = row[static_cast<std::size_t>(i)];
            const double x = result.samples(i, c);
            Z(i, c) = r < 0 ? x + rho * xi[i]
                            : (s2 > 0.0 ? v * (obs.y[r] / s2 + x / r2) + sv * xi[i] : obs.y[r]);
          }
        }
      });
    }
    // x | z: the exact route from σ/α = ρ started at α z (every sample its own z)
    const double t_star = path.time_of_noise_ratio(rho);
    const double a = path.alpha(t_star);
    route.steps = final && sg.final_steps > 0 ? sg.final_steps : sg.steps;
    route.rao_blackwell_steps = keeps_d ? route.steps : 0;
    SampleResult step = sample_unconditional(denoiser, path, route, random::derived_seed(seed, k), n, t_star,
                                             [&](std::uint64_t first, MatrixXd& X) {
                                               X = a * Z.middleCols(static_cast<Eigen::Index>(first), X.cols());
                                             });
    result.nfe += step.nfe;
    result.samples = std::move(step.samples);
    if (keeps_d && final) {
      if (averaged == 0)
        result.rao_blackwell = step.rao_blackwell;
      else
        result.rao_blackwell += step.rao_blackwell;
      ++averaged;
    }
  }
  if (averaged > 1) result.rao_blackwell /= static_cast<double>(averaged);
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// MALA on the t = 0 posterior

namespace {
/// log p₀(x) + λ log N(y; Ax, σ_y² I) (up to a constant) and its gradient: the t = 0 posterior at λ = 1, the
/// likelihood-tempered bridge from the prior (λ = 0) for λ ∈ (0, 1).
struct PosteriorTarget {
  const priors::GaussianMixture& prior;
  const Observation& obs;
  double lambda = 1.0;
  int dim() const { return prior.dim(); }
  double log_density_gradient(const VectorXd& x, VectorXd& grad) const {
    thread_local MatrixXd X, S, Ax, R, AtR;
    thread_local VectorXd lp;
    X = x;
    prior.log_density(1.0, 0.0, X, lp);
    prior.score(1.0, 0.0, X, S);
    obs.A.apply(X, Ax);
    R = (-Ax).colwise() + obs.y;
    obs.A.adjoint(R, AtR);
    const double s2 = obs.sigma_y * obs.sigma_y;
    grad = S.col(0) + (lambda / s2) * AtR.col(0);
    return lp(0) - 0.5 * lambda * R.col(0).squaredNorm() / s2;
  }
};

/// A target seen in the coordinates z of x = L z (L lower triangular): log π(Lz) and Lᵀ∇log π(Lz). MALA with an
/// identity metric in z is MALA with the dense inverse metric L Lᵀ in x.
template <class Target>
struct LinearlyTransformed {
  const Target& target;
  const MatrixXd& L;
  int dim() const { return target.dim(); }
  double log_density_gradient(const VectorXd& z, VectorXd& grad) const {
    thread_local VectorXd x, gx;
    x.noalias() = L.triangularView<Eigen::Lower>() * z;
    const double lp = target.log_density_gradient(x, gx);
    grad.noalias() = L.triangularView<Eigen::Lower>().transpose() * gx;
    return lp;
  }
};
}  // namespace

SampleResult sample_mala(const priors::GaussianMixture& prior, const Observation& obs, const MalaOptions& m,
                         std::uint32_t seed, std::size_t n, std::size_t block) {
  ITO_REQUIRE_PARAMETER(obs.A.input_dim() == prior.dim(), "the operator takes " << obs.A.input_dim()
                                                                      << " inputs, the prior has dimension "
                                                                      << prior.dim());
  ITO_REQUIRE_PARAMETER(m.warmup >= 0 && m.iterations >= 1 && m.initial_step > 0.0, "mala needs warmup >= 0, iterations >= 1 "
                                                                          "and initial_step > 0");
  const Likelihood lik(obs);  // validates σ_y and y
  (void)lik;
  const int d = prior.dim();
  const PosteriorTarget target{prior, obs};
  VectorXd metric = VectorXd::Ones(d);
  if (m.precondition) metric = prior.covariance().diagonal();
  const VectorXd sqrt_metric = metric.cwiseSqrt();
  const random::NormalStream proposals(seed, random::Purpose::mcmc_proposal);
  const random::NormalStream accepts(seed, random::Purpose::mcmc_accept);
  std::vector<double> accept(n, 0.0), steps(n, 0.0);
  SampleResult result;
  result.samples.resize(d, static_cast<Eigen::Index>(n));
  const std::vector<core::mpi::ItemArray> chains{
      {result.samples.data(), static_cast<std::size_t>(d)}, {accept.data(), 1}, {steps.data(), 1}};
  core::mpi::distributed_blocks(n, block, chains, [&](std::size_t, std::size_t begin, std::size_t end) {
    MatrixXd X0;
    prior.sample(seed, kStartPaths + begin, end - begin, X0);
    mcmc::LangevinWorkspace ws;
    ws.resize(d);
    std::vector<double> xi(static_cast<std::size_t>(d));
    for (std::size_t c = begin; c < end; ++c) {
      mcmc::ChainState state;
      state.position = X0.col(static_cast<Eigen::Index>(c - begin));
      state.log_density = target.log_density_gradient(state.position, state.gradient);
      mcmc::DualAveraging da;
      da.target_accept = m.target_acceptance;
      da.restart(m.initial_step);
      double h = m.initial_step, acc = 0.0;
      const int total = m.warmup + m.iterations;
      for (int it = 0; it < total; ++it) {
        proposals.fill(c, static_cast<std::uint64_t>(it) * d, xi.size(), xi.data());
        const double u = accepts.uniform(c, static_cast<std::uint64_t>(it));
        const auto stat = mcmc::Mala::step(target, metric, sqrt_metric, h, 0.0, xi.data(), u, state, ws);
        if (it < m.warmup) {
          h = da.learn(stat.accept_stat);
          if (it + 1 == m.warmup) h = da.final_step_size();
        } else {
          acc += stat.accept_stat;
        }
      }
      if (!state.position.allFinite())
        throw NumericalError("mala: chain " + std::to_string(c) + " ended at a non-finite point");
      result.samples.col(static_cast<Eigen::Index>(c)) = state.position;
      accept[c] = acc / m.iterations;
      steps[c] = h;
    }
  });
  for (std::size_t c = 0; c < n; ++c) {
    result.acceptance += accept[c] / static_cast<double>(n);
    result.step_size += steps[c] / static_cast<double>(n);
  }
  result.nfe = m.warmup + m.iterations + 1;
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// MALA inside likelihood-tempered SMC

SampleResult sample_tempered_mala(const priors::GaussianMixture& prior, const Observation& obs,
                                  const TemperedMalaOptions& m, std::uint32_t seed, std::size_t n) {
  ITO_REQUIRE_PARAMETER(obs.A.input_dim() == prior.dim(), "the operator takes " << obs.A.input_dim()
                                                                      << " inputs, the prior has dimension "
                                                                      << prior.dim());
  ITO_REQUIRE_PARAMETER(m.particles >= 2, "smc_mala needs at least 2 particles (got " << m.particles << ")");
  ITO_REQUIRE_PARAMETER(m.ess_threshold > 0.0 && m.ess_threshold < 1.0,
                        "smc_mala needs an ESS threshold in (0, 1) (got " << m.ess_threshold << ")");
  ITO_REQUIRE_PARAMETER(m.moves >= 1 && m.initial_step > 0.0, "smc_mala needs moves >= 1 and initial_step > 0");
  ITO_REQUIRE_PARAMETER(m.cess > 0.0 && m.cess < 1.0, "smc_mala needs a conditional ESS target in (0, 1) (got " << m.cess << ")");
  const Likelihood lik(obs);  // validates σ_y and y
  const int d = prior.dim();
  // The preconditioner's d × d matrices: refuse what cannot be held (8 of them at once, with margin).
  ITO_REQUIRE_PARAMETER(8.0 * 8.0 * d * static_cast<double>(d) <= 4.0 * (1u << 30),
                        "smc_mala's dense preconditioner needs d x d matrices; d = " << d << " is too large");
  const double s2 = obs.sigma_y * obs.sigma_y;
  // Within-component covariance W = Σ_k w_k Σ_k and the Gauss–Newton term AᵀA/σ_y²: the stage-λ metric
  // (W⁻¹ + λAᵀA/σ_y²)⁻¹ is the covariance of every component's tempered posterior when the components share W.
  MatrixXd W = MatrixXd::Zero(d, d);
  for (int k = 0; k < prior.components(); ++k) W += prior.weights()(k) * prior.covariance(k);
  const MatrixXd W_inv = W.ldlt().solve(MatrixXd::Identity(d, d));
  MatrixXd AI, AtA;
  obs.A.apply(MatrixXd::Identity(d, d), AI);
  obs.A.adjoint(AI, AtA);
  AtA /= s2;
  auto factor_for = [&](double lambda) {
    const MatrixXd H = W_inv + lambda * AtA;
    const MatrixXd P = H.llt().solve(MatrixXd::Identity(d, d));
    Eigen::LLT<MatrixXd> llt(0.5 * (P + P.transpose()));
    if (llt.info() != Eigen::Success)
      throw NumericalError("smc_mala: the preconditioner at lambda = " + std::to_string(lambda) +
                           " is not positive definite");
    return MatrixXd(llt.matrixL());
  };

  const auto N = static_cast<Eigen::Index>(m.particles);
  const std::size_t runs = (n + static_cast<std::size_t>(N) - 1) / static_cast<std::size_t>(N);
  const random::NormalStream proposals(seed, random::Purpose::mcmc_proposal);
  const random::NormalStream accepts(seed, random::Purpose::mcmc_accept);
  const random::NormalStream resample_stream(seed, random::Purpose::resample);
  const VectorXd ones = VectorXd::Ones(d);
  SampleResult result;
  result.samples.resize(d, static_cast<Eigen::Index>(n));
  double total_stages = 0.0, total_resamples = 0.0;
  // Several runs: in parallel, each run on one thread. One run: its particles in parallel blocks, one parallel
  // region per sweep. Every random number is a function of (particle, stage, move) and every reduction runs in
  // particle order, so the samples do not depend on the threads or on which of the two is used.
  // Several runs under MPI: the runs are divided over the ranks, and their samples (one run's N columns of
  // `by_run`, the last run's tail unused) and statistics gathered in run order (core/mpi.hpp), so every rank
  // holds what one process computes. One run is not divided: every rank runs it whole.
  std::vector<double> run_stages(runs, 0.0), run_resamples(runs, 0.0), run_accept(runs, 0.0), run_step(runs, 0.0);
  const bool inside = runs == 1;
  const bool gathered = !inside && core::mpi::distributed();
  MatrixXd by_run;
  if (gathered) by_run.setZero(d, static_cast<Eigen::Index>(runs) * N);
  auto for_blocks = [inside](std::size_t count, auto&& f) {
    constexpr std::size_t block = 64;
    if (inside) {
      core::parallel_blocks(count, block, f);
    } else {
      for (std::size_t b = 0, begin = 0; begin < count; ++b, begin += block) f(b, begin, std::min(count, begin + block));
    }
  };
  auto one_run = [&](std::size_t run) {
    const std::uint64_t first = static_cast<std::uint64_t>(run) * static_cast<std::uint64_t>(N);
    const auto out_count = static_cast<Eigen::Index>(std::min<std::uint64_t>(N, n - first));
    MatrixXd X;
    prior.sample(seed, kStartPaths + first, static_cast<std::size_t>(N), X);
    auto log_likelihood = [&](const MatrixXd& x) {
      MatrixXd R;
      lik.residual(x, R);
      return VectorXd(-0.5 * R.colwise().squaredNorm().transpose() / s2);
    };
    VectorXd ell = log_likelihood(X);
    VectorXd logw = VectorXd::Zero(N);  // normalised log weights (log Σ e^logw = 0)
    auto normalise = [&] { logw.array() -= core::log_sum_exp(logw.data(), static_cast<int>(N)); };
    normalise();
    auto resample_to = [&](Eigen::Index count, std::uint64_t event) {
      const auto idx = systematic_resample(logw, resample_stream.uniform(run, event), count);
      MatrixXd X2(d, count);
      VectorXd ell2(count);
      for (Eigen::Index j = 0; j < count; ++j) {
        X2.col(j) = X.col(idx[static_cast<std::size_t>(j)]);
        ell2(j) = ell(idx[static_cast<std::size_t>(j)]);
      }
      X.swap(X2);
      ell.swap(ell2);
      logw.setConstant(count, -std::log(static_cast<double>(count)));
    };
    std::vector<double> accept_stat(static_cast<std::size_t>(N));
    double lambda = 0.0, h = m.initial_step, last_accept = 0.0;
    int s = 0, resamples = 0;
    for (; lambda < 1.0; ++s) {
      if (s >= m.max_stages)
        throw NumericalError("smc_mala: run " + std::to_string(run) + " did not reach lambda = 1 in " +
                             std::to_string(m.max_stages) + " stages (lambda = " + std::to_string(lambda) + ")");
      // The next temperature: the largest λ' ≤ 1 whose incremental weights u = exp((λ' − λ) ℓ) keep the
      // conditional ESS N(Σ W u)²/Σ W u² ≥ cess · N (Zhou, Johansen & Aston 2016), by bisection on λ' − λ.
      const double ell_max = ell.maxCoeff();
      auto cess_at = [&](double delta) {
        const VectorXd a = logw.array() + delta * (ell.array() - ell_max);
        const VectorXd b = logw.array() + 2.0 * delta * (ell.array() - ell_max);
        return std::exp(2.0 * core::log_sum_exp(a.data(), static_cast<int>(N)) -
                        core::log_sum_exp(b.data(), static_cast<int>(N)));
      };
      double delta = 1.0 - lambda;
      if (cess_at(delta) < m.cess) {
        double lo = 0.0, hi = delta;
        for (int it = 0; it < 60; ++it) {
          const double mid = 0.5 * (lo + hi);
          (cess_at(mid) >= m.cess ? lo : hi) = mid;
        }
        delta = std::max(lo, 1e-12);
      }
      const double next = (1.0 - lambda - delta) <= 1e-12 ? 1.0 : lambda + delta;
      logw += (next - lambda) * ell;
      if (!logw.allFinite())
        throw NumericalError("smc_mala: the weights of run " + std::to_string(run) + " are not finite at stage " +
                             std::to_string(s));
      normalise();
      lambda = next;
      if (ess_fraction_of(logw) < m.ess_threshold) {
        resample_to(N, static_cast<std::uint64_t>(s));
        ++resamples;
      }
      // MALA moves (weights unchanged: each move leaves the stage's tempered posterior invariant), in the
      // coordinates z = L⁻¹x of its metric
      const PosteriorTarget target{prior, obs, lambda};
      const MatrixXd L = factor_for(lambda);
      const LinearlyTransformed<PosteriorTarget> in_z{target, L};
      MatrixXd Z = L.triangularView<Eigen::Lower>().solve(X);
      std::vector<mcmc::ChainState> chains(static_cast<std::size_t>(N));
      for_blocks(static_cast<std::size_t>(N), [&](std::size_t, std::size_t begin, std::size_t end) {
        for (std::size_t j = begin; j < end; ++j) {
          chains[j].position = Z.col(static_cast<Eigen::Index>(j));
          chains[j].log_density = in_z.log_density_gradient(chains[j].position, chains[j].gradient);
        }
      });
      for (int i = 0; i < m.moves; ++i) {
        const auto iteration = static_cast<std::uint64_t>(s) * static_cast<std::uint64_t>(m.moves) +
                               static_cast<std::uint64_t>(i);
        for_blocks(static_cast<std::size_t>(N), [&](std::size_t, std::size_t begin, std::size_t end) {
          mcmc::LangevinWorkspace ws;
          ws.resize(d);
          std::vector<double> xi(static_cast<std::size_t>(d));
          for (std::size_t j = begin; j < end; ++j) {
            const std::uint64_t path = first + j;
            proposals.fill(path, iteration * static_cast<std::uint64_t>(d), xi.size(), xi.data());
            const double u = accepts.uniform(path, iteration);
            accept_stat[j] = mcmc::Mala::step(in_z, ones, ones, h, 0.0, xi.data(), u, chains[j], ws).accept_stat;
          }
        });
        double acc = 0.0;
        for (double a : accept_stat) acc += a;
        acc /= static_cast<double>(N);
        last_accept = acc;
        // one step-size update per sweep from the sweep's mean acceptance (the same for every particle)
        h *= std::exp(2.0 * (acc - m.target_acceptance));
      }
      for (Eigen::Index j = 0; j < N; ++j) Z.col(j) = chains[static_cast<std::size_t>(j)].position;
      X.noalias() = L.triangularView<Eigen::Lower>() * Z;
      if (!core::all_finite(X))
        throw NumericalError("smc_mala: run " + std::to_string(run) + " left the finite numbers at stage " +
                             std::to_string(s));
      ell = log_likelihood(X);
    }
    // equally weighted samples: one systematic resampling of the weighted particles at λ = 1
    resample_to(out_count, std::uint64_t{1} << 32);
    (gathered ? by_run : result.samples).middleCols(static_cast<Eigen::Index>(first), out_count) = X;
    run_stages[run] = s;
    run_resamples[run] = resamples;
    run_accept[run] = last_accept;
    run_step[run] = h;
  };
  if (inside) {
    one_run(0);  // (not inside a parallel region: the particle blocks get the threads)
  } else if (gathered) {
    const std::vector<core::mpi::ItemArray> per_run{{by_run.data(), static_cast<std::size_t>(d * N)},
                                                    {run_stages.data(), 1},
                                                    {run_resamples.data(), 1},
                                                    {run_accept.data(), 1},
                                                    {run_step.data(), 1}};
    core::mpi::distributed_blocks(runs, 1, per_run, [&](std::size_t run, std::size_t, std::size_t) { one_run(run); });
    result.samples = by_run.leftCols(static_cast<Eigen::Index>(n));
  } else {
    core::parallel_blocks(runs, 1, [&](std::size_t run, std::size_t, std::size_t) { one_run(run); });
  }
  for (std::size_t run = 0; run < runs; ++run) {
    total_stages += run_stages[run];
    total_resamples += run_resamples[run];
    result.acceptance += run_accept[run] / static_cast<double>(runs);
    result.step_size += run_step[run] / static_cast<double>(runs);
  }
  result.resamples = total_resamples / static_cast<double>(runs);
  result.stages = total_stages / static_cast<double>(runs);
  // gradient evaluations per particle: one per move plus one at the start of each stage
  result.nfe = total_stages * (m.moves + 1) / static_cast<double>(runs);
  return result;
}

}  // namespace ito::diffusion
