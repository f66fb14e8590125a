#include "ito/mcmc/checkpoint.hpp"

#include <cstdint>
#include <filesystem>
#include <sstream>
#include <vector>

#include "ito/core/error.hpp"
#include "ito/io/hdf5.hpp"
#include "ito/mcmc/schedule.hpp"

namespace ito::mcmc {
namespace {

using Dims = std::vector<std::uint64_t>;

std::vector<double> per_chain(const RunState& s, double (*get)(const ChainState&)) {
  std::vector<double> v;
  v.reserve(s.chain.size());
  for (const auto& c : s.chain) v.push_back(get(c));
  return v;
}

std::vector<double> per_chain_vector(const RunState& s, const Eigen::VectorXd& (*get)(const ChainState&),
                                     std::size_t width) {
  std::vector<double> v;
  v.reserve(s.chain.size() * width);
  for (const auto& c : s.chain) {
    const Eigen::VectorXd& x = get(c);
    if (static_cast<std::size_t>(x.size()) != width) throw IoError("checkpoint: inconsistent vector length in chain state");
    v.insert(v.end(), x.data(), x.data() + x.size());
  }
  return v;
}

/// One vector of every chain's two half-window accumulators (of positions or of gradients), chain-major:
/// get(accumulator) of chain 0's first and second half, then chain 1's, ...
template <class Get>
std::vector<double> per_half_window(const RunState& s, VarianceAccumulator WindowAccumulator::*which, Get get,
                                    std::size_t width) {
  std::vector<double> v;
  v.reserve(s.chain.size() * 2 * width);
  for (const auto& c : s.chain)
    for (const auto& half : c.metric_window) {
      const auto& x = get(half.*which);
      if (static_cast<std::size_t>(x.size()) != width) throw IoError("checkpoint: inconsistent metric-window size");
      v.insert(v.end(), x.data(), x.data() + x.size());
    }
  return v;
}

}  // namespace

void write_checkpoint(const std::string& path, const RunState& s) {
  io::ResultFile f(path);
  const auto chains = static_cast<std::uint64_t>(s.chains);
  const auto dim = static_cast<std::uint64_t>(s.dim);
  f.attribute("/run", "fingerprint", s.fingerprint);
  f.attribute("/run", "dim", static_cast<double>(s.dim));
  f.attribute("/run", "parameters", static_cast<double>(s.parameters));
  f.attribute("/run", "chains", static_cast<double>(s.chains));
  f.attribute("/run", "iteration", static_cast<double>(s.iteration));
  f.attribute("/run", "capacity", static_cast<double>(s.capacity));
  f.attribute("/run", "kept", static_cast<double>(s.kept));
  f.attribute("/run", "warmup_seconds", s.warmup_seconds);
  f.attribute("/run", "sampling_seconds", s.sampling_seconds);
  f.attribute("/run", "diagnostics_seconds", s.diagnostics_seconds);
  f.attribute("/run", "converged_early", s.converged_early ? 1.0 : 0.0);
  f.attribute("/run", "warmup_length", static_cast<double>(s.warmup_length));
  f.attribute("/run", "metric_extensions", static_cast<double>(s.metric_extensions));
  f.attribute("/run", "sampling_length", static_cast<double>(s.sampling_length));
  f.attribute("/run", "metric_settled", s.metric_settled ? 1.0 : 0.0);
  f.attribute("/run", "step_settled", s.step_settled ? 1.0 : 0.0);
  f.write("/run/inverse_metric", std::vector<double>(s.inverse_metric.data(), s.inverse_metric.data() + s.dim));
  const std::uint64_t factor_width = s.inverse_metric_factor.size() > 0 ? dim : 0;
  f.write("/run/inverse_metric_factor",
          std::vector<double>(s.inverse_metric_factor.data(), s.inverse_metric_factor.data() + s.inverse_metric_factor.size()),
          {factor_width, factor_width});
  f.write("/run/draws", s.draws, {chains, static_cast<std::uint64_t>(s.capacity), static_cast<std::uint64_t>(s.parameters)});
  f.write("/run/accept_stat", s.accept_stat, {chains, static_cast<std::uint64_t>(s.capacity)});
  f.write("/run/log_density", s.log_density, {chains, static_cast<std::uint64_t>(s.capacity)});
  f.write("/run/diagnostics_history", s.diagnostics_history, {s.diagnostics_history.size() / 3, 3});
  f.write("/run/adaptation_history", s.adaptation_history, {s.adaptation_history.size() / 5, 5});

  const bool has_momentum = !s.chain.empty() && s.chain.front().momentum.size() > 0;
  const std::uint64_t momentum_width = has_momentum ? dim : 0;
  f.write("/chain/position", per_chain_vector(s, [](const ChainState& c) -> const Eigen::VectorXd& { return c.position; }, dim), {chains, dim});
  f.write("/chain/gradient", per_chain_vector(s, [](const ChainState& c) -> const Eigen::VectorXd& { return c.gradient; }, dim), {chains, dim});
  f.write("/chain/momentum", per_chain_vector(s, [](const ChainState& c) -> const Eigen::VectorXd& { return c.momentum; }, momentum_width), {chains, momentum_width});
  const bool dense_window = !s.chain.empty() && s.chain.front().metric_window[0].position.cross.size() > 0;
  const std::uint64_t cross_width = dense_window ? dim * dim : 0;
  for (const auto& [prefix, which] : {std::pair{"/chain/window_", &WindowAccumulator::position},
                                      std::pair{"/chain/window_gradient_", &WindowAccumulator::gradient}}) {
    const std::string p = prefix;
    f.write(p + "mean", per_half_window(s, which, [](const VarianceAccumulator& w) -> const Eigen::VectorXd& { return w.mean; }, dim), {chains, 2, dim});
    f.write(p + "m2", per_half_window(s, which, [](const VarianceAccumulator& w) -> const Eigen::VectorXd& { return w.m2; }, dim), {chains, 2, dim});
    f.write(p + "cross", per_half_window(s, which, [](const VarianceAccumulator& w) -> const Eigen::MatrixXd& { return w.cross; }, cross_width), {chains, 2, cross_width});
  }
  std::vector<double> window_count;
  for (const auto& c : s.chain)
    for (const auto& half : c.metric_window) window_count.push_back(half.count());
  f.write("/chain/window_count", window_count, {chains, 2});
  f.write("/chain/log_density", per_chain(s, [](const ChainState& c) { return c.log_density; }));
  f.write("/chain/step_size", per_chain(s, [](const ChainState& c) { return c.step_size; }));
  f.write("/chain/da_counter", per_chain(s, [](const ChainState& c) { return c.step_adaptation.counter; }));
  f.write("/chain/da_s_bar", per_chain(s, [](const ChainState& c) { return c.step_adaptation.s_bar; }));
  f.write("/chain/da_x_bar", per_chain(s, [](const ChainState& c) { return c.step_adaptation.x_bar; }));
  f.write("/chain/da_mu", per_chain(s, [](const ChainState& c) { return c.step_adaptation.mu; }));
  f.write("/chain/da_target_accept", per_chain(s, [](const ChainState& c) { return c.step_adaptation.target_accept; }));
  std::vector<std::int64_t> grads, warmup_grads(s.warmup_gradient_evaluations);
  for (const auto& c : s.chain) grads.push_back(c.gradient_evaluations);
  f.write("/chain/gradient_evaluations", grads);
  f.write("/chain/warmup_gradient_evaluations", warmup_grads);
  f.commit();
}

RunState read_checkpoint(const std::string& path) {
  RunState s;
  auto number = [&](const char* name) { return io::read_double_attribute(path, "/run", name); };
  s.fingerprint = io::read_string_attribute(path, "/run", "fingerprint");
  s.dim = static_cast<int>(number("dim"));
  s.parameters = static_cast<int>(number("parameters"));
  s.chains = static_cast<int>(number("chains"));
  s.iteration = static_cast<std::int64_t>(number("iteration"));
  s.capacity = static_cast<std::int64_t>(number("capacity"));
  s.kept = static_cast<std::int64_t>(number("kept"));
  s.warmup_seconds = number("warmup_seconds");
  s.sampling_seconds = number("sampling_seconds");
  s.diagnostics_seconds = number("diagnostics_seconds");
  s.converged_early = number("converged_early") != 0.0;
  s.warmup_length = static_cast<std::int64_t>(number("warmup_length"));
  s.metric_extensions = static_cast<int>(number("metric_extensions"));
  s.sampling_length = static_cast<std::int64_t>(number("sampling_length"));
  s.metric_settled = number("metric_settled") != 0.0;
  s.step_settled = number("step_settled") != 0.0;
  const auto chains = static_cast<std::size_t>(s.chains), dim = static_cast<std::size_t>(s.dim);
  auto read = [&](const std::string& name, std::size_t expected) {
    io::Dataset d = io::read_dataset(path, name);
    if (d.values.size() != expected)
      throw IoError(path + ": checkpoint dataset '" + name + "' has " + std::to_string(d.values.size()) +
                    " values, expected " + std::to_string(expected));
    return std::move(d.values);
  };
  const auto metric = read("/run/inverse_metric", dim);
  s.inverse_metric = Eigen::Map<const Eigen::VectorXd>(metric.data(), s.dim);
  {
    const auto factor = io::read_dataset(path, "/run/inverse_metric_factor").values;
    if (!factor.empty()) {
      if (factor.size() != dim * dim) throw IoError(path + ": checkpoint inverse_metric_factor has the wrong size");
      s.inverse_metric_factor = Eigen::Map<const Eigen::MatrixXd>(factor.data(), s.dim, s.dim);
    }
  }
  const auto window_cross = io::read_dataset(path, "/chain/window_cross").values,
             window_gradient_cross = io::read_dataset(path, "/chain/window_gradient_cross").values;
  if (!window_cross.empty() && window_cross.size() != 2 * chains * dim * dim)
    throw IoError(path + ": checkpoint window_cross has the wrong size");
  if (window_gradient_cross.size() != window_cross.size())
    throw IoError(path + ": checkpoint window_gradient_cross has the wrong size");
  const std::size_t n = chains * static_cast<std::size_t>(s.capacity);
  const auto assign = [](DrawArray& to, const std::vector<double>& from) { to.assign(from.begin(), from.end()); };
  assign(s.draws, read("/run/draws", n * static_cast<std::size_t>(s.parameters)));
  assign(s.accept_stat, read("/run/accept_stat", n));
  assign(s.log_density, read("/run/log_density", n));
  s.diagnostics_history = io::read_dataset(path, "/run/diagnostics_history").values;
  s.adaptation_history = io::read_dataset(path, "/run/adaptation_history").values;

  const auto momentum = io::read_dataset(path, "/chain/momentum").values;
  const bool has_momentum = !momentum.empty();
  if (has_momentum && momentum.size() != chains * dim) throw IoError(path + ": checkpoint momentum has the wrong size");
  const auto position = read("/chain/position", chains * dim), gradient = read("/chain/gradient", chains * dim),
             window_mean = read("/chain/window_mean", 2 * chains * dim), window_m2 = read("/chain/window_m2", 2 * chains * dim),
             window_gradient_mean = read("/chain/window_gradient_mean", 2 * chains * dim),
             window_gradient_m2 = read("/chain/window_gradient_m2", 2 * chains * dim),
             log_density = read("/chain/log_density", chains), step_size = read("/chain/step_size", chains),
             da_counter = read("/chain/da_counter", chains), da_s_bar = read("/chain/da_s_bar", chains),
             da_x_bar = read("/chain/da_x_bar", chains), da_mu = read("/chain/da_mu", chains),
             da_target = read("/chain/da_target_accept", chains), window_count = read("/chain/window_count", 2 * chains),
             grads = read("/chain/gradient_evaluations", chains),
             warmup_grads = read("/chain/warmup_gradient_evaluations", chains);
  s.chain.resize(chains);
  auto row = [&](const std::vector<double>& v, std::size_t c) {
    return Eigen::VectorXd(Eigen::Map<const Eigen::VectorXd>(v.data() + c * dim, s.dim));
  };
  for (std::size_t c = 0; c < chains; ++c) {
    ChainState& cs = s.chain[c];
    cs.position = row(position, c);
    cs.gradient = row(gradient, c);
    if (has_momentum) cs.momentum = row(momentum, c);
    cs.log_density = log_density[c];
    cs.step_size = step_size[c];
    cs.step_adaptation.counter = da_counter[c];
    cs.step_adaptation.s_bar = da_s_bar[c];
    cs.step_adaptation.x_bar = da_x_bar[c];
    cs.step_adaptation.mu = da_mu[c];
    cs.step_adaptation.target_accept = da_target[c];
    for (std::size_t h = 0; h < 2; ++h) {
      const std::size_t k = 2 * c + h;
      VarianceAccumulator& x = cs.metric_window[h].position;
      VarianceAccumulator& g = cs.metric_window[h].gradient;
      x.count = g.count = window_count[k];
      x.mean = row(window_mean, k);
      x.m2 = row(window_m2, k);
      g.mean = row(window_gradient_mean, k);
      g.m2 = row(window_gradient_m2, k);
      if (!window_cross.empty()) {
        x.cross = Eigen::Map<const Eigen::MatrixXd>(window_cross.data() + k * dim * dim, s.dim, s.dim);
        g.cross = Eigen::Map<const Eigen::MatrixXd>(window_gradient_cross.data() + k * dim * dim, s.dim, s.dim);
      }
    }
    cs.gradient_evaluations = static_cast<std::int64_t>(grads[c]);
    s.warmup_gradient_evaluations.push_back(static_cast<std::int64_t>(warmup_grads[c]));
  }
  return s;
}

std::string run_fingerprint(const RunSettings& s, int dim) {
  std::ostringstream os;
  os.precision(17);
  os << "sampler=" << sampler_name(s.sampler.kind) << " step_size=" << s.sampler.step_size
     << " adapt_step_size=" << s.sampler.adapt_step_size << " adapt_metric=" << s.sampler.adapt_metric
     << " target_accept=" << s.sampler.target_accept << " friction=" << s.sampler.friction << " chains=" << s.chains
     << " warmup=" << s.warmup << " max_warmup=" << s.max_warmup << " draws=" << s.draws
     << " max_draws=" << s.max_draws << " thin=" << s.thin << " seed=" << s.seed
     << " metric_settle_ratio=" << s.metric_settle_ratio << " step_settle_ratio=" << s.step_settle_ratio
     << " init_radius=" << s.init_radius << " dim=" << dim << " diagnostics_interval=" << s.diagnostics_interval
     << " stop_when_converged=" << s.stop_when_converged << " rhat_below=" << s.rhat_below
     << " min_ess_per_chain=" << s.min_ess_per_chain << " target=" << s.target_description;
  if (s.sampler.metric == MetricKind::dense) os << " metric=dense";  // absent for diag: old checkpoints resume
  if (s.initial_point) {
    os << " init=";
    for (double v : *s.initial_point) os << v << ',';
  }
  return os.str();
}

StartState start_state(const RunSettings& settings, int dim, int parameters) {
  StartState start;
  RunState& st = start.state;
  const std::string fingerprint = run_fingerprint(settings, dim);
  start.resumed = settings.resume && !settings.checkpoint_path.empty() && std::filesystem::exists(settings.checkpoint_path);
  if (start.resumed) {
    st = read_checkpoint(settings.checkpoint_path);
    if (st.fingerprint != fingerprint)
      ito::detail::throw_error<ParameterError>("cannot resume from checkpoint '", settings.checkpoint_path,
                                               "': it was written by a run with different settings\n  checkpoint: ",
                                               st.fingerprint, "\n  this run:   ", fingerprint);
    return start;
  }
  st.fingerprint = fingerprint;
  st.dim = dim;
  st.parameters = parameters;
  st.chains = settings.chains;
  Schedule::start(settings, st);
  st.grow_capacity((st.sampling_length + settings.thin - 1) / settings.thin,
                   (settings.max_draws + settings.thin - 1) / settings.thin);
  return start;
}

}  // namespace ito::mcmc
