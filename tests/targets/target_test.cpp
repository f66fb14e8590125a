// AnyTarget forwards every member of the Target concept and recovers the wrapped type; the constructors
// of the analytic targets reject bad arguments.
#include "ito/targets/target.hpp"

#include <gtest/gtest.h>

#include "ito/core/error.hpp"
#include "ito/targets/banana.hpp"
#include "ito/targets/funnel.hpp"
#include "ito/targets/mixture.hpp"

namespace ito::targets {
namespace {

TEST(Target, AnyTargetForwardsEverything) {
  const AnyTarget any(FunnelTarget(3, 3.0), "funnel");
  Eigen::VectorXd x(3), g1, g2;
  x << 0.5, -0.2, 0.1;
  EXPECT_EQ(any.dim(), 3);
  EXPECT_EQ(any.log_density_gradient(x, g1), FunnelTarget(3, 3.0).log_density_gradient(x, g2));
  EXPECT_EQ(g1, g2);
  EXPECT_EQ(any.parameter_names().size(), 3u);
  EXPECT_NE(any.get<FunnelTarget>(), nullptr);
  EXPECT_EQ(any.get<BananaTarget>(), nullptr);
}

TEST(Target, ConstructorsRejectBadArguments) {
  EXPECT_THROW(BananaTarget(1, 0.1, 10.0), ito::ParameterError);
  EXPECT_THROW(BananaTarget(2, 0.1, -1.0), ito::ParameterError);
  EXPECT_THROW(FunnelTarget(1, 3.0), ito::ParameterError);
  EXPECT_THROW(FunnelTarget(3, 0.0), ito::ParameterError);
  EXPECT_THROW(MixtureTarget({1.0}, {}), ito::ParameterError);
  EXPECT_THROW(MixtureTarget({1.0, -1.0}, {GaussianTarget::standard(1), GaussianTarget::standard(1)}),
               ito::ParameterError);
  EXPECT_THROW(MixtureTarget({1.0, 1.0}, {GaussianTarget::standard(1), GaussianTarget::standard(2)}),
               ito::ParameterError);
}

}  // namespace
}  // namespace ito::targets
