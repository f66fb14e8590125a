#pragma once
// The random numbers of one Monte Carlo path, as pure functions of (seed, path, index) (DESIGN.md §4).
//
// Normal number i of path p is NormalStream(seed, Purpose::monte_carlo).normal(p, i); the antithetic
// partner of a path reads the same numbers negated (−Z has the law of Z, so the pair average is unbiased).
// Uniforms (Brownian-bridge extrema) are shared by both antithetic partners. NormalStream::fill_uniform
// reads the same Philox blocks as fill (uniform 2b is the u1 of the Box–Muller pair of normals 2b, 2b+1),
// so uniforms are taken at index kUniformIndexOffset + i, whose blocks no normal of a path ever uses
// (normals stay below sde::companion_index_offset + 2^40 = 2^41).
//
// The block kernel (simulate_paths in simulate.hpp) draws the same numbers across many paths at once;
// PathNoise serves the path-by-path coupled fine/coarse simulation of multilevel Monte Carlo.
#include <cstddef>
#include <cstdint>

#include "ito/random/normal.hpp"

namespace ito::feynman_kac {

class PathNoise {
 public:
  PathNoise(const random::NormalStream& stream, std::uint64_t path, double sign = 1.0)
      : stream_(&stream), path_(path), sign_(sign) {}

  /// out[i] = sign · normal number (first + i) of this path, i < n (batched Philox + Box–Muller).
  void normals(std::uint64_t first, std::size_t n, double* out) const {
    stream_->fill(path_, first, n, out);
    if (sign_ != 1.0)
      for (std::size_t i = 0; i < n; ++i) out[i] = -out[i];
  }
  /// Index of uniform 0 in the stream (blocks disjoint from every normal's block).
  static constexpr std::uint64_t kUniformIndexOffset = std::uint64_t{1} << 42;

  /// out[i] = uniform (0,1) number (first + i) of this path, independent of all its normals.
  void uniforms(std::uint64_t first, std::size_t n, double* out) const {
    stream_->fill_uniform(path_, kUniformIndexOffset + first, n, out);
  }

  const random::NormalStream& stream() const { return *stream_; }
  std::uint64_t path() const { return path_; }
  double sign() const { return sign_; }

 private:
  const random::NormalStream* stream_;
  std::uint64_t path_;
  double sign_;
};

}  // namespace ito::feynman_kac
