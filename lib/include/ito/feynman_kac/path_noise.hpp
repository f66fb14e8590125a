#pragma once
// The random numbers of one Monte Carlo path, as pure functions of (seed, path, index) (DESIGN.md §4).
//
// Normal number i of path p is NormalStream(seed, Purpose::monte_carlo).normal(p, i); the antithetic
// partner of a path reads the same numbers negated (−Z has the law of Z, so the pair average is unbiased).
// Uniforms (Brownian-bridge extrema) come from the same stream's separate uniform index space and are
// shared by both antithetic partners.
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
  /// out[i] = uniform (0,1) number (first + i) of this path.
  void uniforms(std::uint64_t first, std::size_t n, double* out) const { stream_->fill_uniform(path_, first, n, out); }

  std::uint64_t path() const { return path_; }
  double sign() const { return sign_; }

 private:
  const random::NormalStream* stream_;
  std::uint64_t path_;
  double sign_;
};

}  // namespace ito::feynman_kac
