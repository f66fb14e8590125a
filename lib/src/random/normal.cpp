// Batched Box–Muller normals. This file is compiled with -O3 -ffast-math (finite math kept) so that the
// loops below vectorise, including glibc's vector log/sin/cos. The inputs are finite by construction
// (u in (0,1)), and the code is deterministic for a given binary whatever the thread count.
#include "ito/random/normal.hpp"

#include <cmath>
#include <numbers>
#include <vector>

namespace ito::random {
namespace {

constexpr std::size_t kChunk = 256;  // blocks per vectorised chunk

// Philox blocks (path, first_block + b) for b < nb → u1[b], u2[b].
inline void uniforms_along_path(PhiloxKey key, std::uint64_t path, std::uint64_t first_block, std::size_t nb,
                                double* u1, double* u2) {
#pragma omp simd
  for (std::size_t b = 0; b < nb; ++b) {
    const Philox4x32 r = philox4x32_10(make_counter(path, first_block + b), key);
    u1[b] = uniform_open((static_cast<std::uint64_t>(r[1]) << 32) | r[0]);
    u2[b] = uniform_open((static_cast<std::uint64_t>(r[3]) << 32) | r[2]);
  }
}

inline void box_muller(std::size_t nb, const double* u1, const double* u2, double* z_even, double* z_odd) {
  constexpr double two_pi = 2.0 * std::numbers::pi;
#pragma omp simd
  for (std::size_t b = 0; b < nb; ++b) {
    const double r = std::sqrt(-2.0 * std::log(u1[b]));
    const double a = two_pi * u2[b];
    z_even[b] = r * std::cos(a);
    z_odd[b] = r * std::sin(a);
  }
}

}  // namespace

void NormalStream::fill(std::uint64_t path, std::uint64_t first, std::size_t n, double* out) const {
  alignas(64) double u1[kChunk], u2[kChunk], ze[kChunk], zo[kChunk];
  std::uint64_t index = first;
  std::size_t done = 0;
  while (done < n) {
    const std::uint64_t block0 = index / 2;
    const std::size_t remaining = n - done + (index % 2);
    std::size_t nb = (remaining + 1) / 2;
    if (nb > kChunk) nb = kChunk;
    uniforms_along_path(key_, path, block0, nb, u1, u2);
    box_muller(nb, u1, u2, ze, zo);
    for (std::size_t b = 0; b < nb && done < n; ++b) {
      const std::uint64_t i0 = 2 * (block0 + b);
      if (i0 >= index) out[done++] = ze[b];
      if (done < n && i0 + 1 >= index) out[done++] = zo[b];
    }
    index = first + done;
  }
}

void NormalStream::fill_across_paths(std::uint64_t path0, std::size_t n_paths, std::uint64_t index, double* out,
                                     double* out_next) const {
  alignas(64) double u1[kChunk], u2[kChunk], ze[kChunk], zo[kChunk];
  const std::uint64_t block = index / 2;
  const bool odd = index % 2;
  for (std::size_t p0 = 0; p0 < n_paths; p0 += kChunk) {
    const std::size_t np = n_paths - p0 < kChunk ? n_paths - p0 : kChunk;
#pragma omp simd
    for (std::size_t i = 0; i < np; ++i) {
      const Philox4x32 r = philox4x32_10(make_counter(path0 + p0 + i, block), key_);
      u1[i] = uniform_open((static_cast<std::uint64_t>(r[1]) << 32) | r[0]);
      u2[i] = uniform_open((static_cast<std::uint64_t>(r[3]) << 32) | r[2]);
    }
    box_muller(np, u1, u2, ze, zo);
    if (!odd) {
      for (std::size_t i = 0; i < np; ++i) out[p0 + i] = ze[i];
      if (out_next)
        for (std::size_t i = 0; i < np; ++i) out_next[p0 + i] = zo[i];
    } else {
      for (std::size_t i = 0; i < np; ++i) out[p0 + i] = zo[i];
    }
  }
}

void NormalStream::fill_uniform(std::uint64_t path, std::uint64_t first, std::size_t n, double* out) const {
  for (std::size_t done = 0; done < n;) {
    const std::uint64_t index = first + done;
    const Philox4x32 r = philox4x32_10(make_counter(path, index / 2), key_);
    const double u[2] = {uniform_open((static_cast<std::uint64_t>(r[1]) << 32) | r[0]),
                         uniform_open((static_cast<std::uint64_t>(r[3]) << 32) | r[2])};
    for (std::uint64_t k = index % 2; k < 2 && done < n; ++k) out[done++] = u[k];
  }
}

}  // namespace ito::random
