#pragma once
// Running on many processes with MPI (`mpirun -np N ito …`), bitwise the same
// as one process.
//
// MPI is optional at build time (ITO_HAVE_MPI: Open MPI found by CMake). It is
// started only when the process was launched by mpirun (Open MPI's
// OMPI_COMM_WORLD_SIZE, or PMIx's PMIX_RANK, in the environment): a plain `ito
// …` never calls MPI_Init and behaves as a build without MPI. A build without
// MPI that is launched on more than one rank refuses to run (N copies would all
// write the same file).
//
// Every rank runs the whole program; the only work that is divided is the fixed
// blocks of the distributed loops (distributed_reduce_blocks and
// distributed_blocks below: Monte Carlo paths, MLMC samples, diffusion samples
// and SMC runs; run_share with allgather: MCMC chains, mcmc/share.hpp), whose
// results every rank receives in block order. Outside them every rank computes the same numbers
// from the same inputs, so every rank takes the same branches, meets the same
// collective calls in the same order, and throws the same errors at the same
// points. Rank 0 alone writes files (io::ResultFile keeps the file of other
// ranks in memory and never commits it) and prints.
//
// Failures. A block that fails on one rank is found by the reduction's
// collective check after its round: the first failing block in block order (the
// one a single process reports) is the same on every rank, its rank sends the
// error's kind and message, and every rank throws that error. At the end main()
// agrees on the outcome (agree_on_outcome): the first failing rank's status and
// message are every rank's, rank 0 prints them. A rank that fails alone outside
// the collective steps (a data file missing on its node) cannot be waited for
// by the others: after a grace period it prints its message and aborts the job
// (MPI_Abort) with its status.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "ito/core/parallel.hpp"

namespace ito::core::mpi {

/// True when this binary was built with MPI.
bool compiled_in();
/// True when the environment says this process was started by mpirun (whether
/// or not MPI is compiled in).
bool launched_by_mpirun();
/// Starts MPI when launched by mpirun; otherwise does nothing. Throws
/// ito::Error when launched on more than one rank by a build without MPI.
void init(int& argc, char**& argv);
/// Ends MPI if init started it (reports the communication volume on stderr when
/// ITO_MPI_REPORT is set).
void finalize();
/// This process's rank (0 without MPI) and the number of ranks (1 without MPI).
int rank();
int size();
inline bool distributed() { return size() > 1; }

/// Bytes this rank has sent through the calls below, and the number of calls
/// (collective operations).
std::uint64_t bytes_sent();
std::uint64_t collectives();

/// The smallest of every rank's `value`.
std::uint64_t min_over_ranks(std::uint64_t value);
/// Ordered gather: every rank gets the concatenation of every rank's bytes, in
/// rank order.
std::vector<unsigned char> allgather(const void* data, std::size_t bytes);

/// A failure as it crosses ranks: the exit status main() gives it (2 for
/// ito::Error, 1 for an internal error), the kind of ito::Error it was, and its
/// message (what()).
struct Failure {
  int status = 0;  ///< 0: no failure
  int kind = 0;
  std::string message;
};
/// The failure carried by an exception.
Failure failure_of(std::exception_ptr error);
/// Throws the error `failure` describes (ParameterError, NumericalError,
/// WorkLimitError, IoError, Error, or std::runtime_error for an internal
/// error): every rank throws the same type with the same message.
[[noreturn]] void throw_failure(const Failure& failure);
/// Every rank receives `failure` from rank `root`, and throws it.
[[noreturn]] void throw_from(int root, std::exception_ptr error);
/// main()'s last collective step: every rank passes its outcome (status 0 for
/// success) and receives that of the first rank that failed (or success). A
/// failing rank whose peers do not arrive within `grace_seconds` (they wait in
/// a collective step it left) prints its message and aborts the job.
Failure agree_on_outcome(const Failure& mine, double grace_seconds = 30.0);

/// The blocks [begin, end) of blocks [first, first + count) that rank `r`
/// computes: consecutive ranges, in rank order.
inline std::size_t share_begin(std::size_t first, std::size_t count, int r) {
  return first + count * static_cast<std::size_t>(r) / static_cast<std::size_t>(size());
}

/// This rank's share of blocks [first, first + count): blocks [lo, hi), whose items are [item0, item0 + items),
/// run by parallel_blocks (OpenMP threads inside the rank) as f(local block, begin, end). Then every rank agrees
/// on the first failing block in block order and throws its error (the rank that owns it sends it), so all ranks
/// fail as one process would. Every rank must make the call.
template <class F>
void run_share(std::size_t first, std::size_t count, std::size_t lo, std::size_t hi, std::size_t item0,
               std::size_t items, std::size_t block, F&& f) {
  std::vector<unsigned char> failed(hi - lo, 0);
  std::exception_ptr error;
  try {
    parallel_blocks(items, block, [&](std::size_t b, std::size_t begin, std::size_t end) {
      try {
        f(b, item0 + begin, item0 + end);
      } catch (...) {
        failed[b] = 1;
        throw;
      }
    });
  } catch (...) {
    error = std::current_exception();
  }
  std::uint64_t first_failed = std::numeric_limits<std::uint64_t>::max();
  for (std::size_t b = 0; b < failed.size(); ++b)
    if (failed[b]) {
      first_failed = lo + b;
      break;
    }
  first_failed = min_over_ranks(first_failed);
  if (first_failed != std::numeric_limits<std::uint64_t>::max()) {
    int owner = 0;
    while (share_begin(first, count, owner + 1) <= first_failed) ++owner;
    throw_from(owner, error);
  }
}

/// parallel_reduce_blocks over the ranks: the blocks of every round of
/// kBlocksPerRound are divided into consecutive ranges, one per rank (OpenMP
/// threads inside each as in parallel_reduce_blocks); the partial results of
/// the round are gathered on every rank in block order and merged there in
/// block order, so the result is bitwise that of parallel_reduce_blocks on one
/// process, for any number of ranks and threads, and every rank has it. T is
/// sent as bytes, so it must be trivially copyable. Every rank must make the
/// call. An exception in a block: after the round, every rank throws the error
/// of the first failing block in block order (as throw_failure rebuilds it; the
/// kind is the nearest of throw_failure's list).
template <class T, class F, class Merge>
T distributed_reduce_blocks(std::size_t n, std::size_t block, const T& zero, F&& f, Merge&& merge) {
  if (!distributed()) return parallel_reduce_blocks(n, block, zero, f, merge);
  static_assert(std::is_trivially_copyable_v<T>, "partial results cross ranks as bytes");
  const std::size_t nb = block_count(n, block);
  const int me = rank();
  T acc = zero;
  std::vector<T> local;
  for (std::size_t first = 0; first < nb; first += kBlocksPerRound) {
    const std::size_t count = std::min(kBlocksPerRound, nb - first);
    const std::size_t lo = share_begin(first, count, me), hi = share_begin(first, count, me + 1);
    local.assign(hi - lo, zero);
    // Block lo starts at item lo·block, so parallel_blocks' blocks of
    // [lo·block, end) are blocks lo, lo+1, …
    const std::size_t item0 = lo * block, items = hi > lo ? std::min(hi * block, n) - item0 : 0;
    run_share(first, count, lo, hi, item0, items, block,
              [&](std::size_t b, std::size_t begin, std::size_t end) { f(local[b], begin, end); });
    const std::vector<unsigned char> all = allgather(local.data(), local.size() * sizeof(T));
    for (std::size_t b = 0; b < count; ++b) {
      T part;
      std::memcpy(static_cast<void*>(&part), all.data() + b * sizeof(T), sizeof(T));
      merge(acc, part);
    }
  }
  return acc;
}

/// An array that a distributed loop fills item by item: item i owns
/// data[i·per_item, (i + 1)·per_item).
struct ItemArray {
  double* data;
  std::size_t per_item;
};

/// parallel_blocks over the ranks for loops whose blocks write per-item
/// results: the blocks of [0, n) are divided into consecutive ranges, one per
/// rank (OpenMP threads inside each, f(block, begin, end) as in
/// parallel_blocks), and afterwards the items of every array in `arrays` are
/// gathered, so that every rank holds all of them, bitwise what one process
/// computes. Every rank must make the call. Errors as in
/// distributed_reduce_blocks. (Blocks are not split into rounds: the arrays
/// hold every item already.)
template <class F>
void distributed_blocks(std::size_t n, std::size_t block, const std::vector<ItemArray>& arrays, F&& f) {
  if (!distributed()) return parallel_blocks(n, block, f);
  const std::size_t nb = block_count(n, block);
  const int me = rank();
  const std::size_t lo = share_begin(0, nb, me), hi = share_begin(0, nb, me + 1);
  const std::size_t item0 = std::min(lo * block, n), items = std::min(hi * block, n) - item0;
  run_share(0, nb, lo, hi, item0, items, block,
            [&](std::size_t b, std::size_t begin, std::size_t end) { f(lo + b, begin, end); });
  for (const auto& a : arrays) {
    const std::vector<unsigned char> all = allgather(a.data + item0 * a.per_item, items * a.per_item * sizeof(double));
    std::memcpy(static_cast<void*>(a.data), all.data(), all.size());
  }
}

}  // namespace ito::core::mpi
