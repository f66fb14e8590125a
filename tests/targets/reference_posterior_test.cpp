// posteriordb's reference moments: the loader against the files, every reported name of our posteriors in
// the reference, and the combined z-scores of the comparison.
#include "ito/targets/reference_posterior.hpp"

#include <gtest/gtest.h>

#include "ito/core/error.hpp"
#include "ito/targets/posteriordb.hpp"
#include "test_support.hpp"

namespace ito::targets {
namespace {

using ito::test::repository_data;

TEST(ReferencePosterior, ReportedNamesCoverTheReferenceNames) {
  ITO_REQUIRE_SHARED_DATA(data);
  const std::string dir = (data / "posteriordb").string();
  struct Case {
    std::vector<std::string> names;
    const char* kind;
  };
  for (const Case& c :
       {Case{eight_schools_noncentered(repository_data("posteriordb/eight_schools.csv")).parameter_names(),
             "eight_schools_noncentered"},
        Case{ark(repository_data("posteriordb/arK.csv")).parameter_names(), "arK"},
        Case{sblrc_blr(repository_data("posteriordb/sblrc.csv")).parameter_names(), "sblrc_blr"}}) {
    const auto ref = read_reference_posterior(dir, posteriordb_posterior_name(c.kind));
    ASSERT_EQ(ref.names.size(), c.names.size()) << c.kind;
    for (const auto& n : c.names) EXPECT_GE(ref.index_of(n), 0) << c.kind << " " << n;
  }
  const auto ref = read_reference_posterior(dir, "eight_schools-eight_schools_noncentered");
  EXPECT_EQ(ref.names[8], "mu");
  EXPECT_DOUBLE_EQ(ref.mean[9], 3.60205952364059);
  EXPECT_DOUBLE_EQ(ref.mean_square_mcse[0], 1.1692102);
  EXPECT_EQ(ref.index_of("nothing"), -1);
}

TEST(ReferencePosterior, CompareToReferenceComputesCombinedZScores) {
  ReferencePosterior ref{
      "toy", {"b", "a"}, {1.0, 2.0}, {0.3, 0.4}, {5.0, 6.0}, {0.0, 1.2},
  };
  diagnostics::Summary a, b, a2, b2;
  a.mean = 2.5;
  a.mcse_mean = 0.3;  // z = 0.5 / sqrt(0.09 + 0.16) = 1
  b.mean = 1.0;
  b.mcse_mean = 0.1;
  a2.mean = 6.0 - 2.6;
  a2.mcse_mean = 0.5;  // z = −2.6 / 1.3 = −2
  b2.mean = 5.0;
  b2.mcse_mean = 1.0;
  const auto out = compare_to_reference(ref, {"a", "b"}, {a, b}, {a2, b2});
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].name, "b");
  EXPECT_NEAR(out[0].z, 0.0, 1e-15);
  EXPECT_EQ(out[2].name, "a");
  EXPECT_EQ(out[2].moment, "mean");
  EXPECT_NEAR(out[2].z, 1.0, 1e-12);
  EXPECT_EQ(out[3].moment, "mean_square");
  EXPECT_NEAR(out[3].z, -2.0, 1e-12);
  EXPECT_THROW(compare_to_reference(ref, {"a"}, {a}, {a2}), ParameterError);  // "b" missing
}

TEST(ReferencePosterior, CompareDrawsSummarisesValuesAndSquares) {
  // Two chains of 8 draws of one quantity "a": the comparison of its mean and mean square uses the
  // summaries of the draws and of their squares.
  const int chains = 2, iterations = 8;
  std::vector<double> draws(chains * iterations);
  for (int i = 0; i < chains * iterations; ++i) draws[static_cast<std::size_t>(i)] = 0.5 + 0.25 * ((i * 7) % 5);
  ReferencePosterior ref{"toy", {"a"}, {1.0}, {0.1}, {1.2}, {0.1}};
  const auto out = compare_draws_to_reference(ref, {"a"}, draws.data(), chains, iterations, iterations);
  ASSERT_EQ(out.size(), 2u);
  double mean = 0.0, square = 0.0;
  for (double d : draws) {
    mean += d / draws.size();
    square += d * d / draws.size();
  }
  EXPECT_NEAR(out[0].estimate, mean, 1e-15);
  EXPECT_NEAR(out[1].estimate, square, 1e-15);
}

TEST(ReferencePosterior, MissingFilesAreClearErrors) {
  try {
    read_reference_posterior("no/such/dir", "arK-arK");
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("no/such/dir/arK-arK.mean_value.json"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ito::targets
