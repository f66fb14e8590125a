#pragma once
// The parameters of `ito fokker-planck`: one table of keys (fokker_planck_schema(), printed by
// `ito fokker-planck --help`) from which read_fokker_planck reads and validates a parameter file, and the run
// they describe (solve).
#include <array>
#include <cmath>
#include <string>
#include <variant>

#include "ito/fokker_planck/expression_problem.hpp"
#include "ito/fokker_planck/solve.hpp"
#include "ito/io/schema.hpp"

namespace ito::fokker_planck {

/// The effective parameters of a run (every key of the schema that applies, defaults filled in; the keys of
/// other problems keep the values below).
struct FokkerPlanckParameters {
  std::string problem = "ou";      ///< ou | double_well | gbm | absorbing_bm | expression | ou2d
  std::string method = "tr_bdf2";  ///< time.method
  // 1-D problems: [model], [initial], [grid]
  double theta = 1.0, mu = 0.0, sigma = std::sqrt(2.0), diffusion = 0.25, x0 = 1.0;
  double mean = 2.0, sd = 0.5, start_time = 0.0;
  double lower = -6.0, upper = 6.0;
  std::size_t cells = 120;
  Boundary left = Boundary::reflecting, right = Boundary::reflecting;
  Options1D options_1d;
  ExpressionProblemSpec expression;  ///< problem = expression: the user's model, start and exact density
  // ou2d: dX = −A X dt + S dW from N(m0, C0), row-major 2×2 matrices
  std::array<double, 4> drift_matrix{1.0, 0.3, -0.2, 2.0}, noise_matrix{1.0, 0.0, 0.6, 0.8},
      covariance{0.25, 0.0, 0.0, 0.25};
  std::array<double, 2> mean_2d{1.5, -1.0}, x_range{-5.0, 5.0}, y_range{-5.0, 5.0};
  std::array<std::size_t, 2> cells_2d{100, 100};
  Boundary bottom = Boundary::reflecting, top = Boundary::reflecting;  ///< 2-D user model: the y sides (x: left, right)
  Options2D options_2d;
  int dimension = 1;                     ///< 2 for ou2d and a 2-D user model
  ExpressionProblemSpec2D expression_2d;  ///< problem = expression, dimension 2

  bool two_dimensional() const { return problem == "ou2d" || dimension == 2; }
  bool operator==(const FokkerPlanckParameters&) const = default;
};

/// Every key `ito fokker-planck` reads, with its default, range and the problems it applies to.
const io::Schema& fokker_planck_schema();

/// Reads and validates every key of fokker_planck_schema(), the cross-key checks (grid bounds, periodic on
/// both sides, adaptive stepping with TR-BDF2, increasing output times after the start), then unknown keys.
/// A user model (problem = expression) is built once here, so that what expression_problem refuses (D = 0 on
/// the grid, a negative initial density, a point mass outside the grid, ...) is reported at its key.
FokkerPlanckParameters read_fokker_planck(io::Params& params);
/// The same through a reader on fokker_planck_schema() (tests inspect which rows it read).
FokkerPlanckParameters read_fokker_planck(io::SchemaReader& reader);

/// The grids and problems the parameters describe.
Grid1D grid_1d(const FokkerPlanckParameters& p);
Grid2D grid_2d(const FokkerPlanckParameters& p);
Problem1D problem_1d(const FokkerPlanckParameters& p);
Problem2D problem_2d(const FokkerPlanckParameters& p);

/// Solves the problem the parameters describe: Solution1D, or Solution2D for ou2d and a 2-D user model.
std::variant<Solution1D, Solution2D> solve(const FokkerPlanckParameters& p);

}  // namespace ito::fokker_planck
