#pragma once
// Where results go, checked before any work is done, and what an interrupted run leaves behind (nothing).
//
// check_writable(path) is what the CLI calls before it reads a single number: a results path that is empty,
// a directory, in a directory that does not exist or cannot be written is an IoError at once, not after the
// whole computation. Files being written (ResultFile's "<out>.partial") are registered here, so that an
// interrupted run (SIGINT, SIGTERM) removes them: install_interrupt_handler() prints one line naming the
// signal, removes the registered files and exits with status 128 + signal number.
#include <string>

namespace ito::io {

/// Throws IoError naming `path` unless results can be created there.
void check_writable(const std::string& path);

/// The partial files of this process (at most 16 at a time; signal-safe removal).
class PartialFiles {
 public:
  void add(const std::string& path);
  void remove(const std::string& path);
  /// Removes every registered file (async-signal-safe: unlink only).
  void unlink_all() noexcept;
};
PartialFiles& partial_files();

/// On SIGINT or SIGTERM: writes "<prefix>: interrupted (SIGINT); no results written" (and the note, if any)
/// to stderr, removes the partial files and exits with 128 + the signal number. SIGXFSZ (a file-size limit)
/// is ignored, so that exceeding the limit is a write error like a full disk.
/// `quiet`: nothing is printed (MPI ranks other than 0, whose rank 0 prints the line when mpirun stops the job).
void install_interrupt_handler(const std::string& prefix, bool quiet = false);
/// A second line for the interrupt message ("" for none), printed only if the file `only_if_exists` exists
/// at that moment (when given), e.g. how to resume from the last checkpoint.
void set_interrupt_note(const std::string& note, const std::string& only_if_exists = "");

}  // namespace ito::io
