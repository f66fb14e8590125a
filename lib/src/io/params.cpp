#include "ito/io/params.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "ito/core/error.hpp"

namespace ito::io {

bool Range::contains(double v) const {
  if (!std::isfinite(v)) return false;
  if (min && (min_exclusive ? !(v > *min) : !(v >= *min))) return false;
  if (max && (max_exclusive ? !(v < *max) : !(v <= *max))) return false;
  return true;
}

std::string Range::describe(bool integer) const {
  std::ostringstream os;
  os.precision(12);  // bounds such as 4294967295 or 1e8 in full
  os << (integer ? "an integer" : "a finite number");
  if (min) os << ' ' << (min_exclusive ? ">" : ">=") << ' ' << *min;
  if (min && max) os << " and";
  if (max) os << ' ' << (max_exclusive ? "<" : "<=") << ' ' << *max;
  return os.str();
}

namespace {

std::string describe_node(const toml::node& n) {
  std::ostringstream os;
  switch (n.type()) {
    case toml::node_type::string: os << "string \"" << n.value<std::string>().value_or("") << '"'; break;
    case toml::node_type::integer: os << n.value<std::int64_t>().value_or(0); break;
    case toml::node_type::floating_point: os << n.value<double>().value_or(0.0); break;
    case toml::node_type::boolean: os << (n.value<bool>().value_or(false) ? "true" : "false"); break;
    case toml::node_type::table: os << "a table"; break;
    case toml::node_type::array: os << "an array"; break;
    default: os << "a date/time"; break;
  }
  return os.str();
}

std::vector<std::string> split_key(std::string_view key) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = key.find('.', start);
    parts.emplace_back(key.substr(start, dot == std::string_view::npos ? key.npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

std::string join_choices(const std::vector<std::string>& choices) {
  std::string s;
  for (std::size_t i = 0; i < choices.size(); ++i) s += (i ? ", " : "") + ("'" + choices[i] + "'");
  return s;
}

// Recursively merges `from` into `into` (values in `from` win).
void merge(toml::table& into, const toml::table& from) {
  for (const auto& [k, v] : from) {
    if (v.is_table() && into.contains(k) && into[k].is_table()) {
      merge(*into[k].as_table(), *v.as_table());
    } else {
      into.insert_or_assign(k, v);
    }
  }
}

}  // namespace

Params Params::from_file(const std::string& path, const std::vector<std::string>& overrides) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw ParameterError(path + ": cannot read the parameter file: this is a directory (expected a TOML file)");
  if (!std::filesystem::exists(path, ec))
    throw ParameterError(path + ": cannot open parameter file (no such file)");
  if (!std::filesystem::is_regular_file(path, ec) || ::access(path.c_str(), R_OK) != 0)
    throw ParameterError(path + ": cannot read the parameter file (not a readable regular file)");
  Params p;
  p.source_ = path;
  try {
    p.table_ = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    std::ostringstream os;
    os << path << ':' << e.source().begin.line << ':' << e.source().begin.column << ": " << e.description();
    throw ParameterError(os.str());
  }
  for (const auto& o : overrides) p.apply_override(o);
  return p;
}

Params Params::from_string(std::string_view text, const std::string& source_name,
                           const std::vector<std::string>& overrides) {
  Params p;
  p.source_ = source_name;
  try {
    p.table_ = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    std::ostringstream os;
    os << source_name << ':' << e.source().begin.line << ':' << e.source().begin.column << ": " << e.description();
    throw ParameterError(os.str());
  }
  for (const auto& o : overrides) p.apply_override(o);
  return p;
}

void Params::apply_override(const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ParameterError("--set " + assignment + ": expected key=value (e.g. --set study.paths=2000)");
  const std::string key = assignment.substr(0, eq), value = assignment.substr(eq + 1);
  toml::table snippet;
  try {
    snippet = toml::parse(key + " = " + value);
  } catch (const toml::parse_error&) {
    try {  // a bare word is taken as a string
      snippet = toml::parse(key + " = \"" + value + "\"");
    } catch (const toml::parse_error& e) {
      throw ParameterError("--set " + assignment + ": " + std::string(e.description()));
    }
  }
  merge(table_, snippet);
  overrides_[key] = "--set " + assignment;
}

const toml::node* Params::find(std::string_view key) const {
  const toml::node* node = &table_;
  for (const auto& part : split_key(key)) {
    const auto* t = node->as_table();
    if (!t) return nullptr;
    node = t->get(part);
    if (!node) return nullptr;
  }
  return node;
}

bool Params::has(std::string_view key) const { return find(key) != nullptr; }

std::string Params::location(std::string_view key) const {
  if (auto it = overrides_.find(key); it != overrides_.end()) return it->second;
  // A key inside a table given by --set ('--set study={paths=5}'), or a table --set created
  // ('--set foo.bar=1' makes the table foo).
  for (const auto& [k, where] : overrides_) {
    const bool inside = key.size() > k.size() && key.compare(0, k.size(), k) == 0 && key[k.size()] == '.';
    const bool above = k.size() > key.size() && k.compare(0, key.size(), key) == 0 && k[key.size()] == '.';
    if (inside || above) return where;
  }
  if (const auto* n = find(key); n && n->source().begin.line > 0) {
    std::ostringstream os;
    os << source_ << ':' << n->source().begin.line << ':' << n->source().begin.column;
    return os.str();
  }
  return source_;
}

void Params::fail(std::string_view key, const std::string& message) const {
  throw ParameterError(location(key) + ": key '" + std::string(key) + "': " + message);
}

template <class T>
std::optional<T> Params::get_scalar(std::string_view key, const char* expected) {
  used_.emplace(key);
  const auto* n = find(key);
  if (!n) return std::nullopt;
  if constexpr (std::is_same_v<T, double>) {
    if (n->is_integer()) return static_cast<double>(*n->value<std::int64_t>());
    if (n->is_floating_point()) return *n->value<double>();
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    if (n->is_integer()) return *n->value<std::int64_t>();
    if (n->is_floating_point()) {  // 1e6 is accepted as an integer when it is one
      const double v = *n->value<double>();
      if (std::isfinite(v) && v == std::floor(v) && std::abs(v) < 9e15) return static_cast<std::int64_t>(v);
    }
  } else if constexpr (std::is_same_v<T, bool>) {
    if (n->is_boolean()) return *n->value<bool>();
  } else {
    if (n->is_string()) return *n->value<std::string>();
  }
  fail(key, std::string("expected ") + expected + ", got " + describe_node(*n));
}

double Params::real(std::string_view key, std::optional<double> fallback, Range range) {
  const auto v = get_scalar<double>(key, range.describe(false).c_str());
  if (!v) {
    if (!fallback) fail(key, "missing required key (expected " + range.describe(false) + ")");
    return *fallback;
  }
  if (!range.contains(*v)) {
    std::ostringstream os;
    os << "expected " << range.describe(false) << ", got " << *v;
    fail(key, os.str());
  }
  return *v;
}

std::int64_t Params::integer(std::string_view key, std::optional<std::int64_t> fallback, Range range) {
  const auto v = get_scalar<std::int64_t>(key, range.describe(true).c_str());
  if (!v) {
    if (!fallback) fail(key, "missing required key (expected " + range.describe(true) + ")");
    return *fallback;
  }
  if (!range.contains(static_cast<double>(*v))) {
    std::ostringstream os;
    os << "expected " << range.describe(true) << ", got " << *v;
    fail(key, os.str());
  }
  return *v;
}

bool Params::boolean(std::string_view key, std::optional<bool> fallback) {
  const auto v = get_scalar<bool>(key, "true or false");
  if (!v) {
    if (!fallback) fail(key, "missing required key (expected true or false)");
    return *fallback;
  }
  return *v;
}

std::string Params::string(std::string_view key, std::optional<std::string> fallback,
                           const std::vector<std::string>& choices) {
  const std::string expected = choices.empty() ? "a string" : "one of " + join_choices(choices);
  auto v = get_scalar<std::string>(key, expected.c_str());
  if (!v) {
    if (!fallback) fail(key, "missing required key (expected " + expected + ")");
    return *fallback;
  }
  if (!choices.empty() && std::find(choices.begin(), choices.end(), *v) == choices.end())
    fail(key, "expected " + expected + ", got \"" + *v + "\"");
  return *v;
}

std::vector<double> Params::reals(std::string_view key, std::optional<std::vector<double>> fallback, Range range) {
  used_.emplace(key);
  const auto* n = find(key);
  const std::string expected = "an array of numbers, each " + range.describe(false).substr(2);
  if (!n) {
    if (!fallback) fail(key, "missing required key (expected " + expected + ")");
    return *fallback;
  }
  if (n->is_integer() || n->is_floating_point()) {  // a single number is an array of one
    const double v = n->is_integer() ? static_cast<double>(*n->value<std::int64_t>()) : *n->value<double>();
    if (!range.contains(v)) fail(key, "expected " + expected + ", got " + describe_node(*n));
    return {v};
  }
  const auto* arr = n->as_array();
  if (!arr) fail(key, "expected " + expected + ", got " + describe_node(*n));
  std::vector<double> out;
  for (const auto& e : *arr) {
    std::optional<double> v;
    if (e.is_integer()) v = static_cast<double>(*e.value<std::int64_t>());
    if (e.is_floating_point()) v = *e.value<double>();
    if (!v || !range.contains(*v)) fail(key, "expected " + expected + ", got element " + describe_node(e));
    out.push_back(*v);
  }
  return out;
}

std::vector<std::string> Params::strings(std::string_view key, std::optional<std::vector<std::string>> fallback,
                                         const std::vector<std::string>& choices) {
  used_.emplace(key);
  const auto* n = find(key);
  const std::string expected =
      "an array of strings" + (choices.empty() ? std::string() : ", each one of " + join_choices(choices));
  if (!n) {
    if (!fallback) fail(key, "missing required key (expected " + expected + ")");
    return *fallback;
  }
  std::vector<std::string> out;
  auto take = [&](const toml::node& e) {
    if (!e.is_string()) fail(key, "expected " + expected + ", got " + describe_node(e));
    std::string s = *e.value<std::string>();
    if (!choices.empty() && std::find(choices.begin(), choices.end(), s) == choices.end())
      fail(key, "expected " + expected + ", got \"" + s + "\"");
    out.push_back(std::move(s));
  };
  if (n->is_string()) {
    take(*n);
  } else if (const auto* arr = n->as_array()) {
    for (const auto& e : *arr) take(e);
  } else {
    fail(key, "expected " + expected + ", got " + describe_node(*n));
  }
  return out;
}

namespace {
/// The strings of `node`, element `index` of the array at `key`: an array of strings (`what` names it in the
/// error, e.g. "a row"); an error names the element's line and column.
std::vector<std::string> string_row(const Params& p, std::string_view key, const toml::node& node,
                                    std::vector<std::size_t> index, const char* what) {
  const auto* row = node.as_array();
  if (!row) p.fail_element(key, index, std::string("expected ") + what + " (an array of strings), got " + describe_node(node));
  std::vector<std::string> out;
  index.push_back(0);
  for (std::size_t j = 0; j < row->size(); ++j) {
    index.back() = j;
    if (!(*row)[j].is_string()) p.fail_element(key, index, "expected a string, got " + describe_node((*row)[j]));
    out.push_back(*(*row)[j].value<std::string>());
  }
  return out;
}
}  // namespace

std::vector<std::vector<std::string>> Params::string_matrix(
    std::string_view key, std::optional<std::vector<std::vector<std::string>>> fallback) {
  used_.emplace(key);
  const auto* n = find(key);
  const std::string expected = "an array of arrays of strings";
  if (!n) {
    if (!fallback) fail(key, "missing required key (expected " + expected + ")");
    return *fallback;
  }
  const auto* rows = n->as_array();
  if (!rows) fail(key, "expected " + expected + ", got " + describe_node(*n));
  std::vector<std::vector<std::string>> out;
  for (std::size_t i = 0; i < rows->size(); ++i) out.push_back(string_row(*this, key, (*rows)[i], {i}, "a row"));
  return out;
}

std::vector<std::vector<std::vector<std::string>>> Params::string_array3(
    std::string_view key, std::optional<std::vector<std::vector<std::vector<std::string>>>> fallback) {
  used_.emplace(key);
  const auto* n = find(key);
  const std::string expected = "an array of arrays of arrays of strings";
  if (!n) {
    if (!fallback) fail(key, "missing required key (expected " + expected + ")");
    return *fallback;
  }
  const auto* blocks = n->as_array();
  if (!blocks) fail(key, "expected " + expected + ", got " + describe_node(*n));
  std::vector<std::vector<std::vector<std::string>>> out;
  for (std::size_t i = 0; i < blocks->size(); ++i) {
    const auto* rows = (*blocks)[i].as_array();
    if (!rows)
      fail_element(key, {i}, "expected an array of rows (each an array of strings), got " + describe_node((*blocks)[i]));
    out.emplace_back();
    for (std::size_t j = 0; j < rows->size(); ++j) out.back().push_back(string_row(*this, key, (*rows)[j], {i, j}, "a row"));
  }
  return out;
}

void Params::fail_element(std::string_view key, const std::vector<std::size_t>& index,
                          const std::string& message) const {
  std::string name(key);
  for (std::size_t i : index) {  // (appended piece by piece: GCC 12 reports a false -Wrestrict on "[" + ...)
    name += '[';
    name += std::to_string(i);
    name += ']';
  }
  std::string where = location(key);
  const toml::node* n = overrides_.count(key) ? nullptr : find(key);
  for (std::size_t i : index) {
    const auto* arr = n ? n->as_array() : nullptr;
    n = arr && i < arr->size() ? &(*arr)[i] : nullptr;
  }
  if (n && n->source().begin.line > 0) {
    std::ostringstream os;
    os << source_ << ':' << n->source().begin.line << ':' << n->source().begin.column;
    where = os.str();
  }
  throw ParameterError(where + ": key '" + name + "': " + message);
}

std::vector<std::string> Params::table_keys(std::string_view key) const {
  std::vector<std::string> out;
  const auto* n = key.empty() ? &table_ : find(key);
  if (n && n->is_table())
    for (const auto& [k, v] : *n->as_table()) out.emplace_back(k.str());
  return out;
}

void Params::check_unused() const {
  // Depth-first over the table; a key is known if a getter asked for it or for a key below it.
  auto known_prefix = [&](const std::string& k) {
    if (used_.count(k)) return true;
    const std::string prefix = k + ".";
    auto it = used_.lower_bound(prefix);
    return it != used_.end() && it->compare(0, prefix.size(), prefix) == 0;
  };
  auto siblings = [&](const std::string& parent) {
    std::set<std::string> names;
    const std::string prefix = parent.empty() ? "" : parent + ".";
    for (const auto& u : used_) {
      if (u.compare(0, prefix.size(), prefix) != 0) continue;
      names.insert(u.substr(prefix.size(), u.find('.', prefix.size()) - prefix.size()));
    }
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
    return s;
  };
  std::vector<std::pair<std::string, const toml::table*>> stack{{"", &table_}};
  while (!stack.empty()) {
    auto [parent, t] = stack.back();
    stack.pop_back();
    for (const auto& [k, v] : *t) {
      const std::string full = parent.empty() ? std::string(k.str()) : parent + "." + std::string(k.str());
      if (used_.count(full)) continue;
      if (!known_prefix(full)) {
        const std::string known = siblings(parent);
        // A table that only --set made: name the key the --set gave, not its first part.
        std::string reported = full;
        for (const auto& [key, where] : overrides_)
          if (key.size() > full.size() && key.compare(0, full.size(), full) == 0 && key[full.size()] == '.') reported = key;
        fail(reported, "unknown key" + (known.empty() ? std::string() : " (known keys here: " + known + ")"));
      }
      if (v.is_table()) stack.emplace_back(full, v.as_table());
    }
  }
}

std::string Params::effective_toml() const {
  std::ostringstream os;
  os << table_;
  return os.str();
}

}  // namespace ito::io
