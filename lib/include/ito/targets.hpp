#pragma once
// ito::targets — probability densities for the samplers: the Target concept and its type-erased AnyTarget;
// analytic test densities with exact moments (Gaussian, Haario's banana, Neal's funnel, Gaussian mixture);
// Bayesian regression posteriors and the posteriordb posteriors (eight schools, arK, sblrc-blr) with their
// data readers, exact moments and posteriordb reference moments; constraining transforms; and the TOML
// target catalogue.
#include "ito/targets/banana.hpp"
#include "ito/targets/catalogue.hpp"
#include "ito/targets/eight_schools.hpp"
#include "ito/targets/exact_moments.hpp"
#include "ito/targets/funnel.hpp"
#include "ito/targets/gaussian.hpp"
#include "ito/targets/mixture.hpp"
#include "ito/targets/posteriordb.hpp"
#include "ito/targets/reference_posterior.hpp"
#include "ito/targets/regression.hpp"
#include "ito/targets/regression_data.hpp"
#include "ito/targets/target.hpp"
#include "ito/targets/transforms.hpp"
