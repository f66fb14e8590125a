#include "ito/fokker_planck/adi.hpp"

#include <Eigen/SparseLU>
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "ito/core/error.hpp"

namespace ito::fokker_planck {

AdiScheme adi_scheme_from_string(const std::string& name) {
  if (name == "douglas") return AdiScheme::douglas;
  if (name == "hundsdorfer_verwer") return AdiScheme::hundsdorfer_verwer;
  detail::throw_error<ParameterError>("unknown ADI scheme '", name, "' (expected douglas or hundsdorfer_verwer)");
}

std::string to_string(AdiScheme s) { return s == AdiScheme::douglas ? "douglas" : "hundsdorfer_verwer"; }

namespace {

using Lu = Eigen::SparseLU<SparseMatrix, Eigen::COLAMDOrdering<int>>;

class AdiStepper {
 public:
  AdiStepper(const Generator2D& g, const AdiStepping& s, StepStats& stats)
      : g_(g), full_(g.full()), s_(s), stats_(stats) {}

  void step(double h, const Eigen::VectorXd& u, Eigen::VectorXd& out) {
    const auto& [sx, sy] = solvers(h);
    const double th = s_.theta * h;
    const Eigen::VectorXd fu = full_ * u;
    const Eigen::VectorXd y0 = u + h * fu;
    const Eigen::VectorXd y1 = sx.solve(y0 - th * (g_.x * u));
    const Eigen::VectorXd y2 = sy.solve(y1 - th * (g_.y * u));
    if (s_.scheme == AdiScheme::douglas) {
      out = y2;
      return;
    }
    const Eigen::VectorXd z0 = y0 + 0.5 * h * (full_ * y2 - fu);
    const Eigen::VectorXd z1 = sx.solve(z0 - th * (g_.x * y2));
    out = sy.solve(z1 - th * (g_.y * y2));
  }

 private:
  std::unique_ptr<Lu> factorise(const SparseMatrix& l, double c) {
    SparseMatrix a = -c * l;
    for (Eigen::Index i = 0; i < a.rows(); ++i) a.coeffRef(i, i) += 1.0;
    a.makeCompressed();
    auto lu = std::make_unique<Lu>();
    lu->compute(a);
    if (lu->info() != Eigen::Success)
      detail::throw_error<NumericalError>("ADI: sparse LU failed: ", lu->lastErrorMessage());
    ++stats_.factorizations;
    return lu;
  }
  std::pair<const Lu&, const Lu&> solvers(double h) {
    auto it = cache_.find(h);
    if (it == cache_.end()) {
      if (cache_.size() >= 8) cache_.clear();
      const double c = s_.theta * h;
      it = cache_.emplace(h, std::make_pair(factorise(g_.x, c), factorise(g_.y, c))).first;
    }
    return {*it->second.first, *it->second.second};
  }
  const Generator2D& g_;
  SparseMatrix full_;
  const AdiStepping& s_;
  StepStats& stats_;
  std::map<double, std::pair<std::unique_ptr<Lu>, std::unique_ptr<Lu>>> cache_;
};

void check_finite(const Eigen::VectorXd& p, std::size_t step, double t) {
  if (!p.allFinite()) detail::throw_error<NumericalError>("ADI: non-finite density at step ", step, " (t = ", t, ")");
}

}  // namespace

StepStats evolve_adi(const Generator2D& generator, double cell_volume, Eigen::VectorXd& p, double t0,
                     const std::vector<double>& output_times, const AdiStepping& stepping, const StepObserver& observer) {
  if (!(stepping.dt > 0.0) || !std::isfinite(stepping.dt))
    detail::throw_error<ParameterError>("ADI: time step dt must be finite and > 0, got ", stepping.dt);
  if (!(stepping.theta >= 0.5 && stepping.theta <= 1.0))
    detail::throw_error<ParameterError>("ADI: theta must be in [0.5, 1], got ", stepping.theta);
  if (stepping.adaptive && !(stepping.tolerance > 0.0))
    detail::throw_error<ParameterError>("ADI: adaptive tolerance must be > 0, got ", stepping.tolerance);
  double previous = t0;
  for (double t : output_times) {
    if (!(t > previous)) detail::throw_error<ParameterError>("output times must increase and exceed the start time ", t0);
    previous = t;
  }
  StepStats stats;
  AdiStepper stepper(generator, stepping, stats);
  Eigen::VectorXd next(p.size()), coarse(p.size()), half(p.size());
  const auto record = [&](double h) {
    ++stats.steps;
    stats.smallest_dt = std::min(stats.smallest_dt, h);
    stats.largest_dt = std::max(stats.largest_dt, h);
  };
  double t_start = t0, dt = std::min(stepping.dt, stepping.max_dt);
  for (std::size_t out = 0; out < output_times.size(); ++out) {
    const double t_end = output_times[out];
    if (!stepping.adaptive) {
      const auto steps = static_cast<std::size_t>(std::max(1.0, std::ceil((t_end - t_start) / dt * (1.0 - 1e-12))));
      const double h = (t_end - t_start) / static_cast<double>(steps);
      for (std::size_t k = 0; k < steps; ++k) {
        const double t_next = k + 1 == steps ? t_end : t_start + static_cast<double>(k + 1) * h;
        stepper.step(h, p, next);
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
        stepper.step(h, p, coarse);
        stepper.step(0.5 * h, p, half);
        stepper.step(0.5 * h, half, next);
        const double err = cell_volume * (next - coarse).cwiseAbs().sum() / 3.0;
        if (!std::isfinite(err) || err > stepping.tolerance) {
          ++stats.rejected;
          dt = 0.5 * h;
          if (dt < 1e-14 * std::max(1.0, std::fabs(t_end)))
            detail::throw_error<NumericalError>("ADI: adaptive step size underflow at step ", stats.steps, " (t = ", t,
                                                ", error estimate ", err, ")");
          continue;
        }
        check_finite(next, stats.steps, t + h);
        p.swap(next);
        t = last ? t_end : t + h;
        record(h);
        if (observer) observer(t, p, last ? static_cast<int>(out) : -1);
        if (err < stepping.tolerance / 16.0 && !last) dt = std::min(2.0 * dt, stepping.max_dt);
      }
    }
    t_start = t_end;
  }
  return stats;
}

}  // namespace ito::fokker_planck
