#pragma once
// ito::diagnostics — convergence diagnostics of draws from any sampler (MCMC chains, SMC populations,
// diffusion samplers): rank-normalised split R-hat, bulk/tail ESS, MCSE of mean and sd, quantiles, as
// Vehtari et al. (2021) define them and Stan computes them. Input is plain arrays [chains, draws].
#include "ito/diagnostics/draws.hpp"
#include "ito/diagnostics/ess.hpp"
#include "ito/diagnostics/mcse.hpp"
#include "ito/diagnostics/rhat.hpp"
#include "ito/diagnostics/summary.hpp"
