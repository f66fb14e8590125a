#!/usr/bin/python3
"""Thread scaling of the ito commands: 2 threads against 1, on an idle machine and with one core loaded.

Usage: /usr/bin/python3 validation/bench/thread_scaling.py [--ito build/bin/ito] [--repeats 5]
                                                            [--load idle,busy] [--cases name,...]

Every case is run `repeats` times per thread count, the 1- and 2-thread runs interleaved (1, 2, 1, 2, ...), and
the best (shortest) of each side counts, so that a slow spell of a shared machine has to last through all
repeats to lower either side. The last column is the ratio of the two sides' medians: what a typical run gains,
which under load can be far below the best-of-N ratio for a phase of a few milliseconds. "busy" starts one process that spins on a core (`yes > /dev/null`) for the
whole of the case and stops it afterwards. Times: `process` is the wall time of the whole `ito` process
(start-up, reading, computing, writing the HDF5 file); `run` is the root attribute `wall_time_s` (from the
start of main until the results are written, before the file is closed: reading the problem, starting the threads,
creating the HDF5 file and writing its datasets are in it); for feynman-kac also the estimator
alone (`/summary` estimate_wall_time_s: simulation and reduction, without start-up, reading and writing); for
mcmc also the sampling phase (`/summary` sampling_seconds: the wall time of the sampling transitions of all
chains). The load average of
the machine (1 minute, /proc/loadavg) is printed before and after each case: read the figures with it.

Before and after each case, `ito_bench_scaling_probe` (validation/bench/scaling_probe.cpp, beside the ito binary)
prints what two threads gain on the machine at that moment without ito: a loop bound by arithmetic throughput and
one bound by latency. Both near 2: the two processors are separate cores. Throughput near 1 with latency near 2:
they are two hardware threads of one core (a virtual machine's host may place its virtual processors so for a
while), and no computation bound by arithmetic can scale then — ito's ratios of that moment say nothing about ito.
"""
import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import h5py

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))

# name -> (command arguments after `ito`, extra timings read from the output file)
CASES = {
    "fk_european_call": (["feynman-kac", "problems/fk_european_call.toml"], ["estimate_wall_time_s"]),
    "fk_barrier_1e4": (["feynman-kac", "problems/fk_down_and_out_call.toml", "--set", "mc.paths=10000"],
                       ["estimate_wall_time_s"]),
    "fk_barrier_1e5": (["feynman-kac", "problems/fk_down_and_out_call.toml", "--set", "mc.paths=100000"],
                       ["estimate_wall_time_s"]),
    "fk_mlmc_european_call": (["feynman-kac", "problems/fk_mlmc_european_call.toml"], ["estimate_wall_time_s"]),
    "mcmc_gaussian100": (["mcmc", "problems/mcmc_gaussian100.toml"], ["sampling_seconds", "run_seconds"]),
    "converge_ou": (["converge", "problems/converge_ou.toml"], []),
    "solve_gmm_d80_dy1": (["solve", "problems/solve_gmm_d80_dy1.toml"], []),
}


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def run_once(ito, args, threads, out, extra):
    cmd = [ito] + args + ["--threads", str(threads), "--quiet", "--out", out]
    start = time.perf_counter()
    r = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    process = time.perf_counter() - start
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr}")
    times = {"process": process}
    with h5py.File(out, "r") as f:
        times["run"] = float(f.attrs["wall_time_s"])
        for key in extra:
            times[key] = float(f["summary"].attrs[key])
    os.remove(out)
    return times


def probe(ito):
    exe = os.path.join(os.path.dirname(os.path.abspath(ito)), "ito_bench_scaling_probe")
    if not os.path.exists(exe):
        return "probe: (no ito_bench_scaling_probe beside ito)"
    r = subprocess.run([exe], stdout=subprocess.PIPE, text=True, check=True)
    return "probe: " + r.stdout.strip()


def measure(ito, name, repeats, load, tmp):
    args, extra = CASES[name]
    busy = subprocess.Popen(["yes"], stdout=subprocess.DEVNULL) if load == "busy" else None
    try:
        if busy:
            time.sleep(0.5)
        before = loadavg()
        best = {1: {}, 2: {}}
        for _ in range(repeats):
            for threads in (1, 2):
                t = run_once(ito, args, threads, os.path.join(tmp, f"{name}_{threads}.h5"), extra)
                for key, value in t.items():
                    best[threads].setdefault(key, []).append(value)
        after = loadavg()
    finally:
        if busy:
            busy.kill()
            busy.wait()
    return before, after, best


def main():
    # a SIGTERM unwinds like Ctrl-C, so the busy process is stopped (the finally in measure)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ito", default=os.path.join(ROOT, "build", "bin", "ito"))
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--load", default="idle,busy")
    p.add_argument("--cases", default=",".join(CASES))
    a = p.parse_args()
    print(f"# {os.path.abspath(a.ito)}; {os.cpu_count()} processors; best of {a.repeats} per side; "
          f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', '(unset)')}")
    print(f"{'case':24} {'load':5} {'loadavg':>11} {'timing':17} {'1 thread s':>11} {'2 threads s':>11} {'2 vs 1':>7}"
          f" {'medians':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for load in a.load.split(","):
            for name in a.cases.split(","):
                print(f"# {name} {load}: {probe(a.ito)} before", flush=True)
                before, after, best = measure(a.ito, name, a.repeats, load, tmp)
                for key in best[1]:
                    t1, t2 = min(best[1][key]), min(best[2][key])
                    m1, m2 = statistics.median(best[1][key]), statistics.median(best[2][key])
                    print(f"{name:24} {load:5} {before:5.2f}/{after:5.2f} {key:17} {t1:11.4f} {t2:11.4f} {t1 / t2:7.2f}"
                          f" {m1 / m2:8.2f}", flush=True)
                print(f"# {name} {load}: {probe(a.ito)} after", flush=True)


if __name__ == "__main__":
    main()
