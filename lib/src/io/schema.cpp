#include "ito/io/schema.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "ito/core/error.hpp"
#include "ito/core/expression.hpp"

namespace ito::io {

namespace {

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : separator) + i;
  return s;
}

/// Shortest text that reads back as the same double, marked as a float ("1.0", "0.001", "1e-07").
std::string real_literal(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buffer[64];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
  std::string s(buffer, end);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string string_literal(const std::string& v) {
  std::string s = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') s += '\\';
    s += c;
  }
  return s + "\"";
}

/// The comparison part of a range ("> 0 and <= 1"), empty when unbounded.
std::string bounds(const Range& r) {
  const std::string all = r.describe(false), prefix = "a finite number";
  return all.size() > prefix.size() ? all.substr(prefix.size() + 1) : "";
}

std::string section_of(const Key& k) {
  if (is_named_table(k.type)) return k.name;
  const auto dot = k.name.rfind('.');
  return dot == std::string::npos ? "" : k.name.substr(0, dot);
}

std::string short_name(const Key& k) {
  if (is_named_table(k.type)) return "<name>";
  const auto dot = k.name.rfind('.');
  return dot == std::string::npos ? k.name : k.name.substr(dot + 1);
}

/// Appends `text` to `out` wrapped at `width` columns, continuation lines indented by `indent`.
void wrap(std::string& out, const std::string& text, std::size_t column, std::size_t indent, std::size_t width) {
  std::istringstream words(text);
  std::string word;
  bool first = true;
  while (words >> word) {
    if (!first && column + 1 + word.size() > width) {
      out += "\n" + std::string(indent, ' ');
      column = indent;
    } else if (!first) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    first = false;
  }
}

[[noreturn]] void programming_error(const Schema& s, const std::string& message) {
  throw std::logic_error("parameter schema of '" + s.command() + "': " + message);
}

}  // namespace

Key& Key::when(std::string key, std::vector<std::string> values) {
  conditions.push_back({std::move(key), std::move(values), false});
  return *this;
}

Key& Key::unless(std::string key, std::vector<std::string> values) {
  conditions.push_back({std::move(key), std::move(values), true});
  return *this;
}

bool Key::has_literal_default() const {
  return !std::holds_alternative<Required>(fallback) && !std::holds_alternative<Optional>(fallback) &&
         !std::holds_alternative<Computed>(fallback);
}

std::string Key::default_literal() const {
  struct Visitor {
    std::string operator()(const Required&) const { return ""; }
    std::string operator()(const Optional&) const { return ""; }
    std::string operator()(const Computed&) const { return ""; }
    std::string operator()(double v) const { return real_literal(v); }
    std::string operator()(std::int64_t v) const { return std::to_string(v); }
    std::string operator()(bool v) const { return v ? "true" : "false"; }
    std::string operator()(const std::string& v) const { return string_literal(v); }
    std::string operator()(const std::vector<double>& v) const {
      std::vector<std::string> items;  // whole numbers without ".0": an array of step counts reads [16, 32]
      for (double x : v)
        items.push_back(x == std::floor(x) && std::abs(x) < 1e15 ? std::to_string(static_cast<std::int64_t>(x))
                                                                 : real_literal(x));
      return "[" + join(items, ", ") + "]";
    }
    std::string operator()(const std::vector<std::string>& v) const {
      std::vector<std::string> items;
      for (const auto& x : v) items.push_back(string_literal(x));
      return "[" + join(items, ", ") + "]";
    }
  };
  return std::visit(Visitor{}, fallback);
}

std::string Key::default_text() const {
  if (is_named_table(type)) return " (optional)";
  if (std::holds_alternative<Required>(fallback)) return " (required)";
  if (std::holds_alternative<Optional>(fallback)) return " (optional)";
  if (const auto* c = std::get_if<Computed>(&fallback)) return " = " + c->text;
  return " = " + default_literal();
}

std::string Key::form() const {
  switch (type) {
    case KeyType::real: {
      const std::string b = bounds(range);
      return "a number" + (b.empty() ? std::string() : " " + b);
    }
    case KeyType::integer:
      return range.describe(true);
    case KeyType::boolean:
      return "true | false";
    case KeyType::string:
      return choices.empty() ? "a string" : join(choices, " | ");
    case KeyType::reals: {
      const std::string b = bounds(range);
      return "an array of numbers" + (b.empty() ? std::string() : ", each " + b);
    }
    case KeyType::strings:
      return choices.empty() ? "an array of strings" : "an array of: " + join(choices, " | ");
    case KeyType::expression:
      return "an expression in " + join(variables, ", ");
    case KeyType::expressions:
      return "an array of expressions in " + join(variables, ", ");
    case KeyType::expression_matrix:
      return "an array of rows, each an array of expressions in " + join(variables, ", ");
    case KeyType::expression_array3:
      return "an array of arrays of rows, each row an array of expressions in " + join(variables, ", ");
    case KeyType::named_reals: {
      const std::string b = bounds(range);
      return "any names, each a number" + (b.empty() ? std::string() : " " + b);
    }
    case KeyType::named_strings:
      return "any names, each a string" + (variables.empty() ? std::string() : ": " + variables.front());
  }
  return "";
}

std::string Key::condition_text() const {
  std::vector<std::string> parts;
  for (const auto& c : conditions) parts.push_back(c.key + (c.negated ? " ≠ " : " = ") + join(c.values, " | "));
  return join(parts, " and ");
}

Key& Schema::add(Key key) {
  if (!keys_.empty() && section_of(key).empty() && !section_of(keys_.back()).empty())
    programming_error(*this, "top-level key '" + key.name + "' listed after a [section] (TOML would file it there)");
  keys_.push_back(std::move(key));
  return keys_.back();
}

void Schema::check() const {
  for (std::size_t i = 0; i < keys_.size(); ++i)
    for (const auto& c : keys_[i].conditions) {
      const bool known = std::any_of(keys_.begin(), keys_.begin() + static_cast<std::ptrdiff_t>(i), [&](const Key& k) {
        return k.name == c.key &&
               (k.type == KeyType::string || k.type == KeyType::boolean || k.type == KeyType::integer);
      });
      if (!known)
        programming_error(*this, "the condition of '" + keys_[i].name + "' names '" + c.key +
                                     "', which is not a string, boolean or integer key listed before it");
    }
  const auto is_key = [&](const std::string& name, bool condition_key) {
    return std::any_of(keys_.begin(), keys_.end(), [&](const Key& k) {
      return k.name == name && (!condition_key || k.type == KeyType::string || k.type == KeyType::boolean);
    });
  };
  for (const Key& r : renames_) {
    if (!is_key(r.renamed_to, false))
      programming_error(*this, "'" + r.name + "' is renamed to '" + r.renamed_to + "', which the table does not have");
    // An old name that is still a key elsewhere is renamed only under a condition.
    if (r.conditions.empty() && is_key(r.name, false))
      programming_error(*this, "'" + r.name + "' is both a key and renamed in every case");
    for (const auto& c : r.conditions)
      if (!is_key(c.key, true))
        programming_error(*this, "the condition of the rename of '" + r.name + "' names '" + c.key +
                                     "', which is not a string or boolean key");
  }
}

namespace {
template <class T>
Default widen(DefaultOf<T> d) {
  return std::visit([](auto&& v) -> Default { return std::move(v); }, std::move(d));
}

Key make_key(std::string name, KeyType type, Default fallback, std::string doc) {
  Key k;
  k.name = std::move(name);
  k.type = type;
  k.fallback = std::move(fallback);
  k.doc = std::move(doc);
  return k;
}
}  // namespace

Key& Schema::renamed(std::string old_name, std::string new_name) {
  Key k;
  k.name = std::move(old_name);
  k.renamed_to = std::move(new_name);
  renames_.push_back(std::move(k));
  return renames_.back();
}

Key& Schema::real(std::string name, DefaultOf<double> fallback, Range range, std::string doc) {
  Key k = make_key(std::move(name), KeyType::real, widen(std::move(fallback)), std::move(doc));
  k.range = range;
  return add(std::move(k));
}
Key& Schema::integer(std::string name, DefaultOf<std::int64_t> fallback, Range range, std::string doc) {
  Key k = make_key(std::move(name), KeyType::integer, widen(std::move(fallback)), std::move(doc));
  k.range = range;
  return add(std::move(k));
}
Key& Schema::boolean(std::string name, DefaultOf<bool> fallback, std::string doc) {
  return add(make_key(std::move(name), KeyType::boolean, widen(std::move(fallback)), std::move(doc)));
}
Key& Schema::string(std::string name, DefaultOf<std::string> fallback, std::vector<std::string> choices,
                    std::string doc) {
  Key k = make_key(std::move(name), KeyType::string, widen(std::move(fallback)), std::move(doc));
  k.choices = std::move(choices);
  return add(std::move(k));
}
Key& Schema::reals(std::string name, DefaultOf<std::vector<double>> fallback, Range range, std::string doc) {
  Key k = make_key(std::move(name), KeyType::reals, widen(std::move(fallback)), std::move(doc));
  k.range = range;
  return add(std::move(k));
}
Key& Schema::strings(std::string name, DefaultOf<std::vector<std::string>> fallback, std::vector<std::string> choices,
                     std::string doc) {
  Key k = make_key(std::move(name), KeyType::strings, widen(std::move(fallback)), std::move(doc));
  k.choices = std::move(choices);
  return add(std::move(k));
}
Key& Schema::expression(std::string name, DefaultOf<std::string> fallback, std::vector<std::string> variables,
                        std::string doc) {
  Key k = make_key(std::move(name), KeyType::expression, widen(std::move(fallback)), std::move(doc));
  k.variables = std::move(variables);
  return add(std::move(k));
}
Key& Schema::expressions(std::string name, DefaultOf<std::vector<std::string>> fallback,
                         std::vector<std::string> variables, std::string doc) {
  Key k = make_key(std::move(name), KeyType::expressions, widen(std::move(fallback)), std::move(doc));
  k.variables = std::move(variables);
  return add(std::move(k));
}
Key& Schema::expression_matrix(std::string name, DefaultOf<std::vector<std::string>> fallback,
                               std::vector<std::string> variables, std::string doc) {
  if (!std::holds_alternative<Required>(fallback) && !std::holds_alternative<Optional>(fallback))
    programming_error(*this, "expression matrix '" + name + "' must be required or optional");
  Key k = make_key(std::move(name), KeyType::expression_matrix, widen(std::move(fallback)), std::move(doc));
  k.variables = std::move(variables);
  return add(std::move(k));
}
Key& Schema::expression_array3(std::string name, DefaultOf<std::vector<std::string>> fallback,
                               std::vector<std::string> variables, std::string doc) {
  if (!std::holds_alternative<Required>(fallback) && !std::holds_alternative<Optional>(fallback))
    programming_error(*this, "expression array '" + name + "' must be required or optional");
  Key k = make_key(std::move(name), KeyType::expression_array3, widen(std::move(fallback)), std::move(doc));
  k.variables = std::move(variables);
  return add(std::move(k));
}
Key& Schema::named_reals(std::string table, std::string doc) {
  return add(make_key(std::move(table), KeyType::named_reals, Optional{}, std::move(doc)));
}

Key& Schema::named_strings(std::string table, std::string form, std::string doc) {
  Key key = make_key(std::move(table), KeyType::named_strings, Optional{}, std::move(doc));
  key.variables = {std::move(form)};  // the form of the strings, as --help shows it
  return add(std::move(key));
}

std::string Schema::help() const {
  check();
  constexpr std::size_t kDocColumn = 32, kWidth = 112;
  std::string out, section, condition;
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    const Key& k = keys_[i];
    if (i == 0 || section_of(k) != section) {
      section = section_of(k);
      condition.clear();
      if (!section.empty()) out += "[" + section + "]\n";
    }
    // Rows under the same condition are grouped under one "# if ...:" line.
    if (k.condition_text() != condition) {
      condition = k.condition_text();
      out += "  # ";
      wrap(out, condition.empty() ? "in every case:" : "if " + condition + ":", 4, 6, kWidth);
      out += "\n";
    }
    const std::string head = "  " + short_name(k) + k.default_text();
    out += head;
    std::size_t column = head.size();
    if (column + 2 > kDocColumn) {
      out += "\n";
      column = 0;
    }
    out += std::string(kDocColumn - column, ' ');
    std::string text = k.doc;
    const std::string form = k.form();
    if (!form.empty() && form != "a string") text += "; " + form;
    wrap(out, text, kDocColumn, kDocColumn, kWidth);
    out += "\n";
  }
  if (!renames_.empty()) {
    out += "# renamed keys (one vocabulary across commands; the old spelling is an error naming the new one):\n";
    for (const Key& r : renames_) {
      const std::string when = r.condition_text();
      out += "#   " + r.name + " -> " + r.renamed_to + (when.empty() ? "" : " (if " + when + ")") + "\n";
    }
  }
  return out;
}

const Schema& common_schema() {
  static const Schema schema = [] {
    Schema s("common");
    s.integer("seed", std::int64_t{20261123}, Range::between(0, 4294967295.0),
              "random seed: every random number is a function of (seed, purpose, index); --seed overrides it");
    return s;
  }();
  return schema;
}

// ---------------------------------------------------------------------------------------------------------
// SchemaReader

bool SchemaReader::decided(const Key& k) const {
  return std::all_of(k.conditions.begin(), k.conditions.end(),
                     [&](const Clause& c) { return values_.count(c.key) > 0; });
}

bool SchemaReader::applies(const Key& k) const {
  for (const auto& c : k.conditions) {
    const auto it = values_.find(c.key);
    if (it == values_.end()) return false;
    const bool in = std::find(c.values.begin(), c.values.end(), it->second) != c.values.end();
    if (in == c.negated) return false;
  }
  return true;
}

const Key& SchemaReader::row(std::string_view key, KeyType type) {
  const auto& keys = schema_.keys();
  std::optional<std::size_t> found;
  bool named = false;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].name != key) continue;
    named = true;
    if (!applies(keys[i])) continue;
    if (found) programming_error(schema_, "two rows of key '" + std::string(key) + "' apply at once");
    found = i;
  }
  if (!found)
    programming_error(schema_, "key '" + std::string(key) + "' is read but " +
                                   (named ? "none of its rows applies" : "the table has no row for it"));
  if (keys[*found].type != type)
    programming_error(schema_, "key '" + std::string(key) + "' is read as another type than its row states");
  read_.push_back(*found);
  return keys[*found];
}

template <class T>
std::optional<T> SchemaReader::fallback_of(const Key& k, std::optional<T> computed, bool allow_optional) {
  if (std::holds_alternative<Required>(k.fallback)) {
    if (computed || allow_optional) programming_error(schema_, "key '" + k.name + "' is required");
    return std::nullopt;
  }
  if (std::holds_alternative<Optional>(k.fallback)) {
    if (!allow_optional) programming_error(schema_, "key '" + k.name + "' is optional: read it with optional_*()");
    return std::nullopt;
  }
  if (std::holds_alternative<Computed>(k.fallback)) {
    if (!computed) programming_error(schema_, "key '" + k.name + "' has a computed default: pass it");
    return computed;
  }
  if (computed || allow_optional) programming_error(schema_, "key '" + k.name + "' has a stated default");
  if constexpr (std::is_same_v<T, double>) {
    if (const auto* i = std::get_if<std::int64_t>(&k.fallback)) return static_cast<double>(*i);
  }
  return std::get<T>(k.fallback);
}

double SchemaReader::real(std::string_view key) {
  const Key& k = row(key, KeyType::real);
  return params_.real(key, fallback_of<double>(k, std::nullopt, false), k.range);
}

double SchemaReader::real(std::string_view key, double computed_default) {
  const Key& k = row(key, KeyType::real);
  return params_.real(key, fallback_of<double>(k, computed_default, false), k.range);
}

std::optional<double> SchemaReader::optional_real(std::string_view key) {
  const Key& k = row(key, KeyType::real);
  fallback_of<double>(k, std::nullopt, true);
  if (!params_.has(key)) return std::nullopt;
  return params_.real(key, std::nullopt, k.range);
}

std::int64_t SchemaReader::integer(std::string_view key) {
  const Key& k = row(key, KeyType::integer);
  const std::int64_t v = params_.integer(key, fallback_of<std::int64_t>(k, std::nullopt, false), k.range);
  values_[std::string(key)] = std::to_string(v);  // a condition may name it (`.when("dimension", {"2"})`)
  return v;
}

std::int64_t SchemaReader::integer(std::string_view key, std::int64_t computed_default) {
  const Key& k = row(key, KeyType::integer);
  const std::int64_t v = params_.integer(key, fallback_of<std::int64_t>(k, computed_default, false), k.range);
  values_[std::string(key)] = std::to_string(v);
  return v;
}

std::optional<std::int64_t> SchemaReader::optional_integer(std::string_view key) {
  const Key& k = row(key, KeyType::integer);
  fallback_of<std::int64_t>(k, std::nullopt, true);
  if (!params_.has(key)) return std::nullopt;
  return params_.integer(key, std::nullopt, k.range);
}

bool SchemaReader::boolean(std::string_view key) {
  const Key& k = row(key, KeyType::boolean);
  const bool v = params_.boolean(key, fallback_of<bool>(k, std::nullopt, false));
  values_[std::string(key)] = v ? "true" : "false";
  return v;
}

std::string SchemaReader::string(std::string_view key) {
  const Key& k = row(key, KeyType::string);
  std::string v = params_.string(key, fallback_of<std::string>(k, std::nullopt, false), k.choices);
  values_[std::string(key)] = v;
  return v;
}

std::string SchemaReader::string(std::string_view key, std::string computed_default) {
  const Key& k = row(key, KeyType::string);
  std::string v = params_.string(key, fallback_of<std::string>(k, std::move(computed_default), false), k.choices);
  values_[std::string(key)] = v;
  return v;
}

std::vector<double> SchemaReader::reals(std::string_view key) {
  const Key& k = row(key, KeyType::reals);
  return params_.reals(key, fallback_of<std::vector<double>>(k, std::nullopt, false), k.range);
}

std::vector<double> SchemaReader::reals(std::string_view key, std::vector<double> computed_default) {
  const Key& k = row(key, KeyType::reals);
  return params_.reals(key, fallback_of<std::vector<double>>(k, std::move(computed_default), false), k.range);
}

std::optional<std::vector<double>> SchemaReader::optional_reals(std::string_view key) {
  const Key& k = row(key, KeyType::reals);
  fallback_of<std::vector<double>>(k, std::nullopt, true);
  if (!params_.has(key)) return std::nullopt;
  return params_.reals(key, std::nullopt, k.range);
}

std::vector<std::string> SchemaReader::strings(std::string_view key) {
  const Key& k = row(key, KeyType::strings);
  return params_.strings(key, fallback_of<std::vector<std::string>>(k, std::nullopt, false), k.choices);
}

std::vector<std::string> SchemaReader::strings(std::string_view key, std::vector<std::string> computed_default) {
  const Key& k = row(key, KeyType::strings);
  return params_.strings(key, fallback_of<std::vector<std::string>>(k, std::move(computed_default), false), k.choices);
}

std::optional<std::vector<std::string>> SchemaReader::optional_strings(std::string_view key) {
  const Key& k = row(key, KeyType::strings);
  fallback_of<std::vector<std::string>>(k, std::nullopt, true);
  if (!params_.has(key)) return std::nullopt;
  return params_.strings(key, std::nullopt, k.choices);
}

namespace {
void compile_or_fail(Params& params, std::string_view key, const std::string& text, std::vector<std::string> variables,
                     const std::map<std::string, double>& constants) {
  if (text.empty()) return;
  try {
    const core::Expression check(text, std::move(variables), constants);
  } catch (const ParameterError& e) {
    params.fail(key, e.what());
  }
}
}  // namespace

std::string SchemaReader::expression(std::string_view key, const std::map<std::string, double>& constants,
                                     std::optional<std::vector<std::string>> variables) {
  const Key& k = row(key, KeyType::expression);
  std::string text = params_.string(key, fallback_of<std::string>(k, std::nullopt, false));
  compile_or_fail(params_, key, text, variables ? *variables : k.variables, constants);
  return text;
}

std::optional<std::string> SchemaReader::optional_expression(std::string_view key,
                                                             const std::map<std::string, double>& constants,
                                                             std::optional<std::vector<std::string>> variables) {
  const Key& k = row(key, KeyType::expression);
  fallback_of<std::string>(k, std::nullopt, true);
  if (!params_.has(key)) return std::nullopt;
  std::string text = params_.string(key);
  compile_or_fail(params_, key, text, variables ? *variables : k.variables, constants);
  return text;
}

namespace {
void compile_element_or_fail(Params& params, std::string_view key, const std::vector<std::size_t>& index,
                             const std::string& text, const std::vector<std::string>& variables,
                             const std::map<std::string, double>& constants) {
  if (text.empty()) params.fail_element(key, index, "an empty expression");
  try {
    const core::Expression check(text, variables, constants);
  } catch (const ParameterError& e) {
    params.fail_element(key, index, e.what());
  }
}
}  // namespace

std::vector<std::string> SchemaReader::expressions(std::string_view key, const std::map<std::string, double>& constants,
                                                   std::optional<std::vector<std::string>> variables) {
  const Key& k = row(key, KeyType::expressions);
  auto texts = params_.strings(key, fallback_of<std::vector<std::string>>(k, std::nullopt, false));
  for (std::size_t i = 0; i < texts.size(); ++i)
    compile_element_or_fail(params_, key, {i}, texts[i], variables ? *variables : k.variables, constants);
  return texts;
}

std::optional<std::vector<std::string>> SchemaReader::optional_expressions(
    std::string_view key, const std::map<std::string, double>& constants,
    std::optional<std::vector<std::string>> variables) {
  const Key& k = row(key, KeyType::expressions);
  fallback_of<std::vector<std::string>>(k, std::nullopt, true);
  if (!params_.has(key)) return std::nullopt;
  auto texts = params_.strings(key);
  for (std::size_t i = 0; i < texts.size(); ++i)
    compile_element_or_fail(params_, key, {i}, texts[i], variables ? *variables : k.variables, constants);
  return texts;
}

std::vector<std::vector<std::string>> SchemaReader::expression_matrix(
    std::string_view key, const std::map<std::string, double>& constants,
    std::optional<std::vector<std::string>> variables) {
  const Key& k = row(key, KeyType::expression_matrix);
  const bool is_optional = std::holds_alternative<Optional>(k.fallback);
  if (is_optional && !params_.has(key)) {
    params_.string_matrix(key, std::vector<std::vector<std::string>>{});
    return {};
  }
  auto rows = params_.string_matrix(key);
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < rows[i].size(); ++j)
      compile_element_or_fail(params_, key, {i, j}, rows[i][j], variables ? *variables : k.variables, constants);
  return rows;
}

std::vector<std::vector<std::vector<std::string>>> SchemaReader::expression_array3(
    std::string_view key, const std::map<std::string, double>& constants,
    std::optional<std::vector<std::string>> variables) {
  const Key& k = row(key, KeyType::expression_array3);
  const bool is_optional = std::holds_alternative<Optional>(k.fallback);
  if (is_optional && !params_.has(key)) {
    params_.string_array3(key, std::vector<std::vector<std::vector<std::string>>>{});
    return {};
  }
  auto blocks = params_.string_array3(key);
  for (std::size_t i = 0; i < blocks.size(); ++i)
    for (std::size_t j = 0; j < blocks[i].size(); ++j)
      for (std::size_t l = 0; l < blocks[i][j].size(); ++l)
        compile_element_or_fail(params_, key, {i, j, l}, blocks[i][j][l], variables ? *variables : k.variables,
                                constants);
  return blocks;
}

std::map<std::string, std::string> SchemaReader::named_strings(std::string_view table) {
  row(table, KeyType::named_strings);
  std::map<std::string, std::string> out;
  const std::string prefix = std::string(table) + ".";
  for (const auto& name : params_.table_keys(table)) out[name] = params_.string(prefix + name);
  return out;
}

std::map<std::string, double> SchemaReader::named_reals(std::string_view table) {
  const Key& k = row(table, KeyType::named_reals);
  std::map<std::string, double> out;
  const std::string prefix = std::string(table) + ".";
  for (const auto& name : params_.table_keys(table)) out[name] = params_.real(prefix + name, std::nullopt, k.range);
  return out;
}

void SchemaReader::check_renamed(bool conditional) const {
  for (const Key& r : schema_.renames()) {
    if (r.conditions.empty() == conditional || !params_.has(r.name)) continue;
    if (conditional && !(decided(r) && applies(r))) continue;
    const std::string condition = r.condition_text();
    params_.fail(r.name, "renamed: use '" + r.renamed_to + "'" + (condition.empty() ? "" : " (when " + condition + ")") +
                             " — one vocabulary across commands, see the README's \"Parameter files\"");
  }
}

void SchemaReader::finish() {
  check_renamed(true);
  const auto& keys = schema_.keys();
  const auto was_read = [&](std::size_t i) { return std::find(read_.begin(), read_.end(), i) != read_.end(); };
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (decided(keys[i]) && applies(keys[i]) && !was_read(i))
      programming_error(schema_, "the row of key '" + keys[i].name + "'" +
                                     (keys[i].conditions.empty() ? "" : " [" + keys[i].condition_text() + "]") +
                                     " applies but the reader did not read it");
  // Keys present in the file that the table knows but whose rows do not apply here.
  std::set<std::string> names_read;
  for (std::size_t i : read_) names_read.insert(keys[i].name);
  std::set<std::string> reported;
  for (const auto& k : keys) {
    if (names_read.count(k.name) || reported.count(k.name) || !params_.has(k.name)) continue;
    std::vector<std::string> conditions;
    for (const auto& other : keys)
      if (other.name == k.name) conditions.push_back(other.condition_text());
    params_.fail(k.name, "only used when " + join(conditions, ", or when "));
  }
  params_.check_unused();
}

}  // namespace ito::io
