// Batched Box–Muller normals. This file is compiled with -O3 -ffast-math so that the
// loops below vectorise, including glibc's vector log/sin/cos. The inputs are finite by construction
// (u in (0,1)), and the code is deterministic for a given binary whatever the thread count.
#include "ito/random/normal.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#if defined(__AVX512F__) && defined(__AVX512VL__)
#include <immintrin.h>
#endif
#include <vector>

namespace ito::random {
namespace {

constexpr std::size_t kChunk = 256;  // blocks per vectorised chunk
constexpr double two_pi = 2.0 * std::numbers::pi;

// The ten Philox4x32-10 rounds on nb counters: counter b = (c0_in[b], c1_in, c2_in[b], c3_in[b]) → output
// words c0[b] … c3[b] (each < 2³², in 64-bit lanes). nb ≤ kChunk; c0 … c3 hold kChunk lanes (lanes past nb
// may receive unused values).
#if defined(__AVX512F__) && defined(__AVX512VL__)
// AVX-512: up to 32 counters at a time, V ≤ 4 vectors of eight 64-bit lanes kept in registers through the
// rounds (independent vectors interleaved for the multiplier's latency), products by vpmuludq (32×32→64 bits).
// Full groups of 32 lanes, then the remainder in as few vectors as cover it (a 40-counter call runs 5 vectors,
// not 8): the lanes computed are the same numbers, and lanes past nb (up to the next multiple of 8) receive
// unused values.
static_assert(kChunk % 32 == 0);
// GCC 12's headers build _mm512_undefined_epi32() as `__m512i __Y = __Y;`, which -Wuninitialized reports
// once these intrinsics are inlined here (GCC bug 105593, fixed in later releases); the value is never read.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
template <int V>
inline void philox_group(PhiloxKey key, std::size_t g, std::size_t nb, const std::uint32_t* c0_in,
                         std::uint32_t c1_in, const std::uint32_t* c2_in, const std::uint32_t* c3_in,
                         std::uint64_t* c0, std::uint64_t* c1, std::uint64_t* c2, std::uint64_t* c3) {
  const __m512i m0 = _mm512_set1_epi64(0xD2511F53), m1 = _mm512_set1_epi64(0xCD9E8D57);
  const __m512i lo32 = _mm512_set1_epi64(0xFFFFFFFF), hi_word = _mm512_set1_epi64(c1_in);
  __m512i x0[V], x1[V], x2[V], x3[V];
  for (int v = 0; v < V; ++v) {
    const std::size_t at = g + 8 * static_cast<std::size_t>(v);
    const std::size_t left = at < nb ? nb - at : 0;
    const __mmask8 live = left >= 8 ? __mmask8(0xFF) : static_cast<__mmask8>((1u << left) - 1u);
    x0[v] = _mm512_cvtepu32_epi64(_mm256_maskz_loadu_epi32(live, c0_in + at));
    x1[v] = hi_word;
    x2[v] = _mm512_cvtepu32_epi64(_mm256_maskz_loadu_epi32(live, c2_in + at));
    x3[v] = _mm512_cvtepu32_epi64(_mm256_maskz_loadu_epi32(live, c3_in + at));
  }
  std::uint32_t k0 = key.k0, k1 = key.k1;
  for (int round = 0; round < 10; ++round) {
    const __m512i key0 = _mm512_set1_epi64(k0), key1 = _mm512_set1_epi64(k1);
    for (int v = 0; v < V; ++v) {
      const __m512i p0 = _mm512_mul_epu32(x0[v], m0), p1 = _mm512_mul_epu32(x2[v], m1);
      x0[v] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p1, 32), x1[v], key0, 0x96);  // a ^ b ^ c
      x2[v] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p0, 32), x3[v], key1, 0x96);
      x1[v] = p1;  // only the low word matters: vpmuludq reads low words, the high ones are masked at the end
      x3[v] = p0;
    }
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  for (int v = 0; v < V; ++v) {
    const std::size_t at = g + 8 * static_cast<std::size_t>(v);
    _mm512_store_si512(c0 + at, _mm512_and_si512(x0[v], lo32));
    _mm512_store_si512(c1 + at, _mm512_and_si512(x1[v], lo32));
    _mm512_store_si512(c2 + at, _mm512_and_si512(x2[v], lo32));
    _mm512_store_si512(c3 + at, _mm512_and_si512(x3[v], lo32));
  }
}
#pragma GCC diagnostic pop

inline void philox_rounds(PhiloxKey key, std::size_t nb, const std::uint32_t* c0_in, std::uint32_t c1_in,
                          const std::uint32_t* c2_in, const std::uint32_t* c3_in, std::uint64_t* c0,
                          std::uint64_t* c1, std::uint64_t* c2, std::uint64_t* c3) {
  std::size_t g = 0;
  for (; g + 32 <= nb; g += 32) philox_group<4>(key, g, nb, c0_in, c1_in, c2_in, c3_in, c0, c1, c2, c3);
  switch ((nb - g + 7) / 8) {  // 0 … 4 vectors for the 0 … 31 lanes left
    case 4: philox_group<4>(key, g, nb, c0_in, c1_in, c2_in, c3_in, c0, c1, c2, c3); break;
    case 3: philox_group<3>(key, g, nb, c0_in, c1_in, c2_in, c3_in, c0, c1, c2, c3); break;
    case 2: philox_group<2>(key, g, nb, c0_in, c1_in, c2_in, c3_in, c0, c1, c2, c3); break;
    case 1: philox_group<1>(key, g, nb, c0_in, c1_in, c2_in, c3_in, c0, c1, c2, c3); break;
    default: break;
  }
}
#else
// Portable: lanes innermost, one round over all lanes at a time, so that the loop vectorises.
inline void philox_rounds(PhiloxKey key, std::size_t nb, const std::uint32_t* c0_in, std::uint32_t c1_in,
                          const std::uint32_t* c2_in, const std::uint32_t* c3_in, std::uint64_t* c0,
                          std::uint64_t* c1, std::uint64_t* c2, std::uint64_t* c3) {
  constexpr std::uint64_t M0 = 0xD2511F53u, M1 = 0xCD9E8D57u, lo32 = 0xFFFFFFFFu;
  for (std::size_t b = 0; b < nb; ++b) {
    c0[b] = c0_in[b];
    c1[b] = c1_in;
    c2[b] = c2_in[b];
    c3[b] = c3_in[b];
  }
  std::uint64_t k0 = key.k0, k1 = key.k1;
  for (int round = 0; round < 10; ++round) {
#pragma omp simd
    for (std::size_t b = 0; b < nb; ++b) {
      const std::uint64_t p0 = M0 * c0[b];
      const std::uint64_t p1 = M1 * c2[b];
      const std::uint64_t n0 = (p1 >> 32) ^ c1[b] ^ k0;
      const std::uint64_t n2 = (p0 >> 32) ^ c3[b] ^ k1;
      c1[b] = p1 & lo32;
      c3[b] = p0 & lo32;
      c0[b] = n0;
      c2[b] = n2;
    }
    k0 = (k0 + 0x9E3779B9u) & lo32;
    k1 = (k1 + 0xBB67AE85u) & lo32;
  }
}
#endif

// Philox4x32-10 on nb counters at once (philox_rounds), then the uniforms: counter lane b = (idx_lo[b],
// idx_hi, path_lo[b], path_hi[b]). Output per counter: u1 (53-bit uniform in (0,1)) and the Box–Muller angle
// 2π·u2. Bit-identical to philox4x32_10 (tested). The angle is stored to memory before box_muller reads it:
// GCC otherwise fuses cos(a) and sin(a) into sincos, which has no vector variant, and the Box–Muller loop
// stops vectorising. With Angle = false, u2 is the second uniform itself (NormalStream::fill_uniform).
template <bool Angle = true>
inline void philox_uniforms(PhiloxKey key, std::size_t nb, const std::uint32_t* c0_in, std::uint32_t c1_in,
                            const std::uint32_t* c2_in, const std::uint32_t* c3_in, double* u1, double* u2) {
  // 64-bit lanes holding 32-bit words.
  alignas(64) std::uint64_t c0[kChunk], c1[kChunk], c2[kChunk], c3[kChunk];
  philox_rounds(key, nb, c0_in, c1_in, c2_in, c3_in, c0, c1, c2, c3);
  for (std::size_t b = nb; b < (nb + 15) / 16 * 16; ++b) {  // padding lanes for box_muller's groups
    u1[b] = 0.5;
    u2[b] = 0.0;
  }
#pragma omp simd
  for (std::size_t b = 0; b < nb; ++b) {
    u1[b] = uniform_open((c1[b] << 32) | c0[b]);
    if constexpr (Angle)
      u2[b] = two_pi * uniform_open((c3[b] << 32) | c2[b]);
    else
      u2[b] = uniform_open((c3[b] << 32) | c2[b]);
  }
}

// Philox blocks (path, first_block + b) for b < nb → u1[b], u2[b].
template <bool Angle = true>
inline void uniforms_along_path(PhiloxKey key, std::uint64_t path, std::uint64_t first_block, std::size_t nb,
                                double* u1, double* u2) {
  alignas(64) std::uint32_t lo[kChunk], plo[kChunk], phi[kChunk];
  // index = first_block + b may carry into the high word; handle the (rare) carry lane by lane.
  const std::uint64_t last = first_block + nb - 1;
  if ((first_block >> 32) == (last >> 32)) {
    for (std::size_t b = 0; b < nb; ++b) {
      lo[b] = static_cast<std::uint32_t>(first_block + b);
      plo[b] = static_cast<std::uint32_t>(path);
      phi[b] = static_cast<std::uint32_t>(path >> 32);
    }
    philox_uniforms<Angle>(key, nb, lo, static_cast<std::uint32_t>(first_block >> 32), plo, phi, u1, u2);
  } else {
    for (std::size_t b = 0; b < nb; ++b) uniforms_along_path<Angle>(key, path, first_block + b, 1, u1 + b, u2 + b);
  }
}

// Philox block `block` of paths path0 + i, i < np → u1[i], u2[i].
inline void uniforms_across_paths(PhiloxKey key, std::uint64_t path0, std::size_t np, std::uint64_t block,
                                  double* u1, double* u2) {
  alignas(64) std::uint32_t lo[kChunk], plo[kChunk], phi[kChunk];
  for (std::size_t i = 0; i < np; ++i) {
    lo[i] = static_cast<std::uint32_t>(block);
    plo[i] = static_cast<std::uint32_t>(path0 + i);
    phi[i] = static_cast<std::uint32_t>((path0 + i) >> 32);
  }
  philox_uniforms(key, np, lo, static_cast<std::uint32_t>(block >> 32), plo, phi, u1, u2);
}

// Box–Muller on nb pairs. The lanes are processed in groups of kGroup with a constant inner trip count, so
// every number goes through the same vector code (no scalar remainder loop, whose libm log/sin/cos could
// differ in the last bit from libmvec's): a normal is bitwise the same however it is requested. Inputs must
// be padded to a multiple of kGroup. noinline: see philox_uniforms.
constexpr std::size_t kGroup = 16;
[[gnu::noinline]] void box_muller(std::size_t nb, const double* u1, const double* angle, double* z_even,
                                  double* z_odd) {
  const std::size_t groups = (nb + kGroup - 1) / kGroup;
  for (std::size_t g = 0; g < groups; ++g) {
    const double* a = u1 + g * kGroup;
    const double* c = angle + g * kGroup;
    double* ze = z_even + g * kGroup;
    double* zo = z_odd + g * kGroup;
#pragma omp simd
    for (std::size_t l = 0; l < kGroup; ++l) {
      const double r = std::sqrt(-2.0 * std::log(a[l]));
      ze[l] = r * std::cos(c[l]);
      zo[l] = r * std::sin(c[l]);
    }
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
    // Block b holds numbers 2(block0 + b) and 2(block0 + b) + 1: an odd start skips the first block's even
    // number, whole blocks follow, and the last may give only its even one.
    std::size_t b = 0;
    if (index % 2 == 1) out[done++] = zo[b++];
    const std::size_t pairs = std::min(nb - b, (n - done) / 2);
    double* o = out + done;
    for (std::size_t k = 0; k < pairs; ++k) {
      o[2 * k] = ze[b + k];
      o[2 * k + 1] = zo[b + k];
    }
    done += 2 * pairs;
    b += pairs;
    if (done < n && b < nb) out[done++] = ze[b];
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
    uniforms_across_paths(key_, path0 + p0, np, block, u1, u2);
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
  // Uniform j of a path comes from Philox block kUniformDomain + j/2 (two 53-bit uniforms per block): a
  // counter domain of its own, so uniforms never reuse the bits behind the path's normals. The blocks are
  // computed kChunk at a time by the vectorised Philox (the same numbers as one block at a time).
  constexpr std::uint64_t kUniformDomain = std::uint64_t{1} << 63;
  alignas(64) double u1[kChunk + 16], u2[kChunk + 16];
  std::size_t done = 0;
  while (done < n) {
    const std::uint64_t index = first + done;
    const std::uint64_t block0 = index / 2;
    std::size_t nb = (n - done + (index % 2) + 1) / 2;
    if (nb > kChunk) nb = kChunk;
    uniforms_along_path<false>(key_, path, kUniformDomain | block0, nb, u1, u2);
    for (std::size_t b = 0; b < nb && done < n; ++b) {
      const std::uint64_t i0 = 2 * (block0 + b);
      if (i0 >= index) out[done++] = u1[b];
      if (done < n && i0 + 1 >= index) out[done++] = u2[b];
    }
  }
}

}  // namespace ito::random
