#pragma once
// Cell-centred uniform grids for finite volumes, and their boundary conditions.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace ito::fokker_planck {

/// Boundary condition of one side of an interval.
///  - reflecting: zero probability flux through the boundary face (mass is conserved);
///  - absorbing:  p = 0 outside (homogeneous Dirichlet at the boundary face); mass leaves through the
///                face, the survival probability decreases by the exit flux;
///  - periodic:   the face between the last and the first cell is an interior face (both sides must be
///                periodic).
enum class Boundary { reflecting, absorbing, periodic };

Boundary boundary_from_string(const std::string& name);  // "reflecting" | "absorbing" | "periodic"
std::string to_string(Boundary b);

/// n cells of width h = (upper − lower)/n on [lower, upper]; cell i is [lower + i h, lower + (i+1) h],
/// its centre x_i = lower + (i + ½) h. The unknowns are cell averages of the density.
struct Grid1D {
  double lower = 0.0, upper = 1.0;
  std::size_t cells = 1;
  Boundary left = Boundary::reflecting, right = Boundary::reflecting;

  Grid1D() = default;
  Grid1D(double lower_, double upper_, std::size_t cells_, Boundary left_ = Boundary::reflecting,
         Boundary right_ = Boundary::reflecting);

  double width() const { return (upper - lower) / static_cast<double>(cells); }
  double centre(std::size_t i) const { return lower + (static_cast<double>(i) + 0.5) * width(); }
  /// Face k, k = 0..cells: lower + k h.
  double face(std::size_t k) const { return lower + static_cast<double>(k) * width(); }
  std::vector<double> centres() const;
  bool periodic() const { return left == Boundary::periodic; }
};

/// Cell averages (1/h)∫_cell f dx by 4-point Gauss–Legendre quadrature per cell (exact for degree 7).
std::vector<double> cell_averages(const Grid1D& grid, const std::function<double(double)>& f);

/// Cell averages of the N(mean, sd²) density, exactly, from differences of the normal CDF.
std::vector<double> gaussian_cell_averages(const Grid1D& grid, double mean, double sd);

/// Tensor grid x × y; unknown (i, j) is stored at index i + cells_x · j (x fastest).
struct Grid2D {
  Grid1D x, y;
  std::size_t size() const { return x.cells * y.cells; }
  std::size_t index(std::size_t i, std::size_t j) const { return i + x.cells * j; }
  double cell_area() const { return x.width() * y.width(); }
};

/// Cell averages of f(x, y) by 3×3 Gauss–Legendre quadrature per cell.
std::vector<double> cell_averages(const Grid2D& grid, const std::function<double(double, double)>& f);

}  // namespace ito::fokker_planck
