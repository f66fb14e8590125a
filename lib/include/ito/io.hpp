#pragma once
// ito::io — parameter files (TOML) and their schemas, HDF5 results, JSON documents and numeric tables (CSV,
// HDF5 datasets).
#include "ito/io/hdf5.hpp"
#include "ito/io/json.hpp"
#include "ito/io/params.hpp"
#include "ito/io/schema.hpp"
#include "ito/io/table.hpp"
