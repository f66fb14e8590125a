#include "ito/mcmc/metric_adaptation.hpp"

#include <Eigen/Cholesky>

#include "ito/core/error.hpp"

namespace ito::mcmc {

VarianceAccumulator pool_metric_windows(const std::vector<ChainState>& chains, int dim, bool dense) {
  VarianceAccumulator pooled;
  pooled.reset(dim, dense);
  for (const auto& cs : chains) pooled.merge(cs.metric_window);
  return pooled;
}

void set_metric_from_window(RunState& state, const VarianceAccumulator& pooled, bool dense, std::int64_t t) {
  if (dense) {
    const Eigen::LLT<Eigen::MatrixXd> llt(regularized_dense_inverse_metric(pooled));
    if (llt.info() != Eigen::Success)
      ito::detail::throw_error<NumericalError>(
          "dense metric: the regularised warmup covariance of the window ending at ", "iteration ", t,
          " is not positive definite");
    state.inverse_metric_factor = llt.matrixL();
    const Eigen::MatrixXd metric = state.inverse_metric_factor * state.inverse_metric_factor.transpose();
    state.inverse_metric = metric.diagonal();
  } else {
    state.inverse_metric = regularized_inverse_metric(pooled);
  }
}

}  // namespace ito::mcmc
