// Memory available to a run and the refusal sentence the size checks of every command use.
#include "ito/core/memory.hpp"

#include <gtest/gtest.h>

namespace ito::core {
namespace {

TEST(Memory, AvailableMemoryIsReadOnLinux) {
  const auto available = available_memory();
  ASSERT_TRUE(available.has_value()) << "/proc/meminfo has MemAvailable on Linux";
  EXPECT_GT(*available, 1e6);
  EXPECT_LT(*available, 1e16);
}

TEST(Memory, BytesAreFormattedInDecimalUnits) {
  EXPECT_EQ(format_bytes(812), "812 bytes");
  EXPECT_EQ(format_bytes(3.4e6), "3.4 MB");
  EXPECT_EQ(format_bytes(6.14e9), "6.1 GB");
  EXPECT_EQ(format_bytes(8e14), "8.0e+05 GB");
}

TEST(Memory, RefusalOnlyWhenTheEstimateExceedsWhatIsAvailable) {
  EXPECT_EQ(memory_refusal(1e9, "x", 2e9), "");
  EXPECT_EQ(memory_refusal(1e9, "x", std::nullopt), "") << "unknown: never refused";
  EXPECT_EQ(memory_refusal(6.4e9, "draws: 4 chains × 2e8 draws × 8 parameters", 3.1e9),
            "needs about 6.4 GB of memory (draws: 4 chains × 2e8 draws × 8 parameters), more than the 3.1 GB "
            "available");
  EXPECT_NE(memory_refusal(1e300, "x").find("more than"), std::string::npos) << "beyond any machine";
}

}  // namespace
}  // namespace ito::core
