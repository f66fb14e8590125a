#include "ito/sde/linear_moments.hpp"

#include <array>
#include <boost/numeric/odeint.hpp>

#include "ito/core/error.hpp"

namespace ito::sde {

GaussianMoments linear_sde_moments(const std::function<double(double)>& a, const std::function<double(double)>& b,
                                   const std::function<double(double)>& c, double t0, double t1, double m0,
                                   double v0, double tol) {
  ITO_REQUIRE(t1 >= t0, "end time " << t1 << " before start time " << t0);
  ITO_REQUIRE(v0 >= 0.0, "initial variance " << v0 << " must be >= 0");
  using State = std::array<double, 2>;
  State y{m0, v0};
  if (t1 == t0) return {m0, v0};
  auto rhs = [&](const State& s, State& dsdt, double t) {
    const double at = a(t), ct = c(t);
    dsdt[0] = at * s[0] + b(t);
    dsdt[1] = 2.0 * at * s[1] + ct * ct;
  };
  namespace odeint = boost::numeric::odeint;
  auto stepper = odeint::make_dense_output(tol, tol, odeint::runge_kutta_dopri5<State>());
  odeint::integrate_adaptive(stepper, rhs, y, t0, t1, (t1 - t0) / 100.0);
  return {y[0], y[1]};
}

}  // namespace ito::sde
