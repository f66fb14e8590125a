#pragma once
#include "ito/random/normal.hpp"
#include "ito/random/philox.hpp"
