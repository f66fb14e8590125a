#pragma once
// What every dataset of `ito converge`, `ito fokker-planck`, `ito feynman-kac` and `ito fit-prior` holds, with its
// units: the one table from which each results file's datasets get their `description` attribute
// (io::ResultFile::describe).
#include <string>
#include <utility>
#include <vector>

namespace ito::apps {

using Descriptions = std::vector<std::pair<std::string, std::string>>;

/// The table of a command ("converge", "fokker-planck", "feynman-kac", "fit-prior"); patterns as in
/// ResultFile::describe.
const Descriptions& dataset_descriptions(const std::string& command);

}  // namespace ito::apps
