// VP SDE moments: the Boost.Odeint integration of the moment ODEs agrees with the closed form to 1e-8 (the
// generic linear-moment solver itself is tested in linear_moments_test.cpp).
#include "ito/sde/variance_preserving.hpp"

#include <gtest/gtest.h>

#include <cmath>

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

}  // namespace
}  // namespace ito::sde
