#include "ito/fokker_planck/time_stepping.hpp"

#include <Eigen/SparseLU>
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "ito/core/error.hpp"

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

using Lu = Eigen::SparseLU<SparseMatrix, Eigen::COLAMDOrdering<int>>;

constexpr double kGamma = 2.0 - 1.41421356237309504880;  // 2 − √2
constexpr double kD = kGamma / 2.0;
constexpr double kW = (1.0 - kD) / 2.0;

// Factorisations of I − c L(t). With time-independent L they are cached by c.
class ShiftedSolvers {
 public:
  ShiftedSolvers(const LinearEvolution& e, StepStats& stats) : evolution_(e), stats_(stats) {
    if (!e.time_dependent) fixed_ = e.generator(0.0);
  }
  /// L(t); the fixed matrix is returned by reference (no copy per step). `scratch` holds a time-dependent one.
  const SparseMatrix& generator(double t, SparseMatrix& scratch) const {
    if (!evolution_.time_dependent) return fixed_;
    scratch = evolution_.generator(t);
    return scratch;
  }
  /// Solver of (I − c L(t)) x = rhs.
  const Lu& solver(double c, double t) {
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
  std::unique_ptr<Lu> factorise(const SparseMatrix& l, double c) {
    SparseMatrix a = -c * l;
    for (Eigen::Index i = 0; i < a.rows(); ++i) a.coeffRef(i, i) += 1.0;
    a.makeCompressed();
    auto lu = std::make_unique<Lu>();
    lu->compute(a);
    if (lu->info() != Eigen::Success)
      detail::throw_error<NumericalError>("Fokker–Planck: sparse LU of I − ", c, "·L failed: ", lu->lastErrorMessage());
    ++stats_.factorizations;
    return lu;
  }
  const LinearEvolution& evolution_;
  StepStats& stats_;
  SparseMatrix fixed_;
  std::map<double, std::unique_ptr<Lu>> cache_;
  std::unique_ptr<Lu> transient_;
};

void check_finite(const Eigen::VectorXd& p, std::size_t step, double t) {
  if (!p.allFinite())
    detail::throw_error<NumericalError>("Fokker–Planck: non-finite density at step ", step, " (t = ", t, ")");
}

// One TR-BDF2 step of size h from (t, p); returns the filtered L1 error estimate.
double tr_bdf2_step(ShiftedSolvers& s, double t, double h, const Eigen::VectorXd& p, Eigen::VectorXd& out,
                    double volume, bool estimate) {
  SparseMatrix scratch;
  const Eigen::VectorXd fn = s.generator(t, scratch) * p;
  const Eigen::VectorXd pg = s.solver(kD * h, t + kGamma * h).solve(p + kD * h * fn);
  const Eigen::VectorXd fg = (pg - p) / (kD * h) - fn;
  const Eigen::VectorXd rhs = p + kW * h * (fn + fg);
  const Lu& lu = s.solver(kD * h, t + h);
  out = lu.solve(rhs);
  if (!estimate) return 0.0;
  const Eigen::VectorXd fnew = (out - rhs) / (kD * h);
  const Eigen::VectorXd e = h * ((1.0 - 4.0 * kW) / 3.0 * fn + fg / 3.0 - (2.0 * kD / 3.0) * fnew);
  return volume * lu.solve(e).cwiseAbs().sum();
}

}  // namespace

StepStats evolve(const LinearEvolution& evolution, Eigen::VectorXd& p, double t0,
                 const std::vector<double>& output_times, const TimeStepping& stepping, const StepObserver& observer) {
  ITO_REQUIRE(evolution.generator, "no generator given");
  if (!(stepping.dt > 0.0) || !std::isfinite(stepping.dt))
    detail::throw_error<ParameterError>("time step dt must be finite and > 0, got ", stepping.dt);
  if (stepping.adaptive && stepping.method != TimeMethod::tr_bdf2)
    detail::throw_error<ParameterError>("adaptive stepping needs method tr_bdf2 (it has the embedded error estimate), got ",
                                        to_string(stepping.method));
  if (stepping.adaptive && !(stepping.tolerance > 0.0))
    detail::throw_error<ParameterError>("adaptive tolerance must be > 0, got ", stepping.tolerance);
  double previous = t0;
  for (double t : output_times) {
    if (!(t > previous)) detail::throw_error<ParameterError>("output times must increase and exceed the start time ", t0);
    previous = t;
  }

  StepStats stats;
  ShiftedSolvers solvers(evolution, stats);
  Eigen::VectorXd next(p.size());
  const auto record = [&](double h) {
    ++stats.steps;
    stats.smallest_dt = std::min(stats.smallest_dt, h);
    stats.largest_dt = std::max(stats.largest_dt, h);
  };
  double t_start = t0;
  double dt = std::min(stepping.dt, stepping.max_dt);
  int rannacher_left = stepping.rannacher_steps;
  for (std::size_t out = 0; out < output_times.size(); ++out) {
    const double t_end = output_times[out];
    if (!stepping.adaptive) {
      const auto steps = static_cast<std::size_t>(std::max(1.0, std::ceil((t_end - t_start) / dt * (1.0 - 1e-12))));
      const double h = (t_end - t_start) / static_cast<double>(steps);
      for (std::size_t k = 0; k < steps; ++k) {
        const double t = t_start + static_cast<double>(k) * h;
        const double t_next = k + 1 == steps ? t_end : t_start + static_cast<double>(k + 1) * h;
        switch (stepping.method) {
          case TimeMethod::implicit_euler: next = solvers.solver(h, t_next).solve(p); break;
          case TimeMethod::crank_nicolson:
            if (rannacher_left > 0) {
              --rannacher_left;
              next = solvers.solver(0.5 * h, t + 0.5 * h).solve(p);
              next = solvers.solver(0.5 * h, t_next).solve(Eigen::VectorXd(next));
            } else {
              SparseMatrix scratch;
              next = solvers.solver(0.5 * h, t_next).solve(p + 0.5 * h * (solvers.generator(t, scratch) * p));
            }
            break;
          case TimeMethod::tr_bdf2: tr_bdf2_step(solvers, t, h, p, next, evolution.cell_volume, false); break;
        }
        check_finite(next, stats.steps, t_next);
        p.swap(next);
        record(h);
        if (observer) observer(t_next, p, k + 1 == steps ? static_cast<int>(out) : -1);
      }
    } else {
      double t = t_start;
      while (t < t_end) {
        const bool last = t_end - t <= dt * (1.0 + 1e-12);
        const double h = last ? t_end - t : dt;
        const double err = tr_bdf2_step(solvers, t, h, p, next, evolution.cell_volume, true);
        if (!std::isfinite(err) || err > stepping.tolerance) {
          ++stats.rejected;
          dt = 0.5 * h;
          if (dt < 1e-14 * std::max(1.0, std::fabs(t_end)))
            detail::throw_error<NumericalError>("Fokker–Planck: adaptive step size underflow at step ", stats.steps,
                                                " (t = ", t, ", error estimate ", err, ")");
          continue;
        }
        check_finite(next, stats.steps, t + h);
        p.swap(next);
        t = last ? t_end : t + h;
        record(h);
        if (observer) observer(t, p, last ? static_cast<int>(out) : -1);
        if (err < stepping.tolerance / 16.0 && !last) {
          // The local error scales like Δt³: each further factor 8 of margin allows one more doubling
          // (at most ×16 per step), so steps grow fast once the density is near equilibrium.
          dt = std::min(2.0 * dt, stepping.max_dt);
          double predicted = 8.0 * err;
          for (int k = 0; k < 3 && 8.0 * predicted < stepping.tolerance / 16.0 && 2.0 * dt <= stepping.max_dt; ++k) {
            dt *= 2.0;
            predicted *= 8.0;
          }
        }
      }
    }
    t_start = t_end;
  }
  return stats;
}

}  // namespace ito::fokker_planck
