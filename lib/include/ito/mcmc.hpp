#pragma once
// ito::mcmc — Markov chain Monte Carlo: targets (analytic, regression, posteriordb), Langevin samplers (ULA,
// MALA, preconditioned MALA, kinetic Langevin/BAOAB), warmup adaptation, a parallel multi-chain runner with
// checkpoints, and R-hat/ESS diagnostics.
#include "ito/mcmc/adaptation.hpp"
#include "ito/mcmc/chain.hpp"
#include "ito/mcmc/checkpoint.hpp"
#include "ito/mcmc/data_json.hpp"
#include "ito/mcmc/data_table.hpp"
#include "ito/mcmc/diagnostics.hpp"
#include "ito/mcmc/kinetic_langevin.hpp"
#include "ito/mcmc/mala.hpp"
#include "ito/mcmc/posterior_moments.hpp"
#include "ito/mcmc/posteriors.hpp"
#include "ito/mcmc/runner.hpp"
#include "ito/mcmc/sampler.hpp"
#include "ito/mcmc/target.hpp"
#include "ito/mcmc/target_catalogue.hpp"
#include "ito/mcmc/target_regression.hpp"
#include "ito/mcmc/target_transforms.hpp"
#include "ito/mcmc/targets.hpp"
#include "ito/mcmc/ula.hpp"
