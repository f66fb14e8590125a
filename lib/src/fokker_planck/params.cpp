#include "ito/fokker_planck/params.hpp"

#include <limits>
#include <sstream>

#include "ito/core/memory.hpp"

#include "ito/core/error.hpp"

namespace ito::fokker_planck {

namespace {

using io::Range;

const std::vector<std::string> kOneDimensional = {"ou", "double_well", "gbm", "absorbing_bm", "expression"};
const std::vector<std::string> kUser = {"expression"};
const std::vector<std::string> kBoundaries = {"reflecting", "absorbing", "periodic"};
const std::vector<std::string> kMethods = {"implicit_euler", "crank_nicolson", "tr_bdf2"};

io::Schema make_schema() {
  io::Schema s("fokker-planck");
  s.string("problem", io::required, {"ou", "double_well", "gbm", "absorbing_bm", "expression", "ou2d"},
           "the diffusion and its exact answer (table in the README); expression: your own model, 1-D (model.drift "
           "a text) or 2-D (model.drift an array of 2 texts)");
  s.integer("dimension",
            io::computed("2 for ou2d and for an expression whose model.drift is an array of 2 texts, else 1"),
            Range::between(1, 2),
            "dimension of the state; follows from the problem and the shape of model.drift (need not be written)");
  s.real("model.theta", 1.0, Range::positive(), "θ of dX = θ(μ − X)dt + σ dW").when("problem", {"ou"});
  s.real("model.mu", 0.0, Range::any(), "μ").when("problem", {"ou"});
  s.real("model.sigma", std::sqrt(2.0), Range::positive(), "σ (√2: D = σ²/2 = 1)").when("problem", {"ou"});
  s.real("model.diffusivity", 0.25, Range::positive(), "D of dX = −U′(X)dt + √(2D) dW, U = (x² − 1)²")
      .when("problem", {"double_well"});
  s.real("model.mu", 0.05, Range::any(), "μ of dX = μX dt + σX dW").when("problem", {"gbm"});
  s.real("model.sigma", 0.3, Range::positive(), "σ").when("problem", {"gbm"});
  s.real("model.x0", 1.0, Range::positive(), "X_0").when("problem", {"gbm"});
  s.real("model.diffusivity", 0.5, Range::positive(), "D of dX = √(2D) dW, absorbed at the absorbing side")
      .when("problem", {"absorbing_bm"});
  s.real("model.x0", 1.0, Range::any(), "X_0").when("problem", {"absorbing_bm"});
  s.reals("model.drift_matrix", std::vector<double>{1.0, 0.3, -0.2, 2.0}, Range::any(),
          "A of dX = −A X dt + S dW, row-major (4 numbers)")
      .when("problem", {"ou2d"});
  s.reals("model.noise_matrix", std::vector<double>{1.0, 0.0, 0.6, 0.8}, Range::any(), "S, row-major (4 numbers)")
      .when("problem", {"ou2d"});
  // expression: the user's dX = a(x, t) dt + b(x, t) dW (Itô), fokker_planck/expression_problem.hpp
  s.named_reals("model.parameters", "named constants usable in every expression").when("problem", kUser);
  s.expression("model.drift", io::required, {"x", "t"}, "drift a(x, t) of dX = a dt + b dW (Itô)")
      .when("problem", kUser)
      .when("dimension", {"1"});
  s.expression("model.diffusion", io::required, {"x", "t"},
               "noise coefficient b(x, t): D = b²/2 must be > 0 on the grid (it may vanish at a reflecting side)")
      .when("problem", kUser)
      .when("dimension", {"1"});
  s.expression("model.exact_density", io::optional, {"x", "t"},
               "the exact density of the problem as configured (sides included), if known: then l1_error, exact "
               "survival and moments against it")
      .when("problem", kUser)
      .when("dimension", {"1"});
  // 2-D: dX = a(X, t) dt + g(X, t) dW, X = (x, y), W of m noises (Itô)
  s.expressions("model.drift", io::required, {"x", "y", "t"}, "drift [a_x, a_y] of dX = a dt + g dW (Itô)")
      .when("problem", kUser)
      .when("dimension", {"2"});
  s.expression_matrix("model.diffusion", io::required, {"x", "y", "t"},
                      "noise coefficient g: 2 rows [g_x1, …, g_xm], [g_y1, …, g_ym], one column per noise (m >= 2); "
                      "D = ½ggᵀ must be positive definite on the grid (a reflecting side's own face excepted)")
      .when("problem", kUser)
      .when("dimension", {"2"});
  s.expression("model.exact_density", io::optional, {"x", "y", "t"},
               "the exact density p(x, y, t) of the problem as configured (sides included), if known: then "
               "l1_error, exact survival, mean and covariance against it")
      .when("problem", kUser)
      .when("dimension", {"2"});

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
  s.real("initial.start_time", 0.0, Range::any(), "t0, the time of the initial density (or point mass)")
      .when("problem", kUser);
  s.string("initial.kind", "gaussian", {"gaussian", "expression", "point"},
           "a Gaussian, a density expression (normalised on the grid) or a point mass")
      .when("problem", kUser);
  s.real("initial.mean", 0.0, Range::any(), "mean of the Gaussian initial density")
      .when("problem", kUser)
      .when("dimension", {"1"})
      .when("initial.kind", {"gaussian"});
  s.real("initial.sd", 1.0, Range::positive(), "its standard deviation")
      .when("problem", kUser)
      .when("dimension", {"1"})
      .when("initial.kind", {"gaussian"});
  s.expression("initial.density", io::required, {"x"}, "the initial density, finite and >= 0 on the grid")
      .when("problem", kUser)
      .when("dimension", {"1"})
      .when("initial.kind", {"expression"});
  s.real("initial.x0", io::required, Range::any(), "the point mass, inside the grid")
      .when("problem", kUser)
      .when("dimension", {"1"})
      .when("initial.kind", {"point"});
  s.real("initial.smoothing_time", io::computed("(2 h / |b(x0, t0)|)², h the cell width"), Range::positive(),
         "τ: the solve starts at t0 + τ from the one-step law N(x0 + a(x0, t0) τ, b(x0, t0)² τ)")
      .when("problem", kUser)
      .when("dimension", {"1"})
      .when("initial.kind", {"point"});
  s.reals("initial.mean", std::vector<double>{0.0, 0.0}, Range::any(), "mean of the Gaussian initial density (2 numbers)")
      .when("problem", kUser)
      .when("dimension", {"2"})
      .when("initial.kind", {"gaussian"});
  s.reals("initial.covariance", std::vector<double>{1.0, 0.0, 0.0, 1.0}, Range::any(),
          "its covariance, row-major (4 numbers), symmetric positive definite")
      .when("problem", kUser)
      .when("dimension", {"2"})
      .when("initial.kind", {"gaussian"});
  s.expression("initial.density", io::required, {"x", "y"}, "the initial density, finite and >= 0 on the grid")
      .when("problem", kUser)
      .when("dimension", {"2"})
      .when("initial.kind", {"expression"});
  s.reals("initial.x0", io::required, Range::any(), "the point mass (2 numbers), inside the grid")
      .when("problem", kUser)
      .when("dimension", {"2"})
      .when("initial.kind", {"point"});
  s.real("initial.smoothing_time", io::computed("max over x, y of (2 h_k)² / (2 D_kk(x0, t0)), h_k the cell widths"),
         Range::positive(), "τ: the solve starts at t0 + τ from the one-step law N(x0 + a(x0, t0) τ, 2 D(x0, t0) τ)")
      .when("problem", kUser)
      .when("dimension", {"2"})
      .when("initial.kind", {"point"});

  // Per-problem grids: GBM lives on x > 0 (reflecting at 0), the absorbing wall is the left end at 0.
  s.real("grid.lower", -6.0, Range::any(), "left end")
      .when("problem", {"ou", "double_well", "expression"})
      .when("dimension", {"1"});
  s.real("grid.lower", 0.0, Range::any(), "left end (GBM: >= 0)").when("problem", {"gbm"});
  s.real("grid.lower", 0.0, Range::any(), "left end").when("problem", {"absorbing_bm"});
  s.real("grid.upper", 6.0, Range::any(), "right end (> lower)")
      .when("problem", {"ou", "double_well", "expression"})
      .when("dimension", {"1"});
  s.real("grid.upper", 4.0, Range::any(), "right end (> lower)").when("problem", {"gbm"});
  s.real("grid.upper", 10.0, Range::any(), "right end (> lower)").when("problem", {"absorbing_bm"});
  s.integer("grid.cells", std::int64_t{120}, Range::at_least(2), "cells")
      .when("problem", kOneDimensional)
      .when("dimension", {"1"});
  s.string("grid.left", "reflecting", kBoundaries, "left boundary (periodic: on both sides)")
      .unless("problem", {"absorbing_bm"})
      .when("problem", kOneDimensional)
      .when("dimension", {"1"});
  s.string("grid.left", "absorbing", kBoundaries, "left boundary (absorbing_bm: exactly one side absorbing, the wall)")
      .when("problem", {"absorbing_bm"});
  s.string("grid.right", "reflecting", kBoundaries, "right boundary")
      .when("problem", kOneDimensional)
      .when("dimension", {"1"});
  s.reals("grid.x", std::vector<double>{-5.0, 5.0}, Range::any(), "[lower, upper] in x").when("dimension", {"2"});
  s.reals("grid.y", std::vector<double>{-5.0, 5.0}, Range::any(), "[lower, upper] in y").when("dimension", {"2"});
  s.reals("grid.cells", std::vector<double>{100, 100}, Range::at_least(2), "[cells in x, cells in y]")
      .when("dimension", {"2"});
  s.string("grid.left", "reflecting", kBoundaries, "side x = lower (periodic: with grid.right)")
      .when("problem", kUser)
      .when("dimension", {"2"});
  s.string("grid.right", "reflecting", kBoundaries, "side x = upper").when("problem", kUser).when("dimension", {"2"});
  s.string("grid.bottom", "reflecting", kBoundaries, "side y = lower (periodic: with grid.top)")
      .when("problem", kUser)
      .when("dimension", {"2"});
  s.string("grid.top", "reflecting", kBoundaries, "side y = upper").when("problem", kUser).when("dimension", {"2"});

  auto methods_1d = kMethods;
  methods_1d.push_back("steady_state");
  s.string("time.method", "tr_bdf2", methods_1d, "time stepping, or the direct stationary solve")
      .when("problem", kOneDimensional)
      .when("dimension", {"1"});
  s.string("time.method", "tr_bdf2", kMethods, "time stepping of the sparse implicit solver").when("dimension", {"2"});
  s.string("time.solver", "adi", {"adi", "implicit"},
           "ADI splitting or the sparse implicit solver (coefficients that depend on t: implicit)")
      .when("dimension", {"2"});
  s.string("time.adi_scheme", "hundsdorfer_verwer", {"hundsdorfer_verwer", "douglas"}, "ADI scheme")
      .when("dimension", {"2"});
  s.real("time.theta", 0.5 + std::sqrt(3.0) / 6.0, Range::between(0.5, 1.0), "ADI θ (½ + √3/6)")
      .when("dimension", {"2"});
  s.real("time.dt", 1e-3, Range::positive(), "time step (the first step when adaptive)");
  s.boolean("time.adaptive", false, "adaptive step sizes (needs method = tr_bdf2)");
  s.real("time.tolerance", 1e-7, Range::positive(), "adaptive: L1 local error per step");
  s.real("time.relative_tolerance", 0.0, Range::nonnegative(), "adaptive: plus this fraction of the step's L1 change");
  s.integer("time.rannacher_steps", std::int64_t{2}, Range::between(0, 1000),
            "crank_nicolson: start-up steps done as two implicit-Euler half steps each");
  s.integer("time.max_steps", std::int64_t{10000000}, Range::at_least(1),
            "bound on the steps: a fixed step that needs more is refused when read, adaptive stepping stops there");
  s.reals("time.snapshots", std::vector<double>{1.0}, Range::positive(),
          "output times, increasing after the start time; the last is the end time")
      .unless("time.method", {"steady_state"});

  // Old spellings (one vocabulary across commands: README "Parameter files and the command line").
  s.renamed("model.diffusion", "model.diffusivity").when("problem", {"double_well", "absorbing_bm"});
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
  s.max_steps = r.integer("time.max_steps");
  if (s.adaptive && s.method != TimeMethod::tr_bdf2)
    r.fail("time.adaptive", "adaptive stepping needs method = \"tr_bdf2\"");
  return s;
}

// problem = expression: the model, its constants, the exact density if given, and the start. The grid has
// been read (a point mass's default τ depends on h). p.start_time is where the solve starts: t0, or t0 + τ
// from a point mass.
void read_expression_problem(io::SchemaReader& r, FokkerPlanckParameters& p) {
  auto& e = p.expression;
  e.parameters = r.named_reals("model.parameters");
  e.drift = r.expression("model.drift", e.parameters);
  e.diffusion = r.expression("model.diffusion", e.parameters);
  for (const auto& [key, text] : {std::pair{"model.drift", &e.drift}, std::pair{"model.diffusion", &e.diffusion}})
    if (text->empty()) r.fail(key, "expected an expression in x, t, got an empty text");
  e.exact_density = r.optional_expression("model.exact_density", e.parameters).value_or("");
  e.start_time = r.real("initial.start_time");
  const std::string kind = r.string("initial.kind");
  p.start_time = e.start_time;
  if (kind == "gaussian") {
    e.initial = InitialKind::gaussian;
    e.mean = r.real("initial.mean");
    e.sd = r.real("initial.sd");
  } else if (kind == "expression") {
    e.initial = InitialKind::density;
    e.density = r.expression("initial.density", e.parameters);
    if (e.density.empty()) r.fail("initial.density", "expected an expression in x, got an empty text");
  } else {
    e.initial = InitialKind::point;
    e.x0 = r.real("initial.x0");
    if (!(e.x0 > p.lower && e.x0 < p.upper))
      r.fail("initial.x0", "the point mass x0 = " + number(e.x0) + " is not inside the grid (" + number(p.lower) +
                               ", " + number(p.upper) + ")");
    double tau = 0.0;
    try {
      tau = default_smoothing_time(e, Grid1D(p.lower, p.upper, p.cells, p.left, p.right));
    } catch (const ExpressionValueError& error) {
      r.fail(error.key(), error.detail());
    }
    e.smoothing_time = r.real("initial.smoothing_time", tau);
    p.start_time = e.start_time + e.smoothing_time;
  }
}

// problem = expression, dimension 2: the model (2 drifts, the 2 × m noise coefficient), its exact density, the
// start. The grid has been read (a point mass's default τ depends on it).
void read_expression_problem_2d(io::SchemaReader& r, FokkerPlanckParameters& p, const Grid2D& grid) {
  auto& e = p.expression_2d;
  e.parameters = r.named_reals("model.parameters");
  const auto drift = r.expressions("model.drift", e.parameters);
  if (drift.size() != 2)
    r.fail("model.drift", "expected 2 expressions [a_x, a_y] (the state is (x, y)), got " +
                              std::to_string(drift.size()));
  for (std::size_t i = 0; i < 2; ++i) {
    if (drift[i].empty()) r.params().fail_element("model.drift", {i}, "expected an expression in x, y, t, got an empty text");
    e.drift[i] = drift[i];
  }
  e.diffusion = r.expression_matrix("model.diffusion", e.parameters);
  if (e.diffusion.size() != 2)
    r.fail("model.diffusion", "expected 2 rows (g is 2 × m: one row per state component x, y, one column per "
                              "noise), got " + std::to_string(e.diffusion.size()));
  const std::size_t m = e.diffusion[0].size();
  for (std::size_t i = 0; i < 2; ++i)
    if (e.diffusion[i].size() != m || m < 2)
      r.params().fail_element("model.diffusion", {i},
                              "expected both rows to have the same number m >= 2 of noises (D = ½ggᵀ has rank <= m "
                              "and must be positive definite); row 0 has " + std::to_string(m) + ", row " +
                                  std::to_string(i) + " has " + std::to_string(e.diffusion[i].size()));
  for (std::size_t i = 0; i < 2; ++i)
    for (std::size_t k = 0; k < m; ++k)
      if (e.diffusion[i][k].empty())
        r.params().fail_element("model.diffusion", {i, k}, "expected an expression in x, y, t, got an empty text");
  e.exact_density = r.optional_expression("model.exact_density", e.parameters).value_or("");
  e.start_time = r.real("initial.start_time");
  const std::string kind = r.string("initial.kind");
  p.start_time = e.start_time;
  if (kind == "gaussian") {
    e.initial = InitialKind::gaussian;
    e.mean = fixed<2>(r, "initial.mean", "the mean");
    e.covariance = fixed<4>(r, "initial.covariance", "a 2×2 matrix, row-major");
  } else if (kind == "expression") {
    e.initial = InitialKind::density;
    e.density = r.expression("initial.density", e.parameters);
    if (e.density.empty()) r.fail("initial.density", "expected an expression in x, y, got an empty text");
  } else {
    e.initial = InitialKind::point;
    e.x0 = fixed<2>(r, "initial.x0", "the point (x0, y0)");
    if (!(e.x0[0] > grid.x.lower && e.x0[0] < grid.x.upper && e.x0[1] > grid.y.lower && e.x0[1] < grid.y.upper))
      r.fail("initial.x0", "the point mass (" + number(e.x0[0]) + ", " + number(e.x0[1]) +
                               ") is not inside the grid (" + number(grid.x.lower) + ", " + number(grid.x.upper) +
                               ") × (" + number(grid.y.lower) + ", " + number(grid.y.upper) + ")");
    double tau = 0.0;
    try {
      tau = default_smoothing_time(e, grid);
    } catch (const ExpressionValueError& error) {
      r.fail(error.key(), error.detail());
    }
    e.smoothing_time = r.real("initial.smoothing_time", tau);
    p.start_time = e.start_time + e.smoothing_time;
  }
}

// How many texts model.drift holds (Params::strings reads a text as one); 0 when absent or not texts (the
// reader of the row that applies then says what is wrong).
std::size_t drift_length(io::SchemaReader& r) {
  if (!r.has("model.drift")) return 0;
  try {
    return r.params().strings("model.drift").size();
  } catch (const ParameterError&) {
    return 0;
  }
}

bool time_dependent(const ExpressionProblemSpec2D& e) {
  const std::vector<std::string> state{"x", "y"};
  bool uses = uses_time(e.drift[0], e.parameters, state) || uses_time(e.drift[1], e.parameters, state);
  for (const auto& row : e.diffusion)
    for (const auto& text : row) uses = uses || uses_time(text, e.parameters, state);
  return uses;
}

std::vector<double> read_snapshots(io::SchemaReader& r, double start) {
  auto times = r.reals("time.snapshots");
  if (times.empty()) r.fail("time.snapshots", "expected at least one output time (the last is the end time)");
  double previous = start;
  for (double t : times) {
    if (!(t > previous)) r.fail("time.snapshots", "expected increasing times after the start time " + number(start));
    previous = t;
  }
  return times;
}

std::string rounded(double v) {  // a large count, 3 digits: "1e+13"
  std::ostringstream os;
  os.precision(3);
  os << v;
  return os.str();
}

// A fixed step that needs more than time.max_steps steps is refused before the run.
void check_steps(io::SchemaReader& r, const TimeStepping& s, double start, const std::vector<double>& times) {
  if (s.adaptive || times.empty()) return;
  const double steps = fixed_step_count(start, times, s.dt);
  if (steps > static_cast<double>(s.max_steps))
    r.fail("time.dt", "a step of " + number(s.dt) + " needs " + rounded(steps) + " steps to t = " +
                          number(times.back()) + ", more than time.max_steps = " + std::to_string(s.max_steps) +
                          " (set time.max_steps higher to run it anyway, or use adaptive = true)");
}

// Memory of a run, measured (peak RSS of `ito fokker-planck`): 1-D about 70 doubles per cell (matrices, LU
// factors, work vectors) plus 8 per cell and output (density and exact density, in the solution and in the
// file), plus 4 per step (the step records); 2-D, ADI about 140 and the sparse implicit solver about 260
// doubles per cell (its LU fill), plus 8 per cell and output.
void check_memory(io::SchemaReader& r, const FokkerPlanckParameters& p) {
  const auto outputs = static_cast<double>(p.two_dimensional() ? p.options_2d.output_times.size()
                                                               : std::max<std::size_t>(1, p.options_1d.output_times.size()));
  std::string refusal;
  if (p.two_dimensional()) {
    const double cells = static_cast<double>(p.cells_2d[0]) * static_cast<double>(p.cells_2d[1]);
    const double per_cell = p.options_2d.solver == Solver2D::adi ? 140.0 : 260.0;
    refusal = core::memory_refusal(cells * 8.0 * (per_cell + 8.0 * outputs),
                                   rounded(cells) + " cells (grid.cells " + number(static_cast<double>(p.cells_2d[0])) +
                                       " × " + number(static_cast<double>(p.cells_2d[1])) + ") × " +
                                       number(outputs) + " snapshots");
    if (!refusal.empty()) r.fail("grid.cells", refusal);
    return;
  }
  const double cells = static_cast<double>(p.cells);
  const auto& o = p.options_1d;
  const double steps = o.steady_state || o.stepping.adaptive ? 0.0 : fixed_step_count(p.start_time, o.output_times, o.stepping.dt);
  refusal = core::memory_refusal(cells * 8.0 * (70.0 + 8.0 * outputs) + steps * 32.0,
                                 rounded(cells) + " cells × " + number(outputs) + " snapshots" +
                                     (steps > 0 ? " and " + rounded(steps) + " steps" : ""));
  if (!refusal.empty()) r.fail(cells * 8.0 * 80.0 >= steps * 32.0 ? "grid.cells" : "time.dt", refusal);
}

// The cross-key conditions the problems need, at the key that breaks them (the library checks them too,
// without a key to name).
void check_problem(io::SchemaReader& r, const FokkerPlanckParameters& p) {
  if (p.two_dimensional() && p.problem == "expression") {
    // What expression_problem refuses (the initial density, the point mass, the drift and D on the grid at the
    // start) and an exact density that is not finite at an output time, at the key that holds it.
    try {
      const Problem2D problem = expression_problem(p.expression_2d, grid_2d(p));
      if (problem.exact_density)
        for (double t : p.options_2d.output_times) problem.exact_density(t);
    } catch (const ExpressionValueError& e) {
      r.fail(e.key(), e.detail());
    }
    return;
  }
  if (p.two_dimensional()) {
    const auto matrix = [](const std::array<double, 4>& v) {
      Eigen::Matrix2d m;
      m << v[0], v[1], v[2], v[3];
      return m;
    };
    const Eigen::Matrix2d a = matrix(p.drift_matrix), s = matrix(p.noise_matrix), c0 = matrix(p.covariance);
    if (a.eigenvalues().real().minCoeff() <= 0.0)
      r.fail("model.drift_matrix", "the drift matrix A of dX = −A X dt + S dW must be stable (eigenvalues with "
                                   "positive real part), got A = [" + number(a(0, 0)) + ", " + number(a(0, 1)) + "; " +
                                       number(a(1, 0)) + ", " + number(a(1, 1)) + "]");
    const Eigen::Matrix2d d = 0.5 * s * s.transpose();
    if (!(d(0, 0) > 0.0 && d(1, 1) > 0.0))
      r.fail("model.noise_matrix", "the diffusion matrix ½SSᵀ needs positive diagonal entries (noise in x and in y)");
    if (c0(0, 1) != c0(1, 0) || !(c0(0, 0) > 0.0) || !(c0.determinant() > 0.0))
      r.fail("initial.covariance", "expected a symmetric positive definite 2×2 matrix, got [" + number(c0(0, 0)) +
                                       ", " + number(c0(0, 1)) + "; " + number(c0(1, 0)) + ", " + number(c0(1, 1)) +
                                       "]");
    return;
  }
  const bool absorbing = p.left == Boundary::absorbing || p.right == Boundary::absorbing;
  if (p.options_1d.steady_state && absorbing)
    r.fail("time.method", "steady_state with an absorbing side: the only stationary state there is zero");
  if (p.problem == "gbm") {
    if (p.lower < 0.0) r.fail("grid.lower", "GBM lives on x > 0: expected lower >= 0, got " + number(p.lower));
    if (p.left != Boundary::reflecting)
      r.fail("grid.left", "GBM: the lower side (where D = σ²x²/2 vanishes) must be reflecting");
  }
  if (p.problem == "expression") {
    // What expression_problem refuses (the initial density, the point mass, D and the drift on the grid at the
    // start) and an exact density that is not finite at an output time, at the key that holds it.
    try {
      const Problem1D problem = expression_problem(p.expression, grid_1d(p));
      if (problem.exact_density) {
        if (p.options_1d.steady_state)
          problem.exact_density(std::numeric_limits<double>::infinity());
        for (double t : p.options_1d.output_times) problem.exact_density(t);
      }
    } catch (const ExpressionValueError& e) {
      r.fail(e.key(), e.detail());
    }
  }
  if (p.problem == "absorbing_bm") {
    if ((p.left == Boundary::absorbing) == (p.right == Boundary::absorbing))
      r.fail("grid.left", "absorbing_bm: exactly one side must be absorbing (the wall), the other reflecting");
    if (!(p.x0 > p.lower && p.x0 < p.upper))
      r.fail("model.x0", "expected a start inside the grid (" + number(p.lower) + ", " + number(p.upper) + "), got " +
                             number(p.x0));
  }
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
  // The dimension follows from the problem and, for a user model, from the shape of model.drift: a text is
  // 1-D, an array [a_x, a_y] 2-D. Written out, it must agree.
  const bool user = p.problem == "expression";
  const bool array_drift = user && drift_length(r) >= 2;
  const int shape = p.problem == "ou2d" || array_drift ? 2 : 1;
  p.dimension = static_cast<int>(r.integer("dimension", shape));
  if (!user && p.dimension != shape)
    r.fail("dimension", "problem " + p.problem + " is " + std::to_string(shape) + "-D, got dimension = " +
                            std::to_string(p.dimension));
  if (user && r.has("model.drift") && p.dimension != shape)
    r.fail("model.drift", "dimension = " + std::to_string(p.dimension) + " needs " +
                              (p.dimension == 2 ? std::string("an array of 2 expressions [a_x, a_y]")
                                                : std::string("one expression a(x, t)")) +
                              " (a text is a 1-D model, an array a 2-D one)");
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
      p.diffusion = r.real("model.diffusivity");
      p.mean = r.real("initial.mean");
      p.sd = r.real("initial.sd");
    } else if (p.problem == "gbm") {
      p.mu = r.real("model.mu");
      p.sigma = r.real("model.sigma");
      p.x0 = r.real("model.x0");
      p.start_time = r.real("initial.start_time");
    } else if (p.problem == "absorbing_bm") {
      p.diffusion = r.real("model.diffusivity");
      p.x0 = r.real("model.x0");
      p.start_time = r.real("initial.start_time");
    } else {
      read_expression_problem(r, p);
    }
    p.method = r.string("time.method");
    auto& o = p.options_1d;
    o.steady_state = p.method == "steady_state";
    if (o.steady_state && p.problem == "expression" &&
        (uses_time(p.expression.drift, p.expression.parameters) ||
         uses_time(p.expression.diffusion, p.expression.parameters)))
      r.fail("time.method", "steady_state needs coefficients that do not depend on t (model.drift and "
                            "model.diffusion name t)");
    o.stepping = read_stepping(r, o.steady_state ? "tr_bdf2" : p.method);
    if (!o.steady_state) o.output_times = read_snapshots(r, p.start_time);
    check_steps(r, o.stepping, p.start_time, o.output_times);
  } else {
    if (!user) {
      p.drift_matrix = fixed<4>(r, "model.drift_matrix", "a 2×2 matrix, row-major");
      p.noise_matrix = fixed<4>(r, "model.noise_matrix", "a 2×2 matrix, row-major");
      p.mean_2d = fixed<2>(r, "initial.mean", "the mean");
      p.covariance = fixed<4>(r, "initial.covariance", "a 2×2 matrix, row-major");
    }
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
    if (user) {
      p.left = boundary_from_string(r.string("grid.left"));
      p.right = boundary_from_string(r.string("grid.right"));
      p.bottom = boundary_from_string(r.string("grid.bottom"));
      p.top = boundary_from_string(r.string("grid.top"));
      // at the side written in the file (the other may be the default)
      if ((p.left == Boundary::periodic) != (p.right == Boundary::periodic))
        r.fail(r.has("grid.right") ? "grid.right" : "grid.left",
               "periodic boundaries must be periodic on both sides (grid.left and grid.right)");
      if ((p.bottom == Boundary::periodic) != (p.top == Boundary::periodic))
        r.fail(r.has("grid.top") ? "grid.top" : "grid.bottom",
               "periodic boundaries must be periodic on both sides (grid.bottom and grid.top)");
      read_expression_problem_2d(r, p, grid_2d(p));
    }
    auto& o = p.options_2d;
    o.solver = solver2d_from_string(r.string("time.solver"));
    if (user && o.solver == Solver2D::adi && time_dependent(p.expression_2d))
      r.fail("time.solver", "ADI needs coefficients that do not depend on t (model.drift or model.diffusion names "
                            "t); use solver = \"implicit\"");
    p.method = r.string("time.method");
    o.stepping = read_stepping(r, p.method);
    o.adi.scheme = adi_scheme_from_string(r.string("time.adi_scheme"));
    o.adi.theta = r.real("time.theta");
    o.adi.dt = o.stepping.dt;
    o.adi.adaptive = o.stepping.adaptive;
    o.adi.tolerance = o.stepping.tolerance;
    o.adi.relative_tolerance = o.stepping.relative_tolerance;
    o.output_times = read_snapshots(r, p.start_time);  // ou2d starts at 0
    o.adi.max_steps = o.stepping.max_steps;
    check_steps(r, o.stepping, p.start_time, o.output_times);
  }
  r.finish();
  check_memory(r, p);  // first: check_problem builds a user model's grid arrays
  check_problem(r, p);
  return p;
}

Grid1D grid_1d(const FokkerPlanckParameters& p) { return Grid1D(p.lower, p.upper, p.cells, p.left, p.right); }

Grid2D grid_2d(const FokkerPlanckParameters& p) {  // ou2d: reflecting sides (its keys do not set them)
  return Grid2D{Grid1D(p.x_range[0], p.x_range[1], p.cells_2d[0], p.left, p.right),
                Grid1D(p.y_range[0], p.y_range[1], p.cells_2d[1], p.bottom, p.top)};
}

Problem1D problem_1d(const FokkerPlanckParameters& p) {
  const Grid1D grid = grid_1d(p);
  if (p.problem == "expression") return expression_problem(p.expression, grid);
  if (p.problem == "ou") return ou_problem(p.theta, p.mu, p.sigma, p.mean, p.sd, grid);
  if (p.problem == "double_well") return double_well_problem(p.diffusion, p.mean, p.sd, grid);
  if (p.problem == "gbm") return gbm_problem(p.mu, p.sigma, p.x0, p.start_time, grid);
  if (p.problem == "absorbing_bm") return absorbing_bm_problem(p.diffusion, p.x0, p.start_time, grid);
  throw Error("fokker_planck::problem_1d: '" + p.problem + "' is not a 1-D problem");
}

Problem2D problem_2d(const FokkerPlanckParameters& p) {
  if (p.problem == "expression") return expression_problem(p.expression_2d, grid_2d(p));
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
