#pragma once
// A Monte Carlo estimate with its standard error.
#include <cstdint>

namespace ito::feynman_kac {

/// Sample mean of `samples` i.i.d. path values, its standard error √(variance/samples), and the work
/// spent in path-steps (one step of one path = 1; an antithetic pair counts both paths).
struct Estimate {
  double mean = 0.0;
  double std_error = 0.0;
  double variance = 0.0;  ///< unbiased sample variance of one sample
  std::int64_t samples = 0;
  double path_steps = 0.0;
};

}  // namespace ito::feynman_kac
