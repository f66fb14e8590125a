// The run-time dimension path: an Ornstein–Uhlenbeck process in d = 10⁴ dimensions stepped by the batch
// kernel with Euler–Maruyama, Euler–Heun and the exponential integrator, every step size on the same Brownian
// paths (kernel coarsening). Strong and weak orders are fitted by the convergence module and must agree with
// the order the schemes' tables give the compile-time OU model; the exponential integrator is exact.
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cmath>
#include <cstdio>
#include <vector>

#include "ito/convergence/study.hpp"
#include "ito/monte_carlo/batch_kernel.hpp"
#include "ito/schemes.hpp"
#include "ito/sde/isotropic_ornstein_uhlenbeck.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"

namespace ito::monte_carlo {
namespace {

constexpr int kDim = 10000;
constexpr std::size_t kPaths = 128;
constexpr std::size_t kWeakTwoPaths = 512;  // the weak order-2 study needs the smaller standard error
constexpr std::int64_t kFineSteps = 128;
// Step sizes as coarsenings of the 128-step grid on [0, 1]: dt = 1/8 … 1/64 for the first-order schemes; the
// weak order-2 scheme's weak error falls like dt² while the standard error of the same-path estimator falls
// like dt, so it is resolved on a coarser ladder (dt = 1/4 … 1/32).
const std::vector<int> kLadder = {16, 8, 4, 2};
const std::vector<int> kCoarseLadder = {32, 16, 8, 4};

/// Terminal states (d × paths) of every path at one step size.
template <class S>
Eigen::MatrixXd terminal_states(const sde::IsotropicOrnsteinUhlenbeck& model, const S& scheme, int coarsening,
                                std::size_t paths) {
  Eigen::MatrixXd out(kDim, static_cast<Eigen::Index>(paths));
  const Eigen::VectorXd x0 = Eigen::VectorXd::Constant(kDim, 1.5);
  const random::NormalStream stream(7, random::Purpose::brownian);
  simulate_batch(model, scheme, x0, core::TimeGrid(0.0, 1.0, kFineSteps), 0, paths, stream,
                 [&](std::size_t begin, const Eigen::MatrixXd& X) {
                   out.middleCols(static_cast<Eigen::Index>(begin), X.cols()) = X;
                 },
                 BatchOptions{16, coarsening});
  return out;
}

/// g(x) = |x|²/d, whose expectation is (mean² + variance) per component.
double g(const Eigen::VectorXd& x) { return x.squaredNorm() / kDim; }

template <class S>
convergence::StudyResult study(const sde::IsotropicOrnsteinUhlenbeck& model, const S& scheme,
                               const Eigen::MatrixXd& reference, const std::vector<int>& kCoarsening = kLadder) {
  const auto paths = static_cast<std::size_t>(reference.cols());
  convergence::StudyOptions options;
  options.paths = paths;
  options.seed = 3;
  for (int r : kCoarsening) options.dt.push_back(static_cast<double>(r) / kFineSteps);
  const double m = model.exact_mean(1.0, 1.5), v = model.exact_variance(1.0);
  options.weak_exact = m * m + v;
  const std::size_t levels = kCoarsening.size();
  std::vector<double> err(paths * levels), gs(paths * levels);
  for (std::size_t k = 0; k < levels; ++k) {
    const Eigen::MatrixXd X = terminal_states(model, scheme, kCoarsening[k], paths);
    for (std::size_t p = 0; p < paths; ++p) {
      const auto c = static_cast<Eigen::Index>(p);
      err[p * levels + k] = (X.col(c) - reference.col(c)).norm();
      gs[p * levels + k] = g(X.col(c));
    }
  }
  convergence::StudyAccumulator accumulator(options, levels);
  for (std::size_t p = 0; p < paths; ++p)
    accumulator.add(&err[p * levels], &gs[p * levels], g(reference.col(static_cast<Eigen::Index>(p))));
  const auto result = accumulator.result();
  for (std::size_t k = 0; k < levels; ++k)
    std::printf("dt %.5f  strong %.3e ± %.1e  weak %.3e ± %.1e\n", result.dt[k], result.strong_error[k],
                result.strong_error_se[k], result.weak_signed[k], result.weak_error_se[k]);
  return result;
}

bool covers(const convergence::OrderFit& f, double order) { return f.ci_low <= order && order <= f.ci_high; }

class RuntimeOu : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    model_ = {kDim, 1.0, 0.5, 0.8};
    reference_ = new Eigen::MatrixXd(terminal_states(model_, schemes::ExponentialEuler{}, 1, kWeakTwoPaths));
  }
  static void TearDownTestSuite() { delete reference_; }
  static sde::IsotropicOrnsteinUhlenbeck model_;
  static Eigen::MatrixXd* reference_;
};
sde::IsotropicOrnsteinUhlenbeck RuntimeOu::model_;
Eigen::MatrixXd* RuntimeOu::reference_ = nullptr;

TEST_F(RuntimeOu, ReferenceHasTheExactLaw) {
  // 512 paths × 10⁴ independent components: mean and variance of all components within 4.5 SE.
  const double m = model_.exact_mean(1.0, 1.5), v = model_.exact_variance(1.0);
  const double n = static_cast<double>(reference_->size());
  const double mean = reference_->mean();
  const double var = (reference_->array() - mean).square().sum() / (n - 1.0);
  EXPECT_LT(std::abs(mean - m), 4.5 * std::sqrt(v / n));
  EXPECT_LT(std::abs(var - v), 4.5 * v * std::sqrt(2.0 / (n - 1.0)));
}

TEST_F(RuntimeOu, EulerMaruyamaHasTheOrdersOfTheCompileTimeModel) {
  constexpr schemes::Order expected = schemes::order_on<schemes::EulerMaruyama, sde::OrnsteinUhlenbeck>();
  static_assert(schemes::EulerMaruyama::order(sde::NoiseClass::isotropic, sde::Interpretation::ito, kDim).strong ==
                expected.strong);
  const auto r = study(model_, schemes::EulerMaruyama{}, reference_->leftCols(kPaths));
  EXPECT_TRUE(covers(r.strong_fit, expected.strong)) << r.strong_fit.order << " [" << r.strong_fit.ci_low << ", "
                                                     << r.strong_fit.ci_high << "]";
  ASSERT_TRUE(r.weak_fit_valid);
  EXPECT_TRUE(covers(r.weak_fit, expected.weak)) << r.weak_fit.order << " [" << r.weak_fit.ci_low << ", "
                                                 << r.weak_fit.ci_high << "]";
}

TEST_F(RuntimeOu, EulerHeunHasStrongOrderOneAndWeakOrderTwo) {
  constexpr schemes::Order expected = schemes::order_on<schemes::EulerHeun, sde::OrnsteinUhlenbeck>();
  static_assert(expected.strong == 1.0 && expected.weak == 2.0);
  const auto r = study(model_, schemes::EulerHeun{}, *reference_, kCoarseLadder);
  EXPECT_TRUE(covers(r.strong_fit, expected.strong)) << r.strong_fit.order << " [" << r.strong_fit.ci_low << ", "
                                                     << r.strong_fit.ci_high << "]";
  ASSERT_TRUE(r.weak_fit_valid);
  EXPECT_TRUE(covers(r.weak_fit, expected.weak)) << r.weak_fit.order << " [" << r.weak_fit.ci_low << ", "
                                                 << r.weak_fit.ci_high << "]";
}

TEST_F(RuntimeOu, ExponentialEulerIsExactAtEveryStepSize) {
  const auto r = study(model_, schemes::ExponentialEuler{}, reference_->leftCols(kPaths));
  // Per-component errors at round-off: |X − X_ref| over 10⁴ components of size ~1.
  EXPECT_LT(r.max_strong_error, 1e-11 * std::sqrt(static_cast<double>(kDim)));
}

TEST(BatchKernel, BitwiseIndependentOfBlockingAndThreads) {
  const sde::IsotropicOrnsteinUhlenbeck model{300, 2.0, 0.0, 1.0};
  const Eigen::VectorXd x0 = Eigen::VectorXd::LinSpaced(300, -1.0, 1.0);
  const random::NormalStream stream(11, random::Purpose::brownian);
  auto run = [&](std::size_t block, int threads) {
    core::set_threads(threads);
    Eigen::MatrixXd out(300, 37);
    simulate_batch(model, schemes::EulerHeun{}, x0, core::TimeGrid(0.0, 0.5, 20), 5, 37, stream,
                   [&](std::size_t begin, const Eigen::MatrixXd& X) {
                     out.middleCols(static_cast<Eigen::Index>(begin), X.cols()) = X;
                   },
                   BatchOptions{block, 1});
    return out;
  };
  const Eigen::MatrixXd a = run(16, 1), b = run(16, 2), c = run(5, 2);
  EXPECT_TRUE((a.array() == b.array()).all());
  EXPECT_TRUE((a.array() == c.array()).all());
}

}  // namespace
}  // namespace ito::monte_carlo
