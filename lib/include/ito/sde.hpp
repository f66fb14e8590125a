#pragma once
// ito::sde — SDE models with exact answers, Brownian paths on nested grids.
#include "ito/sde/additive_decay.hpp"
#include "ito/sde/brownian_path.hpp"
#include "ito/sde/cubic.hpp"
#include "ito/sde/expression_model.hpp"
#include "ito/sde/geometric_brownian_motion.hpp"
#include "ito/sde/linear_moments.hpp"
#include "ito/sde/linear_system_2d.hpp"
#include "ito/sde/model.hpp"
#include "ito/sde/ornstein_uhlenbeck.hpp"
#include "ito/sde/sinh_weak.hpp"
#include "ito/sde/variance_preserving.hpp"
#include "ito/sde/wave.hpp"
