// The model concept's own definitions (ito/sde/model.hpp): the names of the noise classes and interpretations
// (reports and refusals print them; a swapped case would mislabel a scheme's refusal), is_additive (additive
// and isotropic noise are state-independent, the others not: Itô and Stratonovich coincide only for those),
// the concepts accept a model and reject one that lacks a required member, and has_pathwise_exact defers to a
// model's run-time has_exact().
#include "ito/sde/model.hpp"

#include <gtest/gtest.h>

#include <string>

#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"

namespace ito::sde {
namespace {

TEST(SdeModel, NoiseClassAndInterpretationNames) {
  EXPECT_EQ(to_string(NoiseClass::additive), "additive");
  EXPECT_EQ(to_string(NoiseClass::diagonal), "diagonal");
  EXPECT_EQ(to_string(NoiseClass::scalar), "scalar");
  EXPECT_EQ(to_string(NoiseClass::commutative), "commutative");
  EXPECT_EQ(to_string(NoiseClass::general), "general");
  EXPECT_EQ(to_string(NoiseClass::isotropic), "isotropic");
  EXPECT_EQ(to_string(Interpretation::ito), "Ito");
  EXPECT_EQ(to_string(Interpretation::stratonovich), "Stratonovich");
}

TEST(SdeModel, OnlyAdditiveAndIsotropicNoiseIsAdditive) {
  EXPECT_TRUE(is_additive(NoiseClass::additive));
  EXPECT_TRUE(is_additive(NoiseClass::isotropic));
  for (NoiseClass c : {NoiseClass::diagonal, NoiseClass::scalar, NoiseClass::commutative, NoiseClass::general})
    EXPECT_FALSE(is_additive(c)) << to_string(c);
}

struct NoNoiseClass {  // everything but noise_class
  static constexpr int dim = 1, noise_dim = 1;
  static constexpr Interpretation interpretation = Interpretation::ito;
  void drift(double, const double*, double*) const {}
  void diffusion(double, const double*, double*) const {}
};

struct ExactKnownAtRunTime : OrnsteinUhlenbeck {
  bool given = false;
  void exact(double, const double*, const double*, double*) const {}
  bool has_exact() const { return given; }
};

TEST(SdeModel, ConceptsAndRunTimeExactness) {
  static_assert(Model<OrnsteinUhlenbeck> && !Model<NoNoiseClass>);
  static_assert(HasPathwiseExact<GeometricBrownianMotion> && !HasPathwiseExact<OrnsteinUhlenbeck>);
  EXPECT_TRUE(has_pathwise_exact(GeometricBrownianMotion{}));
  EXPECT_FALSE(has_pathwise_exact(OrnsteinUhlenbeck{}));
  ExactKnownAtRunTime m;
  EXPECT_FALSE(has_pathwise_exact(m));
  m.given = true;
  EXPECT_TRUE(has_pathwise_exact(m));
}

}  // namespace
}  // namespace ito::sde
