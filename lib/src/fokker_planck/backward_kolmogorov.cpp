#include "ito/fokker_planck/backward_kolmogorov.hpp"

#include <algorithm>
#include <cmath>

#include "ito/core/error.hpp"
#include "ito/fokker_planck/generator.hpp"

namespace ito::fokker_planck {

namespace {
// Interpolation weights of x0 between the two nearest centres: (left cell, weight of the right cell).
std::pair<std::size_t, double> bracket(const Grid1D& grid, double x0) {
  if (!(x0 >= grid.lower && x0 <= grid.upper))
    detail::throw_error<ParameterError>("x0 = ", x0, " lies outside the grid [", grid.lower, ", ", grid.upper, "]");
  const double s = (x0 - grid.lower) / grid.width() - 0.5;  // position in units of centres
  if (s <= 0.0) return {0, 0.0};
  const auto last = grid.cells - 1;
  if (s >= static_cast<double>(last)) return {last - 1, 1.0};
  const auto i = static_cast<std::size_t>(std::floor(s));
  return {i, s - static_cast<double>(i)};
}
}  // namespace

Eigen::VectorXd point_mass(const Grid1D& grid, double x0) {
  const auto [i, lambda] = bracket(grid, x0);
  Eigen::VectorXd p = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(grid.cells));
  p[static_cast<Eigen::Index>(i)] += (1.0 - lambda) / grid.width();
  p[static_cast<Eigen::Index>(i + 1)] += lambda / grid.width();
  return p;
}

Eigen::VectorXd backward_kolmogorov(const Model1D& model, const Grid1D& grid, double horizon,
                                    const std::function<double(double)>& payoff, const TimeStepping& stepping,
                                    StepStats* stats) {
  if (!(horizon > 0.0)) detail::throw_error<ParameterError>("horizon T must be > 0, got ", horizon);
  Eigen::VectorXd u(static_cast<Eigen::Index>(grid.cells));
  for (std::size_t i = 0; i < grid.cells; ++i) u[static_cast<Eigen::Index>(i)] = payoff(grid.centre(i));
  // The adjoint is taken with respect to Σ h p u, under which (L)ᵀ is the adjoint since h is uniform.
  LinearEvolution backward{[&](double tau) { return SparseMatrix(assemble_generator(model, grid, horizon - tau).matrix.transpose()); },
                           model.time_dependent, grid.width()};
  const auto s = evolve(backward, u, 0.0, {horizon}, stepping);
  if (stats) *stats = s;
  return u;
}

ExpectationEstimate expectation(const Model1D& model, const Grid1D& grid, double x0, double horizon,
                                const std::function<double(double)>& payoff, const TimeStepping& stepping) {
  ExpectationEstimate e;
  Eigen::VectorXd p = point_mass(grid, x0);
  LinearEvolution forward{[&](double t) { return assemble_generator(model, grid, t).matrix; }, model.time_dependent,
                          grid.width()};
  e.forward_stats = evolve(forward, p, 0.0, {horizon}, stepping);
  for (std::size_t i = 0; i < grid.cells; ++i) e.forward += grid.width() * p[static_cast<Eigen::Index>(i)] * payoff(grid.centre(i));
  const Eigen::VectorXd u = backward_kolmogorov(model, grid, horizon, payoff, stepping, &e.backward_stats);
  const auto [i, lambda] = bracket(grid, x0);
  e.backward = (1.0 - lambda) * u[static_cast<Eigen::Index>(i)] + lambda * u[static_cast<Eigen::Index>(i + 1)];
  return e;
}

}  // namespace ito::fokker_planck
