#include "ito/mcmc/share.hpp"

#include <cstring>
#include <stdexcept>
#include <vector>

#include "ito/core/mpi.hpp"

namespace ito::mcmc {
namespace {

// The bytes of a rank's chains: every number as its 8 bytes (doubles bit for bit), every vector and matrix
// preceded by its dimensions, so that the receiver rebuilds exactly what the sender holds.
class Packer {
 public:
  void number(double x) { put(&x, sizeof x); }
  void count(std::int64_t n) { put(&n, sizeof n); }
  void vector(const Eigen::VectorXd& v) {
    count(v.size());
    put(v.data(), static_cast<std::size_t>(v.size()) * sizeof(double));
  }
  void matrix(const Eigen::MatrixXd& m) {
    count(m.rows());
    count(m.cols());
    put(m.data(), static_cast<std::size_t>(m.size()) * sizeof(double));
  }
  void doubles(const double* p, std::size_t n) { put(p, n * sizeof(double)); }
  const std::vector<unsigned char>& bytes() const { return bytes_; }

 private:
  void put(const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    bytes_.insert(bytes_.end(), b, b + n);
  }
  std::vector<unsigned char> bytes_;
};

class Unpacker {
 public:
  explicit Unpacker(const std::vector<unsigned char>& bytes) : bytes_(bytes) {}
  double number() {
    double x;
    get(&x, sizeof x);
    return x;
  }
  std::int64_t count() {
    std::int64_t n;
    get(&n, sizeof n);
    return n;
  }
  void vector(Eigen::VectorXd& v) {
    v.resize(count());
    get(v.data(), static_cast<std::size_t>(v.size()) * sizeof(double));
  }
  void matrix(Eigen::MatrixXd& m) {
    const std::int64_t rows = count(), cols = count();
    m.resize(rows, cols);
    get(m.data(), static_cast<std::size_t>(m.size()) * sizeof(double));
  }
  void doubles(double* p, std::size_t n) { get(p, n * sizeof(double)); }
  bool done() const { return at_ == bytes_.size(); }

 private:
  void get(void* p, std::size_t n) {
    if (at_ + n > bytes_.size()) throw std::runtime_error("mcmc: the gathered chain states are shorter than expected");
    if (n > 0) std::memcpy(p, bytes_.data() + at_, n);
    at_ += n;
  }
  const std::vector<unsigned char>& bytes_;
  std::size_t at_ = 0;
};

void pack(Packer& p, const VarianceAccumulator& a) {
  p.number(a.count);
  p.vector(a.mean);
  p.vector(a.m2);
  p.matrix(a.cross);
}

void unpack(Unpacker& u, VarianceAccumulator& a) {
  a.count = u.number();
  u.vector(a.mean);
  u.vector(a.m2);
  u.matrix(a.cross);
}

void pack(Packer& p, const ChainState& c) {
  p.vector(c.position);
  p.vector(c.gradient);
  p.vector(c.momentum);
  p.number(c.log_density);
  p.number(c.step_size);
  const DualAveraging& a = c.step_adaptation;
  for (double x : {a.target_accept, a.gamma, a.t0, a.kappa, a.counter, a.s_bar, a.x_bar, a.mu}) p.number(x);
  for (const auto& half : c.metric_window) {
    pack(p, half.position);
    pack(p, half.gradient);
  }
  p.count(c.gradient_evaluations);
}

void unpack(Unpacker& u, ChainState& c) {
  u.vector(c.position);
  u.vector(c.gradient);
  u.vector(c.momentum);
  c.log_density = u.number();
  c.step_size = u.number();
  DualAveraging& a = c.step_adaptation;
  for (double* x : {&a.target_accept, &a.gamma, &a.t0, &a.kappa, &a.counter, &a.s_bar, &a.x_bar, &a.mu})
    *x = u.number();
  for (auto& half : c.metric_window) {
    unpack(u, half.position);
    unpack(u, half.gradient);
  }
  c.gradient_evaluations = u.count();
}

}  // namespace

ChainShare chain_share(int chains) {
  if (!core::mpi::distributed()) return {0, chains};
  const auto n = static_cast<std::size_t>(chains);
  const int r = core::mpi::rank();
  return {static_cast<int>(core::mpi::share_begin(0, n, r)), static_cast<int>(core::mpi::share_begin(0, n, r + 1))};
}

void share_chains(RunState& st, const ChainShare& mine, std::int64_t kept_begin, std::int64_t kept_end) {
  if (!core::mpi::distributed()) return;
  const auto width = static_cast<std::size_t>(st.parameters);
  const auto new_draws = static_cast<std::size_t>(kept_end - kept_begin);
  auto first_draw = [&](int c) {
    return static_cast<std::size_t>(c) * static_cast<std::size_t>(st.capacity) + static_cast<std::size_t>(kept_begin);
  };
  Packer p;
  for (int c = mine.begin; c < mine.end; ++c) {
    pack(p, st.chain[static_cast<std::size_t>(c)]);
    const std::size_t i = first_draw(c);
    p.doubles(st.draws.data() + i * width, new_draws * width);
    p.doubles(st.accept_stat.data() + i, new_draws);
    p.doubles(st.log_density.data() + i, new_draws);
  }
  const std::vector<unsigned char> all = core::mpi::allgather(p.bytes().data(), p.bytes().size());
  Unpacker u(all);
  for (int c = 0; c < st.chains; ++c) {
    unpack(u, st.chain[static_cast<std::size_t>(c)]);
    const std::size_t i = first_draw(c);
    u.doubles(st.draws.data() + i * width, new_draws * width);
    u.doubles(st.accept_stat.data() + i, new_draws);
    u.doubles(st.log_density.data() + i, new_draws);
  }
  if (!u.done()) throw std::runtime_error("mcmc: the gathered chain states are longer than expected");
}

}  // namespace ito::mcmc
