// libFuzzer target: the JSON reader (io::Json: parsing and every accessor,
// walked over the whole document) and the posteriordb data readers built on it.
// See validation/fuzz.sh.
#include <cstdint>

#include "fuzz_support.hpp"
#include "ito/io/json.hpp"
#include "ito/targets/posteriordb.hpp"
#include "ito/targets/regression_data.hpp"

namespace {

// Calls every accessor on every value (each may refuse with an ito::Error), to
// a bounded depth.
void walk(const ito::io::Json &j, int depth) {
  using ito::fuzz::expect_ito_error_only;
  expect_ito_error_only("number", [&] { (void)j.number(); });
  expect_ito_error_only("integer", [&] { (void)j.integer(); });
  expect_ito_error_only("boolean", [&] { (void)j.boolean(); });
  expect_ito_error_only("string", [&] { (void)j.string(); });
  expect_ito_error_only("numbers", [&] { (void)j.numbers(); });
  expect_ito_error_only("matrix", [&] { (void)j.matrix(); });
  expect_ito_error_only("strings", [&] { (void)j.strings(); });
  if (depth > 8) return;
  if (j.is_array()) {
    for (std::size_t i = 0; i < j.size() && i < 64; ++i) walk(j.at(i), depth + 1);
    expect_ito_error_only("at(size)", [&] { (void)j.at(j.size()); });
  }
  if (j.is_object())
    for (const char *key : {"y", "sigma", "J", "N", "D", "X", "K", "T", ""})
      if (j.contains(key)) walk(j.at(key), depth + 1);
  expect_ito_error_only("at(missing)", [&] { (void)j.at("no such key"); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace ito;
  fuzz::one_thread();
  const std::string text(reinterpret_cast<const char *>(data), size);
  fuzz::expect_ito_error_only("Json::parse", [&] { walk(io::Json::parse(text, "fuzz.json"), 0); });
  const std::string path = fuzz::write_input(data, size, ".json");
  fuzz::expect_ito_error_only("read_regression_data", [&] { (void)targets::read_regression_data(path, "y", {}); });
  fuzz::expect_ito_error_only("eight_schools_noncentered", [&] { (void)targets::eight_schools_noncentered(path); });
  fuzz::expect_ito_error_only("read_ar_series", [&] { (void)targets::read_ar_series(path); });
  return 0;
}
