// Chains over MPI ranks (ito/mcmc/share.hpp), the one-process contract: the share is every chain, and sharing
// changes nothing (a single process already holds the whole RunState). The multi-rank contract — every rank
// ends a synchronisation point with the RunState a single process holds, bitwise, and checkpoints do not
// depend on the number of ranks — is tested end to end with mpirun in tests/core/mpi_test.cpp (the mcmc
// cases), built when CMake finds MPI. Under `mpirun` this binary's ranks would each hold a part, so the test
// skips when the process is one of several ranks.
#include "ito/mcmc/share.hpp"

#include <gtest/gtest.h>

#include "ito/core/mpi.hpp"

namespace ito::mcmc {
namespace {

TEST(ChainShare, OneProcessAdvancesEveryChainAndSharingIsANoOp) {
  if (core::mpi::distributed()) GTEST_SKIP() << "one-process contract";
  for (int chains : {1, 4, 7}) {
    const ChainShare mine = chain_share(chains);
    EXPECT_EQ(mine.begin, 0);
    EXPECT_EQ(mine.end, chains);
  }
  RunState s;
  s.chains = 2;
  s.parameters = 1;
  s.capacity = 3;
  s.draws = {1, 2, 3, 4, 5, 6};
  s.accept_stat = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
  s.log_density = {-1, -2, -3, -4, -5, -6};
  s.chain.resize(2);
  s.chain[1].position = Eigen::VectorXd::Constant(2, 0.5);
  const RunState before = s;
  share_chains(s, chain_share(2), 0, 3);
  EXPECT_EQ(s.draws, before.draws);
  EXPECT_EQ(s.accept_stat, before.accept_stat);
  EXPECT_EQ(s.log_density, before.log_density);
  EXPECT_EQ(s.chain[1].position, before.chain[1].position);
}

}  // namespace
}  // namespace ito::mcmc
