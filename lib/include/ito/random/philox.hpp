#pragma once
// Philox4x32-10 counter-based generator (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy
// as 1, 2, 3", SC'11). Written here as a pure inline function so that loops over many counters vectorise;
// tests check it bit for bit against Random123's philox4x32 and its published known answers.
//
// ito's convention (DESIGN.md §4): key = (seed, purpose), counter = (index lo, index hi, path lo, path hi).
// "index" is the position of a 4×32-bit block inside the stream of one path (or chain), e.g. step × stride
// + block; so every random number is a pure function of (seed, purpose, path, index).
#include <array>
#include <cstdint>

namespace ito::random {

/// What a stream is for: different purposes never share numbers even with the same seed and path.
enum class Purpose : std::uint32_t {
  brownian = 0x42524F57,    // Brownian increments and their companion Gaussians
  monte_carlo = 0x4D434D43, // Feynman–Kac / MLMC paths
  mcmc_proposal = 0x4D434D50,
  mcmc_accept = 0x4D434D41,
  mcmc_init = 0x4D434D49,
  bootstrap = 0x424F4F54,
  test = 0x54455354,
  problem = 0x50524F42,      // synthetic problems drawn from the run's seed (benchmark priors, operators, truths)
  prior_sample = 0x50524953, // exact samples of a prior or of an exact posterior
  observation = 0x4F425356,  // observation noise y = A x + σ_y ε
  diffusion = 0x44494646,    // noise of diffusion samplers (reverse SDE, DDPM/DDIM, Langevin correctors)
  resample = 0x52455341,     // resampling uniforms of sequential Monte Carlo
  fit = 0x46495420,          // initialisation and subsampling of model fitting (k-means++, held-out split)
  slices = 0x534C4943,       // random projection directions of sliced Wasserstein distances
  patch_shift = 0x50534846,  // offsets of the patch tiling of whole-image patch denoisers, per level and state
  split_gibbs = 0x53504C47,  // the z-step of the split Gibbs sampler (diffusion/samplers.hpp)
};

/// SplitMix64's finaliser (Steele, Lea & Flood 2014): a bijection of 64-bit words whose outputs of nearby
/// inputs look independent; used to derive stream indices and seeds from structured values.
constexpr std::uint64_t splitmix64(std::uint64_t z) {
  z += 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// A 32-bit seed for sub-run `k` of a run with `seed` (e.g. one sweep of an iterated sampler that calls a
/// seeded sampler once per sweep): a pure function of (seed, k).
constexpr std::uint32_t derived_seed(std::uint32_t seed, std::uint64_t k) {
  return static_cast<std::uint32_t>(splitmix64((std::uint64_t{seed} << 32) ^ splitmix64(k)) >> 32);
}

struct PhiloxKey {
  std::uint32_t k0, k1;
};

/// Key for (seed, purpose). Seeds are 32-bit (validated at the parameter layer).
constexpr PhiloxKey make_key(std::uint32_t seed, Purpose purpose) {
  return {seed, static_cast<std::uint32_t>(purpose)};
}

using Philox4x32 = std::array<std::uint32_t, 4>;

/// One Philox4x32-10 block: 10 rounds of the Philox S-box with Weyl key schedule.
inline Philox4x32 philox4x32_10(Philox4x32 c, PhiloxKey key) {
  constexpr std::uint32_t M0 = 0xD2511F53u, M1 = 0xCD9E8D57u;
  constexpr std::uint32_t W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
  std::uint32_t k0 = key.k0, k1 = key.k1;
  for (int round = 0; round < 10; ++round) {
    const std::uint64_t p0 = static_cast<std::uint64_t>(M0) * c[0];
    const std::uint64_t p1 = static_cast<std::uint64_t>(M1) * c[2];
    const auto hi0 = static_cast<std::uint32_t>(p0 >> 32), lo0 = static_cast<std::uint32_t>(p0);
    const auto hi1 = static_cast<std::uint32_t>(p1 >> 32), lo1 = static_cast<std::uint32_t>(p1);
    c = {hi1 ^ c[1] ^ k0, lo1, hi0 ^ c[3] ^ k1, lo0};
    k0 += W0;
    k1 += W1;
  }
  return c;
}

/// Counter for (path, index) in ito's convention.
constexpr Philox4x32 make_counter(std::uint64_t path, std::uint64_t index) {
  return {static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(index >> 32),
          static_cast<std::uint32_t>(path), static_cast<std::uint32_t>(path >> 32)};
}

/// 53-bit uniform on the open interval (0, 1) from 64 random bits.
constexpr double uniform_open(std::uint64_t bits) {
  return (static_cast<double>(bits >> 11) + 0.5) * 0x1.0p-53;
}

}  // namespace ito::random
