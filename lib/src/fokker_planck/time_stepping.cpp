#include "ito/fokker_planck/time_stepping.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "ito/core/error.hpp"
#include "ito/fokker_planck/shifted_solver.hpp"

namespace ito::fokker_planck {

TimeMethod time_method_from_string(const std::string& name) {
  if (name == "implicit_euler") return TimeMethod::implicit_euler;
  if (name == "crank_nicolson") return TimeMethod::crank_nicolson;
  if (name == "tr_bdf2") return TimeMethod::tr_bdf2;
  detail::throw_error<ParameterError>("unknown time method '", name,
                                      "' (expected implicit_euler, crank_nicolson or tr_bdf2)");
}

std::string to_string(TimeMethod m) {
  switch (m) {
    case TimeMethod::implicit_euler: return "implicit_euler";
    case TimeMethod::crank_nicolson: return "crank_nicolson";
    case TimeMethod::tr_bdf2: return "tr_bdf2";
  }
  return "?";
}

namespace {

constexpr double kGamma = 2.0 - 1.41421356237309504880;  // 2 − √2
constexpr double kD = kGamma / 2.0;
constexpr double kW = (1.0 - kD) / 2.0;

// Factorisations of I − c L(t), all in one symmetric fill-reducing ordering of L's pattern. With
// time-independent L they are cached by c (the adaptive step sizes recur: step_control.hpp).
class ShiftedSolvers {
 public:
  ShiftedSolvers(const LinearEvolution& e, double t0, StepStats& stats) : evolution_(e), stats_(stats) {
    fixed_ = e.generator(t0);
    ordering_ = SymmetricOrdering(fixed_);
    if (e.time_dependent) fixed_ = SparseMatrix();
  }
  /// L(t); the fixed matrix is returned by reference (no copy per step). `scratch` holds a time-dependent one.
  const SparseMatrix& generator(double t, SparseMatrix& scratch) const {
    if (!evolution_.time_dependent) return fixed_;
    scratch = evolution_.generator(t);
    return scratch;
  }
  /// Solver of (I − c L(t)) x = rhs.
  const ShiftedSolver& solver(double c, double t) {
    if (!evolution_.time_dependent) {
      auto it = cache_.find(c);
      if (it != cache_.end()) return *it->second;
      if (cache_.size() >= 8) cache_.clear();
      return *(cache_[c] = factorise(fixed_, c));
    }
    transient_ = factorise(evolution_.generator(t), c);
    return *transient_;
  }

 private:
  std::unique_ptr<ShiftedSolver> factorise(const SparseMatrix& l, double c) {
    auto solver = std::make_unique<ShiftedSolver>(l, c, ordering_);
    ++stats_.factorizations;
    return solver;
  }
  const LinearEvolution& evolution_;
  StepStats& stats_;
  SparseMatrix fixed_;
  SymmetricOrdering ordering_;
  std::map<double, std::unique_ptr<ShiftedSolver>> cache_;
  std::unique_ptr<ShiftedSolver> transient_;
};

double l1_norm_of_difference(const Eigen::VectorXd& a, const Eigen::VectorXd& b, double volume) {
  return volume * (a - b).cwiseAbs().sum();
}

// The steppers of this file with their work vectors (no allocation per step).
class ImplicitStepper {
 public:
  ImplicitStepper(const LinearEvolution& e, const TimeStepping& s, double t0, StepStats& stats)
      : solvers_(e, t0, stats), volume_(e.cell_volume), method_(s.method), rannacher_left_(s.rannacher_steps) {}

  StepReport operator()(double t, double h, const Eigen::VectorXd& p, Eigen::VectorXd& out, bool estimate) {
    StepReport r;
    switch (method_) {
      case TimeMethod::implicit_euler: solvers_.solver(h, t + h).solve(p, out); break;
      case TimeMethod::crank_nicolson:
        if (rannacher_left_ > 0) {
          --rannacher_left_;
          solvers_.solver(0.5 * h, t + 0.5 * h).solve(p, half_);
          solvers_.solver(0.5 * h, t + h).solve(half_, out);
        } else {
          rhs_ = p + 0.5 * h * (solvers_.generator(t, scratch_) * p);
          solvers_.solver(0.5 * h, t + h).solve(rhs_, out);
        }
        break;
      case TimeMethod::tr_bdf2: r.error = tr_bdf2(t, h, p, out, estimate); break;
    }
    r.change = l1_norm_of_difference(out, p, volume_);
    return r;
  }

 private:
  // One TR-BDF2 step; returns the filtered L1 error estimate (0 unless `estimate`).
  double tr_bdf2(double t, double h, const Eigen::VectorXd& p, Eigen::VectorXd& out, bool estimate) {
    fn_.noalias() = solvers_.generator(t, scratch_) * p;
    rhs_ = p + kD * h * fn_;
    solvers_.solver(kD * h, t + kGamma * h).solve(rhs_, stage_);
    fg_ = (stage_ - p) / (kD * h) - fn_;
    rhs_ = p + kW * h * (fn_ + fg_);
    const ShiftedSolver& last = solvers_.solver(kD * h, t + h);
    last.solve(rhs_, out);
    if (!estimate) return 0.0;
    // f_{n+1} = (p_{n+1} − rhs)/(dΔt), so e = Δt[(1 − 4w)/3 f_n + ⅓ f_γ] − ⅔ (p_{n+1} − rhs).
    stage_ = h * ((1.0 - 4.0 * kW) / 3.0 * fn_ + fg_ / 3.0) - (2.0 / 3.0) * (out - rhs_);
    last.solve(stage_, stage_);
    return volume_ * stage_.cwiseAbs().sum();
  }
  ShiftedSolvers solvers_;
  double volume_;
  TimeMethod method_;
  int rannacher_left_;
  SparseMatrix scratch_;
  Eigen::VectorXd fn_, fg_, stage_, rhs_, half_;
};

}  // namespace

StepStats evolve(const LinearEvolution& evolution, Eigen::VectorXd& p, double t0,
                 const std::vector<double>& output_times, const TimeStepping& stepping, const StepObserver& observer) {
  ITO_REQUIRE(evolution.generator, "no generator given");
  if (stepping.adaptive && stepping.method != TimeMethod::tr_bdf2)
    detail::throw_error<ParameterError>("adaptive stepping needs method tr_bdf2 (it has the embedded error estimate), got ",
                                        to_string(stepping.method));
  const StepControl control = StepControl::from(stepping);
  StepStats stats;
  ImplicitStepper stepper(evolution, stepping, t0, stats);
  advance(std::ref(stepper), p, t0, output_times, control, observer, "Fokker–Planck", stats);
  return stats;
}

}  // namespace ito::fokker_planck
