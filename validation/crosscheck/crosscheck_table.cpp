// Prints the cross-check table of crosscheck.hpp: ito_crosscheck [paths] [seed].
#include <cstdlib>
#include <string>

#include "crosscheck.hpp"

int main(int argc, char** argv) {
  ito::crosscheck::MonteCarloSetup mc;
  if (argc > 1) mc.paths = std::stoll(argv[1]);
  if (argc > 2) mc.seed = static_cast<std::uint32_t>(std::stoul(argv[2]));
  const auto results = ito::crosscheck::all_cases(mc);
  ito::crosscheck::print_table(results);
  for (const auto& r : results)
    if (ito::crosscheck::agreement(r).worst() > 1.0) return 1;
  return 0;
}
