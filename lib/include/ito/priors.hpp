#pragma once
#include "ito/priors/fit_em.hpp"
#include "ito/priors/gaussian_mixture.hpp"
#include "ito/priors/mixture_file.hpp"
