#pragma once
// What a fuzz target counts as a finding besides what the sanitizers report:
// any exception that is not an ito::Error (the CLI would print "internal error"
// and exit 1 instead of naming the bad input with exit 2).
#include <omp.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "ito/core/error.hpp"

namespace ito::fuzz {

/// Runs f(); an ito::Error is the expected refusal of bad input, anything else
/// aborts (a finding).
template <class F>
void expect_ito_error_only(const char *what, F &&f) {
  try {
    f();
  } catch (const ito::Error &) {
  } catch (const std::exception &e) {
    std::fprintf(stderr, "FINDING (%s): %s exception that is not an ito::Error: %s\n", what, typeid(e).name(),
                 e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "FINDING (%s): a non-std exception\n", what);
    std::abort();
  }
}

/// A file of this process under /dev/shm (or the temporary directory) with the
/// given extension, holding the input: the readers under test take paths.
inline std::string write_input(const uint8_t *data, size_t size, const std::string &extension) {
  static const std::string base = [] {
    const std::filesystem::path dir =
        std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    return (dir / ("ito_fuzz_" + std::to_string(::getpid()))).string();
  }();
  const std::string path = base + extension;
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char *>(data), static_cast<std::streamsize>(size));
  return path;
}

inline void one_thread() {
  static const bool done = [] {
    omp_set_num_threads(1);
    return true;
  }();
  (void)done;
}

}  // namespace ito::fuzz
