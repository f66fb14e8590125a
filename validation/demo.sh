#!/usr/bin/env bash
# The main job: installs what is missing, builds ito (Release), and runs the headline problems of every
# pillar, writing their HDF5 results and plots to out/:
#   convergence studies (all problems/converge_*.toml) + log-log plots and the order table,
#   Fokker–Planck (problems/fp_*.toml), Feynman–Kac MC and MLMC (European call and friends),
#   Langevin MCMC (posteriordb's eight schools, data shipped in data/);
#   diffusion posterior sampling (ito solve): the Gaussian-mixture benchmark, denoising and inpainting of a
#   test digit with the fitted mixture prior, each beside the exact posterior, and denoising (sigma = 25/255)
#   and inpainting (50% missing) of a photograph (data/chelsea_crop.png) with the 8x8 patch-mixture prior,
#   beside EPLL; with pictures (truth, observation, posterior mean, posterior std, samples) next to the HDF5
#   results;
#   plots of each (validation/plot_convergence.py, validation/plot_results.py, validation/plot_solve.py).
# Usage: bash validation/demo.sh            (threads: all cores; set OMP_NUM_THREADS to change)
set -euo pipefail
cd "$(dirname "$0")/.."
bash validation/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > build-configure.log 2>&1 || { cat build-configure.log; exit 1; }
cmake --build build -j"$(nproc)" --target ito_cli
out=out
mkdir -p "$out/plots"

echo "== convergence studies =="
bash validation/convergence.sh build "$out"

echo "== Fokker–Planck =="
for p in problems/fp_*.toml; do
  build/bin/ito fokker-planck "$p" --out "$out/$(basename "$p" .toml).h5"
done

echo "== Feynman–Kac (Monte Carlo and MLMC) =="
for p in problems/fk_european_call.toml problems/fk_mlmc_european_call.toml problems/fk_ou_cosine.toml \
         problems/fk_exit_time.toml problems/fk_lookback_call.toml; do
  build/bin/ito feynman-kac "$p" --out "$out/$(basename "$p" .toml).h5"
done

echo "== Langevin MCMC =="
build/bin/ito mcmc problems/mcmc_eight_schools.toml --out "$out/mcmc_eight_schools.h5"

echo "== diffusion posterior sampling (ito solve) =="
for p in problems/solve_gmm_d8_dy1.toml problems/solve_digits_denoise_010.toml \
         problems/solve_digits_inpaint_random.toml problems/solve_digits_inpaint_left.toml \
         problems/solve_image_denoise_25.toml problems/solve_image_inpaint_50.toml; do
  build/bin/ito solve "$p" --out "$out/$(basename "$p" .toml).h5"
done
/usr/bin/python3 validation/plot_solve.py "$out"/solve_*.h5

echo "== plots =="
/usr/bin/python3 validation/plot_results.py "$out/plots" "$out"/fp_*.h5 "$out"/fk_*.h5 "$out"/mcmc_*.h5
echo
echo "results in $out/ (read them with h5dump or h5py); plots in $out/plots/"
