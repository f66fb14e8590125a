// VP SDE moments: the Boost.Odeint integration of the moment ODEs agrees with the closed form to 1e-8,
// and the generic linear-moment solver reproduces the OU moments.
#include "ito/sde/variance_preserving.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ito/sde/linear_moments.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"

namespace ito::sde {
namespace {

TEST(VariancePreserving, OdeMomentsMatchClosedForm) {
  const VariancePreserving vp{0.1, 20.0};
  for (double m0 : {0.0, 1.0, -2.5})
    for (double v0 : {0.0, 0.3, 1.0, 4.0})
      for (double t : {0.0, 0.01, 0.25, 0.5, 1.0}) {
        const auto closed = vp.moments(t, m0, v0), ode = vp.moments_by_ode(t, m0, v0);
        EXPECT_NEAR(ode.mean, closed.mean, 1e-8) << "t=" << t << " m0=" << m0 << " v0=" << v0;
        EXPECT_NEAR(ode.variance, closed.variance, 1e-8) << "t=" << t << " m0=" << m0 << " v0=" << v0;
      }
  // Unit variance is preserved; the signal decays to e^{-B(1)/2} = e^{-5.025}.
  EXPECT_NEAR(vp.moments(0.7, 0.0, 1.0).variance, 1.0, 1e-15);
  EXPECT_NEAR(vp.moments(1.0, 1.0, 0.0).mean, std::exp(-0.5 * (0.1 + 0.5 * 19.9)), 1e-15);
}

TEST(LinearMoments, ReproducesOrnsteinUhlenbeck) {
  const OrnsteinUhlenbeck ou{1.3, 0.4, 0.6};
  const double x0 = 2.0;
  const auto m = linear_sde_moments([&](double) { return -ou.theta; }, [&](double) { return ou.theta * ou.mu; },
                                    [&](double) { return ou.sigma; }, 0.0, 1.7, x0, 0.0);
  double mean, var;
  ou.exact_mean(1.7, &x0, &mean);
  ou.exact_variance(1.7, &x0, &var);
  EXPECT_NEAR(m.mean, mean, 1e-10);
  EXPECT_NEAR(m.variance, var, 1e-10);
}

}  // namespace
}  // namespace ito::sde
