#pragma once
// ito::monte_carlo — path kernels shared by Feynman–Kac, convergence studies and the diffusion samplers.
#include "ito/monte_carlo/batch_kernel.hpp"
