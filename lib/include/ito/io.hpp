#pragma once
// ito::io — parameter files (TOML) and their schemas, HDF5 results, JSON documents, numeric tables (CSV,
// HDF5 datasets) and grayscale PNG images.
#include "ito/io/hdf5.hpp"
#include "ito/io/image.hpp"
#include "ito/io/json.hpp"
#include "ito/io/params.hpp"
#include "ito/io/schema.hpp"
#include "ito/io/table.hpp"
