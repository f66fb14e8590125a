// The parameters of `ito fit-prior`: every key `ito fit-prior --help` lists is read with the default it states
// (tests/schema_testing.hpp); the data are read from HDF5 and CSV as documented (columns, evenly spaced rows); bad
// input is refused at its key with file:line:column; the bound on components (distinct training points for any split)
// is exact enough that the fit never fails on it, and tight.
#include "ito/priors/fit_params.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "ito/core/error.hpp"
#include "ito/io/hdf5.hpp"
#include "schema_testing.hpp"

namespace ito::priors {
namespace {

const std::string kDigits = test::repository_data("digits.h5");

std::string digits_problem(const std::string& extra = "") { return "[data]\nfile = \"" + kDigits + "\"\n" + extra; }

FitPriorProblem read_text(const std::string& text, const std::vector<std::string>& overrides = {}) {
  auto params = io::Params::from_string(text, "p.toml", overrides);
  return read_fit_prior_problem(params);
}

// A CSV file in a fresh directory; returns its path.
std::string csv_file(const std::string& name, const std::string& text) {
  static const auto dir = test::temp_dir("fit_params");
  return test::write_file(dir / name, text).string();
}

std::string csv_problem(const std::string& path, const std::string& extra = "") {
  return "[data]\nfile = \"" + path + "\"\n" + extra;
}

TEST(FitPriorParams, EveryKeyIsReadWithTheDefaultItsTableStates) {
  const std::string csv = csv_file("three.csv", "a,b,c\n1,2,3\n4,5,6\n7,8,9\n1,1,1\n");
  test::SchemaCheck<FitPriorProblem> check{fit_prior_schema(),
                                           [](io::SchemaReader& r) { return read_fit_prior_problem(r); },
                                           {digits_problem(), csv_problem(csv, "[mixture]\ncomponents = 2\n")},
                                           {{"data.dataset", {{"data.dataset=\"/test/images\""}}}}};
  test::expect_defaults_as_stated(check);
}

TEST(FitPriorParams, HelpListsExactlyTheTable) { test::expect_help_lists_the_table("fit-prior", fit_prior_schema()); }

TEST(FitPriorParams, ReadsTheDigitsAsOnePointPerRow) {
  const FitPriorProblem p = read_text(digits_problem());
  EXPECT_EQ(p.format, "hdf5");
  EXPECT_EQ(p.dataset, "/train/images");
  EXPECT_EQ(p.dim(), 64);
  EXPECT_EQ(p.points(), 1442);
  EXPECT_EQ(p.source_points, 1442);
  const io::Dataset raw = io::read_dataset(kDigits, "/train/images");
  for (int row : {0, 1, 700, 1441})
    for (int pixel : {0, 13, 63}) EXPECT_EQ(p.data(pixel, row), raw.values[static_cast<std::size_t>(64 * row + pixel)]);
  EXPECT_EQ(p.em.components, 10);
  EXPECT_EQ(p.em.covariance, CovarianceType::full);
  EXPECT_EQ(p.source(), kDigits + ":/train/images");
  const FitPriorProblem test = read_text(digits_problem("dataset = \"/test/images\"\n"));
  EXPECT_EQ(test.points(), 355);
}

TEST(FitPriorParams, CsvColumnsAndEvenlySpacedRows) {
  const std::string path = csv_file("rows.csv", "# comment\nx,y,z\n0,10,100\n1,11,101\n2,12,102\n3,13,103\n4,14,104\n");
  const FitPriorProblem all = read_text(csv_problem(path, "[mixture]\ncomponents = 2\n"));
  EXPECT_EQ(all.format, "csv");
  EXPECT_EQ(all.columns, (std::vector<std::string>{"x", "y", "z"}));
  EXPECT_EQ(all.dim(), 3);
  EXPECT_EQ(all.points(), 5);
  EXPECT_EQ(all.data(1, 3), 13.0);
  const FitPriorProblem chosen =
      read_text(csv_problem(path, "columns = [\"z\", \"x\"]\nmax_points = 2\n[mixture]\ncomponents = 1\n"));
  EXPECT_EQ(chosen.dim(), 2);
  ASSERT_EQ(chosen.points(), 2);  // rows ⌊j · 5/2⌋ = 0, 2
  EXPECT_EQ(chosen.data.col(0), Eigen::Vector2d(100, 0));
  EXPECT_EQ(chosen.data.col(1), Eigen::Vector2d(102, 2));
  EXPECT_EQ(chosen.source_points, 5);
  EXPECT_EQ(read_text(csv_problem(path, "max_points = 50\n[mixture]\ncomponents = 1\n")).points(), 5);
  // An extension that says nothing, with the format given.
  const std::string other = csv_file("rows.txt", "x\n1\n2\n");
  EXPECT_EQ(read_text(csv_problem(other, "format = \"csv\"\n[mixture]\ncomponents = 1\n")).points(), 2);
}

TEST(FitPriorParams, BadDataIsRefusedAtItsKey) {
  const std::string nan = csv_file("nan.csv", "x,y\n1,2\n3,nan\n");
  const std::string good = csv_file("good.csv", "x,y\n1,2\n3,4\n5,6\n7,8\n");
  test::expect_error<ParameterError>([&] { read_text(csv_problem("nope.h5")); },
                                     {"p.toml:2:8: key 'data.file'", "'nope.h5' not found"});
  test::expect_error<ParameterError>([&] { read_text(digits_problem("dataset = \"/train/imagez\"\n")); },
                                     {"p.toml:3:11: key 'data.dataset'", "/train/imagez"});
  test::expect_error<ParameterError>([&] { read_text(digits_problem("dataset = \"/train/labels\"\n")); },
                                     {"key 'data.dataset'", "must be 2-D"});
  test::expect_error<ParameterError>([&] { read_text(csv_problem(nan)); },
                                     {"p.toml:2:8: key 'data.file'", "nan.csv:3", "'nan' is not a finite number"});
  test::expect_error<ParameterError>([&] { read_text(csv_problem(csv_file("x.dat", "x\n1\n"))); },
                                     {"key 'data.file'", "set data.format"});
  test::expect_error<ParameterError>([&] { read_text(digits_problem("format = \"csv\"\n")); }, {"key 'data.file'"});
  test::expect_error<ParameterError>([&] { read_text(csv_problem(good, "columns = [\"x\", \"w\"]\n")); },
                                     {"p.toml:3:11: key 'data.columns'", "'w'"});
  test::expect_error<ParameterError>([&] { read_text(csv_problem(good, "columns = [\"x\", \"x\"]\n")); },
                                     {"key 'data.columns'", "listed twice"});
  test::expect_error<ParameterError>([&] { read_text(csv_problem(good, "columns = []\n")); },
                                     {"key 'data.columns'", "at least one"});
  test::expect_error<ParameterError>([&] { read_text(digits_problem("columns = [\"x\"]\n")); },
                                     {"key 'data.columns': only used when data.format = csv"});
  test::expect_error<ParameterError>([&] { read_text(csv_problem(good, "dataset = \"/x\"\n")); },
                                     {"key 'data.dataset': only used when data.format = hdf5"});
  test::expect_error<ParameterError>([&] { read_text(digits_problem(), {"data.max_points=0"}); },
                                     {"--set data.max_points=0: key 'data.max_points'"});
  test::expect_error<ParameterError>([&] { read_text(digits_problem("[em]\nheldout_fraction = 1.0\n")); },
                                     {"p.toml:4:20: key 'em.heldout_fraction'"});
  test::expect_error<ParameterError>([&] { read_text(digits_problem("[mixture]\ncovariance = \"spherical\"\n")); },
                                     {"key 'mixture.covariance'", "'isotropic'"});
}

// 8 points, 4 distinct (each twice): with 2 held out, any split leaves at least 2 distinct training points, so 2
// components are accepted and the fit runs for every seed; 3 are refused at mixture.components.
TEST(FitPriorParams, ComponentsAreBoundedByTheDistinctTrainingPointsOfAnySplit) {
  const std::string path = csv_file("pairs.csv", "x,y\n0,0\n1,0\n0,1\n1,1\n0,0\n1,0\n0,1\n1,1\n");
  const std::string base = csv_problem(path, "[em]\nheldout_fraction = 0.25\nmax_iterations = 3\n");
  const FitPriorProblem ok = read_text(base, {"mixture.components=2"});
  EXPECT_EQ(ok.distinct_points, 4);
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    const EmResult r = run_fit_prior(ok, seed);
    EXPECT_EQ(r.mixture.components(), 2);
    EXPECT_EQ(r.heldout_points, 2);
  }
  test::expect_error<ParameterError>(
      [&] { read_text(base + "[mixture]\ncomponents = 3\n"); },
      {"p.toml:7:14: key 'mixture.components'", "4 distinct points", "2 are held out", "at least 2 for training"});
  // Without a held-out set all 4 distinct points train: 4 components, not 5.
  EXPECT_EQ(read_text(base, {"em.heldout_fraction=0", "mixture.components=4"}).em.components, 4);
  test::expect_error<ParameterError>(
      [&] {
        read_text(base, {"em.heldout_fraction=0", "mixture.components=5"});
      },
      {"--set mixture.components=5: key 'mixture.components'"});
}

// A fit inside the keys' ranges whose arrays cannot fit (responsibilities alone: 9e5 components × 1e6 points,
// 7 TB) is refused when read, at mixture.components, with the estimate.
TEST(FitPriorParams, FitBeyondTheMemoryIsRefusedAtComponents) {
  const auto path = (test::temp_dir("fit_params_memory") / "line.h5").string();
  {
    std::vector<double> x(1000000);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i);
    io::ResultFile f(path);
    f.write("/x", x, {x.size(), 1});
    f.commit();
  }
  const std::string text = "[data]\nfile = \"" + path + "\"\ndataset = \"/x\"\n[mixture]\ncomponents = 900000\n" +
                           "covariance = \"isotropic\"\n[em]\nheldout_fraction = 0\n";
  test::expect_error<ParameterError>([&] { read_text(text); },
                                     {"p.toml:5:14: key 'mixture.components'", "GB of memory",
                                      "900000 isotropic components in 1 dimensions, 1000000 points"});
  EXPECT_EQ(read_text(text, {"mixture.components=10"}).points(), 1000000);
}

TEST(FitPriorParams, RunFitPriorIsTheFitOfTheProblemsData) {
  const FitPriorProblem p =
      read_text(digits_problem("max_points = 300\n[mixture]\ncomponents = 3\n"
                               "covariance = \"diagonal\"\n[em]\nmax_iterations = 5\n"
                               "covariance_floor = 1e-3\n"));
  int calls = 0;
  const EmResult r = run_fit_prior(p, 7, [&](int iteration, double train, double heldout) {
    EXPECT_EQ(iteration, calls++);
    EXPECT_TRUE(std::isfinite(train));
    EXPECT_TRUE(std::isfinite(heldout));
  });
  EmOptions o = p.em;
  o.seed = 7;
  const EmResult direct = fit_gaussian_mixture(p.data, o);
  EXPECT_EQ(calls, r.iterations + 1);
  EXPECT_EQ(r.train_log_likelihood, direct.train_log_likelihood);
  EXPECT_EQ(r.heldout_log_likelihood, direct.heldout_log_likelihood);
  EXPECT_EQ(r.train_points + r.heldout_points, 300);
}

TEST(FitPriorParams, EveryShippedProblemFileReads) {
  const auto here = std::filesystem::current_path();
  std::filesystem::current_path(ITO_SOURCE_DIR);  // data paths are relative to the project root
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator("problems")) {
    const auto name = entry.path().filename().string();
    if (name.rfind("fit_prior_", 0) != 0) continue;
    auto params = io::Params::from_file(entry.path().string());
    io::SchemaReader(io::common_schema(), params).integer("seed");
    EXPECT_NO_THROW(read_fit_prior_problem(params)) << name;
    ++files;
  }
  std::filesystem::current_path(here);
  EXPECT_GE(files, 1);
}

}  // namespace
}  // namespace ito::priors
