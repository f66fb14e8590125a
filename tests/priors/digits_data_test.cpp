// data/digits.h5 as ito reads it: shapes, pixel values k/16, labels, the split; an EM fit of the training
// images (the prior of the digits problems) climbs monotonically and is finite on the held-out images.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "ito/io/hdf5.hpp"
#include "ito/priors/fit_em.hpp"
#include "test_support.hpp"

namespace ito::priors {
namespace {

const std::string kFile = ito::test::repository_data("digits.h5");

Eigen::MatrixXd images(const std::string& part) {
  const io::Dataset ds = io::read_dataset(kFile, "/" + part + "/images");
  EXPECT_EQ(ds.dims.size(), 2u);
  EXPECT_EQ(ds.dims[1], 64u);
  // [N, 64] row-major is 64 × N column-major: one image per column.
  return Eigen::Map<const Eigen::MatrixXd>(ds.values.data(), 64, static_cast<Eigen::Index>(ds.dims[0]));
}

TEST(DigitsData, ShapesValuesAndSplit) {
  ASSERT_TRUE(std::filesystem::exists(kFile)) << kFile;
  const Eigen::MatrixXd train = images("train"), test = images("test");
  EXPECT_EQ(train.cols(), 1442);
  EXPECT_EQ(test.cols(), 355);
  for (const auto* m : {&train, &test}) {
    EXPECT_EQ(m->minCoeff(), 0.0);
    EXPECT_EQ(m->maxCoeff(), 1.0);
    EXPECT_EQ((16.0 * m->array()).round().matrix(), 16.0 * *m);  // exactly k/16
  }
  for (const std::string part : {"train", "test"}) {
    const io::Dataset labels = io::read_dataset(kFile, "/" + part + "/labels");
    std::vector<int> count(10, 0);
    for (double l : labels.values) {
      ASSERT_TRUE(l >= 0 && l <= 9 && l == std::round(l));
      ++count[static_cast<std::size_t>(l)];
    }
    for (int c : count) EXPECT_GE(c, part == "test" ? 34 : 140) << part;
  }
  // The two parts are disjoint and together the 1797 source rows.
  const io::Dataset a = io::read_dataset(kFile, "/train/source_index"),
                    b = io::read_dataset(kFile, "/test/source_index");
  std::vector<int> seen(1797, 0);
  for (double i : a.values) ++seen[static_cast<std::size_t>(i)];
  for (double i : b.values) ++seen[static_cast<std::size_t>(i)];
  for (int s : seen) EXPECT_EQ(s, 1);
}

TEST(DigitsData, EmFitOfTheTrainingImages) {
  EmOptions o;
  o.components = 10;
  o.covariance = CovarianceType::diagonal;
  o.max_iterations = 30;
  o.tolerance = 0.0;
  o.covariance_floor = 1e-3;
  const EmResult r = fit_gaussian_mixture(images("train"), o);
  for (std::size_t i = 1; i < r.train_log_likelihood.size(); ++i)
    EXPECT_GE(r.train_log_likelihood[i],
              r.train_log_likelihood[i - 1] - 1e-12 * std::abs(r.train_log_likelihood[i - 1]));
  Eigen::VectorXd lp;
  r.mixture.log_density(1.0, 0.0, images("test"), lp);
  EXPECT_TRUE(lp.allFinite());
  for (double h : r.heldout_log_likelihood) EXPECT_TRUE(std::isfinite(h));
}

}  // namespace
}  // namespace ito::priors
