// Mixture files: every covariance type survives a round trip (same parameters, same log density), under the
// root or a named group; malformed files give errors naming the file, the dataset and what is wrong.
#include "ito/priors/mixture_file.hpp"

#include <gtest/gtest.h>

#include <string>

#include "ito/core/error.hpp"
#include "priors/mixture_fixtures.hpp"
#include "test_support.hpp"

namespace ito::priors {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

TEST(MixtureFile, RoundTripsEveryCovarianceType) {
  const auto dir = ito::test::temp_dir("mixture_file");
  for (const auto& m : test::mixture_catalogue()) {
    for (const std::string group : {"/", "/prior/fitted"}) {
      const auto path = (dir / (m.name + ".h5")).string();
      {
        io::ResultFile f(path);
        write_mixture(f, group, m.mixture);
        f.commit();
      }
      if (m.singular && m.mixture.covariance_type() == CovarianceType::full) {
        EXPECT_THROW(read_mixture(path, group), ParameterError) << m.name;
      }
      const GaussianMixture g = read_mixture(path, group, /*allow_singular=*/m.singular);
      EXPECT_EQ(g.covariance_type(), m.mixture.covariance_type()) << m.name;
      EXPECT_EQ(g.means(), m.mixture.means()) << m.name;
      EXPECT_LT((g.weights() - m.mixture.weights()).cwiseAbs().maxCoeff(), 1e-15) << m.name;
      for (int k = 0; k < g.components(); ++k) EXPECT_EQ(g.covariance(k), m.mixture.covariance(k)) << m.name;
      EXPECT_EQ(g.shared_covariance(), m.mixture.shared_covariance()) << m.name;
      const MatrixXd x = test::normal_matrix(g.dim(), 5, 3);
      VectorXd l1, l2;
      g.log_density(0.9, 0.3, x, l1);
      m.mixture.log_density(0.9, 0.3, x, l2);
      EXPECT_LT((l1 - l2).cwiseAbs().maxCoeff(), 1e-12) << m.name;
    }
  }
}

// Writes a file with the given datasets; returns its path.
struct Bad {
  std::string name;
  std::string type = "full";
  std::vector<double> w{0.5, 0.5};
  std::vector<std::uint64_t> wdims{2};
  std::vector<double> m{0, 0, 1, 1};
  std::vector<std::uint64_t> mdims{2, 2};
  std::vector<double> c{1, 0, 0, 1, 2, 0, 0, 2};
  std::vector<std::uint64_t> cdims{2, 2, 2};
  bool with_type = true;
};

std::string write_bad(const std::filesystem::path& dir, const Bad& b) {
  const auto path = (dir / (b.name + ".h5")).string();
  io::ResultFile f(path);
  f.write("/weights", b.w, b.wdims);
  f.write("/means", b.m, b.mdims);
  f.write("/covariances", b.c, b.cdims);
  if (b.with_type) f.attribute("/", "covariance_type", b.type);
  f.commit();
  return path;
}

// The error's type, and its message naming the file and saying what is wrong.
template <class E>
void expect_error(const std::string& path, const std::string& fragment) {
  ito::test::expect_error<E>([&] { read_mixture(path); }, {path, fragment});
}

TEST(MixtureFile, ValidFixtureReads) {
  const auto dir = ito::test::temp_dir("mixture_file_ok");
  const auto g = read_mixture(write_bad(dir, Bad{"ok"}));
  EXPECT_EQ(g.components(), 2);
  EXPECT_EQ(g.dim(), 2);
  EXPECT_EQ(g.covariance(1)(0, 0), 2.0);
}

TEST(MixtureFile, RejectsMalformedFiles) {
  const auto dir = ito::test::temp_dir("mixture_file_bad");
  expect_error<IoError>((dir / "absent.h5").string(), "no such file");
  {
    Bad b{"untyped"};
    b.with_type = false;
    expect_error<IoError>(write_bad(dir, b), "not a Gaussian mixture");
  }
  {
    const auto path = (dir / "no_means.h5").string();
    io::ResultFile f(path);
    f.write("/weights", std::vector<double>{1.0});
    f.attribute("/", "covariance_type", "isotropic");
    f.commit();
    expect_error<IoError>(path, "/means");
  }
  {
    Bad b{"type"};
    b.type = "spherical";
    expect_error<ParameterError>(write_bad(dir, b), "covariance_type");
  }
  {
    Bad b{"means_shape"};
    b.m = {0, 0, 1, 1, 2, 2};
    b.mdims = {3, 2};
    expect_error<ParameterError>(write_bad(dir, b), "/means has shape [3, 2]");
  }
  {
    Bad b{"cov_shape"};
    b.c = {1, 1};
    b.cdims = {2};
    expect_error<ParameterError>(write_bad(dir, b), "/covariances has shape [2], expected [2, 2, 2]");
  }
  {
    Bad b{"negative_weight"};
    b.w = {1.5, -0.5};
    expect_error<ParameterError>(write_bad(dir, b), "weight 1");
  }
  {
    Bad b{"weights_sum"};
    b.w = {0.5, 0.6};
    expect_error<ParameterError>(write_bad(dir, b), "sum to");
  }
  {
    Bad b{"not_pd"};
    b.c = {1, 0, 0, 1, 1, 2, 2, 1};
    expect_error<ParameterError>(write_bad(dir, b), "covariance 1 is not positive definite");
  }
  {
    Bad b{"singular"};
    b.c = {1, 0, 0, 1, 1, 1, 1, 1};
    expect_error<ParameterError>(write_bad(dir, b), "not positive definite");
  }
  {
    Bad b{"asymmetric"};
    b.c = {1, 0.5, 0, 1, 1, 0, 0, 1};
    expect_error<ParameterError>(write_bad(dir, b), "not symmetric");
  }
  {
    Bad b{"nan"};
    b.m = {0, 0, NAN, 1};
    expect_error<ParameterError>(write_bad(dir, b), "non-finite");
  }
  {
    Bad b{"diag_zero"};
    b.type = "diagonal";
    b.c = {1, 1, 0, 1};
    b.cdims = {2, 2};
    expect_error<ParameterError>(write_bad(dir, b), "must be > 0");
  }
  {
    Bad b{"iso_negative"};
    b.type = "isotropic";
    b.c = {1, -1};
    b.cdims = {2};
    expect_error<ParameterError>(write_bad(dir, b), "must be >= 0");
  }
}

}  // namespace
}  // namespace ito::priors
