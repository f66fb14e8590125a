#include "ito/inverse/epll.hpp"

#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/LU>

#include "ito/core/error.hpp"
#include "ito/random/normal.hpp"
#include "test_support.hpp"

namespace ito::inverse {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

MatrixXd normals(int rows, int cols, std::uint64_t path) {
  MatrixXd m(rows, cols);
  random::NormalStream(8, random::Purpose::test).fill(path, 0, static_cast<std::size_t>(rows * cols), m.data());
  return m;
}

// With one Gaussian patch prior N(m, Σ) the half-quadratic splitting at a fixed β is block coordinate descent
// on a strictly convex quadratic; eliminating z, its minimiser solves
//   (λ AᵀA + Σ_P Pᵀ C⁻¹ P) x = λ Aᵀy + Σ_P Pᵀ C⁻¹ m,   C = Σ + β⁻¹ I,  λ = p²/σ_y²,
// which the iterates must reach.
void check_fixed_point(const LinearOperator& A, int rows, int cols) {
  const int p = 2, q = 4, d = rows * cols;
  const MatrixXd G = normals(q, q, 1);
  const MatrixXd S = 0.02 * G * G.transpose() + 0.01 * MatrixXd::Identity(q, q);
  const VectorXd m = VectorXd::Constant(q, 0.4);
  const auto prior = priors::GaussianMixture::gaussian(m, S);
  const double sigma_y = 0.1;
  MatrixXd x0 = 0.4 + 0.2 * normals(d, 1, 2).array(), y;
  A.apply(x0, y);
  y += sigma_y * normals(static_cast<int>(y.rows()), 1, 3);
  EpllOptions o;
  o.beta_factors = {0.5};
  o.iterations = 2000;
  const VectorXd x = epll(prior, p, rows, cols, A, y.col(0), sigma_y, o);

  const double beta = 0.5 / (sigma_y * sigma_y), lambda = q / (sigma_y * sigma_y);
  const MatrixXd Ci = (S + MatrixXd::Identity(q, q) / beta).inverse();
  MatrixXd H = MatrixXd::Zero(d, d);
  VectorXd b = VectorXd::Zero(d);
  const auto& obs = A.observed();
  for (std::size_t i = 0; i < obs.size(); ++i) {
    H(obs[i], obs[i]) += lambda;
    b(obs[i]) += lambda * y(static_cast<Eigen::Index>(i), 0);
  }
  for (int r = 0; r + p <= rows; ++r)
    for (int c = 0; c + p <= cols; ++c) {
      const int idx[4] = {r * cols + c, r * cols + c + 1, (r + 1) * cols + c, (r + 1) * cols + c + 1};
      const VectorXd cm = Ci * m;
      for (int a = 0; a < q; ++a) {
        b(idx[a]) += cm(a);
        for (int e = 0; e < q; ++e) H(idx[a], idx[e]) += Ci(a, e);
      }
    }
  const VectorXd exact = H.ldlt().solve(b);
  EXPECT_LT((x - exact).cwiseAbs().maxCoeff(), 1e-9) << A.kind();
}

TEST(Epll, ReachesTheSplittingMinimiserForOneGaussianDenoising) {
  check_fixed_point(LinearOperator::identity(30), 5, 6);
}

TEST(Epll, ReachesTheSplittingMinimiserForOneGaussianInpainting) {
  check_fixed_point(LinearOperator::mask(30, {0, 2, 3, 7, 8, 11, 15, 16, 20, 21, 25, 29}), 5, 6);
}

TEST(Epll, RefusesOtherOperatorsAndAWrongPatchSize) {
  const auto prior = priors::GaussianMixture::gaussian(VectorXd::Zero(4), MatrixXd::Identity(4, 4));
  const VectorXd y = VectorXd::Zero(16);
  test::expect_error<ParameterError>(
      [&] { epll(prior, 2, 4, 4, LinearOperator::dense(MatrixXd::Identity(16, 16)), y, 0.1, {}); },
      {"identity or a mask", "dense"});
  test::expect_error<ParameterError>([&] { epll(prior, 3, 4, 4, LinearOperator::identity(16), y, 0.1, {}); },
                                     {"dimension 4", "3 x 3"});
}

}  // namespace
}  // namespace ito::inverse
