#pragma once
#include "ito/io/hdf5.hpp"
#include "ito/io/params.hpp"
