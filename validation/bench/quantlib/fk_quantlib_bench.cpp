// Benchmark (not a test): European call S0 = K = 100, r = 0.05, σ = 0.2, T = 1 (exact 10.450584) by Monte
// Carlo on the same time grid, QuantLib against ito's Feynman–Kac estimator, one thread each, in one run.
//
// What each side integrates (the same scheme, step by step, `steps` steps per path):
//   QuantLib: MakeMCEuropeanEngine<PseudoRandom> on a BlackScholesMertonProcess with flat curves. Its path
//             generator calls GeneralizedBlackScholesProcess::evolve, which for strike-independent (here
//             constant) volatility takes the exact log-normal step (QuantLib 1.29, blackscholesprocess.cpp):
//               S_{n+1} = S_n exp((r − q − σ²/2) h + σ √h Z_n),
//             Z_n from Mersenne Twister + inverse cumulative normal; payoff e^{−rT}(S_N − K)⁺.
//   ito:      ito::feynman_kac::solve with scheme "exact" (PathwiseExactScheme on sde::GeometricBrownianMotion):
//               S_{n+1} = S_n exp((r − σ²/2) h + σ ΔW_n),  ΔW_n = √h Z_n,
//             Z_n from Philox4x32-10 + Box–Muller, paths simulated in structure-of-arrays blocks
//             (simulate_paths); payoff e^{−rT}(S_N − K)⁺.
// Both estimators are unbiased for any number of steps; the steps are pure work for this payoff.
//
// Two comparisons, each with the SAME variance reduction on both sides:
//   plain:       no variance reduction;
//   antithetic:  each sample is the average over the path driven by Z and the one driven by −Z
//                (QuantLib withAntitheticVariate(); ito mc.antithetic = true); both paths count as work.
// Both sides use the same number of samples, so their standard errors agree up to sampling noise; the ratio
// is stated at equal standard error through the efficiency 1/(CPU time · SE²) (the CPU time to reach a
// given SE is proportional to time · SE²):
//   ratio = (T_QuantLib · SE_QuantLib²) / (T_ito · SE_ito²),
// next to the raw throughput ratio in path-steps per CPU second.
// Times are CPU seconds of the process (CLOCK_PROCESS_CPUTIME_ID, one OpenMP thread), the minimum over
// repetitions (QuantLib 3, ito 15: its runs are short), so that other load on a shared machine enters as
// little as possible; the 1-minute load average before and after the run is printed.
// Usage: fk_quantlib_bench [steps=64] [paths=100000]
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

Priced quantlib_call(int steps, long paths, bool antithetic) {
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
                              .withAntitheticVariate(antithetic)
                              .withSeed(42));
  const double t0 = cpu_seconds();
  const double npv = option.NPV();
  const double se = option.errorEstimate();
  return {npv, se, cpu_seconds() - t0, static_cast<double>(paths) * steps * (antithetic ? 2.0 : 1.0)};
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

double load_average() {
  double one_minute = -1;
  if (std::FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf", &one_minute) != 1) one_minute = -1;
    std::fclose(f);
  }
  return one_minute;
}

void print(const char* name, const Priced& p, double exact) {
  std::printf("  %-10s price %.5f  SE %.5f  z %+.2f  CPU %7.3f s  %8.1f M path-steps/s/core\n", name, p.value,
              p.std_error, (p.value - exact) / p.std_error, p.seconds, p.path_steps / p.seconds / 1e6);
}

/// Runs QuantLib and ito with the same variance reduction and prints the ratio at equal standard error.
double compare(const char* label, int steps, long paths, bool antithetic, double exact) {
  std::printf("%s:\n", label);
  const Priced ql = best_of(3, [&] { return quantlib_call(steps, paths, antithetic); });
  print("QuantLib", ql, exact);
  const Priced ito = best_of(15, [&] { return ito_call(steps, paths, antithetic, 1); });
  print("ito", ito, exact);
  const double throughput = (ito.path_steps / ito.seconds) / (ql.path_steps / ql.seconds);
  const double at_equal_se = (ql.seconds * ql.std_error * ql.std_error) / (ito.seconds * ito.std_error * ito.std_error);
  std::printf("  ratio ito/QuantLib per core: %.1f at equal SE (throughput ratio %.1f)\n", at_equal_se, throughput);
  return at_equal_se;
}

}  // namespace

int main(int argc, char** argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 64;
  const long paths = argc > 2 ? std::atol(argv[2]) : 100000;
  omp_set_num_threads(1);
  const double exact = ito::feynman_kac::black_scholes_call({});
  std::printf("European call S0 = K = 100, r = 0.05, sigma = 0.2, T = 1, exact %.6f; %d exact log-normal steps per "
              "path, %ld samples per side; one core each, CPU time, best of repetitions; load average %.2f\n",
              exact, steps, paths, load_average());
  const double plain = compare("plain Monte Carlo (no variance reduction on either side)", steps, paths, false, exact);
  const double anti = compare("antithetic variates on both sides", steps, paths, true, exact);
  std::printf("RESULT ratio ito/QuantLib per core at equal SE: plain %.1f, antithetic %.1f (load average %.2f)\n",
              plain, anti, load_average());
  return 0;
}
