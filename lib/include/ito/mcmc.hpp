#pragma once
// ito::mcmc — Langevin Markov chain Monte Carlo on any ito::targets Target: samplers (ULA, MALA,
// preconditioned MALA, kinetic Langevin/BAOAB), warmup adaptation, a parallel multi-chain runner with
// checkpoints and R-hat/ESS during the run (ito::diagnostics).
#include "ito/mcmc/adaptation.hpp"
#include "ito/mcmc/chain.hpp"
#include "ito/mcmc/checkpoint.hpp"
#include "ito/mcmc/kinetic_langevin.hpp"
#include "ito/mcmc/mala.hpp"
#include "ito/mcmc/params.hpp"
#include "ito/mcmc/runner.hpp"
#include "ito/mcmc/sampler.hpp"
#include "ito/mcmc/ula.hpp"
