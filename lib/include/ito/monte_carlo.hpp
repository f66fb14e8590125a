#pragma once
// ito::monte_carlo — the path kernels (compile-time dimension: structure of arrays across paths, with its
// coupled MLMC form; run-time dimension: d × B batches), ensembles, the Monte Carlo estimator and multilevel
// Monte Carlo.
#include "ito/monte_carlo/batch_kernel.hpp"
#include "ito/monte_carlo/complexity.hpp"
#include "ito/monte_carlo/coupled_level_sampler.hpp"
#include "ito/monte_carlo/ensemble.hpp"
#include "ito/monte_carlo/estimate.hpp"
#include "ito/monte_carlo/mlmc.hpp"
#include "ito/monte_carlo/path_block.hpp"
#include "ito/monte_carlo/path_functional.hpp"
#include "ito/monte_carlo/simulate_coupled_paths.hpp"
#include "ito/monte_carlo/simulate_paths.hpp"
#include "ito/monte_carlo/vector_math.hpp"
