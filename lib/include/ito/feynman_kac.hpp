#pragma once
// ito::feynman_kac — Feynman–Kac functionals, the reference problems and their exact values, solved by the
// estimators of ito::monte_carlo.
#include "ito/feynman_kac/barrier.hpp"
#include "ito/feynman_kac/black_scholes.hpp"
#include "ito/feynman_kac/brownian_bridge.hpp"
#include "ito/feynman_kac/complexity.hpp"
#include "ito/feynman_kac/exact_solutions.hpp"
#include "ito/feynman_kac/exit_time.hpp"
#include "ito/feynman_kac/functional.hpp"
#include "ito/feynman_kac/lookback.hpp"
#include "ito/feynman_kac/params.hpp"
#include "ito/feynman_kac/problem.hpp"
