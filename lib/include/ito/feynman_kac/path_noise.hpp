#pragma once
// The random numbers of one Monte Carlo path, as pure functions of (seed, path, index) (DESIGN.md §4).
//
// Normal number i of path p is NormalStream(seed, Purpose::monte_carlo).normal(p, i); the antithetic
// partner of a path reads the same numbers negated (−Z has the law of Z, so the pair average is unbiased).
// Uniforms (Brownian-bridge extrema) are shared by both antithetic partners. NormalStream::fill_uniform
// reads the same Philox blocks as fill (uniform 2b is the u1 of the Box–Muller pair of normals 2b, 2b+1),
// so uniforms are taken at index kUniformIndexOffset + i, whose blocks no normal of a path ever uses
// (normals stay below sde::companion_index_offset + 2^40 = 2^41).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ito/random/normal.hpp"

namespace ito::feynman_kac {

/// The normals one path drew, so that its antithetic partner reads them back instead of regenerating them
/// (indices below 2^40 and from 2^40 on, the companion range, are kept apart).
struct NormalCache {
  std::vector<double> low, high;
  void clear() {
    low.clear();
    high.clear();
  }
};

class PathNoise {
 public:
  enum class CacheUse { none, record, replay };

  PathNoise(const random::NormalStream& stream, std::uint64_t path, double sign = 1.0, NormalCache* cache = nullptr,
            CacheUse use = CacheUse::none)
      : stream_(&stream), path_(path), sign_(sign), cache_(cache), use_(cache ? use : CacheUse::none) {}

  /// out[i] = sign · normal number (first + i) of this path, i < n (batched Philox + Box–Muller; read back
  /// from the cache when replaying numbers the partner path recorded).
  void normals(std::uint64_t first, std::size_t n, double* out) const {
    constexpr std::uint64_t split = std::uint64_t{1} << 40;
    std::vector<double>* store = nullptr;
    std::uint64_t offset = first;
    if (use_ != CacheUse::none) {
      store = first < split ? &cache_->low : &cache_->high;
      offset = first < split ? first : first - split;
    }
    if (use_ == CacheUse::replay && offset + n <= store->size()) {
      const double* cached = store->data() + offset;
      for (std::size_t i = 0; i < n; ++i) out[i] = sign_ * cached[i];
      return;
    }
    stream_->fill(path_, first, n, out);
    if (use_ == CacheUse::record && offset <= store->size()) {
      if (store->size() < offset + n) store->resize(offset + n);
      std::copy(out, out + n, store->data() + offset);
    }
    if (sign_ != 1.0)
      for (std::size_t i = 0; i < n; ++i) out[i] = -out[i];
  }
  /// Index of uniform 0 in the stream (blocks disjoint from every normal's block).
  static constexpr std::uint64_t kUniformIndexOffset = std::uint64_t{1} << 42;

  /// out[i] = uniform (0,1) number (first + i) of this path, independent of all its normals.
  void uniforms(std::uint64_t first, std::size_t n, double* out) const {
    stream_->fill_uniform(path_, kUniformIndexOffset + first, n, out);
  }

  std::uint64_t path() const { return path_; }
  double sign() const { return sign_; }

 private:
  const random::NormalStream* stream_;
  std::uint64_t path_;
  double sign_;
  NormalCache* cache_;
  CacheUse use_;
};

}  // namespace ito::feynman_kac
