#pragma once
// The Target concept: a probability density known up to a constant, on the unconstrained scale R^d.
//
// A Target T provides (the valid expressions; no base class):
//   int    t.dim()                                   dimension d of the unconstrained parameter x
//   double t.log_density(x)                          log π(x) + const; for a constrained model the
//                                                    log-Jacobian of the constraining transform is included
//   double t.log_density_gradient(x, grad)           writes ∇ log π(x) into grad (resized to d) and
//                                                    returns log π(x) (same value as log_density)
//   std::vector<std::string> t.parameter_names()     names of the reported (constrained) quantities, in
//                                                    posteriordb spelling: "mu", "tau", "theta[1]", ...
//   void   t.constrain(x, out)                       the reported quantities at x (out resized to
//                                                    parameter_names().size(), which may differ from d)
//
// Samplers are templates over the target type, so the hot loop inlines the density. AnyTarget erases the
// type at the edges (parameter files, the CLI); it satisfies the concept itself.
#include <Eigen/Core>
#include <concepts>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ito::targets {

template <class T>
concept Target = requires(const T& t, const Eigen::VectorXd& x, Eigen::VectorXd& out) {
  { t.dim() } -> std::convertible_to<int>;
  { t.log_density(x) } -> std::convertible_to<double>;
  { t.log_density_gradient(x, out) } -> std::convertible_to<double>;
  { t.parameter_names() } -> std::convertible_to<std::vector<std::string>>;
  t.constrain(x, out);
};

/// Number of reported (constrained) quantities of a target.
template <Target T>
int constrained_dim(const T& target) {
  return static_cast<int>(target.parameter_names().size());
}

/// A type-erased Target (shared, immutable, cheap to copy). `description` says what it is, e.g.
/// "eight_schools_noncentered (posteriordb, data data/posteriordb/eight_schools.csv)".
class AnyTarget {
 public:
  AnyTarget() = default;

  template <Target T>
    requires(!std::same_as<std::decay_t<T>, AnyTarget>)
  explicit AnyTarget(T target, std::string description = {})
      : self_(std::make_shared<Model<T>>(std::move(target))), description_(std::move(description)) {}

  int dim() const { return self_->dim(); }
  double log_density(const Eigen::VectorXd& x) const { return self_->log_density(x); }
  double log_density_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& grad) const {
    return self_->log_density_gradient(x, grad);
  }
  std::vector<std::string> parameter_names() const { return self_->parameter_names(); }
  void constrain(const Eigen::VectorXd& x, Eigen::VectorXd& out) const { self_->constrain(x, out); }

  const std::string& description() const { return description_; }
  explicit operator bool() const { return static_cast<bool>(self_); }

  /// The wrapped target when it is of type T (nullptr otherwise): lets a caller recover a fast path.
  template <Target T>
  const T* get() const {
    auto* m = dynamic_cast<const Model<T>*>(self_.get());
    return m ? &m->target : nullptr;
  }

 private:
  struct Concept {
    virtual ~Concept() = default;
    virtual int dim() const = 0;
    virtual double log_density(const Eigen::VectorXd& x) const = 0;
    virtual double log_density_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& grad) const = 0;
    virtual std::vector<std::string> parameter_names() const = 0;
    virtual void constrain(const Eigen::VectorXd& x, Eigen::VectorXd& out) const = 0;
  };
  template <class T>
  struct Model final : Concept {
    explicit Model(T t) : target(std::move(t)) {}
    int dim() const override { return target.dim(); }
    double log_density(const Eigen::VectorXd& x) const override { return target.log_density(x); }
    double log_density_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& grad) const override {
      return target.log_density_gradient(x, grad);
    }
    std::vector<std::string> parameter_names() const override { return target.parameter_names(); }
    void constrain(const Eigen::VectorXd& x, Eigen::VectorXd& out) const override { target.constrain(x, out); }
    T target;
  };

  std::shared_ptr<const Concept> self_;
  std::string description_;
};

static_assert(Target<AnyTarget>);

namespace detail {
/// log(2π), in the normalising constant of every Gaussian factor.
inline constexpr double log_two_pi = 1.8378770664093454836;
}  // namespace detail

/// Names "base[1]", ..., "base[n]" (posteriordb / Stan spelling, 1-based).
inline std::vector<std::string> indexed_names(const std::string& base, int n) {
  std::vector<std::string> names;
  names.reserve(static_cast<std::size_t>(n));
  for (int i = 1; i <= n; ++i) names.push_back(base + "[" + std::to_string(i) + "]");
  return names;
}

}  // namespace ito::targets
