#include "ito/io/hdf5.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <csignal>
#include <filesystem>

#include "ito/core/error.hpp"
#include "test_support.hpp"

namespace ito::io {
namespace {

TEST(ResultFile, WritesAtomicallyAndReadsBack) {
  const auto dir = test::temp_dir("hdf5");
  const auto path = (dir / "r.h5").string();
  {
    ResultFile f(path);
    f.write("/levels/dt", std::vector<double>{0.1, 0.05});
    f.write("/draws", std::vector<double>{1, 2, 3, 4, 5, 6}, {2, 3});
    f.attribute("/summary", "em.order", 0.5);
    f.attribute("/summary", "em.order_ci", std::vector<double>{0.45, 0.55});
    f.attribute("/summary", "note", "hello");
    f.attribute("/summary", "warnings", std::vector<std::string>{});
    EXPECT_TRUE(std::filesystem::exists(path + ".partial"));
    EXPECT_FALSE(std::filesystem::exists(path));
    f.run_attributes({"test", "a = 1", 7, 2, 0.5});
    f.commit();
  }
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
  const auto d = read_dataset(path, "/draws");
  EXPECT_EQ(d.dims, (std::vector<std::uint64_t>{2, 3}));
  EXPECT_EQ(d.values[5], 6.0);
  EXPECT_EQ(read_double_attribute(path, "/summary", "em.order"), 0.5);
  EXPECT_EQ(read_string_attribute(path, "/", "command"), "test");
  EXPECT_EQ(read_string_attribute(path, "/", "params"), "a = 1");
}

TEST(ResultFile, UncommittedFileLeavesNothing) {
  const auto dir = test::temp_dir("hdf5_abort");
  const auto path = (dir / "r.h5").string();
  {
    ResultFile f(path);
    f.write("/x", std::vector<double>{1});
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
  EXPECT_THROW(read_dataset(path, "/x"), IoError);
}

// A write that fails when HDF5 flushes the file in commit() (a full disk; here a file-size limit, which makes
// write() fail with EFBIG as a full disk makes it fail with ENOSPC): an IoError naming the results path and
// the system's reason, and nothing left under any name. Before the fix the failed H5Fclose was repeated by the
// destructor and HDF5's exit handler crashed.
TEST(ResultFile, FailedFlushIsAnErrorNamingThePathAndLeavesNothing) {
  const auto dir = test::temp_dir("hdf5_full");
  const auto path = (dir / "r.h5").string();
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &saved), 0);
  const auto previous = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = saved;
  small.rlim_cur = 64 * 1024;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  std::string message;
  try {
    ResultFile f(path);
    f.write("/big", std::vector<double>(1 << 20, 1.0));  // 8 MB, beyond the limit
    f.commit();
  } catch (const IoError& e) {
    message = e.what();
  }
  setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, previous);
  EXPECT_NE(message.find(path + ": cannot write results"), std::string::npos) << message;
  EXPECT_NE(message.find("File too large"), std::string::npos) << message;
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
}

TEST(ResultFile, DatasetsAreDescribedFromOneTable) {
  const auto dir = test::temp_dir("hdf5_describe");
  const auto path = (dir / "r.h5").string();
  {
    ResultFile f(path);
    f.write("/levels/dt", std::vector<double>{0.1});
    f.write("/milstein/error", std::vector<double>{0.2});
    f.write("/sra1/error", std::vector<double>{0.3});
    EXPECT_THROW(f.describe({{"/levels/dt", "step"}}), std::logic_error) << "an undescribed dataset";
    f.describe({{"/levels/dt", "step size (time)"}, {"/*/error", "mean |error| (state)"}, {"/*/*", "other"}});
    f.commit();
  }
  EXPECT_EQ(list_datasets(path), (std::vector<std::string>{"/levels/dt", "/milstein/error", "/sra1/error"}));
  EXPECT_EQ(read_string_attribute(path, "/sra1/error", "description"), "mean |error| (state)");
  EXPECT_EQ(read_string_attribute(path, "/levels/dt", "description"), "step size (time)");
}

TEST(ResultFile, MissingDirectoryIsRefusedBeforeAnythingIsCreated) {
  const auto dir = test::temp_dir("hdf5_nodir");
  const auto path = (dir / "missing" / "r.h5").string();
  test::expect_error<IoError>([&] { ResultFile f(path); }, {path, "does not exist"});
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

}  // namespace
}  // namespace ito::io
