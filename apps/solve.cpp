// ito solve <params.toml>: posterior sampling for y = A x + σ_y ε with a diffusion prior
// (ito::diffusion::read_solve_problem / run_solve), every sampler beside the exact posterior.
#include <cmath>
#include <iomanip>
#include <sstream>

#include "command.hpp"
#include "descriptions.hpp"
#include "ito/core/error.hpp"
#include "ito/diffusion/solve.hpp"
#include "ito/inverse/metrics.hpp"
#include "ito/io/image.hpp"

namespace ito::apps {
namespace {

/// Columns of M (d × n), the first `keep` of them, as an [n, d] dataset.
void write_columns(io::ResultFile& file, const std::string& name, const Eigen::MatrixXd& M, std::size_t keep) {
  const auto n = std::min<Eigen::Index>(M.cols(), static_cast<Eigen::Index>(keep));
  std::vector<double> v;
  v.reserve(static_cast<std::size_t>(n * M.rows()));
  for (Eigen::Index j = 0; j < n; ++j) v.insert(v.end(), M.col(j).data(), M.col(j).data() + M.rows());
  file.write(name, v, {static_cast<std::uint64_t>(n), static_cast<std::uint64_t>(M.rows())});
}

void write_vector(io::ResultFile& file, const std::string& name, const Eigen::VectorXd& x) {
  file.write(name, std::vector<double>(x.data(), x.data() + x.size()));
}

std::string run(Context& ctx) {
  const auto problem = diffusion::read_solve_problem(ctx.params, ctx.seed);
  const auto report = diffusion::run_solve(problem, ctx.seed);

  io::ResultFile file(ctx.out);
  write_vector(file, "/truth", problem.truth);
  write_vector(file, "/observation", problem.observation.y);
  const auto& A = problem.observation.A;
  if (A.kind() == "mask") {
    std::vector<std::int64_t> mask(static_cast<std::size_t>(A.input_dim()), 0);
    for (int i : problem.mask) mask[static_cast<std::size_t>(i)] = 1;
    file.write("/mask", mask);
  } else if (A.kind() != "identity") {
    const Eigen::MatrixXd M = A.matrix();
    write_columns(file, "/operator", M.transpose(), static_cast<std::size_t>(M.rows()));
  }
  file.attribute("/summary", "operator", A.kind());
  file.attribute("/summary", "sigma_y", problem.observation.sigma_y);
  file.attribute("/summary", "prior", problem.prior_description);
  file.attribute("/summary", "dim", static_cast<std::int64_t>(problem.dim()));
  file.attribute("/summary", "dy", static_cast<std::int64_t>(A.output_dim()));
  file.attribute("/summary", "samples", static_cast<std::int64_t>(problem.samples));
  if (problem.samples > 1)
    file.attribute("/summary", "coverage_range_calibrated",
                   inverse::calibrated_range_coverage(static_cast<Eigen::Index>(problem.samples)));
  file.attribute("/summary", "steps", static_cast<std::int64_t>(problem.options.steps));
  file.attribute("/summary", "path", problem.path.name());
  file.attribute("/summary", "integrator", diffusion::to_string(problem.options.integrator));
  file.attribute("/summary", "grid", diffusion::to_string(problem.options.grid));
  if (problem.options.grid == diffusion::LevelGrid::edm) {
    file.attribute("/summary", "grid_rho", problem.options.rho);
    file.attribute("/summary", "grid_sigma_min", problem.options.sigma_min);
  }
  if (problem.image_rows > 0) {
    file.attribute("/summary", "image_shape",
                   std::vector<double>{double(problem.image_rows), double(problem.image_cols)});
  }
  if (report.exact) {
    file.attribute("/summary", "sw_floor", report.sw_floor);
    file.attribute("/summary", "sw_slices", static_cast<std::int64_t>(problem.slices));
    write_columns(file, "/exact/samples", report.exact_samples, problem.stored_samples);
    write_vector(file, "/exact/posterior_mean", report.exact_mean);
    write_vector(file, "/exact/posterior_std", report.exact_std);
    file.attribute("/summary", "exact.coverage_90", report.exact_coverage_90);
    file.attribute("/summary", "exact.coverage_range", report.exact_coverage_range);
    if (problem.image_rows > 0) file.attribute("/summary", "exact.psnr", report.exact_psnr);
  }
  if (problem.image_prior) {
    file.attribute("/summary", "image", problem.image_file);
    file.attribute("/summary", "patch_size", static_cast<std::int64_t>(problem.patch));
    file.attribute("/summary", "stride", static_cast<std::int64_t>(problem.image_prior->stride()));
    if (std::isfinite(report.observation_psnr)) file.attribute("/summary", "observation.psnr", report.observation_psnr);
  }

  std::ostringstream line;
  line << "solve " << problem.prior_description << ", " << A.kind() << " (d_y = " << A.output_dim()
       << "), sigma_y = " << problem.observation.sigma_y << ", " << problem.samples << " samples";
  if (report.exact) line << "; SW floor " << std::setprecision(3) << report.sw_floor;
  line << ":" << std::setprecision(3);
  for (const auto& s : report.samplers) {
    const std::string g = "/" + s.name;
    if (s.name != "epll") {
      write_columns(file, g + "/samples", s.samples, problem.stored_samples);
      write_vector(file, g + "/posterior_std", s.std);
    }
    write_vector(file, g + "/posterior_mean", s.mean);
    if (!s.ess.empty()) file.write(g + "/ess", s.ess);
    auto attr = [&](const std::string& key, double v) {
      if (std::isfinite(v)) file.attribute("/summary", s.name + "." + key, v);
    };
    attr("sw", s.sw);
    attr("mean_rmse", s.mean_rmse);
    attr("std_rmse", s.std_rmse);
    attr("coverage_90", s.coverage_90);
    attr("coverage_range", s.coverage_range);
    attr("psnr", s.psnr);
    attr("ssim", s.ssim);
    attr("nfe", s.nfe);
    attr("wall_time_s", s.wall_time_s);
    attr("acceptance", s.acceptance);
    attr("stages", s.stages);
    line << "  " << s.name;
    if (std::isfinite(s.sw)) line << " SW " << s.sw;
    if (std::isfinite(s.psnr)) line << " PSNR " << std::setprecision(4) << s.psnr << std::setprecision(3);
  }
  file.describe(dataset_descriptions("solve"));
  ctx.finish(file);
  line << "  -> " << ctx.out;
  if (problem.image_prior) {
    // truth | observation (missing pixels mid-grey) | posterior mean | posterior std (scaled to its maximum),
    // one row per sampler, next to the results file
    const int rows = problem.image_rows, cols = problem.image_cols;
    auto image_of = [&](const Eigen::VectorXd& v) {
      io::Image im(rows, cols);
      im.pixels = v;
      return im;
    };
    io::Image obs(rows, cols, 0.5);
    const auto& observed = A.observed();
    for (std::size_t i = 0; i < observed.size(); ++i) obs.pixels[observed[i]] = problem.observation.y[static_cast<Eigen::Index>(i)];
    std::vector<io::Image> tiles;
    for (const auto& s : report.samplers) {
      tiles.push_back(image_of(problem.truth));
      tiles.push_back(obs);
      tiles.push_back(image_of(s.mean));
      tiles.push_back(io::scaled_by_max(image_of(s.std)));
    }
    const std::string png = (ctx.out.size() > 3 && ctx.out.substr(ctx.out.size() - 3) == ".h5"
                                 ? ctx.out.substr(0, ctx.out.size() - 3)
                                 : ctx.out) +
                            ".png";
    io::write_png_grid(png, tiles, static_cast<int>(report.samplers.size()), 4);
    line << ", " << png;
  }
  return line.str();
}

ITO_COMMAND(Command{"solve",
                    "posterior sampling for y = A x + noise with a diffusion prior, every sampler beside the exact "
                    "posterior",
                    "solve.h5", run, &diffusion::solve_schema, /*distributed=*/true});

}  // namespace
}  // namespace ito::apps
