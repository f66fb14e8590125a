#pragma once
// A minimal JSON reader for the small data and reference files of posteriordb (objects, arrays, numbers,
// strings, true/false/null; RFC 8259 syntax, \uXXXX escapes limited to the Basic Multilingual Plane).
// Errors are ito::IoError naming the file, line and column, or the file and the missing/mistyped key.
#include <Eigen/Core>
#include <string>
#include <utility>
#include <vector>

namespace ito::mcmc {

class JsonValue {
 public:
  enum class Kind { null, boolean, number, string, array, object };

  Kind kind() const { return kind_; }
  bool is_number() const { return kind_ == Kind::number; }
  bool is_array() const { return kind_ == Kind::array; }
  bool is_object() const { return kind_ == Kind::object; }

  /// Member `key` of an object; throws IoError "<source>: key 'key' missing" when absent.
  const JsonValue& at(const std::string& key) const;
  bool contains(const std::string& key) const;
  const std::vector<std::pair<std::string, JsonValue>>& members() const { return object_; }
  const std::vector<JsonValue>& elements() const { return array_; }

  double number(const std::string& what = "value") const;
  /// An integer-valued number.
  long long integer(const std::string& what = "value") const;
  const std::string& string(const std::string& what = "value") const;
  /// A flat array of numbers (a number alone counts as a length-1 array, as in Stan's JSON data format).
  Eigen::VectorXd numbers(const std::string& what = "value") const;
  /// An array of equal-length arrays of numbers: rows × columns.
  Eigen::MatrixXd matrix(const std::string& what = "value") const;
  std::vector<std::string> strings(const std::string& what = "value") const;

  /// File name (or other source) used in messages.
  const std::string& source() const { return source_; }

 private:
  friend class JsonParser;
  [[noreturn]] void type_error(const std::string& what, const char* expected) const;
  Kind kind_ = Kind::null;
  bool boolean_ = false;
  double number_ = 0.0;
  std::string string_, source_;
  std::vector<JsonValue> array_;
  std::vector<std::pair<std::string, JsonValue>> object_;
};

/// Parses JSON text; `source` names it in messages.
JsonValue parse_json(const std::string& text, const std::string& source);
/// Reads and parses a file; IoError "cannot open" when missing.
JsonValue read_json_file(const std::string& path);

}  // namespace ito::mcmc
