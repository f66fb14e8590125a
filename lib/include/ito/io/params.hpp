#pragma once
// Parameter files (TOML, toml++). Every key a command reads is validated where it is read; keys nobody
// read are reported by check_unused(). Every error names the file, line and column, the key and the
// expected form, e.g.
//   problems/converge_ou.toml:7:9: key 'study.paths': expected an integer >= 1, got -5
// Overrides given as `--set key=value` are merged before reading and are reported as "--set key=value".
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace ito::io {

/// Allowed range of a number: [min, max] with optional exclusive ends.
struct Range {
  std::optional<double> min, max;
  bool min_exclusive = false, max_exclusive = false;

  static Range any() { return {}; }
  static Range positive() { return {0.0, std::nullopt, true, false}; }
  static Range nonnegative() { return {0.0, std::nullopt, false, false}; }
  static Range at_least(double a) { return {a, std::nullopt, false, false}; }
  static Range between(double a, double b) { return {a, b, false, false}; }
  static Range open(double a, double b) { return {a, b, true, true}; }

  bool contains(double v) const;
  std::string describe(bool integer) const;  // "a number > 0", "an integer >= 1", ...
};

class Params {
 public:
  /// Reads `path` and applies the overrides ("key=value", value in TOML syntax; bare words are strings).
  static Params from_file(const std::string& path, const std::vector<std::string>& overrides = {});
  /// Same from text; `source_name` stands for the file name in messages.
  static Params from_string(std::string_view text, const std::string& source_name,
                            const std::vector<std::string>& overrides = {});

  bool has(std::string_view key) const;

  double real(std::string_view key, std::optional<double> fallback = std::nullopt, Range range = {});
  std::int64_t integer(std::string_view key, std::optional<std::int64_t> fallback = std::nullopt, Range range = {});
  bool boolean(std::string_view key, std::optional<bool> fallback = std::nullopt);
  std::string string(std::string_view key, std::optional<std::string> fallback = std::nullopt,
                     const std::vector<std::string>& choices = {});
  std::vector<double> reals(std::string_view key, std::optional<std::vector<double>> fallback = std::nullopt,
                            Range range = {});
  std::vector<std::string> strings(std::string_view key, std::optional<std::vector<std::string>> fallback = std::nullopt,
                                   const std::vector<std::string>& choices = {});
  /// An array of arrays of strings (`diffusion = [["-y"], ["x"]]`), rows of any length; an error names the
  /// element's line and column.
  std::vector<std::vector<std::string>> string_matrix(std::string_view key,
                                                      std::optional<std::vector<std::vector<std::string>>> fallback =
                                                          std::nullopt);
  /// An array of arrays of arrays of strings (`diffusion_derivative = [[["0", "-s"]], [["s", "0"]]]`), of any
  /// lengths; an error names the element's line and column.
  std::vector<std::vector<std::vector<std::string>>> string_array3(
      std::string_view key, std::optional<std::vector<std::vector<std::vector<std::string>>>> fallback = std::nullopt);
  /// Keys of the table at `key` (empty if absent). Does not mark them read.
  std::vector<std::string> table_keys(std::string_view key) const;

  /// Keys a getter asked for so far (present or not).
  const std::set<std::string, std::less<>>& used_keys() const { return used_; }

  /// Throws ParameterError naming the first key that no getter asked for.
  void check_unused() const;

  /// Error at the location of `key` (or of the file when the key is absent).
  [[noreturn]] void fail(std::string_view key, const std::string& message) const;
  std::string location(std::string_view key) const;
  /// Error at element `index` (one index per level of nesting: an array's element, a matrix's row and column)
  /// of the array at `key`: "file:line:column: key 'sde.diffusion[1][0]': message" with the element's own line.
  [[noreturn]] void fail_element(std::string_view key, const std::vector<std::size_t>& index,
                                 const std::string& message) const;

  /// The effective parameters (file + overrides), as TOML text, for the results file.
  std::string effective_toml() const;
  const std::string& source() const { return source_; }

 private:
  Params() = default;
  const toml::node* find(std::string_view key) const;
  void apply_override(const std::string& assignment);
  template <class T>
  std::optional<T> get_scalar(std::string_view key, const char* expected);

  toml::table table_;
  std::string source_;
  std::map<std::string, std::string, std::less<>> overrides_;  // key -> "--set key=value"
  std::set<std::string, std::less<>> used_;
};

}  // namespace ito::io
