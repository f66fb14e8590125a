#include "ito/fokker_planck/generator.hpp"

#include <algorithm>
#include <cmath>

#include "ito/core/error.hpp"
#include "ito/fokker_planck/bernoulli.hpp"

namespace ito::fokker_planck {

namespace {

double checked_diffusion(const std::function<double(double)>& diffusion, double x) {
  const double d = diffusion(x);
  if (!(d > 0.0) || !std::isfinite(d))
    detail::throw_error<ParameterError>("Fokker–Planck: the diffusion D = σ²/2 must be finite and > 0 on the grid; got D(",
                                        x, ") = ", d);
  return d;
}

// ∫_{x0}^{x1} b/D dx: exact potential difference, or Simpson's rule.
double peclet(double x0, double x1, const std::function<double(double)>& drift,
              const std::function<double(double)>& diffusion, const std::function<double(double)>& potential) {
  if (potential) return potential(x0) - potential(x1);
  const double xm = 0.5 * (x0 + x1);
  const auto v = [&](double x) { return drift(x) / checked_diffusion(diffusion, x); };
  return (x1 - x0) / 6.0 * (v(x0) + 4.0 * v(xm) + v(x1));
}

// Péclet number z = Φ(x_i) − Φ(x_{i+1}) of an interior face and its curvature exponent
// c = ½(Φ(x_i) + Φ(x_{i+1})) − Φ(x_f) (see generator.hpp). Without a potential, both from the two
// half-cell integrals of b/D (Simpson each): z = I_left + I_right, c = ½(I_left − I_right).
struct FaceExponents {
  double peclet = 0.0, curvature = 0.0;
};
FaceExponents face_exponents(double x0, double x1, const std::function<double(double)>& drift,
                             const std::function<double(double)>& diffusion,
                             const std::function<double(double)>& potential) {
  const double xf = 0.5 * (x0 + x1);
  if (potential) {
    const double p0 = potential(x0), p1 = potential(x1);
    return {p0 - p1, 0.5 * (p0 + p1) - potential(xf)};
  }
  const double left = peclet(x0, xf, drift, diffusion, {}), right = peclet(xf, x1, drift, diffusion, {});
  return {left + right, 0.5 * (left - right)};
}

}  // namespace

LineFluxes line_fluxes(const Grid1D& grid, const std::function<double(double)>& drift,
                       const std::function<double(double)>& diffusion,
                       const std::function<double(double)>& potential) {
  const std::size_t n = grid.cells;
  const double h = grid.width();
  LineFluxes f;
  std::vector<double> d(n);
  for (std::size_t i = 0; i < n; ++i) d[i] = checked_diffusion(diffusion, grid.centre(i));
  const std::size_t faces = grid.periodic() ? n : n - 1;
  f.forward.resize(faces);
  f.backward.resize(faces);
  for (std::size_t k = 0; k < faces; ++k) {
    const std::size_t next = (k + 1) % n;
    const double x0 = grid.centre(k), x1 = x0 + h;  // the wrap face integrates across the period
    const auto [z, curvature] = face_exponents(x0, x1, drift, diffusion, potential);
    const double face_weight = std::exp(curvature);  // e^{Φ̄ − Φ(x_f)}: same factor on both sides
    f.forward[k] = face_weight * bernoulli(-z) * d[k] / h;
    f.backward[k] = face_weight * bernoulli(z) * d[next] / h;
  }
  if (grid.left == Boundary::absorbing) {
    const double z = peclet(grid.lower, grid.centre(0), drift, diffusion, potential);
    f.left_exit = 2.0 * bernoulli(z) * d[0] / h;
  }
  if (grid.right == Boundary::absorbing) {
    const double z = peclet(grid.centre(n - 1), grid.upper, drift, diffusion, potential);
    f.right_exit = 2.0 * bernoulli(-z) * d[n - 1] / h;
  }
  return f;
}

void add_line_divergence(const LineFluxes& fluxes, std::size_t cells, double h, std::size_t offset,
                         std::size_t stride, std::vector<Eigen::Triplet<double>>& triplets) {
  const auto idx = [&](std::size_t k) { return static_cast<int>(offset + stride * k); };
  // dp_k/dt = −(J_{k+½} − J_{k−½})/h: the flux of face k leaves cell k and enters cell k+1.
  for (std::size_t k = 0; k < fluxes.forward.size(); ++k) {
    const std::size_t next = (k + 1) % cells;
    const double a = fluxes.forward[k] / h, b = fluxes.backward[k] / h;
    triplets.emplace_back(idx(k), idx(k), -a);
    triplets.emplace_back(idx(k), idx(next), b);
    triplets.emplace_back(idx(next), idx(k), a);
    triplets.emplace_back(idx(next), idx(next), -b);
  }
  if (fluxes.left_exit != 0.0) triplets.emplace_back(idx(0), idx(0), -fluxes.left_exit / h);
  if (fluxes.right_exit != 0.0) triplets.emplace_back(idx(cells - 1), idx(cells - 1), -fluxes.right_exit / h);
}

Generator1D assemble_generator(const Model1D& model, const Grid1D& grid, double t) {
  ITO_REQUIRE(model.drift && model.diffusion, "the model needs a drift and a diffusion");
  if (model.check) model.check(t);
  const auto fluxes = line_fluxes(
      grid, [&](double x) { return model.drift(t, x); }, [&](double x) { return model.diffusion(t, x); },
      model.time_dependent ? std::function<double(double)>{} : model.potential);
  std::vector<Eigen::Triplet<double>> triplets;
  triplets.reserve(4 * grid.cells + 2);
  add_line_divergence(fluxes, grid.cells, grid.width(), 0, 1, triplets);
  Generator1D g;
  const auto n = static_cast<Eigen::Index>(grid.cells);
  g.matrix.resize(n, n);
  g.matrix.setFromTriplets(triplets.begin(), triplets.end());
  g.left_exit_rate = fluxes.left_exit;
  g.right_exit_rate = fluxes.right_exit;
  return g;
}

Generator2D assemble_generator(const Model2D& model, const Grid2D& grid, double t) {
  ITO_REQUIRE(model.drift_x && model.drift_y && model.diffusion_xx && model.diffusion_yy && model.diffusion_xy,
              "the 2-D model needs both drifts and the three diffusion entries");
  const std::size_t nx = grid.x.cells, ny = grid.y.cells, n = grid.size();
  const double hx = grid.x.width(), hy = grid.y.width();
  Generator2D g;
  g.exit_rate.assign(n, 0.0);
  std::vector<Eigen::Triplet<double>> tx, ty, txy;
  tx.reserve(4 * n);
  ty.reserve(4 * n);
  for (std::size_t j = 0; j < ny; ++j) {
    const double y = grid.y.centre(j);
    const auto f = line_fluxes(
        grid.x, [&](double x) { return model.drift_x(t, x, y); }, [&](double x) { return model.diffusion_xx(t, x, y); });
    add_line_divergence(f, nx, hx, grid.index(0, j), 1, tx);
    g.exit_rate[grid.index(0, j)] += f.left_exit * hy;
    g.exit_rate[grid.index(nx - 1, j)] += f.right_exit * hy;
    if (grid.x.left == Boundary::absorbing) g.exit_left.push_back(f.left_exit * hy);
    if (grid.x.right == Boundary::absorbing) g.exit_right.push_back(f.right_exit * hy);
  }
  for (std::size_t i = 0; i < nx; ++i) {
    const double x = grid.x.centre(i);
    const auto f = line_fluxes(
        grid.y, [&](double y) { return model.drift_y(t, x, y); }, [&](double y) { return model.diffusion_yy(t, x, y); });
    add_line_divergence(f, ny, hy, grid.index(i, 0), nx, ty);
    g.exit_rate[grid.index(i, 0)] += f.left_exit * hx;
    g.exit_rate[grid.index(i, ny - 1)] += f.right_exit * hx;
    if (grid.y.left == Boundary::absorbing) g.exit_bottom.push_back(f.left_exit * hx);
    if (grid.y.right == Boundary::absorbing) g.exit_top.push_back(f.right_exit * hx);
  }
  // Mixed term: q = Dxy p at the centres; x-face (i+½, j) carries −∂ᵧq ≈ −[q(i,j+1)+q(i+1,j+1) −
  // q(i,j−1) − q(i+1,j−1)]/(4hy), y-faces symmetrically. Neighbours outside a non-periodic domain are 0.
  std::vector<double> dxy(n);
  bool any_mixed = false;
  for (std::size_t j = 0; j < ny; ++j)
    for (std::size_t i = 0; i < nx; ++i) {
      dxy[grid.index(i, j)] = model.diffusion_xy(t, grid.x.centre(i), grid.y.centre(j));
      any_mixed = any_mixed || dxy[grid.index(i, j)] != 0.0;
    }
  const auto shifted = [](std::size_t k, int s, std::size_t count, bool periodic, std::size_t& out) {
    const long long m = static_cast<long long>(k) + s, c = static_cast<long long>(count);
    if (m >= 0 && m < c) {
      out = static_cast<std::size_t>(m);
      return true;
    }
    if (!periodic) return false;
    out = static_cast<std::size_t>((m + c) % c);
    return true;
  };
  if (any_mixed) {
    txy.reserve(16 * n);
    // x-faces: between (i, j) and (i+1, j).
    const std::size_t x_faces = grid.x.periodic() ? nx : nx - 1;
    for (std::size_t j = 0; j < ny; ++j)
      for (std::size_t i = 0; i < x_faces; ++i) {
        const std::size_t i1 = (i + 1) % nx;
        const int from = static_cast<int>(grid.index(i, j)), to = static_cast<int>(grid.index(i1, j));
        for (int s : {-1, 1}) {
          std::size_t jj;
          if (!shifted(j, s, ny, grid.y.periodic(), jj)) continue;
          for (std::size_t ii : {i, i1}) {
            const auto col = static_cast<int>(grid.index(ii, jj));
            const double c = -static_cast<double>(s) * dxy[grid.index(ii, jj)] / (4.0 * hy) / hx;  // flux / hx
            txy.emplace_back(from, col, -c);
            txy.emplace_back(to, col, c);
          }
        }
      }
    const std::size_t y_faces = grid.y.periodic() ? ny : ny - 1;
    for (std::size_t j = 0; j < y_faces; ++j)
      for (std::size_t i = 0; i < nx; ++i) {
        const std::size_t j1 = (j + 1) % ny;
        const int from = static_cast<int>(grid.index(i, j)), to = static_cast<int>(grid.index(i, j1));
        for (int s : {-1, 1}) {
          std::size_t ii;
          if (!shifted(i, s, nx, grid.x.periodic(), ii)) continue;
          for (std::size_t jj : {j, j1}) {
            const auto col = static_cast<int>(grid.index(ii, jj));
            const double c = -static_cast<double>(s) * dxy[grid.index(ii, jj)] / (4.0 * hx) / hy;
            txy.emplace_back(from, col, -c);
            txy.emplace_back(to, col, c);
          }
        }
      }
  }
  const auto size = static_cast<Eigen::Index>(n);
  g.x.resize(size, size);
  g.y.resize(size, size);
  g.mixed.resize(size, size);
  g.x.setFromTriplets(tx.begin(), tx.end());
  g.y.setFromTriplets(ty.begin(), ty.end());
  g.mixed.setFromTriplets(txy.begin(), txy.end());
  return g;
}

std::array<double, 4> Generator2D::exit_fluxes(const Eigen::VectorXd& p, const Grid2D& grid) const {
  const auto at = [&](std::size_t i, std::size_t j) { return p[static_cast<Eigen::Index>(grid.index(i, j))]; };
  std::array<double, 4> out{0.0, 0.0, 0.0, 0.0};
  for (std::size_t j = 0; j < exit_left.size(); ++j) out[0] += exit_left[j] * at(0, j);
  for (std::size_t j = 0; j < exit_right.size(); ++j) out[1] += exit_right[j] * at(grid.x.cells - 1, j);
  for (std::size_t i = 0; i < exit_bottom.size(); ++i) out[2] += exit_bottom[i] * at(i, 0);
  for (std::size_t i = 0; i < exit_top.size(); ++i) out[3] += exit_top[i] * at(i, grid.y.cells - 1);
  return out;
}

}  // namespace ito::fokker_planck
