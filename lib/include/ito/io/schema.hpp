#pragma once
// Parameter schemas: the keys of a command as one table — name, type, default (or "required"), range or
// choices, one line of documentation, and the condition under which the key applies — from which both the
// reader and `ito <command> --help` are made, so that the two cannot drift apart.
//
//   io::Schema s("converge");
//   s.string("sde.model", io::required, models, "the SDE");
//   s.real("sde.theta", 1.0, io::Range::positive(), "mean-reversion rate θ").when("sde.model", {"ou"});
//
// A module reads through an io::SchemaReader on its table (`r.real("sde.theta")`): the reader finds the row
// of the key that applies, reads the value through io::Params (so every error names file:line:column and the
// key) with the row's default, range or choices, and remembers the value of string and boolean keys, because
// conditions refer to them. A key may have several rows with exclusive conditions (a per-model default).
// The code decides what to read and in which order; the table decides how. finish() then checks both ways:
//   - every row that applies was read (a row the code forgot is a programming error, std::logic_error), and a
//     read of a key no applying row describes is one too;
//   - a key present in the file whose rows all do not apply is an error naming the condition
//     ("key 'mlmc.target_rms_error': only used when method = mlmc"), then Params::check_unused reports
//     the keys no table knows.
// A default that is computed from other values ("length / 2") is stated as text in the table and passed in by
// the code that computes it; `io::optional` marks a key that may be absent with no default.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ito/io/params.hpp"

namespace ito::io {

struct Required {};
struct Optional {};
struct Computed {
  std::string text;  ///< how the default is computed, as shown by --help ("length / 2")
};
inline constexpr Required required{};
inline constexpr Optional optional{};
inline Computed computed(std::string text) { return {std::move(text)}; }

enum class KeyType { real, integer, boolean, string, reals, strings, expression, named_reals, expressions,
                     expression_matrix, expression_array3, named_strings };

/// Whether rows of this type are tables of any names (`[sde.parameters]` name = value ...).
inline bool is_named_table(KeyType t) { return t == KeyType::named_reals || t == KeyType::named_strings; }

/// A row's default: required, optional (may be absent, no value), computed by the reader's caller, or a value.
using Default = std::variant<Required, Optional, Computed, double, std::int64_t, bool, std::string, std::vector<double>,
                             std::vector<std::string>>;
/// The defaults a row of value type T accepts (so that `1` is a real default and "x" a string one).
template <class T>
using DefaultOf = std::variant<Required, Optional, Computed, T>;

/// A condition clause: the key (a string, boolean or integer key read before) has one of `values` (or none of
/// them, when negated; an integer's value as written by std::to_string).
struct Clause {
  std::string key;
  std::vector<std::string> values;
  bool negated = false;
};

struct Key {
  std::string name;  ///< dotted ("study.paths"); for named tables the table ("sde.parameters")
  KeyType type = KeyType::real;
  Default fallback;
  Range range;                         ///< numbers
  std::vector<std::string> choices;    ///< strings (empty: any)
  std::vector<std::string> variables;  ///< expressions: the variables, as documented
  std::string doc;
  std::vector<Clause> conditions;  ///< all must hold
  std::string renamed_to;          ///< renames only (Schema::renamed): the key's name now

  /// The key applies only when `key` has one of `values`: `.when("sde.model", {"ou"})`.
  Key& when(std::string key, std::vector<std::string> values);
  /// The key applies only when `key` has none of `values`.
  Key& unless(std::string key, std::vector<std::string> values);

  bool has_literal_default() const;
  /// The default as TOML text ("1.0", "\"x\"", "[16, 32]"); only when has_literal_default().
  std::string default_literal() const;
  /// As shown by --help after the name: " = 1.0", " (required)", " (optional)", " = length / 2".
  std::string default_text() const;
  /// The expected form: "a finite number > 0", "ou | gbm", "an expression in x, t", ...
  std::string form() const;
  /// "model = ou", "method = mlmc | complexity", "model ≠ sinh" joined by " and "; empty when always.
  std::string condition_text() const;
};

class Schema {
 public:
  explicit Schema(std::string command) : command_(std::move(command)) {}

  Key& real(std::string name, DefaultOf<double> fallback, Range range, std::string doc);
  Key& integer(std::string name, DefaultOf<std::int64_t> fallback, Range range, std::string doc);
  Key& boolean(std::string name, DefaultOf<bool> fallback, std::string doc);
  Key& string(std::string name, DefaultOf<std::string> fallback, std::vector<std::string> choices, std::string doc);
  Key& reals(std::string name, DefaultOf<std::vector<double>> fallback, Range range, std::string doc);
  Key& strings(std::string name, DefaultOf<std::vector<std::string>> fallback, std::vector<std::string> choices,
               std::string doc);
  /// A muparser expression (core/expression.hpp) in `variables`; checked when read.
  Key& expression(std::string name, DefaultOf<std::string> fallback, std::vector<std::string> variables,
                  std::string doc);
  /// A table of named numbers (`[sde.parameters]` name = value ...), any names.
  Key& named_reals(std::string table, std::string doc);
  /// An array of muparser expressions (`drift = ["-y", "x"]`), each checked when read.
  Key& expressions(std::string name, DefaultOf<std::vector<std::string>> fallback, std::vector<std::string> variables,
                   std::string doc);
  /// An array of arrays of muparser expressions (a matrix by rows: `diffusion = [["-y"], ["x"]]`); required or
  /// optional.
  Key& expression_matrix(std::string name, DefaultOf<std::vector<std::string>> fallback,
                         std::vector<std::string> variables, std::string doc);
  /// An array of arrays of arrays of muparser expressions (a d × m × d array, e.g. ∂g_ij/∂x_l:
  /// `diffusion_derivative = [[["0", "-s"]], [["s", "0"]]]`); required or optional.
  Key& expression_array3(std::string name, DefaultOf<std::vector<std::string>> fallback,
                         std::vector<std::string> variables, std::string doc);
  /// A table of named strings (`[problem.functionals]` name = "text" ...), any names; `form` says what the
  /// strings are ("each \"kind(expression)\"").
  Key& named_strings(std::string table, std::string form, std::string doc);

  /// An old spelling of a key (one vocabulary across commands, README "Parameter files"): present in a file,
  /// it is an error at its own line naming the key to use instead. `.when(...)` limits it to the cases where
  /// the old name meant the new one (sde.alpha is GBM's μ, but stays the α of Rößler's additive problem).
  Key& renamed(std::string old_name, std::string new_name);

  const std::string& command() const { return command_; }
  const std::vector<Key>& keys() const { return keys_; }
  const std::vector<Key>& renames() const { return renames_; }
  /// The table as printed by `ito <command> --help`: a `[section]` line where the section changes, then one
  /// entry per row: name and default, the documentation, the expected form and the condition.
  std::string help() const;
  /// Throws std::logic_error when a condition names a key that is not a string, boolean or integer key listed
  /// before it (conditions are evaluated on values read earlier). Called by help() and by SchemaReader.
  void check() const;

 private:
  Key& add(Key key);
  std::string command_;
  std::vector<Key> keys_;
  std::vector<Key> renames_;
};

/// The keys every command reads (`seed`), read by the CLI driver before the command's own.
const Schema& common_schema();

class SchemaReader {
 public:
  /// Checks the table, and that the file uses no old spelling that is renamed in every case.
  SchemaReader(const Schema& schema, Params& params) : schema_(schema), params_(params) {
    schema.check();
    check_renamed(false);
  }

  double real(std::string_view key);
  double real(std::string_view key, double computed_default);
  std::optional<double> optional_real(std::string_view key);
  std::int64_t integer(std::string_view key);
  std::int64_t integer(std::string_view key, std::int64_t computed_default);
  std::optional<std::int64_t> optional_integer(std::string_view key);
  bool boolean(std::string_view key);
  std::string string(std::string_view key);
  std::string string(std::string_view key, std::string computed_default);
  std::vector<double> reals(std::string_view key);
  std::vector<double> reals(std::string_view key, std::vector<double> computed_default);
  std::optional<std::vector<double>> optional_reals(std::string_view key);
  std::vector<std::string> strings(std::string_view key);
  std::vector<std::string> strings(std::string_view key, std::vector<std::string> computed_default);
  std::optional<std::vector<std::string>> optional_strings(std::string_view key);
  /// The text of an expression, compiled in `variables` and `constants` so that an error names the key
  /// (an empty text is not compiled: it means "none"). `variables` defaults to the row's.
  std::string expression(std::string_view key, const std::map<std::string, double>& constants = {},
                         std::optional<std::vector<std::string>> variables = std::nullopt);
  std::optional<std::string> optional_expression(std::string_view key,
                                                 const std::map<std::string, double>& constants = {},
                                                 std::optional<std::vector<std::string>> variables = std::nullopt);
  std::map<std::string, double> named_reals(std::string_view table);
  /// Arrays of expressions, each compiled in `variables` (default: the row's) and `constants`; an error names
  /// the element (key 'sde.drift[1]') at its own line.
  std::vector<std::string> expressions(std::string_view key, const std::map<std::string, double>& constants = {},
                                       std::optional<std::vector<std::string>> variables = std::nullopt);
  std::optional<std::vector<std::string>> optional_expressions(
      std::string_view key, const std::map<std::string, double>& constants = {},
      std::optional<std::vector<std::string>> variables = std::nullopt);
  std::vector<std::vector<std::string>> expression_matrix(std::string_view key,
                                                          const std::map<std::string, double>& constants = {},
                                                          std::optional<std::vector<std::string>> variables =
                                                              std::nullopt);
  /// An optional expression_array3 row absent from the file reads as an empty array.
  std::vector<std::vector<std::vector<std::string>>> expression_array3(
      std::string_view key, const std::map<std::string, double>& constants = {},
      std::optional<std::vector<std::string>> variables = std::nullopt);
  std::map<std::string, std::string> named_strings(std::string_view table);

  /// A cross-key check failed: the error at `key`'s location (file:line:column, key).
  [[noreturn]] void fail(std::string_view key, const std::string& message) const { params_.fail(key, message); }
  bool has(std::string_view key) const { return params_.has(key); }
  Params& params() { return params_; }
  const Schema& schema() const { return schema_; }

  /// Checks that the code read every row that applies (else std::logic_error), rejects old spellings whose
  /// conditions hold and keys present whose rows do not apply, then every key no row knows
  /// (Params::check_unused).
  void finish();

  /// Indices (into schema().keys()) of the rows read so far.
  const std::vector<std::size_t>& rows_read() const { return read_; }

 private:
  const Key& row(std::string_view key, KeyType type);
  bool applies(const Key& k) const;
  bool decided(const Key& k) const;  // every clause's key has been read
  // An old spelling present in the file is an error naming the new key: the unconditional renames (at
  // construction) or those with conditions, once their conditions are decided (finish).
  void check_renamed(bool conditional) const;
  template <class T>
  std::optional<T> fallback_of(const Key& k, std::optional<T> computed, bool allow_optional);

  const Schema& schema_;
  Params& params_;
  std::vector<std::size_t> read_;
  std::map<std::string, std::string, std::less<>> values_;  // string and boolean keys read: their values
};

}  // namespace ito::io
