#include "ito/sde/expression_model.hpp"

#include <muParser.h>
#include <omp.h>

#include <sstream>

#include "ito/core/error.hpp"

namespace ito::sde::detail {

namespace {
constexpr std::size_t kMaxThreads = 1024;

void define_parameters(mu::Parser& p, const std::map<std::string, double>& parameters) {
  for (const auto& [name, value] : parameters) p.DefineConst(name, value);
}

/// Sets and checks one expression: parse now (muparser parses lazily on the first Eval) so that errors are
/// reported at construction, with the expression and the position.
void compile(mu::Parser& p, const std::string& what, const std::string& text, const char* variables) {
  try {
    p.SetExpr(text);
    p.Eval();
  } catch (const mu::Parser::exception_type& e) {
    std::ostringstream os;
    os << what << " expression '" << text << "': " << e.GetMsg();
    const int pos = e.GetPos();  // 0-based, as in muparser's message
    if (pos >= 0 && static_cast<std::size_t>(pos) <= text.size())
      os << " [here: '" << text.substr(0, static_cast<std::size_t>(pos)) << " ^ "
         << text.substr(static_cast<std::size_t>(pos)) << "']";
    os << "; variables available: " << variables << " and the named parameters";
    throw ParameterError(os.str());
  }
}
}  // namespace

struct ExpressionSlot {
  double t = 0.0, x = 0.5, x0 = 0.5, w = 0.0;
  mu::Parser drift, diffusion, derivative, exact;

  explicit ExpressionSlot(const ExpressionSpec& s) {
    for (mu::Parser* p : {&drift, &diffusion, &derivative}) {
      p->DefineVar("x", &x);
      p->DefineVar("t", &t);
      define_parameters(*p, s.parameters);
    }
    exact.DefineVar("t", &t);
    exact.DefineVar("x0", &x0);
    exact.DefineVar("W", &w);
    define_parameters(exact, s.parameters);
    ITO_REQUIRE(!s.drift.empty() && !s.diffusion.empty(), "the drift and diffusion expressions are required");
    compile(drift, "drift", s.drift, "x, t");
    compile(diffusion, "diffusion", s.diffusion, "x, t");
    if (!s.diffusion_derivative.empty()) compile(derivative, "diffusion_derivative", s.diffusion_derivative, "x, t");
    if (!s.exact.empty()) compile(exact, "exact", s.exact, "t, x0, W");
  }
};

ExpressionEvaluator::ExpressionEvaluator(ExpressionSpec spec) : spec_(std::move(spec)), slots_(kMaxThreads) {
  slots_[0] = std::make_unique<ExpressionSlot>(spec_);  // parses now: errors surface at construction
}
ExpressionEvaluator::ExpressionEvaluator(const ExpressionEvaluator& o) : spec_(o.spec_), slots_(kMaxThreads) {
  slots_[0] = std::make_unique<ExpressionSlot>(spec_);
}
ExpressionEvaluator& ExpressionEvaluator::operator=(const ExpressionEvaluator& o) {
  if (this != &o) *this = ExpressionEvaluator(o);
  return *this;
}
ExpressionEvaluator::ExpressionEvaluator(ExpressionEvaluator&&) noexcept = default;
ExpressionEvaluator& ExpressionEvaluator::operator=(ExpressionEvaluator&&) noexcept = default;
ExpressionEvaluator::~ExpressionEvaluator() = default;

// Thread k only ever touches slots_[k], so lazy creation needs no lock.
ExpressionSlot& ExpressionEvaluator::slot() const {
  const auto k = static_cast<std::size_t>(omp_get_thread_num());
  if (k >= slots_.size()) throw ito::Error("expression model: more than 1024 OpenMP threads");
  auto& s = slots_[k];
  if (!s) s = std::make_unique<ExpressionSlot>(spec_);
  return *s;
}

double ExpressionEvaluator::drift(double t, double x) const {
  ExpressionSlot& s = slot();
  s.t = t;
  s.x = x;
  return s.drift.Eval();
}
double ExpressionEvaluator::diffusion(double t, double x) const {
  ExpressionSlot& s = slot();
  s.t = t;
  s.x = x;
  return s.diffusion.Eval();
}
double ExpressionEvaluator::diffusion_derivative(double t, double x) const {
  ExpressionSlot& s = slot();
  s.t = t;
  s.x = x;
  return s.derivative.Eval();
}
double ExpressionEvaluator::exact(double t, double x0, double w) const {
  ExpressionSlot& s = slot();
  s.t = t;
  s.x0 = x0;
  s.w = w;
  return s.exact.Eval();
}

}  // namespace ito::sde::detail
