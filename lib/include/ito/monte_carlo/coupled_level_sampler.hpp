#pragma once
// The MLMC level sampler (mlmc.hpp) of a model, a scheme and a path functional: level l simulates M0·2^l
// fine steps over the base grid of M0 steps, coupled with M0·2^{l−1} coarse steps (simulate_coupled_paths.hpp);
// level 0 is the plain path kernel (simulate_paths.hpp). Sample i of level l reads the random numbers of stream
// path (l << 48) + i of NormalStream(seed, Purpose::monte_carlo), so levels never share numbers (2^48 samples a
// level at the most). Cost of one sample = its fine + coarse steps.
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ito/core/time_grid.hpp"
#include "ito/monte_carlo/simulate_coupled_paths.hpp"
#include "ito/monte_carlo/simulate_paths.hpp"
#include "ito/random/normal.hpp"

namespace ito::monte_carlo {

/// Holds references: model, scheme and functional must outlive the sampler.
template <class Model, class Scheme, class Functional>
class CoupledLevelSampler {
 public:
  CoupledLevelSampler(const Model& model, const Scheme& scheme, const Functional& functional,
                      core::TimeGrid base_grid, std::vector<double> x0, std::uint32_t seed)
      : model_(model), scheme_(scheme), functional_(functional), base_(base_grid), x0_(std::move(x0)),
        stream_(seed, random::Purpose::monte_carlo) {}

  core::TimeGrid grid(int level) const { return base_.refined(std::int64_t{1} << level); }
  double cost(int level) const {
    const double fine = static_cast<double>(base_.steps() << level);
    return level == 0 ? fine : 1.5 * fine;
  }
  /// A non-finite path value (NonFiniteValueError) is reported with its level: the kernels name the stream path.
  void sample_block(int level, std::int64_t first, std::size_t count, double* fine, double* coarse) const {
    const std::uint64_t path0 = (static_cast<std::uint64_t>(level) << 48) + static_cast<std::uint64_t>(first);
    try {
      if (level == 0) {
        simulate_paths(model_, scheme_, functional_, grid(0), x0_.data(), PathBlock{&stream_, path0, count}, fine);
        std::fill_n(coarse, count, 0.0);
        return;
      }
      simulate_coupled_path_block(model_, scheme_, functional_, grid(level), x0_.data(),
                                  PathBlock{&stream_, path0, count}, fine, coarse);
    } catch (const NonFiniteValueError& e) {
      throw NonFiniteValueError(
          "multilevel Monte Carlo, level " + std::to_string(level) + " (" + std::to_string(grid(level).steps()) +
          (grid(level).steps() == 1 ? " step" : " steps") + "; its sample i is stream path " +
          (level == 0 ? std::string("i") : "2^48·" + std::to_string(level) + " + i") + "): " + e.what());
    }
  }

 private:
  const Model& model_;
  const Scheme& scheme_;
  const Functional& functional_;
  core::TimeGrid base_;
  std::vector<double> x0_;
  random::NormalStream stream_;
};

}  // namespace ito::monte_carlo
