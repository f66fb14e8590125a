#pragma once
// ito::schemes — one-step SDE schemes (noise passed in) and ensemble integration.
#include "ito/schemes/ensemble.hpp"
#include "ito/schemes/euler_heun.hpp"
#include "ito/schemes/euler_maruyama.hpp"
#include "ito/schemes/exact_ornstein_uhlenbeck.hpp"
#include "ito/schemes/exponential_euler.hpp"
#include "ito/schemes/milstein.hpp"
#include "ito/schemes/platen_weak2.hpp"
#include "ito/schemes/runge_kutta_milstein.hpp"
#include "ito/schemes/scheme.hpp"
#include "ito/schemes/sra1.hpp"
#include "ito/schemes/sriw1.hpp"
