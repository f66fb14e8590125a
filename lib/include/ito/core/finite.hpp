#pragma once
// A fast test that every entry of a dense array is finite. Eigen's allFinite() compares (x − x) with (x − x)
// entry by entry, a scalar loop with a branch per entry; the samplers test their whole state after every step,
// where that loop cost 6% of a DPS run. Here: x·0 is ±0 for finite x and NaN for ±∞ or NaN, so the packet-wise
// sum of x·0 is 0 exactly when every entry is finite (the sum of zeros cannot overflow).
#include <Eigen/Core>

#if defined(__FAST_MATH__)
#error "ito/core/finite.hpp relies on IEEE arithmetic (x * 0 is NaN for infinite x); do not include it under -ffast-math"
#endif

namespace ito::core {

template <class Derived>
bool all_finite(const Eigen::DenseBase<Derived>& x) {
  return (x.derived().array() * 0.0).sum() == 0.0;
}

}  // namespace ito::core
