#pragma once
// HDF5 results. A ResultFile is written to "<path>.partial" and renamed to <path> by commit(); if it is
// destroyed uncommitted (an error was thrown), the partial file is removed, so a failed run leaves no
// output under any name; an interrupted one neither (the partial file is registered with
// io::partial_files(), output.hpp). Every failure to write (a full disk shows up when HDF5 flushes, in
// commit()) is an IoError naming the results path and HDF5's reason. Datasets and attributes are addressed
// by absolute paths; missing groups are created. Under MPI (core/mpi.hpp) only rank 0 writes: the other ranks
// build the same file in memory and drop it.
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace ito::io {

/// The root attributes every results file carries (DESIGN.md §5).
struct RunInfo {
  std::string command;      // e.g. "converge"
  std::string params_toml;  // effective parameters, overrides applied
  std::uint64_t seed = 0;
  int threads = 1;  // OpenMP threads of each process
  double wall_time_s = 0.0;
  int mpi_ranks = 1;  // processes (mpirun -np N)
  std::string thread_placement = "left_to_system";  // core::place_threads
};

class ResultFile {
 public:
  explicit ResultFile(std::string path);
  ~ResultFile();
  ResultFile(const ResultFile&) = delete;
  ResultFile& operator=(const ResultFile&) = delete;

  /// Dataset of doubles with shape `dims` (row-major; empty dims = 1-D of data.size()).
  void write(const std::string& dataset, const std::vector<double>& data, std::vector<std::uint64_t> dims = {});
  void write(const std::string& dataset, std::span<const double> data, std::vector<std::uint64_t> dims = {});
  void write(const std::string& dataset, const std::vector<std::int64_t>& data, std::vector<std::uint64_t> dims = {});
  void write(const std::string& dataset, const std::vector<std::string>& data);

  /// Attributes on a group or dataset (created as a group if it does not exist).
  void attribute(const std::string& object, const std::string& name, double value);
  void attribute(const std::string& object, const std::string& name, std::int64_t value);
  void attribute(const std::string& object, const std::string& name, int value) {
    attribute(object, name, static_cast<std::int64_t>(value));
  }
  void attribute(const std::string& object, const std::string& name, const std::string& value);
  void attribute(const std::string& object, const std::string& name, const char* value) {
    attribute(object, name, std::string(value));
  }
  void attribute(const std::string& object, const std::string& name, const std::vector<double>& value);
  void attribute(const std::string& object, const std::string& name, const std::vector<std::string>& value);

  /// Writes the root attributes of `info` (+ ito_version, created_utc).
  void run_attributes(const RunInfo& info);

  /// Gives every dataset written so far a `description` attribute (what it holds, in which units) from
  /// `table`: pairs (pattern, text), a pattern being a dataset path in which a `*` stands for one path
  /// component ("/*/error": every scheme's error); the first matching pattern wins. A dataset no pattern
  /// matches is a programming error (std::logic_error): the table is the one place where datasets are
  /// described, and it cannot fall behind what is written.
  void describe(const std::vector<std::pair<std::string, std::string>>& table);
  /// The datasets written so far, in order.
  const std::vector<std::string>& datasets() const { return datasets_; }

  /// Closes the file and renames it into place.
  void commit();
  const std::string& path() const { return path_; }

 private:
  void discard();  // closes (if open) and removes the partial file
  long long object(const std::string& path);  // opens (creating groups as needed); caller closes
  /// Creates `dataset` with the given HDF5 file type and writes n values of the given memory type.
  void write_numeric(const std::string& dataset, const void* data, std::size_t n, std::vector<std::uint64_t> dims,
                     long long file_type, long long memory_type);
  std::string path_, partial_;
  bool in_memory_ = false;  // an MPI rank other than 0: the file is built in memory and never written
  long long file_ = -1;
  bool committed_ = false;
  std::vector<std::string> datasets_;
};

/// A dataset read back: values (as double) and shape.
struct Dataset {
  std::vector<double> values;
  std::vector<std::uint64_t> dims;
};

/// Reads a numeric dataset; throws IoError naming the file and dataset on failure.
Dataset read_dataset(const std::string& file, const std::string& dataset);
/// Reads a string attribute; throws IoError if absent.
std::string read_string_attribute(const std::string& file, const std::string& object, const std::string& name);
double read_double_attribute(const std::string& file, const std::string& object, const std::string& name);
/// Paths of every dataset of a file ("/levels/dt", ...), in HDF5's name order.
std::vector<std::string> list_datasets(const std::string& file);

}  // namespace ito::io
