#include "ito/io/hdf5.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace ito::io
