#pragma once
// Standard normal variates as pure functions of (seed, purpose, path, index).
//
// Normal number j of a path's stream comes from Philox block j/2 (two 53-bit uniforms, Box–Muller):
//   u1, u2 from the block's two 64-bit halves;  r = sqrt(-2 ln u1);
//   z(2b) = r cos(2π u2),  z(2b+1) = r sin(2π u2).
// The batched functions are the inner loop of every Monte Carlo method; they are compiled with glibc's
// vector math (libmvec) and produce exactly the values of the scalar `normal_at` up to the last ulp of
// the vector log/sin/cos, so everything in ito draws normals through the batched versions only.
#include <cstddef>
#include <cstdint>

#include "ito/random/philox.hpp"

namespace ito::random {

/// A stream of standard normals: (seed, purpose) fixed; (path, index) select the number.
class NormalStream {
 public:
  NormalStream(std::uint32_t seed, Purpose purpose) : key_(make_key(seed, purpose)) {}

  /// out[i] = normal number (first + i) of `path`, i < n.
  void fill(std::uint64_t path, std::uint64_t first, std::size_t n, double* out) const;

  /// out[i * out_stride] = normal number `index` of path (path0 + i), i < n_paths: one number across
  /// many paths (structure-of-arrays ensembles). Computed two indices at a time: out2 (may be null)
  /// receives number index+1 when index is even.
  void fill_across_paths(std::uint64_t path0, std::size_t n_paths, std::uint64_t index, double* out,
                         double* out_next = nullptr) const;

  /// out[i] = uniform (0,1) number (first + i) of `path`: its own counter domain (Philox blocks with the top
  /// bit of the index set, 2 uniforms per block), disjoint from the blocks behind the normals.
  void fill_uniform(std::uint64_t path, std::uint64_t first, std::size_t n, double* out) const;

  /// Scalar access (tests, rare draws).
  double normal(std::uint64_t path, std::uint64_t index) const {
    double z;
    fill(path, index, 1, &z);
    return z;
  }
  double uniform(std::uint64_t path, std::uint64_t index) const {
    double u;
    fill_uniform(path, index, 1, &u);
    return u;
  }

  PhiloxKey key() const { return key_; }

 private:
  PhiloxKey key_;
};

}  // namespace ito::random
