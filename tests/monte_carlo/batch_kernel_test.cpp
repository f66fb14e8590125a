// The run-time kernel draws the numbers of sde::brownian_path: a one-dimensional run-time OU stepped by it
// reproduces the compile-time OU driven by brownian_path path by path (Euler–Maruyama bitwise; the
// exponential integrator against the exact OU step to round-off), at every coarsening.
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cmath>

#include "ito/monte_carlo/batch_kernel.hpp"
#include "ito/schemes.hpp"
#include "ito/sde/isotropic_ornstein_uhlenbeck.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"

namespace ito::monte_carlo {
namespace {

constexpr std::uint32_t kSeed = 21;
constexpr std::size_t kPaths = 9;

template <class S>
Eigen::MatrixXd run(const S& scheme, int d, int coarsening, std::int64_t fine_steps = 24) {
  const sde::IsotropicOrnsteinUhlenbeck model{d, 1.3, 0.4, 0.7};
  Eigen::MatrixXd out(d, static_cast<Eigen::Index>(kPaths));
  simulate_batch(model, scheme, Eigen::VectorXd::Constant(d, -0.6), core::TimeGrid(0.0, 2.0, fine_steps), 100, kPaths,
                 random::NormalStream(kSeed, random::Purpose::brownian),
                 [&](std::size_t begin, const Eigen::MatrixXd& X) {
                   out.middleCols(static_cast<Eigen::Index>(begin), X.cols()) = X;
                 },
                 BatchOptions{4, coarsening});
  return out;
}

TEST(BatchKernel, EulerMaruyamaEqualsTheCompileTimePathBitwise) {
  const sde::OrnsteinUhlenbeck ou{1.3, 0.4, 0.7};
  const double x0[1] = {-0.6};
  for (int r : {1, 2, 3}) {
    const Eigen::MatrixXd X = run(schemes::EulerMaruyama{}, 1, r);
    for (std::size_t p = 0; p < kPaths; ++p) {
      auto noise = sde::brownian_path(kSeed, 100 + p, core::TimeGrid(0.0, 2.0, 24), 1);
      if (r > 1) noise = noise.coarsen(r);
      const auto y = schemes::integrate_path(ou, schemes::EulerMaruyama{}, x0, noise);
      if (r == 1)
        EXPECT_EQ(X(0, static_cast<Eigen::Index>(p)), y[0]) << "path " << p;
      else  // coarse increments summed in another order: equal to round-off
        EXPECT_NEAR(X(0, static_cast<Eigen::Index>(p)), y[0], 1e-14) << "path " << p << ", coarsening " << r;
    }
  }
}

TEST(BatchKernel, ExponentialEulerIsTheExactOuStepOnTheSamePath) {
  const sde::OrnsteinUhlenbeck ou{1.3, 0.4, 0.7};
  const double x0[1] = {-0.6};
  for (int r : {1, 4}) {
    const Eigen::MatrixXd X = run(schemes::ExponentialEuler{}, 1, r);
    for (std::size_t p = 0; p < kPaths; ++p) {
      auto noise =
          sde::brownian_path(kSeed, 100 + p, core::TimeGrid(0.0, 2.0, 24), 1, sde::Companion::ou_convolution, ou.theta);
      if (r > 1) noise = noise.coarsen(r);
      const auto y = schemes::integrate_path(ou, schemes::ExactOrnsteinUhlenbeck{}, x0, noise);
      EXPECT_NEAR(X(0, static_cast<Eigen::Index>(p)), y[0], 1e-13) << "path " << p << ", coarsening " << r;
    }
  }
}

TEST(BatchKernel, ComponentsOfOneStateAreTheNoiseComponentsOfThePath) {
  // d = 3: component i of path p uses normal n·d + i, as brownian_path with noise_dim = d.
  const Eigen::MatrixXd X = run(schemes::EulerMaruyama{}, 3, 1, 1);
  for (std::size_t p = 0; p < kPaths; ++p) {
    const auto noise = sde::brownian_path(kSeed, 100 + p, core::TimeGrid(0.0, 2.0, 1), 3);
    for (int i = 0; i < 3; ++i) {
      const double expected = -0.6 + 2.0 * 1.3 * (0.4 - -0.6) + 0.7 * noise.dW[static_cast<std::size_t>(i)];
      EXPECT_NEAR(X(i, static_cast<Eigen::Index>(p)), expected, 1e-15);
    }
  }
}

struct Exploding {
  static constexpr sde::NoiseClass noise_class = sde::NoiseClass::isotropic;
  static constexpr sde::Interpretation interpretation = sde::Interpretation::ito;
  int dim() const { return 2; }
  void drift(double, const Eigen::MatrixXd& X, Eigen::MatrixXd& A) const { A = X.array().square().matrix() * 1e3; }
  double noise_scale(double) const { return 0.0; }
};

TEST(BatchKernel, BlowUpNamesPathAndStep) {
  try {
    simulate_batch(Exploding{}, schemes::EulerMaruyama{}, Eigen::VectorXd::Constant(2, 10.0),
                   core::TimeGrid(0.0, 1.0, 50), 0, 3, random::NormalStream(1, random::Purpose::brownian),
                   [](std::size_t, const Eigen::MatrixXd&) {});
    FAIL() << "expected a NumericalError";
  } catch (const NumericalError& e) {
    EXPECT_NE(std::string(e.what()).find("path 0 became non-finite in step"), std::string::npos) << e.what();
  }
}

TEST(BatchKernel, RefusesAStartOfTheWrongDimension) {
  EXPECT_THROW(simulate_batch(sde::IsotropicOrnsteinUhlenbeck{2}, schemes::EulerMaruyama{}, Eigen::VectorXd::Zero(3),
                              core::TimeGrid(0.0, 1.0, 1), 0, 1, random::NormalStream(1, random::Purpose::brownian),
                              [](std::size_t, const Eigen::MatrixXd&) {}),
               Error);
}

}  // namespace
}  // namespace ito::monte_carlo
