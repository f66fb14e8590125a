// The cost of a run's first parallel loop: what core::place_threads, the helper pool and the first use of memory
// add to the first parallel call of a process, against later calls of the same work on the same threads.
//
// Usage: ito_bench_first_loop [items = 2e6] [pause_ms = 0]
//        ito_bench_first_loop --fk PROBLEM.toml [key=value ...]
// For 1 and then 2 threads, in fresh processes (this program re-runs itself, nine times per thread count,
// alternating): set the thread count, place_threads, read the problem (--fk), wait pause_ms, then time the work five
// times — a reduction over `items` (sqrt of the index, blocks of 256), or with --fk the Feynman–Kac problem's
// estimate (feynman_kac::solve, the span `ito feynman-kac` reports as estimate_wall_time_s; key=value as --set).
// Prints the median over the processes of the first call's time and of the best later call's, for each thread
// count, and their 1 / 2 thread ratios (the median: how long a typical run's first call takes is the question; the
// best of several processes hides a cost paid in most of them); the page faults of the first and of a later call
// (getrusage); and the cost of touching fresh memory on this machine: the first and the second write to each 4 KiB
// page of a new anonymous mapping (the first write is a page fault).
#include <sys/mman.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "ito/core/parallel.hpp"
#include "ito/feynman_kac/params.hpp"
#include "ito/feynman_kac/problem.hpp"
#include "ito/io/params.hpp"
#include "ito/io/schema.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

double loop_seconds(std::size_t items) {
  const auto t0 = Clock::now();
  const double sum = ito::core::parallel_reduce_blocks(
      items, 256, 0.0,
      [](double& acc, std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) acc += std::sqrt(static_cast<double>(i));
      },
      [](double& acc, double part) { acc += part; });
  const double dt = seconds_since(t0);
  if (!(sum > 0)) std::abort();  // keeps the loop
  return dt;
}

/// Microseconds per page for the first and the second write to each page of a fresh mapping of `pages` pages.
std::pair<double, double> page_touch_us(std::size_t pages) {
  constexpr std::size_t kPage = 4096;
  const std::size_t bytes = pages * kPage;
  void* map = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map == MAP_FAILED) std::abort();
  auto* p = static_cast<volatile unsigned char*>(map);
  double us[2];
  for (int pass = 0; pass < 2; ++pass) {
    const auto t0 = Clock::now();
    for (std::size_t i = 0; i < bytes; i += kPage) p[i] = static_cast<unsigned char>(pass + 1);
    us[pass] = 1e6 * seconds_since(t0) / static_cast<double>(pages);
  }
  munmap(map, bytes);
  return {us[0], us[1]};
}

/// Page faults of this process so far that needed no disk (first touches of memory among them).
long minor_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  // Arguments: [--fk FILE key=value ...] or [items [pause_ms]]; the parent passes them on and appends "--child T".
  std::vector<std::string> args(argv + 1, argv + argc);
  int child_threads = 0;
  if (args.size() >= 2 && args[args.size() - 2] == "--child") {
    child_threads = std::atoi(args.back().c_str());
    args.resize(args.size() - 2);
  }
  const bool fk = !args.empty() && args[0] == "--fk";
  if (fk && args.size() < 2) {
    std::fprintf(stderr, "usage: %s --fk PROBLEM.toml [key=value ...]\n", argv[0]);
    return 2;
  }
  const std::size_t items = !fk && !args.empty() ? static_cast<std::size_t>(std::atof(args[0].c_str())) : 2000000;
  const int pause_ms = !fk && args.size() > 1 ? std::atoi(args[1].c_str()) : 0;

  if (child_threads > 0) {  // one process, one thread count
    // In the order of `ito`'s main: threads placed first, then the parameter file read.
    ito::core::set_threads(child_threads);
    ito::core::place_threads();
    std::function<double()> once = [&] { return loop_seconds(items); };
    ito::feynman_kac::FeynmanKacParameters parameters;
    if (fk) {
      auto params = ito::io::Params::from_file(args[1], std::vector<std::string>(args.begin() + 2, args.end()));
      const auto seed = ito::io::SchemaReader(ito::io::common_schema(), params).integer("seed");
      parameters = ito::feynman_kac::read_feynman_kac(params);
      parameters.run.seed = static_cast<std::uint32_t>(seed);  // as ito feynman-kac does
      if (parameters.method == "complexity") {
        std::fprintf(stderr, "--fk: method \"complexity\" is a study of many estimates; use mc or mlmc\n");
        return 2;
      }
      once = [&] {
        const auto t0 = Clock::now();
        const auto result = ito::feynman_kac::solve(parameters.problem, parameters.run);
        const double dt = seconds_since(t0);
        if (!std::isfinite(result.estimate)) std::abort();
        return dt;
      };
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
    const long faults0 = minor_faults();
    const double first = once();
    const long faults1 = minor_faults();
    double later = 1e300;
    for (int r = 0; r < 4; ++r) later = std::min(later, once());
    std::printf("%.6f %.6f %ld %ld\n", first, later, faults1 - faults0, (minor_faults() - faults1) / 4);
    return 0;
  }

  constexpr int kProcesses = 9;
  std::string passed;
  for (const auto& a : args) passed += " '" + a + "'";
  std::vector<double> first[3], later[3], first_faults[3], later_faults[3];
  for (int rep = 0; rep < kProcesses; ++rep)
    for (int threads = 1; threads <= 2; ++threads) {
      const std::string cmd = std::string(argv[0]) + passed + " --child " + std::to_string(threads);
      FILE* p = popen(cmd.c_str(), "r");
      double f = 0, l = 0, ff = 0, lf = 0;
      if (!p || std::fscanf(p, "%lf %lf %lf %lf", &f, &l, &ff, &lf) != 4) return 1;
      if (pclose(p) != 0) return 1;
      first[threads].push_back(f);
      later[threads].push_back(l);
      first_faults[threads].push_back(ff);
      later_faults[threads].push_back(lf);
    }
  const double f1 = median(first[1]), f2 = median(first[2]), l1 = median(later[1]), l2 = median(later[2]);
  if (fk)
    std::printf("Feynman-Kac estimate of %s%s; medians of %d processes:\n", args[1].c_str(),
                args.size() > 2 ? " (with the given keys)" : "", kProcesses);
  else
    std::printf("%zu items, pause %d ms after place_threads; medians of %d processes:\n", items, pause_ms, kProcesses);
  std::printf("  first call: 1 thread %.3f ms, 2 threads %.3f ms, ratio %.2f\n", f1 * 1e3, f2 * 1e3, f1 / f2);
  std::printf("  later calls (best of 4 per process): 1 thread %.3f ms, 2 threads %.3f ms, ratio %.2f\n", l1 * 1e3,
              l2 * 1e3, l1 / l2);
  std::printf("  page faults (medians): first call %.0f with 1 thread, %.0f with 2; a later call %.0f, %.0f\n",
              median(first_faults[1]), median(first_faults[2]), median(later_faults[1]), median(later_faults[2]));
  const auto [touch_first, touch_again] = page_touch_us(2048);
  std::printf("  fresh memory: first write to a 4 KiB page %.2f us (a page fault), second write %.3f us\n",
              touch_first, touch_again);
}
