#include "ito/core/expression.hpp"

#include <muParser.h>

#include <algorithm>
#include <sstream>

#include "ito/core/error.hpp"
#include "ito/core/parallel.hpp"

namespace ito::core {

namespace {
constexpr std::size_t kMaxThreads = 1024;

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s.empty() ? "none" : s;
}
}  // namespace

struct Expression::Compiled {
  std::vector<double> values;
  mu::Parser parser;

  Compiled(const Expression& e) : values(e.variables_.size(), 0.0) {
    for (std::size_t i = 0; i < values.size(); ++i) parser.DefineVar(e.variables_[i], &values[i]);
    for (const auto& [name, value] : e.constants_) parser.DefineConst(name, value);
    parser.SetExpr(e.text_);
    parser.Eval();  // muparser parses lazily on the first evaluation; from then on it runs the bytecode
  }
};

Expression::Expression(std::string text, std::vector<std::string> variables, std::map<std::string, double> constants)
    : text_(std::move(text)),
      variables_(std::move(variables)),
      constants_(std::move(constants)),
      arity_(variables_.size()),
      per_thread_(std::make_unique<std::unique_ptr<Compiled>[]>(kMaxThreads)) {
  try {
    per_thread_[0] = std::make_unique<Compiled>(*this);
  } catch (const mu::Parser::exception_type& e) {
    std::ostringstream os;
    os << "expression '" << text_ << "': ";
    if (e.GetCode() == mu::ecUNASSIGNABLE_TOKEN)
      os << "unknown name '" << e.GetToken() << "' at position " << e.GetPos();
    else
      os << e.GetMsg();
    if (e.GetPos() >= 0) {  // 0-based; past the end for an unexpected end of the text
      const std::size_t pos = std::min(static_cast<std::size_t>(e.GetPos()), text_.size());
      os << " [here: '" << text_.substr(0, pos) << "^" << text_.substr(pos) << "']";
    }
    std::vector<std::string> names;
    for (const auto& c : constants_) names.push_back(c.first);
    os << "; variables: " << joined(variables_) << "; constants: " << joined(names);
    throw ParameterError(os.str());
  }
}

// A copy compiles its own parsers: muparser binds variables by address, so a copied parser would still
// write into the original's variables.
Expression::Expression(const Expression& o) : Expression(o.text_, o.variables_, o.constants_) {}
Expression& Expression::operator=(const Expression& o) {
  if (this != &o) *this = Expression(o);
  return *this;
}
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;
Expression::~Expression() = default;

// Thread k only ever touches per_thread_[k], so the lazy construction needs no lock. It happens once per
// thread; the common path below is a load, a copy of the values and the bytecode run.
Expression::Compiled& Expression::compile_for_thread(std::size_t k) const {
  if (k >= kMaxThreads) throw Error("expression '" + text_ + "': more than 1024 threads");
  per_thread_[k] = std::make_unique<Compiled>(*this);
  return *per_thread_[k];
}

double Expression::evaluate(const double* values) const {
  const auto k = static_cast<std::size_t>(worker_index());
  Compiled* c = k < kMaxThreads ? per_thread_[k].get() : nullptr;
  if (!c) [[unlikely]]
    c = &compile_for_thread(k);
  double* v = c->values.data();
  switch (arity_) {  // the usual one to three variables without a loop's set-up
    case 3:
      v[2] = values[2];
      [[fallthrough]];
    case 2:
      v[1] = values[1];
      [[fallthrough]];
    case 1:
      v[0] = values[0];
      [[fallthrough]];
    case 0:
      break;
    default:
      for (std::size_t i = 0; i < arity_; ++i) v[i] = values[i];
  }
  return c->parser.Eval();
}

}  // namespace ito::core
