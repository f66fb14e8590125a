#pragma once
// Chains over MPI ranks (`mpirun -np N ito mcmc`, core/mpi.hpp). Each rank advances a consecutive range of
// chains (core::mpi::share_begin: rank r has chains [share_begin(0, chains, r), share_begin(0, chains, r + 1)),
// OpenMP threads inside the rank as on one process) from one synchronisation point of the run to the next
// (schedule.hpp). At the point every rank sends the state of its chains and the draws they kept in the segment,
// and receives everyone else's, in chain order (core::mpi::allgather, rank order = chain order): after it every
// rank holds the whole RunState, bitwise the one a single process holds there, and makes the same decisions from
// it (metric, step size, extensions, diagnostics); rank 0 writes checkpoints and results. A chain's transitions
// are a pure function of its state, the shared metric and (seed, chain, iteration), so which rank ran it changes
// no bit; and since every rank holds every chain at a synchronisation point, a checkpoint does not depend on the
// number of ranks that wrote it (resume on any number).
//
// Sent per synchronisation point by each rank, for each of its chains: the chain state (position, gradient,
// momentum, log density, step size, dual-averaging state, the two half-window accumulators of positions and
// gradients — count, mean, M2 and, for a dense metric, the co-moment matrix — and the gradient count), i.e.
// 11 d + 15 [+ 4 d²] doubles plus 19 lengths (8 bytes each; d the unconstrained dimension; the momentum only for
// kinetic samplers), and the draws the chain kept since the last point:
// (parameters + 2) doubles a draw (the reported quantities, acceptance statistic, log density). Every draw is
// sent once, by the rank that made it.
#include <cstdint>

#include "ito/mcmc/chain.hpp"

namespace ito::mcmc {

/// The chains [begin, end) this rank advances: all of them on one process.
struct ChainShare {
  int begin = 0, end = 0;
};
ChainShare chain_share(int chains);

/// Gives every rank the state of every chain and the draws k ∈ [kept_begin, kept_end) of every chain, each sent
/// by the rank whose share `mine` holds the chain. Every rank must make the call with the same arguments but its
/// own share. Nothing to do on one process.
void share_chains(RunState& state, const ChainShare& mine, std::int64_t kept_begin, std::int64_t kept_end);

}  // namespace ito::mcmc
