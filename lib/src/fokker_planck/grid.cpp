#include "ito/fokker_planck/grid.hpp"

#include <cmath>

#include "ito/core/error.hpp"

namespace ito::fokker_planck {

Boundary boundary_from_string(const std::string& name) {
  if (name == "reflecting") return Boundary::reflecting;
  if (name == "absorbing") return Boundary::absorbing;
  if (name == "periodic") return Boundary::periodic;
  detail::throw_error<ParameterError>("unknown boundary '", name, "' (expected reflecting, absorbing or periodic)");
}

std::string to_string(Boundary b) {
  switch (b) {
    case Boundary::reflecting: return "reflecting";
    case Boundary::absorbing: return "absorbing";
    case Boundary::periodic: return "periodic";
  }
  return "?";
}

Grid1D::Grid1D(double lower_, double upper_, std::size_t cells_, Boundary left_, Boundary right_)
    : lower(lower_), upper(upper_), cells(cells_), left(left_), right(right_) {
  if (!(upper > lower) || !std::isfinite(lower) || !std::isfinite(upper))
    detail::throw_error<ParameterError>("Grid1D: need a finite interval lower < upper, got [", lower, ", ", upper, "]");
  if (cells < 2) detail::throw_error<ParameterError>("Grid1D: need at least 2 cells, got ", cells);
  if ((left == Boundary::periodic) != (right == Boundary::periodic))
    detail::throw_error<ParameterError>("Grid1D: periodic boundaries must be periodic on both sides");
}

std::vector<double> Grid1D::centres() const {
  std::vector<double> x(cells);
  for (std::size_t i = 0; i < cells; ++i) x[i] = centre(i);
  return x;
}

namespace {
// Gauss–Legendre nodes and weights on [−1, 1].
constexpr double kGl4Node[4] = {-0.86113631159405257522, -0.33998104358485626480, 0.33998104358485626480,
                                0.86113631159405257522};
constexpr double kGl4Weight[4] = {0.34785484513745385737, 0.65214515486254614263, 0.65214515486254614263,
                                  0.34785484513745385737};
constexpr double kGl3Node[3] = {-0.77459666924148337704, 0.0, 0.77459666924148337704};
constexpr double kGl3Weight[3] = {5.0 / 9.0, 8.0 / 9.0, 5.0 / 9.0};
}  // namespace

std::vector<double> cell_averages(const Grid1D& grid, const std::function<double(double)>& f) {
  std::vector<double> avg(grid.cells);
  const double h = grid.width();
  for (std::size_t i = 0; i < grid.cells; ++i) {
    double s = 0.0;
    for (int q = 0; q < 4; ++q) s += kGl4Weight[q] * f(grid.centre(i) + 0.5 * h * kGl4Node[q]);
    avg[i] = 0.5 * s;
  }
  return avg;
}

std::vector<double> gaussian_cell_averages(const Grid1D& grid, double mean, double sd) {
  std::vector<double> avg(grid.cells);
  const double h = grid.width();
  const auto cdf = [&](double x) { return 0.5 * std::erfc(-(x - mean) / (sd * std::sqrt(2.0))); };
  // Differences of the upper tail when right of the mean avoid cancellation of CDF values near 1.
  const auto tail = [&](double x) { return 0.5 * std::erfc((x - mean) / (sd * std::sqrt(2.0))); };
  for (std::size_t i = 0; i < grid.cells; ++i) {
    const double lo = grid.face(i), hi = grid.face(i + 1);
    avg[i] = (lo >= mean ? tail(lo) - tail(hi) : cdf(hi) - cdf(lo)) / h;
  }
  return avg;
}

std::vector<double> cell_averages(const Grid2D& grid, const std::function<double(double, double)>& f) {
  std::vector<double> avg(grid.size());
  const double hx = grid.x.width(), hy = grid.y.width();
  for (std::size_t j = 0; j < grid.y.cells; ++j)
    for (std::size_t i = 0; i < grid.x.cells; ++i) {
      double s = 0.0;
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b)
          s += kGl3Weight[a] * kGl3Weight[b] *
               f(grid.x.centre(i) + 0.5 * hx * kGl3Node[a], grid.y.centre(j) + 0.5 * hy * kGl3Node[b]);
      avg[grid.index(i, j)] = 0.25 * s;
    }
  return avg;
}

}  // namespace ito::fokker_planck
