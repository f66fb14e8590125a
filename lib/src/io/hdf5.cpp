#include "ito/io/hdf5.hpp"

#include <hdf5.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <stdexcept>
#include <string_view>

#include "ito/core/error.hpp"
#include "ito/core/mpi.hpp"
#include "ito/io/output.hpp"

namespace ito::io {
namespace {

struct ErrorSilencer {
  ErrorSilencer() {
    // No clean-up at exit: after a failed H5Fclose (a full disk) HDF5 1.10's exit handler crashes closing
    // that file again. Every file ito opens is closed explicitly, so there is nothing to clean up.
    H5dont_atexit();
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // HDF5 prints its own error stack; ito reports errors itself
  }
};
const ErrorSilencer silence;

// The innermost message of HDF5's error stack: for a failed write or close it carries the system's reason
// ("errno = 28, error message = 'No space left on device'").
herr_t keep_innermost(unsigned, const H5E_error2_t* e, void* data) {
  auto& reason = *static_cast<std::string*>(data);
  const bool system = e->desc && std::string_view(e->desc).find("error message = '") != std::string_view::npos;
  if (e->desc && *e->desc && (reason.empty() || system)) reason = e->desc;
  return system ? -1 : 0;  // stop at the system's reason
}

std::string hdf5_reason() {
  std::string reason;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keep_innermost, &reason);
  const auto at = reason.find("error message = '");
  if (at != std::string::npos) {
    const auto begin = at + 17, end = reason.find('\'', begin);
    return reason.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  }
  return reason;
}

void check(long long status, const std::string& what, const std::string& file) {
  if (status >= 0) return;
  const std::string reason = hdf5_reason();
  throw IoError(file + ": cannot write results: HDF5 failed to " + what + (reason.empty() ? "" : " (" + reason + ")"));
}

hid_t link_properties() {
  hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(lcpl, 1);
  return lcpl;
}

std::vector<hsize_t> shape(const std::vector<std::uint64_t>& dims, std::size_t n) {
  if (dims.empty()) return {static_cast<hsize_t>(n)};
  return {dims.begin(), dims.end()};
}

}  // namespace

ResultFile::ResultFile(std::string path)
    : path_(std::move(path)), partial_(path_ + ".partial"), in_memory_(core::mpi::rank() != 0) {
  if (in_memory_) {
    // MPI ranks other than 0 build the same file in memory (HDF5's core driver, no backing store) and never
    // write it: every call below behaves as on rank 0, which alone writes the results.
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_fapl_core(fapl, std::size_t{1} << 20, 0);
    file_ = H5Fcreate(partial_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    H5Pclose(fapl);
    check(file_, "create " + partial_ + " in memory", path_);
    return;
  }
  check_writable(path_);
  file_ = H5Fcreate(partial_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (file_ < 0) {
    std::error_code ec;
    std::filesystem::remove(partial_, ec);  // the destructor does not run for a throwing constructor
    check(file_, "create " + partial_, path_);
  }
  partial_files().add(partial_);
}

ResultFile::~ResultFile() {
  if (!committed_) discard();
}

void ResultFile::discard() {
  if (file_ >= 0) H5Fclose(file_);
  file_ = -1;
  if (in_memory_) return;
  std::error_code ec;
  std::filesystem::remove(partial_, ec);
  partial_files().remove(partial_);
}

long long ResultFile::object(const std::string& p) {
  if (p == "/" || p.empty()) return H5Oopen(file_, "/", H5P_DEFAULT);
  if (H5Lexists(file_, p.c_str(), H5P_DEFAULT) <= 0) {
    hid_t lcpl = link_properties();
    hid_t g = H5Gcreate2(file_, p.c_str(), lcpl, H5P_DEFAULT, H5P_DEFAULT);
    H5Pclose(lcpl);
    check(g, "create group " + p, path_);
    return g;
  }
  hid_t o = H5Oopen(file_, p.c_str(), H5P_DEFAULT);
  check(o, "open " + p, path_);
  return o;
}

void ResultFile::write_numeric(const std::string& dataset, const void* data, std::size_t n,
                               std::vector<std::uint64_t> dims, long long file_type, long long memory_type) {
  const auto s = shape(dims, n);
  hid_t space = H5Screate_simple(static_cast<int>(s.size()), s.data(), nullptr);
  hid_t lcpl = link_properties();
  hid_t d = H5Dcreate2(file_, dataset.c_str(), file_type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
  H5Pclose(lcpl);
  check(d, "create dataset " + dataset, path_);
  if (n > 0) check(H5Dwrite(d, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write " + dataset, path_);
  H5Dclose(d);
  H5Sclose(space);
  datasets_.push_back(dataset);
}

void ResultFile::write(const std::string& dataset, const std::vector<double>& data, std::vector<std::uint64_t> dims) {
  write(dataset, std::span<const double>(data), std::move(dims));
}

void ResultFile::write(const std::string& dataset, std::span<const double> data, std::vector<std::uint64_t> dims) {
  write_numeric(dataset, data.data(), data.size(), std::move(dims), H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
}

void ResultFile::write(const std::string& dataset, const std::vector<std::int64_t>& data,
                       std::vector<std::uint64_t> dims) {
  write_numeric(dataset, data.data(), data.size(), std::move(dims), H5T_STD_I64LE, H5T_NATIVE_INT64);
}

void ResultFile::write(const std::string& dataset, const std::vector<std::string>& data) {
  std::vector<const char*> ptrs;
  for (const auto& s : data) ptrs.push_back(s.c_str());
  hsize_t n = data.size();
  hid_t space = H5Screate_simple(1, &n, nullptr);
  hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  hid_t lcpl = link_properties();
  hid_t d = H5Dcreate2(file_, dataset.c_str(), type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
  H5Pclose(lcpl);
  check(d, "create dataset " + dataset, path_);
  if (n) check(H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), "write " + dataset, path_);
  H5Dclose(d);
  H5Tclose(type);
  H5Sclose(space);
  datasets_.push_back(dataset);
}

namespace {
void write_attribute(hid_t obj, const std::string& name, hid_t file_type, hid_t mem_type, hid_t space, const void* buf,
                     const std::string& file) {
  if (H5Aexists(obj, name.c_str()) > 0) H5Adelete(obj, name.c_str());
  hid_t a = H5Acreate2(obj, name.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT);
  check(a, "create attribute " + name, file);
  check(H5Awrite(a, mem_type, buf), "write attribute " + name, file);
  H5Aclose(a);
}
}  // namespace

void ResultFile::attribute(const std::string& obj, const std::string& name, double value) {
  hid_t o = object(obj);
  hid_t space = H5Screate(H5S_SCALAR);
  write_attribute(o, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, space, &value, path_);
  H5Sclose(space);
  H5Oclose(o);
}

void ResultFile::attribute(const std::string& obj, const std::string& name, std::int64_t value) {
  hid_t o = object(obj);
  hid_t space = H5Screate(H5S_SCALAR);
  write_attribute(o, name, H5T_STD_I64LE, H5T_NATIVE_INT64, space, &value, path_);
  H5Sclose(space);
  H5Oclose(o);
}

void ResultFile::attribute(const std::string& obj, const std::string& name, const std::string& value) {
  hid_t o = object(obj);
  hid_t space = H5Screate(H5S_SCALAR);
  hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  const char* p = value.c_str();
  write_attribute(o, name, type, type, space, &p, path_);
  H5Tclose(type);
  H5Sclose(space);
  H5Oclose(o);
}

void ResultFile::attribute(const std::string& obj, const std::string& name, const std::vector<double>& value) {
  hid_t o = object(obj);
  hsize_t n = value.size();
  hid_t space = H5Screate_simple(1, &n, nullptr);
  write_attribute(o, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, space, value.data(), path_);
  H5Sclose(space);
  H5Oclose(o);
}

void ResultFile::attribute(const std::string& obj, const std::string& name, const std::vector<std::string>& value) {
  hid_t o = object(obj);
  std::vector<const char*> ptrs;
  for (const auto& s : value) ptrs.push_back(s.c_str());
  static const char* const empty = "";
  if (ptrs.empty()) ptrs.push_back(empty);  // HDF5 needs a buffer even for a zero-length write
  hsize_t n = value.size();
  hid_t space = H5Screate_simple(1, &n, nullptr);
  hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  write_attribute(o, name, type, type, space, ptrs.data(), path_);
  H5Tclose(type);
  H5Sclose(space);
  H5Oclose(o);
}

namespace {
// "/*/error" matches "/milstein/error": components compared one by one, "*" matching any one.
bool matches(const std::string& pattern, const std::string& path) {
  std::size_t i = 0, j = 0;
  while (i <= pattern.size() && j <= path.size()) {
    const std::size_t pe = std::min(pattern.find('/', i), pattern.size()), qe = std::min(path.find('/', j), path.size());
    const std::string_view p(pattern.data() + i, pe - i), q(path.data() + j, qe - j);
    if (p != "*" && p != q) return false;
    if (pe == pattern.size() || qe == path.size()) return pe == pattern.size() && qe == path.size();
    i = pe + 1;
    j = qe + 1;
  }
  return false;
}
}  // namespace

void ResultFile::describe(const std::vector<std::pair<std::string, std::string>>& table) {
  for (const auto& dataset : datasets_) {
    const auto it = std::find_if(table.begin(), table.end(), [&](const auto& row) { return matches(row.first, dataset); });
    if (it == table.end()) throw std::logic_error("ResultFile::describe: no description of dataset " + dataset);
    attribute(dataset, "description", it->second);
  }
}

void ResultFile::run_attributes(const RunInfo& info) {
  attribute("/", "ito_version", std::string(ITO_VERSION));
  attribute("/", "command", info.command);
  attribute("/", "params", info.params_toml);
  attribute("/", "seed", static_cast<std::int64_t>(info.seed));
  attribute("/", "threads", static_cast<std::int64_t>(info.threads));
  attribute("/", "thread_placement", info.thread_placement);
  attribute("/", "mpi_ranks", static_cast<std::int64_t>(info.mpi_ranks));
  attribute("/", "wall_time_s", info.wall_time_s);
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  attribute("/", "created_utc", std::string(buf));
}

void ResultFile::commit() {
  // A failed H5Fclose (e.g. the disk filled up while HDF5 flushed its cache) must not be retried by the
  // destructor: the id is given up here, and the destructor only removes the partial file.
  const herr_t closed = H5Fclose(file_);
  file_ = -1;
  check(closed, "close (flush) " + partial_, path_);
  if (in_memory_) {
    committed_ = true;
    return;
  }
  std::error_code ec;
  std::filesystem::rename(partial_, path_, ec);
  if (ec) throw IoError(path_ + ": cannot write results: cannot rename " + partial_ + " into place: " + ec.message());
  committed_ = true;
  partial_files().remove(partial_);
}

Dataset read_dataset(const std::string& file, const std::string& dataset) {
  if (!std::filesystem::is_regular_file(file)) throw IoError(file + ": no such file");
  hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  check(f, "open the file (not HDF5?)", file);
  hid_t d = H5Dopen2(f, dataset.c_str(), H5P_DEFAULT);
  if (d < 0) {
    H5Fclose(f);
    throw IoError(file + ": no dataset '" + dataset + "'");
  }
  hid_t space = H5Dget_space(d);
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank > 0 ? rank : 0));
  if (rank > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  Dataset out;
  std::size_t n = 1;
  for (auto x : dims) {
    out.dims.push_back(x);
    n *= x;
  }
  out.values.resize(n);
  const herr_t st = n ? H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.values.data()) : 0;
  H5Sclose(space);
  H5Dclose(d);
  H5Fclose(f);
  if (st < 0) throw IoError(file + ": cannot read dataset '" + dataset + "' as numbers");
  return out;
}

namespace {
hid_t open_attribute(const std::string& file, const std::string& object, const std::string& name, hid_t& f, hid_t& o) {
  if (!std::filesystem::is_regular_file(file)) throw IoError(file + ": no such file");
  f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  check(f, "open the file (not HDF5?)", file);
  o = H5Oopen(f, object.c_str(), H5P_DEFAULT);
  hid_t a = o >= 0 ? H5Aopen(o, name.c_str(), H5P_DEFAULT) : -1;
  if (a < 0) {
    if (o >= 0) H5Oclose(o);
    H5Fclose(f);
    throw IoError(file + ": no attribute '" + name + "' on '" + object + "'");
  }
  return a;
}
}  // namespace

std::string read_string_attribute(const std::string& file, const std::string& object, const std::string& name) {
  hid_t f, o;
  hid_t a = open_attribute(file, object, name, f, o);
  hid_t type = H5Aget_type(a);
  std::string out;
  if (H5Tis_variable_str(type) > 0) {
    char* p = nullptr;
    hid_t mem = H5Tcopy(H5T_C_S1);
    H5Tset_size(mem, H5T_VARIABLE);
    H5Tset_cset(mem, H5Tget_cset(type));
    if (H5Aread(a, mem, &p) >= 0 && p) {
      out = p;
      H5free_memory(p);
    }
    H5Tclose(mem);
  } else {
    out.resize(H5Tget_size(type));
    H5Aread(a, type, out.data());
    out = out.c_str();
  }
  H5Tclose(type);
  H5Aclose(a);
  H5Oclose(o);
  H5Fclose(f);
  return out;
}

double read_double_attribute(const std::string& file, const std::string& object, const std::string& name) {
  hid_t f, o;
  hid_t a = open_attribute(file, object, name, f, o);
  double v = 0;
  const herr_t st = H5Aread(a, H5T_NATIVE_DOUBLE, &v);
  H5Aclose(a);
  H5Oclose(o);
  H5Fclose(f);
  if (st < 0) throw IoError(file + ": attribute '" + name + "' is not numeric");
  return v;
}

namespace {
herr_t collect_dataset(hid_t, const char* name, const H5O_info_t* info, void* data) {
  if (info->type == H5O_TYPE_DATASET) static_cast<std::vector<std::string>*>(data)->push_back(std::string("/") + name);
  return 0;
}
}  // namespace

std::vector<std::string> list_datasets(const std::string& file) {
  if (!std::filesystem::is_regular_file(file)) throw IoError(file + ": no such file");
  hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  check(f, "open the file (not HDF5?)", file);
  std::vector<std::string> out;
  H5Ovisit(f, H5_INDEX_NAME, H5_ITER_INC, collect_dataset, &out);
  H5Fclose(f);
  return out;
}

}  // namespace ito::io
