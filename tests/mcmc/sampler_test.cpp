// The sampler names of ito/mcmc/sampler.hpp: every kind has the parameter-file name the README and
// `ito mcmc --help` use, and sampler_kind inverts sampler_name (a renamed or swapped case breaks the round
// trip); metric_name names both metric shapes.
#include "ito/mcmc/sampler.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ito::mcmc {
namespace {

TEST(SamplerNames, KindAndNameRoundTrip) {
  const struct {
    SamplerKind kind;
    const char* name;
  } cases[] = {{SamplerKind::ula, "ula"},
               {SamplerKind::mala, "mala"},
               {SamplerKind::preconditioned_mala, "pmala"},
               {SamplerKind::kinetic_langevin, "kinetic"}};
  for (const auto& c : cases) {
    EXPECT_EQ(std::string(sampler_name(c.kind)), c.name);
    EXPECT_EQ(sampler_kind(c.name), c.kind) << c.name;
  }
  EXPECT_EQ(std::string(metric_name(MetricKind::diagonal)), "diag");
  EXPECT_EQ(std::string(metric_name(MetricKind::dense)), "dense");
}

// The type-level names agree with the parameter-file names (the runner's fingerprint and report use both).
TEST(SamplerNames, SamplerTypesCarryTheirKindsName) {
  EXPECT_EQ(std::string(Ula::name), sampler_name(SamplerKind::ula));
  EXPECT_EQ(std::string(Mala::name), sampler_name(SamplerKind::mala));
  EXPECT_FALSE(Ula::has_momentum);
  EXPECT_EQ(std::string(KineticLangevin::name), sampler_name(SamplerKind::kinetic_langevin));
  EXPECT_FALSE(Mala::has_momentum);
  EXPECT_TRUE(KineticLangevin::has_momentum);  // the runner carries a momentum only for kinetic samplers
}

}  // namespace
}  // namespace ito::mcmc
