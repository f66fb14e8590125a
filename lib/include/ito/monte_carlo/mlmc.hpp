#pragma once
// Multilevel Monte Carlo (Giles, Operations Research 56, 2008; Giles, Acta Numerica 24, 2015, Algorithm 1).
//
// With P_l the functional on the grid of M_l = 2^l M0 steps and Y_0 = P_0, Y_l = P_l − P_{l−1} computed on
// coupled paths (simulate_coupled_paths.hpp), the telescoping sum
//   E[P_L] = Σ_{l=0}^{L} E[Y_l]
// is estimated level by level with N_l independent samples. For a target root-mean-square error ε the
// variance budget ε²/2 is split optimally given V_l = Var Y_l and the cost C_l of one sample:
//   N_l = ⌈ 2 ε⁻² √(V_l / C_l) Σ_k √(V_k C_k) ⌉,
// and levels are added while the bias estimate from the last three levels,
//   max_{i=0,1,2} |E Y_{L−i}| 2^{−iα} / (2^α − 1),
// exceeds ε/√2. α, β, γ (|E Y_l| ∝ 2^{−αl}, V_l ∝ 2^{−βl}, C_l ∝ 2^{γl}) are fitted by least squares on levels
// l ≥ 1 (core::fit_line on log₂; floored at ½ inside the algorithm, as in Giles' reference code); zero or noisy
// estimates on new levels
// are regularised as there: |E Y_l| ≥ ½ |E Y_{l−1}| 2^{−α}, V_l ≥ ½ V_{l−1} 2^{−β}.
//
// Diagnostics (Giles 2015 §3.3): the kurtosis of Y_l (large values mean V_l is poorly estimated) and the
// telescoping consistency check |E P^c_l − E P^f_{l−1}| / (3(√V_l + √V^f_{l−1} + √V^f_l)/√N_l) > 1, which
// flags a coarse path whose law differs from the level below.
//
// A level sampler is any object with
//   s.sample(level, index) -> std::pair<double, double>   (P_f, P_c) of sample `index` (P_c = 0 at level 0),
//                                                           a pure function of (level, index)
//     or, to simulate many samples together,
//   s.sample_block(level, first, count, fine, coarse)      fine[i], coarse[i] = (P_f, P_c) of sample first + i
//   s.cost(level) -> double                                work of one sample (e.g. path-steps)
// Samples are accumulated in fixed blocks merged in order, so the result is independent of the thread count.
// The level sampler of a model, a scheme and a path functional is coupled_level_sampler.hpp.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/core/line_fit.hpp"
#include "ito/core/mpi.hpp"

namespace ito::monte_carlo {

/// Power sums of the samples of one level; merge() adds in a fixed order.
struct LevelSums {
  std::int64_t samples = 0;
  double difference[4] = {0, 0, 0, 0};  ///< Σ Y^p, p = 1..4, Y = P_f − P_c
  double fine[2] = {0, 0};              ///< Σ P_f, Σ P_f²
  double coarse[2] = {0, 0};            ///< Σ P_c, Σ P_c²

  void add(double pf, double pc) {
    const double y = pf - pc, y2 = y * y;
    ++samples;
    difference[0] += y;
    difference[1] += y2;
    difference[2] += y2 * y;
    difference[3] += y2 * y2;
    fine[0] += pf;
    fine[1] += pf * pf;
    coarse[0] += pc;
    coarse[1] += pc * pc;
  }
  /// add(pf[i], pc[i]) for i = 0..n−1, compiled once (mlmc.cpp): the same machine code sums every block
  /// wherever it is called from, so no caller's inlining (and FMA contraction) can change a level's bits.
  void add_values(const double* pf, const double* pc, std::size_t n);

  void merge(const LevelSums& o) {
    samples += o.samples;
    for (int p = 0; p < 4; ++p) difference[p] += o.difference[p];
    for (int p = 0; p < 2; ++p) {
      fine[p] += o.fine[p];
      coarse[p] += o.coarse[p];
    }
  }
};

/// Statistics of one level after the run.
struct MlmcLevel {
  int level = 0;
  std::int64_t samples = 0;
  double mean = 0, variance = 0;            ///< of Y_l (unbiased variance)
  double fine_mean = 0, fine_variance = 0;  ///< of P_l
  double coarse_mean = 0, coarse_variance = 0;
  double cost_per_sample = 0;
  double kurtosis = 0;
  double consistency = 0;  ///< Giles' check ratio (level ≥ 1; > 1 is a warning)
};

struct MlmcOptions {
  double target_rms_error = 0.01;    ///< ε
  int initial_levels = 3;            ///< levels 0..initial_levels−1 sampled from the start (Giles: L_min = 2)
  int max_levels = 14;               ///< at most levels 0..max_levels−1
  std::int64_t initial_samples = 1000;  ///< N_0 on each new level of the initial hierarchy
  /// Bound on the total cost Σ N_l C_l (path-steps): before each round of sampling the cost planned so far is
  /// checked, and a run that would exceed it stops with a WorkLimitError giving the estimate.
  double max_cost = std::numeric_limits<double>::infinity();
  std::uint32_t seed = 0;
  bool operator==(const MlmcOptions&) const = default;
};

struct MlmcResult {
  double estimate = 0;
  double std_error = 0;      ///< √(Σ V_l/N_l)
  double bias_estimate = 0;  ///< the bias bound used by the stopping rule
  double total_cost = 0;     ///< Σ N_l C_l
  core::LineFit alpha, beta, gamma;  ///< slopes fitted on levels ≥ 1 (unfloored; zero with fewer than 2 levels)
  std::vector<MlmcLevel> levels;
  bool converged = false;  ///< bias estimate ≤ ε/√2 reached within max_levels
  std::vector<std::string> warnings;
};

namespace detail {
/// Samples to add to one level in a round of the algorithm: samples first .. first + count − 1 of `level`.
struct LevelRequest {
  int level = 0;
  std::int64_t first = 0;
  std::int64_t count = 0;
};

/// Samples are summed in blocks of this many, each block's sums merged into its level in block order.
inline constexpr std::size_t kMlmcBlock = 256;

/// A round of at most this many blocks (2^20 samples) runs as one parallel loop over all its levels
/// (sample_round); a larger one level by level, which is as fast there: interleaving the levels costs locality
/// and the order's set-up (fk_mlmc_european_call's first round of 16,900 blocks: 26.2 ms as one loop against
/// 25.5 ms level by level on one thread, 15.4 against 15.1 ms on two).
inline constexpr std::size_t kMlmcOneLoopBlocks = 4096;

/// The order in which the blocks of a round's levels are handed out: request r has nb[r] blocks, and block j of
/// request r sits at its relative position (j + ½)/nb[r] (ties: lower request first). Every stretch of
/// consecutive blocks then holds about the same fraction of every level — the same share of the round's work
/// for each thread's run of blocks and each MPI rank's range, although a block of level l costs 2^l times one of
/// level 0 — and the blocks of each level stay in their own order. Returns (request, block) pairs.
std::vector<std::pair<std::uint32_t, std::uint32_t>> interleave_blocks(const std::vector<std::size_t>& nb);

/// The adaptive algorithm on top of a callback that adds the samples of a round's requests (one LevelSums of the
/// new samples per request, in request order).
struct MlmcDriver {
  virtual ~MlmcDriver() = default;
  virtual std::vector<LevelSums> sample(const std::vector<LevelRequest>& round) const = 0;
  virtual double cost(int level) const = 0;
};
MlmcResult run_mlmc(const MlmcDriver& driver, const MlmcOptions& options);

/// Adds the samples [begin, end) of request r (indices relative to r.first) to acc; a block holds at most
/// kMlmcBlock samples, whose values live on the stack (a heap pair per block was about a tenth of a level-0
/// block's time).
template <class LevelSampler>
void sample_level_block(const LevelSampler& s, LevelSums& acc, const LevelRequest& r, std::size_t begin,
                        std::size_t end) {
  ITO_REQUIRE(end - begin <= kMlmcBlock, "an MLMC block holds at most " << kMlmcBlock << " samples");
  std::array<double, kMlmcBlock> fine, coarse;
  if constexpr (requires(double* v) { s.sample_block(r.level, r.first, end - begin, v, v); }) {
    s.sample_block(r.level, r.first + static_cast<std::int64_t>(begin), end - begin, fine.data(), coarse.data());
  } else {
    for (std::size_t i = begin; i < end; ++i)
      std::tie(fine[i - begin], coarse[i - begin]) = s.sample(r.level, r.first + static_cast<std::int64_t>(i));
  }
  acc.add_values(fine.data(), coarse.data(), end - begin);
}

/// The sums of the new samples of each request of a round (in request order).
///
/// A round of at most kMlmcOneLoopBlocks blocks is one parallel loop over the blocks of all its levels
/// (interleave_blocks): the rounds that top up a few hundred samples per level cost tens of microseconds, and a
/// parallel region per level — a thread woken for each, about forty per run — cost as much as the work, or a
/// scheduler's time slice when another process holds the core. Larger rounds run level by level. Either way
/// each level's blocks are the same fixed blocks of kMlmcBlock samples, merged in block order from zero, so
/// the sums are bitwise the same for any thread count, rank count and grouping of levels into rounds. A block
/// that throws: the error of the first failing block in the loop's order (core::parallel_blocks), the same
/// whatever the thread and rank count.
template <class LevelSampler>
std::vector<LevelSums> sample_round(const LevelSampler& s, const std::vector<LevelRequest>& round) {
  std::vector<LevelSums> sums(round.size());
  std::vector<std::size_t> nb(round.size());
  std::size_t total = 0;
  for (std::size_t r = 0; r < round.size(); ++r)
    total += nb[r] = core::block_count(static_cast<std::size_t>(round[r].count), kMlmcBlock);
  if (total > kMlmcOneLoopBlocks) {
    for (std::size_t r = 0; r < round.size(); ++r)
      sums[r] = core::mpi::distributed_reduce_blocks(
          static_cast<std::size_t>(round[r].count), kMlmcBlock, LevelSums{},
          [&](LevelSums& acc, std::size_t begin, std::size_t end) { sample_level_block(s, acc, round[r], begin, end); },
          [](LevelSums& acc, const LevelSums& part) { acc.merge(part); });
    return sums;
  }
  const auto order = interleave_blocks(nb);
  struct Part {
    std::uint32_t request = 0;
    LevelSums sums;
  };
  // One item per block; the merge runs in block order, so each level receives its blocks in their order.
  core::mpi::distributed_reduce_blocks(
      order.size(), 1, Part{},
      [&](Part& acc, std::size_t b, std::size_t) {
        const auto [r, j] = order[b];
        const auto count = static_cast<std::size_t>(round[r].count);
        const std::size_t begin = std::size_t{j} * kMlmcBlock;
        acc.request = r;
        sample_level_block(s, acc.sums, round[r], begin, std::min(begin + kMlmcBlock, count));
      },
      [&](Part&, const Part& part) { sums[part.request].merge(part.sums); });
  return sums;
}
}  // namespace detail

/// Runs the adaptive MLMC algorithm on `sampler`; each round samples every level that needs samples
/// (detail::sample_round).
template <class LevelSampler>
MlmcResult mlmc(const LevelSampler& sampler, const MlmcOptions& options) {
  struct Driver final : detail::MlmcDriver {
    const LevelSampler* s;
    std::vector<LevelSums> sample(const std::vector<detail::LevelRequest>& round) const override {
      return detail::sample_round(*s, round);
    }
    double cost(int level) const override { return s->cost(level); }
  } driver;
  driver.s = &sampler;
  return detail::run_mlmc(driver, options);
}

}  // namespace ito::monte_carlo
