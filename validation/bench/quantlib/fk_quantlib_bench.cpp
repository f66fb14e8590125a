// Benchmark (not a test): European call S0 = K = 100, r = 0.05, σ = 0.2, T = 1 by Monte Carlo with the
// same number of time steps, QuantLib (MakeMCEuropeanEngine<PseudoRandom>: Mersenne Twister + inverse
// normal, exact log-normal evolve of BlackScholesMertonProcess) against ito's Feynman–Kac estimator
// (ito::feynman_kac::solve, pathwise exact GBM step, Philox normals), one thread each, in one run.
//
// Reported: path-steps per second per core of each, and the time each needs for the same standard error:
//   - ito "plain":       the same number of paths as QuantLib (equal SE up to sampling noise);
//   - ito "antithetic":  ito's default variance reduction; the path count is set from a pilot run so
//                        that its standard error equals QuantLib's.
// Times are CPU seconds of the (single-threaded) process, the minimum over repetitions (QuantLib 2, ito 5),
// so that other load on a shared machine does not enter the comparison.
// Usage: fk_quantlib_bench [steps=64] [quantlib_paths=100000]
#include <omp.h>

#include <time.h>

#include <algorithm>
#include <functional>
#include <cmath>
#include <cstdio>
#include <cstdlib>
// Only the headers needed: ql/quantlib.hpp pulls Boost.uBLAS, which does not compile as C++20.
#include <ql/exercise.hpp>
#include <ql/instruments/europeanoption.hpp>
#include <ql/instruments/payoffs.hpp>
#include <ql/pricingengines/vanilla/mceuropeanengine.hpp>
#include <ql/processes/blackscholesprocess.hpp>
#include <ql/quotes/simplequote.hpp>
#include <ql/termstructures/volatility/equityfx/blackconstantvol.hpp>
#include <ql/termstructures/yield/flatforward.hpp>
#include <ql/time/calendars/nullcalendar.hpp>
#include <ql/time/daycounters/actual365fixed.hpp>

#include "ito/feynman_kac/problem.hpp"

namespace {

double cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct Priced {
  double value, std_error, seconds, path_steps;
};

/// Runs `price` `repetitions` times (identical results) and keeps the smallest CPU time.
Priced best_of(int repetitions, const std::function<Priced()>& price) {
  Priced best = price();
  for (int i = 1; i < repetitions; ++i) best.seconds = std::min(best.seconds, price().seconds);
  return best;
}

Priced quantlib_call(int steps, long paths) {
  using namespace QuantLib;
  const Date today(23, November, 2026);
  Settings::instance().evaluationDate() = today;
  const DayCounter dc = Actual365Fixed();
  const Date maturity = today + 365;  // T = 1 year exactly with Actual/365 Fixed
  auto spot = ext::make_shared<SimpleQuote>(100.0);
  Handle<YieldTermStructure> rates(ext::make_shared<FlatForward>(today, 0.05, dc));
  Handle<YieldTermStructure> dividends(ext::make_shared<FlatForward>(today, 0.0, dc));
  Handle<BlackVolTermStructure> vol(ext::make_shared<BlackConstantVol>(today, NullCalendar(), 0.2, dc));
  auto process = ext::make_shared<BlackScholesMertonProcess>(Handle<Quote>(spot), dividends, rates, vol);
  EuropeanOption option(ext::make_shared<PlainVanillaPayoff>(Option::Call, 100.0),
                        ext::make_shared<EuropeanExercise>(maturity));
  option.setPricingEngine(MakeMCEuropeanEngine<PseudoRandom>(process)
                              .withSteps(steps)
                              .withSamples(static_cast<Size>(paths))
                              .withSeed(42));
  const double t0 = cpu_seconds();
  const double npv = option.NPV();
  const double se = option.errorEstimate();
  return {npv, se, cpu_seconds() - t0, static_cast<double>(paths) * steps};
}

Priced ito_call(int steps, long paths, bool antithetic, std::uint32_t seed) {
  ito::feynman_kac::ProblemSpec problem;  // defaults: S0 = K = 100, r = 0.05, σ = 0.2, T = 1
  problem.kind = ito::feynman_kac::ProblemKind::european_call;
  problem.scheme = "exact";
  problem.steps = steps;
  ito::feynman_kac::RunSpec run;
  run.paths = paths;
  run.antithetic = antithetic;
  run.seed = seed;
  const double t0 = cpu_seconds();
  const auto r = ito::feynman_kac::solve(problem, run);
  return {r.estimate, r.std_error, cpu_seconds() - t0, r.path_steps};
}

void print(const char* name, const Priced& p, double exact) {
  std::printf("%-22s price %.5f  SE %.5f  z %+.2f  time %7.3f s  %8.1f M path-steps/s/core\n", name, p.value,
              p.std_error, (p.value - exact) / p.std_error, p.seconds, p.path_steps / p.seconds / 1e6);
}

}  // namespace

int main(int argc, char** argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 64;
  const long ql_paths = argc > 2 ? std::atol(argv[2]) : 100000;
  omp_set_num_threads(1);
  const double exact = ito::feynman_kac::black_scholes_call({});
  std::printf("European call, exact %.6f; %d time steps; one core each; CPU time, best of repetitions\n", exact,
              steps);

  const Priced ql = best_of(2, [&] { return quantlib_call(steps, ql_paths); });
  print("QuantLib", ql, exact);

  const Priced plain = best_of(5, [&] { return ito_call(steps, ql_paths, false, 1); });
  print("ito (same paths)", plain, exact);

  // Antithetic: size the run from a pilot so that its standard error equals QuantLib's.
  const long pilot_paths = 20000;
  const Priced pilot = ito_call(steps, pilot_paths, true, 2);
  const double variance_per_sample = pilot.std_error * pilot.std_error * pilot_paths;
  const long anti_paths = static_cast<long>(std::ceil(variance_per_sample / (ql.std_error * ql.std_error)));
  const Priced anti = best_of(5, [&] { return ito_call(steps, anti_paths, true, 3); });
  print("ito (antithetic)", anti, exact);

  std::printf("throughput ratio ito/QuantLib (path-steps/s/core): %.1f\n",
              (plain.path_steps / plain.seconds) / (ql.path_steps / ql.seconds));
  std::printf("time to equal SE, QuantLib / ito (same paths, plain): %.1f\n", ql.seconds / plain.seconds);
  std::printf("time to equal SE, QuantLib / ito (antithetic, SE %.5f vs %.5f): %.1f\n", anti.std_error,
              ql.std_error, ql.seconds / anti.seconds);
  return 0;
}
