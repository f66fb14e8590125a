#include "ito/priors/fit_params.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <numeric>
#include <set>
#include <sstream>

#include "ito/core/error.hpp"
#include "ito/core/memory.hpp"
#include "ito/io/table.hpp"

namespace ito::priors {

using Eigen::Index;
using Eigen::MatrixXd;
using io::Range;

namespace {

io::Schema make_schema() {
  io::Schema s("fit-prior");
  s.string("data.file", io::required, {}, "the data: HDF5 (.h5, .hdf5) or CSV with a header row (.csv)");
  s.string("data.format", io::computed("from the extension of data.file"), {"hdf5", "csv"}, "how data.file is read");
  s.string("data.dataset", "/train/images", {}, "the HDF5 dataset: one point per row, one coordinate per column")
      .when("data.format", {"hdf5"});
  s.strings("data.columns", io::optional, {}, "the CSV columns that are the coordinates, in order (absent: all)")
      .when("data.format", {"csv"});
  s.integer("data.max_points", io::optional, Range::at_least(1),
            "use at most this many rows, evenly spaced over the file (absent: all)");
  s.integer("mixture.components", std::int64_t{10}, Range::between(1, 1e6), "K, the number of Gaussian components");
  s.string("mixture.covariance", "full", {"full", "diagonal", "isotropic"}, "the form of each covariance");
  s.integer("em.max_iterations", std::int64_t{200}, Range::between(0, 1e7),
            "EM iterations at most (0: the k-means++ start only)");
  s.real("em.tolerance", 1e-6, Range::nonnegative(),
         "stop when an iteration raises the training log-likelihood per point by less than this");
  s.real("em.covariance_floor", 1e-6, Range::positive(),
         "every covariance's eigenvalues (variances) are kept at or above this (squared data units)");
  s.real("em.heldout_fraction", 0.1, Range{0.0, 1.0, false, true},
         "fraction of the points held out of the fit (chosen by the seed), their log-likelihood reported");
  return s;
}

std::string number(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

std::string format_of_extension(const std::string& file) {
  std::string ext = std::filesystem::path(file).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".h5" || ext == ".hdf5" || ext == ".he5") return "hdf5";
  if (ext == ".csv") return "csv";
  return {};
}

// Re-raises an error of reading the data at `key`, so that the message also says where the file was named.
template <class F>
auto at_key(const io::SchemaReader& r, const std::string& key, F&& read) -> decltype(read()) {
  try {
    return read();
  } catch (const Error& e) {
    r.fail(key, e.what());
  }
}

// The number of distinct columns of x (exact comparison): the column indices sorted lexicographically.
Index count_distinct(const MatrixXd& x) {
  std::vector<Index> order(static_cast<std::size_t>(x.cols()));
  std::iota(order.begin(), order.end(), Index{0});
  const auto less = [&](Index a, Index b) {
    for (Index i = 0; i < x.rows(); ++i)
      if (x(i, a) != x(i, b)) return x(i, a) < x(i, b);
    return false;
  };
  std::sort(order.begin(), order.end(), less);
  Index distinct = order.empty() ? 0 : 1;
  for (std::size_t j = 1; j < order.size(); ++j) distinct += less(order[j - 1], order[j]) ? 1 : 0;
  return distinct;
}

}  // namespace

std::string FitPriorProblem::source() const { return format == "hdf5" ? file + ":" + dataset : file; }

bool FitPriorProblem::operator==(const FitPriorProblem& o) const {
  const EmOptions &a = em, &b = o.em;
  return file == o.file && format == o.format && dataset == o.dataset && columns == o.columns &&
         max_points == o.max_points && source_points == o.source_points && distinct_points == o.distinct_points &&
         data.rows() == o.data.rows() && data.cols() == o.data.cols() && data == o.data &&
         a.components == b.components && a.covariance == b.covariance && a.max_iterations == b.max_iterations &&
         a.tolerance == b.tolerance && a.covariance_floor == b.covariance_floor &&
         a.heldout_fraction == b.heldout_fraction && a.seed == b.seed;
}

const io::Schema& fit_prior_schema() {
  static const io::Schema schema = make_schema();
  return schema;
}

FitPriorProblem read_fit_prior_problem(io::Params& params) {
  io::SchemaReader reader(fit_prior_schema(), params);
  return read_fit_prior_problem(reader);
}

FitPriorProblem read_fit_prior_problem(io::SchemaReader& r) {
  FitPriorProblem p;
  // The keys first, so that a misspelt key is reported before the data are loaded.
  p.file = r.string("data.file");
  const std::string guessed = format_of_extension(p.file);
  if (guessed.empty() && !r.has("data.format"))
    r.fail("data.file", "cannot tell the format of '" + p.file +
                            "' from its extension (.h5, .hdf5: HDF5; .csv: CSV); set data.format");
  p.format = r.string("data.format", guessed.empty() ? "hdf5" : guessed);
  std::optional<std::vector<std::string>> chosen;
  if (p.format == "hdf5")
    p.dataset = r.string("data.dataset");
  else
    chosen = r.optional_strings("data.columns");
  p.max_points = r.optional_integer("data.max_points");
  auto& em = p.em;
  em.components = static_cast<int>(r.integer("mixture.components"));
  em.covariance = covariance_type_from_string(r.string("mixture.covariance"));
  em.max_iterations = static_cast<int>(r.integer("em.max_iterations"));
  em.tolerance = r.real("em.tolerance");
  em.covariance_floor = r.real("em.covariance_floor");
  em.heldout_fraction = r.real("em.heldout_fraction");
  r.finish();

  // The data: N × d as in the file.
  if (!std::filesystem::is_regular_file(p.file))
    r.fail("data.file", "data file '" + p.file + "' not found (relative paths are taken from the working directory " +
                            std::filesystem::current_path().string() + "; run ito from the project root)");
  const std::string data_key = p.format == "hdf5" && r.has("data.dataset") ? "data.dataset" : "data.file";
  MatrixXd rows;
  if (p.format == "hdf5") {
    rows = at_key(r, data_key, [&] { return io::read_hdf5_matrix(p.file, p.dataset); });
  } else {
    const io::Table table = at_key(r, "data.file", [&] { return io::read_csv(p.file); });
    p.columns = chosen ? *chosen : table.columns;
    if (p.columns.empty()) r.fail("data.columns", "expected at least one column");
    std::set<std::string> seen;
    rows.resize(table.rows(), static_cast<Index>(p.columns.size()));
    for (std::size_t j = 0; j < p.columns.size(); ++j) {
      if (!seen.insert(p.columns[j]).second) r.fail("data.columns", "column '" + p.columns[j] + "' is listed twice");
      rows.col(static_cast<Index>(j)) = at_key(r, "data.columns", [&] { return table.column(p.columns[j]); });
    }
  }
  p.source_points = rows.rows();
  if (rows.rows() < 1 || rows.cols() < 1)
    r.fail(data_key, p.source() + " holds no data (" + std::to_string(rows.rows()) + " rows × " +
                         std::to_string(rows.cols()) + " columns)");
  const Index n = p.max_points ? std::min<Index>(*p.max_points, rows.rows()) : rows.rows();
  // Row ⌊jN/n⌋ = j q + ⌊j r/n⌋ with N = q n + r: exact in integers (j r < n², which fits for any n in memory).
  const Index q = rows.rows() / n, rem = rows.rows() % n;
  p.data.resize(rows.cols(), n);
  for (Index j = 0; j < n; ++j) p.data.col(j) = rows.row(j * q + (j * rem) / n).transpose();
  p.distinct_points = count_distinct(p.data);

  const Index held_out = heldout_count(p.points(), em.heldout_fraction);
  const Index sure = p.distinct_points - held_out;  // distinct training points, whichever points are held out
  if (em.components > sure)
    r.fail("mixture.components",
           std::to_string(em.components) + " components need as many distinct training points: " + p.source() +
               " has " + std::to_string(p.distinct_points) + " distinct points among the " +
               std::to_string(p.points()) + " used, and " + std::to_string(held_out) +
               " are held out (em.heldout_fraction = " + number(em.heldout_fraction) + "), which leaves " +
               (sure > 0 ? "at least " + std::to_string(sure) : std::string("none")) + " for training");
  const std::string refusal =
      core::memory_refusal(fit_memory_bytes(p.dim(), p.points(), em),
                           std::to_string(em.components) + " " + to_string(em.covariance) + " components in " +
                               std::to_string(p.dim()) + " dimensions, " + std::to_string(p.points()) + " points");
  if (!refusal.empty()) r.fail("mixture.components", refusal);
  return p;
}

EmResult run_fit_prior(const FitPriorProblem& problem, std::uint32_t seed,
                       std::function<void(int, double, double)> on_iteration) {
  EmOptions options = problem.em;
  options.seed = seed;
  options.on_iteration = std::move(on_iteration);
  return fit_gaussian_mixture(problem.data, options);
}

}  // namespace ito::priors
