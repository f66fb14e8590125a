// libFuzzer target: the TOML parameter reader (io::Params through toml++) and
// the commands' readers on their schemas (converge, fokker-planck, feynman-kac,
// mcmc), each on the same text. See validation/fuzz.sh.
#include <cstdint>

#include "fuzz_support.hpp"
#include "ito/convergence/params.hpp"
#include "ito/feynman_kac/params.hpp"
#include "ito/fokker_planck/params.hpp"
#include "ito/io/params.hpp"
#include "ito/io/schema.hpp"
#include "ito/mcmc/params.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace ito;
  fuzz::one_thread();
  const std::string text(reinterpret_cast<const char *>(data), size);
  auto with_params = [&](const char *what, auto &&read) {
    fuzz::expect_ito_error_only(what, [&] {
      io::Params params = io::Params::from_string(text, "fuzz.toml");
      (void)io::SchemaReader(io::common_schema(), params).integer("seed");
      read(params);
      (void)params.effective_toml();
    });
  };
  with_params("read_converge_problem", [](io::Params &p) { (void)convergence::read_converge_problem(p); });
  with_params("read_fokker_planck", [](io::Params &p) { (void)fokker_planck::read_fokker_planck(p); });
  with_params("read_feynman_kac", [](io::Params &p) { (void)feynman_kac::read_feynman_kac(p); });
  with_params("read_mcmc", [](io::Params &p) { (void)mcmc::read_mcmc(p, "/dev/shm/ito_fuzz_out.h5"); });
  return 0;
}
