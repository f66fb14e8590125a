#include "ito/random/philox.hpp"

#include <Random123/philox.h>
#include <gtest/gtest.h>

namespace ito::random {
namespace {

// Known answers for Philox4x32-10 published with Random123 (kat_vectors).
TEST(Philox, KnownAnswers) {
  struct Case {
    Philox4x32 ctr;
    PhiloxKey key;
    Philox4x32 expected;
  };
  const Case cases[] = {
      {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
      {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
       {0xffffffff, 0xffffffff},
       {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
      {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
       {0xa4093822, 0x299f31d0},
       {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
  };
  for (const auto& c : cases) EXPECT_EQ(philox4x32_10(c.ctr, c.key), c.expected);
}

TEST(Philox, MatchesRandom123) {
  r123::Philox4x32_R<10> reference;
  for (std::uint32_t i = 0; i < 1000; ++i) {
    r123::Philox4x32_R<10>::ctr_type c = {{i, i * 7919u, 0xdeadbeefu ^ i, i >> 3}};
    r123::Philox4x32_R<10>::key_type k = {{0x12345678u + i, 0x9abcdef0u}};
    const auto expected = reference(c, k);
    const auto got = philox4x32_10({c[0], c[1], c[2], c[3]}, {k[0], k[1]});
    for (int j = 0; j < 4; ++j) ASSERT_EQ(got[j], expected[j]) << "block " << i;
  }
}

TEST(Philox, CounterLayout) {
  const auto c = make_counter(0x0000000500000003ull, 0x0000000200000001ull);
  EXPECT_EQ(c, (Philox4x32{1, 2, 3, 5}));
}

}  // namespace
}  // namespace ito::random
