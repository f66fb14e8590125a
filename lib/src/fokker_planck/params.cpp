#include "ito/fokker_planck/params.hpp"

#include <sstream>

#include "ito/core/error.hpp"

namespace ito::fokker_planck {

namespace {

using io::Range;

const std::vector<std::string> kOneDimensional = {"ou", "double_well", "gbm", "absorbing_bm"};
const std::vector<std::string> kBoundaries = {"reflecting", "absorbing", "periodic"};
const std::vector<std::string> kMethods = {"implicit_euler", "crank_nicolson", "tr_bdf2"};

io::Schema make_schema() {
  io::Schema s("fokker-planck");
  s.string("problem", "ou", {"ou", "double_well", "gbm", "absorbing_bm", "ou2d"},
           "the diffusion and its exact answer (table in the README)");
  s.real("model.theta", 1.0, Range::positive(), "θ of dX = θ(μ − X)dt + σ dW").when("problem", {"ou"});
  s.real("model.mu", 0.0, Range::any(), "μ").when("problem", {"ou"});
  s.real("model.sigma", std::sqrt(2.0), Range::positive(), "σ (√2: D = σ²/2 = 1)").when("problem", {"ou"});
  s.real("model.diffusion", 0.25, Range::positive(), "D of dX = −U′(X)dt + √(2D) dW, U = (x² − 1)²")
      .when("problem", {"double_well"});
  s.real("model.mu", 0.05, Range::any(), "μ of dX = μX dt + σX dW").when("problem", {"gbm"});
  s.real("model.sigma", 0.3, Range::positive(), "σ").when("problem", {"gbm"});
  s.real("model.x0", 1.0, Range::positive(), "X_0").when("problem", {"gbm"});
  s.real("model.diffusion", 0.5, Range::positive(), "D of dX = √(2D) dW, absorbed at the absorbing side")
      .when("problem", {"absorbing_bm"});
  s.real("model.x0", 1.0, Range::any(), "X_0").when("problem", {"absorbing_bm"});
  s.reals("model.drift_matrix", std::vector<double>{1.0, 0.3, -0.2, 2.0}, Range::any(),
          "A of dX = −A X dt + S dW, row-major (4 numbers)")
      .when("problem", {"ou2d"});
  s.reals("model.noise_matrix", std::vector<double>{1.0, 0.0, 0.6, 0.8}, Range::any(), "S, row-major (4 numbers)")
      .when("problem", {"ou2d"});

  s.real("initial.mean", 2.0, Range::any(), "mean of the Gaussian initial density").when("problem", {"ou"});
  s.real("initial.sd", 0.5, Range::positive(), "its standard deviation").when("problem", {"ou"});
  s.real("initial.mean", 1.0, Range::any(), "mean of the Gaussian initial density").when("problem", {"double_well"});
  s.real("initial.sd", 0.3, Range::positive(), "its standard deviation").when("problem", {"double_well"});
  s.real("initial.start_time", 0.1, Range::positive(), "start from the exact law at this time")
      .when("problem", {"gbm"});
  s.real("initial.start_time", 0.05, Range::positive(), "start from the exact density at this time")
      .when("problem", {"absorbing_bm"});
  s.reals("initial.mean", std::vector<double>{1.5, -1.0}, Range::any(),
          "m0 of the Gaussian initial density (2 numbers)")
      .when("problem", {"ou2d"});
  s.reals("initial.covariance", std::vector<double>{0.25, 0.0, 0.0, 0.25}, Range::any(), "C0, row-major (4 numbers)")
      .when("problem", {"ou2d"});

  s.real("grid.lower", -6.0, Range::any(), "left end").when("problem", kOneDimensional);
  s.real("grid.upper", 6.0, Range::any(), "right end (> lower)").when("problem", kOneDimensional);
  s.integer("grid.cells", std::int64_t{120}, Range::at_least(2), "cells").when("problem", kOneDimensional);
  s.string("grid.left", "reflecting", kBoundaries, "left boundary (periodic: on both sides)")
      .when("problem", kOneDimensional);
  s.string("grid.right", "reflecting", kBoundaries, "right boundary").when("problem", kOneDimensional);
  s.reals("grid.x", std::vector<double>{-5.0, 5.0}, Range::any(), "[lower, upper] in x").when("problem", {"ou2d"});
  s.reals("grid.y", std::vector<double>{-5.0, 5.0}, Range::any(), "[lower, upper] in y").when("problem", {"ou2d"});
  s.reals("grid.cells", std::vector<double>{100, 100}, Range::at_least(2), "[cells in x, cells in y]")
      .when("problem", {"ou2d"});

  auto methods_1d = kMethods;
  methods_1d.push_back("steady_state");
  s.string("time.method", "tr_bdf2", methods_1d, "time stepping, or the direct stationary solve")
      .when("problem", kOneDimensional);
  s.string("time.method", "tr_bdf2", kMethods, "time stepping of the sparse implicit solver").when("problem", {"ou2d"});
  s.string("time.solver", "adi", {"adi", "implicit"}, "ADI splitting or the sparse implicit solver")
      .when("problem", {"ou2d"});
  s.string("time.adi_scheme", "hundsdorfer_verwer", {"hundsdorfer_verwer", "douglas"}, "ADI scheme")
      .when("problem", {"ou2d"});
  s.real("time.theta", 0.5 + std::sqrt(3.0) / 6.0, Range::between(0.5, 1.0), "ADI θ (½ + √3/6)")
      .when("problem", {"ou2d"});
  s.real("time.dt", 1e-3, Range::positive(), "time step (the first step when adaptive)");
  s.boolean("time.adaptive", false, "adaptive step sizes (needs method = tr_bdf2)");
  s.real("time.tolerance", 1e-7, Range::positive(), "adaptive: L1 local error per step");
  s.real("time.relative_tolerance", 0.0, Range::nonnegative(), "adaptive: plus this fraction of the step's L1 change");
  s.integer("time.rannacher_steps", std::int64_t{2}, Range::between(0, 1000),
            "crank_nicolson: start-up steps done as two implicit-Euler half steps each");
  s.reals("time.snapshots", std::vector<double>{1.0}, Range::positive(),
          "output times, increasing after the start time; the last is the end time")
      .unless("time.method", {"steady_state"});
  return s;
}

std::string number(double v) {
  std::ostringstream os;
  os.precision(12);
  os << v;
  return os.str();
}

/// A key holding exactly n numbers.
template <std::size_t N>
std::array<double, N> fixed(io::SchemaReader& r, const char* key, const char* what) {
  const auto v = r.reals(key);
  if (v.size() != N) r.fail(key, "expected " + std::to_string(N) + " numbers (" + what + ")");
  std::array<double, N> out;
  std::copy(v.begin(), v.end(), out.begin());
  return out;
}

TimeStepping read_stepping(io::SchemaReader& r, const std::string& method) {
  TimeStepping s;
  s.method = time_method_from_string(method);
  s.dt = r.real("time.dt");
  s.adaptive = r.boolean("time.adaptive");
  s.tolerance = r.real("time.tolerance");
  s.relative_tolerance = r.real("time.relative_tolerance");
  s.rannacher_steps = static_cast<int>(r.integer("time.rannacher_steps"));
  if (s.adaptive && s.method != TimeMethod::tr_bdf2)
    r.fail("time.adaptive", "adaptive stepping needs method = \"tr_bdf2\"");
  return s;
}

std::vector<double> read_snapshots(io::SchemaReader& r, double start) {
  auto times = r.reals("time.snapshots");
  double previous = start;
  for (double t : times) {
    if (!(t > previous)) r.fail("time.snapshots", "expected increasing times after the start time " + number(start));
    previous = t;
  }
  return times;
}

}  // namespace

const io::Schema& fokker_planck_schema() {
  static const io::Schema schema = make_schema();
  return schema;
}

FokkerPlanckParameters read_fokker_planck(io::Params& params) {
  io::SchemaReader reader(fokker_planck_schema(), params);
  return read_fokker_planck(reader);
}

FokkerPlanckParameters read_fokker_planck(io::SchemaReader& r) {
  FokkerPlanckParameters p;
  p.problem = r.string("problem");
  if (!p.two_dimensional()) {
    p.lower = r.real("grid.lower");
    p.upper = r.real("grid.upper");
    if (!(p.upper > p.lower)) r.fail("grid.upper", "expected upper > lower");
    p.cells = static_cast<std::size_t>(r.integer("grid.cells"));
    p.left = boundary_from_string(r.string("grid.left"));
    p.right = boundary_from_string(r.string("grid.right"));
    if ((p.left == Boundary::periodic) != (p.right == Boundary::periodic))
      r.fail("grid.right", "periodic boundaries must be periodic on both sides");
    if (p.problem == "ou") {
      p.theta = r.real("model.theta");
      p.mu = r.real("model.mu");
      p.sigma = r.real("model.sigma");
      p.mean = r.real("initial.mean");
      p.sd = r.real("initial.sd");
    } else if (p.problem == "double_well") {
      p.diffusion = r.real("model.diffusion");
      p.mean = r.real("initial.mean");
      p.sd = r.real("initial.sd");
    } else if (p.problem == "gbm") {
      p.mu = r.real("model.mu");
      p.sigma = r.real("model.sigma");
      p.x0 = r.real("model.x0");
      p.start_time = r.real("initial.start_time");
    } else {
      p.diffusion = r.real("model.diffusion");
      p.x0 = r.real("model.x0");
      p.start_time = r.real("initial.start_time");
    }
    p.method = r.string("time.method");
    auto& o = p.options_1d;
    o.steady_state = p.method == "steady_state";
    o.stepping = read_stepping(r, o.steady_state ? "tr_bdf2" : p.method);
    if (!o.steady_state) o.output_times = read_snapshots(r, p.start_time);
  } else {
    p.drift_matrix = fixed<4>(r, "model.drift_matrix", "a 2×2 matrix, row-major");
    p.noise_matrix = fixed<4>(r, "model.noise_matrix", "a 2×2 matrix, row-major");
    p.mean_2d = fixed<2>(r, "initial.mean", "the mean");
    p.covariance = fixed<4>(r, "initial.covariance", "a 2×2 matrix, row-major");
    for (const char* key : {"grid.x", "grid.y"}) {
      const auto range = r.reals(key);
      if (range.size() != 2 || !(range[1] > range[0])) r.fail(key, "expected [lower, upper] with lower < upper");
      (key == std::string("grid.x") ? p.x_range : p.y_range) = {range[0], range[1]};
    }
    const auto cells = r.reals("grid.cells");
    if (cells.size() != 2) r.fail("grid.cells", "expected [cells_x, cells_y]");
    for (double c : cells)
      if (c != std::floor(c) || c > 1e9) r.fail("grid.cells", "expected whole numbers of cells <= 1e9");
    p.cells_2d = {static_cast<std::size_t>(cells[0]), static_cast<std::size_t>(cells[1])};
    auto& o = p.options_2d;
    o.solver = solver2d_from_string(r.string("time.solver"));
    p.method = r.string("time.method");
    o.stepping = read_stepping(r, p.method);
    o.adi.scheme = adi_scheme_from_string(r.string("time.adi_scheme"));
    o.adi.theta = r.real("time.theta");
    o.adi.dt = o.stepping.dt;
    o.adi.adaptive = o.stepping.adaptive;
    o.adi.tolerance = o.stepping.tolerance;
    o.adi.relative_tolerance = o.stepping.relative_tolerance;
    o.output_times = read_snapshots(r, 0.0);
  }
  r.finish();
  return p;
}

Grid1D grid_1d(const FokkerPlanckParameters& p) { return Grid1D(p.lower, p.upper, p.cells, p.left, p.right); }

Grid2D grid_2d(const FokkerPlanckParameters& p) {
  return Grid2D{Grid1D(p.x_range[0], p.x_range[1], p.cells_2d[0]), Grid1D(p.y_range[0], p.y_range[1], p.cells_2d[1])};
}

Problem1D problem_1d(const FokkerPlanckParameters& p) {
  const Grid1D grid = grid_1d(p);
  if (p.problem == "ou") return ou_problem(p.theta, p.mu, p.sigma, p.mean, p.sd, grid);
  if (p.problem == "double_well") return double_well_problem(p.diffusion, p.mean, p.sd, grid);
  if (p.problem == "gbm") return gbm_problem(p.mu, p.sigma, p.x0, p.start_time, grid);
  if (p.problem == "absorbing_bm") return absorbing_bm_problem(p.diffusion, p.x0, p.start_time, grid);
  throw Error("fokker_planck::problem_1d: '" + p.problem + "' is not a 1-D problem");
}

Problem2D problem_2d(const FokkerPlanckParameters& p) {
  const auto matrix = [](const std::array<double, 4>& v) {
    Eigen::Matrix2d m;
    m << v[0], v[1], v[2], v[3];
    return m;
  };
  return ou2d_problem(matrix(p.drift_matrix), matrix(p.noise_matrix), Eigen::Vector2d(p.mean_2d[0], p.mean_2d[1]),
                      matrix(p.covariance), grid_2d(p));
}

std::variant<Solution1D, Solution2D> solve(const FokkerPlanckParameters& p) {
  if (p.two_dimensional()) return solve(problem_2d(p), p.options_2d);
  return solve(problem_1d(p), p.options_1d);
}

}  // namespace ito::fokker_planck
