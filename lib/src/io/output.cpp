#include "ito/io/output.hpp"

#include <unistd.h>

#include <array>
#include <atomic>
#include <csignal>
#include <cstring>
#include <filesystem>

#include "ito/core/error.hpp"

namespace ito::io {

void check_writable(const std::string& path) {
  namespace fs = std::filesystem;
  if (path.empty()) throw IoError("--out \"\": the results file needs a name");
  std::error_code ec;
  if (fs::is_directory(path, ec))
    throw IoError(path + ": cannot write results: this is a directory (--out names the results file)");
  const fs::path parent = fs::path(path).parent_path();
  const fs::path dir = parent.empty() ? fs::path(".") : parent;
  if (!fs::is_directory(dir, ec))
    throw IoError(path + ": cannot write results: directory '" + dir.string() + "' does not exist");
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    throw IoError(path + ": cannot write results: directory '" + dir.string() + "' is not writable");
  if (fs::exists(path, ec) && ::access(path.c_str(), W_OK) != 0 && fs::is_regular_file(path, ec)) {
    // The file itself is read-only: rename() would still replace it, but a user who protected it does not
    // want it replaced.
    throw IoError(path + ": cannot write results: the file exists and is read-only");
  }
}

namespace {

constexpr std::size_t kSlots = 16, kPathLength = 4096;
std::array<std::atomic<bool>, kSlots> used{};
std::array<std::array<char, kPathLength>, kSlots> paths{};

char prefix_text[512] = "ito";
char note_text[1024] = "";
char note_file[kPathLength] = "";
volatile bool silent = false;

void write_stderr(const char* s) {
  std::size_t n = std::strlen(s);
  while (n > 0) {
    const ssize_t w = ::write(STDERR_FILENO, s, n);
    if (w <= 0) return;
    s += w;
    n -= static_cast<std::size_t>(w);
  }
}

void on_signal(int signal) {
  partial_files().unlink_all();
  if (silent) ::_exit(128 + signal);
  write_stderr(isatty(STDERR_FILENO) ? "\r\033[K" : "");
  write_stderr(prefix_text);
  write_stderr(signal == SIGINT ? ": interrupted (SIGINT); no results written\n"
                                : ": terminated (SIGTERM); no results written\n");
  if (note_text[0] && (!note_file[0] || ::access(note_file, F_OK) == 0)) {
    write_stderr(note_text);
    write_stderr("\n");
  }
  ::_exit(128 + signal);
}

void copy(char* to, std::size_t size, const std::string& from) {
  const std::size_t n = std::min(size - 1, from.size());
  std::memcpy(to, from.data(), n);
  to[n] = '\0';
}

}  // namespace

void PartialFiles::add(const std::string& path) {
  if (path.size() >= kPathLength) return;
  for (std::size_t i = 0; i < kSlots; ++i) {
    if (used[i].load()) continue;
    copy(paths[i].data(), kPathLength, path);
    used[i].store(true);
    return;
  }
}

void PartialFiles::remove(const std::string& path) {
  for (std::size_t i = 0; i < kSlots; ++i)
    if (used[i].load() && path == paths[i].data()) used[i].store(false);
}

void PartialFiles::unlink_all() noexcept {
  for (std::size_t i = 0; i < kSlots; ++i)
    if (used[i].load()) ::unlink(paths[i].data());
}

PartialFiles& partial_files() {
  static PartialFiles files;
  return files;
}

void install_interrupt_handler(const std::string& prefix, bool quiet) {
  copy(prefix_text, sizeof prefix_text, prefix);
  silent = quiet;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // A file-size limit (ulimit -f) makes write() fail with EFBIG, an ordinary write error, instead of
  // killing the process (and leaving the partial file behind).
  std::signal(SIGXFSZ, SIG_IGN);
}

void set_interrupt_note(const std::string& note, const std::string& only_if_exists) {
  copy(note_file, sizeof note_file, only_if_exists);
  copy(note_text, sizeof note_text, note);
}

}  // namespace ito::io
