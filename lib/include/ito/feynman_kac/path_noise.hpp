#pragma once
// The random numbers of one Monte Carlo path, as pure functions of (seed, path, index) (DESIGN.md §4).
//
// Normal number i of path p is NormalStream(seed, Purpose::monte_carlo).normal(p, i); the antithetic
// partner of a path reads the same numbers negated (−Z has the law of Z, so the pair average is unbiased).
// Uniforms (Brownian-bridge extrema) are shared by both antithetic partners. NormalStream::fill_uniform
// reads the same Philox blocks as fill (uniform 2b is the u1 of the Box–Muller pair of normals 2b, 2b+1),
// so uniform i of a path is taken at index kUniformIndexOffset + i, whose blocks no normal of a path ever
// uses (normals stay below sde::companion_index_offset + 2^40 = 2^41). Which number drives which step is
// set out in simulate.hpp; the block kernels there draw these numbers across many paths at once.
#include <cstdint>

#include "ito/random/normal.hpp"

namespace ito::feynman_kac {

/// One path of the Monte Carlo stream, driven by sign·Z: the handle of the one-path simulations
/// (simulate_path, simulate_coupled_paths).
class PathNoise {
 public:
  PathNoise(const random::NormalStream& stream, std::uint64_t path, double sign = 1.0)
      : stream_(&stream), path_(path), sign_(sign) {}

  /// Index of uniform 0 in the stream (blocks disjoint from every normal's block).
  static constexpr std::uint64_t kUniformIndexOffset = std::uint64_t{1} << 42;

  const random::NormalStream& stream() const { return *stream_; }
  std::uint64_t path() const { return path_; }
  double sign() const { return sign_; }

 private:
  const random::NormalStream* stream_;
  std::uint64_t path_;
  double sign_;
};

}  // namespace ito::feynman_kac
