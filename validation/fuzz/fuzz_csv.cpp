// libFuzzer target: the CSV table reader (io::parse_csv, io::read_csv) and the
// data readers built on it (regression data, eight schools). See
// validation/fuzz.sh.
#include <cstdint>
#include <sstream>

#include "fuzz_support.hpp"
#include "ito/io/table.hpp"
#include "ito/targets/posteriordb.hpp"
#include "ito/targets/regression_data.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace ito;
  fuzz::one_thread();
  const std::string text(reinterpret_cast<const char *>(data), size);
  fuzz::expect_ito_error_only("parse_csv", [&] {
    std::istringstream in(text);
    const io::Table t = io::parse_csv(in, "fuzz.csv");
    for (const auto &c : t.columns) (void)t.column(c);
  });
  const std::string path = fuzz::write_input(data, size, ".csv");
  fuzz::expect_ito_error_only("read_regression_data", [&] { (void)targets::read_regression_data(path, "y", {}); });
  fuzz::expect_ito_error_only("eight_schools_noncentered", [&] { (void)targets::eight_schools_noncentered(path); });
  fuzz::expect_ito_error_only("read_ar_series", [&] { (void)targets::read_ar_series(path); });
  return 0;
}
