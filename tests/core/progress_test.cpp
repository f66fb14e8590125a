// The progress bar: silent unless enabled; when enabled it draws the label, the fraction done and the time
// on stderr (at most every 100 ms, from any thread) and clears its line when it goes out of scope.
#include "ito/core/progress.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace ito::core {
namespace {

struct EnableProgress {
  explicit EnableProgress(bool on) : before(progress_enabled().load()) { progress_enabled() = on; }
  ~EnableProgress() { progress_enabled() = before; }
  bool before;
};

TEST(Progress, DrawsFractionWhenEnabledAndClearsItsLine) {
  EnableProgress on(true);
  testing::internal::CaptureStderr();
  {
    Progress progress("converge demo", 10);
    std::this_thread::sleep_for(std::chrono::milliseconds(120));
    progress.advance(5);
  }
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("converge demo ["), std::string::npos) << err;
  EXPECT_NE(err.find(" 50%"), std::string::npos) << err;
  EXPECT_EQ(err.substr(err.size() - 4), "\r\033[K") << "the line is cleared at the end";
}

TEST(Progress, SilentWhenDisabledOrFast) {
  {
    EnableProgress off(false);
    testing::internal::CaptureStderr();
    {
      Progress progress("x", 4);
      std::this_thread::sleep_for(std::chrono::milliseconds(120));
      progress.advance(4);
    }
    EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  }
  EnableProgress on(true);
  testing::internal::CaptureStderr();
  {
    Progress progress("x", 4);  // finished within 100 ms: never drawn
    progress.advance(4);
  }
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

}  // namespace
}  // namespace ito::core
