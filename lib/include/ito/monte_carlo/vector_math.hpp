#pragma once
// Vector exp and log for the lane loops of the path kernels (simulate_paths.hpp, simulate_coupled_paths.hpp).
//
// glibc ships vector variants of exp and log (libmvec: _ZGV…_exp, _ZGV…_log, the same library the batched
// normals of ito/random use) but declares them in <math.h> only under -ffast-math. Declaring the variants
// here, exactly as glibc's <bits/math-vector.h> does, lets GCC call them from `#pragma omp simd` loops in
// every translation unit that includes this header, without -ffast-math (which would also turn off the
// std::isfinite blow-up checks). A scalar call still goes to the scalar exp/log. The vector variants are
// accurate to a few ulp and deterministic for a given binary, so results stay bitwise reproducible for any
// thread count; a path's value may differ in the last bits from a scalar evaluation.
#include <cmath>

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__GLIBC__) && !defined(__FAST_MATH__)
extern "C" {
__attribute__((__simd__("notinbranch"))) double exp(double) noexcept;
__attribute__((__simd__("notinbranch"))) double log(double) noexcept;
}
#endif
