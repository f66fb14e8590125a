// ito converge <params.toml>: strong/weak convergence study (ito::convergence::run_converge).
#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "command.hpp"
#include "descriptions.hpp"
#include "ito/convergence/converge.hpp"
#include "ito/convergence/params.hpp"

namespace ito::apps {
namespace {

std::string run(Context& ctx) {
  const auto problem = convergence::read_converge_problem(ctx.params);
  const auto report = convergence::run_converge(problem, ctx.seed);

  io::ResultFile file(ctx.out);
  file.write("/levels/dt", report.dt);
  std::vector<std::int64_t> steps(problem.steps.begin(), problem.steps.end());
  file.write("/levels/steps", steps);
  file.attribute("/summary", "reference", report.reference);
  file.attribute("/summary", "self_convergence", static_cast<std::int64_t>(report.self_convergence));
  if (!report.weak_reference.empty()) file.attribute("/summary", "weak_reference", report.weak_reference);
  file.attribute("/summary", "paths", static_cast<std::int64_t>(problem.paths));
  const bool strong = problem.kind != convergence::StudyKind::weak;
  const bool weak = problem.kind != convergence::StudyKind::strong;
  file.attribute("/summary", "kind", std::string(strong && weak ? "both" : strong ? "strong" : "weak"));
  std::ostringstream line;
  line << std::fixed << std::setprecision(3);
  line << "converge " << problem.model << " (" << problem.paths << " paths, reference: "
       << (report.self_convergence ? "self-convergence" : "exact")
       << (report.weak_reference.empty() ? "" : "; weak: exact expectation") << "):";
  for (const auto& s : report.schemes) {
    const auto& r = s.result;
    const std::string g = "/" + s.scheme;
    auto ci = [](const convergence::OrderFit& f) { return std::vector<double>{f.ci_low, f.ci_high}; };
    // Primary measure: strong error if computed, else weak error.
    if (strong) {
      file.write(g + "/error", r.strong_error);
      file.write(g + "/error_se", r.strong_error_se);
      file.write(g + "/rms_error", r.strong_rms);
      file.write(g + "/rms_error_se", r.strong_rms_se);
      if (report.dt.size() >= 2) file.write(g + "/local_order", convergence::local_orders(report.dt, r.strong_error));
      file.attribute("/summary", s.scheme + ".order", r.strong_fit.order);
      file.attribute("/summary", s.scheme + ".order_ci", ci(r.strong_fit));
      file.attribute("/summary", s.scheme + ".order_pre_asymptotic", r.strong_fit.pre_asymptotic);
      file.attribute("/summary", s.scheme + ".order_extrapolated", r.strong_fit.extrapolated_order);
      file.attribute("/summary", s.scheme + ".expected_order", s.expected_strong);
      file.attribute("/summary", s.scheme + ".rms_order", r.strong_rms_fit.order);
      file.attribute("/summary", s.scheme + ".rms_order_ci", ci(r.strong_rms_fit));
      file.attribute("/summary", s.scheme + ".max_error", r.max_strong_error);
    }
    if (weak) {
      const std::string prefix = strong ? "weak_" : "";
      file.write(g + "/" + prefix + "error", r.weak_error);
      file.write(g + "/" + prefix + "error_se", r.weak_error_se);
      file.write(g + "/weak_bias_signed", r.weak_signed);
      if (report.dt.size() >= 2)
        file.write(g + "/" + prefix + "local_order", convergence::local_orders(report.dt, r.weak_error));
      if (!r.weak_plain.empty()) {
        file.write(g + "/weak_plain_error", r.weak_plain);
        file.write(g + "/weak_plain_error_se", r.weak_plain_se);
      }
      file.attribute("/summary", s.scheme + "." + prefix + "order", r.weak_fit.order);
      file.attribute("/summary", s.scheme + "." + prefix + "order_ci", ci(r.weak_fit));
      file.attribute("/summary", s.scheme + "." + prefix + "order_pre_asymptotic", r.weak_fit.pre_asymptotic);
      file.attribute("/summary", s.scheme + "." + prefix + "order_extrapolated", r.weak_fit.extrapolated_order);
      file.attribute("/summary", s.scheme + "." + prefix + "expected_order", s.expected_weak);
      file.attribute("/summary", s.scheme + "." + prefix + "order_resolved", static_cast<std::int64_t>(r.weak_fit_valid));
    }
    line << "  " << s.scheme << " ";
    const auto& f = strong ? r.strong_fit : r.weak_fit;
    if (std::isinf(s.expected_strong) && strong)
      line << "max error " << std::scientific << std::setprecision(1) << r.max_strong_error << std::fixed
           << std::setprecision(3);
    else
      line << (strong ? "strong " : "weak ") << f.order << " [" << f.ci_low << ", " << f.ci_high << "]";
    if (strong && weak && !std::isinf(s.expected_weak))
      line << " weak " << r.weak_fit.order << " [" << r.weak_fit.ci_low << ", " << r.weak_fit.ci_high << "]";
  }
  file.describe(dataset_descriptions("converge"));
  ctx.finish(file);
  line << "  -> " << ctx.out;
  return line.str();
}

ITO_COMMAND(Command{"converge", "strong/weak convergence study of SDE schemes on shared Brownian paths",
                    "converge.h5", run, &convergence::converge_schema, /*distributed=*/true});

}  // namespace
}  // namespace ito::apps
