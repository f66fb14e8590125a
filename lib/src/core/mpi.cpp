#include "ito/core/mpi.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "ito/core/error.hpp"

#ifdef ITO_HAVE_MPI
#define OMPI_SKIP_MPICXX 1  // the C API only (Open MPI's deprecated C++ bindings need libmpi_cxx)
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace ito::core::mpi {
namespace {

int the_rank = 0, the_size = 1;
bool started = false;
std::uint64_t sent = 0, calls = 0;

enum Kind : int { kError = 0, kParameter, kNumerical, kWorkLimit, kIo, kInternal };

// The number of ranks mpirun started, from its environment (0 when not launched
// by mpirun).
int launcher_size() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_SIZE", "PMI_SIZE"})
    if (const char* v = std::getenv(name)) return std::atoi(v);
  return std::getenv("PMIX_RANK") ? 1 : 0;
}

#ifdef ITO_HAVE_MPI
// Collectives go through a duplicate of MPI_COMM_WORLD; agree_on_outcome uses a
// second one, so that a rank that left a collective step early can wait for its
// peers there without mismatching their pending step.
MPI_Comm work_comm = MPI_COMM_NULL, outcome_comm = MPI_COMM_NULL;

void check(int code, const char* what) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw std::runtime_error(std::string("MPI: ") + what +
                           " failed: " + std::string(text, static_cast<std::size_t>(length)));
}

void broadcast(std::string& s, int root) {
  auto length = static_cast<std::uint64_t>(s.size());
  check(MPI_Bcast(&length, 1, MPI_UINT64_T, root, work_comm), "MPI_Bcast");
  s.resize(length);
  check(MPI_Bcast(s.data(), static_cast<int>(length), MPI_CHAR, root, work_comm), "MPI_Bcast");
  if (the_rank == root) sent += 8 + length;
  calls += 2;
}
#endif

}  // namespace

bool compiled_in() {
#ifdef ITO_HAVE_MPI
  return true;
#else
  return false;
#endif
}

bool launched_by_mpirun() { return launcher_size() > 0; }

void init(int& argc, char**& argv) {
  const int ranks = launcher_size();
  if (ranks == 0) return;
#ifdef ITO_HAVE_MPI
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  started = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &the_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &the_size);
  MPI_Comm_dup(MPI_COMM_WORLD, &work_comm);
  MPI_Comm_dup(MPI_COMM_WORLD, &outcome_comm);
#else
  (void)argc;
  (void)argv;
  if (ranks > 1)
    throw Error("launched by mpirun on " + std::to_string(ranks) +
                " ranks, but this ito was built without MPI (install "
                "libopenmpi-dev and rebuild), so every rank "
                "would run the whole job and write the same file; run it "
                "without mpirun");
#endif
}

void finalize() {
#ifdef ITO_HAVE_MPI
  if (!started) return;
  if (std::getenv("ITO_MPI_REPORT"))
    std::fprintf(stderr,
                 "ito: MPI rank %d of %d: %llu bytes sent in %llu collective "
                 "operations\n",
                 the_rank, the_size, static_cast<unsigned long long>(sent), static_cast<unsigned long long>(calls));
  MPI_Comm_free(&work_comm);
  MPI_Comm_free(&outcome_comm);
  MPI_Finalize();
  started = false;
#endif
}

int rank() { return the_rank; }
int size() { return the_size; }
std::uint64_t bytes_sent() { return sent; }
std::uint64_t collectives() { return calls; }

std::uint64_t min_over_ranks(std::uint64_t value) {
#ifdef ITO_HAVE_MPI
  if (started) {
    std::uint64_t result = value;
    check(MPI_Allreduce(&value, &result, 1, MPI_UINT64_T, MPI_MIN, work_comm), "MPI_Allreduce");
    sent += sizeof value;
    ++calls;
    return result;
  }
#endif
  return value;
}

std::vector<unsigned char> allgather(const void* data, std::size_t bytes) {
  const auto* p = static_cast<const unsigned char*>(data);
#ifdef ITO_HAVE_MPI
  if (started) {
    if (bytes > static_cast<std::size_t>(std::numeric_limits<int>::max()))
      throw std::runtime_error("MPI: a gather of " + std::to_string(bytes) + " bytes from one rank is too large");
    const int mine = static_cast<int>(bytes);
    std::vector<int> counts(static_cast<std::size_t>(the_size)), offsets(static_cast<std::size_t>(the_size));
    check(MPI_Allgather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, work_comm), "MPI_Allgather");
    std::size_t total = 0;
    for (int r = 0; r < the_size; ++r) {
      offsets[static_cast<std::size_t>(r)] = static_cast<int>(total);
      total += static_cast<std::size_t>(counts[static_cast<std::size_t>(r)]);
    }
    if (total > static_cast<std::size_t>(std::numeric_limits<int>::max()))
      throw std::runtime_error("MPI: a gather of " + std::to_string(total) + " bytes is too large");
    std::vector<unsigned char> all(total);
    check(MPI_Allgatherv(p, mine, MPI_BYTE, all.data(), counts.data(), offsets.data(), MPI_BYTE, work_comm),
          "MPI_Allgatherv");
    sent += sizeof mine + bytes;
    calls += 2;
    return all;
  }
#endif
  return std::vector<unsigned char>(p, p + bytes);
}

Failure failure_of(std::exception_ptr error) {
  Failure f;
  if (!error) return f;
  f.status = 2;
  try {
    std::rethrow_exception(error);
  } catch (const ParameterError& e) {
    f.kind = kParameter, f.message = e.what();
  } catch (const NumericalError& e) {
    f.kind = kNumerical, f.message = e.what();
  } catch (const WorkLimitError& e) {
    f.kind = kWorkLimit, f.message = e.what();
  } catch (const IoError& e) {
    f.kind = kIo, f.message = e.what();
  } catch (const Error& e) {
    f.kind = kError, f.message = e.what();
  } catch (const std::exception& e) {
    f.status = 1, f.kind = kInternal, f.message = e.what();
  } catch (...) {
    f.status = 1, f.kind = kInternal, f.message = "unknown exception";
  }
  return f;
}

void throw_failure(const Failure& f) {
  switch (f.kind) {
    case kParameter:
      throw ParameterError(f.message);
    case kNumerical:
      throw NumericalError(f.message);
    case kWorkLimit:
      throw WorkLimitError(f.message);
    case kIo:
      throw IoError(f.message);
    case kInternal:
      throw std::runtime_error(f.message);
    default:
      throw Error(f.message);
  }
}

void throw_from(int root, std::exception_ptr error) {
  Failure f = the_rank == root ? failure_of(error) : Failure{};
#ifdef ITO_HAVE_MPI
  if (started) {
    int header[2] = {f.status, f.kind};
    check(MPI_Bcast(header, 2, MPI_INT, root, work_comm), "MPI_Bcast");
    if (the_rank == root) sent += sizeof header;
    ++calls;
    f.status = header[0], f.kind = header[1];
    broadcast(f.message, root);
  }
#endif
  throw_failure(f);
}

Failure agree_on_outcome(const Failure& mine, double grace_seconds) {
#ifdef ITO_HAVE_MPI
  if (started) {
    // The first failing rank (the_size: none).
    int candidate = mine.status != 0 ? the_rank : the_size, first = the_size;
    MPI_Request request;
    check(MPI_Iallreduce(&candidate, &first, 1, MPI_INT, MPI_MIN, outcome_comm, &request), "MPI_Iallreduce");
    const auto start = std::chrono::steady_clock::now();
    for (int done = 0;;) {
      check(MPI_Test(&request, &done, MPI_STATUS_IGNORE), "MPI_Test");
      if (done) break;
      // A failing rank waits only so long for its peers; a successful one waits
      // for everyone.
      if (mine.status != 0 &&
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > grace_seconds) {
        std::fprintf(stderr, "%s\n(MPI rank %d failed alone; the other ranks are stopped)\n", mine.message.c_str(),
                     the_rank);
        std::fflush(stderr);
        MPI_Abort(MPI_COMM_WORLD, mine.status);
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    sent += sizeof candidate;
    ++calls;
    if (first == the_size) return {};
    Failure f = mine;
    int header[2] = {f.status, f.kind};
    check(MPI_Bcast(header, 2, MPI_INT, first, outcome_comm), "MPI_Bcast");
    f.status = header[0], f.kind = header[1];
    auto length = static_cast<std::uint64_t>(f.message.size());
    check(MPI_Bcast(&length, 1, MPI_UINT64_T, first, outcome_comm), "MPI_Bcast");
    f.message.resize(length);
    check(MPI_Bcast(f.message.data(), static_cast<int>(length), MPI_CHAR, first, outcome_comm), "MPI_Bcast");
    if (the_rank == first) sent += sizeof header + sizeof length + length;
    calls += 3;
    return f;
  }
#endif
  (void)grace_seconds;
  return mine;
}

}  // namespace ito::core::mpi
