#pragma once
#include "ito/inverse/exact_posterior.hpp"
#include "ito/inverse/gmm_benchmark.hpp"
#include "ito/inverse/metrics.hpp"
#include "ito/inverse/operator.hpp"
