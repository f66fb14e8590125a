// Error messages: parts are written as they are, and a NaN reads "nan" whatever its sign bit (glibc would write
// "-nan" for log(−1), which reads like a negative number).
#include "ito/core/error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace ito {
namespace {

std::string message_of(double v) {
  try {
    detail::throw_error<NumericalError>("value ", v, ", count ", 3, ", ", std::string("text"));
  } catch (const NumericalError& e) {
    return e.what();
  }
  return "";
}

TEST(Error, NanIsWrittenWithoutSign) {
  EXPECT_EQ(message_of(-std::numeric_limits<double>::quiet_NaN()), "value nan, count 3, text");
  EXPECT_EQ(message_of(std::numeric_limits<double>::quiet_NaN()), "value nan, count 3, text");
  EXPECT_EQ(message_of(-std::numeric_limits<double>::infinity()), "value -inf, count 3, text");
  EXPECT_EQ(message_of(-2.5), "value -2.5, count 3, text");
}

}  // namespace
}  // namespace ito
