#pragma once
#include "ito/core/error.hpp"
#include "ito/core/expression.hpp"
#include "ito/core/log_sum_exp.hpp"
#include "ito/core/memory.hpp"
#include "ito/core/parallel.hpp"
#include "ito/core/statistics.hpp"
#include "ito/core/progress.hpp"
