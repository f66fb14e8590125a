#include "ito/fokker_planck/adi.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "ito/core/error.hpp"
#include "ito/fokker_planck/shifted_solver.hpp"

namespace ito::fokker_planck {

AdiScheme adi_scheme_from_string(const std::string& name) {
  if (name == "douglas") return AdiScheme::douglas;
  if (name == "hundsdorfer_verwer") return AdiScheme::hundsdorfer_verwer;
  detail::throw_error<ParameterError>("unknown ADI scheme '", name, "' (expected douglas or hundsdorfer_verwer)");
}

std::string to_string(AdiScheme s) { return s == AdiScheme::douglas ? "douglas" : "hundsdorfer_verwer"; }

namespace {

class AdiStepper {
 public:
  AdiStepper(const Generator2D& g, double cell_volume, const AdiStepping& s, StepStats& stats)
      : g_(g), full_(g.full()), x_order_(g.x), y_order_(g.y), volume_(cell_volume), s_(s), stats_(stats) {}

  /// The step of the controller: one ADI step, or with `estimate` step doubling (one step of h against
  /// two of h/2, error ‖U_{h/2,h/2} − U_h‖₁/(2² − 1)); the two-half-step result is kept.
  StepReport operator()(double, double h, const Eigen::VectorXd& p, Eigen::VectorXd& out, bool estimate) {
    StepReport r;
    if (!estimate) {
      step(h, p, out);
    } else {
      step(h, p, coarse_);
      step(0.5 * h, p, half_);
      step(0.5 * h, half_, out);
      r.error = volume_ * (out - coarse_).cwiseAbs().sum() / 3.0;
    }
    r.change = volume_ * (out - p).cwiseAbs().sum();
    return r;
  }

 private:
  void step(double h, const Eigen::VectorXd& u, Eigen::VectorXd& out) {
    const auto& [sx, sy] = solvers(h);
    const double th = s_.theta * h;
    fu_.noalias() = full_ * u;
    y0_ = u + h * fu_;
    rhs_ = y0_ - th * (g_.x * u);
    sx.solve(rhs_, y1_);
    rhs_ = y1_ - th * (g_.y * u);
    if (s_.scheme == AdiScheme::douglas) {
      sy.solve(rhs_, out);
      return;
    }
    sy.solve(rhs_, y2_);
    rhs_ = y0_ + 0.5 * h * (full_ * y2_ - fu_) - th * (g_.x * y2_);
    sx.solve(rhs_, y1_);
    rhs_ = y1_ - th * (g_.y * y2_);
    sy.solve(rhs_, out);
  }
  std::unique_ptr<ShiftedSolver> factorise(const SparseMatrix& l, double c, const SymmetricOrdering& ordering) {
    auto solver = std::make_unique<ShiftedSolver>(l, c, ordering);
    ++stats_.factorizations;
    return solver;
  }
  std::pair<const ShiftedSolver&, const ShiftedSolver&> solvers(double h) {
    auto it = cache_.find(h);
    if (it == cache_.end()) {
      if (cache_.size() >= 8) cache_.clear();
      const double c = s_.theta * h;
      it = cache_.emplace(h, std::make_pair(factorise(g_.x, c, x_order_), factorise(g_.y, c, y_order_))).first;
    }
    return {*it->second.first, *it->second.second};
  }
  const Generator2D& g_;
  SparseMatrix full_;
  SymmetricOrdering x_order_, y_order_;
  double volume_;
  const AdiStepping& s_;
  StepStats& stats_;
  std::map<double, std::pair<std::unique_ptr<ShiftedSolver>, std::unique_ptr<ShiftedSolver>>> cache_;
  Eigen::VectorXd fu_, y0_, y1_, y2_, rhs_, coarse_, half_;
};

}  // namespace

StepStats evolve_adi(const Generator2D& generator, double cell_volume, Eigen::VectorXd& p, double t0,
                     const std::vector<double>& output_times, const AdiStepping& stepping, const StepObserver& observer) {
  if (!(stepping.theta >= 0.5 && stepping.theta <= 1.0))
    detail::throw_error<ParameterError>("ADI: theta must be in [0.5, 1], got ", stepping.theta);
  const StepControl control = StepControl::from(stepping);
  StepStats stats;
  AdiStepper stepper(generator, cell_volume, stepping, stats);
  advance(std::ref(stepper), p, t0, output_times, control, observer, "ADI", stats);
  return stats;
}

}  // namespace ito::fokker_planck
