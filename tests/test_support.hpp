#pragma once
// Helpers shared by the tests: running the built CLI, temporary directories, the repository's data/ and the
// shared reference data.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>

#include "test_paths.hpp"

namespace ito::test {

/// Result of running the CLI: exit status and captured stderr+stdout.
struct CliResult {
  int status;
  std::string output;
};

inline std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("ito_test_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

/// Runs `ito <args>` (from the source dir) and captures its output.
inline CliResult run_cli(const std::string& args, const std::filesystem::path& dir) {
  const auto log = dir / "cli_output.txt";
  const std::string cmd = "cd '" + std::string(ITO_SOURCE_DIR) + "' && '" + std::string(ITO_CLI) + "' " + args +
                          " > '" + log.string() + "' 2>&1";
  const int raw = std::system(cmd.c_str());
  std::ifstream in(log);
  std::stringstream ss;
  ss << in.rdbuf();
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, ss.str()};
}

/// Every dataset of a results file carries a non-empty `description` attribute (the commands' one table,
/// apps/descriptions.cpp). Needs ito/io/hdf5.hpp.
#define ITO_EXPECT_EVERY_DATASET_DESCRIBED(path)                                                        \
  for (const auto& ito_dataset_ : ::ito::io::list_datasets(path))                                      \
  EXPECT_FALSE(::ito::io::read_string_attribute(path, ito_dataset_, "description").empty()) << ito_dataset_

/// Expects f() to throw E whose message contains every one of `parts`.
template <class E, class F>
void expect_error(F&& f, std::initializer_list<std::string> parts) {
  try {
    f();
    ADD_FAILURE() << "no exception";
  } catch (const E& e) {
    for (const auto& p : parts)
      EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << "'" << p << "' not in: " << e.what();
  }
}

inline std::filesystem::path write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p) << text;
  return p;
}

/// A file of the repository's data/ directory (shipped with every clone), e.g. "posteriordb/arK.csv".
inline std::string repository_data(const std::string& relative) {
  return (std::filesystem::path(ITO_SOURCE_DIR) / "data" / relative).string();
}

/// ../shared/data beside the source tree, or empty when absent (a user's clone).
inline std::filesystem::path shared_data() {
  const auto p = std::filesystem::path(ITO_SOURCE_DIR) / ".." / "shared" / "data";
  return std::filesystem::is_directory(p) ? p : std::filesystem::path();
}

#define ITO_REQUIRE_SHARED_DATA(var)                                                              \
  const auto var = ::ito::test::shared_data();                                                    \
  if (var.empty()) GTEST_SKIP() << "../shared/data is absent (only CI and developers have it); skipped"

}  // namespace ito::test
